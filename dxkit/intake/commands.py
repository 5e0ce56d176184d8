"""CLI sub-commands of the data intake (template, validate, evidence)."""
