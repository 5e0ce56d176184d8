"""Evidence checked against files: references read from a cell, matched by name, per criterion in review order."""

from __future__ import annotations

import unicodedata

import pytest

from dxkit import score
from dxkit.analysis.evidence_check import (
    CRITERIA_COLUMNS,
    REFERENCE_COLUMNS,
    check_evidence,
    document_numbers,
    match,
    references,
)
from dxkit.intake.docs import index_documents, name_tokens
from dxkit.intake.readers import read_long_csv
from tests.conftest import DATA

INPUTS = DATA / "evidence_docs" / "ia_pa_2024.csv"
NFD_DECISION = unicodedata.normalize("NFD", "123_QĐ-UBND_2024.docx")


def make_documents(folder):
    """The documents folder of tests/data/evidence_docs/README.md."""
    for name in (
        NFD_DECISION,
        "QĐ 123 UBND 2023.pdf",
        "Kế hoạch/KH 45 UBND.pdf",
        "QĐ 7.pdf",
        "7-QD-UBND.pdf",
        "bao_cao.pdf",
        ".hidden.pdf",
        "~$bao_cao.docx",
    ):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    (folder / "passwd.pdf").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc", target_is_directory=True)
    return folder


@pytest.fixture
def documents(tmp_path):
    return index_documents(make_documents(tmp_path / "docs"))


def _cited(cell, index=None):
    return [(r.cited, r.kind, r.target) for r in references(cell, index)]


# ------------------------------------------------------------------ reading a cell


def test_a_cell_is_cut_at_semicolons_lines_and_commas_between_references():
    cell = "Quyết định số 123/QĐ-UBND ngày 12/3/2024, Kế hoạch 45/KH-UBND;https://a.vn/x\nbao_cao.pdf"
    assert _cited(cell) == [
        ("Quyết định số 123/QĐ-UBND ngày 12/3/2024", "number", "123/QĐ-UBND"),
        ("Kế hoạch 45/KH-UBND", "number", "45/KH-UBND"),
        ("https://a.vn/x", "link", "https://a.vn/x"),
        ("bao_cao.pdf", "file", "bao_cao.pdf"),
    ]


def test_a_comma_inside_one_reference_does_not_cut_it(tmp_path):
    assert _cited("Báo cáo quý 1, quý 2.pdf") == [("Báo cáo quý 1, quý 2.pdf", "file", "Báo cáo quý 1, quý 2.pdf")]
    assert _cited("https://a.vn/x?a=1,2") == [("https://a.vn/x?a=1,2", "link", "https://a.vn/x?a=1,2")]
    assert _cited("Báo cáo 12/BC-UBND, ngày 5/1/2024, 45/KH-UBND") == [
        ("Báo cáo 12/BC-UBND, ngày 5/1/2024", "number", "12/BC-UBND"),
        ("45/KH-UBND", "number", "45/KH-UBND"),
    ]
    (tmp_path / "a.pdf, b.pdf").write_bytes(b"")
    assert _cited("a.pdf, b.pdf") == [("a.pdf", "file", "a.pdf"), ("b.pdf", "file", "b.pdf")]
    whole = index_documents(tmp_path)  # a piece naming a document as it is stays whole
    assert _cited("a.pdf, b.pdf", whole) == [("a.pdf, b.pdf", "file", "a.pdf, b.pdf")]


def test_paths_of_every_kind_are_paths():
    for written in (
        "sub/a.pdf",
        "../x",
        "C:\\a\\b.pdf",
        "\\\\srv\\s\\a.pdf",
        "file:///etc/passwd",
        "~/a",
        "/etc/hosts",
    ):
        assert _cited(written) == [(written, "path", written)], written


def test_a_link_inside_words_is_the_address_without_the_closing_stop():
    assert _cited("Cổng TTĐT (https://a.vn/cds).") == [("Cổng TTĐT (https://a.vn/cds).", "link", "https://a.vn/cds")]


