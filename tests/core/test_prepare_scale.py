"""The vectorised input checks find what a cell-by-cell reading finds: same problems, same places, same order.

The reference below reads a small long table row by row with the scalar rules (`parse_value`, the year
range, the catalogue's ids); random corruptions of a valid table must give exactly its problems.
"""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxkit.core import units
from dxkit.core.prepare import prepare, shown_, tidy
from dxkit.core.problems import Reason
from dxkit.core.values import (
    LIMITS,
    ValueProblem,
    clean_text,
    is_blank,
    map_cells,
    parse_number,
    parse_quantity,
    parse_value,
    plain_quantities,
)

VALID = {
    "I.4": "120000",  # Part I count
    "I.1": "Huyện A",  # Part I text
    "II.1.1": "chairman",  # choice
    "II.1.5": "có",  # yes/no
    "II.1.3.a": "12",  # count
    "II.5.11.a": "3.5",  # amount
}
BAD_YEARS = ["năm 2024", "2024.5", "", "1800", "abc", 2023.0, None]
BAD_VARIABLES = ["II.1.5x", "", "xyz", " II.1.5 "]
BAD_DISTRICTS = ["", "  ", None, "B ", "b"]
BAD_VALUES = ["abc", "-5", "1.217", "12,5", "", "Yes", "1e3", "1 234", "9e20", "2", "không", "deployed", "0,5"]
BAD_VALUES += [7, 2.5, -1.0, True, False, float("nan"), None, 3e8, "00012", "９"]


def valid_table() -> pd.DataFrame:
    rows = [
        (d, y, var, value, file, f"F{i + 2}")
        for i, (file, d, y, (var, value)) in enumerate(
            (file, d, y, item)
            for file, d in (("a.csv", "A"), ("a.csv", "B"), ("b.csv", "C"))
            for y in (2023, 2024)
            for item in VALID.items()
        )
    ]
    return pd.DataFrame(rows, columns=["district", "year", "variable", "value", "file", "cell"]).astype(object)


def _year(raw: object) -> int | None:
    try:
        number = parse_number(raw)
    except ValueProblem:
        return None
    return int(number) if 1900 <= number <= 2200 and number == int(number) else None


def reference(table: pd.DataFrame, catalogue) -> tuple[list[tuple], list[tuple]]:
    """(blocking problems, value problems) read cell by cell: (reason, file, cell, district, year, variable, value)."""
    rows = tidy(table).to_dict("records")
    names = units.display_names([r["district"] for r in rows])
    for r in rows:
        r["district"] = names[r["district"]]
    known = set(catalogue.variables) | set(catalogue.general_fields)
    blocking = []
    for kind, reason, broken in (
        ("district", Reason.MISSING_DISTRICT, lambda r: r["district"] == ""),
        ("year", Reason.BAD_YEAR, lambda r: _year(r["year"]) is None),
        ("variable", Reason.UNKNOWN_VARIABLE, lambda r: r["variable"] not in known),
    ):
        groups: dict[tuple, list[dict]] = {}
        for r in rows:
            if broken(r):
                groups.setdefault((r["file"], shown_(r[kind])), []).append(r)
        for (file, raw), group in groups.items():
            first = group[0]
            variable = raw if kind == "variable" else first["variable"]
            year = _year(first["year"])
            blocking.append((reason, file, first["cell"], first["district"], year, variable, shown_(first["value"])))
    kept = [
        r
        for r in rows
        if r["district"] and _year(r["year"]) is not None and r["variable"] in known and not is_blank(r["value"])
    ]
    by_key: dict[tuple, list[dict]] = {}
    for r in kept:
        by_key.setdefault((r["district"], _year(r["year"]), r["variable"]), []).append(r)
    values = []
    for (district, year, variable), group in by_key.items():
        read = {_same(r["value"], catalogue.variables.get(variable)) for r in group}
        if len(read) > 1:
            first = group[0]
            blocking.append(
                (
                    Reason.CONFLICTING_SOURCES,
                    first["file"],
                    first["cell"],
                    district,
                    year,
                    variable,
                    shown_(first["value"]),
                )
            )
            continue
        first = group[0]
        var, field = catalogue.variables.get(variable), catalogue.general_fields.get(variable)
        if var is None and field.type == "text":
            continue
        try:
            parse_value(first["value"], var, ".") if var else parse_quantity(first["value"], field.type, ".")
        except ValueProblem as exc:
            reason = exc.reason or Reason.INVALID_VALUE
            values.append((reason, first["file"], first["cell"], district, year, variable, shown_(first["value"])))
    return blocking, values


