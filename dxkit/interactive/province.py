"""The province view: a sortable ranking with the change from last year, and a criterion explorer (every
unit's points and explanation of one criterion, and their distribution)."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from dxkit.analysis import profile
from dxkit.core import fmt, vocab
from dxkit.core.assessment import Assessment
from dxkit.interactive import html
from dxkit.interactive.controls import FULL
from dxkit.interactive.panel import t

SORTS = ("rank", "unit", "points", "change")


def ranking(assessment: Assessment, year: int) -> pd.DataFrame:
    """Totals of `year` with rank, the previous year's total and rank (the latest earlier year with data;
    NaN for a unit without it), `change` (points) and `rank_change` (> 0: places gained)."""
    p = profile(assessment)
    totals = p[p["code"] == "TOTAL"]
    now = totals[totals["year"] == year][["district", "points", "rank", "n_units"]]
    earlier = sorted(y for y in totals["year"].unique() if y < year)
    if earlier:
        before = totals[totals["year"] == earlier[-1]][["district", "points", "rank"]]
        now = now.merge(before, on="district", how="left", suffixes=("", "_previous"))
    else:
        now = now.assign(points_previous=float("nan"), rank_previous=float("nan"))
    now = now.rename(columns={"points_previous": "previous", "rank_previous": "previous_rank"})
    now["change"] = now["points"] - now["previous"]
    now["rank_change"] = now["previous_rank"] - now["rank"]
    return now.sort_values(["rank", "district"]).reset_index(drop=True)


class ProvinceView:
    """The ranking table (sortable) and the criterion explorer of one year; `widget` is what a notebook shows."""

    def __init__(self, assessment: Assessment, lang: str = vocab.DEFAULT, year: int | None = None):
        self.assessment, self.lang = assessment, lang
        years = sorted({int(y) for y in assessment.prepared.values.index.get_level_values("year")})
        self.year = int(year) if year is not None else years[-1]
        say = lambda key, **f: t(key, lang, assessment, **f)  # noqa: E731
        columns = {"rank": "rank", "unit": "unit", "points": "points", "change": "change"}
        self.year_pick = w.Dropdown(options=years, value=self.year, description=say("panel.year"))
        self.sort_pick = w.Dropdown(
            options=[(html.capital(say(f"column.{k}")), v) for k, v in columns.items()],
            value="rank",
            description=say("province.sort"),
            style={"description_width": "initial"},
        )
        self.descending = w.Checkbox(value=False, description=say("province.descending"), indent=False)
        cat = assessment.catalogue
        self.criterion_pick = w.Dropdown(
            options=[(f"{c.code} {c.name(lang)}", c.code) for c in cat.criteria.values()],
            description=say("province.criterion"),
            layout=FULL,
            style={"description_width": "initial"},
        )
        self.table = w.HTML(layout=FULL)
        self.explorer = w.HTML(layout=FULL)
        for pick in (self.year_pick, self.sort_pick, self.descending, self.criterion_pick):
            pick.observe(lambda _: self.refresh(), names="value")
        wrap = w.Layout(flex_flow="row wrap", width="100%", align_items="center")
        self.widget = w.VBox(
            [
                w.Box([self.year_pick, self.sort_pick, self.descending], layout=wrap),
                self.table,
                self.criterion_pick,
                self.explorer,
            ],
            layout=w.Layout(width="100%", max_width="100%", overflow="hidden"),
        )
        self.refresh()

    def refresh(self) -> None:
        self.year = int(self.year_pick.value)
        self.table.value = self._ranking()
        self.explorer.value = self._criterion(str(self.criterion_pick.value))

    def _ranking(self) -> str:
        lang, a = self.lang, self.assessment
        table = ranking(a, self.year)
        key = {"rank": "rank", "unit": "district", "points": "points", "change": "change"}[self.sort_pick.value]
        table = table.sort_values([key, "district"], ascending=[not self.descending.value, True], na_position="last")
        none = t("province.no_previous", lang, a)
        body = [
            [
                html.text(r.rank),
                html.text(r.district),
                html.text(fmt.number(r.points, lang, 1)),
                html.text(fmt.number(r.previous, lang, 1)) if r.previous == r.previous else html.text(none),
                html.signed(r.change, lang, 1) if r.change == r.change else html.text(none),
                html.signed(r.rank_change, lang, 0) if r.rank_change == r.rank_change else html.text(none),
            ]
            for r in table.itertuples()
        ]
        keys = ("rank", "unit", "points", "previous", "change", "rank_change")
        header = [html.capital(t(f"column.{k}", lang, a)) for k in keys]
        return html.block(
            html.heading(t("province.title", lang, a, year=self.year)),
            html.table(header, body, ["12%", "24%", "16%", "17%", "15%", "16%"]),
        )

    def _criterion(self, code: str) -> str:
        lang, a, year = self.lang, self.assessment, self.year
        crit = a.criteria()
        rows = crit[(crit["code"] == code) & (crit["year"] == year)].sort_values(["points", "district"])
        rows = rows.iloc[::-1]
        top = float(rows["max_points"].iloc[0])
        said = t(
            "province.distribution",
            lang,
            a,
            code=code,
            year=year,
            min=fmt.number(rows["points"].min(), lang),
            median=fmt.number(rows["points"].median(), lang),
            max=fmt.number(rows["points"].max(), lang),
            max_points=fmt.number(top, lang),
            n=len(rows),
        )
        bars = [
            html.bar(r.district, r.points / top, html.text(fmt.points(r.points, top, lang))) for r in rows.itertuples()
        ]
        status = {s.value: s.label(lang) for s in vocab.Status}
        body = [
            [
                html.text(r.district),
                html.text(fmt.number(r.points, lang)),
                html.text(status.get(r.status, r.status)),
                html.text(getattr(r, f"explanation_{lang}", "")),
            ]
            for r in rows.itertuples()
        ]
        header = [html.capital(t(f"column.{k}", lang, a)) for k in ("unit", "points", "status", "explanation")]
        return html.block(html.block(html.text(said)), *bars, html.table(header, body, ["24%", "14%", "16%", "46%"]))
