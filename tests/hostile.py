"""Builders of hostile input files for the tests (issue 11 #10–#12): every file made in tmp_path.

Each builder writes a file that once crashed, hung or exhausted sgs: a
workbook whose compressed data or XML breaks partway, one whose archive
claims to inflate to gigabytes (without inflating anything), a sheet
declaring entities, a sheet whose data resumes after a long run of blank
rows, JSON nested 200,000 deep, a FIFO.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import openpyxl
from openpyxl.styles import Font

HEADER = ["CF_XDR_MC", "CF_WSH", "CF_JDRQ"]

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def penalty_book(path: Path, rows: int = 3, *, blank: int = 0, after: int = 0) -> Path:
    """A penalty workbook: the header, ``rows`` data rows, ``blank`` blank rows, ``after`` rows.

    The blank rows hold one cell each, bold and empty, as a formatted sheet has.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    bold = Font(bold=True)
    row = 2
    for n in range(1, rows + after + 1):
        if n == rows + 1:
            for _ in range(blank):
                sheet.cell(row=row, column=1).font = bold
                row += 1
        for column, value in enumerate([f"某公司{n}", f"罚〔2026〕{n}号", "2026-03-05"], 1):
            sheet.cell(row=row, column=column, value=value)
        row += 1
    if not after:
        for r in range(row, row + blank):
            sheet.cell(row=r, column=1).font = bold
    book.save(path)
    return path


def rewrite(
    source: Path, target: Path, parts: dict[str, Callable[[bytes], bytes]], *, stored: bool = False
) -> Path:
    """Copy the archive ``source`` to ``target``, passing the named parts through functions."""
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in parts:
                data = parts[info.filename](data)
            new.writestr(info.filename, data, compress_type=method)
    return target


def _member_offsets(data: bytes, name: str) -> tuple[int, int]:
    """The offsets of the local header and the central directory entry of ``name``."""
    encoded = name.encode()
    end = data.rindex(b"PK\x05\x06")  # the end of central directory record
    (central,) = struct.unpack("<I", data[end + 16 : end + 20])
    while True:
        n, m, k = struct.unpack("<HHH", data[central + 28 : central + 34])
        if data[central + 46 : central + 46 + n] == encoded:
            (local,) = struct.unpack("<I", data[central + 42 : central + 46])
            return local, central
        central += 46 + n + m + k


def patch_member(
    path: Path,
    name: str,
    *,
    method: int | None = None,
    crc: int | None = None,
    file_size: int | None = None,
) -> None:
    """Overwrite what the archive's headers say of part ``name`` (both its headers)."""
    data = bytearray(path.read_bytes())
    local, central = _member_offsets(bytes(data), name)
    for base, at_method, at_crc in ((local, 8, 14), (central, 10, 16)):
        if method is not None:
            data[base + at_method : base + at_method + 2] = struct.pack("<H", method)
        if crc is not None:
            data[base + at_crc : base + at_crc + 4] = struct.pack("<I", crc)
        if file_size is not None:
            at = at_crc + 8
            data[base + at : base + at + 4] = struct.pack("<I", file_size)
    path.write_bytes(bytes(data))


def broken_deflate(source: Path, target: Path, part: str, at: float = 0.7) -> Path:
    """``source`` with part ``part`` deflated anew and an invalid deflate block at ``at`` of it.

    The data before that point inflates as it should (openpyxl reads those
    rows); there zlib fails with "invalid block type".
    """
    with zipfile.ZipFile(source) as old:
        original = old.read(part)
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    cut = int(len(original) * at)
    head = compressor.compress(original[:cut]) + compressor.flush(zlib.Z_FULL_FLUSH)
    raw = head + b"\x07" + compressor.compress(original[cut:]) + compressor.flush()
    placeholder = b"\x00" * len(raw)
    rewrite(source, target, {part: lambda _: placeholder}, stored=True)
    data = target.read_bytes()
    local, _ = _member_offsets(data, part)
    n, m = struct.unpack("<HH", data[local + 26 : local + 30])
    start = local + 30 + n + m
    target.write_bytes(data[:start] + raw + data[start + len(raw) :])
    patch_member(
        target, part, method=zipfile.ZIP_DEFLATED, crc=zlib.crc32(original), file_size=len(original)
    )
    return target


def deep_json(depth: int = 200_000) -> str:
    """A JSON array nested ``depth`` levels deep."""
    return "[" * depth + "]" * depth


@contextlib.contextmanager
def deadline(seconds: int = 20) -> Iterator[None]:
    """Fail instead of hanging: a blocked open of a FIFO raises after ``seconds``."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fifo(path: Path) -> Path:
    """A named pipe nobody writes to: opening it for reading blocks."""
    os.mkfifo(path)
    return path
