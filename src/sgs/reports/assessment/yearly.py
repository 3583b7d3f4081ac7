"""年考核: a year's assessment of every department on one sheet.

Per line: the automatic input (a rate from the store) or what a person entered, the score
the rule gives from it, the department's self-score and the centre's score (entered, else
the rule's), each with its remark. An item is its lines' sum capped at its own points; a
block its items' sum; a department's total is its ordinary points plus, apart, its bonus
points. A rate of n/a (nothing to measure) gives no score: the line is flagged for the
centre to score by hand.

A department's state is entered in the scores file or follows from it: ``scored`` (已评分)
once every line has a centre score, ``awaiting_scoring`` (待评分) once every line has a
self-score, else ``self_assessed`` (部门自评, under way). The ranking is by the centre's
total, then the self total; equal totals share a rank.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from sgs.calendar import CalendarYearUnavailable, WorkCalendar
from sgs.errors import SgsError
from sgs.reports.assessment.inputs import automatic_inputs
from sgs.reports.assessment.scores import STATES, DepartmentScores, LineScores
from sgs.reports.assessment.sheet import SOURCES, Item, Line, Sheet
from sgs.reports.declarations import declaration_due
from sgs.reports.document import Cell, Document, Section, Table
from sgs.reports.metrics import Rate, period_bounds
from sgs.reports.periods import Period
from sgs.reports.renderable import Renderable
from sgs.standard import Standard
from sgs.store import Store
from sgs.store.case_figures import (
    ObjectionFigures,
    RepairFigures,
    objection_figures,
    repair_figures,
)

__all__ = [
    "DepartmentAssessment",
    "ItemResult",
    "LineResult",
    "YearlyAssessment",
    "assess",
    "yearly_assessment",
]


def _sum(values: Sequence[Decimal | None], cap: Decimal | None = None) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    total = sum(present, Decimal(0))
    return min(total, cap) if cap is not None else total


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@attrs.frozen(kw_only=True)
class LineResult:
    """One line's input, scores and remarks."""

    line: Line
    #: The automatic input (a source's rate), when the line has one.
    rate: Rate | None = None
    entered: LineScores = attrs.field(factory=LineScores)
    #: What the rule gives from the input (``None``: no input, or a rate of n/a).
    computed: Decimal | None = None

    @property
    def needs_manual(self) -> bool:
        """Bound to a source whose rate is n/a: a person must score it."""
        return self.line.source is not None and self.computed is None

    @property
    def self_score(self) -> Decimal | None:
        return self.entered.self_score

    @property
    def centre_score(self) -> Decimal | None:
        entered = self.entered.centre_score
        return entered if entered is not None else self.computed

    def to_dict(self) -> dict[str, Any]:
        line = self.line
        found: dict[str, Any] = {
            "code": line.code, "title": line.title, "max": float(line.max),
            "rule": line.rule.name, "rule_text": line.rule.describe(), "source": line.source,
            "rate": None if self.rate is None else self.rate.to_dict(),
            "input": _num(self.entered.input), "computed": _num(self.computed),
            "needs_manual": self.needs_manual,
            "self": _num(self.self_score), "self_remark": self.entered.self_remark,
            "centre": _num(self.centre_score),
            "centre_entered": self.entered.centre_score is not None,
            "centre_remark": self.entered.centre_remark,
        }  # fmt: skip
        return found


@attrs.frozen(kw_only=True)
class ItemResult:
    item: Item
    lines: tuple[LineResult, ...]

    @property
    def self_score(self) -> Decimal | None:
        return _sum([r.self_score for r in self.lines], self.item.max)

    @property
    def centre_score(self) -> Decimal | None:
        return _sum([r.centre_score for r in self.lines], self.item.max)


