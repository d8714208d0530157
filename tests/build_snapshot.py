"""A copy of the package and the ontology for suites that run many builds.

Every build of one test then runs the same code, even if the working tree changes
under a long test (other work goes on in the same checkout).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def snapshot_code(dst: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "graph", dst / "graph", ignore=ignore)
    shutil.copytree(ROOT / "ontology", dst / "ontology", ignore=ignore)
    return dst
