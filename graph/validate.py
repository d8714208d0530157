"""Validate stage: the graph against ``ontology/shapes.ttl``.

Two engines give the same report: ``core`` (default, :mod:`graph.shacl_core`, linear
in the triples) and ``pyshacl`` (the reference, ~1,250 triples/s).  Choose with
``czt-kg build --shacl`` or the ``CZT_KG_SHACL`` environment variable.
Violations fail the build with a readable report (one line per problem: focus node,
path, message); warnings are reported and do not fail it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from .errors import DataError, UsageError
from .ontology import SHAPES_FILE
from .outputs import run_starts, sorted_unique
from .shacl_core import _COMPONENT, _NON_VALIDATING, _PER_VALUE, Result, compile_shapes, prefixed_name, validate_triples

#: validation engines; the first is the default
ENGINES = ("core", "pyshacl")


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[str, ...]
    warnings: tuple[str, ...]

    def summary(self) -> str:
        state = "conforms" if self.conforms else "DOES NOT CONFORM"
        return f"SHACL: {state} ({len(self.violations)} violations, {len(self.warnings)} warnings)"

    def text(self, limit: int = 50) -> str:
        lines = [self.summary()]
        for label, items in (("violation", self.violations), ("warning", self.warnings)):
            lines += [f"  {label}: {item}" for item in items[:limit]]
            if len(items) > limit:
                lines.append(f"  … and {len(items) - limit} more {label}s")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    try:
        g.parse(SHAPES_FILE, format="turtle")
    except FileNotFoundError:
        raise DataError("SHACL shapes file is missing", path=SHAPES_FILE) from None
    except Exception as exc:
        raise DataError(f"shapes do not parse as Turtle: {exc}", path=SHAPES_FILE) from None
    return g


class _MemberSet(list):
    """A list whose ``in`` is a hash lookup (same members, same order, same equality)."""

    def __init__(self, items):
        super().__init__(items)
        self._set = frozenset(items)

    def __contains__(self, item) -> bool:
        return item in self._set

    def copy(self):
        return list(self)


@lru_cache(maxsize=1)
def _fast_pyshacl() -> None:
    """Make pyshacl's per-node scan of constraint parameters a hash lookup.

    pyshacl asks, for every focus node a nested shape (sh:or, sh:not, qualified
    value shapes) is evaluated on, whether each predicate of the shape is one of
    ~40 constraint parameters, by scanning a list with rdflib's Python-level
    ``__eq__``: that scan was about 40% of validation time.  Only the container
    changes: the same parameters, the same results.
    """
    try:
        from pyshacl import shape
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # another pyshacl layout: run it as it is
        return
    shape.CONSTRAINT_PARAMS = (_MemberSet(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


def engine_of(name: str | None) -> str:
    """The engine to use: ``name``, else ``$CZT_KG_SHACL``, else ``core``; refuse unknown names."""
    import os

    chosen = name or os.environ.get("CZT_KG_SHACL") or ENGINES[0]
    if chosen not in ENGINES:
        raise UsageError(f"unknown SHACL engine {chosen!r}; expected one of: {', '.join(ENGINES)}")
    return chosen


@lru_cache(maxsize=1)
def core_shapes():
    """``shapes.ttl`` compiled for :mod:`graph.shacl_core` (once per process)."""
    try:
        return compile_shapes(shapes_graph())
    except DataError as exc:  # name the file the unimplemented feature is in
        raise DataError(str(exc), path=SHAPES_FILE) from None


def pyshacl_results(data: Graph) -> list[Result]:
    """pyshacl over ``data``, as :class:`~graph.shacl_core.Result` tuples."""
    from pyshacl import validate as shacl

    _fast_pyshacl()
    _conforms, results, _text = shacl(data, shacl_graph=shapes_graph(), inference="none", advanced=False)
    return [
        Result(results.value(r, SH.focusNode), results.value(r, SH.resultPath),
               results.value(r, SH.sourceConstraintComponent), results.value(r, SH.resultSeverity),
               results.value(r, SH.value), str(results.value(r, SH.resultMessage) or ""))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]


def _line(r: Result, ns: Graph) -> tuple[object, bool, str]:
    """(focus node, is a violation, report line) of one result; ``ns`` names the IRIs."""
    line = f"{prefixed_name(r.focus, ns)}"
    if r.path is not None:
        line += f" {prefixed_name(r.path, ns)}"
    if r.value is not None:
        line += f" = {str(r.value)[:60]!r}"
    line += f": {r.message}"
    return r.focus, r.severity not in (SH.Warning, SH.Info), line


def _results(data: Graph) -> list[tuple[object, bool, str]]:
    """pyshacl over ``data``: (focus node, is a violation, report line) per result."""
    return [_line(r, data) for r in pyshacl_results(data)]


def _report(lines: list[tuple[bool, str]]) -> ValidationReport:
    violations = sorted(line for bad, line in lines if bad)
    warnings = sorted(line for bad, line in lines if not bad)
    return ValidationReport(not violations, tuple(violations), tuple(warnings))


def validate(data: Graph, engine: str | None = None) -> ValidationReport:
    """Run the shapes over ``data`` (no inference: types are materialised by the rdf stage).

    The shapes use SHACL Core only, so pyshacl runs without its "advanced"
    features, which also spares it a copy of the whole data graph.
    """
    if engine_of(engine) == "core":
        return _report([_line(r, data)[1:] for r in validate_triples(data, core_shapes())])
    return _report([(bad, line) for _focus, bad, line in _results(data)])


def validate_dataset(quads, prefixes: dict, *, engine: str | None = None, cache_dir=None,
                     jobs: int = 1, dump=None) -> tuple[ValidationReport, dict]:
    """The build's validate stage: the merged graph of ``quads`` (or, when None, of the
    build's :class:`~graph.outputs.CanonicalDump` ``dump``) with the chosen engine.

    ``core`` makes one linear pass; given ``dump`` and a ``cache_dir``, it validates
    again only the documents whose statements changed (see
    :func:`validate_core_cached`).  ``pyshacl`` runs :func:`validate_quads` by
    cached units.
    """
    if quads is None and dump is None:
        raise ValueError("validate_dataset needs the quads or their dump")
    if engine_of(engine) == "pyshacl":
        return validate_quads(list(dump.quads()) if quads is None else quads, prefixes, cache_dir=cache_dir, jobs=jobs)
    ns = Graph()
    for p, uri in prefixes.items():
        ns.bind(p, uri, override=True, replace=True)
    if dump is not None:  # by units, a batch of them at a time (and cached when there is a cache)
        done = validate_core_cached(dump, ns, cache_dir)
        if done is not None:
            return done
    triples = dump.first_seen() if quads is None else ((s, p, o) for s, p, o, _g in quads)
    results = validate_triples(triples, core_shapes())
    return _report([_line(r, ns)[1:] for r in results]), {"engine": "core", "units": 1, "cached": 0, "validated": 1}


# -- core validation, documents cached ------------------------------------------------
#
# A focus node's results depend on its own statements, the rdf:type statements of
# its values, the data graph's rdfs:subClassOf statements, and on which nodes are
# targets: sh:targetClass and sh:targetSubjectsOf are decided by the node's own
# statements; sh:targetObjectsOf rdf:type by the classes, all present in every run;
# sh:targetNode names fixed nodes.  (:func:`_core_locality` checks the shapes read
# nothing else; otherwise nothing is cached.)  A node described by one document's
# named graph only (its mentions, evidence sentences, assertions, claims) is *owned*
# by it, so a document's results are cached under the hash of its statements and of
# the types of what they point to; the rest (entities, pages, anything two graphs
# describe) is validated on every run, with the documents that missed.  The cache is
# one file holding the current documents' entries only, rewritten by every build.

_CORE_CACHE = "shacl-core.json"


@lru_cache(maxsize=1)
def _core_locality() -> tuple[bool, frozenset]:
    """(whether the shapes read only what the cache key covers, the sh:targetNode nodes as N-Triples text)."""
    from rdflib import URIRef
    from rdflib.collection import Collection

    sg = shapes_graph()
    reads_other = (SH.equals, SH.lessThan, SH.lessThanOrEquals)
    safe = True

    def walk(node, on_focus: bool, seen: frozenset) -> None:
        nonlocal safe
        if node in seen:
            return
        seen = seen | {node}
        path = sg.value(node, SH.path)
        if not on_focus and (path is not None or any((node, p, None) in sg for p in reads_other)):
            safe = False  # a shape on a value node reading that node's statements
        nested = on_focus and path is None
        for child in sg.objects(node, SH.property):
            walk(child, nested, seen)
        for head in sg.objects(node, SH["or"]):
            for member in Collection(sg, head):
                walk(member, nested, seen)
        for member in list(sg.objects(node, SH["not"])) + list(sg.objects(node, SH.qualifiedValueShape)):
            walk(member, nested, seen)
        if (node, SH.node, None) in sg:
            safe = False

    targets = set()
    for kind in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        for shape, t in sg.subject_objects(kind):
            walk(shape, True, frozenset())
            if kind == SH.targetObjectsOf and t != RDF.type:
                safe = False  # objects of other statements: not decided by the node itself
            if kind == SH.targetNode:
                targets.add(f"<{t}>" if isinstance(t, URIRef) else None)
    if None in targets:
        safe = False
    return safe, frozenset(targets)


def validate_core_cached(dump, ns: Graph, cache_dir) -> tuple[ValidationReport, dict] | None:
    """Core validation of the dataset ``dump`` holds, by units a batch at a time, results
    cached by unit in ``cache_dir`` (see above; None: no cache, and a SHACL index of one
    batch in memory instead of the whole graph's); None when the shapes do not allow
    it.  Gives exactly the report of one pass over the whole graph."""
    from pathlib import Path

    import numpy as np

    safe, target_nodes = _core_locality()
    if not safe:
        return None
    units = _CoreUnits(dump)
    salt = _core_salt(ns, dump, units.subclass)
    # units whose nodes other statements may make targets: validated on every run
    always = {units.unit_of(x) for x in (*units.classes, *target_nodes)}
    carried_keys = 0  # units whose key the previous run's was (see _carried_keys)
    if cache_dir is None:  # nothing to find or keep: every unit is validated
        keys = {unit: None for unit in units.members if unit not in always}
        stored: dict = {}
    else:
        units.split_large(_whole_unit_predicates(), keep_whole=always)  # large units in parts cached apart
        stored, previous_keys = _read_core_cache(Path(cache_dir), salt, dump)
        carried = _carried_keys(dump, units, previous_keys)
        made = _core_unit_keys(dump, units, always | carried.keys(), salt)
        keys = {unit: carried.get(unit) or made[unit] for unit in units.members if unit not in always}
        carried_keys = len(carried)
        del carried, made, previous_keys
    results: list[tuple[bool, str]] = []
    cached: set = set()
    for unit, key in keys.items():
        hit = _cached_results(stored.get(key))
        if hit is not None:
            results += hit
            cached.add(unit)

    # this run: the units that missed, in batches of about BATCH_STATEMENTS statements,
    # each with the types of what its units point to, one statement per class and the
    # subclass statements; results on nodes of units outside the batch (cached, or in
    # another batch) are dropped, and those on nodes without statements of their own
    # (a class only used as a type) are taken from the first batch.  Only one batch's
    # SHACL index is in memory at a time (the whole graph's took ~0.1 GB per 100,000
    # statements, as much again as the statements' text).
    todo = [unit for unit in units.members if unit not in cached]
    shared = np.concatenate([units.subclass, np.asarray(sorted(units.classes.values()), dtype=np.int64)])
    fresh: dict = {unit: [] for unit in keys if unit not in cached}
    from .outputs import TermWriter

    text_of = TermWriter().term
    statements = 0
    for n, batch in enumerate(_batches(todo, units.members, BATCH_STATEMENTS)):
        inside = set(batch)
        chosen = sorted_unique(np.concatenate([shared, *(units.members[u] for u in batch), *(units.extras(u) for u in batch)]))
        statements += len(chosen)
        for r in validate_triples(dump.triple_terms(chosen), core_shapes()):
            unit = units.unit_of(text_of(r.focus))
            if unit in units.parts and r.path is not None and r.value is not None:
                # a split unit's result on one value: the part holding that statement's
                unit = units.part_of(unit, text_of(r.path), text_of(r.value))
            if unit not in inside and (n > 0 or unit in units.members):
                continue
            item = _line(r, ns)[1:]
            results.append(item)
            if unit in fresh:
                fresh[unit].append(item)
        del chosen
    if cache_dir is not None:
        entries = {keys[unit]: [list(x) for x in items] for unit, items in fresh.items()}
        entries.update({keys[unit]: stored[keys[unit]] for unit in cached})
        _write_core_cache(Path(cache_dir), salt, entries, (getattr(dump, "statements_id", None), keys))
    stats = {"engine": "core", "units": len(units.members) + 1, "cached": len(cached),
             "validated": len(units.members) + 1 - len(cached), "statements_validated": statements,
             "split_units": len(units.parts), "carried_keys": carried_keys}
    return _report(results), stats


#: statements validated together (see :func:`validate_core_cached`): the SHACL index of
#: this many is in memory at a time, whatever the size of the graph
BATCH_STATEMENTS = 200_000


def _batches(todo: list, units: dict, size: int) -> list[list]:
    """``todo`` (units, in order) cut into runs of about ``size`` statements; at least one
    run, empty when nothing is to do (the nodes without statements are validated there).

    >>> _batches(["a", "b", "c"], {"a": [1, 2], "b": [3], "c": [4, 5, 6]}, 3)
    [['a', 'b'], ['c']]
    >>> _batches([], {}, 3)
    [[]]
    """
    out: list[list] = [[]]
    count = 0
    for unit in todo:
        if count >= size:
            out.append([])
            count = 0
        out[-1].append(unit)
        count += len(units[unit])
    return out


class _CoreUnits:
    """The units of cached core validation, from a :class:`~graph.outputs.CanonicalDump`'s
    arrays (statements are triple numbers: their places in the sorted merged graph).

    A named graph (by its text) is the unit of the nodes only it describes, with all its
    statements; every other subject (entities, pages…) is a unit of its own statements
    from every graph.  ``members``: unit → its statements' numbers, sorted;
    :meth:`extras`: the rdf:type statements of the nodes a unit points to (what its
    results also read); ``classes``: each class's text → one rdf:type statement with
    it; ``subclass``: the rdfs:subClassOf statements.
    """

    def __init__(self, dump) -> None:
        import numpy as np

        self.dump = dump
        self._extras: dict = {}
        ts, tp, to = dump.triple_ranks()
        self._to = to
        texts, graph_texts = dump.texts, dump.graph_texts
        self.members: dict = {}
        for g, numbers in dump.graph_runs():
            if graph_texts[g]:
                self.members[graph_texts[g]] = numbers
        # a subject's owner: the rank of its one graph, or -1 when it is in several (-2: no subject)
        qt, qg = dump.quad_numbers()
        subjects_of_quads = ts[qt]  # sorted: quads are sorted by triple, triples by subject
        starts = run_starts(subjects_of_quads)
        subjects = subjects_of_quads[starts] if len(starts) else np.zeros(0, dtype=np.int64)
        low = np.minimum.reduceat(qg, starts) if len(starts) else starts
        high = np.maximum.reduceat(qg, starts) if len(starts) else starts
        self.owner = np.full(len(texts), -2, dtype=np.int64)
        self.owner[subjects] = np.where(low == high, low, -1)
        default = 0 if graph_texts and graph_texts[0] == "" else -3
        # the default graph's subjects, or several graphs': each its own unit (found with
        # numpy: a Python test of each of the 1.1M subjects at 10,000 pages took ~0.3 user s)
        first = run_starts(ts)  # where each subject's triples start: the same subjects, in the same order
        end = np.append(first[1:], len(ts)) if len(first) else first
        own = self.owner[subjects]
        alone = np.flatnonzero((own == -1) | (own == default))
        self._large: list = []  # the units of one subject too large to validate whole
        for s, a, b in zip(subjects[alone].tolist(), first[alone].tolist(), end[alone].tolist()):
            self.members[texts[s]] = np.arange(a, b, dtype=np.int64)
            if b - a > SPLIT_STATEMENTS:
                self._large.append(texts[s])
        #: split unit (its head) -> {each of its parts: the numbers of the part's own statements}
        self.parts: dict = {}
        self._tp = tp
        # the rdf:type statements, by subject
        type_rank = dump.rank_of(f"<{RDF.type}>")
        self._types = np.flatnonzero(tp == type_rank) if type_rank is not None else np.zeros(0, dtype=np.int64)
        # their subjects, sorted (see _type_runs); int64 as the objects searched: a haystack of
        # another type is cast, a copy of ~1.3M ranks at 10,000 pages, on every search
        self._typed = ts[self._types].astype(np.int64)
        self._terms = len(texts)
        self._type_table = None
        classes, first = np.unique(to[self._types], return_index=True)
        self.classes = dict(zip(map(texts.__getitem__, classes.tolist()), self._types[first].tolist()))
        subclass_rank = dump.rank_of(f"<{RDFS.subClassOf}>")
        self.subclass = np.flatnonzero(tp == subclass_rank) if subclass_rank is not None else np.zeros(0, dtype=np.int64)

    def split_large(self, whole: frozenset | None, keep_whole: set = frozenset()) -> None:
        """Cut each subject's unit of more than :data:`SPLIT_STATEMENTS` statements into its
        *head* (the statements of the ``whole`` predicates, see
        :func:`_whole_unit_predicates`) and parts of about :data:`PART_STATEMENTS` of the
        others, each part with the head (so that its node is a target as in the whole
        graph).  A part's results are those on its own statements' values; the head's,
        all the others.  The parts end where an object's text hash says so, so one
        statement more changes one part: the hubs most pages name (长沙市: 19,228
        statements at 10,000 pages) were validated again whole after every page added.
        ``None``: the shapes allow no split."""
        import numpy as np

        if whole is None or not self._large:
            return
        whole_rank = np.zeros(self._terms, dtype=bool)  # by term rank
        for p in whole:
            r = self.dump.rank_of(f"<{p}>")
            if r is not None:
                whole_rank[r] = True
        hashes = self.dump.term_hashes()
        for unit in self._large:
            if unit in keep_whole:
                continue
            numbers = self.members[unit]
            apart = ~whole_rank[self._tp[numbers]]
            head, rest = numbers[~apart], numbers[apart]
            if len(rest) <= PART_STATEMENTS:
                continue
            ends = np.flatnonzero((hashes[self._to[rest], 0] & np.uint64(PART_STATEMENTS - 1)) == 0) + 1
            bounds = [0, *ends[ends < len(rest)].tolist(), len(rest)]
            self.members[unit] = head
            where: dict = {}
            for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
                name = f"{unit} part {k}"
                self.members[name] = np.concatenate([head, rest[a:b]])
                self.members[name].sort()
                where[name] = rest[a:b]
            self.parts[unit] = where

    def part_of(self, unit: str, predicate_text: str, value_text: str) -> str:
        """The part of the split ``unit`` holding its statement with that predicate and
        object (N-Triples texts); the unit (its head) when none does."""
        import numpy as np

        p, o = self.dump.rank_of(predicate_text), self.dump.rank_of(value_text)
        if p is None or o is None:
            return unit
        for name, numbers in self.parts[unit].items():
            if np.any((self._tp[numbers] == p) & (self._to[numbers] == o)):
                return name
        return unit

    def extras(self, unit: str):
        """The numbers of the rdf:type statements of the nodes ``unit``'s statements point
        to, sorted (made once: the unit's key and its batch both read them)."""
        found = self._extras.get(unit)
        if found is None:
            self.prepare_extras([unit])
            found = self._extras[unit]
        return found

    def prepare_extras(self, units: list) -> None:
        """:meth:`extras` of many units at once (numpy over all their statements; one
        unit at a time took ~1.7 s for 73,000 units at 10,000 pages)."""
        import numpy as np

        units = [u for u in units if u not in self._extras]
        if not units:
            return
        members = [self.members[u] for u in units]
        sizes = np.fromiter(map(len, members), dtype=np.int64, count=len(members))
        which = np.repeat(np.arange(len(units), dtype=np.int64), sizes)  # each statement's unit
        objects = self._to[np.concatenate(members)].astype(np.int64)
        terms = self._terms
        pairs = sorted_unique(which * terms + objects)  # each unit's distinct objects
        which, objects = pairs // terms, pairs % terms
        a, b = self._type_runs(objects)
        count = b - a
        keep = count > 0
        which, a, count = which[keep], a[keep], count[keep]
        offsets = np.repeat(a - (np.cumsum(count) - count), count) + np.arange(int(count.sum()))
        statements = len(self._to)
        found = np.sort(np.repeat(which, count) * statements + self._types[offsets])
        owner, found = found // statements, found % statements
        bounds = np.searchsorted(owner, np.arange(len(units) + 1)).tolist()
        for i, unit in enumerate(units):
            self._extras[unit] = found[bounds[i] : bounds[i + 1]]

    def _type_runs(self, objects):
        """Where each of ``objects``' (ranks) rdf:type statements start and end among
        ``_types``: searched for each, or, for many (a build without a cache), read
        from a table over every term made once (two searches of ~3M ranks at 10,000
        pages, ~0.3 s: too much for the few units a rebuild reads)."""
        import numpy as np

        if len(objects) * 4 < self._terms:
            return np.searchsorted(self._typed, objects, "left"), np.searchsorted(self._typed, objects, "right")
        if self._type_table is None:
            every = np.arange(self._terms)
            self._type_table = np.searchsorted(self._typed, every, "left"), np.searchsorted(self._typed, every, "right")
        start, end = self._type_table
        return start[objects], end[objects]

    def unit_of(self, node_text: str) -> str:
        """The unit a node's results belong to: the named graph that alone describes it, else itself."""
        rank = self.dump.rank_of(node_text)
        if rank is None or self.owner[rank] < 0:
            return node_text
        return self.dump.graph_texts[self.owner[rank]] or node_text


#: a subject's unit of more statements than this is validated in parts (see
#: :meth:`_CoreUnits.split_large`); a part holds about PART_STATEMENTS (a power of two)
SPLIT_STATEMENTS = 1024
PART_STATEMENTS = 256

#: the constraint parameters of a property shape that check each value on its own (with
#: the value's types at most): those of :mod:`graph.shacl_core`'s per-value components
_PER_VALUE_PARAMETERS = frozenset(param for param, component in _COMPONENT.items() if component in _PER_VALUE)


@lru_cache(maxsize=1)
def _whole_unit_predicates() -> frozenset | None:
    """The predicates whose statements a node's results read together: rdf:type and
    rdfs:subClassOf, the targets' predicates, the paths of property shapes with a count
    (sh:minCount, qualified counts, sh:hasValue…), a comparison with another path, or
    used inside another shape, and the predicates compared with.  A statement of any
    other predicate is checked on its own (its value, and that value's types), so a
    large unit's statements of those can be validated apart (:meth:`_CoreUnits.split_large`).
    None when a path is not a plain predicate (nothing is split).

    >>> from rdflib.namespace import RDFS
    >>> from graph.vocab import CZT
    >>> whole = _whole_unit_predicates()
    >>> RDFS.label in whole, CZT.coarseType in whole, CZT.mentionedIn in whole
    (True, True, False)
    """
    from rdflib import URIRef

    sg = shapes_graph()
    whole = {RDF.type, RDFS.subClassOf}
    for kind in (SH.targetSubjectsOf, SH.targetObjectsOf, SH.equals, SH.lessThan, SH.lessThanOrEquals):
        whole.update(sg.objects(None, kind))
    for shape, path in sg.subject_objects(SH.path):
        if not isinstance(path, URIRef):
            return None
        # on a focus node of its own: a node shape's sh:property (one without a path),
        # or a shape with targets that nothing refers to
        nested = any(q != SH.property or sg.value(holder, SH.path) is not None
                     for holder, q in sg.subject_predicates(shape))
        checks = {q for q in sg.predicates(shape) if str(q).startswith(str(SH))} - _NON_VALIDATING
        if nested or not checks <= _PER_VALUE_PARAMETERS:
            whole.add(path)
    return frozenset(whole)


def _core_salt(ns: Graph, dump, subclass) -> bytes:
    """What every unit's results also depend on: the code, the prefixes, the subclass statements."""
    import hashlib

    from .cache import code_hash

    salt = hashlib.sha256(f"{code_hash()}|{sorted(ns.namespaces())}".encode())
    for triple in dump.rows(subclass):  # sorted
        salt.update(" ".join(triple).encode("utf-8") + b"\n")
    return salt.hexdigest().encode()


def _core_unit_keys(dump, units: _CoreUnits, always: set, salt: bytes, block: int = 1 << 18) -> dict:
    """unit → hash of its statements and of the type statements it reads (units in
    ``always`` get none).  A statement is hashed as its terms' hashes
    (:meth:`graph.outputs.CanonicalDump.statement_records`), the units about ``block``
    statements at a time: hashing every unit's text took ~7 s at 10,000 pages, most of
    a rebuild's validation."""
    import hashlib

    import numpy as np

    keys: dict = {}
    chosen = [unit for unit in units.members if unit not in always]
    at = 0
    while at < len(chosen):
        group, parts, count = [], [], 0
        while at < len(chosen) and count < block:
            group.append(chosen[at])
            count += len(units.members[chosen[at]])
            at += 1
        units.prepare_extras(group)
        for unit in group:
            parts += (units.members[unit], units.extras(unit))
        records = dump.statement_records(np.concatenate(parts))
        sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        bounds = (np.concatenate(([0], np.cumsum(sizes))) * records.shape[1] * records.itemsize).tolist()  # bytes a statement
        records = memoryview(records).cast("B")
        for i, unit in enumerate(group):
            h = hashlib.sha256(salt)
            h.update(records[bounds[2 * i] : bounds[2 * i + 1]])
            h.update(b"\0")
            h.update(records[bounds[2 * i + 1] : bounds[2 * i + 2]])
            keys[unit] = h.hexdigest()
        del records, parts
    return keys


def _read_core_cache(folder, salt: bytes, dump=None) -> tuple[dict, dict]:
    """The stored results by unit key, and each unit's key in the run that stored them
    when that run validated the statements ``dump``'s rdf stage started from (see
    :func:`_carried_keys`; else empty); empty when missing, unreadable or of another salt."""
    import json

    try:
        entry = json.loads((folder / _CORE_CACHE).read_text(encoding="utf-8"))
    except Exception:  # missing or unreadable: validate everything
        return {}, {}
    if not (isinstance(entry, dict) and entry.get("salt") == salt.decode() and isinstance(entry.get("units"), dict)):
        return {}, {}
    changes = getattr(dump, "previous_changes", None)
    keys = entry.get("keys")
    if changes is None or entry.get("statements") != changes[0] or not isinstance(keys, dict):
        keys = {}
    return entry["units"], keys


def _carried_keys(dump, units: _CoreUnits, previous_keys: dict) -> dict:
    """unit → its key in the previous run, for each unit no change since reached (see
    :meth:`graph.statement_memo.Memo._changes`): its own statements are the
    same (a named graph's unit: none of that graph's may have changed; another: none of
    its subject's), and so are the type statements of what they point to.  Its key, a
    hash of those statements, is then the same: hashing every unit's statements was
    ~2/3 of the validation after one page more among 10,000."""
    from .statement_memo import touched_now

    changes = getattr(dump, "previous_changes", None)
    if not previous_keys or changes is None:
        return {}
    _name, touched_before, touched_graphs, retyped_before = changes
    # by this build's ranks; a term the previous build did not have: changed
    touched, retyped = touched_now(dump, touched_before), touched_now(dump, retyped_before)
    if touched is None or retyped is None:
        return {}
    ts, _tp, to = dump.triple_ranks()
    names = list(units.members)
    # each unit: whether a statement of it points to what may have other types, and
    # whether one's subject may have other statements (at once for all ~60,000 units)
    retyped, touched = _any_by_unit((retyped[0][to], touched[0][ts]), units.members.values())
    graphs = set(dump.graph_texts)
    carried = {}
    for unit, was_retyped, was_touched in zip(names, retyped.tolist(), touched.tolist()):
        key = previous_keys.get(unit)
        if not isinstance(key, str) or was_retyped:
            continue
        if (unit in touched_graphs) if unit in graphs else was_touched:
            continue
        carried[unit] = key
    return carried


def _any_by_unit(flags: tuple, members) -> tuple:
    """For each of ``flags`` (arrays of a boolean a statement): whether it holds for
    any statement of each of ``members`` (arrays of statement numbers, in order).

    >>> import numpy as np
    >>> none = np.array([], dtype=int)
    >>> [a.tolist() for a in _any_by_unit((np.array([False, True, False]), np.array([True, False, False])),
    ...                                   [np.array([0, 2]), none, np.array([1]), none])]
    [[False, False, True, False], [True, False, False, False]]
    """
    import numpy as np

    members = list(members)
    lengths = np.fromiter(map(len, members), dtype=np.int64, count=len(members))
    if not lengths.sum():
        return tuple(np.zeros(len(members), dtype=bool) for _ in flags)
    statements, starts = np.concatenate(members), np.cumsum(lengths) - lengths
    found = []
    for flag in flags:
        values = np.append(flag[statements].astype(np.int64), 0)  # 0: where a last empty run starts
        counts = np.add.reduceat(values, starts)
        found.append(np.where(lengths > 0, counts, 0) > 0)  # reduceat gives an empty run the next run's first value
    return tuple(found)


def _cached_results(hit) -> list[tuple[bool, str]] | None:
    """A cache entry as result lines, or None when it is not one."""
    if not isinstance(hit, list):
        return None
    try:
        return [(bool(bad), str(text)) for bad, text in hit]
    except (TypeError, ValueError):
        return None


def _write_core_cache(folder, salt: bytes, entries: dict, keys: tuple = (None, {})) -> None:
    """Replace the cache file with this run's entries, and ``keys``: (the name of the
    statements' memo of the statements validated, each unit's key), which the next run
    carries where nothing changed (see :func:`_carried_keys`); a cache that cannot be
    written is skipped."""
    import orjson

    from .outputs import atomic_write_bytes

    statements, unit_keys = keys
    entry = {"salt": salt.decode(), "units": entries}
    if statements is not None:
        entry.update(statements=statements, keys=unit_keys)
    try:
        # orjson: 14.7 MB after 10,000 pages in 0.01 CPU s against json's 0.19 (reading
        # it back, json is as fast); its keys sorted by orjson, not by dict(sorted(...))
        # (~0.25 CPU s for the ~130,000 keys and units)
        atomic_write_bytes(folder / _CORE_CACHE, orjson.dumps(entry, option=orjson.OPT_SORT_KEYS))
    except Exception:
        pass


# -- validation by parts, cached ---------------------------------------------------
#
# Every shape reads a focus node's own statements and the rdf:type of the nodes
# they point to (no inverse or sequence paths, no sh:node on values), so a focus
# node's results depend only on that neighbourhood.  The graph is cut into units:
#
# * one unit per document: the nodes only that document's named graph describes
#   (the document, its mentions, evidence sentences, assertions and claims);
# * one unit per other node (entity, page, the lexicon, background assertion),
#   with its statements from every graph;
# * one unit of the classes (the objects of rdf:type), never cached.
#
# A unit holds its nodes' statements plus the rdf:type statements of what they
# point to; only results whose focus node belongs to the unit are kept.  The
# union of the units' results is the whole graph's.  A unit's results are
# cached under the hash of its statements, so a rebuild validates only the
# documents that changed and the entities they mention; units run in batches,
# over ``jobs`` processes.

_BATCH_TRIPLES = 40_000


def _term_key(t) -> str:
    from rdflib import Literal

    if isinstance(t, Literal):
        return f"L{t}\x1e{t.language or ''}\x1e{t.datatype or ''}"
    return f"{type(t).__name__[0]}{t}"


def _unit_key(triples, salt: str) -> str:
    import hashlib

    h = hashlib.sha256(salt.encode())
    for line in sorted("\x1f".join(map(_term_key, t)) for t in triples):
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


def _partition(quads) -> tuple[dict, set, dict]:
    """Units of ``quads``: {doc: its own subjects}, the global subjects, and types by node."""
    from rdflib import RDF as _RDF

    global_subjects = {s for s, _p, _o, g in quads if g is None}
    owner: dict = {}
    for s, _p, _o, g in quads:
        if g is None or s in global_subjects:
            continue
        other = owner.setdefault(s, g)
        if other != g:
            global_subjects.add(s)  # described by two documents: validate it with the whole
    units: dict = {}
    for s, g in owner.items():
        if s not in global_subjects:
            units.setdefault(g, set()).add(s)
    types: dict = {}
    for s, p, o, _g in quads:
        if p == _RDF.type:
            types.setdefault(s, set()).add((s, p, o))
    return units, global_subjects, types


def _unit_triples(subjects: set, by_subject: dict, types: dict) -> set:
    triples = set()
    for s in subjects:
        triples |= by_subject.get(s, set())
    for _s, _p, o in list(triples):
        triples |= types.get(o, set())
    return triples


def _validate_batch(triples: list, prefixes: dict, keep: set) -> list[tuple[object, bool, str]]:
    g = Graph()
    for p, ns in prefixes.items():
        g.bind(p, ns, override=True, replace=True)
    g.addN((s, p, o, g) for s, p, o in triples)
    return [r for r in _results(g) if r[0] in keep]


def _batch_worker(args):
    return _validate_batch(*args)


def validate_quads(quads, prefixes: dict, *, cache_dir=None, jobs: int = 1) -> tuple[ValidationReport, dict]:
    """Validate the dataset of ``quads`` by units (see above); return the report and counts.

    Gives the same report as :func:`validate` over the merged graph.  With
    ``cache_dir``, document units whose statements were validated before are
    not validated again.
    """
    import json
    import os
    import tempfile
    from pathlib import Path

    from .cache import code_hash

    units, global_subjects, types = _partition(quads)
    by_subject: dict = {}
    for s, p, o, _g in quads:
        by_subject.setdefault(s, set()).add((s, p, o))
    salt = code_hash()
    lines: list[tuple[bool, str]] = []
    todo: list[tuple[str | None, set, set]] = []  # (cache key, subjects, triples)
    parts = [units[doc] for doc in sorted(units, key=str)] + [{s} for s in sorted(global_subjects, key=str)]
    stats = {"units": len(parts) + 1, "cached": 0}
    folder = Path(cache_dir) / "shacl" if cache_dir is not None else None
    for subjects in parts:
        triples = _unit_triples(subjects, by_subject, types)
        key = _unit_key(triples, salt) if folder is not None else None
        if key is not None:
            try:
                cached = json.loads((folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
                if cached.get("key") != key:
                    raise ValueError("foreign entry")
                lines += [(bool(bad), str(line)) for bad, line in cached["results"]]
                stats["cached"] += 1
                continue
            except Exception:  # missing or corrupt: validate again
                pass
        todo.append((key, subjects, triples))
    # the classes (objects of rdf:type): one statement each is enough to reach them
    classes = {}
    for s, p, o, _g in quads:
        if p == RDF.type and o not in classes:
            classes[o] = (s, p, o)
    todo.append((None, set(classes), set(classes.values())))

    # batches of whole units, so each pyshacl call is big enough to be worth its setup
    batches: list[list[int]] = [[]]
    size = 0
    for i, (_k, _subj, triples) in enumerate(todo):
        if size + len(triples) > _BATCH_TRIPLES and batches[-1]:
            batches.append([])
            size = 0
        batches[-1].append(i)
        size += len(triples)
    work = []
    for b in batches:
        keep = set().union(*(todo[i][1] for i in b))
        triples = list(set().union(*(todo[i][2] for i in b)))
        work.append((triples, prefixes, keep))
    if jobs > 1 and len(work) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        shapes_graph()  # parsed once, inherited by the workers
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(min(jobs, len(work)), mp_context=ctx) as pool:
            outcomes = list(pool.map(_batch_worker, work))
    else:
        outcomes = [_validate_batch(*w) for w in work]
    for b, results in zip(batches, outcomes):
        owner = {}
        for i in b:
            for s in todo[i][1]:
                owner[s] = i
        per_unit: dict[int, list] = {i: [] for i in b}
        for focus, bad, line in results:
            per_unit[owner[focus]].append((bad, line))
        for i in b:
            lines += per_unit[i]
            key = todo[i][0]
            if key is not None and folder is not None:
                _store(folder / key[:2] / f"{key}.json", {"key": key, "results": per_unit[i]})
    stats["validated"] = stats["units"] - stats["cached"]
    return _report(lines), stats


def _store(path, obj) -> None:
    """Write a cache entry atomically; a cache that cannot be written is skipped."""
    import json
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".shacl.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass
