"""Which findings are errors, which are warnings, and which are switched off.

A :class:`Policy` maps issue codes — or ``code:FIELD`` for one field — to
``error``, ``warning`` or ``off``. Without an entry an issue type keeps its
default severity; a field-level issue type marked ``uncertain_fields``
(lengths) becomes a warning where the field's limit is only recalled.

>>> from sgs.standard import get_standard
>>> from sgs.validation.catalogue import Catalogue
>>> policy = Policy({"uscc-orgcode-checksum": "error", "too-long:CF_WSH": "off"})
>>> spec, cat = get_standard().penalty, Catalogue()
>>> policy.severity(cat["uscc-orgcode-checksum"], spec, "CF_CFJGDM")
<Severity.ERROR: 'error'>
>>> policy.severity(cat["too-long"], spec, "CF_WSH") is None
True
>>> policy.severity(cat["too-long"], spec, "CF_SY")  # length only recalled: a warning
<Severity.WARNING: 'warning'>
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from sgs.errors import SgsError
from sgs.standard import Certainty, RecordSpec
from sgs.validation.issues import IssueType, Severity

__all__ = ["OFF", "Policy", "SeverityName"]

SeverityName = Literal["error", "warning", "off"]
OFF: SeverityName = "off"
_NAMES = frozenset({"error", "warning", "off"})


def _check(settings: Mapping[str, str] | None) -> Mapping[str, str]:
    result = {}
    for key, value in (settings or {}).items():
        name = str(value).strip().lower()
        if name not in _NAMES:
            raise SgsError(
                f"规则“{key}”的级别“{value}”无效，应为 error、warning 或 off",
                f"severity {value!r} for {key!r} is not one of error, warning, off",
            )
        result[str(key).strip()] = name
    return MappingProxyType(result)


@attrs.frozen
class Policy:
    """Severity overrides by issue code, or by ``code:FIELD`` (see the module documentation)."""

    overrides: Mapping[str, str] = attrs.field(factory=dict, converter=_check)

    def severity(
        self, issue_type: IssueType, spec: RecordSpec, field: str | None
    ) -> Severity | None:
        """The severity of ``issue_type`` in ``field``; ``None`` when it is switched off."""
        name = None
        if field is not None:
            name = self.overrides.get(f"{issue_type.code}:{field}")
        if name is None:
            name = self.overrides.get(issue_type.code)
        if name is not None:
            return None if name == OFF else Severity(name)
        if (
            issue_type.uncertain_fields
            and field is not None
            and field in spec
            and spec[field].length_certainty is Certainty.RECALLED
        ):
            return Severity.WARNING
        return issue_type.severity

    def unknown_codes(self, codes: set[str]) -> list[str]:
        """Override keys whose code is not in ``codes`` (likely a misspelling)."""
        return sorted(k for k in self.overrides if k.split(":", 1)[0] not in codes)
