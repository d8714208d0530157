"""The curated lexicon: coverage of the domain, and clear errors for bad rows."""

from __future__ import annotations

import shutil

import pytest

from graph.errors import DataError
from graph.lexicon import Lexicon
from graph.slug import short_hash

from .conftest import DATA

HUNAN_PREFECTURES = [
    "长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市",
    "张家界市", "益阳市", "郴州市", "永州市", "怀化市", "娄底市", "湘西土家族苗族自治州",
]


def test_all_fourteen_hunan_prefectures_with_coordinates(lexicon):
    for label in HUNAN_PREFECTURES:
        e = lexicon.by_label[label]
        assert e.part_of == "湖南省" and e.level == "prefecture", label
        assert e.lat is not None and 24 < e.lat < 31 and 108 < e.lon < 115, label


@pytest.mark.parametrize(
    "label, parent",
    [("安源区", "萍乡市"), ("萍乡市", "江西省"), ("湖湘绿厅", "一厅一道一园一廊四张网"), ("天心区", "长沙市"), ("韶山市", "湘潭市")],
)
def test_parents(lexicon, label, parent):
    assert lexicon.by_label[label].part_of == parent


@pytest.mark.parametrize(
    "surface, label",
    [
        ("长沙", "长沙市"),
        ("萍乡市发改委", "萍乡市发展和改革委员会"),
        ("韶山市政府", "韶山市人民政府"),
        ("萍乡市安源区政府", "安源区人民政府"),
        ("长沙市委宣传部", "中共长沙市委宣传部"),
        ("省长株潭一体化发展领导小组", "湖南省长株潭一体化发展领导小组"),
        # the 住房城乡建设-style forms official documents use
        ("常德市住房城乡建设局", "常德市住房和城乡建设局"),
        ("湖南省住房城乡建设厅", "湖南省住房和城乡建设厅"),
        ("衡阳市人力资源社会保障局", "衡阳市人力资源和社会保障局"),
        # prefectures of the neighbouring provinces (from a gazetteer) and their bodies
        ("遵义", "遵义市"),
        ("黔东南州", "黔东南苗族侗族自治州"),
        ("毕节市发展改革委", "毕节市发展和改革委员会"),
        ("恩施州委", "中共恩施土家族苗族自治州委员会"),
    ],
)
def test_aliases_lead_to_canonical_labels(lexicon, surface, label):
    assert lexicon.lookup(surface).label == label


def test_generated_agencies_hang_under_their_government(lexicon):
    e = lexicon.by_label["长沙市发展和改革委员会"]
    assert e.part_of == "长沙市人民政府" and e.located_in == "长沙市"
    assert lexicon.by_label["中共长沙市委宣传部"].part_of == "中共长沙市委员会"


def test_no_surface_form_names_two_entries(lexicon):
    owners: dict[str, set[str]] = {}
    for e in lexicon.entries:
        for s in (e.label, *e.aliases):
            owners.setdefault(s, set()).add(e.label)
    shared = {s: o for s, o in owners.items() if len(o) > 1}
    assert not shared, f"{len(shared)} surface forms name several entries, e.g. {sorted(shared.items())[:5]}"


def test_homophones_get_distinct_slugs(lexicon):
    slugs = [e.slug for e in lexicon.entries]
    assert len(slugs) == len(set(slugs))
    assert {lexicon.by_label["芦溪县"].slug, lexicon.by_label["泸溪县"].slug} == {"lu-xi-xian", "lu-xi-xian-58c3cb"}


@pytest.mark.parametrize(
    "keeper, other",
    [("萍乡市", "凭祥市"), ("泸溪县", "芦溪县"), ("泸溪县人民政府", "芦溪县人民政府"), ("合山市", "鹤山市")],
)
def test_the_listed_homophone_keeps_its_published_iri(lexicon, keeper, other):
    # 凭祥市 sorts before 萍乡市 but came later: sort order must not move 萍乡市's IRI
    plain = lexicon.by_label[keeper].slug
    assert lexicon.by_label[other].slug == f"{plain}-{short_hash(other)}"
    assert "-" + short_hash(keeper) not in plain


