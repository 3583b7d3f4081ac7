"""Tests of ``sgs calendar``: plain output, options, supplied years, exit statuses and messages.

Run through the installed console script, as tests/cli/test_main.py does. Years without
data are 2090 and later, so that a chinesecalendar release with more years breaks
nothing here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``sgs calendar ARGS`` with no SGS_HOLIDAYS and no installed plugins."""
    sgs = Path(sys.executable).with_name("sgs")
    environ = {k: v for k, v in os.environ.items() if k != "SGS_HOLIDAYS"}
    environ.update(SGS_DEBUG="", SGS_DISABLE_PLUGIN_AUTOLOAD="1", **(env or {}))
    return subprocess.run(
        [str(sgs), "calendar", *map(str, args)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )


def ok(*args: str | Path, env: dict[str, str] | None = None) -> str:
    """The stdout of a successful command, which must say nothing on stderr."""
    result = run(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


NOTICE_2090 = """\
year = 2090
source = "测试：2090年部分节假日安排（虚构）"

[[holidays]]
name = "元旦"
start = 2090-01-01
end = 2090-01-02

[[holidays]]
name = "国庆节"
start = 2090-10-01
end = 2090-10-07

[[workdays]]
date = 2090-09-30
name = "国庆节"

[[workdays]]
date = 2090-10-08
name = "国庆节"
"""


@pytest.fixture
def toml_2090(tmp_path: Path) -> Path:
    path = tmp_path / "holidays-2090.toml"
    path.write_text(NOTICE_2090, encoding="utf-8")
    return path


@pytest.fixture
def json_2091(tmp_path: Path) -> Path:
    path = tmp_path / "holidays-2091.json"
    data = {
        "year": 2091,
        "source": "测试：2091年部分节假日安排（虚构）",
        "holidays": [{"name": "元旦", "start": "2091-01-01", "end": "2091-01-01"}],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["is-workday", "2019-09-29"], "true"),  # a Sunday, 调休
        (["is-workday", "2019-10-01"], "false"),
        (["is-workday", "2019-10-08"], "true"),
        (["add", "2019-09-27", "7"], "2019-10-12"),
        (["add", "2019-10-12", "-7"], "2019-09-27"),
        (["add", "2019-09-27", "0"], "2019-09-27"),
        (["deadline", "2019-09-27"], "2019-10-12"),
        (["deadline", "2019-09-30"], "2019-10-15"),
        (["deadline", "2019-09-30", "--count-event-day"], "2019-10-14"),
        (["deadline", "2019-10-03", "--count-event-day"], "2019-10-15"),  # on a holiday
        (["deadline", "2019-09-30", "--workdays", "3"], "2019-10-10"),
        (["deadline", "2019-09-30", "--workdays", "3", "--count-event-day"], "2019-10-09"),
        (["between", "2019-09-27", "2019-10-12"], "7"),
        (["between", "2019-10-12", "2019-09-27"], "-7"),
        (["between", "2019-10-01", "2019-10-01"], "0"),
        (["monthly-due", "2019-09"], "2019-10-15"),
        (["monthly-due", "2019-05"], "2019-06-17"),  # 06-15 is a Saturday
        (["monthly-due", "2026-01"], "2026-02-24"),  # 02-15 is in 春节
    ],
)
def test_plain_output(args: list[str], output: str) -> None:
    assert ok(*args) == output + "\n"


def test_holidays_file(toml_2090: Path, json_2091: Path) -> None:
    assert ok("is-workday", "2090-01-02", "--holidays", toml_2090) == "false\n"
    assert ok("is-workday", "2090-01-03", "--holidays", toml_2090) == "true\n"
    assert ok("is-workday", "2090-10-08", "--holidays", toml_2090) == "true\n"  # a Sunday
    # 2090-09-29 Fri: 09-30 (1), 10-08 (2), 10-09 .. 10-13 (3..7)
    assert ok("deadline", "2090-09-29", "--holidays", toml_2090) == "2090-10-13\n"
    assert ok("between", "2090-09-29", "2090-10-13", "--holidays", toml_2090) == "7\n"
    assert ok("monthly-due", "2090-09", "--holidays", toml_2090) == "2090-10-16\n"  # 15th Sun
    # repeated: 2090-12-28 Thu: 12-29 (1), 2091-01-02 .. 01-05 (2..5), 01-08, 01-09 (6, 7)
    both = ("--holidays", toml_2090, "--holidays", json_2091)
    assert ok("add", "2090-12-28", "7", *both) == "2091-01-09\n"


