"""The one key of a decision, and the 决定书文号 form it is compared in.

A decision is (kind, the deciding authority, its 决定书文号). The authority is
its 统一社会信用代码, or its name where the code is empty; the number is
compared with spaces dropped and year brackets unified. The duplicate check,
the wire format's ``key`` and the ledger all use :func:`decision_key`;
:func:`record_key` is its stable hash, which platforms store: it never changes
between versions of sgs.

>>> decision_key("penalty", "11410100mb00000005 ", "示市监罚 [2026] 1号")
('penalty', '11410100MB00000005', '示市监罚〔2026〕1号')
>>> record_key("penalty", "11410100MB00000005", "示市监罚〔2026〕1号")
'8cb61c5e85a7ea838588ef0aa44b9a3f'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sgs.standard.model import Kind, RecordSpec
from sgs.standard.roles import Role

__all__ = [
    "DecisionKey",
    "decision_key",
    "decision_keys",
    "key_fields",
    "key_hash",
    "normalize_number",
    "odd_number",
    "record_key",
    "record_key_of",
    "record_keys",
]

#: (kind, authority, normalized 决定书文号).
DecisionKey = tuple[str, str, str]

_ODD = re.compile("[\\[\\]【】()（） \t\r\n\u3000\u00a0]")
_NORMAL = str.maketrans(
    {
        **dict.fromkeys("[【(（", "〔"),
        **dict.fromkeys("]】)）", "〕"),
        **dict.fromkeys(" \t\r\n\u3000\u00a0", None),
    }
)

#: Whether a 文号 needs :func:`normalize_number` (most do not: a fast pre-check).
odd_number = _ODD.search


def normalize_number(text: str) -> str:
    """The form of a 决定书文号 used to compare two of them.

    Spaces are dropped and the year brackets written as ``[ ] 【 】 ( ) （ ）``
    become ``〔 〕``, so the same decision typed two ways is one decision.

    >>> normalize_number("罚 [2019] 1号") == normalize_number("罚〔2019〕1号")
    True
    """
    return text.translate(_NORMAL) if _ODD.search(text) else text


def decision_key(kind: Kind | str, authority: str, number: str) -> DecisionKey:
    """The key of one decision (see the module documentation)."""
    return (Kind.parse(kind).value, authority.strip().upper(), normalize_number(number.strip()))


def decision_keys(
    kind: Kind | str, authorities: Sequence[str], numbers: Sequence[str]
) -> list[DecisionKey]:
    """:func:`decision_key` of many decisions at once (the validation hot path).

    >>> decision_keys("license", ["a", "B"], ["许〔2019〕1号", "许 (2019) 2号"])
    [('license', 'A', '许〔2019〕1号'), ('license', 'B', '许〔2019〕2号')]
    """
    name = Kind.parse(kind).value
    owners = [a.strip().upper() if a else "" for a in authorities]
    keyed = [n.strip() for n in numbers]
    if any(map(odd_number, keyed)):
        keyed = [normalize_number(n) for n in keyed]
    return [(name, o, n) for o, n in zip(owners, keyed, strict=True)]


def key_hash(key: DecisionKey) -> int:
    """A 64-bit hash of a decision key that is the same in every process and on every machine.

    Python's own ``hash`` of a text changes from process to process (and a Dask worker
    runs with a seed of its own), so keys hashed in different processes could never meet.

    >>> key_hash(("penalty", "11410100MB00000005", "罚〔2019〕1号"))
    1164054972328348141
    """
    text = "\x1f".join(key).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little", signed=True)


def key_fields(spec: RecordSpec) -> tuple[str | None, str | None, str | None]:
    """The codes of the authority's credit code, its name and the 文号 in ``spec``."""
    return (
        spec.code_of(Role.AUTHORITY_CODE),
        spec.code_of(Role.AUTHORITY_NAME),
        spec.code_of(Role.DECISION_NUMBER),
    )


def record_key(kind: Kind | str, authority: str, number: str) -> str:
    """The stable hash of :func:`decision_key`: 32 hex digits.

    >>> record_key("penalty", "11410100MB00000005", "示市监罚 [2026] 1号")
    '8cb61c5e85a7ea838588ef0aa44b9a3f'
    """
    return hashlib.sha256("\x1f".join(decision_key(kind, authority, number)).encode()).hexdigest()[
        :32
    ]


def record_keys(kind: Kind | str, authorities: Sequence[str], numbers: Sequence[str]) -> list[str]:
    """:func:`record_key` of many decisions at once (``sgs sync`` keys a batch so).

    >>> record_keys("penalty", ["11410100MB00000005"], ["示市监罚 [2026] 1号"])
    ['8cb61c5e85a7ea838588ef0aa44b9a3f']
    """
    sha256 = hashlib.sha256
    return [
        sha256("\x1f".join(key).encode()).hexdigest()[:32]
        for key in decision_keys(kind, authorities, numbers)
    ]


def record_key_of(spec: RecordSpec, fields: Mapping[str, Any]) -> str:
    """The :func:`record_key` of a record's fields (code → text)."""
    code, name, number = key_fields(spec)
    authority = str(fields.get(code) or "") if code else ""
    if not authority and name:
        authority = str(fields.get(name) or "")
    return record_key(spec.kind, authority, str(fields.get(number) or "") if number else "")
