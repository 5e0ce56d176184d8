"""How much totals and ranks depend on the readings of the seed and on errors in the data.

`sensitivity` re-scores under each alternative option value (threshold reading, Min-Max method,
zero denominators). `rank_intervals` is a Monte Carlo: every count and amount is multiplied by
uniform(1 − e, 1 + e) (counts rounded), then parts are kept within their wholes, and all draws are
scored in one call of the vectorised engine. Draw d of year y is encoded as the year key
y × 10^k + d (10^k > draws), so the Min-Max peers of a unit are the units of the same draw and year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dxkit.analysis._common import ranked
from dxkit.core.assessment import Assessment, score
from dxkit.core.catalogue import Catalogue
from dxkit.core.engine import Bounds, score_criteria

SENSITIVITY_COLUMNS = [
    "scenario",
    "changed",
    "district",
    "year",
    "total",
    "rank",
    "n_units",
    "total_change",
    "rank_change",
]
INTERVAL_COLUMNS = [
    "district",
    "year",
    "total",
    "rank",
    "rank_median",
    "rank_p05",
    "rank_p95",
    "rank_min",
    "rank_max",
    "total_p05",
    "total_p95",
    "n_units",
    "draws",
]
ROWS_PER_BATCH = 50_000  # unit-draws scored per engine call (bounds memory for large provinces)


def as_assessment(
    inputs: pd.DataFrame | Assessment,
    catalogue: Catalogue | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
) -> Assessment:
    """The assessment itself, or the inputs scored without explanations."""
    if isinstance(inputs, Assessment):
        return inputs
    return score(inputs, catalogue, options, bounds, explain=False)


def alternative_options(catalogue: Catalogue, base: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """One scenario per alternative value of each option, the others kept: {'name=value': options}."""
    return {
        f"{name}={value}": {**base, name: value}
        for name, opt in catalogue.options.items()
        for value in opt.values
        if value != base[name]
    }


def sensitivity(
    inputs: pd.DataFrame | Assessment,
    scenarios: Mapping[str, Mapping[str, str]] | None = None,
    catalogue: Catalogue | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
) -> pd.DataFrame:
    """Totals and ranks under the base options and each scenario (default: every alternative option value).

    A scenario is a name → options mapping merged over the base options. `changed` says which
    options differ from the base; total_change and rank_change are against the base
    (rank_change > 0: the district moves up).
    """
    a = as_assessment(inputs, catalogue, options, bounds)
    alternatives = {name: {**a.options, **opts} for name, opts in (scenarios or {}).items()} or alternative_options(
        a.catalogue, a.options
    )
    frames = []
    for name, opts in {"base": a.options, **alternatives}.items():
        totals = (a if opts == a.options else a.rescore(options=opts, explain=False)).totals()
        changed = "; ".join(f"{k}={v}" for k, v in opts.items() if a.options.get(k) != v)
        frames.append(
            ranked(
                totals[["district", "year", "points"]].rename(columns={"points": "total"}), ("year",), "total"
            ).assign(scenario=name, changed=changed)
        )
    df = pd.concat(frames, ignore_index=True)
    base = df[df["scenario"] == "base"].set_index(["district", "year"])
    key = pd.MultiIndex.from_frame(df[["district", "year"]])
    df["total_change"] = df["total"].to_numpy() - base["total"].reindex(key).to_numpy()
    df["rank_change"] = base["rank"].reindex(key).to_numpy() - df["rank"].to_numpy()
    return df[SENSITIVITY_COLUMNS]


def rank_moves(table: pd.DataFrame) -> pd.DataFrame:
    """From `sensitivity`: the districts whose rank moves in some scenario, one rank column per scenario."""
    wide = table.pivot_table(index=["year", "district"], columns="scenario", values="rank", sort=False)
    scenarios = [s for s in table["scenario"].unique() if s != "base"]
    moves = wide[scenarios].sub(wide["base"], axis=0).abs().max(axis=1).fillna(0)
    out = (
        wide[moves > 0]
        .astype(int)
        .assign(max_move=moves[moves > 0].astype(int))
        .reset_index()
        .sort_values(["year", "base", "district"])
        .reset_index(drop=True)
    )
    out.columns.name = None
    return out


# ------------------------------------------------------------------ Monte Carlo


def _consistent(sim: np.ndarray, base: np.ndarray, cols: dict[str, int], a: Assessment, counts: np.ndarray) -> None:
    """Keep perturbed parts within their wholes and numerators within denominators, where the data was valid.

    `sim` is draws × units × variables (numeric variables only), modified in place.
    """
    cat = a.catalogue
    parts = {v.id: v.part_of for v in cat.variables.values() if v.part_of and v.part_of in cols and v.id in cols}
    for part in sorted(parts, key=lambda v: _depth(cat, v)):
        p, w = cols[part], cols[parts[part]]
        clip = (base[:, p] <= base[:, w])[None, :] & (sim[..., p] > sim[..., w])
        sim[..., p] = np.where(clip, sim[..., w], sim[..., p])
    for code in cat.criteria:
        params = cat.resolved(code, a.options).params
        if "numerator" not in params or params.get("cap"):
            continue
        num, den = [cols[n] for n in params["numerator"]], [cols[n] for n in params["denominator"]]
        valid = (base[:, num].sum(axis=1) <= base[:, den].sum(axis=1))[None, :]
        s_num, s_den = sim[..., num].sum(axis=-1), sim[..., den].sum(axis=-1)
        factor = np.where(valid & (s_num > s_den), s_den / np.where(s_num > 0, s_num, 1), 1.0)
        scaled = sim[..., num] * factor[..., None]
        sim[..., num] = np.where(counts[num], np.floor(scaled), scaled)


def _depth(cat: Catalogue, var: str) -> int:
    """How many wholes a variable sits within (wholes are clipped before their parts)."""
    depth, whole = 0, cat.variables[var].part_of
    while whole:
        depth, whole = depth + 1, cat.variables[whole].part_of
    return depth


def _year_scale(draws: int) -> int:
    """10^k > every draw number: draw d of year y gets the year key y × 10^k + d."""
    return 10 ** len(str(max(draws, 1)))


def _perturbed(
    a: Assessment, rel_error: float, draws: Sequence[int], rng: np.random.Generator | int, scale: int | None = None
) -> pd.DataFrame:
    """The engine values once per draw, counts and amounts × uniform(1 − e, 1 + e), index (district, year key)."""
    rng = np.random.default_rng(rng)
    draw = np.asarray(draws)
    scale = scale or _year_scale(int(draw.max()) + 1 if len(draw) else 1)
    base_frame = a.prepared.values.copy()
    for var, bad in a.prepared.invalid.items():  # an invalid value scores nothing in every draw
        base_frame.loc[bad, var] = np.nan
    numeric = [v.id for v in a.catalogue.variables.values() if v.type in ("count", "amount") and v.id in base_frame]
    counts = np.array([a.catalogue.variables[v].type == "count" for v in numeric])
    base = base_frame[numeric].to_numpy()
    sim = base[None] * rng.uniform(1 - rel_error, 1 + rel_error, size=(len(draw),) + base.shape)
    np.rint(sim, out=sim, where=counts)
    _consistent(sim, base, {v: i for i, v in enumerate(numeric)}, a, counts)
    years = base_frame.index.get_level_values("year").to_numpy().astype(np.int64)
    keys = (years[None, :] * scale + draw[:, None]).ravel()
    district_codes, district_names = pd.factorize(base_frame.index.get_level_values("district"))
    # column-major, so the frame holds each variable's values contiguous without copying them
    values = np.tile(base_frame.to_numpy(dtype=float).T, (1, len(draw))).T
    values[:, base_frame.columns.get_indexer(numeric)] = sim.reshape(-1, len(numeric))
    key_codes, key_values = pd.factorize(keys)
    index = pd.MultiIndex(
        levels=[district_names, key_values],
        codes=[np.tile(district_codes, len(draw)), key_codes],
        names=["district", "year"],
        verify_integrity=False,
    )
    return pd.DataFrame(values, columns=base_frame.columns, index=index, copy=False)


def simulate_totals(a: Assessment, rel_error: float = 0.05, draws: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Totals per district, year and draw with every count and amount perturbed by ±rel_error."""
    if not 0 <= rel_error < 1:
        raise ValueError(f"rel_error must be in [0, 1), got {rel_error}")
    scale = _year_scale(draws)
    rng = np.random.default_rng(seed)
    per_batch = max(1, ROWS_PER_BATCH // max(1, len(a.prepared.values)))
    frames = []
    for start in range(0, draws, per_batch):
        batch = range(start, min(draws, start + per_batch))
        frame = _perturbed(a, rel_error, batch, rng, scale)
        bounds = {
            code: {y * scale + d: b for y, b in by_year.items() for d in batch}
            for code, by_year in (a.bounds or {}).items()
        }
        filled = {v: np.tile(rows, len(batch)) for v, rows in a.prepared.from_general.items()}
        crit = score_criteria(frame, a.catalogue, a.options, bounds, from_general=filled, explain=False)
        # the engine's rows: criterion by criterion, each over the frame's rows in order
        district_codes, district_names = pd.factorize(frame.index.get_level_values("district"))
        keys = frame.index.get_level_values("year").to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "district": pd.Categorical.from_codes(district_codes, district_names),
                    "year": keys // scale,
                    "total": _unit_sums(crit["points"].to_numpy().reshape(-1, len(frame))),
                    "draw": keys % scale,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _unit_sums(points: np.ndarray) -> np.ndarray:
    """Per column (unit-draw) the sum of its rows (criteria), in row order with Kahan's compensation:
    the sum, to the last bit, that pandas' groupby takes (and so the assessment's totals)."""
    total, compensation = np.zeros(points.shape[1]), np.zeros(points.shape[1])
    for row in points:
        y = row - compensation
        t = total + y
        compensation = (t - total) - y
        total = t
    return total


def rank_intervals(
    inputs: pd.DataFrame | Assessment,
    rel_error: float = 0.05,
    draws: int = 1000,
    seed: int = 0,
    catalogue: Catalogue | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
) -> pd.DataFrame:
    """Per district and year: base rank and total, and their spread over `draws` perturbed data sets.

    rank_p05/rank_p95 are the 5th/95th percentiles (nearest draw), so 90% of draws rank within them.
    `attrs` keep rel_error, draws and seed.
    """
    a = as_assessment(inputs, catalogue, options, bounds)
    sims = ranked(simulate_totals(a, rel_error, draws, seed), ("year", "draw"), "total")
    g = sims.groupby(["district", "year"])
    spread = pd.DataFrame(
        {
            "rank_median": g["rank"].median(),
            "rank_p05": g["rank"].quantile(0.05, interpolation="nearest").astype(int),
            "rank_p95": g["rank"].quantile(0.95, interpolation="nearest").astype(int),
            "rank_min": g["rank"].min().astype(int),
            "rank_max": g["rank"].max().astype(int),
            "total_p05": g["total"].quantile(0.05),
            "total_p95": g["total"].quantile(0.95),
            "draws": g.size(),
        }
    ).reset_index()
    base = ranked(a.totals())[["district", "year", "points", "rank", "n_units"]].rename(columns={"points": "total"})
    out = base.merge(spread, on=["district", "year"])
    out = out[INTERVAL_COLUMNS].sort_values(["year", "rank", "district"]).reset_index(drop=True)
    out.attrs.update(rel_error=rel_error, draws=draws, seed=seed)
    return out
