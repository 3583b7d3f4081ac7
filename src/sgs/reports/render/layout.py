"""A chart laid out once, as marks (rectangles, lines, points, text), for every drawing.

The HTML renderer writes the marks as inline SVG (:mod:`.svg`), the DOCX renderer draws
the same marks into a PNG (:mod:`.png`): one geometry, so both show the same chart. A bar
chart puts its categories side by side, a bar per series in each, its value above it; a
line chart joins each series' values in category (time) order. A value that is ``None``
is no bar or point, and its label says "n/a".

>>> from sgs.reports.document import Chart, Series
>>> chart = Chart(title="及时率", kind="bar", categories=("甲局", "乙局"),
...               series=(Series("及时率", (87.5, None)),), unit="%")
>>> [(m.category, m.label) for m in lay_out(chart).marks if isinstance(m, Bar)]
[('甲局', '甲局 及时率：87.5%')]
>>> [t.text for t in lay_out(chart).marks if isinstance(t, Text) and t.role == "value"]
['87.5%', 'n/a']
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from typing import Literal, TypeAlias

import attrs

from sgs.reports.document import Chart

__all__ = [
    "PALETTE",
    "Bar",
    "Dot",
    "Layout",
    "Mark",
    "Polyline",
    "Rule",
    "Text",
    "lay_out",
    "shown",
]

#: Series colours, in order (distinguishable in print and for most colour-blind readers).
PALETTE = ("#2f6fb0", "#e08a1e", "#3a9a5b", "#c2453d", "#7b5ea7", "#6b7b8c")
INK = "#222222"
GRID = "#d9d9d9"


@attrs.frozen
class Bar:
    """A bar: its box (top-left corner, width, height), colour, category and series."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    category: str
    series: str
    label: str


@attrs.frozen
class Rule:
    """A straight line (an axis or a grid line)."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = GRID
    width: float = 1.0


@attrs.frozen
class Polyline:
    """A line through points (a series of a line chart)."""

    points: tuple[tuple[float, float], ...]
    colour: str
    series: str


@attrs.frozen
class Dot:
    """A point of a line chart."""

    x: float
    y: float
    colour: str
    category: str
    series: str
    label: str


@attrs.frozen
class Text:
    """A label; ``anchor`` is where ``x`` is: the text's start, middle or end."""

    x: float
    y: float
    text: str
    size: float = 12.0
    anchor: Literal["start", "middle", "end"] = "middle"
    colour: str = INK
    bold: bool = False
    role: str = "label"


Mark: TypeAlias = Bar | Rule | Polyline | Dot | Text


@attrs.frozen
class Layout:
    """A chart's marks and the size of the picture they fill."""

    width: float
    height: float
    marks: tuple[Mark, ...]


def shown(value: float | None, unit: str) -> str:
    """A value as its label: ``87.5%``, ``12``, or ``n/a``.

    >>> shown(87.5, "%"), shown(12.0, "条"), shown(None, "%"), shown(66.67, "")
    ('87.5%', '12', 'n/a', '66.67')
    """
    if value is None:
        return "n/a"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "%" else text


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is at ``size``: a CJK character is a full em, others half."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.55 for c in text)


def _lines(text: str, room: float, size: float) -> list[str]:
    """``text`` in at most two lines that fit ``room`` (the second cut with an ellipsis)."""
    if text_width(text, size) <= room:
        return [text]
    first = ""
    for index, character in enumerate(text):
        if text_width(first + character, size) > room:
            rest = text[index:]
            while rest and text_width(rest, size) > room:
                rest = rest[:-2] + "…"
            return [first, rest]
        first += character
    return [first]


def _top(maximum: float, unit: str) -> float:
    """The axis' top: 100 for percentages up to 100, else a round number over the maximum."""
    if unit == "%" and maximum <= 100:
        return 100.0
    if maximum <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(maximum))
    for step in (1, 2, 5, 10):
        if step * magnitude >= maximum:
            return float(step * magnitude)
    return float(10 * magnitude)  # pragma: no cover - the loop always ends at 10


