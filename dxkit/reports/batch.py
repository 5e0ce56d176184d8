"""Run the report notebooks with papermill in worker processes, export HTML in-process, print PDFs.

Layout under `out`::

    <year>/<district-slug>/report.{ipynb,html,pdf}, manifest.json
    <year>/_comparison/comparison.{ipynb,html,pdf}, manifest.json
    <year>/<folder>.failed.ipynb     the executed notebook of a report that failed in the last run
    <year>/index.html

Every report is one folder, replaced whole or not at all: a worker runs the notebook and writes its
HTML into a hidden staging folder beside the final one, the parent prints the PDF there (one
browser for the batch; a failed print is retried once with a new browser), writes the manifest
(which inputs and choices, when) and renames the folder into place. A notebook that fails leaves
the previous report untouched; its executed notebook is kept as `<folder>.failed.ipynb`.

The manifest also holds the report's key (`report_key`): what it was made from, inputs and choices,
parameters, formats, notebook, dxkit version. With `resume`, a report whose key is unchanged, complete
(its PDF when asked) and that did not fail last time is skipped; the index page is always rebuilt.

Progress goes to stderr as reports finish, with the time left and the failures so far: a bar on a
terminal, a line per report otherwise (a log); `summary` and `figures` tell the run at its end.

Workers ignore Ctrl-C (the parent stops them) and kill themselves as soon as the parent is gone,
even after SIGKILL (their end of a pipe from the parent closes); their kernels follow within a
second (ipykernel watches its parent). One run at a time writes a year's folder (a lock), and
each run first sweeps what a killed run left there and in the temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.forkserver
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dxkit
from dxkit.core import vocab
from dxkit.core.atomic import OutputError, no_interrupt, replace_dir, staging_dir, write_atomic
from dxkit.reports.export import export_html
from dxkit.reports.folders import COMPARISON_DIR, MANIFEST
from dxkit.reports.folders import manifest as read_manifest
from dxkit.reports.kernels import FOLDER_PREFIX as ZYGOTE_FOLDER_PREFIX
from dxkit.reports.kernels import Zygote, execute, share
from dxkit.reports.labels import label
from dxkit.reports.processes import children, kill_tree
from dxkit.reports.slug import inside

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from dxkit.core.catalogue import Catalogue
    from dxkit.reports.pdf import PdfPrinter

# shipped inside the package (dxkit/notebooks links to the top-level notebooks/ they are edited in)
NOTEBOOKS = Path(str(files("dxkit") / "notebooks"))
DISTRICT_NOTEBOOK = "district_report.ipynb"
COMPARISON_NOTEBOOK = "province_comparison.ipynb"
SCORES = ("scores.xlsx", "scores.csv")  # written in the year folder by every batch, linked from its index
RUN_DIR_PREFIX = "dxkit-run-"  # + parent pid + '-': the run's temporary folder (cache, kernels' files)
PRELOAD = ["dxkit.reports.worker_imports", "dxkit.reports.batch"]  # imported once by the workers' fork server


_early: Zygote | None = None  # the warm process `start_helpers` started, until a batch takes it


def start_helpers() -> None:
    """Start a batch's helper processes before the command line has loaded (its imports keep one core
    busy for 0.4 s, the other idle): the workers' fork server and the warm kernel process, which
    `run_batch` then takes. Left unused (an argument refused), they end with this process."""
    global _early
    import atexit

    try:
        _worker_context()
        _early = Zygote()
    except Exception:  # only a head start: the batch starts what it needs itself, and says what fails
        return
    atexit.register(_early.close)


def _warm_process() -> Zygote:
    """The warm process `start_helpers` started, else a new one."""
    global _early
    warm, _early = _early, None
    return warm if warm is not None and not warm.failed else Zygote()


def default_workers() -> int:
    """One worker more than cores: part of each report a worker only waits (its kernel starting, the
    kernel's replies, the PDF of the report before), and the extra worker keeps the cores busy meanwhile
    (bundled province on 2 cores: 9.2–9.4 s with 3 workers, 9.5–10.0 s with 2)."""
    return (os.cpu_count() or 1) + 1


@dataclass(frozen=True)
class Job:
    """One notebook to run into the report folder `folder` as `<stem>.ipynb/.html/.pdf`."""

    name: str
    notebook: Path
    folder: Path
    stem: str
    parameters: dict[str, Any]
    title: str
    lang: str
    key: str = ""  # what the report is made from (`report_key`), written in its manifest

    def path(self, fmt: str, folder: Path | None = None) -> Path:
        return (folder or self.folder) / f"{self.stem}.{fmt}"

    @property
    def staging(self) -> Path:
        return staging_dir(self.folder)

    @property
    def failed(self) -> Path:
        """Where the executed notebook of a failed run of this report is kept."""
        return self.folder.with_name(f"{self.folder.name}.failed.ipynb")


@dataclass
class Outcome:
    """What became of a job: `error` when the report was not replaced, `pdf_error` when it was but
    without its PDF; `seconds` it took (notebook, HTML, PDF)."""

    job: Job
    error: str | None = None
    pdf_error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.pdf_error is None


@dataclass
class BatchResult:
    year: int
    outcomes: list[Outcome]  # of the jobs that finished (all of them unless interrupted)
    total: int
    index: Path
    lang: str = vocab.DEFAULT
    interrupted: bool = False
    skipped: int = 0  # reports unchanged since their last run (--resume)
    seconds: float = 0.0  # the whole run, scoring included

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def run_job(job: Job) -> Outcome:
    """Execute one job's notebook into its staging folder and, on success, write its HTML there. Never raises."""
    from papermill.exceptions import PapermillExecutionError

    start, outcome = time.monotonic(), Outcome(job)
    try:
        nb = execute(job.notebook, job.path("ipynb", job.staging), job.parameters)
        export_html(nb, job.path("html", job.staging), job.title, job.lang)
    except PapermillExecutionError as exc:
        outcome.error = f"{exc.ename}: {exc.evalue}"
    except Exception as exc:
        outcome.error = _brief(exc)
    outcome.seconds = time.monotonic() - start
    return outcome


def _brief(exc: BaseException) -> str:
    """An exception in one line (Playwright's messages carry pages of browser logs)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200] if text else ''}".rstrip(": ")


def plan(
    districts: Sequence[str],
    slugs: dict[str, str],
    folder: Path,
    params: dict[str, Any],
    comparison: bool,
    catalogue: Catalogue | None = None,
) -> list[Job]:
    """The jobs of a year's `folder`: the comparison first (when asked), then one report per district
    (`catalogue`: the framework, whose noun for the units the comparison's title says)."""
    year, lang = params["year"], params["lang"]
    jobs = []
    if comparison:
        jobs.append(
            Job(
                label("comparison", lang, catalogue),
                NOTEBOOKS / COMPARISON_NOTEBOOK,
                inside(folder, COMPARISON_DIR),
                "comparison",
                params,
                label("comparison_title", lang, catalogue, year=year),
                lang,
            )
        )
    for district in districts:
        jobs.append(
            Job(
                district,
                NOTEBOOKS / DISTRICT_NOTEBOOK,
                inside(folder, slugs[district]),
                "report",
                {"district": district, **params},
                label("report_title", lang, district=district, year=year),
                lang,
            )
        )
    return jobs


def report_key(job: Job, fingerprint: str, pdf: bool, notebook: str) -> str:
    """What a report is made from, as a hash: the inputs and scoring choices (`fingerprint`, see
    data.fingerprint), the job's parameters but the run's cache (unit, year, language, synthetic, the
    choices as given), its title, whether a PDF is printed, the notebook's content (`notebook`, its
    sha256) and dxkit's version. Nothing in it comes from scoring."""
    parameters = {k: v for k, v in job.parameters.items() if k != "cache"}
    key = (dxkit.__version__, fingerprint, json.dumps(parameters, sort_keys=True), job.stem, job.title, pdf, notebook)
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def keyed(jobs: Sequence[Job], fingerprint: str, pdf: bool) -> list[Job]:
    """The jobs with their `report_key` (each notebook read once)."""
    notebooks = {nb: hashlib.sha256(nb.read_bytes()).hexdigest() for nb in {job.notebook for job in jobs}}
    return [replace(job, key=report_key(job, fingerprint, pdf, notebooks[job.notebook])) for job in jobs]


def current(job: Job, pdf: bool) -> bool:
    """True when the report in place was made from the job's key and is whole: its HTML, its PDF when
    `pdf`, and no failed notebook of a later run beside it."""
    return (
        read_manifest(job.folder).get("key") == job.key
        and job.path("html").is_file()
        and (not pdf or job.path("pdf").is_file())
        and not job.failed.exists()
    )


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers fork from a server that has imported papermill and nbconvert once (safe with threads).

    The first call starts that server, which imports them in the background.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    multiprocessing.forkserver.ensure_running()
    return ctx


def _init_worker(alive: Connection, run_dir: str, warm: str) -> None:
    """A worker leaves Ctrl-C to the parent, dies the moment the parent's end of `alive` closes (the
    parent stopping it, or dying even by SIGKILL), keeps its kernels' files in `run_dir` and forks its
    kernels from the batch's warm process listening at `warm` (which kills them if the worker dies)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ["JUPYTER_RUNTIME_DIR"] = run_dir
    threading.Thread(target=_die_with_parent, args=(alive,), daemon=True, name="dxkit-parent-watch").start()
    share(warm)


def _die_with_parent(alive: Connection) -> None:
    """Wait for the parent's end of `alive` to close, then kill this worker's kernels and the worker."""
    with suppress(EOFError, OSError):
        alive.recv_bytes()
    for child in children(os.getpid()):
        kill_tree(child)
    os.kill(os.getpid(), signal.SIGKILL)


def sweep_run_dirs() -> None:
    """Remove the temporary folders of earlier runs, and of their warm processes, whose process is gone
    (killed before cleaning up)."""
    for prefix in (RUN_DIR_PREFIX, ZYGOTE_FOLDER_PREFIX):
        pattern = re.compile(re.escape(prefix) + r"(\d+)-")
        for entry in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
            match = pattern.match(entry.name)
            if match and not _alive(int(match[1])):
                shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    return True


class _Pdf:
    """The batch's printer: a print that fails is retried once with a new browser (prints from several
    threads at once share it)."""

    def __init__(self, printer: PdfPrinter, stopped: threading.Event | None = None) -> None:
        self.printer, self.stopped = printer, stopped or threading.Event()

    def print(self, job: Job, folder: Path) -> str | None:
        """Print the job's HTML in `folder` to its PDF there; the error, in one line, if both tries fail."""
        error = None
        for attempt in range(2):
            if attempt and self.stopped.is_set():
                break  # Ctrl-C: the browser is gone with the terminal's process group; no new one
            try:
                if attempt:
                    self.printer.restart()  # if the browser is gone: once for the prints that failed on it
                self.printer.print(job.path("html", folder), job.path("pdf", folder), title=job.title, lang=job.lang)
                return None
            except Exception as exc:
                error = _brief(exc)
        return error


def _finish(
    outcome: Outcome, pdf: _Pdf | None, manifest: dict[str, Any], stopped: threading.Event | None = None
) -> Outcome:
    """Complete a job that ran: print its PDF, then put its folder in place; or, when it failed, keep
    its executed notebook beside the untouched previous report. The staging folder never stays. Once
    `stopped` (Ctrl-C) is set, nothing is put in place: the previous report stays whole."""
    job = outcome.job
    try:
        if outcome.error is None:
            if pdf is not None:
                start = time.monotonic()
                outcome.pdf_error = pdf.print(job, job.staging)
                outcome.seconds += time.monotonic() - start
            if stopped is not None and stopped.is_set():
                outcome.error = vocab.t("batch.interrupted_report", job.lang)
                return outcome
            write_atomic(job.staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            replace_dir(job.staging, job.folder)
            job.failed.unlink(missing_ok=True)
        else:
            job.failed.unlink(missing_ok=True)
            if job.path("ipynb", job.staging).exists():
                os.replace(job.path("ipynb", job.staging), job.failed)
    except (OSError, OutputError) as exc:  # a full disk, a folder turned read-only: this report is not replaced
        outcome.error = _brief(exc)
    finally:
        shutil.rmtree(job.staging, ignore_errors=True)
    return outcome


@contextmanager
def _ctrl_c_remembered(stopped: threading.Event) -> Iterator[None]:
    """Ctrl-C also sets `stopped`: a KeyboardInterrupt that Python swallows (raised inside a `__del__` or
    a callback while a signal arrives) must not let the run go on as if nothing had happened."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum: int, frame: Any) -> None:
        stopped.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _completed(pending: set[Future[Outcome]], stopped: threading.Event) -> Iterator[Future[Outcome]]:
    """The futures of `pending` as they complete (the caller may add more on the way), checking twice a
    second whether Ctrl-C was pressed."""
    while pending:
        if stopped.is_set():
            raise KeyboardInterrupt
        done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
        pending -= done
        yield from done


def _duration(seconds: float, lang: str) -> str:
    """'4 phút 12 giây' / '4 min 12 sec': the hours, minutes and seconds that are not zero, in `lang`."""
    from babel.dates import format_timedelta

    hours, rest = divmod(max(1, round(seconds)), 3600)
    minutes, rest = divmod(rest, 60)
    parts = ((hours, 3600), (minutes, 60), (rest, 1))
    return " ".join(
        format_timedelta(timedelta(seconds=n * unit), threshold=1, format="short", locale=vocab.locale(lang))
        for n, unit in parts
        if n
    )


class _Progress:
    """Reports finished so far, on stderr, with the time left and the failures counted as they happen:
    a bar on a terminal, one line per report otherwise (a log); nothing unless `shown`."""

    def __init__(self, total: int, lang: str, shown: bool) -> None:
        from tqdm import tqdm

        left = vocab.t("batch.progress.eta", lang, remaining="{remaining}")
        self.format = f"{{n_fmt}}/{{total_fmt}} [{{elapsed}}, {left}{{postfix}}]"
        self.lines = shown and not sys.stderr.isatty()
        self.bar = tqdm(
            total=total,
            file=sys.stderr,
            disable=not shown or self.lines,
            bar_format=f"{{percentage:3.0f}}%|{{bar}}| {self.format}",
        )
        self.lang, self.total, self.done, self.failed, self.start = lang, total, 0, 0, time.monotonic()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += not outcome.ok
        postfix = outcome.job.name[:30]
        if self.failed:
            postfix += ", " + vocab.t("batch.progress.failed", self.lang, n=self.failed)
        if self.lines:
            elapsed = time.monotonic() - self.start
            line = self.bar.format_meter(self.done, self.total, elapsed, bar_format=self.format, postfix=postfix)
            print(line, file=sys.stderr, flush=True)
        else:
            self.bar.set_postfix_str(postfix, refresh=False)
            self.bar.update()


def run_jobs(
    jobs: Sequence[Job],
    printer: PdfPrinter | None,
    manifest: dict[str, Any],
    run_dir: Path,
    workers: int | None = None,
    progress: bool = True,
    warm: Zygote | None = None,
) -> tuple[list[Outcome], bool]:
    """Run jobs in worker processes (`default_workers()` by default); PDFs are printed here as jobs finish.
    The workers' kernels fork from `warm` (default: one started here, for this run).

    Returns the outcomes of the jobs that finished, in job order, and whether Ctrl-C stopped the run
    (the workers are then killed and the unfinished reports left as they were). Each report's manifest
    is `manifest` with the job's key.
    """
    if not jobs:
        return [], False
    workers = max(1, min(workers or default_workers(), len(jobs)))
    ctx = _worker_context()
    outcomes: list[Outcome | None] = [None] * len(jobs)
    alive, keep_alive = ctx.Pipe(duplex=False)
    finished = interrupted = False
    with ExitStack() as owned:
        if warm is None:
            warm = Zygote()
            owned.callback(warm.close)
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(alive, str(run_dir), warm.path)
        )
        try:
            with ExitStack() as stack:
                for job in jobs:
                    shutil.rmtree(job.staging, ignore_errors=True)
                    job.staging.mkdir(parents=True)
                ran: dict[Future[Outcome], int] = {pool.submit(run_job, job): i for i, job in enumerate(jobs)}
                stopped = threading.Event()
                pdf = _Pdf(stack.enter_context(printer), stopped) if printer is not None else None
                shown = _Progress(len(jobs), jobs[0].lang, progress)
                stack.callback(shown.bar.close)
                # PDFs are printed and folders put in place in threads, as many as workers (each print
                # waits for a free tab of the printer): a report's PDF prints while the next one's notebook runs
                finishers = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dxkit-finish")
                stack.callback(finishers.shutdown, wait=True, cancel_futures=True)
                stack.callback(stopped.set)  # first on the way out: an unfinished report is not put in place
                stack.enter_context(_ctrl_c_remembered(stopped))
                finishing: dict[Future[Outcome], int] = {}
                pending = set(ran)
                for future in _completed(pending, stopped):
                    if future in ran:
                        i = ran[future]
                        try:
                            outcome = future.result()
                        except Exception as exc:
                            outcome = Outcome(jobs[i], _brief(exc))
                        keyed_manifest = {**manifest, "key": jobs[i].key}
                        done = finishers.submit(_finish, outcome, pdf, keyed_manifest, stopped)
                        finishing[done] = i
                        pending.add(done)
                    else:
                        outcomes[finishing[future]] = outcome = future.result()
                        shown.update(outcome)
            finished = True
        except KeyboardInterrupt:
            interrupted = True
        finally:
            with no_interrupt():
                if not finished:
                    keep_alive.close()  # the workers kill themselves
                pool.shutdown(wait=True, cancel_futures=True)
                keep_alive.close()
                for job in jobs:
                    shutil.rmtree(job.staging, ignore_errors=True)
    return [o for o in outcomes if o is not None], interrupted


def summary(result: BatchResult) -> str:
    """Lines for the terminal, in the result's language: counts (the reports skipped as unchanged among
    those done), failed reports with the executed notebook that shows why, reports whose PDF failed. One
    line when the run was interrupted."""
    lang, outcomes = result.lang, result.outcomes
    done = sum(o.error is None for o in outcomes) + result.skipped
    if result.interrupted:
        return vocab.t("batch.interrupted", lang, done=done, total=result.total)
    lines = [vocab.t("batch.summary", lang, done=done, total=result.total, year=result.year, index=result.index)]
    if result.skipped:
        lines[0] += f" ({vocab.t('batch.skipped', lang, n=result.skipped)})"
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        lines.append(vocab.t("batch.failed", lang, n=len(failed)))
        for o in failed:
            lines.append(f"  - {o.job.name}: {o.error}")
            if o.job.failed.exists():
                lines.append("    " + vocab.t("batch.see", lang, path=o.job.failed))
    no_pdf = [o for o in outcomes if o.error is None and o.pdf_error is not None]
    if no_pdf:
        lines.append(vocab.t("batch.pdf_failed", lang, n=len(no_pdf)))
        lines += [f"  - {o.job.name}: {o.pdf_error}" for o in no_pdf]
    return "\n".join(lines)


def figures(result: BatchResult) -> str:
    """The run as a table, in its language: reports made, skipped as unchanged, failed, whose PDF failed;
    the time per report made (mean, longest) and of the whole run."""
    lang, outcomes = result.lang, result.outcomes
    rows = {
        "made": str(sum(o.ok for o in outcomes)),
        "skipped": str(result.skipped),
        "failed": str(sum(o.error is not None for o in outcomes)),
        "pdf_failed": str(sum(o.error is None and o.pdf_error is not None for o in outcomes)),
    }
    if outcomes:
        longest = max(outcomes, key=lambda o: o.seconds)
        rows["per_report"] = vocab.t(
            "batch.figures.per_report_value",
            lang,
            mean=_duration(sum(o.seconds for o in outcomes) / len(outcomes), lang),
            longest=_duration(longest.seconds, lang),
            name=longest.job.name,
        )
    rows["total"] = _duration(result.seconds, lang)
    labels = {key: vocab.t(f"batch.figures.{key}", lang) for key in rows}
    width = max(len(text) for text in labels.values())
    return "\n".join(f"{labels[key]:<{width}}  {value}" for key, value in rows.items())


def built_at() -> str:
    """Now, local time, to the second (ISO 8601), as the manifests record it."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _select(
    assessment: Any, year: int | None, districts: Sequence[str] | None, inputs: Path
) -> tuple[int, list[str], list[str]]:
    """The year (default: the latest), its districts with data, and the chosen ones among them, each
    written as in the data; InputError naming every unknown name (with the closest known ones)."""
    from dxkit.core.problems import InputError, Problem
    from dxkit.core.units import resolve

    totals = assessment.totals()
    years = ", ".join(str(y) for y in sorted(totals["year"].unique()))
    year = int(totals["year"].max()) if year is None else year
    known = sorted(totals.loc[totals["year"] == year, "district"].unique())
    if not known:
        raise InputError([Problem("error", vocab.Message("batch.no_year", year=year, years=years), file=str(inputs))])
    everyone = sorted(totals["district"].unique())
    selected, problems = [], []
    for name in districts or known:
        try:
            unit = resolve(name, everyone)
        except InputError as exc:
            problems += exc.problems
            continue
        if unit in known:
            selected.append(unit)
        else:
            problems.append(
                Problem("error", vocab.Message("batch.no_data_for_year", year=year), district=unit, file=str(inputs))
            )
    if problems:
        raise InputError(problems)
    return year, known, list(dict.fromkeys(selected))


