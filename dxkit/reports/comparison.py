"""The province comparison, section by section: what `notebooks/province_comparison.ipynb` shows.

`build(data, year)` gathers once what the sections read — the year's report model (`YearReport`), the
standings with their change since each unit's previous year (total and pillars), the data issues of
the year and the values of the Min-Max criteria — into a `Comparison`; each section function returns
one displayable HTML object (headings, paragraphs, tables and figures from `present`), and the
`*_frame` functions the tidy tables behind them. Every word is a message of the vocabulary
(`comparison.*`, and `reports.*` for the words all reports share); numbers are written by
`dxkit.reports.numbers` (fixed decimals in a column, a sign on every change).

A unit alone in its year is not compared with anything: no rank, heatmap or interval of ranks is shown.
Of more than `WHOLE` units, each table and chart shows the best and the worst `ENDS` (a row in between
says how many are left out) and the ranking a histogram of every total: the comparison of 200 units
costs what one of 40 does; every unit's total and pillars are in `SCORES_FILE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dxkit.analysis import quality
from dxkit.analysis._common import TOL
from dxkit.analysis.standings import standings
from dxkit.core import fmt, vocab
from dxkit.reports import narrative, numbers, plots
from dxkit.reports import present as show
from dxkit.reports.data import OfYear, ReportData, UnitReport, YearReport
from dxkit.reports.labels import label, nouns, reading
from dxkit.reports.present import HTML

HEATMAP_CLASS = "dx-heatmap"  # report.css hides it on a narrow screen, where the pillar table stands for it
PILLAR_TABLE_CLASS = "dx-pillar-table"  # report.css: a cell's change on a line under its points
MOST_NAMED = 3  # units named as holding a Min-Max bound before "and n other units"
WHOLE = 40  # a table or chart of at most this many units shows them all (a heatmap of 40 fits an A4 page)
ENDS = 15  # of more units, tables and charts show the best ENDS and the worst ENDS: the cost stays bounded
SCORES_FILE = "scores.xlsx"  # every unit's total and pillars, written beside the reports by dxkit batch


@dataclass
class Comparison(OfYear):
    """What the comparison of one year shows, computed once from the report data."""

    shared: YearReport
    standings: pd.DataFrame  # analysis.standings.standings of the year's units (total)
    pillar_standings: pd.DataFrame  # the same per pillar (level="pillar")
    issues: pd.DataFrame  # analysis.quality.data_issues of the year
    minmax_values: pd.DataFrame  # the Min-Max criteria rows of the year (district, code, measure, points, status, …)
    options: dict[str, str]  # the scoring options the assessment was built with
    lone: UnitReport | None  # the only unit's report model, when the year has one unit

    @property
    def alone(self) -> bool:
        return self.shared.alone


def build(data: ReportData, year: int) -> Comparison:
    """The comparison of `year` for the reader of `data` (its language); LookupError without data that year."""
    shared = data.year(year)
    if shared.totals().empty:
        raise LookupError(label("no_year", shared.lang, year=year))
    a = data.assessment
    total, pillars = standings(a), standings(a, "pillar")
    crit = a.criteria()
    minmax = [c.code for c in a.catalogue.criteria.values() if c.rule_type == "minmax"]
    lone = data.unit(shared.totals()["district"].iloc[0], year) if shared.alone else None
    return Comparison(
        shared,
        total[total["year"] == year].reset_index(drop=True),
        pillars[pillars["year"] == year].reset_index(drop=True),
        quality.data_issues(a, year),
        crit[(crit["year"] == year) & crit["code"].isin(minmax)].reset_index(drop=True),
        dict(a.options),
        lone,
    )


# ------------------------------------------------------------------ words and numbers


def _t(key: str, lang: str, **fields: object) -> str:
    """The comparison's message `key` (comparison.<key>) in `lang`."""
    return vocab.t(f"comparison.{key}", lang, **fields)


def _html(*parts: HTML | str) -> HTML:
    """Several displayable parts as one."""
    return HTML("".join(p.data if isinstance(p, HTML) else p for p in parts))


def _previous(c: Comparison) -> tuple[int | None, str]:
    """The previous year every unit with one is compared with (None when they differ), and its words."""
    years = c.standings["previous_year"].dropna().unique()
    if len(years) == 1:
        return int(years[0]), _t("ranking.previous_year", c.lang, year=int(years[0]))
    return None, _t("ranking.previous_any", c.lang)


