"""The entity graph kept from one build for the next one's carried projection.

After one page more among 10,000 the projection (:func:`graph.analysis.project`) made
again all 27,000 nodes and 93,000 edges of the entity graph, of which ~10 and ~35
change: ~4 of the rebuild's ~27 CPU seconds, on the path of the graph page.  The build
keeps its entity graph here, with the name of the statements memo it was projected
from; the next build, when its statements were made from that very memo (see
:attr:`graph.outputs.CanonicalDump.previous_changes`), hands it to
:func:`graph.dump_projection.project_dump`, which makes again only what the changed
statements reach.  The file holds plain lists, dicts and strings (no classes), written
atomically; one that cannot be read, of another salt or of other statements is not
used, never an error.
"""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import networkx as nx

from .cache import save_pickle
from .dump_projection import Carried
from .statement_memo import touched_now

#: the memo's file, in the cache folder
FILE = "projection.memo"
FORMAT = "entity graph v1"


def save(cache_dir: Path, salt: str, statements_id: str | None, view: nx.MultiDiGraph) -> None:
    """Keep ``view`` (the entity graph of the statements memo ``statements_id``) for
    the next build; without a statements memo, the file is removed (it would describe
    other statements)."""
    path = Path(cache_dir) / FILE
    if statements_id is None:
        path.unlink(missing_ok=True)
        return
    # the adjacency as networkx holds it (each pair's keys one dict, shared by both sides:
    # pickle keeps that), so that the next build has it without adding ~93,000 edges
    save_pickle(path, (FORMAT, salt, statements_id, view._node, view._succ, view._pred))


class _PlainData(pickle.Unpickler):
    """Reads lists, dicts, tuples and strings only: a memo naming any class or function
    is refused, not obeyed."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def load(cache_dir: Path, salt: str, dump) -> Carried | None:
    """The previous build's entity graph as :class:`Carried` for this build's statements
    ``dump``, or None: no memo, another salt, unreadable, or not projected from the
    statements memo ``dump`` was made from."""
    changes = getattr(dump, "previous_changes", None)
    if changes is None:
        return None
    touched = touched_now(dump, changes[1])
    if touched is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # ~1M containers, none of them cyclic garbage: collections took half the load
    try:
        with open(Path(cache_dir) / FILE, "rb") as fh:
            fmt, salt_read, statements_id, node, succ, pred = _PlainData(fh).load()
        if (fmt, salt_read, statements_id) != (FORMAT, salt, changes[0]):
            return None
        if not (isinstance(node, dict) and isinstance(succ, dict) and isinstance(pred, dict)
                and node.keys() == succ.keys() == pred.keys()):
            return None
        view = nx.MultiDiGraph()
        view._node, view._adj, view._succ, view._pred = node, succ, succ, pred
        return Carried(view, *touched)
    except Exception:  # missing, torn or foreign: the whole projection is made
        return None
    finally:
        if enabled:
            gc.enable()
