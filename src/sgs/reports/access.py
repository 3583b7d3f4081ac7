"""The reports for the review of personal-data access: over the access log (``store.audit``).

* :func:`subject_access_report` — for one subject, given by its 统一社会信用代码 or a
  natural person's 证件号码: the decisions of the platform that name it, and every access
  event naming any of them — when (Beijing time), who (department, role, user), what
  (the action and the fields revealed in clear, by their names in the standard), why
  (the purpose and the legal basis) and how (the channel). 《河南省社会信用条例》第四十条
  and 《上海市社会信用条例》第三十四条: a subject's report states how its information was
  used and queried. The subject's 证件号码 is shown masked (the publication's masking
  profile); a 统一社会信用代码 is public and shown as it is.
* :func:`self_check_report` — the periodic self-check (《个人信息保护法》第五十四条 compliance
  audit; 人民银行令〔2005〕第3号 第三十七条): queries by user, by department and by purpose;
  queries after hours (outside 08:30–18:00 Beijing time, or on a day the working-day
  calendar says is not a working day); bulk queries (one event revealing ``bulk`` records
  or more, or one user ``bulk_daily`` distinct records or more in one day); reads in clear
  without an application; denied attempts; and whether the chain verified intact.

Both are :class:`~sgs.reports.renderable.Renderable`: every registered report format
writes them. Neither ever holds a clear ID number: the log holds record keys and field
codes, and any free text taken from it (a purpose, a reason, a name) passes through the
personal-data masker first.

>>> import datetime as dt
>>> in_hours(dt.datetime(2026, 10, 9, 0, 29, tzinfo=dt.UTC))  # 08:29 in Beijing
False
>>> in_hours(dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.UTC))  # 18:00 in Beijing
True
>>> basis_text("authorisation:A-7:2027-01-31")
'信用主体授权（授权书 A-7，有效期至 2027-01-31）'
>>> field_names(["CF_XDR_ZJHM", "XK_FR_ZJHM"])
('证件号码', '法定代表人证件号码')
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Final

import attrs

from sgs.calendar import CHINA, WorkCalendar
from sgs.errors import SgsError
from sgs.ids import uscc
from sgs.ids.personal import mask_text
from sgs.publication import MaskingProfile, masking_profile
from sgs.reports.document import Cell, Document, Section, Table
from sgs.reports.renderable import Renderable
from sgs.standard import Kind, Role, available_versions, get_standard
from sgs.store import ChainCheck, LoggedEvent, Store
from sgs.store.received import SubjectRecord
from sgs.store.times import as_utc
from sgs.store.users import ROLE_LABELS

__all__ = [
    "ACTION_LABELS",
    "CHANNEL_LABELS",
    "QUERY_ACTIONS",
    "WORKING_HOURS",
    "EventRow",
    "SelfCheckReport",
    "SubjectAccessReport",
    "Tally",
    "basis_text",
    "field_names",
    "in_hours",
    "self_check_report",
    "subject_access_report",
]

#: Working hours in Beijing time, both ends included (18:00:00 is in hours, 18:00:01 not).
WORKING_HOURS: Final = (dt.time(8, 30), dt.time(18, 0))
#: The actions that reveal personal data: the self-check's "queries".
QUERY_ACTIONS: Final = ("read", "export")

ACTION_LABELS: Final[Mapping[str, str]] = {
    "read": "查询（明文显示）", "export": "导出", "denied": "被拒绝的访问", "apply": "提出查询申请",
    "approve": "批准查询申请", "reject": "驳回查询申请", "close": "办结查询申请",
    "user-add": "添加用户", "user-remove": "删除用户", "role-grant": "授予角色",
    "role-revoke": "撤销角色", "token-rotate": "更换令牌", "password-set": "设置密码",
    "login": "登录", "login-failed": "登录失败", "logout": "退出", "purge": "清理到期记录",
}  # fmt: skip
CHANNEL_LABELS: Final[Mapping[str, str]] = {
    "api": "接口", "cli": "命令行", "python": "程序调用", "export": "导出文件", "portal": "门户",
}  # fmt: skip
_STATE_LABELS: Final = {"current": "公示/共享中", "withdrawn": "已撤回", "repaired": "已信用修复",
                        "rejected": "被退回（疑问数据）"}  # fmt: skip


def clean(text: str) -> str:
    """Free text from the log with any personal data in it masked (an ID number a user
    typed into a purpose, say).

    >>> clean("核查410105199003070012的处罚")
    '核查410105************的处罚'
    """
    return mask_text(str(text))[0]


def beijing(at: dt.datetime) -> dt.datetime:
    """``at`` in Beijing time (a time without zone is UTC, as the store keeps it)."""
    return as_utc(at).astimezone(CHINA)


def in_hours(at: dt.datetime, hours: tuple[dt.time, dt.time] = WORKING_HOURS) -> bool:
    """Whether ``at`` falls within working hours in Beijing time (the day not considered)."""
    moment = beijing(at).time().replace(tzinfo=None)
    return hours[0] <= moment <= hours[1]


def _shown(at: dt.datetime) -> str:
    return beijing(at).strftime("%Y-%m-%d %H:%M:%S")


@cache
def _labels() -> Mapping[str, str]:
    found: dict[str, str] = {}
    for version in available_versions():
        for kind in Kind:
            for spec in get_standard(version).spec(kind):
                found.setdefault(spec.code, spec.label)
    return found


def field_names(codes: Iterable[str]) -> tuple[str, ...]:
    """The fields' names in the standard (a code no standard knows stays as it is)."""
    labels = _labels()
    return tuple(labels.get(code, code) for code in codes)