@attrs.frozen(kw_only=True)
class DepartmentAssessment:
    """One department's assessment."""

    code: str
    name: str
    state: str
    items: tuple[ItemResult, ...]
    rank: int = 0

    def lines(self) -> list[LineResult]:
        return [line for item in self.items for line in item.lines]

    def total(self, who: str, *, bonus: bool | None = None) -> Decimal | None:
        """The ``self`` or ``centre`` points: the ordinary ones (``bonus=False``), the bonus
        ones (``True``) or both (``None``)."""
        scores = [
            r.self_score if who == "self" else r.centre_score
            for r in self.items
            if bonus is None or r.item.bonus is bonus
        ]
        return _sum(scores)

    def block_totals(self, sheet: Sheet, who: str) -> dict[str, Decimal | None]:
        by_item = {r.item.code: r for r in self.items}
        return {
            block.code: _sum([
                by_item[i.code].self_score if who == "self" else by_item[i.code].centre_score
                for i in block.items
            ])
            for block in sheet.blocks
        }  # fmt: skip

    def to_dict(self, sheet: Sheet) -> dict[str, Any]:
        totals = {
            who: {
                "base": _num(self.total(who, bonus=False)),
                "bonus": _num(self.total(who, bonus=True)),
                "total": _num(self.total(who)),
                "blocks": {k: _num(v) for k, v in self.block_totals(sheet, who).items()},
            }
            for who in ("self", "centre")
        }
        return {
            "code": self.code, "name": self.name, "state": self.state,
            "state_label": STATES[self.state], "rank": self.rank, "totals": totals,
            "items": [{"code": r.item.code, "title": r.item.title, "max": float(r.item.max),
                       "bonus": r.item.bonus, "self": _num(r.self_score),
                       "centre": _num(r.centre_score)} for r in self.items],
            "lines": [line.to_dict() for line in self.lines()],
        }  # fmt: skip


