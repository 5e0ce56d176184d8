"""Paragraphs for a district report, in Vietnamese (default) or English, written from its report model.

Each section reads one `UnitReport` (dxkit.reports.data: the analysis of a district-year, computed
once) and calls no analysis itself; the language is the model's.

Every number goes through `dxkit.core.fmt` (Vietnamese: 85,5 điểm; 1.000). Each function returns one
`Section`; `district_report_text` returns them all. The text follows the data: first or last
place, ties, a single unit, no previous year, nothing entered, provisional Min-Max, synthetic data.

A unit alone in its year is not compared with anything: the summary says once why ("chưa xếp hạng:
chỉ có dữ liệu của một đơn vị"), and no other sentence speaks of ranks, medians or peers. A Min-Max
criterion waiting for peers or reference bounds (status needs_peers) is *pending*: its points are
neither won nor lost, are never charged to a department and never proposed as a lever; the report
says how many points wait and how to supply the province's bounds (`dxkit bounds`, then `--bounds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dxkit.analysis._common import TOL, TOTAL
from dxkit.core import fmt
from dxkit.reports.data import UnitReport, YearReport

PENDING = "needs_peers"

MAX_ITEMS = 5  # losses and departments named in a paragraph
MAX_STEPS = 12  # plan steps and quick wins listed one by one

TITLES = {
    "summary": ("Tóm tắt", "Summary"),
    "strengths_weaknesses": ("Điểm mạnh và điểm yếu theo trụ cột", "Strengths and weaknesses by pillar"),
    "losses": ("Điểm bị mất và đơn vị phụ trách", "Points lost and the departments responsible"),
    "quick_wins": ("Việc làm nhanh", "Quick wins"),
    "plan": ("Kế hoạch đạt mục tiêu", "Plan to reach a target"),
    "caveats": ("Lưu ý về dữ liệu", "Data caveats"),
}
NO_DATA = ("Chưa có dữ liệu: mọi tiêu chí đang được 0 điểm.", "No data yet: every criterion scores 0.")
SYNTHETIC = (
    "Dữ liệu mô phỏng: các số liệu là giả lập, chỉ dùng để minh họa, không phản ánh kết quả thực tế của địa phương.",
    "Synthetic data: the figures are simulated for illustration only and do not reflect the locality's actual results.",
)
COMPLETE = (
    "Dữ liệu đầy đủ: không có tiêu chí thiếu, sai hoặc cần rà soát.",
    "The data is complete: no criterion is missing, invalid or to review.",
)
STATUS_WORDS = {  # status: ((vi what, vi consequence), (en what, en consequence))
    "missing": (
        ("thiếu dữ liệu", "được 0 điểm, tổng điểm có thể thấp hơn thực tế"),
        ("with missing data", "scored 0, so the total may understate reality"),
    ),
    "invalid": (
        ("có dữ liệu không hợp lệ", "được 0 điểm cho tới khi sửa"),
        ("with invalid data", "scored 0 until fixed"),
    ),
    "no_denominator": (
        ("có mẫu số bằng 0", "được 0 điểm theo mặc định và cần rà soát"),
        ("with a zero denominator", "scored 0 by default, to review"),
    ),
}


@dataclass
class Section:
    """A titled list of paragraphs; `key` names the section (summary, losses, …)."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ words


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def _section(key: str, lang: str, paragraphs: list[str]) -> Section:
    return Section(key, _t(lang, *TITLES[key]), paragraphs)


def _pts(x: float, lang: str) -> str:
    """'85,5 điểm' / '85.5 points' / '1 point'."""
    number = fmt.number(x, lang)
    return f"{number} {_t(lang, 'điểm', 'point' if number in ('1', '-1') else 'points')}"


def _signed(x: float, lang: str) -> str:
    return ("+" if x > 0 else "") + _pts(x, lang)


def _en_count(k: int, singular: str, plural: str) -> str:
    """'1 criterion' / '3 criteria' (Vietnamese nouns have no plural)."""
    return f"{k} {singular if k == 1 else plural}"


