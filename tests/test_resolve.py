"""Resolve stage: one canonical entity per real-world thing, with stable IRIs."""

from __future__ import annotations

import pytest

from graph.corpus import decode_page, segment
from graph.extract import extract
from graph.records import ExtractionNames
from graph.resolve import document_names, entity_iri, resolve
from graph.vocab import DEFAULT_BASE


def _extractions(texts, lexicon, encoding="utf-8"):
    out = []
    for i, text in enumerate(texts):
        page = decode_page(text.encode(encoding), f"p{i}.txt")
        out += [extract(d, lexicon) for d in segment(page, DEFAULT_BASE)]
    return out


A = "标题甲\n\n株洲市与萍乡市签署跨区域社会信用体系建设合作协议。"
B = "标题乙\n\n萍乡与长沙开展合作。"


def test_same_entity_across_pages_is_one_resource(lexicon):
    res = resolve(_extractions([A, B], lexicon), lexicon, DEFAULT_BASE)
    pingxiang = [e for e in res.entities if e.label == "萍乡市"]
    assert len(pingxiang) == 1
    assert pingxiang[0].id == DEFAULT_BASE + "id/ping-xiang-shi"
    assert "萍乡" in pingxiang[0].aliases


def test_iris_do_not_depend_on_page_order(lexicon):
    one = resolve(_extractions([A, B], lexicon), lexicon, DEFAULT_BASE)
    two = resolve(_extractions([B, A], lexicon), lexicon, DEFAULT_BASE)
    assert {e.label: e.id for e in one.entities} == {e.label: e.id for e in two.entities}


def test_found_names_get_a_hashed_slug_and_traditional_forms_become_aliases(lexicon):
    simplified = "标题\n\n株洲市与萍乡市签署文旅消费券互认合作协议。"
    traditional = "標題\n\n株洲市與萍鄉市簽署文旅消費券互認合作協議。"
    res = resolve(_extractions([simplified], lexicon) + _extractions([traditional], lexicon, "big5"), lexicon, DEFAULT_BASE)
    agreements = [e for e in res.entities if e.type == "Agreement"]
    assert len(agreements) == 1
    a = agreements[0]
    assert a.label == "文旅消费券互认合作协议"
    assert a.label not in lexicon.by_label
    assert a.id == entity_iri(DEFAULT_BASE, a.label, curated=False)
    assert a.id.startswith(DEFAULT_BASE + "id/wen-lv-xiao-fei-quan-hu-ren-he-zuo-xie-yi-")
    assert "文旅消費券互認合作協議" in a.aliases


def test_parents_come_in_as_background_from_the_lexicon(lexicon):
    res = resolve(_extractions(["标题\n\n萍乡市安源区政府发布通知。"], lexicon), lexicon, DEFAULT_BASE)
    labels = {e.label for e in res.entities}
    assert {"安源区人民政府", "安源区", "萍乡市", "江西省"} <= labels
    by_id = res.by_id()
    facts = {(by_id[a.subject].label, a.predicate, by_id[a.object].label) for a in res.background}
    assert ("安源区", "partOf", "萍乡市") in facts
    assert ("萍乡市", "partOf", "江西省") in facts
    assert all(a.doc_id is None and a.evidence is None for a in res.background)


def test_collective_reference_makes_each_city_present_without_becoming_its_alias(lexicon):
    res = resolve(_extractions(["标题\n\n长株潭三市共同推进一体化。"], lexicon), lexicon, DEFAULT_BASE)
    cities = {e.label: e for e in res.entities if e.cls == "City"}
    assert {"长沙市", "株洲市", "湘潭市"} <= set(cities)
    assert "长株潭三市" not in cities["长沙市"].aliases


def test_unit_left_out_resolves_to_the_same_body_as_its_full_name(lexicon):
    pages = [
        "标题甲\n\n【来源：株洲日报】\n\n市财政局安排专项资金。",
        "标题乙\n\n株洲市财政局与湘潭市财政局签署协作协议。",
    ]
    res = resolve(_extractions(pages, lexicon), lexicon, DEFAULT_BASE)
    bureau = [e for e in res.entities if e.label == "株洲市财政局"]
    assert len(bureau) == 1
    assert "市财政局" in bureau[0].aliases


def test_coreference_and_titles_are_never_aliases_in_the_contract_or_the_graph(lexicon):
    from graph.contract import document_record

    page = "标题\n\n【来源：株洲日报】\n\n株洲市市长王东出席。我市将推进合作，长株潭三市共同参与。副市长李南表示，市财政局将安排资金。"
    res = resolve(_extractions([page], lexicon), lexicon, DEFAULT_BASE)
    rec = document_record(res.extractions[0], res.by_id())
    by_label = {e["label"]: e for e in rec["entities"]}
    for label, stand_ins in (("株洲市人民政府", {"市长", "副市长"}), ("株洲市", {"我市", "长株潭三市"})):
        assert label in by_label
        assert not stand_ins & set(by_label[label]["aliases"]), by_label[label]["aliases"]
        assert not stand_ins & set(next(e for e in res.entities if e.label == label).aliases)
    # a name with its unit left out is a real alias
    assert "市财政局" in by_label["株洲市财政局"]["aliases"]


