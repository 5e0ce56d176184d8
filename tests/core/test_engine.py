"""The engine on a made-up commune framework: a new framework is a data file, not code."""

import pytest

from dxkit import InputError, score
from tests.conftest import inputs, rows


def crit(result, district, code):
    s = result.scores
    return s[(s.district == district) & (s.code == code)].iloc[0]


def test_ratio_with_proportional_threshold_and_part_i_denominator(toy):
    r = score(inputs(rows(("C.1.1.a", "400"), ("I.1", "1000"), ("C.1.2", 3), ("C.1.3", 2))), toy)
    row = crit(r, "A", "C.1.1")
    assert row.points == pytest.approx(32.0)  # 40% / 50% × 40
    assert row.status == "ok"
    assert "lấy từ phần I" in row.explanation_vi and "taken from Part I" in row.explanation_en
    assert crit(r, "A", "C.1.2").points == 15


def test_count_is_capped_at_the_maximum(toy):
    r = score(inputs(rows(("C.1.2", "6")) + rows(("C.1.2", "7"), district="B")), toy)
    assert crit(r, "A", "C.1.2").points == 30
    assert crit(r, "B", "C.1.2").points == 30
    assert "tối đa 30" in crit(r, "B", "C.1.2").explanation_vi


def test_minmax_across_units_of_the_same_year(toy):
    data = (
        rows(("C.1.3", "2"))
        + rows(("C.1.3", "5"), district="B")
        + rows(("C.1.3", "3"), district="C")
        + rows(("C.1.3", "9"), district="A", year=2023)
    )
    r = score(inputs(data), toy)
    s = r.scores[r.scores.code == "C.1.3"].set_index(["district", "year"])
    assert s.loc[("A", 2024), "points"] == 0
    assert s.loc[("B", 2024), "points"] == 30
    assert s.loc[("C", 2024), "points"] == pytest.approx(10.0)  # (3-2)/(5-2) × 30
    assert s.loc[("A", 2023), "status"] == "needs_peers"  # alone in its year
    assert s.loc[("A", 2023), "points"] == 0
    total = r.totals().set_index(["district", "year"])
    assert bool(total.loc[("A", 2023), "provisional"]) and "TẠM TÍNH" in total.loc[("A", 2023), "explanation_vi"]
    assert not bool(total.loc[("A", 2024), "provisional"])


def test_minmax_with_reference_bounds_scores_a_single_unit(toy):
    r = score(inputs(rows(("C.1.3", "4"))), toy, bounds={"C.1.3": {2024: (0.0, 8.0)}})
    row = crit(r, "A", "C.1.3")
    assert (row.status, row.points) == ("ok", 15.0)
    assert "ngưỡng tham chiếu năm 2024" in row.explanation_vi


def test_minmax_equal_values_full_if_positive(toy):
    r = score(inputs(rows(("C.1.3", "4")) + rows(("C.1.3", "4"), district="B")), toy)
    assert crit(r, "A", "C.1.3").points == 30
    r0 = score(inputs(rows(("C.1.3", "0")) + rows(("C.1.3", "0"), district="B")), toy)
    assert crit(r0, "A", "C.1.3").points == 0


def test_zero_denominator_default_and_option(toy):
    data = inputs(rows(("C.1.1.a", "0"), ("C.1.1.b", "0")))
    row = crit(score(data, toy), "A", "C.1.1")
    assert (row.status, row.points) == ("no_denominator", 0)
    assert "cần rà soát" in row.explanation_vi
    row = crit(score(data, toy, options={"zero_denominator": "full"}), "A", "C.1.1")
    assert (row.status, row.points) == ("ok", 40)


def test_part_larger_than_whole_is_invalid_with_words(toy):
    row = crit(score(inputs(rows(("C.1.1.a", "1200"), ("C.1.1.b", "1000"))), toy), "A", "C.1.1")
    assert (row.status, row.points) == ("invalid", 0)
    assert "C.1.1.a = 1200 lớn hơn C.1.1.b = 1000: phần không thể lớn hơn tổng" in row.explanation_vi


def test_bad_value_invalidates_only_its_criterion(toy):
    r = score(inputs(rows(("C.1.2", "abc"), ("C.1.3", "1"), ("C.1.1.a", "1"), ("C.1.1.b", "2"))), toy)
    assert crit(r, "A", "C.1.2").status == "invalid"
    assert "'abc' không phải là số" in crit(r, "A", "C.1.2").explanation_vi
    assert crit(r, "A", "C.1.1").points == pytest.approx(40.0)
    [problem] = r.prepared.value_problems
    assert (problem.district, problem.year, problem.variable, problem.value) == ("A", 2024, "C.1.2", "abc")


