"""dxkit.reports.narrative: every branch of the text on hand-made data (see tests/test_analysis_data.py)."""

import re

import pytest

from dxkit.reports import narrative as nr
from dxkit.reports.data import unit_report
from tests.province import OVERRIDES, assess


def text(section: nr.Section) -> str:
    return "\n".join(section.paragraphs)


@pytest.fixture(scope="module")
def trio(dti):
    """A, B, C of 2024: B leads alone."""
    return assess(dti, {k: v for k, v in OVERRIDES.items() if k[0] in "ABC" and k[1] == 2024})


def test_sole_first_place(trio):
    s = text(nr.summary(unit_report(trio, "B", 2024)))
    assert s.startswith("Năm 2024, B đạt 981/1.000 điểm (chỉ số 98,1%), dẫn đầu 3 đơn vị, hơn đơn vị thứ hai 3 điểm.")
    assert "Chưa có dữ liệu năm trước để so sánh." in s
    assert text(nr.plan(unit_report(trio, "B", 2024))) == "B đang dẫn đầu; còn 19 điểm chưa đạt."


def test_shared_first_place(province):
    s = text(nr.summary(unit_report(province, "D", 2024)))
    assert "đồng hạng nhất trong 4 đơn vị với B" in s
    assert "sharing first place among 4 units with B" in text(nr.summary(unit_report(province, "D", 2024, "en")))


def test_last_place_with_previous_year_in_vietnamese_numbers(province):
    s = nr.summary(unit_report(province, "A", 2024))
    assert s.title == "Tóm tắt"
    assert s.paragraphs[0] == (
        "Năm 2024, A đạt 941,76/1.000 điểm (chỉ số 94,2%), xếp cuối (4/4), kém đơn vị dẫn đầu 39,24 điểm."
    )
    assert s.paragraphs[1].startswith("So với năm 2023, tổng điểm giảm 23,24 điểm (965 → 941,76). ")
    assert "thứ hạng" not in s.paragraphs[1]  # A was alone in 2023: no rank to compare
    assert "Tăng nhiều nhất là Hoạt động xã hội số (+20 điểm)" in s.paragraphs[1]


def test_shared_last_place(dti):
    a = assess(dti, {("X", 2024): {"II.2.9": "không"}, ("Y", 2024): {"II.2.9": "không"}, ("W", 2024): {}})
    assert nr.summary(unit_report(a, "X", 2024)).paragraphs[0] == (
        "Năm 2024, X đạt 980/1.000 điểm (chỉ số 98%), đồng hạng cuối (2/3) với Y, kém đơn vị dẫn đầu 20 điểm."
    )


def test_rank_change_since_the_previous_year(dti):
    no = {"II.2.9": "không"}
    a = assess(dti, {("P", 2023): no, ("Q", 2023): {}, ("P", 2024): {}, ("Q", 2024): no})
    assert nr.summary(unit_report(a, "P", 2024)).paragraphs[1] == (
        "So với năm 2023, tổng điểm tăng 20 điểm (980 → 1.000); thứ hạng tăng 1 bậc (hạng 2/2 → 1/2). "
        "Tăng nhiều nhất là Thể chế số (+20 điểm)."
    )
    assert nr.summary(unit_report(a, "Q", 2024, "en")).paragraphs[1] == (
        "Since 2023 the total fell by 20 points (1,000 → 980); rank down 1 place (1/2 → 2/2). "
        "The largest drop was in Digital institutions (−20 points)."  # a loss with the minus sign
    )


def test_middle_rank_against_the_median(province):
    assert text(nr.summary(unit_report(province, "C", 2024))).startswith(
        "Năm 2024, C đạt 978/1.000 điểm (chỉ số 97,8%), xếp hạng 3/4, kém đơn vị dẫn đầu 3 điểm và thấp hơn "
        "trung vị 1,5 điểm."
    )


