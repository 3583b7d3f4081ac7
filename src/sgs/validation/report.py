"""The result of a validation run: counts, issues, and the rows to send back.

A :class:`Report` keeps the counts of everything and every issue, and the
rejected rows exactly as received for the rejection receipt (退回回执,
:meth:`Report.write_receipt`, written by :mod:`sgs.validation.receipt`).
Issues and rejected rows beyond a few thousand go to a temporary file, so
memory stays flat for any input size. The per-input summaries and rejected
rows are defined in :mod:`sgs.validation.summaries`, below both.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any, Generic, TypeVar

import attrs

from sgs.display import file_name
from sgs.errors import SgsError
from sgs.validation.issues import Issue, Severity
from sgs.validation.receipt import write_receipts
from sgs.validation.summaries import FileSummary, RejectedRow

__all__ = ["FileSummary", "RejectedRow", "Report", "Spool", "Summary"]

T = TypeVar("T")


class Spool(Generic[T]):
    """An append-only list that moves to a temporary file past ``limit`` items.

    Each iteration reads the file by the offsets of its chunks, so that two
    iterations may run side by side.
    """

    def __init__(self, limit: int = 2_000) -> None:
        self._items: list[T] = []
        self._limit = limit
        self._file: IO[bytes] | None = None
        self._chunks: list[tuple[int, int]] = []  # offset, size
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, item: T) -> None:
        self._items.append(item)
        self._count += 1
        if len(self._items) >= self._limit:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="sgs-report-")  # noqa: SIM115 - closed in close()
            data = pickle.dumps(self._items, protocol=pickle.HIGHEST_PROTOCOL)
            offset = self._file.seek(0, os.SEEK_END)
            self._file.write(data)
            self._chunks.append((offset, len(data)))
            self._items = []

    def __iter__(self) -> Iterator[T]:
        for offset, size in self._chunks:
            file = self._file
            assert file is not None
            file.seek(offset)
            chunk: list[T] = pickle.loads(file.read(size))
            yield from chunk
        yield from list(self._items)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            self._chunks = []


@attrs.frozen
class Summary:
    """The counts of a run. ``warnings`` and ``errors`` count issues; the others, records."""

    total: int
    valid: int
    invalid: int
    errors: int
    warnings: int
    with_warnings: int
    by_code: Mapping[str, int]
    by_field: Mapping[str, int]
    files: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
            "records_with_warnings": self.with_warnings,
            "by_code": dict(self.by_code),
            "by_field": dict(self.by_field),
            "files": self.files,
        }


class Report:
    """Counts, issues and rejected rows of one validation run (see the module documentation)."""

    def __init__(self, *, standard: str, as_of: dt.date) -> None:
        self.standard = standard
        self.as_of = as_of
        self.files: list[FileSummary] = []
        self.total = self.invalid = self.errors = self.warnings = self.with_warnings = 0
        self.by_code: Counter[str] = Counter()
        self.by_field: Counter[str] = Counter()
        self._issues: Spool[Issue] = Spool()
        self._rejected: Spool[RejectedRow] = Spool()
        self._closed = False
        #: Inputs that could not be read at all: ``{"file", "message", "message_en"}``.
        self.unusable: list[dict[str, str | None]] = []

    def add_unusable(self, name: str | None, message_zh: str, message_en: str) -> None:
        """Note an input that could not be read at all (the run went on with the others)."""
        self.unusable.append({"file": name, "message": message_zh, "message_en": message_en})

    # -- filling ------------------------------------------------------------------------------
    def add_file(self, summary: FileSummary) -> int:
        self.files.append(summary)
        return len(self.files) - 1

    def add_valid(self, file: int, count: int = 1) -> None:
        """Count ``count`` records without any issue."""
        self.total += count
        self.files[file].records += count

    def add(
        self,
        file: int,
        issues: Sequence[Issue],
        raw: Sequence[str] | Mapping[str, str],
        line: int | None,
    ) -> bool:
        """Count one record with ``issues``; keep it for the receipt if it has errors.

        Returns whether the record is valid (no errors).
        """
        summary = self.files[file]
        self.total += 1
        summary.records += 1
        errors = [i for i in issues if i.severity is Severity.ERROR]
        for issue in issues:
            self._issues.append(issue)
            self.by_code[issue.code] += 1
            self.by_field[issue.field or ""] += 1
        self.errors += len(errors)
        self.warnings += len(issues) - len(errors)
        if len(errors) < len(issues):
            self.with_warnings += 1
        if not errors:
            return True
        self.invalid += 1
        summary.invalid += 1
        if not isinstance(raw, Mapping):
            summary.width = max(summary.width, len(raw))
        headers = summary.columns
        fields = tuple(
            dict.fromkeys(headers.get(i.field, i.label or i.field) for i in errors if i.field)
        )
        self._rejected.append(
            RejectedRow(
                file=file,
                record=issues[0].record,
                line=line,
                raw=dict(raw) if isinstance(raw, Mapping) else tuple(raw),
                fields=fields,
                messages=tuple(i.message_zh for i in errors),
                notes=tuple(
                    (headers[i.field], i.message_zh)
                    for i in errors
                    if i.field is not None and i.field in headers
                ),
            )
        )
        return False

    # -- reading ------------------------------------------------------------------------------
    @property
    def summary(self) -> Summary:
        by_field = {k or "(record)": v for k, v in self.by_field.most_common()}
        return Summary(
            total=self.total,
            valid=self.total - self.invalid,
            invalid=self.invalid,
            errors=self.errors,
            warnings=self.warnings,
            with_warnings=self.with_warnings,
            by_code=dict(self.by_code.most_common()),
            by_field=by_field,
            files=len(self.files),
        )

    @property
    def ok(self) -> bool:
        """Whether no record has an error (warnings allowed)."""
        return self.invalid == 0

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the report was closed; its issues and rejected rows are gone")

    def iter_issues(self) -> Iterator[Issue]:
        """Every issue, in input order (read back from disk for large runs)."""
        self._check_open()
        return iter(self._issues)

    @property
    def issues(self) -> list[Issue]:
        """Every issue as a list (see :meth:`iter_issues` for large runs)."""
        self._check_open()
        return list(self._issues)

    def iter_rejected(self) -> Iterator[RejectedRow]:
        """The rejected records, as received, in input order."""
        self._check_open()
        return iter(self._rejected)

    def to_dict(self, *, max_issues: int | None = None) -> dict[str, Any]:
        """The JSON form: ``summary``, ``files`` and ``issues``."""
        issues = []
        for n, issue in enumerate(self.iter_issues()):
            if max_issues is not None and n >= max_issues:
                break
            issues.append(issue.to_dict())
        return {
            "summary": self.summary.to_dict(),
            "standard": self.standard,
            "as_of": self.as_of.isoformat(),
            "files": [f.to_dict() for f in self.files],
            "unusable": list(self.unusable),
            "issues": issues,
        }

    def to_json(self, *, indent: int | None = None, max_issues: int | None = None) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(max_issues=max_issues), ensure_ascii=False, indent=indent)

    def to_dataframe(self) -> Any:
        """The issues as a pandas DataFrame, one row per issue (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise SgsError(
                "to_dataframe() 需要 pandas：pip install pandas",
                "to_dataframe() needs pandas: pip install pandas",
            ) from None
        rows = [i.to_dict() for i in self._issues]
        names = [
            "file", "row", "line", "sheet", "field", "label", "code",
            "severity", "value", "message", "message_en",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=names)

    def _repr_html_(self) -> str:
        s = self.summary
        e = html.escape
        head = (
            "<table><tr><th>记录 records</th><th>有效 valid</th><th>无效 invalid</th>"
            "<th>错误 errors</th><th>提示 warnings</th></tr>"
            f"<tr><td>{s.total}</td><td>{s.valid}</td><td>{s.invalid}</td>"
            f"<td>{s.errors}</td><td>{s.warnings}</td></tr></table>"
        )
        codes = "".join(f"<tr><td>{e(k)}</td><td>{v}</td></tr>" for k, v in s.by_code.items())
        rows = []
        for n, i in enumerate(self._issues):
            if n >= 50:
                break
            where = file_name(i.file) + (f" [{i.sheet}]" if i.sheet else "")
            rows.append(
                f"<tr><td>{e(where)}</td><td>{i.record}</td><td>{e(i.field or '')}</td>"
                f"<td>{e(i.code)}</td><td>{e(i.severity.label)}</td><td>{e(i.message_zh)}</td></tr>"
            )
        more = len(self._issues) - len(rows)
        tail = f"<p>… 另有 {more} 条问题 ({more} more issues)</p>" if more > 0 else ""
        return (
            f"<div><strong>双公示校验 validation</strong> (标准 {e(self.standard)}, "
            f"as of {self.as_of.isoformat()}){head}"
            + (f"<table><tr><th>code</th><th>count</th></tr>{codes}</table>" if codes else "")
            + (
                "<table><tr><th>file</th><th>row</th><th>field</th><th>code</th>"
                f"<th>severity</th><th>message</th></tr>{''.join(rows)}</table>"
                if rows
                else ""
            )
            + tail
            + "</div>"
        )

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Report {s.total} records: {s.valid} valid, {s.invalid} invalid, "
            f"{s.errors} errors, {s.warnings} warnings>"
        )

    def write_receipt(self, path: str | os.PathLike[str]) -> list[str]:
        """Write the rejection receipt (退回回执); see :func:`sgs.validation.receipt.write_receipts`.

        ``path`` is a ``.xlsx``, ``.csv`` or ``.jsonl`` file for a run over
        one input, a folder for several. Returns the paths written.
        """
        return write_receipts(self, path)

    def close(self) -> None:
        """Remove the temporary files of a large run; the issues cannot be read after this."""
        self._closed = True
        self._issues.close()
        self._rejected.close()