def basis_text(basis: str) -> str:
    """A legal basis as the log writes it (``duty:…``, ``authorisation:ID:EXPIRY``, ``self``),
    in words."""
    head, _, rest = basis.partition(":")
    if head == "duty":
        return f"履行职责（{clean(rest)}）" if rest else "履行职责"
    if head == "authorisation":
        ident, _, expiry = rest.partition(":")
        until = f"，有效期至 {clean(expiry)}" if expiry else ""
        return f"信用主体授权（授权书 {clean(ident)}{until}）"
    if head == "self":
        return "本人查询"
    return clean(basis) if basis else "未填写"


def _role(role: str) -> str:
    """The roles of an event (``querier``, ``querier,approver`` …) in words."""
    return "、".join(ROLE_LABELS.get(r, clean(r)) for r in role.split(",")) if role else ""


def _departments(store: Store, names: Mapping[str, str] | None) -> dict[str, str]:
    found = {d.code: d.name for d in store.departments.list()}
    found.update(names or {})
    return found


def _chain_text(chain: ChainCheck) -> str:
    if chain.intact:
        return f"访问日志哈希链校验完整（共 {chain.entries} 条记录）"
    return f"访问日志哈希链校验未通过：{chain.problem}（共读到 {chain.entries} 条记录）"


def _chain_dict(chain: ChainCheck) -> dict[str, Any]:
    return {"intact": chain.intact, "entries": chain.entries, "broken_at": chain.broken_at,
            "problem": chain.problem, "problem_en": chain.problem_en}  # fmt: skip


def _json(data: Mapping[str, Any]) -> str:
    return json.dumps(dict(data), ensure_ascii=False, indent=2)


