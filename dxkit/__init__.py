"""dxkit: score Vietnam's Digital Transformation Index (DTI) and explain every point."""

from dxkit.core.assessment import Assessment, score
from dxkit.core.catalogue import Catalogue, CatalogueError, load_catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.intake.bounds import read_bounds

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
