"""Corpus stage: decoding pages as they come and splitting them into documents."""

from __future__ import annotations

import codecs

import pytest

from graph.corpus import decode_bytes, decode_page, segment, sentences
from graph.errors import PageError
from graph.vocab import DEFAULT_BASE

from .conftest import SEED

SAMPLE = "长株潭三市发改委与萍乡市发改委共同签署跨区域社会信用体系建设合作协议。"
TRADITIONAL = "長株潭三市發改委與萍鄉市發改委共同簽署跨區域社會信用體系建設合作協議。"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SAMPLE.encode("utf-8"), SAMPLE, "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), SAMPLE, "utf-8-sig"),
        (SAMPLE.encode("utf-16"), SAMPLE, "utf-16"),
        ((SAMPLE * 3).encode("gb18030"), SAMPLE * 3, "gb18030"),
        ((TRADITIONAL * 3).encode("big5"), TRADITIONAL * 3, "big5hkscs"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "gb18030", "big5"],
)
def test_decoding_keeps_text_and_names_encoding(data, text, encoding):
    decoded, enc, _confident = decode_bytes(data, "x.txt")
    assert decoded == text
    assert enc == encoding


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff" * 10, "not text"),
        (bytes(range(256)) * 4, "not text"),
    ],
    ids=["empty", "blank", "nul-bytes", "all-bytes"],
)
def test_bad_pages_raise_one_line_error_naming_the_file(data, message):
    with pytest.raises(PageError) as exc:
        decode_page(data, "raw/bad.txt")
    text = str(exc.value)
    assert text.startswith("raw/bad.txt: ")
    assert message in text
    assert "\n" not in text


def test_seed_page_splits_into_article_and_seven_teasers():
    page = decode_page(SEED.read_bytes(), str(SEED))
    docs = segment(page, DEFAULT_BASE)
    assert [d.kind for d in docs] == ["article"] + ["teaser"] * 7
    article = docs[0]
    assert article.title == "将长株潭作为一座特大城市一体打造!"
    assert (article.date, article.datetime) == ("2024-12-10", "2024-12-10T23:32:14")
    assert article.source == "新闻株洲"
    assert article.original_source == "湘潭广电"
    assert article.editors == ("余水清",)
    assert article.reviewers == ("彭建南", "曹艳")
    # the article stops before the recommendations; teasers are not part of it
    assert "太原市" not in article.text and "国际分类资讯推荐" not in article.text
    assert docs[1].title == "服务效能再提速 太原市倾力解决群众“登记难”"
    assert "太原市规划和自然资源局" in docs[1].text
    # every document span lies inside the page, and they do not overlap
    spans = [d.span for d in docs]
    assert all(0 <= a < b <= len(page.text) for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_document_iris_depend_on_content_not_file_name():
    data = SEED.read_bytes()
    a = segment(decode_page(data, "a.txt"), DEFAULT_BASE)
    b = segment(decode_page(data, "renamed.txt"), DEFAULT_BASE)
    assert [d.id for d in a] == [d.id for d in b]


def test_sentences_are_exact_slices_and_skip_metadata_lines():
    page = decode_page(SEED.read_bytes(), str(SEED))
    article = segment(page, DEFAULT_BASE)[0]
    sents = sentences(article)
    assert all(page.text[s.start : s.end] == s.text for s in sents)
    texts = [s.text for s in sents]
    assert "“一厅”指在长株潭三市交界点及周边构建湖湘绿厅。" in texts
    assert not any(t.startswith(("编辑丨", "审核丨", "来源丨", "声明")) for t in texts)
    assert not any(t.endswith("- 天天要闻") for t in texts)


def test_page_of_only_teasers_has_no_article():
    text = (
        "甲乙丙新闻 - 天天要闻\n\n甲乙丙新闻\n\n长沙市召开会议。\n"
        "丁戊己新闻 - 天天要闻\n\n丁戊己新闻\n\n株洲市发布规划。\n"
    )
    docs = segment(decode_page(text.encode(), "t.txt"), DEFAULT_BASE)
    assert [d.kind for d in docs] == ["teaser", "teaser"]
    assert [d.title for d in docs] == ["甲乙丙新闻", "丁戊己新闻"]
