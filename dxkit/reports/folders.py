"""A year's report folders: the comparison's folder name and the manifest beside every report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COMPARISON_DIR = "_comparison"  # the comparison's report folder; never a district's (slugs have no '_')
MANIFEST = "manifest.json"  # in every report folder: the fingerprint of its inputs and choices, its key, when built


def manifest(folder: Path) -> dict[str, Any]:
    """A report folder's manifest (empty when it has none or it cannot be read)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