def _join(items: list[str], lang: str) -> str:
    """'a, b và c' / 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _t(lang, " và ", " and ") + items[-1]


def _codes(codes: list[str], lang: str, limit: int = 10) -> str:
    more = len(codes) - limit
    return ", ".join(codes[:limit]) + (_t(lang, f" và {more} tiêu chí khác", f" and {more} more") if more > 0 else "")


def _versus_median(gap: float, lang: str) -> str:
    if gap > TOL:
        return _t(lang, f"cao hơn trung vị {_pts(gap, lang)}", f"{_pts(gap, lang)} above the median")
    if gap < -TOL:
        return _t(lang, f"thấp hơn trung vị {_pts(-gap, lang)}", f"{_pts(-gap, lang)} below the median")
    return _t(lang, "bằng trung vị", "at the median")


def _plain(text: str, lang: str) -> str:
    """Reader text without internal status ids ('trạng thái no_denominator' → 'trạng thái “mẫu số bằng 0”')."""
    for status, words in INTERNAL_WORDS.items():
        text = text.replace(status, f"“{_t(lang, *words)}”")
    return text


INTERNAL_WORDS = {
    "no_denominator": ("mẫu số bằng 0", "zero denominator"),
    "needs_peers": ("chờ ngưỡng tham chiếu", "waiting for reference bounds"),
}


# ------------------------------------------------------------------ data


def not_ranked(year: int, lang: str = "vi") -> str:
    """The one sentence saying why a lone unit's report compares nothing."""
    return _t(
        lang,
        f"Chưa xếp hạng: chỉ có dữ liệu của một đơn vị năm {year}, nên báo cáo không so sánh với đơn vị khác.",
        f"Not ranked: the data holds only one unit for {year}, so the report compares it with no other unit.",
    )


def pending_words(unit: UnitReport) -> str:
    """'25 điểm chờ ngưỡng tham chiếu của tỉnh (II.5.9, II.8.4)', or '' when nothing is pending."""
    rows, lang = _with_status(unit, PENDING), unit.lang
    if rows.empty:
        return ""
    stake, codes = _pts(rows["max_points"].sum(), lang), ", ".join(rows["code"])
    if unit.shared.alone:
        return _t(
            lang,
            f"{stake} chờ ngưỡng tham chiếu của tỉnh ({codes})",
            f"{stake} waiting for the province's reference bounds ({codes})",
        )
    return _t(
        lang,
        f"{stake} chờ đơn vị so sánh cùng năm hoặc ngưỡng tham chiếu của tỉnh ({codes})",
        f"{stake} waiting for same-year peers or the province's reference bounds ({codes})",
    )


def how_to_supply_bounds(year: int, lang: str = "vi") -> str:
    """How a district gets its pending Min-Max criteria scored."""
    return _t(
        lang,
        f"Để tính các tiêu chí này, tỉnh lập tệp ngưỡng tham chiếu từ dữ liệu của tất cả các huyện bằng "
        f"lệnh `dxkit bounds DỮ_LIỆU --year {year} --out nguong.csv` rồi gửi cho huyện; chạy lại báo cáo "
        f"với `--bounds nguong.csv` (hoặc tham số `bounds` của sổ báo cáo).",
        f"To score them, the province builds the reference bounds from all its districts' data with "
        f"`dxkit bounds DATA --year {year} --out bounds.csv` and sends the file to the district; run the "
        f"report again with `--bounds bounds.csv` (or the report notebook's `bounds` parameter).",
    )


def score_cell(points: float, max_points: float, status: str, lang: str = "vi") -> str:
    """'7,5/15', or '—/20' for a pending criterion (not scored yet, so not 0)."""
    shown = "—" if status == PENDING else fmt.number(points, lang)
    return f"{shown}/{fmt.number(max_points, lang)}"


def _with_status(unit: UnitReport, status: str) -> pd.DataFrame:
    crit = unit.criteria()
    return crit[crit["status"] == status]


# ------------------------------------------------------------------ summary


