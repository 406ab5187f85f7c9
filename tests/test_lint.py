"""The code base stays ruff-clean (numpydoc docstring convention, pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean() -> None:
    # ruff is pinned in the test extra; without it this fails (it never skips)
    assert importlib.util.find_spec("ruff") is not None, (
        "ruff is not installed: python -m pip install -e '.[test]'")
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "eventstudy", "tests", "benchmarks", "validation"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
