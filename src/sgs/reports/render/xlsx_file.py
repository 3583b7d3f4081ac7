"""The ``xlsx`` renderer: the report as an Excel workbook (openpyxl).

* sheet ``报告``: the title, the header block (label, value), each section's heading and
  paragraphs, and where its tables and charts are;
* a sheet per table: its title, a bold header row (frozen with the first column), a row per
  unit, the totals in bold; counts as numbers, rates as real percentages (0.875 shown
  ``87.50%``, so that formulas work), ``n/a`` for no rate; a **conditional formatting**
  rule over each rate column the table's threshold is for colours the rates on its wrong
  side (Excel keeps the rule when figures are edited);
* sheet ``图表``: each chart's figures as a small table, and beside it a native Excel chart
  (bar or line) whose series refer to those cells.

Columns are sized for CJK text (a Chinese character is two columns wide).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from sgs.reports.document import Chart, Document, Table
from sgs.reports.render.common import numbered, require

__all__ = ["RATE_FORMAT", "render_xlsx"]

RATE_FORMAT = "0.00%"
CHART_VALUE_FORMAT = '0.00"%"'
_HEADER_FILL = "DCE6F1"
_FLAG_FONT, _FLAG_FILL = "9C0006", "FFC7CE"


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit_columns(sheet: Any, limit: int = 48) -> None:
    widths: dict[str, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or type(cell).__name__ == "MergedCell":
                continue
            letter = cell.column_letter
            widths[letter] = max(widths.get(letter, 0), _width(cell.value))
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), limit)


def _sheet_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", title)[:28] or "表"
    name, number = base, 2
    while name in taken:
        name = f"{base[:26]}{number}"
        number += 1
    taken.add(name)
    return name


class _Writer:
    def __init__(self, document: Document) -> None:
        self.openpyxl = require("openpyxl", "openpyxl")
        self.styles = require("openpyxl.styles", "openpyxl")
        self.formatting = require("openpyxl.formatting.rule", "openpyxl")
        self.charts = require("openpyxl.chart", "openpyxl")
        self.document = document
        self.book = self.openpyxl.Workbook()
        self.taken: set[str] = set()
        self.chart_sheet: Any = None
        self.chart_row = 1

    def bold(self, size: float = 11) -> Any:
        return self.styles.Font(bold=True, size=size)

    def write(self, path: Path) -> None:
        summary = self.book.active
        summary.title = _sheet_name("报告", self.taken)
        doc = self.document
        summary.append([doc.title])
        summary["A1"].font = self.bold(16)
        if doc.subtitle:
            summary.append([doc.subtitle])
        for label, value in doc.meta:
            summary.append([label, value])
            summary.cell(summary.max_row, 1).font = self.bold()
        for index, section in enumerate(doc.sections):
            summary.append([])
            summary.append([numbered(index, section)])
            summary.cell(summary.max_row, 1).font = self.bold(13)
            for paragraph in section.paragraphs:
                summary.append([paragraph])
            for block in section.blocks:
                where = self.table(block) if isinstance(block, Table) else self.chart(block)
                kind = "表" if isinstance(block, Table) else "图"
                summary.append([f"{kind}：{block.title}", f"见工作表“{where}”"])
        _fit_columns(summary)
        summary.column_dimensions["A"].width = 16
        summary.column_dimensions["B"].width = 90
        wrap = self.styles.Alignment(wrap_text=True, vertical="top")
        for row in summary.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        if self.chart_sheet is not None:  # after the tables' sheets
            _fit_columns(self.chart_sheet, limit=30)
            position = self.book.sheetnames.index(self.chart_sheet.title)
            self.book.move_sheet(self.chart_sheet, offset=len(self.book.sheetnames) - 1 - position)
        self.book.save(path)

    def table(self, table: Table) -> str:
        sheet = self.book.create_sheet(_sheet_name(table.title, self.taken))
        sheet.append([table.title])
        sheet["A1"].font = self.bold(13)
        sheet.append(list(table.headers))
        fill = self.styles.PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
        for cell in sheet[2]:
            cell.font = self.bold()
            cell.fill = fill
            cell.alignment = self.styles.Alignment(horizontal="center", vertical="center",
                                                   wrap_text=True)  # fmt: skip
        first_total = len(table.rows) - table.total_rows
        right = self.styles.Alignment(horizontal="right")
        for number, row in enumerate(table.rows):
            values: list[Any] = []
            for column, value in enumerate(row):
                if value is None:
                    values.append("n/a")
                elif column in table.rate_columns and isinstance(value, Decimal | int):
                    values.append(float(Decimal(value) / 100))
                elif isinstance(value, Decimal):
                    values.append(float(value))
                else:
                    values.append(value)
            sheet.append(values)
            for column, cell in enumerate(sheet[sheet.max_row]):
                if column in table.rate_columns:
                    cell.number_format = RATE_FORMAT
                    cell.alignment = right
                if number >= first_total:
                    cell.font = self.bold()
        last = sheet.max_row
        if table.rows and table.threshold is not None:
            operator = "greaterThan" if table.flag_above else "lessThan"
            limit = str(table.threshold / 100)
            font = self.styles.Font(color=_FLAG_FONT, bold=True)
            flag = self.styles.PatternFill("solid", start_color=_FLAG_FILL, end_color=_FLAG_FILL)
            for column in table.thresholded():
                letter = self.openpyxl.utils.get_column_letter(column + 1)
                rule = self.formatting.CellIsRule(operator=operator, formula=[limit],
                                                  font=font, fill=flag)  # fmt: skip
                sheet.conditional_formatting.add(f"{letter}3:{letter}{last}", rule)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.freeze_panes = "B3"
        _fit_columns(sheet)
        return str(sheet.title)

    def chart(self, chart: Chart) -> str:
        if self.chart_sheet is None:
            self.chart_sheet = self.book.create_sheet(_sheet_name("图表", self.taken))
        sheet = self.chart_sheet
        top = self.chart_row
        sheet.cell(top, 1, chart.title).font = self.bold(13)
        header = top + 1
        sheet.cell(header, 1, "")
        for number, series in enumerate(chart.series):
            sheet.cell(header, number + 2, series.name).font = self.bold()
        for index, category in enumerate(chart.categories):
            sheet.cell(header + 1 + index, 1, category)
            for number, series in enumerate(chart.series):
                value = series.values[index] if index < len(series.values) else None
                cell = sheet.cell(header + 1 + index, number + 2, value)
                if chart.unit == "%":
                    cell.number_format = CHART_VALUE_FORMAT
        last = header + len(chart.categories)
        made = self.charts.BarChart() if chart.kind == "bar" else self.charts.LineChart()
        if chart.kind == "bar":
            made.type = "col"
        made.title = chart.title
        made.y_axis.title = chart.unit or None
        made.x_axis.delete = False
        made.y_axis.delete = False
        if chart.unit == "%":
            made.y_axis.scaling.min = 0
            made.y_axis.scaling.max = 100
            made.y_axis.number_format = CHART_VALUE_FORMAT
        made.height, made.width = 7.5, max(16.0, 2.2 * len(chart.categories))
        data = self.charts.Reference(sheet, min_col=2, max_col=1 + len(chart.series),
                                     min_row=header, max_row=last)  # fmt: skip
        made.add_data(data, titles_from_data=True)
        made.set_categories(self.charts.Reference(sheet, min_col=1, min_row=header + 1,
                                                  max_row=last))  # fmt: skip
        anchor = self.openpyxl.utils.get_column_letter(len(chart.series) + 3)
        sheet.add_chart(made, f"{anchor}{top}")
        self.chart_row = top + max(len(chart.categories) + 3, 17)
        return str(sheet.title)


def render_xlsx(document: Document, path: Path) -> None:
    _Writer(document).write(path)
