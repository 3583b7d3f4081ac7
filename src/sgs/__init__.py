"""sgs — 双公示 (publication of administrative licensing and penalty decisions).

The data standard as data (:mod:`sgs.standard`), typed records
(:mod:`sgs.records`), streaming readers and writers (:mod:`sgs.io`), and
validation with reports and rejection receipts (:func:`validate`,
:mod:`sgs.validation`).
"""

from importlib import metadata as _metadata

from sgs.errors import InputError, SgsError, UnknownKindError, UnknownVersionError
from sgs.io import Position, Reader, Row, read, read_all
from sgs.plugins import hookimpl
from sgs.plugins.registries import Validator, validate
from sgs.records import (
    LONG_TERM,
    KeyStyle,
    License,
    Penalty,
    PenaltyType,
    SubjectCategory,
    from_mapping,
    to_mapping,
)
from sgs.standard import Kind, Standard, get_standard
from sgs.validation import Issue, Report, Rule, Severity

try:
    __version__ = _metadata.version("shuanggongshi")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "LONG_TERM",
    "InputError",
    "Issue",
    "KeyStyle",
    "Kind",
    "License",
    "Penalty",
    "PenaltyType",
    "Position",
    "Reader",
    "Report",
    "Row",
    "Rule",
    "Severity",
    "SgsError",
    "Standard",
    "SubjectCategory",
    "UnknownKindError",
    "UnknownVersionError",
    "Validator",
    "__version__",
    "from_mapping",
    "get_standard",
    "hookimpl",
    "read",
    "read_all",
    "to_mapping",
    "validate",
]
