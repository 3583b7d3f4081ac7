"""The ``html`` renderer: one self-contained page — inline CSS, tables, charts as inline SVG.

The page refers to nothing outside itself (no script, style sheet, font or image to
fetch), so it reads the same offline, attached to a mail or archived. It is written with
:func:`html.escape` rather than a template engine: the page is a few elements that our code
assembles, and every piece of text passes through one escaping function. The font stack
puts the CJK fonts of the common systems first; flagged rates are coloured; a missing rate
is "n/a".
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sgs.reports.document import Chart, Document, Table
from sgs.reports.render.common import CJK_FONTS, cell_text, numbered
from sgs.reports.render.svg import chart_svg

__all__ = ["STYLE", "document_fragment", "document_page", "render_html", "table_html"]

_FONT_STACK = ", ".join(f'"{name}"' for name in CJK_FONTS) + ", sans-serif"

#: The page's style sheet (also put in front of the notebook view).
STYLE = f"""
.sgs-report {{ font-family: {_FONT_STACK}; color: #222; max-width: 1100px; margin: 0 auto;
  padding: 16px; line-height: 1.6; }}
.sgs-report h1 {{ font-size: 1.6em; text-align: center; margin: 0.4em 0; }}
.sgs-report .subtitle {{ text-align: center; color: #555; }}
.sgs-report dl.meta {{ display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }}
.sgs-report dl.meta dt {{ font-weight: bold; }}
.sgs-report dl.meta dd {{ margin: 0; }}
.sgs-report h2 {{ font-size: 1.25em; border-bottom: 1px solid #ccc; margin-top: 1.2em; }}
.sgs-report p.text {{ text-indent: 2em; }}
.sgs-report table {{ border-collapse: collapse; margin: 8px 0 4px; font-size: 0.92em; }}
.sgs-report caption {{ font-weight: bold; text-align: left; padding: 4px 0; }}
.sgs-report th, .sgs-report td {{ border: 1px solid #999; padding: 3px 8px; }}
.sgs-report th {{ background: #eef2f7; }}
.sgs-report td.number, .sgs-report td.rate {{ text-align: right; font-variant-numeric: tabular-nums; }}
.sgs-report tr.total td {{ font-weight: bold; background: #f7f7f7; }}
.sgs-report td.flagged {{ color: #b00020; background: #fde8ea; font-weight: bold; }}
.sgs-report p.note {{ color: #555; font-size: 0.9em; }}
.sgs-report figure {{ margin: 12px 0; overflow-x: auto; }}
.sgs-report svg.chart {{ font-family: {_FONT_STACK}; max-width: 100%; height: auto; }}
"""


def table_html(table: Table) -> str:
    """One table: caption, header row, rows (totals marked), rates flagged."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
    body = []
    first_total = len(table.rows) - table.total_rows
    for number, row in enumerate(table.rows):
        cells = []
        for column, value in enumerate(row):
            kind = ("rate" if column in table.rate_columns
                    else "number" if isinstance(value, int) else "text")  # fmt: skip
            if table.flagged(number, column):
                kind += " flagged"
            cells.append(f'<td class="{kind}">{escape(cell_text(table, column, value))}</td>')
        total = ' class="total"' if number >= first_total else ""
        body.append(f"<tr{total}>{''.join(cells)}</tr>")
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f'<table><caption>{escape(table.title)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>{note}")  # fmt: skip


def chart_html(chart: Chart) -> str:
    return f"<figure>{chart_svg(chart)}</figure>"


def document_fragment(document: Document) -> str:
    """The report as one ``<div class="sgs-report">`` (what the page and a notebook show)."""
    parts = [f"<h1>{escape(document.title)}</h1>"]
    if document.subtitle:
        parts.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    if document.meta:
        pairs = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in document.meta)
        parts.append(f'<dl class="meta">{pairs}</dl>')
    for index, section in enumerate(document.sections):
        parts.append(f"<section><h2>{escape(numbered(index, section))}</h2>")
        parts.extend(f'<p class="text">{escape(p)}</p>' for p in section.paragraphs)
        for block in section.blocks:
            parts.append(table_html(block) if isinstance(block, Table) else chart_html(block))
        parts.append("</section>")
    return f'<div class="sgs-report">{"".join(parts)}</div>'


def document_page(document: Document) -> str:
    """The whole page."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n{document_fragment(document)}\n</body>\n</html>\n")  # fmt: skip


def render_html(document: Document, path: Path) -> None:
    path.write_text(document_page(document), encoding="utf-8")
