"""The ``vendor-drop`` transport: each batch as a CSV file in a drop folder.

The platform's loader picks up ``<batch_id>.csv`` files from a folder. Each
file has a header of ``key`` and the field codes of the standard (in its
order), and one line per record. It is written under a temporary name and
renamed into place (:func:`os.replace`), so the loader never sees half a
file. Every record is accepted: a folder cannot say otherwise.

Configuration (``[transport]`` table)::

    type = "vendor-drop"
    path = "outgoing"   # made when missing
"""

from __future__ import annotations

import csv
import os
from typing import Any

from sgs.adapters.base import Batch, Receipt, Transport
from sgs.standard import get_standard

__all__ = ["VendorDropTransport"]


class VendorDropTransport(Transport):
    """Settings: ``path`` (the drop folder)."""

    name = "vendor-drop"
    settings = frozenset({"path"})

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        # Checked when the transport is made: a missing path stops sgs sync at start.
        self.folder = self.path("path", folder=True)

    def push(self, batch: Batch) -> list[Receipt]:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        codes = get_standard(batch.standard).spec(batch.kind).codes
        final = folder / f"{batch.batch_id}.csv"
        tmp = folder / f".{final.name}.tmp"  # hidden: the loader skips it
        with open(tmp, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["key", *codes])
            for record in batch.records:
                writer.writerow([record.key, *(record.fields.get(c, "") for c in codes)])
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, final)
        return [Receipt(record.key, "accepted") for record in batch.records]