# -- one event as a report shows it ------------------------------------------------------------
@attrs.frozen(kw_only=True)
class EventRow:
    """One access event as the reports show it: names instead of codes, free text masked."""

    id: int
    #: Beijing time.
    at: dt.datetime
    department: str
    role: str
    actor: str
    action: str
    purpose: str
    basis: str
    #: The fields revealed in clear, by their names in the standard.
    fields: tuple[str, ...]
    channel: str
    client: str
    #: The records concerned (distinct), or the result count of an export that lists none.
    records: int
    application: str = ""
    reason: str = ""
    #: Why a row is listed (after hours: 节假日 / 休息日 / 工作时间外).
    note: str = ""

    @classmethod
    def of(cls, entry: LoggedEvent, departments: Mapping[str, str], note: str = "") -> EventRow:
        event = entry.event
        detail = event.detail if isinstance(event.detail, Mapping) else {}
        return cls(
            id=entry.id, at=beijing(entry.at),
            department=departments.get(event.department, clean(event.department)),
            role=_role(event.role), actor=clean(event.actor),
            action=ACTION_LABELS.get(event.action, clean(event.action)),
            purpose=clean(event.purpose), basis=basis_text(event.basis) if event.basis else "",
            fields=field_names(event.fields),
            channel=CHANNEL_LABELS.get(event.channel, clean(event.channel)),
            client=clean(event.client), records=_revealed(entry),
            application=clean(str(detail.get("application", "") or "")),
            reason=clean(str(detail.get("reason", "") or "")), note=note,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        found = attrs.asdict(self)
        found["at"] = self.at.isoformat()
        found["fields"] = list(self.fields)
        return found


def _revealed(entry: LoggedEvent) -> int:
    distinct = len(set(entry.event.records))
    return distinct if distinct or entry.event.action != "export" else entry.event.result_count


# -- the subject access report -----------------------------------------------------------------
@attrs.frozen(kw_only=True)
class SubjectAccessReport(Renderable):
    """The subject access report (module documentation); :meth:`document` lays it out."""

    platform: str
    #: ``统一社会信用代码`` or ``证件号码``.
    identifier_kind: str
    #: The identifier as shown: a 证件号码 masked.
    subject: str
    #: When the report was made (Beijing time).
    made_at: dt.datetime
    records: tuple[SubjectRecord, ...]
    #: The events naming any of :attr:`records`, oldest first, each with the fields by name.
    accesses: tuple[EventRow, ...]
    chain: ChainCheck

    @property
    def title(self) -> str:
        return "信用信息查询使用情况报告"

    def keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.records)

    def _record_dict(self, record: SubjectRecord) -> dict[str, Any]:
        return {"key": record.key, "kind": Kind.parse(record.kind).label,
                "number": clean(record.number), "department": record.department_name,
                "department_code": record.department_code,
                "state": _STATE_LABELS.get(record.state, record.state),
                "fields": list(field_names(record.fields))}  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "platform": self.platform,
            "identifier_kind": self.identifier_kind, "subject": self.subject,
            "made_at": self.made_at.isoformat(),
            "records": [self._record_dict(r) for r in self.records],
            "accesses": [a.to_dict() for a in self.accesses],
            "chain": _chain_dict(self.chain),
        }  # fmt: skip

    def to_json(self) -> str:
        return _json(self.to_dict())

    def document(self) -> Document:
        """一、信用主体的记录; 二、查询使用情况; 三、说明."""
        records = Table(
            title="平台持有的涉及该主体的记录",
            headers=("记录键", "类别", "决定文书号", "报送部门", "状态", "主体信息所在信息项"),
            rows=[(d["key"], d["kind"], d["number"], d["department"], d["state"],
                   "、".join(d["fields"])) for d in map(self._record_dict, self.records)],
        )  # fmt: skip
        rows: list[tuple[Cell, ...]] = [
            (a.at.strftime("%Y-%m-%d %H:%M:%S"), a.department, a.role, a.actor, a.action,
             a.purpose or "未填写", a.basis or "未填写", "、".join(a.fields) or "无（未显示明文）",
             a.channel)
            for a in self.accesses
        ]  # fmt: skip
        accesses = Table(
            title="查询使用记录",
            headers=("时间（北京时间）", "部门", "角色", "用户", "操作", "用途", "依据",
                     "显示的明文信息项", "渠道"),
            rows=rows, note="按访问日志记录的先后排列；日志只记录记录键和信息项，不记录信息内容。",
        )  # fmt: skip
        found = (f"平台持有涉及该主体的记录 {len(self.records)} 条。" if self.records
                 else "平台未持有涉及该主体的记录。")  # fmt: skip
        used = (f"访问日志中涉及这些记录的查询使用共 {len(self.accesses)} 次。" if self.accesses
                else "访问日志中没有涉及这些记录的查询使用。")  # fmt: skip
        return Document(
            kind="subject-access", title=self.title, subtitle=self.platform,
            meta=((self.identifier_kind, self.subject), ("出具单位", self.platform or "信用平台"),
                  ("出具时间（北京时间）", self.made_at.strftime("%Y-%m-%d %H:%M:%S"))),
            sections=(
                Section(heading="信用主体的记录", paragraphs=(found,),
                        blocks=(records,) if self.records else ()),
                Section(heading="查询使用情况", paragraphs=(used,),
                        blocks=(accesses,) if self.accesses else ()),
                Section(heading="说明", paragraphs=(
                    "依据《河南省社会信用条例》第四十条、《上海市社会信用条例》第三十四条，"
                    "信用报告注明信用信息的使用、查询情况。",
                    _chain_text(self.chain) + "。",
                    "证件号码已按公示规则遮蔽；如对记录或查询使用情况有异议，可向出具单位提出。")),
            ),
            data=self.to_dict(),
        )  # fmt: skip