def _has_previous(c: Comparison) -> bool:
    return bool(c.standings["previous_year"].notna().any())


def shown(n: int) -> list[int]:
    """The positions (best first) of the units a table or chart of `n` units shows: all up to WHOLE, else
    the best and the worst ENDS."""
    return list(range(n)) if n <= WHOLE else [*range(ENDS), *range(n - ENDS, n)]


def _ends(rows: pd.DataFrame, lang: str, ranked: bool = True) -> tuple[pd.DataFrame, tuple[int, str] | None]:
    """`rows` (best first) as a table shows them (`shown`) and the row saying which are left out (None: none);
    `ranked`: the rows carry a `rank`, named in that row."""
    keep = shown(len(rows))
    if len(keep) == len(rows):
        return rows, None
    left = rows.iloc[ENDS:-ENDS]
    if ranked:
        words = _t("shown.gap_ranks", lang, n=len(left), first=left["rank"].min(), last=left["rank"].max())
    else:
        words = _t("shown.gap", lang, n=len(left))
    return rows.iloc[keep], (ENDS, words)


def _largest(rows: pd.DataFrame, by: pd.Series) -> tuple[pd.DataFrame, bool]:
    """The 2 × ENDS rows largest `by` (in their order) when there are more than WHOLE; and whether any was cut."""
    if len(rows) <= WHOLE:
        return rows, False
    return rows.loc[by.nlargest(2 * ENDS, keep="first").index.sort_values()], True


# ------------------------------------------------------------------ title and ranking


def title(c: Comparison) -> HTML:
    """The report's title, the framework's name under it and, for synthetic data, the notice."""
    lang, catalogue = c.lang, c.shared.catalogue
    note = label("synthetic", lang) if c.shared.synthetic else None
    return show.title_block(label("comparison_title", lang, catalogue, year=c.year), catalogue.name(lang), note)


def ranking_frame(c: Comparison) -> pd.DataFrame:
    """The ranking: the standings of the year, best first (rank, district, points, index, status,
    provisional, previous_year, points_change, rank_change > 0 when the unit moved up)."""
    return c.standings.sort_values(["rank", "district"], kind="stable").reset_index(drop=True)


def ranking(c: Comparison) -> HTML:
    """The ranking with each unit's change in points and in rank since its previous year; a unit alone in
    its year gets its total, unranked, and the summary of its report."""
    lang = c.lang
    if c.lone is not None:
        now = c.shared.totals()
        return _html(
            show.heading(label("total", lang)),
            show.paragraphs([narrative.not_ranked(c.year, lang), *narrative.summary(c.lone).paragraphs[2:]]),
            show.table(
                now.assign(
                    points=[numbers.fixed(x, lang) for x in now["points"]],
                    max_points=[numbers.fixed(x, lang, 0) for x in now["max_points"]],
                    index=[numbers.percent(x, lang) for x in now["index"]],
                ),
                {
                    "district": label("district", lang),
                    "points": label("total", lang),
                    "max_points": label("max_points", lang),
                    "index": label("index", lang),
                },
                lang,
                numeric=["points", "max_points", "index"],
            ),
        )
    rows, gap = _ends(ranking_frame(c), lang)
    cells = rows.assign(
        points=[
            _t("ranking.provisional", lang, points=numbers.fixed(p, lang)) if prov else numbers.fixed(p, lang)
            for p, prov in zip(rows["points"], rows["provisional"])
        ],
        index=[numbers.percent(x, lang) for x in rows["index"]],
        points_change=[numbers.signed(x, lang) for x in rows["points_change"]],
        rank_change=[numbers.signed(x, lang, 0) for x in rows["rank_change"].astype(float)],
    )
    columns = {
        "rank": label("rank", lang),
        "district": label("district", lang),
        "points": label("total", lang),
        "index": label("index", lang),
    }
    parts: list[HTML | str] = [show.heading(label("ranking", lang))]
    if gap is not None:
        n = len(c.standings)
        parts.append(show.paragraphs([_t("shown.note", lang, n=n, ends=ENDS, file=SCORES_FILE)]))
        parts.append(show.figure(plots.totals_histogram(c.shared)))
    if not _has_previous(c):
        parts.append(show.paragraphs([label("no_previous", lang)]))
        parts.append(show.table(cells, columns, lang, numeric=["rank", "points", "index"], gap=gap))
        return _html(*parts)
    year, since = _previous(c)
    columns["points_change"] = _t("ranking.points_change", lang)
    columns["rank_change"] = _t("ranking.rank_change", lang)
    if year is not None:
        moved = c.standings["rank_change"].dropna()
        up, down = int((moved > 0).sum()), int((moved < 0).sum())
        parts.append(show.paragraphs([label("moved", lang, up=up, down=down, previous=year)]))
    parts.append(show.table(cells, columns, lang, numeric=[k for k in columns if k != "district"], gap=gap))
    parts.append(show.paragraphs([_t("ranking.note", lang, previous=since)]))
    return _html(*parts)