def test_missing_input_is_never_a_silent_zero(toy):
    row = crit(score(inputs(rows(("C.1.1.a", "5"))), toy), "A", "C.1.1")
    assert (row.status, row.points) == ("missing", 0)
    assert row.explanation_vi == "Thiếu dữ liệu: C.1.1.b → 0/40 điểm"


def test_blocking_problems_are_all_reported_at_once(toy):
    data = inputs(rows(("C.1.1a", "5"), ("C.9", "1")) + [("A", "20x4", "C.1.2", "1")])
    with pytest.raises(InputError) as exc:
        score(data, toy)
    text = str(exc.value)
    assert "có phải 'C.1.1.a'?" in text and "C.9" in text and "năm '20x4'" in text
    assert len(exc.value.problems) == 3


def test_two_sources_disagreeing_is_an_error_same_value_twice_is_not(toy):
    same = inputs(rows(("C.1.2", "3"), ("C.1.2", "3")))
    assert crit(score(same, toy), "A", "C.1.2").points == 15
    with pytest.raises(InputError, match="hai nguồn cho giá trị khác nhau"):
        score(inputs(rows(("C.1.2", "3"), ("C.1.2", "4"))), toy)


def test_district_spellings_are_normalised_not_duplicated(toy):
    import unicodedata

    data = inputs(
        rows(("C.1.2", "3"), district="Chư Prông")
        + rows(("C.1.3", "1"), district=unicodedata.normalize("NFD", " Chư  Prông"))
    )
    r = score(data, toy)
    assert list(r.totals().district) == ["Chư Prông"]


def test_given_denominator_disagreeing_with_part_i_is_a_warning(toy):
    r = score(inputs(rows(("C.1.1.a", "10"), ("C.1.1.b", "100"), ("I.1", "120"))), toy)
    [w] = r.prepared.warnings
    assert w.severity == "warning" and w.variable == "C.1.1.b" and "I.1 = 120" in w.rule_text("vi")


def test_unknown_option_value_is_refused(toy):
    with pytest.raises(ValueError, match="zero_denominator='half'"):
        score(inputs(rows(("C.1.2", "1"))), toy, options={"zero_denominator": "half"})


def test_scores_state_their_assumptions(toy):
    r = score(inputs(rows(("C.1.2", "1"))), toy, options={"zero_denominator": "full"})
    assert set(r.table()["assumptions"]) == {"zero_denominator=full; minmax_bounds=peers; stage=self"}
    assert list(r.totals().columns[:6]) == ["district", "year", "level", "pillar", "code", "points"]


def test_a_third_language_is_a_third_explanation_column(toy, tmp_path, monkeypatch):
    """A language folder (here a copy of English under 'fr') gives its own explanations and problems."""
    import shutil
    from importlib import resources

    from dxkit.core import vocab

    root = tmp_path / "locales"
    shutil.copytree(resources.files("dxkit") / "locales", root)
    shutil.copytree(root / "en", root / "fr")
    (root / "fr" / "language.yaml").write_text("name: Français\nlocale: fr\n", encoding="utf-8")
    monkeypatch.setattr(vocab, "LOCALES", root)
    vocab.languages.cache_clear()
    vocab._catalogue.cache_clear()
    try:
        r = score(inputs(rows(("C.1.1.a", "1200"), ("I.1", "1000"), ("C.1.2", 7), ("C.1.3", 2))), toy)
        assert [c for c in r.scores.columns if c.startswith("explanation_")] == [
            "explanation_vi",
            "explanation_en",
            "explanation_fr",
        ]
        row = crit(r, "A", "C.1.2")
        assert row.explanation_fr == row.explanation_en == "C.1.2 = 7 × 5 = 35, capped at 30 → 30/30 points"
        assert crit(r, "A", "TOTAL").explanation_fr.startswith("Sum of 3 criteria: ")
        [capped] = r.findings
        assert capped.rule_text("fr").startswith("Ratio = 1\u202f200/1\u202f000 = 120%")  # French numbers
        assert capped.rule_text("fr").endswith("; to review")
        assert toy.criteria["C.1.2"].name("fr") == toy.criteria["C.1.2"].name("vi")  # not in the file: Vietnamese
    finally:
        vocab.languages.cache_clear()
        vocab._catalogue.cache_clear()
