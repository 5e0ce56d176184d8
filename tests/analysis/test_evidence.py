"""Evidence checklist: criteria that earned points without any evidence reference."""

from __future__ import annotations

import pandas as pd

from dxkit import score
from dxkit.analysis.evidence import EVIDENCE_COLUMNS, missing_evidence
from dxkit.cli import main
from dxkit.intake.readers import read_long_csv

ROWS = [
    # district, year, variable, value, evidence
    ("Ia Pa", 2024, "II.1.5", "có", ""),  # points, no evidence → listed
    ("Ia Pa", 2024, "II.2.1", "có", "Nghị quyết số 05-NQ/HU ngày 02/03/2024"),  # points with evidence
    ("Ia Pa", 2024, "II.2.2", "không", ""),  # no points → not listed
    ("Ia Pa", 2024, "I.4", "58500", ""),
    ("Ia Pa", 2024, "II.8.1.a", "30000", "Báo cáo số 7/BC-CAH ngày 10/12/2024"),  # b from Part I, a cited
    ("Ia Pa", 2024, "II.6.10.a", "400", ""),
    ("Ia Pa", 2024, "II.6.10.b", "380", ""),  # VP HĐND&UBND: listed
    ("KBang", 2024, "II.1.5", "có", "https://kbang.gialai.gov.vn/chuyen-doi-so"),
]


def _inputs(tmp_path):
    path = tmp_path / "in.csv"
    pd.DataFrame(ROWS, columns=["district", "year", "variable", "value", "evidence"]).to_csv(path, index=False)
    return path


def test_lists_points_without_evidence_per_department(dti, tmp_path):
    table = missing_evidence(read_long_csv(_inputs(tmp_path)), dti)
    assert list(table.columns) == EVIDENCE_COLUMNS
    assert table[["department", "district", "year", "code", "points", "max_points"]].values.tolist() == [
        ["vhtt", "Ia Pa", 2024, "II.1.5", 10.0, 10.0],
        ["vp_ubnd", "Ia Pa", 2024, "II.6.10", 19.0, 20.0],
    ]
    assert table["department_name"].tolist() == ["Phòng Văn hóa và Thông tin", "Văn phòng HĐND và UBND huyện"]
    assert table["evidence_required"].tolist() == [
        "Tài liệu/link hoặc hình ảnh chứng minh",
        "Văn bản, tài liệu chứng minh",
    ]


def test_accepts_an_assessment_and_english(dti, tmp_path):
    assessment = score(read_long_csv(_inputs(tmp_path)), dti)
    table = missing_evidence(assessment, lang="en")
    assert table["department_name"].tolist() == [
        "Office of Culture and Information",
        dti.department_name("vp_ubnd", "en"),
    ]


def test_cli_groups_by_department(tmp_path, capsys):
    out = tmp_path / "evidence.csv"
    assert main(["evidence", str(_inputs(tmp_path)), "--csv", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Phòng Văn hóa và Thông tin: 1 tiêu chí chưa có tài liệu kiểm chứng"
    assert lines[1] == (
        "  Ia Pa 2024 II.1.5 Hệ thống truyền thanh cơ sở có chuyên mục riêng về chuyển đổi số — "
        "10/10 điểm; cần: Tài liệu/link hoặc hình ảnh chứng minh"
    )
    assert lines[-1] == "2 tiêu chí có điểm nhưng chưa có tài liệu kiểm chứng"
    assert len(pd.read_csv(out)) == 2
