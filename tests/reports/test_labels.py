"""The reports' words: both languages say the same things, options read as words."""

import string

import pytest

from dxkit import load_catalogue
from dxkit.core import vocab
from dxkit.reports.labels import LANGS, label, reading
from tests.conftest import DATA

REPORT_WORDS = sorted(k for k in vocab.message_ids() if k.startswith("reports."))


@pytest.mark.parametrize("key", REPORT_WORDS)
def test_both_languages_take_the_same_fields(key):
    vi, en = (vocab.template(key, lang) for lang in ("vi", "en"))
    fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in (vi, en)]
    assert fields[0] == fields[1]


def test_reports_speak_every_language_of_the_vocabulary():
    assert tuple(LANGS) == vocab.languages() and LANGS[0] == "vi"


def test_english_is_chosen_by_lang_and_vietnamese_is_the_default():
    assert label("report_title", district="Đak Đoa", year=2024) == "Báo cáo Chuyển đổi số Đak Đoa năm 2024"
    assert label("report_title", "en", district="Đak Đoa", year=2024) == "Digital transformation report: Đak Đoa, 2024"


def test_sensitivity_scenarios_read_as_the_options_meaning():
    cat = load_catalogue()
    assert reading(cat, "", "vi") == "Theo văn bản (mặc định)"
    assert reading(cat, "minmax_method=ratio_to_best", "en") == cat.options["minmax_method"].values["ratio_to_best"](
        "en"
    )


def test_titles_say_the_frameworks_noun_for_its_units():
    """`{unit}`/`{units}` come from the framework (huyện, xã…), the neutral "đơn vị" / "units" without one."""
    commune = load_catalogue(DATA / "commune_dx_2025.yaml")
    assert label("comparison_title", "vi", load_catalogue(), year=2024) == "So sánh Chuyển đổi số các huyện năm 2024"
    assert label("comparison_title", "vi", commune, year=2025) == "So sánh Chuyển đổi số các xã năm 2025"
    assert (
        label("comparison_title", "en", commune, year=2025)
        == "Digital transformation: comparison of the communes, 2025"
    )
    assert label("no_moves", "en", commune) == "No commune changes rank under another reading."
    assert label("index_title", "vi", year=2025) == "Báo cáo Chuyển đổi số các đơn vị năm 2025"
    assert label("index_title", "en", year=2025) == "Digital transformation reports of the units, 2025"
