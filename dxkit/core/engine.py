"""The generic engine: apply every criterion's rule to all units at once, then sum pillars and total."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from dxkit.core import fmt
from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.core.rules import INVALID, MISSING, OK, RULES, STATUS_NAMES, Context

# The worst status of a criterion decides a pillar's and the total's status, in this order.
SEVERITY = ("invalid", "missing", "no_denominator", "needs_peers", "ok")
SCORE_COLUMNS = ["district", "year", "level", "pillar", "code", "points", "max_points", "index",
                 "status", "measure", "explanation_vi", "explanation_en"]
Bounds = Mapping[str, Mapping[int, tuple[float, float]]]


def resolve_options(catalogue: Catalogue, options: Mapping[str, str] | None) -> dict[str, str]:
    """Every option of the framework with its value (the default unless given); unknown ones raise InputError."""
    options = dict(options or {})
    problems = []
    for name, value in options.items():
        if name not in catalogue.options:
            known = ", ".join(catalogue.options)
            problems.append(Problem("error", f"không có tùy chọn '{name}' (có: {known})",
                                    f"unknown option '{name}' (known: {known})"))
        elif value not in catalogue.options[name].values:
            allowed = ", ".join(catalogue.options[name].values)
            problems.append(Problem("error", f"{name}='{value}': giá trị không dùng được (dùng: {allowed})",
                                    f"{name}='{value}': not a value of the option (allowed: {allowed})"))
    if problems:
        raise InputError(problems)
    return {name: options.get(name, opt.default) for name, opt in catalogue.options.items()}


def score_criteria(
    values: pd.DataFrame,
    catalogue: Catalogue,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    invalid: Mapping[str, np.ndarray] | None = None,
    invalid_messages: Mapping[tuple[int, str], tuple[str, str]] | None = None,
    from_general: Mapping[str, np.ndarray] | None = None,
    explain: bool = True,
    readings: Mapping[tuple[int, str], str] | None = None,
) -> pd.DataFrame:
    """Criterion rows (one per unit × year × criterion) from the engine's numbers.

    `.attrs["rule_invalid"]` gives, per criterion, the rows a rule found invalid with no bad value behind
    it (e.g. parts summing above the whole), and `.attrs["rule_review"]` the rows it scored but a
    reviewer should check (a ratio above 100%, capped); `rule_problems` words them.

    `values` is float with index (district, year) and one column per variable (NaN = missing);
    booleans are 1/0 and choices the index of the choice in the catalogue. `readings` (row, variable)
    → the text a number was read from; explanations show what was read ("'1.217' → 1,217").
    """
    opts = resolve_options(catalogue, options)
    invalid = invalid or {}
    n = len(values)
    years = values.index.get_level_values("year").to_numpy()
    arrays = {c: values[c].to_numpy(dtype=float) for c in values.columns}
    codes = list(catalogue.criteria)
    points, status, measure, texts = [], [], [], []
    rule_invalid: dict[str, tuple[int, ...]] = {}  # tuples, not arrays: pandas compares attrs when combining
    rule_review: dict[str, tuple[int, ...]] = {}
    for crit in catalogue.criteria.values():
        rule, ctx = _context(catalogue, crit.code, opts, arrays, years, bounds, from_general)
        names = rule.variables(ctx.params)
        outcome = rule.score(ctx)
        found = np.flatnonzero(outcome.status == INVALID)  # the rule's own finding, e.g. parts above the whole
        if len(found):
            rule_invalid[crit.code] = tuple(found.tolist())
        review = np.flatnonzero(outcome.detail.get("review", False) & (outcome.status == OK))
        if len(review):
            rule_review[crit.code] = tuple(review.tolist())
        bad = np.zeros(n, dtype=bool)
        for v in names:
            bad |= invalid.get(v, False)
        # An invalid value is NaN to the rule: where the rule needed it, it reports `missing`; say `invalid`.
        outcome.status = np.where(bad & (outcome.status == MISSING), INVALID, outcome.status).astype(np.int8)
        points.append(np.where(outcome.status == OK, outcome.share * crit.max_points, 0.0))
        status.append(outcome.status)
        measure.append(outcome.measure)
        if explain:
            texts += [_with_readings(_explain_row(rule, ctx, outcome, i, names, invalid, invalid_messages or {}),
                                     ctx, i, names, readings or {}) for i in range(n)]
    criteria = list(catalogue.criteria.values())
    pillars = [p.code for p in catalogue.pillars]
    district_codes, districts = pd.factorize(values.index.get_level_values("district"))
    per_code = np.repeat(np.arange(len(codes), dtype=np.int16), n)
    out = pd.DataFrame({
        "district": pd.Categorical.from_codes(np.tile(district_codes, len(codes)), districts),
        "year": np.tile(years, len(codes)),
        "level": pd.Categorical.from_codes(np.zeros(n * len(codes), dtype=np.int8), ["criterion", "pillar", "total"]),
        "pillar": pd.Categorical.from_codes(np.array([pillars.index(c.pillar) for c in criteria], dtype=np.int8)[per_code],
                                            pillars),
        "code": pd.Categorical.from_codes(per_code, codes),
        "points": np.concatenate(points),
        "max_points": np.array([c.max_points for c in criteria])[per_code],
        "status": pd.Categorical.from_codes(np.concatenate(status), STATUS_NAMES),
        "measure": np.concatenate(measure),
    }, copy=False)
    out["index"] = out["points"] / out["max_points"]
    if explain:
        out["explanation_vi"] = [t[0] for t in texts]
        out["explanation_en"] = [t[1] for t in texts]
    out.attrs["rule_invalid"] = rule_invalid
    out.attrs["rule_review"] = rule_review
    return out


def _context(catalogue: Catalogue, code: str, options: Mapping[str, str], arrays: Mapping[str, np.ndarray],
             years: np.ndarray, bounds: Bounds | None, from_general: Mapping[str, np.ndarray] | None):
    """The rule of `code` and what it sees: resolved parameters and one array per variable it uses."""
    crit = catalogue.criteria[code]
    params = catalogue.resolved_rule(code, options)
    rule = RULES[params["type"]]
    n = len(years)
    ctx = Context(code, crit.max_points, params, {v: arrays.get(v, np.full(n, np.nan)) for v in rule.variables(params)},
                  years, catalogue.choices, (bounds or {}).get(code, {}), from_general or {})
    return rule, ctx


def score_rule(catalogue: Catalogue, code: str, options: Mapping[str, str] | None,
               values: Mapping[str, np.ndarray], years: np.ndarray, bounds: Bounds | None = None,
               from_general: Mapping[str, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Points and status codes of one criterion for arrays of its variables (Min-Max peers = same year);
    `from_general` marks the rows whose value of a variable was filled from Part I."""
    rule, ctx = _context(catalogue, code, resolve_options(catalogue, options), values, np.asarray(years), bounds,
                         from_general)
    outcome = rule.score(ctx)
    return np.where(outcome.status == OK, outcome.share * ctx.max_points, 0.0), outcome.status


