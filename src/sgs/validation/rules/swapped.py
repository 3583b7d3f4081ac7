"""Values in the wrong column: not allowed in their own, allowed in another's.

The Zhejiang penalty template has 处罚种类 = 北京食药监局 and 处罚机关 = 罚款:
the two columns were filled the wrong way round.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from sgs.standard import Enumeration
from sgs.validation.issues import Finding
from sgs.validation.rules.base import ColumnRule, Columns, RuleContext, Values

__all__ = ["SwappedRule"]


def _enumeration(state: dict[str, Any]) -> Enumeration:
    return Enumeration(**state)


def _state(enumeration: Enumeration) -> dict[str, Any]:
    """What rebuilds ``enumeration`` (its lookup tables do not pickle)."""
    return {
        "name": enumeration.name,
        "values": enumeration.values,
        "titles": dict(enumeration.titles),
        "aliases": dict(enumeration.aliases),
        "multiple": enumeration.multiple,
        "specified": enumeration.specified,
    }


class SwappedRule(ColumnRule):
    """A value not allowed in its column while another column holds one allowed there."""

    codes: ClassVar[frozenset[str]] = frozenset({"columns-swapped"})

    def __init__(
        self, enumerated: tuple[tuple[str, Enumeration], ...], labels: dict[str, str]
    ) -> None:
        self.enumerated = enumerated
        self.labels = labels
        self.fields = None  # any field may hold the value that belongs here

    @classmethod
    def build(cls, context: RuleContext) -> SwappedRule | None:
        spec = context.spec
        enumerated = tuple(
            (f.code, f.enumeration) for f in spec.fields if f.enumeration is not None
        )
        if not enumerated:
            return None
        return cls(enumerated, {f.code: f.label for f in spec.fields})

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["enumerated"] = tuple((c, _state(e)) for c, e in self.enumerated)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["enumerated"] = tuple((c, _enumeration(e)) for c, e in state["enumerated"])
        self.__dict__.update(state)

    def check(self, values: Values) -> Iterable[Finding]:
        found: list[Finding] = []
        for code, enumeration in self.enumerated:
            value = values.get(code)
            if value.__class__ is not str or enumeration.canonical(value) is not None:
                continue  # empty, parsed, or a specified value such as 其他-…
            if enumeration.multiple and all(
                enumeration.canonical(p) for p in enumeration.split(value)
            ):
                continue
            for other, text in values.items():
                if (
                    other == code
                    or text.__class__ is not str
                    or enumeration.canonical(text) is None
                ):
                    continue
                params = {"other": self.labels.get(other, other), "other_value": text}
                found.append(Finding("columns-swapped", code, value, params))
                break
        return found

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        # Only a value kept as text (not parsed) can be out of place.
        found: set[int] = set()
        for code, _ in self.enumerated:
            column = columns.get(code)
            if column is not None and str in set(map(type, column)):
                found.update(i for i, v in enumerate(column) if v.__class__ is str)
        return found
