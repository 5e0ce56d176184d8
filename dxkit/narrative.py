"""Paragraphs for a district report, in Vietnamese (default) or English, written from the analysis.

Every number goes through `dxkit.fmt` (Vietnamese: 85,5 điểm; 1.000). Each function returns one
`Section`; `district_report_text` returns them all. The text follows the data: first or last
place, ties, a single unit, no previous year, nothing entered, provisional Min-Max, synthetic data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dxkit import analysis as an
from dxkit import fmt
from dxkit.analysis._common import TOL, TOTAL, unit_scores
from dxkit.assessment import Assessment

MAX_ITEMS = 5    # losses and departments named in a paragraph
MAX_STEPS = 12   # plan steps and quick wins listed one by one

TITLES = {
    "summary": ("Tóm tắt", "Summary"),
    "strengths_weaknesses": ("Điểm mạnh và điểm yếu theo trụ cột", "Strengths and weaknesses by pillar"),
    "losses": ("Điểm bị mất và đơn vị phụ trách", "Points lost and the departments responsible"),
    "quick_wins": ("Việc làm nhanh", "Quick wins"),
    "plan": ("Kế hoạch đạt mục tiêu", "Plan to reach a target"),
    "caveats": ("Lưu ý về dữ liệu", "Data caveats"),
}
NO_DATA = ("Chưa có dữ liệu: mọi tiêu chí đang được 0 điểm.", "No data yet: every criterion scores 0.")
SYNTHETIC = ("Dữ liệu mô phỏng: các số liệu là giả lập, chỉ dùng để minh họa, không phản ánh kết quả thực tế "
             "của địa phương.",
             "Synthetic data: the figures are simulated for illustration only and do not reflect the locality's "
             "actual results.")
COMPLETE = ("Dữ liệu đầy đủ: không có tiêu chí thiếu, sai hoặc cần rà soát.",
            "The data is complete: no criterion is missing, invalid or to review.")
STATUS_WORDS = {  # status: ((vi what, vi consequence), (en what, en consequence))
    "missing": (("thiếu dữ liệu", "được 0 điểm, tổng điểm có thể thấp hơn thực tế"),
                ("with missing data", "scored 0, so the total may understate reality")),
    "invalid": (("có dữ liệu không hợp lệ", "được 0 điểm cho tới khi sửa"),
                ("with invalid data", "scored 0 until fixed")),
    "no_denominator": (("có mẫu số bằng 0", "được 0 điểm theo mặc định và cần rà soát"),
                       ("with a zero denominator", "scored 0 by default, to review")),
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


# ------------------------------------------------------------------ data

def _criteria(assessment: Assessment, district: str, year: int) -> pd.DataFrame:
    rows = unit_scores(assessment, district, year)
    return rows[rows["level"] == "criterion"]


def _nothing_entered(assessment: Assessment, district: str, year: int) -> bool:
    return bool((_criteria(assessment, district, year)["status"] == "missing").all())


def _with_status(assessment: Assessment, district: str, year: int, status: str) -> pd.DataFrame:
    crit = _criteria(assessment, district, year)
    return crit[crit["status"] == status]


def _standing(assessment: Assessment, district: str, year: int) -> tuple[pd.Series, pd.DataFrame]:
    """The unit's TOTAL profile row and the TOTAL rows of all units that year."""
    prof = an.profile(assessment)
    peers = prof[(prof["year"] == year) & (prof["code"] == TOTAL)]
    return peers[peers["district"] == district].iloc[0], peers


# ------------------------------------------------------------------ summary

