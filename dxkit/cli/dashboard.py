"""`dxkit dashboard`: the what-if panel and the province view as a web page (Voila), for officials who never
open Jupyter.

The inputs are read and scored here first (bad inputs stop the command with the usual error before any
server starts); the page's kernel loads that assessment from a file in a private temporary folder named
by $DXKIT_DASHBOARD, and speaks the language of $DXKIT_LANG. The page shows no code. The server binds to
127.0.0.1 unless --host says otherwise, dies with this process, and Ctrl-C stops it in one line.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from dxkit.cli.common import EXIT_INTERRUPTED, add_common, assess, command, helptext, metavar, whole_number
from dxkit.core.vocab import t
from dxkit.reports.batch import NOTEBOOKS
from dxkit.reports.zygote import die_with_parent

PAGE = NOTEBOOKS / "dashboard.ipynb"
STOP_SECONDS = 10  # how long the server may take to stop before it is killed


def _setup(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument(
        "--inputs",
        nargs="+",
        default=["inputs/"],
        metavar=metavar("inputs", lang),
        help=helptext("dashboard.inputs", lang),
    )
    p.add_argument("--port", type=whole_number(lang), default=8866, help=helptext("dashboard.port", lang))
    p.add_argument("--host", default="127.0.0.1", help=helptext("dashboard.host", lang))
    add_common(p, lang)


@command("dashboard", _setup)
def run_dashboard(args: argparse.Namespace) -> int:
    """Score the inputs, then serve the dashboard page until Ctrl-C."""
    from dxkit.interactive import SERVED_ENV, write_served  # widgets are loaded for this command only

    result = assess(args)
    with tempfile.TemporaryDirectory(prefix="dxkit-dashboard-") as private:
        served = Path(private) / "assessment.pickle"
        write_served(served, result, [str(Path(p).resolve()) for p in args.inputs], Path.cwd())
        env = {**os.environ, SERVED_ENV: str(served), "DXKIT_LANG": args.lang}
        command_line = [
            sys.executable,
            "-m",
            "voila",
            str(PAGE),
            "--no-browser",
            f"--port={args.port}",
            "--Voila.port_retries=0",
            f"--Voila.ip={args.host}",
            "--strip_sources=True",
            "--show_tracebacks=False",
            f"--Voila.root_dir={PAGE.parent}",
        ]
        server = subprocess.Popen(command_line, env=env, start_new_session=True, preexec_fn=die_with_parent)
        print(t("interactive.dashboard.serving", args.lang, url=f"http://{args.host}:{args.port}/"), flush=True)
        try:
            return 1 if server.wait() else 0
        except KeyboardInterrupt:
            print(f"dxkit: {t('cli.interrupted', args.lang)}", file=sys.stderr)
            return EXIT_INTERRUPTED
        finally:
            _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and its kernels (its process group): politely, then for good."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass
