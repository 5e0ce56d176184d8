"""Tests for dxkit.reports.pdf (HTML → A4 PDF through headless Chromium)."""

from __future__ import annotations

import asyncio
import base64
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from dxkit.reports.pdf import PdfEngineMissing, PdfPrinter, find_chromium, html_to_pdf

VI_TITLE = "Chuyển đổi số — Chư Prông, Đak Đoa, Kông Chro, Ia Grai"
VI_BODY = "Hạ tầng số, Nhận thức số, điểm"
# nbconvert's lab template font stack (what dxkit reports use).
NBCONVERT_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def _engine_available() -> bool:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return False
    return find_chromium() is not None


needs_engine = pytest.mark.skipif(not _engine_available(), reason="PDF engine missing (needs chromium + playwright)")


def _png(width: int = 40, height: int = 20) -> bytes:
    """A solid-colour RGB PNG, built without image libraries."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1f\x77\xb4" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture()
def report_html(tmp_path: Path) -> Path:
    """Two-page self-contained HTML with Vietnamese text and an embedded PNG."""
    img = base64.b64encode(_png()).decode()
    html = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo</title></head>
<body style="font-family: {NBCONVERT_FONTS}">
  <h1>{VI_TITLE}</h1>
  <p>{VI_BODY}</p>
  <img alt="biểu đồ" src="data:image/png;base64,{img}" width="200">
  <div style="break-after: page"></div>
  <h2>Phần 2</h2>
  <p>Người dân huyện Kông Chro đã được tiếp cận dịch vụ công trực tuyến.</p>
</body></html>"""
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def printer() -> Iterator[PdfPrinter]:
    with PdfPrinter() as p:
        yield p