def test_several_numbers_in_one_piece_are_several_references():
    assert [r.target for r in references("QĐ 123/QĐ-UBND và 124/QĐ-UBND")] == ["123/QĐ-UBND", "124/QĐ-UBND"]
    assert _cited("Biên bản họp") == [("Biên bản họp", "text", "Biên bản họp")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("123/QĐ-UBND", [(123, ("qd", "ubnd"), None)]),
        ("Quyết định số 123/QĐ-UBND ngày 12/3/2024", [(123, ("qd", "ubnd"), 2024)]),
        ("12/2024/QĐ-UBND", [(12, ("qd", "ubnd"), 2024)]),
        ("Nghị quyết số 05-NQ/HU", [(5, ("nq", "hu"), None)]),
        ("Công văn 88/UBND-VX", [(88, ("ubnd", "vx"), None)]),
        ("QĐ số 123", [(123, ("qd",), None)]),
        ("quyết định số 9 ngày 1/1/2023", [(9, ("qd",), 2023)]),
        ("TTr 4", [(4, ("ttr",), None)]),
        ("ngày 12/3/2024", []),
        ("3/tháng", []),
        ("50/100 hộ", []),
    ],
)
def test_document_numbers_in_their_usual_forms(text, found):
    assert [(n.number, n.words, n.year) for n in document_numbers(text)] == found


@pytest.mark.parametrize(
    ("name", "cited", "matches"),
    [
        ("123-QD-UBND.pdf", "123/QĐ-UBND", True),
        ("QĐ 123 UBND.pdf", "123/QĐ-UBND", True),
        ("123_QĐ-UBND_2024.docx", "123/QĐ-UBND", True),
        ("Quyet dinh 123 UBND.pdf", "123/QĐ-UBND", True),
        ("qd.123.ubnd.pdf", "123/QĐ-UBND", True),
        ("0123-QD-UBND.pdf", "123/QĐ-UBND", True),
        ("1123-QD-UBND.pdf", "123/QĐ-UBND", False),
        ("123-KH-UBND.pdf", "123/QĐ-UBND", False),
        ("123-QD.pdf", "123/QĐ-UBND", False),
        ("123_QĐ-UBND_2023.docx", "123/QĐ-UBND ngày 1/2/2024", False),
        ("123_QĐ-UBND_2024.docx", "12/2024/QĐ-UBND", False),
        ("12_QĐ-UBND_2024.docx", "12/2024/QĐ-UBND", True),
    ],
)
def test_a_number_matches_the_names_that_carry_it_in_any_usual_spelling(name, cited, matches):
    (number,) = document_numbers(cited)
    assert number.matches(name_tokens(name)) is matches


# ------------------------------------------------------------------ matching


def _match(cell, index):
    return [(m.state, m.files, m.reason) for m in (match(r, index) for r in references(cell, index))]


def test_each_state_of_a_reference(documents):
    assert _match("Quyết định số 123/QĐ-UBND ngày 12/3/2024", documents) == [("found", (NFD_DECISION,), "")]
    assert _match("123/QĐ-UBND", documents) == [("ambiguous", (NFD_DECISION, "QĐ 123 UBND 2023.pdf"), "")]
    assert _match("QĐ số 7", documents) == [("ambiguous", ("7-QD-UBND.pdf", "QĐ 7.pdf"), "")]
    assert _match("Kế hoạch/KH 45 UBND.pdf; kh 45 ubnd.PDF", documents) == [
        ("found", ("Kế hoạch/KH 45 UBND.pdf",), ""),
        ("found", ("Kế hoạch/KH 45 UBND.pdf",), ""),
    ]
    assert _match("Hồ sơ/45/KH-UBND.pdf", documents) == [("found", ("Kế hoạch/KH 45 UBND.pdf",), "")]  # by number
    assert _match("Bao cao", documents) == [("found", ("bao_cao.pdf",), "")]
    assert _match("05-NQ/HU; .hidden.pdf; ~$bao_cao.docx", documents) == [("not_found", (), "")] * 3
    assert _match("https://a.vn", documents) == [("link", (), "")]


