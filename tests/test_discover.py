"""Entity discovery on unseen wording: each rule is held by at least two different wordings
(input → expected), written for the entity categories the held-out pages missed (mountains and
ranges, named regions, roads and train services, branches, colleges and national associations,
company-headed projects and facilities, compound surnames, races and joint meetings, 管理区,
planned institutes) and for what must not be taken (time words and verbs glued to a place,
"X到Y", generic heads).  Chinese text inline."""

from __future__ import annotations

import pytest

from .test_extract import labels, read

FOUND = [
    # -- a. mountains and ranges as places (lexicon table of 湖南 and its borders)
    pytest.param("标题\n\n炎陵县地处罗霄山中段，境内有万洋山。", {("罗霄山", "Place"), ("万洋山", "Place")}, id="range-after-place-verb"),
    pytest.param("标题\n\n我们围绕九嶷山、阳明山和都庞岭三座名山做文章。", {("九嶷山", "Place"), ("阳明山", "Place"), ("都庞岭", "Place")}, id="mountains-listed"),
    pytest.param("标题\n\n选手需登上海拔2115米的酃峰，再前往武功山。", {("酃峰", "Place"), ("武功山", "Place")}, id="peak-after-climb"),
    pytest.param("标题\n\n南岳衡山、崀山等名山实行年卡互认。", {("南岳衡山", "Place"), ("崀山", "Place")}, id="mountains-before-deng"),
    # -- b. named regions
    pytest.param("标题\n\n两县同处罗霄山片区，从永州驱车到珠江三角洲只需4小时。", {("罗霄山片区", "Place"), ("珠江三角洲", "Place")}, id="region-片区-and-delta"),
    pytest.param("标题\n\n去年珠三角游客占全市游客三成，长三角游客也在增加。", {("珠江三角洲", "Place"), ("长江三角洲", "Place")}, id="delta-short-forms"),
    # -- h. management areas
    pytest.param("标题\n\n金洞管理区和回龙圩管理区也在加快建设康养基地。", {("金洞管理区", "Place"), ("回龙圩管理区", "Place")}, id="management-areas-known"),
    pytest.param("标题\n\n岳阳市将于明年在屈原管理区举办龙舟赛。", {("屈原管理区", "Place")}, id="management-area-after-zai"),

    # -- an ASCII full stop after a CJK character ends a sentence (pages with ASCII punctuation)
    pytest.param("标题\n\n今年游客同比增长12%.中国田径协会将在宁远县举办比赛.", {("中国田径协会", "Organization")}, id="ascii-full-stop-opens-association"),
    pytest.param("标题\n\n步道已开放.湖南省茶业协会也来了.", {("湖南省茶业协会", "Organization")}, id="ascii-full-stop-opens-association-2"),
]

NOT_FOUND = [
    pytest.param("标题\n\n南岳衡山与崀山实行景区互认。", ("衡山", "Place"), id="hengshan-inside-nanyue-hengshan"),
    pytest.param("标题\n\n壶瓶山抽水蓄能电站项目已开工。", ("壶瓶山", "Place"), id="mountain-inside-project-name"),
]


@pytest.mark.parametrize("text, entities", FOUND)
def test_found(text, entities, lexicon):
    got = labels(read(text, lexicon)[0])
    assert entities <= got, f"missing {entities - got}; got {sorted(got)}"


@pytest.mark.parametrize("text, entity", NOT_FOUND)
def test_not_found(text, entity, lexicon):
    assert entity not in labels(read(text, lexicon)[0])
