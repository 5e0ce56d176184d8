"""Paragraphs for a district report in the model's language, written from its report model.

Each section reads one `UnitReport` (dxkit.reports.data: the analysis of a district-year, computed
once) and calls no analysis itself; the language is the model's. Every sentence is a message of the
vocabulary (`reports.narrative.*` in dxkit/locales/<lang>/reports.yaml); a counted word takes the
language's plural form (`.one`, `.other`, … chosen by Babel).

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

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pandas as pd
from babel import Locale

from dxkit.analysis._common import TOL, TOTAL
from dxkit.analysis.trends import COMPARABLE
from dxkit.core import fmt, vocab
from dxkit.core.catalogue import Catalogue
from dxkit.core.vocab import Status
from dxkit.reports import numbers
from dxkit.reports.data import UnitReport, YearReport
from dxkit.reports.labels import nouns

PENDING = Status.NEEDS_PEERS.value

MAX_ITEMS = 5  # losses and departments named in a paragraph
MAX_STEPS = 12  # plan steps and quick wins listed one by one

CAVEAT_STATUSES = (Status.MISSING, Status.INVALID, Status.NO_DENOMINATOR)  # a caveat each, in this order
INTERNAL_WORDS = (Status.NO_DENOMINATOR, Status.NEEDS_PEERS)  # status ids a framework text may use


@dataclass
class Section:
    """A titled list of paragraphs; `key` names the section (summary, losses, …)."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ words


def _t(key: str, lang: str, **fields: object) -> str:
    """The narrative's message `key` (reports.narrative.<key>) in `lang`."""
    return vocab.t(f"reports.narrative.{key}", lang, **fields)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(vocab.locale(lang))


