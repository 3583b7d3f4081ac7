"""Deadline profiles: the built-in TOML files, their steps' due dates, bad files, and plugins.

Dates worked out by hand (chinesecalendar's schedules):

* 国庆 2019: 10-01 to 10-07 off; Sun 09-29 and Sat 10-12 are working days.
* 春节 2026: 02-15 to 02-23 off; Sat 02-14 and Sat 02-28 are working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from sgs.calendar import (
    STEP_NAMES,
    DeadlineProfile,
    Extension,
    Pause,
    Step,
    WorkCalendar,
    builtin_deadline_profiles,
    parse_deadline_profile,
)
from sgs.errors import ConfigFileError, PluginError, SgsError
from sgs.plugins import get_plugin_manager, hookimpl, plugin_infos
from sgs.plugins.deadlines import BUILTIN_DEADLINE_PROFILES, deadline_profile, deadline_profiles

CAL = WorkCalendar(environment=False)
D = dt.date
PROFILES = builtin_deadline_profiles()
N36 = "国家发展改革委令第36号"


def steps(name: str) -> dict[str, tuple[int, str]]:
    return {s.name: (s.workdays, s.counts_from) for s in PROFILES[name].steps.values()}


# -- the built-in profiles, as the sources set them --------------------------------------------


def test_the_built_in_profiles() -> None:
    assert sorted(PROFILES) == ["henan", "national-36", "shandong", "shanghai", "zhejiang"]
    for profile in PROFILES.values():
        assert profile.count_event_day is False  # 民法典 第二百零一条
        assert list(profile.steps) == [n for n in STEP_NAMES if n in profile.steps]
        assert all(step.source for step in profile.steps.values())


NATIONAL_REPAIR = {
    "repair.accept": (3, "transfer"),
    "repair.result": (7, "accepted"),
    "repair.overall": (10, "received"),
}


def test_henan() -> None:
    """《河南省社会信用条例》第四十一条, 第四十三条, and 36号令 for repair (国家另有规定的，从其规定)."""
    henan = PROFILES["henan"]
    assert henan.flag_on_receipt is True
    assert steps("henan") == {
        "objection.flag": (0, "received"),
        "objection.own_scope": (3, "received"),
        "objection.with_provider": (7, "received"),
        "objection.provider": (3, "notice"),
        **NATIONAL_REPAIR,
        "repair.apply": (1, "decided"),
    }
    assert "第四十一条" in henan.steps["objection.provider"].source
    assert "第四十三条" in henan.steps["repair.apply"].source
    assert henan.objection_extension is None  # the 检验、检测… time is a pause, not an extension
    assert henan.repair_extension == Extension(
        workdays=10, max_total=None, needs="", source=f"{N36} 第十六条第三款"
    )


def test_national_36() -> None:
    """36号令 第十六条 (repair) and 第十八条 (objections)."""
    national = PROFILES["national-36"]
    assert national.flag_on_receipt is False
    assert not national.has("objection.flag")
    assert steps("national-36") == {
        "objection.transfer": (1, "received"),
        "objection.provider": (7, "accepted"),  # 自受理异议申诉申请之日起
        **NATIONAL_REPAIR,
    }
    assert national.objection_extension == Extension(
        workdays=None, max_total=None, needs="notice", source=f"{N36} 第十八条"
    )
    assert national.repair_extension is not None
    assert national.repair_extension.workdays == 10


def test_shandong_zhejiang_shanghai() -> None:
    assert steps("shandong") == {
        "objection.own_scope": (3, "received"),
        "objection.with_provider": (7, "received"),
        **NATIONAL_REPAIR,
    }
    assert steps("zhejiang") == {
        "objection.flag": (0, "received"),
        "objection.own_scope": (5, "accepted"),  # 自受理异议…之日起五个工作日内
        **NATIONAL_REPAIR,
    }
    assert PROFILES["zhejiang"].flag_on_receipt is True
    assert PROFILES["zhejiang"].objection_extension == Extension(
        workdays=None,
        max_total=20,
        needs="approval",
        source="《浙江省公共信用信息管理条例》第三十一条第一款",
    )
    assert steps("shanghai") == {
        "objection.flag": (1, "received"),
        "objection.own_scope": (5, "received"),
        "objection.transfer": (2, "received"),
        "objection.provider": (5, "transfer"),
        **NATIONAL_REPAIR,
        "repair.apply": (3, "decided"),  # 第三十八条: from the provider's written proof
    }
    assert PROFILES["shanghai"].flag_on_receipt is False


def test_step_and_has() -> None:
    henan = PROFILES["henan"]
    assert henan.has("objection.own_scope")
    assert not henan.has("objection.transfer")
    assert henan.step("objection.transfer") is None
    step = henan.step("objection.own_scope")
    assert step is not None
    assert step.workdays == 3


# -- due dates, step by step -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "step", "start", "due"),
    [
        # 国庆 2019: received Sat 09-28
        ("henan", "objection.flag", D(2019, 9, 28), D(2019, 9, 28)),
        ("henan", "objection.own_scope", D(2019, 9, 28), D(2019, 10, 8)),  # 09-29, 09-30, 10-08
        # 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 (Sat, 调休)
        ("henan", "objection.with_provider", D(2019, 9, 28), D(2019, 10, 12)),
        # 核查通知 received Mon 09-30: 10-08, 10-09, 10-10
        ("henan", "objection.provider", D(2019, 9, 30), D(2019, 10, 10)),
        # the repair decided Mon 09-30: applied by 10-08
        ("henan", "repair.apply", D(2019, 9, 30), D(2019, 10, 8)),
        # 信用中国 receives an objection Mon 09-30: pushed by 10-08
        ("national-36", "objection.transfer", D(2019, 9, 30), D(2019, 10, 8)),
        # accepted Tue 10-08: 10-09, 10-10, 10-11, 10-12, 10-14, 10-15, 10-16
        ("national-36", "objection.provider", D(2019, 10, 8), D(2019, 10, 16)),
        # push received Fri 09-27: 09-29, 09-30, 10-08
        ("national-36", "repair.accept", D(2019, 9, 27), D(2019, 10, 8)),
        ("shandong", "objection.own_scope", D(2019, 9, 28), D(2019, 10, 8)),
        ("shandong", "objection.with_provider", D(2019, 9, 28), D(2019, 10, 12)),
        # 春节 2026: received (or accepted) Fri 02-13
        ("henan", "objection.own_scope", D(2026, 2, 13), D(2026, 2, 25)),  # 02-14, 02-24, 02-25
        # 02-14, 02-24, 02-25, 02-26, 02-27, 02-28 (Sat, 调休), 03-02
        ("henan", "objection.with_provider", D(2026, 2, 13), D(2026, 3, 2)),
        # 核查通知 received on the makeup Saturday 02-14: 02-24, 02-25, 02-26
        ("henan", "objection.provider", D(2026, 2, 14), D(2026, 2, 26)),
        ("zhejiang", "objection.flag", D(2026, 2, 13), D(2026, 2, 13)),
        # accepted 02-13: 02-14, 02-24, 02-25, 02-26, 02-27
        ("zhejiang", "objection.own_scope", D(2026, 2, 13), D(2026, 2, 27)),
        ("shanghai", "objection.flag", D(2026, 2, 13), D(2026, 2, 14)),
        ("shanghai", "objection.own_scope", D(2026, 2, 13), D(2026, 2, 27)),
        ("shanghai", "objection.transfer", D(2026, 2, 13), D(2026, 2, 24)),  # 02-14, 02-24
        # transfer received Tue 02-24: 02-25, 02-26, 02-27, 02-28, 03-02
        ("shanghai", "objection.provider", D(2026, 2, 24), D(2026, 3, 2)),
        # written proof received Fri 02-13: 02-14, 02-24, 02-25
        ("shanghai", "repair.apply", D(2026, 2, 13), D(2026, 2, 25)),
        # repair application received Thu 02-12: 02-13, 02-14, 02-24 … 02-28, 03-02, 03-03, 03-04
        ("national-36", "repair.overall", D(2026, 2, 12), D(2026, 3, 4)),
        ("zhejiang", "repair.overall", D(2026, 2, 12), D(2026, 3, 4)),
        # accepted Fri 02-13: 02-14, 02-24, 02-25, 02-26, 02-27, 02-28, 03-02
        ("national-36", "repair.result", D(2026, 2, 13), D(2026, 3, 2)),
        ("shandong", "repair.result", D(2026, 2, 13), D(2026, 3, 2)),
    ],
)
def test_due_for_each_profiles_steps(profile: str, step: str, start: dt.date, due: dt.date) -> None:
    assert PROFILES[profile].due(step, start, calendar=CAL) == due


def test_every_step_of_every_profile_has_a_due_date() -> None:
    for profile in PROFILES.values():
        for name, step in profile.steps.items():
            due = profile.due(name, D(2026, 2, 13), calendar=CAL)
            assert due is not None
            assert due >= D(2026, 2, 13)
            assert (due == D(2026, 2, 13)) == (step.workdays == 0)


def test_an_extension_adds_working_days() -> None:
    """36号令 第十六条: +10 working days for a complex case."""
    national = PROFILES["national-36"]
    assert national.repair_extension is not None
    extra = national.repair_extension.workdays or 0
    # accepted Fri 2026-02-13, 17 WD: … 03-02 (7), 03-03, 03-04, 03-05, 03-06, 03-09, 03-10,
    # 03-11, 03-12, 03-13, 03-16 (17)
    due = national.due("repair.result", D(2026, 2, 13), extra=extra, calendar=CAL)
    assert due == D(2026, 3, 16)
    with pytest.raises(ValueError, match="extra"):
        national.due("repair.result", D(2026, 2, 13), extra=-1, calendar=CAL)


def test_count_event_day_both_ways() -> None:
    henan = PROFILES["henan"]
    counted = attrs.evolve(henan, count_event_day=True)
    # Mon 2019-09-30 received: not counted 10-08, 10-09, 10-10; counted 09-30, 10-08, 10-09
    assert henan.due("objection.own_scope", D(2019, 9, 30), calendar=CAL) == D(2019, 10, 10)
    assert counted.due("objection.own_scope", D(2019, 9, 30), calendar=CAL) == D(2019, 10, 9)
    # Fri 2026-02-13: 02-13, 02-14, 02-24
    assert counted.due("objection.own_scope", D(2026, 2, 13), calendar=CAL) == D(2026, 2, 24)
    # on receipt stays on receipt
    assert counted.due("objection.flag", D(2026, 2, 13), calendar=CAL) == D(2026, 2, 13)


def test_a_pause_in_a_profiles_step() -> None:
    """《河南省社会信用条例》第四十一条: 鉴定 time does not count."""
    pause = Pause(D(2019, 9, 30), D(2019, 10, 10), "鉴定")
    henan = PROFILES["henan"]
    # 09-29 (1), paused 09-30, 10-08, 10-09; 10-10 … 10-16 (7)
    assert henan.due("objection.with_provider", D(2019, 9, 28), pauses=[pause], calendar=CAL) == D(
        2019, 10, 16
    )
    assert henan.due("objection.with_provider", D(2019, 9, 28), pauses=[Pause(D(2019, 9, 30))],
                     calendar=CAL) is None  # fmt: skip


def test_an_unknown_step_names_the_profiles_steps() -> None:
    with pytest.raises(SgsError, match=r"objection\.transfer") as caught:
        PROFILES["henan"].due("objection.transfer", D(2026, 2, 13), calendar=CAL)
    message = str(caught.value)
    assert message.index("没有步骤") < message.index("has no step")  # Chinese first
    assert "objection.own_scope" in message
    assert "repair.apply" in message


def test_a_profile_made_in_python_checks_its_steps() -> None:
    step = Step(name="objection.own_scope", workdays=3, counts_from="received", source="x")
    with pytest.raises(ValueError, match="steps"):
        DeadlineProfile(name="x", title="x", source="x", steps={"objection.flag": step})
    with pytest.raises(ValueError, match="counts_from"):
        Step(name="objection.flag", workdays=0, counts_from="receipt", source="x")
    with pytest.raises(ValueError, match="needs"):
        Extension(workdays=1, max_total=None, needs="approve", source="x")
    profile = DeadlineProfile(name="x", title="x", source="x", steps={step.name: step})
    assert hash(profile) == hash(attrs.evolve(profile))


# -- the TOML files ----------------------------------------------------------------------------


def test_every_file_in_the_package_folder_is_a_built_in_profile() -> None:
    """The files live inside the package (the wheel ships src/sgs whole), one profile each."""
    folder = Path(__file__).resolve().parents[2] / "src" / "sgs" / "calendar" / "profiles"
    assert sorted(p.stem for p in folder.glob("*.toml")) == sorted(PROFILES)


@pytest.mark.parametrize(
    ("text", "key", "english"),
    [
        ("title = ", "", "not valid TOML"),
        ('title = "x"\nsource = "x"\ncolour = 1', "", "unknown keys: colour"),
        ('source = "x"', "[title]", "non-empty string"),
        ('title = "x"\nsource = "x"\ncount_event_day = "no"', "[count_event_day]", "true or false"),
        (
            'title = "x"\nsource = "x"\n[objection.own]\nworkdays = 3\ncounts_from = "received"\n'
            'source = "x"',
            "[objection.own]",
            "unknown step",
        ),
        (
            'title = "x"\nsource = "x"\n[objection.own_scope]\nworkdays = -3\n'
            'counts_from = "received"\nsource = "x"',
            "[objection.own_scope.workdays]",
            "whole number",
        ),
        (
            'title = "x"\nsource = "x"\n[objection.own_scope]\nworkdays = "3"\n'
            'counts_from = "received"\nsource = "x"',
            "[objection.own_scope.workdays]",
            "whole number",
        ),
        (
            'title = "x"\nsource = "x"\n[repair.result]\nworkdays = 7\ncounts_from = "receipt"\n'
            'source = "x"',
            "[repair.result.counts_from]",
            "must be one of",
        ),
        (
            'title = "x"\nsource = "x"\n[repair.result]\nworkdays = 7\ncounts_from = "accepted"',
            "[repair.result.source]",
            "non-empty string",
        ),
        (
            'title = "x"\nsource = "x"\n[extensions.repair]\nworkdays = 10\nneeds = "approve"\n'
            'source = "x"',
            "[extensions.repair.needs]",
            "'approval', 'notice' or empty",
        ),
        ('title = "x"\nsource = "x"\n[extensions.review]\nsource = "x"', "[extensions]", "unknown"),
    ],
)
def test_a_bad_file_is_named_with_its_key(text: str, key: str, english: str) -> None:
    with pytest.raises(ConfigFileError) as caught:
        parse_deadline_profile(text, name="bad", where="profiles/bad.toml")
    message = str(caught.value)
    assert message.startswith(f"profiles/bad.toml {key}".strip())
    assert english in message
    assert message.index("：") < message.index(english)  # Chinese first


def test_a_good_file() -> None:
    profile = parse_deadline_profile(
        'title = "广州"\nsource = "信用广州 异议信息办理须知"\n'
        '[objection.own_scope]\nworkdays = 2\ncounts_from = "received"\nsource = "须知"\n',
        name="guangzhou",
    )
    assert profile.name == "guangzhou"
    assert list(profile.steps) == ["objection.own_scope"]
    assert profile.objection_extension is None
    assert profile.flag_on_receipt is False


# -- plugins -----------------------------------------------------------------------------------

GUANGZHOU = DeadlineProfile(
    name="guangzhou",
    title="广州市：信用广州异议信息办理须知",
    source="“信用广州”异议信息办理须知",
    steps={
        "objection.own_scope": Step(
            name="objection.own_scope", workdays=2, counts_from="received", source="办理须知"
        ),
        "objection.provider": Step(
            name="objection.provider", workdays=10, counts_from="notice", source="办理须知"
        ),
    },
)


class _City:
    @hookimpl
    def sgs_register_deadline_profiles(self, register: Callable[..., None]) -> None:
        register(GUANGZHOU)
        register("not a profile")


class _Clash:
    @hookimpl
    def sgs_register_deadline_profiles(self, register: Callable[..., None]) -> None:
        register(attrs.evolve(PROFILES["henan"], title="另一个河南"))


@pytest.mark.usefixtures("fresh_plugins")
def test_the_built_in_profiles_are_an_ordinary_plugin() -> None:
    assert deadline_profiles() == PROFILES
    assert deadline_profile("henan") == PROFILES["henan"]
    assert deadline_profile(GUANGZHOU) is GUANGZHOU
    info = {i.name: i for i in plugin_infos()}[BUILTIN_DEADLINE_PROFILES]
    assert info.origin == "built-in"
    assert info.registered["sgs_register_deadline_profiles"] == sorted(PROFILES)


@pytest.mark.usefixtures("fresh_plugins")
def test_a_plugins_profile_is_chosen_by_name_and_a_bad_registration_named() -> None:
    get_plugin_manager().register(_City(), name="gz_deadlines")
    with pytest.warns(Warning, match=r"gz_deadlines.*not a profile"):
        found = deadline_profiles()
    assert list(found) == [*PROFILES, "guangzhou"]
    with pytest.warns(Warning, match="gz_deadlines"):
        guangzhou = deadline_profile("guangzhou")
    # 核查 asked Fri 2026-02-13: 10 WD 02-14, 02-24 … 02-28, 03-02, 03-03, 03-04, 03-05
    assert guangzhou.due("objection.provider", D(2026, 2, 13), calendar=CAL) == D(2026, 3, 5)


@pytest.mark.usefixtures("fresh_plugins")
def test_an_unknown_profile_lists_every_known_one() -> None:
    get_plugin_manager().register(_City(), name="gz_deadlines")
    with pytest.warns(Warning, match="gz_deadlines"), pytest.raises(SgsError) as caught:
        deadline_profile("beijing")
    message = str(caught.value)
    assert "未知的期限规则“beijing”" in message
    for name in [*PROFILES, "guangzhou"]:
        assert name in message


@pytest.mark.usefixtures("fresh_plugins")
def test_a_plugin_registering_a_built_in_name_is_a_clash_naming_both() -> None:
    get_plugin_manager().register(_Clash(), name="clash")
    with pytest.raises(PluginError, match=rf"henan.*{BUILTIN_DEADLINE_PROFILES}.*clash"):
        deadline_profiles()


@pytest.mark.usefixtures("fresh_plugins")
def test_sgs_plugins_list_shows_the_deadline_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    from sgs.cli.main import main

    get_plugin_manager().register(_City(), name="gz_deadlines")
    assert main(["plugins", "list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    builtin = lines.index(f"{BUILTIN_DEADLINE_PROFILES}  (built-in)")
    listed = f"  期限规则 deadline profiles: {', '.join(sorted(PROFILES))}"
    assert lines[builtin + 1] == listed
    # the listing shows what each plugin registered, the unusable too (as for masking profiles)
    assert "  期限规则 deadline profiles: guangzhou, not a profile" in out
