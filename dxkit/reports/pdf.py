"""Print self-contained HTML reports to A4 PDF with headless Chromium.

Chromium is driven through Playwright (``executable_path`` pointing at the
system browser, so Playwright never downloads its own).  One browser serves a
whole batch::

    with PdfPrinter() as printer:
        for html in reports:
            printer.print(html, html.with_suffix(".pdf"), title="...")

If Chromium or Playwright is missing, :class:`PdfEngineMissing` is raised when the
printer is created (before any browser starts), so callers can check the engine first.
A browser that crashed is replaced by :meth:`PdfPrinter.restart`.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FuturesTimeout
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dxkit.core import vocab
from dxkit.core.atomic import write_atomic
from dxkit.core.vocab import Localised
from dxkit.reports.processes import children, kill_tree

if TYPE_CHECKING:
    from types import TracebackType

    from playwright.async_api import Browser, BrowserContext, Page, PdfMargins, Playwright

__all__ = ["PdfEngineMissing", "PdfPrinter", "find_chromium", "html_to_pdf"]

ENV_VAR = "DXKIT_CHROMIUM"
# Chromium's headless shell first (Debian's chromium-headless-shell, same engine): it prints the same PDF
# with a fifth less CPU (its browser process does a third of the full browser's work) and starts in half the time
CANDIDATES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
INSTALL_COMMANDS = (
    "'sudo apt-get install -y chromium-headless-shell fonts-dejavu-core fonts-liberation2' (or chromium) "
    f"({ENV_VAR}=/path/to/chromium) + 'pip install playwright'"
)
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
STOP_TIMEOUT_S = 10.0  # closing a healthy browser takes well under a second
MARGIN_MM = {"top": 15, "bottom": 18, "left": 15, "right": 15}
MARGIN: PdfMargins = {side: f"{mm}mm" for side, mm in MARGIN_MM.items()}  # type: ignore[assignment]
# A tab lays the page out as it will print it: print media, the A4 page less its margins, at 96 px per
# inch. Chromium then prints in 12 % less CPU; the PDF is the same.
PRINT_WIDTH_PX = round((210 - MARGIN_MM["left"] - MARGIN_MM["right"]) / 25.4 * 96)
PRINT_HEIGHT_PX = round((297 - MARGIN_MM["top"] - MARGIN_MM["bottom"]) / 25.4 * 96)
HEADER_TEMPLATE = "<span></span>"
FOOTER_TEMPLATE = (
    '<div style="width:100%;text-align:center;font-size:9pt;color:#555;'
    "font-family:'DejaVu Sans',sans-serif;\">{text}</div>"
)
PAGE_NUMBER, TOTAL_PAGES = '<span class="pageNumber"></span>', '<span class="totalPages"></span>'
# Reports are self-contained; remote scripts (nbconvert's CDN MathJax and
# require.js) are blocked so a firewalled network cannot stall page loads.
REMOTE_URL = re.compile(r"^(https?|wss?)://", re.IGNORECASE)

DRIVER_GONE = "Connection closed while reading from the driver"
WARM_UP = (  # printed once by a new browser: Vietnamese text in the reports' fonts, a table, an SVG
    '<html lang="vi"><body style="font-family:\'DejaVu Sans\',sans-serif"><h1>Chỉ số chuyển đổi số</h1>'
    '<table><tr><td>Tổng điểm</td><td>1.000</td></tr></table><svg width="9" height="9"><text>ư</text></svg></body></html>'
)

T = TypeVar("T")


class PdfEngineMissing(RuntimeError):
    """No usable PDF engine (Chromium + Playwright); the message says how to get one.

    `reason` says what is missing, in any language; str() is in the default language, like dxkit's
    other errors; `message(lang)` in `lang`.
    """

    def __init__(self, reason: Localised) -> None:
        self.reason = reason
        super().__init__(self.message())

    def message(self, lang: str = vocab.DEFAULT) -> str:
        hint = vocab.t("batch.pdf.hint", lang, commands=INSTALL_COMMANDS)
        return vocab.t("batch.pdf.missing", lang, reason=self.reason, hint=hint)


def footer(lang: str = vocab.DEFAULT) -> str:
    """The footer of every page: 'Trang 3 / 12' in `lang` (Chromium fills in the numbers)."""
    return FOOTER_TEMPLATE.format(text=vocab.t("batch.pdf.footer", lang, page=PAGE_NUMBER, pages=TOTAL_PAGES))


def _quiet_driver_exit(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Ctrl-C in a terminal also stops Playwright's driver (same process group); the reply it never
    sent is not worth a message under the one-line summary. Anything else is reported as usual."""
    if DRIVER_GONE not in str(context.get("exception", "")):
        loop.default_exception_handler(context)