def _rank_clause(row: pd.Series, peers: pd.DataFrame, lang: str) -> str:
    n, rank = int(row["n_units"]), int(row["rank"])
    if n == 1:
        return ". " + not_ranked(int(row["year"]), lang)[:-1]
    tied = _join(sorted(peers.loc[(peers["rank"] == rank) & (peers["district"] != row["district"]), "district"]), lang)
    behind = _pts(row["gap_to_leader"], lang)
    if rank == 1 and tied:
        return _t(
            lang, f", đồng hạng nhất trong {n} đơn vị với {tied}", f", sharing first place among {n} units with {tied}"
        )
    if rank == 1:
        lead = _pts(row["points"] - peers.loc[peers["rank"] > 1, "points"].max(), lang)
        return _t(
            lang,
            f", dẫn đầu {n} đơn vị, hơn đơn vị thứ hai {lead}",
            f", first of {n} units, {lead} ahead of the second",
        )
    if rank == peers["rank"].max():
        place = (
            _t(lang, f", đồng hạng cuối ({rank}/{n}) với {tied}", f", sharing last place ({rank}/{n}) with {tied}")
            if tied
            else _t(lang, f", xếp cuối ({rank}/{n})", f", last ({rank}/{n})")
        )
        return place + _t(lang, f", kém đơn vị dẫn đầu {behind}", f", {behind} behind the leader")
    tie = _t(lang, f", đồng hạng với {tied}", f", tied with {tied}") if tied else ""
    median = _versus_median(row["gap_to_median"], lang)
    return _t(
        lang,
        f", xếp hạng {rank}/{n}{tie}, kém đơn vị dẫn đầu {behind} và {median}",
        f", ranked {rank} of {n}{tie}, {behind} behind the leader and {median}",
    )


def _rank_change(total: pd.Series, lang: str) -> str:
    steps = int(total["rank_change"])
    how = (
        _t(lang, f"tăng {steps} bậc", f"up {_en_count(steps, 'place', 'places')}")
        if steps > 0
        else _t(lang, f"giảm {-steps} bậc", f"down {_en_count(-steps, 'place', 'places')}")
        if steps < 0
        else _t(lang, "giữ nguyên", "unchanged")
    )
    ranks = f"{total['rank_previous']}/{total['n_units_previous']} → {total['rank']}/{total['n_units']}"
    return _t(lang, f"; thứ hạng {how} (hạng {ranks})", f"; rank {how} ({ranks})")


def _pillar_movers(yoy: pd.DataFrame, lang: str) -> str:
    """'. Tăng nhiều nhất là … (+20 điểm) và giảm nhiều nhất là … (-30 điểm)', or '' if no pillar moved."""
    pillars = yoy[yoy["level"] == "pillar"].sort_values("change", kind="stable")
    movers = []
    if pillars["change"].iloc[-1] > TOL:
        up = pillars.iloc[-1]
        movers.append(
            _t(
                lang,
                f"tăng nhiều nhất là {up['name']} ({_signed(up['change'], lang)})",
                f"the largest gain was in {up['name']} ({_signed(up['change'], lang)})",
            )
        )
    if pillars["change"].iloc[0] < -TOL:
        down = pillars.iloc[0]
        movers.append(
            _t(
                lang,
                f"giảm nhiều nhất là {down['name']} ({_signed(down['change'], lang)})",
                f"the largest drop was in {down['name']} ({_signed(down['change'], lang)})",
            )
        )
    said = _join(movers, lang)
    return ". " + said[0].upper() + said[1:] if said else ""