def test_a_new_homophone_without_a_listed_keeper_is_refused(lexicon_copy):
    # 常沙市 (invented) reads like 长沙市, which nobody listed: the loader must not guess
    path = lexicon_copy / "places.tsv"
    path.write_text(path.read_text(encoding="utf-8") + "常沙市\tCity\tx\t\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        Lexicon.load(lexicon_copy)
    assert "常沙市、长沙市 share the IRI slug 'chang-sha-shi'" in str(exc.value)
    assert "homophones.tsv" in str(exc.value)
    keeps = lexicon_copy / "homophones.tsv"
    keeps.write_text(keeps.read_text(encoding="utf-8") + "长沙市\t常沙市 is invented\n", encoding="utf-8")
    relisted = Lexicon.load(lexicon_copy)
    assert relisted.by_label["长沙市"].slug == "chang-sha-shi"
    assert relisted.by_label["常沙市"].slug == "chang-sha-shi-" + short_hash("常沙市")


@pytest.fixture
def lexicon_copy(tmp_path):
    dst = tmp_path / "lexicon"
    shutil.copytree(DATA / "lexicon", dst)
    return dst


@pytest.mark.parametrize(
    "file, row, message",
    [
        ("places.tsv", "火星市\tPlanet\tMars\t\t\t\t\t", "class 'Planet'"),
        ("places.tsv", "火星市\tCity\tMars\t\t\t95\t10\tprefecture", "latitude 95.0 is outside"),
        ("places.tsv", "火星市\tCity\tMars\t\t\tnorth\t10\t", "latitude 'north' is not a number"),
        ("entities.tsv", "火星工程\tProject\tMars\t\t不存在的纲要\t\t", "unknown entry '不存在的纲要'"),
        ("entities.tsv", "长沙市\tProject\tdup\t\t\t\t", "duplicate label '长沙市'"),
        ("departments.tsv", "{unit}火星局\tGovernmentAgency\tx\t\tplanet\tgovernment", "levels 'planet'"),
    ],
    ids=["unknown-class", "bad-latitude", "non-number", "dangling-parent", "duplicate", "bad-level"],
)
def test_bad_row_names_file_and_line(lexicon_copy, file, row, message):
    path = lexicon_copy / file
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [row]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        Lexicon.load(lexicon_copy)
    text = str(exc.value)
    assert message in text
    assert file in text
    if message.startswith(("class", "latitude", "levels")):
        assert f"{file}:{len(lines) + 1}:" in text


def test_wrong_header_is_reported(lexicon_copy):
    path = lexicon_copy / "entities.tsv"
    path.write_text("name\tkind\nx\ty\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"entities.tsv:1: header must be"):
        Lexicon.load(lexicon_copy)


@pytest.mark.parametrize("word", ["中山", "来宾", "天门"])
def test_short_forms_that_are_common_words_name_nothing(lexicon, word):
    assert lexicon.lookup(word) is None


# Lexicon gaps seen on unseen pages: a management district, rivers written with two characters,
# 湖南's scenic sites and 重庆's border counties are places, found by name in running text.
@pytest.mark.parametrize(
    "text, entities",
    [
        pytest.param("游客可前往怀化市洪江区参观洪江古商城。", {("洪江区", "Place"), ("洪江古商城", "Place")}, id="hongjiang-district-and-old-town"),
        pytest.param("洪江管理区与新余市仙女湖区签订协议。", {("洪江区", "Place"), ("仙女湖区", "Place")}, id="management-districts"),
        pytest.param("武陵源区的黄龙洞和宝峰湖接待游客超百万人次。", {("黄龙洞", "Place"), ("宝峰湖", "Place")}, id="wulingyuan-sites"),
        pytest.param("游客漫步金鞭溪，登上杨家界，再去张家界大峡谷。", {("金鞭溪", "Place"), ("杨家界", "Place"), ("张家界大峡谷", "Place")}, id="zhangjiajie-sites"),
        pytest.param("参观韶山冲和花明楼后，游客来到猛洞河漂流。", {("韶山冲", "Place"), ("花明楼", "Place"), ("猛洞河", "Place")}, id="memorial-sites-and-river"),
        pytest.param("游客在十八洞村打卡，该委将把芙蓉镇打造成样板。", {("十八洞村", "Place"), ("芙蓉镇", "Place")}, id="village-and-town-after-zai-and-ba"),
        pytest.param("游客登上袁家界，再乘船游览东江湖。", {("袁家界", "Place"), ("东江湖", "Place")}, id="sites-after-verbs"),
        pytest.param("赣江和袁河沿岸的城市签署协议。", {("赣江", "Place"), ("袁河", "Place")}, id="jiangxi-rivers"),
        pytest.param("两县共同治理巫水、禾水和袁水。", {("巫水", "Place"), ("禾水", "Place"), ("袁河", "Place")}, id="two-character-rivers"),
        pytest.param("游客在舂陵江漂流，蒸水和夫夷江沿岸也有景点。", {("舂陵水", "Place"), ("蒸水", "Place"), ("夫夷水", "Place")}, id="rivers-with-jiang-aliases"),
        pytest.param("酉阳县、秀山县与湘西州花垣县签约。", {("酉阳土家族苗族自治县", "Place"), ("秀山土家族苗族自治县", "Place")}, id="chongqing-border-counties"),
        pytest.param("黔江区、彭水县的客商来到怀化。", {("黔江区", "Place"), ("彭水苗族土家族自治县", "Place")}, id="chongqing-border-districts"),
        pytest.param("公安县人民政府与松滋市人民政府签约。", {("公安县人民政府", "Organization"), ("公安县", "Place")}, id="gongan-county-government"),
    ],
)
def test_places_added_for_unseen_pages(text, entities, lexicon):
    from .test_extract import labels, read

    got = labels(read("标题\n\n" + text, lexicon)[0])
    assert entities <= got, f"missing {entities - got}; got {sorted(got)}"


def _counting_loads(monkeypatch) -> list:
    """Record each parse of a lexicon folder (Lexicon.load), still parsing it."""
    loads: list = []
    real = Lexicon.load.__func__

    def load(cls, folder):
        loads.append(folder)
        return real(cls, folder)

    monkeypatch.setattr(Lexicon, "load", classmethod(load))
    return loads


def test_a_kept_lexicon_is_used_until_one_of_its_files_changes(data_copy, tmp_path, monkeypatch):
    """A build's cache keeps the lexicon as loaded: the next load of the same files takes
    it (no parsing) with the same entries and hash; a file edited is parsed again and its
    new entry is found; a damaged kept lexicon just means parsing, never an error."""
    from graph.build import LEXICON_FILE, load_lexicon

    cache = tmp_path / "cache"
    loads = _counting_loads(monkeypatch)
    first = load_lexicon(data_copy, cache)
    assert len(loads) == 1 and (cache / LEXICON_FILE).is_file()
    again = load_lexicon(data_copy, cache)
    assert len(loads) == 1, "the same files were parsed again"
    assert again.entries == first.entries and again.surfaces == first.surfaces
    assert again.content_hash == first.content_hash == Lexicon.load.__func__(Lexicon, data_copy / "lexicon").content_hash

    entities = data_copy / "lexicon" / "entities.tsv"
    entities.write_text(entities.read_text(encoding="utf-8") + "火星开发区\tFacility\tMars Zone\t火星园\t\t\t\n",
                        encoding="utf-8")
    edited = load_lexicon(data_copy, cache)
    assert len(loads) == 3 and edited.lookup("火星园").label == "火星开发区"
    assert load_lexicon(data_copy, cache).lookup("火星园") is not None and len(loads) == 3

    (cache / LEXICON_FILE).write_bytes(b"not a pickle")
    assert load_lexicon(data_copy, cache).entries == edited.entries and len(loads) == 4
    assert load_lexicon(data_copy).entries == edited.entries and len(loads) == 5  # no cache: parsed


def test_a_kept_lexicon_never_hides_an_error_in_its_files(data_copy, tmp_path):
    """A row broken after the lexicon was kept: the build's load reports it (file and
    line), as a load without a cache does."""
    from graph.build import load_lexicon

    cache = tmp_path / "cache"
    load_lexicon(data_copy, cache)
    entities = data_copy / "lexicon" / "entities.tsv"
    entities.write_text(entities.read_text(encoding="utf-8") + "长沙市\tProject\tdup\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(DataError, match="duplicate label '长沙市'"):
        load_lexicon(data_copy, cache)


def test_a_build_keeps_its_lexicon_in_its_cache_only(data_copy, tmp_path, monkeypatch):
    """``build`` keeps the lexicon in its cache folder and a rebuild does not parse it;
    ``--no-cache`` (cache=False) writes no cache and parses it each time."""
    from graph.build import LEXICON_FILE, build

    loads = _counting_loads(monkeypatch)
    out = tmp_path / "out"
    build(data_copy, out)
    assert (out / ".cache" / LEXICON_FILE).is_file() and len(loads) == 1
    build(data_copy, out)
    assert len(loads) == 1
    bare = tmp_path / "bare"
    build(data_copy, bare, cache=False)
    assert not (bare / ".cache").exists() and len(loads) == 2


@pytest.mark.parametrize("taught", ["before pypinyin loads", "after pypinyin loads"])
def test_a_domain_reading_holds_whenever_it_is_taught(taught):
    """pypinyin (~0.25 s to load) is loaded on the first reading asked of it, not on
    import: a reading taught before that is taught to it as it loads, one taught after
    at once (长株潭 is cháng, not zhǎng, either way)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from graph import slug\n"
        "assert 'pypinyin' not in sys.modules, 'graph.slug loaded pypinyin on import'\n"
        + ("slug.pinyin('长沙')\n" if taught == "after pypinyin loads" else "")
        + "slug.add_phrases({'长株潭': 'chang zhu tan'})\n"
        "print(slug.pinyin('长株潭'), slug.slugify('长株潭一体化'), 'pypinyin' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=DATA.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["chang", "zhu", "tan", "chang-zhu-tan-yi-ti-hua", "True"]