def find_chromium() -> str | None:
    """Return the Chromium executable to use, or None.

    ``$DXKIT_CHROMIUM`` (a path or command name) wins when set, even if it
    does not exist (then None); otherwise the first of ``chromium-headless-shell``,
    ``chromium``, ``chromium-browser``, ``google-chrome`` found on PATH.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return shutil.which(override)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class PdfPrinter:
    """Reusable headless Chromium that prints HTML files to A4 PDFs, up to `tabs` at a time.

    Use as a context manager. Playwright runs on a private event loop in its own thread, so the
    printer also works where an asyncio loop is already running (Jupyter, papermill), and `print` may
    be called from several threads at once: each print takes a free tab (opened the first time it is
    needed, then reused: a new tab costs Chromium ~0.7 s CPU) and waits for one when all are busy.
    """

    def __init__(self, executable: str | None = None, *, timeout_s: float = 60.0, tabs: int = 1) -> None:
        """Check the engine; raise :class:`PdfEngineMissing` if unavailable."""
        try:
            import playwright.async_api  # noqa: F401
        except ImportError as exc:
            raise PdfEngineMissing(vocab.Message("batch.pdf.no_playwright")) from exc
        self.executable = executable or find_chromium()
        if not self.executable:
            where = f"${ENV_VAR}={os.environ[ENV_VAR]!r}" if os.environ.get(ENV_VAR) else "PATH"
            raise PdfEngineMissing(vocab.Message("batch.pdf.no_chromium", where=where))
        self.timeout_ms = timeout_s * 1000
        self.tabs = max(1, tabs)
        self.browser_number = 0  # browsers started so far (1 once entered; +1 at every replacement)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None  # running the loop
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None
        self._idle: list[Page] = []  # open tabs no print is using
        self._slots: asyncio.Semaphore | None = None
        self._switching: asyncio.Lock | None = None
        self._launched: Future[None] | None = None
        self._failed: PdfEngineMissing | None = None  # why a replacement browser could not start

    def launch(self) -> PdfPrinter:
        """Start the browser and open its tabs in the background (the caller goes on); entering the
        printer waits for them. Returns the printer."""
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._loop.set_exception_handler(_quiet_driver_exit)
            self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="dxkit-pdf")
            self._thread.start()
            self._launched = asyncio.run_coroutine_threadsafe(self._begin(), self._loop)
        return self

    def __enter__(self) -> PdfPrinter:
        try:
            launched = self.launch()._launched
            assert launched is not None
            launched.result()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def print(
        self,
        html_path: str | os.PathLike[str],
        pdf_path: str | os.PathLike[str],
        *,
        title: str | None = None,
        lang: str = vocab.DEFAULT,
    ) -> Path:
        """Print ``html_path`` to ``pdf_path`` (atomically) and return the PDF path.

        ``title`` replaces the document title, which becomes the PDF's Title metadata; the page
        numbers under every page are written in ``lang``.
        """
        if self._loop is None or self._slots is None:
            raise RuntimeError("PdfPrinter must be used as a context manager")
        html = Path(html_path).resolve(strict=True)
        return write_atomic(Path(pdf_path), self._run(self._print(html.as_uri(), title, footer(lang))))

    def restart(self) -> None:
        """Replace the browser with a new one if it is gone (a crash); PdfEngineMissing if it cannot start.
        Prints that failed together on one crashed browser replace it once (the next finds the new one
        running). A print that failed on a browser still running loses only its tab: the next print
        opens a new one."""
        self._run(self._restart())

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(work, self._loop).result()

    async def _begin(self) -> None:
        """Start the browser, open its tabs and print a page in the report's fonts once: the first print
        of a fresh browser costs it a quarter of a second more (fonts, the PDF writer)."""
        self._slots, self._switching = asyncio.Semaphore(self.tabs), asyncio.Lock()
        await self._start()
        assert self._context is not None
        from playwright.async_api import Error

        with suppress(Error):  # only a head start: a browser that cannot open a tab fails each print instead
            self._idle = [await self._new_tab(self._context) for _ in range(self.tabs)]
            await self._idle[0].set_content(WARM_UP)
            await self._idle[0].pdf(format="A4", outline=True, tagged=True)

    async def _start(self) -> None:
        from playwright.async_api import Error, async_playwright

        self._playwright = await async_playwright().start()
        try:
            self._browser = await self._playwright.chromium.launch(
                executable_path=self.executable, args=list(CHROMIUM_ARGS), timeout=self.timeout_ms
            )
        except Error as exc:
            raise PdfEngineMissing(
                vocab.Message("batch.pdf.cannot_start", executable=self.executable, error=exc.message)
            ) from exc
        self._context = await self._browser.new_context()
        self._context.set_default_timeout(self.timeout_ms)
        await self._context.route(REMOTE_URL, lambda route: route.abort())
        self.browser_number += 1

    async def _restart(self) -> None:
        assert self._switching is not None
        async with self._switching:
            if self._failed is not None:  # a replacement could not start: not tried again for every print
                raise PdfEngineMissing(self._failed.reason)
            if self._browser is not None and self._browser.is_connected():
                return
            await self._stop()
            try:
                await self._start()
            except PdfEngineMissing as exc:
                self._failed = exc
                raise

    async def _print(self, url: str, title: str | None, footer_html: str) -> bytes:
        assert self._slots is not None and self._switching is not None
        async with self._slots:
            async with self._switching:  # not while the browser is being replaced
                context = self._context
                if context is None:  # its replacement could not start
                    reason = self._failed.reason if self._failed else vocab.Message("batch.pdf.browser_gone")
                    raise PdfEngineMissing(reason)
                page = self._idle.pop() if self._idle else await self._new_tab(context)
            try:
                pdf = await self._render(page, url, title, footer_html)
            except BaseException:
                with suppress(Exception):  # a tab a print failed in is not used again
                    await page.close()
                raise
            if context is self._context and not page.is_closed():
                self._idle.append(page)
            return pdf

    @staticmethod
    async def _new_tab(context: BrowserContext) -> Page:
        page = await context.new_page()
        await page.emulate_media(media="print")
        await page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": PRINT_HEIGHT_PX})
        return page

    async def _render(self, page: Page, url: str, title: str | None, footer_html: str) -> bytes:
        await page.goto(url, wait_until="load")
        await page.evaluate("document.fonts.ready.then(() => true)")
        if title is not None:
            await page.evaluate("t => { document.title = t; }", title)
        return await page.pdf(
            format="A4",
            print_background=True,
            margin=MARGIN,
            display_header_footer=True,
            header_template=HEADER_TEMPLATE,
            footer_template=footer_html,
            outline=True,
            tagged=True,
        )

    async def _stop(self) -> None:
        """Close the browser and Playwright; parts that already died (a crash, Ctrl-C) are only forgotten."""
        from playwright.async_api import Error

        if self._browser is not None:
            with suppress(Error):
                await self._browser.close()
        if self._playwright is not None:
            with suppress(Error):
                await self._playwright.stop()
        self._idle = []
        self._context = self._browser = self._playwright = None

    def close(self) -> None:
        """Stop the browser and the loop; if a call hangs on a driver that Ctrl-C already killed (it reaches
        the whole process group), end the driver's process tree after STOP_TIMEOUT_S instead of waiting."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            if self._launched is not None:  # a browser still starting is stopped once it has started
                with suppress(Exception, FuturesTimeout):
                    self._launched.result(timeout=STOP_TIMEOUT_S)
            future = asyncio.run_coroutine_threadsafe(self._stop(), loop)
            try:
                future.result(timeout=STOP_TIMEOUT_S)
            except FuturesTimeout:
                kill_driver()
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=STOP_TIMEOUT_S)
                if not self._thread.is_alive():
                    loop.close()


def kill_driver() -> None:
    """Kill this process's Playwright driver and everything under it (Chromium)."""
    for child in children(os.getpid()):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"playwright" in command:
            kill_tree(child)


def html_to_pdf(
    html_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    *,
    title: str | None = None,
    lang: str = vocab.DEFAULT,
) -> Path:
    """Print one HTML file to PDF (starts and stops a browser; prefer PdfPrinter for batches)."""
    with PdfPrinter() as printer:
        return printer.print(html_path, pdf_path, title=title, lang=lang)
