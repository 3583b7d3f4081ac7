"""The ``docx`` renderer: the report as a Word document a DRC would send (python-docx).

A4, the title and subtitle centred, the header block as ``label：value`` lines, then the
sections with headings 一、二、三…, their paragraphs (first line indented two characters),
tables in the bordered ``Table Grid`` style (header row and totals bold, flagged rates in
red, ``n/a`` for no rate) and charts as PNG pictures (:mod:`.png`), each with its caption.
Every style and run names a Chinese font for East Asian text (宋体 for the text, 黑体 for
headings; Word and LibreOffice substitute a CJK font where these are missing) and a Latin
one beside it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sgs.reports.document import Chart, Document, Table
from sgs.reports.render.common import cell_text, numbered, require
from sgs.reports.render.png import chart_png

__all__ = ["BODY_FONT", "HEADING_FONT", "render_docx"]

#: (East Asian, Latin) fonts of the text and of the headings.
BODY_FONT = ("宋体", "Times New Roman")
HEADING_FONT = ("黑体", "Arial")
_FLAG = (0xB0, 0x00, 0x20)


def _east_asian(element: Any, fonts: tuple[str, str]) -> None:
    """Name ``fonts`` on a style's or run's properties (w:rFonts with w:eastAsia)."""
    oxml = require("docx.oxml.ns", "python-docx")
    properties = element.get_or_add_rPr()
    r_fonts = properties.get_or_add_rFonts()
    east, latin = fonts
    r_fonts.set(oxml.qn("w:eastAsia"), east)
    r_fonts.set(oxml.qn("w:ascii"), latin)
    r_fonts.set(oxml.qn("w:hAnsi"), latin)
    r_fonts.set(oxml.qn("w:hint"), "eastAsia")


class _Writer:
    def __init__(self, document: Document) -> None:
        self.docx = require("docx", "python-docx")
        self.shared = require("docx.shared", "python-docx")
        self.text = require("docx.enum.text", "python-docx")
        self.document = document
        self.out = self.docx.Document()

    def run(self, paragraph: Any, text: str, *, bold: bool = False, heading: bool = False,
            colour: tuple[int, int, int] | None = None) -> Any:  # fmt: skip
        run = paragraph.add_run(text)
        run.bold = bold or None
        _east_asian(run._element, HEADING_FONT if heading else BODY_FONT)
        if colour is not None:
            run.font.color.rgb = self.shared.RGBColor(*colour)
        return run

    def styles(self) -> None:
        for name in ("Normal", "Caption", "Table Grid"):
            _east_asian(self.out.styles[name].element, BODY_FONT)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2"):
            _east_asian(self.out.styles[name].element, HEADING_FONT)
        self.out.styles["Normal"].font.size = self.shared.Pt(12)
        section = self.out.sections[0]
        section.page_width, section.page_height = self.shared.Mm(210), self.shared.Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, self.shared.Mm(25))

    def write(self, path: Path) -> None:
        self.styles()
        doc, centre = self.document, self.text.WD_ALIGN_PARAGRAPH.CENTER
        title = self.out.add_paragraph(style="Title")
        title.alignment = centre
        self.run(title, doc.title, heading=True)
        if doc.subtitle:
            subtitle = self.out.add_paragraph(style="Subtitle")
            subtitle.alignment = centre
            self.run(subtitle, doc.subtitle, heading=True)
        for label, value in doc.meta:
            line = self.out.add_paragraph()
            self.run(line, f"{label}：", bold=True)
            self.run(line, value)
        for index, section in enumerate(doc.sections):
            heading = self.out.add_heading(level=1)
            self.run(heading, numbered(index, section), heading=True)
            for text in section.paragraphs:
                paragraph = self.out.add_paragraph()
                paragraph.paragraph_format.first_line_indent = self.shared.Pt(24)
                self.run(paragraph, text)
            for block in section.blocks:
                if isinstance(block, Table):
                    self.table(block)
                else:
                    self.chart(block)
        self.out.save(str(path))

    def caption(self, text: str) -> None:
        caption = self.out.add_paragraph(style="Caption")
        caption.alignment = self.text.WD_ALIGN_PARAGRAPH.CENTER
        self.run(caption, text, bold=True)

    def table(self, table: Table) -> None:
        self.caption(table.title)
        grid = self.out.add_table(rows=1, cols=len(table.headers))
        grid.style = self.out.styles["Table Grid"]
        for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
            cell.paragraphs[0].alignment = self.text.WD_ALIGN_PARAGRAPH.CENTER
            self.run(cell.paragraphs[0], header, bold=True)
        first_total = len(table.rows) - table.total_rows
        for number, row in enumerate(table.rows):
            cells = grid.add_row().cells
            for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
                paragraph = cell.paragraphs[0]
                if not isinstance(value, str):
                    paragraph.alignment = self.text.WD_ALIGN_PARAGRAPH.RIGHT
                flagged = table.flagged(number, column)
                self.run(paragraph, cell_text(table, column, value),
                         bold=number >= first_total or flagged,
                         colour=_FLAG if flagged else None)  # fmt: skip
        if table.note:
            note = self.out.add_paragraph()
            self.run(note, table.note)

    def chart(self, chart: Chart) -> None:
        picture = self.out.add_paragraph()
        picture.alignment = self.text.WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=self.shared.Cm(15.5))
        self.caption(f"图：{chart.title}")


def render_docx(document: Document, path: Path) -> None:
    _Writer(document).write(path)
