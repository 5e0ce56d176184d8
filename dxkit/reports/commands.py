"""CLI sub-commands of the reports (report, batch)."""
