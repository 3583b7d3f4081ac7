"""Building records from field texts without raising.

A reader hands over the cleaned text of each field; :func:`record_from_texts`
returns the typed record together with the values that did not fit their
field (:class:`ValueProblem`), whose raw text the record keeps in place of
a typed value. Validation turns the problems into issues.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sgs.records.codecs import codecs_for
from sgs.records.models import RECORD_CLASSES, Record
from sgs.standard import FieldType, RecordSpec

__all__ = ["ValueProblem", "record_from_texts"]


@attrs.frozen
class ValueProblem:
    """A field whose text does not parse as its type (a date that is not a date…).

    ``expected`` is the field type; ``text`` the text exactly as received.
    For a multi-valued enumeration, ``parts`` lists the parts not accepted.
    """

    code: str
    text: str
    expected: FieldType
    parts: tuple[str, ...] = ()


def record_from_texts(
    spec: RecordSpec, texts: Mapping[str, str]
) -> tuple[Record, tuple[ValueProblem, ...]]:
    """The record of ``spec.kind`` for ``texts`` (field code → non-empty text).

    >>> from sgs.standard import get_standard
    >>> rec, problems = record_from_texts(get_standard().penalty,
    ...     {"CF_JDRQ": "2019/10/10", "CF_NR_FK": "0.2", "CF_YXQ": "2019-02-30"})
    >>> rec.decision_date, rec.fine_amount, rec.penalty_valid_until
    (datetime.date(2019, 10, 10), Decimal('0.2'), '2019-02-30')
    >>> problems
    (ValueProblem(code='CF_YXQ', text='2019-02-30', expected=<FieldType.DATE: 'date'>, parts=()),)
    """
    codecs = codecs_for(spec)
    kwargs = {}
    problems: list[ValueProblem] = []
    for code, text in texts.items():
        codec = codecs.get(code)
        if codec is None:
            continue
        value, ok = codec.parse(text)
        if not ok:
            parts: tuple[str, ...] = ()
            if codec.spec.multiple and codec.spec.enumeration is not None:
                enumeration = codec.spec.enumeration
                parts = tuple(p for p in value if enumeration.canonical(p) is None)
            problems.append(ValueProblem(code, text, codec.spec.type, parts))
        kwargs[codec.spec.name] = value
    return RECORD_CLASSES[spec.kind](**kwargs), tuple(problems)