def test_provisional_single_unit(province):
    s = text(nr.summary(unit_report(province, "A", 2023)))
    assert s.startswith(
        "Năm 2023, A đạt 965/1.000 điểm (chỉ số 96,5%). Chưa xếp hạng: chỉ có dữ liệu của một đơn "
        "vị năm 2023, nên báo cáo không so sánh với đơn vị khác."
    )
    # II.5.9 (5) + II.8.4 (20) wait for bounds: 25 points pending, not lost
    assert (
        "Tổng điểm là tạm tính: 25 điểm chờ ngưỡng tham chiếu của tỉnh (II.5.9, II.8.4), là các tiêu chí tính "
        "theo phương pháp Min-Max; số điểm này chưa được tính, không phải điểm bị mất."
    ) in s
    assert "TẠM TÍNH: 25 điểm chờ ngưỡng tham chiếu của tỉnh (II.5.9, II.8.4)" in text(
        nr.caveats(unit_report(province, "A", 2023))
    )
    assert "--bounds" in text(nr.caveats(unit_report(province, "A", 2023)))
    # 1000 − 965 = 35 short, of which 25 pending: 10 left on the criteria scored (II.6.8 50/100)
    assert text(nr.plan(unit_report(province, "A", 2023))) == (
        "Chưa có mục tiêu tổng điểm nên chưa lập kế hoạch; còn 10 điểm chưa đạt ở các tiêu chí đã được tính điểm."
    )


def test_everything_missing(empty_unit):
    sections = {s.key: text(s) for s in nr.district_report_text(unit_report(empty_unit, "Z", 2024))}
    assert "Z chưa có dữ liệu cho tiêu chí nào trong 74 tiêu chí" in sections["summary"]
    assert "xếp" not in sections["summary"]  # no rank for a unit without data
    assert sections["strengths_weaknesses"] == "Chưa có dữ liệu để đánh giá các trụ cột."
    assert sections["plan"] == "Cần nhập dữ liệu trước khi lập kế hoạch."
    assert sections["caveats"].startswith("74 tiêu chí thiếu dữ liệu (II.1.1, II.1.2,")
    assert "tối đa 1.000 điểm" in sections["caveats"]


def test_strengths_and_weaknesses(province):
    s = nr.strengths_weaknesses(unit_report(province, "A", 2024))
    assert s.paragraphs[0].startswith("Mạnh nhất: 5 trụ cột cùng đạt 100% — ")
    assert s.paragraphs[1] == (
        "Yếu nhất: Nhận thức số (62,5%, hạng 4/4, thấp hơn trung vị 30 điểm) và "
        "Thể chế số (83,3%, hạng 4/4, thấp hơn trung vị 20 điểm)."
    )
    assert s.paragraphs[2] == "1/8 trụ cột cao hơn trung vị của các đơn vị cùng năm."  # II.7: 140 vs 130,5


def test_losses_and_departments(province):
    s = nr.losses(unit_report(province, "A", 2024))
    assert s.paragraphs[0] == "Tổng cộng mất 58,24 điểm ở 4 tiêu chí."
    assert "II.6.8 Tỷ lệ thanh toán trực tuyến hồ sơ DVCTT của đơn vị — mất 8,24/20 điểm" in s.paragraphs[1]
    assert s.paragraphs[2] == (
        "Theo đơn vị phụ trách: Phòng Văn hóa và Thông tin mất 58,24 điểm (4 tiêu chí: II.2.9, II.1.1, II.1.4, II.6.8)."
    )
    assert (
        nr.losses(unit_report(province, "B", 2024, "en")).paragraphs[0] == "In all, 19 points are lost on 1 criterion."
    )


def test_quick_wins_text(province):
    s = nr.quick_wins(unit_report(province, "A", 2024))
    assert s.paragraphs[0] == "3 việc có thể làm ngay bằng một quyết định hoặc văn bản, tổng cộng 38,75 điểm:"
    assert s.paragraphs[3].startswith("II.1.4: đáp ứng “Trang TTĐT của UBND cấp huyện đã có chuyên mục")
    assert s.paragraphs[3].endswith("→ +3,75 điểm (Phòng Văn hóa và Thông tin).")
    assert nr.quick_wins(unit_report(province, "B", 2024)).paragraphs == [
        "Không còn điểm nào có thể giành được chỉ bằng một quyết định hoặc văn bản."
    ]