def rule_problems(values: pd.DataFrame, catalogue: Catalogue, options: Mapping[str, str] | None,
                  findings: pd.DataFrame, from_general: Mapping[str, np.ndarray] | None = None) -> list[Problem]:
    """What the rules found while scoring (`findings` = score_criteria's output), in words: an error
    per row found invalid with no bad value behind it, a warning per ratio above 100% that was capped."""
    opts = resolve_options(catalogue, options)
    years = values.index.get_level_values("year").to_numpy()
    arrays = {c: values[c].to_numpy(dtype=float) for c in values.columns}
    out = []
    invalid, review = findings.attrs.get("rule_invalid", {}), findings.attrs.get("rule_review", {})
    for code in dict.fromkeys([*invalid, *review]):
        rule, ctx = _context(catalogue, code, opts, arrays, years, None, from_general)
        outcome = rule.score(ctx)
        for i in invalid.get(code, ()):
            district, year = values.index[i]
            out.append(Problem("error", rule.explain(ctx, outcome, i, "vi"), rule.explain(ctx, outcome, i, "en"),
                               district=district, year=int(year), variable=code))
        basis = ctx.params.get("basis") or {}
        for i in review.get(code, ()):
            district, year = values.index[i]
            why_vi = basis.get("vi") if ctx.params.get("cap") else "mẫu số lấy từ phần I, chưa được nhập"
            why_en = basis.get("en") if ctx.params.get("cap") else "the denominator was taken from Part I, not entered"
            out.append(Problem(
                "warning", f"{rule.explain(ctx, outcome, i, 'vi')} — tỷ lệ trên 100% ({why_vi}); cần rà soát",
                f"{rule.explain(ctx, outcome, i, 'en')} — ratio above 100% ({why_en}); to review",
                district=district, year=int(year), variable=code))
    return out


