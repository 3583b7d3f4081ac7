"""The baseline for ``validate_speed.py``: 行政处罚 validation as a user would write it in pydantic.

This is the script someone would write without sgs: one ``pydantic.BaseModel``
for the 2018 penalty record, keyed by field code, with the standard's rules
as field and model validators, applied to every ``csv.DictReader`` row with
``model_validate`` (empty cells as ``None``), catching ``ValidationError``
per row. Lengths and code lists come from the sgs standard so that both
sides check the same limits; the check-digit algorithms are written out here.

Rules: mandatory fields present, maximum lengths, 行政相对人类别 / 证件类型 /
处罚类别 code lists (处罚类别 split on ``; ； , ， 、``, 2018 and 2021 values),
dates in the five forms sgs reads (``2025/03/07``, ``2025-03-07``, ``2025.3.7``,
``20250307``, ``2025年3月7日``), amounts ≥ 0 with at most 6 decimals,
统一社会信用代码 (GB 32100) of the subject, the authority and the data source
(``00000000000000000X`` allowed for a 个体工商户), 身份证 numbers (GB 11643),
the subject-category matrix, 罚款 needs an amount > 0, no decision date in the
future, and no repeated (处罚机关代码, 决定书文号).

    .venv/bin/python benchmarks/pydantic_baseline.py FILE.csv
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import Counter
from decimal import Decimal
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from sgs.standard import get_standard

__all__ = ["PenaltyRecord", "ValidationResult", "validate_file"]

_SPEC = get_standard("2018").penalty
_SPEC_2021 = get_standard("2021").penalty


def _max(code: str) -> int | None:
    return _SPEC[code].max_length


def _accepted(code: str) -> dict[str, str]:
    """Every accepted spelling of a code-list field, mapped to its canonical value."""
    mapping: dict[str, str] = {}
    for spec in (_SPEC, _SPEC_2021):
        enumeration = spec[code].enumeration
        assert enumeration is not None, code
        mapping.update({value: value for value in enumeration.values})
        mapping.update(enumeration.aliases)
    return mapping


SUBJECT_CATEGORIES = _accepted("CF_XDR_LB")
ID_TYPES = _accepted("CF_XDR_ZJLX")
PENALTY_TYPES = _accepted("CF_CFLB")

LEGAL_PERSON = "法人及非法人组织"
SOLE_TRADER = "个体工商户"
NATURAL_PERSON = "自然人"
ID_CARD = "身份证"
FINE = "罚款"
OTHER = "其他"
PLACEHOLDER = get_standard("2018").placeholder_credit_code
TODAY = dt.date.today()

_SEPARATORS = re.compile(r"[;；,，、]")
#: The five date forms of real exports: 2025/03/07, 2025-03-07, 2025.3.7, 2025年3月7日, 20250307.
_DATE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))")

# ---------------------------------------------------------------- check digits

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(_USCC_CHARS)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"


def uscc_is_valid(code: str) -> bool:
    """GB 32100-2015: 18 characters from the 31-character set, the last a mod-31 check.

    >>> uscc_is_valid("91350100M000100Y43"), uscc_is_valid("91350100M000100Y44")
    (True, False)
    """
    if len(code) != 18:
        return False
    try:
        total = sum(_USCC_VALUES[c] * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
        check = _USCC_VALUES[code[17]]
    except KeyError:
        return False
    return check == -total % 31


def id_number_is_valid(number: str) -> bool:
    """GB 11643-1999 (18 characters, mod-11 check); a legacy 15-digit number is accepted.

    >>> id_number_is_valid("11010519491231002X"), id_number_is_valid("110105194912310021")
    (True, False)
    """
    if len(number) == 15:
        return number.isdigit()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == number[17].upper()


def split_penalty_types(text: str) -> list[str]:
    return [part for part in (p.strip() for p in _SEPARATORS.split(text)) if part]


def parse_date(text: str) -> dt.date | str:
    """A date in one of the five forms; the text itself (for pydantic to refuse) otherwise.

    >>> parse_date("2025/03/07"), parse_date("2025年3月7日"), parse_date("20250307")
    (datetime.date(2025, 3, 7), datetime.date(2025, 3, 7), datetime.date(2025, 3, 7))
    >>> parse_date("2026/02/30")
    '2026/02/30'
    """
    m = _DATE.fullmatch(text.strip())
    if m is None:
        return text
    year, month, day, month2, day2 = m.groups()
    try:
        return dt.date(int(year), int(month or month2), int(day or day2))
    except ValueError:
        return text


# ---------------------------------------------------------------- the model


class PenaltyRecord(BaseModel):
    """One 行政处罚 record (2018 field codes); ``None`` is an empty cell."""

    model_config = ConfigDict(extra="ignore")

    CF_XDR_MC: str = Field(min_length=1, max_length=_max("CF_XDR_MC"))
    CF_XDR_LB: str = Field(max_length=_max("CF_XDR_LB"))
    CF_XDR_SHXYM: str | None = Field(default=None, max_length=_max("CF_XDR_SHXYM"))
    CF_XDR_GSZC: str | None = Field(default=None, max_length=_max("CF_XDR_GSZC"))
    CF_XDR_ZZJG: str | None = Field(default=None, max_length=_max("CF_XDR_ZZJG"))
    CF_XDR_SWDJ: str | None = Field(default=None, max_length=_max("CF_XDR_SWDJ"))
    CF_XDR_SYDW: str | None = Field(default=None, max_length=_max("CF_XDR_SYDW"))
    CF_XDR_SHZZ: str | None = Field(default=None, max_length=_max("CF_XDR_SHZZ"))
    CF_FRDB: str | None = Field(default=None, max_length=_max("CF_FRDB"))
    CF_FR_ZJLX: str | None = Field(default=None, max_length=_max("CF_FR_ZJLX"))
    CF_FR_ZJHM: str | None = Field(default=None, max_length=_max("CF_FR_ZJHM"))
    CF_XDR_ZJLX: str | None = Field(default=None, max_length=_max("CF_XDR_ZJLX"))
    CF_XDR_ZJHM: str | None = Field(default=None, max_length=_max("CF_XDR_ZJHM"))
    CF_WSH: str = Field(max_length=_max("CF_WSH"))
    CF_WFXW: str = Field(max_length=_max("CF_WFXW"))
    CF_SY: str = Field(max_length=_max("CF_SY"))
    CF_YJ: str = Field(max_length=_max("CF_YJ"))
    CF_CFLB: str = Field(max_length=_max("CF_CFLB"))
    CF_NR: str = Field(max_length=_max("CF_NR"))
    CF_NR_FK: Decimal | None = Field(default=None, ge=0, decimal_places=6)
    CF_NR_WFFF: Decimal | None = Field(default=None, ge=0, decimal_places=6)
    CF_NR_ZKDX: str | None = Field(default=None, max_length=_max("CF_NR_ZKDX"))
    CF_JDRQ: dt.date
    CF_YXQ: dt.date
    CF_GSJZQ: dt.date | None = None
    CF_CFJG: str = Field(max_length=_max("CF_CFJG"))
    CF_CFJGDM: str = Field(max_length=_max("CF_CFJGDM"))
    CF_SJLY: str = Field(max_length=_max("CF_SJLY"))
    CF_SJLYDM: str = Field(max_length=_max("CF_SJLYDM"))
    BZ: str | None = Field(default=None, max_length=_max("BZ"))

    @field_validator("CF_JDRQ", "CF_YXQ", "CF_GSJZQ", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        # Exports write the five forms; pydantic parses the ISO form only.
        return parse_date(value) if isinstance(value, str) else value

    @field_validator("CF_XDR_LB")
    @classmethod
    def _subject_category(cls, value: str) -> str:
        try:
            return SUBJECT_CATEGORIES[value]
        except KeyError:
            raise ValueError(f"unknown 行政相对人类别 {value!r}") from None

    @field_validator("CF_XDR_ZJLX", "CF_FR_ZJLX")
    @classmethod
    def _id_type(cls, value: str | None) -> str | None:
        if value is None or value.startswith(OTHER):
            return value
        try:
            return ID_TYPES[value]
        except KeyError:
            raise ValueError(f"unknown 证件类型 {value!r}") from None

    @field_validator("CF_CFLB")
    @classmethod
    def _penalty_types(cls, value: str) -> str:
        parts = split_penalty_types(value)
        if not parts:
            raise ValueError("处罚类别 is empty")
        unknown = [p for p in parts if p not in PENALTY_TYPES and not p.startswith(OTHER)]
        if unknown:
            raise ValueError(f"unknown 处罚类别 {'、'.join(unknown)}")
        return value

    @field_validator("CF_XDR_SHXYM")
    @classmethod
    def _subject_credit_code(cls, value: str | None) -> str | None:
        if value is None or value == PLACEHOLDER or uscc_is_valid(value):
            return value
        raise ValueError(f"invalid 统一社会信用代码 {value!r}")

    @field_validator("CF_CFJGDM", "CF_SJLYDM")
    @classmethod
    def _authority_credit_code(cls, value: str) -> str:
        if uscc_is_valid(value):
            return value
        raise ValueError(f"invalid 统一社会信用代码 {value!r}")

    @model_validator(mode="after")
    def _record_rules(self, info: ValidationInfo) -> Self:
        problems: list[str] = []
        category = self.CF_XDR_LB
        if category == NATURAL_PERSON:
            if not self.CF_XDR_ZJLX:
                problems.append("自然人 needs 证件类型")
            if not self.CF_XDR_ZJHM:
                problems.append("自然人 needs 证件号码")
        else:
            if not self.CF_XDR_SHXYM:
                problems.append(f"{category} needs 统一社会信用代码")
            elif self.CF_XDR_SHXYM == PLACEHOLDER:
                if category != SOLE_TRADER:
                    problems.append("only a 个体工商户 may use the placeholder credit code")
                elif not self.CF_XDR_GSZC:
                    problems.append("placeholder credit code needs 工商注册号")
            if not self.CF_FRDB:
                problems.append(f"{category} needs 法定代表人")
        if (
            self.CF_XDR_ZJLX == ID_CARD
            and self.CF_XDR_ZJHM
            and not id_number_is_valid(self.CF_XDR_ZJHM)
        ):
            problems.append(f"invalid 身份证号码 {self.CF_XDR_ZJHM!r}")
        if (
            self.CF_FR_ZJLX == ID_CARD
            and self.CF_FR_ZJHM
            and not id_number_is_valid(self.CF_FR_ZJHM)
        ):
            problems.append(f"invalid 法定代表人身份证号码 {self.CF_FR_ZJHM!r}")
        if FINE in split_penalty_types(self.CF_CFLB) and not self.CF_NR_FK:
            problems.append("罚款 needs 罚款金额 > 0")
        if self.CF_JDRQ > TODAY:
            problems.append(f"处罚决定日期 {self.CF_JDRQ} is in the future")
        if info.context is not None:
            seen: dict[tuple[str, str], int] = info.context["seen"]
            key = (self.CF_CFJGDM, self.CF_WSH)
            first = seen.setdefault(key, info.context["line"])
            if first != info.context["line"]:
                problems.append(f"决定书文号 {self.CF_WSH!r} repeats line {first}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


# ---------------------------------------------------------------- the loop


class ValidationResult:
    """Rows read, the invalid rows with their errors, and error counts by field."""

    def __init__(self) -> None:
        self.total = 0
        self.errors: list[tuple[int, list[ErrorDetails]]] = []
        self.by_field: Counter[str] = Counter()

    @property
    def invalid(self) -> int:
        return len(self.errors)


def validate_file(path: str, encoding: str = "utf-8-sig") -> ValidationResult:
    """Validate every row of a CSV whose header holds the field codes."""
    result = ValidationResult()
    context: dict[str, Any] = {"seen": {}, "line": 1}
    with open(path, encoding=encoding, newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            context["line"] = line
            data = {key: value or None for key, value in row.items()}
            try:
                PenaltyRecord.model_validate(data, context=context)
            except ValidationError as exc:
                details = exc.errors(include_url=False)
                result.errors.append((line, details))
                result.by_field.update(str(d["loc"][0]) if d["loc"] else "record" for d in details)
            result.total += 1
    return result


if __name__ == "__main__":
    outcome = validate_file(sys.argv[1])
    print(f"{outcome.total:,} rows, {outcome.invalid:,} invalid")
    for line, details in outcome.errors[:20]:
        print(line, "; ".join(f"{d['loc']}: {d['msg']}" for d in details))
