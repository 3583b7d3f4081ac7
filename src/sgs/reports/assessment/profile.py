"""Assessment profiles: a sheet written in TOML, checked as it is read.

A profile is a file (``--profile FILE``) or the name of one sgs ships (``--profile
suzhou``: ``sgs/reports/profiles/suzhou.toml``)::

    [sheet]
    title = "…年度考核评分表"
    total = 100          # the points of the ordinary blocks
    bonus = 10           # the points of the bonus blocks (0 when there are none)

    [[blocks]]
    code = "2"
    title = "二、向市级公共信用信息平台报送信息"
    max = 30

    [[blocks.items]]     # an item with one rule: the rule's keys sit on the item
    code = "2.5"
    title = "数据有效入库情况"
    max = 6
    rule = "threshold_linear"   # threshold_linear | ratio | per_event | deduction | manual
    threshold = 95              # per cent, threshold_linear only (default 95)
    source = "storage_rate"     # an automatic input (sgs.reports.assessment.SOURCES)

    [[blocks.items]]     # an item scored by several lines
    code = "1.2"
    title = "宣传报道"
    max = 10
    [[blocks.items.lines]]
    code = "1.2.2"
    title = "向“诚信苏州”报送稿件"
    rule = "per_event"
    points = 0.5
    max = 6

A mistake — an unknown rule or key, a missing ``max``, a threshold outside 0–100, a code
used twice — is an :class:`~sgs.errors.SgsError` naming the file and the item. Maxima that
do not add up (lines over or under their item's points, items under or over their
block's, blocks against the sheet's total) are a :class:`ProfileWarning` each: the source
sheets have such slips, and the sheet stays usable (an item's score is capped at its own
points).
"""

from __future__ import annotations

import tomllib
import warnings
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from sgs.errors import SgsError
from sgs.reports.assessment.rules import (
    RULES,
    Deduction,
    Manual,
    PerEvent,
    Ratio,
    Rule,
    ThresholdLinear,
)
from sgs.reports.assessment.sheet import SOURCES, Block, Item, Line, Sheet

__all__ = ["PROFILES", "ProfileWarning", "load_profile", "parse_profile"]

#: The profiles sgs ships, by name.
PROFILES = ("suzhou",)

_RULE_KEYS = {
    "threshold_linear": {"threshold"},
    "ratio": set(),
    "per_event": {"points", "cap"},
    "deduction": {"points", "floor"},
    "manual": set(),
}
_LINE_KEYS = {"code", "title", "max", "rule", "source", "note"}
_ITEM_KEYS = {"code", "title", "max", "lines", "bonus", "note"}
_BLOCK_KEYS = {"code", "title", "max", "items", "bonus"}


