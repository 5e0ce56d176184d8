"""`python -m dxkit.cli`: the dxkit command line."""

from dxkit.cli import run

run()
