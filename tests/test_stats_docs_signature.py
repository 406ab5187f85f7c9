"""docs/models.md shows estimate_event's real signature (names, order, defaults)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from eventstudy.stats.abnormal import estimate_event

DOC = Path(__file__).resolve().parents[1] / "docs" / "models.md"


def test_models_doc_shows_the_estimate_event_signature() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```python\n(?:from .*\n\n)?estimate_event\((.*?)\n\) -> EventEstimate",
                      text, re.S)
    assert block is not None, "docs/models.md lost the estimate_event signature block"
    documented = []
    for line in block.group(1).splitlines():
        code = line.split("#", 1)[0].strip().rstrip(",")
        if not code or code == "*":
            continue
        name, _, rest = code.partition(":")
        default = rest.split("=", 1)[1].strip() if "=" in rest else None
        documented.append((name.strip(), default))
    params = inspect.signature(estimate_event).parameters.values()
    actual = [(p.name, None if p.default is inspect.Parameter.empty else repr(p.default))
              for p in params]
    # repr uses single quotes; the doc uses double quotes
    assert [(n, d.replace('"', "'") if d else d) for n, d in documented] == actual
