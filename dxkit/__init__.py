"""dxkit: score Vietnam's Digital Transformation Index (DTI) and explain every point.

The names below are imported when first used: a process that needs only part of dxkit (a batch's
workers run notebooks, the command line reads its arguments) does not pay for pandas and the engine.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dxkit.core.assessment import Assessment, score
    from dxkit.core.catalogue import Catalogue, CatalogueError, load_catalogue
    from dxkit.core.problems import InputError, Problem
    from dxkit.intake.bounds import read_bounds

_WHERE = {
    "Assessment": "dxkit.core.assessment",
    "score": "dxkit.core.assessment",
    "Catalogue": "dxkit.core.catalogue",
    "CatalogueError": "dxkit.core.catalogue",
    "load_catalogue": "dxkit.core.catalogue",
    "InputError": "dxkit.core.problems",
    "Problem": "dxkit.core.problems",
    "read_bounds": "dxkit.intake.bounds",
}
__all__ = [
    "Assessment",
    "Catalogue",
    "CatalogueError",
    "InputError",
    "Problem",
    "load_catalogue",
    "read_bounds",
    "score",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'dxkit' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    """The package's API, its version and the subpackages already imported."""
    loaded = [name for name, value in globals().items() if isinstance(value, ModuleType)]
    return sorted({*__all__, "__version__", *loaded})
