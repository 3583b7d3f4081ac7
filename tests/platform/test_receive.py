"""Receiving: validation, keys, sources, versions, returns, withdrawals, idempotency (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from sgs.errors import ConfigFileError
from sgs.platform import Platform, open_platform
from sgs.platform.wire import WireError

from .records import CITY, body, department_code, key_of, penalty

TODAY = dt.date(2026, 11, 26)
MINIMAL = f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n'


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    text = MINIMAL + '[upstream.province]\ntype = "directory"\npath = "up"\n'
    if request.param == "postgresql":
        text += f'[store]\nurl = "{request.getfixturevalue("fresh_postgres_url")}"\n'
    (tmp_path / "platform.toml").write_text(text, encoding="utf-8")
    with open_platform(tmp_path / "platform.toml") as opened:
        yield opened


def test_valid_records_are_accepted_once_and_resent_content_is_no_second_copy(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("示例市市场监督管理局", code)
    rng = random.Random(1)
    records = [penalty(n, code, rng) for n in range(5)]
    first = platform.receive(department, body(records, "b-1"), idempotency_key="b-1", today=TODAY)
    assert [r.status for r in first] == ["accepted"] * 5
    again = platform.receive(department, body(records, "b-2"), idempotency_key="b-2", today=TODAY)
    assert again == first
    counts = platform.store.received.counts()
    assert (counts["current"], counts["versions"]) == (5, 5)
    assert platform.store.outbox("province").counts() == {"pending": 5}


def test_the_same_key_with_changed_content_is_an_update_and_the_earlier_version_is_kept(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    fields = penalty(1, code, random.Random(2))
    platform.receive(department, body([fields]), idempotency_key="k", today=TODAY)
    changed = {**fields, "CF_NR_FK": "2", "CF_NR": "罚款20000元"}
    result = platform.receive(department, body([changed]), idempotency_key="k", today=TODAY)
    assert result[0].accepted
    counts = platform.store.received.counts()
    assert (counts["current"], counts["versions"]) == (1, 2)
    assert platform.store.received.current()[0]["CF_NR_FK"] == "2"


def test_a_rejected_record_is_returned_with_its_reasons_until_corrected(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    fields = penalty(1, code, random.Random(3))
    bad = {**fields, "CF_XDR_SHXYM": fields["CF_XDR_SHXYM"][:17] + "0"}
    if bad["CF_XDR_SHXYM"] == fields["CF_XDR_SHXYM"]:
        bad["CF_XDR_SHXYM"] = fields["CF_XDR_SHXYM"][:17] + "1"
    result = platform.receive(department, body([bad]), today=TODAY)[0]
    assert result.status == "rejected"
    assert result.reasons[0].field == "CF_XDR_SHXYM"
    returned = platform.returns(department)
    assert [(r.status, r.status_label) for r in returned] == [("pending", "待修改")]
    assert platform.stats()[0].pending_returns == 1
    assert platform.receive(department, body([bad]), today=TODAY)[0] == result  # no 2nd copy
    assert len(platform.returns(department)) == 1
    assert platform.receive(department, body([fields]), today=TODAY)[0].accepted
    assert [r.status for r in platform.returns(department)] == ["fixed"]
    stats = platform.stats()[0]
    assert (stats.received, stats.accepted, stats.rejected, stats.pending_returns) == (2, 1, 1, 0)


def test_a_key_that_does_not_match_the_content_is_rejected(platform: Platform) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    fields = penalty(1, code, random.Random(4))
    result = platform.receive(department, body([fields], keys=["0" * 32]), today=TODAY)[0]
    assert [r.code for r in result.reasons] == ["key-mismatch"]


def test_a_department_cannot_submit_in_another_units_name(platform: Platform) -> None:
    own, unit, other = department_code(1), department_code(2), department_code(3)
    department, _ = platform.add_department("局", own, [unit])
    rng = random.Random(5)
    results = platform.receive(
        department, body([penalty(1, own, rng), penalty(2, unit, rng), penalty(3, other, rng)]),
        today=TODAY,
    )  # fmt: skip
    assert [r.status for r in results] == ["accepted", "accepted", "rejected"]
    assert results[2].reasons[0].code == "source-not-authorised"
    assert "不能以其他单位名义报送" in results[2].message


def test_a_lower_platform_may_forward_for_any_source(platform: Platform) -> None:
    city, _ = platform.add_department("示例市信用信息中心", CITY, role="platform")
    rng = random.Random(6)
    results = platform.receive(
        city, body([penalty(1, department_code(1), rng), penalty(2, department_code(2), rng)]),
        today=TODAY,
    )  # fmt: skip
    assert all(r.accepted for r in results)


def test_a_withdrawal_takes_the_decision_out_of_the_current_set_and_is_queued_upstream(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    rng = random.Random(7)
    kept, gone = penalty(1, code, rng), penalty(2, code, rng)
    platform.receive(department, body([kept, gone]), today=TODAY)
    outbox = platform.store.outbox("province")
    # The province has been sent both (pretend a send began: the rows are no longer fresh).
    outbox.mark_sending([key_of(kept), key_of(gone)], "f-1")
    result = platform.receive(department, body([gone], operation="withdraw"), today=TODAY)[0]
    assert result.accepted
    assert [r["CF_WSH"] for r in platform.store.received.current()] == [kept["CF_WSH"]]
    assert [p.operation for p in outbox.pending("penalty")] == ["upsert", "withdraw"]
    assert platform.stats()[0].withdrawn == 1
    again = platform.receive(department, body([gone], operation="withdraw"), today=TODAY)[0]
    assert again.accepted  # the same withdrawal again: the same answer
    never = penalty(3, code, rng)
    unknown = platform.receive(department, body([never], operation="withdraw"), today=TODAY)[0]
    assert unknown.reasons[0].code == "unknown-record"


def test_a_withdrawal_of_a_decision_never_sent_upstream_is_dropped_from_the_queue(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    fields = penalty(1, code, random.Random(8))
    platform.receive(department, body([fields]), today=TODAY)
    platform.receive(department, body([fields], operation="withdraw"), today=TODAY)
    assert platform.store.outbox("province").counts() == {}


def test_another_departments_decision_cannot_be_overwritten_or_withdrawn(
    platform: Platform,
) -> None:
    code, other = department_code(1), department_code(2)
    first, _ = platform.add_department("局", code, [other])
    second, _ = platform.add_department("另一局", other)
    fields = penalty(1, other, random.Random(9))
    assert platform.receive(first, body([fields]), today=TODAY)[0].accepted
    changed = {**fields, "CF_NR_FK": "3"}
    assert platform.receive(second, body([changed]), today=TODAY)[0].reasons[0].code == (
        "source-not-authorised"
    )
    withdrawn = platform.receive(second, body([fields], operation="withdraw"), today=TODAY)[0]
    assert withdrawn.reasons[0].code == "source-not-authorised"


def test_the_same_body_under_the_same_idempotency_key_gets_the_stored_answer(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    data = body([penalty(1, code, random.Random(10))], "b-9")
    first = platform.receive(department, data, idempotency_key="b-9", today=TODAY)
    second = platform.receive(department, data, idempotency_key="b-9", today=TODAY)
    assert first == second
    assert platform.store.received.counts()["versions"] == 1


def test_a_batch_in_another_version_of_the_standard_is_refused_record_by_record(
    platform: Platform,
) -> None:
    code = department_code(1)
    department, _ = platform.add_department("局", code)
    data = body([penalty(1, code, random.Random(11))], standard="2018")
    assert platform.receive(department, data, today=TODAY)[0].reasons[0].code == (
        "standard-mismatch"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"standard": "2021", "kind": "fine", "records": []}',
        b'{"standard": "2021", "kind": "penalty"}',
        b'{"standard": "2021", "kind": "penalty", "records": [{"key": 5, "fields": {}}]}',
        b'{"standard": "2021", "kind": "penalty", "records": [{"key": "k", "fields": {"a": 1}}]}',
        b'{"standard": "2021", "kind": "penalty", "records": [{"key": "k", "fields": {},'
        b' "operation": "delete"}]}',
        b'{"standard": "2021", "kind": "penalty", "batch_id": "' + b"b" * 65 + b'", "records": []}',
    ],
)
def test_a_body_that_is_not_the_wire_format_is_refused_and_nothing_is_stored(
    platform: Platform, data: bytes
) -> None:
    department, _ = platform.add_department("局", department_code(1))
    with pytest.raises(WireError):
        platform.receive(department, data, today=TODAY)
    assert platform.store.received.counts() == {"versions": 0}


def test_stats_as_json_have_exactly_the_documented_keys(platform: Platform) -> None:
    _department, _ = platform.add_department("局", department_code(1))
    keys = set(platform.stats()[0].to_dict())
    assert keys == {"name", "code", "received", "accepted", "rejected", "pending_returns",
                    "withdrawn", "forwarded", "last_received_at"}  # fmt: skip
    assert json.dumps(platform.stats()[0].to_dict())


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('[validation]\nseverity = { "no-such-code" = "off" }\n', "severity"),
        ('[validation]\nseverity = { "uscc-checksum" = "loud" }\n', "severity"),
        ('[validation]\nstandard = "1999"\n', "standard"),
        ('[upstream.province]\nurl = "http://x"\n', "upstream.province"),
        ("[serve]\nmax_body = 10\n", "max_body"),
    ],
)
def test_a_broken_validation_or_upstream_table_stops_the_platform_naming_the_key(
    tmp_path: Path, table: str, key: str
) -> None:
    from sgs.cli.main import main

    (tmp_path / "platform.toml").write_text(MINIMAL + table, encoding="utf-8")
    with pytest.raises(ConfigFileError, match=key.replace(".", r"\.")):
        open_platform(tmp_path / "platform.toml")
    assert main(["platform", "stats", "--config", str(tmp_path / "platform.toml")]) == 2


def test_severities_of_platform_toml_apply_to_what_it_receives(tmp_path: Path) -> None:
    (tmp_path / "platform.toml").write_text(
        MINIMAL + '[validation]\nseverity = { "uscc-checksum" = "warning" }\n', encoding="utf-8"
    )
    with open_platform(tmp_path / "platform.toml") as platform:
        code = department_code(1)
        department, _ = platform.add_department("局", code)
        fields = penalty(1, code, random.Random(12))
        last = "0" if fields["CF_XDR_SHXYM"][-1] != "0" else "1"
        bad = {**fields, "CF_XDR_SHXYM": fields["CF_XDR_SHXYM"][:17] + last}
        assert platform.receive(department, body([bad]), today=TODAY)[0].accepted


def test_staff_mark_a_return_ignored_with_a_note_from_the_command_line(tmp_path: Path) -> None:
    from sgs.cli.main import main

    config = tmp_path / "platform.toml"
    config.write_text(MINIMAL, encoding="utf-8")
    with open_platform(config) as platform:
        code = department_code(1)
        department, _ = platform.add_department("局", code)
        bad = {**penalty(1, code, random.Random(13)), "CF_NR_FK": "五千"}
        platform.receive(department, body([bad]), today=TODAY)
        (returned,) = platform.returns(department)
    args = ["platform", "returns", "--config", str(config)]
    assert main([*args, "--ignore", str(returned.id)]) == 2  # no note
    assert main([*args, "--ignore", "999", "--note", "重复"]) == 2  # no such return
    assert main([*args, "--ignore", str(returned.id), "--note", "已电话核实，无需修改"]) == 0
    with open_platform(config) as platform:
        (ignored,) = platform.returns(code)
    assert (ignored.status, ignored.status_label, ignored.note) == (
        "ignored", "已忽略", "已电话核实，无需修改")  # fmt: skip
    out = tmp_path / "退回.xlsx"
    assert main([*args, "--department", code, "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert main([*args, "--out", str(config)]) == 2  # never over platform.toml


def test_a_notebook_shows_the_platform_as_its_stats(platform: Platform) -> None:
    department, _ = platform.add_department("示例市<局>", department_code(1))
    platform.receive(department, body([penalty(1, department.code, random.Random(14))]),
                     today=TODAY)  # fmt: skip
    shown = platform._repr_html_()
    assert "示例市&lt;局&gt;" in shown
    assert "<td>1</td>" in shown
    assert "1 current" in repr(platform)
