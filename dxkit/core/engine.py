"""The generic engine: apply every criterion's rule to all units at once, then sum pillars and total."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dxkit.core import fmt
from dxkit.core.catalogue import Catalogue, Resolved
from dxkit.core.problems import InputError, Problem, Reason
from dxkit.core.rules import INVALID, MISSING, NEEDS_PEERS, OK, STATUS_NAMES, Context, Outcome, Rule

# The worst status of a criterion decides a pillar's and the total's status, in this order.
SEVERITY = ("invalid", "missing", "no_denominator", "needs_peers", "ok")
SCORE_COLUMNS = [
    "district",
    "year",
    "level",
    "pillar",
    "code",
    "points",
    "max_points",
    "index",
    "status",
    "measure",
    "explanation_vi",
    "explanation_en",
]
Bounds = Mapping[str, Mapping[int, tuple[float, float]]]


def resolve_options(catalogue: Catalogue, options: Mapping[str, str] | None) -> dict[str, str]:
    """Every option of the framework with its value (the default unless given); unknown ones raise InputError."""
    options = dict(options or {})
    problems = []
    for name, value in options.items():
        if name not in catalogue.options:
            known = ", ".join(catalogue.options)
            problems.append(
                Problem(
                    "error",
                    f"không có tùy chọn '{name}' (có: {known})",
                    f"unknown option '{name}' (known: {known})",
                    reason=Reason.UNKNOWN_OPTION,
                )
            )
        elif value not in catalogue.options[name].values:
            allowed = ", ".join(catalogue.options[name].values)
            problems.append(
                Problem(
                    "error",
                    f"{name}='{value}': giá trị không dùng được (dùng: {allowed})",
                    f"{name}='{value}': not a value of the option (allowed: {allowed})",
                    reason=Reason.BAD_OPTION_VALUE,
                )
            )
    if problems:
        raise InputError(problems)
    return {name: options.get(name, opt.default) for name, opt in catalogue.options.items()}


@dataclass
class Scored:
    """The engine's output: criterion rows, and what the rules found (`Problem`s with a reason code):
    an error per row a rule found invalid with no bad value behind it (a part above its whole), a
    warning per row scored but to review (a ratio above 100%, capped)."""

    criteria: pd.DataFrame
    problems: list[Problem]


def evaluate(
    values: pd.DataFrame,
    catalogue: Catalogue,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    invalid: Mapping[str, np.ndarray] | None = None,
    invalid_messages: Mapping[tuple[int, str], tuple[str, str]] | None = None,
    from_general: Mapping[str, np.ndarray] | None = None,
    explain: bool = True,
    readings: Mapping[tuple[int, str], str] | None = None,
    findings: bool = True,
) -> Scored:
    """Score every criterion for every row of `values`; `findings=False` skips wording the rules' findings.

    `values` is float with index (district, year) and one column per variable (NaN = missing);
    booleans are 1/0 and choices the index of the choice in the catalogue. `readings` (row, variable)
    → the text a number was read from; explanations show what was read ("'1.217' → 1,217").
    """
    opts = resolve_options(catalogue, options)
    invalid = invalid or {}
    n = len(values)
    years = values.index.get_level_values("year").to_numpy()
    matrix = values.to_numpy(dtype=float).T  # one row per variable (a view of a float frame's block)
    arrays = dict(zip(values.columns, matrix))
    codes = list(catalogue.criteria)
    points, status, measure, texts, found = [], [], [], [], []
    for crit in catalogue.criteria.values():
        res = catalogue.resolved(crit.code, opts)
        ctx = context(catalogue, res, arrays, years, bounds, from_general)
        outcome = res.rule.score(ctx)
        if findings:  # the rule's own findings, before bad inputs turn `missing` into `invalid`
            found += [
                replace(p, district=values.index[i][0], year=int(values.index[i][1]))
                for i, p in res.rule.findings(ctx, outcome)
            ]
        bad = np.zeros(n, dtype=bool)
        for v in res.variables:
            bad |= invalid.get(v, False)
        # An invalid value is NaN to the rule: where the rule needed it, it reports `missing`; say `invalid`.
        outcome.status = np.where(bad & (outcome.status == MISSING), INVALID, outcome.status).astype(np.int8)
        points.append(np.where(outcome.status == OK, outcome.share * crit.max_points, 0.0))
        status.append(outcome.status)
        measure.append(outcome.measure)
        if explain:
            texts += [
                _with_readings(
                    _explain_row(res.rule, ctx, outcome, i, res.variables, invalid, invalid_messages or {}),
                    ctx,
                    i,
                    res.variables,
                    readings or {},
                )
                for i in range(n)
            ]
    criteria = list(catalogue.criteria.values())
    pillars = [p.code for p in catalogue.pillars]
    district_codes, districts = pd.factorize(values.index.get_level_values("district"))
    per_code = np.repeat(np.arange(len(codes), dtype=np.int16), n)
    out = pd.DataFrame(
        {
            "district": pd.Categorical.from_codes(np.tile(district_codes, len(codes)), districts),
            "year": np.tile(years, len(codes)),
            "level": pd.Categorical.from_codes(
                np.zeros(n * len(codes), dtype=np.int8), ["criterion", "pillar", "total"]
            ),
            "pillar": pd.Categorical.from_codes(
                np.array([pillars.index(c.pillar) for c in criteria], dtype=np.int8)[per_code], pillars
            ),
            "code": pd.Categorical.from_codes(per_code, codes),
            "points": np.concatenate(points),
            "max_points": np.array([c.max_points for c in criteria])[per_code],
            "status": pd.Categorical.from_codes(np.concatenate(status), STATUS_NAMES),
            "measure": np.concatenate(measure),
        },
        copy=False,
    )
    out["index"] = out["points"] / out["max_points"]
    if explain:
        out["explanation_vi"] = [t[0] for t in texts]
        out["explanation_en"] = [t[1] for t in texts]
    return Scored(out, found)


def score_criteria(
    values: pd.DataFrame,
    catalogue: Catalogue,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    invalid: Mapping[str, np.ndarray] | None = None,
    from_general: Mapping[str, np.ndarray] | None = None,
    explain: bool = True,
) -> pd.DataFrame:
    """Criterion rows only (one per unit × year × criterion), as `evaluate` without the rules' findings."""
    return evaluate(
        values, catalogue, options, bounds, invalid, from_general=from_general, explain=explain, findings=False
    ).criteria


