"""The what-if panel in a real browser: `dxkit dashboard` (Voila) and JupyterLab with explore.ipynb, driven
headless through the system Chromium with Playwright, on the bundled sample province.

Both change one input the same way and check the total and rank the page shows against a hand calculation:

    Chư Prông 2024, II.6.8 (share of online applications paid online, ratio, max 20, linear):
    a = 4 088 of b = 8 270: 49.43% → 20 × 4088/8270 = 9.886 points; recorded total 739.102, rank 6 of 17
    (5 Chư Sê 740.471, 4 Đak Đoa 748.169). a → 8 270: 100% → 20 points (+10.114):
    total 739.102 − 9.886 + 20 = 749.216 → '749,22 điểm', above Đak Đoa → rank 4 of 17.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
START_SECONDS = 60  # a server, its kernel and the panel, on a busy 2-core machine
WAIT_MS = 60_000
PHONE = {"width": 390, "height": 844}
BEFORE = ("739,1 điểm", "hạng 6/17 huyện năm 2024")
AFTER = ("749,22 điểm", "hạng 4/17 huyện năm 2024")
SESSION_READY = """async () => {
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.context) return false;
  await w.context.sessionContext.ready;
  return !!(w.context.sessionContext.session && w.context.sessionContext.session.kernel);
}"""
NO_OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > width + 1 && getComputedStyle(e).visibility !== 'hidden';
  }).map(e => e.tagName + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def started(command: list[str], cwd: Path) -> Iterator[subprocess.Popen]:
    """A server in its own process group, its output in `cwd`/server.log; the whole group stopped after."""
    with open(cwd / "server.log", "wb") as log:
        server = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield server
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def wait_until_up(server: subprocess.Popen, url: str, cwd: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((cwd / "server.log").read_text(errors="replace")[-2000:]) from None
            time.sleep(0.3)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[dict]:
    """`dxkit dashboard` on the sample and JupyterLab on a copy of explore.ipynb, started together."""
    board, lab = tmp_path_factory.mktemp("dashboard"), tmp_path_factory.mktemp("lab")
    (lab / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "explore.ipynb", lab / "notebooks")
    (lab / "inputs").symlink_to(ROOT / "inputs")
    # every cell in the page: JupyterLab's default ('contentVisibility') lets the browser skip the layout of
    # the cells off screen, where the panel's controls then wait to be visible (it timed out under load)
    tracker = lab / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    board_port, lab_port, token = free_port(), free_port(), "dxkit-test"
    dashboard = [
        sys.executable,
        "-m",
        "dxkit",
        "dashboard",
        "--inputs",
        str(ROOT / "inputs"),
        "--port",
        str(board_port),
    ]
    jupyter = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={lab_port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={lab}",
        f"--LabApp.user_settings_dir={lab / 'settings'}",
        f"--LabApp.workspaces_dir={lab / 'workspaces'}",  # not the layout an earlier run left in ~/.jupyter
        "--LabApp.expose_app_in_browser=True",
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]
    with started(dashboard, board) as b, started(jupyter, lab) as j:
        board_url = f"http://127.0.0.1:{board_port}/"
        wait_until_up(b, board_url, board)
        wait_until_up(j, f"http://127.0.0.1:{lab_port}/api/status?token={token}", lab)
        yield {
            "dashboard_process": b,
            "dashboard_log": board / "server.log",
            "dashboard": board_url,
            "lab": f"http://127.0.0.1:{lab_port}/lab/tree/notebooks/explore.ipynb?token={token}",
        }


def change_one_input(page, shots: Path, name: str) -> None:
    """Pick Chư Prông, set II.6.8.a to 8 270 as an analyst types it, check total and rank, take screenshots."""
    panel = page.locator(".dx-whatif")
    unit = panel.locator(".dx-unit select")
    unit.scroll_into_view_if_needed(timeout=WAIT_MS)
    unit.select_option("Chư Prông", timeout=WAIT_MS)
    total, rank = panel.locator('[data-dx="total"]'), panel.locator('[data-dx="rank"]')
    page.wait_for_function(
        "([t, r]) => document.querySelector('.dx-whatif [data-dx=\"total\"]').textContent === t",
        arg=list(BEFORE),
        timeout=WAIT_MS,
    )
    assert (total.inner_text(), rank.inner_text()) == BEFORE
    box = panel.locator(".dx-var-II-6-8-a input")
    for _ in range(3):  # a click the page takes before the accordion is wired up opens nothing: again
        panel.locator(".jupyter-widget-Collapse-header", has_text="II.6 ").click(timeout=WAIT_MS)
        try:
            box.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.screenshot(path=shots / f"{name}-accordion-closed.png")
    assert box.input_value(timeout=WAIT_MS) == "4.088"
    box.fill("8.270")
    box.press("Enter")
    page.wait_for_function(
        "t => document.querySelector('.dx-whatif [data-dx=\"total\"]').textContent === t",
        arg=AFTER[0],
        timeout=WAIT_MS,
    )
    assert (total.inner_text(), rank.inner_text()) == AFTER
    assert "Tỷ lệ = 8.270/8.270 = 100% → 100% × 20 = 20/20 điểm" in panel.inner_text()
    page.screenshot(path=shots / f"{name}-criterion.png")
    total.scroll_into_view_if_needed()
    page.screenshot(path=shots / f"{name}-summary.png")


def test_the_dashboard_recomputes_total_and_rank_and_fits_a_phone(chromium, servers, tmp_path):
    page = chromium.new_page(viewport=PHONE)
    try:
        page.goto(servers["dashboard"], timeout=WAIT_MS)
        page.wait_for_selector('.dx-whatif [data-dx="total"]', timeout=WAIT_MS)
        assert page.locator("pre, .jp-InputArea, .CodeMirror, .cm-editor").count() == 0  # no code shown
        change_one_input(page, tmp_path, "dashboard")
        fit = page.evaluate(NO_OVERFLOW)
        assert fit["scroll"] <= fit["width"] and not fit["wide"], fit
    finally:
        page.close()


WIDGET_FAILED = "text=Click to show javascript error"  # JupyterLab's widget manager could not draw a view


def test_the_panel_in_jupyterlab_after_running_explore(chromium, servers, tmp_path):
    """Run all of explore.ipynb in JupyterLab, then change one input in the panel. JupyterLab's widget
    manager sometimes fails to draw one of the panel's hundreds of widget views ("Click to show javascript
    error", seen in up to a third of the runs on a loaded 2-core machine): the notebook is then run again in a
    new page, up to three times in all; any other failure, or that one three times, fails the test."""
    attempts = 3
    for attempt in range(attempts):
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(servers["lab"], timeout=WAIT_MS)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=WAIT_MS)
            page.wait_for_selector(".jp-Notebook", timeout=WAIT_MS)
            page.wait_for_function(SESSION_READY, timeout=WAIT_MS, polling=500)
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            page.wait_for_selector('.dx-whatif [data-dx="total"]', timeout=WAIT_MS)
            change_one_input(page, tmp_path, "lab")
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1 or page.locator(WIDGET_FAILED).count() == 0:
                raise
            page.screenshot(path=tmp_path / f"lab-widget-failed-{attempt}.png")
        finally:
            page.close()


def test_ctrl_c_stops_the_dashboard_server_and_kernel(servers):
    """Last, on the dashboard the first test used: Ctrl-C (SIGINT to dxkit) ends it in one line, exit 130,
    with its server (and the server's kernels, in its process group) gone."""
    process = servers["dashboard_process"]
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert len(children) == 1  # the Voila server, leading its own process group
    process.send_signal(signal.SIGINT)
    assert process.wait(30) == 130
    with pytest.raises(ProcessLookupError):
        os.killpg(int(children[0]), 0)
    log = servers["dashboard_log"].read_text(errors="replace")
    assert "Traceback" not in log and "dxkit: " in log
