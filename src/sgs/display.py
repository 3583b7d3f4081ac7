"""Compact HTML for notebooks: a bounded table, file names instead of paths.

The ``_repr_html_`` methods of reports, sync summaries, the ledger and the
catalog coverage use these, so that a notebook cell shows totals and the
first rows — never every record of a large run.

>>> html_table(["文号", "状态"], [["罚1号", "已接收"], ["罚2号", "待报送"]], limit=1)
'<table><tr><th>文号</th><th>状态</th></tr><tr><td>罚1号</td><td>已接收</td></tr></table><p>… 另有 1 条 (1 more)</p>'
>>> file_name("/srv/inbox/2026-11-25-行政处罚.csv")
'2026-11-25-行政处罚.csv'
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence

__all__ = ["LIMIT", "file_name", "html_table"]

#: Rows a notebook table shows before "… N more".
LIMIT = 20


def file_name(path: str | os.PathLike[str] | None) -> str:
    """The last part of ``path`` (a position's ``file:line`` keeps its line)."""
    if path is None:
        return ""
    return os.path.basename(os.fspath(path)) or os.fspath(path)


def html_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    limit: int = LIMIT,
    total: int | None = None,
) -> str:
    """An HTML table of the first ``limit`` rows, with a line saying how many more there are.

    ``total`` is the number of rows when ``rows`` does not hold them all.
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body: list[str] = []
    seen = 0
    for row in rows:
        seen += 1
        if len(body) < limit:
            cells = "".join(f"<td>{html.escape('' if c is None else str(c))}</td>" for c in row)
            body.append(f"<tr>{cells}</tr>")
    more = (total if total is not None else seen) - len(body)
    tail = f"<p>… 另有 {more} 条 ({more} more)</p>" if more > 0 else ""
    return f"<table><tr>{head}</tr>{''.join(body)}</table>{tail}"
