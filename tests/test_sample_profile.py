"""The sample generator is driven by data: the bundled sample comes from the framework's sample profile, any
framework without one still gets a sample dxkit scores, and a broken profile is refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dxkit import CatalogueError, load_catalogue, score
from dxkit.cli import main as dxkit_main
from dxkit.intake import read_paths
from dxkit.sample import (
    ProfileError,
    default_profile,
    load_profile,
    main,
    parse_formula,
    profile_path,
    unit,
    write_sample,
)

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
DATA = Path(__file__).parent / "data"
PROFILE = ROOT / "dxkit" / "frameworks" / "vn_district_dti_2023.sample.yaml"


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_cli_regenerates_every_bundled_file_byte_for_byte(tmp_path, capsys):
    assert main(["--out", str(tmp_path)]) == 0
    # the CSV, the district list, the workbook, the synthetic appraisal, the README
    assert len(capsys.readouterr().out.splitlines()) == 5
    assert _files(tmp_path) == _files(INPUTS)
    for rel in _files(INPUTS):
        assert (tmp_path / rel).read_bytes() == (INPUTS / rel).read_bytes(), rel


def test_the_bundled_framework_has_its_profile_and_the_profile_is_no_framework(dti):
    assert profile_path(dti) == PROFILE
    profile = load_profile(dti, PROFILE)
    assert (profile.seed, profile.years, len(profile.districts)) == (20240601, (2023, 2024), 17)
    assert profile.workbook is not None and profile.workbook.path == "workbooks/chu_prong_2024.xlsx"
    with pytest.raises(CatalogueError, match="không phải tệp bộ chỉ số"):
        load_catalogue(PROFILE)


def test_generator_names_no_code_of_the_framework(dti):
    source = (ROOT / "dxkit" / "sample.py").read_text(encoding="utf-8")
    ids = [*dti.criteria, *dti.variables, *dti.general_fields, *(p.code for p in dti.pillars)]
    found = [i for i in ids if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", source)]
    assert found == []
    assert not re.search(r"['\"]I{1,2}\.[0-9]", source)


@pytest.mark.parametrize("name", ["toy_commune", "property_framework"])
def test_a_framework_without_profile_gets_a_sample_that_scores_cleanly(name, tmp_path):
    framework, folder = DATA / f"{name}.yaml", tmp_path / "sample"
    catalogue = load_catalogue(framework)
    assert not profile_path(catalogue).exists()
    written = write_sample(folder, catalogue)
    assert [p.name for p in written][-1] == "README.md" and all(p.exists() for p in written)
    assert any(p.suffix == ".xlsx" for p in written)  # one unit-year comes as a filled template workbook

    assessment = score(read_paths([folder]), catalogue)
    assert [p for p in assessment.problems if p.severity == "error"] == []
    crit = assessment.criteria()
    assert set(crit["status"]) == {"ok"}
    totals = assessment.totals()
    assert totals.groupby("year").size().to_dict() == {2024: 6, 2025: 6}
    assert totals["points"].nunique() > 6  # strong and weak units differ
    # parts never exceed their wholes, together either (a whole left for Part I to give included)
    for index in range(6):
        values, _ = unit(catalogue, index, 2025)
        wholes: dict[str, float] = {}
        for var in catalogue.variables.values():
            if var.part_of:
                whole = catalogue.variables[var.part_of]
                given = values.get(whole.id, sum(float(values[g]) for g in whole.from_general))
                wholes[whole.id] = float(given)
                assert float(values[var.id]) <= float(given), var.id
        for whole_id, whole in wholes.items():
            parts = [float(values[v.id]) for v in catalogue.variables.values() if v.part_of == whole_id]
            assert sum(parts) <= whole, whole_id

    out = tmp_path / "scores.csv"
    assert dxkit_main(["score", str(folder), "--framework", str(framework), "--out", str(out)]) == 0


def test_even_the_bundled_framework_scores_cleanly_from_its_types_alone(dti, tmp_path):
    write_sample(tmp_path, dti, default_profile(dti))
    assessment = score(read_paths([tmp_path]), dti)
    assert [p for p in assessment.problems if p.severity == "error"] == []
    assert set(assessment.criteria()["status"]) == {"ok"}


def test_cli_writes_any_framework_but_never_over_the_bundled_sample(tmp_path, capsys):
    toy = str(DATA / "toy_commune.yaml")
    assert main(["--framework", toy, "--out", str(tmp_path)]) == 0
    assert (tmp_path / "sample_2024_2025.csv").exists()
    with pytest.raises(SystemExit):
        main(["--framework", toy])  # without --out it would overwrite inputs/
    assert "--out is needed" in capsys.readouterr().err


def test_a_sample_is_reproducible_for_any_framework(tmp_path):
    catalogue = load_catalogue(DATA / "property_framework.yaml")
    a, b = write_sample(tmp_path / "a", catalogue), write_sample(tmp_path / "b", catalogue)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


# --- the profile is checked ------------------------------------------------------------------------------


def _broken(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "broken.sample.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_unknown_variable_id_is_refused_by_name(dti, tmp_path):
    path = _broken(tmp_path, lambda raw: raw["values"].update({"II.9.9": "flag(0.3)"}))
    with pytest.raises(ProfileError, match=r"unknown variable 'II\.9\.9'"):
        load_profile(dti, path)


def test_every_problem_is_listed_with_its_place(dti, tmp_path):
    def edit(raw):
        raw["general"]["I.99"] = "1"
        raw["values"]["II.1.5"] = "flag(0.35) + II.1.7"  # reads a value never drawn
        raw["values"]["II.1.1"] = "pick(0.5)"  # three choices need two cuts
        raw["missing"].append({"district": "Nowhere", "year": 2023, "variables": ["II.4.8.z"], "why": "-"})
        raw["workbook"]["values"]["I.20.9.name"] = "X"
        raw["evidence"]["documents"]["II.9.1"] = "Quyết định số {n}"
        raw["evidence"]["dated"] = "{document} {weekday}"

    with pytest.raises(ProfileError) as err:
        load_profile(dti, _broken(tmp_path, edit))
    message = str(err.value)
    for expected in [
        "general: unknown Part I field 'I.99'",
        "reads 'II.1.7', not drawn above it",
        "II.1.1: pick needs one cut fewer than the 3 choices",
        "missing: unknown district 'Nowhere'",
        "missing: unknown variable 'II.4.8.z'",
        "workbook: unknown variable 'I.20.9.name'",
        "evidence: unknown criterion 'II.9.1'",
        "evidence dated: unknown field {weekday}",
    ]:
        assert expected in message, expected
    assert message.splitlines()[0].endswith("8 problem(s)")


def test_a_profile_for_another_framework_is_refused(toy):
    with pytest.raises(ProfileError, match="written for framework 'vn-district-dti-2023', not 'toy-commune-2025'"):
        load_profile(toy, PROFILE)


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "name.upper()", "[1, 2][0]", "(lambda: 1)()", "open('x')", "rate(lo=1, hi=2)", "None"],
)
def test_a_formula_is_an_expression_of_the_allowed_calls_only(text):
    with pytest.raises(ProfileError):
        parse_formula("II.1.1", text)


def test_a_formula_reads_dotted_ids_outside_strings():
    f = parse_formula("I.2", '"Trung tâm hành chính " + kind + ", I.4 " + province + I.4.a')
    assert sorted(f.names()) == ["I.4.a", "kind", "province"]
