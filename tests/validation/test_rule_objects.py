"""Built-in rules are small picklable objects that declare the codes they report."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Mapping
from typing import Any

import attrs
import pytest

from sgs.standard import Kind, Role, available_versions, get_standard
from sgs.validation import BUILTIN_TYPES, Policy, Validator
from sgs.validation.engine import Engine
from sgs.validation.issues import Finding
from sgs.validation.rules import BUILTIN_RULES, ColumnRule, RuleContext, builtin_rules
from sgs.validation.rules.category import CategoryRule
from sgs.validation.rules.dates import DateRule
from sgs.validation.rules.penalty import PenaltyTypeRule
from sgs.validation.rules.publication import PublicationRule
from sgs.validation.settings import Settings
from tests.validation.test_rules import AS_OF, BREAKING, LICENSE, PASSING, PENALTY, record

CONTEXTS = [
    RuleContext(spec=get_standard(version).spec(kind), standard=get_standard(version), as_of=AS_OF)
    for version in available_versions()
    for kind in Kind
]


def _cases() -> list[tuple[Kind, dict[str, str]]]:
    cases = [(kind, changes) for kind, changes, _, _ in BREAKING]
    cases += PASSING
    return [
        (Kind.parse(kind), record(LICENSE if kind == "license" else PENALTY, **changes))
        for kind, changes in cases
    ]


def _run(engine: Engine, rule: ColumnRule, texts: Mapping[str, str]) -> list[Finding]:
    """What ``rule`` finds in one record, given the way the engine gives it the values."""
    columns, _ = engine.text_columns([texts])
    found: list[Finding] = []
    for i in rule.suspects(columns, 1):
        values: dict[str, Any] = engine.row_values(columns, i)
        if rule.fields is not None:
            values = {c: v for c, v in values.items() if c in rule.fields}
        found.extend(rule.check(values))
    return found


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: f"{c.standard.version}-{c.kind}")
def test_every_builtin_rule_pickles(context: RuleContext) -> None:
    rules = builtin_rules(context)
    assert rules
    for rule in rules:
        clone = pickle.loads(pickle.dumps(rule))
        assert type(clone) is type(rule)
        assert clone.fields == rule.fields
        assert clone.codes == rule.codes


def test_a_pickled_rule_finds_what_the_rule_finds() -> None:
    engines = {kind: Validator(as_of=AS_OF).engine(kind) for kind in Kind}
    clones = {kind: pickle.loads(pickle.dumps(e.rules)) for kind, e in engines.items()}
    for kind, texts in _cases():
        engine = engines[kind]
        for rule, clone in zip(engine.rules, clones[kind], strict=True):
            assert _run(engine, clone, texts) == _run(engine, rule, texts), (rule, texts)


def test_the_declared_codes_cover_what_the_rules_report() -> None:
    engines = {kind: Validator(as_of=AS_OF).engine(kind) for kind in Kind}
    emitted: set[str] = set()
    for kind, texts in _cases():
        engine = engines[kind]
        for rule in engine.rules:
            found = {f.code for f in _run(engine, rule, texts)}
            assert found <= rule.codes, (type(rule).__name__, found - rule.codes)
            emitted |= found
    declared = {code for family in BUILTIN_RULES for code in family.codes}
    assert declared <= {t.code for t in BUILTIN_TYPES}
    assert declared == emitted  # every declared code has a breaking case


def _penalty_context() -> RuleContext:
    standard = get_standard()
    return RuleContext(spec=standard.penalty, standard=standard, as_of=AS_OF)


@pytest.mark.parametrize(
    ("role", "missing"),
    [
        (Role.PARTY_CATEGORY, {CategoryRule}),
        (Role.DECISION_DATE, {DateRule, PublicationRule}),
        (Role.PENALTY_TYPES, {PenaltyTypeRule}),
    ],
)
def test_a_rule_whose_fields_are_missing_is_not_built(
    role: Role, missing: set[type[ColumnRule]]
) -> None:
    standard = get_standard()
    spec = standard.penalty
    kept = [f for f in spec.fields if role not in f.roles]
    context = RuleContext(spec=attrs.evolve(spec, fields=kept), standard=standard, as_of=AS_OF)
    built = {type(r) for r in builtin_rules(context)}
    full = {type(r) for r in builtin_rules(_penalty_context())}
    assert built == full - missing


def test_settings_pickle() -> None:
    settings = Validator(
        as_of=dt.date(2026, 11, 26), severity={"too-long": "off"}, kind="penalty"
    ).settings()
    clone = pickle.loads(pickle.dumps(settings))
    assert isinstance(clone, Settings)
    assert clone.standard is settings.standard
    assert clone.policy == Policy({"too-long": "off"})
    assert (clone.kind, clone.as_of, clone.empty_markers) == (
        settings.kind,
        settings.as_of,
        settings.empty_markers,
    )
    assert set(clone.catalogue) == set(settings.catalogue)
