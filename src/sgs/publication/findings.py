"""What a publication decision produces: the view, the refusal, and the reasons for both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from sgs.ids import personal

__all__ = ["ACTIONS", "Finding", "PublicView", "Withheld"]

#: What a finding says was done.
ACTIONS = ("publish", "withhold", "drop", "mask", "flag", "period")


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


def _findings(value: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Finding:
    """One line of :meth:`Publisher.explain`: which rule did what, and on what legal ground.

    ``rule`` is a stable code (``natural-person-penalty-2026``, ``minor``,
    ``id-number-dropped``, ``name-masked``, ``free-text-id`` …); ``field`` is a
    field code, or ``None`` for the whole record; ``message`` is Chinese first,
    then English in parentheses, and never holds an unmasked ID number.
    """

    rule: str
    field: str | None
    action: str = attrs.field(validator=attrs.validators.in_(ACTIONS))
    message: str = attrs.field(converter=personal.mask_message)  # never a raw ID or phone
    source: str = ""


@attrs.frozen(kw_only=True)
class PublicView:
    """What the public (or, for a sharing view, a government user) may see of one record.

    ``fields`` are masked, by field code; dropped fields are absent.
    ``published_until`` is the last day the record is shown, ``None`` for no end.
    ``review`` is true when free text had hits masked that a person should look at.
    """

    key: str
    kind: str
    fields: Mapping[str, str] = attrs.field(converter=_frozen)
    published_until: dt.date | None
    scope: str
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)
    review: bool = False
    #: Whether an objection to the record is open (公示状态 异议): the public sees the flag.
    objection: bool = False


@attrs.frozen(kw_only=True)
class Withheld:
    """A record that is not public, and the findings that say why."""

    key: str
    kind: str
    findings: tuple[Finding, ...] = attrs.field(converter=_findings)

    @property
    def reasons(self) -> tuple[Finding, ...]:
        """The findings that withheld the record."""
        return tuple(f for f in self.findings if f.action == "withhold")