def _same(raw: object, var) -> str:
    try:
        return repr(parse_value(raw, var)) if var is not None else shown_(raw)
    except ValueProblem:
        return shown_(raw)


def _said(problems) -> list[tuple]:
    return [(p.reason, p.file, p.cell, p.district, p.year, p.variable, p.value) for p in problems]


corruption = st.tuples(
    st.integers(0, 35),
    st.sampled_from(["year", "variable", "district", "value", "value", "twice", "other"]),
    st.integers(0, 100),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(corruption, min_size=1, max_size=12))
def test_problems_match_a_cell_by_cell_reading(dti, corruptions):
    table = valid_table()
    pools = {"year": BAD_YEARS, "variable": BAD_VARIABLES, "district": BAD_DISTRICTS, "value": BAD_VALUES}
    for i, what, pick in corruptions:
        if what in pools:
            table.at[i, what] = pools[what][pick % len(pools[what])]
        else:  # the same row again, from another file: the same value, or another one
            again = table.iloc[[i]].assign(file="c.csv", cell=f"F{len(table) + 2}")
            if what == "other":
                again["value"] = BAD_VALUES[pick % len(BAD_VALUES)]
            table = pd.concat([table, again], ignore_index=True)
    prepared = prepare(table, dti, decimal=".")
    blocking, values = reference(table, dti)
    assert _said(prepared.problems) == blocking
    parsing = {Reason.INVALID_VALUE, Reason.AMBIGUOUS_DECIMAL}
    assert _said(p for p in prepared.value_problems if p.reason in parsing) == values


def test_a_bad_text_on_many_rows_is_one_problem_counting_them(dti):
    table = valid_table().assign(year="năm 2024")
    prepared = prepare(table, dti)
    assert [(p.file, p.cell, p.reason) for p in prepared.problems] == [
        ("a.csv", "F2", Reason.BAD_YEAR),
        ("b.csv", "F26", Reason.BAD_YEAR),
    ]
    assert "24" in prepared.problems[0].message("en") and "12" in prepared.problems[1].message("en")


cells = st.one_of(
    st.text(alphabet="0123456789.,-+ eEaóx", max_size=8),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.none(),
)


@given(st.lists(cells, max_size=30))
def test_map_cells_is_a_cell_by_cell_map(raw):
    series = pd.Series(raw, dtype=object)
    kinds = pd.Series([("count", "amount")[i % 2] for i in range(len(raw))])
    found = map_cells(lambda c, k: (type(c).__name__, shown_(c), k), series, kinds)
    assert list(found) == [(type(c).__name__, shown_(c), k) for c, k in zip(raw, kinds)]


def test_map_cells_keeps_one_true_and_1_apart():
    found = map_cells(
        lambda c: f"{type(c).__name__}:{clean_text(c)}", pd.Series([1, True, 1.0, "1", "1"], dtype=object)
    )
    assert list(found) == ["int:1", "bool:True", "float:1.0", "str:1", "str:1"]


@given(st.lists(st.one_of(st.text(alphabet="0123456789 .,-", max_size=17), st.integers(0, 10**9)), max_size=30))
def test_plain_quantities_read_as_parse_quantity_or_leave_it(raw):
    for kind in ("count", "amount"):
        found = plain_quantities(pd.Series(raw, dtype=object), kind)
        for cell, number in zip(raw, found):
            if math.isnan(number):
                continue
            assert isinstance(cell, str) and number == parse_quantity(cell, kind) <= LIMITS[kind]
    assert np.isnan(plain_quantities(pd.Series(["3000000000"]), "count")).all()  # beyond the limit: its message
