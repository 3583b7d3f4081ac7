"""统一社会信用代码 (unified social credit code), GB 32100-2015.

A code has 18 characters taken from the 31-character set :data:`CHARSET`
(digits and the upper-case letters other than I, O, S, V and Z), whose
values are 0–30 in order:

* position 1 — 登记管理部门码 (registration department);
* position 2 — 机构类别码 (organisation category within that department);
* positions 3–8 — 登记管理机关行政区划码, a GB/T 2260 region code (digits);
* positions 9–17 — 主体标识码, the GB 11714 组织机构代码 with its own check
  character at position 17 (see :mod:`sgs.ids.orgcode`);
* position 18 — the check character.

Position *i* (1–17) is weighted ``3^(i−1) mod 31``; with *S* the weighted
sum, the check value is ``(31 − S mod 31) mod 31``.

The first two characters may be letters (``A1``, ``N2``, ``Y1`` …):
python-stdnum's ``stdnum.cn.uscc`` wrongly insists on eight leading digits,
which is why this module does not use it.

>>> problem("91350100M000100Y43")
>>> problem("91350100M000100Y44")
'checksum'
>>> problem(PLACEHOLDER)
'checksum'
"""

from __future__ import annotations

from operator import mul

from sgs.ids import orgcode

__all__ = [
    "CHARSET",
    "PLACEHOLDER",
    "REGISTRATION_CATEGORIES",
    "assess",
    "check_character",
    "is_valid",
    "orgcode_problem",
    "problem",
    "registration_problem",
]

#: The 31 characters of a code, in value order (I, O, S, V and Z are left out).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: Seventeen zeros and ``X``: what 个体工商户 without a code put in the field.
#: It fails the checksum (the right check character would be ``0``); callers
#: that accept it must say so explicitly.
PLACEHOLDER = "00000000000000000X"

#: 机构类别码 allowed after each 登记管理部门码 (positions 1 and 2).  The table
#: is not confirmed against the text of GB 32100, so a mismatch is only a
#: warning (see :func:`registration_problem`).
REGISTRATION_CATEGORIES: dict[str, frozenset[str]] = {
    "1": frozenset("1239"),  # 机构编制
    "2": frozenset("19"),  # 外交
    "3": frozenset("123459"),  # 司法行政
    "4": frozenset("19"),  # 文化
    "5": frozenset("1239"),  # 民政
    "6": frozenset("129"),  # 旅游
    "7": frozenset("129"),  # 宗教
    "8": frozenset("19"),  # 工会
    "9": frozenset("1239"),  # 工商
    "A": frozenset("19"),  # 中央军委改革和编制办公室
    "N": frozenset("1239"),  # 农业
    "Y": frozenset("1"),  # 其他
}

_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_BAD = 0xFF
# bytes.translate table: code character -> value 0..30, anything else -> 0xFF.
_TABLE = bytes(CHARSET.index(chr(b)) if chr(b) in CHARSET else _BAD for b in range(256))