def _change_paragraph(unit: UnitReport) -> str:
    yoy, lang = unit.yoy, unit.lang
    if not yoy.attrs["has_previous"]:
        return _t(
            lang, "Chưa có dữ liệu năm trước để so sánh.", "There is no earlier year in the data to compare with."
        )
    total = yoy[yoy["code"] == TOTAL].iloc[0]
    change = total["change"]
    moved = (
        _t(lang, f"tăng {_pts(change, lang)}", f"rose by {_pts(change, lang)}")
        if change > TOL
        else _t(lang, f"giảm {_pts(-change, lang)}", f"fell by {_pts(-change, lang)}")
        if change < -TOL
        else _t(lang, "không đổi", "did not change")
    )
    values = f"{fmt.number(total['points_previous'], lang)} → {fmt.number(total['points'], lang)}"
    text = _t(
        lang,
        f"So với năm {yoy.attrs['previous']}, tổng điểm {moved} ({values})",
        f"Since {yoy.attrs['previous']} the total {moved} ({values})",
    )
    if total["n_units"] > 1 and total["n_units_previous"] > 1:
        text += _rank_change(total, lang)
    return text + _pillar_movers(yoy, lang) + "."


def summary(unit: UnitReport) -> Section:
    """Total, index, rank and change since the previous year."""
    district, year, lang = unit.district, unit.year, unit.lang
    if unit.nothing_entered():
        n = len(unit.shared.catalogue.criteria)
        return _section(
            "summary",
            lang,
            [
                _t(
                    lang,
                    f"Năm {year}, {district} chưa có dữ liệu cho tiêu chí nào trong {n} tiêu chí nên chưa thể đánh "
                    f"giá; tổng điểm 0 không phản ánh thực trạng.",
                    f"In {year}, {district} has no data for any of the {n} criteria, so it cannot be assessed; "
                    f"the total of 0 does not reflect its actual situation.",
                )
            ],
        )
    row, peers = unit.standing(), unit.shared.totals()
    score_words = f"{fmt.points(row['points'], row['max_points'], lang)}"
    index = fmt.percent(row["index"], lang, 1)
    first = (
        _t(
            lang,
            f"Năm {year}, {district} đạt {score_words} (chỉ số {index})",
            f"In {year}, {district} scored {score_words} (index {index})",
        )
        + _rank_clause(row, peers, lang)
        + "."
    )
    paragraphs = [first, _change_paragraph(unit)]
    waiting = pending_words(unit)
    if waiting:
        paragraphs.append(
            _t(
                lang,
                f"Tổng điểm là tạm tính: {waiting}, là các tiêu chí tính theo phương pháp Min-Max; số điểm này "
                f"chưa được tính, không phải điểm bị mất.",
                f"The total is provisional: {waiting}, criteria scored by Min-Max; these points are not scored "
                f"yet, not lost.",
            )
        )
    return _section("summary", lang, paragraphs)


# ------------------------------------------------------------------ strengths and weaknesses


def _pillar_words(row: pd.Series, lang: str, waiting: dict[str, list[str]] | None = None) -> str:
    text = f"{row['name']} ({fmt.percent(row['index'], lang, 1)}"
    codes = (waiting or {}).get(row["code"])
    if codes:
        text += _t(lang, f", chưa gồm {', '.join(codes)} đang chờ ngưỡng", f", {', '.join(codes)} not scored yet")
    if row["n_units"] > 1:
        text += _t(lang, f", hạng {row['rank']}/{row['n_units']}", f", rank {row['rank']}/{row['n_units']}")
        text += ", " + _versus_median(row["gap_to_median"], lang)
    return text + ")"


def _strongest(pillars: pd.DataFrame, n: int, lang: str, waiting: dict[str, list[str]]) -> str:
    """The top pillars; when more than `n` share the best index, all of them in one phrase."""
    best, worst = pillars["index"].max(), pillars["index"].min()
    top = pillars[pillars["index"] > best - TOL]
    if len(top) > n:
        names, share = _join(list(top["name"]), lang), fmt.percent(best, lang, 1)
        return _t(
            lang,
            f"Mạnh nhất: {len(top)} trụ cột cùng đạt {share} — {names}.",
            f"Strongest: {len(top)} pillars share the top index, {share} — {names}.",
        )
    words = _join(
        [_pillar_words(r, lang, waiting) for _, r in pillars[pillars["index"] > worst + TOL].head(n).iterrows()], lang
    )
    return _t(lang, f"Mạnh nhất: {words}.", f"Strongest: {words}.")


