"""The wire format's optional ``scope`` (公开范围) of a record."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sgs.adapters import OutgoingRecord
from sgs.platform.wire import WireError, parse_batch, wire_body
from sgs.standard import Kind


def _body(*records: dict[str, Any]) -> bytes:
    return json.dumps(
        {"standard": "2021", "kind": "penalty", "records": list(records)}, ensure_ascii=False
    ).encode("utf-8")


def test_a_record_without_scope_is_public_and_names_and_codes_are_taken() -> None:
    batch = parse_batch(_body({"key": "k1", "fields": {}},
                              {"key": "k2", "fields": {}, "scope": "政务共享"},
                              {"key": "k3", "fields": {}, "scope": "2"},
                              {"key": "k4", "fields": {}, "scope": "公示"}))  # fmt: skip
    assert [r.scope for r in batch.records] == ["公示", "政务共享", "授权查询", "公示"]


@pytest.mark.parametrize("scope", ["内部", "3", 1, None, ["公示"]])
def test_an_unknown_scope_is_a_wire_error_naming_the_record(scope: object) -> None:
    record: dict[str, Any] = {"key": "k2", "fields": {}, "scope": scope}
    if scope is None:
        record["scope"] = {"name": "公示"}
    with pytest.raises(WireError) as info:
        parse_batch(_body({"key": "k1", "fields": {}}, record))
    assert "records 第 2 项 的 scope" in info.value.message_zh
    assert "records item 2: 'scope'" in info.value.message_en


def test_what_the_department_sends_reads_back_with_its_scope() -> None:
    sent = [OutgoingRecord("k1", {"CF_WSH": "1"}).as_json(),
            OutgoingRecord("k2", {"CF_WSH": "2"}, scope="授权查询").as_json(),
            OutgoingRecord("k3", {}, "withdraw", "政务共享").as_json()]  # fmt: skip
    assert "scope" not in sent[0]  # a public record is sent as it always was
    batch = parse_batch(wire_body("2021", Kind.PENALTY, "b1", sent))
    assert [(r.operation, r.scope) for r in batch.records] == [
        ("upsert", "公示"), ("upsert", "授权查询"), ("withdraw", "政务共享")
    ]  # fmt: skip
