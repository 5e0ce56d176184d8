"""Quick wins, the plan to a target total or rank, and re-scoring with changed inputs (`what_if`)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dxkit.analysis._common import TOL, check_unit, department_names, sort_by_code, unit_scores
from dxkit.analysis.levers import DECISION, Move, Unit, next_move, shrink
from dxkit.analysis.ranking import losses
from dxkit.core import fmt, prepare, vocab
from dxkit.core.assessment import Assessment, score
from dxkit.core.prepare import CHANGE_COLUMNS

PLAN_COLUMNS = [
    "step",
    "code",
    "name",
    "pillar",
    "kind",
    "action",
    "variable",
    "from_value",
    "to_value",
    "gain",
    "total",
    "effort",
    "responsible",
    "changes",
]
QUICK_WIN_COLUMNS = ["code", "name", "pillar", "rule", "variable", "decision", "points", "responsible", "coordinating"]


def describe(unit: Unit, move: Move, lang: str = vocab.DEFAULT) -> str:
    """The change in words, from the unit's current values: 'thêm 412 hồ sơ (…: 588 → 1.000)'."""
    cat = unit.assessment.catalogue
    words = []
    for name, new in move.changes().items():
        var, old = cat.variables[name], unit.values[name]
        if var.type == "bool":
            words.append(vocab.t("analysis.change.meet", lang, label=var.label(lang)))
        elif var.type == "choice":
            before, after = var.choices[int(old)].label(lang), var.choices[int(new)].label(lang)
            words.append(vocab.t("analysis.change.choice", lang, label=var.label(lang), before=before, after=after))
        else:
            unit_word = var.unit(lang)
            words.append(
                vocab.t(
                    "analysis.change.amount" if unit_word else "analysis.change.amount_no_unit",
                    lang,
                    delta=fmt.number(new - old, lang, 3),
                    unit=unit_word,
                    label=var.label(lang),
                    old=fmt.number(old, lang, 3),
                    new=fmt.number(new, lang, 3),
                )
            )
    return "; ".join(words)


def raw_value(unit: Unit, name: str, value: float) -> object:
    """An engine value as an input cell would hold it: 1/0, a choice id, a whole count or an amount."""
    var = unit.assessment.catalogue.variables[name]
    if var.type == "choice":
        return var.choices[int(value)].id
    if var.type in ("bool", "count"):
        return round(value)
    return round(value, 6)