# ------------------------------------------------------------------ pillars


def pillar_frame(c: Comparison) -> pd.DataFrame:
    """Unit × pillar, in rank order: rank, district, then per pillar code its points (`<code>`) and change
    since the unit's previous year (`<code>_change`, NaN without one)."""
    ps = c.pillar_standings
    order = ranking_frame(c)[["rank", "district"]]
    codes = list(dict.fromkeys(ps["code"]))
    points = ps.pivot(index="district", columns="code", values="points").reindex(columns=codes)
    change = ps.pivot(index="district", columns="code", values="points_change").reindex(columns=codes)
    change.columns = [f"{code}_change" for code in codes]
    wide = pd.concat([points, change], axis=1)
    wide.columns = [str(col) for col in wide.columns]
    return order.merge(wide, left_on="district", right_index=True, how="left").reset_index(drop=True)


def heatmap_figure(c: Comparison) -> HTML:
    """The heatmap of the units `shown`, marked `HEATMAP_CLASS` so that a narrow screen shows the pillar
    table instead."""
    fig = plots.pillar_heatmap(c.shared, shown(len(c.standings)))
    return HTML(f'<div class="{HEATMAP_CLASS}">{show.figure(fig).data}</div>')


def pillar_table(c: Comparison) -> HTML:
    """Points of every pillar per unit, in rank order, each with its change since the unit's previous year."""
    lang, cat = c.lang, c.shared.catalogue
    wide, gap = _ends(pillar_frame(c), lang)
    cells = wide[["rank", "district"]].copy()
    columns = {"rank": label("rank", lang), "district": label("district", lang)}
    for pillar in cat.pillars:
        if pillar.code not in wide:
            continue
        places = numbers.decimals_needed(wide[pillar.code])
        cells[pillar.code] = [
            numbers.fixed(p, lang, places)
            if pd.isna(d)
            else _t("pillars.cell", lang, points=numbers.fixed(p, lang, places), change=numbers.signed(d, lang, places))
            for p, d in zip(wide[pillar.code], wide[f"{pillar.code}_change"])
        ]
        columns[pillar.code] = _t(
            "pillars.column", lang, code=pillar.code, name=pillar.name(lang), max=fmt.number(pillar.max_points, lang)
        )
    table = show.table(cells, columns, lang, numeric=[k for k in columns if k != "district"], gap=gap)
    return HTML(f'<div class="{PILLAR_TABLE_CLASS}">{table.data}</div>')


def pillars(c: Comparison) -> HTML:
    """The pillars of every unit: the heatmap (hidden on a narrow screen) beside the table of points and
    changes; a unit alone in its year gets its pillar profile."""
    lang = c.lang
    if c.lone is not None:
        return _html(show.heading(label("profile_alone", lang)), show.figure(plots.pillar_profile(c.lone)))
    if _has_previous(c):
        note = _t("pillars.note", lang, previous=_previous(c)[1])
    else:
        note = _t("pillars.note_no_previous", lang)
    return _html(show.heading(_t("pillars.title", lang)), heatmap_figure(c), show.paragraphs([note]), pillar_table(c))


# ------------------------------------------------------------------ Min-Max values, intervals, readings


