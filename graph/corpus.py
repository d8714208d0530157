"""Corpus stage: raw bytes → :class:`Page` → :class:`Document` records.

Decoding removes a BOM and nothing else, so every later offset indexes exactly
the text a user sees in the file (the one exception, one-for-one so offsets stay
exact: bytes that cannot be decoded and characters no RDF output can carry become
U+FFFD, and the page is flagged uncertain -- see "What decoded text means" below).
Segmentation splits a scraped page into its main article and each "recommended
article" teaser, and reads the article's metadata (title, date and time, 【来源:…】,
来源丨/编辑丨/审核丨 bylines).

Bad input, as a user meets it:

* empty or blank file, a lone BOM → ``PageError`` "page is empty" / "has no text";
* binary files (NUL or many control bytes: images, archives, PDFs) → "is not text";
* bytes no supported encoding reads (or that read only as private-use characters)
  → "cannot be decoded …";
* a file over :data:`MAX_PAGE_BYTES` → "page is N MB, over the 4 MB limit", refused
  from its size without reading it;
* HTML instead of text → read (best effort): markup kept in the text, skipped for
  extraction, title from ``<title>``;
* a page of only teasers → teaser documents and no article;
* a character cut off at the end, a UTF-8 page with pasted GBK lines, UTF-16 without
  BOM, a Western (cp1252) page → decoded and flagged uncertain
  (``Page.encoding_confident`` False, ``encoding_confident`` in the extract contract).

Every ``PageError`` is one line naming the file; the build goes on with the other pages.

>>> page = decode_page(b"\\xef\\xbb\\xbf\\xe9\\x95\\xbf\\xe6\\xb2\\x99", "x.txt")
>>> page.text, page.encoding
('长沙', 'utf-8-sig')
"""

from __future__ import annotations

import codecs
import hashlib
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import PageError
from .records import Document, Page, Span
from .rules import rules

#: Largest page read (bytes).  A news page is rarely over 200 KB; a file of many MB is a
#: dump, not a page, and is refused with a one-line message rather than run for minutes.
MAX_PAGE_BYTES = 4 * 1024 * 1024


def _too_big(size: int, path) -> PageError:
    return PageError(
        f"page is {size / 1024 / 1024:.1f} MB, over the {MAX_PAGE_BYTES // 1024 // 1024} MB limit for one page "
        "(split it into several pages)",
        path=path,
    )