def check_character(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code.

    Lower-case letters count as upper-case.  Raises :class:`ValueError` when
    *first17* is not 17 characters of :data:`CHARSET` (this is a builder, not
    a validator).

    >>> check_character("91350100M000100Y4")
    '3'
    >>> check_character("00000000000000000")
    '0'
    """
    if len(first17) != 17 or not first17.isascii():
        raise ValueError(f"not the first 17 characters of a credit code: {first17!r}")
    values = first17.upper().encode("ascii").translate(_TABLE)
    if _BAD in values:
        raise ValueError(f"not the first 17 characters of a credit code: {first17!r}")
    return CHARSET[-sum(map(mul, values, _WEIGHTS)) % 31]


def problem(code: str) -> str | None:
    """What is wrong with a credit code, or ``None`` when it is valid.

    *code* is stripped text; lower-case letters count as upper-case.  The
    result is one of:

    * ``"length"`` — not 18 characters;
    * ``"charset"`` — a character outside :data:`CHARSET`;
    * ``"checksum"`` — the check character (position 18) does not match.

    The embedded organisation code and the registration codes are checked
    separately, by :func:`orgcode_problem` and :func:`registration_problem`.

    >>> problem("91310230ma1k314j7c")
    >>> problem("91310230MA1K314J7")
    'length'
    >>> problem("91310230MA1K3I4J7C")
    'charset'
    """
    if len(code) != 18:
        return "length"
    if not code.isascii():
        return "charset"
    values = code.upper().encode("ascii").translate(_TABLE)
    if _BAD in values:
        return "charset"
    if -sum(map(mul, values, _WEIGHTS)) % 31 != values[17]:
        return "checksum"
    return None


def is_valid(code: str) -> bool:
    """Whether :func:`problem` finds nothing wrong with *code*.

    >>> is_valid("11410100MB00000005"), is_valid(PLACEHOLDER)
    (True, False)
    """
    return problem(code) is None


def orgcode_problem(code: str) -> str | None:
    """``"checksum"`` when the embedded 组织机构代码 (positions 9–17) fails GB 11714.

    ``None`` when it passes.  Only meaningful for a code whose own
    :func:`problem` is ``None`` or ``"checksum"``; for anything else the
    answer is ``"checksum"`` or ``None`` without further meaning.

    >>> orgcode_problem("91350100M000100Y43")
    >>> first17 = "91350100M000100Y5"  # organisation code M000100Y5 is wrong
    >>> orgcode_problem(first17 + check_character(first17))
    'checksum'
    """
    return None if orgcode.problem(code[8:17]) is None else "checksum"


def registration_problem(code: str) -> str | None:
    """Whether positions 1 and 2 form a known department/category pair, 3–8 a region.

    ``None`` when they do, ``"department"`` when position 1 is not a known
    登记管理部门码, ``"category"`` when position 2 is not a 机构类别码 of that
    department (see :data:`REGISTRATION_CATEGORIES`), ``"region"`` when the
    行政区划码 (positions 3–8) is not six digits.  Lower-case letters count
    as upper-case.  The table is not confirmed against the standard, so
    callers should only warn.

    >>> registration_problem("92410102MA45HN3P8E")
    >>> registration_problem("B1000000MA45HN3P8E")
    'department'
    >>> registration_problem("Y2000000MA45HN3P8E")
    'category'
    >>> registration_problem("92A10102MA45HN3P8E")
    'region'
    """
    categories = REGISTRATION_CATEGORIES.get(code[:1].upper())
    if categories is None:
        return "department"
    if code[1:2].upper() not in categories:
        return "category"
    if not code[2:8].isdigit():
        return "region"
    return None


_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_TABLE = bytes(_ORG_CHARS.index(chr(b)) if chr(b) in _ORG_CHARS else 0xFF for b in range(256))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHECK = "0X987654321"
_DIGITS = frozenset(b"0123456789")
_DIGITS36 = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The department and category pairs of REGISTRATION_CATEGORIES, as bytes.
_KNOWN_PAIRS = frozenset(
    (d + c).encode("ascii") for d, categories in REGISTRATION_CATEGORIES.items() for c in categories
)
# bytes.translate tables: a code character -> the base-36 digit of its value (0xFF if none);
# a character of the embedded organisation code -> the base-17 digit of its value mod 11.
_BASE34 = bytes(_DIGITS36[CHARSET.index(chr(b))] if chr(b) in CHARSET else 0xFF for b in range(256))
_BASE17 = bytes(
    _DIGITS36[_ORG_CHARS.index(chr(b)) % 11] if chr(b) in CHARSET else 0xFF for b in range(256)
)


def assess(code: str) -> tuple[str | None, bool, str | None]:
    """All checks of a code in one pass: ``(problem, orgcode_ok, registration_problem)``.

    The same answers as :func:`problem`, :func:`orgcode_problem` (``None`` is
    ``True`` here) and :func:`registration_problem`, in about half the time —
    for validators that check every code of a large batch. The last two are
    only meaningful when the first is ``None``.

    >>> assess("91350100M000100Y43")
    (None, True, None)
    >>> assess("91350100M000100Y44")[0], assess("B1000000MA45HN3P8E")[2]
    ('checksum', 'department')
    """
    if len(code) != 18 or not code.isascii():
        return ("length" if len(code) != 18 else "charset"), False, None
    raw = code.upper().encode("ascii")
    digits = raw.translate(_BASE34)
    if 0xFF in digits:
        return "charset", False, None
    # The values as base-34 digits, the first character last: 34 ≡ 3 (mod 31), so the
    # number is the weighted sum modulo 31.
    if _DIGITS36[-int(digits[16::-1], 34) % 31] != digits[17]:
        return "checksum", False, None
    # The organisation code's weights are 3·6^k (mod 11) and 17 ≡ 6 (mod 11): its values
    # modulo 11 read as base-17 digits, the first last, give the weighted sum over 3.
    org_ok = _ORG_CHECK[3 * int(raw[15:7:-1].translate(_BASE17), 17) % 11] == chr(raw[16])
    if raw[:2] in _KNOWN_PAIRS and raw[2:8].isdigit():  # bytes: ASCII digits only
        return None, org_ok, None
    categories = REGISTRATION_CATEGORIES.get(chr(raw[0]))
    if categories is None:
        registration: str | None = "department"
    elif chr(raw[1]) not in categories:
        registration = "category"
    elif not _DIGITS.issuperset(raw[2:8]):
        registration = "region"
    else:
        registration = None
    return None, org_ok, registration
