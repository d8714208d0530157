"""A linear SHACL Core validator for the subset of components ``ontology/shapes.ttl`` uses.

pyshacl validates about 1,250 triples/s here (more than 10 min at 1M triples).
This validator reads the shapes graph as data, indexes the data triples once by
subject and predicate, then makes one pass per shape over its focus nodes, so
its cost is linear in the triples.  A shapes graph that uses anything it does
not implement (a constraint component, a complex path, a target kind) is
refused with a :class:`~graph.errors.DataError` naming it: no check is ever
silently dropped.  pyshacl stays the reference (``--shacl pyshacl``);
``tests/test_validate.py`` checks both give the same results.

Semantics follow SHACL 1.0 (https://www.w3.org/TR/shacl/) as pyshacl 0.40
implements them, with ``inference="none"``: SHACL instances (``sh:targetClass``,
``sh:class``) follow ``rdf:type/rdfs:subClassOf*`` in the *data* graph, which
is what the spec prescribes; the ontology is not mixed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Callable, Iterable, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from .errors import DataError
from .memory import cycle_collector_paused

# -- what is implemented ----------------------------------------------------------

#: sh: predicates of a shape that carry no constraint (read or ignored on purpose)
_NON_VALIDATING = frozenset({
    SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
})

#: constraint parameter -> its constraint component (sh:property and the
#: qualified counts are compiled separately but listed so they count as known)
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
    SH.qualifiedValueShape: None,
    SH.property: SH.PropertyConstraintComponent,
}

_NODE_KINDS = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}

#: datatypes whose literals must also have a Python value of this type (as pyshacl checks)
_VALUE_TYPES = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: (int,), XSD.decimal: (Decimal,),
    XSD.float: (float,), XSD.boolean: (bool,), XSD.date: (date,), XSD.dateTime: (datetime,),
}


# plain URIRefs, so the hot loops do no namespace attribute look-ups
_TYPE, _SUBCLASS, _LANGSTRING, _STRING = URIRef(RDF.type), URIRef(RDFS.subClassOf), URIRef(RDF.langString), URIRef(XSD.string)
_MIN_COUNT, _MAX_COUNT = SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent
_QMIN, _QMAX = SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent
_LT, _LTE = SH.LessThanConstraintComponent, SH.LessThanOrEqualsConstraintComponent


_EMPTY: dict = {}  # shared "no values"; never written to


class Result(NamedTuple):
    """One validation result: what the report prints and the tests compare."""

    focus: object
    path: URIRef | None
    component: URIRef
    severity: URIRef
    value: object
    message: str


@dataclass(frozen=True)
class Shape:
    """A compiled shape: its targets, value path and (component, parameter) checks."""

    node: object
    path: URIRef | None
    checks: tuple[tuple[URIRef, Callable], ...]  # (component, check(focus, values, index) -> failures)
    empty_checks: tuple[tuple[URIRef, Callable], ...]  # the checks that can fail when there are no values
    properties: tuple["Shape", ...]
    severity: URIRef
    message: str
    targets: tuple[tuple[URIRef, object], ...]


# -- the data index -------------------------------------------------------------


class Index:
    """The data triples by subject and predicate, with the class hierarchy of the data graph.

    Most (subject, predicate) pairs have one value: it is kept as it is (an RDF term)
    rather than in a one-entry dict (~180 bytes), and :meth:`objects` gives it as a
    1-tuple; each predicate's (subject, object) pairs are two parallel lists rather
    than a list of 2-tuples.  At a million triples that is about 250 MB less at the
    validate stage's peak, with the same answers.
    """

    def __init__(self, triples: Iterable[tuple]):
        spo: dict = {}
        subjects_by_pred: dict = {}
        objects_by_pred: dict = {}
        # predicates and classes are keyed by the very objects compiled shapes look them up
        # with (the interned IRIs, :data:`_IRIS`): a dict compares keys by identity first,
        # and an equal but other object makes it call rdflib's ``__eq__``, in Python, on
        # every look-up (2.8M calls validating 1,000 pages, 0.45M now: ~9 % of its CPU).
        # Found by the id of the data's object, as the data shares a few of them by the million
        canonical = _IRIS
        same: dict = {}  # id of a data predicate or class object -> the object to key by
        seen: list = []  # those objects, kept so that no id is reused meanwhile
        for s, p, o in triples:
            q = same.get(id(p))
            if q is None:
                q = same[id(p)] = canonical.get(p, p)
                seen.append(p)
            p = q
            if p is _TYPE or p is _SUBCLASS:
                q = same.get(id(o))
                if q is None:
                    q = same[id(o)] = canonical.get(o, o)
                    seen.append(o)
                o = q
            preds = spo.get(s)
            if preds is None:
                preds = spo[s] = {}
            objs = preds.get(p)
            if objs is None:
                preds[p] = o
            elif type(objs) is not dict:  # one value so far (terms are never dicts)
                if objs is o or (hash(objs) == hash(o) and objs == o):  # as a dict decides
                    continue
                preds[p] = {objs: None, o: None}
            elif o in objs:
                continue
            else:
                objs[o] = None
            subj = subjects_by_pred.get(p)
            if subj is None:
                subj = subjects_by_pred[p] = []
                objects_by_pred[p] = []
            subj.append(s)
            objects_by_pred[p].append(o)
        self.spo = spo
        self._subjects_by_pred = subjects_by_pred
        self._objects_by_pred = objects_by_pred
        self._supers: dict = {}
        self._instances: dict = {}
        # the answers of is_instance and has_datatype, by the ids of their arguments: an
        # entity or a number is checked again for every statement naming it
        self._checked: dict = {}
        self._typed: dict = {}
        self._by_type: dict | None = None

    def objects(self, s, p):
        """Values of ``p`` on ``s``, deduplicated, in first-seen order: a 1-tuple or an
        ordered set (a dict); either answers ``in``, ``len`` and iteration.  Do not modify."""
        objs = self.spo.get(s, _EMPTY).get(p, _EMPTY)
        return objs if type(objs) is dict else (objs,)

    def subjects_of(self, p) -> dict:
        """Distinct subjects of ``p`` as an ordered set."""
        return dict.fromkeys(self._subjects_by_pred.get(p, ()))

    def objects_of(self, p) -> dict:
        """Distinct objects of ``p`` as an ordered set."""
        return dict.fromkeys(self._objects_by_pred.get(p, ()))

    def supers(self, c) -> frozenset:
        """``c`` and its superclasses through ``rdfs:subClassOf*`` in the data graph."""
        if c not in self._supers:
            seen, todo = {c}, [c]
            while todo:
                for up in self.objects(todo.pop(), _SUBCLASS):
                    if up not in seen:
                        seen.add(up)
                        todo.append(up)
            self._supers[c] = frozenset(seen)
        return self._supers[c]

    def is_instance(self, node, cls) -> bool:
        """SHACL instance: ``node rdf:type/rdfs:subClassOf* cls``."""
        found = self._checked.get((id(node), id(cls)))
        if found is None:  # the answer, with the terms (kept, so that their ids stay theirs)
            found = self._checked[id(node), id(cls)] = (not isinstance(node, Literal) and any(
                cls in self.supers(t) for t in self.objects(node, _TYPE)), node, cls)
        return found[0]

    def has_datatype(self, value, datatype) -> bool:
        """Whether the literal ``value`` has ``datatype`` (and a value of its type)."""
        found = self._typed.get((id(value), id(datatype)))
        if found is None:
            found = self._typed[id(value), id(datatype)] = (_has_datatype(value, datatype), value, datatype)
        return found[0]

    def instances(self, cls) -> dict:
        """Every SHACL instance of ``cls``, as an ordered set (rdf:type is grouped by class once)."""
        if self._by_type is None:
            self._by_type = {}
            for s, t in zip(self._subjects_by_pred.get(_TYPE, ()), self._objects_by_pred.get(_TYPE, ())):
                self._by_type.setdefault(t, {})[s] = None
        if cls not in self._instances:
            out: dict = {}
            for t, members in self._by_type.items():
                if cls in self.supers(t):
                    out.update(members)
            self._instances[cls] = out
        return self._instances[cls]


# -- compiling the shapes graph ------------------------------------------------------


def _unsupported(what: str, node, sg: Graph) -> DataError:
    """The error for a shapes feature this validator lacks: it names the feature and the shape."""
    return DataError(
        f"the shapes use {what} (on shape {_name(node, sg)}), which graph/shacl_core.py does not implement; "
        "implement it there or validate with --shacl pyshacl"
    )


def prefixed_name(node, g: Graph) -> str:
    """``node`` as ``g``'s prefixes spell it (``czt:City``), ``<iri>`` without one; other nodes as text."""
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    return str(node)


