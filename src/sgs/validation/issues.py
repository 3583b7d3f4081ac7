"""Issues: what validation finds, as data.

An :class:`IssueType` describes one kind of finding once — its stable
code, default severity and messages; an :class:`Issue` is one occurrence,
at one position, in one field. Rules report :class:`Finding` objects
(the code, the field, the value and the message parameters) and the engine
turns them into issues with their severity and position.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from sgs.standard import Certainty

__all__ = ["Finding", "Issue", "IssueType", "Severity"]


class Severity(enum.StrEnum):
    """How much a finding matters: an error rejects the record, a warning does not."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """错误 or 提示."""
        return "错误" if self is Severity.ERROR else "提示"


class _Defaults(dict[str, Any]):
    """Format parameters that leave an unknown placeholder visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@attrs.frozen(kw_only=True)
class IssueType:
    """One kind of finding, with a stable ``code`` that callers may rely on.

    ``message_zh`` / ``message_en`` are :meth:`str.format` templates; every
    finding supplies ``label`` (the field's Chinese name), ``field`` (its
    code) and ``value``, and a rule may add its own parameters.
    ``certainty`` is how sure the basis of the rule is; ``uncertain_fields``
    makes a field-level rule a warning where the field's own limit is only
    recalled (field lengths, marked [R] in the reference). ``basis`` names
    the source of the rule.

    >>> t = IssueType(code="x", severity=Severity.ERROR, title_zh="示例", title_en="example",
    ...               message_zh="“{label}”有误：{value}", message_en="{field} is wrong: {value}")
    >>> t.format({"label": "处罚机关", "field": "CF_CFJG", "value": "某局"})
    ('“处罚机关”有误：某局', 'CF_CFJG is wrong: 某局')
    """

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    certainty: Certainty = Certainty.CONFIRMED
    uncertain_fields: bool = False
    scope: str = "field"
    basis: str = ""

    def format(self, params: Mapping[str, Any]) -> tuple[str, str]:
        """The Chinese and English messages for ``params``."""
        values = _Defaults(params)
        return self.message_zh.format_map(values), self.message_en.format_map(values)


@attrs.frozen(slots=True)
class Finding:
    """What a rule reports: an issue code, the field (``None``: the whole record), the value.

    ``params`` fill the message templates of the issue type.
    """

    code: str
    field: str | None = None
    value: str | None = None
    params: Mapping[str, Any] | None = None


@attrs.frozen(slots=True)
class Issue:
    """One finding at one place: code, severity, position, field, value and messages.

    ``record`` is the 1-based number of the data record in its file (the
    header is not counted); ``line`` the physical line of a text file where
    the record starts, or the Excel row; ``value`` is masked for personal
    identifiers.
    """

    code: str
    severity: Severity
    file: str | None
    record: int
    line: int | None
    field: str | None
    label: str | None
    value: str | None
    message_zh: str
    message_en: str
    sheet: str | None = None

    @property
    def message(self) -> str:
        """The Chinese message (the primary one)."""
        return self.message_zh

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``file``, ``row`` (the record number), ``field``, ``code``…"""
        return {
            "file": self.file,
            "row": self.record,
            "line": self.line,
            "sheet": self.sheet,
            "field": self.field,
            "label": self.label,
            "code": self.code,
            "severity": self.severity.value,
            "value": self.value,
            "message": self.message_zh,
            "message_en": self.message_en,
        }
