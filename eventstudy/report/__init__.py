"""Report stage: one self-contained HTML report (jinja2, inline SVG charts)."""

from eventstudy.report.html import build_context, render_html, render_summary_html

__all__ = ["build_context", "render_html", "render_summary_html"]
