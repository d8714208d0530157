"""Load the curated lexicon (``data/lexicon/*.tsv``) into :class:`LexiconEntry` records.

The lexicon is data, not code: adding an agency, a project or an alias is a new row.
Three files are read:

``places.tsv``       label, class, en, aliases, part_of, lat, lon, level
``departments.tsv``  templates of bodies every administrative unit has
                     (``{unit}人民政府``, ``中共{unit}委宣传部`` …), expanded per unit
``entities.tsv``     every other named entity (programs, projects, media, …)

Every problem is reported as :class:`~graph.errors.DataError` naming ``file:line``.

>>> lex = Lexicon.from_rows([LexiconEntry("长沙市", "City", "Place", aliases=("长沙",))])
>>> lex.lookup("长沙").label
'长沙市'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from .errors import DataError
from .ontology import coarse_type_of, fine_classes
from .records import LexiconEntry
from .slug import short_hash, slugify, slugs_for

PLACES = "places.tsv"
DEPARTMENTS = "departments.tsv"
ENTITIES = "entities.tsv"
HOMOPHONES = "homophones.tsv"

PLACE_COLUMNS = ("label", "class", "en", "aliases", "part_of", "lat", "lon", "level")
DEPARTMENT_COLUMNS = ("name", "class", "en", "aliases", "levels", "part_of")
ENTITY_COLUMNS = ("label", "class", "en", "aliases", "part_of", "located_in", "note")
HOMOPHONE_COLUMNS = ("label", "note")
LEVELS = ("province", "prefecture", "county")


#: The templates naming a unit's government and party committee, which other bodies
#: are part of (``part_of`` = government | party in departments.tsv).
_BODY_TEMPLATES = {"{unit}人民政府": "government", "中共{unit}委员会": "party"}


@dataclass(frozen=True)
class DepartmentTemplate:
    name: str
    cls: str
    en: str
    aliases: tuple[str, ...]
    levels: tuple[str, ...]
    part_of: str  # "government" | "party" | ""
    origin: str


def _read_tsv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV file as (line number, {column: value}); comments and blanks skipped."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError("lexicon file is missing", path=path) from None
    except UnicodeDecodeError as exc:
        raise DataError(f"lexicon file is not UTF-8 ({exc.reason} at byte {exc.start})", path=path) from None
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            if tuple(header) != columns:
                expected = "\t".join(columns)
                raise DataError(
                    f"header must be {expected!r} (tab-separated), got {line!r}",
                    path=path,
                    line=lineno,
                )
            continue
        while len(cells) > len(columns) and not cells[-1].strip():
            cells.pop()  # trailing empty cells are harmless
        if len(cells) > len(columns):
            raise DataError(f"{len(cells)} cells, expected at most {len(columns)}", path=path, line=lineno)
        cells += [""] * (len(columns) - len(cells))
        rows.append((lineno, {c: v.strip() for c, v in zip(columns, cells)}))
    if header is None:
        raise DataError("lexicon file is empty (no header line)", path=path)
    return rows


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


def _coordinate(cell: str, lo: float, hi: float, what: str, path: Path, line: int) -> float | None:
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        raise DataError(f"{what} {cell!r} is not a number", path=path, line=line) from None
    if not lo <= value <= hi:
        raise DataError(f"{what} {value} is outside [{lo}, {hi}]", path=path, line=line)
    return value


def _entry(row: dict[str, str], path: Path, line: int) -> LexiconEntry:
    label = row["label"]
    if not label:
        raise DataError("empty label", path=path, line=line)
    cls = row["class"]
    if cls not in fine_classes():
        raise DataError(
            f"class {cls!r} of {label!r} is not an ontology class (expected one of {', '.join(sorted(fine_classes()))})",
            path=path,
            line=line,
        )
    level = row.get("level") or None
    if level and level not in LEVELS:
        raise DataError(f"level {level!r} of {label!r}: expected one of {', '.join(LEVELS)}", path=path, line=line)
    return LexiconEntry(
        label=label,
        cls=cls,
        type=coarse_type_of(cls),
        en=row.get("en") or None,
        aliases=tuple(a for a in _split(row.get("aliases", "")) if a != label),
        part_of=row.get("part_of") or None,
        located_in=row.get("located_in") or None,
        lat=_coordinate(row.get("lat", ""), -90, 90, "latitude", path, line),
        lon=_coordinate(row.get("lon", ""), -180, 180, "longitude", path, line),
        level=level,
        origin=f"{path.name}:{line}",
    )


def _templates(path: Path) -> list[DepartmentTemplate]:
    out = []
    for line, row in _read_tsv(path, DEPARTMENT_COLUMNS):
        if row["class"] not in fine_classes():
            raise DataError(f"class {row['class']!r} is not an ontology class", path=path, line=line)
        levels = _split(row["levels"])
        bad = [lv for lv in levels if lv not in LEVELS]
        if not levels or bad:
            raise DataError(f"levels {row['levels']!r}: expected |-separated {', '.join(LEVELS)}", path=path, line=line)
        if row["part_of"] not in ("government", "party", ""):
            raise DataError(f"part_of {row['part_of']!r}: expected government, party or empty", path=path, line=line)
        out.append(
            DepartmentTemplate(
                name=row["name"],
                cls=row["class"],
                en=row["en"],
                aliases=_split(row["aliases"]),
                levels=levels,
                part_of=row["part_of"],
                origin=f"{path.name}:{line}",
            )
        )
    return out


def _fill(template: str, unit: LexiconEntry) -> str:
    short = unit.aliases[0] if unit.aliases else unit.label
    if "{unit}" in template or "{short}" in template or "{en}" in template:
        return (
            template.replace("{unit}", unit.label).replace("{short}", short).replace("{en}", unit.en or unit.label)
        )
    return unit.label + template


def expand_departments(units: list[LexiconEntry], templates: list[DepartmentTemplate]) -> list[LexiconEntry]:
    """One agency per (administrative unit, template whose levels include the unit's)."""
    by_kind: dict[tuple[str, str], str] = {}
    out: list[LexiconEntry] = []
    for unit in units:
        if not unit.level:
            continue
        for t in templates:
            if unit.level not in t.levels:
                continue
            name = _fill(t.name, unit)
            kind = _BODY_TEMPLATES.get(t.name)
            if kind:
                by_kind[(unit.label, kind)] = name
            out.append(
                LexiconEntry(
                    label=name,
                    cls=t.cls,
                    type=coarse_type_of(t.cls),
                    en=_fill(t.en, unit) if t.en else None,
                    aliases=tuple(dict.fromkeys(a for a in (_fill(a, unit) for a in t.aliases) if a != name)),
                    part_of=t.part_of,  # resolved below
                    located_in=unit.label,
                    origin=t.origin,
                )
            )
    units_by_label = {u.label: u for u in units}
    resolved = []
    for e in out:
        parent = by_kind.get((e.located_in, e.part_of)) if e.part_of else None
        resolved.append(
            replace(
                e,
                part_of=parent if parent != e.label else None,
                aliases=tuple(dict.fromkeys(e.aliases + _parent_prefixed(e, units_by_label) + _short_unit_forms(e, units_by_label))),
            )
        )
    return resolved


def _short_unit_forms(agency: LexiconEntry, units: dict[str, LexiconEntry]) -> tuple[str, ...]:
    """湘西州委, 黔东南州发改委, 江华县委: an autonomous unit's bodies are named with its short
    form that keeps the unit character (湘西州, 江华县), not only with its full name."""
    unit = units.get(agency.located_in or "")
    if unit is None or "自治" not in unit.label:
        return ()
    shorts = [a for a in unit.aliases if a[-1:] == unit.label[-1:] and a != unit.label]
    forms = [s for s in (agency.label, *agency.aliases) if unit.label in s]
    return tuple(dict.fromkeys(f.replace(unit.label, short, 1) for short in shorts for f in forms))


def _parent_prefixed(agency: LexiconEntry, units: dict[str, LexiconEntry]) -> tuple[str, ...]:
    """萍乡市安源区政府: a county-level body is often named with its city in front."""
    unit = units.get(agency.located_in or "")
    parent = units.get(unit.part_of or "") if unit else None
    if unit is None or parent is None or unit.level != "county" or parent.level != "prefecture":
        return ()
    prefixes = (parent.label, *parent.aliases[:1])
    forms = [s for s in (agency.label, *agency.aliases) if s.startswith(unit.label)]
    return tuple(dict.fromkeys(p + f for p in prefixes for f in forms))


def _slug_holder(labels: list[str], keeps: tuple[str, ...], origin: str) -> str:
    """Which of ``labels`` (one pinyin slug) keeps the plain slug.

    A label listed in ``keeps`` wins; failing that, the one label containing a listed
    label (泸溪县人民政府 when 泸溪县 is listed), so a unit's pin covers its generated
    bodies.  Anything else is an error: picking by sort order would let a new entry
    (凭祥市) take the IRI an older one (萍乡市) has already published.

    >>> _slug_holder(["芦溪县", "泸溪县"], ("泸溪县",), "homophones.tsv")
    '泸溪县'
    >>> _slug_holder(["芦溪县人民政府", "泸溪县人民政府"], ("泸溪县",), "homophones.tsv")
    '泸溪县人民政府'
    """
    for candidates in ([l for l in labels if l in keeps], [l for l in labels if any(k in l for k in keeps)]):
        if len(candidates) == 1:
            return candidates[0]
    names = "、".join(sorted(labels))
    raise DataError(
        f"{names} share the IRI slug {slugify(labels[0])!r}; list the one that keeps it "
        f"(the one published first) in {HOMOPHONES}",
        path=origin or None,
    )


class Lexicon:
    """Curated entities with an index from every surface form to its entry."""

    def __init__(self, entries: list[LexiconEntry], surfaces: dict[str, LexiconEntry]):
        self.entries = entries
        self.by_label = {e.label: e for e in entries}
        self.surfaces = surfaces

    @classmethod
    def from_rows(cls, entries: list[LexiconEntry], keeps: tuple[str, ...] = (), keeps_origin: str = "") -> "Lexicon":
        """Index entries; duplicate labels are errors, ambiguous aliases are dropped.

        ``keeps`` names, for labels that share a pinyin slug (萍乡市 / 凭祥市), the one
        that keeps the plain slug (see :func:`_slug_holder`); ``keeps_origin`` is the
        file it came from, for error messages.
        """
        by_label: dict[str, LexiconEntry] = {}
        for e in entries:
            if e.label in by_label:
                first = by_label[e.label]
                raise DataError(f"duplicate label {e.label!r} (first declared at {first.origin})", path=e.origin or None)
            by_label[e.label] = e
        slugs = slugs_for([e.label for e in entries])
        final = [replace(e, slug=slugs[e.label]) for e in entries]
        by_slug: dict[str, list[str]] = {}
        for e in final:
            by_slug.setdefault(e.slug, []).append(e.label)
        # homophones: the pinned label keeps the plain slug, the others add a hash of
        # their label, so a published IRI never changes when an entry is added
        holders = {
            slug: _slug_holder(labels, keeps, keeps_origin) for slug, labels in by_slug.items() if len(labels) > 1
        }
        final = [
            replace(e, slug=f"{e.slug}-{short_hash(e.label)}") if holders.get(e.slug, e.label) != e.label else e
            for e in final
        ]
        surfaces: dict[str, LexiconEntry] = {}
        claimed_by: dict[str, set[str]] = {}
        for e in final:
            for s in (e.label, *e.aliases):
                claimed_by.setdefault(s, set()).add(e.label)
        for e in final:
            for s in (e.label, *e.aliases):
                owners = claimed_by[s]
                # a canonical label always wins; an alias shared by two entries names neither
                if s == e.label or (len(owners) == 1 and s not in by_label):
                    surfaces[s] = e
        for e in final:
            for ref in (e.part_of, e.located_in):
                if ref and ref not in by_label:
                    raise DataError(f"{e.label!r} refers to unknown entry {ref!r}", path=e.origin or None)
        return cls(final, surfaces)

    @classmethod
    def load(cls, folder: Path) -> "Lexicon":
        """Read the three TSV files of ``folder``."""
        folder = Path(folder)
        if not folder.is_dir():
            raise DataError("lexicon folder does not exist", path=folder)
        places = [_entry(r, folder / PLACES, n) for n, r in _read_tsv(folder / PLACES, PLACE_COLUMNS)]
        others = [_entry(r, folder / ENTITIES, n) for n, r in _read_tsv(folder / ENTITIES, ENTITY_COLUMNS)]
        departments = expand_departments(places, _templates(folder / DEPARTMENTS))
        # curated rows win over generated agencies with the same name
        curated = {e.label for e in places + others}
        departments = [d for d in departments if d.label not in curated]
        keeps_path = folder / HOMOPHONES
        keeps = tuple(r["label"] for _, r in _read_tsv(keeps_path, HOMOPHONE_COLUMNS)) if keeps_path.exists() else ()
        return cls.from_rows(places + departments + others, keeps, str(keeps_path))

    @cached_property
    def content_hash(self) -> str:
        """Hash of the entries and surface forms (what extraction looks up), made once:
        a lexicon is not changed once made (a kept lexicon keeps it, see
        :func:`graph.build.load_lexicon`)."""
        h = hashlib.sha256()
        for e in self.entries:
            h.update(repr(e).encode("utf-8"))
        for surface in sorted(self.surfaces):
            h.update(surface.encode("utf-8") + b"\0" + self.surfaces[surface].label.encode("utf-8") + b"\0")
        return h.hexdigest()

    def lookup(self, surface: str) -> LexiconEntry | None:
        return self.surfaces.get(surface)

    def parents(self, entry: LexiconEntry, limit: int = 8):
        """The units ``entry`` is part of, nearest first, at most ``limit`` of them
        (安源区 → 萍乡市 → 江西省); every ``part_of`` is checked to exist at load."""
        for _ in range(limit):
            entry = self.by_label.get(entry.part_of or "")
            if entry is None:
                return
            yield entry

    def __len__(self) -> int:
        return len(self.entries)

