"""The batch's workers (papermill only) import neither pandas nor the IRI grammar nbformat's jsonschema builds."""

from __future__ import annotations

import json
import subprocess
import sys

from dxkit.reports.batch import PRELOAD


def test_the_workers_fork_server_imports_only_what_running_notebooks_needs():
    probe = (
        "import importlib, json, sys\n"
        f"for name in {PRELOAD!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(name for name, module in sys.modules.items() if module is not None)))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    imported = {name.split(".")[0] for name in json.loads(run.stdout)}
    assert {"papermill", "nbformat", "jupyter_client"} <= imported
    assert imported.isdisjoint({"pandas", "pyarrow", "matplotlib", "openpyxl", "IPython", "rfc3987_syntax"})
