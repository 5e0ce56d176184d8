"""The district DTI 2023 catalogue: complete, faithful to the seed, and checked when it is loaded."""

import copy
import re
from pathlib import Path

import pytest
import yaml

from dxkit import CatalogueError, load_catalogue, score
from tests.conftest import DATA, inputs, rows

SEED = Path(__file__).resolve().parents[2] / "docs" / "source" / "phu_luc_02_chu_prong_2023.txt"  # the seed, verbatim

PILLARS = {  # code: (Vietnamese name, max points) as in the seed, typos fixed
    "II.1": ("Nhận thức số", 80),
    "II.2": ("Thể chế số", 120),
    "II.3": ("Hạ tầng số", 100),
    "II.4": ("Nhân lực số", 90),
    "II.5": ("An toàn thông tin mạng", 100),
    "II.6": ("Hoạt động chính quyền số", 260),
    "II.7": ("Hoạt động kinh tế số", 140),
    "II.8": ("Hoạt động xã hội số", 110),
}
CRITERIA_PER_PILLAR = {"II.1": 6, "II.2": 10, "II.3": 7, "II.4": 8, "II.5": 11, "II.6": 20, "II.7": 7, "II.8": 5}

# The variable ids of the input contract (issue 2): part of the public interface.
CONTRACT_VARIABLES = {
    "II.1.1",
    "II.1.2.provincial",
    "II.1.2.district",
    "II.1.3.a",
    "II.1.3.b",
    "II.1.4.section",
    "II.1.4.articles",
    "II.1.5",
    "II.1.6",
    *[f"II.2.{k}" for k in range(1, 11)],
    *[f"II.3.{k}.{s}" for k in range(1, 8) for s in "ab"],
    "II.4.1.a",
    "II.4.1.b",
    "II.4.2.a",
    "II.4.2.b",
    "II.4.3",
    "II.4.4.a",
    "II.4.4.b",
    "II.4.5",
    "II.4.6.a",
    "II.4.6.b",
    "II.4.7.a",
    "II.4.7.b",
    "II.4.8.a",
    "II.4.8.b",
    *[f"II.5.{k}.{s}" for k in range(1, 9) for s in "ab"],
    "II.5.9.incidents",
    "II.5.9.reviewed",
    "II.5.10.a",
    "II.5.10.b",
    "II.5.11.a",
    "II.5.11.b",
    "II.6.1.compliant",
    "II.6.1.ipv6",
    "II.6.2.published",
    "II.6.2.technical",
    "II.6.3.a",
    "II.6.3.b",
    "II.6.4.a",
    "II.6.4.b",
    "II.6.5.a",
    "II.6.5.b",
    "II.6.5.c",
    "II.6.5.d",
    "II.6.6.a",
    "II.6.6.b",
    "II.6.6.c",
    "II.6.7.a",
    "II.6.7.b",
    "II.6.7.c",
    "II.6.7.d",
    "II.6.8.a",
    "II.6.8.b",
    "II.6.9.a",
    "II.6.9.b",
    "II.6.10.a",
    "II.6.10.b",
    "II.6.11.district",
    "II.6.11.agencies",
    "II.6.12",
    "II.6.13",
    "II.6.14",
    "II.6.15",
    "II.6.16",
    "II.6.17.a",
    "II.6.17.b",
    "II.6.18.a",
    "II.6.18.b",
    "II.6.19.a",
    "II.6.19.b",
    "II.6.20",
    *[f"II.7.{k}.{s}" for k in range(1, 8) for s in "ab"],
    "II.8.1.a",
    "II.8.1.b",
    "II.8.2.a",
    "II.8.2.b",
    "II.8.3.a",
    "II.8.3.b",
    "II.8.4",
    "II.8.5",
}

# Part I: department supplying each field in the seed (None: filled by the district itself).
PART_I = {
    "I.1": None,
    "I.2": None,
    "I.3": None,
    "I.4": "ldtbxh",
    "I.5": "ldtbxh",
    "I.6": "ldtbxh",
    "I.7": "noi_vu",
    "I.8": "noi_vu",
    "I.9": "noi_vu",
    "I.10": "noi_vu",
    "I.11": "noi_vu",
    "I.12": "vp_ubnd",
    "I.13": "vp_ubnd",
    "I.14": "vp_ubnd",
    "I.15": "tckh",
    "I.16": "tckh",
    "I.17": "vhtt",
    "I.18": "tckh",
    "I.19": "vp_ubnd",
    "I.20": "vhtt",
}


