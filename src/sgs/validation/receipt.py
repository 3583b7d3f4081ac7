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
import re
from collections.abc import Mapping
from pathlib import Path

from sgs.errors import SgsError
from sgs.io.formula import unescape_formula
from sgs.io.reader import RECEIPT_COLUMNS
from sgs.io.write import TableWriter, WriteFormat, open_table_writer, refuse_overwrite
from sgs.validation.summaries import FileSummary, RejectedRow, Rejections

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


def _filled(cells: tuple[str, ...]) -> int:
    """How many cells of a row there are up to its last non-blank one."""
    for n in range(len(cells), 0, -1):
        if cells[n - 1].strip():
            return n
    return 0


def _headers(report: Rejections, paths: dict[int, str]) -> dict[int, list[str]]:
    """The header row of each receipt: the input's headers, and any key or cell beyond them.

    Blank headers at the end of the input's header row (a template's used
    range wider than its headers) are left out, unless a rejected row has
    something under them: the added columns come right after the last header.
    """
    used = dict.fromkeys(paths, 0)  # the cells up to the last one with data, of each input
    keys: dict[int, list[str]] = {i: [] for i in paths}
    for rejected in report.iter_rejected():
        if rejected.file not in used:
            continue
        if isinstance(rejected.raw, Mapping):
            keys[rejected.file].extend(rejected.raw)
        else:
            used[rejected.file] = max(used[rejected.file], _filled(rejected.raw))
    headers = {}
    for i in paths:
        summary = report.files[i]
        row = list(summary.headers or summary.columns.values())
        named = _filled(tuple(row))
        row = row[: max(named, used[i])]
        row += [f"列{n + 1}" for n in range(len(row), used[i])]
        known = set(row)
        row += [k for k in dict.fromkeys(keys[i]) if k not in known]
        headers[i] = row
    return headers


def _notes(row: RejectedRow, columns: Mapping[str, int]) -> dict[int, str]:
    """The messages of the row's errors by the column of the field they are about."""
    notes: dict[int, list[str]] = {}
    for header, message in row.notes:
        index = columns.get(header, columns.get(header.strip()))
        if index is not None:
            notes.setdefault(index, []).append(message)
    return {index: "\n".join(messages) for index, messages in notes.items()}


def _columns(headers: list[str]) -> dict[str, int]:
    """The first column of each header, as it is and stripped."""
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        columns.setdefault(header, index)
        columns.setdefault(header.strip(), index)
    return columns


def _cells(
    raw: tuple[str, ...] | Mapping[str, str], headers: list[str], unescape: bool
) -> list[str]:
    if isinstance(raw, Mapping):
        return [raw.get(h, "") for h in headers]
    cells = list(raw[: len(headers)]) + [""] * (len(headers) - len(raw))
    if unescape:  # a CSV cell as sgs wrote it: its ' against formulas is undone, then redone
        cells = [unescape_formula(c) if c[:1] == "'" else c for c in cells]
    return cells


#: What a file name or an Excel sheet title may not hold.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\[\]\x00-\x1f]')


def _sheet_file(path: str, sheet: str) -> str:
    """The receipt of one sheet in a format without sheets: ``回执.csv`` → ``回执.法人.csv``."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.{_NOT_IN_NAMES.sub('_', sheet)}{ext}"


def _title(summary: FileSummary) -> str:
    """The title of a receipt sheet: the input's sheet, or 退回回执 for an input with none."""
    title = _NOT_IN_NAMES.sub("_", summary.sheet or "")[:31]
    return title or "退回回执"


def _inputs(report: Rejections) -> list[list[int]]:
    """The summaries of each input of the run (the sheets of one workbook together), in order."""
    groups: dict[int, list[int]] = {}
    for i, summary in enumerate(report.files):
        groups.setdefault(summary.input, []).append(i)
    return list(groups.values())


