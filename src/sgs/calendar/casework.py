"""Deadline profiles: the working-day deadlines of objections (异议) and credit repair, as data.

Each region's rules are a small TOML file in ``sgs/calendar/profiles/`` — the
steps it sets, how many working days each has, from which event it counts, and
the clause it comes from — read by :func:`parse_deadline_profile`; a step a
source does not set is absent from the profile. The steps:

========================== ===========================================================
``objection.flag``          异议标注 (0 = on receipt)
``objection.own_scope``     the platform answers an objection in its own scope
``objection.with_provider`` the overall time, from receipt, when the provider is asked
``objection.provider``      the providing (deciding) unit's own time
``objection.transfer``      the platform passes the objection on to the provider
``repair.accept``           the deciding unit accepts or refuses a repair application
``repair.result``           the deciding unit's result, from acceptance
``repair.overall``          the platform's answer to the applicant, from the application
``repair.apply``            the platform carries out a repair that has been decided
========================== ===========================================================

A step counts from ``received`` (the platform received the application),
``notice`` (the provider received the 核查通知), ``accepted`` (受理), ``transfer``
(the unit received the platform's push) or ``decided`` (the repair was decided).
The days are counted by :func:`sgs.calendar.clocks.due_date`.

This module knows sgs's own profiles (:func:`builtin_deadline_profiles`); the ones
plugins add are gathered by :func:`sgs.plugins.deadlines.deadline_profiles`.

>>> import datetime as dt
>>> henan = builtin_deadline_profiles()["henan"]
>>> henan.step("objection.own_scope").workdays
3
>>> henan.due("objection.own_scope", dt.date(2019, 9, 27), calendar=WorkCalendar(environment=False))
datetime.date(2019, 10, 8)
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from sgs.calendar.clocks import Pause, due_date
from sgs.calendar.work import WorkCalendar
from sgs.errors import ConfigFileError, SgsError

__all__ = [
    "COUNTS_FROM",
    "EXTENSION_NEEDS",
    "STEP_NAMES",
    "DeadlineProfile",
    "Extension",
    "Step",
    "builtin_deadline_profiles",
    "parse_deadline_profile",
]

#: Every step a profile may set, in the order of a case.
STEP_NAMES = (
    "objection.flag",
    "objection.own_scope",
    "objection.with_provider",
    "objection.transfer",
    "objection.provider",
    "repair.accept",
    "repair.result",
    "repair.overall",
    "repair.apply",
)
#: The events a step can count from, with their Chinese names.
COUNTS_FROM = {
    "received": "收到申请",
    "notice": "收到核查通知",
    "accepted": "受理",
    "transfer": "收到转交（推送）",
    "decided": "作出修复决定",
}
#: What an extension needs: a superior's approval, prior notice to the applicant, or nothing said.
EXTENSION_NEEDS = ("approval", "notice", "")

_PROFILES = "profiles"


def _one_of(choices: Sequence[str] | Mapping[str, str], what_zh: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            shown = ", ".join(repr(c) for c in choices)
            raise ValueError(
                f"{what_zh}应为 {shown} 之一：{value!r}; "
                f"{attribute.name!r} must be one of {shown} (got {value!r})"
            )

    return check


def _not_negative(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, int) and value < 0:
        raise ValueError(
            f"工作日数不能为负数：{value}; {attribute.name!r} must not be negative (got {value})"
        )


@attrs.frozen(kw_only=True)
class Step:
    """One deadline of a case: ``workdays`` working days from the ``counts_from`` event.

    ``source`` cites the clause (《河南省社会信用条例》第四十一条); ``note`` says how the
    clause was read where it could be read two ways.
    """

    name: str = attrs.field(validator=_one_of(STEP_NAMES, "步骤名称"))
    workdays: int = attrs.field(validator=_not_negative)
    counts_from: str = attrs.field(validator=_one_of(COUNTS_FROM, "起算事件"))
    source: str
    note: str = ""


@attrs.frozen(kw_only=True)
class Extension:
    """How a source lets a deadline be extended (延长).

    ``workdays`` is the time one extension adds (``None``: the source does not say),
    ``max_total`` the cumulative cap the source sets (``None``: none set), ``needs``
    what the extension requires: ``"approval"`` (经负责人批准), ``"notice"`` (提前告知申请人)
    or ``""`` (the source names nothing).
    """

    workdays: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_not_negative)
    )
    max_total: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(_not_negative)
    )
    needs: str = attrs.field(default="", validator=_one_of(EXTENSION_NEEDS, "延长条件"))
    source: str


def _steps(value: Mapping[str, Step]) -> Mapping[str, Step]:
    order = {name: i for i, name in enumerate(STEP_NAMES)}
    ordered = sorted(value.items(), key=lambda item: order.get(item[0], len(order)))
    return MappingProxyType(dict(ordered))


def _keys_are_names(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    assert isinstance(value, Mapping)
    for key, step in value.items():
        if not isinstance(step, Step) or step.name != key:
            raise ValueError(
                f"steps 中“{key}”对应的应是同名的 Step：{step!r}; "
                f"steps[{key!r}] must be a Step of that name (got {step!r})"
            )


@attrs.frozen(kw_only=True)
class DeadlineProfile:
    """The deadlines of one region's objections and repairs (see the module documentation).

    ``count_event_day``: whether the day of the event counts as the first working day
    (it does not by 民法典 第二百零一条, which every built-in profile follows);
    ``flag_on_receipt``: whether the 异议标注 is made on the day of receipt.
    """

    name: str
    title: str
    source: str
    count_event_day: bool = False
    flag_on_receipt: bool = False
    steps: Mapping[str, Step] = attrs.field(
        factory=dict, converter=_steps, validator=_keys_are_names, hash=False
    )
    objection_extension: Extension | None = None
    repair_extension: Extension | None = None

    def step(self, name: str) -> Step | None:
        """The step called ``name``, or ``None`` when this profile's sources do not set it."""
        return self.steps.get(name)

    def has(self, name: str) -> bool:
        """Whether the profile sets the step ``name``."""
        return name in self.steps

    def due(
        self,
        step_name: str,
        start: dt.date,
        *,
        pauses: Sequence[Pause] = (),
        extra: int = 0,
        calendar: WorkCalendar | None = None,
    ) -> dt.date | None:
        """The last day of the step ``step_name``, counted from ``start`` (its ``counts_from``).

        ``extra`` adds working days (an extension granted); ``pauses`` stop the clock;
        ``None`` while an open pause stops it. A step the profile does not set is an
        :class:`~sgs.errors.SgsError` naming the steps it has.
        """
        step = self.steps.get(step_name)
        if step is None:
            known = "、".join(self.steps) or "—"
            raise SgsError(
                f"期限规则“{self.name}”没有步骤“{step_name}”（有：{known}）",
                f"the deadline profile {self.name!r} has no step {step_name!r} "
                f"(it has: {', '.join(self.steps) or 'none'})",
            )
        if extra < 0:
            raise ValueError(
                f"延长的工作日数不能为负数：{extra}; 'extra' must not be negative (got {extra})"
            )
        return due_date(start, step.workdays + extra, pauses=pauses,
                        count_event_day=self.count_event_day, calendar=calendar)  # fmt: skip


