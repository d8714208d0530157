"""Turtle and TriG text of sorted N-Triples statements, byte for byte as Oxigraph writes it.

The graph files used to be written by handing the canonical N-Triples text to
Oxigraph, which parsed it into Python objects and wrote them back: two parses and two
serializations of every statement (at 8.45M triples, TriG 17 s and Turtle 14 s of CPU;
7 s each written here).  The statements are already canonical text here, so
writing the terse forms is string work on terms made once each: an IRI becomes a
prefixed name where its local part allows one, a number or a boolean of the four
Turtle datatypes goes bare, ``rdf:type`` becomes ``a``, and statements of one subject
and predicate are chained with ``;`` and ``,``, exactly as Oxigraph's serializer does
when given the same statements in the same order (``tests/test_terse.py`` compares
both on random graphs and on the build's own).

>>> terms = TurtleTerms({"ex": "http://example.com/"})
>>> terms["<http://example.com/a-b>"], terms["<http://example.com/-a/b>"]
('ex:a-b', 'ex:\\\\-a\\\\/b')
>>> terms['"7"^^<http://www.w3.org/2001/XMLSchema#integer>']
'7'
>>> b"".join(turtle_chunks([("<http://example.com/s>", "<http://example.com/p>", '"x"')], {"ex": "http://example.com/"}))
b'@prefix ex: <http://example.com/> .\\nex:s ex:p "x" .\\n'
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"

#: lexical forms Turtle writes bare, by datatype (the grammar's BOOLEAN, INTEGER,
#: DECIMAL and DOUBLE; ASCII digits only)
_BARE = {
    f"{_XSD}boolean": re.compile(r"true|false"),
    f"{_XSD}integer": re.compile(r"[+-]?[0-9]+"),
    f"{_XSD}decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    f"{_XSD}double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
}

# PN_CHARS_BASE of the Turtle grammar, then PN_CHARS_U and PN_CHARS
_PN_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_U = re.compile(f"[{_PN_BASE}_]")
_PN = re.compile(f"[{_PN_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040]")
#: a local name that needs no escape: the common case, checked in one match
_PLAIN_LOCAL = re.compile(f"[{_PN_BASE}_:0-9][{_PN_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040:]*")
#: characters a local name may carry behind a backslash
_ESCAPABLE = frozenset("_~.-!$&'()*+,;=/?#@%")
#: the next most common case (a path: "doc/sentence/56-112"): a plain first and last
#: character, and inside, besides plain characters, dots and characters to escape
_PATH_LOCAL = re.compile(
    f"[{_PN_BASE}_:0-9](?:[{_PN_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040:.~!$&'()*+,;=/?#@%]*"
    f"[{_PN_BASE}_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040:~!$&'()*+,;=/?#@%])?"
)
_TO_ESCAPE = {ord(c): "\\" + c for c in "~!$&'()*+,;=/?#@%"}
_NOT_SLASH = re.compile(r"[~!$&'()*+,;=?#@%]")


def local_name(value: str) -> str | None:
    """The local part of a prefixed name for ``value``, escaped, or None if it cannot be one.

    >>> local_name("xiang-tan"), local_name("56-112/x."), local_name("a b")
    ('xiang-tan', '56-112\\\\/x\\\\.', None)
    """
    if _PLAIN_LOCAL.fullmatch(value):
        return value
    if _PATH_LOCAL.fullmatch(value):
        # str.translate looks every character up in a dict: slashes alone are replaced
        return value.translate(_TO_ESCAPE) if _NOT_SLASH.search(value) else value.replace("/", "\\/")
    out = []
    last = len(value) - 1
    for i, c in enumerate(value):
        if (_PN_U.match(c) or c == ":" or "0" <= c <= "9") if i == 0 else (
            _PN.match(c) or c == ":" or (c == "." and i < last)
        ):
            out.append(c)
        elif c in _ESCAPABLE:
            out.append("\\" + c)
        else:
            return None
    return "".join(out) or None


class TurtleTerms(dict):
    """N-Triples text of a term → its Turtle text, each made once (a dict that fills itself).

    Plain and language-tagged literals are the same in both and are not looked up
    here (see :meth:`_Statements.write`), so the memo holds IRIs, blank nodes and typed
    literals only.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        super().__init__()
        # the longest namespace first, as Oxigraph tries them; one regex finds the first
        self._spaces = sorted(((iri, name) for name, iri in prefixes.items()), key=lambda x: -len(x[0]))
        self._names = dict(self._spaces)
        self._first = re.compile("|".join(re.escape(iri) for iri, _ in self._spaces)).match if prefixes else None

    def iri(self, iri: str) -> str:
        found = self._first(iri) if self._first is not None else None
        if found is None:
            return f"<{iri}>"
        rest = iri[found.end():]
        if not rest:
            return f"{self._names[found.group()]}:"
        local = local_name(rest)
        if local is not None:
            return f"{self._names[found.group()]}:{local}"
        for space, name in self._spaces:  # not a local name there: a shorter namespace may do
            if len(space) < found.end() and iri.startswith(space):
                local = local_name(iri[len(space):])
                if local is not None:
                    return f"{name}:{local}"
        return f"<{iri}>"

    def make(self, text: str) -> str:
        """The Turtle text of a term, not kept (a subject's statements are written
        together: most subjects are looked up once per graph)."""
        if text[0] == "<":
            return self.iri(text[1:-1])
        if text[0] == '"' and text[-1] == ">":
            cut = text.rfind('"^^<')
            lexical, datatype = text[1:cut], text[cut + 4 : -1]
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(lexical):
                return lexical
            return f"{text[: cut + 1]}^^{self.iri(datatype)}"
        return text  # a blank node, or a literal without a datatype

    def __missing__(self, text: str) -> str:
        made = self[text] = self.make(text)
        return made


