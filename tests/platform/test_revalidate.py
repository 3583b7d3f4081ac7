"""Re-validating the platform's store when a rule changes (``sgs platform revalidate``)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import distributed
import pytest

import sgs.validation.runners.dask as dask_runner
from sgs.cli.main import main
from sgs.platform import open_platform
from sgs.platform.revalidate import Revalidation, revalidate

from .records import CITY, body, department_code, penalty

TODAY = dt.date(2026, 11, 26)
MINIMAL = f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n'
#: The rules changed: a warning made an error, an error made a warning.
CHANGED = (
    '[validation]\nseverity = { "validity-before-decision" = "error", '
    '"uscc-checksum" = "warning" }\n'
)


def _config(folder: Path, store: str, extra: str = "") -> Path:
    path = folder / "platform.toml"
    text = MINIMAL + (f'[store]\nurl = "{store}"\n' if store else "") + extra
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    return "" if request.param == "sqlite" else str(request.getfixturevalue("fresh_postgres_url"))


def _fill(config: Path) -> dict[str, Any]:
    """Twelve penalties received under the default rules: one with a warning only (accepted),
    one with a wrong credit code (returned), the others clean."""
    code = department_code(1)
    with open_platform(config) as platform:
        department, _ = platform.add_department("示例市市场监督管理局", code)
        rng = random.Random(5)
        records = [penalty(n, code, rng) for n in range(12)]
        records[3] = {**records[3], "CF_YXQ": "2026-10-01"}  # validity before the decision
        wrong = records[7]["CF_XDR_SHXYM"]
        records[7] = {**records[7], "CF_XDR_SHXYM": wrong[:17] + ("0" if wrong[17] != "0" else "1")}
        answers = platform.receive(department, body(records), today=TODAY)
    assert [a.status for a in answers].count("rejected") == 1
    assert answers[3].accepted
    assert answers[7].reasons[0].code == "uscc-checksum"
    return {"department": code, "warned": answers[3].key, "returned": answers[7].key,
            "records": records}  # fmt: skip


def test_unchanged_rules_change_nothing(tmp_path: Path, store_url: str) -> None:
    config = _config(tmp_path, store_url)
    _fill(config)
    with open_platform(config) as platform:
        outcome = revalidate(platform, as_of=TODAY)
    assert (outcome.checked, outcome.returns_checked) == (11, 1)
    assert not outcome.changed
    assert outcome.returned is None


def test_changed_rules_list_newly_failing_and_newly_passing_records(
    tmp_path: Path, store_url: str
) -> None:
    config = _config(tmp_path, store_url)
    filled = _fill(config)
    _config(tmp_path, store_url, CHANGED)
    with open_platform(config) as platform:
        outcome = revalidate(platform, as_of=TODAY)
        assert [c.key for c in outcome.failing] == [filled["warned"]]
        failing = outcome.failing[0]
        assert failing.department == filled["department"]
        assert [r.code for r in failing.reasons] == ["validity-before-decision"]
        assert [c.key for c in outcome.passing] == [filled["returned"]]
        assert outcome.passing[0].return_id is not None
        assert outcome.returned is None  # listed only: nothing written
        assert len(platform.returns()) == 1
        assert platform.store.received.counts()["current"] == 11


def test_apply_returns_newly_failing_records_as_pending_returns_once(
    tmp_path: Path, store_url: str
) -> None:
    config = _config(tmp_path, store_url)
    filled = _fill(config)
    _config(tmp_path, store_url, CHANGED)
    with open_platform(config) as platform:
        outcome = revalidate(platform, as_of=TODAY, apply=True)
        assert outcome.returned == 1
        returned = {r.key: r for r in platform.returns()}
        assert returned[filled["warned"]].status == "pending"
        assert [r.code for r in returned[filled["warned"]].reasons] == ["validity-before-decision"]
        assert platform.store.received.counts()["current"] == 11  # still published
        assert revalidate(platform, as_of=TODAY, apply=True).returned == 0  # not twice
        # the department corrects it: its return is fixed as any other
        department = platform.department(filled["department"])
        fixed = {**filled["records"][3], "CF_YXQ": "2099-12-31"}
        assert platform.receive(department, body([fixed], "b-2"), today=TODAY)[0].accepted
        statuses = {r.key: r.status for r in platform.returns()}
        assert statuses[filled["warned"]] == "fixed"
        assert not revalidate(platform, as_of=TODAY).failing


def test_on_a_cluster_the_outcome_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path, "")
    _fill(config)
    _config(tmp_path, "", CHANGED)
    monkeypatch.setattr(dask_runner, "MIN_CLUSTER_BYTES", 1)
    monkeypatch.setattr(dask_runner, "PARTITION_BYTES", 1024)  # several ranges of a tiny file
    with (
        distributed.LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,  # type: ignore[no-untyped-call]
        open_platform(config) as platform,
    ):
        alone = revalidate(platform, as_of=TODAY)
        on_cluster = revalidate(platform, as_of=TODAY, scheduler=client)
    assert _without_scheduler(on_cluster) == _without_scheduler(alone)
    assert on_cluster.failing


def _without_scheduler(outcome: Revalidation) -> dict[str, Any]:
    return {k: v for k, v in outcome.to_dict().items() if k != "scheduler"}


def test_the_command_prints_json_and_exits_1_when_records_newly_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, "")
    filled = _fill(config)
    assert main(["platform", "revalidate", "--config", str(config), "--as-of", "2026-11-26"]) == 0
    assert "新不通过 newly failing: 0" in capsys.readouterr().out
    _config(tmp_path, "", CHANGED)
    argv = ["platform", "revalidate", "--config", str(config), "--as-of", "2026-11-26",
            "--format", "json", "--apply"]  # fmt: skip
    assert main(argv) == 1
    shown = json.loads(capsys.readouterr().out)
    assert [c["key"] for c in shown["newly_failing"]] == [filled["warned"]]
    assert [c["key"] for c in shown["newly_passing"]] == [filled["returned"]]
    assert shown["returned"] == 1
    assert shown["checked"] == 11


def test_the_command_refuses_a_work_dir_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, "")
    argv = ["platform", "revalidate", "--config", str(config), "--work-dir", str(tmp_path / "no")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--work-dir" in err
    assert "Traceback" not in err


def test_nothing_held_is_nothing_to_do(tmp_path: Path) -> None:
    config = _config(tmp_path, "")
    with open_platform(config) as platform:
        outcome = revalidate(platform, as_of=TODAY)
    assert (outcome.checked, outcome.returns_checked, outcome.changed) == (0, 0, False)


def test_stored_text_is_checked_as_stored_even_when_it_starts_with_a_quote(
    tmp_path: Path,
) -> None:
    """A ``'=`` at the start of a cell is not taken for sgs's formula escape on the way back."""
    config = _config(tmp_path, "")
    code = department_code(1)
    with open_platform(config) as platform:
        department, _ = platform.add_department("示例市市场监督管理局", code)
        number = "'=" + "示罚" * 63 + "号"  # 129 characters, one more than 决定书文号 may have
        fields = {**penalty(1, code, random.Random(9)), "CF_WSH": number}
        answer = platform.receive(department, body([fields]), today=TODAY)[0]
        assert [r.code for r in answer.reasons] == ["too-long"]
        outcome = revalidate(platform, as_of=TODAY)
    assert outcome.returns_checked == 1
    assert not outcome.passing  # still 129 characters, still too long
