"""`framework check` finds, once and placed, every problem scoring would meet: what it accepts scores,
what it refuses `load_catalogue` refuses with the same list (the promise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxkit import CatalogueError, load_catalogue, score
from dxkit.core.catalogue import DEFAULT_FRAMEWORK
from dxkit.core.framework_file import read_framework
from dxkit.intake.validate import validate
from tests.conftest import DATA, inputs, rows

TOY = DATA / "toy_commune.yaml"
COMMUNE = DATA / "commune_dx_2025.yaml"


def _mutated(tmp_path: Path, *changes: tuple[str, str], base: Path = DEFAULT_FRAMEWORK) -> Path:
    """A copy of `base` with each (old, new) replaced once: every old text must be there."""
    text = base.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "changed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    """The line where `needle` (one line or more) starts, as an editor counts it (only '\\n' breaks a line)."""
    text = path.read_text("utf-8")
    return text[: text.index(needle)].count("\n") + 1


def _refused(path: Path, lang: str = "en") -> list[str]:
    """The problems of a refused file, one per line; scoring refuses it with the very same list."""
    _, check = read_framework(path)
    assert not check.usable
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert err.value.text(lang) == check.text(lang)
    return check.text(lang).splitlines()[1:]


def _one(path: Path, needle: str, said: str) -> None:
    """Exactly one problem, at the line of `needle`, saying `said`."""
    found = _refused(path)
    assert len(found) == 1, found
    assert found[0].startswith(f"- line {_line(path, needle)} · "), found
    assert said in found[0], found


# (old, new) in the bundled framework, the line to point at, what is said there
BUNDLED_CASES = {
    "share not a number": (
        [("shares: {weekly: 1.0,", "shares: {weekly: abc,")],
        "shares: {weekly: abc",
        "II.1.6 › rule › shares › weekly: `weekly` must be a number, it is 'abc'",
    ),
    "share above 1": (
        [("shares: {weekly: 1.0,", "shares: {weekly: 1.5,")],
        "shares: {weekly: 1.5",
        "`weekly` must be a share in [0, 1] (of the maximum points), it is 1.5",
    ),
    "share null": ([("shares: {weekly: 1.0,", "shares: {weekly: null,")], "weekly: null", "it is null"),
    "share negative": ([("monthly: 0.5, rarely", "monthly: -0.5, rarely")], "monthly: -0.5", "it is -0.5"),
    "tier min quoted": (
        [("{min: 10, share: 1.0}", '{min: "10", share: 1.0}')],
        '{min: "10"',
        "II.1.4 › rule › tiers › #1 › min: `min` must be a number, it is '10'",
    ),
    "tier min null": ([("{min: 10, share: 1.0}", "{min: null, share: 1.0}")], "{min: null", "it is null"),
    "tier without share": ([("{min: 5, share: 0.5}", "{min: 5}")], "{min: 5}", "tiers › #2: `share` is missing"),
    "no tiers": (
        [
            (
                "          tiers:\n            - {min: 10, share: 1.0}\n            - {min: 5, share: 0.5}\n"
                "            - {min: 0, share: 0.25}",
                "          tiers: []",
            )
        ],
        "tiers: []",
        "`tiers` must be a (non-empty) list of entries with min, share, it is []",
    ),
    "empty numerator": (
        [('numerator: ["II.1.3.a"]', "numerator: []")],
        "numerator: []",
        'II.1.3 › rule › numerator: `numerator` must be a (non-empty) list of variable ids, such as ["II.1.3.a"]',
    ),
    "numerator a lone id": (
        [('numerator: ["II.1.3.a"]', 'numerator: "II.1.3.a"')],
        'numerator: "II.1.3.a"',
        "it is 'II.1.3.a'",
    ),
    "from_general a text field": (
        [('from_general: ["I.4"]', 'from_general: ["I.1"]')],
        'from_general: ["I.1"]',
        "from_general names I.1 of type text: only numeric Part I fields (count, amount) can be taken",
    ),
    "threshold 1e400 (text to YAML)": (
        [("threshold: 0.80", "threshold: 1e400")],
        "threshold: 1e400",
        "rule › threshold: `threshold` must be a number, it is '1e400'",
    ),
    "threshold infinite": ([("threshold: 0.80", "threshold: .inf")], "threshold: .inf", "must be a finite number"),
    "above_one misspelt": (
        [("above_one: expected", "above_one: expect")],
        "above_one: expect",
        "`above_one`: 'expect' is not one of expected (suggestion: did you mean expected?)",
    ),
    "minmax method misspelt": (
        [("  minmax:\n    method: minmax", "  minmax:\n    method: min_max")],
        "method: min_max",
        "rule_defaults › minmax › method: `method`: 'min_max' is not one of minmax, ratio_to_best "
        "(suggestion: did you mean minmax?)",
    ),
    "full_if key misspelt": (
        [
            (
                '{var: "II.5.9.reviewed", equals: true}\n        notes',
                '{var: "II.5.9.reviewed", equal: true}\n        notes',
            )
        ],
        "equal: true}",
        "II.5.9 › rule › full_if › #2 › equal: key `equal` is not in the schema and would be ignored "
        "(suggestion: did you mean equals?)",
    ),
    "on_zero flag misspelt": (
        [('            if_true: "II.5.9.reviewed"', '            if_tru: "II.5.9.reviewed"')],
        "if_tru:",
        "II.5.10 › rule › on_zero › if_tru: key `if_tru` is not in the schema",
    ),
    "on_zero flag not yes/no": (
        [('            if_true: "II.5.9.reviewed"', '            if_true: "II.5.9.incidents"')],
        'if_true: "II.5.9.incidents"',
        "variable II.5.9.incidents is of type count, but `on_zero` needs a variable of type bool",
    ),
    "yes_no of a count": (
        [
            (
                '          type: yes_no\n          value: "II.1.5"',
                '          type: yes_no\n          value: "II.1.4.articles"',
            )
        ],
        'value: "II.1.4.articles"\n\n      - code: "II.1.6"',
        "II.1.5 › rule › value: variable II.1.4.articles is of type count, but `value` needs a variable of type bool",
    ),
    "ratio of a choice": (
        [('numerator: ["II.1.3.a"]', 'numerator: ["II.1.6"]')],
        'numerator: ["II.1.6"]',
        "II.1.3 › rule › numerator › #1: variable II.1.6 is of type choice, but `numerator` needs a variable of "
        "type count, amount",
    ),
    "rule a text": (
        [('        rule:\n          type: yes_no\n          value: "II.1.5"', '        rule: "ratio"')],
        'rule: "ratio"',
        "II.1.5 › rule: `rule` must be a mapping such as {type: ratio, numerator: […], …}, it is 'ratio'",
    ),
    "rule null": (
        [('        rule:\n          type: yes_no\n          value: "II.1.5"', "        rule: null")],
        "rule: null",
        "it is null",
    ),
    "input type misspelt": (
        [("            type: choice", "            type: choise")],
        "type: choise",
        "II.1.1 › type: type 'choise' is not one of amount, bool, choice, count (suggestion: did you mean choice?)",
    ),
    "language key misspelt": (
        [
            (
                '          en: "The grassroots broadcasting system has its own DX programme"',
                '          eng: "The grassroots broadcasting system has its own DX programme"',
            )
        ],
        "eng: ",
        "II.1.5 › label › eng: `eng` is not a language of the framework, so this text would be ignored "
        "(suggestion: did you mean en?)",
    ),
    "check item key unknown": (
        [('      - {var: "II.5.9.incidents", above: 0}', '      - {var: "II.5.9.incidents", above: 0, or: 1}')],
        "or: 1",
        "incidents_vs_none_found › when › #1 › or: key `or` is not in the schema",
    ),
    "check variable unknown": (
        [('      - {var: "II.5.9.incidents", above: 0}', '      - {var: "II.5.9.incident", above: 0}')],
        '"II.5.9.incident",',
        "when › #1 › var: check incidents_vs_none_found uses variable II.5.9.incident, which the framework does "
        "not declare (suggestion: did you mean II.5.9.incidents?)",
    ),
    "tiers read no flag on a zero denominator": (
        [("  tiers:\n    on_zero: no_denominator", '  tiers:\n    on_zero: {if_true: "II.5.9.reviewed"}')],
        "on_zero: {if_true",
        "rule_defaults › tiers › on_zero: `on_zero`: {if_true: II.5.9.reviewed} is not one of no_denominator, full",
    ),
    "rule without type": (
        [('          type: yes_no\n          value: "II.1.5"', '          value: "II.1.5"')],
        '        rule:\n          value: "II.1.5"',
        "II.1.5 › rule: `type` is missing (suggestion: use one of: choice, count, minmax, parts, ratio, tiers, yes_no)",
    ),
    "rule default not a mapping": (
        [("  minmax:\n    method: minmax", "  minmax: minmax")],
        "  minmax: minmax",
        "rule_defaults › minmax: `minmax` must be a mapping of key: value",
    ),
    "total_max negative": (
        [("  total_max: 1000", "  total_max: -1000")],
        "total_max: -1000",
        "framework › total_max: `total_max` must be above 0, it is -1000",
    ),
    "total_max infinite": ([("  total_max: 1000", "  total_max: .inf")], "total_max: .inf", "must be a finite number"),
    "duplicate key": (
        [("  total_max: 1000", "  total_max: 1000\n  total_max: 1000.0")],
        "total_max: 1000.0",
        "framework › total_max: key `total_max` is written twice (lines 67 and 68): only the later value is used",
    ),
}


@pytest.mark.parametrize("case", list(BUNDLED_CASES), ids=str)
def test_a_problem_scoring_would_meet_is_one_placed_error(tmp_path, case):
    changes, needle, said = BUNDLED_CASES[case]
    _one(_mutated(tmp_path, *changes), needle, said)


def test_a_negative_pillar_maximum_is_refused_and_no_sum_is_suggested_from_it(tmp_path):
    path = _mutated(tmp_path, ("    max_points: 80\n", "    max_points: -80\n"))
    found = _refused(path)
    assert found == [
        f"- line {_line(path, 'max_points: -80')} · II.1 › max_points: `max_points` must be above 0, it is -80"
    ]
    assert "gợi ý" not in _refused(path, "vi")[0]  # no "cho đủ -80"


def test_a_rule_default_is_checked_once_at_its_own_place(tmp_path):
    path = _mutated(tmp_path, ("    on_zero: no_denominator", "    on_zero: no_denominater"))
    _one(path, "on_zero: no_denominater", "rule_defaults › ratio › on_zero: `on_zero`: 'no_denominater' is not one")
    assert "did you mean no_denominator?" in _refused(path)[0]
    path = _mutated(tmp_path, ("          on_zero: full", "          on_zero: ful"))
    _one(path, "on_zero: ful", "rule_defaults › ratio › overrides › zero_denominator › full › on_zero: ")
    path = _mutated(tmp_path, ("    on_zero: no_denominator", "    on_zeroo: no_denominator"))
    _one(
        path, "on_zeroo:", "rule_defaults › ratio › on_zeroo: rule ratio does not take `on_zeroo` (suggestion: did you"
    )


def test_scoring_fails_on_nothing_check_accepts(tmp_path):
    """Variants the check accepts (integers for shares, a yes/no flag on a zero denominator) score."""
    path = _mutated(
        tmp_path,
        ("shares: {weekly: 1.0, monthly: 0.5, rarely: 0.0}", "shares: {weekly: 1, monthly: 0.5, rarely: 0}"),
        ("{min: 10, share: 1.0}", "{min: 10.0, share: 1}"),
        ("  ratio:\n    on_zero: no_denominator", '  ratio:\n    on_zero: {if_true: "II.5.9.reviewed"}'),
    )
    cat, check = read_framework(path)
    assert check.usable, check.text("en")
    data = inputs(
        rows(("II.1.6", "weekly"), ("II.1.4.section", "có"), ("II.1.4.articles", 12), ("II.5.9.reviewed", "có"))
    )
    crit = score(data, cat).criteria().set_index("code")
    assert crit.loc["II.1.6", "points"] == crit.loc["II.1.6", "max_points"]
    assert crit.loc["II.1.4", "points"] == crit.loc["II.1.4", "max_points"]
    validate(data, cat)


def test_count_and_parts_take_positive_points(tmp_path):
    path = _mutated(tmp_path, ("points_each: 5", "points_each: one"), base=TOY)
    _one(path, "points_each: one", "C.1.2 › rule › points_each: `points_each` must be a number, it is 'one'")
    path = _mutated(tmp_path, ("points_each: 5", "points_each: 0"), base=TOY)
    _one(path, "points_each: 0", "`points_each` must be above 0, it is 0")
    path = _mutated(
        tmp_path,
        ('{value: "A.4.quarterly", points: 15}', '{value: "A.4.quarterly", points: -15}'),
        ('{value: "A.4.review", points: 15}', '{value: "A.4.review", points: 45}'),
        base=COMMUNE,
    )
    _one(path, "points: -15", "A.4 › rule › parts › #1 › points: `points` must not be negative, it is -15")


def test_a_line_separator_inside_a_text_shifts_no_line(tmp_path):
    path = _mutated(
        tmp_path,
        (
            '    vi: "Chỉ số chuyển đổi số cấp huyện (DTI) năm 2023"',
            '    vi: "Chỉ số chuyển đổi số\u2028cấp huyện\u2029(DTI)\x85 năm 2023"',
        ),
        ("threshold: 0.80", "threshold: 80"),
    )
    _one(path, "threshold: 80", "threshold 80 is not in (0, 1]")


def test_a_file_that_cannot_be_read_is_told_in_the_readers_language(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("framework:\n  id: x\n  name: {vi: Ch\u1ec9 s\u1ed1}\n".encode() + b"  note: caf\xe9\n")
    _, check = read_framework(latin)
    assert check.text("en").splitlines()[1] == (
        "- line 4: the file is not UTF-8 text: byte 56 (0xE9) cannot be read "
        "(suggestion: open the file in an editor and save it again as UTF-8)"
    )
    _, check = read_framework(tmp_path / "missing.yaml")
    assert check.text("vi").splitlines()[1] == "- không đọc được tệp bộ chỉ số: không tìm thấy"
    _, check = read_framework(tmp_path)
    assert check.text("vi").splitlines()[1] == "- không đọc được tệp bộ chỉ số: là một thư mục"
    with pytest.raises(CatalogueError) as err:
        load_catalogue(tmp_path)
    assert "Error" not in err.value.text("vi") and "là một thư mục" in err.value.text("vi")


def test_a_key_written_twice_is_a_duplicate_even_with_the_same_value(tmp_path):
    path = _mutated(tmp_path, ("  total_max: 1000", "  total_max: 1000\n  total_max: 1000"))
    assert [f.message.key for f in read_framework(path)[1].findings] == ["framework.duplicate_key"]


def test_a_comma_that_cuts_a_text_is_found_with_a_suggestion_to_quote_it(tmp_path):
    toy = DEFAULT_FRAMEWORK.parents[2] / "tests" / "data" / "toy_commune.yaml"
    path = _mutated(tmp_path, ("en: Share of residents with an e-ID", "en: Share of residents, with an e-ID"), base=toy)
    found = read_framework(path)[1]
    assert not found.usable
    assert any(r["suggestion"].startswith("a comma inside a {vi: …, en: …} text cut it") for r in found.rows("en"))
