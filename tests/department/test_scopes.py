"""The 公开范围 on the department's side: the catalog's column, the override, the effective
scope, what the sync sends and ``sgs ledger scope`` / ``sgs catalog import`` on the command line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from sgs.adapters import Batch, OutgoingRecord, Receipt, Transport
from sgs.department.catalog import CATALOG_HEADERS, Catalog, read_catalog, write_catalog
from sgs.department.scopes import CatalogScopes, ScopedLedger, effective_scope
from sgs.errors import InputError, SgsError
from sgs.exchange import PushTally, push_pending
from sgs.plugins.registries import make_transport
from sgs.records.registers import CatalogItem
from sgs.standard import Kind
from sgs.store import LedgerEntry, LedgerRow, Store, open_store
from sgs.store.schema import ledger
from tests.department.test_website import CONFIG  # a department with a directory transport

SGS = str(Path(sys.executable).with_name("sgs"))
ITEMS = [
    CatalogItem(department="市市场监管局", category="行政处罚", name="对销售不合格产品的处罚",
                scope="政务共享"),
    CatalogItem(department="市市场监管局", category="行政处罚", name="对虚假广告的处罚",
                scope="授权查询"),
    CatalogItem(department="市市场监管局", category="行政许可", name="食品经营许可"),
]  # fmt: skip


def sgs(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SGS, *map(str, args)], cwd=cwd, capture_output=True, text=True)


# -- the catalog's column -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_scope_column_round_trips(tmp_path: Path, suffix: str) -> None:
    path = write_catalog(ITEMS, tmp_path / f"目录{suffix}")
    if suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        assert [c.value for c in sheet[2]][-1] == "公开范围"
        assert [sheet.cell(row, 7).value for row in (3, 4, 5)] == ["政务共享", "授权查询", "公示"]
    assert read_catalog(path) == ITEMS
    assert [i.scope for i in read_catalog(path)] == ["政务共享", "授权查询", "公示"]


def _filled(path: Path, header: str, scopes: list[object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["行政许可和行政处罚事项目录"])
    sheet.append([*CATALOG_HEADERS, header])
    for n, scope in enumerate(scopes, 1):
        sheet.append([n, "市市场监管局", "行政处罚", f"事项{n}", "《某法》第一条", "法人", scope])
    book.save(path)
    return path


def test_codes_aliases_and_blank_cells(tmp_path: Path) -> None:
    path = _filled(tmp_path / "目录.xlsx", "公开方式", ["1", 2, None, "0", " 政务共享 "])
    assert [i.scope for i in read_catalog(path)] == [
        "政务共享",
        "授权查询",
        "公示",
        "公示",
        "政务共享",
    ]
    other = _filled(tmp_path / "目录2.xlsx", "使用范围（必填）", ["授权查询"])
    assert [i.scope for i in read_catalog(other)] == ["授权查询"]
    template = write_catalog(ITEMS[2:], tmp_path / "模板.csv")
    text = template.read_text("utf-8-sig").splitlines()
    template.write_text("\n".join(line.rsplit(",", 1)[0] for line in text), encoding="utf-8")
    assert [i.scope for i in read_catalog(template)] == ["公示"]  # no column: 公示


def test_a_bad_scope_cell_names_file_row_and_field(tmp_path: Path) -> None:
    path = _filled(tmp_path / "目录.xlsx", "公开范围", ["公示", "内部"])
    with pytest.raises(InputError) as info:
        read_catalog(path)
    assert info.value.line == 4
    assert info.value.path == str(path)
    assert "公开范围“内部”" in info.value.message_zh
    assert "'内部'" in info.value.message_en


def test_sgs_catalog_import_refuses_a_bad_scope_with_status_2(tmp_path: Path) -> None:
    (tmp_path / "sgs.toml").write_text(CONFIG, encoding="utf-8")
    _filled(tmp_path / "目录.xlsx", "公开范围", ["政务共享", "3"])
    done = sgs("catalog", "import", "目录.xlsx", "--from", "2026-01-01", cwd=tmp_path)
    assert done.returncode == 2
    assert "目录.xlsx" in done.stderr
    assert "第4行的公开范围“3”无效" in done.stderr
    assert "disclosure scope" in done.stderr
    assert "Traceback" not in done.stderr
    _filled(tmp_path / "目录.xlsx", "公开范围", ["政务共享", "2"])
    done = sgs("catalog", "import", "目录.xlsx", "--from", "2026-01-01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with open_store("sqlite:///sgs.db", base_dir=tmp_path) as store:
        assert [i.scope for i in store.catalog.items_on()] == ["政务共享", "授权查询"]
        assert [i.scope for v in store.catalog.versions() for i in v.items] == [
            "政务共享",
            "授权查询",
        ]
    assert sgs("catalog", "export", "out.xlsx", cwd=tmp_path).returncode == 0
    assert [i.scope for i in read_catalog(tmp_path / "out.xlsx")] == ["政务共享", "授权查询"]


# -- the effective scope ------------------------------------------------------------------------


def _row(name: str | None, day: dt.date | None, scope: str | None = None,
         kind: str = "penalty") -> LedgerRow:  # fmt: skip
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return LedgerRow(
        id=1, record_key="k", kind=kind, number="罚1号", name=name, decision_date=day,
        authority_code=None, platform_pushed_on=None, portal_pushed_on=None, remarks=None,
        status="pending", attempts=0, last_message=None, deadline=None, batch_id=None,
        payload={}, payload_hash="", source=None, created_at=now, updated_at=now, scope=scope,
    )  # fmt: skip


def test_the_override_wins_then_the_catalog_then_public() -> None:
    sold = "对销售不合格产品的处罚"
    assert effective_scope(_row(sold, None), ITEMS) == "政务共享"
    assert effective_scope(_row(sold, None, "公示"), ITEMS) == "公示"  # the override wins
    assert effective_scope(_row(sold, None, "授权查询"), ITEMS) == "授权查询"
    assert effective_scope(_row("对某某的处罚", None), ITEMS) == "公示"  # no item
    assert effective_scope(_row(None, None), ITEMS) == "公示"  # no name
    assert effective_scope(_row(sold, None, kind="license"), ITEMS) == "公示"  # another kind


def test_the_catalog_in_force_on_the_decision_date() -> None:
    sold = "对销售不合格产品的处罚"
    catalog = Catalog()
    catalog.add_version([CatalogItem(category="处罚", name=sold)], dt.date(2025, 1, 1))
    catalog.add_version(ITEMS, dt.date(2026, 3, 1))
    scopes = CatalogScopes(catalog)
    assert scopes.entry(_row(sold, dt.date(2026, 2, 28))) == "公示"
    assert scopes.entry(_row(sold, dt.date(2026, 3, 1))) == "政务共享"
    assert scopes.entry(_row(sold, dt.date(2024, 1, 1))) == "公示"  # before any catalog
    assert scopes.entry(_row(sold, None)) == "政务共享"  # no date: the latest version
    assert CatalogScopes(None).entry(_row(sold, dt.date(2026, 3, 1))) == "公示"


# -- the override in the ledger -----------------------------------------------------------------


def _entry(key: str, number: str, payload: dict[str, str],
           name: str = "对销售不合格产品的处罚") -> LedgerEntry:  # fmt: skip
    return LedgerEntry(record_key=key, kind="penalty", number=number, payload=payload, name=name,
                       decision_date=dt.date(2026, 5, 1))  # fmt: skip


class _Recorder(Transport):
    name = "recorder"

    def __init__(self) -> None:
        super().__init__({})
        self.sent: list[OutgoingRecord] = []

    def push(self, batch: Batch) -> list[Receipt]:
        self.sent.extend(batch.records)
        return [Receipt(r.key, "accepted") for r in batch.records]


def _push(store: Store, transport: _Recorder) -> dict[str, str]:
    """Push what is pending through the sync's outbox; the scope each record went with."""
    outbox = ScopedLedger(store.ledger, CatalogScopes(store.catalog))
    transport.sent.clear()
    push_pending(outbox, transport, Kind.PENALTY, "2021", batch_size=10,
                 today=dt.date(2026, 5, 2), tally=PushTally())  # fmt: skip
    return {r.key: r.scope for r in transport.sent}


