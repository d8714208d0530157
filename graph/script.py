"""Traditional → Simplified matching view that keeps every offset.

Patterns and the lexicon are written in Simplified Chinese; pages may be in
Traditional.  :func:`simplified_view` returns a string of the *same length* as its
input, so a match at ``view[s:e]`` is reported as ``text[s:e]`` of the original.

>>> simplified_view("長株潭三市發改委")
'长株潭三市发改委'
>>> len(simplified_view("臺灣")) == 2
True
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char(c: str) -> str:
    out = _converter().convert(c)
    return out if len(out) == 1 else c


def simplified_view(text: str) -> str:
    """Simplified form of ``text`` with exactly the same length (character for character).

    The last page's view is kept (one entry): the extract stage converts the whole page
    once per document, and a page's article and teasers come one after another.

    A full stop written with ASCII punctuation right after a CJK character or a percent sign
    ("…生态步道.金洞管理区", "…同比增长12%.我们") reads as 。 in the view, as the sentence
    splitter reads it (corpus.sentences): the declared patterns open names after 。, never
    after "."; one character for one, so offsets hold.  A decimal point or an item number
    ("1.5", "1.") follows a digit and stays."""
    return _page_view(text)


_CJK_FULL_STOP = re.compile(r"(?<=[\u4e00-\u9fff%])\.")


@lru_cache(maxsize=1)
def _page_view(text: str) -> str:
    view = _simplified(text)
    return _CJK_FULL_STOP.sub("。", view) if "." in view else view


def _simplified(text: str) -> str:
    if text.isascii():
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char(c) for c in text)


def to_simplified(text: str) -> str:
    """Simplified label for a name found in Traditional text (not cached: names vary)."""
    return _simplified(text)