def _rank_clause(row: pd.Series, peers: pd.DataFrame, lang: str) -> str:
    n, rank = int(row["n_units"]), int(row["rank"])
    if n == 1:
        return _t(lang, f"; là đơn vị duy nhất có dữ liệu năm {row['year']} nên chưa xếp hạng",
                  f"; it is the only unit with {row['year']} data, so it is not ranked")
    tied = _join(sorted(peers.loc[(peers["rank"] == rank) & (peers["district"] != row["district"]), "district"]), lang)
    behind = _pts(row["gap_to_leader"], lang)
    if rank == 1 and tied:
        return _t(lang, f", đồng hạng nhất trong {n} đơn vị với {tied}",
                  f", sharing first place among {n} units with {tied}")
    if rank == 1:
        lead = _pts(row["points"] - peers.loc[peers["rank"] > 1, "points"].max(), lang)
        return _t(lang, f", dẫn đầu {n} đơn vị, hơn đơn vị thứ hai {lead}",
                  f", first of {n} units, {lead} ahead of the second")
    if rank == peers["rank"].max():
        place = (_t(lang, f", đồng hạng cuối ({rank}/{n}) với {tied}", f", sharing last place ({rank}/{n}) with {tied}")
                 if tied else _t(lang, f", xếp cuối ({rank}/{n})", f", last ({rank}/{n})"))
        return place + _t(lang, f", kém đơn vị dẫn đầu {behind}", f", {behind} behind the leader")
    tie = _t(lang, f", đồng hạng với {tied}", f", tied with {tied}") if tied else ""
    median = _versus_median(row["gap_to_median"], lang)
    return _t(lang, f", xếp hạng {rank}/{n}{tie}, kém đơn vị dẫn đầu {behind} và {median}",
              f", ranked {rank} of {n}{tie}, {behind} behind the leader and {median}")


def _rank_change(total: pd.Series, lang: str) -> str:
    steps = int(total["rank_change"])
    how = (_t(lang, f"tăng {steps} bậc", f"up {_en_count(steps, 'place', 'places')}") if steps > 0 else
           _t(lang, f"giảm {-steps} bậc", f"down {_en_count(-steps, 'place', 'places')}") if steps < 0 else
           _t(lang, "giữ nguyên", "unchanged"))
    ranks = f"{total['rank_previous']}/{total['n_units_previous']} → {total['rank']}/{total['n_units']}"
    return _t(lang, f"; thứ hạng {how} (hạng {ranks})", f"; rank {how} ({ranks})")


def _pillar_movers(yoy: pd.DataFrame, lang: str) -> str:
    """'. Tăng nhiều nhất là … (+20 điểm) và giảm nhiều nhất là … (-30 điểm)', or '' if no pillar moved."""
    pillars = yoy[yoy["level"] == "pillar"].sort_values("change", kind="stable")
    movers = []
    if pillars["change"].iloc[-1] > TOL:
        up = pillars.iloc[-1]
        movers.append(_t(lang, f"tăng nhiều nhất là {up['name']} ({_signed(up['change'], lang)})",
                         f"the largest gain was in {up['name']} ({_signed(up['change'], lang)})"))
    if pillars["change"].iloc[0] < -TOL:
        down = pillars.iloc[0]
        movers.append(_t(lang, f"giảm nhiều nhất là {down['name']} ({_signed(down['change'], lang)})",
                         f"the largest drop was in {down['name']} ({_signed(down['change'], lang)})"))
    said = _join(movers, lang)
    return ". " + said[0].upper() + said[1:] if said else ""


def _change_paragraph(assessment: Assessment, district: str, year: int, lang: str) -> str:
    yoy = an.year_over_year(assessment, district, year, lang=lang)
    if not yoy.attrs["has_previous"]:
        return _t(lang, "Chưa có dữ liệu năm trước để so sánh.",
                  "There is no earlier year in the data to compare with.")
    total = yoy[yoy["code"] == TOTAL].iloc[0]
    change = total["change"]
    moved = (_t(lang, f"tăng {_pts(change, lang)}", f"rose by {_pts(change, lang)}") if change > TOL else
             _t(lang, f"giảm {_pts(-change, lang)}", f"fell by {_pts(-change, lang)}") if change < -TOL else
             _t(lang, "không đổi", "did not change"))
    values = f"{fmt.number(total['points_previous'], lang)} → {fmt.number(total['points'], lang)}"
    text = _t(lang, f"So với năm {yoy.attrs['previous']}, tổng điểm {moved} ({values})",
              f"Since {yoy.attrs['previous']} the total {moved} ({values})")
    if total["n_units"] > 1 and total["n_units_previous"] > 1:
        text += _rank_change(total, lang)
    return text + _pillar_movers(yoy, lang) + "."


