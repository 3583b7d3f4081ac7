"""Hypothesis strategies for 双公示 values and records, for any test module to reuse.

Texts are what a reader gives back unchanged: trimmed, non-empty, never an
empty marker (``/``, ``无``, ``-``), free of control characters that CSV or
XLSX cannot carry (a line feed inside a text is allowed), and never starting
with a character that a CSV writer escapes against formula injection
(``= + - @ '``). Enumeration values are the typed values a reader produces
(:class:`~sgs.records.PenaltyType` members and so on).

* :func:`records` — any record of a kind, every field drawn independently
  (mandatory fields always filled, the others sometimes empty);
* :func:`licenses`, :func:`penalties` — realistic records: the party fields
  fit the party category, ID numbers and credit codes carry valid check
  digits, amounts go with the penalty types, periods follow decisions.
"""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from sgs.calendar import Pause
from sgs.io import DEFAULT_EMPTY_MARKERS, clean
from sgs.records import LONG_TERM, License, Penalty, PenaltyType, Record, SubjectCategory
from sgs.records.codecs import codecs_for
from sgs.records.models import RECORD_CLASSES
from sgs.standard import (
    FieldSpec,
    FieldType,
    Kind,
    RecordSpec,
    Requirement,
    Standard,
    get_standard,
)

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "TEXT_PUNCTUATION",
    "amounts",
    "attrs_dict",
    "case_days",
    "case_pauses",
    "credit_codes",
    "dates",
    "enumeration_values",
    "field_values",
    "id_numbers",
    "licenses",
    "org_codes",
    "penalties",
    "person_names",
    "records",
    "texts",
]

FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2030, 12, 31)

#: Punctuation found in real 双公示 texts (document numbers, laws, amounts).
TEXT_PUNCTUATION = " ，。、；：“”‘’（）〔〕【】《》—…·,.;:()[]/-_#%&*\n"
_FORMULA_START = "=+-@'"

_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_ascii = st.sampled_from(string.ascii_letters + string.digits)
_punct = st.sampled_from(TEXT_PUNCTUATION)


def _usable(text: str) -> bool:
    return bool(text) and text not in DEFAULT_EMPTY_MARKERS and text[0] not in _FORMULA_START


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Chinese text with ASCII and punctuation, as a reader returns it."""
    chars = st.one_of(_cjk, _cjk, _ascii, _punct)
    return st.text(chars, min_size=1, max_size=max_size).map(clean).filter(_usable)


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"


def person_names() -> st.SearchStrategy[str]:
    """A Chinese personal name: a common surname and one or two given-name characters."""
    return st.builds(
        lambda surname, given: surname + given,
        st.sampled_from(_SURNAMES),
        st.text(_cjk, min_size=1, max_size=2),
    )


#: Real county-level administrative division codes (GB/T 2260).
_REGIONS = ("110105", "310104", "440106", "410105", "510104", "330106", "420106", "610113")
# Divisions that existed for every birth year drawn (stdnum checks the birth place).
_ID_REGIONS = ("110101", "110105", "310101", "310104")
_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the USCC alphabet (no I, O, S, V, Z)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_check_digit(body: str) -> str:
    """The GB 11714 check character of an 8-character organization code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def org_codes() -> st.SearchStrategy[str]:
    """A 9-character organization code (组织机构代码) with a valid check character."""
    body = st.text(st.sampled_from(_ORG_ALPHABET), min_size=8, max_size=8)
    return body.map(lambda b: b + _org_check_digit(b))


def credit_codes() -> st.SearchStrategy[str]:
    """An 18-character 统一社会信用代码 (GB 32100) with valid check characters."""

    def build(kind: str, region: str, org: str) -> str:
        first17 = kind + region + org
        return first17 + uscc.calc_check_digit(first17)

    kinds = st.sampled_from(("91", "92", "93", "11", "12", "13", "51", "52", "53"))
    return st.builds(build, kinds, st.sampled_from(_REGIONS), org_codes())


def id_numbers() -> st.SearchStrategy[str]:
    """An 18-digit resident ID number (居民身份证号码) with a valid check digit."""

    def build(region: str, birth: dt.date, sequence: int) -> str:
        first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
        return first17 + ric.calc_check_digit(first17 + "0")  # it skips the last character

    births = st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31))
    return st.builds(build, st.sampled_from(_ID_REGIONS), births, st.integers(0, 999))


def dates(long_term: bool = False) -> st.SearchStrategy[dt.date]:
    """Dates from 2000 to 2030; with ``long_term``, sometimes :data:`~sgs.records.LONG_TERM`."""
    plain = st.dates(FIRST_DATE, LAST_DATE)
    return st.one_of(plain, st.just(LONG_TERM)) if long_term else plain


def amounts(max_places: int = 6) -> st.SearchStrategy[Decimal]:
    """Amounts in 万元: not negative, at most ``max_places`` decimal places."""
    return st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.integers(0, 10**10),
        st.integers(0, max_places),
    )


def enumeration_values(spec: RecordSpec, code: str) -> st.SearchStrategy[Any]:
    """The typed values of field ``code``'s code list, as a reader produces them.

    Multi-valued fields (处罚类别) give tuples of one to three distinct values.
    """
    field = spec[code]
    parse = codecs_for(spec)[code].parse
    if not field.multiple:
        return st.sampled_from([parse(v)[0] for v in field.allowed_values])
    typed = {v: parse(v)[0][0] for v in field.allowed_values}
    return st.lists(st.sampled_from(field.allowed_values), min_size=1, max_size=3, unique=True).map(
        lambda values: tuple(typed[v] for v in values)
    )


_LONG_TERM_FIELDS = frozenset({"valid_to", "penalty_valid_until"})


