"""The plumbing of record rules: what a rule sees, what it is, and how a plugin's rule runs.

A record rule sees the record as a mapping from field code to value — the
typed value (date, Decimal, enumeration member, tuple of 处罚类别) where
the text parsed, the text itself where it did not (that field already has
its own finding), and no key for an empty field — and returns findings.

Validation runs over batches of records held as columns (field code →
one value per record, ``None`` where empty). Each built-in rule is a
:class:`ColumnRule`: besides :meth:`~ColumnRule.check`, it has a
*suspects* pass — a cheap look over the columns, mostly set and ``zip``
operations that run in C — that returns the records the rule could find
anything in, a superset; the check then looks at those records only.

A rule is a small object built from a :class:`RuleContext` by its
``build`` class method (``None`` when the spec lacks the fields it needs);
it holds plain data (field codes, labels, memos) and can be pickled, and
its class declares the issue ``codes`` it can report. A plugin's rule is
a :class:`Rule`, run on every record through :class:`PluginRule`.
"""

from __future__ import annotations

import abc
import datetime as dt
import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import compress, repeat
from typing import Any, ClassVar

import attrs

from sgs.standard import Kind, RecordSpec, Standard
from sgs.validation.issues import Finding, IssueType

__all__ = [
    "ColumnRule",
    "Columns",
    "CompiledRule",
    "PluginRule",
    "Rule",
    "RuleContext",
    "Suspects",
    "Values",
    "filled",
]

Values = Mapping[str, Any]
#: Columns of a batch: field code → one value per record (``None``: empty). A
#: field without a column in the source has no key.
Columns = Mapping[str, Sequence[Any]]
CompiledRule = Callable[[Values], Iterable[Finding]]
#: The records of a batch that a rule must look at: indices, in any order.
Suspects = Callable[[Columns, int], Iterable[int]]


@attrs.frozen(kw_only=True)
class RuleContext:
    """What a rule may know besides the record: the spec, the standard, the reference date."""

    spec: RecordSpec
    standard: Standard
    as_of: dt.date

    @property
    def kind(self) -> Kind:
        return self.spec.kind


class ColumnRule(abc.ABC):
    """A rule run over the columns of a batch: who to look at, and what to look for.

    ``fields`` lists the fields :meth:`check` reads (``None``: any field), so
    that the engine gives it only those. ``codes`` are the issue codes the
    rule can report; ``kinds`` the record kinds it applies to.
    """

    codes: ClassVar[frozenset[str]] = frozenset()
    kinds: ClassVar[frozenset[Kind]] = frozenset(Kind)
    fields: tuple[str, ...] | None = None

    @classmethod
    def build(cls, context: RuleContext) -> ColumnRule | None:
        """The rule for ``context``, or ``None`` when its spec lacks the fields it needs.

        Every built-in rule class has it; a rule made otherwise (:class:`PluginRule`) does not.
        """
        raise NotImplementedError(f"{cls.__name__} is not built from a context alone")

    @abc.abstractmethod
    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        """The records of the batch (indices) the rule could find anything in."""

    @abc.abstractmethod
    def check(self, values: Values) -> Iterable[Finding]:
        """The findings of one record (see the module documentation for ``values``)."""

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.fields!r}>"


def filled(column: Sequence[Any] | None) -> list[int]:
    """Indices of the non-empty values of a column (none when it is absent or all empty)."""
    if column is None or column.count(None) == len(column):
        return []
    return list(compress(range(len(column)), map(operator.is_not, column, repeat(None))))


@attrs.frozen(kw_only=True)
class Rule:
    """A record rule from outside the core (a province's local rule, a vendor's check).

    ``check(values, context)`` returns the findings of one record (see the
    module documentation for ``values``); it may raise — the engine turns
    the error into a ``rule-error`` warning and goes on. ``issue_types``
    declares the codes the rule reports that the catalogue does not have
    yet; ``kinds`` limits the rule to licenses or penalties.
    """

    name: str
    check: Callable[[Values, RuleContext], Iterable[Finding]]
    issue_types: tuple[IssueType, ...] = ()
    kinds: frozenset[Kind] = frozenset(Kind)
    description: str = ""
    #: The plugin that registered the rule (set by sgs when it collects plugin rules).
    origin: str = ""

    @property
    def label(self) -> str:
        """The rule's name, with its plugin's when it came from one."""
        return f"{self.name}（插件 plugin {self.origin}）" if self.origin else self.name


class PluginRule(ColumnRule):
    """A :class:`Rule` run on every record; whatever goes wrong becomes a ``rule-error``.

    An exception, a result that is not findings, or a finding whose code is
    not in ``known`` (the catalogue: the built-in codes and those the rules
    declare) is reported as a ``rule-error`` warning naming the rule and its
    plugin; validation goes on.
    """

    codes: ClassVar[frozenset[str]] = frozenset({"rule-error"})

    def __init__(self, rule: Rule, context: RuleContext, known: Collection[str]) -> None:
        self.rule = rule
        self.context = context
        self.name = rule.name
        self.known = frozenset(known)
        self._check = rule.check

    def suspects(self, columns: Columns, n: int) -> Iterable[int]:
        return range(n)

    def _error(self, error: str) -> Finding:
        return Finding("rule-error", None, None, {"rule": self.rule.label, "error": error})

    def check(self, values: Values) -> Iterable[Finding]:
        try:
            found = list(self._check(values, self.context))
        except Exception as exc:  # a plugin's bug must not stop validation
            return [self._error(f"{exc.__class__.__name__}: {exc}")]
        result = []
        for finding in found:
            if not isinstance(finding, Finding):
                result.append(self._error(f"returned {type(finding).__name__}, not a Finding"))
            elif finding.code not in self.known:
                result.append(self._error(f"returned the undeclared issue code {finding.code!r}"))
            else:
                result.append(finding)
        return result