def test_loads_with_74_criteria_in_8_pillars(dti):
    assert dti.id == "vn-district-dti-2023"
    assert dti.total_max == 1000
    assert len(dti.criteria) == 74
    assert [p.code for p in dti.pillars] == list(PILLARS)
    for p in dti.pillars:
        name, mx = PILLARS[p.code]
        assert (p.name.vi, p.max_points) == (name, mx)
        assert len(p.criteria) == CRITERIA_PER_PILLAR[p.code]
        assert [c.code for c in p.criteria] == [f"{p.code}.{k}" for k in range(1, len(p.criteria) + 1)]
        assert sum(c.max_points for c in p.criteria) == mx
        assert all(c.pillar == p.code for c in p.criteria)
    assert sum(p.max_points for p in dti.pillars) == 1000


def test_pillar_names_in_english(dti):
    assert {p.code: p.name.en for p in dti.pillars} == {
        "II.1": "Digital awareness",
        "II.2": "Digital institutions",
        "II.3": "Digital infrastructure",
        "II.4": "Digital human resources",
        "II.5": "Cyber information security",
        "II.6": "Digital government activities",
        "II.7": "Digital economy activities",
        "II.8": "Digital society activities",
    }


def test_part_i_has_the_20_fields_and_the_contact_block(dti):
    codes = [g.code for g in dti.general]
    assert [c for c in codes if re.fullmatch(r"I\.\d+", c)] == [f"I.{k}" for k in range(1, 21)]
    subs = {c for c in codes if c.startswith("I.20.")}
    assert subs == {f"I.20.{k}.{f}" for k in (1, 2) for f in ("name", "unit", "position", "phone", "email")}
    fields = dti.general_fields
    for code, dept in PART_I.items():
        assert fields[code].department == dept, code
        assert fields[code].name.vi and fields[code].name.en, code
    assert {g.group for g in dti.general if g.code.startswith("I.20")} == {"contact"}
    assert [fields[c].type for c in ("I.1", "I.2", "I.3")] == ["text"] * 3
    assert fields["I.18"].type == "amount"  # billion VND
    assert all(fields[f"I.{k}"].type == "count" for k in range(4, 20) if k != 18)
    assert fields["I.4"].name.vi == "Số lượng dân số" and fields["I.4"].unit.vi == "người"


def test_contract_variable_ids(dti):
    assert set(dti.variables) == CONTRACT_VARIABLES
    for v in dti.variables.values():
        assert v.id == v.criterion or v.id.startswith(v.criterion + "."), v.id
        assert v.label.vi and v.label.en, v.id


def test_every_criterion_is_complete(dti):
    for c in dti.criteria.values():
        assert c.name.vi and c.name.en, c.code
        assert c.method.vi and c.method.en, c.code
        assert c.evidence.vi and c.evidence.en, c.code
        assert c.responsible, c.code
        for d in c.responsible:
            assert dti.departments[d].kind == "department", (c.code, d)  # partners only coordinate
        assert all(d in dti.departments for d in c.coordinating), c.code
        assert c.inputs, c.code
        assert c.max_points > 0


def test_no_markup_left_from_the_seed(dti):
    texts = [t for c in dti.criteria.values() for t in (c.name.vi, c.name.en, c.method.vi, c.method.en)]
    texts += [p.name.vi for p in dti.pillars]
    for t in texts:
        assert not re.search(r"<[a-z/][^>]*>|\$|\\geq|\\%", t), t


def test_typo_fixes(dti):
    assert dti.pillars[0].code == "II.1" and dti.pillars[0].name.vi == "Nhận thức số"  # seed: "I.1"
    assert dti.pillars[1].name.vi == "Thể chế số"  # seed: "Thẻ chế số"
    assert "chỉ đạo cho chuyển đổi số" in dti.criteria["II.2.7"].name.vi  # seed: "chỉ cho"
    assert dti.criteria["II.3.7"].notes is not None
    names = [d.name.vi for d in dti.departments.values()]
    assert not any("HỠND" in n for n in names)
    assert "CHUYÊN ĐỔI" not in dti.name.vi.upper()


