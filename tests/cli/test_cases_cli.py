"""``sgs objections`` and ``sgs repair`` on bad input: a clear message and exit status 2."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sgs.cli.main import main
from sgs.platform import open_platform

from ..platform.records import body, department_code, key_of, penalty
from ..platform.server import write_config


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = write_config(tmp_path / "city")
    with open_platform(path) as platform:
        department, _ = platform.add_department("示例市市场监督管理局", department_code(1))
        fields = penalty(1, department_code(1), random.Random(1))
        assert platform.receive(department, body([fields]))[0].accepted
    (tmp_path / "key").write_text(key_of(fields), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["objections", "open", "--key", "0" * 32, "--claim", "事实错误"], "没有记录"),
        (["objections", "open", "--key", "KEY", "--claim", "不服"], "异议类型"),
        (["objections", "open", "--key", "KEY", "--claim", "其他", "--channel", "fax"], "渠道"),
        (["objections", "show", "YY20260101-AAAAAA"], "没有办件编号"),
        (["objections", "decide", "YY20260101-AAAAAA", "--outcome", "confirmed",
          "--opinion", "x"], "YY20260101-AAAAAA"),
        (["repair", "show", "XF20260101-AAAAAA"], "没有编号"),
        (["repair", "apply", "--key", "0" * 32, "--commitment", "承诺"], "没有记录"),
        (["repair", "decide", "XF20260101-AAAAAA", "--repair", "--reason", "x"], "没有编号"),
    ],
)  # fmt: skip
def test_a_bad_request_names_what_is_wrong_and_exits_2(
    config: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    key = (config.parent.parent / "key").read_text("utf-8")
    args = [key if a == "KEY" else a for a in args]
    status, _, err = _run(capsys, args[0], args[1], "--config", str(config), *args[2:])
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert "内部错误" not in err


def test_a_department_command_refuses_a_platform_file_and_back(
    config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = _run(capsys, "objections", "answer", "--config", str(config),
                          "YY20260101-AAAAAA", "--confirm")  # fmt: skip
    assert status == 2
    assert "sgs.toml" in err
    department = tmp_path / "sgs.toml"
    department.write_text('[source]\ntype = "directory"\npath = "."\n', encoding="utf-8")
    status, _, err = _run(capsys, "objections", "open", "--config", str(department),
                          "--key", "k", "--claim", "其他")  # fmt: skip
    assert status == 2
    assert "platform.toml" in err


def test_open_prints_the_number_alone_and_show_json_has_the_keys(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = (config.parent.parent / "key").read_text("utf-8")
    status, out, _ = _run(capsys, "objections", "open", "--config", str(config), "--key", key,
                          "--claim", "事实错误", "--text", "金额有误")  # fmt: skip
    assert status == 0
    case = out.strip()
    assert out == case + "\n"
    status, out, _ = _run(capsys, "objections", "show", "--config", str(config), case,
                          "--format", "json")  # fmt: skip
    shown = json.loads(out)
    assert {"case", "key", "state", "due", "profile", "steps"} <= set(shown)
    assert (shown["case"], shown["key"], shown["state"]) == (case, key, "verifying")
    status, out, _ = _run(capsys, "objections", "show", "--config", str(config), case)
    assert "异议类型 claim: 事实错误" in out


def test_an_unknown_deadline_profile_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(tmp_path / "odd", extra='[cases]\nprofile = "mars"\n')
    status, _, err = _run(capsys, "objections", "due", "--config", str(path))
    assert status == 2
    assert "[cases] profile" in err
    assert "henan" in err


def test_the_platform_writes_the_notice_of_a_record_it_holds(
    config: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    key = (config.parent.parent / "key").read_text("utf-8")
    out = tmp_path / "notice.json"
    status, printed, err = _run(capsys, "repair", "notice", "--config", str(config), key,
                                "--format", "json", "--output", str(out), "--as-of", "2026-12-02")  # fmt: skip
    assert status == 0, err
    assert printed.strip() == str(out)
    notice = json.loads(out.read_text("utf-8"))
    text = json.dumps(notice, ensure_ascii=False)
    assert "示例市市场监督管理局" in text  # the deciding department
    assert "示例市信用信息中心" in text  # the platform that takes applications
    status, _, err = _run(capsys, "repair", "notice", "--config", str(config), "0" * 32,
                          "--output", str(tmp_path / "x.docx"))  # fmt: skip
    assert status == 2
    assert "没有键为" in err