@attrs.frozen(kw_only=True)
class YearlyAssessment(Renderable):
    """Every department's assessment of one year on one sheet (module documentation)."""

    title: str
    year: int
    sheet: Sheet
    as_of: dt.date
    departments: tuple[DepartmentAssessment, ...]
    #: The profile's warnings (its maxima that do not add up).
    warnings: tuple[str, ...] = ()
    #: The year's objections and repair applications, city-wide (异议处理占比, 效率).
    objections: ObjectionFigures | None = None
    repairs: RepairFigures | None = None

    def ranking(self) -> list[DepartmentAssessment]:
        return sorted(self.departments, key=lambda d: (d.rank, d.code))

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "year": self.year, "as_of": self.as_of.isoformat(),
            "profile": {"name": self.sheet.name, "title": self.sheet.title,
                        "total": float(self.sheet.total), "bonus": float(self.sheet.bonus),
                        "warnings": list(self.warnings)},
            "sources": {name: SOURCES[name] for name in sorted({
                line.source for line in self.sheet.lines() if line.source})},
            "departments": [d.to_dict(self.sheet) for d in self.departments],
            "ranking": [{"rank": d.rank, "code": d.code, "name": d.name,
                         "centre": _num(d.total("centre")), "self": _num(d.total("self"))}
                        for d in self.ranking()],
            **({"objections": self.objections.to_dict()} if self.objections else {}),
            **({"repairs": self.repairs.to_dict()} if self.repairs else {}),
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def document(self) -> Document:
        """The assessment as a document: the ranking, then each department's lines."""
        summary = Table(
            title="考核结果汇总",
            headers=("排名", "单位", "状态", "自评基本分", "自评加分", "自评总分",
                     "中心基本分", "中心加分", "中心总分"),
            rows=[(d.rank, d.name, STATES[d.state], d.total("self", bonus=False),
                   d.total("self", bonus=True), d.total("self"),
                   d.total("centre", bonus=False), d.total("centre", bonus=True),
                   d.total("centre")) for d in self.ranking()],
        )  # fmt: skip
        tables = []
        for d in self.departments:
            rows: list[tuple[Cell, ...]] = []
            for r in d.items:
                for line in r.lines:
                    rate: Cell = None if line.rate is None else line.rate.percent
                    rows.append((
                        line.line.code, f"{r.item.title}：{line.line.title}".rstrip("："),
                        line.line.max, line.line.rule.describe(),
                        rate if line.line.source else line.entered.input,
                        line.self_score, line.entered.self_remark, line.centre_score,
                        line.entered.centre_remark or ("需人工评分（比率 n/a）" if line.needs_manual else ""),
                    ))  # fmt: skip
            rows.append(("合计", "", self.sheet.total + self.sheet.bonus, "", "", d.total("self"),
                         "", d.total("centre"), ""))  # fmt: skip
            tables.append(Table(
                title=f"{d.name}（{STATES[d.state]}）",
                headers=("编号", "项目", "分值", "规则", "自动取数/录入", "自评分", "自评说明",
                         "中心评分", "评分说明"),
                rows=rows, total_rows=1,
            ))  # fmt: skip
        notes = [
            f"考核方案：{self.sheet.title}（基本分 {self.sheet.total:g} 分，加分 {self.sheet.bonus:g} 分）。"
        ]
        notes += [f"{name}：{SOURCES[name]}。" for name in
                  sorted({line.source for line in self.sheet.lines() if line.source})]  # fmt: skip
        notes += [f"方案提示：{w}" for w in self.warnings]
        if self.objections is not None:
            o = self.objections
            ratio = "—" if o.ratio is None else f"{o.ratio * 100:.3f}%"
            days = "—" if o.mean_days is None else f"{o.mean_days:.1f}"
            notes.append(
                f"本年度收到异议 {o.received} 件，办结 {o.closed} 件，异议处理占比 {ratio}，"
                f"平均办理 {days} 个工作日，逾期办结 {o.closed_late} 件。"
            )
        if self.repairs is not None:
            rp = self.repairs
            days = "—" if rp.mean_days is None else f"{rp.mean_days:.1f}"
            notes.append(
                f"本年度收到信用修复申请 {rp.received} 件，作出结果 {rp.decided} 件，"
                f"平均 {days} 个工作日。"
            )
        return Document(
            kind="yearly", title=self.title,
            meta=(("考核年度", str(self.year)), ("截止", self.as_of.isoformat()),
                  ("考核方案", self.sheet.title)),
            sections=(Section(heading="一、考核结果", blocks=(summary,)),
                      Section(heading="二、各单位评分明细", blocks=tuple(tables)),
                      Section(heading="三、说明", paragraphs=tuple(notes))),
            data=self.to_dict(),
        )  # fmt: skip


def _state(code: str, entered: DepartmentScores | None, lines: Sequence[LineResult],
           file: str) -> str:  # fmt: skip
    no_self = [r.line.code for r in lines if r.self_score is None]
    no_centre = [r.line.code for r in lines if r.centre_score is None]
    derived = "scored" if not no_centre else "awaiting_scoring" if not no_self else "self_assessed"
    state = entered.state if entered is not None else None
    if state is None:
        return derived
    missing = no_centre if state == "scored" else no_self if state == "awaiting_scoring" else []
    if missing:
        what = ("中心评分", "centre scores") if state == "scored" else ("自评分", "self-scores")
        raise SgsError(
            f"{file} 单位 department {code}：状态为“{STATES[state]}”，但评分项 {', '.join(missing)} "
            f"缺少{what[0]}",
            f"{file}: department {code} is {state!r} but lines {', '.join(missing)} have no "
            f"{what[1]}",
        )
    return state


def _ranked(departments: list[DepartmentAssessment]) -> list[DepartmentAssessment]:
    def key(d: DepartmentAssessment) -> tuple[Decimal, Decimal]:
        low = Decimal(-1)
        centre, own = d.total("centre"), d.total("self")
        return (centre if centre is not None else low, own if own is not None else low)

    order = sorted(departments, key=key, reverse=True)
    ranked: list[DepartmentAssessment] = []
    for n, d in enumerate(order, start=1):
        tie = ranked and key(ranked[-1]) == key(d)
        ranked.append(attrs.evolve(d, rank=ranked[-1].rank if tie else n))
    ranks = {d.code: d.rank for d in ranked}
    return [attrs.evolve(d, rank=ranks[d.code]) for d in departments]


