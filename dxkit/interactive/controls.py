"""A criterion's inputs as widgets, made from the framework: a number as text in the reader's format, yes/no
as a switch, a choice as a dropdown; and the box that shows the criterion's points and explanation."""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from dxkit.core import fmt, vocab
from dxkit.core.catalogue import Criterion, Variable
from dxkit.core.values import ValueProblem, parse_number
from dxkit.interactive import html

FULL = w.Layout(width="100%", max_width="100%")
OnChange = Callable[[str, object], None]  # variable id, the value as an input cell holds it


def decimal_mark(lang: str) -> str:
    """The decimal mark readers of `lang` write ('.' or ','), as dxkit writes numbers for them."""
    return fmt.number(1.5, lang, 1)[1]


def css_class(variable: str) -> str:
    """The CSS class of a variable's control: 'dx-var-II-6-8-a' for II.6.8.a."""
    return "dx-var-" + "".join(ch if ch.isalnum() else "-" for ch in variable)


class InputControl:
    """One input of a criterion: shows an engine value, reports a new value as an input cell would hold it."""

    def __init__(self, var: Variable, lang: str, on_change: OnChange):
        self.var, self.lang, self._on_change, self._quiet = var, lang, on_change, False
        unit = var.unit(lang)
        said = f"{var.id} · {var.label(lang)}" + (f" ({unit})" if unit and var.type in ("count", "amount") else "")
        self.label = w.HTML(html.block(html.text(said), style="font-size:0.85em"), layout=FULL)
        self.error = w.HTML(layout=FULL)
        t = vocab.t
        if var.type == "bool":
            self.widget: w.ValueWidget = w.ToggleButtons(
                options=[(html.capital(t("core.yes", lang)), 1.0), (html.capital(t("core.no", lang)), 0.0)],
                value=None,
                style={"button_width": "auto"},
            )
        elif var.type == "choice":
            self.widget = w.Dropdown(
                options=[(c.label(lang), c.id) for c in var.choices], value=None, layout=w.Layout(width="auto")
            )
        else:
            self.widget = w.Text(
                placeholder=t("interactive.panel.missing", lang), continuous_update=False, layout=w.Layout(width="auto")
            )
        self.widget.observe(self._changed, names="value")
        self.box = w.VBox([self.label, self.widget, self.error], layout=FULL)
        self.box.add_class(css_class(var.id))  # what a browser test finds it by

    def show(self, x: float) -> None:
        """Show the engine's value `x` (NaN: blank) without reporting a change."""
        self._quiet = True
        try:
            self.widget.value = self._widget_value(x)
            self.error.value = ""
        finally:
            self._quiet = False

    def _widget_value(self, x: float) -> object:
        missing = x is None or math.isnan(x)
        if self.var.type == "bool":
            return None if missing else float(x)
        if self.var.type == "choice":
            return None if missing else self.var.choices[int(x)].id
        return "" if missing else fmt.number(x, self.lang, 6)

    def _changed(self, change: dict) -> None:
        if self._quiet:
            return
        value = change["new"]
        if self.var.type == "bool":
            value = "" if value is None else int(value)
        elif self.var.type not in ("choice",):
            text = str(value).strip()
            try:
                value = parse_number(text, decimal_mark(self.lang)) if text else ""
            except ValueProblem as exc:
                rule = vocab.render(exc.rule, self.lang)
                said = vocab.t("interactive.panel.bad_value", self.lang, variable=self.var.id, rule=rule)
                self.error.value = html.block(html.text(said), style=f"color:{html.DOWN};font-size:0.85em")
                return
        self.error.value = ""
        self._on_change(self.var.id, value)


class CriterionBox:
    """A criterion with its inputs: code, name, points out of the maximum, the difference from the recorded
    data and the engine's explanation (inputs → ratio → rule → points)."""

    def __init__(self, crit: Criterion, lang: str, on_change: OnChange):
        self.crit, self.lang = crit, lang
        self.inputs = {v.id: InputControl(v, lang, on_change) for v in crit.inputs}
        self.header = w.HTML(layout=FULL)
        self.explanation = w.HTML(layout=FULL)
        self.box = w.VBox(
            [self.header, self.explanation, *(c.box for c in self.inputs.values())],
            layout=w.Layout(width="100%", max_width="100%", border="1px solid #ddd", padding="4px", margin="2px 0"),
        )

    def show(self, row: pd.Series) -> None:
        """Show a score row of the criterion (with `recorded` and `delta`, see `whatif.unit_scores`)."""
        lang = self.lang
        points = html.text(fmt.points(row["points"], row["max_points"], lang))
        delta = f" ({html.signed(row['delta'], lang)})" if abs(row["delta"]) > 1e-9 else ""
        title = f"<b>{html.text(self.crit.code)}</b> {html.text(self.crit.name(lang))} — <b>{points}</b>{delta}"
        self.header.value = html.block(title)
        said = row.get(f"explanation_{lang}", "")
        self.explanation.value = html.block(html.text(said), style="font-size:0.85em;color:#444")

    def show_values(self, values: dict[str, float]) -> None:
        for name, control in self.inputs.items():
            control.show(values.get(name, math.nan))
