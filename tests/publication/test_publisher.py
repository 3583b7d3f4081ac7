"""The public view of the synthetic set, field by field, with each record's last day."""

from __future__ import annotations

import datetime as dt

import pytest

from sgs.errors import SgsError
from sgs.publication import Finding, Policy, PublicView, Publisher, Sector, Withheld

from .synthetic import (
    FOOD_USCC,
    LI_SI_ID,
    LOGISTICS_USCC,
    MARKET_AUTHORITY,
    OUYANG_ID,
    PHONE,
    SHOP_USCC,
    SIMA_ID,
    SUN_QI_ID,
    THIRD_PARTY_ID,
    WANG_WU_ID,
    ZHANG_SAN_ID,
    ZHOU_BA_ID,
    license_of_organisation,
    license_of_person,
    organisation,
    person,
    shop,
)

JUNE_2026 = dt.date(2026, 6, 1)


def public(kind: str, fields: dict[str, str], on: dt.date = JUNE_2026, **kw: object) -> PublicView:
    found = Publisher(**kw).view(kind, fields, key="k", on=on)  # type: ignore[arg-type]
    assert isinstance(found, PublicView), found
    return found


def withheld(kind: str, fields: dict[str, str], on: dt.date = JUNE_2026, **kw: object) -> Withheld:
    found = Publisher(**kw).view(kind, fields, key="k", on=on)  # type: ignore[arg-type]
    assert isinstance(found, Withheld), found
    return found


def rules(findings: tuple[Finding, ...] | list[Finding], action: str | None = None) -> list[str]:
    return [f.rule for f in findings if action is None or f.action == action]


# -- organisations ------------------------------------------------------------------------------


def test_an_organisation_is_shown_in_full_but_the_legal_representatives_id_number() -> None:
    record = organisation()
    view = public("penalty", record)
    expected = dict(record)
    del expected["CF_FR_ZJHM"]
    assert dict(view.fields) == expected  # every other field exactly as stored
    assert view.fields["CF_XDR_SHXYM"] == FOOD_USCC
    assert view.fields["CF_FRDB"] == "王五"
    assert view.fields["CF_FR_ZJLX"] == "身份证"
    # 罚款 12 万元 >= 10 万元: 一般; 36号令: decision date + 1 year
    assert view.published_until == dt.date(2027, 5, 10)
    assert view.scope == "公示"
    assert view.review is False
    assert rules(view.findings) == [
        "public",
        "class-general",
        "period-regime",
        "legal-rep-id-dropped",
    ]
    dropped = view.findings[-1]
    assert (dropped.field, dropped.action) == ("CF_FR_ZJHM", "drop")
    assert WANG_WU_ID not in dropped.message


def test_storage_is_never_masked() -> None:
    record = organisation()
    before = dict(record)
    public("penalty", record)
    assert record == before