def strengths_weaknesses(unit: UnitReport, n: int = 2) -> Section:
    """The strongest and weakest pillars by index, against the median of the same year's units."""
    lang = unit.lang
    if unit.nothing_entered():
        return _section(
            "strengths_weaknesses",
            lang,
            [_t(lang, "Chưa có dữ liệu để đánh giá các trụ cột.", "There is no data to assess the pillars.")],
        )
    pillars = unit.pillars()
    waiting = _with_status(unit, PENDING).groupby("pillar")["code"].agg(list).to_dict()
    pillars = pillars.sort_values("index", ascending=False, kind="stable")
    best = pillars["index"].max()
    if best - pillars["index"].min() < TOL:
        share = fmt.percent(best, lang, 1)
        return _section(
            "strengths_weaknesses",
            lang,
            [
                _t(
                    lang,
                    f"Tất cả {len(pillars)} trụ cột đạt cùng mức chỉ số {share}.",
                    f"All {len(pillars)} pillars have the same index, {share}.",
                )
            ],
        )
    weakest = pillars[pillars["index"] < best - TOL].tail(n).iloc[::-1]
    words = _join([_pillar_words(r, lang, waiting) for _, r in weakest.iterrows()], lang)
    paragraphs = [_strongest(pillars, n, lang, waiting), _t(lang, f"Yếu nhất: {words}.", f"Weakest: {words}.")]
    if pillars["n_units"].iloc[0] > 1:
        above = int((pillars["gap_to_median"] > TOL).sum())
        paragraphs.append(
            _t(
                lang,
                f"{above}/{len(pillars)} trụ cột cao hơn trung vị của các đơn vị cùng năm.",
                f"{above} of {len(pillars)} pillars are above the median of the same year's units.",
            )
        )
    return _section("strengths_weaknesses", lang, paragraphs)


# ------------------------------------------------------------------ losses


def _owners(unit: UnitReport, n: int) -> str:
    depts, lang = unit.departments, unit.lang
    words = []
    for d in depts[depts["lost"] > TOL].head(n).itertuples():
        codes = _codes(d.codes.split(", "), lang)
        words.append(
            _t(
                lang,
                f"{d.department} mất {_pts(d.lost, lang)} ({d.n_losing} tiêu chí: {codes})",
                f"{d.department} {_pts(d.lost, lang)} ({_en_count(d.n_losing, 'criterion', 'criteria')}: {codes})",
            )
        )
    return _t(lang, f"Theo đơn vị phụ trách: {'; '.join(words)}.", f"By responsible department: {'; '.join(words)}.")


def losses(unit: UnitReport, n: int = MAX_ITEMS) -> Section:
    """The total lost, the largest losses and the departments that own them."""
    lang = unit.lang
    if unit.nothing_entered():
        return _section("losses", lang, [_t(lang, *NO_DATA)])
    lost = unit.losses
    waiting = pending_words(unit)
    aside = [_t(lang, f"Không tính là điểm mất: {waiting}.", f"Not counted as lost: {waiting}.")] if waiting else []
    if lost.empty:
        n_crit = len(unit.shared.catalogue.criteria)
        if waiting:
            return _section(
                "losses",
                lang,
                [
                    _t(
                        lang,
                        "Không mất điểm ở tiêu chí nào đã được tính điểm.",
                        "No points lost on any criterion scored so far.",
                    )
                ]
                + aside,
            )
        return _section(
            "losses",
            lang,
            [_t(lang, f"Đạt điểm tối đa ở cả {n_crit} tiêu chí.", f"Full points on all {n_crit} criteria.")],
        )
    total = _pts(lost["lost"].sum(), lang)
    top = "; ".join(
        f"{r.code} {r.name} — "
        + _t(lang, f"mất {fmt.points(r.lost, r.max_points, lang)}", f"{fmt.points(r.lost, r.max_points, lang)} lost")
        + f" ({r.responsible})"
        for r in lost.head(n).itertuples()
    )
    return _section(
        "losses",
        lang,
        [
            _t(
                lang,
                f"Tổng cộng mất {total} ở {len(lost)} tiêu chí.",
                f"In all, {total} are lost on {_en_count(len(lost), 'criterion', 'criteria')}.",
            ),
            _t(lang, f"Mất nhiều điểm nhất: {top}.", f"The largest losses: {top}."),
            _owners(unit, n),
        ]
        + aside,
    )


