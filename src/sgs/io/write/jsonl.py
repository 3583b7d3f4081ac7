"""The JSON Lines sink: one object a record, keys made unique, empty values left out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, Any

from sgs.io.write.atomic import write_error
from sgs.io.write.sink import TextSink, encode_error

__all__ = ["JsonlSink", "unique_keys"]


class JsonlSink(TextSink):
    def __init__(
        self, binary: IO[bytes], owned: bool, path: str | None, keys: Sequence[str]
    ) -> None:
        super().__init__(binary, owned, "utf-8", path)
        self._keys = tuple(keys)

    def write(self, cells: list[Any], record: int) -> None:
        obj = {key: cell for key, cell in zip(self._keys, cells, strict=True) if cell}
        try:
            self._text.write(json.dumps(obj, ensure_ascii=False) + "\n")
        except UnicodeEncodeError as exc:
            raise encode_error(self._path, "utf-8", record, exc) from None
        except OSError as exc:
            raise write_error(self._path or "<stream>", exc) from None


def unique_keys(headers: Sequence[str]) -> tuple[str, ...]:
    """JSON object keys for ``headers``: a repeated header gets ``_2``, ``_3``…

    >>> unique_keys(["备注", "甲", "备注"])
    ('备注', '甲', '备注_2')
    """
    seen: set[str] = set()
    keys = []
    for header in headers:
        key, number = header, 1
        while key in seen:
            number += 1
            key = f"{header}_{number}"
        seen.add(key)
        keys.append(key)
    return tuple(keys)