def summary(assessment: Assessment, district: str, year: int, lang: str = "vi") -> Section:
    """Total, index, rank and change since the previous year."""
    if _nothing_entered(assessment, district, year):
        n = len(assessment.catalogue.criteria)
        return _section("summary", lang, [_t(
            lang, f"Năm {year}, {district} chưa có dữ liệu cho tiêu chí nào trong {n} tiêu chí nên chưa thể đánh "
                  f"giá; tổng điểm 0 không phản ánh thực trạng.",
            f"In {year}, {district} has no data for any of the {n} criteria, so it cannot be assessed; "
            f"the total of 0 does not reflect its actual situation.")])
    row, peers = _standing(assessment, district, year)
    score_words = f"{fmt.points(row['points'], row['max_points'], lang)}"
    index = fmt.percent(row["index"], lang, 1)
    first = _t(lang, f"Năm {year}, {district} đạt {score_words} (chỉ số {index})",
               f"In {year}, {district} scored {score_words} (index {index})") + _rank_clause(row, peers, lang) + "."
    paragraphs = [first, _change_paragraph(assessment, district, year, lang)]
    provisional = ", ".join(_with_status(assessment, district, year, "needs_peers")["code"])
    if provisional:
        paragraphs.append(_t(
            lang, f"Tổng điểm là tạm tính: {provisional} tính theo phương pháp Min-Max nhưng chưa có đủ đơn vị so "
                  f"sánh cùng năm hoặc ngưỡng tham chiếu.",
            f"The total is provisional: {provisional} use Min-Max scoring but there are not enough units of the "
            f"same year to compare with, nor reference bounds."))
    return _section("summary", lang, paragraphs)


# ------------------------------------------------------------------ strengths and weaknesses

def _pillar_words(row: pd.Series, lang: str) -> str:
    text = f"{row['name']} ({fmt.percent(row['index'], lang, 1)}"
    if row["n_units"] > 1:
        text += _t(lang, f", hạng {row['rank']}/{row['n_units']}", f", rank {row['rank']}/{row['n_units']}")
        text += ", " + _versus_median(row["gap_to_median"], lang)
    return text + ")"


def _strongest(pillars: pd.DataFrame, n: int, lang: str) -> str:
    """The top pillars; when more than `n` share the best index, all of them in one phrase."""
    best, worst = pillars["index"].max(), pillars["index"].min()
    top = pillars[pillars["index"] > best - TOL]
    if len(top) > n:
        names, share = _join(list(top["name"]), lang), fmt.percent(best, lang, 1)
        return _t(lang, f"Mạnh nhất: {len(top)} trụ cột cùng đạt {share} — {names}.",
                  f"Strongest: {len(top)} pillars share the top index, {share} — {names}.")
    words = _join([_pillar_words(r, lang) for _, r in pillars[pillars["index"] > worst + TOL].head(n).iterrows()], lang)
    return _t(lang, f"Mạnh nhất: {words}.", f"Strongest: {words}.")


