"""完整率: the share of the data items a record must carry that it does carry.

完整率 = Σ filled required items / Σ items required, over records, where a record's required
items are the standard's mandatory fields and those conditional fields whose condition holds
for *that* record (标准 §2, §4):

``C1`` 统一社会信用代码, ``C4`` 法定代表人
    a 法人及非法人组织 or a 个体工商户;
``C2`` 工商注册号
    the credit code is the placeholder (17 zeros and X);
``C5`` 法定代表人证件号码
    the representative's ID type is given;
``C6`` 证件类型, 证件号码
    a 自然人;
``C7`` 罚款金额, ``C8`` 没收金额, ``C9`` 暂扣或吊销证照
    the 处罚类别 include 罚款, 没收, 暂扣 or 吊销.

Optional fields (选填, ``C3`` among them) are never required. A conditional field whose
condition this module does not know (a province's own) is not counted either way: the
rate never rests on a guess. The fields are read by their roles, whatever their codes.

>>> from sgs.standard import get_standard
>>> spec = get_standard("2021").penalty
>>> person = {"CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证", "CF_CFLB": "警告"}
>>> sorted(set(required_fields(spec, person)) - {f.code for f in spec if f.requirement == "mandatory"})
['CF_XDR_ZJHM', 'CF_XDR_ZJLX']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import attrs

from sgs.reports.metrics import Rate
from sgs.standard import Kind, RecordSpec, Requirement, Role, Standard
from sgs.standard.national import SUBJECT_CATEGORIES

__all__ = ["Completeness", "completeness", "required_fields"]

_ORGANISATION = ("法人及非法人组织", "个体工商户")
_PERSON = "自然人"


def _value(fields: Mapping[str, str], spec: RecordSpec, role: str) -> str:
    code = spec.code_of(role)
    return str(fields.get(code, "") or "").strip() if code is not None else ""


def _category(fields: Mapping[str, str], spec: RecordSpec) -> str | None:
    return SUBJECT_CATEGORIES.canonical(_value(fields, spec, Role.PARTY_CATEGORY))


def _types(*words: str) -> Callable[[Mapping[str, str], RecordSpec, Standard | None], bool]:
    return lambda f, s, _: any(w in _value(f, s, Role.PENALTY_TYPES) for w in words)


#: When each conditional rule of the standard makes its field required.
CONDITIONS: dict[str, Callable[[Mapping[str, str], RecordSpec, Standard | None], bool]] = {
    "C1": lambda f, s, _: _category(f, s) in _ORGANISATION,
    "C2": lambda f, s, std: (
        _value(f, s, Role.PARTY_USCC).upper()
        == (std.placeholder_credit_code if std is not None else "00000000000000000X")
    ),
    "C4": lambda f, s, _: _category(f, s) in _ORGANISATION,
    "C5": lambda f, s, _: bool(_value(f, s, Role.LEGAL_REP_ID_TYPE)),
    "C6": lambda f, s, _: _category(f, s) == _PERSON,
    "C7": _types("罚款"),
    "C8": _types("没收"),
    "C9": _types("暂扣", "吊销"),
}


def required_fields(
    spec: RecordSpec, fields: Mapping[str, str], standard: Standard | None = None
) -> list[str]:
    """The codes of the fields ``spec`` requires of the record ``fields`` (module docs)."""
    found = []
    for field in spec:
        if field.requirement == Requirement.MANDATORY:
            found.append(field.code)
        elif field.requirement == Requirement.CONDITIONAL:
            holds = CONDITIONS.get(field.condition or "")
            if holds is not None and holds(fields, spec, standard):
                found.append(field.code)
    return found


@attrs.frozen
class Completeness:
    """Filled and required items, added up over records; :attr:`rate` is 完整率."""

    filled: int = 0
    required: int = 0

    @property
    def rate(self) -> Rate:
        return Rate(self.filled, self.required)

    def __add__(self, other: Completeness) -> Completeness:
        return Completeness(self.filled + other.filled, self.required + other.required)


def completeness(
    records: Iterable[tuple[str, Mapping[str, str]]], standard: Standard
) -> Completeness:
    """The completeness of ``records``: (kind, fields) pairs, as received."""
    filled = required = 0
    for kind, fields in records:
        spec = standard.spec(Kind(kind))
        codes = required_fields(spec, fields, standard)
        required += len(codes)
        filled += sum(1 for c in codes if str(fields.get(c, "") or "").strip())
    return Completeness(filled, required)
