"""What the benchmarks of a rebuild after one page more share: their arguments, the
synthetic corpus (kept between runs), the page added to it for the rebuild only, and
the entity graphs a build makes.

Used by ``bench_rebuild_floor.py`` and ``bench_projection_delta.py``; not a script.
"""

from __future__ import annotations

import argparse
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent


def arguments(doc: str, folder: str, argv=None) -> argparse.Namespace:
    """``--pages`` (before the one added), ``--root`` (default ``$TMPDIR/folder``) and
    ``--seed`` of a script whose module docstring is ``doc``; an error exit when
    ``--pages`` is below 1."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10_000, help="pages before the one added (default 10,000)")
    ap.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / folder,
                    help="folder for the corpus and outputs (kept between runs: the corpus is reused)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error(f"--pages must be at least 1, not {args.pages}")
    return args


class Corpus:
    """The synthetic corpus of ``args.pages`` pages under ``args.root`` (written once,
    then reused), with the lexicon it is written from."""

    def __init__(self, args: argparse.Namespace) -> None:
        from graph import synth
        from graph.build import load_lexicon

        self.pages, self.seed = args.pages, args.seed
        self.lexicon = load_lexicon(ROOT / "data")
        self.folder = args.root / f"corpus-{args.pages}-{args.seed}"
        synth.write_corpus(self.folder, self.pages, ROOT / "data" / "lexicon", self.lexicon, self.seed)

    @contextmanager
    def one_page_more(self) -> Iterator[Path]:
        """The corpus with the page ``czt-kg bench --incremental`` adds, inside the block
        only (removed after it, whatever happens)."""
        from graph import synth

        synth.write_corpus(self.folder, self.pages + 1, ROOT / "data" / "lexicon", self.lexicon, self.seed)
        try:
            yield self.folder
        finally:
            (self.folder / "raw" / synth.page_name(self.pages, self.seed)).unlink(missing_ok=True)


def projected(run: Callable[[], object], keep: Callable = lambda view, g: view) -> list:
    """``run()`` (a build) with :func:`graph.analysis.project` wrapped: ``keep(view, g)``
    of each entity graph it makes from a merged graph ``g``, in order."""
    from graph import analysis

    kept: list = []
    project = analysis.project

    def wrapped(g, carried=None):
        view = project(g, carried)
        kept.append(keep(view, g))
        return view

    analysis.project = wrapped
    try:
        run()
    finally:
        analysis.project = project
    return kept
