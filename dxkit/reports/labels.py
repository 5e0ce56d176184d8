"""Words of the reports' frame (titles, headings, column names) in Vietnamese and English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxkit.core.catalogue import Catalogue

LANGS = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {
    # titles
    "report_title": (
        "Báo cáo Chuyển đổi số {district} năm {year}",
        "Digital transformation report: {district}, {year}",
    ),
    "comparison_title": (
        "So sánh Chuyển đổi số các huyện năm {year}",
        "Digital transformation: district comparison, {year}",
    ),
    "index_title": ("Báo cáo Chuyển đổi số cấp huyện năm {year}", "District digital transformation reports, {year}"),
    "subtitle": ("Chỉ số Chuyển đổi số cấp huyện (DTI)", "District-level Digital Transformation Index (DTI)"),
    "synthetic": (
        "Dữ liệu mô phỏng: các số liệu trong báo cáo này là giả lập, chỉ dùng để minh họa, "
        "không phản ánh kết quả thực tế của địa phương.",
        "Synthetic data: the figures in this report are simulated for illustration only and do not "
        "reflect the locality's actual results.",
    ),
    # district report sections
    "profile": ("Điểm theo trụ cột so với các huyện khác", "Pillar scores against the other districts"),
    "profile_alone": ("Điểm theo trụ cột", "Pillar scores"),
    "criteria": ("Điểm từng chỉ số và cách tính", "Points for each criterion and how they were computed"),
    "trend": ("So với năm trước", "Compared with the previous year"),
    "sensitivity": ("Độ ổn định của thứ hạng", "How stable the rank is"),
    "sensitivity_alone": ("Độ ổn định của tổng điểm", "How stable the total is"),
    "pending": ("Điểm chờ ngưỡng tham chiếu", "Points waiting for reference bounds"),
    "pending_points": ("Chờ ngưỡng", "Pending"),
    "assumptions": ("Giả định tính điểm", "Scoring assumptions"),
    "evidence": ("Danh mục tài liệu kiểm chứng còn thiếu", "Evidence still missing"),
    "general": ("Thông tin chung (phần I)", "General information (Part I)"),
    # comparison sections
    "ranking": ("Xếp hạng", "Ranking"),
    "ranking_alone": ("Tổng điểm", "Total"),
    "heatmap": ("Bản đồ nhiệt theo trụ cột", "Heatmap of pillar indices"),
    "minmax": ("Chỉ số tính theo Min-Max và giá trị các huyện", "Min-Max criteria and the peer values used"),
    "movements": ("Thay đổi thứ hạng so với năm trước", "Rank movements since the previous year"),
    "intervals": ("Khoảng thứ hạng khi số liệu sai lệch", "Rank intervals under input error"),
    # texts
    "no_previous": ("Chưa có dữ liệu năm trước để so sánh.", "There is no earlier year to compare with."),
    "top_movers": ("Các chỉ số thay đổi nhiều nhất", "The criteria that changed most"),
    "readings": (
        "Tổng điểm và thứ hạng theo các cách đọc khác của bộ chỉ số:",
        "Total and rank under the other readings of the framework:",
    ),
    "readings_alone": (
        "Tổng điểm theo các cách đọc khác của bộ chỉ số:",
        "Total under the other readings of the framework:",
    ),
    "interval_alone": (
        "Nếu mỗi số liệu đầu vào sai lệch ngẫu nhiên tới ±{error} ({draws} lần mô phỏng), tổng điểm của "
        "{district} nằm trong khoảng {low}–{high} ở 90% số lần (với số liệu gốc: {total}).",
        "If every input is randomly off by up to ±{error} ({draws} draws), {district}'s total lies "
        "between {low} and {high} in 90% of draws ({total} with the data as given).",
    ),
    "interval": (
        "Nếu mỗi số liệu đầu vào sai lệch ngẫu nhiên tới ±{error} ({draws} lần mô phỏng), thứ hạng của "
        "{district} nằm trong khoảng {low}–{high} ở 90% số lần (thứ hạng với số liệu gốc: {rank}/{n}).",
        "If every input is randomly off by up to ±{error} ({draws} draws), {district} ranks between {low} "
        "and {high} in 90% of draws (rank with the data as given: {rank}/{n}).",
    ),
    "as_written": ("Theo văn bản (mặc định)", "As written (default)"),
    "no_moves": ("Không huyện nào đổi hạng khi đổi cách đọc.", "No district changes rank under another reading."),
    "moved": (
        "{up} đơn vị tăng hạng, {down} đơn vị giảm hạng so với năm {previous}.",
        "{up} units moved up and {down} moved down since {previous}.",
    ),
    # columns and words
    "rank": ("Hạng", "Rank"),
    "district": ("Đơn vị", "Unit"),
    "total": ("Tổng điểm", "Total"),
    "index": ("Chỉ số", "Index"),
    "pillar": ("Trụ cột", "Pillar"),
    "code": ("Mã", "Code"),
    "criterion": ("Chỉ số thành phần", "Criterion"),
    "points": ("Điểm", "Points"),
    "max_points": ("Tối đa", "Maximum"),
    "status": ("Tình trạng", "Status"),
    "explanation": ("Cách tính", "How it was computed"),
    "department": ("Đơn vị phụ trách", "Responsible department"),
    "lost": ("Điểm mất", "Points lost"),
    "losing": ("Chỉ số mất điểm", "Criteria losing points"),
    "gap_median": ("So với trung vị", "Against the median"),
    "gap_leader": ("Kém đơn vị dẫn đầu", "Behind the leader"),
    "change": ("Thay đổi", "Change"),
    "year_points": ("Điểm {year}", "Points {year}"),
    "year_rank": ("Hạng {year}", "Rank {year}"),
    "interval90": ("Khoảng 90%", "90% interval"),
    "range": ("Thấp nhất – cao nhất", "Lowest – highest"),
    "reading": ("Cách đọc", "Reading"),
    "value": ("Giá trị", "Value"),
    "field": ("Nội dung", "Item"),
    "evidence_required": ("Tài liệu kiểm chứng cần có", "Evidence required"),
    "option": ("Tùy chọn", "Option"),
    "meaning": ("Ý nghĩa", "Meaning"),
    "comparison": ("So sánh các huyện", "District comparison"),
    "generated": ("Tạo bởi dxkit", "Built with dxkit"),
    "none": ("Không có.", "None."),
    "no_data": ("Không có dữ liệu của {district} năm {year}.", "No data for {district} in {year}."),
    "no_year": ("Không có dữ liệu năm {year}.", "No data for {year}."),
    # statuses of a criterion
    "status_ok": ("", ""),
    "status_missing": ("thiếu dữ liệu", "missing data"),
    "status_invalid": ("dữ liệu không hợp lệ", "invalid data"),
    "status_no_denominator": ("mẫu số bằng 0, cần rà soát", "zero denominator, to review"),
    "status_needs_peers": ("chờ ngưỡng tham chiếu", "waiting for reference bounds"),
}


def label(key: str, lang: str = "vi", **fields: object) -> str:
    """The label `key` in `lang` ('vi' default, 'en'), with `{fields}` filled in."""
    vi, en = LABELS[key]
    return (en if lang == "en" else vi).format(**fields)


def reading(catalogue: Catalogue, changed: str, lang: str = "vi") -> str:
    """A sensitivity scenario in words: '' → as written; 'option=value; …' → each value's meaning."""
    if not changed:
        return label("as_written", lang)
    parts = (pair.split("=", 1) for pair in changed.split("; "))
    return "; ".join(catalogue.options[name].values[value](lang) for name, value in parts)