def minmax(c: Comparison) -> HTML:
    """Per Min-Max criterion, every unit's value and points (pending points shown as '—', not 0)."""
    lang, cat = c.lang, c.shared.catalogue
    parts: list[HTML | str] = []
    for criterion in cat.criteria.values():
        if criterion.rule_type != "minmax":
            continue
        rows = c.minmax_values[c.minmax_values["code"] == criterion.code].sort_values("points", ascending=False)
        rows, gap = _ends(rows.assign(points=rows["points"].where(rows["status"] != narrative.PENDING)), lang, False)
        parts.append(show.heading(f"{criterion.code} {criterion.name(lang)}", level=3))
        parts.append(
            show.table(
                rows,
                {
                    "district": label("district", lang),
                    "measure": label("value", lang),
                    "points": label("points", lang),
                    f"explanation_{lang}": label("explanation", lang),
                },
                lang,
                numeric=["measure", "points"],
                formats={"measure": "exact", "points": "points"},
                gap=gap,
            )
        )
    return _html(show.heading(label("minmax", lang, c.shared.catalogue)), *parts) if parts else HTML("")


def intervals(c: Comparison) -> HTML:
    """How far ranks (or, alone, the total) move when every input is randomly off by a few percent."""
    lang, spread = c.lang, c.shared.intervals
    if spread.empty:
        return HTML("")
    if c.alone:
        mine = spread.iloc[0]
        return _html(
            show.heading(label("sensitivity_alone", lang)),
            show.paragraphs(
                [
                    label(
                        "interval_alone",
                        lang,
                        error=fmt.percent(spread.attrs["rel_error"], lang),
                        draws=mine["draws"],
                        district=mine["district"],
                        low=fmt.number(mine["total_p05"], lang),
                        high=fmt.number(mine["total_p95"], lang),
                        total=fmt.number(mine["total"], lang),
                    )
                ]
            ),
        )
    order = spread[spread["year"] == c.year].sort_values(["rank", "district"], kind="stable")
    rows, gap = _ends(order, lang)
    cells = rows.assign(
        p90=rows["rank_p05"].astype(str) + "–" + rows["rank_p95"].astype(str),
        span=rows["rank_min"].astype(str) + "–" + rows["rank_max"].astype(str),
    )
    return _html(
        show.heading(label("intervals", lang)),
        show.figure(plots.rank_intervals_chart(rows, lang, c.year)),
        show.table(
            cells,
            {
                "district": label("district", lang),
                "rank": label("rank", lang),
                "p90": label("interval90", lang),
                "span": label("range", lang),
            },
            lang,
            numeric=["rank", "p90", "span"],
            gap=gap,
        ),
    )


def readings(c: Comparison) -> HTML:
    """Totals (alone) or ranks under the framework's other readings."""
    lang, cat, rows = c.lang, c.shared.catalogue, c.shared.readings
    if c.alone:
        return _html(
            show.paragraphs([label("readings_alone", lang)]),
            show.table(
                rows.assign(
                    reading=[reading(cat, ch, lang) for ch in rows["changed"]],
                    total_change=[numbers.signed(x, lang) for x in rows["total_change"]],
                ),
                {
                    "reading": label("reading", lang),
                    "total": label("total", lang),
                    "total_change": label("change", lang),
                },
                lang,
                numeric=["total", "total_change"],
                formats={"total": "points"},
            ),
        )
    parts: list[HTML | str] = [show.heading(label("sensitivity", lang))]
    base = rows.loc[rows["scenario"] == "base", ["district", "rank"]]
    moves = rows[rows["rank_change"] != 0].merge(base, on="district", suffixes=("", "_base"))
    for changed, moved in moves.groupby("changed", sort=False):
        part, cut = _largest(moved.sort_values("rank_base"), moved["rank_change"].abs())
        parts.append(show.heading(reading(cat, str(changed), lang), level=3))
        if cut:
            parts.append(show.paragraphs([_t("shown.largest_moves", lang, n=len(moved), shown=len(part))]))
        parts.append(
            show.table(
                part.assign(rank_change=[numbers.signed(x, lang, 0) for x in part["rank_change"]]),
                {
                    "district": label("district", lang),
                    "rank_base": label("as_written", lang),
                    "rank": label("rank", lang),
                    "rank_change": label("change", lang),
                },
                lang,
                numeric=["rank_base", "rank", "rank_change"],
            )
        )
    if moves.empty:
        parts.append(show.paragraphs([label("no_moves", lang, c.shared.catalogue)]))
    return _html(*parts)


# ------------------------------------------------------------------ data quality


