"""What every built-in renderer shares: section numbers, cells as text, fonts, the extra."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sgs.errors import SgsError
from sgs.reports.document import Cell, Section, Table

__all__ = ["CJK_FONTS", "cell_text", "chinese_number", "numbered", "require"]

#: CJK-capable fonts, the preferred first (the HTML page's stack, and what DOCX names).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
             "WenQuanYi Micro Hei")  # fmt: skip

_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1 to 99).

    >>> [chinese_number(n) for n in (1, 9, 10, 11, 20, 35)]
    ['一', '九', '十', '十一', '二十', '三十五']
    """
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def numbered(index: int, section: Section) -> str:
    """The heading of the ``index``-th section (from 0) as 一、总体情况; one that carries its
    own number (一、… or 1. …) is kept as it is.

    >>> numbered(1, Section(heading="分部门情况")), numbered(0, Section(heading="一、概况"))
    ('二、分部门情况', '一、概况')
    """
    heading = section.heading
    if "、" in heading[:4] or heading[:1].isdigit():
        return heading
    return f"{chinese_number(index + 1)}、{heading}"


def cell_text(table: Table, column: int, value: Cell) -> str:
    """A cell as text: ``n/a`` for no value, ``87.50%`` in a rate column.

    >>> t = Table(title="t", headers=("a", "率"), rows=(), rate_columns=(1,))
    >>> cell_text(t, 1, Decimal("87.5")), cell_text(t, 1, None), cell_text(t, 0, 3)
    ('87.50%', 'n/a', '3')
    """
    if value is None:
        return "n/a"
    if column in table.rate_columns and isinstance(value, Decimal | int):
        return f"{Decimal(value):.2f}%"
    return str(value)


def require(module: str, package: str) -> Any:
    """Import ``module``; when it is missing, say which extra installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise SgsError(
            f"此报告格式需要 {package}：pip install 'shuanggongshi[reports]'",
            f"this report format needs {package}: pip install 'shuanggongshi[reports]'",
        ) from None
