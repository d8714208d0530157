"""Load the declared rule table ``graph/rules.toml`` (page layout, patterns, triggers).

>>> "page" in rules() and "entity" in rules()
True
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .errors import DataError

RULES_FILE = Path(__file__).with_name("rules.toml")


@lru_cache(maxsize=1)
def rules() -> dict:
    """The parsed rule table; every regular expression in it is checked to compile."""
    try:
        table = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"rule table is not valid TOML: {exc}", path=RULES_FILE) from None
    for key, value in _regexes(table):
        try:
            re.compile(value)
        except re.error as exc:
            raise DataError(f"pattern {key} does not compile: {exc}", path=RULES_FILE) from None
    return table


def _regexes(table: dict):
    page = table.get("page", {})
    for key in ("site_suffix", "date_time", "header_source", "byline", "teaser_title"):
        if key in page:
            yield f"page.{key}", page[key]
    for i, ent in enumerate(table.get("entity", [])):
        yield f"entity[{i}] ({ent.get('name')})", ent["regex"]
    for key in ("person_after_title", "person_in_byline", "person_byline_line", "strong_places", "title_chain"):
        yield f"discover.{key}", table["discover"][key]
    if "abbreviation" in table:
        yield "abbreviation.regex", table["abbreviation"]["regex"]
    if "enumeration" in table:
        yield "enumeration.regex", table["enumeration"]["regex"]
    for key, value in table.get("relations", {}).items():
        if isinstance(value, str) and "(?P<" in value:
            yield f"relations.{key}", value
