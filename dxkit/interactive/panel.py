"""The what-if panel: change a unit's inputs and see its points, pillars, total and rank move at once.

Every criterion's inputs are controls made from the framework, grouped by pillar or by responsible
department. A change rescores only what it touches (`dxkit.analysis.whatif`): the criteria reading the
input, Min-Max criteria for every unit of the year. "Plan to rank" fills the controls with
`plan_to_target`'s plan, "Reset" restores the recorded data, "Export" writes the inputs with the
changes as a long CSV that `dxkit score` reads.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import ipywidgets as w
import pandas as pd

from dxkit.analysis import district_name, whatif
from dxkit.analysis.planning import plan_changes, plan_to_target
from dxkit.core import fmt, vocab
from dxkit.core.assessment import Assessment
from dxkit.core.paths import check_output
from dxkit.interactive import html
from dxkit.interactive.controls import FULL, CriterionBox
from dxkit.reports.scores import write_csv

TOL = 1e-9


def t(key: str, lang: str, assessment: Assessment, **fields: object) -> str:
    """The panel's word `interactive.<key>` in `lang`; `{unit}` / `{units}` are the framework's nouns."""
    return vocab.t(f"interactive.{key}", lang, **{**assessment.catalogue.nouns(), **fields})


class WhatIfPanel:
    """The panel for one assessment; `widget` is what a notebook shows. `inputs` are the paths the data
    were read from (an export never overwrites them); exports go to `out_dir` (default: the current folder)."""

    def __init__(
        self,
        assessment: Assessment,
        lang: str = vocab.DEFAULT,
        district: str | None = None,
        year: int | None = None,
        inputs: Iterable[str | Path] = (),
        out_dir: str | Path | None = None,
    ):
        self.assessment, self.lang = assessment, lang
        self.paths = [str(p) for p in inputs] or sorted({str(f) for f in assessment.inputs.get("file", []) if f})
        self.out_dir = Path(out_dir) if out_dir is not None else Path.cwd()
        self.scenario = whatif.start(assessment)
        self.seconds = 0.0  # how long the last change took to show
        cat = assessment.catalogue
        index = assessment.prepared.values.index
        years = sorted({int(y) for y in index.get_level_values("year")})
        self.year = int(year) if year is not None else years[-1]
        say = lambda key, **f: t(key, lang, assessment, **f)  # noqa: E731
        self.year_pick = w.Dropdown(options=years, value=self.year, description=say("panel.year"))
        self.unit_pick = w.Dropdown(options=self._units(), description=say("panel.unit"), layout=FULL)
        self.unit_pick.style.description_width = "initial"
        self.year_pick.style.description_width = "initial"
        if district is not None:
            self.unit_pick.value = district_name(assessment, district)
        self.group_pick = w.ToggleButtons(
            options=[(say("panel.by_pillar"), "pillar"), (say("panel.by_department"), "department")],
            value="pillar",
            description=say("panel.group"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.boxes = {code: CriterionBox(c, lang, self._input_changed) for code, c in cat.criteria.items()}
        self.groups = w.Accordion(layout=FULL)
        self.headline = w.HTML(layout=FULL)
        self.pillars = w.HTML(layout=FULL)
        self.changed = w.HTML(layout=FULL)
        self.standing = w.HTML(layout=FULL)
        self.message = w.HTML(layout=FULL)
        n_units = max(1, len(self._units()))
        self.rank_pick = w.BoundedIntText(value=1, min=1, max=n_units, layout=w.Layout(width="5em"))
        plan = w.Button(description=say("panel.plan"), layout=w.Layout(width="auto"))
        reset = w.Button(description=say("panel.reset"), layout=w.Layout(width="auto"))
        self.file_name = w.Text(
            value=f"what_if_{self.year}.csv", description=say("panel.export_path"), layout=w.Layout(width="auto")
        )
        export = w.Button(description=say("panel.export"), layout=w.Layout(width="auto"))
        plan.on_click(lambda _: self.plan(self.rank_pick.value))
        reset.on_click(lambda _: self.reset())
        export.on_click(lambda _: self.export(self.file_name.value))
        self.year_pick.observe(self._year_changed, names="value")
        self.unit_pick.observe(lambda _: self._show_unit(), names="value")
        self.group_pick.observe(lambda _: self._group(), names="value")
        wrap = w.Layout(flex_flow="row wrap", width="100%", align_items="center")
        actions = w.Box([plan, self.rank_pick, reset, self.file_name, export], layout=wrap)
        summary = w.VBox([self.headline, self.pillars, self.changed, self.standing], layout=FULL)
        picks = w.Box([self.unit_pick, self.year_pick], layout=wrap)
        self.widget = w.VBox(
            [picks, summary, actions, self.message, self.group_pick, self.groups],
            layout=w.Layout(width="100%", max_width="100%", overflow="hidden"),
        )
        self.widget.add_class("dx-whatif")  # what a browser test finds it by
        self.unit_pick.add_class("dx-unit")
        self._group()
        self._show_unit()

    # ---------------------------------------------------------------- what the user does

    @property
    def district(self) -> str:
        return str(self.unit_pick.value)

    def set_input(self, variable: str, value: object) -> None:
        """Change one input of the unit shown, as its control does (`value` as an input cell holds it)."""
        self._input_changed(variable, value)

    def plan(self, rank: int) -> pd.DataFrame:
        """Fill the controls with the plan reaching `rank` (from the recorded data of the unit)."""
        lang, a = self.lang, self.assessment
        plan = plan_to_target(a, self.district, self.year, target_rank=int(rank), lang=lang)
        scenario = whatif.restore(self.scenario, self.district, self.year)
        self.scenario = whatif.change(scenario, plan_changes(plan)) if len(plan) else scenario
        at = plan.attrs
        said = t(
            "panel.planned",
            lang,
            a,
            steps=len(plan),
            start=fmt.number(at["start_total"], lang),
            total=fmt.number(at["final_total"], lang),
            target=fmt.number(at["target_total"], lang),
            rank=rank,
        )
        if not at["reached"]:
            said += " " + t("panel.plan_short", lang, a, blocked=", ".join(at["blocked"]) or "—")
        self._show_unit()
        self.message.value = html.block(html.text(said))
        return plan

    def reset(self) -> None:
        """Back to the recorded data (every unit)."""
        self.scenario = whatif.start(self.assessment)
        self.message.value = ""
        self._show_unit()

    def export(self, name: str) -> Path | None:
        """Write the inputs with the changes (changed ones marked `what_if`) as a long CSV named `name` in
        the export folder; never over an input. None when nothing changed."""
        lang, a = self.lang, self.assessment
        if not len(self.scenario.changes):
            self.message.value = html.block(html.text(t("panel.no_changes", lang, a)))
            return None
        file = Path(name.strip() or f"what_if_{self.year}.csv").name
        path = self.out_dir / (file if file.lower().endswith(".csv") else f"{file}.csv")
        check_output(path, self.paths)
        table = whatif.changed_inputs(self.scenario)
        write_csv(table, path)
        changed = int((table["evidence"] == "what_if").sum())
        said = t("panel.exported", lang, a, rows=len(table), changed=changed, path=str(path))
        self.message.value = html.block(html.text(said))
        return path

    # ---------------------------------------------------------------- reacting

    def _units(self) -> list[str]:
        index = self.assessment.prepared.values.index
        return sorted(str(d) for d, y in index if int(y) == self.year)

    def _year_changed(self, change: dict) -> None:
        self.year = int(change["new"])
        self.unit_pick.options = self._units()
        self._show_unit()

    def _input_changed(self, variable: str, value: object) -> None:
        start = time.perf_counter()
        recorded = self.assessment.prepared.values.loc[(self.district, self.year), variable]
        same = isinstance(value, (int, float)) and float(value) == recorded
        s = self.scenario
        if same:
            s = whatif.restore(s, self.district, self.year, [variable])
        else:
            s = whatif.change(s, [(self.district, self.year, variable, value)])
        self.scenario = s
        rows = whatif.unit_scores(s, self.district, self.year).set_index("code")
        for code in s.rescored:
            self.boxes[code].show(rows.loc[code])
        self._summary(rows)
        self.seconds = time.perf_counter() - start

    def _show_unit(self) -> None:
        values = whatif.values_of(self.scenario, self.district, self.year)
        rows = whatif.unit_scores(self.scenario, self.district, self.year).set_index("code")
        for code, box in self.boxes.items():
            box.show_values(values)
            box.show(rows.loc[code])
        self.rank_pick.max = max(1, len(self._units()))
        self._summary(rows)

    def _group(self) -> None:
        cat, lang = self.assessment.catalogue, self.lang
        if self.group_pick.value == "pillar":
            groups = [(f"{p.code} {p.name(lang)}", [c.code for c in p.criteria]) for p in cat.pillars]
        else:
            groups = [
                (cat.department_name(d, lang), [c.code for c in cat.criteria.values() if d in c.responsible])
                for d in cat.departments
            ]
            groups = [(name, codes) for name, codes in groups if codes]
        self.groups.children = [w.VBox([self.boxes[c].box for c in codes], layout=FULL) for _, codes in groups]
        self.groups.titles = tuple(name for name, _ in groups)

    # ---------------------------------------------------------------- the summary

    def _summary(self, rows: pd.DataFrame) -> None:
        lang, a, year = self.lang, self.assessment, self.year
        standing = whatif.standing(self.scenario, year)
        me = standing.set_index("district").loc[self.district]
        total = rows.loc["TOTAL"]
        units = len(standing)
        moves = int(me["rank_change"])
        move = (
            t("panel.rank_up", lang, a, n=moves)
            if moves > 0
            else t("panel.rank_down", lang, a, n=-moves)
            if moves < 0
            else t("panel.rank_same", lang, a)
        )
        head = (
            f'<div style="font-size:1.3em"><b>{html.text(self.district)} {year}</b>: '
            f'<b data-dx="total">{html.text(t("panel.total", lang, a, points=fmt.number(total["points"], lang)))}</b> · '
            f'<b data-dx="rank">{html.text(t("panel.rank", lang, a, rank=int(me["rank"]), n=units, year=year))}</b></div>'
        )
        recorded = t(
            "panel.recorded", lang, a, points=fmt.number(me["recorded_points"], lang), rank=int(me["recorded_rank"])
        )
        if abs(me["delta"]) > TOL or moves:
            delta = vocab.t("interactive.panel.delta", lang, delta="{delta}", moves=move)
            said = html.text(delta).replace("{delta}", html.signed(me["delta"], lang))
        else:
            said = html.text(t("panel.nothing_changed", lang, a))
        self.headline.value = html.block(head, html.block(html.text(recorded)), html.block(said))
        self.pillars.value = html.block(html.heading(t("panel.pillars", lang, a)), *self._bars(rows))
        self.changed.value = self._changed_table(rows)
        self.standing.value = self._standing_table(standing)

    def _bars(self, rows: pd.DataFrame) -> list[str]:
        lang, out = self.lang, []
        for p in self.assessment.catalogue.pillars:
            r = rows.loc[p.code]
            said = html.text(fmt.points(r["points"], r["max_points"], lang))
            if abs(r["delta"]) > TOL:
                said += f" ({html.signed(r['delta'], lang)})"
            out.append(html.bar(f"{p.code} {p.name(lang)}", r["index"], said, r["recorded"] / r["max_points"]))
        return out

    def _changed_table(self, rows: pd.DataFrame) -> str:
        """The criteria whose points moved: recorded → new (difference), then the engine's explanation."""
        lang, a = self.lang, self.assessment
        crit = rows[(rows["level"] == "criterion") & (rows["delta"].abs() > TOL)]
        if crit.empty:
            return ""
        names = a.catalogue.criteria
        items = [
            html.block(
                f"<b>{html.text(code)}</b> {html.text(names[code].name(lang))}: ",
                html.text(f"{fmt.number(r['recorded'], lang)} → {fmt.number(r['points'], lang)}"),
                f" ({html.signed(r['delta'], lang)})",
                html.block(html.text(r.get(f"explanation_{lang}", "")), style="font-size:0.85em;color:#444"),
                style="margin:4px 0",
            )
            for code, r in crit.iterrows()
        ]
        return html.block(html.heading(t("panel.changed", lang, a)), *items)

    def _standing_table(self, standing: pd.DataFrame) -> str:
        lang, a = self.lang, self.assessment
        body = []
        for r in standing.itertuples():
            name = html.text(r.district)
            body.append(
                [
                    html.text(r.rank),
                    f"<b>{name}</b>" if r.district == self.district else name,
                    html.text(fmt.number(r.points, lang)),
                    html.signed(r.delta, lang),
                    html.signed(r.rank_change, lang, 0),
                ]
            )
        header = [
            t("column.rank", lang, a),
            html.capital(t("column.unit", lang, a)),
            t("column.points", lang, a),
            t("column.change", lang, a),
            t("column.rank_change", lang, a),
        ]
        return html.block(
            html.heading(t("panel.standing", lang, a, year=self.year)),
            html.table(header, body, ["14%", "34%", "20%", "16%", "16%"]),
        )