@needs_engine
def test_pdf_is_a4_with_footer_and_vietnamese_text(printer: PdfPrinter, report_html: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = printer.print(report_html, tmp_path / "out" / "report.pdf", title=VI_TITLE)

    assert out == tmp_path / "out" / "report.pdf"
    assert [p.name for p in out.parent.iterdir()] == ["report.pdf"]  # no temp leftovers
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    for number, page in enumerate(reader.pages, start=1):
        assert float(page.mediabox.width) == pytest.approx(595, abs=2)
        assert float(page.mediabox.height) == pytest.approx(842, abs=2)
        assert f"Trang {number} / 2" in page.extract_text()
    first = reader.pages[0].extract_text()
    assert "Chuyển đổi số" in first
    assert "Chư Prông" in first
    assert VI_BODY in first
    assert len(reader.pages[0].images) == 1
    assert reader.metadata.title == VI_TITLE


@needs_engine
def test_the_footer_speaks_the_reports_language(printer: PdfPrinter, report_html: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(printer.print(report_html, tmp_path / "en.pdf", lang="en"))
    assert [f"Page {n} / 2" in page.extract_text() for n, page in enumerate(reader.pages, start=1)] == [True, True]
    assert "Trang" not in reader.pages[0].extract_text()


@needs_engine
def test_default_and_arial_fonts_cover_vietnamese(printer: PdfPrinter, tmp_path: Path) -> None:
    """Unstyled text (Times) and Arial must not fall back glyph by glyph to another font.

    Debian's fonts-liberation 1.07 lacks Vietnamese letters such as ể/ố/ạ; the
    per-glyph fallback mixes fonts and breaks copy/search ("Chuy ể n").
    """
    pypdf = pytest.importorskip("pypdf")
    html = tmp_path / "plain.html"
    html.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f'<h1>{VI_TITLE}</h1><p style="font-family: Arial">{VI_BODY}</p></body></html>',
        encoding="utf-8",
    )
    text = pypdf.PdfReader(printer.print(html, tmp_path / "plain.pdf")).pages[0].extract_text()
    hint = "system fonts lack Vietnamese glyphs: apt-get install -y fonts-liberation2"
    assert "Chuyển đổi số" in text, hint
    assert VI_BODY in text, hint


@needs_engine
def test_printer_reused_and_overwrites(printer: PdfPrinter, report_html: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    printer.print(report_html, target)
    printer.print(report_html, tmp_path / "b.pdf")
    assert target.read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-")


@needs_engine
def test_tabs_print_at_once_and_a_crash_under_them_costs_one_new_browser(report_html: Path, tmp_path: Path) -> None:
    """Two threads print through a two-tab printer: each gets its own titled PDF. Chromium is then
    killed under both: the batch's retry (`_Pdf`) replaces the browser once and both PDFs are printed."""
    import contextlib
    import os
    import signal
    import threading

    from pypdf import PdfReader

    from dxkit.reports.batch import Job, _Pdf
    from dxkit.reports.processes import children

    def chromium_pids() -> list[int]:
        found, queue = [], children(os.getpid())
        while queue:
            pid = queue.pop()
            queue += children(pid)
            try:
                if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(pid)
            except OSError:
                pass
        return found

    def print_all(shared: PdfPrinter | _Pdf, names: list[str]) -> list[BaseException]:
        errors: list[BaseException] = []

        def one(name: str) -> None:
            try:
                if isinstance(shared, PdfPrinter):
                    shared.print(report_html, tmp_path / f"{name}.pdf", title=name)
                else:
                    job = Job(name, Path("nb.ipynb"), tmp_path / name, name, {}, name, "vi")
                    job.path("html", tmp_path).write_text(report_html.read_text(encoding="utf-8"), encoding="utf-8")
                    assert shared.print(job, tmp_path) is None
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        return errors

    with PdfPrinter(tabs=2) as printer:
        assert print_all(printer, ["a", "b", "c", "d"]) == []
        assert [PdfReader(tmp_path / f"{n}.pdf").metadata.title for n in "abcd"] == list("abcd")
        first, browser = printer.browser_number, chromium_pids()
        assert browser
        for pid in browser:
            with contextlib.suppress(ProcessLookupError):  # gone with the browser process already
                os.kill(pid, signal.SIGKILL)
        assert print_all(_Pdf(printer), ["e", "f"]) == []
        assert printer.browser_number == first + 1
        assert all((tmp_path / f"{n}.pdf").read_bytes().startswith(b"%PDF-") for n in "ef")


@needs_engine
def test_html_to_pdf_inside_running_event_loop(report_html: Path, tmp_path: Path) -> None:
    """Works where an asyncio loop runs (Jupyter/papermill), unlike Playwright's plain sync API."""

    async def main() -> Path:
        return html_to_pdf(report_html, tmp_path / "loop.pdf")

    assert asyncio.run(main()).read_bytes().startswith(b"%PDF-")


@needs_engine
def test_missing_html_raises(printer: PdfPrinter, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        printer.print(tmp_path / "nope.html", tmp_path / "nope.pdf")
    assert not (tmp_path / "nope.pdf").exists()


def test_env_override_to_missing_path_means_no_engine(
    monkeypatch: pytest.MonkeyPatch, report_html: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("DXKIT_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert find_chromium() is None
    with pytest.raises(PdfEngineMissing) as info:
        html_to_pdf(report_html, tmp_path / "report.pdf")
    message = str(info.value)
    assert "apt-get install -y chromium" in message
    assert "pip install playwright" in message
    assert not (tmp_path / "report.pdf").exists()


def test_missing_playwright_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)  # makes the import fail
    with pytest.raises(PdfEngineMissing, match="pip install playwright"):
        PdfPrinter()


def test_env_override_accepts_existing_executable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DXKIT_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)


def test_a_stop_hanging_on_a_dead_driver_does_not_hang_the_run(monkeypatch):
    """Ctrl-C reaches Playwright's driver too: a close waiting on it forever must give up and kill it."""
    import asyncio
    import threading

    from dxkit.reports import pdf

    released = threading.Event()
    printer = pdf.PdfPrinter.__new__(pdf.PdfPrinter)
    printer._loop, printer._launched = (loop := asyncio.new_event_loop()), None
    printer._thread = runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()

    async def hang() -> None:  # a driver that never answers
        await asyncio.sleep(30)

    monkeypatch.setattr(printer, "_stop", hang, raising=False)
    monkeypatch.setattr(pdf, "STOP_TIMEOUT_S", 0.2)
    monkeypatch.setattr(pdf, "kill_driver", released.set)
    printer.close()
    assert released.is_set() and printer._loop is None and not runner.is_alive() and loop.is_closed()


def test_kill_driver_only_kills_playwright_children():
    import subprocess
    import sys
    import time

    from dxkit.reports import pdf

    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    driver = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "playwright-run-driver"])
    try:
        pdf.kill_driver()
        deadline = time.monotonic() + 5
        while driver.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert driver.poll() is not None and bystander.poll() is None
    finally:
        bystander.kill()
        driver.kill()


@needs_engine
def test_a_print_that_fails_on_a_running_browser_costs_only_its_tab(
    report_html: Path, tmp_path: Path, monkeypatch
) -> None:
    """A print that fails while the browser runs (a timeout, a page that crashed) is retried in a new
    tab of the same browser: no restart, the other prints' tabs untouched."""
    from playwright.async_api import Error

    from dxkit.reports.batch import Job, _Pdf

    render, failed = PdfPrinter._render, []

    async def once(self, page, url, title, footer):
        if not failed:
            failed.append(page)
            raise Error("Timeout 60000ms exceeded.")
        return await render(self, page, url, title, footer)

    monkeypatch.setattr(PdfPrinter, "_render", once)
    job = Job("x", Path("nb.ipynb"), tmp_path / "x", "x", {}, "x", "vi")
    job.path("html", tmp_path).write_text(report_html.read_text(encoding="utf-8"), encoding="utf-8")
    with PdfPrinter() as printer:
        assert _Pdf(printer).print(job, tmp_path) is None
        assert printer.browser_number == 1 and failed[0].is_closed()
    assert job.path("pdf", tmp_path).read_bytes().startswith(b"%PDF-")


@needs_engine
def test_a_browser_that_cannot_open_a_tab_fails_each_print_not_the_start(
    report_html: Path, tmp_path: Path, monkeypatch
) -> None:
    """Tabs are opened ahead only as a head start: when Chromium starts but cannot open one, entering the
    printer still succeeds and each print reports its own error (the batch keeps the HTML)."""
    from playwright.async_api import Error

    async def no_tab(context):
        raise Error("Target crashed")

    monkeypatch.setattr(PdfPrinter, "_new_tab", staticmethod(no_tab))
    with PdfPrinter() as printer, pytest.raises(Error, match="Target crashed"):
        printer.print(report_html, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
