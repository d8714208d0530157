"""Typed records passed between the pipeline stages.

All records are frozen dataclasses: a stage takes records and returns new ones, it
never mutates what an earlier stage produced.  Offsets (``start``/``end``) are always
Python string indices into the *page's* decoded text (BOM removed, nothing else
changed), so ``page.text[m.start:m.end] == m.text`` holds for every mention and
every evidence span.

>>> s = Span(3, 5, "长沙")
>>> s.end - s.start
2
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter

def replaced(record, **changes):
    """``dataclasses.replace`` for the records, without its look at the class's fields on
    every call: resolve rewrites ~1M mentions and assertions at 10,000 pages, and
    ``replace`` took ~3x as long.

    >>> replaced(Span(3, 5, "长沙"), end=4, text="长")
    Span(start=3, end=4, text='长')
    """
    names, index, values_of = _init_fields(type(record))
    values = list(values_of(record)) if len(names) > 1 else [values_of(record)]
    for name, value in changes.items():
        try:
            values[index[name]] = value
        except KeyError:
            raise TypeError(f"{type(record).__name__} has no field {name!r}") from None
    return type(record)(*values)


@lru_cache(maxsize=None)
def _init_fields(cls) -> tuple:
    names = tuple(f.name for f in fields(cls) if f.init)
    return names, {n: i for i, n in enumerate(names)}, attrgetter(*names)


#: The seven coarse entity types of the extract contract, in display order.
COARSE_TYPES = ("Place", "Organization", "Project", "Agreement", "Policy", "Event", "Person")


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a page's decoded text."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Page:
    """One input file, decoded.

    ``encoding_confident`` is False when the detector was unsure; the documents of
    the page carry that flag in their metadata.
    """

    path: str  # as given by the user (relative paths stay relative)
    name: str  # file name, used in reports and provenance
    sha256: str  # of the raw bytes: stable identity of the page
    text: str
    encoding: str
    encoding_confident: bool = True

    @property
    def chars(self) -> int:
        """Characters of decoded text (what the report and the benchmark count)."""
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Document:
    """The main article of a page or one "recommended article" teaser on it."""

    page: Page
    id: str  # IRI
    kind: str  # "article" | "teaser"
    span: tuple[int, int]  # where the document lies in page.text
    title: str = ""
    date: str | None = None  # ISO date
    datetime: str | None = None  # ISO date-time when the page gives the time
    source: str | None = None  # 【来源:…】
    original_source: str | None = None  # 来源丨…
    editors: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    #: metadata lines (source/editor/review/chrome) whose spans produce no entities
    skip_spans: tuple[tuple[int, int], ...] = ()
    #: spans of metadata values worth extracting (names of people and outlets)
    byline_spans: tuple[tuple[str, Span], ...] = ()

    @property
    def text(self) -> str:
        return self.page.text[self.span[0] : self.span[1]]


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """A curated entity: canonical zh label, class, English name, aliases, parent."""

    label: str
    cls: str  # fine ontology class, e.g. "City"
    type: str  # one of COARSE_TYPES
    en: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None  # label of another entry
    located_in: str | None = None  # label of another entry
    lat: float | None = None
    lon: float | None = None
    level: str | None = None  # province | prefecture | county for administrative units
    slug: str = ""
    origin: str = ""  # "file:line" where the entry was declared


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names an entity.

    ``key`` identifies the entity within the run: the canonical label of a lexicon
    entry, or the normalised surface form of an entity found by a pattern.
    ``via`` names the rule that produced it ("lexicon", "pattern:agreement",
    "coref:三市", …) so every mention can be explained.
    """

    doc_id: str
    span: Span
    key: str
    type: str
    cls: str
    via: str = "lexicon"

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(frozen=True, slots=True)
class Assertion:
    """One fact read from a document: subject —predicate→ object, with evidence.

    ``subject``/``object`` are entity keys before resolution and IRIs after.
    ``evidence`` is the sentence span the fact was read from (None for background
    facts from the lexicon, where ``doc_id`` is None too).
    """

    subject: str
    predicate: str  # local name of a czt: property, e.g. "signatory"
    object: str
    doc_id: str | None
    evidence: Span | None
    via: str
    role: str | None = None  # post or byline role for memberOf: 编辑, 市委书记 …


@dataclass(frozen=True, slots=True)
class Claim:
    """A numeric claim ("43项重大项目和事项") beside the items actually enumerated."""

    count: int
    unit: str
    noun: str
    doc_id: str
    evidence: Span
    subject: str | None = None  # entity key the count is about, if any
    items: tuple[str, ...] = ()  # entity keys enumerated next to the count


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extract stage read from one document."""

    document: Document
    mentions: tuple[Mention, ...]
    assertions: tuple[Assertion, ...]
    claims: tuple[Claim, ...]
    #: entity keys found by patterns, with their coarse type/class (not in the lexicon)
    discovered: tuple[tuple[str, str, str], ...] = ()
    #: (entity key, ISO date, span of the date expression) for dated events/agreements
    dates: tuple[tuple[str, str, Span], ...] = ()

    @property
    def assertion_count(self) -> int:
        return len(self.assertions)

    @property
    def claim_count(self) -> int:
        return len(self.claims)


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page known by what a build keeps of it (:class:`ExtractionNames`), not its text."""

    path: str
    name: str
    sha256: str
    chars: int


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document known by its IRI and its page: what the statements memo keys it by."""

    id: str
    page: PageRef


@dataclass(frozen=True, slots=True)
class ExtractionNames:
    """What the resolve stage reads of one document's extraction (after people named
    like a lexicon entry are set apart), and what the report counts of it.

    A rebuild takes these from the previous build instead of the extraction itself for
    the documents whose statements it takes from there too: resolve needs every
    document's names, the rdf stage only the new documents' records.
    """

    document: Document | DocumentRef
    #: (key, type, class, surface, how many mentions) of the mentions that name an entity
    named: tuple[tuple[str, str, str, str, int], ...]
    #: (key, type, class, how many mentions) of the mentions that refer to one (三市, 我市)
    referring: tuple[tuple[str, str, str, int], ...]
    #: the subjects' and objects' keys of its assertions, each once, first seen first
    ends: tuple[str, ...]
    assertion_count: int
    claim_count: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical, resolved entity with a stable IRI."""

    id: str
    label: str
    type: str
    cls: str
    en: str | None = None
    pinyin: str = ""
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
