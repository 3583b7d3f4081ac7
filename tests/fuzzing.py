"""Bad files for the fault tests: seeded mutations of real files, and hand-made hostile ones.

:func:`corpus` yields ``(name, bytes)`` pairs — the same ones for the same
seed and count — made from the files under ``tests/data`` and ``examples``:
truncated, with flipped or inserted bytes, re-encoded, with stray quotes,
empty, binary noise, corrupt ZIP containers, and so on. ``scripts/fuzz.sh``
runs the fault tests with a larger count (``SGS_FUZZ_CASES``).
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [
    ROOT / "examples" / "penalties.csv",
    ROOT / "examples" / "penalties-with-errors.csv",
    ROOT / "examples" / "licenses-gbk.csv",
    ROOT / "examples" / "licenses.jsonl",
    ROOT / "examples" / "penalties.xlsx",
    ROOT / "examples" / "holidays-2026.toml",
    ROOT / "examples" / "department" / "目录.xlsx",
    ROOT / "examples" / "department" / "联络员.xlsx",
    ROOT / "tests" / "data" / "samples" / "shuangyashan-credit-api-penalty-response-2019.json",
    ROOT / "tests" / "data" / "samples" / "zhejiang-xzcf-upload-template-with-sample-row.xls",
]

#: How many mutated files the fault tests make (``scripts/fuzz.sh`` raises it).
CASES = int(os.environ.get("SGS_FUZZ_CASES", "24"))
SEED = int(os.environ.get("SGS_FUZZ_SEED", "20261201"))

Mutation = Callable[[random.Random, bytes], bytes]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(max(len(data), 1))]


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(what: bytes) -> Mutation:
    def mutate(rng: random.Random, data: bytes) -> bytes:
        at = rng.randrange(len(data) + 1)
        return data[:at] + what + data[at:]

    return mutate


def _drop_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    keep = [line for line in lines if rng.random() > 0.3]
    return b"\n".join(keep)


def _repeat_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    if not lines:
        return data
    line = lines[rng.randrange(len(lines))]
    at = rng.randrange(len(lines) + 1)
    return b"\n".join([*lines[:at], *[line] * rng.randint(2, 50), *lines[at:]])


def _reencode(rng: random.Random, data: bytes) -> bytes:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data[::-1]
    codec = rng.choice(["utf-16-le", "utf-16-be", "utf-32", "big5", "shift_jis", "latin-1"])
    return text.encode(codec, errors="replace")


def _noise(rng: random.Random, data: bytes) -> bytes:
    return rng.randbytes(rng.choice([0, 1, 3, 64, 4096]))


def _zip_member(rng: random.Random, data: bytes) -> bytes:
    """An XLSX with one member replaced by garbage, truncated XML, or removed."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return _flip(rng, data)
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        victim = rng.choice(names)
        how = rng.choice(["garbage", "truncate", "drop", "doctype"])
        for name in names:
            body = source.read(name)
            if name == victim:
                if how == "drop":
                    continue
                if how == "garbage":
                    body = rng.randbytes(200)
                elif how == "truncate":
                    body = body[: len(body) // 2]
                else:
                    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
            target.writestr(name, body)
    return out.getvalue()


MUTATIONS: list[tuple[str, Mutation]] = [
    ("truncated", _truncate),
    ("flipped", _flip),
    ("quote", _insert(b'"')),
    ("nul", _insert(b"\x00" * 3)),
    ("crlf", _insert(b"\r\r\n")),
    ("dropped-lines", _drop_lines),
    ("repeated-lines", _repeat_lines),
    ("reencoded", _reencode),
    ("noise", _noise),
    ("zip-member", _zip_member),
]

#: Files no mutation makes by chance.
HANDMADE: list[tuple[str, bytes]] = [
    ("empty.csv", b""),
    ("bom-only.csv", b"\xef\xbb\xbf"),
    ("header-only.csv", "行政处罚决定书文号,行政相对人名称\n".encode()),
    ("unclosed-quote.csv", '行政处罚决定书文号,行政相对人名称,备注\n1,a,"见\n2,b,c\n'.encode()),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("huge-int.jsonl", b'{"CF_WSH": 1, "CF_NR_FK": ' + b"9" * 5000 + b"}\n"),
    ("not-a-list.json", b'{"rows": 5}'),
    ("wide.csv", (",".join(f"c{i}" for i in range(20_000)) + "\n").encode()),
    ("xlsx-named.csv", (ROOT / "examples" / "penalties.xlsx").read_bytes()),
    ("csv-named.xlsx", (ROOT / "examples" / "penalties.csv").read_bytes()),
    ("csv-named.xls", (ROOT / "examples" / "penalties.csv").read_bytes()),
    ("utf16-no-bom.csv", (ROOT / "examples" / "penalties.csv").read_text("utf-8-sig").encode(
        "utf-16-le"
    )),
    ("holidays-bad.toml", b'year = "x"\n[[holidays]]\nname = 5\n'),
    ("holidays-binary.toml", bytes(range(256))),
]  # fmt: skip


def corpus(cases: int = CASES, seed: int = SEED) -> Iterator[tuple[str, bytes]]:
    """The hand-made hostile files, then ``cases`` seeded mutations of the seed files."""
    yield from HANDMADE
    rng = random.Random(seed)
    seeds = [(p, p.read_bytes()) for p in SEEDS]
    for n in range(cases):
        path, data = seeds[n % len(seeds)]
        label, mutate = rng.choice(MUTATIONS)
        yield f"{n:03d}-{label}-{path.stem}{path.suffix}", mutate(rng, data)
