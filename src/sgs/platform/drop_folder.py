"""The drop folder (``[intake] folder``): batches of departments' ``directory`` transports.

The folder has a sub-folder per department, named by its 统一社会信用代码, which the
department's ``directory`` transport writes into: each batch is ``<batch_id>.jsonl`` (a
record a line: ``{"key", "fields"}``, and ``"operation": "withdraw"`` for a withdrawal)
and ``<batch_id>.manifest.json``, written last. A batch is taken oldest manifest first,
and only whole: the data file must be there with the manifest's byte count and SHA-256,
one line per record, each line a JSON object of the wire format. It is received like an
HTTP batch (``channel="folder"``, the manifest's ``batch_id`` as the Idempotency-Key);
once the store has committed, ``<batch_id>.results.json`` (``{"results": [...]}``, the
HTTP answer) is written into the department's ``taken/`` sub-folder and the two files are
moved beside it, the manifest last.

A batch that cannot be taken — no data file, another size or hash, another number of
lines, a line that is no record, an unknown kind, a manifest that is no JSON, a folder
named by no registered department's code — is moved to the quarantine folder (``[intake]
quarantine``, by default ``<folder>/.sgs-quarantine``), into a sub-folder named as the
department's, with ``<batch_id>.reason.txt``; nothing of it is stored. A data file
without its manifest is left alone: its writer has not finished.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy.exc import SQLAlchemyError

from sgs.errors import InputError, StoreError
from sgs.inputs import read_small, regular_file
from sgs.io.write.atomic import AtomicFile
from sgs.platform.config import MAX_BODY
from sgs.platform.intake import IntakeSummary, ReceivingPlatform
from sgs.platform.wire import MAX_RECORDS, WireError, wire_body
from sgs.standard import Kind
from sgs.store import Department, Result

__all__ = ["MANIFEST_SUFFIX", "TAKEN", "DropFolder", "Manifest"]

#: How a batch's manifest is named: ``<batch_id>.manifest.json``.
MANIFEST_SUFFIX = ".manifest.json"
#: The sub-folder of a department's folder that taken batches and their answers go to.
TAKEN = "taken"
#: The largest manifest read, bytes.
MANIFEST_LIMIT = 1 << 20


@attrs.frozen
class Manifest:
    """A batch's ``<batch_id>.manifest.json``, as the ``directory`` transport writes it."""

    batch_id: str
    standard: str
    kind: Kind
    records: int
    file: str
    sha256: str
    bytes: int

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at ``path``, each key checked; an :class:`InputError` naming it."""
        data = read_small(path, MANIFEST_LIMIT, ("批次清单", "a batch manifest"))
        try:
            found = json.loads(data.decode("utf-8"))
        except ValueError as exc:  # UnicodeDecodeError is one
            raise InputError(f"批次清单不是有效的 JSON：{exc}",
                             f"the manifest is not valid JSON: {exc}", path=path) from None  # fmt: skip
        if not isinstance(found, dict):
            raise InputError("批次清单应为 JSON 对象", "the manifest must be a JSON object",
                             path=path)  # fmt: skip
        text = {key: _manifest_text(found, key, path) for key in
                ("batch_id", "standard", "kind", "file", "sha256")}  # fmt: skip
        if len(text["batch_id"]) > 64:
            raise _manifest_error(
                path, "batch_id", "不超过 64 字符的文本", "text of at most 64 characters"
            )
        if text["kind"] not in {k.value for k in Kind}:
            raise _manifest_error(path, "kind", " license 或 penalty", "license or penalty")
        name = text["file"]
        if Path(name).name != name or name.startswith(".") or name.endswith(MANIFEST_SUFFIX):
            raise _manifest_error(path, "file", "同一文件夹中数据文件的文件名",
                                  "the name of a data file in the same folder")  # fmt: skip
        digest = text["sha256"].lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise _manifest_error(path, "sha256", " 64 位十六进制数", "64 hexadecimal digits")
        records = _manifest_count(found, "records", MAX_RECORDS, path)
        size = _manifest_count(found, "bytes", MAX_BODY, path)
        return cls(text["batch_id"], text["standard"], Kind(text["kind"]), records, name,
                   digest, size)  # fmt: skip


def _manifest_error(path: Path, key: str, zh: str, en: str) -> InputError:
    return InputError(f"批次清单的 {key} 应为{zh}", f"the manifest's {key!r} must be {en}",
                      path=path)  # fmt: skip


def _manifest_text(found: Mapping[str, Any], key: str, path: Path) -> str:
    value = found.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _manifest_error(path, key, "非空文本", "non-empty text")
    return value


def _manifest_count(found: Mapping[str, Any], key: str, most: int, path: Path) -> int:
    value = found.get(key)
    if type(value) is not int or not 0 <= value <= most:
        raise _manifest_error(path, key, f" 0 到 {most} 的整数", f"a whole number from 0 to {most}")
    return value


def _batch_body(manifest: Manifest, data: Path) -> bytes:
    """The wire body of the batch ``manifest`` describes, once its data file checks out."""
    size = regular_file(data)
    if size != manifest.bytes:
        raise InputError(f"数据文件为 {size} 字节，与清单的 {manifest.bytes} 字节不符",
                         f"the data file has {size} bytes, the manifest says {manifest.bytes}",
                         path=data)  # fmt: skip
    content = read_small(data, manifest.bytes, ("批次数据文件", "a batch's data file"))
    if hashlib.sha256(content).hexdigest() != manifest.sha256:
        raise InputError("数据文件的 SHA-256 与清单不符：文件已被改动或损坏",
                         "the data file's SHA-256 is not the manifest's: it was changed or "
                         "damaged", path=data)  # fmt: skip
    try:
        lines = content.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise InputError("数据文件不是 UTF-8 文本", "the data file is not UTF-8 text",
                         path=data) from None  # fmt: skip
    if lines[-1] == "":
        lines.pop()
    if len(lines) != manifest.records:
        raise InputError(f"数据文件有 {len(lines)} 行，清单为 {manifest.records} 条记录",
                         f"the data file has {len(lines)} lines, the manifest says "
                         f"{manifest.records} records", path=data)  # fmt: skip
    records = []
    for number, line in enumerate(lines, 1):
        try:
            records.append(json.loads(line))
        except ValueError as exc:
            raise InputError(f"此行不是有效的 JSON：{exc}", f"the line is not valid JSON: {exc}",
                             path=data, line=number) from None  # fmt: skip
    return wire_body(manifest.standard, manifest.kind, manifest.batch_id, records)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _with_number(name: str, number: int) -> str:
    """``name`` with ``.number`` after its first part: ``b1.2.jsonl``."""
    if number == 1:
        return name
    head, dot, rest = name.partition(".")
    return f"{head}.{number}{dot}{rest}"


class DropFolder:
    """One run over the drop folder of ``platform``: :meth:`take` takes what it holds now."""

    def __init__(self, platform: ReceivingPlatform, summary: IntakeSummary,
                 today: dt.date | None) -> None:  # fmt: skip
        config = platform.config
        assert config.folder is not None
        self.platform, self.summary, self.today = platform, summary, today
        self.folder = (config.base_dir / config.folder).resolve()
        self.quarantine = (
            (config.base_dir / config.quarantine).resolve()
            if config.quarantine
            else self.folder / ".sgs-quarantine"
        )

    def take(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            offered = sorted(self._manifests(), key=self._age)
        except OSError as exc:
            self.summary.failures.append(
                f"{self.folder}: 无法读取接收文件夹：{exc.strerror or exc} "
                f"(cannot read the drop folder: {exc.strerror or exc})"
            )
            return
        try:
            departments = {d.code: d for d in self.platform.store.departments.list()}
        except SQLAlchemyError as exc:
            self.summary.store_failed(str(self.folder), exc)
            return
        for path in offered:
            code = path.parent.name.upper() if path.parent != self.folder else ""
            owner = departments.get(code)
            self._take(path, owner)

    def _manifests(self) -> Iterator[Path]:
        """The manifests in the drop folder and in its department folders (not below)."""
        folders = [self.folder]
        for entry in sorted(self.folder.iterdir()):
            hidden = entry.name.startswith(".") or entry.resolve() == self.quarantine
            if entry.is_dir() and not hidden:
                folders.append(entry)
        for folder in folders:
            for entry in folder.iterdir():
                name = entry.name
                if name.endswith(MANIFEST_SUFFIX) and not name.startswith(".") and entry.is_file():
                    yield entry

    @staticmethod
    def _age(path: Path) -> tuple[int, str]:
        try:
            return path.stat().st_mtime_ns, str(path)
        except OSError:
            return 0, str(path)

    def _take(self, path: Path, owner: Department | None) -> None:
        manifest: Manifest | None = None
        try:
            if owner is None:
                with contextlib.suppress(InputError):  # its data file goes aside with it
                    manifest = Manifest.read(path)
                raise self._unowned(path)
            manifest = Manifest.read(path)
            data = path.with_name(manifest.file)
            if self._taken_before(path, manifest):
                os.replace(path, path.parent / TAKEN / path.name)  # the move a crash cut short
                return
            body = _batch_body(manifest, data)
            try:
                results = self.platform.receive(owner, body, idempotency_key=manifest.batch_id,
                                                channel="folder", today=self.today)  # fmt: skip
            except WireError as exc:
                raise InputError(
                    f"数据文件不符合报送格式（records 第 N 项即第 N 行）：{exc.message_zh}",
                    f"the data file is not in the wire format (records item N is line N): "
                    f"{exc.message_en}",
                    path=data,
                ) from None
        except InputError as exc:
            if path.exists():  # else another run has dealt with it
                self._set_aside(path, manifest, exc)
            return
        except (StoreError, SQLAlchemyError) as exc:
            self.summary.store_failed(str(path), exc)
            return
        except OSError as exc:
            self.summary.failures.append(
                f"{path}: 无法读取，下次运行重试 (cannot be read; tried again at the next run): "
                f"{exc.strerror or exc}"
            )
            return
        self.summary.add(results)
        try:
            self._file_away(path, manifest, results)
        except (OSError, InputError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            self.summary.failures.append(
                f"{path}: 已接收，但无法移入 {TAKEN}/，下次运行将再次接收且不会重复存储 "
                f"(taken, but not moved to {TAKEN}/: the next run takes it again without a "
                f"second copy): {reason}"
            )

    def _unowned(self, path: Path) -> InputError:
        if path.parent == self.folder:
            return InputError(
                "批次应放在以报送单位统一社会信用代码命名的子文件夹中",
                "a batch goes into the sub-folder named by its department's credit code",
                path=path,
            )
        name = path.parent.name
        return InputError(
            f"文件夹名 {name} 不是已登记单位的统一社会信用代码，批次无从归属",
            f"the folder name {name} is not the credit code of a registered department",
            path=path,
        )

    @staticmethod
    def _taken_before(path: Path, manifest: Manifest) -> bool:
        """Whether the batch was taken and only its manifest is left (a crash in the move)."""
        taken = path.parent / TAKEN
        stem = path.name.removesuffix(MANIFEST_SUFFIX)
        return (
            not path.with_name(manifest.file).exists()
            and (taken / f"{stem}.results.json").is_file()
            and _digest(taken / manifest.file) == manifest.sha256
        )

    @staticmethod
    def _file_away(path: Path, manifest: Manifest, results: Sequence[Result]) -> None:
        """The answers into ``taken/``, then the data file, then the manifest (last)."""
        taken = path.parent / TAKEN
        taken.mkdir(exist_ok=True)
        stem = path.name.removesuffix(MANIFEST_SUFFIX)
        answer = {"results": [r.to_dict() for r in results]}
        out = AtomicFile(taken / f"{stem}.results.json")
        with out.open() as file:
            file.write((json.dumps(answer, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        out.commit()
        os.replace(path.with_name(manifest.file), taken / manifest.file)
        os.replace(path, taken / path.name)

    def _set_aside(self, path: Path, manifest: Manifest | None, error: InputError) -> None:
        """Move the batch of ``path`` to the quarantine folder, with the reason beside it."""
        stem = path.name.removesuffix(MANIFEST_SUFFIX)
        into = self.quarantine if path.parent == self.folder else self.quarantine / path.parent.name
        data = path.with_name(manifest.file if manifest is not None else f"{stem}.jsonl")
        files = [p for p in (data, path) if p.is_file()]
        now = dt.datetime.now().astimezone()
        try:
            into.mkdir(parents=True, exist_ok=True)
            names, number = [*(f.name for f in files), f"{stem}.reason.txt"], 1
            while any((into / _with_number(name, number)).exists() for name in names):
                number += 1
            for file in files:  # the manifest last: until it goes, the batch is still offered
                os.replace(file, into / _with_number(file.name, number))
            (into / _with_number(f"{stem}.reason.txt", number)).write_text(
                f"{now:%Y-%m-%d %H:%M:%S%z} 信用平台无法接收此批次，已移出接收文件夹，未存储其中任何记录 "
                f"(the credit platform could not take this batch and moved it out of the drop "
                f"folder; none of its records was stored):\n{error}\n来源 from: {path}\n"
                "修正问题后，重新写出此批次或把文件放回原处即可再次接收 (once the problem is "
                "fixed, write the batch out again or put its files back to have it taken).\n",
                encoding="utf-8",
            )
        except OSError as exc:
            self.summary.failures.append(
                f"{error}；无法移入隔离文件夹 {into}：{exc.strerror or exc} "
                f"(could not be moved to the quarantine folder {into})"
            )
            return
        self.summary.quarantined.append(f"{error} — 已移至 {into} (moved to {into})")
