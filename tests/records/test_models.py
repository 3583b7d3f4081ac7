"""Tests of the record classes and the cattrs converters in three key styles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from sgs.records import (
    LONG_TERM,
    IdType,
    KeyStyle,
    License,
    LicenseCategory,
    LicenseStatus,
    Penalty,
    PenaltyType,
    RecordValueError,
    SubjectCategory,
    from_mapping,
    record_from_texts,
    to_mapping,
)
from sgs.standard import get_standard

PENALTY = Penalty(
    party_name="示例餐饮管理有限公司",
    party_category=SubjectCategory.ORGANIZATION,
    party_credit_code="91410100MA3X5AB156",
    legal_rep="张某某",
    document_number="示市监罚〔2026〕101号",
    violation_type="违反《食品安全法》",
    violation_facts="经营超过保质期的食品",
    legal_basis="《食品安全法》第一百二十四条",
    penalty_types=(PenaltyType.FINE, PenaltyType.CONFISCATION_OF_ILLEGAL_GAINS),
    penalty_content="罚款5000元",
    fine_amount=Decimal("0.500000"),
    confiscation_amount=Decimal("0.03"),
    decision_date=dt.date(2026, 11, 2),
    penalty_valid_until=LONG_TERM,
    authority="示例市市场监督管理局",
    authority_credit_code="11410100MB00000005",
    data_source="示例市市场监督管理局",
    data_source_credit_code="11410100MB00000005",
)

LICENSE = License(
    party_name="王某某",
    party_category=SubjectCategory.NATURAL_PERSON,
    party_id_type=IdType.ID_CARD,
    party_id_number="410105198503121235",
    document_name="食品经营许可决定书",
    document_number="示市监许〔2026〕2001号",
    license_category=LicenseCategory.ORDINARY,
    license_content="准予食品经营许可",
    decision_date=dt.date(2026, 11, 3),
    valid_from=dt.date(2026, 11, 3),
    valid_to=dt.date(2031, 11, 2),
    authority="示例市市场监督管理局",
    authority_credit_code="11410100MB00000005",
    status=LicenseStatus.VALID,
    data_source="示例市市场监督管理局",
    data_source_credit_code="11410100MB00000005",
)


def test_record_attributes_match_the_standard() -> None:
    """Each record class has exactly the fields of its spec, by attribute name."""
    std = get_standard()
    for cls, spec in ((License, std.license), (Penalty, std.penalty)):
        names = [a.name for a in attrs.fields(cls)]
        assert sorted(names) == sorted(spec.names)


def test_records_are_frozen() -> None:
    """Records cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        PENALTY.party_name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("style", list(KeyStyle))
@pytest.mark.parametrize("record", [PENALTY, LICENSE])
def test_round_trip(style: KeyStyle, record: License | Penalty) -> None:
    """record → mapping → record is exact in each key style."""
    mapping = to_mapping(record, keys=style)
    back = from_mapping(mapping, record.kind, keys=style)
    assert back == record
    assert back.decision_date == record.decision_date
    assert type(back.decision_date) is type(record.decision_date)


def test_key_styles() -> None:
    """Keys are codes, Chinese labels, or attribute names."""
    assert to_mapping(PENALTY, keys="code")["CF_XDR_MC"] == "示例餐饮管理有限公司"
    assert to_mapping(PENALTY, keys="label")["行政相对人名称"] == "示例餐饮管理有限公司"
    assert to_mapping(PENALTY, keys="attr")["party_name"] == "示例餐饮管理有限公司"


def test_mapping_values_are_text() -> None:
    """Dates are ISO text, amounts keep their digits, several types join with ';'."""
    m = to_mapping(PENALTY)
    assert m["CF_JDRQ"] == "2026-11-02"
    assert m["CF_YXQ"] == "2099-12-31"
    assert m["CF_NR_FK"] == "0.500000"
    assert m["CF_CFLB"] == "罚款;没收违法所得"
    assert "CF_GSJZQ" not in m


def test_long_term_survives_round_trip() -> None:
    """2099-12-31 comes back as LONG_TERM, still distinguishable."""
    back = from_mapping(to_mapping(PENALTY), "penalty")
    assert isinstance(back, Penalty)
    assert back.penalty_valid_until is LONG_TERM


def test_typed_input_is_accepted() -> None:
    """from_mapping accepts already typed values and numbers."""
    rec = from_mapping(
        {"CF_JDRQ": dt.datetime(2019, 10, 10, 8), "CF_NR_FK": 0.2, "CF_CFLB": ["罚款", "警告"]},
        "penalty",
    )
    assert isinstance(rec, Penalty)
    assert rec.decision_date == dt.date(2019, 10, 10)
    assert rec.fine_amount == Decimal("0.2")
    assert rec.penalty_types == (PenaltyType.FINE, PenaltyType.WARNING)


def test_bad_date_names_the_field() -> None:
    """A value that cannot be a date raises RecordValueError naming the field code."""
    with pytest.raises(RecordValueError, match="CF_JDRQ"):
        from_mapping({"CF_JDRQ": "not a date"}, "penalty")


def test_aliases_become_canonical_members() -> None:
    """Accepted aliases map to the canonical enumeration member."""
    rec, problems = record_from_texts(
        get_standard().license, {"XK_ZT": "有效", "XK_XDR_LB": "法人及其他组织"}
    )
    assert problems == ()
    assert isinstance(rec, License)
    assert rec.status is LicenseStatus.VALID
    assert rec.party_category is SubjectCategory.ORGANIZATION


def test_2021_accepts_2018_penalty_strings() -> None:
    """Under 2021 the 2018 compound strings are accepted and kept as written."""
    text = "没收违法所得、没收非法财物;暂扣或者吊销许可证、暂扣或者吊销执照"
    rec, problems = record_from_texts(get_standard("2021").penalty, {"CF_CFLB": text})
    assert problems == ()
    assert isinstance(rec, Penalty)
    assert rec.penalty_types == (
        PenaltyType.CONFISCATION_2018,
        PenaltyType.SUSPENSION_OR_REVOCATION_2018,
    )


def test_2018_rejects_2021_only_types() -> None:
    """Under 2018, a 2021-only type is a value problem that keeps the raw text."""
    rec, problems = record_from_texts(get_standard("2018").penalty, {"CF_CFLB": "罚款、通报批评"})
    assert isinstance(rec, Penalty)
    assert rec.penalty_types == (PenaltyType.FINE, "通报批评")
    assert len(problems) == 1
    assert problems[0].parts == ("通报批评",)
    assert problems[0].text == "罚款、通报批评"


def test_unknown_category_kept_as_text() -> None:
    """An unknown enumeration value is kept verbatim and reported."""
    rec, problems = record_from_texts(get_standard().penalty, {"CF_XDR_LB": "企业"})
    assert isinstance(rec, Penalty)
    assert rec.party_category == "企业"
    assert [p.code for p in problems] == ["CF_XDR_LB"]


def test_specified_other_is_accepted_and_kept() -> None:
    """其他 with its specification is accepted, kept as written, and not split at its comma."""
    rec, problems = record_from_texts(
        get_standard().penalty, {"CF_CFLB": "罚款；其他（责令改正，限期整改）"}
    )
    assert problems == ()
    assert isinstance(rec, Penalty)
    assert rec.penalty_types == (PenaltyType.FINE, "其他（责令改正，限期整改）")
    lic, problems = record_from_texts(get_standard().license, {"XK_XKLB": "其他-临时占道"})
    assert problems == ()
    assert isinstance(lic, License)
    assert lic.license_category == "其他-临时占道"