def _explain_row(rule, ctx: Context, outcome, i: int, names: list[str], invalid, messages) -> tuple[str, str]:
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
        return (f"Dữ liệu không hợp lệ — {rule.explain(ctx, outcome, i, 'vi')} → {zero_vi}",
                f"Invalid input — {rule.explain(ctx, outcome, i, 'en')} → {zero_en}")
    if status == MISSING:
        gaps = ", ".join(v for v in names if np.isnan(ctx.values[v][i])) or "—"
        return f"Thiếu dữ liệu: {gaps} → {zero_vi}", f"Missing input: {gaps} → {zero_en}"
    return rule.explain(ctx, outcome, i, "vi"), rule.explain(ctx, outcome, i, "en")


def _with_readings(texts: tuple[str, str], ctx: Context, i: int, names: list[str],
                   readings: Mapping[tuple[int, str], str]) -> tuple[str, str]:
    """The explanation followed by how each text number behind it was read: ('1.217' → 1,217)."""
    read = [(readings[(i, v)], ctx.values[v][i]) for v in dict.fromkeys(names) if (i, v) in readings]
    if not read:
        return texts
    return tuple(text + " (" + ", ".join(f"'{raw}' → {fmt.number(x, lang, 6)}" for raw, x in read) + ")"
                 for text, lang in zip(texts, ("vi", "en")))


def _worst(statuses: pd.Series) -> str:
    present = set(statuses)
    return next(s for s in SEVERITY if s in present)


def aggregate(criteria: pd.DataFrame, catalogue: Catalogue, explain: bool = True) -> pd.DataFrame:
    """Pillar and TOTAL rows from criterion rows: summed points, worst status, provisional flag."""
    keys = ["district", "year"]
    crit = criteria.assign(provisional=criteria["status"] == "needs_peers")
    pillars = (crit.groupby(keys + ["pillar"], sort=False, observed=True)
               .agg(points=("points", "sum"), max_points=("max_points", "sum"), status=("status", _worst),
                    provisional=("provisional", "any"))
               .reset_index())
    pillars["code"] = pillars["pillar"]
    pillars["level"] = "pillar"
    total = (crit.groupby(keys, sort=False, observed=True)
             .agg(points=("points", "sum"), max_points=("max_points", "sum"), status=("status", _worst),
                  provisional=("provisional", "any"))
             .reset_index())
    total["code"], total["level"], total["pillar"] = "TOTAL", "total", ""
    out = pd.concat([pillars, total], ignore_index=True)
    out["index"] = out["points"] / out["max_points"]
    out["measure"] = out["index"]
    if explain:
        counts = crit.groupby(keys + ["pillar"], sort=False, observed=True)["status"].value_counts().unstack(fill_value=0)
        totals = crit.groupby(keys, observed=True)["status"].value_counts().unstack(fill_value=0)
        texts = [_explain_aggregate(r, counts.loc[(r.district, r.year, r.pillar)] if r.level == "pillar"
                                    else totals.loc[(r.district, r.year)]) for r in out.itertuples()]
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
    en = f"Sum of {n} criteria: {fmt.points(row.points, row.max_points, 'en')} (index {fmt.percent(row.index, 'en', 1)})"
    issues = [(int(counts.get(s, 0)), words) for s, words in _STATUS_WORDS.items() if counts.get(s, 0)]
    if issues:
        vi += "; " + ", ".join(f"{k} tiêu chí {w[0]}" for k, w in issues)
        en += "; " + ", ".join(f"{k} with {w[1]}" for k, w in issues)
    if row.provisional:
        vi += " — TẠM TÍNH"
        en += " — PROVISIONAL"
    return vi, en


def total_points(values: pd.DataFrame, catalogue: Catalogue, options: Mapping[str, str] | None = None,
                 bounds: Bounds | None = None, invalid: Mapping[str, np.ndarray] | None = None,
                 from_general: Mapping[str, np.ndarray] | None = None) -> pd.Series:
    """Total points per (district, year), no explanations; pass `invalid` and `from_general` (from
    Prepared) for real data."""
    crit = score_criteria(values, catalogue, options, bounds, invalid, from_general=from_general, explain=False)
    return crit.groupby(["district", "year"], sort=False, observed=True)["points"].sum()