def strengths_weaknesses(assessment: Assessment, district: str, year: int, lang: str = "vi", n: int = 2) -> Section:
    """The strongest and weakest pillars by index, against the median of the same year's units."""
    if _nothing_entered(assessment, district, year):
        return _section("strengths_weaknesses", lang, [_t(lang, "Chưa có dữ liệu để đánh giá các trụ cột.",
                                                           "There is no data to assess the pillars.")])
    prof = an.profile(assessment, lang)
    pillars = prof[(prof["district"] == district) & (prof["year"] == year) & (prof["level"] == "pillar")]
    pillars = pillars.sort_values("index", ascending=False, kind="stable")
    best = pillars["index"].max()
    if best - pillars["index"].min() < TOL:
        share = fmt.percent(best, lang, 1)
        return _section("strengths_weaknesses", lang, [_t(
            lang, f"Tất cả {len(pillars)} trụ cột đạt cùng mức chỉ số {share}.",
            f"All {len(pillars)} pillars have the same index, {share}.")])
    weakest = pillars[pillars["index"] < best - TOL].tail(n).iloc[::-1]
    words = _join([_pillar_words(r, lang) for _, r in weakest.iterrows()], lang)
    paragraphs = [_strongest(pillars, n, lang), _t(lang, f"Yếu nhất: {words}.", f"Weakest: {words}.")]
    if pillars["n_units"].iloc[0] > 1:
        above = int((pillars["gap_to_median"] > TOL).sum())
        paragraphs.append(_t(lang, f"{above}/{len(pillars)} trụ cột cao hơn trung vị của các đơn vị cùng năm.",
                             f"{above} of {len(pillars)} pillars are above the median of the same year's units."))
    return _section("strengths_weaknesses", lang, paragraphs)


# ------------------------------------------------------------------ losses

def _owners(assessment: Assessment, district: str, year: int, lang: str, n: int) -> str:
    depts = an.losses_by_department(assessment, district, year, lang)
    words = []
    for d in depts[depts["lost"] > TOL].head(n).itertuples():
        codes = _codes(d.codes.split(", "), lang)
        words.append(_t(lang, f"{d.department} mất {_pts(d.lost, lang)} ({d.n_losing} tiêu chí: {codes})",
                        f"{d.department} {_pts(d.lost, lang)} ({_en_count(d.n_losing, 'criterion', 'criteria')}: "
                        f"{codes})"))
    return _t(lang, f"Theo đơn vị phụ trách: {'; '.join(words)}.", f"By responsible department: {'; '.join(words)}.")


def losses(assessment: Assessment, district: str, year: int, lang: str = "vi", n: int = MAX_ITEMS) -> Section:
    """The total lost, the largest losses and the departments that own them."""
    if _nothing_entered(assessment, district, year):
        return _section("losses", lang, [_t(lang, *NO_DATA)])
    lost = an.losses(assessment, district, year, lang)
    if lost.empty:
        n_crit = len(assessment.catalogue.criteria)
        return _section("losses", lang, [_t(lang, f"Đạt điểm tối đa ở cả {n_crit} tiêu chí.",
                                             f"Full points on all {n_crit} criteria.")])
    total = _pts(lost["lost"].sum(), lang)
    top = "; ".join(f"{r.code} {r.name} — " + _t(lang, f"mất {fmt.points(r.lost, r.max_points, lang)}",
                                                   f"{fmt.points(r.lost, r.max_points, lang)} lost")
                    + f" ({r.responsible})" for r in lost.head(n).itertuples())
    return _section("losses", lang, [
        _t(lang, f"Tổng cộng mất {total} ở {len(lost)} tiêu chí.",
           f"In all, {total} are lost on {_en_count(len(lost), 'criterion', 'criteria')}."),
        _t(lang, f"Mất nhiều điểm nhất: {top}.", f"The largest losses: {top}."),
        _owners(assessment, district, year, lang, n),
    ])


# ------------------------------------------------------------------ quick wins

