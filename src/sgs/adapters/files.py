"""The ``file`` and ``directory`` sources: a department's export files.

``file`` reads one file (CSV, XLSX, XLS, JSON Lines, JSON) with the readers of
:mod:`sgs.io`: one reader per record sheet of a workbook (:func:`sgs.io.read_all`),
or only the ``sheet`` configured. ``directory`` reads the files of a folder matching a glob —
the folder an 审批/执法 system exports into — and remembers the files it has
taken (by name, size and modification time, in a small JSON state file), so
that the next run takes only the new or changed ones. A file that cannot be
read (undecodable, corrupt, not a table) is moved to the quarantine folder
with a note of the reason beside it, and the other files go on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sgs.adapters.base import ConfigError, Source
from sgs.adapters.settings import READ_OPTIONS
from sgs.errors import InputError
from sgs.io.reader import Reader, Tables, read_all

__all__ = ["DirectorySource", "FileSource"]


class _FileReading(Source):
    """What the file sources share: the read options, checked when the source is made."""

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.read_options: dict[str, Any] = {
            spec.key: self.setting(spec) for spec in READ_OPTIONS if spec.key in self.config
        }

    def _read(self, path: Path) -> Tables:
        """The record sheets of ``path`` (a CSV or JSON file is one)."""
        return read_all(path, **self.read_options)


class FileSource(_FileReading):
    """One export file. Settings: ``path`` (relative to the configuration file), and the
    read options ``kind``, ``standard``, ``encoding``, ``sheet``, ``format``."""

    name = "file"
    settings = frozenset({"path", *(spec.key for spec in READ_OPTIONS)})

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.file = self.path("path")

    def readers(self) -> Iterator[Reader]:
        path = self.file
        if not path.is_file():
            raise ConfigError(
                f"[source] path 指向的文件不存在：{path}", f"[source] path: no such file: {path}"
            )
        with self._read(path) as tables:
            yield from tables


def _pattern(pattern: str) -> str:
    """``pattern`` if it is a glob inside the folder (relative, without ``..``)."""
    parts = Path(pattern).parts
    if Path(pattern).is_absolute() or pattern.startswith(("/", "\\")) or ".." in parts:
        raise ConfigError(
            f"[source] pattern 应为文件夹内的相对通配符，如 *.csv 或 **/*.xlsx（现为 {pattern!r}）",
            f"[source] pattern must be a glob inside the folder, such as *.csv or **/*.xlsx "
            f"(got {pattern!r})",
        )
    return pattern


class DirectorySource(_FileReading):
    """The files of a folder matching ``pattern`` (default ``*.csv``), oldest first.

    Settings: ``path`` (the folder), ``pattern`` (a glob, e.g. ``*.xlsx`` or
    ``**/*.csv``), ``state`` (the JSON file that remembers the files taken;
    default ``.sgs-taken.json`` in the folder), ``quarantine`` (where files that
    cannot be read are moved; default ``.sgs-quarantine`` in the folder), and
    the read options of ``file``. A file is taken once :meth:`done` is called
    for its reader — for each of its readers, one per record sheet of a
    workbook; a file that changed since (size or time) is taken again.
    A file that cannot be read is moved to the quarantine folder, with
    ``<name>.reason.txt`` beside it; when it cannot be moved (a read-only
    share) it stays and is skipped until it changes.
    """

    name = "directory"
    settings = frozenset(
        {"path", "pattern", "state", "quarantine", *(spec.key for spec in READ_OPTIONS)}
    )

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.folder = self.path("path", folder=True)
        self.pattern = _pattern(self.option("pattern", "*.csv", type=str, empty=False))
        state = self.option("state", None, type=str, empty=False)
        self.state_path = (
            (self.base_dir / state).resolve() if state else self.folder / ".sgs-taken.json"
        )
        quarantine = self.option("quarantine", None, type=str, empty=False)
        self.quarantine = (
            (self.base_dir / quarantine).resolve()
            if quarantine
            else self.folder / ".sgs-quarantine"
        )
        # A state file that cannot be read stops the run now.
        self._taken, self._failed = self._load_state()
        #: For each file being read: the sheets whose readers are not done yet.
        self._left: dict[str, set[str | None]] = {}
        #: The files set aside during this run (their other sheets are not read).
        self._aside: set[str] = set()

    def _load_state(self) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}, {}
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"无法读取已处理文件记录 {self.state_path}：{exc}",
                f"cannot read the state file {self.state_path}: {exc}",
            ) from None
        data = data if isinstance(data, dict) else {}

        def stamps(key: str) -> dict[str, list[float]]:
            found = data.get(key, {})
            found = found if isinstance(found, dict) else {}
            return {str(k): list(v) for k, v in found.items() if isinstance(v, list)}

        return stamps("taken"), stamps("failed")

    @staticmethod
    def _stamp(path: Path) -> list[float]:
        stat = path.stat()
        return [float(stat.st_size), stat.st_mtime]

    def pending(self) -> list[Path]:
        """The files not yet taken (or changed since), oldest first.

        The state file is read again first: another run may have taken files since
        this source was made (``sgs sync`` waiting for the store's lock).
        """
        self._taken, self._failed = self._load_state()
        if not self.folder.is_dir():
            raise ConfigError(
                f"[source] path 指向的目录不存在：{self.folder}",
                f"[source] path: no such folder: {self.folder}",
            )
        files = [
            p
            for p in self.folder.glob(self.pattern)
            if p.is_file()
            and p.resolve() != self.state_path
            and not p.name.startswith(".")
            and not p.resolve().is_relative_to(self.quarantine)
        ]
        new = [
            p
            for p in files
            if self._stamp(p)
            not in (self._taken.get(self._name(p)), self._failed.get(self._name(p)))
        ]
        return sorted(new, key=lambda p: (p.stat().st_mtime, p.name))

    def _name(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def readers(self) -> Iterator[Reader]:
        for path in self.pending():
            try:
                tables = self._read(path)
            except InputError as exc:
                self.failed(path, exc)
                continue
            name = self._name(path)
            with tables:
                self._left[name] = {r.sheet for r in tables}
                for reader in tables:
                    if name in self._aside:
                        break  # set aside while one of its sheets was read
                    yield reader

    def done(self, reader: Reader) -> None:
        """Remember the file once every record sheet of it is done."""
        if reader.path is None:
            return
        path = Path(reader.path)
        left = self._left.get(self._name(path))
        if left is not None:
            left.discard(reader.sheet)
            if left:
                return  # other sheets of the file are still to be handled
            del self._left[self._name(path)]
        self._taken[self._name(path)] = self._stamp(path)
        self._failed.pop(self._name(path), None)
        self._save_state()

    def failed(self, path: Path | None, error: InputError) -> bool:
        """Move the file that cannot be read to the quarantine folder, with the reason."""
        if path is None or not path.is_file():
            return False
        name = self._name(path)
        self._aside.add(name)
        self._left.pop(name, None)
        now = dt.datetime.now().astimezone()
        reason = (
            f"{now:%Y-%m-%d %H:%M:%S%z} sgs 无法读取此文件，已移出收件目录 "
            f"(sgs could not read this file and moved it out of the inbox):\n{error}\n"
            f"来源 from: {path}\n修正后放回收件目录即可重新读取 "
            f"(put the repaired file back into the inbox to have it read).\n"
        )
        try:
            self.quarantine.mkdir(parents=True, exist_ok=True)
            target = self._free(self.quarantine / path.name)
            os.replace(path, target)
        except OSError as exc:
            self._failed[name] = self._stamp(path)
            self._save_state()
            self.set_aside.append(
                f"{path}: 无法读取，已跳过，文件修改前不再读取（无法移入隔离目录：{exc.strerror}）"
                f"(cannot be read; skipped until it changes — could not move it aside: "
                f"{exc.strerror}): {error}"
            )
            return True
        with contextlib.suppress(OSError):  # the file is aside; the run's output says why
            target.with_name(target.name + ".reason.txt").write_text(reason, encoding="utf-8")
        self.set_aside.append(
            f"{path}: 无法读取，已移至 {target} (cannot be read; moved to {target}): {error}"
        )
        return True

    @staticmethod
    def _free(target: Path) -> Path:
        """``target``, or ``name.2.ext``, ``name.3.ext``… when a file of that name is there."""
        n = 1
        free = target
        while free.exists() or free.with_name(free.name + ".reason.txt").exists():
            n += 1
            free = target.with_name(f"{target.stem}.{n}{target.suffix}")
        return free

    def _save_state(self) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(
            json.dumps(
                {"taken": self._taken, "failed": self._failed}, ensure_ascii=False, indent=1
            ),
            encoding="utf-8",
        )
        os.replace(tmp, self.state_path)  # a reader never sees half a state file