def header(prefixes: dict[str, str]) -> str:
    """The ``@prefix`` lines, sorted (Oxigraph's own order is by length, ties unordered)."""
    return "".join(sorted(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items()))


class _Statements:
    """Appends the Turtle text of sorted statements to a list, chunk after chunk: a
    subject's statements after the first are chained with ";" (a new predicate) and
    "," (another object), as Oxigraph chains consecutive statements.  The last
    statement is left open, for the caller to close (" .") at a graph's end or the file's."""

    def __init__(self, terms: TurtleTerms, indent: str = "") -> None:
        self.terms, self.indent = terms, indent
        self.last_s = self.last_p = None

    def write(self, triples: Iterable[tuple], out: list) -> None:
        terms = self.terms
        predicates = {_RDF_TYPE: "a"}
        more = " ;\n\t" + self.indent
        after = " .\n" + self.indent
        last_s, last_p = self.last_s, self.last_p
        for s, p, o in triples:
            if o[-1] == ">" or o[0] == "_":
                o = terms[o]
            if s == last_s:
                if p == last_p:
                    out.append(" , " + o)
                else:
                    last_p = p
                    out.append(f"{more}{predicates.get(p) or terms[p]} {o}")
            else:
                st = terms.get(s) or terms.make(s)  # kept only if also an object
                out.append(f"{after if last_s is not None else ''}{st} {predicates.get(p) or terms[p]} {o}")
                last_s, last_p = s, p
        self.last_s, self.last_p = last_s, last_p


def turtle_chunks(triples: list, prefixes: dict[str, str], size: int = 8192) -> Iterator[bytes]:
    """The Turtle text of ``triples`` ((s, p, o) N-Triples texts, sorted), in UTF-8 chunks
    of ``size`` statements; nothing at all for no statements (as Oxigraph)."""
    return turtle_block_chunks((triples[i : i + size] for i in range(0, len(triples), size)), prefixes)


def turtle_block_chunks(blocks: Iterable[list], prefixes: dict[str, str]) -> Iterator[bytes]:
    """:func:`turtle_chunks` of sorted statements given as consecutive blocks, one chunk
    per block (a subject may go on in the next block)."""
    writer = None
    for block in blocks:
        if not block:
            continue
        out = []
        if writer is None:
            writer = _Statements(TurtleTerms(prefixes))
            out.append(header(prefixes))
        writer.write(block, out)
        yield "".join(out).encode("utf-8")
    if writer is not None:
        yield b" .\n"


#: what closes a named graph in TriG, after its last statement's " ."
GRAPH_CLOSE = "}\n"


def graph_opening(terms: TurtleTerms, graph_text: str) -> str:
    """What opens a graph's statements in TriG: nothing for the default graph (text ""),
    else its name and a brace (graph text " <iri>")."""
    return f"{terms[graph_text[1:]]} {{\n\t" if graph_text else ""


def trig_chunks(graphs: Iterable[tuple[str, list]], prefixes: dict[str, str], size: int = 8192) -> Iterator[bytes]:
    """The TriG text of ``graphs`` ((graph text, sorted triples) in order; graph text ""
    for the default graph, else " <iri>"), in UTF-8 chunks of at most ``size`` statements;
    nothing at all for no statements (as Oxigraph)."""
    terms = TurtleTerms(prefixes)
    writer = None
    for gt, triples in graphs:
        if not triples:
            continue
        out = [header(prefixes)] if writer is None else [" .\n" + (GRAPH_CLOSE if writer.indent else "")]
        writer = _Statements(terms, "\t" if gt else "")
        out.append(graph_opening(terms, gt))
        for i in range(0, len(triples), size):
            writer.write(triples[i : i + size], out)
            yield "".join(out).encode("utf-8")
            out = []
    if writer is not None:
        yield (" .\n" + (GRAPH_CLOSE if writer.indent else "")).encode("utf-8")