def context(
    catalogue: Catalogue,
    res: Resolved,
    arrays: Mapping[str, np.ndarray],
    years: np.ndarray,
    bounds: Bounds | None,
    from_general: Mapping[str, np.ndarray] | None,
) -> Context:
    """What the rule of a resolved criterion sees: its parameters and one array per variable it reads."""
    n = len(years)
    return Context(
        res.code,
        catalogue.criteria[res.code].max_points,
        res.params,
        {v: arrays.get(v, np.full(n, np.nan)) for v in res.variables},
        years,
        catalogue.choices,
        (bounds or {}).get(res.code, {}),
        from_general or {},
    )


def score_rule(
    catalogue: Catalogue,
    res: Resolved,
    values: Mapping[str, np.ndarray],
    years: np.ndarray,
    bounds: Bounds | None = None,
    from_general: Mapping[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Points and status codes of one resolved criterion for arrays of its variables (Min-Max peers =
    same year); `from_general` marks the rows whose value of a variable was filled from Part I."""
    ctx = context(catalogue, res, values, np.asarray(years), bounds, from_general)
    outcome = res.rule.score(ctx)
    return np.where(outcome.status == OK, outcome.share * ctx.max_points, 0.0), outcome.status


def _explain_row(
    rule: Rule,
    ctx: Context,
    outcome: Outcome,
    i: int,
    names: tuple[str, ...],
    invalid: Mapping[str, np.ndarray],
    messages: Mapping[tuple[int, str], tuple[str, str]],
) -> tuple[str, str]:
    """(vi, en) explanation for one row; missing and invalid inputs are explained here for all rules."""
    status = outcome.status[i]
    zero_vi, zero_en = fmt.points(0, ctx.max_points, "vi"), fmt.points(0, ctx.max_points, "en")
    if status == INVALID:
        bad = [v for v in names if v in invalid and invalid[v][i]]
        if bad:
            said = [(v, messages.get((i, v), ("", ""))) for v in bad]
            vi = "; ".join(m[0] if m[0].startswith(v) else f"{v}: {m[0]}" for v, m in said)
            en = "; ".join(m[1] if m[1].startswith(v) else f"{v}: {m[1]}" for v, m in said)
            return f"Dữ liệu không hợp lệ — {vi} → {zero_vi}", f"Invalid input — {en} → {zero_en}"
        return (
            f"Dữ liệu không hợp lệ — {rule.explain(ctx, outcome, i, 'vi')} → {zero_vi}",
            f"Invalid input — {rule.explain(ctx, outcome, i, 'en')} → {zero_en}",
        )
    if status == MISSING:
        gaps = ", ".join(v for v in names if np.isnan(ctx.values[v][i])) or "—"
        return f"Thiếu dữ liệu: {gaps} → {zero_vi}", f"Missing input: {gaps} → {zero_en}"
    return rule.explain(ctx, outcome, i, "vi"), rule.explain(ctx, outcome, i, "en")


def _with_readings(
    texts: tuple[str, str], ctx: Context, i: int, names: tuple[str, ...], readings: Mapping[tuple[int, str], str]
) -> tuple[str, str]:
    """The explanation followed by how each text number behind it was read: ('1.217' → 1,217)."""
    read = [(readings[(i, v)], ctx.values[v][i]) for v in dict.fromkeys(names) if (i, v) in readings]
    if not read:
        return texts
    return tuple(
        text + " (" + ", ".join(f"'{raw}' → {fmt.number(x, lang, 6)}" for raw, x in read) + ")"
        for text, lang in zip(texts, ("vi", "en"))
    )


def aggregate(criteria: pd.DataFrame, catalogue: Catalogue, explain: bool = True) -> pd.DataFrame:
    """Pillar and TOTAL rows from criterion rows: summed points, worst status, provisional flag."""
    keys = ["district", "year"]
    rank = np.array([SEVERITY.index(name) for name in STATUS_NAMES])
    statuses = pd.Categorical(criteria["status"], categories=STATUS_NAMES)
    district, pillar = pd.Categorical(criteria["district"]), pd.Categorical(criteria["pillar"])
    crit = pd.DataFrame(
        {
            "district": district.codes,
            "year": criteria["year"].to_numpy(),
            "pillar": pillar.codes,
            "points": criteria["points"].to_numpy(),
            "max_points": criteria["max_points"].to_numpy(),
            "severity": rank[statuses.codes],
            "provisional": statuses.codes == NEEDS_PEERS,
        }
    )
    # plain codes as keys: grouping on categoricals is slow

    def sums(by: list[str]) -> pd.DataFrame:
        g = crit.groupby(by, sort=False)
        out = g[["points", "max_points"]].sum().join(g["severity"].min()).join(g["provisional"].any()).reset_index()
        out["district"] = district.categories[out["district"]]
        return out

    pillars = sums(keys + ["pillar"])
    pillars["pillar"] = pd.Categorical.from_codes(pillars["pillar"], pillar.categories)
    pillars["code"] = pillars["pillar"]
    pillars["level"] = "pillar"
    total = sums(keys)
    total["code"], total["level"], total["pillar"] = "TOTAL", "total", ""
    out = pd.concat([pillars, total], ignore_index=True)
    out["status"] = np.array(SEVERITY, dtype=object)[out.pop("severity").to_numpy()]
    out["index"] = out["points"] / out["max_points"]
    out["measure"] = out["index"]
    if explain:
        counts = (
            criteria.groupby(keys + ["pillar"], sort=False, observed=True)["status"]
            .value_counts()
            .unstack(fill_value=0)
        )
        totals = criteria.groupby(keys, observed=True)["status"].value_counts().unstack(fill_value=0)
        texts = [
            _explain_aggregate(
                r,
                counts.loc[(r.district, r.year, r.pillar)] if r.level == "pillar" else totals.loc[(r.district, r.year)],
            )
            for r in out.itertuples()
        ]
        out["explanation_vi"] = [t[0] for t in texts]
        out["explanation_en"] = [t[1] for t in texts]
    return out


_STATUS_WORDS = {
    "missing": ("thiếu dữ liệu", "missing input"),
    "invalid": ("dữ liệu không hợp lệ", "invalid input"),
    "no_denominator": ("mẫu số bằng 0, cần rà soát", "zero denominator, to review"),
    "needs_peers": ("Min-Max chưa có đơn vị so sánh", "Min-Max without peers"),
}


def _explain_aggregate(row, counts: pd.Series) -> tuple[str, str]:
    n = int(counts.sum())
    vi = f"Tổng {n} tiêu chí: {fmt.points(row.points, row.max_points, 'vi')} (chỉ số {fmt.percent(row.index, 'vi', 1)})"
    en = (
        f"Sum of {n} criteria: {fmt.points(row.points, row.max_points, 'en')} (index {fmt.percent(row.index, 'en', 1)})"
    )
    issues = [(int(counts.get(s, 0)), words) for s, words in _STATUS_WORDS.items() if counts.get(s, 0)]
    if issues:
        vi += "; " + ", ".join(f"{k} tiêu chí {w[0]}" for k, w in issues)
        en += "; " + ", ".join(f"{k} with {w[1]}" for k, w in issues)
    if row.provisional:
        vi += " — TẠM TÍNH"
        en += " — PROVISIONAL"
    return vi, en