def _identifier_codes(roles: Sequence[Role]) -> tuple[str, ...]:
    codes: dict[str, None] = {}
    for version in available_versions():
        for kind in Kind:
            spec = get_standard(version).spec(kind)
            for role in roles:
                code = spec.code_of(role)
                if code is not None:
                    codes[code] = None
    return tuple(codes)


def subject_access_report(
    store: Store,
    *,
    code: str | None = None,
    id_number: str | None = None,
    platform: str = "",
    names: Mapping[str, str] | None = None,
    masking: MaskingProfile | str = "cn-default",
    now: dt.datetime | None = None,
) -> SubjectAccessReport:
    """The subject access report of the subject with 统一社会信用代码 ``code`` or 证件号码
    ``id_number`` (exactly one): its decisions in the platform's store (any version,
    accepted or returned; a 证件号码 as the party's and as a 法定代表人's) and every
    access event naming one of them.

    ``names`` adds department names by code (the platform's own, say) to those of the
    registered departments; ``masking`` is the publication's masking profile.
    """
    if (code is None) == (id_number is None):
        raise SgsError("须给出统一社会信用代码或证件号码之一",
                       "give either the credit code or the ID number, one of them")  # fmt: skip
    profile = masking_profile(masking)
    if code is not None:
        wanted = code.strip().upper()
        if uscc.problem(wanted) is not None:
            raise SgsError(f"统一社会信用代码“{clean(code.strip())}”无效",
                           f"{clean(code.strip())!r} is not a valid credit code")  # fmt: skip
        kind, shown = "统一社会信用代码", wanted
        found = store.received.subject_records(
            codes=_identifier_codes((Role.PARTY_USCC,)), value=wanted, casefold=True
        )
    else:
        assert id_number is not None
        wanted = id_number.strip().upper()
        if not wanted or len(wanted) > 64 or any(c.isspace() for c in wanted):
            raise SgsError("证件号码为空或格式不对（不能含空白，至多64个字符）",
                           "the ID number is empty or malformed (no blanks, 64 characters at most)")  # fmt: skip
        kind, shown = "证件号码", profile.mask_id(wanted)
        found = store.received.subject_records(
            codes=_identifier_codes((Role.PARTY_ID_NUMBER, Role.LEGAL_REP_ID_NUMBER)),
            value=wanted, casefold=True)  # fmt: skip
    keys = {r.key for r in found}
    departments = _departments(store, names)
    accesses = tuple(
        EventRow.of(entry, departments)
        for entry in store.audit.entries()
        if keys.intersection(entry.event.records)
    )
    chain = store.audit.verify()
    return SubjectAccessReport(
        platform=platform, identifier_kind=kind, subject=shown,
        made_at=beijing(now or dt.datetime.now(dt.UTC)), records=tuple(found),
        accesses=accesses, chain=chain,
    )  # fmt: skip


