"""Notebook displays stay compact: totals and first rows, file names not paths (issue 12 #10)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import sgs
from sgs.department.catalog import read_catalog
from sgs.department.config import load_config
from sgs.department.coverage import ledger_coverage
from sgs.department.sync import sync
from sgs.store import open_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)
#: What a notebook cell may show of one object, whatever the size of the run.
BOUND = 20_000


def test_a_sync_summary_and_the_ledger_display_compactly(tmp_path: Path) -> None:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    summary = sync(load_config(folder / "sgs.toml"), as_of=AS_OF)
    assert summary.read == 400
    shown = summary._repr_html_()
    assert len(shown) < BOUND
    assert len(repr(summary)) < 400
    assert "read 400" in repr(summary)
    assert ">400<" in shown  # the totals
    assert str(tmp_path) not in shown  # receipts by file name
    assert "2026-11-25-行政处罚.退回.csv" in shown
    with open_store("sqlite:///sgs.db", base_dir=folder) as store:
        ledger = store.ledger
        total = sum(ledger.status_counts().values())
        shown = ledger._repr_html_()
        assert len(shown) < BOUND
        assert f"另有 {total - 20} 条" in shown
        assert "已接收" in shown
        assert f"{total} entries" in repr(ledger)
        items = read_catalog(folder / "目录.xlsx")
        coverage = ledger_coverage(ledger.entries(), items)
    outside, idle = coverage  # still unpacks as before
    assert idle == coverage.unused
    assert len(coverage._repr_html_()) < BOUND
    assert f"{len(outside)} uncatalogued" in repr(coverage)


def test_a_report_shows_file_names_and_at_most_50_issues(tmp_path: Path) -> None:
    source = tmp_path / "deep" / "folder" / "penalties.csv"
    source.parent.mkdir(parents=True)
    rows = (ROOT / "examples" / "penalties-with-errors.csv").read_text(encoding="utf-8-sig")
    header, *data = rows.splitlines()
    source.write_text("\n".join([header, *data * 200]), encoding="utf-8")
    report = sgs.validate(source)
    assert len(report.issues) > 50
    shown = report._repr_html_()
    assert len(shown) < BOUND
    assert str(source.parent) not in shown
    assert "penalties.csv" in shown
    assert "more issues" in shown