# -- decoding ------------------------------------------------------------------
#
# What decoded text means (every offset in the project indexes it):
#
# * the file's characters in the encoding found below, with a leading BOM removed;
# * a byte sequence that cannot be decoded (a multibyte character cut off at the end
#   of the file, a stray byte) becomes one U+FFFD, and the page is flagged uncertain;
# * characters that no RDF or XML output can carry -- NUL and the other C0 controls
#   except tab/LF/CR, U+FFFE/U+FFFF and lone surrogates -- are replaced one for one
#   by U+FFFD (same length, so offsets into the file's characters stay exact), and
#   the page is flagged uncertain.  Nothing else is changed: not line ends, not
#   U+2028, not markup, not full-width forms.
#
# Detection order: BOM (UTF-8, UTF-16/32 LE/BE) → strict UTF-8 (decisive for any
# non-ASCII text, whatever a label claims) → UTF-8 cut at the end → a UTF-8 page with
# pasted lines in a legacy encoding (decoded line by line) → chardet 7 restricted to
# the Chinese legacy encodings (plus cp1252), with a declared label (``<meta
# charset>``, ``<?xml encoding>``, or a file name like ``x.gbk.txt``) as a tie-breaker.
# gb2312/gbk/cp936 always decode as gb18030, big5/cp950 as big5hkscs (supersets).
#
# Why chardet 7 and not charset-normalizer (measured with tests/encoding_cases.py
# sentences cut to N characters, 20 GBK + 20 Big5 samples each, 2026-12):
#
#     chars   chardet 7.7   charset-normalizer 3.5
#       6       38/40          21/40
#      10       40/40          30/40
#      16       39/40          36/40
#      30       40/40          40/40
#
# both get all 92 whole-page legacy cases of the encodings suite right.  When
# chardet is not installed, charset-normalizer is used (the page's flag says how sure).

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)
#: Names of encodings that are subsets of a wider codec: decode with the wider one.
_WIDER = {
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "ms936": "gb18030", "euccn": "gb18030",
    "xgbk": "gb18030", "gb18030": "gb18030", "hzgb2312": "gb18030",
    "big5": "big5hkscs", "cp950": "big5hkscs", "ms950": "big5hkscs", "big5hkscs": "big5hkscs", "xxbig5": "big5hkscs",
    "utf8": "utf-8", "utf-8": "utf-8", "usascii": "utf-8", "ascii": "utf-8",
    "windows1252": "cp1252", "cp1252": "cp1252", "latin1": "cp1252", "iso88591": "cp1252",
}
#: Encodings the detector may choose between (a page without BOM that is not UTF-8).
_LEGACY = ("gb18030", "big5hkscs", "cp1252")
_META = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,30})""", re.I)
_NAME_LABEL = re.compile(r"[._-](gb2312|gbk|gb18030|cp936|big5|big5hkscs|big5-hkscs|cp950|utf-?8)(?=[._-]|$)", re.I)
#: Characters RDF/XML cannot carry: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, surrogates.
_UNREPRESENTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _canonical(label: str | None) -> str | None:
    if not label:
        return None
    key = label.strip().lower().replace("_", "").replace("-", "") if label else ""
    return _WIDER.get(key) or _WIDER.get(label.strip().lower())


def declared_encoding(data: bytes, name: str = "") -> str | None:
    """The encoding a page *says* it has: ``<meta charset>``/``encoding=`` in its first
    2 KB, else a label in its file name (``x.gbk.txt``, ``x_big5.txt``); canonical
    (wider) codec name, or None.  Only a hint: the bytes decide.
    """
    m = _META.search(data[:2048])
    if m:
        enc = _canonical(m.group(1).decode("ascii", "replace"))
        if enc:
            return enc
    m = _NAME_LABEL.search(Path(str(name)).stem if name else "")
    return _canonical(m.group(1)) if m else None


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.05


_PRIVATE = re.compile("[\ue000-\uf8ff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes in every other position of the head (most CJK text
    has none, ASCII has them all).  Returns the text when it decodes strictly, else None."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2 or b"\x00" not in head:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if max(even, odd) < 2 or min(even, odd) * 8 > max(even, odd):
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    if _UNREPRESENTABLE.search(text) or _PRIVATE.search(text):
        return None
    return text


def _replaced(text: str) -> int:
    return text.count("\ufffd")


def _detect(data: bytes) -> list[tuple[str, float]]:
    """Ranked (codec, confidence) candidates among :data:`_LEGACY` from a detector library."""
    try:
        import chardet
    except ImportError:  # pragma: no cover - chardet is a dependency; fall back if absent
        return _detect_cn(data)
    with warnings.catch_warnings():  # "nothing fit" comes back as encoding None: no candidates
        warnings.simplefilter("ignore")
        found = chardet.detect_all(
            data[:200_000], include_encodings=_LEGACY, prefer_superset=True, compat_names=False, no_match_encoding="ascii"
        )
    out: list[tuple[str, float]] = []
    for r in found:
        enc = _canonical(r.get("encoding"))
        if enc in _LEGACY and enc not in [e for e, _ in out]:
            out.append((enc, float(r.get("confidence") or 0.0)))
    return out


def _detect_cn(data: bytes) -> list[tuple[str, float]]:
    from charset_normalizer import from_bytes

    out: list[tuple[str, float]] = []
    for m in from_bytes(data[:200_000], cp_isolation=list(_LEGACY)):
        enc = _canonical(m.encoding)
        if enc in _LEGACY and enc not in [e for e, _ in out]:
            out.append((enc, max(0.0, 1.0 - m.chaos) * (0.5 + m.coherence)))
    return out


def _mixed_utf8(data: bytes) -> tuple[str, str] | None:
    """A UTF-8 page with some lines pasted in a legacy encoding: decode line by line.

    Returns the text, or None when the page is not like that (most non-ASCII bytes
    must sit in lines that are valid UTF-8 with real multibyte characters).
    """
    lines = data.splitlines(keepends=True)
    good = bad = 0
    bad_lines: list[bytes] = []
    for ln in lines:
        n = sum(1 for b in ln if b >= 0x80)
        if not n:
            continue
        try:
            ln.decode("utf-8")
            if n >= 6:
                good += n
            else:
                bad_lines.append(ln)  # too short to trust either way: decide with the others
                bad += n
        except UnicodeDecodeError:
            bad_lines.append(ln)
            bad += n
    if not good or not bad or good < 0.2 * (good + bad):
        return None
    cands = _detect(b"".join(ln for ln in bad_lines if not _is_utf8(ln)))
    legacy = cands[0][0] if cands else "gb18030"
    out = []
    for ln in lines:
        out.append(ln.decode("utf-8") if _is_utf8(ln) else ln.decode(legacy, "replace"))
    return "".join(out), legacy


def _is_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, "replace").removeprefix("\ufeff")
            bad = _replaced(text)
            if bad > max(2, len(text) // 20):
                raise PageError(f"has a {label} byte-order mark but {bad} undecodable sequences", path=name)
            return text, codec, bad == 0
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be", False
    if _looks_binary(data):
        raise PageError("is not text (binary content: NUL or control bytes)", path=name)
    try:
        return data.decode("utf-8"), "utf-8", True
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data.decode("utf-8", "replace"), "utf-8", False  # a character cut at the end
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed[0], f"utf-8+{mixed[1]}", False
    # a detector may reject a page whose last character was cut: ask again without it
    cands = _detect(data) or _detect(data[:-1]) or _detect(data[:-2])
    declared = declared_encoding(data, name)
    if declared in _LEGACY and declared not in [e for e, _ in cands]:
        cands.append((declared, 0.0))
    decoded = []
    for enc, conf in cands:
        text = data.decode(enc, "replace")
        decoded.append((enc, conf, text, _replaced(text)))
    strict = [d for d in decoded if d[3] == 0]
    if not decoded:
        raise PageError("cannot be decoded as text in UTF-8, GB18030, Big5 or UTF-16", path=name)
    if strict:
        best = strict[0]
        # a declared label decides between candidates that both decode cleanly
        if declared and declared != best[0] and any(d[0] == declared for d in strict):
            top = [d for d in strict if d[0] == declared][0]
            if top[1] >= 0.5 * best[1]:
                best = top
    else:
        best = min(decoded, key=lambda d: d[3])
    enc, conf, text, bad = best
    if bad > max(2, len(text) // 50):
        raise PageError(f"cannot be decoded as text: {bad} undecodable sequences even as {enc}", path=name)
    unassigned = _PRIVATE.findall(text)
    if unassigned and len(unassigned) >= 0.1 * sum(1 for c in text if ord(c) > 0x7F):
        raise PageError(f"cannot be decoded as text in any supported encoding (as {enc} it gives {len(unassigned)} private-use characters)", path=name)
    bad += len(unassigned)
    others = [d for d in strict if d[0] != enc]
    sure = (
        bad == 0
        and enc != "cp1252"
        and (not others or conf >= 1.5 * others[0][1] or declared == enc)
        and (declared in (None, enc) or not any(d[0] == declared for d in strict))
    )
    return text, enc, sure


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str, bool]:
    """Decode page bytes; returns (text, encoding, confident).

    See the comment above for what "decoded text" is and the order of detection.
    ``confident`` is False when the page was damaged (cut characters, stray bytes,
    unrepresentable characters), mixed, or when the detector could not tell its
    candidates apart.  Raises :class:`PageError` (one line naming ``name``) for empty,
    binary or undecodable input; never anything else.
    """
    if not data.strip():
        raise PageError("page is empty", path=name)
    try:
        text, enc, sure = _decode(data, name)
    except PageError:
        raise
    except Exception as exc:  # a detector bug must not become a traceback
        raise PageError(f"cannot be decoded ({type(exc).__name__}: {exc})", path=name) from None
    if _UNREPRESENTABLE.search(text):
        text = _UNREPRESENTABLE.sub("\ufffd", text)
        sure = False
    return text, enc, sure


def display_path(path: object) -> str:
    """A file path as text every output can carry: bytes a file system name may hold
    that are not UTF-8 (seen by Python as lone surrogates) become U+FFFD, control
    characters (a newline in a file name) are shown escaped (``\\n``), so that a
    message stays on one line and the name can go into RDF and JSON."""
    text = str(path)
    if not text.isprintable():
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        text = "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)
    return text


def decode_page(data: bytes, path: str) -> Page:
    """Decode the bytes of one page file into a :class:`Page`.

    ``Page.path``/``Page.name`` are the :func:`display_path` of the file (unchanged
    for every ordinary name)."""
    path = display_path(path)
    name = Path(path).name
    if len(data) > MAX_PAGE_BYTES:
        raise _too_big(len(data), path)
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
            raise _too_big(size, display_path(path))
        data = path.read_bytes()
    except PageError:
        raise
    except IsADirectoryError:
        raise PageError("is a folder, not a page file", path=display_path(path)) from None
    except OSError as exc:
        raise PageError(f"cannot be read: {exc.strerror or exc}", path=display_path(path)) from None
    return decode_page(data, str(path))


# -- segmentation ----------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_of(text: str) -> list[_Line]:
    """Lines of a page, broken at LF, CR LF and CR only (as sentences are): U+2028,
    U+2029, form feeds and the like are characters of a line, not breaks."""
    out = []
    for m in _LINE.finditer(text):
        body = m.group().rstrip("\r\n")
        out.append(_Line(m.start(), m.start() + len(body), body))
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


#: A byline token that is a person's name: Han characters (with ·), or a Latin name;
#: tokens with markup or code characters (<>="'(){}…) are not names and are dropped.
_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff·•]{2,12}|[A-Za-z][A-Za-z .\-]{1,40}")


def _names(value: str, offset: int) -> list[Span]:
    """Split a byline value "彭建南 曹艳" into name spans (name-like tokens only)."""
    return [
        Span(offset + m.start(), offset + m.end(), m.group())
        for m in re.finditer(r"[^\s、,，/|丨]+", value)
        if _NAME.fullmatch(m.group())
    ]


# -- HTML instead of text: best effort ---------------------------------------------
#
# A page saved as HTML is read, not refused.  Its decoded text is the file's text,
# markup included (offsets still index the file), and the markup -- tags, comments,
# <script>/<style>/<template> content -- becomes skipped spans: no entity, sentence or
# evidence is read from inside it.  The title comes from <title> (or the first <h1>),
# with its tags removed and character references resolved.

_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*(?:<!doctype[^>]*>\s*)?<html\b|<head\b|<meta\b|<body\b)", re.I)
_HTML_CLOSE = re.compile(r"</(?:p|div|body|html|span|h[1-6]|td|li|a)\s*>", re.I)
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|noscript|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)|</?[A-Za-z!?][^<>]*(?:>|\Z)",
    re.I | re.S,
)
_TAG = re.compile(r"<[^<>]*>")
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>|<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)


def is_html(text: str) -> bool:
    """Whether a page is an HTML document rather than text (a cheap look at its head)."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or (head.lstrip().startswith("<") and len(_HTML_CLOSE.findall(text[:65536])) >= 2)


_INLINE = re.compile(r"</?(?:b|i|em|strong|span|a|font|u|sup|sub|small|big|mark|abbr|code|q|s|strike|ins|del|wbr)\b", re.I)


@lru_cache(maxsize=64)
def _markup_spans(page: Page) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _MARKUP.finditer(page.text)) if is_html(page.text) else ()


@lru_cache(maxsize=64)
def _block_spans(page: Page) -> tuple[tuple[int, int], ...]:
    """Markup that ends a sentence (all but inline tags such as <b>, <a>, <span>)."""
    return tuple(sp for sp in _markup_spans(page) if not _INLINE.match(page.text, sp[0]))


def _plain(fragment: str) -> str:
    import html

    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _html_title(text: str) -> str:
    m = _HTML_TITLE.search(text[:65536])
    return _plain(m.group(1) or m.group(2) or "") if m else ""


def segment(page: Page, base: str) -> list[Document]:
    """Split a page into its article and teasers, reading the article's metadata."""
    docs = _segment(page, base)
    markup = _markup_spans(page)
    if not markup:
        return docs
    import dataclasses

    title = _html_title(page.text)
    out = []
    for d in docs:
        inside = tuple(sp for sp in markup if sp[0] < d.span[1] and d.span[0] < sp[1])
        out.append(
            dataclasses.replace(
                d,
                title=(title if d.kind == "article" and title else _plain(d.title)),
                skip_spans=tuple(sorted(set(d.skip_spans) | set(inside))),
            )
        )
    return out


def _segment(page: Page, base: str) -> list[Document]:
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
    # teasers with no chrome line: title lines after the header, or after the article's
    # closing bylines when there is no header
    plain = _plain_teaser_starts(lines, title_line, header_line, teaser_starts, teaser_from)
    if plain and plain[0].start < teaser_from:
        teaser_from = plain[0].start
    chrome_ids = {id(ln) for ln in teaser_starts}
    teaser_starts = sorted(teaser_starts + plain, key=lambda ln: ln.start)

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
        skip = [(ln.start, ln.end)] if id(ln) in chrome_ids else []
        skip += [
            (x.start, x.end)
            for x in lines
            if t_start <= x.start and x.end <= t_end and x.text.lstrip().startswith(notices)
        ]
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


@lru_cache(maxsize=1)
def _teaser_rules():
    page = rules()["page"]
    return re.compile(page["teaser_title"]), frozenset(page["article_closers"])


def _plain_teaser_starts(lines, title_line, header_line, chrome_starts, teaser_from) -> list:
    """Lines that start a teaser with no chrome line ("TITLE - 天天要闻").

    After a teaser header ("相关阅读") every title-like line starts one (a line repeating
    the title just before it is that teaser's own title line).  With no header, title
    lines that are followed by a body line start teasers when they come after the
    article's closing lines (an 编辑/审核 byline or a notice written after its body)."""
    site_suffix, _headers, notices, date_re, source_re, byline_re, roles = _compiled()
    title_re, closers = _teaser_rules()

    def titleish(ln) -> bool:
        body = ln.text.strip()
        return bool(
            title_re.match(ln.text)
            and not body.startswith(notices)
            and not byline_re.match(ln.text)
            and not source_re.search(body)
            and not (date_re.search(body) and date_re.search(body).start() <= 2)
            and not site_suffix.search(ln.text)
        )

    stop = min((ln.start for ln in chrome_starts if header_line is None or ln.start > header_line.start), default=None)
    out = []
    if header_line is not None:
        prev = None
        for ln in lines:
            if ln.start <= header_line.start or not ln.text.strip():
                continue
            if stop is not None and ln.start >= stop:
                break
            if titleish(ln):
                if prev is not None and prev.text.strip() == ln.text.strip():
                    prev = None  # the teaser's title written again
                    continue
                out.append(ln)
                prev = ln
            else:
                prev = None
        return out
    # no header: after the last closing line that follows some body text
    end = teaser_from if stop is None else min(teaser_from, stop)
    seen_body = False
    closer = None
    for ln in lines:
        if ln.start >= end:
            break
        body = ln.text.strip()
        if not body or ln is title_line:
            continue
        m = byline_re.match(ln.text)
        if seen_body and ((m and roles[m["label"]] in closers) or body.startswith(notices)):
            closer = ln
        elif not m and body[-1:] in "。！？!?":
            seen_body = True
    if closer is None:
        return []
    rest = [ln for ln in lines if closer.end <= ln.start < end and ln.text.strip()]
    for i, ln in enumerate(rest):
        if not titleish(ln):
            continue
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if nxt is not None and nxt.text.strip() == ln.text.strip():
            nxt = rest[i + 2] if i + 2 < len(rest) else None
        if nxt is not None and not titleish(nxt) and not byline_re.match(nxt.text):
            if not (out and out[-1].text.strip() == ln.text.strip()):
                out.append(ln)
    return out


@lru_cache(maxsize=256)
def sentences(doc: Document) -> tuple[Span, ...]:
    """Sentence spans of a document (page offsets), whitespace-trimmed.

    Sentences end at 。！？!?；; and at line breaks; metadata lines are excluded.
    """
    text = doc.page.text
    out: list[Span] = []
    markup = _block_spans(doc.page)
    for m in _sentence_re().finditer(text, doc.span[0], doc.span[1]):
        pieces = [(m.start(), m.end())]
        if markup:  # an HTML page: block markup ends a sentence; inline tags stay inside, skipped
            pieces = _cut(m.start(), m.end(), markup)
        for a0, b0 in pieces:
            s, e = _strip(text, a0, b0)
            if e > s and not any(a <= s and e <= b for a, b in doc.skip_spans):
                out.append(Span(s, e, text[s:e]))
    return tuple(out)


def _cut(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """[start, end) minus the (sorted) spans."""
    import bisect

    out, pos = [], start
    i = max(0, bisect.bisect_right(spans, (start, start)) - 1)
    while i < len(spans) and spans[i][0] < end:
        a, b = spans[i]
        if b > pos:
            if a > pos:
                out.append((pos, min(a, end)))
            pos = max(pos, b)
        i += 1
    if pos < end:
        out.append((pos, end))
    return out


@lru_cache(maxsize=1)
def _sentence_re() -> re.Pattern:
    ends = re.escape(rules()["sentences"]["terminators"])
    # (an ASCII "." right after a CJK character ends a sentence too, as on pages written with
    # ASCII punctuation: "…增长12%.我们…"; a decimal point "1.5" or an item number "1." does not)
    return re.compile(f"(?:[^{ends}\\r\\n.]++|(?<![\\u4e00-\\u9fff%])\\.)+(?:[{ends}]|(?<=[\\u4e00-\\u9fff%])\\.)*")