def test_set_scope_resends_keeps_across_versions_and_clears(tmp_path: Path) -> None:
    transport = _Recorder()
    with open_store("sqlite:///sgs.db", base_dir=tmp_path) as store:
        store.catalog.save_version(ITEMS, dt.date(2026, 1, 1))
        store.ledger.stage([_entry("a", "罚1号", {"CF_WSH": "罚1号"}),
                            _entry("b", "罚2号", {"CF_WSH": "罚2号"}, name="对某某的处罚")])  # fmt: skip
        assert _push(store, transport) == {"a": "政务共享", "b": "公示"}  # the catalog's
        assert store.ledger.set_scope(["b"], "1") == 1
        assert store.ledger.set_scope(["b"], "政务共享") == 0  # the same: nothing changes
        (row,) = store.ledger.find(key="b")
        assert (row.scope, row.status, row.batch_id) == ("政务共享", "pending", None)
        assert _push(store, transport) == {"b": "政务共享"}  # sent again, alone
        # a new version from the source keeps the override
        store.ledger.stage([_entry("b", "罚2号", {"CF_WSH": "罚2号", "CF_NR": "改"},
                                   name="对某某的处罚")])  # fmt: skip
        assert _push(store, transport) == {"b": "政务共享"}
        assert store.ledger.set_scope(["b"], None) == 1
        assert store.ledger.find(key="b")[0].scope is None
        assert _push(store, transport) == {"b": "公示"}
        with pytest.raises(SgsError, match="未知的公开范围"):
            store.ledger.set_scope(["a"], "内部")


