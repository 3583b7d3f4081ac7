"""公示截止期 against the publication periods of §7 in force on the decision date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import count
from typing import ClassVar

from dateutil.relativedelta import relativedelta

from sgs.calendar.periods import later, regime_on
from sgs.records import LONG_TERM
from sgs.standard import Kind
from sgs.standard.roles import Role
from sgs.validation.fields import MEMO_LIMIT, NO_FINDINGS
from sgs.validation.issues import Finding
from sgs.validation.rules.base import ColumnRule, Columns, RuleContext, Values

__all__ = ["PublicationRule"]

# Market regulation counts from the publication day, up to 20 working days later.
_PUBLICATION_SLACK = relativedelta(months=1)
_DATE = dt.date


class PublicationRule(ColumnRule):
    """The 公示截止期 of a penalty within the window of the regime of its decision date."""

    codes: ClassVar[frozenset[str]] = frozenset({"publication-end-inconsistent"})
    kinds: ClassVar[frozenset[Kind]] = frozenset({Kind.PENALTY})

    def __init__(self, end: str, decision: str, until: str) -> None:
        self.end, self.decision, self.until = end, decision, until
        self.memo: dict[dt.date, tuple[str, dt.date, dt.date] | None] = {}
        self.fields = (end, decision, until)

    @classmethod
    def build(cls, context: RuleContext) -> PublicationRule | None:
        spec = context.spec
        if spec.kind not in cls.kinds:
            return None
        codes = spec.codes_of(Role.PUBLICATION_END, Role.DECISION_DATE, Role.VALID_UNTIL)
        return cls(*codes) if codes is not None else None

    def bounds(self, decided: dt.date) -> tuple[str, dt.date, dt.date] | None:
        """The regime in force on ``decided`` and its publication window (memoized)."""
        memo = self.memo
        if decided in memo:
            return memo[decided]
        regime = regime_on(decided)
        chosen = None
        if regime is not None:
            low = later(decided, regime.shortest)
            high = later(decided, regime.longest, _PUBLICATION_SLACK)  # day 9999-12-31 at most
            chosen = (regime.name, low, high)
        if len(memo) < MEMO_LIMIT:
            memo[decided] = chosen
        return chosen

    def check(self, values: Values) -> Iterable[Finding]:
        end, decided = values.get(self.end), values.get(self.decision)
        if not isinstance(end, _DATE) or not isinstance(decided, _DATE):
            return NO_FINDINGS
        window = self.bounds(decided)
        if window is None:
            return NO_FINDINGS
        name, low, high = window
        until = values.get(self.until)
        if isinstance(until, _DATE) and until is not LONG_TERM and until != LONG_TERM:
            high = max(high, until)  # a penalty with its own duration stays published for it
        if low <= end <= high:
            return NO_FINDINGS
        params = {"regime": name, "low": low.isoformat(), "high": high.isoformat()}
        return (Finding("publication-end-inconsistent", self.end, end.isoformat(), params),)

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        ends = columns.get(self.end)
        if ends is None:
            return ()
        date = _DATE
        nothing = [None] * n
        decided = columns.get(self.decision, nothing)
        bounds = self.bounds
        windows = {d: bounds(d) for d in set(decided) if isinstance(d, date)}
        get = windows.get
        # outside the regime's window (the check allows a longer 处罚有效期)
        return [
            i
            for i, e, d in zip(count(), ends, decided)
            if (window := get(d)) is not None
            and isinstance(e, date)
            and not window[1] <= e <= window[2]
        ]
