"""Shared fixtures: the repository's data folder and one build of it per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = DATA / "raw" / "000_6b0e262946a652f8.txt"
FIXTURES = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def lexicon():
    from graph.build import load_lexicon

    return load_lexicon(DATA)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """``czt-kg build`` of the bundled data into a temporary out/ (run once)."""
    from graph.build import build

    out = tmp_path_factory.mktemp("out")
    result = build(DATA, out)
    return result, out


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ (lexicon + seed page) for tests that add pages."""
    dst = tmp_path / "data"
    shutil.copytree(DATA / "lexicon", dst / "lexicon")
    (dst / "raw").mkdir()
    shutil.copy(SEED, dst / "raw" / SEED.name)
    return dst


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Repeat the hardening suites' figures (issue 8) at the end of the run."""
    figures = getattr(config, "czt_suite_figures", [])
    if figures:
        terminalreporter.section("suite figures")
        for line in figures:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def oxigraph_bin():
    """Oxigraph's server binary (from the ``oxigraph`` wheel); under CI its absence fails the run."""
    import os

    from graph.server import find_oxigraph

    path = find_oxigraph()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("the oxigraph server binary is missing (pip install oxigraph); CI must run these tests")
        pytest.skip("the oxigraph server binary is not installed")
    return path
