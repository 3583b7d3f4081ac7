"""sgs — 双公示 (publication of administrative licensing and penalty decisions).

The data standard as data (:mod:`sgs.standard`), typed records
(:mod:`sgs.records`) and streaming readers and writers (:mod:`sgs.io`).
"""

from importlib.metadata import PackageNotFoundError, version

from sgs.errors import InputError, SgsError, UnknownKindError, UnknownVersionError
from sgs.io import Position, Reader, Row, read
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

try:
    __version__ = version("sgs")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "LONG_TERM",
    "InputError",
    "KeyStyle",
    "Kind",
    "License",
    "Penalty",
    "PenaltyType",
    "Position",
    "Reader",
    "Row",
    "SgsError",
    "Standard",
    "SubjectCategory",
    "UnknownKindError",
    "UnknownVersionError",
    "__version__",
    "from_mapping",
    "get_standard",
    "read",
    "to_mapping",
]
