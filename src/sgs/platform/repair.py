"""Credit repair (信用修复) on the platform: applications, the eligibility check, decisions.

国家发展改革委令第36号《信用修复管理办法》 (in force 2026-04-01): a subject whose
penalty has reached its shortest publication period, whose duties are performed and
who makes a public 信用承诺 may apply; the unit accepts or refuses within 3 working
days, and gives a result within 7 working days of acceptance (+10 when complex). A
repaired record is no longer published anywhere (终止公示) nor shared (停止共享).

:meth:`Repairs.apply` runs the engine's check (:func:`sgs.publication.repair_eligibility`:
the class and regime, the earliest repair date, the automatic end date, the
obligations, the commitment, the non-repairable flags and the fraud lock) before
anything is accepted: an ineligible application is ``refused`` at once with every
reason (a stable code and a Chinese message); an eligible one is accepted and
``under_review``. Staff then decide (:meth:`Repairs.decide`):

* ``repaired`` — the record leaves the current set (state ``repaired``: kept, never
  shown, never shared), the event is stored as a version of the record and queued
  for every upstream destination (``"operation": "repair"``), and the providing
  department sees it in ``GET /api/v1/repairs``;
* ``refused`` — with the staff's reason;
* ``revoked_for_fraud`` (36号令 第二十五条: false materials or a broken commitment) —
  a repaired record is published again, the subject may not have its records repaired
  for three years, and the finding is kept as a record of its own, three years, with
  no early end (:class:`~sgs.store.FraudLock`).

Every step has its actor, day and opinion; deadlines come from the platform's deadline
profile (``[cases] profile``) and every one missed is recorded once (:meth:`Repairs.overdue`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sgs.calendar import WorkCalendar, china_today, default_calendar
from sgs.calendar.casework import DeadlineProfile
from sgs.errors import CalendarYearUnavailable, SgsError
from sgs.platform.objections import CHANNELS, mask_identifier
from sgs.plugins.deadlines import deadline_profile
from sgs.publication import Policy, fraud_lock, repair_eligibility
from sgs.standard import Role, Standard
from sgs.store import Department, FraudLock, Incoming, RepairCase, Store
from sgs.store.case_figures import RepairFigures, repair_figures

__all__ = ["OPEN_STATES", "Repairs"]

#: The states of an application still to be decided.
OPEN_STATES = ("under_review",)


class Repairs:
    """The repair applications of a platform's store."""

    def __init__(self, store: Store, standard: Standard, *, policy: Policy | None = None,
                 profile: str | DeadlineProfile = "henan", destinations: Sequence[str] = (),
                 calendar: WorkCalendar | None = None) -> None:  # fmt: skip
        self.store = store
        self.standard = standard
        self.policy = policy
        self.profile = deadline_profile(profile)
        self.destinations = list(destinations)
        self.calendar = calendar if calendar is not None else default_calendar()

    def apply(
        self,
        key: str,
        *,
        commitment: str,
        obligations_fulfilled: bool = False,
        evidence: Sequence[str] = (),
        channel: str = "portal",
        applicant_kind: str = "",
        applicant_name: str = "",
        applicant_id: str = "",
        non_repairable: bool = False,
        actor: str = "staff",
        on: dt.date | None = None,
    ) -> RepairCase:
        """Register an application to repair the record ``key``, checked at once."""
        if channel not in CHANNELS:
            raise SgsError(f"渠道应为{'、'.join(CHANNELS)}之一（现为“{channel}”）",
                           f"the channel must be one of {', '.join(CHANNELS)} (got {channel!r})")  # fmt: skip
        held = self.store.received.held(key)
        if held is None or held[0] == "withdrawn":
            raise SgsError(f"平台没有记录 {key}（或已撤回）",
                           f"the platform holds no record {key} (or it was withdrawn)")  # fmt: skip
        state, row = held
        today = on or china_today()
        subject = self._subject(row.kind, row.fields) or key
        lock = self.store.cases.fraud_lock(subject, today)
        check = repair_eligibility(
            row.kind, row.fields, on=today, obligations_fulfilled=obligations_fulfilled,
            commitment=commitment, policy=self.policy, standard=self.standard,
            fraud_lock_until=lock.locked_until if lock else None, non_repairable=non_repairable,
        )  # fmt: skip
        reasons = [r.to_dict() for r in check.reasons]
        if state == "repaired":
            reasons.append({"code": "already-repaired", "message": "该记录已完成信用修复",
                            "message_en": "the record is repaired already"})  # fmt: skip
        values = {
            "record_key": key, "department_id": self.store.received.owner_of(key),
            "channel": channel, "applicant_kind": applicant_kind.strip(),
            "applicant_name": applicant_name.strip(),
            "applicant_id": mask_identifier(applicant_id), "subject": subject,
            "commitment": commitment.strip(), "obligations_fulfilled": obligations_fulfilled,
            "evidence": list(evidence), "reasons": reasons,
            "penalty_class": check.penalty_class or None, "regime": check.regime or None,
            "earliest_repair_date": check.earliest_repair_date,
            "auto_end_date": check.auto_end_date, "profile": self.profile.name,
            "received_on": today, "accept_due": self._due("repair.accept", today),
        }  # fmt: skip
        if reasons:
            values.update(state="refused", decided_on=today)
            steps = [("checked", "refused", "不符合信用修复条件：" + "；".join(
                r["message"] for r in reasons))]  # fmt: skip
        else:
            values.update(state="under_review", accepted_on=today,
                          result_due=self._due("repair.result", today))  # fmt: skip
            steps = [("accepted", "under_review", "经核查符合信用修复条件，予以受理")]
        return self.store.cases.open_repair(values, actor=actor, steps=steps)

    def get(self, number: str) -> RepairCase:
        """The application numbered ``number``; an :class:`SgsError` when there is none."""
        found = self.store.cases.repair(number.strip())
        if found is None:
            raise SgsError(f"没有编号为 {number} 的信用修复申请",
                           f"no repair application numbered {number}")  # fmt: skip
        return found

    def decide(self, number: str, *, repair: bool, reason: str, actor: str = "staff",
               on: dt.date | None = None) -> RepairCase:  # fmt: skip
        """Repair the record (终止公示, 停止共享, forwarded upstream) or refuse, with ``reason``."""
        if not reason.strip():
            raise SgsError("请写明决定的理由", "a reason for the decision is needed")
        case = self.get(number)
        if case.state not in OPEN_STATES:
            raise SgsError(f"申请 {number} 当前状态为 {case.state}，不能再作决定",
                           f"the application {number} is {case.state}: it cannot be decided")  # fmt: skip
        day = on or china_today()
        if not repair:
            self.store.cases.advance(
                "repair", number, "decided", state="refused", expect=OPEN_STATES, actor=actor,
                opinion=reason.strip(), decided_on=day,
                reasons=[{"code": "refused-on-review", "message": reason.strip(),
                          "message_en": "refused on review"}],
            )  # fmt: skip
            return self.get(number)
        self._end_publication(case)
        self.store.cases.advance(
            "repair", number, "decided", state="repaired", expect=OPEN_STATES, actor=actor,
            opinion=reason.strip(), decided_on=day,
            detail={"forwarded_to": self.destinations},
        )  # fmt: skip
        return self.get(number)

    def fraud(self, number: str, *, reason: str, actor: str = "staff",
              on: dt.date | None = None) -> RepairCase:  # fmt: skip
        """36号令 第二十五条: the application rested on false materials or a broken commitment."""
        if not reason.strip():
            raise SgsError("请写明认定虚假材料或违背承诺的事实", "a reason is needed")
        case = self.get(number)
        if case.state not in ("under_review", "repaired"):
            raise SgsError(f"申请 {number} 当前状态为 {case.state}，不能认定虚假",
                           f"the application {number} is {case.state}")  # fmt: skip
        day = on or china_today()
        restored = self.store.received.restore(case.key, self.destinations)
        held = self.store.received.held(case.key)
        name = ""
        if held is not None:
            code = self.standard.spec(held[1].kind).code_of(Role.PARTY_NAME)
            name = held[1].fields.get(code, "") if code else ""
        lock = FraudLock(subject=case.subject, subject_name=name, found_on=day,
                         locked_until=fraud_lock(day), record_key=case.key, reason=reason.strip())  # fmt: skip
        self.store.cases.lock_fraud(lock, case.id)
        self.store.cases.advance(
            "repair", number, "fraud", state="revoked_for_fraud",
            expect=["under_review", "repaired"], actor=actor, opinion=reason.strip(),
            decided_on=day, detail={"restored": restored, "locked_until": lock.locked_until.isoformat()},
        )  # fmt: skip
        return self.get(number)

    def decided_for(self, department: Department) -> list[RepairCase]:
        """The repairs of ``department``'s records (for it to stop its own publication)."""
        return [c for c in self.store.cases.repairs(states=["repaired", "revoked_for_fraud"])
                if c.department_id == department.id]  # fmt: skip

    def due(self, within: int = 1, on: dt.date | None = None) -> list[RepairCase]:
        today = on or china_today()
        limit = self.calendar.add_workdays(today, within) if within > 0 else today
        return [c for c in self.store.cases.repairs(states=list(OPEN_STATES))
                if c.result_due is not None and today <= c.result_due <= limit]  # fmt: skip

    def overdue(self, on: dt.date | None = None) -> list[RepairCase]:
        """Applications under review past their result date; each breach recorded once."""
        today = on or china_today()
        late = []
        for case in self.store.cases.repairs(states=list(OPEN_STATES)):
            if case.result_due is not None and today > case.result_due:
                if not case.breached("result"):
                    self.store.cases.breach("repair", case.number, "result", case.result_due)
                late.append(case)
        return late

    def figures(self, first: dt.date, last: dt.date) -> RepairFigures:
        """The figures of the applications received from ``first`` to ``last``."""
        return repair_figures(self.store.cases, first, last, calendar=self.calendar,
                              today=china_today())  # fmt: skip

    # -- helpers --------------------------------------------------------------------------
    def _end_publication(self, case: RepairCase) -> None:
        """The record becomes ``repaired`` through the store's one path for changes."""
        held = self.store.received.held(case.key)
        if held is None:
            raise SgsError(f"平台没有记录 {case.key}", f"the platform holds no record {case.key}")
        state, row = held
        if state == "repaired":
            return
        owner = self.store.departments.by_id(case.department_id)
        number_code = self.standard.spec(row.kind).code_of(Role.DECISION_NUMBER)
        change = Incoming(case.key, row.kind, "repair", dict(row.fields),
                          row.fields.get(number_code, "") if number_code else "",
                          scope=row.scope)  # fmt: skip
        results = self.store.received.take(owner, [change], standard=row.standard,
                                           channel="repair", batch_id=case.number,
                                           destinations=self.destinations)  # fmt: skip
        if not results[0].accepted:
            raise SgsError(f"记录 {case.key} 未能终止公示：{results[0].message}",
                           f"the record {case.key} could not be repaired: {results[0].message}")  # fmt: skip

    def _due(self, step: str, start: dt.date) -> dt.date | None:
        if not self.profile.has(step):
            return None
        try:
            return self.profile.due(step, start, calendar=self.calendar)
        except CalendarYearUnavailable:
            return None  # the year's holidays are not published yet: no date to give

    def _subject(self, kind: str, fields: Mapping[str, str]) -> str:
        """The party's 统一社会信用代码 (the fraud lock is the subject's, not one record's)."""
        code = self.standard.spec(kind).code_of(Role.PARTY_USCC)
        if code is None:
            return ""
        return str(fields.get(code, "")).strip().upper()
