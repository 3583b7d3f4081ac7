"""``sgs platform audit purge``: what is purged per class, the new anchor; verify still passes."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.cli.main import main
from sgs.store import AccessEvent, Anchor, open_store

from ..platform.server import sgs, write_config


def _at(when: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: when


def _old_entries(folder: Path) -> None:
    with open_store("sqlite:///platform.db", base_dir=folder) as store:
        for when, action in [(dt.datetime(2001, 1, 1, tzinfo=dt.UTC), "read"),
                             (dt.datetime(2001, 1, 1, tzinfo=dt.UTC), "login"),
                             (dt.datetime.now(dt.UTC), "read")]:  # fmt: skip
            store.audit.clock = _at(when)
            store.audit.record(AccessEvent(actor="查询员", action=action, records=("k",)))


def _purge_actor(folder: Path) -> str:
    with open_store("sqlite:///platform.db", base_dir=folder) as store, store.engine.connect() as c:
        row = c.execute(sa.text("SELECT actor, detail FROM sgs_access_log WHERE action = 'purge'"))
        actor, detail = row.one()
    assert json.loads(detail)["classes"]["query"]["ranges"] == [[1, 1]]
    return str(actor)


def test_purge_prints_per_class_and_the_anchor_and_verify_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    _old_entries(tmp_path)
    args = ["platform", "audit", "purge", "--config", str(config)]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "query: 将清除 1 条" in out
    assert "would purge 1 entries" in out
    assert "system: 将清除 1 条" in out
    assert "purge event" not in out
    assert main(["platform", "audit", "anchor", "--config", str(config)]) == 0
    assert Anchor.parse(capsys.readouterr().out).id == 3  # the dry run wrote nothing
    assert main([*args, "--as", "管理员甲"]) == 0
    out = capsys.readouterr().out
    assert "query: 已清除 1 条" in out
    assert "processing: 已清除 0 条" in out
    assert "purge event: 4" in out
    anchor = next(line for line in out.splitlines() if line.startswith("anchor: "))
    assert Anchor.parse(anchor.removeprefix("anchor: ")).id == 4
    assert _purge_actor(tmp_path) == "管理员甲"
    assert main(["platform", "audit", "verify", "--config", str(config)]) == 0
    assert "4 entries" in capsys.readouterr().out
    assert main(args) == 0  # nothing left to purge: nothing appended
    assert "nothing to purge" in capsys.readouterr().out
    assert main(["platform", "audit", "verify", "--config", str(config),
                 "--anchor", anchor.removeprefix("anchor: ")]) == 0  # fmt: skip


def test_the_os_user_purges_by_default_in_a_real_process(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    _old_entries(tmp_path)
    done = sgs("platform", "audit", "purge", "--config", str(config), "--as-of", "2026-01-01")
    assert done.returncode == 0, done.stderr
    assert "purge event: 4" in done.stdout
    assert _purge_actor(tmp_path) == getpass.getuser()
    verified = sgs("platform", "audit", "verify", "--config", str(config))
    assert verified.returncode == 0, verified.stderr


def test_a_future_as_of_or_a_too_short_retention_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    _old_entries(tmp_path)
    future = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()
    args = ["platform", "audit", "purge", "--config", str(config)]
    assert main([*args, "--as-of", future]) == 2
    assert "after today" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # argparse's own usage error
        main([*args, "--as-of", "2026-13-01"])
    assert usage.value.code == 2
    short = write_config(tmp_path / "short", extra='[retention]\nquery = "5y"\n')
    assert main(["platform", "audit", "purge", "--config", str(short)]) == 2
    err = capsys.readouterr().err
    assert "[retention] query" in err
    assert "Traceback" not in err
    with open_store("sqlite:///platform.db", base_dir=tmp_path) as store:
        assert store.audit.count() == 3
