"""Every filter of a rule is a superset of its check, whatever the batch.

A rule's exact per-record ``check`` is the reference; a *filter* — the
pure-Python ``suspects`` pass here, the columnar ones in test_columnar.py — names the
records of a batch the check could flag, and the engine checks only those.
If a filter left out a record the check flags, that finding would be lost,
and only in some batches. The property is tested on Hypothesis batches of
typed columns (:func:`tests.validation.generated.typed_batches`) for every
built-in rule, both kinds and both standards; a filter is one more entry
in :data:`FILTERS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sgs
from sgs.records import LONG_TERM
from sgs.standard import Kind, get_standard
from sgs.validation.rules import BUILTIN_RULES, ColumnRule, Columns, RuleContext
from sgs.validation.rules.dates import DateRule
from sgs.validation.rules.penalty import PenaltyTypeRule
from tests.validation.generated import AS_OF, typed_batches
from tests.validation.test_rules import LICENSE, PENALTY, record

#: A filter: (rule, columns, batch size) → the records it suspects.
Filter = Callable[[ColumnRule, Columns, int], set[int]]


def python_filter(rule: ColumnRule, columns: Columns, n: int) -> set[int]:
    return set(rule.suspects(columns, n))


#: The filters every rule has on typed columns. The columnar engine's work on the cells'
#: texts: ``test_the_columnar_filters_are_a_superset_of_the_exact_checks`` in
#: test_columnar.py holds them to the same property on these batches, written out as text.
FILTERS: list[tuple[str, Filter]] = [("python", python_filter)]

_RULES: dict[tuple[type[ColumnRule], str, Kind], ColumnRule | None] = {}


def _rule(family: type[ColumnRule], standard: str, kind: Kind) -> ColumnRule | None:
    """One rule object per case, kept across examples: its memos live on as in a run."""
    key = (family, standard, kind)
    if key not in _RULES:
        spec = get_standard(standard).spec(kind)
        context = RuleContext(spec=spec, standard=get_standard(standard), as_of=AS_OF)
        _RULES[key] = family.build(context)
    return _RULES[key]


def flagged(rule: ColumnRule, columns: Columns, n: int) -> dict[int, list[Any]]:
    """The records the exact check flags, with what it finds; it sees what the engine gives it
    (the rule's fields, or all of them; empty fields left out)."""
    found = {}
    for i in range(n):
        codes: Sequence[str] = rule.fields if rule.fields is not None else list(columns)
        values = {c: columns[c][i] for c in codes if c in columns and columns[c][i] is not None}
        findings = list(rule.check(values))
        if findings:
            found[i] = findings
    return found


CASES = [
    (family, standard, kind)
    for family in BUILTIN_RULES
    for standard in ("2021", "2018")
    for kind in Kind
    if family.kinds >= {kind}
]


@pytest.mark.parametrize("filter_", [f for _, f in FILTERS], ids=[n for n, _ in FILTERS])
@pytest.mark.parametrize(
    ("family", "standard", "kind"),
    CASES,
    ids=[f"{f.__name__}-{s}-{k.value}" for f, s, k in CASES],
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_filter_is_a_superset_of_the_check(
    filter_: Filter, family: type[ColumnRule], standard: str, kind: Kind, data: st.DataObject
) -> None:
    rule = _rule(family, standard, kind)
    assert rule is not None, f"{family.__name__} does not apply to {kind.value} {standard}"
    spec = get_standard(standard).spec(kind)
    columns, n = data.draw(typed_batches(spec))
    suspects = filter_(rule, columns, n)
    assert suspects <= set(range(n))
    found = flagged(rule, columns, n)
    missed = {i: found[i] for i in set(found) - suspects}
    assert not missed, {i: {c: columns[c][i] for c in columns} for i in missed}


def test_every_builtin_rule_has_cases() -> None:
    assert {family for family, _, _ in CASES} == set(BUILTIN_RULES)


# -- regressions: results that once depended on the batch --------------------------------------


def _looks_like_yuan(rows: list[dict[str, str]]) -> list[int]:
    report = sgs.validate(rows, as_of=AS_OF)
    return [i.record for i in report.issues if i.code == "amount-looks-like-yuan"]


def test_an_amount_written_in_yuan_is_found_whatever_came_before_it() -> None:
    """2000.0 with 罚款2000元 was found only after an equal amount (2000) in the same batch."""
    alone = record(PENALTY, CF_NR_FK="2000.0", CF_NR="罚款2000元")
    before = record(PENALTY, CF_NR_FK="2000", CF_NR="罚款2000元", CF_WSH="示市监罚〔2026〕2号")
    assert _looks_like_yuan([alone]) == [1]
    assert _looks_like_yuan([before, alone]) == [1, 2]
    assert _looks_like_yuan([alone, before]) == [1, 2]


@pytest.mark.parametrize("text", ["罚款２０００元", "罚款2,000元", "罚款02000元", "罚款2000.00元"])
def test_an_amount_written_otherwise_in_the_text_is_found(text: str) -> None:
    assert _looks_like_yuan([record(PENALTY, CF_NR_FK="2000", CF_NR=text)]) == [1]


def test_equal_amounts_with_other_exponents_in_one_batch() -> None:
    rule = _rule(PenaltyTypeRule, "2021", Kind.PENALTY)
    assert rule is not None
    amounts = [Decimal("2000"), Decimal("2000.0"), Decimal(2).scaleb(3), Decimal("2000.000")]
    for order in (amounts, amounts[::-1]):
        columns: dict[str, list[Any]] = {"CF_NR_FK": order, "CF_NR": ["罚款2000元"] * 4}
        assert python_filter(rule, columns, 4) == set(flagged(rule, columns, 4)) == {0, 1, 2, 3}


def test_a_period_ending_long_term_before_its_start_is_found() -> None:
    """长期 (2099-12-31) is a date subclass the filter once left out: a start after it."""
    report = sgs.validate([record(LICENSE, XK_YXQZ="3000/01/01", XK_YXQZI="长期")], as_of=AS_OF)
    assert [i.code for i in report.issues] == ["validity-order"]


def test_the_date_filter_takes_long_term_as_a_date() -> None:
    rule = _rule(DateRule, "2021", Kind.LICENSE)
    assert rule is not None
    columns: dict[str, list[Any]] = {
        "XK_JDRQ": [dt.date(2020, 1, 1), dt.date(2020, 1, 1)],
        "XK_YXQZ": [dt.date(3000, 1, 1), dt.date(2020, 1, 1)],
        "XK_YXQZI": [LONG_TERM, LONG_TERM],
    }
    assert python_filter(rule, columns, 2) == set(flagged(rule, columns, 2)) == {0}