class ProfileWarning(UserWarning):
    """A profile whose maxima do not add up (it is still used)."""


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.codes: set[str] = set()

    def fail(self, where: str, zh: str, en: str) -> SgsError:
        place_zh = f"{self.file}：{where}：" if where else f"{self.file}："
        place_en = f"{self.file}: {where}: " if where else f"{self.file}: "
        return SgsError(place_zh + zh, place_en + en)

    def warn(self, zh: str, en: str) -> None:
        warnings.warn(ProfileWarning(f"{self.file}：{zh} ({en})"), stacklevel=4)

    def number(self, table: Mapping[str, Any], key: str, where: str, *,
               default: Decimal | None = None) -> Decimal:  # fmt: skip
        if key not in table:
            if default is not None:
                return default
            raise self.fail(where, f"缺少“{key}”", f"{key!r} is missing")
        value = table[key]
        try:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise InvalidOperation
            found = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(where, f"“{key}”应为数字（现为 {value!r}）",
                            f"{key!r} must be a number (got {value!r})") from None  # fmt: skip
        if not found.is_finite() or found < 0:
            raise self.fail(where, f"“{key}”应为非负数（现为 {value}）",
                            f"{key!r} must not be negative (got {value})")  # fmt: skip
        return found

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"缺少“{key}”（文字）", f"{key!r} (text) is missing")
        return value.strip()

    def code(self, table: Mapping[str, Any], where: str) -> str:
        code = self.text(table, "code", where)
        if code in self.codes:
            raise self.fail(f"{where} {code}", "编号重复", "the code is used twice")
        self.codes.add(code)
        return code

    def tables(self, table: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        value = table.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"缺少“{key}”（至少一项）", f"{key!r} is missing (one at least)")
        return value

    def unknown(self, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(where, f"未知的键 {', '.join(extra)}（可用 {', '.join(sorted(allowed))}）",
                            f"unknown key(s) {', '.join(extra)}")  # fmt: skip

    def rule(self, table: Mapping[str, Any], where: str, maximum: Decimal) -> Rule:
        name = table.get("rule")
        if name not in RULES:
            raise self.fail(where, f"未知的评分规则 {name!r}（可用 {', '.join(RULES)}）",
                            f"unknown rule {name!r} (one of {', '.join(RULES)})")  # fmt: skip
        assert isinstance(name, str)
        if name == "threshold_linear":
            threshold = self.number(table, "threshold", where, default=Decimal(95))
            if threshold > 100:
                raise self.fail(where, f"阈值应在 0–100 之间（现为 {threshold}）",
                                f"the threshold must be within 0–100 (got {threshold})")  # fmt: skip
            return ThresholdLinear(max=maximum, threshold=threshold)
        if name == "per_event":
            points = self.number(table, "points", where)
            cap = self.number(table, "cap", where) if "cap" in table else None
            return PerEvent(max=maximum, points=points, cap=cap)
        if name == "deduction":
            points = self.number(table, "points", where)
            floor = self.number(table, "floor", where, default=Decimal(0))
            if floor > maximum:
                raise self.fail(where, f"最低分 {floor} 高于最高分 {maximum}",
                                f"the floor {floor} is above the max {maximum}")  # fmt: skip
            return Deduction(max=maximum, points=points, floor=floor)
        return Ratio(max=maximum) if name == "ratio" else Manual(max=maximum)

    def line(self, table: Mapping[str, Any], where: str, code: str | None = None) -> Line:
        name = table.get("rule")
        extra = _RULE_KEYS.get(name, set()) if isinstance(name, str) else set()
        if code is None:
            self.unknown(table, _LINE_KEYS | extra, where)
            code = self.code(table, where)
            where = f"{where} {code}"
        maximum = self.number(table, "max", where)
        rule = self.rule(table, where, maximum)
        source = table.get("source")
        if source is not None:
            if source not in SOURCES:
                raise self.fail(where, f"未知的自动取数来源 {source!r}（可用 {', '.join(SOURCES)}）",
                                f"unknown source {source!r} (one of {', '.join(SOURCES)})")  # fmt: skip
            if rule.takes != "rate":
                raise self.fail(where, f"自动取数得到的是比率，评分规则 {rule.name} 不用比率",
                                f"a source gives a rate, which rule {rule.name} does not take")  # fmt: skip
        title = str(table.get("title") or "").strip()
        return Line(code=code, title=title, rule=rule, source=source,
                    note=str(table.get("note") or ""))  # fmt: skip

    def item(self, table: Mapping[str, Any], where: str, bonus: bool) -> Item:
        code = self.code(table, where)
        where = f"{where} {code}"
        title = self.text(table, "title", where)
        maximum = self.number(table, "max", where)
        if "lines" in table:
            self.unknown(table, _ITEM_KEYS, where)
            lines = tuple(
                self.line(t, f"{where} 评分项 line") for t in self.tables(table, "lines", where)
            )
        else:
            name = table.get("rule")
            extra = _RULE_KEYS.get(name, set()) if isinstance(name, str) else set()
            self.unknown(table, _ITEM_KEYS | _LINE_KEYS | extra, where)
            lines = (self.line({**table, "title": ""}, where, code=code),)
        item = Item(code=code, title=title, max=maximum, lines=lines,
                    bonus=bonus or table.get("bonus") is True, note=str(table.get("note") or ""))  # fmt: skip
        most = item.lines_max()
        if most != maximum:
            zh, en = ((f"得分以 {maximum:g} 分封顶", f"the score is capped at {maximum:g}")
                      if most > maximum else
                      (f"最多只能得 {most:g} 分", f"it can never reach {maximum:g}"))  # fmt: skip
            self.warn(
                f"项目 {code}“{title}”的评分规则最高合计 {most:g} 分，与项目分值 {maximum:g} 分"
                f"不一致（{zh}）",
                f"item {code}: its lines give at most {most:g} points, its heading says "
                f"{maximum:g} ({en})",
            )
        return item

    def sheet(self, data: Mapping[str, Any], name: str) -> Sheet:
        self.unknown(data, {"sheet", "blocks"}, "")
        head = data.get("sheet")
        if not isinstance(head, dict):
            raise self.fail("[sheet]", "缺少 [sheet] 表", "the [sheet] table is missing")
        self.unknown(head, {"title", "total", "bonus", "source", "name"}, "[sheet]")
        title = self.text(head, "title", "[sheet]")
        total = self.number(head, "total", "[sheet]")
        bonus = self.number(head, "bonus", "[sheet]", default=Decimal(0))
        blocks = []
        for table in self.tables(data, "blocks", "[[blocks]]"):
            self.unknown(table, _BLOCK_KEYS, "[[blocks]]")
            code = self.code(table, "板块 block")
            where = f"板块 block {code}"
            is_bonus = table.get("bonus") is True
            block = Block(
                code=code, title=self.text(table, "title", where),
                max=self.number(table, "max", where), bonus=is_bonus,
                items=tuple(self.item(t, "项目 item", is_bonus)
                            for t in self.tables(table, "items", where)),
            )  # fmt: skip
            if block.items_max() != block.max:
                self.warn(
                    f"板块 {code}“{block.title}”各项目分值合计 {block.items_max():g} 分，与板块分值 "
                    f"{block.max:g} 分不一致",
                    f"block {code}: its items add up to {block.items_max():g} points, "
                    f"its heading says {block.max:g}",
                )
            blocks.append(block)
        for is_bonus, wanted, label in ((False, total, "total"), (True, bonus, "bonus")):
            found = sum((b.max for b in blocks if b.bonus is is_bonus), Decimal(0))
            if found != wanted:
                self.warn(f"{'加分' if is_bonus else '基本'}板块分值合计 {found:g} 分，与 [sheet] "
                          f"{label} = {wanted:g} 不一致",
                          f"the {label} blocks add up to {found:g}, [sheet] {label} is {wanted:g}")  # fmt: skip
        return Sheet(name=str(head.get("name") or name), title=title, total=total,
                     bonus=bonus, blocks=tuple(blocks), source=str(head.get("source") or ""))  # fmt: skip


def parse_profile(text: str, file: str, *, name: str = "") -> Sheet:
    """The sheet a profile's ``text`` describes (``file`` names it in messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SgsError(
            f"{file}：不是有效的 TOML：{exc}", f"{file}: not valid TOML: {exc}"
        ) from None
    return _Reader(file).sheet(data, name or Path(file).stem)


def load_profile(profile: str | Path) -> Sheet:
    """The sheet of a profile file, or of a profile sgs ships (:data:`PROFILES`) by name."""
    if isinstance(profile, str) and profile in PROFILES:
        found = resources.files("sgs.reports") / "profiles" / f"{profile}.toml"
        return parse_profile(found.read_text(encoding="utf-8"), f"{profile}.toml", name=profile)
    path = Path(profile)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SgsError(f"{path}：考核方案文件不存在（内置方案：{', '.join(PROFILES)}）",
                       f"{path}: no such profile (built in: {', '.join(PROFILES)})") from None  # fmt: skip
    except (OSError, UnicodeDecodeError) as exc:
        raise SgsError(
            f"{path}：无法读取考核方案：{exc}", f"{path}: cannot read the profile: {exc}"
        ) from None
    return parse_profile(text, str(path))
