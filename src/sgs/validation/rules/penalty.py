"""处罚类别 and the fields they call for; amounts in 万元 that were written in 元.

A 罚款 needs its amount, a 没收 the amount confiscated, a 暂扣 or 吊销 the
licence's name. Amounts are in 万元: an amount that the decision text
writes in 元 (罚款2000元 ↔ 2000), or one of 1亿元 or more, was most likely
entered in 元.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from itertools import count
from typing import Any, ClassVar, Final

from sgs.standard import Kind
from sgs.standard.roles import Role
from sgs.validation.fields import MEMO_LIMIT
from sgs.validation.issues import Finding
from sgs.validation.rules.base import ColumnRule, Columns, RuleContext, Values

__all__ = [
    "IMPLAUSIBLE_AMOUNT",
    "PenaltyTypeRule",
    "amount_text",
    "written_in_yuan",
    "yuan_amounts",
]

#: An amount in 万元 at or above this (1亿元) is implausible enough to warn about.
IMPLAUSIBLE_AMOUNT: Final = Decimal(10000)

_YUAN = re.compile(r"(?<![万\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*元")
_ZERO: Final = Decimal(0)
# What else lets the pattern above read an amount that the plain digits do not show: a digit
# other than 0-9 (full-width ２, …; ``\d`` matches it too) or a space before 元.
_LOOSE = re.compile(r"[^\D0-9]|\s元")

_NEED: Final = {
    "fine-amount-missing": "fine",
    "confiscation-amount-missing": "confiscation",
    "licence-name-missing": "licence",
}


def yuan_amounts(text: str) -> frozenset[Decimal]:
    """Amounts written in 元 in a text: ``罚款2000元`` → {2000}.

    >>> sorted(yuan_amounts("罚款2,000元，没收违法所得350.5元；另罚3万元"))
    [Decimal('350.5'), Decimal('2000')]
    """
    found = set()
    for whole, fraction in _YUAN.findall(text):
        found.add(Decimal(whole.replace(",", "") + (f".{fraction}" if fraction else "")))
    return frozenset(found)


def amount_text(amount: Decimal) -> str:
    """An amount as :func:`written_in_yuan` looks for it: no zeros after its last digit.

    >>> amount_text(Decimal("2000")), amount_text(Decimal("2.50")), amount_text(Decimal("3.0"))
    ('2000', '2.5', '3')
    """
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def written_in_yuan(number: str, text: str, *, loose: bool | None = None) -> bool:
    """Whether ``text`` may write in 元 the amount ``number`` (its :func:`amount_text`).

    A superset of :func:`yuan_amounts` holding it, for both engines' filters: the number
    (or the number grouped by thousands) followed by 元 or by more zeros, or a text with
    digits other than 0-9 or a space before 元 (``罚款2,000元``, ``罚款２０００元``,
    ``罚款2000 元``). ``loose`` says whether the text has the last two, when it is known.

    >>> written_in_yuan("2000", "罚款2000元"), written_in_yuan("2000", "罚款2000.00元")
    (True, True)
    >>> written_in_yuan("2000", "罚款2,000元"), written_in_yuan("2.5", "罚款2.5万元")
    (True, False)
    """
    if _plainly_written(number, text):
        return True
    return _LOOSE.search(text) is not None if loose is None else loose


def _plainly_written(number: str, text: str) -> bool:
    """:func:`written_in_yuan` for a text without other digits or spaces before 元."""
    more = "0" if "." in number else "."
    if number + "元" in text or number + more in text:
        return True
    whole, point, fraction = number.partition(".")
    if len(whole) > 3 and "," in text:
        grouped = f"{int(whole):,}{point}{fraction}"
        return grouped + "元" in text or grouped + more in text
    return False


class PenaltyTypeRule(ColumnRule):
    """What the 处罚类别 call for, and amounts that look like 元 (see the module documentation)."""

    codes: ClassVar[frozenset[str]] = frozenset({*_NEED, "amount-looks-like-yuan"})
    kinds: ClassVar[frozenset[Kind]] = frozenset({Kind.PENALTY})

    def __init__(
        self, *, types: str, fine: str, confiscation: str, licence: str, content: str | None
    ) -> None:
        self.types, self.fine, self.confiscation, self.licence = types, fine, confiscation, licence
        self.content = content
        self.memo: dict[str, frozenset[Decimal]] = {}
        self.fields = (types, fine, confiscation, licence, *((content,) if content else ()))

    @classmethod
    def build(cls, context: RuleContext) -> PenaltyTypeRule | None:
        spec = context.spec
        if spec.kind not in cls.kinds:
            return None
        codes = spec.codes_of(
            Role.PENALTY_TYPES, Role.FINE_AMOUNT, Role.CONFISCATION_AMOUNT, Role.SUSPENDED_LICENSE
        )
        if codes is None:
            return None
        types, fine, confiscation, licence = codes
        content = spec.code_of(Role.PENALTY_CONTENT)
        return cls(
            types=types, fine=fine, confiscation=confiscation, licence=licence, content=content
        )

    def yuan_finding(self, amount: Decimal, code: str, text: object) -> Finding | None:
        if isinstance(text, str):
            memo = self.memo
            amounts = memo.get(text)
            if amounts is None:
                amounts = yuan_amounts(text)
                if len(memo) < MEMO_LIMIT:
                    memo[text] = amounts
            if amount in amounts:
                a = format(amount, "f")
                params = {
                    "reason": f"处罚内容写作{a}元",
                    "reason_en": f"the decision text says {a} 元",
                }
                return Finding("amount-looks-like-yuan", code, a, params)
        if amount >= IMPLAUSIBLE_AMOUNT:
            params = {"reason": "超过1亿元", "reason_en": "that is over 100 million 元"}
            return Finding("amount-looks-like-yuan", code, format(amount, "f"), params)
        return None

    def type_findings(
        self, types: Any, fine_amount: Any, confiscated: Any, no_licence: bool
    ) -> list[Finding]:
        """What the 处罚类别 call for and the record lacks."""
        if types.__class__ is not tuple:
            return []
        fine = confiscation = licence = False
        for t in types:
            fine = fine or "罚款" in t
            confiscation = confiscation or "没收" in t
            licence = licence or "暂扣" in t or "吊销" in t
        found = []
        if fine and (fine_amount is None or fine_amount == _ZERO):
            found.append(Finding("fine-amount-missing", self.fine, None))
        if confiscation and confiscated is None:
            found.append(Finding("confiscation-amount-missing", self.confiscation, None))
        if licence and no_licence:
            found.append(Finding("licence-name-missing", self.licence, None))
        return found

    def check(self, values: Values) -> Iterable[Finding]:
        found: list[Finding] = []
        content = self.content
        fine_amount = values.get(self.fine)
        confiscated = values.get(self.confiscation)
        for amount, code in ((fine_amount, self.fine), (confiscated, self.confiscation)):
            if amount.__class__ is Decimal and amount >= 1:
                finding = self.yuan_finding(amount, code, values.get(content) if content else None)
                if finding is not None:
                    found.append(finding)
        no_licence = values.get(self.licence) is None
        found.extend(
            self.type_findings(values.get(self.types), fine_amount, confiscated, no_licence)
        )
        return found

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        nothing = [None] * n
        zero = _ZERO
        content = self.content
        types = columns.get(self.types, nothing)
        fines = columns.get(self.fine, nothing)
        confiscations = columns.get(self.confiscation, nothing)
        licences = columns.get(self.licence, nothing)
        found: set[int] = set()
        texts = columns.get(content, nothing) if content else nothing
        zero_fines = False
        # Whether any text of the batch has what lets an amount hide from its plain digits.
        loose: bool | None = None
        for amounts in (fines, confiscations):
            if amounts is nothing:
                continue
            distinct = set(amounts)
            zero_fines = zero_fines or (amounts is fines and zero in distinct)
            # An amount can only be one written in 元 if its digits are in the text: equal
            # amounts (2000, 2000.0) have the same amount_text, so the result does not depend
            # on which of them came first in the batch.
            # (``None``: 1亿元 or more, suspect whatever the text)
            big = {
                a: None if a >= IMPLAUSIBLE_AMOUNT else amount_text(a)
                for a in distinct
                if a.__class__ is Decimal and a >= 1
            }
            if big:
                if loose is None:  # one look at all the texts of the batch
                    joined = "\x00".join([t for t in texts if t is not None])
                    loose = _LOOSE.search(joined) is not None
                written = written_in_yuan if loose else _plainly_written
                get = big.get
                found.update(
                    i
                    for i, a, t in zip(count(), amounts, texts)
                    if (d := get(a, "")) != "" and (d is None or (t is not None and written(d, t)))
                )
        # Classify each distinct 处罚类别 once; the type tuples come from a memo, so
        # their identity stands for their value (hashing enumeration members is slow).
        needs: dict[str, set[int]] = {"fine": set(), "confiscation": set(), "licence": set()}
        for key, value in dict(zip(map(id, types), types, strict=True)).items():
            for finding in self.type_findings(value, None, None, True):
                needs[_NEED[finding.code]].add(key)
        for need, column in (
            ("fine", fines),
            ("confiscation", confiscations),
            ("licence", licences),
        ):
            wanted = needs[need]
            if not wanted:
                continue
            if need == "fine" and zero_fines:
                lacking = [i for i, v in enumerate(column) if v is None or v == zero]
            else:
                lacking = [i for i, v in enumerate(column) if v is None]
            found.update(i for i in lacking if id(types[i]) in wanted)
        return found
