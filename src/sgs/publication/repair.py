"""Credit repair (信用修复): whether a penalty's publication may end early, from when, and why not.

国家发展改革委令第36号《信用修复管理办法》 (in force 2026-04-01) lets a subject
ask for the early end of a penalty's publication when all of 第十四条 hold:

1. the shortest publication period has been reached (第十二条; 轻微 information:
   as soon as the legal duty is fulfilled);
2. the conduct is corrected and the duties of the decision are fully performed;
3. a public 信用承诺 is made;
4. any further condition of law, regulation or departmental rule.

A penalty with its own duration (暂扣许可证件, 限制从业 N 年: one of
:data:`DURATION_TYPES`, ending on its 处罚有效期) is not repairable while that
duration runs (第十二条); information found to rest on false
materials or a broken commitment is locked for 3 years (第二十五条); at the
longest period publication stops by itself (第十二条), so nothing is left to
repair.

The class, the periods and the last day shown are those :class:`Publisher`
computes for the public view (:meth:`Publisher.penalty_terms`): the class of the
most severe 处罚类别, the periods of the regime in force on the decision date
(:func:`period_for`). Which regime governs a decision made before 2026-04-01 and
applied for afterwards is an open question (repair.md §5.1; 36号令 has no
transition clause): :attr:`Policy.repair_regime_rule` is ``decision-date`` (the
default) or ``favourable`` — 从旧兼从轻, the earlier of that regime's and 36号令's
earliest repair dates.

Dates follow :func:`period_for`: the earliest repair date is the last day of the
shortest period and a repair may be applied for on it; ``on`` on or after the
automatic end date is ``publication-ended``.

>>> import datetime as dt
>>> fields = {"CF_WSH": "示罚〔2026〕1号", "CF_CFLB": "罚款", "CF_NR_FK": "12",
...           "CF_JDRQ": "2026-05-10", "CF_XDR_LB": "法人及非法人组织"}
>>> found = repair_eligibility("penalty", fields, on=dt.date(2026, 6, 1),
...                            obligations_fulfilled=True, commitment="本单位承诺……")
>>> found.penalty_class, found.earliest_repair_date, found.auto_end_date
('一般', datetime.date(2026, 8, 10), datetime.date(2027, 5, 10))
>>> found.eligible, [r.code for r in found.reasons]
(False, ['before-earliest-date'])
>>> repair_eligibility("penalty", fields, on=dt.date(2026, 8, 10),
...                    obligations_fulfilled=True, commitment="本单位承诺……").eligible
True
>>> fraud_lock(dt.date(2026, 9, 1))
datetime.date(2029, 9, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from sgs.calendar.periods import later
from sgs.publication.periods import period_for
from sgs.publication.policy import Policy
from sgs.publication.publisher import Publisher
from sgs.standard import Kind, Standard

__all__ = [
    "DURATION_TYPES",
    "FRAUD_YEARS",
    "REFUSAL_CODES",
    "Eligibility",
    "Refusal",
    "fraud_lock",
    "repair_eligibility",
]

#: 36号令 第二十五条: false materials or a broken commitment lock repair for 3 years.
FRAUD_YEARS: Final = 3

#: The refusal codes, in the order an :class:`Eligibility` lists them.
REFUSAL_CODES: Final = (
    "not-a-penalty",
    "no-decision-date",
    "before-earliest-date",
    "own-duration-running",
    "obligations-unfulfilled",
    "no-commitment",
    "not-repairable",
    "fraud-locked",
    "publication-ended",
)

#: The 处罚类别 that run for a time of their own (暂扣 N 个月, 限制从业 N 年): only with one
#: of them is the 处罚有效期 the end of a duration that holds repair back (第十二条); a fine's
#: 处罚有效期 (often a copy of the decision date or the 公示截止期) does not.
DURATION_TYPES: Final = frozenset({
    "暂扣许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "限制从业",
    "行政拘留",
    "暂扣或者吊销许可证、暂扣或者吊销执照",
})  # fmt: skip

_REGIME_2026: Final = "国家发展改革委令第36号"
_SINCE_2026: Final = dt.date(2026, 4, 1)


@attrs.frozen(kw_only=True)
class Refusal:
    """One reason a repair cannot be granted: a stable ``code`` and its message."""

    code: str
    message: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "message_en": self.message_en}

    def __str__(self) -> str:
        return f"{self.message}（{self.message_en}）"


def _refusals(value: Iterable[Refusal]) -> tuple[Refusal, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Eligibility:
    """Whether a penalty may be repaired on a day, its repair dates, and every reason not.

    ``penalty_class`` is 轻微, 一般 or 严重 (empty for a licence), set by the
    处罚类别 ``by``; ``regime`` is the regime's name (empty before 2019-07-01);
    ``earliest_repair_date`` is the first day an application may be granted and
    ``auto_end_date`` the day publication ends by itself (both ``None`` without a
    decision date); ``reasons`` are the refusals in :data:`REFUSAL_CODES` order;
    ``source`` the provisions applied.
    """

    penalty_class: str
    by: str
    regime: str
    decided: dt.date | None
    earliest_repair_date: dt.date | None
    auto_end_date: dt.date | None
    reasons: tuple[Refusal, ...] = attrs.field(converter=_refusals)
    source: str

    @property
    def eligible(self) -> bool:
        """No reason stands against the repair."""
        return not self.reasons

    def to_dict(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day is not None else None

        return {
            "eligible": self.eligible,
            "penalty_class": self.penalty_class,
            "by": self.by,
            "regime": self.regime,
            "decided": iso(self.decided),
            "earliest_repair_date": iso(self.earliest_repair_date),
            "auto_end_date": iso(self.auto_end_date),
            "reasons": [r.to_dict() for r in self.reasons],
            "source": self.source,
        }


def fraud_lock(found_on: dt.date) -> dt.date:
    """The last day of the 3-year repair lock after false materials are found on ``found_on``.

    36号令 第二十五条; the period starts the day after the finding (民法典 第二百零一条),
    so it ends on the same date 3 years on, which is still locked.

    >>> fraud_lock(dt.date(2028, 2, 29))
    datetime.date(2031, 2, 28)
    """
    return later(found_on, relativedelta(years=FRAUD_YEARS))


def _refusal(code: str, message: str, message_en: str) -> Refusal:
    return Refusal(code=code, message=message, message_en=message_en)


def repair_eligibility(
    kind: str,
    fields: Mapping[str, str],
    *,
    on: dt.date,
    obligations_fulfilled: bool,
    commitment: str,
    policy: Policy | None = None,
    standard: Standard | None = None,
    fraud_lock_until: dt.date | None = None,
    non_repairable: bool = False,
) -> Eligibility:
    """Whether the record ``fields`` of ``kind`` may be repaired on ``on`` (module documentation).

    ``obligations_fulfilled``: the conduct is corrected and the decision's duties
    performed (第十四条第二项); ``commitment``: the text of the 信用承诺 (blank: none);
    ``fraud_lock_until``: the last locked day (:func:`fraud_lock`); ``non_repairable``:
    a law or policy makes the record non-repairable (as do the 处罚类别 of
    :attr:`Policy.non_repairable`). Every reason that applies is listed.
    """
    chosen_policy = policy if policy is not None else Policy()
    if Kind.parse(kind) is not Kind.PENALTY:
        return Eligibility(
            penalty_class="", by="", regime="", decided=None, earliest_repair_date=None,
            auto_end_date=None, source="36号令第四条",
            reasons=(_refusal("not-a-penalty", "行政许可信息不是失信信息，无需信用修复",
                              "a licence is not negative credit information: nothing to "
                              "repair"),),
        )  # fmt: skip
    terms = Publisher(standard=standard, policy=chosen_policy).penalty_terms(kind, fields)
    reasons: list[Refusal] = []
    period = terms.period
    earliest = auto_end = None
    sources = ["36号令第十四条"]
    if period is None:
        reasons.append(_refusal("no-decision-date",
                                "处罚决定日期缺失或无法识别，无法确定可修复日期",
                                "no readable decision date: the repair dates cannot be set"))  # fmt: skip
    else:
        assert terms.decided is not None
        assert terms.publication_end is not None
        earliest, auto_end = period.shortest_end, terms.publication_end
        if period.source:
            sources.insert(0, period.source)
        favourable = (chosen_policy.repair_regime_rule == "favourable" and on >= _SINCE_2026
                      and period.regime != _REGIME_2026)  # fmt: skip
        if favourable:  # 从旧兼从轻: the new regime's shortest period when it ends earlier
            new = period_for(terms.decided, terms.penalty_class, regime=_REGIME_2026)
            if new.shortest_end < earliest:
                earliest = new.shortest_end
                sources.insert(1, "36号令第十二条（从旧兼从轻）")
        own = terms.own_duration_end if DURATION_TYPES.intersection(terms.types) else None
        if own is not None and own > earliest:  # 第十二条: not before its own duration ends
            earliest = own
        if on < earliest:
            reasons.append(_refusal(
                "before-earliest-date",
                f"未达到最短公示期限，自{earliest.isoformat()}起方可申请信用修复",
                f"the shortest publication period has not passed: repair is possible from "
                f"{earliest.isoformat()}",
            ))  # fmt: skip
        if own is not None and on < own:
            reasons.append(_refusal(
                "own-duration-running",
                f"处罚本身的期限（如暂扣许可证件、限制从业）至{own.isoformat()}届满，"
                "期满前不得提前终止公示",
                f"the penalty's own duration (a suspension, a ban) runs until "
                f"{own.isoformat()}: publication cannot end before",
            ))  # fmt: skip
    if not obligations_fulfilled:
        reasons.append(_refusal("obligations-unfulfilled",
                                "尚未纠正失信行为或未完全履行行政处罚决定规定的义务",
                                "the conduct is not corrected or the decision's duties are "
                                "not fully performed"))  # fmt: skip
    if not commitment.strip():
        reasons.append(_refusal("no-commitment", "未作出信用承诺",
                                "no credit commitment (信用承诺) was made"))  # fmt: skip
    barred = sorted(t for t in terms.types if t in chosen_policy.non_repairable)
    if non_repairable or barred:
        why = f"处罚类别“{'、'.join(barred)}”" if barred else "该信息"
        why_en = f"the penalty type {', '.join(barred)}" if barred else "this information"
        reasons.append(_refusal("not-repairable", f"{why}依法律法规或政策规定不予信用修复",
                                f"{why_en} cannot be repaired by law or policy"))  # fmt: skip
    if fraud_lock_until is not None and on <= fraud_lock_until:
        sources.append("36号令第二十五条")
        reasons.append(_refusal(
            "fraud-locked",
            f"因提供虚假材料或违背信用承诺，{fraud_lock_until.isoformat()}（含）前不得信用修复",
            f"false materials or a broken commitment: no repair until "
            f"{fraud_lock_until.isoformat()} inclusive",
        ))  # fmt: skip
    if auto_end is not None and on >= auto_end:
        reasons.append(_refusal(
            "publication-ended",
            f"公示期限于{auto_end.isoformat()}届满，自动停止公示，无需信用修复",
            f"the publication period ended on {auto_end.isoformat()}: publication stops "
            "by itself, nothing to repair",
        ))  # fmt: skip
    return Eligibility(
        penalty_class=terms.penalty_class, by=terms.by,
        regime=period.regime if period is not None else "", decided=terms.decided,
        earliest_repair_date=earliest, auto_end_date=auto_end, reasons=tuple(reasons),
        source="；".join(sources),
    )  # fmt: skip
