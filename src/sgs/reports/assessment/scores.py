"""The scores file of a year's assessment (``年考核-2026.json``): per department, its state and,
per line, the self-score and remark, the centre's score and remark, and what a person
entered for a rule that scores from a rate or a number of events.

::

    {"year": 2026,
     "departments": [
       {"code": "11410100MB0000000X", "state": "awaiting_scoring",
        "lines": [
          {"code": "1.1.1", "self": 1, "self_remark": "已发文明确", "centre": 1, "centre_remark": ""},
          {"code": "1.2.2", "input": 9, "self": 4.5},
          {"code": "2.6.2", "input": 97.5}]}]}

``input`` is a rate in per cent (``ratio``, ``threshold_linear``) or a number of events
(``per_event``, ``deduction``); a line bound to a source takes its input from the store.
``sgs report yearly --format json`` writes the same shape (with the figures besides), so a
year's result can be edited and read back: a ``centre`` that was computed, not entered
(``"centre_entered": false``), is read as not entered. Every mistake names the file, the
department and the line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from sgs.errors import SgsError
from sgs.reports.assessment.sheet import Sheet

__all__ = ["STATES", "DepartmentScores", "LineScores", "read_scores"]

#: The states of a department's assessment, in order (部门自评 → 待评分 → 已评分).
STATES = {"self_assessed": "部门自评", "awaiting_scoring": "待评分", "scored": "已评分"}


@attrs.frozen(kw_only=True)
class LineScores:
    """What was entered for one line."""

    self_score: Decimal | None = None
    self_remark: str = ""
    centre_score: Decimal | None = None
    centre_remark: str = ""
    input: Decimal | None = None


@attrs.frozen(kw_only=True)
class DepartmentScores:
    """What was entered for one department."""

    code: str
    state: str | None = None
    lines: Mapping[str, LineScores] = attrs.field(factory=dict)


def _fail(where: str, zh: str, en: str) -> SgsError:
    return SgsError(f"{where}：{zh}", f"{where}: {en}")


def _number(value: Any, where: str, key: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InvalidOperation
        found = Decimal(str(value))
    except InvalidOperation:
        raise _fail(where, f"“{key}”应为数字（现为 {value!r}）",
                    f"{key!r} must be a number (got {value!r})") from None  # fmt: skip
    if not found.is_finite() or found < 0:
        raise _fail(where, f"“{key}”应为非负数（现为 {value}）", f"{key!r} must not be negative")
    return found


def _line(entry: Mapping[str, Any], where: str, sheet: Sheet) -> tuple[str, LineScores]:
    code = str(entry.get("code", ""))
    line = sheet.line(code)
    if line is None:
        raise _fail(where, f"考核方案中没有评分项 {code!r}", f"the sheet has no line {code!r}")
    where = f"{where} 评分项 line {code}"
    scores: dict[str, Decimal | None] = {}
    for key in ("self", "centre"):
        value = _number(entry.get(key), where, key)
        if key == "centre" and entry.get("centre_entered") is False:
            value = None
        if value is not None and value > line.max:
            raise _fail(where, f"“{key}”{value:g} 分超过该项最高分 {line.max:g}",
                        f"{key!r} {value:g} is over the line's max {line.max:g}")  # fmt: skip
        scores[key] = value
    entered = _number(entry.get("input"), where, "input")
    if entered is not None and line.source is None:
        if line.rule.takes == "score":
            raise _fail(where, "人工评分项不取“input”，请填写 self/centre",
                        "a manual line takes no 'input': enter self/centre")  # fmt: skip
        if line.rule.takes == "rate" and entered > 100:
            raise _fail(where, f"比率应在 0–100 之间（现为 {entered}）", "a rate is within 0–100")
        if line.rule.takes == "events" and entered != entered.to_integral_value():
            raise _fail(where, f"次数应为整数（现为 {entered}）", "a number of events is whole")
    elif line.source is not None:
        entered = None  # the store's figure, never a copy of it read back
    return code, LineScores(
        self_score=scores["self"], self_remark=str(entry.get("self_remark") or ""),
        centre_score=scores["centre"], centre_remark=str(entry.get("centre_remark") or ""),
        input=entered,
    )  # fmt: skip


def read_scores(path: str | Path, sheet: Sheet, year: int) -> dict[str, DepartmentScores]:
    """The entries of a scores file, by department code, checked against ``sheet``."""
    file = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(file, "评分文件不存在", "no such scores file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(
            file, f"无法读取评分文件：{exc}", f"cannot read the scores file: {exc}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("departments"), list):
        raise _fail(file, "应为含“departments”列表的 JSON 对象",
                    "a JSON object with a 'departments' list is expected")  # fmt: skip
    if data.get("year") not in (None, year, str(year)):
        raise _fail(file, f"年度为 {data['year']}，而考核年度为 {year}",
                    f"the file is for {data['year']}, the assessment for {year}")  # fmt: skip
    found: dict[str, DepartmentScores] = {}
    for n, entry in enumerate(data["departments"], start=1):
        if not isinstance(entry, dict) or not str(entry.get("code", "")).strip():
            raise _fail(f"{file} 第{n}个单位", "缺少单位代码“code”", f"department {n}: no 'code'")
        code = str(entry["code"]).strip().upper()
        where = f"{file} 单位 department {code}"
        if code in found:
            raise _fail(where, "单位重复", "the department is listed twice")
        state = entry.get("state")
        if state is not None and state not in STATES:
            raise _fail(where, f"未知状态 {state!r}（可用 {', '.join(STATES)}）",
                        f"unknown state {state!r} (one of {', '.join(STATES)})")  # fmt: skip
        lines: dict[str, LineScores] = {}
        for item in entry.get("lines") or []:
            if not isinstance(item, dict):
                raise _fail(where, "评分项应为 JSON 对象", "a line is a JSON object")
            line_code, scores = _line(item, where, sheet)
            if line_code in lines:
                raise _fail(where, f"评分项 {line_code} 重复", f"line {line_code} is listed twice")
            lines[line_code] = scores
        found[code] = DepartmentScores(code=code, state=state, lines=lines)
    return found