# -- the TOML files ----------------------------------------------------------------------------

_TOP = {
    "title",
    "source",
    "count_event_day",
    "flag_on_receipt",
    "objection",
    "repair",
    "extensions",
}
_STEP_KEYS = {"workdays", "counts_from", "source", "note"}
_EXTENSION_KEYS = {"workdays", "max_total", "needs", "source"}


def _fail(where: str, key: str, zh: str, en: str) -> ConfigFileError:
    at = f"{where} [{key}]" if key else where
    return ConfigFileError(f"{at}：{zh}", f"{at}: {en}")


def _table(value: object, where: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, key, "应为表（table）", f"must be a table (got {value!r})")
    return value


def _unknown(table: Mapping[str, Any], allowed: set[str], where: str, key: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _fail(
            where,
            key,
            f"未知的键：{'、'.join(unknown)}（可用：{'、'.join(sorted(allowed))}）",
            f"unknown keys: {', '.join(unknown)} (known: {', '.join(sorted(allowed))})",
        )


def _text(table: Mapping[str, Any], name: str, where: str, key: str, *, required: bool) -> str:
    value = table.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, f"{key}.{name}" if key else name, "应为非空文本",
                    f"must be a non-empty string (got {value!r})")  # fmt: skip
    return value.strip()


def _count(table: Mapping[str, Any], name: str, where: str, key: str, *, optional: bool) -> Any:
    value = table.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(
            where,
            f"{key}.{name}",
            "应为不小于 0 的整数（工作日数）",
            f"must be a whole number of working days, 0 or more (got {value!r})",
        )
    return value


def _flag(table: Mapping[str, Any], name: str, where: str) -> bool:
    value = table.get(name, False)
    if not isinstance(value, bool):
        raise _fail(where, name, "应为 true 或 false", f"must be true or false (got {value!r})")
    return value


