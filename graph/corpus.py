"""Corpus stage: raw bytes → :class:`Page` → :class:`Document` records.

Decoding removes a BOM and nothing else, so every later offset indexes exactly
the text a user sees in the file.  Segmentation splits a scraped page into its main
article and each "recommended article" teaser, and reads the article's metadata
(title, date and time, 【来源:…】, 来源丨/编辑丨/审核丨 bylines).

>>> page = decode_page(b"\\xef\\xbb\\xbf\\xe9\\x95\\xbf\\xe6\\xb2\\x99", "x.txt")
>>> page.text, page.encoding
('长沙', 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import PageError
from .records import Document, Page, Span
from .rules import rules

MAX_PAGE_BYTES = 20 * 1024 * 1024


# -- decoding ------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Detector names that are subsets of a wider codec: decode with the wider one.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str, bool]:
    """Decode page bytes; returns (text, encoding, confident).

    BOMs decide first; then strict UTF-8; then charset-normalizer.  Raises
    :class:`PageError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise PageError("page is empty", path=name)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc, True
            except UnicodeDecodeError as exc:
                raise PageError(f"has a {enc} BOM but invalid bytes at {exc.start}", path=name) from None
    if _looks_binary(data):
        raise PageError("is not text (binary content: NUL or control bytes)", path=name)
    try:
        return data.decode("utf-8"), "utf-8", True
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs", "utf_16", "euc_jp", "cp1252"]).best()
    if best is None:
        raise PageError("cannot be decoded as text in any supported encoding", path=name)
    enc = _WIDER.get(best.encoding.replace("_", "").lower(), best.encoding)
    enc = _WIDER.get(enc, enc)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        text = str(best)
        enc = best.encoding
    confident = best.chaos < 0.1 and best.coherence > 0.1
    return text, enc, confident


def decode_page(data: bytes, path: str) -> Page:
    """Decode the bytes of one page file into a :class:`Page`."""
    name = Path(path).name
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"page is {len(data) // 1024 // 1024} MB, over the {MAX_PAGE_BYTES // 1024 // 1024} MB limit", path=path)
    text, encoding, confident = decode_bytes(data, path)
    if not text.strip():
        raise PageError("page has no text after decoding", path=path)
    return Page(
        path=path,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        encoding=encoding,
        encoding_confident=confident,
    )


def read_page(path: Path) -> Page:
    """Read and decode one file (the I/O edge of this stage)."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(f"page is {size // 1024 // 1024} MB, over the {MAX_PAGE_BYTES // 1024 // 1024} MB limit", path=path)
        data = path.read_bytes()
    except PageError:
        raise
    except OSError as exc:
        raise PageError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    return decode_page(data, str(path))


# -- segmentation ----------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def lines_of(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return out


@lru_cache(maxsize=1)
def _compiled():
    page = rules()["page"]
    return (
        re.compile(page["site_suffix"]),
        tuple(page["teaser_headers"]),
        tuple(page["notice_prefixes"]),
        re.compile(page["date_time"]),
        re.compile(page["header_source"]),
        re.compile(page["byline"]),
        dict(page["byline_roles"]),
    )


def document_iri(base: str, page: Page, kind: str, index: int = 0) -> str:
    """Stable document IRI from the page's content hash (not its name or run order)."""
    root = f"{base}doc/{page.sha256[:16]}"
    return root if kind == "article" else f"{root}/teaser-{index}"


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _names(value: str, offset: int) -> list[Span]:
    """Split a byline value "彭建南 曹艳" into name spans."""
    return [Span(offset + m.start(), offset + m.end(), m.group()) for m in re.finditer(r"[^\s、,，/|丨]+", value)]


def segment(page: Page, base: str) -> list[Document]:
    """Split a page into its article and teasers, reading the article's metadata."""
    site_suffix, teaser_headers, notices, date_re, source_re, byline_re, roles = _compiled()
    text = page.text
    lines = lines_of(text)
    nonempty = [ln for ln in lines if ln.text.strip()]
    if not nonempty:
        return []
    title_line = nonempty[0]
    title = site_suffix.sub("", title_line.text).strip()

    # where the teasers start: a header line, or the first chrome line naming another title
    teaser_from = len(text)
    header_line: _Line | None = None
    for ln in lines:
        if any(h in ln.text for h in teaser_headers) and len(ln.text.strip()) <= 20:
            header_line = ln
            teaser_from = ln.start
            break
    chrome = [ln for ln in lines if site_suffix.search(ln.text)]
    teaser_starts = [
        ln
        for ln in chrome
        if ln is title_line or ln.start >= teaser_from or site_suffix.sub("", ln.text).strip() != title
    ]
    if teaser_starts and teaser_starts[0].start < teaser_from:
        teaser_from = teaser_starts[0].start

    docs: list[Document] = []
    # -- the article
    a_start, a_end = _strip(text, 0, teaser_from)
    if a_end > a_start and not (teaser_starts and teaser_starts[0] is title_line):
        skip: list[tuple[int, int]] = []
        bylines: list[tuple[str, Span]] = []
        date = datetime = source = original = None
        editors: list[str] = []
        reviewers: list[str] = []
        reporters: list[str] = []
        for ln in lines:
            if ln.start < a_start or ln.end > a_end or not ln.text.strip():
                continue
            body = ln.text
            if ln is not title_line and site_suffix.search(body):
                skip.append((ln.start, ln.end))
                continue
            if body.lstrip().startswith(notices):
                skip.append((ln.start, ln.end))
                continue
            if date is None and ln.start - a_start < 400:
                m = date_re.search(body)
                if m and len(body.strip()) <= 60 and m.start() <= 2:
                    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
                    date = f"{y:04d}-{mo:02d}-{d:02d}"
                    if m["H"]:
                        datetime = f"{date}T{int(m['H']):02d}:{m['M']}:{m['S'] or '00'}"
                    skip.append((ln.start, ln.end))
                    continue
            m = source_re.search(body)
            if m and source is None:
                source = m["value"]
                skip.append((ln.start + m.start(), ln.start + m.end()))
                bylines.append(("source", Span(ln.start + m.start("value"), ln.start + m.end("value"), source)))
            m = byline_re.match(body)
            if m:
                role = roles[m["label"]]
                skip.append((ln.start, ln.end))
                vstart = ln.start + m.start("value")
                if role == "source":
                    original = m["value"]
                    bylines.append(("source", Span(vstart, ln.start + m.end("value"), original)))
                    continue
                for span in _names(m["value"], vstart):
                    bylines.append((role, span))
                    {"编辑": editors, "审核": reviewers}.get(role, reporters).append(span.text)
        if header_line is not None and header_line.start < a_end:
            skip.append((header_line.start, header_line.end))
        docs.append(
            Document(
                page=page,
                id=document_iri(base, page, "article"),
                kind="article",
                span=(a_start, a_end),
                title=title,
                date=date,
                datetime=datetime,
                source=source,
                original_source=original,
                editors=tuple(editors),
                reviewers=tuple(reviewers),
                reporters=tuple(reporters),
                skip_spans=tuple(sorted(skip)),
                byline_spans=tuple(bylines),
            )
        )
    # -- the teasers
    for i, ln in enumerate(teaser_starts):
        end = teaser_starts[i + 1].start if i + 1 < len(teaser_starts) else len(text)
        t_start, t_end = _strip(text, ln.start, end)
        if t_end <= t_start:
            continue
        skip = [(ln.start, ln.end)]
        bylines = []
        source = None
        sub = text[t_start:t_end]
        m = source_re.search(sub)
        if m:
            source = m["value"]
            skip.append((t_start + m.start(), t_start + m.end()))
            bylines.append(("source", Span(t_start + m.start("value"), t_start + m.end("value"), source)))
        docs.append(
            Document(
                page=page,
                id=document_iri(base, page, "teaser", i + 1),
                kind="teaser",
                span=(t_start, t_end),
                title=site_suffix.sub("", ln.text).strip(),
                source=source,
                skip_spans=tuple(sorted(skip)),
                byline_spans=tuple(bylines),
            )
        )
    return docs


@lru_cache(maxsize=256)
def sentences(doc: Document) -> tuple[Span, ...]:
    """Sentence spans of a document (page offsets), whitespace-trimmed.

    Sentences end at 。！？!?；; and at line breaks; metadata lines are excluded.
    """
    text = doc.page.text
    out: list[Span] = []
    for m in _sentence_re().finditer(text, doc.span[0], doc.span[1]):
        s, e = _strip(text, m.start(), m.end())
        if e > s and not any(a <= s and e <= b for a, b in doc.skip_spans):
            out.append(Span(s, e, text[s:e]))
    return tuple(out)


@lru_cache(maxsize=1)
def _sentence_re() -> re.Pattern:
    ends = re.escape(rules()["sentences"]["terminators"])
    return re.compile(f"[^{ends}\\r\\n]+[{ends}]*")
