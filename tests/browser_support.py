"""Shared pieces of the browser tests: Debian's Chromium, headless, no network.

Used by ``tests/test_browser.py`` and ``tests/test_browser_analyses.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND"]
VIEWPORTS = {"laptop": (1280, 800), "phone": (390, 844)}
#: elements wider than the viewport (scroll boxes' contents are inside their own box)
WIDE = """() => {
  const W = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > W + 1 || r.left < -1))
      out.push(el.tagName + '#' + el.id + '.' + el.className);
  }
  return {out: out.slice(0, 10), scrollWidth: document.documentElement.scrollWidth, W: W};
}"""


def fail_or_skip(msg: str) -> None:
    """Fail under CI (the browser must be there), skip on a developer's machine."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{msg} (CI=true)")
    pytest.skip(msg)


def chromium() -> str:
    """Path of the system Chromium (fails under CI, skips elsewhere, when missing)."""
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                       else None)
    if exe is None:
        fail_or_skip("chromium is not installed: apt-get install -y chromium")
    return str(exe)
