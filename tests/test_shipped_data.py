"""The real data shipped with the tests is complete and unedited; no test reads outside the repo."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
YAHOO = TESTS / "data" / "yahoo"


def _sums() -> dict[str, str]:
    lines = (YAHOO / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_shipped_yahoo_files_match_the_checksums_of_the_originals() -> None:
    sums = _sums()
    assert len([n for n in sums if n.endswith(".csv")]) == 30  # 29 series + MANIFEST.csv
    for name, digest in sums.items():
        assert hashlib.sha256((YAHOO / name).read_bytes()).hexdigest() == digest, name
    shipped = {p.name for p in YAHOO.iterdir()} - {"SHA256SUMS", "PROVENANCE.md"}
    assert shipped == set(sums)  # nothing unlisted (no synthetic file mixed in)


def test_no_test_reads_the_data_folder_outside_the_repository() -> None:
    outside = re.compile(r"""["']shared["']|\.\./shared""")
    offenders = [p.name for p in TESTS.glob("*.py")
                 if p.name != Path(__file__).name and outside.search(p.read_text())]
    assert offenders == []
