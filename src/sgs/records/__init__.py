"""Record classes for 行政许可 and 行政处罚 decisions, and their converters."""

from sgs.records.build import ValueProblem, record_from_texts
from sgs.records.convert import KeyStyle, RecordValueError, from_mapping, make_converter, to_mapping
from sgs.records.models import (
    IdType,
    License,
    LicenseCategory,
    LicenseStatus,
    Penalty,
    PenaltyType,
    Record,
    SubjectCategory,
)
from sgs.records.values import LONG_TERM, LongTerm, is_long_term, parse_date, parse_decimal

__all__ = [
    "LONG_TERM",
    "IdType",
    "KeyStyle",
    "License",
    "LicenseCategory",
    "LicenseStatus",
    "LongTerm",
    "Penalty",
    "PenaltyType",
    "Record",
    "RecordValueError",
    "SubjectCategory",
    "ValueProblem",
    "from_mapping",
    "is_long_term",
    "make_converter",
    "parse_date",
    "parse_decimal",
    "record_from_texts",
    "to_mapping",
]