def quick_wins(assessment: Assessment, district: str, year: int, lang: str = "vi", n: int = MAX_STEPS) -> Section:
    """Points a decision or a document can win now."""
    if _nothing_entered(assessment, district, year):
        return _section("quick_wins", lang, [_t(lang, *NO_DATA)])
    wins = an.quick_wins(assessment, district, year, lang)
    if wins.empty:
        return _section("quick_wins", lang, [_t(
            lang, "Không còn điểm nào có thể giành được chỉ bằng một quyết định hoặc văn bản.",
            "No points are left that a decision or a document alone can win.")])
    worth = _pts(wins["points"].sum(), lang)
    paragraphs = [_t(lang, f"{len(wins)} việc có thể làm ngay bằng một quyết định hoặc văn bản, tổng cộng {worth}:",
                     f"{_en_count(len(wins), 'thing', 'things')} a decision or a document can do now, worth {worth} "
                     f"in all:")]
    paragraphs += [f"{w.code}: {w.decision} → {_signed(w.points, lang)} ({w.responsible})."
                   for w in wins.head(n).itertuples()]
    if len(wins) > n:
        rest = _pts(wins["points"].iloc[n:].sum(), lang)
        paragraphs.append(_t(lang, f"… và {len(wins) - n} việc khác ({rest}).",
                             f"… and {len(wins) - n} more ({rest})."))
    return _section("quick_wins", lang, paragraphs)


# ------------------------------------------------------------------ plan

def plan(assessment: Assessment, district: str, year: int, lang: str = "vi", target_total: float | None = None,
         target_rank: int | None = None, n: int = MAX_STEPS) -> Section:
    """The steps to a target total or rank (default: one rank up), smallest change per point first."""
    if _nothing_entered(assessment, district, year):
        return _section("plan", lang, [_t(lang, "Cần nhập dữ liệu trước khi lập kế hoạch.",
                                          "Data must be entered before a plan can be made.")])
    row, _ = _standing(assessment, district, year)
    goal = ""
    if target_total is None and target_rank is None:
        left = _pts(row["max_points"] - row["points"], lang)
        if row["n_units"] == 1:
            return _section("plan", lang, [_t(
                lang, f"Chưa đặt mục tiêu (không có đơn vị khác để so sánh); còn {left} chưa đạt.",
                f"No target was set (there is no other unit to compare with); {left} are still to win.")])
        if row["rank"] == 1:
            return _section("plan", lang, [_t(lang, f"{district} đang dẫn đầu; còn {left} chưa đạt.",
                                              f"{district} leads; {left} are still to win.")])
        target_rank = int(row["rank"]) - 1
        goal = _t(lang, f"lên hạng {target_rank}", f"move up to rank {target_rank}")
    steps = an.plan_to_target(assessment, district, year, target_total, target_rank, lang)
    return _section("plan", lang, _plan_paragraphs(steps, goal, lang, n))


def _plan_paragraphs(steps: pd.DataFrame, goal: str, lang: str, n: int) -> list[str]:
    at = steps.attrs
    target, start, final = (_pts(at[k], lang) for k in ("target_total", "start_total", "final_total"))
    need = at["target_total"] - at["start_total"]
    goal = goal or _t(lang, f"đạt {target}", f"reach {target}")
    if need <= TOL:
        return [_t(lang, f"Mục tiêu {goal} đã đạt ({start}).", f"The target ({goal}) is already met ({start}).")]
    out = [_t(lang, f"Mục tiêu: {goal} — cần {target}, hiện có {start}, thiếu {_pts(need, lang)}. Các bước ưu tiên "
                    f"quyết định trước, sau đó thay đổi nhỏ nhất trên mỗi điểm:",
              f"Target: {goal} — {target} needed, {start} now, {_pts(need, lang)} short. Decisions come first, "
              f"then the smallest change per point:")]
    out += [_t(lang, f"Bước {s.step} — {s.code}: {s.action} → {_signed(s.gain, lang)} (lũy kế {_pts(s.total, lang)}).",
               f"Step {s.step} — {s.code}: {s.action} → {_signed(s.gain, lang)} (total {_pts(s.total, lang)}).")
            for s in steps.head(n).itertuples()]
    if len(steps) > n:
        out.append(_t(lang, f"… và {len(steps) - n} bước nữa.", f"… and {len(steps) - n} more steps."))
    if at["reached"]:
        out.append(_t(lang, f"Thực hiện {len(steps)} bước trên đạt {final}.",
                      f"{'This step gives' if len(steps) == 1 else f'These {len(steps)} steps give'} {final}."))
    else:
        out.append(_t(lang, f"Kể cả khi thực hiện mọi bước có thể, tổng điểm chỉ đạt {final}, chưa tới mục tiêu.",
                      f"Even with every possible step the total only reaches {final}, short of the target."))
    if at["blocked"]:
        blocked, codes = _pts(at["blocked_points"], lang), _codes(at["blocked"], lang)
        out.append(_t(lang, f"{blocked} khác nằm ở các tiêu chí thiếu, sai dữ liệu hoặc cần rà soát ({codes}): "
                            f"cần bổ sung dữ liệu trước khi lập kế hoạch cho chúng.",
                      f"Another {blocked} sit in criteria with missing, invalid or to-review data ({codes}): "
                      f"fix the data before planning them."))
    return out