def assess(
    sheet: Sheet,
    year: int,
    departments: Sequence[tuple[str, str]],
    *,
    inputs: Mapping[str, Mapping[str, Rate]],
    scores: Mapping[str, DepartmentScores],
    as_of: dt.date,
    title: str,
    scores_file: str = "",
    warnings: Sequence[str] = (),
) -> YearlyAssessment:
    """Score ``departments`` ((code, name) pairs) on ``sheet`` from the automatic ``inputs``
    (code → source → rate) and the entered ``scores`` (code → entries)."""
    known = {code for code, _ in departments}
    for code in scores:
        if code not in known:
            raise SgsError(f"{scores_file} 单位 department {code}：平台没有登记此单位",
                           f"{scores_file}: department {code} is not registered")  # fmt: skip
    found = []
    for code, name in departments:
        entered = scores.get(code)
        rates = inputs.get(code, {})
        items = []
        for item in sheet.items():
            results = []
            for line in item.lines:
                given = entered.lines.get(line.code, LineScores()) if entered else LineScores()
                rate = rates.get(line.source) if line.source else None
                value = rate.percent if rate is not None else given.input
                if line.source is not None and rate is None:
                    value = None
                results.append(LineResult(line=line, rate=rate, entered=given,
                                          computed=None if line.rule.takes == "score"
                                          else line.rule.score(value)))  # fmt: skip
            items.append(ItemResult(item=item, lines=tuple(results)))
        lines = [r for i in items for r in i.lines]
        state = _state(code, entered, lines, scores_file)
        found.append(DepartmentAssessment(code=code, name=name, state=state, items=tuple(items)))
    return YearlyAssessment(title=title, year=year, sheet=sheet, as_of=as_of,
                            departments=tuple(_ranked(found)), warnings=tuple(warnings))  # fmt: skip


def yearly_assessment(
    store: Store,
    name: str,
    sheet: Sheet,
    year: Period,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    standard: Standard,
    scores: Mapping[str, DepartmentScores] | None = None,
    scores_file: str = "",
    warnings: Sequence[str] = (),
    declaration_day: int = 10,
) -> YearlyAssessment:
    """The assessment of ``year`` of every department registered in a platform's ``store``
    (``name``: the platform's), on ``sheet``, with the entered ``scores``.

    A month's 月报表 is due on the ``declaration_day`` (10th, Suzhou) of the next month,
    moved to a working day."""
    departments = store.departments.list()

    def due(month: Period) -> dt.date:
        try:
            return declaration_due(month, calendar=calendar, day=declaration_day)
        except CalendarYearUnavailable:  # next year's schedule not published: the plain day
            return (month.end + dt.timedelta(days=1)).replace(day=declaration_day)

    first, last = f"{year.start.year}-01", f"{year.start.year}-12"
    inputs = automatic_inputs(
        store.received.versions(*period_bounds(year)), year, calendar=calendar,
        standard=standard, codes=[d.code for d in departments],
        declarations=store.declarations.between(first, last), due=due, as_of=as_of,
    )  # fmt: skip
    assessed = assess(sheet, year.start.year, [(d.code, d.name) for d in departments],
                      inputs=inputs, scores=scores or {}, as_of=as_of,
                      title=f"{name}{year.start.year}年度“双公示”工作考核",
                      scores_file=scores_file, warnings=warnings)  # fmt: skip
    return attrs.evolve(
        assessed,
        objections=objection_figures(store.cases, year.start, year.end, calendar=calendar,
                                     today=as_of),
        repairs=repair_figures(store.cases, year.start, year.end, calendar=calendar,
                               today=as_of),
    )  # fmt: skip
