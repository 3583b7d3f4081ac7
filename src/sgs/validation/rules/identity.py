"""居民身份证号码 where the ID type says 身份证: format, check digit, birth date, 15 digits."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from itertools import compress, repeat
from typing import ClassVar

from sgs.ids import resident
from sgs.records import IdType
from sgs.standard.roles import Role
from sgs.validation.fields import MEMO_LIMIT
from sgs.validation.issues import Finding
from sgs.validation.rules.base import ColumnRule, Columns, RuleContext, Values

__all__ = ["IdentityRule"]

_ID_DETAIL = {
    "length": "长度不是18或15位 length is not 18 or 15",
    "charset": "含有非数字字符 non-digits",
}

#: The (ID type, ID number) pairs of a record: the party's and the legal representative's.
_PAIRS = (
    (Role.PARTY_ID_TYPE, Role.PARTY_ID_NUMBER),
    (Role.LEGAL_REP_ID_TYPE, Role.LEGAL_REP_ID_NUMBER),
)


class IdentityRule(ColumnRule):
    """The ID numbers of a record whose ID type is 身份证."""

    codes: ClassVar[frozenset[str]] = frozenset(
        {"id-legacy-15", "id-checksum", "id-birth-date", "id-format"}
    )

    def __init__(self, pairs: tuple[tuple[str, str], ...], as_of: dt.date) -> None:
        self.pairs = pairs
        self.as_of = as_of
        self.when = as_of.isoformat()
        self.memo: dict[str, str | None] = {}
        self.fields = tuple(c for pair in pairs for c in pair)

    @classmethod
    def build(cls, context: RuleContext) -> IdentityRule | None:
        found = (context.spec.codes_of(*pair) for pair in _PAIRS)
        pairs = tuple((p[0], p[1]) for p in found if p is not None)
        return cls(pairs, context.as_of) if pairs else None

    def problem(self, number: str) -> str | None:
        """What is wrong with ``number`` (``legacy`` for a valid 15-digit one).

        Only numbers with something to say are remembered: valid numbers do not
        come here (:meth:`suspects` leaves them out) and rarely repeat.
        """
        memo = self.memo
        found = memo.get(number, "")
        if found == "":
            found = resident.problem(number, as_of=self.as_of)
            if found is None and resident.is_legacy(number):
                found = "legacy"
            if found is not None and len(memo) < MEMO_LIMIT:
                memo[number] = found
        return found

    def check(self, values: Values) -> Iterable[Finding]:
        found: list[Finding] = []
        for type_code, number_code in self.pairs:
            if values.get(type_code) is not IdType.ID_CARD:
                continue
            number = values.get(number_code)
            if number is None:
                continue
            result = self.problem(number)
            if result is None:
                continue
            if result == "legacy":
                found.append(Finding("id-legacy-15", number_code, number))
            elif result == "checksum":
                found.append(Finding("id-checksum", number_code, number))
            elif result in ("birth-date", "future-birth-date"):
                found.append(Finding("id-birth-date", number_code, number, {"as_of": self.when}))
            else:
                found.append(
                    Finding("id-format", number_code, number, {"detail": _ID_DETAIL[result]})
                )
        return found

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        # One pass over each number column, at the records whose type is 身份证: the valid
        # 18-character numbers (nearly all) are left out, the check looks at the rest.
        card = IdType.ID_CARD
        found: set[int] = set()
        for type_code, number_code in self.pairs:
            types = columns.get(type_code)
            numbers = columns.get(number_code)
            if types is None or numbers is None or card not in types:
                continue
            cards = compress(range(n), map(operator.is_, types, repeat(card)))
            found.update(resident.suspicious(numbers, cards, as_of=self.as_of))
        return found
