"""End to end: ``czt-kg build`` on the bundled data, and on bad input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from graph.build import build
from graph.cli import main
from graph.validate import validate

from .conftest import DATA, SEED

OUTPUTS = ("czt.ttl", "czt.trig", "czt.nq", "czt.jsonld", "graph.html", "analysis.json", "report.txt")

#: What the seed's main article names: cities, projects, agreements, reform categories, agencies.
SEED_MUST_HOLD = [
    "长沙市", "株洲市", "湘潭市", "萍乡市", "韶山市", "安源区",
    "一厅一道一园一廊四张网", "湖湘绿厅", "长株潭绿心国家植物园", "湘江科教走廊", "四张网",
    "地上交通网", "地下排水网", "云上算力网", "社会民生网", "湖南大学科创港",
    "长沙绕城高速扩容提质工程", "长株潭中心城区突出内涝点整治工程", "长株潭算力提质工程",
    "文化共建共享高质量发展合作协议", "跨区域社会信用体系建设合作协议", "韶山市人民政府与安源区人民政府战略合作协议",
    "要素市场化配置改革", "市场一体化改革", "教育科技人才体制机制一体化改革", "绿色低碳发展机制改革",
    "排水一体化改革", "民生制度改革",
    "湖南省长株潭一体化发展领导小组", "中共长沙市委宣传部", "中共株洲市委宣传部", "中共湘潭市委宣传部",
    "长沙市发展和改革委员会", "株洲市发展和改革委员会", "湘潭市发展和改革委员会", "萍乡市发展和改革委员会",
    "韶山市人民政府", "安源区人民政府", "新闻株洲", "湘潭广电",
]


def test_build_writes_every_output(seed_build):
    result, out = seed_build
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert result.kg.validation.conforms


def test_turtle_parses_strictly_with_both_engines(seed_build):
    _, out = seed_build
    data = (out / "czt.ttl").read_bytes()
    ox = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)
    n_ox = sum(1 for _ in ox)
    g = Graph().parse(data=data, format="turtle")
    assert n_ox == len(g) > 1000
    quads = list(pyoxigraph.parse((out / "czt.nq").read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(quads) >= len(g)


@pytest.mark.parametrize("label", SEED_MUST_HOLD)
def test_graph_holds_what_the_seed_article_names(seed_build, label):
    _, out = seed_build
    g = Graph().parse(out / "czt.ttl")
    q = "SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    rows = list(g.query(q, initBindings={"l": Literal(label, lang="zh")}))
    assert rows, f"{label}@zh not in the graph"


def test_sparql_finds_pingxiang_with_its_coordinates(seed_build):
    _, out = seed_build
    g = Graph().parse(out / "czt.ttl")
    rows = list(
        g.query(
            """PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
               PREFIX czt: <https://w3id.org/czt-kg/ontology#>
               SELECT ?e ?prov WHERE { ?e rdfs:label "萍乡市"@zh ; geo:lat ?lat ; czt:partOf ?p .
                                      ?p rdfs:label ?prov . FILTER(lang(?prov) = "zh") }"""
        )
    )
    assert [(str(e), str(p)) for e, p in rows] == [("https://w3id.org/czt-kg/id/ping-xiang-shi", "江西省")]


def test_trig_has_one_named_graph_per_document(seed_build):
    result, out = seed_build
    ds = Dataset()
    ds.parse(out / "czt.trig", format="trig")
    names = {str(c.identifier) for c in ds.contexts() if isinstance(c.identifier, URIRef) and "/doc/" in str(c.identifier)}
    assert names == {d.id for d in result.kg.corpus.documents}


def test_every_extracted_fact_has_a_sentence_that_slices_the_page(seed_build):
    _, out = seed_build
    g = Graph().parse(out / "czt.ttl")
    text = SEED.read_text(encoding="utf-8")
    rows = list(
        g.query(
            """PREFIX czt: <https://w3id.org/czt-kg/ontology#>
               PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
               SELECT ?a ?s ?e ?t WHERE { ?a a czt:Assertion ; czt:document ?d ; czt:evidence ?ev .
                 ?ev nif:beginIndex ?s ; nif:endIndex ?e ; nif:anchorOf ?t }"""
        )
    )
    assert len(rows) > 30
    for _a, s, e, t in rows:
        assert text[int(s) : int(e)] == str(t)
    orphans = list(
        g.query(
            """PREFIX czt: <https://w3id.org/czt-kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
               SELECT ?a WHERE { ?a a czt:Assertion . FILTER NOT EXISTS { ?a prov:wasDerivedFrom ?x } }"""
        )
    )
    assert orphans == []


def test_graph_page_references_nothing_outside_the_file(seed_build):
    _, out = seed_build
    html = (out / "graph.html").read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert not [r for r in refs if not r.startswith(("#", "data:"))]
    assert not re.search(r"""url\(\s*['"]?(?:https?:)?//""", html)


def test_build_is_deterministic(tmp_path, seed_build):
    _, out1 = seed_build
    out2 = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "graph.cli", "build", "--data", str(DATA), "--out", str(out2)], check=True, env=env, capture_output=True)
    for name in ("czt.ttl", "czt.trig", "czt.nq", "czt.jsonld", "analysis.json", "graph.html"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


def test_rebuilt_graph_is_isomorphic_to_a_fresh_pipeline_run(seed_build):
    result, out = seed_build
    assert to_isomorphic(Graph().parse(out / "czt.ttl")) == to_isomorphic(result.kg.graph)


def test_every_bundled_page_built_together_conforms(data_copy, tmp_path):
    # an analyst drops many pages in one folder: the gold and held-out pages together must
    # build (a mention found by two rules once gave one IRI two czt:extractedBy values)
    for folder in (DATA / "gold" / "pages", DATA / "heldout" / "pages"):
        for page in folder.glob("*.txt"):
            (data_copy / "raw" / page.name).write_bytes(page.read_bytes())
    result = build(data_copy, tmp_path / "out", jobs=1)
    assert not result.page_errors
    assert len(result.kg.corpus.pages) > 40
    assert result.kg.validation.conforms, result.kg.validation.text()


def test_bad_pages_are_reported_and_the_rest_is_built(data_copy, tmp_path, capsys):
    raw = data_copy / "raw"
    (raw / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    code = main(["build", "--data", str(data_copy), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("czt-kg:")]
    assert any("binary.txt" in line and "not text" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert (out / "czt.ttl").stat().st_size > 0


def test_invalid_lexicon_names_file_and_line_and_writes_nothing(data_copy, tmp_path, capsys):
    places = data_copy / "lexicon" / "places.tsv"
    lines = places.read_text(encoding="utf-8").splitlines()
    places.write_text("\n".join(lines + ["火星市\tPlanet\t\t\t\t\t\t"]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "--data", str(data_copy), "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 3
    assert f"places.tsv:{len(lines) + 1}:" in err and "Planet" in err
    assert len(err.splitlines()) == 1
    assert not out.exists()


def test_outputs_reach_the_disk_in_the_background_and_all_or_none_are_kept(tmp_path, monkeypatch):
    """OutputSet: the second file is written while the first one's fsync is still under
    way; commit waits for every fsync, and one that fails leaves no temporary file and
    every previous output as it was."""
    import threading

    import graph.outputs as outputs
    from graph.errors import OutputError

    real_fsync, first_synced, order = os.fsync, threading.Event(), []

    def slow_fsync(fd):
        first_synced.wait(10)  # a slow disk: held until the timer below lets it go
        order.append("fsync")
        return real_fsync(fd)

    release = threading.Timer(0.5, first_synced.set)
    monkeypatch.setattr(outputs.os, "fsync", slow_fsync)
    pending = outputs.OutputSet()
    release.start()
    pending.add(tmp_path / "a.txt", b"first")
    pending.add(tmp_path / "b.txt", b"second")
    order.append("both written")
    assert pending.commit() == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert order[0] == "both written" and order.count("fsync") >= 2  # the two files (and their folder)
    assert (tmp_path / "a.txt").read_bytes() == b"first" and (tmp_path / "b.txt").read_bytes() == b"second"

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "fsync", full_disk)
    again = outputs.OutputSet()
    again.add(tmp_path / "a.txt", b"new first")
    again.add(tmp_path / "b.txt", b"new second")
    with pytest.raises(OutputError, match="No space left on device"):
        again.commit()
    assert (tmp_path / "a.txt").read_bytes() == b"first" and (tmp_path / "b.txt").read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_failed_write_keeps_previous_outputs(seed_build, tmp_path, monkeypatch):
    import graph.outputs as outputs

    _, out1 = seed_build
    out = tmp_path / "out"
    out.mkdir()
    previous = (out1 / "czt.ttl").read_bytes()
    (out / "czt.ttl").write_bytes(previous)

    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "fsync", full_disk)
    code = main(["build", "--data", str(DATA), "--out", str(out)])
    assert code == 6
    assert (out / "czt.ttl").read_bytes() == previous
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_shacl_violation_fails_with_readable_report():
    g = Graph()
    e = URIRef("https://w3id.org/czt-kg/id/x")
    czt = "https://w3id.org/czt-kg/ontology#"
    g.add((e, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(czt + "City")))
    g.add((e, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(czt + "Place")))
    report = validate(g)
    assert not report.conforms
    assert any("id/x" in v for v in report.violations)


def test_records_released_by_the_build_are_made_again_alike(data_copy, tmp_path, lexicon):
    # the build lets its extraction records go once the statements are made (memory at
    # 10,000 pages); a notebook asking for them afterwards gets the same records back
    from graph.pipeline import page_files, run
    from graph.vocab import DEFAULT_BASE

    result = build(data_copy, tmp_path / "out", jobs=1)
    kg = result.kg
    assert kg._resolution is None and kg._extractions is None and kg._corpus is None  # released by the build
    kept = run(page_files(data_copy / "raw"), lexicon, DEFAULT_BASE, validate_graph=False)
    assert kg.counts() == kept.counts()  # the report's counts, known without the records
    assert kg.corpus_counts() == kept.corpus_counts() and kg.corpus_counts()["chars"] > 0  # and the corpus
    assert kg.page_errors == kept.page_errors
    assert kg._corpus is None  # none of which made them again
    assert kg.corpus == kept.corpus  # made again on first use
    assert kg.corpus.documents[0] is kg.extractions[0].document  # with the records, one object each
    assert kg.resolution == kept.resolution  # made again on first use
    assert kg.extractions == kept.extractions
    assert sorted(kg.quads, key=str) == sorted(kept.quads, key=str)


@pytest.mark.parametrize("jobs", [1, 2])
def test_statements_released_by_the_build_are_made_again_alike(data_copy, tmp_path, jobs):
    # the build lets the statements go once the graph is written, validated and analysed
    # (memory at 10,000 pages); asked for afterwards, they are the ones written
    result = build(data_copy, tmp_path / "out", jobs=jobs)
    kg = result.kg
    assert kg._statements is None  # released by the build
    assert kg.triple_count > 0  # known without them
    assert kg.statements.nquads() == (tmp_path / "out" / "czt.nq").read_bytes()  # made again on first use
    assert kg.triple_count == kg.statements.triple_count == len(kg.graph)


def test_released_records_are_refused_once_a_page_changed(data_copy, tmp_path):
    from graph.errors import DataError

    result = build(data_copy, tmp_path / "out", jobs=1)
    page = next((data_copy / "raw").iterdir())
    page.write_bytes(page.read_bytes() + "\n新增一句。".encode("utf-8"))
    with pytest.raises(DataError, match="changed since the build"):
        result.kg.resolution


def test_the_pages_of_a_folder_are_its_visible_files_in_name_order(tmp_path):
    """A build reads the files of ``raw/`` (not its folders, nor hidden files such as an
    editor's swap file), in the order their names sort as text, which is the order paths
    of one folder sort in: the graph's order does not depend on the file system's."""
    from graph.pipeline import page_files

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("b.txt", "a.txt", "10.txt", "2.txt", "长沙.txt", "Z.txt", ".a.txt.swp", "a b.txt"):
        (raw / name).write_text("标题\n\n长沙市。", encoding="utf-8")
    (raw / "sub").mkdir()
    (raw / "sub" / "0.txt").write_text("标题\n\n长沙市。", encoding="utf-8")
    (raw / "link.txt").symlink_to(raw / "a.txt")
    pages = page_files(raw)
    assert [p.name for p in pages] == ["10.txt", "2.txt", "Z.txt", "a b.txt", "a.txt", "b.txt", "link.txt", "长沙.txt"]
    assert pages == sorted(p for p in raw.iterdir() if p.is_file() and not p.name.startswith("."))
    assert all(p.parent == raw for p in pages)
