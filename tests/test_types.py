"""mypy (pinned in the test extra, configured in pyproject.toml) passes on the clean modules.

The list grows module by module until it is the whole package (``["eventstudy"]``);
add a module here once ``python -m mypy <module>`` reports no error in it. Imported
modules are analysed but their own errors are not reported (``--follow-imports=silent``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: modules and packages that type-check clean, relative to the repository root
CLEAN = [
    "eventstudy/_typing.py",
    "eventstudy/exceptions.py",
    "eventstudy/claims/activity.py",
    "eventstudy/models",
    "eventstudy/data/factors.py",
    "eventstudy/data/tickers.py",
    "eventstudy/pipeline/activity.py",
    "eventstudy/pipeline/coverage.py",
    "eventstudy/pipeline/outputs.py",
    "eventstudy/pipeline/peers.py",
    "eventstudy/report/analyses.py",
    "eventstudy/stats/_common.py",
    "eventstudy/stats/classic.py",
    "eventstudy/stats/longrun.py",
    "eventstudy/stats/multi.py",
    "eventstudy/stats/multiple.py",
    "eventstudy/stats/nonparametric.py",
    "eventstudy/stats/portfolio.py",
    "eventstudy/stats/results.py",
    "eventstudy/stats/volume.py",
]


def test_declared_clean_modules_pass_mypy() -> None:
    assert importlib.util.find_spec("mypy") is not None, (
        "mypy is not installed: python -m pip install -e '.[test]'")
    missing = [m for m in CLEAN if not (REPO / m).exists()]
    assert not missing, f"listed but gone: {missing}"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", *CLEAN],
        cwd=REPO, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout
