"""Dates: no decision in the future, no validity period that ends before it starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

from sgs.records.values import LongTerm
from sgs.standard.roles import Role
from sgs.validation.issues import Finding
from sgs.validation.rules.base import ColumnRule, Columns, RuleContext, Values

__all__ = ["DateRule"]

_DATE = dt.date


class DateRule(ColumnRule):
    """The decision date against ``as_of``, and the end of validity against its start."""

    codes: ClassVar[frozenset[str]] = frozenset(
        {"decision-in-future", "validity-order", "validity-before-decision"}
    )

    def __init__(
        self, decision: str, start: str | None, end: str, start_label: str, as_of: dt.date
    ) -> None:
        self.decision, self.start, self.end = decision, start, end
        self.start_label = start_label
        self.as_of = as_of
        self.when = as_of.isoformat()
        self.fields = tuple(c for c in (decision, start, end) if c is not None)

    @classmethod
    def build(cls, context: RuleContext) -> DateRule | None:
        spec = context.spec
        codes = spec.codes_of(Role.DECISION_DATE, Role.VALID_UNTIL)
        if codes is None:
            return None
        start = spec.code_of(Role.VALID_FROM)
        start_label = spec[start].label if start else ""
        return cls(codes[0], start, codes[1], start_label, context.as_of)

    def check(self, values: Values) -> list[Finding]:
        found: list[Finding] = []
        decision, end, as_of = self.decision, self.end, self.as_of
        decided = values.get(decision)
        until = values.get(end)
        if isinstance(decided, _DATE) and decided > as_of:
            found.append(
                Finding("decision-in-future", decision, decided.isoformat(), {"as_of": self.when})
            )
        if not isinstance(until, _DATE):
            return found
        if self.start is not None:
            begins = values.get(self.start)
            if isinstance(begins, _DATE) and until < begins:
                params = {"other": self.start_label, "other_value": begins.isoformat()}
                found.append(Finding("validity-order", end, until.isoformat(), params))
                return found
        if isinstance(decided, _DATE) and until < decided:
            params = {"other_value": decided.isoformat()}
            found.append(Finding("validity-before-decision", end, until.isoformat(), params))
        return found

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        date, as_of, end = _DATE, self.as_of, self.end
        nothing = [None] * n
        decisions = columns.get(self.decision, nothing)
        late = {d for d in set(decisions) if isinstance(d, date) and d > as_of}
        found = {i for i, d in enumerate(decisions) if d in late} if late else set()
        # A period that ends before its start or its decision. LONG_TERM is a date subclass
        # (2099-12-31): it may begin a period (a decision dated 2099/12/31) or end one that
        # starts later still, so it counts as a date here as in ``check``.
        dated = (date, LongTerm)
        for other in (self.decision, self.start):
            if other is None or other not in columns or end not in columns:
                continue
            found.update(
                i
                for i, (b, e) in enumerate(zip(columns[other], columns[end], strict=True))
                if e.__class__ in dated and b.__class__ in dated and e < b
            )
        return found
