"""The bundled holiday-notice example is the real 2026 schedule, and loads."""

from __future__ import annotations

from pathlib import Path

from sgs.calendar import chinesecalendar_years, load_notice

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "holidays-2026.toml"


def test_the_example_notice_is_chinesecalendars_2026() -> None:
    notice = load_notice(EXAMPLE)
    official = chinesecalendar_years()[2026]
    assert notice.year == 2026
    assert dict(notice.holidays) == dict(official.holidays)
    assert dict(notice.workdays) == dict(official.workdays)