def test_holidays_environment_variable(toml_2090: Path, json_2091: Path) -> None:
    env = {"SGS_HOLIDAYS": f"{toml_2090}{os.pathsep}{json_2091}"}
    assert ok("is-workday", "2090-01-02", env=env) == "false\n"
    assert ok("add", "2090-12-28", "7", env=env) == "2091-01-09\n"


def _unusable(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("sgs: ")
    return result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["is-workday", "2090-03-01"],
        ["add", "2090-03-01", "7"],
        ["deadline", "2090-03-01"],
        ["between", "2019-01-01", "2090-03-01"],
        ["monthly-due", "2090-02"],
    ],
)
def test_year_without_data(args: list[str]) -> None:
    message = _unusable(run(*args))
    assert "2090" in message
    assert "--holidays" in message
    assert "--assume-weekends" in message
    assert "assume_weekends=True" not in message
    assert "SGS_HOLIDAYS" in message


def test_counting_off_the_end_of_a_holidays_file(toml_2090: Path) -> None:
    message = _unusable(run("add", "2090-12-28", "7", "--holidays", toml_2090))
    assert "2091" in message
    assert "--holidays" in message


def test_assume_weekends() -> None:
    """A date counted on plain weekends, and one warning line on stderr."""
    result = run("add", "2090-01-02", "5", "--assume-weekends")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2090-01-09\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "2090" in lines[0]
    assert "warning" in lines[0]
    result = run("between", "2090-01-01", "2090-01-31", "--assume-weekends")
    assert result.stdout == "22\n"
    assert len(result.stderr.splitlines()) == 1


def test_assume_weekends_is_workday() -> None:
    """``is-workday`` on a year without data, with --assume-weekends: Monday 2090-01-02.

    Bug (work.py ``WorkCalendar.is_workday``, see tests/calendar/test_work.py): the lookup
    indexes the table from before the year was added, IndexError, so the command
    ends with status 3, "internal error".
    """
    result = run("is-workday", "2090-01-02", "--assume-weekends")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "true\n"
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["is-workday", "2019-02-30"],
        ["is-workday", "yesterday"],
        ["add", "2019-09-27", "seven"],
        ["add", "2019/09/27", "7"],
        ["between", "2019-09-27"],
        ["deadline", "2019-09-27", "--workdays", "x"],
        ["monthly-due", "2019-13"],
        ["monthly-due", "2019"],
        ["weekday", "2019-09-27"],
        [],
    ],
)
def test_usage_errors(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "用法错误" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("broken.toml", "year = = 2090\n", "TOML"),
        (
            "nosource.toml",
            NOTICE_2090.replace('source = "测试：2090年部分节假日安排（虚构）"\n', ""),
            "source",
        ),
        (
            "weekday.toml",
            NOTICE_2090.replace("date = 2090-09-30", "date = 2090-09-29"),
            "workdays[1]",
        ),
        ("order.toml", NOTICE_2090.replace("end = 2090-10-07", "end = 2090-09-07"), "holidays[2]"),
        ("missing.toml", None, "missing.toml"),
    ],
)
def test_malformed_holidays_file(tmp_path: Path, name: str, content: str | None, what: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    message = _unusable(run("is-workday", "2019-10-01", "--holidays", path))
    assert str(path) in message
    assert what in message


def test_help() -> None:
    for command in ("is-workday", "add", "deadline", "between", "monthly-due"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert "--holidays" in result.stdout
        assert "--assume-weekends" in result.stdout
