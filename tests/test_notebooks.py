"""The notebooks run top to bottom on a fresh kernel, so they never rot.

Each notebook of ``notebooks/`` is executed with nbclient (kernel ``python3``, working
directory ``notebooks/``); any error fails the test.  The build the notebooks start
with goes to a temporary folder (``CZT_KG_OUT``), not to the checkout's ``out/``.
The committed copies must carry their outputs (a reader on GitHub sees results): at
least one plot and one table each, and no embedded HTML pages.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REQUIRED = {"relationship-analysis.ipynb", "sparql-tour.ipynb"}
BUDGET_SECONDS = 60  # each notebook, fresh kernel, on an idle machine
MAX_OUTPUT_BYTES = 250_000  # no single committed output may be larger (no embedded pages)


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def _has_plot(nb) -> bool:
    return any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {}) for o in _outputs(nb))


def _has_table(nb) -> bool:
    return any("<table" in str(o.get("data", {}).get("text/html", "")) for o in _outputs(nb))


def test_the_notebooks_exist():
    assert REQUIRED <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_notebook_has_small_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code), "commit the notebook executed (with outputs)"
    assert not any(o.get("output_type") == "error" for o in _outputs(nb))
    assert _has_plot(nb) and _has_table(nb)
    for o in _outputs(nb):
        size = sum(len(str(v)) for v in o.get("data", {}).values()) + len(str(o.get("text", "")))
        assert size < MAX_OUTPUT_BYTES, f"an output of {size} bytes: keep committed outputs small"
        assert "<script" not in str(o.get("data", {}).get("text/html", "")), "show the graph page in an IFrame, do not embed it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    monkeypatch.setenv("CZT_KG_OUT", str(tmp_path / "out"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.monotonic()
    client.execute()  # raises CellExecutionError on the first failing cell
    elapsed = time.monotonic() - start
    assert _has_plot(nb) and _has_table(nb)
    assert (tmp_path / "out" / "czt.ttl").is_file()
    # a generous bound: the budget is a minute on an idle machine, tests may share the CPU
    assert elapsed < 3 * BUDGET_SECONDS, f"{path.name} took {elapsed:.0f} s"
