"""Checks of one field's text, compiled once per field and memoized per value.

:func:`compile_field` turns a :class:`~sgs.standard.FieldSpec` into a
function from a cleaned, non-empty text to ``(value, findings)``: the typed
value (a date, a Decimal, an enumeration member, the text itself) or the
text unchanged when it does not parse, and the findings of the field on
its own. Results are memoized, because authority codes, dates, amounts and
categories repeat across a batch; findings that depend on other fields
(ID numbers depend on the ID type, placeholders on the category) belong to
the record rules.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from sgs.ids import orgcode, uscc
from sgs.records.codecs import codecs_for, format_value
from sgs.records.values import parse_date, parse_decimal
from sgs.standard import FieldSpec, FieldType, RecordSpec
from sgs.standard.roles import IDENTIFIER_ROLES
from sgs.validation.issues import Finding

__all__ = [
    "MEMO_LIMIT",
    "NO_FINDINGS",
    "FieldCheck",
    "compile_field",
    "identifier_role",
    "is_free_text",
]

#: How many distinct texts each field remembers. Values that repeat (codes,
#: dates, categories) fit easily; unique texts simply stop being remembered.
MEMO_LIMIT: Final = 20_000

NO_FINDINGS: Final[tuple[Finding, ...]] = ()

FieldCheck = Callable[[str], tuple[Any, tuple[Finding, ...]]]

_USCC_DETAIL = {
    "length": "长度不是18位 length is not 18",
    "charset": "含有不允许的字符 bad characters",
}
_ORG_DETAIL = {
    "length": "长度不是9位 length is not 9",
    "charset": "含有不允许的字符 bad characters",
}


_IDENTIFIERS: Final[dict[str, str]] = {r.value: v for r, v in IDENTIFIER_ROLES.items()}


def identifier_role(field: FieldSpec) -> str | None:
    """What identifier a field holds, from its roles (:data:`~sgs.standard.roles.IDENTIFIER_ROLES`).

    ``party-uscc`` (the subject's 统一社会信用代码, where the 个体工商户
    placeholder may appear), ``authority-uscc`` (the codes of the deciding
    authority and of the data source), ``orgcode`` (组织机构代码), or ``None``.

    >>> from sgs.standard import get_standard
    >>> penalty, license = get_standard().penalty, get_standard().license
    >>> fields = penalty["CF_XDR_SHXYM"], license["XK_LYDWDM"], penalty["CF_WSH"]
    >>> [identifier_role(f) for f in fields]
    ['party-uscc', 'authority-uscc', None]
    """
    for role in field.roles:
        found = _IDENTIFIERS.get(role)
        if found is not None:
            return found
    return None


def _uscc_findings(code: str, text: str, placeholder: str) -> tuple[Finding, ...]:
    problem, orgcode_ok, registration = uscc.assess(text)
    if problem is None and orgcode_ok and registration is None:
        return NO_FINDINGS  # nearly every code: nothing more to look at
    upper = text.upper()
    if upper == placeholder:
        return NO_FINDINGS  # whether it is allowed depends on the category: a record rule
    if problem is None:
        found = []
        if not orgcode_ok:
            found.append(Finding("uscc-orgcode-checksum", code, text))
        if registration is not None:
            found.append(Finding("uscc-registration-code", code, text))
        return tuple(found)
    if problem == "checksum":
        expected = uscc.check_character(upper[:17])
        return (Finding("uscc-checksum", code, text, {"expected": expected}),)
    return (Finding("uscc-format", code, text, {"detail": _USCC_DETAIL[problem]}),)


def _authority_findings(code: str, text: str, placeholder: str) -> tuple[Finding, ...]:
    if text.upper() == placeholder:
        return (Finding("uscc-placeholder", code, text),)
    return _uscc_findings(code, text, placeholder)


def _orgcode_findings(code: str, text: str) -> tuple[Finding, ...]:
    compact = orgcode.compact(text)
    problem = orgcode.problem(compact)
    if problem is None:
        return NO_FINDINGS
    if problem == "checksum":
        expected = orgcode.check_character(compact[:8])
        return (Finding("orgcode-checksum", code, text, {"expected": expected}),)
    return (Finding("orgcode-format", code, text, {"detail": _ORG_DETAIL[problem]}),)


def _memoized(check: FieldCheck) -> FieldCheck:
    memo: dict[str, tuple[Any, tuple[Finding, ...]]] = {}
    get = memo.get

    def cached(text: str) -> tuple[Any, tuple[Finding, ...]]:
        result = get(text)
        if result is None:
            result = check(text)
            if len(memo) < MEMO_LIMIT:
                memo[text] = result
        return result

    cached.__wrapped__ = check  # type: ignore[attr-defined]  # for callers with a memo of their own
    return cached


def compile_field(spec: RecordSpec, field: FieldSpec, placeholder: str) -> FieldCheck:
    """The memoized check of ``field`` (see the module documentation).

    >>> from sgs.standard import get_standard
    >>> penalty = get_standard().penalty
    >>> check = compile_field(penalty, penalty["CF_NR_FK"], "00000000000000000X")
    >>> check("0.2")
    (Decimal('0.2'), ())
    >>> value, findings = check("-1")
    >>> [f.code for f in findings]
    ['amount-negative']
    """
    code = field.code
    role = identifier_role(field)
    max_length = field.max_length if role is None else None

    def too_long(text: str) -> tuple[Finding, ...]:
        if max_length is not None and len(text) > max_length:
            return (Finding("too-long", code, text, {"length": len(text), "max": max_length}),)
        return NO_FINDINGS

    check: FieldCheck
    if field.type is FieldType.DATE:

        def check(text: str) -> tuple[Any, tuple[Finding, ...]]:
            value = parse_date(text)
            if value is None:
                return text, (Finding("date-invalid", code, text),)
            return value, NO_FINDINGS

    elif field.type is FieldType.DECIMAL:
        places = field.decimals

        def check(text: str) -> tuple[Any, tuple[Finding, ...]]:
            # Plain digits with at most one decimal point (nearly every amount): straight to
            # a Decimal, as parse_decimal would give it, never negative.
            if text.isascii() and text.replace(".", "", 1).isdigit():
                dot = text.find(".")
                if places is not None and dot >= 0 and len(text) - dot - 1 > places:
                    return Decimal(text), (Finding("amount-decimals", code, text, {"max": places}),)
                return Decimal(text), NO_FINDINGS
            value = parse_decimal(text)
            if value is None:
                return text, (Finding("amount-invalid", code, text),)
            found: list[Finding] = []
            if value < 0:
                found.append(Finding("amount-negative", code, text))
            exponent = value.as_tuple().exponent
            if places is not None and isinstance(exponent, int) and -exponent > places:
                found.append(Finding("amount-decimals", code, text, {"max": places}))
            return value, tuple(found)

    elif field.type is FieldType.ENUMERATION and field.enumeration is not None:
        enumeration = field.enumeration
        parse = codecs_for(spec)[code].parse
        allowed = "、".join(enumeration.values)
        bare = enumeration.specified

        def check(text: str) -> tuple[Any, tuple[Finding, ...]]:
            value, ok = parse(text)
            if not ok:
                if enumeration.multiple:
                    bad = "；".join(
                        p for p in enumeration.split(text) if not enumeration.canonical(p)
                    )
                else:
                    bad = text
                return text, (Finding("enum-invalid", code, bad, {"allowed": allowed}),)
            # The length is that of the value as stored (an alias such as 有效 is stored as 1).
            found = list(too_long(format_value(value)))
            values = value if isinstance(value, tuple) else (value,)
            if bare is not None and any(v == bare for v in values):
                found.append(Finding("other-unspecified", code, text))
            return value, tuple(found)

    elif role == "party-uscc" or role == "authority-uscc":
        findings = _uscc_findings if role == "party-uscc" else _authority_findings

        def check(text: str) -> tuple[Any, tuple[Finding, ...]]:
            return text, findings(code, text, placeholder)

    elif role == "orgcode":

        def check(text: str) -> tuple[Any, tuple[Finding, ...]]:
            return text, _orgcode_findings(code, text)

    else:
        # Free text: only its length. Not memoized: names and facts rarely repeat.
        def check(text: str) -> tuple[Any, tuple[Finding, ...]]:
            return text, too_long(text)

        return check
    return _memoized(check)


def is_free_text(field: FieldSpec) -> bool:
    """Whether ``field`` is free text, checked only for its length (and not memoized).

    >>> from sgs.standard import get_standard
    >>> penalty = get_standard().penalty
    >>> is_free_text(penalty["CF_SY"]), is_free_text(penalty["CF_CFJGDM"])
    (True, False)
    """
    return field.type is FieldType.TEXT and identifier_role(field) is None
