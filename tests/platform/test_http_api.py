"""The platform's HTTP API against a real ``sgs platform serve`` (issue 13 #3)."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

from sgs.platform import open_platform
from sgs.platform.web.app import create_app

from .records import body, department_code, penalty
from .server import Server, add_department, free_port, running, sgs, write_config

CODE, OTHER = department_code(1), department_code(2)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("platform")
    config = write_config(folder, extra="[serve]\nmax_body = 65536\n")
    with running(config) as started:
        started.tokens = {  # type: ignore[attr-defined]
            CODE: add_department(config, "示例市市场监督管理局", CODE),
            OTHER: add_department(config, "示例市卫生健康委员会", OTHER),
        }
        yield started


def _token(server: Server, code: str) -> str:
    tokens: dict[str, str] = server.tokens  # type: ignore[attr-defined]
    return tokens[code]


def _post(server: Server, data: bytes, token: str | None, key: str = "b-1",
          header: str | None = None) -> httpx.Response:  # fmt: skip
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if header is not None:
        headers["Authorization"] = header
    return httpx.post(server.url + "/api/v1/records", content=data, headers=headers, timeout=30)


def test_a_batch_is_answered_record_by_record(server: Server) -> None:
    rng = random.Random(21)
    good, bad = penalty(1, CODE, rng), {**penalty(2, CODE, rng), "CF_JDRQ": "2026-02-30"}
    answer = _post(server, body([good, bad]), _token(server, CODE))
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert results[1]["reasons"][0]["field"] == "CF_JDRQ"


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Bearer " + "x" * 43]
)
def test_no_or_a_wrong_token_is_401_and_nothing_is_stored(
    server: Server, header: str | None
) -> None:
    before = _received(server)
    data = body([penalty(900, CODE, random.Random(22))])
    answer = _post(server, data, None, header=header)
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert _received(server) == before


def _received(server: Server) -> int:
    with open_platform(server.config) as platform:
        return sum(s.received for s in platform.stats())


def test_a_revoked_token_stops_working(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    with running(config) as server:
        token = add_department(config, "局", CODE)
        data = body([penalty(1, CODE, random.Random(23))])
        assert _post(server, data, token).status_code == 200
        assert sgs("platform", "departments", "revoke", "--config", str(config),
                   "--code", CODE).returncode == 0  # fmt: skip
        assert _post(server, data, token, key="b-2").status_code == 401


def test_a_body_over_the_limit_is_413(server: Server) -> None:
    before = _received(server)
    records = [penalty(n, CODE, random.Random(n)) for n in range(200)]  # ~140 KB > 64 KiB
    answer = _post(server, body(records), _token(server, CODE), key="big")
    assert answer.status_code == 413
    assert answer.json()["error"] == "too-large"
    chunked = httpx.post(server.url + "/api/v1/records", content=iter([body(records)]),
                         headers={"Authorization": f"Bearer {_token(server, CODE)}"})  # fmt: skip
    assert chunked.status_code == 413  # no Content-Length: counted as it arrives
    assert _received(server) == before


@pytest.mark.parametrize(
    "data", [b"{", b"[1, 2]", b'{"standard": "2021", "kind": "penalty", "records": 5}', b"\xff"]
)
def test_a_malformed_body_is_400_with_a_json_message(server: Server, data: bytes) -> None:
    before = _received(server)
    answer = _post(server, data, _token(server, CODE), key="bad")
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad-request"
    assert answer.json()["message"]
    assert _received(server) == before


def test_a_department_sees_only_its_own_returns(server: Server) -> None:
    rng = random.Random(24)
    mine = {**penalty(3, CODE, rng), "CF_NR_FK": "五千"}
    theirs = {**penalty(4, OTHER, rng), "CF_NR_FK": "六千"}
    _post(server, body([mine]), _token(server, CODE), key="r-1")
    _post(server, body([theirs]), _token(server, OTHER), key="r-2")

    def returns(code: str) -> list[dict[str, object]]:
        answer = httpx.get(server.url + "/api/v1/returns",
                           headers={"Authorization": f"Bearer {_token(server, code)}"})  # fmt: skip
        assert answer.status_code == 200
        found: list[dict[str, object]] = answer.json()["returns"]
        return found

    assert mine["CF_WSH"] in [r["number"] for r in returns(CODE)]
    assert theirs["CF_WSH"] not in [r["number"] for r in returns(CODE)]
    assert [r["number"] for r in returns(OTHER)] == [theirs["CF_WSH"]]
    assert httpx.get(server.url + "/api/v1/returns").status_code == 401


def test_returns_filter_by_status_and_time_and_refuse_bad_parameters(server: Server) -> None:
    auth = {"Authorization": f"Bearer {_token(server, CODE)}"}
    url = server.url + "/api/v1/returns"
    pending = httpx.get(url, params={"status": "pending"}, headers=auth).json()["returns"]
    assert all(r["status"] == "pending" for r in pending)
    later = httpx.get(url, params={"since": "2999-01-01T00:00:00Z"}, headers=auth)
    assert later.json()["returns"] == []
    assert httpx.get(url, params={"since": "yesterday"}, headers=auth).status_code == 400
    assert httpx.get(url, params={"status": "done"}, headers=auth).status_code == 400


def test_returns_xlsx_is_a_receipt_workbook_the_reader_takes_back(server: Server) -> None:
    from openpyxl import load_workbook

    from sgs.io import read

    auth = {"Authorization": f"Bearer {_token(server, CODE)}"}
    answer = httpx.get(server.url + "/api/v1/returns.xlsx", headers=auth)
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book["行政处罚"]
    headers = [c.value for c in sheet[1]]
    assert headers[-5:] == ["错误字段", "错误说明", "退回编号", "退回状态", "接收时间"]
    assert sheet.max_row >= 2
    path = server.config.parent / "returned.xlsx"
    path.write_bytes(answer.content)
    with read(path) as reader:
        rows = list(reader)
    assert rows[0].extras["错误说明"]


def test_health_and_the_openapi_document(server: Server) -> None:
    assert httpx.get(server.url + "/api/v1/health").json()["status"] == "ok"
    doc = httpx.get(server.url + "/api/v1/openapi.json").json()
    # every API route the application serves is documented, and nothing more
    with open_platform(server.config) as platform:
        routes = {re.sub(r":\w+}", "}", r.path) for r in create_app(platform).routes
                  if isinstance(r, Route) and r.path.startswith("/api/")}  # fmt: skip
    assert set(doc["paths"]) == routes
    assert {"/api/v1/records/{key}", "/api/v1/applications", "/api/v1/audit/events",
            "/api/v1/staff/objections", "/api/v1/public/cases/{case}"} <= routes  # fmt: skip


def test_the_log_holds_no_token_and_no_id_number(server: Server) -> None:
    person = {**penalty(5, CODE, random.Random(25)), "CF_XDR_LB": "自然人",
              "CF_ZJLX": "身份证", "CF_ZJHM": "410105199001011234"}  # fmt: skip
    _post(server, body([person]), _token(server, CODE), key="p-1")
    log = server.output()
    for token in (_token(server, CODE), _token(server, OTHER)):
        assert token not in log
    assert "410105199001011234" not in log
    assert "batch p-1 from" in log


def test_sigterm_lets_a_batch_in_flight_finish_and_answer(tmp_path: Path) -> None:
    import threading
    import time

    config = write_config(tmp_path)
    server = Server(config, free_port())
    server.start()
    token = add_department(config, "局", CODE)
    rng = random.Random(26)
    data = body([penalty(n, CODE, rng) for n in range(3000)], "big")
    answers: list[httpx.Response] = []
    sender = threading.Thread(target=lambda: answers.append(_post(server, data, token, "big")))
    sender.start()
    time.sleep(0.5)  # the batch is being checked and stored
    assert server.stop() == 0
    sender.join()
    (answer,) = answers
    assert answer.status_code == 200
    assert [r["status"] for r in answer.json()["results"]] == ["accepted"] * 3000
    with open_platform(config) as platform:
        assert platform.store.received.counts() == {"current": 3000, "versions": 3000}


def test_the_departments_http_transport_reads_the_platforms_returns(server: Server) -> None:
    import datetime as dt
    import os

    from sgs.adapters.http import HttpTransport
    from sgs.store import payload_hash

    bad = {**penalty(7, CODE, random.Random(27)), "CF_NR_FK": "七千"}
    assert _post(server, body([bad]), _token(server, CODE), key="t-1").status_code == 200
    os.environ["SGS_TEST_RETURNS_TOKEN"] = _token(server, CODE)
    with HttpTransport({"url": server.url + "/api/v1/records",
                        "token_env": "SGS_TEST_RETURNS_TOKEN"}) as transport:  # fmt: skip
        found = transport.returns(None)
        assert found is not None
        (mine,) = [r for r in found if r.number == bad["CF_WSH"]]
        assert mine.status == "pending"
        assert mine.content_hash == payload_hash(bad)
        assert mine.reasons[0].field == "CF_NR_FK"
        later = transport.returns(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        assert later == []