def test_plan_to_a_target_total(province):
    s = nr.plan(unit_report(province, "A", 2024, target_total=990))
    assert s.paragraphs[0].startswith("Mục tiêu: đạt 990 điểm — cần 990 điểm, hiện có 941,76 điểm, thiếu 48,24 điểm.")
    assert s.paragraphs[4] == (
        "Bước 4 — II.6.8: thêm 412 hồ sơ (Số hồ sơ thanh toán trực tuyến của đơn vị: "
        "588 → 1.000) → +8,24 điểm (lũy kế 988,75 điểm)."
    )
    assert s.paragraphs[-1] == "Thực hiện 5 bước trên đạt 992,5 điểm."


def test_plan_default_is_one_rank_up_and_reports_what_cannot_be_planned(dti):
    a = assess(dti, {("M", 2024): {"II.3.1.a": "", "II.6.8.a": 50}, ("B", 2024): {"II.7.1.a": 5}})
    s = nr.plan(unit_report(a, "M", 2024, lang="en"))
    assert s.paragraphs[0].startswith("Target: move up to rank 1 — 981 points needed, 980 points now, 1 point short.")
    assert s.paragraphs[1] == (
        "Step 1 — II.6.8: 5 more applications (Number of the unit's applications paid online: "
        "50 → 55) → +1 point (total 981 points)."
    )
    assert s.paragraphs[2] == "This step gives 981 points."
    assert s.paragraphs[3].startswith(
        "Another 10 points sit in criteria with missing, invalid or to-review data (II.3.1)"
    )
    unreachable = text(nr.plan(unit_report(a, "M", 2024, target_total=1000)))
    assert "Kể cả khi thực hiện mọi bước có thể, tổng điểm chỉ đạt 990 điểm" in unreachable


def test_caveats_synthetic_complete_and_assumptions(province):
    s = nr.caveats(unit_report(province, "B", 2024, synthetic=True))
    assert s.paragraphs[0].startswith("Dữ liệu mô phỏng")
    assert s.paragraphs[1] == "Dữ liệu đầy đủ: không có tiêu chí thiếu, sai hoặc cần rà soát."
    assert s.paragraphs[2].startswith("Giả định tính điểm — Bộ chỉ số: Chỉ số chuyển đổi số cấp huyện (DTI) năm 2023")
    assert "; Cách tính điểm khi tỷ lệ dưới ngưỡng: Theo văn bản" in s.paragraphs[2]
    # the bounds used and where they came from: C has 4, the others 10 (peers of 2024)
    assert s.paragraphs[2].endswith(
        "Ngưỡng Min-Max: năm 2024: các đơn vị cùng năm trong dữ liệu: II.5.9 10–10; II.8.4 4–10; "
        "Giai đoạn điểm: tự đánh giá: chưa có giá trị thẩm định nào."
    )
    assert "no_denominator" not in s.paragraphs[2] and "mẫu số bằng 0" in s.paragraphs[2]
    assert not nr.caveats(unit_report(province, "B", 2024)).paragraphs[0].startswith("Dữ liệu mô phỏng")


def test_report_sections_in_order_and_english_numbers(province):
    sections = nr.district_report_text(unit_report(province, "A", 2024, "en", target_total=990, synthetic=True))
    assert [s.key for s in sections] == ["summary", "strengths_weaknesses", "losses", "quick_wins", "plan", "caveats"]
    assert [s.title for s in sections][0] == "Summary"
    body = "\n".join(text(s) for s in sections)
    assert "941.76/1,000 points" in body and "Synthetic data" in body
    assert not re.search(r"\d,\d{1,2}\b", body)  # no decimal comma in English
