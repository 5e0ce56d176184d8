"""`python -m dxkit`: the dxkit command line."""

from dxkit.cli import main

raise SystemExit(main())