@pytest.mark.parametrize(
    ("types", "fine", "decided", "until", "rule"),
    [
        # 36号令 (from 2026-04-01): 一般 3 months..1 year, 严重 1..3 years
        ("罚款", "10", "2026-05-10", dt.date(2027, 5, 10), "class-general"),  # = 较大数额
        ("罚款", "99.99", "2026-05-10", dt.date(2027, 5, 10), "class-general"),
        ("罚款", "100", "2026-05-10", dt.date(2029, 5, 10), "class-serious"),  # = 巨额
        ("罚款", "150", "2026-04-20", dt.date(2029, 4, 20), "class-serious"),
        ("没收违法所得", "", "2026-05-20", dt.date(2027, 5, 20), "class-general"),
        ("没收非法财物", "", "2026-05-20", dt.date(2027, 5, 20), "class-general"),
        ("暂扣许可证件", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("降低资质等级", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("吊销许可证件", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("限制开展生产经营活动", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("责令停产停业", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("责令关闭", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("限制从业", "", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("其他", "", "2026-05-20", dt.date(2027, 5, 20), "class-general"),
        # several types: the longest period (罚款 1 万元 alone would be 轻微)
        ("罚款;责令停产停业", "1", "2026-04-02", dt.date(2029, 4, 2), "class-serious"),
        ("警告、没收违法所得", "", "2026-05-20", dt.date(2027, 5, 20), "class-general"),
        # 58号令 (2023-05-01 .. 2026-03-31): 3 years whatever the class
        ("通报批评", "", "2025-03-01", dt.date(2028, 3, 1), "class-slight"),
        ("警告", "", "2026-03-31", dt.date(2029, 3, 31), "class-slight"),
        ("罚款", "2", "2024-02-29", dt.date(2027, 2, 28), "class-slight"),
        # 527号 (2019-07-01 .. 2023-04-30): 一般 1 year, 严重 3 years
        ("罚款", "20", "2022-03-01", dt.date(2023, 3, 1), "class-general"),
        ("吊销许可证件", "", "2022-03-01", dt.date(2025, 3, 1), "class-serious"),
        ("警告", "", "2023-04-30", dt.date(2024, 4, 30), "class-slight"),
    ],
)
def test_the_period_follows_the_class_and_the_regime_of_the_decision_date(
    types: str, fine: str, decided: str, until: dt.date, rule: str
) -> None:
    record = organisation(CF_CFLB=types, CF_NR_FK=fine, CF_JDRQ=decided)
    on = dt.date.fromisoformat(decided) + dt.timedelta(days=1)
    view = public("penalty", record, on=on)
    assert view.published_until == until
    assert rule in rules(view.findings)


@pytest.mark.parametrize(
    ("types", "fine"), [("警告", ""), ("通报批评", ""), ("罚款", "2"), ("罚款", "9.99")]
)
def test_slight_penalties_under_36_are_not_published_unless_the_policy_says_so(
    types: str, fine: str
) -> None:
    record = organisation(CF_CFLB=types, CF_NR_FK=fine, CF_JDRQ="2026-04-15")
    found = withheld("penalty", record)
    assert rules(found.findings, "withhold") == ["slight-penalty-2026"]
    assert found.reasons[0].source == "36号令第十二条"
    view = public("penalty", record, policy=Policy(publish_slight_penalties=True))
    assert view.published_until == dt.date(2026, 7, 15)  # at most 3 months
    # after those 3 months it leaves the view
    later = withheld(
        "penalty", record, on=dt.date(2026, 7, 16), policy=Policy(publish_slight_penalties=True)
    )
    assert rules(later.findings, "withhold") == ["period-ended"]


def test_thresholds_are_set_by_sector() -> None:
    policy = Policy(
        sectors=(Sector(name="市场监管", authority_codes={MARKET_AUTHORITY}),),
        large_fine={"市场监管": "5", "": "10"},
        huge_fine={"市场监管": "50", "": "100"},
    )
    # in this sector 一般 from 5 万元 and 严重 from 50
    assert public("penalty", organisation(CF_NR_FK="60"), policy=policy).published_until == (
        dt.date(2029, 5, 10)
    )
    assert public("penalty", organisation(CF_NR_FK="6"), policy=policy).published_until == (
        dt.date(2027, 5, 10)
    )
    # without the sector's thresholds 6 万元 is below 10: 轻微, not published under 36号令
    assert rules(withheld("penalty", organisation(CF_NR_FK="6")).findings, "withhold") == [
        "slight-penalty-2026"
    ]


def test_the_records_own_publication_end_applies_when_it_lies_in_the_window() -> None:
    view = public("penalty", organisation(CF_GSJZQ="2026-11-10"))
    assert view.published_until == dt.date(2026, 11, 10)  # in 2026-08-10 .. 2027-05-10
    assert "period-own" in rules(view.findings)
    early = public("penalty", organisation(CF_GSJZQ="2026-06-10"))  # before the shortest end
    assert early.published_until == dt.date(2027, 5, 10)
    late = public("penalty", organisation(CF_GSJZQ="2030-01-01"))
    assert late.published_until == dt.date(2027, 5, 10)
    assert rules(late.findings, "flag")[-1] == "period-own-inconsistent"
    garbage = public("penalty", organisation(CF_GSJZQ="不详"))
    assert "period-own-inconsistent" in rules(garbage.findings)


def test_a_penalty_with_a_longer_duration_stays_until_it_ends() -> None:
    view = public("penalty", organisation(CF_CFLB="限制从业", CF_NR_FK="", CF_YXQ="2031-05-10"))
    assert view.published_until == dt.date(2031, 5, 10)  # longer than the 3 years of 严重
    assert "period-penalty-duration" in rules(view.findings)


def test_a_record_leaves_the_view_after_its_last_day_and_on_withdrawal() -> None:
    record = organisation()  # shown until 2027-05-10
    assert isinstance(
        Publisher().view("penalty", record, key="k", on=dt.date(2027, 5, 10)), PublicView
    )
    after = withheld("penalty", record, on=dt.date(2027, 5, 11))
    assert rules(after.findings, "withhold") == ["period-ended"]
    gone = Publisher().view("penalty", record, key="k", on=JUNE_2026, withdrawn=True)
    assert isinstance(gone, Withheld)
    assert rules(gone.findings, "withhold") == ["withdrawn"]
    assert gone.reasons[0].source == "行政处罚法第四十八条"


def test_a_record_under_527_has_left_the_view_by_2026() -> None:
    found = withheld("penalty", organisation(CF_NR_FK="20", CF_JDRQ="2022-03-01"))
    assert rules(found.findings, "withhold") == ["period-ended"]


def test_a_record_without_a_decision_date_is_withheld() -> None:
    found = withheld("penalty", organisation(CF_JDRQ=""))
    assert rules(found.findings, "withhold") == ["no-decision-date"]


@pytest.mark.parametrize(("scope", "shown"), [("政务共享", "政务共享"), ("2", "授权查询")])
def test_only_the_scope_gongshi_reaches_the_public_view(scope: str, shown: str) -> None:
    found = Publisher().view("penalty", organisation(), key="k", on=JUNE_2026, scope=scope)
    assert isinstance(found, Withheld)
    assert rules(found.findings, "withhold") == ["scope"]
    assert shown in found.findings[0].message
    sharing = Publisher().sharing_view(
        "penalty", organisation(), key="k", on=JUNE_2026, scope=scope
    )
    assert sharing.scope == shown


def test_an_unknown_scope_is_a_users_error() -> None:
    with pytest.raises(SgsError, match="未知的公开范围"):
        Publisher().view("penalty", organisation(), key="k", on=JUNE_2026, scope="内部")


# -- natural persons ----------------------------------------------------------------------------


def test_a_natural_persons_penalty_before_2026_04_01_is_shown_masked() -> None:
    record = person(
        "张三",
        ZHANG_SAN_ID,
        CF_JDRQ="2025-06-01",
        CF_SY=f"张三于2025年5月使用他人身份证{THIRD_PARTY_ID}从事经营，联系电话{PHONE}。",
    )
    view = public("penalty", record, on=dt.date(2025, 7, 1))
    assert "CF_XDR_ZJHM" not in view.fields
    assert view.fields["CF_XDR_MC"] == "张*"
    assert view.fields["CF_XDR_ZJLX"] == "身份证"
    assert (
        view.fields["CF_SY"]
        == "张*于2025年5月使用他人身份证410105************从事经营，联系电话138****5678。"
    )
    assert view.fields["CF_NR"] == "罚款0.3万元"
    assert view.fields["CF_CFJG"] == "郑州市交通运输局"
    assert view.published_until == dt.date(2028, 6, 1)  # 58号令: 3 years
    assert view.review is True
    assert rules(view.findings, "mask") == [
        "name-masked",
        "name-in-text",
        "free-text-id",
        "free-text-mobile",
    ]
    assert rules(view.findings, "drop") == ["id-number-dropped"]
    # the same record is withheld once 36号令 is in force on the evaluation date
    later = withheld("penalty", record, on=dt.date(2026, 4, 1))
    assert rules(later.findings, "withhold") == ["natural-person-penalty-2026"]


def test_from_2026_04_01_natural_persons_penalties_are_withheld() -> None:
    found = withheld("penalty", person("张三", ZHANG_SAN_ID, CF_NR_FK="50"))
    assert rules(found.findings, "withhold") == ["natural-person-penalty-2026"]
    assert found.findings[0].source == "36号令第十二条"


def test_a_sector_opts_in_with_a_recorded_legal_basis() -> None:
    policy = Policy(
        sectors=(Sector(name="交通运输", authority_names=("交通运输局",)),),
        natural_person_sectors={"交通运输": "《道路运输条例》第X条（示例依据）"},
    )
    view = public("penalty", person("张三", ZHANG_SAN_ID, CF_NR_FK="50"), policy=policy)
    assert view.fields["CF_XDR_MC"] == "张*"
    assert "CF_XDR_ZJHM" not in view.fields
    assert view.published_until == dt.date(2027, 5, 1)  # 50 万元: 一般
    opted = next(f for f in view.findings if f.rule == "natural-person-sector")
    assert opted.source == "《道路运输条例》第X条（示例依据）"
    # a sector without a recorded basis does not open the gate
    bare = Policy(sectors=policy.sectors)
    assert isinstance(
        Publisher(policy=bare).view(
            "penalty", person("张三", ZHANG_SAN_ID, CF_NR_FK="50"), key="k", on=JUNE_2026
        ),
        Withheld,
    )


def test_administrative_detention_is_serious() -> None:
    record = person("张三", ZHANG_SAN_ID, CF_CFLB="行政拘留", CF_NR_FK="", CF_JDRQ="2025-08-01")
    view = public("penalty", record, on=dt.date(2025, 9, 1))
    assert view.published_until == dt.date(2028, 8, 1)  # 58号令: 3 years
    assert "class-serious" in rules(view.findings)


@pytest.mark.parametrize("number", [OUYANG_ID, ZHOU_BA_ID])
def test_a_minor_is_never_published(number: str) -> None:
    record = person("欧阳娜娜", number, CF_JDRQ="2026-01-10")
    for on in (dt.date(2026, 1, 11), JUNE_2026):
        found = withheld("penalty", record, on=on)
        assert rules(found.findings, "withhold")[0] == "minor"
        assert all(number not in f.message for f in found.findings)
    sharing = Publisher().sharing_view("penalty", record, key="k", on=dt.date(2026, 1, 11))
    assert "minor" in rules(sharing.findings, "flag")
    assert sharing.fields["CF_XDR_MC"] == "欧阳**"


def test_a_minor_with_a_mistyped_check_character_is_still_a_minor() -> None:
    typo = OUYANG_ID[:-1] + ("7" if OUYANG_ID[-1] != "7" else "8")
    found = withheld(
        "penalty", person("欧阳娜娜", typo, CF_JDRQ="2026-01-10"), on=dt.date(2026, 1, 11)
    )
    assert rules(found.findings, "withhold") == ["minor"]


def test_eighteen_on_the_decision_date_is_an_adult() -> None:
    record = person("孙七", SUN_QI_ID, CF_JDRQ="2026-01-10")
    view = public("penalty", record, on=dt.date(2026, 1, 11))
    assert view.fields["CF_XDR_MC"] == "孙*"
    assert view.published_until == dt.date(2029, 1, 10)


def test_a_minors_licence_is_not_published_either() -> None:
    found = withheld("license", license_of_person(XK_XDR_ZJHM=OUYANG_ID, XK_JDRQ="2026-05-01"))
    assert rules(found.findings, "withhold") == ["minor"]


def test_the_sharing_view_masks_the_id_number_six_and_four() -> None:
    record = person("张三", ZHANG_SAN_ID)
    view = Publisher().sharing_view("penalty", record, key="k", on=JUNE_2026)
    assert view.fields["CF_XDR_ZJHM"] == "410105********1233"
    assert view.fields["CF_XDR_MC"] == "张*"
    assert view.scope == "政务共享"
    assert rules(view.findings, "flag")[0] == "natural-person-penalty-2026"
    assert "id-number-masked" in rules(view.findings, "mask")


# -- individual businesses ----------------------------------------------------------------------


def test_an_individual_business_is_published_as_a_market_entity_by_default() -> None:
    view = public("penalty", shop())
    assert view.fields["CF_XDR_MC"] == "郑州市金水区李四小吃店"
    assert view.fields["CF_XDR_SHXYM"] == SHOP_USCC
    assert view.fields["CF_FRDB"] == "李四"
    assert "CF_FR_ZJHM" not in view.fields
    assert view.published_until == dt.date(2027, 5, 1)  # 15 万元: 一般
    assert rules(view.findings)[1] == "individual-business"


def test_an_individual_business_follows_the_switch() -> None:
    policy = Policy(publish_individual_businesses=False)
    found = withheld("penalty", shop(), policy=policy)
    assert rules(found.findings, "withhold") == ["natural-person-penalty-2026"]
    before = public("penalty", shop(CF_JDRQ="2026-01-05"), on=dt.date(2026, 2, 1), policy=policy)
    assert before.fields["CF_XDR_MC"] == "郑**********"
    assert before.fields["CF_FRDB"] == "李*"
    assert before.fields["CF_XDR_SHXYM"] == SHOP_USCC
    assert LI_SI_ID not in str(before)


# -- licences -----------------------------------------------------------------------------------


def test_a_natural_persons_licence_is_shown_masked_until_it_expires() -> None:
    view = public("license", license_of_person())
    assert view.fields["XK_XDR_MC"] == "司马**"
    assert "XK_XDR_ZJHM" not in view.fields
    assert (
        view.fields["XK_NR"]
        == "准予司马**（身份证号410105************，联系电话138****5678）从事道路旅客运输。"
    )
    assert view.fields["XK_XKBH"] == "4101002026000015"  # a licence number is not a bank card
    assert view.published_until == dt.date(2031, 4, 30)
    assert view.review is True
    assert SIMA_ID not in str(view)
    # 36号令's gate is for 失信信息: a licence is not one
    assert isinstance(
        Publisher().view("license", license_of_person(), key="k", on=dt.date(2031, 4, 30)),
        PublicView,
    )
    assert isinstance(
        Publisher().view("license", license_of_person(), key="k", on=dt.date(2031, 5, 1)), Withheld
    )


def test_an_organisations_licence_without_end_is_shown_without_end() -> None:
    view = public("license", license_of_organisation())
    assert view.published_until is None
    assert view.fields["XK_XDR_SHXYM"] == LOGISTICS_USCC
    assert view.fields["XK_FRDB"] == "赵六"
    assert "XK_FR_ZJHM" not in view.fields
    assert view.fields["BZ"] == "联系人赵六，电话138****5678"
    assert view.fields["XK_XKBH"] == "豫交运管许可郑字410100000016号"


def test_an_invalid_licence_is_withheld() -> None:
    found = withheld("license", license_of_organisation(XK_ZT="2"))
    assert rules(found.findings, "withhold") == ["license-invalid"]


def test_fields_outside_the_standard_are_not_shown() -> None:
    view = public("penalty", organisation(INTERNAL_NOTE=f"内部：{WANG_WU_ID}"))
    assert "INTERNAL_NOTE" not in view.fields
    assert "unknown-field" in rules(view.findings, "drop")


def test_explain_gives_the_findings_of_the_decision() -> None:
    publisher = Publisher()
    record = person("张三", ZHANG_SAN_ID)
    found = publisher.view("penalty", record, key="k", on=JUNE_2026)
    assert publisher.explain("penalty", record, key="k", on=JUNE_2026) == list(found.findings)
    assert all(f.message for f in found.findings)
