"""One object carrying the data, the framework, the options, the scores and a log of each build step."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from dxkit.core import fmt
from dxkit.core.bounds import bounds_warnings
from dxkit.core.catalogue import Catalogue, load_catalogue
from dxkit.core.engine import SCORE_COLUMNS, Bounds, aggregate, resolve_options, rule_problems, score_criteria
from dxkit.core.prepare import Prepared, prepare
from dxkit.core.problems import InputError, Problem


@dataclass
class Assessment:
    """Scores of some units and years under one framework, with everything needed to explain them."""

    catalogue: Catalogue
    inputs: pd.DataFrame
    prepared: Prepared
    options: dict[str, str]
    bounds: Bounds | None
    scores: pd.DataFrame
    log: list[str] = field(default_factory=list)
    bounds_source: str = ""  # where the reference bounds came from (a file), for the method notes

    @property
    def problems(self) -> list[Problem]:
        p = self.prepared
        return p.problems + p.value_problems + p.warnings

    def criteria(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "criterion"].reset_index(drop=True)

    def pillars(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "pillar"].reset_index(drop=True)

    def totals(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "total"].reset_index(drop=True)

    def assumptions(self, lang: str = "vi") -> pd.DataFrame:
        """The options and Min-Max bounds the numbers assume: meaning and the criteria each one moves."""
        en = lang == "en"
        rows = [
            {"option": name, "value": value, "label": self.catalogue.options[name].label(lang),
             "meaning": self.catalogue.options[name].values[value](lang),
             "criteria": ", ".join(self.catalogue.option_scope(name))}
            for name, value in self.options.items()
        ]
        minmax = [c.code for c in self.catalogue.criteria.values() if c.rule_type == "minmax"]
        if self.bounds:
            given = "; ".join(f"{code} {year}: {fmt.number(lo, lang, 4)}–{fmt.number(hi, lang, 4)}"
                              for code, by_year in self.bounds.items() for year, (lo, hi) in sorted(by_year.items()))
            src = f" ({self.bounds_source})" if self.bounds_source else ""
            meaning = (f"given reference bounds{src}: {given}; other years and criteria: units of the same year"
                       if en else f"ngưỡng tham chiếu cho trước{src}: {given}; năm và tiêu chí khác: các đơn vị "
                       "cùng năm trong dữ liệu")
        else:
            meaning = "units of the same year in the data" if en else "các đơn vị cùng năm trong dữ liệu"
        rows.append({"option": "minmax_bounds", "value": "reference" if self.bounds else "peers",
                     "label": "Min-Max bounds" if en else "Ngưỡng Min-Max", "meaning": meaning,
                     "criteria": ", ".join(minmax)})
        return pd.DataFrame(rows)

    def assumptions_text(self) -> str:
        return "; ".join(f"{r.option}={r.value}" for r in self.assumptions().itertuples())

    def table(self) -> pd.DataFrame:
        """The scores with the assumptions stated on every row (what `dxkit score` writes)."""
        return self.scores.assign(assumptions=self.assumptions_text(), framework=self.catalogue.id)


def score(
    inputs: pd.DataFrame,
    catalogue: Catalogue | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    explain: bool = True,
    decimal: str | None = None,
    districts: list[str] | None = None,
    bounds_source: str = "",
) -> Assessment:
    """Score a tidy inputs table (district, year, variable, value, ...).

    `decimal` ('.' or ',') is the decimal mark of text numbers (default: what each source proves);
    `districts` lists the units expected (display names; an unlisted unit is an error).
    Raises InputError listing every blocking problem (unknown variables or units, bad years,
    conflicting sources). Bad values do not raise: their criterion gets status `invalid` and 0 points.
    """
    log = []
    t0 = time.perf_counter()
    catalogue = catalogue or load_catalogue()
    opts = resolve_options(catalogue, options)
    prepared = prepare(inputs, catalogue, decimal, districts)
    if prepared.problems:
        raise InputError(prepared.problems + prepared.value_problems)
    if prepared.values.empty:
        raise InputError([Problem("error", "không có dòng dữ liệu nào", "no data rows",
                                  file=", ".join(sorted({str(f) for f in inputs.get("file", [])})))])
    n_units = len(prepared.values)
    log.append(f"prepare: {len(inputs)} input rows → {n_units} unit-years, "
               f"{len(prepared.value_problems)} invalid values, {sum(int(v.sum()) for v in prepared.from_general.values())} "
               f"denominators from Part I ({time.perf_counter() - t0:.3f} s)")
    t1 = time.perf_counter()
    crit = score_criteria(prepared.values, catalogue, opts, bounds, prepared.invalid,
                          prepared.invalid_messages, prepared.from_general, explain, prepared.readings)
    found = rule_problems(prepared.values, catalogue, opts, crit, prepared.from_general)
    found += bounds_warnings(prepared.values, catalogue, bounds)
    prepared.value_problems += [p for p in found if p.severity == "error"]
    prepared.warnings += [p for p in found if p.severity == "warning"]
    agg = aggregate(crit, catalogue, explain)
    scores = pd.concat([crit.assign(provisional=crit["status"] == "needs_peers"), agg], ignore_index=True)
    columns = SCORE_COLUMNS + ["provisional"] if explain else [c for c in SCORE_COLUMNS + ["provisional"] if not c.startswith("explanation")]
    scores = scores[columns].astype({"district": str, "status": str}).sort_values(["district", "year"], kind="stable").reset_index(drop=True)
    log.append(f"score: {len(catalogue.criteria)} criteria × {n_units} unit-years with options "
               f"{opts}{' and reference bounds' if bounds else ''} ({time.perf_counter() - t1:.3f} s)")
    return Assessment(catalogue, inputs, prepared, opts, bounds, scores, log, bounds_source)