def test_the_sql_table_transport_refuses_what_is_not_public(tmp_path: Path) -> None:
    config = {"type": "sql-table", "url": f"sqlite:///{tmp_path / 'exchange.db'}"}
    records = (OutgoingRecord("k1", {"CF_WSH": "罚1号"}),
               OutgoingRecord("k2", {"CF_WSH": "罚2号"}, scope="政务共享"))  # fmt: skip
    with make_transport(config, base_dir=tmp_path) as transport:
        receipts = transport.push(Batch("b1", "2021", Kind.PENALTY, records))
    by_key = {r.key: r for r in receipts}
    assert by_key["k1"].status == "accepted"
    assert by_key["k2"].status == "rejected"
    assert "公开范围" in by_key["k2"].message


# -- sgs ledger scope ---------------------------------------------------------------------------


def test_sgs_ledger_scope_sets_and_clears(tmp_path: Path) -> None:
    (tmp_path / "sgs.toml").write_text(CONFIG, encoding="utf-8")
    with open_store("sqlite:///sgs.db", base_dir=tmp_path) as store:
        store.catalog.save_version(ITEMS, dt.date(2026, 1, 1))
        store.ledger.stage([_entry("a", "郑市监罚〔2026〕1号", {"CF_WSH": "1"})])
        with store.engine.begin() as connection:
            connection.execute(update(ledger).values(status="accepted"))
    done = sgs("ledger", "scope", "--number", "郑市监罚[2026]1号", "--scope", "授权查询",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "授权查询" in done.stdout
    assert "下次同步" in done.stdout
    with open_store("sqlite:///sgs.db", base_dir=tmp_path) as store:
        (row,) = store.ledger.find(key="a")
    assert (row.scope, row.status) == ("授权查询", "pending")
    done = sgs("ledger", "scope", "--key", "a", "--scope", "default", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "政务共享（目录所定" in done.stdout  # back to the catalog item's
    with open_store("sqlite:///sgs.db", base_dir=tmp_path) as store:
        assert store.ledger.find(key="a")[0].scope is None
    bad = sgs("ledger", "scope", "--key", "a", "--scope", "内部", cwd=tmp_path)
    assert bad.returncode == 2
    assert "未知的公开范围" in bad.stderr
    assert "unknown disclosure scope" in bad.stderr
    missing = sgs("ledger", "scope", "--number", "无此号", "--scope", "公示", cwd=tmp_path)
    assert missing.returncode == 2
    assert "台账中没有" in missing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr
