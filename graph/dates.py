"""Dates in the text (absolute and relative to the page date) for events and agreements.

>>> resolve_date("今年10月", "2024-12-10")
'2024-10'
>>> resolve_date("12月10日", "2024-12-10")
'2024-12-10'
>>> resolve_date("去年3月15日", "2024-12-10")
'2023-03-15'
"""

from __future__ import annotations

import re

from .records import Document, Mention, Span

_DATE = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<rel>今年|去年|前年|明年|同年))?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?"
)
_REL = {"今年": 0, "同年": 0, "去年": -1, "前年": -2, "明年": 1}


def resolve_date(expr: str, page_date: str | None) -> str | None:
    """ISO date (``YYYY-MM-DD``) or year-month (``YYYY-MM``) of a Chinese date expression."""
    m = _DATE.fullmatch(expr.strip())
    if not m:
        return None
    return _from_match(m, page_date)


def _from_match(m: re.Match, page_date: str | None) -> str | None:
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    if m["y"]:
        year = int(m["y"])
    elif page_date:
        year = int(page_date[:4]) + _REL.get(m["rel"] or "今年", 0)
    else:
        return None
    if m["d"]:
        day = int(m["d"])
        if not 1 <= day <= 31:
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


def resolve_dates(doc: Document, mentions: list[Mention]) -> tuple[tuple[str, str, Span], ...]:
    """(entity key, ISO date, date span) for events/agreements dated in their sentence.

    A date expression dates the events and agreements named after it in the same
    sentence (up to the next date expression).
    """
    from .corpus import sentences

    out = []
    for sent in sentences(doc):
        dates = [(sent.start + m.start(), sent.start + m.end(), _from_match(m, doc.date)) for m in _DATE.finditer(sent.text)]
        dates = [d for d in dates if d[2]]
        if not dates:
            continue
        for mn in mentions:
            if not (sent.start <= mn.start and mn.end <= sent.end):
                continue
            before = [d for d in dates if d[1] <= mn.start]
            if before:
                s, e, iso = before[-1]
                out.append((mn.key, iso, Span(s, e, doc.page.text[s:e])))
    return tuple(dict.fromkeys(out))
