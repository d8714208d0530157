"""Validate stage: the graph against ``ontology/shapes.ttl`` with pyshacl.

Violations fail the build with a readable report (one line per problem: focus node,
path, message); warnings are reported and do not fail it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from .errors import DataError
from .ontology import SHAPES_FILE


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


def _short(node, g: Graph) -> str:
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    return str(node)


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


def validate(data: Graph) -> ValidationReport:
    """Run the shapes over ``data`` (no inference: types are materialised by the rdf stage).

    The shapes use SHACL Core only, so pyshacl runs without its "advanced"
    features, which also spares it a copy of the whole data graph.
    """
    from pyshacl import validate as shacl

    _fast_pyshacl()
    conforms, results, _text = shacl(data, shacl_graph=shapes_graph(), inference="none", advanced=False)
    violations, warnings = [], []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = results.value(r, SH.resultMessage) or ""
        value = results.value(r, SH.value)
        line = f"{_short(focus, data)}"
        if path is not None:
            line += f" {_short(path, data)}"
        if value is not None:
            line += f" = {str(value)[:60]!r}"
        line += f": {message}"
        (warnings if severity in (SH.Warning, SH.Info) else violations).append(line)
    return ValidationReport(not violations, tuple(sorted(violations)), tuple(sorted(warnings)))
