"""Run the report notebooks with papermill in worker processes, export HTML in-process, print PDFs.

Layout under `out`::

    <year>/<district-slug>/report.{ipynb,html,pdf}
    <year>/comparison.{ipynb,html,pdf}
    <year>/index.html

Each worker process runs one notebook at a time (papermill, kernel over IPC sockets, retried when
the kernel fails to start) and writes the executed notebook and its HTML; the parent prints PDFs
with one browser for the whole batch while the workers go on. A failing notebook fails only its
own report: its executed notebook (with the error) is kept and stale HTML/PDF are removed.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dxkit.reports.export import export_html
from dxkit.reports.labels import label
from dxkit.reports.slug import inside, unique_slugs

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from dxkit.pdf import PdfPrinter

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
DISTRICT_NOTEBOOK = "district_report.ipynb"
COMPARISON_NOTEBOOK = "province_comparison.ipynb"
KERNEL_START_ATTEMPTS = 3
PRELOAD = ["papermill", "nbconvert", "dxkit.reports.batch"]


@dataclass(frozen=True)
class Job:
    """One notebook to run: `target` is the output path without suffix (…/report)."""

    name: str
    notebook: Path
    target: Path
    parameters: dict[str, Any]
    title: str
    lang: str

    def path(self, fmt: str) -> Path:
        return self.target.with_name(f"{self.target.name}.{fmt}")


@dataclass
class Outcome:
    """What became of a job: `error` is None on success."""

    job: Job
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class BatchResult:
    year: int
    outcomes: list[Outcome]
    index: Path
    notes: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def _kernel_manager_class() -> type:
    """A kernel manager talking over IPC sockets private to this process: no TCP ports to collide."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    prefix = os.path.join(tempfile.gettempdir(), f"dxkit-kernel-{os.getpid()}")

    class IpcKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return prefix

    return IpcKernelManager


def execute(notebook: Path, output: Path, parameters: dict[str, Any],
            attempts: int = KERNEL_START_ATTEMPTS) -> NotebookNode:
    """Run `notebook` with papermill into `output` (atomically, kept even when a cell fails).

    A kernel that dies or does not start in time is retried up to `attempts` times; an error
    raised by a cell is not (papermill's PapermillExecutionError propagates).
    """
    import papermill
    import zmq

    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.stem}.{os.getpid()}.tmp.ipynb")
    attempt = 1
    try:
        while True:
            try:
                return papermill.execute_notebook(
                    str(notebook), str(tmp), parameters=parameters, progress_bar=False,
                    kernel_manager_class=_kernel_manager_class(), shutdown_kernel="immediate")
            except (RuntimeError, TimeoutError, zmq.ZMQBaseError):
                if attempt >= attempts:
                    raise
                time.sleep(0.5 * attempt)
                attempt += 1
    finally:
        if tmp.exists():
            os.replace(tmp, output)


def run_job(job: Job) -> Outcome:
    """Execute one job's notebook and, on success, write its HTML. Never raises."""
    from papermill.exceptions import PapermillExecutionError

    try:
        nb = execute(job.notebook, job.path("ipynb"), job.parameters)
        export_html(nb, job.path("html"), job.title, job.lang)
    except PapermillExecutionError as exc:
        return Outcome(job, f"{exc.ename}: {exc.evalue}")
    except Exception as exc:  # noqa: BLE001  one report's failure must not stop the batch
        return Outcome(job, f"{type(exc).__name__}: {exc}")
    return Outcome(job)


def plan(districts: Sequence[str], slugs: dict[str, str], folder: Path, params: dict[str, Any],
         comparison: bool) -> list[Job]:
    """The jobs of a year's `folder`: the comparison first (when asked), then one report per district."""
    year, lang = params["year"], params["lang"]
    jobs = []
    if comparison:
        jobs.append(Job(label("comparison", lang), NOTEBOOKS / COMPARISON_NOTEBOOK, inside(folder, "comparison"),
                        params, label("comparison_title", lang, year=year), lang))
    for district in districts:
        jobs.append(Job(district, NOTEBOOKS / DISTRICT_NOTEBOOK, inside(folder, slugs[district], "report"),
                        {"district": district, **params}, label("report_title", lang, district=district, year=year),
                        lang))
    return jobs


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers fork from a server that has imported papermill and nbconvert once (safe with threads).

    The first call starts that server, which imports them in the background.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()
    return ctx


def _start_printer(stack: ExitStack, notes: list[str]) -> PdfPrinter | None:
    from dxkit.pdf import PdfEngineMissing, PdfPrinter

    try:
        return stack.enter_context(PdfPrinter())
    except PdfEngineMissing as exc:
        notes.append(str(exc))
        return None


