"""dxkit.reports.data's report model: computed once, the same from the batch's cache as computed directly,
and the notebooks render from it without calling the analysis."""

import json
from pathlib import Path

import IPython.display
import pandas as pd
import pytest

import dxkit.analysis as an
from dxkit.analysis import evidence, planning, ranking, sensitivity, trends
from dxkit.reports import narrative as nr
from dxkit.reports.data import build, load, save, unit_report
from dxkit.sample import SAMPLE_DIR

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2024
HEAVY = [
    "profile",
    "losses",
    "losses_by_department",
    "pending",
    "minmax_bounds",
    "year_over_year",
    "top_movers",
    "quick_wins",
    "plan_to_target",
    "sensitivity",
    "rank_intervals",
    "missing_evidence",
]


def text(sections: list[nr.Section]) -> list[tuple[str, list[str]]]:
    return [(s.title, s.paragraphs) for s in sections]


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """The sample as the batch hands it to the notebooks: scored, analysed for some districts of 2024 (spread over
    the list, the one the notebook test renders, the two whose values the synthetic appraisal corrected), saved."""
    data = build(SAMPLE_DIR)
    every = sorted(data.assessment.totals().query("year == @YEAR")["district"])
    districts = sorted({*every[:: len(every) // 3], "Chư Prông", "Đak Pơ", "Mang Yang"} & set(every))
    path = save(data.analyse(YEAR, districts), tmp_path_factory.mktemp("model") / "report-data.pickle")
    return path, districts


@pytest.fixture
def no_analysis(monkeypatch):
    """Every analysis function that computes something raises from here on."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the analysis was called again")

    for module in (an, ranking, trends, planning, sensitivity, evidence):
        for name in HEAVY:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, forbidden)


def test_the_cached_model_says_what_the_analysis_says_directly(cached):
    path, districts = cached
    data = load(SAMPLE_DIR, path)
    a = data.assessment
    assert {d for d, y in data.units if y == YEAR} == set(districts)
    for district in districts:
        unit = data.unit(district, YEAR)
        direct = unit_report(a, district, YEAR, synthetic=data.synthetic, intervals=data.intervals)
        assert text(nr.district_report_text(unit)) == text(nr.district_report_text(direct))
        pd.testing.assert_frame_equal(unit.departments, an.losses_by_department(a, district, YEAR))
        pd.testing.assert_frame_equal(unit.quick_wins, an.quick_wins(a, district, YEAR))
        pd.testing.assert_frame_equal(unit.movers, an.top_movers(a, district, YEAR))
    pd.testing.assert_frame_equal(data.year(YEAR).profile, an.profile(a))


def test_another_language_or_target_is_computed_for_the_reader(cached):
    path, districts = cached
    data = load(SAMPLE_DIR, path, lang="en")
    unit = data.unit(districts[-1], YEAR)
    assert unit.lang == "en" and nr.summary(unit).title == "Summary"
    assert text(nr.district_report_text(unit)) == text(
        nr.district_report_text(
            unit_report(data.assessment, districts[-1], YEAR, "en", synthetic=True, intervals=data.intervals)
        )
    )
    planned = data.unit(districts[-1], YEAR, target_total=990)
    assert planned.plan.attrs["target_total"] == 990 and planned.target_rank is None


@pytest.mark.parametrize(
    "notebook, parameters", [("district_report.ipynb", {"district": "CHƯ PRÔNG"}), ("province_comparison.ipynb", {})]
)
def test_the_notebooks_render_from_the_model_alone(cached, no_analysis, monkeypatch, notebook, parameters):
    """Every code cell of the notebook, run in this process on the batch's cache: no analysis is called."""
    path, _ = cached
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(o.data for o in objs))
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    scope: dict = {}
    exec(code[0], scope)  # the parameters cell
    scope.update(inputs=str(SAMPLE_DIR), year=YEAR, cache=str(path), **parameters)
    for source in code[1:]:
        exec(source, scope)
    assert sum("<figure" in html for html in shown) >= 2 and any("Chư Prông" in html for html in shown)
