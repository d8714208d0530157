"""What ``pip install -e .`` gives is enough to run every command.

A module-level import of a package that only the test extras bring (numpy came in
through pandas once) works in the test venv and fails for a newcomer; this catches it.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


MAIN = _names(PROJECT["dependencies"])
EXTRAS = set().union(*(_names(v) for v in PROJECT.get("optional-dependencies", {}).values()))
DISTRIBUTIONS = {k: {d.lower().replace("_", "-") for d in v} for k, v in packages_distributions().items()}


def _imports(path: Path):
    """(top-level module name, imported at module level?) for every absolute import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body} | {id(n) for s in tree.body if isinstance(s, (ast.If, ast.Try)) for n in ast.walk(s)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            yield name.split(".")[0], id(node) in top


MODULES = sorted((ROOT / "graph").glob("*.py"))
#: standard-library modules of other Python versions than this one (3.12 renamed _sha256 to _sha2)
OTHER_STDLIB = {"_sha2"}


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_module_imports_come_from_declared_dependencies(path):
    for name, at_module_level in _imports(path):
        if name in sys.stdlib_module_names or name in OTHER_STDLIB or name == "graph":
            continue
        dists = DISTRIBUTIONS.get(name, {name})
        allowed = MAIN if at_module_level else MAIN | EXTRAS
        assert dists & allowed, f"{path.name} imports {name} ({', '.join(sorted(dists))}), not a declared dependency"
