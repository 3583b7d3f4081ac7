"""The 月报告 as a document (:meth:`MonthlyReport.document`): what its renderers lay out.

The header block: 统计月份, 统计截止, 应报送日期 (with "（暂按15日）" while next year's holiday
schedule is not published), 统计口径 (how deadlines are counted), 节假日日历 (the calendar
used), and in the platform view the 迟报率 threshold. Then:

一、总体情况
    the month's totals in words, by kind, with their rates; the month-on-month trend
    (a line chart of the last months' totals) when the report has one.
二、分部门情况 (platform view) / 分类情况 (department view)
    a table per kind, a row per department and the 合计; in the department view one table
    with a row per kind. Rates are rate columns; a 迟报率 over the threshold is flagged
    (platform), a 及时率 under ``100 − threshold`` (department: 及时率 = 1 − 迟报率). Two
    bar charts: **timeliness** — the 及时率 by kind (department view), the 按时报送率
    ``100 − 迟报率`` by department, both kinds together (platform view) — and **received
    vs accepted**: 接收 and 通过 by department (platform view), 决定 and 已报送 by kind
    (department view).
三、未报送单位及迟报单位 (platform view)
    the registered departments that sent nothing, and those whose 迟报率 is over the
    threshold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, Protocol

from sgs.reports.document import Cell, Chart, Document, Section, Series, Table
from sgs.reports.metrics import COUNTS, PLATFORM_COUNTS, Figures, PlatformFigures, add_up
from sgs.reports.periods import Period
from sgs.store.case_figures import ObjectionFigures, RepairFigures


class _Unit(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def figures(self) -> Mapping[str, Figures]: ...


class MonthlyReport(Protocol):
    """What the document is made of: a :class:`sgs.reports.monthly.MonthlyReport`."""

    @property
    def view(self) -> Literal["department", "platform"]: ...
    @property
    def title(self) -> str: ...
    @property
    def month(self) -> Period: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def due_provisional(self) -> bool: ...
    @property
    def as_of(self) -> dt.date: ...
    @property
    def units(self) -> Sequence[_Unit]: ...
    @property
    def totals(self) -> Mapping[str, Figures]: ...
    @property
    def silent(self) -> Sequence[tuple[str, str]]: ...
    @property
    def over_threshold(self) -> Sequence[tuple[str, str, str, Decimal]]: ...
    @property
    def late_threshold(self) -> Decimal: ...
    @property
    def trend(self) -> Sequence[tuple[Period, Mapping[str, Figures]]]: ...
    @property
    def calendar(self) -> str: ...
    @property
    def objections(self) -> ObjectionFigures | None: ...
    @property
    def repairs(self) -> RepairFigures | None: ...
    def to_dict(self) -> dict[str, Any]: ...


__all__ = ["KIND_NAMES", "monthly_document"]

#: The kinds' names in a report.
KIND_NAMES = {"license": "行政许可", "penalty": "行政处罚"}

#: The column headings of the counts.
COUNT_NAMES = {
    "decisions": "决定",
    "pushed": "已报送",
    "on_time": "按时报送",
    "late": "逾期报送",
    "overdue": "超期未报送",
    "pending": "待报送",
    "invalid": "校验未通过",
    "rejected": "被退回",
    "no_deadline": "无法计算期限",
    "received": "接收",
    "accepted": "通过",
    "updates": "更新",
    "withdrawn": "撤回",
    "open_returns": "待修改",
}
RATE_NAMES = {"timely_rate": "及时率", "compliance_rate": "合规率", "late_rate": "迟报率"}
_PLATFORM_COUNT_NAMES = {**COUNT_NAMES, "rejected": "退回", "late": "迟报"}


def _kind(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def _combined(figures: Mapping[str, Figures]) -> Figures | None:
    """The figures of every kind added up (``None`` when there are none)."""
    return add_up(list(figures.values())) if figures else None


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rate_text(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value}%"


def _summary(report: MonthlyReport) -> list[str]:
    if not report.totals:
        return [f"{report.month.label} 无统计数据（no figures for the month）。"]
    found = []
    if report.view == "platform":
        found.append(f"本月共有 {len(report.units)} 个部门报送数据，"
                     f"{len(report.silent)} 个已登记部门未报送。")  # fmt: skip
    for kind, f in report.totals.items():
        c = {name: f[name].value for name in f.NAMES}
        if isinstance(f, PlatformFigures):
            found.append(
                f"{_kind(kind)}：接收 {c['received']} 条，通过 {c['accepted']} 条，退回 "
                f"{c['rejected']} 条（待修改 {c['open_returns']} 条），更新 {c['updates']} 条，"
                f"撤回 {c['withdrawn']} 条，迟报 {c['late']} 条；合规率 "
                f"{_rate_text(f.compliance_rate.percent)}，迟报率 {_rate_text(f.late_rate.percent)}。"
            )
        else:
            rate = f.rates()["timely_rate"].percent
            found.append(
                f"{_kind(kind)}：本月作出决定 {c['decisions']} 件，已报送 {c['pushed']} 件，其中"
                f"按时 {c['on_time']} 件、逾期报送 {c['late']} 件；超期未报送 {c['overdue']} 件，"
                f"待报送 {c['pending']} 件，校验未通过 {c['invalid']} 件，被退回 "
                f"{c['rejected']} 件；及时率 {_rate_text(rate)}。"
            )
    return found


def _row(name: str, code: str | None, figures: Figures, names: Sequence[str]) -> list[Cell]:
    cells: list[Cell] = [name] if code is None else [name, code]
    cells.extend(figures[n].value for n in names)
    cells.extend(r.percent for r in figures.rates().values())
    return cells


def _platform_tables(report: MonthlyReport) -> list[Table]:
    threshold = report.late_threshold
    headers = ("部门", "统一社会信用代码", *(_PLATFORM_COUNT_NAMES[n] for n in PLATFORM_COUNTS),
               "合规率", "迟报率")  # fmt: skip
    rates = (len(headers) - 2, len(headers) - 1)
    tables = []
    for kind, totals in report.totals.items():
        rows = [_row(u.name, u.code, u.figures[kind], PLATFORM_COUNTS)
                for u in report.units if kind in u.figures]  # fmt: skip
        rows.append(_row("合计", "", totals, PLATFORM_COUNTS))
        tables.append(Table(
            title=f"{_kind(kind)}（按部门）", headers=headers, rows=rows, rate_columns=rates,
            threshold=threshold, flag_above=True, flag_columns=(rates[1],), total_rows=1,
            note=f"合规率 = 通过 ÷ 接收；迟报率 = 迟报 ÷ 接收，超过 {threshold}% 的标红。",
        ))  # fmt: skip
    return tables


def _department_table(report: MonthlyReport) -> Table:
    threshold = Decimal(100) - report.late_threshold
    headers = ("种类", *(COUNT_NAMES[n] for n in COUNTS), "及时率")
    rows = [_row(_kind(kind), None, f, COUNTS) for kind, f in report.totals.items()]
    combined = _combined(report.totals)
    several = combined is not None and len(report.totals) > 1
    if several and combined is not None:
        rows.append(_row("合计", None, combined, COUNTS))
    return Table(
        title="按种类", headers=headers, rows=rows, rate_columns=(len(headers) - 1,),
        threshold=threshold, total_rows=1 if several else 0,
        note=f"及时率 = 按时报送 ÷（按时报送 + 逾期报送 + 超期未报送），低于 {threshold}% 的标红。",
    )  # fmt: skip


def _charts(report: MonthlyReport) -> list[Chart]:
    if report.view == "platform":
        units = [(u.name, f) for u in report.units if (f := _combined(u.figures)) is not None]
        names = tuple(name for name, _ in units)
        late = [f.rates()["late_rate"].percent for _, f in units]
        on_time = [None if r is None else 100 - float(r) for r in late]
        counts = {n: [f[n].value for _, f in units] for n in ("received", "accepted")}
        return [
            Chart(title="各部门按时报送率（100 − 迟报率）", kind="bar", categories=names,
                  series=(Series("按时报送率", on_time),), unit="%"),
            Chart(title="各部门接收与通过", kind="bar", categories=names,
                  series=(Series("接收", counts["received"]), Series("通过", counts["accepted"])),
                  unit="条"),
        ]  # fmt: skip
    kinds = tuple(_kind(k) for k in report.totals)
    figures = list(report.totals.values())
    return [
        Chart(title="报送及时率（按种类）", kind="bar", categories=kinds,
              series=(Series("及时率", [_percent(f.rates()["timely_rate"].percent)
                                         for f in figures]),), unit="%"),
        Chart(title="决定与已报送（按种类）", kind="bar", categories=kinds,
              series=(Series("决定", [f["decisions"].value for f in figures]),
                      Series("已报送", [f["pushed"].value for f in figures])), unit="条"),
    ]  # fmt: skip


def _trend(report: MonthlyReport) -> Chart | None:
    if not report.trend:
        return None
    pair = ("received", "accepted") if report.view == "platform" else ("decisions", "pushed")
    months = tuple(m.label for m, _ in report.trend)
    series = tuple(
        Series(COUNT_NAMES[name],
               [sum(f[name].value for f in totals.values()) for _, totals in report.trend])
        for name in pair
    )  # fmt: skip
    return Chart(title=f"近{len(months)}个月趋势（两类合计）", kind="line", categories=months,
                 series=series, unit="条")  # fmt: skip


def _named(units: Sequence[tuple[str, str]]) -> list[list[Cell]]:
    return [[name, code] for name, code in units]


def _platform_lists(report: MonthlyReport) -> Section:
    blocks: list[Table] = []
    paragraphs = []
    if report.silent:
        blocks.append(Table(title="未报送单位", headers=("部门", "统一社会信用代码"),
                            rows=_named(report.silent)))  # fmt: skip
    else:
        paragraphs.append("所有已登记部门本月均已报送数据。")
    if report.over_threshold:
        blocks.append(Table(
            title=f"迟报率超过 {report.late_threshold}% 的单位",
            headers=("部门", "统一社会信用代码", "种类", "迟报率"),
            rows=[[n, c, _kind(k), rate] for n, c, k, rate in report.over_threshold],
            rate_columns=(3,), threshold=report.late_threshold, flag_above=True,
        ))  # fmt: skip
    else:
        paragraphs.append(f"本月没有迟报率超过 {report.late_threshold}% 的单位。")
    return Section(heading="未报送单位及迟报单位", paragraphs=paragraphs, blocks=blocks)


_OUTCOMES = {
    "corrected": "更正",
    "deleted": "删除",
    "confirmed": "维持",
    "not_accepted": "不予受理",
}
_REPAIR_STATES = {"repaired": "已修复", "refused": "不予修复", "under_review": "审核中",
                  "revoked_for_fraud": "因虚假材料撤销"}  # fmt: skip


def _days_text(mean: float | None, median: float | None) -> str:
    if mean is None or median is None:
        return "无已办结案件"
    return f"平均 {mean:.1f} 个工作日，中位数 {median:g} 个工作日"


def _cases_section(report: MonthlyReport) -> Section | None:
    """异议 and 信用修复 of the month: counts, 异议处理占比, working days, overdue cases."""
    objections, repairs = report.objections, report.repairs
    if objections is None or repairs is None:
        return None
    ratio = "—" if objections.ratio is None else f"{objections.ratio * 100:.3f}%"
    outcomes = "，".join(f"{_OUTCOMES.get(k, k)} {v} 件" for k, v in objections.by_outcome.items())
    states = "，".join(f"{_REPAIR_STATES.get(k, k)} {v} 件" for k, v in repairs.by_state.items())
    paragraphs = [
        f"本月收到异议 {objections.received} 件，办结 {objections.closed} 件"
        + (f"（{outcomes}）" if outcomes else "") + f"；异议处理占比 {ratio}"
        f"（异议数 ÷ 平台现有公示信息 {objections.published} 条）。",
        f"异议办理用时：{_days_text(objections.mean_days, objections.median_days)}；"
        f"逾期未办结 {objections.overdue_open} 件，逾期办结 {objections.closed_late} 件。",
        f"本月收到信用修复申请 {repairs.received} 件" + (f"（{states}）" if states else "")
        + f"；作出结果用时：{_days_text(repairs.mean_days, repairs.median_days)}；"
        f"逾期未作出结果 {repairs.overdue_open} 件。",
    ]  # fmt: skip
    return Section(heading="异议处理与信用修复", paragraphs=paragraphs)


def monthly_document(report: MonthlyReport) -> Document:
    """``report`` as a :class:`Document` (see the module documentation)."""
    data = report.to_dict()
    due = report.due.isoformat() + ("（暂按15日）" if report.due_provisional else "")
    meta = [("统计月份", report.month.label), ("统计截止", report.as_of.isoformat()),
            ("应报送日期", due), ("统计口径", str(data["convention"]))]  # fmt: skip
    if report.calendar:
        meta.append(("节假日日历", report.calendar))
    if report.view == "platform":
        meta.append(("迟报率阈值", f"{report.late_threshold}%"))
    trend = _trend(report)
    overview = Section(heading="总体情况", paragraphs=_summary(report),
                       blocks=[trend] if trend else [])  # fmt: skip
    tables: list[Table | Chart]
    if report.view == "platform":
        tables = [*_platform_tables(report)]
        heading = "分部门情况"
    else:
        tables = [_department_table(report)] if report.totals else []
        heading = "分类情况"
    detail = Section(heading=heading, blocks=[*tables, *(_charts(report) if report.totals else [])])
    sections = [overview, detail]
    if report.view == "platform":
        sections.append(_platform_lists(report))
    cases = _cases_section(report)
    if cases is not None:
        sections.append(cases)
    subtitle = "信用平台接收数据统计" if report.view == "platform" else "部门台账统计"
    return Document(kind="monthly", title=report.title, subtitle=subtitle, meta=meta,
                    sections=sections, data=data)  # fmt: skip
