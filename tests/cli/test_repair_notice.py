"""sgs repair notice: the 信用修复告知书 of a ledger record, written and read back; exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from sgs.cli.main import main
from sgs.store import open_store
from tests.departments import department

NUMBER = "示市监罚〔2026〕101号"  # 罚款 0.5 万元 and 没收违法所得, 2026-11-02


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A department that has synced the 4 example penalties; its sgs.toml."""
    folder = tmp_path_factory.mktemp("department")
    transport = 'type = "directory"\npath = "outbox"'
    config = department(folder, transport, "sqlite:///sgs.db", errors=False)
    assert main(["sync", "--config", str(config), "--as-of", "2026-11-26"]) == 0
    return config


def key_of(config: Path, number: str = NUMBER) -> str:
    with open_store("sqlite:///sgs.db", base_dir=config.parent) as store:
        (entry,) = store.ledger.find(number=number)
    return entry.record_key


def notice(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["repair", "notice", "--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_json_notice(synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The example's penalty is 一般 by its 没收违法所得 (the 0.5 万元 fine alone is 轻微);
    the path is printed."""
    out_file = tmp_path / "notice.json"
    status, out, _ = notice(synced, capsys, key_of(synced), "--format", "json",
                            "--output", str(out_file), "--as-of", "2026-11-03")  # fmt: skip
    assert status == 0
    assert out.strip() == str(out_file)
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert (data["department"], data["number"], data["on"]) == (
        "示例市市场监督管理局",
        NUMBER,
        "2026-11-03",
    )
    assert data["decided"] == "2026-11-02"
    assert (data["penalty_class"], data["by"]) == ("一般", "没收违法所得")
    assert data["earliest_repair_date"] == "2027-02-02"
    assert data["auto_end_date"] == "2027-11-02"


def test_docx_and_xlsx_notices(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Word and Excel files hold the title, the class and the dates."""
    key = key_of(synced)
    status, _, _ = notice(synced, capsys, key, "--format", "docx", "--output",
                          str(tmp_path / "n.docx"), "--platform", "示例市信用平台")  # fmt: skip
    assert status == 0
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "n.docx")).paragraphs)
    assert "信用修复告知书" in text
    assert "2027-02-02" in text
    assert "示例市信用平台" in text
    status, _, _ = notice(synced, capsys, key, "--format", "xlsx", "--output",
                          str(tmp_path / "n.xlsx"))  # fmt: skip
    assert status == 0
    book = openpyxl.load_workbook(tmp_path / "n.xlsx")
    values = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert {"信用修复告知书", "一般", "2027-02-02", "2027-11-02"} <= values


def test_an_html_notice(synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The HTML page."""
    status, _, _ = notice(synced, capsys, key_of(synced), "--format", "html",
                          "--output", str(tmp_path / "n.html"))  # fmt: skip
    assert status == 0
    page = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert "信用修复告知书" in page
    assert "2027-11-02" in page


def test_an_unknown_key(synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 2 with a message in both languages; nothing written."""
    out_file = tmp_path / "n.json"
    status, _, err = notice(synced, capsys, "penalty:没有这个键", "--format", "json",
                            "--output", str(out_file))  # fmt: skip
    assert status == 2
    assert "台账中没有键为 penalty:没有这个键 的记录" in err
    assert "the ledger has no record with the key" in err
    assert not out_file.exists()


def test_an_unknown_format(
    synced: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 naming the formats there are."""
    status, _, err = notice(synced, capsys, key_of(synced), "--format", "pdf",
                            "--output", str(tmp_path / "n.pdf"))  # fmt: skip
    assert status == 2
    assert "未知的 --format" in err
    assert "docx" in err


def test_never_over_the_store(synced: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The department's own files are not written over."""
    status, _, err = notice(synced, capsys, key_of(synced), "--format", "json",
                            "--output", str(synced.parent / "sgs.db"))  # fmt: skip
    assert status == 2
    assert err