def test_department_spellings_are_normalised(dti):
    deps = dti.departments
    assert "Văn phòng HỠND&UBND huyện" in deps["vp_ubnd"].aliases
    assert "Văn phòng HĐND&UBND huyện" in deps["vp_ubnd"].aliases
    assert "Văn phòng HĐND và UBND huyện" in deps["vp_ubnd"].aliases
    assert "Phòng Lao động, Thương Binh và Xã hội" in deps["ldtbxh"].aliases
    assert "Phòng Kinh Tế - Hạ tầng" in deps["kt_ht"].aliases
    crit = dti.criteria
    assert crit["II.5.9"].responsible == ("cong_an",)
    assert crit["II.5.9"].coordinating == ("vhtt", "vp_ubnd")  # seed: "Văn phòng HỠND&UBND huyện"
    assert crit["II.5.10"].coordinating == ("vp_ubnd", "cong_an")
    assert crit["II.2.4"].coordinating == ("vp_ubnd",)  # seed: "Văn phòng HĐND và UBND huyện"
    assert crit["II.3.4"].responsible == ("vp_ubnd",)  # seed: "Văn phòng HĐND&UBND huyện"
    assert crit["II.5.8"].responsible == ("vp_ubnd", "vhtt")
    assert crit["II.7.5"].responsible == ("nong_nghiep", "tckh")  # seed: "phòng Tài chính - Kế hoạch"
    assert crit["II.7.6"].responsible == ("tckh", "kt_ht")
    assert crit["II.7.6"].coordinating == ("chi_cuc_thue",)
    assert crit["II.8.2"].responsible == ("kt_ht",)  # seed: "Phòng Kinh tế - Hạ tầng;"
    assert crit["II.7.1"].coordinating[0] == "kt_ht"  # seed: "Phòng Kinh Tế - Hạ tầng"
    assert crit["II.4.8"].responsible == ("gddt",)
    assert crit["II.8.1"].responsible == ("cong_an",)


def test_aliases_are_unambiguous(dti):
    seen = {}
    for d in dti.departments.values():
        for a in set(d.aliases) | {d.name.vi}:
            assert seen.setdefault(a, d.id) == d.id, f"{a!r} is both {seen[a]} and {d.id}"


def test_options_default_to_the_text_as_written(dti):
    assert {n: o.default for n, o in dti.options.items()} == {
        "threshold_reading": "as_written",
        "zero_denominator": "zero",
        "minmax_method": "minmax",
    }
    assert set(dti.options["threshold_reading"].values) == {"as_written", "proportional"}
    assert set(dti.options["minmax_method"].values) == {"minmax", "ratio_to_best"}


def test_threshold_reading_applies_to_the_as_written_group_only(dti):
    as_written = {"threshold_reading": "as_written"}
    prop = {"threshold_reading": "proportional"}
    for code in ("II.4.8", "II.7.1", "II.7.2", "II.7.3", "II.7.6", "II.7.7"):
        assert dti.resolved_rule(code, as_written)["below"] == "linear", code
        assert dti.resolved_rule(code, prop)["below"] == "proportional", code
    for code in ("II.6.6", "II.6.17", "II.7.5", "II.8.2"):
        assert dti.resolved_rule(code, as_written)["below"] == "proportional", code
        assert dti.resolved_rule(code, prop)["below"] == "proportional", code
    thresholds = {c: dti.resolved_rule(c, as_written).get("threshold") for c in dti.criteria}
    assert {c: t for c, t in thresholds.items() if t is not None} == {
        "II.4.1": 1.0,
        "II.4.8": 0.7,
        "II.6.3": 1.0,
        "II.6.6": 0.8,
        "II.6.17": 0.01,
        "II.7.1": 0.1,
        "II.7.2": 0.5,
        "II.7.3": 0.8,
        "II.7.5": 0.05,
        "II.7.6": 0.05,
        "II.7.7": 0.0025,
        "II.8.2": 0.8,
    }
    capped = {c for c in dti.criteria if dti.resolved_rule(c, as_written).get("cap")}
    assert capped == {
        "II.1.3",
        "II.3.1",
        "II.3.2",
        "II.3.3",
        "II.3.5",
        "II.3.6",
        "II.3.7",
        "II.4.4",
        "II.4.7",
        "II.6.8",
        "II.7.6",
        "II.8.1",
        "II.8.2",
        "II.8.3",
    }
    minmax = {c for c in dti.criteria if dti.criteria[c].rule_type == "minmax"}
    assert minmax == {"II.5.9", "II.8.4"}