def _plural_form(count: float, lang: str) -> str:
    """The plural category ('one', 'other', …) of `count` as fmt.number writes it (0.999 → '1' → one)."""
    if not math.isfinite(count):
        return "other"
    shown = Decimal(repr(float(count))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    shown = shown.to_integral_value() if shown == shown.to_integral_value() else shown.normalize()
    return str(_locale(lang).plural_form(shown))


def _plural(key: str, count: float, lang: str, **fields: object) -> str:
    """The form of message `key` (`key.one`, `key.other`, …) for `count` in `lang`; a form the
    language's messages lack is `other`."""
    form = _plural_form(count, lang)
    try:
        return _t(f"{key}.{form}", lang, **fields)
    except vocab.VocabularyError:
        return _t(f"{key}.other", lang, **fields)


def _count(key: str, k: int, lang: str) -> str:
    """'3 tiêu chí' / '1 criterion' / '3 criteria' (`key`: criteria, things, warnings)."""
    return _plural(key, k, lang, n=k)


def _section(key: str, lang: str, paragraphs: list[str]) -> Section:
    return Section(key, _t(f"title.{key}", lang), paragraphs)


def _pts(x: float, lang: str) -> str:
    """'85,5 điểm' / '85.5 points' / '1 point'."""
    return _plural("points", x, lang, n=fmt.number(x, lang))


def _signed(x: float, lang: str) -> str:
    """A change of points: '+7,31 điểm' on a gain, '−8,5 điểm' on a loss, '0 điểm' unchanged."""
    return _plural("points", abs(x), lang, n=numbers.signed_number(x, lang))


def _join(items: list[str], lang: str) -> str:
    """'a, b và c' / 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return _t("last_of_list", lang, items=", ".join(items[:-1]), last=items[-1])


def _codes(codes: list[str], lang: str, limit: int = 10) -> str:
    more = len(codes) - limit
    shown = ", ".join(codes[:limit])
    return _t("more_codes", lang, codes=shown, n=more) if more > 0 else shown


def _versus_median(gap: float, lang: str) -> str:
    if gap > TOL:
        return _t("median.above", lang, gap=_pts(gap, lang))
    if gap < -TOL:
        return _t("median.below", lang, gap=_pts(-gap, lang))
    return _t("median.at", lang)


def _plain(text: str, lang: str) -> str:
    """Reader text without internal status ids ('trạng thái needs_peers' → 'trạng thái “chờ ngưỡng tham chiếu”')."""
    for status in INTERNAL_WORDS:
        text = text.replace(status.value, _t("quoted", lang, text=status.label(lang)))
    return text


# ------------------------------------------------------------------ data


def not_ranked(year: int, lang: str = vocab.DEFAULT) -> str:
    """The one sentence saying why a lone unit's report compares nothing."""
    return _t("not_ranked", lang, year=year)


def pending_words(unit: UnitReport) -> str:
    """'25 điểm chờ ngưỡng tham chiếu của tỉnh (II.5.9, II.8.4)', or '' when nothing is pending."""
    rows, lang = _with_status(unit, PENDING), unit.lang
    if rows.empty:
        return ""
    stake, codes = _pts(rows["max_points"].sum(), lang), ", ".join(rows["code"])
    return _t("pending.alone" if unit.shared.alone else "pending.peers", lang, stake=stake, codes=codes)


def how_to_supply_bounds(year: int, lang: str = vocab.DEFAULT, catalogue: Catalogue | None = None) -> str:
    """How a unit gets its pending Min-Max criteria scored (`catalogue`: what the units are called)."""
    return _t("supply_bounds", lang, year=year, **nouns(catalogue))


def score_cell(points: float, max_points: float, status: str, lang: str = vocab.DEFAULT) -> str:
    """'7,50/15', or '—/20' for a pending criterion (not scored yet, so not 0): points with the
    decimals of every points column, the maximum as the framework gives it."""
    shown = numbers.DASH if status == PENDING else numbers.fixed(points, lang)
    return f"{shown}/{fmt.number(max_points, lang)}"


def points_cell(points: float, status: str) -> float | None:
    """A criterion's points for a points column: None (shown '—') while pending, not scored yet."""
    return None if status == PENDING else points


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
        return _t("rank.shared_first", lang, n=n, tied=tied)
    if rank == 1:
        lead = _pts(row["points"] - peers.loc[peers["rank"] > 1, "points"].max(), lang)
        return _t("rank.first", lang, n=n, lead=lead)
    if rank == peers["rank"].max():
        if tied:
            place = _t("rank.shared_last", lang, rank=rank, n=n, tied=tied)
        else:
            place = _t("rank.last", lang, rank=rank, n=n)
        return place + _t("rank.behind", lang, behind=behind)
    tie = _t("rank.tie", lang, tied=tied) if tied else ""
    median = _versus_median(row["gap_to_median"], lang)
    return _t("rank.middle", lang, rank=rank, n=n, tie=tie, behind=behind, median=median)


def _rank_change(total: pd.Series, lang: str) -> str:
    steps = int(total["rank_change"])
    if steps > 0:
        how = _plural("change.rank_up", steps, lang, n=steps)
    elif steps < 0:
        how = _plural("change.rank_down", -steps, lang, n=-steps)
    else:
        how = _t("change.rank_same", lang)
    ranks = f"{total['rank_previous']}/{total['n_units_previous']} → {total['rank']}/{total['n_units']}"
    return _t("change.rank", lang, how=how, ranks=ranks)


def _pillar_movers(yoy: pd.DataFrame, lang: str) -> str:
    """'. Tăng nhiều nhất là … (+20 điểm) và giảm nhiều nhất là … (−30 điểm)', or '' if no pillar moved."""
    pillars = yoy[yoy["level"] == "pillar"].sort_values("change", kind="stable")
    movers = []
    if pillars["change"].iloc[-1] > TOL:
        up = pillars.iloc[-1]
        movers.append(_t("change.largest_gain", lang, name=up["name"], change=_signed(up["change"], lang)))
    if pillars["change"].iloc[0] < -TOL:
        down = pillars.iloc[0]
        movers.append(_t("change.largest_drop", lang, name=down["name"], change=_signed(down["change"], lang)))
    said = _join(movers, lang)
    return ". " + said[0].upper() + said[1:] if said else ""


def _change_paragraph(unit: UnitReport) -> str:
    yoy, lang = unit.yoy, unit.lang
    if not yoy.attrs["has_previous"]:
        return vocab.t("reports.no_previous", lang)
    total = yoy[yoy["code"] == TOTAL].iloc[0]
    change = total["change"]
    if change > TOL:
        moved = _t("change.rose", lang, points=_pts(change, lang))
    elif change < -TOL:
        moved = _t("change.fell", lang, points=_pts(-change, lang))
    else:
        moved = _t("change.same", lang)
    values = f"{fmt.number(total['points_previous'], lang)} → {fmt.number(total['points'], lang)}"
    text = _t("change.since", lang, previous=yoy.attrs["previous"], moved=moved, values=values)
    if total["n_units"] > 1 and total["n_units_previous"] > 1:
        text += _rank_change(total, lang)
    return text + _pillar_movers(yoy, lang) + "." + _revised(yoy, total, unit.year, lang)


def _revised(yoy: pd.DataFrame, total: pd.Series, year: int, lang: str) -> str:
    """' The framework of 2024 was revised since 2023: …' when the years were compared through a
    crosswalk (only the comparable criteria; which were not; which were put on a new maximum)."""
    if yoy.attrs.get("compared") != COMPARABLE:
        return ""
    left_out = [f"{r['code']} ({r['why']})" for r in yoy.attrs["not_comparable"]]
    criteria = yoy[yoy["level"] == "criterion"]
    text = vocab.t(
        "crosswalk.revised",
        lang,
        year=year,
        previous=yoy.attrs["previous"],
        n=len(criteria),
        max=fmt.number(total["max_points"], lang),
        left_out=_join(left_out, lang) if left_out else "—",
    )
    rescaled = criteria[criteria["rescaled"].fillna(False).astype(bool)]
    if len(rescaled):
        rows = [
            vocab.t(
                "crosswalk.rescaled_row",
                lang,
                code=r["code"],
                before=fmt.number(r["max_points_previous"], lang),
                after=fmt.number(r["max_points"], lang),
            )
            for _, r in rescaled.iterrows()
        ]
        text += "." + vocab.t("crosswalk.rescaled", lang, rows=_join(rows, lang))
    return text + "."


def summary(unit: UnitReport) -> Section:
    """Total, index, rank and change since the previous year."""
    district, year, lang = unit.district, unit.year, unit.lang
    if unit.nothing_entered():
        n = len(unit.shared.catalogue.criteria)
        return _section("summary", lang, [_t("summary.nothing", lang, year=year, district=district, n=n)])
    row, peers = unit.standing(), unit.shared.totals()
    points = fmt.points(row["points"], row["max_points"], lang)
    index = fmt.percent(row["index"], lang, 1)
    first = (
        _t("summary.scored", lang, year=year, district=district, points=points, index=index)
        + _rank_clause(row, peers, lang)
        + "."
    )
    paragraphs = [first, _change_paragraph(unit)]
    waiting = pending_words(unit)
    if waiting:
        paragraphs.append(_t("summary.provisional", lang, waiting=waiting))
    return _section("summary", lang, paragraphs)


# ------------------------------------------------------------------ strengths and weaknesses


def _pillar_words(row: pd.Series, lang: str, waiting: dict[str, list[str]] | None = None) -> str:
    text = f"{row['name']} ({fmt.percent(row['index'], lang, 1)}"
    codes = (waiting or {}).get(row["code"])
    if codes:
        text += _t("pillars.waiting", lang, codes=", ".join(codes))
    if row["n_units"] > 1:
        text += _t("pillars.rank", lang, rank=row["rank"], n=row["n_units"])
        text += ", " + _versus_median(row["gap_to_median"], lang)
    return text + ")"


def _strongest(pillars: pd.DataFrame, n: int, lang: str, waiting: dict[str, list[str]]) -> str:
    """The top pillars; when more than `n` share the best index, all of them in one phrase."""
    best, worst = pillars["index"].max(), pillars["index"].min()
    top = pillars[pillars["index"] > best - TOL]
    if len(top) > n:
        names, share = _join(list(top["name"]), lang), fmt.percent(best, lang, 1)
        return _t("pillars.strongest_tied", lang, k=len(top), share=share, names=names)
    strong = pillars[pillars["index"] > worst + TOL].head(n)
    words = _join([_pillar_words(r, lang, waiting) for _, r in strong.iterrows()], lang)
    return _t("pillars.strongest", lang, pillars=words)


def strengths_weaknesses(unit: UnitReport, n: int = 2) -> Section:
    """The strongest and weakest pillars by index, against the median of the same year's units."""
    lang = unit.lang
    if unit.nothing_entered():
        return _section("strengths_weaknesses", lang, [_t("pillars.nothing", lang)])
    pillars = unit.pillars()
    waiting = _with_status(unit, PENDING).groupby("pillar")["code"].agg(list).to_dict()
    pillars = pillars.sort_values("index", ascending=False, kind="stable")
    best = pillars["index"].max()
    if best - pillars["index"].min() < TOL:
        share = fmt.percent(best, lang, 1)
        return _section("strengths_weaknesses", lang, [_t("pillars.all_same", lang, n=len(pillars), share=share)])
    weakest = pillars[pillars["index"] < best - TOL].tail(n).iloc[::-1]
    words = _join([_pillar_words(r, lang, waiting) for _, r in weakest.iterrows()], lang)
    paragraphs = [_strongest(pillars, n, lang, waiting), _t("pillars.weakest", lang, pillars=words)]
    if pillars["n_units"].iloc[0] > 1:
        above = int((pillars["gap_to_median"] > TOL).sum())
        paragraphs.append(_t("pillars.above_median", lang, above=above, n=len(pillars)))
    return _section("strengths_weaknesses", lang, paragraphs)


# ------------------------------------------------------------------ losses


def _owners(unit: UnitReport, n: int) -> str:
    depts, lang = unit.departments, unit.lang
    words = [
        _t(
            "losses.department",
            lang,
            department=d.department,
            points=_pts(d.lost, lang),
            criteria=_count("criteria", d.n_losing, lang),
            codes=_codes(d.codes.split(", "), lang),
        )
        for d in depts[depts["lost"] > TOL].head(n).itertuples()
    ]
    return _t("losses.by_department", lang, departments="; ".join(words))


def losses(unit: UnitReport, n: int = MAX_ITEMS) -> Section:
    """The total lost, the largest losses and the departments that own them."""
    lang = unit.lang
    if unit.nothing_entered():
        return _section("losses", lang, [_t("nothing_entered", lang)])
    lost = unit.losses
    waiting = pending_words(unit)
    aside = [_t("losses.not_lost", lang, waiting=waiting)] if waiting else []
    if lost.empty:
        if waiting:
            return _section("losses", lang, [_t("losses.none_scored", lang), *aside])
        return _section("losses", lang, [_t("losses.full", lang, n=len(unit.shared.catalogue.criteria))])
    top = "; ".join(
        _t(
            "losses.item",
            lang,
            code=r.code,
            name=r.name,
            points=fmt.points(r.lost, r.max_points, lang),
            responsible=r.responsible,
        )
        for r in lost.head(n).itertuples()
    )
    total = _pts(lost["lost"].sum(), lang)
    return _section(
        "losses",
        lang,
        [
            _t("losses.total", lang, total=total, criteria=_count("criteria", len(lost), lang)),
            _t("losses.largest", lang, items=top),
            _owners(unit, n),
            *aside,
        ],
    )


# ------------------------------------------------------------------ quick wins


def quick_wins(unit: UnitReport, n: int = MAX_STEPS) -> Section:
    """Points a decision or a document can win now."""
    lang = unit.lang
    if unit.nothing_entered():
        return _section("quick_wins", lang, [_t("nothing_entered", lang)])
    wins = unit.quick_wins
    if wins.empty:
        return _section("quick_wins", lang, [_t("quick_wins.none", lang)])
    worth = _pts(wins["points"].sum(), lang)
    paragraphs = [_t("quick_wins.intro", lang, things=_count("things", len(wins), lang), worth=worth)]
    paragraphs += [
        _t(
            "quick_wins.item",
            lang,
            code=w.code,
            decision=w.decision,
            gain=_signed(w.points, lang),
            responsible=w.responsible,
        )
        for w in wins.head(n).itertuples()
    ]
    if len(wins) > n:
        rest = _pts(wins["points"].iloc[n:].sum(), lang)
        paragraphs.append(_t("quick_wins.more", lang, n=len(wins) - n, rest=rest))
    return _section("quick_wins", lang, paragraphs)


# ------------------------------------------------------------------ plan


def plan(unit: UnitReport, n: int = MAX_STEPS) -> Section:
    """The steps to the model's target total or, without one, one rank up; smallest change per point first."""
    district, lang = unit.district, unit.lang
    if unit.nothing_entered():
        return _section("plan", lang, [_t("plan.nothing", lang)])
    row = unit.standing()
    goal = ""
    waiting = _with_status(unit, PENDING)["max_points"].sum()
    if unit.plan is None:
        left = _pts(row["max_points"] - row["points"] - waiting, lang)
        if row["n_units"] == 1:
            key = "plan.no_target_scored" if waiting else "plan.no_target"
            return _section("plan", lang, [_t(key, lang, left=left)])
        return _section("plan", lang, [_t("plan.leads", lang, district=district, left=left)])
    if unit.target_rank is not None:
        goal = _t("plan.goal_rank", lang, rank=unit.target_rank)
    out = _plan_paragraphs(unit.plan, goal, lang, n)
    words = pending_words(unit)
    if words:
        out.append(_t("plan.leaves_out", lang, pending=words))
    return _section("plan", lang, out)


def _plan_paragraphs(steps: pd.DataFrame, goal: str, lang: str, n: int) -> list[str]:
    at = steps.attrs
    target, start, final = (_pts(at[k], lang) for k in ("target_total", "start_total", "final_total"))
    need = at["target_total"] - at["start_total"]
    goal = goal or _t("plan.goal_total", lang, target=target)
    if need <= TOL:
        return [_t("plan.met", lang, goal=goal, start=start)]
    out = [_t("plan.intro", lang, goal=goal, target=target, start=start, need=_pts(need, lang))]
    out += [
        _t(
            "plan.step",
            lang,
            step=s.step,
            code=s.code,
            action=s.action,
            gain=_signed(s.gain, lang),
            total=_pts(s.total, lang),
        )
        for s in steps.head(n).itertuples()
    ]
    if len(steps) > n:
        out.append(_t("plan.more", lang, n=len(steps) - n))
    if at["reached"]:
        out.append(_plural("plan.reached", len(steps), lang, n=len(steps), final=final))
    else:
        out.append(_t("plan.short", lang, final=final))
    if at["blocked"]:
        blocked, codes = _pts(at["blocked_points"], lang), _codes(at["blocked"], lang)
        out.append(_t("plan.blocked", lang, points=blocked, codes=codes))
    return out


# ------------------------------------------------------------------ caveats


def _status_paragraph(rows: pd.DataFrame, status: Status, lang: str) -> str:
    codes, stake = _codes(list(rows["code"]), lang), _pts(rows["max_points"].sum(), lang)
    return _t(f"caveat.{status.value}", lang, criteria=_count("criteria", len(rows), lang), codes=codes, stake=stake)


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
            if bounds_source:
                what = _t("notes.bounds_reference_file", lang, file=bounds_source)
            else:
                what = _t("notes.bounds_reference", lang)
        elif source == "peers":
            what = vocab.t("core.assumptions.bounds.peers", lang)
        else:
            parts.append(_t("notes.bounds_none", lang, codes=", ".join(codes)))
            continue
        parts.append(f"{what}: " + "; ".join(f"{c} {span[c]}" for c in codes))
    return _t("notes.bounds_year", lang, year=year, sources="; ".join(parts))


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
            "label": vocab.t("core.assumptions.bounds.label", lang),
            "meaning": "",
        }
        is_bounds = rows["option"] == "minmax_bounds"
    if any(c.rule_type == "minmax" for c in catalogue.criteria.values()):
        rows.loc[is_bounds, "meaning"] = _bounds_words(shared)
    else:
        rows = rows[~is_bounds]
    framework = {
        "option": "framework",
        "label": _t("notes.framework", lang),
        "meaning": _t(
            "notes.framework_name", lang, name=catalogue.name(lang), id=catalogue.id, version=catalogue.version
        ),
    }
    return pd.concat([pd.DataFrame([framework]), rows], ignore_index=True)[["option", "label", "meaning"]]


