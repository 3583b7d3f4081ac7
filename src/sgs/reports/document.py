"""A report as a document: what every renderer (XLSX, DOCX, HTML, JSON, a vendor's own
layout) is given.

A report model (:class:`~sgs.reports.monthly.MonthlyReport`, the quarterly bulletin, the
annual assessment) says what it contains by building a :class:`Document`: a title, a
header block of facts (the period, the date the figures are as of, the due date, the
counting convention, the calendar used), and sections of paragraphs, tables and charts.
A renderer lays that out in its format and never computes a figure itself; the report's
own data (its ``to_dict()``) travels along in :attr:`Document.data` for the formats that
carry data rather than layout.

>>> table = Table(title="按部门", headers=("部门", "及时率"), rows=(("甲局", Decimal("87.50")),),
...               rate_columns=(1,), threshold=Decimal(90))
>>> table.flagged(0, 1)
True
>>> Chart(title="及时率", kind="bar", categories=("甲局",),
...       series=(Series("及时率", (87.5,)),), unit="%").maximum()
87.5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs

__all__ = ["Block", "Cell", "Chart", "Document", "Section", "Series", "Table"]

#: A table cell: text, a count, a percentage (``Decimal``), or ``None`` (shown "n/a").
Cell: TypeAlias = str | int | Decimal | None


def _tuple(value: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _columns(value: Sequence[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(value)


def _rows(value: Sequence[Sequence[Cell]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(tuple(row) for row in value)


@attrs.frozen(kw_only=True)
class Table:
    """A table: headers, rows, and which columns hold rates (percentages with two decimals).

    A rate under :attr:`threshold` is flagged (a renderer colours it) — over it, for a rate
    where more is worse (:attr:`flag_above`: a 迟报率); :attr:`flag_columns` narrows which
    rate columns the threshold is for (all of them by default). The last
    :attr:`total_rows` rows are totals (a renderer sets them in bold).

    >>> late = Table(title="迟报", headers=("部门", "合规率", "迟报率"),
    ...              rows=(("甲局", Decimal(40), Decimal(75)),), rate_columns=(1, 2),
    ...              threshold=Decimal(50), flag_above=True, flag_columns=(2,))
    >>> late.flagged(0, 1), late.flagged(0, 2)
    (False, True)
    """

    title: str
    headers: tuple[str, ...] = attrs.field(converter=_tuple)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    rate_columns: tuple[int, ...] = attrs.field(default=(), converter=_tuple)
    threshold: Decimal | None = None
    total_rows: int = 0
    note: str = ""
    #: Flag rates over the threshold instead of under it (more is worse: a 迟报率).
    flag_above: bool = False
    #: The rate columns the threshold is for; ``None``: every rate column.
    flag_columns: tuple[int, ...] | None = attrs.field(default=None, converter=_columns)

    def thresholded(self) -> tuple[int, ...]:
        """The columns whose rates are compared with the threshold (none without one)."""
        if self.threshold is None:
            return ()
        chosen = self.rate_columns if self.flag_columns is None else self.flag_columns
        return tuple(c for c in chosen if c in self.rate_columns)

    def flagged(self, row: int, column: int) -> bool:
        """Whether the cell is a rate on the wrong side of the threshold."""
        value = self.rows[row][column]
        if column not in self.thresholded() or not isinstance(value, Decimal):
            return False
        assert self.threshold is not None
        return value > self.threshold if self.flag_above else value < self.threshold


@attrs.frozen
class Series:
    """One named series of a chart, a value per category (``None``: no value, "n/a")."""

    name: str
    values: tuple[float | None, ...] = attrs.field(converter=_tuple)


@attrs.frozen(kw_only=True)
class Chart:
    """A bar chart (categories side by side) or a line chart (categories in time order)."""

    title: str
    kind: Literal["bar", "line"]
    categories: tuple[str, ...] = attrs.field(converter=_tuple)
    series: tuple[Series, ...] = attrs.field(converter=_tuple)
    #: The values' unit: ``"%"`` for rates, ``"条"`` for counts.
    unit: str = ""

    def maximum(self) -> float:
        """The largest value of any series (0 when there is none)."""
        return max((v for s in self.series for v in s.values if v is not None), default=0.0)


#: What a section holds besides its paragraphs.
Block: TypeAlias = Table | Chart


@attrs.frozen(kw_only=True)
class Section:
    """A numbered part of a report (一、二、三…): its heading, paragraphs, tables and charts."""

    heading: str
    paragraphs: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class Document:
    """A whole report, ready for a renderer (see the module documentation)."""

    #: ``monthly``, ``quarterly`` or ``yearly``.
    kind: str
    title: str
    #: The header block: (label, value) pairs — 统计期, 截止日, 应报送日期, 统计口径, 日历…
    meta: tuple[tuple[str, str], ...] = attrs.field(converter=_tuple)
    sections: tuple[Section, ...] = attrs.field(converter=_tuple)
    #: The report's own data (its ``to_dict()``), for formats that carry data.
    data: Mapping[str, Any] = attrs.field(factory=dict)
    subtitle: str = ""

    def tables(self) -> list[Table]:
        """Every table, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        """Every chart, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]
