"""The README keeps up with the tool: every command is documented, set-up is two commands.

Like datasette's documentation tests: adding a ``czt-kg`` command without a word in the
README fails here, and CI runs exactly the test command a newcomer copies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = cli.parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command):
    assert f"czt-kg {command}" in README, f"README.md never shows `czt-kg {command}`"


def _setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_readme_has_exactly_two_setup_commands_build_and_test():
    build, test = _setup_commands()
    assert build.count("\n") == 0 and build.endswith("czt-kg build")
    assert test.count("\n") == 0 and test.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = _setup_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