def _finish(outcome: Outcome, printer: PdfPrinter | None) -> Outcome:
    """Print the PDF of a finished job; remove what this run did not rewrite, so nothing stale remains."""
    job = outcome.job
    if outcome.ok and printer is not None:
        try:
            printer.print(job.path("html"), job.path("pdf"), title=job.title)
            return outcome
        except Exception as exc:  # noqa: BLE001  a PDF failure is this report's failure only
            outcome.error = f"PDF: {type(exc).__name__}: {exc}"
    if not outcome.ok:
        job.path("html").unlink(missing_ok=True)
    job.path("pdf").unlink(missing_ok=True)
    return outcome


def run_jobs(jobs: Sequence[Job], pdf: bool = True, workers: int | None = None,
             progress: bool = True) -> tuple[list[Outcome], list[str]]:
    """Run jobs in worker processes (as many as cores by default); PDFs are printed here as jobs finish.

    Returns the outcomes (in job order) and notes for the user. HTML is always written (the PDF is
    printed from it); when the PDF engine is missing, the note says how to install it.
    """
    from tqdm import tqdm

    notes: list[str] = []
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    ctx = _worker_context()
    outcomes: list[Outcome | None] = [None] * len(jobs)
    with ExitStack() as stack:
        pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers, mp_context=ctx))
        futures: dict[Future[Outcome], int] = {pool.submit(run_job, job): i for i, job in enumerate(jobs)}
        printer = _start_printer(stack, notes) if pdf else None
        bar = stack.enter_context(tqdm(total=len(jobs), unit="report", disable=not progress, file=sys.stderr))
        for future in as_completed(futures):
            i = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001  a crashed worker process
                outcome = Outcome(jobs[i], f"{type(exc).__name__}: {exc}")
            outcomes[i] = _finish(outcome, printer)
            bar.set_postfix_str(jobs[i].name[:30])
            bar.update()
    return [o for o in outcomes if o is not None], notes


def summary(result: BatchResult) -> str:
    """Lines for the terminal: counts, then each failure with the executed notebook that shows it."""
    done = len(result.outcomes) - len(result.failures)
    lines = [f"{done}/{len(result.outcomes)} reports for {result.year} → {result.index}"]
    lines += result.notes
    if result.failures:
        lines.append(f"{len(result.failures)} failed:")
        lines += [f"  - {o.job.name}: {o.error}\n    see {o.job.path('ipynb')}" for o in result.failures]
    return "\n".join(lines)


def run_batch(inputs: str | Path, year: int | None = None, districts: Iterable[str] | None = None,
              pdf: bool = True, out: str | Path = "outputs", workers: int | None = None, lang: str = "vi",
              comparison: bool = True, synthetic: bool | None = None, progress: bool = True) -> BatchResult:
    """Reports for `districts` (default: every district with data in `year`, default the latest year),
    the province comparison when `comparison`, and the year's index page.

    The inputs are read, scored and their rank intervals computed once, here; the notebooks get
    them through a cache file named in their parameters.
    """
    from dxkit.reports.data import build, save
    from dxkit.reports.index import build_index

    inputs, out = Path(inputs).resolve(), Path(out).resolve()
    _worker_context()  # workers' imports overlap the scoring below
    data = build(inputs, synthetic)
    totals = data.assessment.totals()
    year = year if year is not None else int(totals["year"].max())
    known = sorted(totals.loc[totals["year"] == year, "district"].unique())
    if not known:
        years = ", ".join(map(str, sorted(totals["year"].unique())))
        raise ValueError(f"no data for {year} in {inputs} (years with data: {years or 'none'})")
    selected = list(dict.fromkeys(districts)) if districts else known
    # slugs of all known districts first, so a district's folder does not depend on the selection
    slugs = unique_slugs(list(dict.fromkeys([*known, *selected])))
    with tempfile.TemporaryDirectory(prefix="dxkit-batch-") as tmp:
        cache = save(data, inputs, Path(tmp) / "report-data.pickle")
        params = {"year": year, "inputs": str(inputs), "lang": lang, "synthetic": data.synthetic, "cache": str(cache)}
        jobs = plan(selected, slugs, inside(out, str(year)), params, comparison)
        outcomes, notes = run_jobs(jobs, pdf, workers, progress)
    index = build_index(data.assessment, year, out, slugs, lang, data.synthetic)
    return BatchResult(year, outcomes, index, notes)
