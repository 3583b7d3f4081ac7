"""季通报: the DRC's quarterly bulletin on each department's 双公示 work (773号 §六).

Per registered department — 市直部门 first, then each 县区/开发区 (``Department.grouping``) —
what the notice asks it to hand in and how it reported in the quarter:

``catalog``
    the latest 目录 handed in on or before the reference day (the quarter's last day, or
    ``as_of`` when that is earlier): its date and version; ``catalog_age`` is the days
    from it to the reference day (catalog freshness);
``plan``
    the latest 工作方案 or 推进计划 (which, and its date);
``roster``
    whether the latest 联络员名单 is complete (a first contact with a phone and an e-mail);
    ``None`` when none was handed in;
figures
    the platform view over the quarter, both kinds added (:func:`~sgs.reports.platform_view`):
    ``received``, ``accepted``, ``late``, 合规率 ``accepted / received``, 迟报率
    ``late / received`` and 及时率 ``1 − 迟报率`` = ``(received − late) / received``.

The ranked lists (Xinxiang's bulletin praises volume and criticises zero reporters and the
lowest 及时率): **通报表扬** — the ``top`` (3) departments by records accepted, among those
that accepted some and whose 迟报率 is under ``praise_late_rate`` (10 %); **通报批评** —
the departments that sent nothing; the ``top`` lowest 及时率 under ``timely_threshold``
(90 %), lowest first; and those missing a 目录, a 工作方案/推进计划 or a complete roster.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from sgs.calendar import WorkCalendar
from sgs.reports.document import Cell, Chart, Document, Section, Series, Table
from sgs.reports.metrics import Rate, period_bounds, platform_view
from sgs.reports.monthly import CONVENTION
from sgs.reports.periods import Period
from sgs.reports.renderable import Renderable
from sgs.standard import Standard
from sgs.store import Store
from sgs.store.documents import DocumentRow

__all__ = ["NEXT_STEPS", "QuarterlyReport", "QuarterlyUnit", "quarterly_report"]

_NUMERALS = "一二三四"

#: 五、下一步工作要求: the bulletin's fixed closing paragraph.
NEXT_STEPS = (
    "各单位要对照本通报，认真落实行政许可、行政处罚决定自作出之日起7个工作日内上网公开并报送"
    "市信用平台的要求，及时更新“双公示”目录，落实联络员制度；被通报批评的单位要查找原因、立即整改，"
    "并于下季度首月10日前将整改情况报市发展改革委。市发展改革委将继续按季度通报，并将通报结果纳入"
    "年度考核。"
)


def _latest(rows: Sequence[DocumentRow], *types: str) -> DocumentRow | None:
    found = [r for r in rows if r.type in types]
    return max(found, key=lambda r: (r.submitted, r.id)) if found else None


@attrs.frozen(kw_only=True)
class QuarterlyUnit:
    """One department's line of the bulletin (module documentation)."""

    name: str
    code: str
    grouping: str
    catalog: DocumentRow | None
    plan: DocumentRow | None
    roster: DocumentRow | None
    catalog_age: int | None
    received: int = 0
    accepted: int = 0
    late: int = 0

    @property
    def group_label(self) -> str:
        return self.grouping or "市直部门"

    @property
    def roster_complete(self) -> bool | None:
        return None if self.roster is None else bool(self.roster.complete)

    @property
    def compliance_rate(self) -> Rate:
        return Rate(self.accepted, self.received)

    @property
    def late_rate(self) -> Rate:
        return Rate(self.late, self.received)

    @property
    def timely_rate(self) -> Rate:
        return Rate(self.received - self.late, self.received)

    def missing(self) -> list[str]:
        """What it has not handed in: 目录, 工作方案或推进计划, 联络员名单 (or a complete one)."""
        found = []
        if self.catalog is None:
            found.append("目录")
        if self.plan is None:
            found.append("工作方案或推进计划")
        if self.roster is None:
            found.append("联络员名单")
        elif not self.roster_complete:
            found.append("完整的联络员名单")
        return found

    def to_dict(self) -> dict[str, Any]:
        def document(row: DocumentRow | None) -> dict[str, Any] | None:
            if row is None:
                return None
            return {"type": row.type, "submitted": row.submitted.isoformat(),
                    "version": row.version}  # fmt: skip

        return {
            "name": self.name, "code": self.code, "grouping": self.grouping,
            "catalog": document(self.catalog), "catalog_age_days": self.catalog_age,
            "plan": document(self.plan), "roster": document(self.roster),
            "roster_complete": self.roster_complete,
            "received": self.received, "accepted": self.accepted, "late": self.late,
            "compliance_rate": self.compliance_rate.to_dict(),
            "late_rate": self.late_rate.to_dict(), "timely_rate": self.timely_rate.to_dict(),
            "missing": self.missing(),
        }  # fmt: skip


def _rate_key(rate: Rate) -> Decimal:
    percent = rate.percent
    return percent if percent is not None else Decimal(-1)


@attrs.frozen(kw_only=True)
class QuarterlyReport(Renderable):
    """A quarter's bulletin (module documentation)."""

    issuer: str
    quarter: Period
    as_of: dt.date
    units: tuple[QuarterlyUnit, ...]
    top: int = 3
    praise_late_rate: Decimal = Decimal(10)
    timely_threshold: Decimal = Decimal(90)

    @property
    def title(self) -> str:
        year, number = self.quarter.start.year, (self.quarter.start.month - 1) // 3
        return f"{self.issuer}{year}年第{_NUMERALS[number]}季度社会信用体系建设“双公示”工作通报"

    @property
    def reference_day(self) -> dt.date:
        """The day documents are counted to: the quarter's end, or ``as_of`` when earlier."""
        return min(self.quarter.end, self.as_of)

    def praised(self) -> list[QuarterlyUnit]:
        """通报表扬: the volume leaders whose 迟报率 is under the threshold."""
        found = [u for u in self.units if u.accepted > 0
                 and _rate_key(u.late_rate) < self.praise_late_rate]  # fmt: skip
        return sorted(found, key=lambda u: (-u.accepted, u.code))[: self.top]

    def silent(self) -> list[QuarterlyUnit]:
        """通报批评: the departments that sent nothing in the quarter."""
        return [u for u in self.units if u.received == 0]

    def least_timely(self) -> list[QuarterlyUnit]:
        """通报批评: the lowest 及时率 under the threshold, lowest first."""
        found = [u for u in self.units if u.received > 0
                 and _rate_key(u.timely_rate) < self.timely_threshold]  # fmt: skip
        return sorted(found, key=lambda u: (_rate_key(u.timely_rate), u.code))[: self.top]

    def incomplete(self) -> list[QuarterlyUnit]:
        """通报批评: the departments missing a document the notice asks for."""
        return [u for u in self.units if u.missing()]

    def totals(self) -> tuple[int, int, int]:
        return (sum(u.received for u in self.units), sum(u.accepted for u in self.units),
                sum(u.late for u in self.units))  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        received, accepted, late = self.totals()

        def names(units: Sequence[QuarterlyUnit]) -> list[dict[str, str]]:
            return [{"name": u.name, "code": u.code} for u in units]

        return {
            "title": self.title, "quarter": self.quarter.label,
            "start": self.quarter.start.isoformat(), "end": self.quarter.end.isoformat(),
            "as_of": self.as_of.isoformat(), "reference_day": self.reference_day.isoformat(),
            "convention": CONVENTION,
            "units": [u.to_dict() for u in self.units],
            "totals": {"received": received, "accepted": accepted, "late": late,
                       "compliance_rate": Rate(accepted, received).to_dict(),
                       "late_rate": Rate(late, received).to_dict(),
                       "timely_rate": Rate(received - late, received).to_dict()},
            "thresholds": {"top": self.top, "praise_late_rate": float(self.praise_late_rate),
                           "timely_threshold": float(self.timely_threshold)},
            "praised": names(self.praised()), "silent": names(self.silent()),
            "least_timely": [{"name": u.name, "code": u.code,
                              "timely_rate": u.timely_rate.to_dict()} for u in self.least_timely()],
            "incomplete": [{"name": u.name, "code": u.code, "missing": u.missing()}
                           for u in self.incomplete()],
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def document(self) -> Document:
        """The bulletin a DRC sends: 一、基本情况 … 五、下一步工作要求."""
        received, accepted, late = self.totals()
        q = self.quarter
        reporting = sum(1 for u in self.units if u.received > 0)
        count = len(self.units)
        with_catalog = sum(1 for u in self.units if u.catalog is not None)
        with_plan = sum(1 for u in self.units if u.plan is not None)
        with_roster = sum(1 for u in self.units if u.roster_complete)
        basics = (
            f"本季度（{q.start:%Y年%m月%d日}至{q.end:%Y年%m月%d日}），{count}个单位中{reporting}个"
            f"向市信用平台报送“双公示”信息{received}条，通过校验入库{accepted}条，合规率"
            f"{Rate(accepted, received)}，迟报率{Rate(late, received)}，及时率"
            f"{Rate(received - late, received)}。截至{self.reference_day:%Y年%m月%d日}，"
            f"{with_catalog}个单位报送了“双公示”目录，{with_plan}个报送了工作方案或推进计划，"
            f"{with_roster}个建立了完整的联络员名单。"
        )

        def document_cell(row: DocumentRow | None) -> str:
            if row is None:
                return "未报送"
            version = f"（{row.version}）" if row.version else ""
            return f"{row.submitted.isoformat()}{version}"

        rows: list[tuple[Cell, ...]] = []
        for u in self.units:
            plan = (
                "未报送"
                if u.plan is None
                else (
                    f"{'工作方案' if u.plan.type == 'work_plan' else '推进计划'} {u.plan.submitted}"
                )
            )
            roster = "未报送" if u.roster is None else "完整" if u.roster_complete else "不完整"
            rows.append((u.group_label, u.name, document_cell(u.catalog), u.catalog_age, plan,
                         roster, u.received, u.accepted, u.late, u.compliance_rate.percent,
                         u.late_rate.percent, u.timely_rate.percent))  # fmt: skip
        rows.append(("合计", "", "", None, "", "", received, accepted, late,
                     Rate(accepted, received).percent, Rate(late, received).percent,
                     Rate(received - late, received).percent))  # fmt: skip
        table = Table(
            title="各单位“双公示”工作情况",
            headers=("类别", "单位", "目录", "目录距今天数", "工作方案/推进计划", "联络员",
                     "报送", "入库", "迟报", "合规率", "迟报率", "及时率"),
            rows=rows, rate_columns=(9, 10, 11), flag_columns=(11,),
            threshold=self.timely_threshold, total_rows=1,
        )  # fmt: skip
        chart = Chart(
            title="各单位及时率", kind="bar", unit="%",
            categories=[u.name for u in self.units],
            series=[Series("及时率", [None if (p := u.timely_rate.percent) is None else float(p)
                                      for u in self.units])],
        )  # fmt: skip
        praised = self.praised()
        praise = [
            f"{'、'.join(u.name for u in praised)}本季度报送数据量大、迟报率低于"
            f"{self.praise_late_rate:g}%，予以通报表扬。"
            if praised else "本季度无符合表扬条件的单位。"
        ]  # fmt: skip
        criticism = []
        if silent := self.silent():
            criticism.append(f"本季度未报送任何“双公示”信息：{'、'.join(u.name for u in silent)}。")
        if least := self.least_timely():
            listed = "、".join(f"{u.name}（{u.timely_rate}）" for u in least)
            criticism.append(f"及时率低于{self.timely_threshold:g}%、排名靠后：{listed}。")
        if missing := self.incomplete():
            listed = "；".join(f"{u.name}（缺{'、'.join(u.missing())}）" for u in missing)
            criticism.append(f"材料报送不全：{listed}。")
        return Document(
            kind="quarterly", title=self.title,
            meta=(("统计期", f"{q.start.isoformat()} 至 {q.end.isoformat()}"),
                  ("统计截止", self.as_of.isoformat()),
                  *((("材料计至", self.reference_day.isoformat()),)
                    if self.reference_day != self.as_of else ()),
                  ("统计口径", CONVENTION)),
            sections=(Section(heading="一、基本情况", paragraphs=(basics,)),
                      Section(heading="二、各单位报送情况", blocks=(table, chart)),
                      Section(heading="三、通报表扬", paragraphs=praise),
                      Section(heading="四、通报批评",
                              paragraphs=criticism or ("本季度无通报批评的单位。",)),
                      Section(heading="五、下一步工作要求", paragraphs=(NEXT_STEPS,))),
            data=self.to_dict(),
        )  # fmt: skip


def _issuer(name: str) -> str:
    """The city of a platform's name: ``示例市信用信息中心`` → ``示例市``."""
    head, found, _ = name.partition("市")
    return head + found if found else name


def quarterly_report(
    store: Store,
    name: str,
    quarter: Period,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    standard: Standard,
    top: int = 3,
    praise_late_rate: Decimal = Decimal(10),
    timely_threshold: Decimal = Decimal(90),
) -> QuarterlyReport:
    """The bulletin of ``quarter`` from a platform's store (``name``: the platform's)."""
    view = platform_view(store.received.versions(*period_bounds(quarter)), quarter,
                         calendar=calendar, standard=standard)  # fmt: skip
    day = min(quarter.end, as_of)
    documents: dict[str, list[DocumentRow]] = {}
    for row in store.documents.list(until=day):
        documents.setdefault(row.department, []).append(row)
    units = []
    departments = sorted(store.departments.list(), key=lambda d: (d.grouping != "", d.grouping))
    for d in departments:
        rows = documents.get(d.code, [])
        catalog = _latest(rows, "catalog")
        kinds = view.get(d.code, {}).values()
        units.append(QuarterlyUnit(
            name=d.name, code=d.code, grouping=d.grouping, catalog=catalog,
            plan=_latest(rows, "work_plan", "progress_plan"), roster=_latest(rows, "roster"),
            catalog_age=None if catalog is None else (day - catalog.submitted).days,
            received=sum(f["received"].value for f in kinds),
            accepted=sum(f["accepted"].value for f in kinds),
            late=sum(f["late"].value for f in kinds),
        ))  # fmt: skip
    return QuarterlyReport(issuer=_issuer(name), quarter=quarter, as_of=as_of,
                           units=tuple(units), top=top, praise_late_rate=praise_late_rate,
                           timely_threshold=timely_threshold)  # fmt: skip