# ---------------------------------------------------------------- against the seed itself


def _seed_rows():
    found = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 8 and re.fullmatch(r"II\.\d+\.\d+", cols[-1].strip()):
            found[cols[-1].strip()] = cols
    return found


def _departments_in(text, dti):
    """Department ids named in a seed cell, by longest alias first, and what is left unmatched."""
    aliases = sorted(
        ((a, d.id) for d in dti.departments.values() for a in set(d.aliases) | {d.name.vi}), key=lambda x: -len(x[0])
    )
    found, rest = [], text.strip()
    for alias, dept in aliases:
        while alias in rest:
            pos = rest.index(alias)
            found.append((pos, dept))
            rest = rest[:pos] + "\0" * len(alias) + rest[pos + len(alias) :]
    return [d for _, d in sorted(found)], re.sub(r"[\0;,\s]", "", rest)


def test_names_maxima_and_evidence_match_the_seed(dti):
    seed = _seed_rows()
    assert set(seed) == set(dti.criteria)
    for code, c in dti.criteria.items():
        cols = seed[code]
        name = re.sub(r"<[^>]+>", "", cols[1]).strip()
        if code == "II.2.7":  # the one name fixed: "chỉ cho" → "chỉ đạo cho"
            name = name.replace("công tác chỉ cho", "công tác chỉ đạo cho")
        assert c.name.vi == name, code
        assert c.max_points == float(cols[2]), code
        assert c.evidence.vi == cols[4].strip(), code


def test_departments_match_the_seed(dti):
    seed = _seed_rows()
    for code, c in dti.criteria.items():
        resp, left_r = _departments_in(seed[code][5], dti)
        coord, left_c = _departments_in(seed[code][6], dti)
        assert (resp, left_r) == (list(c.responsible), ""), code
        assert (coord, left_c) == (list(c.coordinating), ""), code


# ---------------------------------------------------------------- load-time checks


def _toy():
    return yaml.safe_load((DATA / "toy_commune.yaml").read_text(encoding="utf-8"))


def _write(tmp_path, raw, name="broken.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _crit(raw, code):
    return next(c for p in raw["pillars"] for c in p["criteria"] if c["code"] == code)


def test_the_unbroken_copy_loads(tmp_path):
    cat = load_catalogue(_write(tmp_path, _toy(), "ok.yaml"))
    assert list(cat.criteria) == ["C.1.1", "C.1.2", "C.1.3"]


BREAKS = {
    "duplicate code": (
        lambda raw: _crit(raw, "C.1.3").update(code="C.1.2"),
        "C.1.2: code C.1.2 is used twice (first at line",
    ),
    "criteria sum": (
        lambda raw: _crit(raw, "C.1.1").update(max_points=35),
        "C.1 › max_points: the criteria of C.1 sum to 95 points but the pillar's maximum is 100",
    ),
    "pillars sum": (
        lambda raw: raw["framework"].update(total_max=120),
        "framework › total_max: the pillars sum to 100 points but total_max is 120 (suggestion: set total_max to 100",
    ),
    "unknown rule type": (
        lambda raw: _crit(raw, "C.1.2")["rule"].update(type="counting"),
        "C.1.2 › rule › type: unknown rule type 'counting' (suggestion: did you mean count?)",
    ),
    "undeclared variable": (
        lambda raw: _crit(raw, "C.1.1")["rule"].update(numerator=["C.1.1.x"]),
        "C.1.1 › rule: the rule uses variable C.1.1.x, which is not declared in `inputs`",
    ),
    "unknown department": (
        lambda raw: _crit(raw, "C.1.1").update(responsible=["vhxh", "phong_xyz"]),
        "C.1.1 › responsible: no department 'phong_xyz' in `departments`",
    ),
}


@pytest.mark.parametrize("what", list(BREAKS))
def test_each_broken_copy_is_refused(tmp_path, what):
    raw = _toy()
    breaker, message = BREAKS[what]
    breaker(raw)
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_write(tmp_path, raw))
    assert message in exc.value.text("en")
    assert str(tmp_path / "broken.yaml") in exc.value.text("en")
    if what != "duplicate code":  # a duplicate also hides the first criterion's variables
        assert "1 error(s)" in exc.value.text("en")


def test_every_problem_is_listed_at_once(tmp_path):
    raw = _toy()
    for breaker, _ in BREAKS.values():
        breaker(raw)
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_write(tmp_path, raw))
    text = exc.value.text("en")
    for what, (_, message) in BREAKS.items():
        assert message in text, what
    count = int(re.search(r"(\d+) error\(s\)", text).group(1))
    assert count >= len(BREAKS)
    assert text.count("\n- ") == count


def test_catalogue_error_is_a_value_error():
    assert issubclass(CatalogueError, ValueError)


def test_other_load_checks(tmp_path):
    raw = _toy()
    raw["options"]["zero_denominator"]["default"] = "half"
    _crit(raw, "C.1.1")["inputs"][0]["type"] = "number"
    _crit(raw, "C.1.1")["name"] = {"vi": "Chỉ có tiếng Việt"}
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_write(tmp_path, raw))
    text = exc.value.text("en")
    assert "zero_denominator › default: default 'half' of option zero_denominator is not among its `values`" in text
    assert "C.1.1.a › type: type 'number' is not one of amount, bool, choice, count" in text
    assert "C.1.1 › name: needs a text in vi, en (suggestion: add the en text)" in text


def test_texts_give_the_languages_of_the_framework_name(tmp_path):
    """A framework's name says its languages; a language a text does not give reads as Vietnamese."""
    raw = _toy()
    raw["framework"]["name"]["fr"] = "Commune fictive"
    _crit(raw, "C.1.1")["name"]["fr"] = "Nom"
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_write(tmp_path, raw))
    assert "C.1.2 › name: needs a text in vi, en, fr (suggestion: add the fr text)" in exc.value.text("en")
    cat = load_catalogue(_write(tmp_path, _toy(), "ok.yaml"))
    name = cat.criteria["C.1.1"].name
    assert name("fr") == name("vi") == name.vi and name.en == name("en") != name.vi


def test_the_dti_catalogue_broken_in_a_copy_is_refused(tmp_path, dti):
    raw = yaml.safe_load(dti.path.read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    _crit(broken, "II.4.8")["max_points"] = 15  # II.4's criteria now sum to 95
    broken["pillars"][3]["max_points"] = 95  # ... and so do the pillars: 1005
    _crit(broken, "II.5.9")["coordinating"] = ["vhtt", "van_phong"]
    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_write(tmp_path, broken, "dti.yaml"))
    text = exc.value.text("en")
    assert "the pillars sum to 1005 points but total_max is 1000" in text
    assert "II.5.9 › coordinating: no department 'van_phong' in `departments`" in text
    assert "2 error(s)" in text


# ---------------------------------------------------------------- extensibility


def test_another_framework_scores_with_the_same_engine(toy):
    data = rows(("C.1.1.a", 300), ("C.1.1.b", 1000), ("C.1.2", 4), ("C.1.3", 6)) + rows(
        ("C.1.1.a", 600), ("I.1", 1000), ("C.1.2", 7), ("C.1.3", 2), district="B"
    )
    r = score(inputs(data), toy)
    s = r.scores.set_index(["district", "code"])
    assert s.loc[("A", "C.1.1"), "points"] == pytest.approx(24.0)  # 30% / 50% × 40
    assert s.loc[("B", "C.1.1"), "points"] == pytest.approx(40.0)  # 60% ≥ 50% (denominator from I.1)
    assert s.loc[("A", "C.1.2"), "points"] == pytest.approx(20.0)  # 4 × 5
    assert s.loc[("B", "C.1.2"), "points"] == pytest.approx(30.0)  # 7 × 5 = 35, at most 30
    assert s.loc[("A", "C.1.3"), "points"] == pytest.approx(30.0)  # (6-2)/(6-2) × 30
    assert s.loc[("B", "C.1.3"), "points"] == pytest.approx(0.0)  # (2-2)/(6-2) × 30
    assert s.loc[("A", "TOTAL"), "points"] == pytest.approx(74.0)  # 24 + 20 + 30
    assert s.loc[("B", "TOTAL"), "points"] == pytest.approx(70.0)  # 40 + 30 + 0
    assert s.loc[("A", "TOTAL"), "max_points"] == 100
    assert set(s.loc[(slice(None), "C.1"), "max_points"]) == {100}
    assert r.catalogue.id == "toy-commune-2025" and set(r.table()["framework"]) == {"toy-commune-2025"}
