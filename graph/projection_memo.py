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
import io
import pickle
from pathlib import Path

import networkx as nx

from .cache import save_pickle
from .dump_projection import Carried, patched
from .statement_memo import touched_now

#: the memo's files, in the cache folder: the whole entity graph of a build, and the
#: changes the rebuilds since made to it (each a few ~100 KB: writing the whole graph
#: took ~0.8 CPU s after one page more among 10,000, a tenth of the time left to save)
FILE = "projection.memo"
PATCHES = "projection.patches"
FORMAT = "entity graph v2"
PATCHES_FORMAT = "entity graph patches v1"
#: rebuilds whose changes are kept as patches before the whole graph is written again,
#: and how large their patches may grow against the whole graph's file
MAX_PATCHES = 16
MAX_PATCH_SHARE = 0.25


def save(cache_dir: Path, salt: str, statements_id: str | None, view: nx.MultiDiGraph,
         carried: Carried | None = None) -> None:
    """Keep ``view`` (the entity graph of the statements memo ``statements_id``) for
    the next build: as a patch of the memo ``carried`` came from, when the projection
    was carried and the patches stay few and small, else whole.  Without a statements
    memo the files are removed (they would describe other statements)."""
    folder = Path(cache_dir)
    patches = folder / PATCHES
    if statements_id is None:
        (folder / FILE).unlink(missing_ok=True)
        patches.unlink(missing_ok=True)
        return
    chain, patch = getattr(carried, "chain", None), getattr(carried, "patch", None)
    if chain is not None and patch is not None and len(chain[1]) < MAX_PATCHES:
        base_id, blobs, base_size = chain
        blob = pickle.dumps(patch, protocol=pickle.HIGHEST_PROTOCOL)
        if sum(len(b) for _id, b in blobs) + len(blob) <= MAX_PATCH_SHARE * base_size:
            save_pickle(patches, (PATCHES_FORMAT, salt, base_id, [*blobs, (statements_id, blob)]))
            return
    # the adjacency as networkx holds it (each pair's keys one dict, shared by both sides:
    # pickle keeps that), so that the next build has it without adding ~93,000 edges;
    # after a header the loader reads first
    header = pickle.dumps((FORMAT, salt, statements_id), protocol=pickle.HIGHEST_PROTOCOL)
    _replace(folder / FILE, header + pickle.dumps((view._node, view._succ, view._pred),
                                                  protocol=pickle.HIGHEST_PROTOCOL))
    patches.unlink(missing_ok=True)


def _replace(path: Path, data: bytes) -> None:
    from .cache import _replace_quietly

    _replace_quietly(path, data, f".{path.name}.")


class _PlainData(pickle.Unpickler):
    """Reads lists, dicts, tuples, strings and numbers only: a memo naming any class or
    function is refused, not obeyed."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def _plain(data: bytes):
    return _PlainData(io.BytesIO(data)).load()


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
    folder = Path(cache_dir)
    enabled = gc.isenabled()
    gc.disable()  # ~1M containers, none of them cyclic garbage: collections took half the load
    try:
        with open(folder / FILE, "rb") as fh:
            fmt, salt_read, base_id = _PlainData(fh).load()  # a reader a pickle: each has its own memo
            if (fmt, salt_read) != (FORMAT, salt):
                return None
            blobs = _patches(folder / PATCHES, salt, base_id)
            if (blobs[-1][0] if blobs else base_id) != changes[0]:
                return None  # made from other statements than this build's came from
            node, succ, pred = _PlainData(fh).load()
            base_size = fh.tell()
        if not (isinstance(node, dict) and isinstance(succ, dict) and isinstance(pred, dict)
                and node.keys() == succ.keys() == pred.keys()):
            return None
        view = nx.MultiDiGraph()
        view._node, view._adj, view._succ, view._pred = node, succ, succ, pred
        for _id, blob in blobs:
            patched(view, _plain(blob))
        carried = Carried(view, *touched)
        carried.chain = (base_id, blobs, base_size)
        return carried
    except Exception:  # missing, torn or foreign: the whole projection is made
        return None
    finally:
        if enabled:
            gc.enable()


def _patches(path: Path, salt: str, base_id: str) -> list:
    """The patches kept since the whole graph ``base_id``: [(statements memo's name,
    pickled patch)], in order; none if there are none of that graph."""
    try:
        fmt, salt_read, of, blobs = _plain(path.read_bytes())
    except Exception:
        return []
    if (fmt, salt_read, of) != (PATCHES_FORMAT, salt, base_id) or not isinstance(blobs, list):
        return []
    return blobs
