"""The scoring rules of an assessment sheet: how a line's points follow from its input.

Every score is a ``Decimal`` with two decimals (rounded half up). A rate is a percentage
(``Decimal("96.50")``); a rate of ``None`` ("n/a": nothing to measure) gives no score, so
the line is left for a person to score.

>>> ThresholdLinear(max=Decimal(6)).score(Decimal("95.00"))
Decimal('6.00')
>>> ThresholdLinear(max=Decimal(6)).score(Decimal("94.99"))
Decimal('5.70')
>>> Ratio(max=Decimal(12)).score(Decimal("75"))
Decimal('9.00')
>>> PerEvent(max=Decimal(6), points=Decimal("0.5")).score(13)
Decimal('6.00')
>>> Deduction(max=Decimal(2), points=Decimal("0.5")).score(5)
Decimal('0.00')
>>> print(ThresholdLinear(max=Decimal(6)).score(None))
None
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar, Literal, TypeAlias

import attrs

__all__ = [
    "RULES",
    "Deduction",
    "Manual",
    "PerEvent",
    "Ratio",
    "Rule",
    "ThresholdLinear",
    "points",
]

_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)


def points(value: Decimal | int) -> Decimal:
    """A score with two decimals, rounded half up.

    >>> points(Decimal("2.345")), points(3)
    (Decimal('2.35'), Decimal('3.00'))
    """
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


@attrs.frozen(kw_only=True)
class _Rule:
    """What every rule has: the most points it gives."""

    max: Decimal

    #: The rule's name in a profile.
    name: ClassVar[str] = ""
    #: What the rule scores from: a rate (a percentage), a number of events, or nothing
    #: (a person enters the score).
    takes: ClassVar[Literal["rate", "events", "score"]] = "score"

    def highest(self) -> Decimal:
        """The most points the rule can give."""
        return self.max


@attrs.frozen(kw_only=True)
class ThresholdLinear(_Rule):
    """``max`` when the rate reaches ``threshold`` (per cent, default 95), else rate × max."""

    threshold: Decimal = Decimal(95)
    name: ClassVar[str] = "threshold_linear"
    takes: ClassVar[Literal["rate", "events", "score"]] = "rate"

    def score(self, rate: Decimal | int | None) -> Decimal | None:
        if rate is None:
            return None
        return points(self.max if rate >= self.threshold else rate * self.max / _HUNDRED)

    def describe(self) -> str:
        return f"≥{self.threshold:g}%得{self.max:g}分，低于则按比例（率×{self.max:g}）"


@attrs.frozen(kw_only=True)
class Ratio(_Rule):
    """rate × max."""

    name: ClassVar[str] = "ratio"
    takes: ClassVar[Literal["rate", "events", "score"]] = "rate"

    def score(self, rate: Decimal | int | None) -> Decimal | None:
        if rate is None:
            return None
        return points(min(rate, _HUNDRED) * self.max / _HUNDRED)

    def describe(self) -> str:
        return f"按比例（率×{self.max:g}）"


@attrs.frozen(kw_only=True)
class PerEvent(_Rule):
    """``points`` per event, at most ``cap`` (default: ``max``)."""

    points: Decimal
    cap: Decimal | None = None
    name: ClassVar[str] = "per_event"
    takes: ClassVar[Literal["rate", "events", "score"]] = "events"

    def highest(self) -> Decimal:
        return self.max if self.cap is None else self.cap

    def score(self, events: Decimal | int | None) -> Decimal | None:
        if events is None:
            return None
        return points(min(self.points * events, self.highest()))

    def describe(self) -> str:
        return f"每次{self.points:g}分，最高{self.highest():g}分"


@attrs.frozen(kw_only=True)
class Deduction(_Rule):
    """``max`` less ``points`` per event, never under ``floor`` (default 0)."""

    points: Decimal
    floor: Decimal = Decimal(0)
    name: ClassVar[str] = "deduction"
    takes: ClassVar[Literal["rate", "events", "score"]] = "events"

    def score(self, events: Decimal | int | None) -> Decimal | None:
        if events is None:
            return None
        return points(max(self.max - self.points * events, self.floor))

    def describe(self) -> str:
        floor = f"，最低{self.floor:g}分" if self.floor else ""
        return f"{self.max:g}分，每次扣{self.points:g}分{floor}"


@attrs.frozen(kw_only=True)
class Manual(_Rule):
    """A person enters the score, at most ``max``."""

    name: ClassVar[str] = "manual"

    def score(self, value: Decimal | int | None) -> Decimal | None:
        return None if value is None else points(value)

    def describe(self) -> str:
        return f"人工评分，最高{self.max:g}分"


Rule: TypeAlias = ThresholdLinear | Ratio | PerEvent | Deduction | Manual

#: The rules by their name in a profile.
RULES: dict[str, type[Rule]] = {
    r.name: r for r in (ThresholdLinear, Ratio, PerEvent, Deduction, Manual)
}
