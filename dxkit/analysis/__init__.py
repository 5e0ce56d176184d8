"""Analysis of an Assessment: standing and ranks, points lost and who owns them, year-over-year change,
the plan to a target (verified with `what_if`), the sensitivity of ranks to readings and data errors, and
the quality of the data (missing, invalid, capped or pending values, per unit and department).

Every function takes an `Assessment` (or tidy inputs) and returns a tidy DataFrame.
"""

from dxkit.analysis._common import district_name, n_units
from dxkit.analysis.planning import apply_changes, plan_changes, plan_to_target, quick_wins, target_for_rank, what_if
from dxkit.analysis.quality import data_issues, issues_by_department, issues_by_unit
from dxkit.analysis.ranking import losses, losses_by_department, minmax_bounds, pending, profile
from dxkit.analysis.sensitivity import alternative_options, rank_intervals, rank_moves, sensitivity, simulate_totals
from dxkit.analysis.trends import previous_year, top_movers, year_over_year

__all__ = [
    "alternative_options",
    "apply_changes",
    "data_issues",
    "district_name",
    "issues_by_department",
    "issues_by_unit",
    "losses",
    "losses_by_department",
    "minmax_bounds",
    "n_units",
    "pending",
    "plan_changes",
    "plan_to_target",
    "previous_year",
    "profile",
    "quick_wins",
    "rank_intervals",
    "rank_moves",
    "sensitivity",
    "simulate_totals",
    "target_for_rank",
    "top_movers",
    "what_if",
    "year_over_year",
]
