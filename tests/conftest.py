"""Shared helpers: build tidy inputs from plain rows."""

from pathlib import Path

import pandas as pd
import pytest

from dxkit import load_catalogue

DATA = Path(__file__).parent / "data"


def rows(*items, district="A", year=2024) -> list[tuple]:
    """(variable, value) pairs → rows for one district-year."""
    return [(district, year, var, value) for var, value in items]


def inputs(rows_: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows_, columns=["district", "year", "variable", "value"])


@pytest.fixture(scope="session")
def dti():
    return load_catalogue()


@pytest.fixture(scope="session")
def toy():
    return load_catalogue(DATA / "toy_commune.yaml")


@pytest.fixture(scope="session")
def old():
    """The toy commune set before its revision (tests/data/crosswalk/README.md)."""
    return load_catalogue(DATA / "crosswalk" / "old.yaml")


@pytest.fixture(scope="session")
def new():
    """The toy commune set after its revision (tests/data/crosswalk/README.md)."""
    return load_catalogue(DATA / "crosswalk" / "new.yaml")


ROOT = Path(__file__).resolve().parents[1]

from tests.province import empty_unit, province  # noqa: E402,F401  (fixtures shared by analysis and report tests)


@pytest.fixture(autouse=True)
def _no_language_from_the_shell(monkeypatch):
    """Every test speaks the default language unless it asks: a DXKIT_LANG of the shell is ignored
    (subprocesses inherit the cleaned environment)."""
    monkeypatch.delenv("DXKIT_LANG", raising=False)
