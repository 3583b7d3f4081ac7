"""The record classes: one frozen attrs class per kind of 双公示 decision.

Attribute names explain themselves in English; the mapping to the
standard's codes and labels lives in :mod:`sgs.standard` (``FieldSpec.name``).
Every attribute is optional so that a record can be built from incomplete
input; completeness is the validator's job.

Values are typed: dates are :class:`datetime.date` (2099-12-31 is
:data:`~sgs.records.values.LONG_TERM`), amounts in 万元 are
:class:`decimal.Decimal`, code lists are the enumerations below. A value
that is accepted by a local extension of the standard but is not a member
of the national enumeration stays a plain ``str``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import ClassVar

import attrs

from sgs.standard import Kind

__all__ = [
    "IdType",
    "License",
    "LicenseCategory",
    "LicenseStatus",
    "Penalty",
    "PenaltyType",
    "Record",
    "SubjectCategory",
]


class SubjectCategory(enum.StrEnum):
    """行政相对人类别."""

    ORGANIZATION = "法人及非法人组织"
    NATURAL_PERSON = "自然人"
    INDIVIDUAL_BUSINESS = "个体工商户"


class IdType(enum.StrEnum):
    """证件类型."""

    ID_CARD = "身份证"
    PASSPORT = "护照号"
    HK_MACAO_PASS = "港澳居民来往内地通行证"
    TAIWAN_PASS = "台湾居民来往大陆通行证"
    FOREIGNER_PERMANENT_RESIDENCE = "外国人永久居留身份证"


class LicenseCategory(enum.StrEnum):
    """许可类别."""

    ORDINARY = "普通"
    FRANCHISE = "特许"
    ACCREDITATION = "认可"
    APPROVAL = "核准"
    REGISTRATION = "登记"
    OTHER = "其他"


class LicenseStatus(enum.StrEnum):
    """当前状态 of a license: ``1`` 有效, ``2`` 无效."""

    VALID = "1"
    INVALID = "2"


class PenaltyType(enum.StrEnum):
    """处罚类别: the 2018 list and the 2021 list (《行政处罚法》第九条)."""

    WARNING = "警告"
    CIRCULATED_CRITICISM = "通报批评"
    FINE = "罚款"
    CONFISCATION_OF_ILLEGAL_GAINS = "没收违法所得"
    CONFISCATION_OF_ILLEGAL_PROPERTY = "没收非法财物"
    CONFISCATION_2018 = "没收违法所得、没收非法财物"
    SUSPENSION_OF_PERMIT = "暂扣许可证件"
    LOWERING_OF_QUALIFICATION = "降低资质等级"
    REVOCATION_OF_PERMIT = "吊销许可证件"
    SUSPENSION_OR_REVOCATION_2018 = "暂扣或者吊销许可证、暂扣或者吊销执照"
    RESTRICTION_OF_BUSINESS = "限制开展生产经营活动"
    ORDER_TO_SUSPEND_BUSINESS = "责令停产停业"
    ORDER_TO_CLOSE = "责令关闭"
    RESTRICTION_OF_EMPLOYMENT = "限制从业"
    ADMINISTRATIVE_DETENTION = "行政拘留"
    OTHER = "其他"


def _types_tuple(values: Iterable[PenaltyType | str]) -> tuple[PenaltyType | str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class _Party:
    """Fields #1–13, common to both kinds."""

    party_name: str | None = None
    party_category: SubjectCategory | str | None = None
    party_credit_code: str | None = None
    party_business_reg_no: str | None = None
    party_org_code: str | None = None
    party_tax_reg_no: str | None = None
    party_institution_cert_no: str | None = None
    party_social_org_reg_no: str | None = None
    legal_rep: str | None = None
    legal_rep_id_type: IdType | str | None = None
    legal_rep_id_number: str | None = None
    party_id_type: IdType | str | None = None
    party_id_number: str | None = None


@attrs.frozen(kw_only=True)
class License(_Party):
    """A 行政许可 (administrative licensing) decision, 2018 standard (``XK_*``).

    >>> License(party_name="示例公司", decision_date=dt.date(2019, 9, 1)).decision_date
    datetime.date(2019, 9, 1)
    """

    kind: ClassVar[Kind] = Kind.LICENSE

    document_name: str | None = None
    document_number: str | None = None
    license_category: LicenseCategory | str | None = None
    certificate_name: str | None = None
    license_number: str | None = None
    license_content: str | None = None
    decision_date: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    authority: str | None = None
    authority_credit_code: str | None = None
    status: LicenseStatus | str | None = None
    data_source: str | None = None
    data_source_credit_code: str | None = None
    remarks: str | None = None


@attrs.frozen(kw_only=True)
class Penalty(_Party):
    """A 行政处罚 (administrative penalty) decision, 2018 standard (``CF_*``).

    ``penalty_types`` holds every 处罚类别 of the decision, in input order.

    >>> Penalty(penalty_types=(PenaltyType.FINE,), fine_amount=Decimal("0.2")).fine_amount
    Decimal('0.2')
    """

    kind: ClassVar[Kind] = Kind.PENALTY

    document_number: str | None = None
    violation_type: str | None = None
    violation_facts: str | None = None
    legal_basis: str | None = None
    penalty_types: tuple[PenaltyType | str, ...] = attrs.field(default=(), converter=_types_tuple)
    penalty_content: str | None = None
    fine_amount: Decimal | None = None
    confiscation_amount: Decimal | None = None
    suspended_or_revoked_license: str | None = None
    decision_date: dt.date | None = None
    penalty_valid_until: dt.date | None = None
    publication_end_date: dt.date | None = None
    authority: str | None = None
    authority_credit_code: str | None = None
    data_source: str | None = None
    data_source_credit_code: str | None = None
    remarks: str | None = None


Record = License | Penalty

RECORD_CLASSES: dict[Kind, type[License] | type[Penalty]] = {
    Kind.LICENSE: License,
    Kind.PENALTY: Penalty,
}