# -- the self-check report ---------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Tally:
    """Queries of one user, department or purpose: events and distinct records."""

    name: str
    events: int
    records: int
    #: A user's department and roles.
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class BulkDay:
    """One user's distinct records revealed on one day (Beijing date), over the threshold."""

    actor: str
    department: str
    day: dt.date
    records: int
    events: int

    def to_dict(self) -> dict[str, Any]:
        return {**attrs.asdict(self), "day": self.day.isoformat()}


@attrs.frozen(kw_only=True)
class SelfCheckReport(Renderable):
    """The periodic self-check (module documentation); :meth:`document` lays it out."""

    platform: str
    start: dt.date
    end: dt.date
    made_at: dt.datetime
    bulk: int
    bulk_daily: int
    hours: tuple[dt.time, dt.time]
    #: Events in the period, by action (its code).
    actions: Mapping[str, int]
    by_user: tuple[Tally, ...]
    by_department: tuple[Tally, ...]
    by_purpose: tuple[Tally, ...]
    after_hours: tuple[EventRow, ...]
    bulk_events: tuple[EventRow, ...]
    bulk_days: tuple[BulkDay, ...]
    unapplied: tuple[EventRow, ...]
    denied: tuple[EventRow, ...]
    chain: ChainCheck

    @property
    def title(self) -> str:
        return "个人信息查询使用情况自查报告"

    @property
    def queries(self) -> int:
        return sum(self.actions.get(a, 0) for a in QUERY_ACTIONS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "platform": self.platform, "from": self.start.isoformat(),
            "to": self.end.isoformat(), "made_at": self.made_at.isoformat(),
            "working_hours": [t.strftime("%H:%M") for t in self.hours],
            "bulk": self.bulk, "bulk_daily": self.bulk_daily, "actions": dict(self.actions),
            "queries": self.queries,
            "by_user": [t.to_dict() for t in self.by_user],
            "by_department": [t.to_dict() for t in self.by_department],
            "by_purpose": [t.to_dict() for t in self.by_purpose],
            "after_hours": [e.to_dict() for e in self.after_hours],
            "bulk_events": [e.to_dict() for e in self.bulk_events],
            "bulk_days": [b.to_dict() for b in self.bulk_days],
            "reads_without_application": [e.to_dict() for e in self.unapplied],
            "denied": [e.to_dict() for e in self.denied],
            "chain": _chain_dict(self.chain),
        }  # fmt: skip

    def to_json(self) -> str:
        return _json(self.to_dict())

    def document(self) -> Document:
        """一、总体情况 … 七、访问日志完整性."""

        def tallies(title: str, first: str, found: Sequence[Tally], detail: str = "") -> Table:
            headers = (first, *((detail,) if detail else ()), "查询次数", "涉及记录数")
            return Table(title=title, headers=headers, rows=[
                (t.name or "未填写", *((t.detail,) if detail else ()), t.events, t.records)
                for t in found])  # fmt: skip

        def events(title: str, found: Sequence[EventRow], last: str, value: str) -> Table:
            return Table(
                title=title,
                headers=("序号", "时间（北京时间）", "用户", "角色", "部门", "操作", "用途", "依据",
                         "显示的明文信息项", "记录数", "渠道", "地址", last),
                rows=[(e.id, e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.role, e.department,
                       e.action, e.purpose or "未填写", e.basis or "未填写",
                       "、".join(e.fields) or "无", e.records, e.channel, e.client,
                       getattr(e, value)) for e in found],
            )  # fmt: skip

        def listed(heading: str, found: Sequence[EventRow], text: str, table: Table) -> Section:
            said = f"{text}共 {len(found)} 次。" if found else f"未发现{text}。"
            return Section(heading=heading, paragraphs=(said,), blocks=(table,) if found else ())

        start, end = self.hours
        counted = "、".join(f"{ACTION_LABELS.get(a, a)} {n} 次" for a, n in self.actions.items())
        overall = (f"统计期内访问日志记录 {sum(self.actions.values())} 次操作"
                   + (f"（{counted}）" if counted else "") + f"；其中查询（明文显示和导出）"
                   f"{self.queries} 次，涉及 {len(self.by_user)} 名用户。")  # fmt: skip
        bulk_days = Table(
            title=f"单日查询 {self.bulk_daily} 条以上不同记录的用户",
            headers=("用户", "部门", "日期", "不同记录数", "查询次数"),
            rows=[(b.actor, b.department, b.day.isoformat(), b.records, b.events)
                  for b in self.bulk_days],
        )  # fmt: skip
        bulk_said = (f"单次查询 {self.bulk} 条以上记录 {len(self.bulk_events)} 次；"
                     f"单日查询 {self.bulk_daily} 条以上不同记录 {len(self.bulk_days)} 人次。")  # fmt: skip
        return Document(
            kind="self-check", title=self.title, subtitle=self.platform,
            meta=(("自查单位", self.platform or "信用平台"),
                  ("统计期", f"{self.start.isoformat()} 至 {self.end.isoformat()}（北京时间）"),
                  ("工作时间", f"工作日 {start:%H:%M}–{end:%H:%M}（法定节假日和调休按工作日历）"),
                  ("批量查询标准", f"单次 ≥ {self.bulk} 条；单人单日 ≥ {self.bulk_daily} 条"),
                  ("出具时间（北京时间）", self.made_at.strftime("%Y-%m-%d %H:%M:%S"))),
            sections=(
                Section(heading="总体情况", paragraphs=(overall,), blocks=(
                    tallies("按用户", "用户", self.by_user, "部门及角色"),
                    tallies("按部门", "部门", self.by_department),
                    tallies("按用途", "用途", self.by_purpose))),
                listed("工作时间以外的查询", self.after_hours, "工作时间以外的查询",
                       events("工作时间以外的查询", self.after_hours, "情形", "note")),
                Section(heading="批量查询", paragraphs=(bulk_said,), blocks=(
                    *((events(f"单次查询 {self.bulk} 条以上记录", self.bulk_events, "情形",
                              "note"),) if self.bulk_events else ()),
                    *((bulk_days,) if self.bulk_days else ()))),
                listed("无查询申请的明文查询", self.unapplied, "未关联查询申请的明文查询（本人查询除外）",
                       events("无查询申请的明文查询", self.unapplied, "申请", "application")),
                listed("被拒绝的访问", self.denied, "被拒绝的访问",
                       events("被拒绝的访问", self.denied, "拒绝原因", "reason")),
                Section(heading="访问日志完整性", paragraphs=(
                    _chain_text(self.chain) + "（出具本报告时校验）。",
                    "依据《个人信息保护法》第五十四条（合规审计）及《个人信用信息基础数据库管理暂行"
                    "办法》第三十七条（定期自查）。")),
            ),
            data=self.to_dict(),
        )  # fmt: skip


