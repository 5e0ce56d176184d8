"""Evidence checklist: criteria that earned points while none of their values cites a document."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dxkit.core import vocab
from dxkit.core.assessment import Assessment, score
from dxkit.core.catalogue import Catalogue
from dxkit.core.units import fold, unit_key
from dxkit.core.values import clean_text, is_blank

EVIDENCE_COLUMNS = [
    "department",
    "department_name",
    "district",
    "year",
    "code",
    "criterion",
    "points",
    "max_points",
    "evidence_required",
]


def _cited(inputs: pd.DataFrame) -> set[tuple[str, int, str]]:
    """(unit key, year, variable) of every value that carries an evidence reference."""
    if "evidence" not in inputs.columns:
        return set()
    rows = inputs[~inputs["evidence"].map(is_blank).astype(bool) & ~inputs["value"].map(is_blank).astype(bool)]
    years = pd.to_numeric(rows["year"], errors="coerce")
    return {
        (unit_key(d), int(y), clean_text(v))
        for d, y, v in zip(rows["district"], years, rows["variable"])
        if not pd.isna(y)
    }


def missing_evidence(
    source: Assessment | pd.DataFrame,
    catalogue: Catalogue | None = None,
    options: Mapping[str, str] | None = None,
    lang: str = vocab.DEFAULT,
) -> pd.DataFrame:
    """Per department (first responsible), the criteria with points > 0 and no evidence for any of their values.

    `source` is an Assessment, or a tidy inputs table that is scored first (with `catalogue`, `options`).
    """
    result = source if isinstance(source, Assessment) else score(source, catalogue, options, explain=False)
    cat = result.catalogue
    cited = _cited(result.inputs)
    crit = result.criteria()
    earned = crit[crit["points"] > 0]
    rows = []
    for r in earned.itertuples(index=False):
        c = cat.criteria[r.code]
        if any((unit_key(r.district), int(r.year), v.id) in cited for v in c.inputs):
            continue
        owner = c.responsible[0]
        rows.append(
            {
                "department": owner,
                "department_name": cat.department_name(owner, lang),
                "district": r.district,
                "year": int(r.year),
                "code": r.code,
                "criterion": c.name(lang),
                "points": r.points,
                "max_points": r.max_points,
                "evidence_required": c.evidence(lang),
            }
        )
    order = {d: i for i, d in enumerate(cat.departments)}
    codes = {code: i for i, code in enumerate(cat.criteria)}
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    keys = {"department": order.get, "code": codes.get, "district": fold}
    return out.sort_values(
        ["department", "district", "year", "code"],
        key=lambda col: col.map(keys[col.name]) if col.name in keys else col,
        kind="stable",
    ).reset_index(drop=True)
