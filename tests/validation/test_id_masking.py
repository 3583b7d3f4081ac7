"""An ID number is masked in every message, whatever field it was typed into (issue 11 #16)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings

from sgs.ids import resident
from sgs.validation import Issue, Validator
from tests.strategies import id_numbers
from tests.validation.test_rules import AS_OF, PENALTY, record

ID = "330921198001011234"


def person(**changes: str | None) -> dict[str, str]:
    base: dict[str, str | None] = {"CF_XDR_LB": "自然人", "CF_FRDB": None, "CF_XDR_SHXYM": None}
    return record(PENALTY, **{**base, **changes})


def texts(issues: Sequence[Issue]) -> str:
    return json.dumps([i.to_dict() for i in issues], ensure_ascii=False)


def test_an_id_number_in_the_credit_code_column_is_masked() -> None:
    report = Validator(as_of=AS_OF).validate([person(CF_XDR_SHXYM=ID)])
    codes = {i.code for i in report.issues}
    assert codes & {"uscc-checksum", "uscc-format", "category-forbidden"}, codes
    dumped = texts(report.issues)
    assert ID not in dumped
    assert "330921************" in dumped


@settings(max_examples=50, deadline=None)
@given(number=id_numbers())
def test_no_field_shows_a_whole_id_number(number: str) -> None:
    """Typed into free text, a name, a 文号 or a code column: never shown whole."""
    report = Validator(as_of=AS_OF).validate(
        [
            person(CF_XDR_SHXYM=number),
            person(CF_XDR_GSZC=number),
            person(CF_CFJGDM=number),
            person(CF_WSH=number),
        ]
    )
    assert number not in texts(report.issues)
    assert all(
        not resident.looks_like(i.value or "") or "*" in (i.value or "") for i in report.issues
    )


def test_the_command_line_masks_them_too(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "people.csv"
    row = person(CF_XDR_SHXYM=ID)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    sgs = str(Path(sys.executable).with_name("sgs"))
    for fmt in ("text", "json"):
        done = subprocess.run(
            [sgs, "validate", str(path), "--no-plugins", "--as-of", "2026-11-26", "--format", fmt],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert ID not in done.stdout + done.stderr


def test_a_mobile_number_or_e_mail_in_a_message_is_masked_as_the_public_view_masks_it() -> None:
    """The validation messages go through the same masker as the public views' free text."""
    from sgs.ids.personal import mask_text

    report = Validator(as_of=AS_OF).validate(
        [person(CF_XDR_SHXYM="13812345678"), person(CF_WSH="罚字 zhang.san@example.com")]
    )
    dumped = texts(report.issues)
    assert report.issues
    assert "13812345678" not in dumped
    assert "zhang.san@example.com" not in dumped
    assert mask_text("13812345678")[0] in dumped  # 138****5678, the view's own form