LEFT, RIGHT, TOP, BOTTOM = 56.0, 16.0, 44.0, 36.0
PLOT_HEIGHT = 220.0
GROUP = 96.0  # the room of one category


def lay_out(chart: Chart, *, width: float = 640.0) -> Layout:
    """The marks of ``chart``; the picture is at least ``width`` wide, wider for many
    categories (each has room for its bars and a two-line label)."""
    count = max(len(chart.categories), 1)
    width = max(width, LEFT + RIGHT + count * GROUP)
    plot_width = width - LEFT - RIGHT
    legend_rows = 1 if len(chart.series) > 1 else 0
    height = TOP + PLOT_HEIGHT + BOTTOM + 16.0 + 20.0 * legend_rows
    base = TOP + PLOT_HEIGHT
    top = _top(chart.maximum(), chart.unit)
    marks: list[Mark] = [Text(width / 2, 24.0, chart.title, size=15.0, bold=True, role="title")]

    def y_of(value: float) -> float:
        return base - PLOT_HEIGHT * min(value, top) / top

    for tick in range(5):
        value = top * tick / 4
        y = y_of(value)
        marks.append(Rule(LEFT, y, width - RIGHT, y))
        marks.append(Text(LEFT - 6, y + 4, shown(value, chart.unit), size=11.0, anchor="end",
                          role="axis"))  # fmt: skip
    marks.append(Rule(LEFT, base, width - RIGHT, base, colour=INK))
    if chart.unit and chart.unit != "%":
        marks.append(Text(LEFT - 6, TOP - 10, chart.unit, size=11.0, anchor="end", role="axis"))

    group = plot_width / count
    for index, category in enumerate(chart.categories):
        middle = LEFT + group * (index + 0.5)
        for row, line in enumerate(_lines(category, group - 8, 12.0)):
            marks.append(Text(middle, base + 18 + 15 * row, line, role="category"))
    if chart.kind == "bar":
        marks.extend(_bars(chart, group, y_of, base))
    else:
        marks.extend(_line(chart, group, y_of))
    if legend_rows:
        x = LEFT
        y = height - 14
        for number, series in enumerate(chart.series):
            colour = PALETTE[number % len(PALETTE)]
            marks.append(Bar(x, y - 10, 12, 12, colour, "", series.name, series.name))
            marks.append(Text(x + 16, y, series.name, anchor="start", role="legend"))
            x += 32 + text_width(series.name, 12.0)
    return Layout(width=width, height=height, marks=tuple(marks))


def _bars(chart: Chart, group: float, y_of: Callable[[float], float], base: float) -> list[Mark]:
    marks: list[Mark] = []
    count = max(len(chart.series), 1)
    bar = group * 0.7 / count
    for index, category in enumerate(chart.categories):
        left = LEFT + group * index + group * 0.15
        for number, series in enumerate(chart.series):
            value = series.values[index] if index < len(series.values) else None
            x = left + bar * number
            label = shown(value, chart.unit)
            if value is not None:
                y = y_of(value)
                colour = PALETTE[number % len(PALETTE)]
                marks.append(Bar(x, y, bar - 2, base - y, colour, category, series.name,
                                 f"{category} {series.name}：{label}"))  # fmt: skip
            else:
                y = base
            marks.append(Text(x + (bar - 2) / 2, y - 4, label, size=11.0, role="value"))
    return marks


def _line(chart: Chart, group: float, y_of: Callable[[float], float]) -> list[Mark]:
    marks: list[Mark] = []
    for number, series in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        points: list[tuple[float, float]] = []
        for index, category in enumerate(chart.categories):
            value = series.values[index] if index < len(series.values) else None
            x = LEFT + group * (index + 0.5)
            label = shown(value, chart.unit)
            if value is None:
                marks.append(Text(x, y_of(0) - 4, label, size=11.0, role="value"))
                continue
            y = y_of(value)
            points.append((x, y))
            marks.append(Dot(x, y, colour, category, series.name,
                             f"{category} {series.name}：{label}"))  # fmt: skip
            marks.append(Text(x, y - 8, label, size=11.0, colour=colour, role="value"))
        if len(points) > 1:
            marks.insert(0, Polyline(tuple(points), colour, series.name))
    return marks
