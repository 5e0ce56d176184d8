"""`python -m dxkit`: the dxkit command line."""

from dxkit.cli import run

run()