def _after_hours(at: dt.datetime, calendar: WorkCalendar, hours: tuple[dt.time, dt.time]) -> str:
    """Why ``at`` is after hours (节假日 / 休息日 / 工作时间外), or "" within them."""
    day = beijing(at).date()
    if not calendar.is_workday(day):
        holiday = calendar.holiday_name(day)
        return f"节假日（{holiday}）" if holiday else "休息日"
    return "" if in_hours(at, hours) else "工作时间外"


def self_check_report(
    store: Store,
    start: dt.date,
    end: dt.date,
    *,
    calendar: WorkCalendar,
    bulk: int = 50,
    bulk_daily: int = 200,
    hours: tuple[dt.time, dt.time] = WORKING_HOURS,
    platform: str = "",
    names: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> SelfCheckReport:
    """The self-check over the events from ``start`` to ``end`` (Beijing dates, both
    included); ``calendar`` says which days are working days (module documentation)."""
    if end < start:
        raise SgsError(f"统计期的结束日 {end} 早于开始日 {start}",
                       f"the period ends ({end}) before it starts ({start})")  # fmt: skip
    if bulk < 1 or bulk_daily < 1:
        raise SgsError("批量查询的标准应为正整数", "the bulk thresholds are 1 or more")
    departments = _departments(store, names)
    actions: dict[str, int] = defaultdict(int)
    users: dict[str, list[Any]] = {}  # actor: [events, keys, departments, roles]
    units: dict[str, list[Any]] = {}
    purposes: dict[str, list[Any]] = {}
    daily: dict[tuple[str, dt.date], list[Any]] = {}
    after, big, unapplied, denied = [], [], [], []
    for entry in store.audit.entries():
        when = beijing(entry.at)
        if not start <= when.date() <= end:
            continue
        event = entry.event
        actions[event.action] += 1
        if event.action == "denied":
            denied.append(EventRow.of(entry, departments))
        if event.action not in QUERY_ACTIONS:
            continue
        keys = set(event.records)
        department = departments.get(event.department, clean(event.department))
        for table, name in ((users, clean(event.actor)), (units, department),
                            (purposes, clean(event.purpose))):  # fmt: skip
            held = table.setdefault(name, [0, set(), {}, {}])
            held[0] += 1
            held[1].update(keys)
            held[2][department] = None
            held[3][_role(event.role)] = None
        day = daily.setdefault((clean(event.actor), when.date()), [0, set(), department])
        day[0] += 1
        day[1].update(keys)
        why = _after_hours(entry.at, calendar, hours)
        if why:
            after.append(EventRow.of(entry, departments, note=why))
        if _revealed(entry) >= bulk:
            big.append(EventRow.of(entry, departments, note=f"单次 {_revealed(entry)} 条"))
        detail = event.detail if isinstance(event.detail, Mapping) else {}
        if (event.action == "read" and event.fields and not detail.get("application")
                and event.basis != "self"):  # fmt: skip
            unapplied.append(EventRow.of(entry, departments))

    def tallied(table: Mapping[str, list[Any]], with_detail: bool = False) -> tuple[Tally, ...]:
        found = [
            Tally(name=name, events=held[0], records=len(held[1]),
                  detail="；".join(f"{d}" for d in held[2] if d) + (
                      "（" + "、".join(r for r in held[3] if r) + "）"
                      if any(held[3]) else "") if with_detail else "")
            for name, held in table.items()
        ]  # fmt: skip
        return tuple(sorted(found, key=lambda t: (-t.events, -t.records, t.name)))

    bulk_days = tuple(
        BulkDay(actor=actor, department=held[2], day=day, records=len(held[1]), events=held[0])
        for (actor, day), held in sorted(daily.items(), key=lambda item: (item[0][1], item[0][0]))
        if len(held[1]) >= bulk_daily
    )  # fmt: skip
    return SelfCheckReport(
        platform=platform, start=start, end=end,
        made_at=beijing(now or dt.datetime.now(dt.UTC)), bulk=bulk, bulk_daily=bulk_daily,
        hours=hours, actions=dict(sorted(actions.items())), by_user=tallied(users, True),
        by_department=tallied(units), by_purpose=tallied(purposes), after_hours=tuple(after),
        bulk_events=tuple(big), bulk_days=bulk_days, unapplied=tuple(unapplied),
        denied=tuple(denied), chain=store.audit.verify(),
    )  # fmt: skip