# ------------------------------------------------------------------ quick wins


def quick_wins(unit: UnitReport, n: int = MAX_STEPS) -> Section:
    """Points a decision or a document can win now."""
    lang = unit.lang
    if unit.nothing_entered():
        return _section("quick_wins", lang, [_t(lang, *NO_DATA)])
    wins = unit.quick_wins
    if wins.empty:
        return _section(
            "quick_wins",
            lang,
            [
                _t(
                    lang,
                    "Không còn điểm nào có thể giành được chỉ bằng một quyết định hoặc văn bản.",
                    "No points are left that a decision or a document alone can win.",
                )
            ],
        )
    worth = _pts(wins["points"].sum(), lang)
    paragraphs = [
        _t(
            lang,
            f"{len(wins)} việc có thể làm ngay bằng một quyết định hoặc văn bản, tổng cộng {worth}:",
            f"{_en_count(len(wins), 'thing', 'things')} a decision or a document can do now, worth {worth} in all:",
        )
    ]
    paragraphs += [
        f"{w.code}: {w.decision} → {_signed(w.points, lang)} ({w.responsible})." for w in wins.head(n).itertuples()
    ]
    if len(wins) > n:
        rest = _pts(wins["points"].iloc[n:].sum(), lang)
        paragraphs.append(
            _t(lang, f"… và {len(wins) - n} việc khác ({rest}).", f"… and {len(wins) - n} more ({rest}).")
        )
    return _section("quick_wins", lang, paragraphs)


# ------------------------------------------------------------------ plan


def plan(unit: UnitReport, n: int = MAX_STEPS) -> Section:
    """The steps to the model's target total or, without one, one rank up; smallest change per point first."""
    district, lang = unit.district, unit.lang
    if unit.nothing_entered():
        return _section(
            "plan",
            lang,
            [_t(lang, "Cần nhập dữ liệu trước khi lập kế hoạch.", "Data must be entered before a plan can be made.")],
        )
    row = unit.standing()
    goal = ""
    waiting = _with_status(unit, PENDING)["max_points"].sum()
    if unit.plan is None:
        left = _pts(row["max_points"] - row["points"] - waiting, lang)
        if row["n_units"] == 1:
            scored = _t(lang, " ở các tiêu chí đã được tính điểm", " on the criteria scored so far") if waiting else ""
            return _section(
                "plan",
                lang,
                [
                    _t(
                        lang,
                        f"Chưa có mục tiêu tổng điểm nên chưa lập kế hoạch; còn {left} chưa đạt{scored}.",
                        f"No target total was given, so there is no plan; {left} are still to win{scored}.",
                    )
                ],
            )
        return _section(
            "plan",
            lang,
            [_t(lang, f"{district} đang dẫn đầu; còn {left} chưa đạt.", f"{district} leads; {left} are still to win.")],
        )
    if unit.target_rank is not None:
        goal = _t(lang, f"lên hạng {unit.target_rank}", f"move up to rank {unit.target_rank}")
    out = _plan_paragraphs(unit.plan, goal, lang, n)
    words = pending_words(unit)
    if words:
        out.append(_t(lang, f"Kế hoạch không tính {words}.", f"The plan leaves out {words}."))
    return _section("plan", lang, out)