def field_values(spec: RecordSpec, field: FieldSpec) -> st.SearchStrategy[Any]:
    """Typed, non-empty values of one field of ``spec``."""
    if field.type is FieldType.DATE:
        return dates(long_term=field.name in _LONG_TERM_FIELDS)
    if field.type is FieldType.DECIMAL:
        return amounts(field.decimals if field.decimals is not None else 6)
    if field.enumeration is not None:
        return enumeration_values(spec, field.code)
    if field.name.endswith("credit_code"):
        return credit_codes()
    if field.name.endswith("id_number"):
        return id_numbers()
    if field.name == "party_org_code":
        return org_codes()
    if field.name == "legal_rep":
        return person_names()
    return texts(min(field.max_length or 40, 40))


def _spec(kind: Kind | str, standard: Standard | str | None) -> RecordSpec:
    return get_standard(standard).spec(kind)


@st.composite
def records(draw: st.DrawFn, kind: Kind | str, standard: Standard | str | None = None) -> Record:
    """Any record of ``kind``: mandatory fields filled, each other field filled or empty."""
    spec = _spec(kind, standard)
    values: dict[str, Any] = {}
    for field in spec.fields:
        strategy = field_values(spec, field)
        if field.requirement is not Requirement.MANDATORY:
            strategy = st.none() | strategy
        values[field.name] = draw(strategy)
    if values.get("penalty_types") is None:
        values.pop("penalty_types", None)
    return RECORD_CLASSES[spec.kind](**values)


_PARTY_CODES = (
    "party_credit_code",
    "party_business_reg_no",
    "party_org_code",
    "party_tax_reg_no",
    "party_institution_cert_no",
    "party_social_org_reg_no",
    "legal_rep",
    "legal_rep_id_type",
    "legal_rep_id_number",
)


def _realistic_party(draw: st.DrawFn, spec: RecordSpec, values: dict[str, Any]) -> None:
    if values["party_category"] == SubjectCategory.NATURAL_PERSON:
        values["party_name"] = draw(person_names())
        for name in _PARTY_CODES:
            values[name] = None
        values["party_id_type"] = codecs_for(spec)[spec.by_name("party_id_type").code].parse(
            "身份证"
        )[0]
        values["party_id_number"] = draw(id_numbers())
        return
    values["party_id_type"] = values["party_id_number"] = None
    values["party_credit_code"] = draw(credit_codes())
    values["legal_rep"] = draw(person_names())
    if values["legal_rep_id_type"] is None:
        values["legal_rep_id_number"] = None
    elif values["legal_rep_id_number"] is None:
        values["legal_rep_id_number"] = draw(id_numbers())


def _after(draw: st.DrawFn, start: dt.date, low: int, high: int) -> dt.date:
    return start + dt.timedelta(days=draw(st.integers(low, high)))


@st.composite
def licenses(draw: st.DrawFn, standard: Standard | str | None = None) -> License:
    """A realistic 行政许可 record."""
    spec = _spec(Kind.LICENSE, standard)
    values = attrs_dict(draw(records(Kind.LICENSE, standard)))
    _realistic_party(draw, spec, values)
    decided = draw(st.dates(FIRST_DATE, dt.date(2025, 12, 31)))
    values["decision_date"] = decided
    values["valid_from"] = _after(draw, decided, 0, 30)
    long_term = draw(st.booleans())
    values["valid_to"] = LONG_TERM if long_term else _after(draw, values["valid_from"], 365, 1825)
    record = RECORD_CLASSES[spec.kind](**values)
    assert isinstance(record, License)
    return record


_CONFISCATION = frozenset(
    {
        PenaltyType.CONFISCATION_2018,
        PenaltyType.CONFISCATION_OF_ILLEGAL_GAINS,
        PenaltyType.CONFISCATION_OF_ILLEGAL_PROPERTY,
    }
)


@st.composite
def penalties(draw: st.DrawFn, standard: Standard | str | None = None) -> Penalty:
    """A realistic 行政处罚 record: amounts present exactly when the types call for them."""
    spec = _spec(Kind.PENALTY, standard)
    values = attrs_dict(draw(records(Kind.PENALTY, standard)))
    _realistic_party(draw, spec, values)
    types = set(values["penalty_types"])
    values["fine_amount"] = draw(amounts()) if PenaltyType.FINE in types else None
    values["confiscation_amount"] = draw(amounts()) if types & _CONFISCATION else None
    decided = draw(st.dates(FIRST_DATE, dt.date(2025, 12, 31)))
    values["decision_date"] = decided
    long_term = draw(st.booleans())
    values["penalty_valid_until"] = LONG_TERM if long_term else _after(draw, decided, 0, 1095)
    if values["publication_end_date"] is not None:
        values["publication_end_date"] = _after(draw, decided, 90, 1095)
    record = RECORD_CLASSES[spec.kind](**values)
    assert isinstance(record, Penalty)
    return record


def attrs_dict(record: Record) -> dict[str, Any]:
    """The record's attributes by name (shallow), for building changed copies."""
    return attrs.asdict(record, recurse=False)


#: Days a case may start on: years chinesecalendar has, far enough from its last one that
#: a long clock (and its pauses) stays inside the data.
case_days = st.dates(dt.date(2005, 1, 1), dt.date(2024, 12, 31))


@st.composite
def case_pauses(draw: st.DrawFn, start: dt.date) -> list[Pause]:
    """Up to three pauses (closed, at most 40 days long) around a case started on ``start``."""
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + dt.timedelta(days=draw(st.integers(-5, 40)))
        pauses.append(Pause(begin, begin + dt.timedelta(days=draw(st.integers(0, 40)))))
    return pauses
