"""Charts as inline SVG, written by our own code from the chart's layout (:mod:`.layout`).

No script, no external reference: the SVG is readable offline, in a browser, a notebook or
a mail client that shows HTML. Each bar is a ``<rect class="bar">`` with
``data-category`` and ``data-series`` (and a ``<title>`` for the tooltip); each point of
a line chart a ``<circle class="point">``. The text takes the page's CJK font stack.

>>> from sgs.reports.document import Chart, Series
>>> svg = chart_svg(Chart(title="接收", kind="bar", categories=("甲局",),
...                       series=(Series("接收", (3,)),), unit="条"))
>>> svg.startswith("<svg") and svg.count('class="bar"')
1
"""

from __future__ import annotations

from html import escape

from sgs.reports.document import Chart
from sgs.reports.render.layout import Bar, Dot, Mark, Polyline, Rule, Text, lay_out

__all__ = ["chart_svg"]


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _mark(mark: Mark) -> str:
    n = _number
    if isinstance(mark, Bar):
        kind = "legend-key" if not mark.category else "bar"
        data = (f' data-category="{escape(mark.category)}" data-series="{escape(mark.series)}"'
                if mark.category else "")  # fmt: skip
        return (f'<rect class="{kind}"{data} x="{n(mark.x)}" y="{n(mark.y)}" '
                f'width="{n(mark.width)}" height="{n(mark.height)}" fill="{mark.colour}">'
                f"<title>{escape(mark.label)}</title></rect>")  # fmt: skip
    if isinstance(mark, Rule):
        return (f'<line x1="{n(mark.x1)}" y1="{n(mark.y1)}" x2="{n(mark.x2)}" y2="{n(mark.y2)}" '
                f'stroke="{mark.colour}" stroke-width="{n(mark.width)}"/>')  # fmt: skip
    if isinstance(mark, Polyline):
        points = " ".join(f"{n(x)},{n(y)}" for x, y in mark.points)
        return (f'<polyline class="series" data-series="{escape(mark.series)}" points="{points}" '
                f'fill="none" stroke="{mark.colour}" stroke-width="2"/>')  # fmt: skip
    if isinstance(mark, Dot):
        return (f'<circle class="point" data-category="{escape(mark.category)}" '
                f'data-series="{escape(mark.series)}" cx="{n(mark.x)}" cy="{n(mark.y)}" r="3.5" '
                f'fill="{mark.colour}"><title>{escape(mark.label)}</title></circle>')  # fmt: skip
    assert isinstance(mark, Text)
    weight = ' font-weight="bold"' if mark.bold else ""
    return (f'<text class="{mark.role}" x="{n(mark.x)}" y="{n(mark.y)}" font-size="{n(mark.size)}" '
            f'text-anchor="{mark.anchor}" fill="{mark.colour}"{weight}>{escape(mark.text)}</text>')  # fmt: skip


def chart_svg(chart: Chart) -> str:
    """``chart`` as one ``<svg>`` element (its width and height set, scalable by viewBox)."""
    layout = lay_out(chart)
    width, height = _number(layout.width), _number(layout.height)
    body = "".join(_mark(m) for m in layout.marks)
    return (f'<svg class="chart chart-{chart.kind}" '
            f'role="img" aria-label="{escape(chart.title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{body}</svg>')  # fmt: skip
