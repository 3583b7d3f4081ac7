"""Contact details of a liaison (联络员): mainland mobile numbers, office phones, e-mail addresses.

Pure functions on text that never raise: :func:`is_mobile`,
:func:`office_phone_status` and :func:`is_email`. A cell may hold several
numbers or addresses separated by ``、`` ``/`` ``，`` or ``;``; full-width
digits and punctuation count as their ASCII forms (NFKC).

>>> is_mobile("138-1234-5678"), office_phone_status("67177793"), is_email("zz@163.com")
(True, 'no-area-code', True)
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

__all__ = ["OfficePhoneStatus", "is_email", "is_mobile", "office_phone_status"]

#: How a text reads as office phone number(s).
OfficePhoneStatus = Literal["valid", "no-area-code", "invalid"]

# Several numbers or addresses in one cell: 、 / , ; (full-width ，；／ become these under NFKC).
_SEPARATORS = re.compile(r"\s*[、/,;]\s*")
_MOBILE = re.compile(r"(?:\(?(?:\+|00)?86\)?)?1[3-9][0-9]{9}")
# Area codes: 010 and 020–029 have three digits, all others (03xx–09xx) four.
# Local numbers have 7 or 8 digits and never start with 0 or 1.
_AREA = r"0(?:[12][0-9]|[3-9][0-9]{2})"
_LOCAL = r"[2-9][0-9]{6}[0-9]?"
_EXTENSION = r"(?:\s*(?:-|转|分机|ext\.?|x)\s*[0-9]{1,6})?"
_OFFICE = re.compile(
    rf"(?:\((?P<paren>{_AREA})\)\s*-?\s*|(?P<area>{_AREA})\s*-?\s*)?{_LOCAL}{_EXTENSION}",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.[^\W\d_]{2,}")


def _parts(text: str) -> list[str]:
    return [p for p in _SEPARATORS.split(unicodedata.normalize("NFKC", text).strip()) if p]


def _mobile_part(part: str) -> bool:
    return _MOBILE.fullmatch(re.sub(r"[\s-]", "", part)) is not None


def is_mobile(text: str) -> bool:
    """Whether ``text`` is one or more mainland mobile numbers (手机号码).

    A number is 11 digits starting with 13–19; spaces and hyphens may group
    the digits, and ``+86``, ``86`` or ``0086`` may come first. Several
    numbers are separated by ``、`` ``/`` ``，`` or ``;``. Full-width digits count.

    >>> [is_mobile(t) for t in ("13812345678", "+86 138-1234-5678", "１３８１２３４５６７８")]
    [True, True, True]
    >>> [is_mobile(t) for t in ("1381234567", "23812345678", "0371-67177793", "")]
    [False, False, False, False]
    """
    parts = _parts(text)
    return bool(parts) and all(_mobile_part(p) for p in parts)


def office_phone_status(text: str) -> OfficePhoneStatus:
    """``valid``, ``no-area-code`` or ``invalid``: how ``text`` reads as office phone(s) (办公电话).

    A number is a 3–4 digit area code starting with 0 (``0371``, ``(0371)``,
    with or without a hyphen or space after it) and a 7–8 digit local number,
    optionally followed by an extension (``-801``, ``转801``, ``分机801``).
    Several numbers are separated by ``、`` ``/`` ``，`` or ``;``; a bare local
    number after one with an area code shares that code
    (``0371-67177793/67177794``). A mobile number is accepted too. A bare
    local number otherwise is ``no-area-code``: reachable only from inside
    the city, so a warning rather than an error.

    >>> [office_phone_status(t) for t in ("0371-67177793", "(0371)67177793", "037167177793")]
    ['valid', 'valid', 'valid']
    >>> [office_phone_status(t) for t in ("0371-6717779-801", "0371-67177793转801", "010-12345678")]
    ['valid', 'valid', 'invalid']
    >>> [office_phone_status(t) for t in ("67177793", "0371-671", "0371-67177793、67177794")]
    ['no-area-code', 'invalid', 'valid']
    """
    parts = _parts(text)
    if not parts:
        return "invalid"
    status: OfficePhoneStatus = "valid"
    seen_area = False
    for part in parts:
        if _mobile_part(part):
            continue
        match = _OFFICE.fullmatch(part)
        if match is None:
            return "invalid"
        if match["area"] or match["paren"]:
            seen_area = True
        elif not seen_area:
            status = "no-area-code"
    return status


def is_email(text: str) -> bool:
    """Whether ``text`` is one or more e-mail addresses (a pragmatic check, not RFC 5322).

    One ``@``, no spaces, a dot in the domain and a top-level domain of two
    letters or more; addresses may be separated by ``、`` ``/`` ``，`` or ``;``.
    A full-width ``＠`` or a ``。`` in place of the dot is an error: mail
    programs reject them.

    >>> [is_email(t) for t in ("zzcredit@163.com", "xx@zz.gov.cn", "a@b.cn；c@d.com")]
    [True, True, True]
    >>> [is_email(t) for t in ("zzcredit163.com", "a b@163.com", "xx＠zz.gov.cn", "xx@163。com")]
    [False, False, False, False]
    """
    text = text.strip()
    if not text or "＠" in text or "。" in text:
        return False
    parts = [p for p in re.split(r"\s*[、/,;，；／]\s*", text) if p]
    return bool(parts) and all(_EMAIL.fullmatch(p) for p in parts)
