"""Personal data typed into text, found and masked in place: one masker for views and messages.

Four detectors (masking.md §3 and the publish-view table): 居民身份证号码 (18
characters with a real birth date, or the legacy 15 digits), mobile numbers
(``1[3-9]`` and nine digits), bank-card-like runs of 16–19 digits (single
spaces or hyphens between groups allowed) and e-mail addresses. A hit is masked
in place; the :class:`TextHit` says what and where, never the value itself.

>>> masked, hits = mask_text("当事人张三（身份证330921198001011234，电话13812345678）")
>>> masked
'当事人张三（身份证330921************，电话138****5678）'
>>> [(h.kind, h.start, h.end) for h in hits]
[('id-number', 9, 27), ('mobile', 30, 41)]
>>> mask_text("联系 zhang.san@example.com，卡号6222 0212 3456 7890 123")[0]
'联系 z***@example.com，卡号**** **** **** ***0 123'
>>> mask_text("罚款5000元")
('罚款5000元', [])
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

import attrs

from sgs.ids import resident

__all__ = ["DETECTORS", "MESSAGE_DETECTORS", "TextHit", "mask_message", "mask_text"]

#: The detector names, in the order they are tried at one position.
DETECTORS: Final = ("email", "id-number", "bank-card", "mobile")
#: What :func:`mask_message` looks for: everything but bank-card-like runs, since a
#: message quotes identifiers a department must see to fix them, and an all-digit
#: 统一社会信用代码 or decision number of 16–19 digits would look like a card.
MESSAGE_DETECTORS: Final = ("email", "id-number", "mobile")

_PATTERN = re.compile(
    r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r"|(?P<id18>(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z]))"
    r"|(?P<card>(?<![0-9])[0-9](?:[ -]?[0-9]){15,18}(?![0-9]))"
    r"|(?P<id15>(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z]))"
    r"|(?P<mobile>(?<![0-9])1[3-9][0-9]{9}(?![0-9]))"
)

#: A cheap first look: every hit of the pattern has at least 11 digits, single spaces or
#: hyphens allowed between them (a card written in groups), or an ``@``. Text without
#: any (most values: names, dates, amounts) is returned as it is after one scan in C.
_MAYBE = re.compile(r"[0-9](?:[ -]?[0-9]){10}|@")


@attrs.frozen(kw_only=True)
class TextHit:
    """One piece of personal data found in a text: its kind and its span in the original."""

    kind: str  # one of DETECTORS
    start: int
    end: int


def _star_digits(text: str, keep_tail: int = 0) -> str:
    """Every digit of ``text`` but the last ``keep_tail`` as ``*``; separators stay."""
    digits = sum(c.isdigit() for c in text)
    out, seen = [], 0
    for c in text:
        if c.isdigit() or c in "Xx":
            seen += 1
            out.append(c if seen > digits - keep_tail else "*")
        else:
            out.append(c)
    return "".join(out)


def _plausible_id(number: str) -> bool:
    """A valid ID number, or one whose only fault is its check character (a typo)."""
    found = resident.problem(number)
    return found is None or found == "checksum"


def _classify(match: re.Match[str]) -> str | None:
    group = match.lastgroup
    value = match.group(0)
    if group == "email":
        return "email"
    if group == "id18":
        if _plausible_id(value):
            return "id-number"
        return "bank-card" if value[:-1].isdigit() and value[-1].isdigit() else None
    if group == "card":
        compact = value.replace(" ", "").replace("-", "")
        if len(compact) == 18 and _plausible_id(compact):
            return "id-number"
        return "bank-card"
    if group == "id15":
        return "id-number" if _plausible_id(value) else None
    return "mobile"


def _masked(kind: str, value: str) -> str:
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "id-number":
        return resident.mask(value)
    if kind == "mobile":
        return value[:3] + "****" + value[7:]
    return _star_digits(value, keep_tail=4)


def mask_text(text: str, detectors: Collection[str] = DETECTORS) -> tuple[str, list[TextHit]]:
    """``text`` with its personal data masked in place, and a :class:`TextHit` per hit.

    ``detectors`` limits the kinds looked for. An ID number keeps its six-digit
    address code (``330921************``, never the 6+4 form of a sharing view);
    a mobile number keeps 3 + 4 digits; a bank card its last four; an e-mail
    address its first character and domain.
    """
    if _MAYBE.search(text) is None:
        return text, []
    hits: list[TextHit] = []
    parts: list[str] = []
    last = 0
    for match in _PATTERN.finditer(text):
        kind = _classify(match)
        if kind is None or kind not in detectors:
            continue
        parts.append(text[last : match.start()])
        parts.append(_masked(kind, match.group(0)))
        last = match.end()
        hits.append(TextHit(kind=kind, start=match.start(), end=match.end()))
    parts.append(text[last:])
    return "".join(parts), hits


def mask_message(text: str) -> str:
    """A validation message or a publication finding with its personal data masked.

    The same masker as the public views' free text (:func:`mask_text`), with
    :data:`MESSAGE_DETECTORS`: an ID number keeps its address code, a mobile number
    3 + 4 digits, an e-mail address its first character and domain.

    >>> mask_message("第3行 CF_XDR_ZJHM：410105199001011233 与 13812345678 不符")
    '第3行 CF_XDR_ZJHM：410105************ 与 138****5678 不符'
    >>> mask_message("统一社会信用代码 914101001234567890 校验位错误")
    '统一社会信用代码 914101001234567890 校验位错误'
    """
    return mask_text(text, MESSAGE_DETECTORS)[0]
