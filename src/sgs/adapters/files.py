"""The ``file`` and ``directory`` sources: a department's export files.

``file`` reads one file (CSV, XLSX, XLS, JSON Lines, JSON) with the readers of
:mod:`sgs.io`. ``directory`` reads the files of a folder matching a glob —
the folder an 审批/执法 system exports into — and remembers the files it has
taken (by name, size and modification time, in a small JSON state file), so
that the next run takes only the new or changed ones.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sgs.adapters.base import ConfigError, Source
from sgs.adapters.settings import READ_OPTIONS
from sgs.io.reader import Reader, read

__all__ = ["DirectorySource", "FileSource"]


class _FileReading(Source):
    """What the file sources share: the read options, checked when the source is made."""

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.read_options: dict[str, Any] = {
            spec.key: self.setting(spec) for spec in READ_OPTIONS if spec.key in self.config
        }

    def _read(self, path: Path) -> Reader:
        return read(path, **self.read_options)


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
        yield self._read(path)


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
    default ``.sgs-taken.json`` in the folder), and the read options of ``file``.
    A file is taken once :meth:`done` is called for its reader; a file that
    changed since (size or time) is taken again.
    """

    name = "directory"
    settings = frozenset({"path", "pattern", "state", *(spec.key for spec in READ_OPTIONS)})

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.folder = self.path("path", folder=True)
        self.pattern = _pattern(self.option("pattern", "*.csv", type=str, empty=False))
        state = self.option("state", None, type=str, empty=False)
        self.state_path = (
            (self.base_dir / state).resolve() if state else self.folder / ".sgs-taken.json"
        )
        self._taken = self._load_state()  # a state file that cannot be read stops the run now

    def _load_state(self) -> dict[str, list[float]]:
        try:
            data = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"无法读取已处理文件记录 {self.state_path}：{exc}",
                f"cannot read the state file {self.state_path}: {exc}",
            ) from None
        taken = data.get("taken", {}) if isinstance(data, dict) else {}
        return {str(k): list(v) for k, v in taken.items() if isinstance(v, list)}

    @staticmethod
    def _stamp(path: Path) -> list[float]:
        stat = path.stat()
        return [float(stat.st_size), stat.st_mtime]

    def pending(self) -> list[Path]:
        """The files not yet taken (or changed since), oldest first.

        The state file is read again first: another run may have taken files since
        this source was made (``sgs sync`` waiting for the store's lock).
        """
        self._taken = self._load_state()
        if not self.folder.is_dir():
            raise ConfigError(
                f"[source] path 指向的目录不存在：{self.folder}",
                f"[source] path: no such folder: {self.folder}",
            )
        files = [
            p
            for p in self.folder.glob(self.pattern)
            if p.is_file() and p.resolve() != self.state_path and not p.name.startswith(".")
        ]
        new = [p for p in files if self._taken.get(self._name(p)) != self._stamp(p)]
        return sorted(new, key=lambda p: (p.stat().st_mtime, p.name))

    def _name(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def readers(self) -> Iterator[Reader]:
        for path in self.pending():
            yield self._read(path)

    def done(self, reader: Reader) -> None:
        if reader.path is None:
            return
        path = Path(reader.path)
        self._taken[self._name(path)] = self._stamp(path)
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(
            json.dumps({"taken": self._taken}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        os.replace(tmp, self.state_path)  # a reader never sees half a state file