def test_every_unsafe_reference_is_refused_with_its_reason(documents):
    cell = "../docs/bao_cao.pdf; /etc/passwd; C:\\x\\bao_cao.pdf; \\\\srv\\s\\bao_cao.pdf; ~/bao_cao.pdf"
    assert [(s, r) for s, _, r in _match(cell, documents)] == [
        ("unsafe", "parent"),
        ("unsafe", "absolute"),
        ("unsafe", "drive"),
        ("unsafe", "network"),
        ("unsafe", "home"),
    ]
    assert _match("passwd.pdf; etc/hosts; file:///etc/passwd", documents) == [
        ("unsafe", ("passwd.pdf",), "link_outside"),
        ("unsafe", ("etc",), "link_outside"),
        ("unsafe", (), "absolute"),
    ]
    inside = f"{documents.root}/bao_cao.pdf"
    assert _match(inside, documents) == [("found", ("bao_cao.pdf",), "")]


# ------------------------------------------------------------------ per criterion


@pytest.fixture(scope="module")
def checked(dti, tmp_path_factory):
    documents = index_documents(make_documents(tmp_path_factory.mktemp("evidence") / "docs"))
    return check_evidence(score(read_long_csv(INPUTS), dti), documents)


def test_references_per_unit_and_criterion(checked):
    refs = checked.references
    assert list(refs.columns) == REFERENCE_COLUMNS
    cited = refs[["district", "code", "cited", "kind", "state", "reason"]].values.tolist()
    assert cited == [
        ["Ia Pa", "II.1.5", "Quyết định số 123/QĐ-UBND ngày 12/3/2024", "number", "found", ""],
        ["Ia Pa", "II.1.5", "Kế hoạch 45/KH-UBND", "number", "found", ""],
        ["Ia Pa", "II.2.1", "Nghị quyết số 05-NQ/HU ngày 02/03/2024", "number", "not_found", ""],
        ["Ia Pa", "II.2.2", "bao_cao.pdf", "file", "found", ""],
        ["Ia Pa", "II.6.10", "https://iapa.gialai.gov.vn/dvc", "link", "link", ""],
        ["Ia Pa", "II.6.10", "<img src=x onerror=alert(1)>", "text", "not_found", ""],
        ["Ia Pa", "II.8.1", "=1+2", "text", "not_found", ""],
        ["Ia Pa", "II.8.1", "../secret.pdf", "path", "unsafe", "parent"],
        ["KBang", "II.1.5", "QĐ số 7", "number", "ambiguous", ""],
    ]
    assert refs["variables"].iloc[4] == ("II.6.10.a",)
    assert refs[["file", "cell"]].iloc[6].tolist() == [str(INPUTS), "#6"]


def test_criteria_in_review_order_with_what_was_required_cited_and_found(checked):
    crit = checked.criteria
    assert list(crit.columns) == CRITERIA_COLUMNS
    ia_pa = crit[crit["district"] == "Ia Pa"]
    cited = ia_pa[ia_pa["cited"].map(len) > 0]
    assert cited[["department", "code", "status"]].values.tolist() == [
        ["vhtt", "II.2.1", "nothing_found"],
        ["vhtt", "II.1.5", "found"],
        ["vhtt", "II.2.2", "no_points"],
        ["vp_ubnd", "II.6.10", "to_check"],
        ["cong_an", "II.8.1", "nothing_found"],
    ]
    first = cited.iloc[1]
    assert first["found"] == (NFD_DECISION, "Kế hoạch/KH 45 UBND.pdf")
    assert first["required"] == "Tài liệu/link hoặc hình ảnh chứng minh"
    assert cited.iloc[3][["links", "missing"]].tolist() == [
        ("https://iapa.gialai.gov.vn/dvc",),
        ("<img src=x onerror=alert(1)>",),
    ]
    assert cited.iloc[4]["missing"] == ("=1+2", "../secret.pdf")
    assert crit[crit["district"] == "KBang"].iloc[0][["code", "status", "ambiguous"]].tolist() == [
        "II.1.5",
        "to_check",
        ("QĐ số 7",),
    ]
    assert len(crit) == 2 * 74


def test_counts_per_unit(checked):
    counts = checked.counts()
    assert counts.values.tolist() == [["Ia Pa", 2024, 3, 0, 3, 1, 1, 2], ["KBang", 2024, 0, 1, 0, 0, 0, 0]]