def _step(group: str, key: str, value: object, where: str) -> Step:
    name = f"{group}.{key}"
    if name not in STEP_NAMES:
        known = [s.partition(".")[2] for s in STEP_NAMES if s.startswith(f"{group}.")]
        raise _fail(where, name, f"未知的步骤（{group} 下可用：{'、'.join(known)}）",
                    f"unknown step (known under {group}: {', '.join(known)})")  # fmt: skip
    table = _table(value, where, name)
    _unknown(table, _STEP_KEYS, where, name)
    counts_from = _text(table, "counts_from", where, name, required=True)
    if counts_from not in COUNTS_FROM:
        raise _fail(where, f"{name}.counts_from", f"应为 {'、'.join(COUNTS_FROM)} 之一：{counts_from!r}",
                    f"must be one of {', '.join(COUNTS_FROM)} (got {counts_from!r})")  # fmt: skip
    return Step(
        name=name,
        workdays=_count(table, "workdays", where, name, optional=False),
        counts_from=counts_from,
        source=_text(table, "source", where, name, required=True),
        note=_text(table, "note", where, name, required=False),
    )


def _extension(value: object, where: str, key: str) -> Extension:
    table = _table(value, where, key)
    _unknown(table, _EXTENSION_KEYS, where, key)
    needs = _text(table, "needs", where, key, required=False)
    if needs not in EXTENSION_NEEDS:
        raise _fail(where, f"{key}.needs", f"应为 approval、notice 或空：{needs!r}",
                    f"must be 'approval', 'notice' or empty (got {needs!r})")  # fmt: skip
    return Extension(
        workdays=_count(table, "workdays", where, key, optional=True),
        max_total=_count(table, "max_total", where, key, optional=True),
        needs=needs,
        source=_text(table, "source", where, key, required=True),
    )


def parse_deadline_profile(text: str, *, name: str, where: str = "<期限规则>") -> DeadlineProfile:
    """The profile a TOML text describes; ``where`` (the file) names it in errors.

    A file that cannot be used is a :class:`~sgs.errors.ConfigFileError` naming the
    file and the key::

        title = "河南省"
        source = "《河南省社会信用条例》"
        flag_on_receipt = true

        [objection.own_scope]
        workdays = 3
        counts_from = "received"
        source = "《河南省社会信用条例》第四十一条"

        [extensions.repair]      # or [extensions.objection]
        workdays = 10
        needs = ""               # "approval", "notice" or ""
        source = "国家发展改革委令第36号 第十六条"

    >>> parse_deadline_profile("title = 1", name="x", where="x.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sgs.errors.ConfigFileError: x.toml [title]：应为非空文本 (x.toml [title]: must be a non-empty ...
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(where, "", f"不是有效的 TOML：{exc}", f"not valid TOML: {exc}") from None
    _unknown(data, _TOP, where, "")
    steps: dict[str, Step] = {}
    for group in ("objection", "repair"):
        for key, value in _table(data.get(group, {}), where, group).items():
            step = _step(group, key, value, where)
            steps[step.name] = step
    extensions = _table(data.get("extensions", {}), where, "extensions")
    _unknown(extensions, {"objection", "repair"}, where, "extensions")
    found = {
        group: _extension(value, where, f"extensions.{group}")
        for group, value in extensions.items()
    }
    return DeadlineProfile(
        name=name,
        title=_text(data, "title", where, "", required=True),
        source=_text(data, "source", where, "", required=True),
        count_event_day=_flag(data, "count_event_day", where),
        flag_on_receipt=_flag(data, "flag_on_receipt", where),
        steps=steps,
        objection_extension=found.get("objection"),
        repair_extension=found.get("repair"),
    )


@cache
def _builtin() -> Mapping[str, DeadlineProfile]:
    folder = resources.files("sgs.calendar").joinpath(_PROFILES)
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            name = entry.name.removesuffix(".toml")
            where = f"sgs/calendar/{_PROFILES}/{entry.name}"
            found[name] = parse_deadline_profile(
                entry.read_text(encoding="utf-8"), name=name, where=where
            )
    return MappingProxyType(found)


def builtin_deadline_profiles() -> dict[str, DeadlineProfile]:
    """sgs's own profiles by name: ``henan`` (郑州's default), ``national-36``, ``shandong``,
    ``zhejiang``, ``shanghai``.

    >>> sorted(builtin_deadline_profiles())
    ['henan', 'national-36', 'shandong', 'shanghai', 'zhejiang']
    """
    return dict(_builtin())
