"""The crosswalk between two versions of a framework: pairs, codes kept, dropped and new, merges refused,
earlier scores in the new framework's terms (tests/data/crosswalk/README.md)."""

import pandas as pd
import pytest

from dxkit.core.crosswalk import Crosswalk, Entry
from dxkit.core.problems import InputError
from tests.conftest import DATA

HERE = DATA / "crosswalk"


REVISION = [Entry("C.1.2", "C.1.3"), Entry("C.2.2", None), Entry(None, "C.1.2")]


def keys(err: pytest.ExceptionInfo) -> list[str]:
    return [p.rule.key for p in err.value.problems]


def test_pairs_listed_and_codes_kept_dropped_and_new(old, new):
    cw = Crosswalk.of(old, new, REVISION)
    assert dict(cw.pairs) == {"C.1.1": "C.1.1", "C.1.2": "C.1.3", "C.2.1": "C.2.1"}  # C.1.1, C.2.1 kept as they are
    assert cw.comparable() == ["C.1.1", "C.1.3", "C.2.1"]  # the new framework's order
    assert (cw.dropped, cw.new) == (("C.2.2",), ("C.1.2",))


def test_not_comparable_names_each_criterion_and_why_in_each_language(old, new):
    cw = Crosswalk.of(old, new, REVISION)
    vi = cw.not_comparable()
    assert list(vi.columns) == ["code", "name", "max_points", "reason", "why"]
    assert vi.values.tolist() == [
        ["C.2.2", "Họp không giấy", 20, "dropped", "không còn trong bộ chỉ số mới"],
        ["C.1.2", "Có nền tảng số cộng đồng", 10, "new", "mới, không có tiêu chí tương ứng trong bộ chỉ số cũ"],
    ]
    en = cw.not_comparable("en")
    assert en["name"].tolist() == ["Paperless meetings", "Community digital platform"]
    assert en["why"].tolist() == [
        "no longer in the new framework",
        "new, with no matching criterion in the old framework",
    ]


def test_one_framework_maps_every_code_to_itself(toy):
    cw = Crosswalk.of(toy, toy)
    assert dict(cw.pairs) == {c: c for c in toy.criteria} and cw.dropped == cw.new == ()
    assert cw.not_comparable().empty


def test_a_reused_code_is_dropped_and_new_not_kept(old, new):
    """Listing a code turns off 'kept under its code': C.2.1 dropped and C.2.1 new compare with nothing."""
    cw = Crosswalk.of(old, new, [*REVISION, Entry("C.2.1", None), Entry(None, "C.2.1")])
    assert "C.2.1" not in cw.pairs and cw.dropped == ("C.2.1", "C.2.2") and cw.new == ("C.1.2", "C.2.1")


def test_earlier_scores_in_the_new_frameworks_terms_on_its_scale(old, new):
    """C.1.2 → C.1.3 keeps its 30 points; C.2.1 went from 10 to 20 points: 10/10 is 20 on the new scale."""
    scores = pd.DataFrame(
        {
            "district": "A",
            "year": 2023,
            "level": ["criterion"] * 4 + ["pillar", "total"],
            "pillar": ["C.1", "C.1", "C.2", "C.2", "C.1", ""],
            "code": ["C.1.1", "C.1.2", "C.2.1", "C.2.2", "C.1", "TOTAL"],
            "points": [24.0, 20, 10, 20, 44, 74],
            "max_points": [40.0, 30, 10, 20, 70, 100],
            "status": "ok",
        }
    )
    mapped = Crosswalk.of(old, new, REVISION).map_scores(scores)
    got = mapped[["code", "pillar", "code_previous", "max_points", "points", "max_points_previous", "points_scored"]]
    assert got.values.tolist() == [
        ["C.1.1", "C.1", "C.1.1", 40, 24, 40, 24],
        ["C.1.3", "C.1", "C.1.2", 30, 20, 30, 20],
        ["C.2.1", "C.2", "C.2.1", 20, 20, 10, 10],
    ]  # C.2.2 dropped, pillar and total rows left out
    assert mapped["rescaled"].tolist() == [False, False, True]
    assert (mapped["status"] == "ok").all() and (mapped["district"] == "A").all()