def _plan(report: Rejections, target: str) -> dict[str, list[int]]:
    """Each receipt file to write, and the summaries (the input sheets) whose rows it holds.

    One input goes to ``target``; several go into the folder ``target``, one
    receipt an input with rejected rows. An XLSX receipt holds a sheet per
    input sheet; a CSV or JSON Lines receipt of several sheets is a file per sheet.
    """
    inputs = _inputs(report)
    if len(inputs) == 1 and not os.path.isdir(target):
        files = {target: inputs[0]}
    else:
        os.makedirs(target, exist_ok=True)
        names = _unique(
            {
                group[0]: receipt_name(report.files[group[0]], n)
                for n, group in enumerate(inputs)
                if any(report.files[i].invalid for i in group)
            }
        )
        by_first = {group[0]: group for group in inputs}
        files = {os.path.join(target, name): by_first[i] for i, name in names.items()}
    plan: dict[str, list[int]] = {}
    for path, group in files.items():
        if len(group) > 1 and _format(path) != "xlsx":
            for i in group:
                plan[_sheet_file(path, report.files[i].sheet or str(i))] = [i]
        else:
            plan[path] = group
    return plan


def write_receipts(report: Rejections, target: str | os.PathLike[str]) -> list[str]:
    """Write the receipt(s) of ``report``; return the paths written.

    With one input, ``target`` is the receipt file (format by extension).
    With several, ``target`` is a folder that receives one receipt per
    input with rejected rows, named by :func:`receipt_name` (made unique
    when two inputs share a name). Records read from JSON keep their keys;
    cells beyond the header row that hold data get ``列N`` headers, so
    nothing received is left out, and blank headers at the end of the
    header row are left out, so the added columns follow the last header.

    When nothing was rejected, nothing is written and ``[]`` is returned:
    there is nothing to return to the provider (无需退回). With several
    inputs, only those with rejected rows get a receipt.

    In an XLSX receipt the ``错误说明`` column is wide and wraps its text;
    each cell of a field in error is filled light red, with the message as
    its comment; a date cell of an XLSX or XLS input is a date cell again.

    The record sheets of a workbook are one input: its XLSX receipt has one
    sheet per input sheet, under the same name, each with the rejected rows
    of that sheet; as CSV or JSON Lines, each sheet's receipt is a file of its
    own, named after the sheet (``回执.法人.csv``, ``回执.自然人.csv``).
    """
    target = os.fspath(target)
    if not report.files or not any(f.invalid for f in report.files):
        return []  # 无需退回: nothing to return
    plan = _plan(report, target)
    for path in plan:  # a receipt never replaces what the provider sent
        refuse_overwrite(path, (f.name for f in report.files))
    headers = _headers(report, {i: path for path, group in plan.items() for i in group})
    writers: dict[str, TableWriter] = {}
    #: Each input sheet's writer and the number of its sheet in that writer.
    where: dict[int, tuple[TableWriter, int]] = {}
    try:
        for path, group in plan.items():
            first = report.files[group[0]]
            encoding = "gb18030" if (first.encoding or "").lower() in _GB else "utf-8-sig"
            writer = writers[path] = open_table_writer(
                path,
                [*headers[group[0]], ERROR_FIELDS, ERROR_MESSAGES],
                format=_format(path),
                encoding=encoding,
                title=_title(first),
                wrap=(ERROR_MESSAGES,),
            )
            where[group[0]] = (writer, 0)
            for i in group[1:]:
                columns = [*headers[i], ERROR_FIELDS, ERROR_MESSAGES]
                title = _title(report.files[i])
                where[i] = (writer, writer.add_sheet(title, columns, wrap=(ERROR_MESSAGES,)))
        positions = {i: _columns(h) for i, h in headers.items()}
        for row in report.iter_rejected():
            found = where.get(row.file)
            if found is None:
                continue
            writer, sheet = found
            cells = _cells(row.raw, headers[row.file], report.files[row.file].formula_quotes)
            writer.write(
                [*cells, "；".join(row.fields), "；".join(row.messages)],
                sheet=sheet,
                notes=_notes(row, positions[row.file]),
            )
    except BaseException:
        for writer in writers.values():
            writer.abort()
        raise
    for writer in writers.values():
        writer.close()
    return list(plan)


_GB = frozenset({"gb18030", "gbk", "gb2312", "cp936"})
