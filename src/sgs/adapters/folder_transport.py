"""The ``directory`` transport: batches as files in a folder another system picks up.

Each batch becomes two files in the folder: ``<batch_id>.jsonl`` (one record a
line: ``{"key": …, "fields": {…}}``, with ``"operation": "withdraw"`` added for a
withdrawal, as in the ``http`` wire format) and ``<batch_id>.manifest.json`` (the
standard, the kind, the number of records, the SHA-256 of the data file and
the time). Both are written to a temporary name and renamed into place, the
manifest last, so a reader that waits for the manifest never sees half a
batch. Every record is accepted: the folder cannot say otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sgs.adapters.base import Batch, ConfigError, Receipt, Transport

__all__ = ["DirectoryTransport"]


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)


def _writable(folder: Path) -> str | None:
    """Why ``folder`` cannot be made or written to (``None``: it can)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(prefix=".sgs-probe-", dir=folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    os.close(descriptor)
    os.unlink(probe)
    return None


class DirectoryTransport(Transport):
    """Settings: ``path`` (the outgoing folder, made when missing).

    The folder is made, and a file written to it and removed, when the transport is
    made: a folder that cannot be written to stops a run before anything is read.
    """

    name = "directory"
    settings = frozenset({"path"})

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        self.folder = self.path("path", folder=True)
        reason = _writable(self.folder)
        if reason is not None:
            raise ConfigError(
                f"[transport] path 指向的文件夹 {self.folder} 无法创建或写入：{reason}",
                f"[transport] path: the folder {self.folder} cannot be made or written to: "
                f"{reason}",
            )

    def push(self, batch: Batch) -> list[Receipt]:
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = [r.json_text() for r in batch.records]
        data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        data_path = self.folder / f"{batch.batch_id}.jsonl"
        _write_atomically(data_path, data)
        manifest = {
            "batch_id": batch.batch_id,
            "standard": batch.standard,
            "kind": batch.kind.value,
            "records": len(batch.records),
            "file": data_path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data),
            "written": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        _write_atomically(self.folder / f"{batch.batch_id}.manifest.json", text.encode("utf-8"))
        return [Receipt(r.key, "accepted") for r in batch.records]
