"""The rejection receipt (退回回执): rejected rows as received, with what is wrong.

The notice has data that fails validation 返回提供单位重新报送. A receipt
holds each rejected row exactly as it was received, under the file's own
header row, followed by ``错误字段`` (the headers of the fields in error)
and ``错误说明`` (the messages). The provider corrects the rows and sends
the same file back: the two added columns are not standard fields, so
the reader keeps them aside as extra columns.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sgs.errors import SgsError
from sgs.io.formula import unescape_formula
from sgs.io.reader import RECEIPT_COLUMNS
from sgs.io.write import WriteFormat, open_table_writer, refuse_overwrite
from sgs.validation.summaries import FileSummary, Rejections

__all__ = ["ERROR_FIELDS", "ERROR_MESSAGES", "receipt_name", "write_receipts"]

ERROR_FIELDS, ERROR_MESSAGES = RECEIPT_COLUMNS  # 错误字段, 错误说明
_FORMATS: dict[str, WriteFormat] = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl"}


def receipt_name(summary: FileSummary, index: int) -> str:
    """The file name of an input's receipt inside a receipt folder.

    >>> from sgs.validation.summaries import FileSummary
    >>> receipt_name(FileSummary("data/罚款.xls", "penalty", format="xls"), 0)
    '罚款.退回.xlsx'
    """
    stem = Path(summary.name).stem if summary.name else f"input-{index + 1}"
    ext = ".xlsx" if summary.format in ("xlsx", "xls") else ".csv"
    if summary.format in ("jsonl", "json"):
        ext = ".jsonl"
    return f"{stem}.退回{ext}"


def _format(path: str) -> WriteFormat:
    fmt = _FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise SgsError(
            f"回执文件应为 .xlsx、.csv 或 .jsonl：{path}",
            f"a receipt is written as .xlsx, .csv or .jsonl: {path}",
        )
    return fmt


def _unique(names: dict[int, str]) -> dict[int, str]:
    """The same names, with ``-2``, ``-3``… before the extension where one repeats."""
    seen: dict[str, int] = {}
    result = {}
    for i, name in names.items():
        count = seen.get(name, 0) + 1
        seen[name] = count
        if count > 1:
            stem, ext = os.path.splitext(name)
            stem, dot, suffix = stem.rpartition(".退回")
            name = f"{stem}-{count}{dot}{suffix}{ext}" if dot else f"{stem}-{count}{ext}"
        result[i] = name
    return result


def _headers(report: Rejections, paths: dict[int, str]) -> dict[int, list[str]]:
    """The header row of each receipt: the input's headers, and any key or cell beyond them."""
    headers = {}
    for i in paths:
        summary = report.files[i]
        row = list(summary.headers or summary.columns.values())
        row += [f"列{n + 1}" for n in range(len(row), summary.width)]
        headers[i] = row
    known = {i: set(h) for i, h in headers.items()}
    for rejected in report.iter_rejected():
        if rejected.file in headers and isinstance(rejected.raw, Mapping):
            for key in rejected.raw:
                if key not in known[rejected.file]:
                    known[rejected.file].add(key)
                    headers[rejected.file].append(key)
    return headers


def _cells(
    raw: tuple[str, ...] | Mapping[str, str], headers: list[str], unescape: bool
) -> list[str]:
    if isinstance(raw, Mapping):
        return [raw.get(h, "") for h in headers]
    cells = list(raw[: len(headers)]) + [""] * (len(headers) - len(raw))
    if unescape:  # a CSV cell as sgs wrote it: its ' against formulas is undone, then redone
        cells = [unescape_formula(c) if c[:1] == "'" else c for c in cells]
    return cells


def write_receipts(report: Rejections, target: str | os.PathLike[str]) -> list[str]:
    """Write the receipt(s) of ``report``; return the paths written.

    With one input, ``target`` is the receipt file (format by extension).
    With several, ``target`` is a folder that receives one receipt per
    input with rejected rows, named by :func:`receipt_name` (made unique
    when two inputs share a name). A receipt is written even when nothing
    was rejected (only the header row), so a provider always gets an answer.
    Records read from JSON keep their keys; cells beyond the header row get
    ``列N`` headers, so nothing received is left out.
    """
    target = os.fspath(target)
    if not report.files:
        return []
    if len(report.files) == 1 and not os.path.isdir(target):
        paths = {0: target}
    else:
        os.makedirs(target, exist_ok=True)
        names = _unique(
            {
                i: receipt_name(f, i)
                for i, f in enumerate(report.files)
                if f.invalid or len(report.files) == 1
            }
        )
        paths = {i: os.path.join(target, name) for i, name in names.items()}
    for path in paths.values():  # a receipt never replaces what the provider sent
        refuse_overwrite(path, (f.name for f in report.files))
    headers = _headers(report, paths)
    writers = {}
    try:
        for i, path in paths.items():
            summary = report.files[i]
            encoding = "gb18030" if (summary.encoding or "").lower() in _GB else "utf-8-sig"
            writers[i] = open_table_writer(
                path,
                [*headers[i], ERROR_FIELDS, ERROR_MESSAGES],
                format=_format(path),
                encoding=encoding,
                title="退回回执",
            )
        for row in report.iter_rejected():
            writer = writers.get(row.file)
            if writer is None:
                continue
            cells = _cells(row.raw, headers[row.file], report.files[row.file].formula_quotes)
            writer.write([*cells, "；".join(row.fields), "；".join(row.messages)])
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    for writer in writers.values():
        writer.close()
    return list(paths.values())


_GB = frozenset({"gb18030", "gbk", "gb2312", "cp936"})
