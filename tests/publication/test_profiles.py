"""Masking profiles: sgs's own is a plugin, a province's comes through the same hook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from sgs.errors import PluginError, SgsError
from sgs.plugins import get_plugin_manager, hookimpl, plugin_infos
from sgs.publication import (
    BUILTIN_PROFILES,
    CN_DEFAULT,
    MaskingProfile,
    PublicView,
    Publisher,
    masking_profile,
    masking_profiles,
)

from .synthetic import THIRD_PARTY_ID, ZHANG_SAN_ID, person

ZHEJIANG = MaskingProfile(
    name="zhejiang",
    version="2026.1",
    description="浙江：共享视图证件号码只保留前6位",
    id_tail=0,
    detectors=("id-number", "mobile"),
)


class _Province:
    @hookimpl
    def sgs_register_masking_profiles(self, register: Callable[..., None]) -> None:
        register(ZHEJIANG)
        register("not a profile")


class _Clash:
    @hookimpl
    def sgs_register_masking_profiles(self, register: Callable[..., None]) -> None:
        register(MaskingProfile(name="cn-default", version="9"))


@pytest.mark.usefixtures("fresh_plugins")
def test_cn_default_is_an_ordinary_plugin() -> None:
    assert masking_profiles() == {"cn-default": CN_DEFAULT}
    assert masking_profile("cn-default") is CN_DEFAULT
    assert (CN_DEFAULT.name, CN_DEFAULT.version) == ("cn-default", "1")
    info = {i.name: i for i in plugin_infos()}[BUILTIN_PROFILES]
    assert info.origin == "built-in"
    assert info.registered["sgs_register_masking_profiles"] == ["cn-default"]


@pytest.mark.usefixtures("fresh_plugins")
def test_a_provinces_profile_is_chosen_by_name() -> None:
    get_plugin_manager().register(_Province(), name="zj_profiles")
    with pytest.warns(Warning, match="zj_profiles"):
        found = masking_profiles()
    assert list(found) == ["cn-default", "zhejiang"]
    record = person(
        "张三",
        ZHANG_SAN_ID,
        CF_JDRQ="2025-06-01",
        CF_SY="邮箱 zs@example.com 账号 6222021234567890",
    )
    with pytest.warns(Warning, match="not a profile"):
        publisher = Publisher(profile="zhejiang")
    view = publisher.sharing_view("penalty", record, key="k", on=dt.date(2025, 7, 1))
    assert view.fields["CF_XDR_ZJHM"] == "410105************"  # 6 + 12: no tail
    # this profile looks for ID numbers and mobile numbers only
    assert view.fields["CF_SY"] == "邮箱 zs@example.com 账号 6222021234567890"
    assert view.review is False


@pytest.mark.usefixtures("fresh_plugins")
def test_two_plugins_registering_one_name_is_a_clash() -> None:
    get_plugin_manager().register(_Clash(), name="clash")
    with pytest.raises(PluginError, match="clash"):
        masking_profiles()


@pytest.mark.usefixtures("fresh_plugins")
def test_an_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(SgsError, match="cn-default"):
        Publisher(profile="shandong")


def test_a_profile_object_is_used_as_given() -> None:
    publisher = Publisher(profile=ZHEJIANG)
    assert publisher.profile is ZHEJIANG
    record = person("张三", ZHANG_SAN_ID, CF_JDRQ="2025-06-01", CF_SY=f"他人{THIRD_PARTY_ID}")
    view = publisher.view("penalty", record, key="k", on=dt.date(2025, 7, 1))
    assert isinstance(view, PublicView)
    assert view.fields["CF_SY"] == "他人410105************"


@pytest.mark.parametrize(
    ("number", "head", "tail", "masked"),
    [
        ("410105199001011233", 6, 4, "410105********1233"),
        ("410105199001011233", 6, 0, "410105************"),
        ("G12345678", 6, 4, "*********"),  # too short to keep both ends
        (" 410105199001011233 ", 6, 4, "410105********1233"),
    ],
)
def test_mask_id_keeps_the_profiles_head_and_tail(
    number: str, head: int, tail: int, masked: str
) -> None:
    profile = MaskingProfile(name="t", version="1", id_head=head, id_tail=tail)
    assert profile.mask_id(number) == masked