def caveats(unit: UnitReport, notes: bool = True) -> Section:
    """Missing, invalid and to-review data, pending Min-Max, synthetic data and, with `notes`, the scoring
    choices in a sentence (readings and Min-Max bounds, with where they came from; `method_notes` is
    the same as a table, for a report that shows it)."""
    lang, year = unit.lang, unit.year
    issues = []
    for status in CAVEAT_STATUSES:
        rows = _with_status(unit, status.value)
        if len(rows):
            issues.append(_status_paragraph(rows, status, lang))
    waiting = pending_words(unit)
    if waiting:
        issues.append(
            _t("caveat.provisional", lang, waiting=waiting, how=how_to_supply_bounds(year, lang, unit.shared.catalogue))
        )
    warnings = unit.warnings
    if warnings:
        where = _codes(list(dict.fromkeys(p.variable or "" for p in warnings)), lang)
        issues.append(_t("caveat.warnings", lang, warnings=_count("warnings", len(warnings), lang), where=where))
    synthetic = [vocab.t("reports.synthetic", lang)] if unit.shared.synthetic else []
    paragraphs = synthetic + (issues or [_t("caveat.complete", lang)])
    if notes:
        said = "; ".join(f"{r.label}: {r.meaning}" for r in method_notes(unit.shared).itertuples())
        paragraphs.append(_t("caveat.assumptions", lang, assumptions=vocab.t("reports.assumptions", lang), said=said))
    return _section("caveats", lang, paragraphs)


