"""The CLI entry point: help, exit codes, and output piped into a closed reader."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from eventstudy.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    assert main([]) == 2
    out = capsys.readouterr().out
    for command in ("run", "validate", "fetch", "cache", "draft"):
        assert command in out


class _ClosedPipe(io.TextIOBase):
    """A stdout whose reader has gone away (as with ``... | head -1``)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")


def test_output_piped_into_a_reader_that_stopped_is_not_a_traceback(monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["cache", "list", "--cache", str(REPO / "cache")]) == 0
