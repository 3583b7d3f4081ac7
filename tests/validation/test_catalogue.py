"""The issue catalogue is complete: every code a rule reports is listed, and tested."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sgs.validation import BUILTIN_TYPES, Catalogue, IssueType, Severity
from tests.validation.test_rules import BREAKING

SOURCES = Path(__file__).resolve().parents[2] / "src" / "sgs" / "validation"
_EMITTED = re.compile(r"""Finding\(\s*['"]([a-z0-9-]+)['"]""")


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCES.rglob("*.py"):
        codes.update(_EMITTED.findall(path.read_text(encoding="utf-8")))
    codes.add("duplicate-decision")  # made by duplicates.duplicate_finding
    return codes


def test_every_emitted_code_is_in_the_catalogue_and_back() -> None:
    catalogue = {t.code for t in BUILTIN_TYPES}
    assert emitted_codes() == catalogue


def test_codes_are_unique_and_well_formed() -> None:
    codes = [t.code for t in BUILTIN_TYPES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c) for c in codes)


def test_every_code_has_a_breaking_case() -> None:
    tested = {expected[0] for _, _, expected, _ in BREAKING}
    # duplicates and failing rules are tested with several records / a plugin rule
    tested |= {"duplicate-decision", "rule-error"}
    assert tested == {t.code for t in BUILTIN_TYPES}


def test_every_message_formats_in_both_languages() -> None:
    params = {
        "label": "标签", "field": "F", "value": "v", "length": 3, "max": 2, "allowed": "a",
        "detail": "d", "expected": "x", "as_of": "2026-11-26", "category": "自然人",
        "other": "o", "other_value": "ov", "reason": "r", "reason_en": "r",
        "regime": "g", "low": "l", "high": "h", "first": "第1条记录", "first_en": "record 1",
        "rule": "n", "error": "e",
    }  # fmt: skip
    for t in BUILTIN_TYPES:
        zh, en = t.format(params)
        assert "{" not in zh + en, t.code
        assert zh
        assert en


def test_a_plugin_code_may_not_redefine_a_builtin() -> None:
    clash = IssueType(
        code="uscc-checksum",
        severity=Severity.WARNING,
        title_zh="x",
        title_en="x",
        message_zh="x",
        message_en="x",
    )
    with pytest.raises(ValueError, match="uscc-checksum"):
        Catalogue([clash])