# ------------------------------------------------------------------ caveats

def _status_paragraph(rows: pd.DataFrame, status: str, lang: str) -> str:
    (vi_what, vi_then), (en_what, en_then) = STATUS_WORDS[status]
    codes, stake = _codes(list(rows["code"]), lang), _pts(rows["max_points"].sum(), lang)
    return _t(lang, f"{len(rows)} tiêu chí {vi_what} ({codes}), tối đa {stake}: {vi_then}.",
              f"{_en_count(len(rows), 'criterion', 'criteria')} {en_what} ({codes}), up to {stake}: {en_then}.")


def caveats(assessment: Assessment, district: str, year: int, lang: str = "vi", synthetic: bool = False) -> Section:
    """Missing, invalid and to-review data, provisional Min-Max, synthetic data and the scoring assumptions."""
    issues = []
    for status in STATUS_WORDS:
        rows = _with_status(assessment, district, year, status)
        if len(rows):
            issues.append(_status_paragraph(rows, status, lang))
    provisional = ", ".join(_with_status(assessment, district, year, "needs_peers")["code"])
    if provisional:
        issues.append(_t(lang, f"TẠM TÍNH: {provisional} tính theo Min-Max cần ít nhất 2 đơn vị cùng năm hoặc ngưỡng "
                               f"tham chiếu; hiện chưa được tính điểm.",
                         f"PROVISIONAL: {provisional} use Min-Max, which needs at least 2 units of the same year or "
                         f"reference bounds; they are not scored yet."))
    warnings = [p for p in assessment.prepared.warnings if p.district == district and p.year == year]
    if warnings:
        issues.append(_t(lang, f"{len(warnings)} giá trị khác với số liệu phần I (thông tin chung), cần đối chiếu.",
                         f"{len(warnings)} values differ from the Part I (general information) figures; check them."))
    assumptions = "; ".join(f"{r.label}: {r.meaning}" for r in assessment.assumptions(lang).itertuples())
    return _section("caveats", lang, ([_t(lang, *SYNTHETIC)] if synthetic else []) + (issues or [_t(lang, *COMPLETE)])
                    + [_t(lang, f"Giả định tính điểm — {assumptions}.", f"Scoring assumptions — {assumptions}.")])


# ------------------------------------------------------------------ all sections

def district_report_text(assessment: Assessment, district: str, year: int, lang: str = "vi",
                         target_total: float | None = None, target_rank: int | None = None,
                         synthetic: bool = False) -> list[Section]:
    """Every section of a district's report, in order."""
    return [
        summary(assessment, district, year, lang),
        strengths_weaknesses(assessment, district, year, lang),
        losses(assessment, district, year, lang),
        quick_wins(assessment, district, year, lang),
        plan(assessment, district, year, lang, target_total, target_rank),
        caveats(assessment, district, year, lang, synthetic),
    ]
