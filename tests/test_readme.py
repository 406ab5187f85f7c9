"""README: the quick start is two command lines, and its library example runs as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_two_command_lines() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```bash\n(.*?)```", quick, re.S)
    assert len(block) == 1
    lines = [ln for ln in block[0].splitlines() if ln.strip()]
    assert lines == [
        "python -m pip install -e . && python -m eventstudy run studies/trade_talks.yaml",
        'python -m pip install -e ".[test]" && python -m pytest -q',
    ]
    assert ".ci/run" in quick


def test_no_link_outside_the_repository() -> None:
    outside = "/".join(["..", "sha" + "red"])  # the data folder beside the clone, not in it
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        assert outside not in doc.read_text(encoding="utf-8"), doc.name


def test_library_example_runs_as_written(tmp_path: Path) -> None:
    code = re.findall(r"```python\n(.*?)```", README, re.S)[0]
    code += "\nassert fig is not None and len(res.to_frame()) > 0 and len(lr.tests) == 2\n"
    script = tmp_path / "readme_example.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "EVENTSTUDY_OFFLINE": "1", "MPLBACKEND": "Agg",
           "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, str(script)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
