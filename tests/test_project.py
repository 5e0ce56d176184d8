"""The project's promises about itself: dependencies agree, CI runs the README's test command."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_specs() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = data["dependencies"] + [s for group in data["optional-dependencies"].values() for s in group]
    return {_name(s): s.replace(" ", "") for s in specs}


def _conda_specs() -> dict[str, str]:
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    return {_name(d): d.replace(" ", "") for d in deps if isinstance(d, str) and _name(d) not in {"python", "pip"}}


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    assert _conda_specs() == _pyproject_specs()


def test_user_asked_packages_are_dependencies():
    names = set(_pyproject_specs())
    assert {"jupyterlab", "pandas", "papermill", "nbconvert", "seaborn", "pytest", "nbval"} <= names


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)$", quick, flags=re.M)
    assert commands == ["make report", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_top_level_layout():
    for name in ["notebooks", "dxkit", "inputs", "outputs", "tests", "environment.yml", "pyproject.toml", "Makefile"]:
        assert (ROOT / name).exists(), name


def test_console_script_is_declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["dxkit"] == "dxkit.__main__:main"  # as `python -m dxkit`