# ------------------------------------------------------------------ appraisal


def appraisal(unit: UnitReport, n: int = MAX_ITEMS) -> Section:
    """How the province's appraisal changed the unit's points: the values corrected, the totals (and
    ranks) of the two stages, the criteria that fell and rose with their reasons (up to `n` of each,
    then how many more), the Min-Max criteria moved by other units' appraised values, and the
    departments whose values were corrected. A unit none of whose values were corrected but whose
    points moved with other units' appraised values is told so in one sentence. Empty paragraphs for
    a unit-year the appraisal left alone (its report has no such section)."""
    lang, rows = unit.lang, unit.appraisal
    if rows.empty:
        return _section("appraisal", lang, [])
    said = nouns(unit.shared.catalogue)
    total = unit.shared.appraisal_units.set_index("district").loc[unit.district]
    peers = rows[rows["moved_by_peers"]]
    peer_items = _join([f"{r.code} ({_signed(r.delta, lang)})" for r in peers.itertuples()], lang)
    totals = dict(
        district=unit.district,
        year=unit.year,
        self=_pts(total["self_total"], lang),
        appraised=_pts(total["appraised_total"], lang),
        delta=_signed(total["delta"], lang),
    )
    if int(total["values"]) == 0:
        paragraphs = [_t("appraisal.by_peers_only", lang, items=peer_items, **totals, **said)]
    else:
        paragraphs = [_t("appraisal.summary", lang, values=_count("values", int(total["values"]), lang), **totals)]
    if not unit.shared.alone:
        ranks = dict(self_rank=int(total["self_rank"]), appraised_rank=int(total["appraised_rank"]))
        paragraphs.append(_t("appraisal.ranks", lang, n=len(unit.shared.totals()), **ranks, **said))
    if int(total["values"]) == 0:
        return _section("appraisal", lang, paragraphs)
    own = rows[~rows["moved_by_peers"]]
    fell = own[own["delta"] < -TOL].sort_values("delta", kind="stable")
    rose = own[own["delta"] > TOL].sort_values("delta", ascending=False, kind="stable")
    for key, part in (("changed", fell), ("rose", rose)):
        if len(part):
            paragraphs.append(_t(f"appraisal.{key}", lang, items=_moved_items(part, n, lang)))
    kept = own[own["delta"].abs() <= TOL]
    if len(kept):
        paragraphs.append(_t("appraisal.kept", lang, codes=_codes(list(kept["code"]), lang)))
    if len(peers):
        paragraphs.append(_t("appraisal.peers", lang, items=peer_items, district=unit.district, **said))
    owners = list(dict.fromkeys(own["department"]))
    if owners:
        paragraphs.append(_t("appraisal.departments", lang, items=_join(owners, lang)))
    return _section("appraisal", lang, paragraphs)


def _moved_items(moved: pd.DataFrame, n: int, lang: str) -> str:
    """'II.1.5 −10 (lý do), … và 3 chỉ số khác': the first `n` criteria with their Δ and reasons, and
    how many more when cut."""
    items = [
        _t("appraisal.item", lang, code=r.code, delta=_signed(r.delta, lang), reason=r.reason)
        for r in moved.head(n).itertuples()
    ]
    if len(moved) > n:
        items.append(_t("appraisal.more", lang, n=len(moved) - n))
    return _join(items, lang)


# ------------------------------------------------------------------ all sections


def district_report_text(unit: UnitReport, notes: bool = True) -> list[Section]:
    """Every section of a district's report, in order.

    `notes=False` leaves the scoring choices out of the caveats (the report shows `method_notes` as a table).
    The appraisal's section follows the summary when some of the unit-year's values were appraised.
    """
    shown = [appraisal(unit)] if unit.appraised else []
    return [
        summary(unit),
        *shown,
        strengths_weaknesses(unit),
        losses(unit),
        quick_wins(unit),
        plan(unit),
        caveats(unit, notes),
    ]
