"""What the writers ask of a sink (one per format), and the text-stream sink of CSV and JSON Lines."""

from __future__ import annotations

import io
from typing import IO, Any, Protocol

from sgs.errors import InputError
from sgs.io.write.atomic import write_error

__all__ = ["Sink", "TextSink", "encode_error"]


class Sink(Protocol):
    def write(self, cells: list[Any], record: int) -> None: ...

    def finish(self) -> None: ...

    def discard(self) -> None: ...


def encode_error(path: str | None, encoding: str, record: int, exc: UnicodeError) -> InputError:
    where_zh, where_en = (
        (f"第{record}条记录", f"record {record}") if record else ("表头", "the header")
    )
    return InputError(
        f"{where_zh}含有无法用 {encoding} 编码的字符",
        f"{where_en} holds characters that cannot be encoded as {encoding}: {exc}",
        path=path,
    )


class TextSink:
    """Shared text-stream handling of the CSV and JSON Lines sinks."""

    def __init__(self, binary: IO[bytes], owned: bool, encoding: str, path: str | None) -> None:
        self._binary = binary
        self._owned = owned
        self._encoding = encoding
        self._path = path
        self._text = io.TextIOWrapper(binary, encoding=encoding, newline="")

    def finish(self) -> None:
        try:
            if self._owned:
                self._text.close()
            else:
                self._text.flush()
                self._text.detach()
        except OSError as exc:
            raise write_error(self._path or "<stream>", exc) from None

    def discard(self) -> None:
        try:
            if self._owned:
                self._text.close()
            else:
                self._text.detach()
        except (OSError, ValueError):
            pass