def run_batch(
    inputs: str | Path,
    year: int | None = None,
    districts: Sequence[str] | None = None,
    pdf: bool = True,
    out: str | Path = "outputs",
    workers: int | None = None,
    lang: str = vocab.DEFAULT,
    comparison: bool = True,
    synthetic: bool | None = None,
    progress: bool = True,
    *,
    framework: str | Path | None = None,
    options: dict[str, str] | None = None,
    bounds: str | Path | None = None,
    decimal: str | None = None,
    district_list: str | Path | None = None,
    framework_for: Mapping[int, str | Path] | None = None,
    crosswalk: str | Path | None = None,
    resume: bool = False,
) -> BatchResult:
    """Reports for `districts` (any spelling; default: every district with data in `year`, default the
    latest year), the province comparison when `comparison`, and the year's index page.

    Checked before any notebook runs: `out` is not an input nor inside one (InputError), the PDF engine
    when `pdf` (PdfEngineMissing), the district names (InputError), the year's folder is writable and
    free (OutputError). The inputs are read, scored with the choices (framework, options, bounds,
    decimal mark, district list; `framework_for` {year: file} and `crosswalk`: years assessed with an
    earlier framework, compared through the crosswalk), their rank intervals and the year's shared tables
    (dxkit.reports.data) computed once, here; the notebooks get them through a cache file and the same
    choices as parameters, and each analyses its own unit (in parallel, from look-ups the warm kernel
    process built once). With `resume`, the reports still `current` are skipped; the index and the
    scores are written anyway.
    """
    from dxkit.core.atomic import Busy, locked, sweep
    from dxkit.core.paths import check_output
    from dxkit.reports.data import build, save
    from dxkit.reports.index import build_index
    from dxkit.reports.pdf import PdfPrinter
    from dxkit.reports.scores import write_scores
    from dxkit.reports.slug import unique_slugs

    start = time.monotonic()
    inputs, out = Path(inputs).resolve(), Path(out).resolve()
    given = {"framework": framework, "bounds": bounds, "districts": district_list, "crosswalk": crosswalk}
    choices = {k: str(Path(v).resolve()) if v else None for k, v in given.items()}
    earlier = {int(y): str(Path(f).resolve()) for y, f in (framework_for or {}).items()}
    check_output(out, [inputs, *(v for v in choices.values() if v), *earlier.values()], folder=True)
    # a tab prints a report in about half the CPU time a worker takes to make one; a tab more costs Chromium
    # ~0.7 CPU-s: one tab for two workers (on 2 cores, a second tab made the batch 0.3 s slower)
    printer = PdfPrinter(tabs=max(1, (workers or default_workers()) // 2)) if pdf else None
    _worker_context()  # workers' imports overlap the scoring below
    warm = _warm_process()  # so do the kernels': one warm process for all the workers
    if printer is not None:
        printer.launch()  # and the browser's start
    try:
        data = build(inputs, synthetic, options=options, decimal=decimal, framework_for=earlier, **choices, lang=lang)
        year, known, selected = _select(data.assessment, year, districts, inputs)
        slugs = unique_slugs(list(dict.fromkeys([*known, *selected])))  # a folder does not depend on the selection
        folder = inside(out, str(year))
        params = {
            "year": year,
            "inputs": str(inputs),
            "lang": lang,
            "synthetic": data.synthetic,
            "options": dict(options or {}),
            "decimal": decimal,
            "framework_for": {str(y): f for y, f in earlier.items()},  # JSON keys: the notebook reads them back
            **choices,
        }
        manifest = {"fingerprint": data.fingerprint, "synthetic": data.synthetic, "built": built_at(), "lang": lang}
        sweep_run_dirs()
        with ExitStack() as stack:
            try:
                stack.enter_context(locked(folder))
            except Busy:
                raise OutputError(vocab.Message("batch.busy", folder=folder)) from None
            except OSError as exc:
                raise OutputError.cannot_write(folder, exc) from None
            try:
                sweep(folder)
                run_dir = Path(
                    stack.enter_context(
                        tempfile.TemporaryDirectory(
                            prefix=f"{RUN_DIR_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True
                        )
                    )
                )
                cache = run_dir / "report-data.pickle"
                jobs = plan(
                    selected, slugs, folder, {**params, "cache": str(cache)}, comparison, data.assessment.catalogue
                )
                jobs = keyed(jobs, data.fingerprint, pdf)
                todo = [job for job in jobs if not (resume and current(job, pdf))]
                data.year(year)  # once for all notebooks and the index; each notebook analyses its own unit
                if todo:
                    save(data, cache)
                with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dxkit-scores") as aside:
                    # the scores to take away (every year of the inputs), written while the notebooks run
                    scores = [aside.submit(write_scores, data.assessment, folder / name, lang) for name in SCORES]
                    outcomes, interrupted = run_jobs(todo, printer, manifest, run_dir, workers, progress, warm)
                    with no_interrupt():
                        for written in scores:
                            written.result()
                        index = build_index(data.year(year), out, slugs, data.fingerprint)
            except OSError as exc:
                raise OutputError.cannot_write(folder, exc) from None
    finally:
        warm.close()
        if printer is not None:
            printer.close()  # closed already by the run, unless something failed before it
    skipped = len(jobs) - len(todo)
    return BatchResult(year, outcomes, len(jobs), index, lang, interrupted, skipped, time.monotonic() - start)
