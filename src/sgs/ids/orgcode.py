"""组织机构代码 (organisation code), GB 11714-1997.

A code is eight body characters (digits or upper-case Latin letters) and one
check character.  Letters count as A = 10 … Z = 35.  The body characters are
weighted ``3, 7, 9, 10, 5, 8, 4, 2``; with *S* the weighted sum, the check
value is ``11 − (S mod 11)``, written ``X`` when it is 10 and ``0`` when it
is 11.  Codes are usually displayed as ``XXXXXXXX-X``; :func:`problem`
accepts that form as well as the bare nine characters, and lower-case
letters as their upper-case twins.

>>> problem("M000100Y4")
>>> problem("M000100Y-4")
>>> problem("M000100Y5")
'checksum'
>>> format("m000100y4")
'M000100Y-4'
"""

from __future__ import annotations

import string
from operator import mul

__all__ = ["check_character", "compact", "format", "is_valid", "problem"]

_BODY_CHARS = string.digits + string.ascii_uppercase
_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
#: Separators that may stand between the body and the check character: the
#: ASCII hyphen and space and their full-width forms.
_SEPARATORS = frozenset("- －\u3000")

# bytes.translate table: body character -> value 0..35, anything else -> 0xFF.
_BAD = 0xFF
_TABLE = bytes(_BODY_CHARS.index(chr(b)) if chr(b) in _BODY_CHARS else _BAD for b in range(256))
# The check character for each value of S mod 11: 11 - r, with 11 -> "0" and 10 -> "X".
_CHECK_BY_REMAINDER = "0X987654321"
_CHECK_CHARS = frozenset(string.digits + "X")


def check_character(body8: str) -> str:
    """The check character for eight body characters.

    Lower-case letters count as upper-case.  Raises :class:`ValueError` when
    *body8* is not eight digits or Latin letters (this is a builder, not a
    validator).

    >>> check_character("M000100Y")
    '4'
    >>> check_character("00000006")
    'X'
    """
    if len(body8) != 8 or not body8.isascii():
        raise ValueError(f"not an organisation code body: {body8!r}")
    values = body8.upper().encode("ascii").translate(_TABLE)
    if _BAD in values:
        raise ValueError(f"not an organisation code body: {body8!r}")
    return _CHECK_BY_REMAINDER[sum(map(mul, values, _WEIGHTS)) % 11]


def compact(text: str) -> str:
    """Strip *text*, drop one separator before the last character, upper-case it.

    The separator may be a hyphen or a space (ASCII or full-width).

    >>> compact(" 7a7a7a7a-1 ")
    '7A7A7A7A1'
    >>> compact("M000100Y4")
    'M000100Y4'
    """
    text = text.strip()
    if len(text) >= 2 and text[-2] in _SEPARATORS:
        text = text[:-2] + text[-1]
    return text.upper()


def problem(code: str) -> str | None:
    """What is wrong with an organisation code, or ``None`` when it is valid.

    *code* is stripped text, nine characters or ten with a hyphen (or space)
    before the check character.  The result is one of:

    * ``"length"`` — not nine characters once the separator is dropped;
    * ``"charset"`` — a body character that is not a digit or a Latin letter,
      or a check character that is not a digit or ``X``;
    * ``"checksum"`` — the check character does not match the body.

    >>> problem("11420000-M")
    'charset'
    >>> problem("M000100Y")
    'length'
    """
    if len(code) == 10 and code[8] in _SEPARATORS:
        code = code[:8] + code[9]
    if len(code) != 9:
        return "length"
    if not code.isascii():
        return "charset"
    code = code.upper()
    values = code.encode("ascii").translate(_TABLE)
    if _BAD in values[:8] or code[8] not in _CHECK_CHARS:
        return "charset"
    if _CHECK_BY_REMAINDER[sum(map(mul, values, _WEIGHTS)) % 11] != code[8]:
        return "checksum"
    return None


def is_valid(code: str) -> bool:
    """Whether :func:`problem` finds nothing wrong with *code*.

    >>> is_valid("00175530-9"), is_valid("001755309"), is_valid("001755308")
    (True, True, False)
    """
    return problem(code) is None


def format(code: str) -> str:
    """The display form ``XXXXXXXX-X`` of a code.

    The text is compacted first (see :func:`compact`); anything that is not
    nine characters afterwards is returned compacted but otherwise unchanged.

    >>> format("001755309")
    '00175530-9'
    >>> format("12345")
    '12345'
    """
    code = compact(code)
    if len(code) != 9:
        return code
    return f"{code[:8]}-{code[8]}"