def _plan_paragraphs(steps: pd.DataFrame, goal: str, lang: str, n: int) -> list[str]:
    at = steps.attrs
    target, start, final = (_pts(at[k], lang) for k in ("target_total", "start_total", "final_total"))
    need = at["target_total"] - at["start_total"]
    goal = goal or _t(lang, f"đạt {target}", f"reach {target}")
    if need <= TOL:
        return [_t(lang, f"Mục tiêu {goal} đã đạt ({start}).", f"The target ({goal}) is already met ({start}).")]
    out = [
        _t(
            lang,
            f"Mục tiêu: {goal} — cần {target}, hiện có {start}, thiếu {_pts(need, lang)}. Các bước ưu tiên "
            f"quyết định trước, sau đó thay đổi nhỏ nhất trên mỗi điểm:",
            f"Target: {goal} — {target} needed, {start} now, {_pts(need, lang)} short. Decisions come first, "
            f"then the smallest change per point:",
        )
    ]
    out += [
        _t(
            lang,
            f"Bước {s.step} — {s.code}: {s.action} → {_signed(s.gain, lang)} (lũy kế {_pts(s.total, lang)}).",
            f"Step {s.step} — {s.code}: {s.action} → {_signed(s.gain, lang)} (total {_pts(s.total, lang)}).",
        )
        for s in steps.head(n).itertuples()
    ]
    if len(steps) > n:
        out.append(_t(lang, f"… và {len(steps) - n} bước nữa.", f"… and {len(steps) - n} more steps."))
    if at["reached"]:
        out.append(
            _t(
                lang,
                f"Thực hiện {len(steps)} bước trên đạt {final}.",
                f"{'This step gives' if len(steps) == 1 else f'These {len(steps)} steps give'} {final}.",
            )
        )
    else:
        out.append(
            _t(
                lang,
                f"Kể cả khi thực hiện mọi bước có thể, tổng điểm chỉ đạt {final}, chưa tới mục tiêu.",
                f"Even with every possible step the total only reaches {final}, short of the target.",
            )
        )
    if at["blocked"]:
        blocked, codes = _pts(at["blocked_points"], lang), _codes(at["blocked"], lang)
        out.append(
            _t(
                lang,
                f"{blocked} khác nằm ở các tiêu chí thiếu, sai dữ liệu hoặc cần rà soát ({codes}): "
                f"cần bổ sung dữ liệu trước khi lập kế hoạch cho chúng.",
                f"Another {blocked} sit in criteria with missing, invalid or to-review data ({codes}): "
                f"fix the data before planning them.",
            )
        )
    return out


# ------------------------------------------------------------------ caveats


def _status_paragraph(rows: pd.DataFrame, status: str, lang: str) -> str:
    (vi_what, vi_then), (en_what, en_then) = STATUS_WORDS[status]
    codes, stake = _codes(list(rows["code"]), lang), _pts(rows["max_points"].sum(), lang)
    return _t(
        lang,
        f"{len(rows)} tiêu chí {vi_what} ({codes}), tối đa {stake}: {vi_then}.",
        f"{_en_count(len(rows), 'criterion', 'criteria')} {en_what} ({codes}), up to {stake}: {en_then}.",
    )


def _bounds_words(shared: YearReport) -> str:
    """Which Min-Max bounds the year used and where they came from, numbers in the reader's format."""
    used, lang, year, bounds_source = shared.bounds_used, shared.lang, shared.year, shared.bounds_source
    span = {
        b.code: f"{fmt.number(b.min, lang, 3)}–{fmt.number(b.max, lang, 3)}"
        for b in used.itertuples()
        if b.source != "none"
    }
    parts = []
    for source, rows in used.groupby("source", sort=False):
        codes = list(rows["code"])
        if source == "reference":
            file = _t(lang, f", tệp {bounds_source}", f", file {bounds_source}") if bounds_source else ""
            what = _t(lang, f"ngưỡng tham chiếu cho trước{file}", f"given reference bounds{file}")
        elif source == "peers":
            what = _t(lang, "các đơn vị cùng năm trong dữ liệu", "the units of the same year in the data")
        else:
            parts.append(
                _t(
                    lang,
                    f"{', '.join(codes)} chưa có ngưỡng (chưa tính điểm)",
                    f"{', '.join(codes)} no bounds yet (not scored)",
                )
            )
            continue
        parts.append(f"{what}: " + "; ".join(f"{c} {span[c]}" for c in codes))
    return _t(lang, f"năm {year}: ", f"{year}: ") + "; ".join(parts)


