#!/usr/bin/env python3
"""Screenshot of notebook 02's review panel in JupyterLab, driven by a real browser.

    python scripts/screenshot_review_panel.py                 # -> docs/img/review_panel.png
    python scripts/screenshot_review_panel.py --out panel.png --keep

What it does: screens sample_contracts/ into a temporary results store, copies notebook 02 into
a temporary folder, starts ``jupyter lab`` on a free localhost port with a random token (the
kernel reads that store through ``ANALYZER_NB_STORE``: nothing else is analysed), opens the
notebook in headless Chromium, runs all cells, types a reviewer's name, clicks **Accept** on the
first finding of the panel, waits until the results store holds that decision, and saves a PNG
of the panel. The test ``tests/test_review_panel_browser.py`` runs the same code.

Needs Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) and the
``playwright`` Python package (dev extra). Playwright's own browser download
(``playwright install``) is never used: the browser is ``/usr/bin/chromium``. Nothing leaves
the machine: JupyterLab listens on 127.0.0.1 only, and the browser runs with networking
features (sync, component updates, background requests) switched off.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "02_portfolio_review.ipynb"
CHROMIUM = os.environ.get("ANALYZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REVIEWER = "Browser Test"
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
}


def missing_requirements() -> str | None:
    """Why the browser run cannot happen here, or None."""
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install playwright)"
    try:
        import ipywidgets  # noqa: F401
        import jupyterlab  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(contracts: Sequence[Path], out: Path) -> Path:
    """A results store of ``contracts`` (files or folders), screened in-process."""
    from analyzer.portfolio import analyze_portfolio

    analyze_portfolio(list(contracts), out=out, workers=1, progress=False)
    return out / "results.sqlite"


@dataclass
class Lab:
    """A running ``jupyter lab`` (started by :func:`start_lab`; stop it with :meth:`stop`)."""

    process: subprocess.Popen[bytes]
    url: str
    token: str
    log: Path

    def stop(self) -> None:
        # the server and its kernels are in a process group of their own (started here)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_lab(root: Path, env: dict[str, str], work: Path, timeout: float = 90) -> Lab:
    """Start JupyterLab on 127.0.0.1 with a random token, serving ``root``; config, data and
    runtime folders under ``work`` so that no user setting or extension interferes."""
    port, token = free_port(), secrets.token_hex(16)
    for sub in ("config", "data", "runtime", "settings", "workspaces"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    # every cell in the page (no windowing: the panel is found wherever it is), no news fetched
    for plugin, settings in LAB_SETTINGS.items():
        target = work / "settings" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    full_env = {
        **os.environ,
        **env,
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(work / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    log = work / "jupyter.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
    ]
    with log.open("wb") as fh:
        process = subprocess.Popen(
            cmd, env=full_env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
    lab = Lab(process, f"http://127.0.0.1:{port}", token, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    return lab
        except OSError:
            time.sleep(0.5)
    lab.stop()
    raise RuntimeError(f"jupyter lab did not start within {timeout:.0f} s; see {log}")


def drive_panel(lab: Lab, notebook: str, png: Path, *, timeout: float = 240) -> str:
    """Open ``notebook`` in headless Chromium, run all cells, type the reviewer's name, click
    Accept on the panel's first finding and save a PNG of the panel; returns the panel's
    message (what was recorded)."""
    from playwright.sync_api import sync_playwright

    ms = int(timeout * 1000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1500})
            page.goto(f"{lab.url}/lab/tree/{notebook}?token={lab.token}", timeout=ms)
            page.wait_for_selector(".jp-NotebookPanel", timeout=ms)
            # once the kernel has started and is idle, run every cell from the Run menu
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=ms)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            accept = page.get_by_role("button", name="Accept", exact=True)
            accept.wait_for(state="visible", timeout=ms)
            panel = page.locator(".widget-vbox", has_text="Review findings").first
            panel.scroll_into_view_if_needed()
            name = page.get_by_placeholder("Your name")
            name.fill(REVIEWER)
            name.press("Tab")  # the widget syncs its value to the kernel
            accept.click()
            message = panel.locator(".widget-html", has_text="accepted").first
            message.wait_for(state="visible", timeout=ms)
            png.parent.mkdir(parents=True, exist_ok=True)
            panel.screenshot(path=str(png))
            return str(message.inner_text())
        finally:
            browser.close()


def run(
    contracts: Sequence[Path], png: Path, work: Path, *, timeout: float = 240
) -> tuple[Path, str]:
    """The whole run in ``work``: store, notebook copy, JupyterLab, browser. Returns the store
    and the panel's message."""
    store = build_store(contracts, work / "out")
    root = work / "notebooks"
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(NOTEBOOK, root / NOTEBOOK.name)
    env = {"ANALYZER_NB_STORE": str(store), "ANALYZER_NB_OUT": str(work / "nb-out")}
    lab = start_lab(root, env, work / "jupyter")
    try:
        message = drive_panel(lab, NOTEBOOK.name, png, timeout=timeout)
    finally:
        lab.stop()
    return store, message


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "review_panel.png")
    parser.add_argument(
        "--contracts", type=Path, nargs="*", default=[ROOT / "sample_contracts"],
        help="contracts to screen into the store (default: sample_contracts/)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    why = missing_requirements()
    if why:
        print(f"cannot take the screenshot: {why}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="review-panel-"))
    try:
        store, message = run(args.contracts, args.out, work)
        print(f"{args.out}: {message}")
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
