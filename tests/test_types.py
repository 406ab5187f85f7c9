"""mypy (pinned in the test extra, configured in pyproject.toml) passes on the whole package."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: the whole package type-checks clean; keep it so
CLEAN = ["eventstudy"]


def test_package_passes_mypy() -> None:
    assert importlib.util.find_spec("mypy") is not None, (
        "mypy is not installed: python -m pip install -e '.[test]'")
    missing = [m for m in CLEAN if not (REPO / m).exists()]
    assert not missing, f"listed but gone: {missing}"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", *CLEAN],
        cwd=REPO, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout
