"""A policy read from a configuration table, and the mistakes it names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sgs.errors import ConfigError
from sgs.publication import Policy, Sector


def test_a_full_table() -> None:
    policy = Policy.from_mapping(
        {
            "publish_individual_businesses": False,
            "publish_slight_penalties": True,
            "large_fine": {"*": 10, "市场监管": "5"},
            "huge_fine": {"*": 100, "市场监管": 50.5},
            "unlisted_classes": {"没收违法所得": "严重"},
            "sectors": [
                {"name": "市场监管", "authority_names": ["市场监督管理局"]},
                {
                    "name": "交通运输",
                    "authority_codes": ["11410100mb0000002b"],
                    "natural_persons_basis": "《道路运输条例》第X条",
                },
            ],
        }
    )
    assert policy.publish_individual_businesses is False
    assert policy.publish_slight_penalties is True
    assert policy.thresholds("市场监管") == (Decimal("5"), Decimal("50.5"))
    assert policy.thresholds("交通运输") == (Decimal("10"), Decimal("100"))
    assert dict(policy.unlisted_classes) == {"没收违法所得": "严重"}
    assert policy.sectors == (
        Sector(name="市场监管", authority_names=("市场监督管理局",)),
        Sector(name="交通运输", authority_codes=frozenset({"11410100MB0000002B"})),
    )
    assert dict(policy.natural_person_sectors) == {"交通运输": "《道路运输条例》第X条"}
    assert policy.sector_of("11410100MB0000002B", "") == "交通运输"
    assert policy.sector_of("", "郑州市市场监督管理局") == "市场监管"


def test_an_empty_table_is_the_default_policy() -> None:
    assert Policy.from_mapping({}) == Policy()


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ({"publish_minors": True}, "publish_minors"),
        ({"publish_slight_penalties": "yes"}, "publish_slight_penalties"),
        ({"large_fine": 10}, "large_fine"),
        ({"large_fine": {"*": -1}}, "large_fine.*"),
        ({"huge_fine": {"*": "many"}}, "huge_fine.*"),
        ({"huge_fine": {"*": True}}, "huge_fine.*"),
        ({"unlisted_classes": {"行政拘留": "很重"}}, "unlisted_classes.行政拘留"),
        ({"sectors": {"name": "x"}}, "sectors"),
        ({"sectors": [{"name": "x"}]}, "sectors[0]"),
        ({"sectors": [{"authority_names": ["局"]}]}, "sectors[0].name"),
        ({"sectors": [{"name": "x", "authority_names": "局"}]}, "sectors[0].authority_names"),
        ({"sectors": [{"name": "x", "authority_names": ["局"], "basis": "y"}]}, "sectors[0]"),
        (
            {"sectors": [{"name": "x", "authority_names": ["局"], "natural_persons_basis": ""}]},
            "sectors[0].natural_persons_basis",
        ),
    ],
)
def test_a_mistake_is_a_config_error_naming_the_key(table: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Policy.from_mapping(table)
    assert caught.value.message_zh.startswith(f"[publication] {named}")
    assert caught.value.message_en.startswith(f"[publication] {named}")
