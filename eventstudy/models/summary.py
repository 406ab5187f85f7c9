"""The one ``summary()`` return type of every result (study, batch, event, model fit)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Summary"]


@dataclass(frozen=True)
class Summary:
    """A titled list of tables, rendered as text or HTML.

    Attributes
    ----------
    title
        Heading.
    tables
        ``(caption, DataFrame)`` pairs, rendered in order.
    notes
        Free-text lines printed after the tables.
    """

    title: str
    tables: tuple[tuple[str, pd.DataFrame], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_text(self) -> str:
        """Plain-text rendering: title, a rule as long as it (at most 78), tables, notes.

        Notes follow the last table after a blank line, or the rule directly
        when there is no table (a summary made of lines, e.g. the verdicts).
        """
        bar = "=" * min(78, max(len(self.title), 1))
        parts = [self.title, bar]
        for caption, frame in self.tables:
            parts += ["", caption, "-" * max(len(caption), 10), frame.to_string()]
        if self.notes:
            parts += ["", *self.notes] if self.tables else list(self.notes)
        return "\n".join(parts)

    def as_html(self) -> str:
        """HTML fragment (all text escaped)."""
        parts = [f"<h3>{html.escape(self.title)}</h3>"]
        for caption, frame in self.tables:
            parts.append(f"<h4>{html.escape(caption)}</h4>")
            parts.append(frame.to_html(escape=True, float_format=lambda v: f"{v:.6g}"))
        for note in self.notes:
            parts.append(f"<p>{html.escape(note)}</p>")
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        caps = ", ".join(c for c, _ in self.tables)
        return (f"<Summary {self.title[:60]!r}: {len(self.tables)} tables ({caps}), "
                f"{len(self.notes)} notes; str() or .as_text(), .as_html(), .tables>")

    def _repr_html_(self) -> str:
        return self.as_html()