def test_two_old_criteria_merged_into_one_are_refused_with_the_way_out(old, new):
    with pytest.raises(InputError) as err:
        Crosswalk.of(old, new, [Entry("C.1.2", "C.1.3", 2), Entry("C.2.2", "C.1.3", 3), Entry(None, "C.1.2", 4)])
    (merged,) = err.value.problems
    assert merged.rule.key == "crosswalk.merged" and merged.row == 3
    assert merged.rule.text("en") == (
        "new code C.1.3 already follows old code C.1.2 on row 2: two old criteria are not merged into one new "
        'criterion, their points do not compare; write "dropped" for the old codes and "new" for the new code'
    )
    assert "không gộp hai tiêu chí cũ vào một tiêu chí mới" in merged.rule.text("vi")


def test_an_old_criterion_split_in_two_is_refused(old, new):
    with pytest.raises(InputError) as err:
        Crosswalk.of(old, new, [Entry("C.1.2", "C.1.3", 2), Entry("C.1.2", "C.1.2", 3), Entry("C.2.2", None, 4)])
    assert keys(err) == ["crosswalk.twice_old"] and err.value.problems[0].row == 3
    assert err.value.problems[0].rule.text("vi").startswith("mã cũ C.1.2 đã ghi ở dòng 2: mỗi tiêu chí cũ chỉ một dòng")


def test_nothing_is_guessed_every_gap_is_a_problem(old, new):
    """No entries between two different sets: C.1.2 and C.2.1 exist in both and are kept; the others are gaps."""
    with pytest.raises(InputError) as err:
        Crosswalk.of(old, new, file="x.csv")
    assert [(p.rule.key, p.rule.fields["code"]) for p in err.value.problems] == [
        ("crosswalk.old_missing", "C.2.2"),
        ("crosswalk.new_missing", "C.1.3"),
    ]
    assert {p.file for p in err.value.problems} == {"x.csv"} and err.value.problems[0].row is None
    assert err.value.problems[0].rule.text("vi") == (
        'tiêu chí cũ C.2.2 (Họp không giấy) không có trong bộ chỉ số mới: ghi mã mới của nó, hoặc "bỏ"'
    )
    with pytest.raises(InputError) as err:
        Crosswalk.of(old, new, [Entry("C.1.2", "C.1.3")])
    assert [(p.rule.key, p.rule.fields["code"]) for p in err.value.problems] == [
        ("crosswalk.old_missing", "C.2.2"),
        ("crosswalk.new_taken", "C.1.2"),  # old C.1.2 is listed: new C.1.2 needs a predecessor or "new"
    ]
    assert err.value.problems[1].rule.text("en") == (
        "new criterion C.1.2 (Community digital platform) is not listed, and the old framework's code C.1.2 is "
        'listed for another criterion: write the old code it follows, or "new"'
    )


def test_unknown_codes_name_the_framework_and_the_closest_codes(old, new):
    with pytest.raises(InputError) as err:
        Crosswalk.of(old, new, [*REVISION, Entry("C.2.9", None, 5), Entry(None, "C.9.1", 6)], columns=("cũ", "mới"))
    unknown_old, unknown_new = err.value.problems
    assert (unknown_old.row, unknown_old.column, unknown_new.row, unknown_new.column) == (5, "cũ", 6, "mới")
    assert unknown_old.rule.text("vi") == (
        "mã cũ C.2.9 không có trong bộ chỉ số cũ (Bộ chỉ số thử nghiệm cấp xã 2023); có phải: C.2.2, C.2.1, C.1.2?"
    )
    assert unknown_new.rule.text("en").startswith(
        "new code C.9.1 is not in the new framework (Toy commune-level set 2024)"
    )