def _name(node, sg: Graph) -> str:
    """``node`` as the shapes file spells it (prefixed name, ``_:`` for a blank node), for error messages."""
    return prefixed_name(node, sg) if isinstance(node, URIRef) else f"_:{node}"


def _one(sg: Graph, node, p):
    """The single value of ``p`` on ``node`` (None if absent); several are refused, not guessed at."""
    values = list(sg.objects(node, p))
    if len(values) > 1:
        raise _unsupported(f"several values of {_name(p, sg)}", node, sg)
    return values[0] if values else None


def _list(sg: Graph, head) -> tuple:
    """Members of the RDF list at ``head``."""
    return tuple(Collection(sg, head))


def _message(sg: Graph, node) -> str:
    """The shape's sh:message (English first), printed in the report; "" without one."""
    msgs = sorted(sg.objects(node, SH.message), key=lambda m: (getattr(m, "language", None) != "en", str(m)))
    return str(msgs[0]) if msgs else ""


def compile_shapes(sg: Graph) -> tuple[Shape, ...]:
    """Every shape with a target, compiled; raise :class:`DataError` on anything unimplemented."""
    memo: dict = {}
    roots = sorted(
        {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf) for s in sg.subjects(p)},
        key=str,
    )
    for shape_type in (SH.NodeShape, SH.PropertyShape):
        for s in sg.subjects(RDF.type, shape_type):
            if (s, RDF.type, RDFS.Class) in sg or (s, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in sg:
                raise _unsupported("implicit class targets (a shape that is also a class)", s, sg)
            _compile(sg, s, memo, ())
    return tuple(_compile(sg, s, memo, ()) for s in roots)


#: one object per IRI the compiled shapes hold (the shapes graph may hold several equal
#: ones), with those the index itself looks up: the keys :class:`Index` files the data
#: under
_IRIS: dict = {t: t for t in (_TYPE, _SUBCLASS, _LANGSTRING, _STRING, *_VALUE_TYPES)}


def _iri(term):
    """The one object of ``term``'s IRI that compiled shapes hold (other terms as they are)."""
    return _IRIS.setdefault(term, term) if type(term) is URIRef else term


def _compile(sg: Graph, node, memo: dict, stack: tuple) -> Shape:
    """One shape and the shapes it refers to, compiled once each (``memo``)."""
    if node in memo:
        return memo[node]
    if node in stack:
        raise _unsupported("recursive shapes", node, sg)
    stack = stack + (node,)
    for p in set(sg.predicates(node, None)):
        if str(p).startswith(str(SH)) and p not in _NON_VALIDATING and p not in _COMPONENT and p != RDF.type:
            raise _unsupported(f"the constraint parameter {_name(p, sg)}", node, sg)
    path = _iri(_one(sg, node, SH.path))
    if path is not None and not isinstance(path, URIRef):
        raise _unsupported("a complex sh:path (inverse, sequence, alternative or * paths)", node, sg)
    checks: list[tuple[URIRef, object]] = []
    for p, component in _COMPONENT.items():
        if component is None or p in (SH.property, SH.qualifiedMinCount, SH.qualifiedMaxCount):
            continue
        for value in sorted(sg.objects(node, p), key=str):
            checks.append((component, _check(component, _parameter(sg, p, value, memo, stack))))
    qualified = list(sg.objects(node, SH.qualifiedValueShape))
    if len(qualified) > 1:
        raise _unsupported("several sh:qualifiedValueShape on one shape", node, sg)
    if qualified:
        inner = _compile(sg, qualified[0], memo, stack)
        for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            n = _one(sg, node, p)
            if n is not None:
                checks.append((_COMPONENT[p], _check(_COMPONENT[p], (inner, int(n)))))
    elif any(sg.objects(node, SH.qualifiedMinCount)) or any(sg.objects(node, SH.qualifiedMaxCount)):
        raise _unsupported("a qualified count without sh:qualifiedValueShape", node, sg)
    properties = tuple(_compile(sg, ps, memo, stack) for ps in sorted(sg.objects(node, SH.property), key=str))
    targets = tuple(
        (kind, _iri(t))
        for kind in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        for t in sorted(sg.objects(node, kind), key=str)
    )
    empty = tuple(c for c in checks if c[0] not in _PER_VALUE and c[0] not in (_MAX_COUNT, _QMAX, _LT, _LTE))
    shape = Shape(node, path, tuple(checks), empty, properties, _one(sg, node, SH.severity) or SH.Violation,
                  _message(sg, node), targets)
    memo[node] = shape
    return shape


def _parameter(sg: Graph, p, value, memo: dict, stack: tuple):
    """The checkable form of one parameter value (a set, a regex, compiled shapes…)."""
    if p in (SH.minCount, SH.maxCount):
        return int(value)
    if p == SH["in"]:
        return frozenset(_list(sg, value))
    if p == SH.languageIn:
        return tuple(str(x).lower() for x in _list(sg, value))
    if p == SH.pattern:
        return re.compile(str(value))
    if p == SH.nodeKind:
        if value not in _NODE_KINDS:
            raise _unsupported(f"the node kind {_name(value, sg)}", value, sg)
        return _NODE_KINDS[value]
    if p == SH["or"]:
        return tuple(_compile(sg, m, memo, stack) for m in _list(sg, value))
    if p == SH["not"]:
        return _compile(sg, value, memo, stack)
    return _iri(value)


# -- checking ------------------------------------------------------------------------


def _order(a, b) -> int | None:
    """SPARQL-style order of two terms' values (-1/0/1); None when they do not compare."""
    if not isinstance(a, Literal) or not isinstance(b, Literal):
        return None
    x, y = a.value, b.value
    if x is None or y is None or isinstance(x, str) != isinstance(y, str):
        return None
    numeric = (int, float, Decimal)
    if isinstance(x, bool) or isinstance(y, bool) or not (
        (isinstance(x, numeric) and isinstance(y, numeric)) or type(x) is type(y)
    ):
        return None
    try:
        return (x > y) - (x < y)
    except TypeError:
        return None


def _pair_order(a, b) -> int | None:
    """Order for sh:lessThan: IRIs and strings as text, other literals by value."""
    sa = str(a) if isinstance(a, URIRef) else a.value if isinstance(a, Literal) and isinstance(a.value, str) else None
    sb = str(b) if isinstance(b, URIRef) else b.value if isinstance(b, Literal) and isinstance(b.value, str) else None
    if (sa is None) != (sb is None):
        return None
    if sa is not None:
        return (sa > sb) - (sa < sb)
    return _order(a, b)


def _same_term(a, b) -> bool:
    """``a == b`` for rdflib terms (the same type and text), without the Python call of
    rdflib's ``__eq__``."""
    return a is b or (type(a) is type(b) and str.__eq__(a, b))


def _has_datatype(v, dt) -> bool:
    if not isinstance(v, Literal):
        return False
    if _same_term(dt, _LANGSTRING):
        return bool(v.language)
    if v.language:
        return False
    actual = v.datatype if v.datatype is not None else _STRING
    if not _same_term(actual, dt) or getattr(v, "ill_typed", None) is True:
        return False
    kinds = _VALUE_TYPES.get(dt)
    return kinds is None or isinstance(v.value, kinds)


def _lang_in(v, ranges: tuple) -> bool:
    if not isinstance(v, Literal) or not v.language:
        return False
    tag = v.language.lower()
    return any(r == "*" or tag == r or tag.startswith(r + "-") for r in ranges)


def _pattern(v, regex) -> bool:
    return not isinstance(v, BNode) and regex.search(str(v)) is not None


#: per-value checks: component -> (parameter -> check(focus, values, index) -> the failing
#: values), each test written inside its comprehension (a test function called per value
#: cost one Python call more for each of ~1.1M values validating 1,000 pages)
_PER_VALUE: dict[URIRef, Callable] = {
    SH.ClassConstraintComponent:
        lambda c: lambda focus, values, idx: [v for v in values if not idx.is_instance(v, c)],
    SH.DatatypeConstraintComponent:
        lambda d: lambda focus, values, idx: [v for v in values if not idx.has_datatype(v, d)],
    SH.NodeKindConstraintComponent:
        lambda kinds: lambda focus, values, idx: [v for v in values if not isinstance(v, kinds)],
    SH.InConstraintComponent:
        lambda members: lambda focus, values, idx: [v for v in values if v not in members],
    SH.LanguageInConstraintComponent:
        lambda ranges: lambda focus, values, idx: [v for v in values if not _lang_in(v, ranges)],
    SH.PatternConstraintComponent:
        lambda regex: lambda focus, values, idx: [v for v in values if not _pattern(v, regex)],
    SH.MinInclusiveConstraintComponent:
        lambda m: lambda focus, values, idx: [v for v in values if _order(v, m) not in (0, 1)],
    SH.MaxInclusiveConstraintComponent:
        lambda m: lambda focus, values, idx: [v for v in values if _order(v, m) not in (-1, 0)],
    SH.OrConstraintComponent:
        lambda members: lambda focus, values, idx: [v for v in values if not any(conforms(m, v, idx) for m in members)],
    SH.NotConstraintComponent:
        lambda inner: lambda focus, values, idx: [v for v in values if conforms(inner, v, idx)],
}


def _check(component: URIRef, param) -> Callable:
    """The check of one constraint: (focus, values, index) -> failing values (None: the focus as a whole)."""
    per_value = _PER_VALUE.get(component)
    if per_value is not None:
        return per_value(param)
    if component == _MIN_COUNT:
        return lambda focus, values, idx: [None] if len(values) < param else []
    if component == _MAX_COUNT:
        return lambda focus, values, idx: [None] if len(values) > param else []
    if component == SH.HasValueConstraintComponent:
        return lambda focus, values, idx: [] if param in values else [None]
    if component in (_QMIN, _QMAX):
        inner, n = param
        too_few = component == _QMIN

        def qualified(focus, values, idx):
            count = sum(1 for v in values if conforms(inner, v, idx))
            return [None] if (count < n if too_few else count > n) else []

        return qualified
    if component == SH.EqualsConstraintComponent:

        def equals(focus, values, idx):
            other = idx.objects(focus, param)
            return [v for v in values if v not in other] + [o for o in other if o not in values]

        return equals
    if component in (_LT, _LTE):
        bad = (None, 1) if component == _LTE else (None, 0, 1)
        return lambda focus, values, idx: [
            v for v in values for o in idx.objects(focus, param) if _pair_order(v, o) in bad
        ]
    raise AssertionError(f"unhandled component {component}")  # _COMPONENT admits no other


def evaluate(shape: Shape, focus, idx: Index) -> list[Result]:
    """Results of ``shape`` on one focus node, those of its sh:property shapes included."""
    values = idx.objects(focus, shape.path) if shape.path is not None else (focus,)
    if not values:  # per-value checks and sh:property have nothing to look at
        return [Result(focus, shape.path, component, shape.severity, value, shape.message)
                for component, check in shape.empty_checks for value in check(focus, values, idx)]
    out = [
        Result(focus, shape.path, component, shape.severity, value, shape.message)
        for component, check in shape.checks
        for value in check(focus, values, idx)
    ]
    for ps in shape.properties:
        if ps.properties or ps.path is None:
            for v in values:
                out += evaluate(ps, v, idx)
            continue
        # a property shape of checks only (nearly all): evaluated here, as the call above
        # would, without a Python call and a list per focus node (~1.5M of them at 1,000 pages)
        path, checks, empty, spo = ps.path, ps.checks, ps.empty_checks, idx.spo
        for v in values:
            found = spo.get(v, _EMPTY).get(path, _EMPTY)  # idx.objects(v, path), inlined
            if type(found) is not dict:
                found = (found,)
            for component, check in (checks if found else empty):
                failing = check(v, found, idx)
                if failing:
                    out += [Result(v, path, component, ps.severity, value, ps.message) for value in failing]
    return out


def conforms(shape: Shape, node, idx: Index) -> bool:
    """Whether ``node`` conforms to a nested shape (sh:or, sh:not, qualified value shapes)."""
    return not evaluate(shape, node, idx)


def focus_nodes(shape: Shape, idx: Index) -> dict:
    """The focus nodes of ``shape``'s targets, as an ordered set."""
    out: dict = {}
    for kind, t in shape.targets:
        if kind == SH.targetClass:
            out.update(idx.instances(t))
        elif kind == SH.targetNode:
            out[t] = None
        elif kind == SH.targetSubjectsOf:
            out.update(idx.subjects_of(t))
        else:
            out.update(idx.objects_of(t))
    return out


def validate_triples(triples: Iterable[tuple], shapes: tuple[Shape, ...]) -> list[Result]:
    """Every result of ``shapes`` over ``triples``: one index, one pass per shape."""
    with cycle_collector_paused():  # the index is millions of acyclic objects
        idx = Index(triples)
        return [r for shape in shapes for focus in focus_nodes(shape, idx) for r in evaluate(shape, focus, idx)]