def quality_frames(c: Comparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year's data issues per unit (in rank order) and per responsible department (most first):
    analysis.quality.issues_by_unit and issues_by_department."""
    by_unit = quality.issues_by_unit(c.issues)
    order = {d: i for i, d in enumerate(ranking_frame(c)["district"])}
    by_unit = by_unit.assign(_o=by_unit["district"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")
    return by_unit.reset_index(drop=True), quality.issues_by_department(c.issues, c.shared.catalogue)


def _issue_columns(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """The issues any row has, in ISSUES order, with their words."""
    return {i: _t(f"quality.issue.{i}", lang) for i in quality.ISSUES if frame[i].sum() > 0}


def quality_section(c: Comparison) -> HTML:
    """Which units have missing, invalid, zero-denominator, capped or pending criteria, and which
    departments answer for them."""
    lang, cat = c.lang, c.shared.catalogue
    head = show.heading(_t("quality.title", lang))
    by_unit, by_dept = quality_frames(c)
    if by_unit.empty:
        return _html(head, show.paragraphs([_t("quality.complete", lang, year=c.year)]))
    issues = _issue_columns(by_unit, lang)
    n = len(c.standings)
    most, cut = _largest(by_unit, by_unit["points_at_stake"])
    units = show.table(
        most.assign(
            codes=[", ".join(codes) for codes in most["codes"]],
            points_at_stake=[
                numbers.fixed(x, lang, numbers.decimals_needed(most["points_at_stake"]))
                for x in most["points_at_stake"]
            ],
        ),
        {
            "district": label("district", lang),
            **issues,
            "points_at_stake": _t("quality.at_stake", lang),
            "codes": _t("quality.criteria", lang),
        },
        lang,
        numeric=[*issues, "points_at_stake"],
    )
    depts = show.table(
        by_dept.assign(
            department=[cat.department_name(d, lang) for d in by_dept["department_id"]],
            codes=[", ".join(codes) for codes in by_dept["codes"]],
        ),
        {
            "department": label("department", lang),
            **issues,
            "n_units": _t("quality.units", lang),
            "codes": _t("quality.criteria", lang),
        },
        lang,
        numeric=[*issues, "n_units"],
    )
    shared_criteria = any(len(d) > 1 for d in c.issues["departments"])
    return _html(
        head,
        show.paragraphs([_t("quality.summary", lang, units=len(by_unit), n=n, year=c.year)]),
        show.heading(_t("quality.by_unit", lang), level=3),
        show.paragraphs([_t("shown.most_at_stake", lang, shown=len(most), n=len(by_unit))]) if cut else "",
        units,
        show.heading(_t("quality.by_department", lang), level=3),
        depts,
        show.paragraphs([_t("quality.department_note", lang)]) if shared_criteria else "",
    )


# ------------------------------------------------------------------ methods


def _held_by(c: Comparison, code: str, value: float) -> list[str]:
    """The units whose value of Min-Max criterion `code` is `value` (a bound taken from the peers)."""
    rows = c.minmax_values[c.minmax_values["code"] == code]
    measure = rows["measure"].astype(float).to_numpy()
    found = np.isclose(measure, value, rtol=0, atol=1e-9) & np.isfinite(measure)
    return sorted(rows.loc[found, "district"].astype(str))


def _bound(c: Comparison, code: str, value: float, source: str) -> str:
    lang = c.lang
    if not np.isfinite(value):
        return numbers.DASH
    shown = fmt.number(value, lang, 3)
    if source != "peers":
        return shown
    units = _held_by(c, code, value)
    if not units:
        return shown
    named = ", ".join(units[:MOST_NAMED])
    if len(units) > MOST_NAMED:
        named = _t("methods.more_units", lang, units=named, n=len(units) - MOST_NAMED)
    return _t("methods.held_by", lang, value=shown, units=named)


def minmax_bounds_frame(c: Comparison) -> pd.DataFrame:
    """Per Min-Max criterion of the year: code, name, the formula applied (under the options), min and max
    with the units holding them when taken from the peers, and where they came from — in words."""
    lang, cat, year = c.lang, c.shared.catalogue, c.year
    rows = []
    for b in c.shared.bounds_used.itertuples():
        method = cat.resolved_rule(str(b.code), c.options).get("method", "minmax")
        if b.source == "reference":
            file = c.shared.bounds_source
            source = _t("methods.reference_file", lang, file=file) if file else _t("methods.reference", lang)
        elif b.source == "peers":
            given = c.minmax_values.loc[c.minmax_values["code"] == b.code, "measure"].notna().sum()
            source = _t("methods.peers", lang, n=int(given), year=year)
        else:
            source = _t("methods.none", lang)
        rows.append(
            {
                "code": b.code,
                "criterion": f"{b.code} {cat.criteria[str(b.code)].name(lang)}",
                "formula": _t(f"methods.formula_{method}", lang),
                "min": _bound(c, str(b.code), float(b.min), str(b.source)),
                "max": _bound(c, str(b.code), float(b.max), str(b.source)),
                "source": source,
            }
        )
    return pd.DataFrame(rows, columns=["code", "criterion", "formula", "min", "max", "source"])


def methods(c: Comparison) -> HTML:
    """The methods note: the framework (name, id, version), the readings chosen with their meaning, the
    Min-Max bounds of the year, and per Min-Max criterion its min and max and where they came from."""
    lang = c.lang
    notes = narrative.method_notes(c.shared)  # the framework (name, id, version), the readings, the bounds
    parts: list[HTML | str] = [
        show.heading(_t("methods.title", lang)),
        show.paragraphs([_t("methods.intro", lang)]),
        show.table(notes, {"label": label("option", lang), "meaning": label("meaning", lang)}, lang),
        show.heading(_t("methods.minmax_title", lang, year=c.year), level=3),
    ]
    bounds = minmax_bounds_frame(c)
    if bounds.empty:
        parts.append(show.paragraphs([_t("methods.no_minmax", lang)]))
    else:
        parts.append(show.paragraphs([_t("methods.minmax_intro", lang, year=c.year)]))
        parts.append(
            show.table(
                bounds,
                {
                    "criterion": label("criterion", lang),
                    "formula": _t("methods.formula", lang),
                    "min": _t("methods.min", lang),
                    "max": _t("methods.max", lang),
                    "source": _t("methods.source", lang),
                },
                lang,
            )
        )
    return _html(*parts)


def appraisal(c: Comparison) -> HTML:
    """The province's appraisal of the year, when some value was appraised (nothing otherwise): the units
    by the change of their total (self-assessed → appraised, ranks in each stage), the criteria corrected
    most often and the departments whose values were corrected most."""
    s, lang = c.shared, c.lang
    if not s.appraised:
        return HTML("")
    said = nouns(s.catalogue)
    units = s.appraisal_units
    intro = _t(
        "appraisal.intro",
        lang,
        values=int(units["values"].sum()),
        corrected=int((units["values"] > 0).sum()),
        moved=int((units["delta"].abs() > TOL).sum()),
        **said,
    )
    rows, gap = _ends(units, lang, ranked=False)
    points = {"self_total": "points", "appraised_total": "points", "delta": "signed"}
    return _html(
        show.heading(_t("appraisal.title", lang)),
        show.paragraphs([intro]),
        show.heading(_t("appraisal.units", lang, **said), level=3),
        show.table(
            rows,
            {
                "district": label("district", lang),
                "self_total": label("self_total", lang),
                "appraised_total": label("appraised_total", lang),
                "delta": label("delta", lang),
                "self_rank": label("self_rank", lang),
                "appraised_rank": label("appraised_rank", lang),
                "values": label("values_corrected", lang),
                "criteria": label("criteria_moved", lang),
            },
            lang,
            numeric=["self_rank", "appraised_rank", "values", "criteria"],
            formats=points,
            gap=gap,
        ),
        show.heading(_t("appraisal.criteria", lang), level=3),
        show.table(
            s.appraisal_criteria,
            {
                "code": label("code", lang),
                "criterion": label("criterion", lang),
                "units": label("corrected_units", lang),
                "values": label("values_corrected", lang),
                "units_moved": label("units_moved", lang),
                "delta": label("province_delta", lang),
                "department": label("department", lang),
            },
            lang,
            numeric=["units", "values", "units_moved"],
            formats={"delta": "signed"},
        ),
        show.heading(_t("appraisal.departments", lang), level=3),
        show.table(
            s.appraisal_departments,
            {
                "department": label("department", lang),
                "values": label("values_corrected", lang),
                "units": label("corrected_units", lang),
                "criteria": label("criteria_fed", lang),
                "delta": label("province_delta", lang),
            },
            lang,
            numeric=["values", "units", "criteria"],
            formats={"delta": "signed"},
        ),
    )


def sections(c: Comparison) -> Iterable[HTML]:
    """Every section in the order the notebook shows them."""
    for part in (title, ranking, appraisal, pillars, minmax, intervals, readings, quality_section, methods):
        yield part(c)
