"""The 退回回执 workbook of a department's returns (``GET /api/v1/returns.xlsx``).

One sheet per record kind (行政处罚, 行政许可): each returned record as it was
received, under the standard's Chinese headers, then the receipt's columns
``错误字段`` and ``错误说明`` and the return's ``退回编号``, ``退回状态`` and
``接收时间``. The department corrects the rows and sends them again: its reader
keeps the added columns aside as extra columns.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from sgs.io.formula import escape_formula
from sgs.io.reader import RECEIPT_COLUMNS
from sgs.standard import Kind, Standard
from sgs.store import ReturnRow

__all__ = ["returns_workbook"]

#: The return's own columns after the receipt's two.
RETURN_COLUMNS = ("退回编号", "退回状态", "接收时间")


def returns_workbook(returns: Sequence[ReturnRow], standard: Standard) -> bytes:
    """The ``.xlsx`` bytes of ``returns`` (an empty sheet when there are none)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    kinds = [k for k in Kind if any(r.kind == k.value for r in returns)] or [Kind.PENALTY]
    for kind in kinds:
        spec = standard.spec(kind)
        sheet = book.create_sheet(kind.label)
        sheet.append([*(f.label for f in spec.fields), *RECEIPT_COLUMNS, *RETURN_COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        labels = {f.code: f.label for f in spec.fields}
        for row in (r for r in returns if r.kind == kind.value):
            fields = [escape_formula(row.fields.get(f.code, "")) for f in spec.fields]
            wrong = "、".join(dict.fromkeys(labels.get(x.field, x.field) for x in row.reasons
                                            if x.field))  # fmt: skip
            why = "；".join(x.message for x in row.reasons)
            when = row.received_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            sheet.append([*fields, wrong, escape_formula(why), row.id, row.status_label, when])
        width = len(spec.fields)
        for column in sheet.iter_cols(min_col=width + 2, max_col=width + 2):
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
