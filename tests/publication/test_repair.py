"""Credit-repair eligibility: the repair dates worked by hand, every refusal, the fraud lock."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.errors import ConfigError
from sgs.publication import (
    FRAUD_YEARS,
    REFUSAL_CODES,
    Eligibility,
    Policy,
    fraud_lock,
    repair_eligibility,
)

DAY = dt.date(2026, 5, 10)
COMMITMENT = "本单位承诺所提交材料真实有效，如有不实愿承担相应责任。"


def penalty(types: str = "罚款", fine: str = "12", decided: str = "2026-05-10",
            **more: str) -> dict[str, str]:  # fmt: skip
    fields = {"CF_WSH": "示罚〔2026〕1号", "CF_XDR_MC": "示例有限公司",
              "CF_XDR_LB": "法人及非法人组织", "CF_CFLB": types, "CF_NR_FK": fine,
              "CF_JDRQ": decided}  # fmt: skip
    fields.update(more)
    return fields


def check(fields: dict[str, str], on: dt.date, **options: object) -> Eligibility:
    settings_: dict[str, object] = {"obligations_fulfilled": True, "commitment": COMMITMENT}
    settings_.update(options)
    return repair_eligibility("penalty", fields, on=on, **settings_)  # type: ignore[arg-type]


def codes(found: Eligibility) -> list[str]:
    return [r.code for r in found.reasons]


def dates(found: Eligibility) -> tuple[dt.date | None, dt.date | None]:
    return found.earliest_repair_date, found.auto_end_date


# -- the dates -------------------------------------------------------------------------------


def test_a_general_fine_under_order_36() -> None:
    """A 12 万元 fine of 2026-05-10 is 一般: repairable from 2026-08-10, ends 2027-05-10."""
    found = check(penalty(), DAY)
    assert (found.penalty_class, found.by) == ("一般", "罚款")
    assert found.regime == "国家发展改革委令第36号"
    assert dates(found) == (dt.date(2026, 8, 10), dt.date(2027, 5, 10))
    assert codes(found) == ["before-earliest-date"]
    assert "2026-08-10" in found.reasons[0].message
    assert check(penalty(), dt.date(2026, 8, 9)).reasons[0].code == "before-earliest-date"
    assert check(penalty(), dt.date(2026, 8, 10)).eligible


def test_a_serious_revocation_under_order_36() -> None:
    """吊销许可证件 is 严重: 1 year shortest, 3 years longest."""
    found = check(penalty("吊销许可证件", ""), dt.date(2027, 5, 10))
    assert (found.penalty_class, found.by) == ("严重", "吊销许可证件")
    assert dates(found) == (dt.date(2027, 5, 10), dt.date(2029, 5, 10))
    assert found.eligible


def test_a_decision_under_order_58() -> None:
    """58号令: 3 months and 3 years whatever the class."""
    found = check(penalty(decided="2024-01-10"), dt.date(2024, 4, 10))
    assert found.regime == "国家发展改革委令第58号"
    assert dates(found) == (dt.date(2024, 4, 10), dt.date(2027, 1, 10))
    assert found.eligible
    assert "58号令" in found.source


def test_decisions_under_notice_527() -> None:
    """527号: 一般 3 months / 1 year, 严重 6 months / 3 years."""
    general = check(penalty(decided="2020-03-15"), dt.date(2020, 6, 1))
    assert general.regime == "发改办财金〔2019〕527号"
    assert dates(general) == (dt.date(2020, 6, 15), dt.date(2021, 3, 15))
    serious = check(penalty("吊销许可证件", "", decided="2020-03-15"), dt.date(2020, 6, 1))
    assert dates(serious) == (dt.date(2020, 9, 15), dt.date(2023, 3, 15))


def test_a_slight_warning_is_repairable_on_the_decision_date() -> None:
    """36号令: 轻微 information is repairable as soon as the duty is fulfilled."""
    found = check(penalty("警告", ""), DAY)
    assert found.penalty_class == "轻微"
    assert dates(found) == (DAY, dt.date(2026, 8, 10))
    assert found.eligible


def test_a_suspension_longer_than_the_shortest_period() -> None:
    """58号令: 暂扣许可证件 for 6 months moves the earliest date from 3 to 6 months."""
    fields = penalty("暂扣许可证件", "", decided="2025-01-15", CF_YXQ="2025-07-15")
    found = check(fields, dt.date(2025, 5, 1))
    assert dates(found) == (dt.date(2025, 7, 15), dt.date(2028, 1, 15))
    assert codes(found) == ["before-earliest-date", "own-duration-running"]
    assert "2025-07-15" in found.reasons[1].message
    assert check(fields, dt.date(2025, 7, 15)).eligible


def test_a_suspension_shorter_than_the_shortest_period() -> None:
    """36号令: a 6-month 暂扣 ends before the 1-year shortest period of 严重."""
    found = check(penalty("暂扣许可证件", "", CF_YXQ="2026-11-10"), dt.date(2026, 12, 1))
    assert dates(found) == (dt.date(2027, 5, 10), dt.date(2029, 5, 10))
    assert codes(found) == ["before-earliest-date"]


def test_a_ban_longer_than_the_longest_period() -> None:
    """限制从业 for 5 years: neither repaired nor taken down before it ends."""
    found = check(penalty("限制从业", "", CF_YXQ="2031-05-10"), dt.date(2029, 6, 1))
    assert dates(found) == (dt.date(2031, 5, 10), dt.date(2031, 5, 10))
    assert codes(found) == ["before-earliest-date", "own-duration-running"]


def test_a_fines_validity_date_is_no_duration() -> None:
    """处罚有效期 of a plain fine (here a copy of the 公示截止期) does not hold repair back."""
    fields = penalty(CF_YXQ="2027-05-10", CF_GSJZQ="2027-05-10")
    found = check(fields, dt.date(2026, 9, 1))
    assert dates(found) == (dt.date(2026, 8, 10), dt.date(2027, 5, 10))
    assert found.eligible


def test_the_most_severe_of_several_types_wins() -> None:
    """罚款 (一般) with 吊销许可证件 (严重): the 严重 periods."""
    found = check(penalty("罚款；吊销许可证件", "12"), DAY)
    assert (found.penalty_class, found.by) == ("严重", "吊销许可证件")
    assert dates(found) == (dt.date(2027, 5, 10), dt.date(2029, 5, 10))


def test_the_records_own_publication_end_is_the_automatic_end() -> None:
    """A 公示截止期 inside the regime's window is when publication stops, as in the view."""
    found = check(penalty(CF_GSJZQ="2026-12-31"), dt.date(2026, 12, 31))
    assert dates(found) == (dt.date(2026, 8, 10), dt.date(2026, 12, 31))
    assert codes(found) == ["publication-ended"]


# -- the refusals ----------------------------------------------------------------------------


def test_a_licence_is_not_a_penalty() -> None:
    """A licence is not 失信信息: the only reason given."""
    found = repair_eligibility("license", {"XK_JDRQ": "2026-05-10"}, on=DAY,
                               obligations_fulfilled=False, commitment="")  # fmt: skip
    assert codes(found) == ["not-a-penalty"]
    assert (found.earliest_repair_date, found.penalty_class) == (None, "")


def test_no_decision_date() -> None:
    """Without a readable decision date there are no repair dates."""
    found = check(penalty(decided="不详"), DAY)
    assert codes(found) == ["no-decision-date"]
    assert dates(found) == (None, None)


def test_obligations_unfulfilled() -> None:
    """第十四条第二项: the duties of the decision must be performed."""
    found = check(penalty(), dt.date(2026, 9, 1), obligations_fulfilled=False)
    assert codes(found) == ["obligations-unfulfilled"]


@pytest.mark.parametrize("text", ["", "  \n\t"])
def test_no_commitment(text: str) -> None:
    """第十四条第三项: an empty or blank 信用承诺 is none."""
    assert codes(check(penalty(), dt.date(2026, 9, 1), commitment=text)) == ["no-commitment"]


def test_not_repairable_by_the_callers_flag() -> None:
    """A law or policy the caller knows of."""
    found = check(penalty(), dt.date(2026, 9, 1), non_repairable=True)
    assert codes(found) == ["not-repairable"]


def test_not_repairable_by_the_policys_types() -> None:
    """A 处罚类别 of ``[publication] non_repairable``, named in the message."""
    policy = Policy.from_mapping({"non_repairable": ["责令关闭"]})
    found = check(penalty("罚款；责令关闭", "1"), dt.date(2027, 6, 1), policy=policy)
    assert codes(found) == ["not-repairable"]
    assert "责令关闭" in found.reasons[0].message
    assert check(penalty(), dt.date(2026, 9, 1), policy=policy).eligible


def test_publication_ended() -> None:
    """On the automatic end date there is nothing left to repair; the day before there is."""
    assert check(penalty(), dt.date(2027, 5, 9)).eligible
    found = check(penalty(), dt.date(2027, 5, 10))
    assert codes(found) == ["publication-ended"]
    assert "2027-05-10" in found.reasons[0].message


def test_fraud_lock_boundaries() -> None:
    """第二十五条: locked through the lock's last day, free the day after."""
    until = fraud_lock(dt.date(2026, 9, 1))
    assert (until, FRAUD_YEARS) == (dt.date(2029, 9, 1), 3)
    for day, locked in ((dt.date(2029, 8, 31), True), (until, True),
                        (dt.date(2029, 9, 2), False)):  # fmt: skip
        found = check(penalty(decided="2029-01-01"), day, fraud_lock_until=until)
        assert ("fraud-locked" in codes(found)) is locked, day
    assert fraud_lock(dt.date(2028, 2, 29)) == dt.date(2031, 2, 28)


