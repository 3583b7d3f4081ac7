"""The schema of sgs.toml (issue 11 #9): every broken configuration is a message, exit 2.

Each case runs ``sgs sync --config`` as the command line does (``sgs.cli.main``) and
expects status 2 and one message naming the file, the key and what was expected —
never a traceback or an internal error — and the run stopped before the store was made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.cli import main
from sgs.department.config import load_config

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

TABLES = {
    "department": 'name = "示例市市场监督管理局"\ncredit_code = "11410100MB00000005"',
    "source": 'type = "directory"\npath = "."',  # pattern: *.csv
    "transport": 'type = "directory"\npath = "outbox"',
    "store": 'url = "sqlite:///ledger.db"',
}
HTTP = 'type = "http"\nurl = "http://127.0.0.1:9/records"'
SQL = 'type = "sql"\nurl = "sqlite:///own.db"\nquery = "SELECT 1"'


def toml(top: str = "", **tables: str | None) -> str:
    """A configuration: the working one with some tables replaced (``None``: left out)."""
    merged = {**TABLES, **tables}
    body = "".join(f"[{name}]\n{text}\n" for name, text in merged.items() if text is not None)
    return f"{top}\n{body}"


def src(extra: str) -> str:
    return f"{TABLES['source']}\n{extra}"


CASES = [
    # tables that are not tables
    ("store-not-a-table", toml('store = "x"', store=None), "[store]", "a table"),
    ("sync-not-a-table", toml("sync = 5"), "[sync]", "a table"),
    ("calendar-not-a-table", toml("calendar = 3"), "[calendar]", "a table"),
    ("standard-not-a-table", toml("standard = 5"), "[standard]", "text or a table"),
    ("source-not-a-table", toml('source = "inbox"', source=None), "[source]", "a table"),
    ("department-missing", toml(department=None), "[department]", "missing"),
    # [department]
    ("name-a-number", toml(department='name = 5\ncredit_code = "x"'), "[department] name", "text"),
    ("credit-code-missing", toml(department='name = "局"'), "credit_code", "text"),
    # [sync]
    ("batch-size-text", toml(sync='batch_size = "abc"'), "[sync] batch_size", "whole number"),
    ("batch-size-zero", toml(sync="batch_size = 0"), "[sync] batch_size", "from 1 to 100000"),
    ("batch-size-negative", toml(sync="batch_size = -5"), "[sync] batch_size", "from 1 to"),
    ("batch-size-true", toml(sync="batch_size = true"), "[sync] batch_size", "whole number"),
    ("batch-size-float", toml(sync="batch_size = 2.5"), "[sync] batch_size", "whole number"),
    ("lock-timeout-negative", toml(sync="lock_timeout = -1"), "[sync] lock_timeout", "number"),
    ("lock-timeout-text", toml(sync='lock_timeout = "soon"'), "[sync] lock_timeout", "number"),
    ("receipts-a-file", toml(sync='receipts = "sgs.toml"'), "[sync] receipts", "folder"),
    # [calendar], [standard]
    ("holidays-a-number", toml(calendar="holidays = 5"), "[calendar] holidays", "list of text"),
    ("holidays-not-text", toml(calendar='holidays = ["a.toml", 3]'), "[calendar] holidays", "text"),
    ("version-a-number", toml(standard="version = 2021"), "[standard] version", "text"),
    # [source]: the read options every source shares
    ("encoding-a-number", toml(source=src("encoding = 8")), "[source] encoding", "text"),
    ("encoding-unknown", toml(source=src('encoding = "utf-9"')), "[source] encoding", "encoding"),
    ("kind-unknown", toml(source=src('kind = "fine"')), "[source] kind", "record kind"),
    ("format-unknown", toml(source=src('format = "pdf"')), "[source] format", "one of csv"),
    ("sheet-negative", toml(source=src("sheet = -1")), "[source] sheet", "0 or more"),
    # paths
    ("source-path-nul", toml(source='type = "file"\npath = "a\\u0000.csv"'), "[source] path", "NUL"),
    ("outbox-nul", toml(transport='type = "directory"\npath = "out\\u0000"'), "[transport] path", "NUL"),
    ("pattern-absolute", toml(source=src('pattern = "/etc/*"')), "[source] pattern", "inside"),
    ("pattern-escaping", toml(source=src('pattern = "../*.csv"')), "[source] pattern", "inside"),
    ("pattern-empty", toml(source=src('pattern = ""')), "[source] pattern", "not empty"),
    ("inbox-a-file", toml(source='type = "directory"\npath = "sgs.toml"'), "[source] path", "folder"),
    ("outbox-a-file", toml(transport='type = "directory"\npath = "sgs.toml"'), "[transport] path", "folder"),
    ("outbox-under-a-file", toml(transport='type = "directory"\npath = "sgs.toml/out"'), "[transport] path", "cannot be made"),
    ("outbox-unwritable", toml(transport='type = "directory"\npath = "/proc/self/outbox"'), "[transport] path", "cannot be made or written"),
    ("store-folder-a-file", toml(store='url = "sqlite:///sgs.toml/ledger.db"'), "[store] url", "which is a file"),
    ("store-a-folder", toml(store='url = "sqlite:///."'), "[store] url", "folder"),
    ("store-not-a-url", toml(store='url = "ledger.db"'), "[store] url", "database URL"),
    ("store-a-number", toml(store="url = 5"), "[store] url", "text"),
    # the adapters' own settings, checked when they are made
    ("retries-huge", toml(transport=f"{HTTP}\nretries = 1000000"), "[transport] retries", "from 0 to 100"),
    ("timeout-zero", toml(transport=f"{HTTP}\ntimeout = 0"), "[transport] timeout", "from 0.1 to 3600"),
    ("timeout-huge", toml(transport=f"{HTTP}\ntimeout = 100000"), "[transport] timeout", "to 3600"),
    ("http-url-missing", toml(transport='type = "http"'), "url", "needs"),
    ("params-not-a-table", toml(source=f'{SQL}\nparams = "oops"'), "[source] params", "a table"),
    ("create-not-bool", toml(transport='type = "sql-table"\nurl = "sqlite:///x.db"\ncreate = "yes"'), "[transport] create", "true or false"),
    ("transport-type-unknown", toml(transport='type = "pigeon"'), "[transport]", "unknown type"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "key", "wanted"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_broken_configuration_is_one_message_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str, wanted: str
) -> None:
    config = tmp_path / "sgs.toml"
    config.write_text(text, encoding="utf-8")
    status = main(["sync", "--config", str(config)])
    out, err = capsys.readouterr()
    assert status == 2, err
    assert key in err
    assert wanted in err
    assert str(config) in err  # the file is named
    assert "Traceback" not in out + err
    assert "内部错误" not in err
    assert "(" in err  # the English half
    assert not (tmp_path / "ledger.db").exists()  # stopped before the store was made


def _working(folder: Path) -> str:
    shutil.copy(EXAMPLES / "penalties.csv", folder / "penalties.csv")
    return toml()


def test_an_sgs_toml_saved_as_gbk_is_told_to_be_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "sgs.toml"
    config.write_bytes(_working(tmp_path).encode("gbk"))
    assert main(["sync", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "must be saved as UTF-8" in err
    assert "UTF-8 保存" in err
    assert f"{config}, line 3" in err  # the first line with Chinese
    assert "Traceback" not in err


def test_bytes_that_are_not_utf8_are_refused_however_they_got_there(tmp_path: Path) -> None:
    config = tmp_path / "sgs.toml"
    config.write_bytes(_working(tmp_path).encode("utf-8") + b"# \xff\xfe broken\n")
    with pytest.raises(Exception, match="UTF-8") as info:
        load_config(config)
    assert type(info.value).__name__ == "ConfigFileError"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_an_sgs_toml_with_a_byte_order_mark_is_read(tmp_path: Path, codec: str) -> None:
    """UTF-16 with its BOM (Windows Notepad's "Unicode"), or UTF-8 with one, is decoded."""
    text = _working(tmp_path)
    config = tmp_path / "sgs.toml"
    data = text.encode(codec)
    config.write_bytes(b"\xfe\xff" + data if codec == "utf-16-be" else data)
    loaded = load_config(config)
    assert loaded.department_name == "示例市市场监督管理局"
    assert main(["sync", "--config", str(config), "--as-of", "2026-11-26"]) == 0
    assert len(list((tmp_path / "outbox").glob("*.manifest.json"))) == 1


def test_the_documented_values_are_taken(tmp_path: Path) -> None:
    config = tmp_path / "sgs.toml"
    config.write_text(
        toml('standard = "2018"', sync="batch_size = 7\nlock_timeout = 3\nreceipts = 'back'",
             calendar='holidays = "h.toml"'),
        encoding="utf-8",
    )  # fmt: skip
    loaded = load_config(config)
    assert (loaded.standard, loaded.batch_size, loaded.lock_timeout) == ("2018", 7, 3.0)
    assert loaded.receipts == "back"
    assert loaded.holidays == (str(tmp_path / "h.toml"),)
    assert isinstance(loaded.lock_timeout, float)


def test_unknown_keys_are_one_warning_line_each_and_the_run_goes_on(tmp_path: Path) -> None:
    """A misspelt key is not an error, but it is said: the command prints one line each."""
    text = toml(
        'colour = "blue"', sync="bach_size = 3", source=src('patern = "*.xlsx"'),
        transport='type = "directory"\npath = "outbox"\nretires = 2',
    )  # fmt: skip
    shutil.copy(EXAMPLES / "penalties.csv", tmp_path / "penalties.csv")
    (tmp_path / "sgs.toml").write_text(text, encoding="utf-8")
    sgs = Path(sys.executable).with_name("sgs")
    result = subprocess.run(
        [str(sgs), "sync", "--config", str(tmp_path / "sgs.toml"), "--as-of", "2026-11-26"],
        capture_output=True, text=True, env=dict(os.environ, SGS_DEBUG=""), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "unknown setting" in line]
    assert len(warnings) == 4, result.stderr
    for key in ("colour", "[sync] bach_size", "[source] patern", "[transport] retires"):
        assert sum(key in line for line in warnings) == 1, (key, warnings)
    assert all(line.startswith("sgs: 警告 (warning): ") for line in warnings)
    assert "Traceback" not in result.stderr
    assert len(list((tmp_path / "outbox").glob("*.manifest.json"))) == 1
