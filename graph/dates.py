"""Dates in the text (absolute and relative to the page date) for events and agreements.

>>> resolve_date("今年10月", "2024-12-10")
'2024-10'
>>> resolve_date("12月10日", "2024-12-10")
'2024-12-10'
>>> resolve_date("去年3月15日", "2024-12-10")
'2023-03-15'
>>> resolve_date("前年", "2024-12-10")
'2022'
>>> resolve_date("上月底", "2025-04-28")
'2025-03-31'
>>> resolve_date("上月初", "2025-01-05")
'2024-12-01'
>>> resolve_date("27日", "2025-04-28")
'2025-04-27'
>>> resolve_date("昨天", "2025-03-01")
'2025-02-28'
>>> resolve_date("同日", "2025-04-28", previous="2025-03")
'2025-03'
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from .records import Document, Mention, Span

_DATE = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<rel>今年|去年|前年|明年|同年))?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?"
    r"|(?P<month_rel>上月|本月|下月|上个月|这个月)(?P<part>底|末|初|中旬|上旬|下旬|(?P<md>\d{1,2})[日号])"
    r"|(?P<year_only>今年|去年|前年|明年)(?![\d上下本初底])"
    r"|(?P<same>同日|当日|当天|同一天)"
    r"|(?P<day_rel>今天|今日|昨天|昨日|前天|明天)"
    r"|(?<![\d月])(?P<bare_d>\d{1,2})[日号]"
)
#: every match of _DATE starts with one of these characters (a digit or the first
#: character of 今年/去年/前年/明年/同年/上月/本月/下月/这个月/同日/当日/当天/今天/昨天/前天/明天)
_DATE_START = re.compile(r"[\d今去前明同上本下这当昨]")
_REL = {"今年": 0, "同年": 0, "去年": -1, "前年": -2, "明年": 1}
_MONTH_REL = {"上月": -1, "上个月": -1, "本月": 0, "这个月": 0, "下月": 1}
_DAY_REL = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1}
_PART_DAY = {"初": 1, "上旬": 5, "中旬": 15}


def resolve_date(expr: str, page_date: str | None, previous: str | None = None) -> str | None:
    """ISO date (``YYYY-MM-DD``), year-month (``YYYY-MM``) or year of a Chinese date
    expression; relative ones against the page date, 同日 against ``previous``."""
    m = _DATE.fullmatch(expr.strip())
    if not m:
        return None
    return _from_match(m, page_date, previous)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _from_match(m: re.Match, page_date: str | None, previous: str | None = None) -> str | None:
    if m["same"]:
        return previous or page_date
    if not page_date and not m["y"]:
        return None
    if m["year_only"]:
        return f"{int(page_date[:4]) + _REL[m['year_only']]:04d}"
    if m["day_rel"]:
        d = date.fromisoformat(page_date) + timedelta(days=_DAY_REL[m["day_rel"]])
        return d.isoformat()
    if m["bare_d"]:
        day = int(m["bare_d"])
        year, month = int(page_date[:4]), int(page_date[5:7])
        if day > int(page_date[8:10]):  # "27日" written on the 3rd: last month
            year, month = _shift_month(year, month, -1)
        return _ymd(year, month, day)
    if m["month_rel"]:
        year, month = _shift_month(int(page_date[:4]), int(page_date[5:7]), _MONTH_REL[m["month_rel"]])
        part = m["part"]
        if m["md"]:
            return _ymd(year, month, int(m["md"]))
        if part in ("底", "末", "下旬"):
            day = calendar.monthrange(year, month)[1] if part != "下旬" else 25
            return _ymd(year, month, day)
        return _ymd(year, month, _PART_DAY[part])
    month = int(m["m"])
    if not 1 <= month <= 12:
        return None
    year = int(m["y"]) if m["y"] else int(page_date[:4]) + _REL.get(m["rel"] or "今年", 0)
    if m["d"]:
        return _ymd(year, month, int(m["d"]))
    return f"{year:04d}-{month:02d}"


def _ymd(year: int, month: int, day: int) -> str | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def resolve_dates(doc: Document, mentions: list[Mention]) -> tuple[tuple[str, str, Span], ...]:
    """(entity key, ISO date, date span) for events/agreements dated in their sentence.

    A date expression dates the events and agreements named after it in the same
    sentence (up to the next date expression).  同日 takes the date of the expression
    before it in the document.
    """
    from .corpus import sentences

    out = []
    previous = None
    by_start = sorted(enumerate(mentions), key=lambda im: im[1].start)
    starts = [mn.start for _, mn in by_start]
    for sent in sentences(doc):
        dates = []
        for m in _date_matches(sent.text):
            iso = _from_match(m, doc.date, previous)
            if iso:
                dates.append((sent.start + m.start(), sent.start + m.end(), iso))
                previous = iso
        if not dates:
            continue
        for mn in _mentions_within(by_start, starts, sent):
            before = [d for d in dates if d[1] <= mn.start]
            if before:
                s, e, iso = before[-1]
                out.append((mn.key, iso, Span(s, e, doc.page.text[s:e])))
    return tuple(dict.fromkeys(out))


def _date_matches(text: str):
    """``_DATE.finditer(text)``, trying the pattern only where a match can start.

    The pattern is a long alternation the regex engine would try at every character;
    a search for the characters that start it skips the rest of the sentence at C
    speed.  Matches are tried in the same order (leftmost first, scanning on after a
    match's end) and a match is never empty, so the matches are the same.
    """
    pos = 0
    while True:
        hint = _DATE_START.search(text, pos)
        if hint is None:
            return
        m = _DATE.match(text, hint.start())
        if m is None:
            pos = hint.start() + 1
        else:
            yield m
            pos = m.end()


def _mentions_within(by_start: list[tuple[int, Mention]], starts: list[int], sent: Span) -> list[Mention]:
    """The mentions lying inside ``sent``, in their original order (``by_start`` is the
    (index, mention) list sorted by start, ``starts`` its starts): a bisect instead of a
    scan of every mention per sentence."""
    lo, hi = bisect_left(starts, sent.start), bisect_right(starts, sent.end)
    return [mn for _, mn in sorted(by_start[lo:hi], key=lambda im: im[0]) if mn.end <= sent.end]
