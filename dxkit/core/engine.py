"""The generic engine: apply every criterion's rule to all units at once, then sum pillars and total."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from dxkit.core import fmt, vocab
from dxkit.core.catalogue import Catalogue, Resolved
from dxkit.core.problems import InputError, Problem, Reason
from dxkit.core.rules import INVALID, MISSING, NEEDS_PEERS, OK, Context, Outcome, Rule
from dxkit.core.vocab import SEVERITY, Localised, Message, Status, t

STATUS_VALUES = [s.value for s in Status]  # the `status` column's categories, in code order
BASE_COLUMNS = ["district", "year", "level", "pillar", "code", "points", "max_points", "index", "status", "measure"]
Bounds = Mapping[str, Mapping[int, tuple[float, float]]]


def score_columns(explain: bool = True) -> list[str]:
    """The columns of score rows: keys, numbers, status and (`explain`) one explanation per language."""
    return BASE_COLUMNS + ([f"explanation_{lang}" for lang in vocab.languages()] if explain else [])


def resolve_options(catalogue: Catalogue, options: Mapping[str, str] | None) -> dict[str, str]:
    """Every option of the framework with its value (the default unless given); unknown ones raise InputError."""
    options = dict(options or {})
    problems = []
    for name, value in options.items():
        if name not in catalogue.options:
            known = ", ".join(catalogue.options)
            rule = Message("core.option.unknown", name=name, known=known)
            problems.append(Problem("error", rule, reason=Reason.UNKNOWN_OPTION))
        elif value not in catalogue.options[name].values:
            allowed = ", ".join(catalogue.options[name].values)
            rule = Message("core.option.bad_value", name=name, value=value, allowed=allowed)
            problems.append(Problem("error", rule, reason=Reason.BAD_OPTION_VALUE))
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
    invalid_messages: Mapping[tuple[int, str], Localised] | None = None,
    from_general: Mapping[str, np.ndarray] | None = None,
    explain: bool = True,
    readings: Mapping[tuple[int, str], str] | None = None,
    findings: bool = True,
    codes: Iterable[str] | None = None,
) -> Scored:
    """Score every criterion (or those of `codes`, in catalogue order) for every row of `values`;
    `findings=False` skips wording the rules' findings.

    `values` is float with index (district, year) and one column per variable (NaN = missing);
    booleans are 1/0 and choices the index of the choice in the catalogue. `readings` (row, variable)
    → the text a number was read from; explanations show what was read ("'1.217' → 1,217").
    `invalid_messages` (row, variable) → what is wrong with an invalid value, in any language.
    With `explain`, one column `explanation_<lang>` per language of the vocabulary.
    """
    opts = resolve_options(catalogue, options)
    invalid = invalid or {}
    n = len(values)
    years = values.index.get_level_values("year").to_numpy()
    matrix = values.to_numpy(dtype=float).T  # one row per variable (a view of a float frame's block)
    arrays = dict(zip(values.columns, matrix))
    wanted = set(catalogue.criteria) if codes is None else set(codes)
    criteria = [c for c in catalogue.criteria.values() if c.code in wanted]
    codes = [c.code for c in criteria]
    langs = vocab.languages()
    points, status, measure, found = [], [], [], []
    texts: dict[str, list[str]] = {lang: [] for lang in langs}
    for crit in criteria:
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
            keys = _row_keys(ctx, outcome)
            for lang in langs:
                texts[lang] += _explanations(
                    res, ctx, outcome, keys, invalid, invalid_messages or {}, readings or {}, lang
                )
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
            "status": pd.Categorical.from_codes(np.concatenate(status), STATUS_VALUES),
            "measure": np.concatenate(measure),
        },
        copy=False,
    )
    out["index"] = out["points"] / out["max_points"]
    if explain:
        for lang, words in texts.items():
            out[f"explanation_{lang}"] = words
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


def _row_keys(ctx: Context, outcome: Outcome) -> list[tuple]:
    """Per row, everything its explanation reads besides the criterion's parameters: its inputs and where
    they came from, its year (Min-Max bounds are the year's) and the rule's outcome. Rows with equal keys
    are explained in equal words."""
    n = ctx.n
    columns = [*ctx.values.values(), *ctx.from_general.values(), ctx.years, outcome.share, outcome.status]
    columns += [outcome.measure, *outcome.detail.values()]
    return list(zip(*(np.asarray(c).tolist() for c in columns if np.shape(c) == (n,))))


def _explanations(
    res: Resolved,
    ctx: Context,
    outcome: Outcome,
    keys: list[tuple],
    invalid: Mapping[str, np.ndarray],
    messages: Mapping[tuple[int, str], Localised],
    readings: Mapping[tuple[int, str], str],
    lang: str,
) -> list[str]:
    """Every row of one criterion explained in `lang`, each distinct row worded once (an invalid row, whose
    words name what is wrong with its values, always)."""
    said: dict[tuple, str] = {}
    out = []
    for i, key in enumerate(keys):
        text = said.get(key)
        if text is None:
            text = _explain_row(res.rule, ctx, outcome, i, res.variables, invalid, messages, lang)
            if outcome.status[i] != INVALID:
                said[key] = text
        out.append(_with_readings(text, ctx, i, res.variables, readings, lang))
    return out


def _explain_row(
    rule: Rule,
    ctx: Context,
    outcome: Outcome,
    i: int,
    names: tuple[str, ...],
    invalid: Mapping[str, np.ndarray],
    messages: Mapping[tuple[int, str], Localised],
    lang: str,
) -> str:
    """One row explained in `lang`; missing and invalid inputs are explained here for all rules."""
    status = outcome.status[i]
    zero = fmt.points(0, ctx.max_points, lang)
    if status == INVALID:
        bad = [v for v in names if v in invalid and invalid[v][i]]
        if bad:
            said = [(v, vocab.render(messages.get((i, v), ""), lang)) for v in bad]
            details = "; ".join(m if m.startswith(v) else f"{v}: {m}" for v, m in said)
        else:
            details = rule.explain(ctx, outcome, i, lang)
        return t("core.explain.invalid", lang, details=details, points=zero)
    if status == MISSING:
        gaps = ", ".join(v for v in names if np.isnan(ctx.values[v][i])) or "—"
        return t("core.explain.missing", lang, gaps=gaps, points=zero)
    return rule.explain(ctx, outcome, i, lang)


def _with_readings(
    text: str, ctx: Context, i: int, names: tuple[str, ...], readings: Mapping[tuple[int, str], str], lang: str
) -> str:
    """The explanation followed by how each text number behind it was read: ('1.217' → 1,217)."""
    read = [(readings[(i, v)], ctx.values[v][i]) for v in dict.fromkeys(names) if (i, v) in readings]
    if not read:
        return text
    return text + " (" + ", ".join(f"'{raw}' → {fmt.number(x, lang, 6)}" for raw, x in read) + ")"


def aggregate(criteria: pd.DataFrame, catalogue: Catalogue, explain: bool = True) -> pd.DataFrame:
    """Pillar and TOTAL rows from criterion rows: summed points, worst status, provisional flag.

    Pillar rows come first, then TOTAL rows, each in the order their unit-year (and pillar) first appears.
    """
    statuses = pd.Categorical(criteria["status"], categories=STATUS_VALUES).codes.astype(np.int64)
    district, pillar = pd.Categorical(criteria["district"]), pd.Categorical(criteria["pillar"])
    year = criteria["year"].to_numpy().astype(np.int64)
    unit = pd.factorize(district.codes.astype(np.int64) * (year.max() + 1 if len(year) else 1) + year)[0]
    in_pillar = pd.factorize(unit * max(len(pillar.categories), 1) + pillar.codes)[0]
    severity = np.array([s.severity for s in Status])[statuses]
    values = {"points": criteria["points"].to_numpy(float), "max_points": criteria["max_points"].to_numpy(float)}
    parts = []
    for group, level in ((in_pillar, "pillar"), (unit, "total")):
        n = int(group.max()) + 1 if len(group) else 0
        first = np.full(n, len(group))
        np.minimum.at(first, group, np.arange(len(group)))  # the first criterion row of each group
        worst = np.full(n, len(SEVERITY) - 1)
        np.minimum.at(worst, group, severity)
        part = pd.DataFrame(
            {
                "district": district.categories[district.codes[first]],
                "year": year[first],
                "pillar": pd.Categorical.from_codes(pillar.codes[first], pillar.categories)
                if level == "pillar"
                else "",
                **{k: np.bincount(group, weights=v, minlength=n) for k, v in values.items()},
                "severity": worst,
                "provisional": np.bincount(group, weights=statuses == NEEDS_PEERS, minlength=n) > 0,
            }
        )
        part["code"] = part["pillar"] if level == "pillar" else "TOTAL"
        part["level"] = level
        counts = np.bincount(group * len(Status) + statuses, minlength=n * len(Status)).reshape(n, len(Status))
        part["counts_"] = [dict(zip(STATUS_VALUES, map(int, row))) for row in counts]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["status"] = np.array([s.value for s in SEVERITY], dtype=object)[out.pop("severity").to_numpy()]
    out["index"] = out["points"] / out["max_points"]
    out["measure"] = out["index"]
    counted = out.pop("counts_").to_numpy()  # status → how many criteria, per row
    if explain:
        for lang in vocab.languages():
            out[f"explanation_{lang}"] = [
                _explain_aggregate(r, c, lang) for r, c in zip(out.itertuples(), counted, strict=True)
            ]
    return out


def _explain_aggregate(row: Any, counts: Mapping[str, int], lang: str) -> str:
    """A pillar or total row explained in `lang`: its sum, its index and how many criteria could not be scored."""
    points = fmt.points(row.points, row.max_points, lang)
    text = t(
        "core.explain.total.sum",
        lang,
        n=int(sum(counts.values())),
        points=points,
        index=fmt.percent(row.index, lang, 1),
    )
    issues = [
        t(
            "core.explain.total.issue",
            lang,
            n=int(counts[s.value]),
            status=t(f"core.explain.total.status.{s.value}", lang),
        )
        for s in Status
        if s is not Status.OK and counts.get(s.value, 0)
    ]
    if issues:
        text += "; " + ", ".join(issues)
    return t("core.explain.total.provisional", lang, text=text) if row.provisional else text
