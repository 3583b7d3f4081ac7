"""An assessment sheet (考核评分表) as data: blocks of items, each item scored by one or more
lines, each line by a rule (:mod:`sgs.reports.assessment.rules`).

A line is what a department self-scores and the centre scores; an item's score is its
lines' sum, never more than the item's own maximum (its heading's points); a block's, its
items' sum. Blocks and items marked ``bonus`` (加分项) are totalled apart from the rest.
A line may be bound to an automatic input (``source``): a rate the platform's store gives
for the year (:data:`SOURCES`); any other line is scored from what a person enters.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from sgs.reports.assessment.rules import Rule

__all__ = ["SOURCES", "Block", "Item", "Line", "Sheet"]

#: The automatic inputs a line can be bound to, with what each measures (all rates).
SOURCES: dict[str, str] = {
    "timeliness": "及时率 = 1 − 迟报率：年内平台收到的记录中按期（7个工作日内）报送的比例",
    "storage_rate": "入库率 = 有效入库（通过校验）记录数 / 提供（收到）记录数",
    "completeness": "完整率 = 已填的必填与条件必填数据项 / 该记录要求的数据项（按标准的条件规则）",
    "declarations_on_time": "按期月报表 = 按期（次月10日前）提交月报表的月份数 / 12",
    "declared_reporting_rate": "报送率 = 月报表申报的报送数量 / 产生数量（全年合计）",
}


@attrs.frozen(kw_only=True)
class Line:
    """One scored line: its code, what it scores, the rule, and its automatic input if any."""

    code: str
    title: str
    rule: Rule
    source: str | None = None
    note: str = ""

    @property
    def max(self) -> Decimal:
        return self.rule.highest()


@attrs.frozen(kw_only=True)
class Item:
    """An item (考核项目) of a block: its points and the lines that score it."""

    code: str
    title: str
    max: Decimal
    lines: tuple[Line, ...]
    bonus: bool = False
    note: str = ""

    def lines_max(self) -> Decimal:
        """The most its lines can give together (the item's score is capped at :attr:`max`)."""
        return sum((line.max for line in self.lines), Decimal(0))


@attrs.frozen(kw_only=True)
class Block:
    """A block (一、二、三…) of items."""

    code: str
    title: str
    max: Decimal
    items: tuple[Item, ...]
    bonus: bool = False

    def items_max(self) -> Decimal:
        return sum((item.max for item in self.items), Decimal(0))


@attrs.frozen(kw_only=True)
class Sheet:
    """A whole sheet: the points of its ordinary blocks (``total``) and of its bonus ones."""

    name: str
    title: str
    total: Decimal
    bonus: Decimal
    blocks: tuple[Block, ...]
    source: str = ""

    def items(self) -> Iterator[Item]:
        for block in self.blocks:
            yield from block.items

    def lines(self) -> Iterator[Line]:
        for item in self.items():
            yield from item.lines

    def line(self, code: str) -> Line | None:
        return next((line for line in self.lines() if line.code == code), None)