def method_notes(shared: YearReport) -> pd.DataFrame:
    """The scoring choices the numbers of a year rest on (`option`, `label`, `meaning`): the framework,
    each option's reading (Assessment.assumptions) and the Min-Max bounds used with where they came
    from (the bounds file's name), numbers in the reader's format."""
    lang, catalogue = shared.lang, shared.catalogue
    rows = shared.assumptions[["option", "label", "meaning"]].copy()
    rows["meaning"] = rows["meaning"].map(lambda m: _plain(str(m), lang))
    is_bounds = rows["option"] == "minmax_bounds"
    if not is_bounds.any():
        rows.loc[len(rows)] = {
            "option": "minmax_bounds",
            "label": _t(lang, "Ngưỡng Min-Max", "Min-Max bounds"),
            "meaning": "",
        }
        is_bounds = rows["option"] == "minmax_bounds"
    if any(c.rule_type == "minmax" for c in catalogue.criteria.values()):
        rows.loc[is_bounds, "meaning"] = _bounds_words(shared)
    else:
        rows = rows[~is_bounds]
    framework = {
        "option": "framework",
        "label": _t(lang, "Bộ chỉ số", "Framework"),
        "meaning": f"{catalogue.name(lang)} ({catalogue.id}, {_t(lang, 'phiên bản', 'version')} {catalogue.version})",
    }
    return pd.concat([pd.DataFrame([framework]), rows], ignore_index=True)[["option", "label", "meaning"]]


def caveats(unit: UnitReport, notes: bool = True) -> Section:
    """Missing, invalid and to-review data, pending Min-Max, synthetic data and, with `notes`, the scoring
    choices in a sentence (readings and Min-Max bounds, with where they came from; `method_notes` is
    the same as a table, for a report that shows it)."""
    lang, year = unit.lang, unit.year
    issues = []
    for status in STATUS_WORDS:
        rows = _with_status(unit, status)
        if len(rows):
            issues.append(_status_paragraph(rows, status, lang))
    waiting = pending_words(unit)
    if waiting:
        issues.append(
            _t(
                lang,
                f"TẠM TÍNH: {waiting} — các tiêu chí Min-Max cần ít nhất 2 đơn vị cùng năm hoặc "
                f"ngưỡng tham chiếu, nên chưa được tính điểm. ",
                f"PROVISIONAL: {waiting} — Min-Max criteria need at least 2 units of the same year or "
                f"reference bounds, so they are not scored yet. ",
            )
            + how_to_supply_bounds(year, lang)
        )
    warnings = unit.warnings
    if warnings:
        where = _codes(list(dict.fromkeys(p.variable or "" for p in warnings)), lang)
        issues.append(
            _t(
                lang,
                f"{len(warnings)} cảnh báo cần rà soát ({where}); `dxkit validate` liệt kê chi tiết.",
                f"{_en_count(len(warnings), 'warning', 'warnings')} to review ({where}); `dxkit validate` "
                f"lists them in full.",
            )
        )
    paragraphs = ([_t(lang, *SYNTHETIC)] if unit.shared.synthetic else []) + (issues or [_t(lang, *COMPLETE)])
    if notes:
        said = "; ".join(f"{r.label}: {r.meaning}" for r in method_notes(unit.shared).itertuples())
        paragraphs.append(_t(lang, f"Giả định tính điểm — {said}.", f"Scoring assumptions — {said}."))
    return _section("caveats", lang, paragraphs)


# ------------------------------------------------------------------ all sections


def district_report_text(unit: UnitReport, notes: bool = True) -> list[Section]:
    """Every section of a district's report, in order.

    `notes=False` leaves the scoring choices out of the caveats (the report shows `method_notes` as a table).
    """
    return [summary(unit), strengths_weaknesses(unit), losses(unit), quick_wins(unit), plan(unit), caveats(unit, notes)]