def test_every_reason_is_listed_in_a_stable_order() -> None:
    """All that apply together, in REFUSAL_CODES order."""
    fields = penalty("暂扣许可证件", "", CF_YXQ="2026-11-10")
    found = check(fields, dt.date(2026, 6, 1), obligations_fulfilled=False, commitment=" ",
                  non_repairable=True, fraud_lock_until=dt.date(2027, 1, 1))  # fmt: skip
    expected = ["before-earliest-date", "own-duration-running", "obligations-unfulfilled",
                "no-commitment", "not-repairable", "fraud-locked"]  # fmt: skip
    assert codes(found) == expected
    assert codes(found) == [c for c in REFUSAL_CODES if c in expected]
    undated = check(penalty(decided=""), DAY, obligations_fulfilled=False, commitment="",
                    non_repairable=True, fraud_lock_until=DAY)  # fmt: skip
    assert codes(undated) == ["no-decision-date", "obligations-unfulfilled", "no-commitment",
                              "not-repairable", "fraud-locked"]  # fmt: skip
    assert not found.eligible
    assert all(r.message and r.message_en for r in found.reasons)


def test_to_dict_gives_iso_dates() -> None:
    """The data form: ISO dates and the reasons' codes and messages."""
    found = check(penalty(), DAY).to_dict()
    assert found["earliest_repair_date"] == "2026-08-10"
    assert found["auto_end_date"] == "2027-05-10"
    assert found["decided"] == "2026-05-10"
    assert found["eligible"] is False
    assert found["reasons"][0]["code"] == "before-earliest-date"


# -- the regime rule -------------------------------------------------------------------------


def test_the_favourable_rule_takes_order_36s_earlier_date_after_2026_04_01() -> None:
    """从旧兼从轻: a 2025 warning (58号令: 3 months) is repairable at once under 36号令."""
    fields = penalty("警告", "", decided="2025-05-10")
    plain = check(fields, dt.date(2025, 6, 1))
    assert plain.earliest_repair_date == dt.date(2025, 8, 10)
    favourable = Policy(repair_regime_rule="favourable")
    found = check(fields, dt.date(2025, 6, 1), policy=favourable)  # 36号令 not yet in force
    assert found.earliest_repair_date == dt.date(2025, 8, 10)
    found = check(fields, dt.date(2026, 4, 1), policy=favourable)
    assert found.earliest_repair_date == dt.date(2025, 5, 10)
    assert found.regime == "国家发展改革委令第58号"
    assert "从旧兼从轻" in found.source
    assert found.auto_end_date == dt.date(2028, 5, 10)


def test_the_favourable_rule_keeps_an_earlier_old_date() -> None:
    """A 2025 revocation: 58号令's 3 months is earlier than 36号令's 1 year."""
    found = check(penalty("吊销许可证件", "", decided="2025-05-10"), dt.date(2026, 5, 1),
                  policy=Policy(repair_regime_rule="favourable"))  # fmt: skip
    assert found.earliest_repair_date == dt.date(2025, 8, 10)
    assert "从旧兼从轻" not in found.source


def test_the_policy_keys_are_validated() -> None:
    """``non_repairable`` is an array of names; ``repair_regime_rule`` one of two values."""
    policy = Policy.from_mapping({"repair_regime_rule": "favourable", "non_repairable": []})
    assert (policy.repair_regime_rule, policy.non_repairable) == ("favourable", frozenset())
    with pytest.raises(ConfigError, match="repair_regime_rule"):
        Policy.from_mapping({"repair_regime_rule": "newest"})
    with pytest.raises(ConfigError, match="non_repairable"):
        Policy.from_mapping({"non_repairable": "吊销许可证件"})
    with pytest.raises(ValueError, match="repair_regime_rule"):
        Policy(repair_regime_rule="newest")


# -- a property ------------------------------------------------------------------------------

TYPES = (
    "罚款",
    "警告",
    "吊销许可证件",
    "暂扣许可证件",
    "限制从业",
    "没收违法所得",
    "罚款；责令关闭",
)


@settings(max_examples=200, deadline=None)
@given(
    decided=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)),
    types=st.sampled_from(TYPES),
    fine=st.sampled_from(("", "0.5", "12", "150")),
    own=st.none() | st.integers(-400, 3000),
    end=st.none() | st.integers(-400, 2000),
    rule=st.sampled_from(("decision-date", "favourable")),
    on=st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31)),
)
def test_the_earliest_repair_date_is_never_after_the_automatic_end(
    decided: dt.date, types: str, fine: str, own: int | None, end: int | None, rule: str,
    on: dt.date,
) -> None:  # fmt: skip
    """Whatever the class, regime, own duration or 公示截止期."""
    more = {}
    if own is not None:
        more["CF_YXQ"] = (decided + dt.timedelta(days=own)).isoformat()
    if end is not None:
        more["CF_GSJZQ"] = (decided + dt.timedelta(days=end)).isoformat()
    found = check(penalty(types, fine, decided.isoformat(), **more), on,
                  policy=Policy(repair_regime_rule=rule))  # fmt: skip
    assert found.earliest_repair_date is not None
    assert found.auto_end_date is not None
    assert found.earliest_repair_date <= found.auto_end_date
    assert found.decided == decided
