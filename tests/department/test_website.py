"""The department's own site from its ledger: what shows, what never does, the ledger's
部门网站推送日期, the snapshots, and ``sgs publish`` on the command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from sgs.department.config import load_config
from sgs.department.website import SITE, export_website
from sgs.publication import PublicView, Publisher
from sgs.publication.export import FEED, record_page
from sgs.standard import get_standard
from sgs.standard.keys import record_key_of
from sgs.store import LedgerEntry, open_store
from tests.publication.synthetic import ALL_IDS, PHONE, ZHANG_SAN_ID
from tests.publication.test_no_id_leaks import records

ON = dt.date(2026, 6, 1)
SGS = str(Path(sys.executable).with_name("sgs"))
#: Every ID number of the set, and one typed with a wrong check character.
NUMBERS = (*ALL_IDS, ZHANG_SAN_ID[:-1] + "9")

CONFIG = """\
[department]
name = "郑州市市场监督管理局"
credit_code = "11410100MB00000018"

[source]
type = "directory"
path = "inbox"

[transport]
type = "directory"
path = "outbox"

[portal]
title = "郑州市市场监督管理局 双公示"
"""


def numbered() -> list[tuple[str, dict[str, str]]]:
    """The synthetic set, each decision with a number of its own (so a key of its own)."""
    found = []
    for n, (kind, fields) in enumerate(records(), 1):
        number = "CF_WSH" if kind == "penalty" else "XK_WSH"
        found.append((kind, {**fields, number: f"郑示〔2026〕{n}号"}))
    return found


def entry(kind: str, fields: dict[str, str]) -> LedgerEntry:
    spec = get_standard().spec(kind)
    number = fields["CF_WSH" if kind == "penalty" else "XK_WSH"]
    return LedgerEntry(record_key=record_key_of(spec, fields), kind=kind, number=number,
                       payload=fields)  # fmt: skip


@pytest.fixture
def department(tmp_path: Path) -> Path:
    """A department whose ledger holds the synthetic set, every entry pending."""
    (tmp_path / "sgs.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "sgs.toml")
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        store.ledger.stage([entry(k, f) for k, f in numbered()])
    return tmp_path


def expected(on: dt.date) -> dict[str, PublicView]:
    """What the publisher, asked record by record, says the public may see on ``on``."""
    publisher = Publisher()
    found = {}
    for kind, fields in numbered():
        key = entry(kind, fields).record_key
        view = publisher.view(kind, fields, key=key, on=on)
        if isinstance(view, PublicView):
            found[key] = view
    return found


def test_the_site_shows_exactly_what_the_publisher_allows(department: Path) -> None:
    config = load_config(department / "sgs.toml")
    done = export_website(config, department / "site", on=ON)
    wanted = expected(ON)
    assert 0 < len(wanted) < done.candidates == len(numbered())
    feed = json.loads((department / "site" / FEED).read_text(encoding="utf-8"))
    assert {r["key"]: r["fields"] for r in feed["records"]} == {
        k: dict(v.fields) for k, v in wanted.items()
    }
    assert sorted(p.name for p in (department / "site" / "records").iterdir()) == sorted(
        f"{k}.html" for k in wanted
    )
    index = (department / "site" / "index.html").read_text(encoding="utf-8")
    assert "郑州市市场监督管理局 双公示" in index


def test_no_id_number_or_phone_in_any_byte_of_the_site(department: Path) -> None:
    export_website(load_config(department / "sgs.toml"), department / "site", on=ON)
    data = b"".join(p.read_bytes() for p in (department / "site").rglob("*") if p.is_file())
    for number in NUMBERS:
        assert number.encode() not in data
    assert PHONE.encode() not in data
    # what the snapshots keep of each view is the masked view too (the ledger keeps the
    # record as sent: storage is never masked)
    config = load_config(department / "sgs.toml")
    with open_store(config.store_url, base_dir=config.base_dir) as store, \
            store.engine.connect() as connection:  # fmt: skip
        kept = " ".join(r[0] for r in connection.execute(text(
            "SELECT content FROM sgs_publication_contents")))  # fmt: skip
    assert kept
    for number in NUMBERS:
        assert number not in kept
    assert PHONE not in kept


def test_the_ledger_gets_the_first_day_each_record_was_on_the_site(department: Path) -> None:
    config = load_config(department / "sgs.toml")
    first = export_website(config, department / "site", on=ON)
    assert first.dated == len(expected(ON))
    export_website(config, department / "site", on=ON + dt.timedelta(days=3))
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        dates = {r.record_key: r.portal_pushed_on for r in store.ledger.entries()}
    assert {k for k, d in dates.items() if d is not None} == set(expected(ON))
    assert {d for d in dates.values() if d is not None} == {ON}  # a later run does not move it


def test_a_withdrawn_decision_leaves_the_site_and_the_snapshots_say_when(department: Path) -> None:
    config = load_config(department / "sgs.toml")
    export_website(config, department / "site", on=ON)
    key = sorted(expected(ON))[0]
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        store.ledger.withdraw(key, "决定已撤销")
    later = ON + dt.timedelta(days=5)
    second = export_website(config, department / "site", on=later)
    assert second.run.snapshot.closed == 1
    assert not (department / "site" / record_page(key)).exists()
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        before = store.snapshots.shown_on(SITE, ON + dt.timedelta(days=2))
        after = store.snapshots.shown_on(SITE, later)
        assert store.snapshots.shown_on(SITE, ON - dt.timedelta(days=1)) is None
    assert before is not None
    assert after is not None
    assert key in {r.key for r in before.records}
    assert key not in {r.key for r in after.records}
    assert {r.key for r in after.records} == set(expected(later)) - {key}


def sgs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SGS, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_the_command_line(department: Path) -> None:
    done = sgs("publish", "export", "--config", "sgs.toml", "--out", "site", "--as-of",
               ON.isoformat(), cwd=department)  # fmt: skip
    assert done.returncode == 0, done.stderr
    count = len(expected(ON))
    assert f"已写出 {count} 条公示信息" in done.stdout
    assert f"台账：{count} 条记录写入部门网站推送日期" in done.stdout
    assert "快照 #1" in done.stderr

    shown = sgs("publish", "shown", "--config", "sgs.toml", "--on", "2026-06-20",
                "--format", "json", cwd=department)  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["run"]["as_of"] == ON.isoformat()
    assert body["run"]["profile"] == "cn-default"
    assert {r["key"] for r in body["records"]} == {
        k for k, v in expected(ON).items()
        if v.published_until is None or v.published_until >= dt.date(2026, 6, 20)
    }  # fmt: skip
    text = sgs("publish", "shown", "--config", "sgs.toml", "--on", "2026-06-20", cwd=department)
    assert text.returncode == 0
    assert "郑州某某食品有限公司" in text.stdout

    early = sgs("publish", "shown", "--config", "sgs.toml", "--on", "2026-01-01", cwd=department)
    assert early.returncode == 2
    assert "没有 website 的公示快照" in early.stderr
    assert "Traceback" not in early.stderr

    for output in (done, shown, text):
        for number in NUMBERS:
            assert number not in output.stdout + output.stderr


def test_explain_says_why_a_minor_is_never_published(department: Path) -> None:
    minor = next((k, f) for k, f in numbered() if f.get("CF_XDR_MC") == "欧阳娜娜")
    key = entry(*minor).record_key
    done = sgs("publish", "explain", "--config", "sgs.toml", key, "--as-of", ON.isoformat(),
               "--format", "json", cwd=department)  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["public"] is False
    assert "minor" in {f["rule"] for f in body["findings"] if f["action"] == "withhold"}
    for number in NUMBERS:
        assert number not in done.stdout
    unknown = sgs("publish", "explain", "--config", "sgs.toml", "0" * 32, cwd=department)
    assert unknown.returncode == 2
    assert "没有键为" in unknown.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('[publication]\nprofile = "no-such-profile"\n', "no-such-profile"),
        ("[publication]\nlarge_fine = 5\n", "large_fine"),
        ('[portal]\ntemplates = "nowhere"\n', "[portal] templates"),
    ],
)
def test_a_broken_configuration_is_a_message_and_exit_2(department: Path, change: str,
                                                          message: str) -> None:  # fmt: skip
    text = CONFIG.replace('[portal]\ntitle = "郑州市市场监督管理局 双公示"\n', "") + change
    (department / "sgs.toml").write_text(text, encoding="utf-8")
    done = sgs("publish", "export", "--config", "sgs.toml", "--out", "site", cwd=department)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (department / "site" / "index.html").exists()


def test_an_export_folder_that_is_a_file_is_refused(department: Path) -> None:
    (department / "site").write_text("x", encoding="utf-8")
    done = sgs("publish", "export", "--config", "sgs.toml", "--out", "site", cwd=department)
    assert done.returncode == 2
    assert "文件夹" in done.stderr
    done = sgs("publish", "export", "--config", "sgs.toml", "--out", "sgs.toml", cwd=department)
    assert done.returncode == 2
    assert (department / "sgs.toml").read_text(encoding="utf-8") == CONFIG


def test_a_record_not_to_be_published_by_its_scope_leaves_the_site(department: Path) -> None:
    """公开范围: one record set 政务共享, one whose catalog item is 授权查询; neither shows."""
    from sqlalchemy import update

    from sgs.records.registers import CatalogItem
    from sgs.store.schema import ledger

    config = load_config(department / "sgs.toml")
    wanted = expected(ON)
    own, by_item = sorted(wanted)[:2]
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.set_scope([own], "政务共享") == 1
        kind = store.ledger.rows([by_item])[by_item].kind
        with store.engine.begin() as connection:  # its 项目名称/案件名称, as a sync reads it
            connection.execute(
                update(ledger).where(ledger.c.record_key == by_item).values(name="某某事项（变更）")
            )
        store.catalog.save_version(
            [CatalogItem(category=kind, name="某某事项", scope="授权查询")], ON.replace(month=1)
        )
    done = export_website(config, department / "site", on=ON)
    assert done.candidates == len(numbered())  # looked at, and withheld
    feed = json.loads((department / "site" / FEED).read_text(encoding="utf-8"))
    assert {r["key"] for r in feed["records"]} == set(wanted) - {own, by_item}
    assert not (department / "site" / record_page(own)).exists()
    assert not (department / "site" / record_page(by_item)).exists()
    explained = sgs("publish", "explain", "--config", "sgs.toml", by_item, "--as-of",
                    ON.isoformat(), "--format", "json", cwd=department)  # fmt: skip
    assert explained.returncode == 0, explained.stderr
    body = json.loads(explained.stdout)
    assert body["public"] is False
    assert "scope" in {f["rule"] for f in body["findings"] if f["action"] == "withhold"}
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        dates = {r.record_key: r.portal_pushed_on for r in store.ledger.entries()}
    assert dates[own] is None  # never on the site: no 部门网站推送日期
    assert dates[by_item] is None
