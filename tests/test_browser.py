"""Open the report in headless Chromium with every host unresolvable.

Skips when Chromium is missing, unless ``CI=true`` (then it fails).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from eventstudy.pipeline import run

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[1]
STUDY = REPO / "studies" / "trade_talks.yaml"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--enable-logging=stderr", "--v=0"]


def _chromium() -> str:
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                       else None)
    if exe is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed (CI=true): apt-get install -y chromium")
        pytest.skip("chromium not installed")
    return exe


def test_report_opens_offline_with_all_charts(tmp_path: Path) -> None:
    exe = _chromium()
    run(STUDY, out=tmp_path / "out", offline=True)
    report = tmp_path / "out" / "report.html"
    n_svg = report.read_text().count("<svg")
    proc = subprocess.run(
        [exe, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         report.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert n_svg >= 15
    assert dom.count("<svg") == n_svg
    assert 'id="verdicts"' in dom
    console = [ln for ln in proc.stderr.splitlines() if re.search(r"CONSOLE|Uncaught", ln)]
    assert not console, console
    blocked = [ln for ln in proc.stderr.splitlines()
               if "ERR_NAME_NOT_RESOLVED" in ln or "Refused to" in ln]
    assert not blocked, blocked
