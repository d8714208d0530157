"""Encodings suite: ≥ 200 labelled page files, generated here, decoded as a user expects.

Each generated file (``tests/encoding_cases.py``) has the text it must decode to.
Figures printed: files, decoded correctly, flagged uncertain, exceptions; thresholds:
≥ 99 % decoded correctly, every other file flagged uncertain in the document
metadata, 0 exceptions.  Each failing file is named.
"""

from __future__ import annotations

import pytest

from graph.corpus import decode_bytes, decode_page, segment
from graph.errors import PageError
from graph.vocab import DEFAULT_BASE

from .encoding_cases import cases
from .figures import report

CASES = cases()


def outcome(case):
    """'correct', 'flagged' (wrong text but marked uncertain), 'wrong', or 'error: …'."""
    try:
        text, enc, sure = decode_bytes(case.data, case.filename)
    except PageError as exc:
        return f"error: {exc}", None
    except Exception as exc:  # noqa: BLE001 - the figure counts these
        return f"exception: {type(exc).__name__}: {exc}", None
    if text == case.text and not (case.uncertain and sure):
        return "correct", enc
    if not sure:
        return "flagged", enc
    return "wrong", enc


def test_suite_has_enough_labelled_files_of_every_kind():
    assert len(CASES) >= 200
    families = {c.family for c in CASES}
    for kind in ("utf-8", "utf-8-bom", "gb18030", "gbk", "big5", "big5-hkscs", "utf-16-le", "utf-16-be",
                 "mislabel-meta-gb2312-is-utf8", "mislabel-name-big5-is-utf8", "truncated-utf-8",
                 "truncated-gb18030", "truncated-big5", "mixed-utf8-gbk", "short-gbk", "short-big5"):
        assert kind in families, f"no {kind} files in the suite"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_file_decodes_to_its_text_or_is_flagged(case):
    result, enc = outcome(case)
    assert result in ("correct", "flagged"), f"{case.name} ({case.filename}): {result} as {enc}"


def test_figures_decoded_correctly_flagged_and_no_exceptions(request):
    results = {c.name: outcome(c) for c in CASES}
    correct = [n for n, (r, _) in results.items() if r == "correct"]
    flagged = [n for n, (r, _) in results.items() if r == "flagged"]
    failed = {n: r for n, (r, _) in results.items() if r not in ("correct", "flagged")}
    damaged = [c for c in CASES if c.uncertain]
    share = len(correct) / len(CASES)
    try:
        import chardet

        detector = f"chardet {chardet.__version__}"
    except ImportError:
        detector = "charset-normalizer (chardet missing)"
    report(
        request,
        f"encodings ({detector}): {len(CASES)} files, {len(correct)} decoded correctly ({share:.1%}), "
        f"{len(flagged)} flagged uncertain, {len(failed)} exceptions or silent errors; "
        f"{len(damaged)} damaged/mixed files all flagged: {all(results[c.name][0] != 'wrong' for c in damaged)}",
    )
    assert not failed, failed
    assert share >= 0.99, f"only {share:.1%} decoded correctly; flagged: {flagged}"


def test_uncertain_decoding_shows_in_every_document_of_the_page():
    # a UTF-8 page with a GBK paragraph pasted in: decoded line by line and flagged
    case = next(c for c in CASES if c.family == "mixed-utf8-gbk")
    page = decode_page(case.data, case.filename)
    assert page.text == case.text and not page.encoding_confident
    assert page.encoding == "utf-8+gb18030"
    docs = segment(page, DEFAULT_BASE)
    assert docs and all(not d.page.encoding_confident for d in docs)


def test_label_gb2312_decodes_as_gb18030_for_characters_outside_gb2312():
    text = "朱镕基同志视察湘潭，喆、堃两位代表发言。\n"
    html = f'<meta charset="gb2312">\n{text}'
    decoded, enc, sure = decode_bytes(html.encode("gb18030"), "x.html")
    assert (decoded, enc) == (html, "gb18030")


def test_bom_is_removed_and_nothing_else_changes():
    text = "长沙\r\n株洲\u2028湘潭\t（一）“一厅”\n"
    for data in (b"\xef\xbb\xbf" + text.encode(), b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        decoded, _enc, sure = decode_bytes(data, "x.txt")
        assert decoded == text and sure


def test_extract_contract_says_which_pages_are_uncertain(tmp_path, capsys):
    import json

    from graph.cli import main

    mixed = next(c for c in CASES if c.family == "mixed-utf8-gbk")
    clean = next(c for c in CASES if c.family == "big5")
    (tmp_path / "mixed.txt").write_bytes(mixed.data)
    (tmp_path / "clean.txt").write_bytes(clean.data)
    assert main(["extract", str(tmp_path / "mixed.txt"), str(tmp_path / "clean.txt"), "--format", "json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    flags = {d["document"]["page"].rsplit("/", 1)[-1]: (d["document"]["encoding"], d["document"]["encoding_confident"]) for d in docs}
    assert flags == {"mixed.txt": ("utf-8+gb18030", False), "clean.txt": ("big5hkscs", True)}