def test_a_body_only_implied_by_a_title_is_an_organization(lexicon):
    # 凉山州 is not in the lexicon: its 人民政府 is named only by the title 州长
    res = resolve(_extractions(["标题\n\n凉山州州长张敏出席会议。"], lexicon), lexicon, DEFAULT_BASE)
    gov = [e for e in res.entities if e.label == "凉山州人民政府"]
    assert len(gov) == 1
    assert (gov[0].type, gov[0].cls) == ("Organization", "GovernmentAgency")
    assert "州长" not in gov[0].aliases


def test_a_title_without_the_edition_names_the_same_event(lexicon):
    res = resolve(_extractions(["湘南农业博览会开幕\n\n第三届湘南农业博览会在郴州开幕。"], lexicon), lexicon, DEFAULT_BASE)
    events = [e for e in res.entities if e.type == "Event"]
    assert [e.label for e in events] == ["第三届湘南农业博览会"]


def test_person_named_like_a_lexicon_place_is_a_person_of_their_own(lexicon):
    # a reporter or editor may be called 韩国 or 江南: the byline's person is not the country,
    # and the country named in the text stays the country (before: one resource, and SHACL
    # failed the whole build on "a country is memberOf an outlet")
    page = "株洲与韩国企业签约\n\n3月1日,株洲市与韩国企业签署合作协议。\n\n来源丨株洲日报\n编辑丨韩国\n审核丨李明"
    res = resolve(_extractions([page], lexicon), lexicon, DEFAULT_BASE)
    named = {(e.label, e.type): e for e in res.entities if e.label == "韩国"}
    assert set(named) == {("韩国", "Place"), ("韩国", "Person")}, named
    person, country = named["韩国", "Person"], named["韩国", "Place"]
    assert person.id != country.id and "\x00" not in person.label + "".join(person.aliases)
    member_of = [a for ex in res.extractions for a in ex.assertions if a.predicate == "memberOf"]
    assert {a.subject for a in member_of if a.role == "编辑"} == {person.id}
    assert all(a.subject != country.id for a in member_of)


NAMES_CASES = {
    "one place across pages": [A, B],
    "a found name in both scripts": ["标题\n\n株洲市与萍乡市签署文旅消费券互认合作协议。",
                                     "標題\n\n株洲市與萍鄉市簽署文旅消費券互認合作協議。"],
    "collective and coreferring mentions": ["标题\n\n【来源：株洲日报】\n\n株洲市市长王东出席。我市将推进合作，长株潭三市共同参与。"],
    "a body only implied by a title": ["标题\n\n凉山州州长张敏出席会议。", "标题乙\n\n凉山州与攀枝花市签署协作协议。"],
    "a person named like a country": ["株洲与韩国企业签约\n\n3月1日,株洲市与韩国企业签署合作协议。\n\n来源丨株洲日报\n编辑丨韩国\n审核丨李明"],
}


@pytest.mark.parametrize("pages", list(NAMES_CASES.values()), ids=list(NAMES_CASES))
def test_resolving_from_the_documents_names_gives_the_same_entities(lexicon, pages):
    # a rebuild gives resolve only the names of the documents the previous build summarized
    extractions = _extractions(pages, lexicon)
    full = resolve(extractions, lexicon, DEFAULT_BASE)
    names = [document_names(x, lexicon) for x in extractions]
    for mixed in (names, [names[0], *extractions[1:]]):
        part = resolve(mixed, lexicon, DEFAULT_BASE, rewrite=lambda x: not isinstance(x, ExtractionNames))
        assert part.entities == full.entities and part.background == full.background
        assert [x for x in part.extractions if not isinstance(x, ExtractionNames)] == \
            [x for x, m in zip(full.extractions, mixed) if not isinstance(m, ExtractionNames)]
    with pytest.raises(ValueError, match="needed to rewrite"):
        resolve(names, lexicon, DEFAULT_BASE)


def test_a_documents_names_count_its_mentions_and_its_assertions(lexicon):
    (x,) = _extractions(["标题\n\n株洲市与萍乡市签署跨区域社会信用体系建设合作协议。株洲市还与长沙市合作。"], lexicon)
    n = document_names(x, lexicon)
    assert n.assertion_count == len(x.assertions) > 0 and n.claim_count == len(x.claims)
    assert sum(c for *_k, c in n.named) + sum(c for *_k, c in n.referring) == len(x.mentions)
    assert ("株洲市", "Place", "City", "株洲市", 2) in n.named
    assert set(n.ends) == {k for a in x.assertions for k in (a.subject, a.object)} and len(set(n.ends)) == len(n.ends)
