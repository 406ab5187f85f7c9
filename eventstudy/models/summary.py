"""A small text/HTML summary container shared by fitted models and results."""

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
        """Plain-text rendering."""
        bar = "=" * max(len(self.title), 20)
        parts = [self.title, bar]
        for caption, frame in self.tables:
            parts += ["", caption, "-" * max(len(caption), 10), frame.to_string()]
        if self.notes:
            parts += ["", *self.notes]
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

    def _repr_html_(self) -> str:
        return self.as_html()
