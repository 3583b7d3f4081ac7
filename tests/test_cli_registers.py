"""sgs catalog / roster / ledger on the example department (the README's main job)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.catalog import read_catalog
from sgs.roster import read_roster

ROOT = Path(__file__).resolve().parent.parent
SGS = str(Path(sys.executable).parent / "sgs")


def sgs(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SGS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def department(tmp_path: Path) -> Path:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    return folder


def test_catalog_import_export_and_coverage(department: Path) -> None:
    result = sgs("sync", "--as-of", "2026-11-26", cwd=department)
    assert result.returncode == 1  # the inbox holds a few defects
    result = sgs("catalog", "import", "目录.xlsx", "--from", "2026-01-01", cwd=department)
    assert result.returncode == 0, result.stderr
    result = sgs("catalog", "coverage", cwd=department)
    assert result.returncode == 1  # 广告法 cases are not in the catalog
    assert "违反《中华人民共和国广告法》" in result.stdout
    assert "对价格违法行为的处罚" in result.stdout
    out = department / "exported.xlsx"
    assert sgs("catalog", "export", out, cwd=department).returncode == 0
    assert read_catalog(out) == read_catalog(department / "目录.xlsx")


def test_roster_check_import_export(department: Path) -> None:
    result = sgs("roster", "check", "联络员.xlsx", cwd=department)
    assert result.returncode == 1
    assert "roster-no-coordinator" in result.stdout
    assert sgs("roster", "import", "联络员.xlsx", cwd=department).returncode == 1
    out = department / "exported.xlsx"
    assert sgs("roster", "export", out, cwd=department).returncode == 0
    assert read_roster(out) == read_roster(department / "联络员.xlsx")


def test_ledger_commands(department: Path) -> None:
    sgs("sync", "--as-of", "2026-11-26", cwd=department)
    status = sgs("ledger", "status", cwd=department)
    assert status.returncode == 0
    assert "accepted         393" in status.stdout
    overdue = sgs("ledger", "overdue", "--as-of", "2026-11-26", cwd=department)
    assert "逾期报送 pushed late" in overdue.stdout
    assert sgs("ledger", "export", "台账.csv", cwd=department).returncode == 0
    header = (department / "台账.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith(
        "序号,行政决定书文号,项目名称/案件名称,行政决定日期,向同级信用平台报送日期"
    )


def test_missing_config_is_status_2(tmp_path: Path) -> None:
    result = sgs("ledger", "status", cwd=tmp_path)
    assert result.returncode == 2
    assert "sgs.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_ledger_round_trips_through_the_annex_2_layout(department: Path, tmp_path: Path) -> None:
    """A ledger exported in the 附件2 layout imports into another department's store."""
    import openpyxl

    from sgs.store import open_store

    sgs("sync", "--as-of", "2026-11-26", cwd=department)
    assert sgs("ledger", "export", "台账.xlsx", cwd=department).returncode == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "sgs.toml").write_text(
        (department / "sgs.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # the penalties only: drop the licence rows and add a title row, as a hand-kept 台账 has
    book = openpyxl.load_workbook(department / "台账.xlsx")
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    kept = [rows[0], *[r for r in rows[1:] if r[7] == "行政处罚"]]
    out = openpyxl.Workbook()
    out.active.append(["示例市市场监督管理局行政处罚台账"])
    for row in kept:
        out.active.append(list(row))
    out.save(fresh / "台账.xlsx")
    result = sgs("ledger", "import", "台账.xlsx", "--kind", "penalty", cwd=fresh)
    assert result.returncode == 0, result.stderr
    with open_store("sqlite:///sgs.db", base_dir=fresh) as store:
        counts = store.status_counts()
        frame = store.ledger_frame()
    assert counts == {"accepted": len(kept) - 1}
    assert len(frame) == len(kept) - 1
    assert set(frame["kind"]) == {"penalty"}
    # importing again adds nothing
    again = sgs("ledger", "import", "台账.xlsx", "--kind", "penalty", cwd=fresh)
    assert "新增 0 条" in again.stdout