def quick_wins(assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Points a decision or a document can win (yes/no, choice, parts, gates, 'reviewed' flags).

    One row per decision; `points` counts every criterion the decision changes.
    """
    cat = assessment.catalogue
    district = check_unit(assessment, district, year)
    unit = Unit(assessment, district, year)
    losing = sort_by_code(losses(assessment, district, year), cat)  # a shared flag goes to its first criterion
    rows = []
    for code in losing.loc[losing["status"] == "ok", "code"]:
        crit = cat.criteria[code]
        while (move := next_move(unit, code)) is not None and move.kind == DECISION:
            gain = unit.gain(move.changes())
            if gain <= TOL:
                break
            rows.append(
                {
                    "code": code,
                    "name": crit.name(lang),
                    "pillar": crit.pillar,
                    "rule": crit.rule_type,
                    "variable": ", ".join(move.changes()),
                    "decision": describe(unit, move, lang),
                    "points": gain,
                    "responsible": department_names(cat, crit.responsible, lang),
                    "coordinating": department_names(cat, crit.coordinating, lang),
                }
            )
            unit.apply(move.changes())
    out = pd.DataFrame(rows, columns=QUICK_WIN_COLUMNS)
    return sort_by_code(out, cat, ["points"], [False])


def target_for_rank(assessment: Assessment, district: str, year: int, rank: int) -> float:
    """The total that guarantees at most `rank` (ties share the best rank): the rank-th best other total."""
    if rank < 1:
        raise ValueError(f"target_rank must be ≥ 1, got {rank}")
    district = check_unit(assessment, district, year)
    totals = assessment.totals()
    others = totals[(totals["year"] == year) & (totals["district"] != district)]["points"]
    ordered = others.sort_values(ascending=False).to_numpy()
    return float(ordered[rank - 1]) if rank <= len(ordered) else 0.0


def plan_to_target(
    assessment: Assessment,
    district: str,
    year: int,
    target_total: float | None = None,
    target_rank: int | None = None,
    lang: str = vocab.DEFAULT,
) -> pd.DataFrame:
    """Steps reaching a target total (or rank), preferring the smallest change per point.

    Decisions come first (they change no quantity), then quantity changes in increasing order of
    effort per point, where effort = the extra units / the units that give full points (for a ratio:
    Δ numerator / (threshold × denominator)). Each step reaches the criterion's next breakpoint
    (threshold, tier or maximum); once one change alone can close the gap, the smallest such change
    (shrunk to the need) ends the plan. Min-Max gains are computed with the current peers.

    Criteria with missing, invalid or zero-denominator data are not planned: their codes and lost
    points are in `attrs["blocked"]` and `attrs["blocked_points"]`. `attrs` also holds district,
    year, start_total, target_total, target_rank, final_total and `reached`.
    Apply the plan with `what_if(assessment, plan)`.
    """
    if target_total is None and target_rank is None:
        raise ValueError("give target_total or target_rank")
    district = check_unit(assessment, district, year)
    goals = [float(target_total)] if target_total is not None else []
    if target_rank is not None:
        goals.append(target_for_rank(assessment, district, year, target_rank))
    target = max(goals)
    unit = Unit(assessment, district, year)
    losing = losses(assessment, district, year)
    eligible = set(losing.loc[losing["status"] == "ok", "code"])
    start = float(unit_scores(assessment, district, year).query("level == 'total'")["points"].iloc[0])
    steps, total = _greedy(unit, eligible, start, target, lang)
    plan = pd.DataFrame(steps, columns=PLAN_COLUMNS)
    blocked = losing[losing["status"] != "ok"]
    plan.attrs.update(
        district=district,
        year=year,
        start_total=start,
        target_total=target,
        target_rank=target_rank,
        final_total=total,
        reached=total >= target - TOL,
        blocked=list(blocked["code"]),
        blocked_points=float(blocked["lost"].sum()),
    )
    return plan


def _greedy(unit: Unit, eligible: set[str], start: float, target: float, lang: str) -> tuple[list[dict], float]:
    """Take moves until the target is reached or nothing is left (see `_pick`)."""
    candidates: dict[str, tuple[Move, float]] = {}
    _refresh(unit, eligible, candidates)
    steps: list[dict] = []
    total = start
    while total < target - TOL and candidates:
        move = _pick(unit, candidates, target - total)
        gain = unit.gain(move.changes())
        total += gain
        steps.append(_step(unit, move, gain, total, len(steps) + 1, lang))
        touched = set(unit.affected(move.changes()))
        unit.apply(move.changes())
        stale = {c for c, (m, _) in candidates.items() if touched & set(unit.affected(m.changes()))}
        _refresh(unit, (touched | stale) & eligible, candidates)
    return steps, total


def _pick(unit: Unit, candidates: dict[str, tuple[Move, float]], need: float) -> Move:
    """Decisions first (largest gain); then, if some quantity move alone reaches the target, the smallest
    such change (shrunk to the need); otherwise the quantity move with the least effort per point."""
    order = {code: i for i, code in enumerate(unit.assessment.catalogue.criteria)}
    decisions = [c for c, (m, _) in candidates.items() if m.kind == DECISION]
    if decisions:
        return candidates[min(decisions, key=lambda c: (-candidates[c][1], order[c]))][0]
    finishing = [shrink(unit, m, need) for m, gain in candidates.values() if gain >= need - TOL]
    if finishing:
        return min(finishing, key=lambda m: (m.effort, order[m.code]))
    return min(
        (m for m, _ in candidates.values()),
        key=lambda m: (m.effort / candidates[m.code][1], -candidates[m.code][1], order[m.code]),
    )


def _refresh(unit: Unit, codes: Iterable[str], candidates: dict[str, tuple[Move, float]]) -> None:
    """Recompute the next move of each code from the unit's current values (drop it if none gains)."""
    for code in codes:
        candidates.pop(code, None)
        move = next_move(unit, code)
        gain = unit.gain(move.changes()) if move else 0.0
        if move and gain > TOL:
            candidates[code] = (move, gain)


def _step(unit: Unit, move: Move, gain: float, total: float, number: int, lang: str) -> dict:
    cat = unit.assessment.catalogue
    crit = cat.criteria[move.code]
    changes = move.changes()
    first = next(iter(changes))
    return {
        "step": number,
        "code": move.code,
        "name": crit.name(lang),
        "pillar": crit.pillar,
        "kind": move.kind,
        "action": describe(unit, move, lang),
        "variable": first,
        "from_value": raw_value(unit, first, unit.values[first]),
        "to_value": raw_value(unit, first, changes[first]),
        "gain": gain,
        "total": total,
        "effort": move.effort,
        "responsible": department_names(cat, crit.responsible, lang),
        "changes": tuple((name, raw_value(unit, name, value)) for name, value in changes.items()),
    }


# ------------------------------------------------------------------ what if


def plan_changes(plan: pd.DataFrame) -> pd.DataFrame:
    """The input changes of a plan as rows `district, year, variable, value` (later steps win)."""
    rows = [
        (plan.attrs["district"], plan.attrs["year"], name, value) for pairs in plan["changes"] for name, value in pairs
    ]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS).drop_duplicates(["district", "year", "variable"], keep="last")


def _as_changes(changes: pd.DataFrame | Iterable[tuple]) -> pd.DataFrame:
    if isinstance(changes, pd.DataFrame):
        return plan_changes(changes) if "changes" in changes.columns else changes[CHANGE_COLUMNS]
    return pd.DataFrame(list(changes), columns=CHANGE_COLUMNS)


def apply_changes(inputs: pd.DataFrame, changes: pd.DataFrame | Iterable[tuple]) -> pd.DataFrame:
    """A tidy inputs table with each (district, year, variable) of `changes` (a table, tuples or a plan)
    replaced or added (`dxkit.core.prepare.apply_changes`)."""
    return prepare.apply_changes(inputs, _as_changes(changes))


def what_if(inputs: pd.DataFrame | Assessment, changes: pd.DataFrame | Iterable[tuple], **score_kwargs) -> Assessment:
    """Re-score with changed inputs, Min-Max peers included.

    `inputs` is a tidy inputs table or an Assessment (its catalogue, options and bounds are kept
    unless given). `changes` is a table `district, year, variable, value`, a list of such tuples,
    or a plan from `plan_to_target`.
    """
    if isinstance(inputs, Assessment):
        return inputs.rescore(_as_changes(changes), **score_kwargs)
    return score(apply_changes(inputs, changes), **score_kwargs)
