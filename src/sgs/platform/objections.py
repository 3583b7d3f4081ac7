"""Objections (异议) on the platform: a case a subject opens on a record, and how it closes.

《河南省社会信用条例》第四十一条 and 郑发改财贸〔2019〕773号 五.一: the platform flags
the record 异议 on receipt (the public view shows ``"objection": true``), then
handles the case itself (``own_scope``: 3 working days in Henan) or sends the
providing department a **核查通知** (``provider``: the department has 3 working days
from the notice, the case 7 from receipt). The department answers through its own
channel:

* a corrected record, pushed as any update with ``"objection": "CASE"`` on it
  (``sgs sync`` adds it while its ledger holds the case) — accepted, it closes the
  case ``corrected`` in the same transaction, with field-level history (old value,
  new value, case); a withdrawal carrying the case closes it ``deleted``;
* or a confirmation that the record stands (:meth:`Objections.answer`,
  ``POST /api/v1/objections/{case}/answer``): the case closes ``confirmed``.

Staff may decide a case in the platform's own scope (:meth:`Objections.decide`),
send it to the provider (:meth:`Objections.transfer`), refuse to accept it
(``not_accepted``), suspend its clock (检验、检测、鉴定、专家评审 — the days do not count)
and resume it, or extend it where the profile allows. Every step is recorded with
its actor, day and opinion (:class:`~sgs.store.CaseStep`); every deadline missed is
recorded once, as a ``breach`` step (:meth:`Objections.overdue`).

The deadlines come from the platform's deadline profile (``[cases] profile``,
``henan`` by default) counted on the working-day calendar.

States: ``verifying`` (核查通知 sent, the provider to answer), ``own_scope`` (the
platform handles it), ``closed`` (with an ``outcome``: ``corrected``, ``deleted``,
``confirmed``), ``not_accepted`` (不予受理, with the reason). A suspension does not
change the state; ``suspended`` says whether one is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sgs.calendar import Pause, WorkCalendar, china_today, default_calendar
from sgs.calendar.casework import DeadlineProfile
from sgs.errors import CalendarYearUnavailable, SgsError
from sgs.ids.personal import mask_text
from sgs.plugins.deadlines import deadline_profile
from sgs.store import CLOSED_STATES, Department, ObjectionCase, Store
from sgs.store.case_figures import ObjectionFigures, objection_figures

__all__ = [
    "CHANNELS",
    "CLAIMS",
    "Objections",
    "mask_identifier",
]

#: What an objection may claim (objections.md §1: Henan Art. 41, 36号令 Art. 18, Zhejiang Art. 30).
CLAIMS = ("事实错误", "文字错误", "遗漏", "超期披露", "名单", "不予受理或不予修复", "其他")
#: How it reached the platform.
CHANNELS = ("portal", "creditchina", "window", "letter", "api")
#: What staff may decide in the platform's own scope.
DECISIONS = ("confirmed", "not_accepted")


def mask_identifier(value: str) -> str:
    """An applicant's identifier as the store keeps it: ID numbers and phones masked.

    >>> mask_identifier("410105199003070012")
    '410105************'
    >>> mask_identifier("91410105MA44H8K21X")
    '91410105MA44H8K21X'
    """
    masked, _ = mask_text(value.strip())
    return masked


class Objections:
    """The objection cases of a platform's store, with its deadline profile and calendar."""

    def __init__(self, store: Store, *, profile: str | DeadlineProfile = "henan",
                 route: str = "provider", calendar: WorkCalendar | None = None) -> None:  # fmt: skip
        self.store = store
        self.profile = deadline_profile(profile)
        self.route = route
        self.calendar = calendar if calendar is not None else default_calendar()

    # -- opening --------------------------------------------------------------------------
    def open(
        self,
        key: str,
        *,
        claim: str,
        text: str = "",
        channel: str = "portal",
        applicant_kind: str = "",
        applicant_name: str = "",
        applicant_id: str = "",
        attachments: Sequence[str] = (),
        route: str | None = None,
        actor: str = "staff",
        on: dt.date | None = None,
    ) -> ObjectionCase:
        """Register an objection to the record ``key`` and flag it 异议 at once (where the
        profile flags on receipt: ``henan``, ``zhejiang``, ``shanghai``).

        With ``route`` ``provider`` (the platform's default, ``[cases] route``) the
        核查通知 goes to the providing department on the same day.
        """
        if claim not in CLAIMS:
            raise SgsError(f"异议类型应为{'、'.join(CLAIMS)}之一（现为“{claim}”）",
                           f"the claim must be one of {', '.join(CLAIMS)} (got {claim!r})")  # fmt: skip
        if channel not in CHANNELS:
            raise SgsError(f"渠道应为{'、'.join(CHANNELS)}之一（现为“{channel}”）",
                           f"the channel must be one of {', '.join(CHANNELS)} (got {channel!r})")  # fmt: skip
        chosen = route or self.route
        if chosen not in ("provider", "own_scope"):
            raise SgsError(f"处理方式应为 provider 或 own_scope（现为“{chosen}”）",
                           f"the route must be provider or own_scope (got {chosen!r})")  # fmt: skip
        row = self.store.received.current_one(key)
        if row is None:
            raise SgsError(f"平台没有记录 {key}（或已撤回）",
                           f"the platform holds no record {key} (or it was withdrawn)")  # fmt: skip
        department_id = self.store.received.owner_of(key)
        received_on = on or china_today()
        values: dict[str, Any] = {
            "record_key": key, "department_id": department_id, "kind": row.kind,
            "channel": channel, "applicant_kind": applicant_kind.strip(),
            "applicant_name": applicant_name.strip(),
            "applicant_id": mask_identifier(applicant_id), "claim": claim,
            "text": mask_text(text.strip())[0], "attachments": list(attachments),
            "route": chosen, "profile": self.profile.name, "received_on": received_on,
        }  # fmt: skip
        flag = self.profile.flag_on_receipt or self.profile.has("objection.flag")
        steps = [("flagged", "", "异议标注：记录显示为异议")] if flag else []
        if chosen == "provider":
            values.update(state="verifying", notice_on=received_on,
                          provider_due=self._provider_due(received_on, ()),
                          due=self._due("provider", received_on, (), 0))  # fmt: skip
            steps.append(("notice", "verifying", "核查通知已发送数据提供单位"))
        else:
            values.update(state="own_scope", due=self._due("own_scope", received_on, (), 0))
        steps = [(s, state or str(values["state"]), o) for s, state, o in steps]
        return self.store.cases.open_objection(values, actor=actor, steps=steps, flag=flag)

    # -- reading --------------------------------------------------------------------------
    def get(self, number: str) -> ObjectionCase:
        """The case numbered ``number``; an :class:`SgsError` when there is none."""
        found = self.store.cases.objection(number.strip())
        if found is None:
            raise SgsError(f"没有办件编号为 {number} 的异议", f"no objection numbered {number}")
        return found

    def notices(self, department: Department) -> list[ObjectionCase]:
        """The 核查通知 ``department`` has to answer: its cases being verified."""
        return self.store.cases.objections(department_id=department.id, states=["verifying"])

    def open_cases(self) -> list[ObjectionCase]:
        return self.store.cases.objections(open_only=True)

    def due(self, within: int = 1, on: dt.date | None = None) -> list[ObjectionCase]:
        """Open cases whose next deadline (the provider's while it verifies, else the
        case's) falls in at most ``within`` working days of ``on`` (not yet past)."""
        today = on or china_today()
        limit = self.calendar.add_workdays(today, within) if within > 0 else today
        found = []
        for case in self.open_cases():
            nearest = case.next_due
            if nearest is not None and today <= nearest <= limit:
                found.append(case)
        return found

    def overdue(self, on: dt.date | None = None) -> list[ObjectionCase]:
        """Open cases past a deadline on ``on``; each breach is recorded once in the case."""
        today = on or china_today()
        late = []
        for case in self.open_cases():
            missed = self._missed(case, today)
            for deadline, due in missed:
                if not case.breached(deadline):  # (a scheduler run every minute writes none)
                    self.store.cases.breach("objection", case.number, deadline, due)
            if missed:
                late.append(case)
        return late

    @staticmethod
    def _missed(case: ObjectionCase, today: dt.date) -> list[tuple[str, dt.date]]:
        missed = []
        if case.due is not None and today > case.due:
            missed.append(("case", case.due))
        if (
            case.state == "verifying"
            and case.provider_due is not None
            and today > case.provider_due
        ):
            missed.append(("provider", case.provider_due))
        return missed

    # -- answering and deciding -----------------------------------------------------------
    def answer(self, department: Department, number: str, outcome: str = "confirmed",
               opinion: str = "") -> ObjectionCase:  # fmt: skip
        """The provider's answer that its record stands (``confirmed``): the case closes.

        A corrected record is not answered here but pushed with the case on it.
        """
        case = self.get(number)
        if case.department_id != department.id:
            raise SgsError(f"异议 {number} 不是发给本单位的核查通知",
                           f"the objection {number} was not sent to this department")  # fmt: skip
        if outcome != "confirmed":
            raise SgsError(
                "答复结果应为 confirmed（记录无误）；更正请报送更正后的记录并注明办件编号，"
                "删除请撤回该记录并注明办件编号",
                "the outcome must be confirmed (the record stands); push the corrected record "
                "with the case number to correct it, or withdraw it with the case number",
            )
        self.store.cases.advance(
            "objection", case.number, "answered", state="closed", expect=["verifying"],
            actor=f"department:{department.code}", opinion=opinion or "经核实，记录无误",
            outcome="confirmed", closed_on=china_today(),
        )  # fmt: skip
        return self.get(case.number)

    def decide(self, number: str, outcome: str, *, opinion: str, actor: str = "staff",
               on: dt.date | None = None) -> ObjectionCase:  # fmt: skip
        """Staff's decision: ``confirmed`` (the objection is not upheld, the record stands)
        or ``not_accepted`` (不予受理); either closes the case with the opinion."""
        if outcome not in DECISIONS:
            raise SgsError(
                "决定应为 confirmed（记录无误）或 not_accepted（不予受理）；更正或删除由数据提供单位报送",
                "the decision must be confirmed or not_accepted; a correction or deletion "
                "comes from the providing department",
            )
        if not opinion.strip():
            raise SgsError("请写明处理意见", "an opinion is needed")
        state = "closed" if outcome == "confirmed" else "not_accepted"
        self.store.cases.advance(
            "objection", number, "decided", state=state, expect=["own_scope", "verifying"],
            actor=actor, opinion=opinion.strip(), outcome=outcome,
            closed_on=on or china_today(),
        )  # fmt: skip
        return self.get(number)

    def transfer(self, number: str, *, actor: str = "staff", opinion: str = "",
                 on: dt.date | None = None) -> ObjectionCase:  # fmt: skip
        """Send an own-scope case to the providing department as a 核查通知."""
        case = self.get(number)
        day = on or china_today()
        pauses = case.clock_pauses
        self.store.cases.advance(
            "objection", number, "notice", state="verifying", expect=["own_scope"], actor=actor,
            opinion=opinion or "核查通知已发送数据提供单位", route="provider", notice_on=day,
            provider_due=self._provider_due(day, pauses),
            due=self._due("provider", case.received_on, pauses, case.extra_days),
        )  # fmt: skip
        return self.get(number)

    def suspend(self, number: str, reason: str, *, actor: str = "staff",
                on: dt.date | None = None) -> ObjectionCase:  # fmt: skip
        """Stop the case's clock from ``on`` (检验、检测、检疫、鉴定、专家评审 — Henan Art. 41)."""
        if not reason.strip():
            raise SgsError("请写明中止的原因", "a reason for the suspension is needed")
        self._open_case(number)
        day = on or china_today()
        self.store.cases.pause("objection", number, day, reason.strip())
        self._reckon(
            self.get(number), "suspended", actor, reason.strip(), {"from": day.isoformat()}
        )
        return self.get(number)

    def resume(self, number: str, *, actor: str = "staff", on: dt.date | None = None
               ) -> ObjectionCase:  # fmt: skip
        """Start the clock again on ``on``: the deadline moves by the days it stood."""
        self._open_case(number)
        day = on or china_today()
        self.store.cases.resume("objection", number, day)
        self._reckon(self.get(number), "resumed", actor, "恢复办理", {"on": day.isoformat()})
        return self.get(number)

    def extend(self, number: str, days: int, reason: str, *, actor: str = "staff"
               ) -> ObjectionCase:  # fmt: skip
        """Extend the case by ``days`` working days where the profile allows extensions."""
        case = self._open_case(number)
        rule = self.profile.objection_extension
        if rule is None:
            raise SgsError(f"期限规则 {self.profile.name} 不允许延长异议办理期限",
                           f"the deadline profile {self.profile.name} allows no extension")  # fmt: skip
        if days < 1 or not reason.strip():
            raise SgsError("延长天数应为正整数并写明原因",
                           "an extension needs a positive number of days and a reason")  # fmt: skip
        total = case.extra_days + days
        if rule.max_total is not None and self._base_days(case) + total > rule.max_total:
            raise SgsError(
                f"延长后累计超过 {rule.max_total} 个工作日（{rule.source}）",
                f"the extension would take the case past {rule.max_total} working days in all",
            )
        self.store.cases.advance(
            "objection", number, "extended", state=case.state, actor=actor,
            opinion=reason.strip(), detail={"days": days, "needs": rule.needs},
            extra_days=total,
        )  # fmt: skip
        self._reckon(self.get(number), "", actor, "", {})
        return self.get(number)

    # -- figures --------------------------------------------------------------------------
    def figures(self, first: dt.date, last: dt.date) -> ObjectionFigures:
        """The figures of the cases received from ``first`` to ``last`` (both included)."""
        return objection_figures(self.store.cases, first, last, calendar=self.calendar,
                                 today=china_today())  # fmt: skip

    # -- the deadlines --------------------------------------------------------------------
    def _due(self, route: str, received: dt.date, pauses: Sequence[Pause], extra: int
             ) -> dt.date | None:  # fmt: skip
        """The case's deadline: the profile's step for the route, from receipt."""
        step = "objection.with_provider" if route == "provider" else "objection.own_scope"
        if not self.profile.has(step):
            step = "objection.own_scope" if self.profile.has("objection.own_scope") else ""
        if not step:
            return None
        try:
            return self.profile.due(step, received, pauses=pauses, extra=extra,
                                    calendar=self.calendar)  # fmt: skip
        except CalendarYearUnavailable:
            return None  # the year's holidays are not published yet: no date to give

    def _provider_due(self, notice: dt.date, pauses: Sequence[Pause]) -> dt.date | None:
        if not self.profile.has("objection.provider"):
            return None
        try:
            return self.profile.due("objection.provider", notice, pauses=pauses,
                                    calendar=self.calendar)  # fmt: skip
        except CalendarYearUnavailable:
            return None

    def _base_days(self, case: ObjectionCase) -> int:
        step = "objection.with_provider" if case.route == "provider" else "objection.own_scope"
        found = self.profile.step(step) or self.profile.step("objection.own_scope")
        return found.workdays if found is not None else 0

    def _reckon(self, case: ObjectionCase, step: str, actor: str, opinion: str,
                detail: dict[str, str]) -> None:  # fmt: skip
        """Work the case's deadlines out again from its pauses and extensions."""
        pauses = case.clock_pauses
        columns = {"due": self._due(case.route, case.received_on, pauses, case.extra_days)}
        if case.notice_on is not None:
            columns["provider_due"] = self._provider_due(case.notice_on, pauses)
        self.store.cases.advance("objection", case.number, step or "reckoned", state=case.state,
                                 actor=actor, opinion=opinion or "重新计算期限",
                                 detail={**detail, **{k: v.isoformat() if v else None
                                                      for k, v in columns.items()}},
                                 expect=[case.state], **columns)  # fmt: skip

    def _open_case(self, number: str) -> ObjectionCase:
        case = self.get(number)
        if case.state in CLOSED_STATES:
            raise SgsError(f"异议 {number} 已办结", f"the objection {number} is closed")
        return case
