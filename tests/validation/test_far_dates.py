"""A decision dated near year 9999 is a bad value, not ``ValueError: year 10002 is out of range``."""

from __future__ import annotations

import datetime as dt

from sgs.validation import Validator


def test_a_penalty_decided_in_9998_is_validated() -> None:
    record = {
        "CF_XDR_MC": "某公司",
        "CF_WSH": "罚〔9998〕1号",
        "CF_JDRQ": "9998/06/01",
        "CF_GSJZQ": "9999/12/31",
    }
    report = Validator(as_of=dt.date(2026, 1, 1)).validate([record])
    codes = {issue.code for issue in report.issues}
    assert "decision-in-future" in codes
    assert "publication-end-inconsistent" not in codes  # within the window, which ends 9999-12-31
