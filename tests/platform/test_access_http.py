"""The gate over HTTP, against a real server: every endpoint for every role, and the whole
path from an application to a clear read; users made with the real CLI."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from . import public_set as ps
from .records import body, penalty
from .server import Server, add_department, add_user, running, sgs, write_config

ROLES = ("none", "department", "admin", "submitter", "querier", "approver", "auditor")


def _add_user(config: Path, name: str, role: str, *more: str) -> str:
    lines = add_user(config, name, role, *more).splitlines()
    assert len(lines) == 1  # the token alone on stdout
    assert len(lines[0]) == 43
    return lines[0]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    config = write_config(tmp_path_factory.mktemp("gate"))
    department = add_department(config, ps.AUTHORITY_NAME, ps.AUTHORITY)
    tokens = {"none": "", "department": department}
    for role in ("admin", "querier", "approver", "auditor"):
        tokens[role] = _add_user(config, f"{role}-用户", role)
    tokens["submitter"] = _add_user(config, "报送员甲", "submitter", "--department", ps.AUTHORITY)
    tokens["querier2"] = _add_user(config, "另一查询员", "querier")
    with running(config) as server:
        for body in ps.batches():
            answer = httpx.post(server.url + "/api/v1/records", content=body, timeout=60,
                                headers={"Authorization": f"Bearer {department}"})  # fmt: skip
            assert answer.status_code == 200
        yield server, tokens


def _call(server: Server, token: str, method: str, path: str,
          body: dict[str, Any] | None = None) -> httpx.Response:  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.request(method, server.url + path, headers=headers, timeout=30,
                         content=json.dumps(body).encode() if body is not None else None)  # fmt: skip


APPLY = {"keys": [ps.KEYS["trader"]], "purpose": "supervision", "text": "核查"}
#: endpoint → the status each role gets (401 for no token and a department's push token).
TABLE: list[tuple[str, str, dict[str, Any] | None, dict[str, int]]] = [
    ("GET", f"/api/v1/records/{ps.KEYS['trader']}", None,
     {"admin": 403, "submitter": 403, "querier": 200, "approver": 200, "auditor": 403}),
    ("GET", f"/api/v1/records/{ps.KEYS['person']}?reveal=1", None,
     {"admin": 403, "submitter": 403, "querier": 403, "approver": 403, "auditor": 403}),
    ("POST", "/api/v1/applications", APPLY,
     {"admin": 403, "submitter": 403, "querier": 201, "approver": 403, "auditor": 403}),
    ("GET", "/api/v1/applications", None,
     {"admin": 403, "submitter": 403, "querier": 200, "approver": 200, "auditor": 403}),
    ("GET", "/api/v1/audit/events", None,
     {"admin": 403, "submitter": 403, "querier": 403, "approver": 403, "auditor": 200}),
    ("GET", "/api/v1/staff/objections", None,
     {"admin": 401, "submitter": 401, "querier": 200, "approver": 200, "auditor": 401}),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "expected"), TABLE,
                         ids=[f"{m} {p.split('?')[0][:24]}" for m, p, _, _ in TABLE])  # fmt: skip
def test_every_endpoint_for_every_role(setup: tuple[Server, dict[str, str]], method: str,
                                       path: str, body: dict[str, Any] | None,
                                       expected: dict[str, int]) -> None:  # fmt: skip
    server, tokens = setup
    got = {role: _call(server, tokens[role], method, path, body) for role in ROLES}
    wanted = {"none": 401, "department": 401, **expected}
    assert {role: answer.status_code for role, answer in got.items()} == wanted
    for answer in got.values():
        data = answer.json()
        if answer.status_code >= 400:
            assert set(data) >= {"error", "message", "message_en"}
        assert ps.PERSON_ID not in answer.text


def test_a_submitter_users_token_pushes_for_its_department_and_no_other_does(
    setup: tuple[Server, dict[str, str]],
) -> None:
    server, tokens = setup
    body = ps.batches()[0]
    for role, status in (("submitter", 200), ("querier", 401), ("admin", 401)):
        answer = httpx.post(server.url + "/api/v1/records", content=body, timeout=60,
                            headers={"Authorization": f"Bearer {tokens[role]}"})  # fmt: skip
        assert answer.status_code == status, role


def test_from_an_application_to_a_clear_read(setup: tuple[Server, dict[str, str]]) -> None:
    server, tokens = setup
    person = ps.KEYS["person"]
    masked = _call(server, tokens["querier"], "GET", f"/api/v1/records/{person}").json()
    assert masked["masked"] is True
    assert masked["fields"]["CF_XDR_ZJHM"] != ps.PERSON_ID
    applied = _call(server, tokens["querier"], "POST", "/api/v1/applications",
                    {"keys": [person], "purpose": "objection", "text": "异议核查"})  # fmt: skip
    assert applied.status_code == 201
    ident = applied.json()["id"]
    assert applied.json()["state"] == "applied"
    path = f"/api/v1/records/{person}?reveal=1&application={ident}"
    assert _call(server, tokens["querier"], "GET", path).status_code == 403  # not yet approved
    # a querier cannot approve, the approver can
    assert _call(server, tokens["querier2"], "POST", f"/api/v1/applications/{ident}/approve",
                 {"opinion": "同意"}).status_code == 403  # fmt: skip
    approved = _call(server, tokens["approver"], "POST", f"/api/v1/applications/{ident}/approve",
                     {"opinion": "同意"})  # fmt: skip
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    again = _call(server, tokens["approver"], "POST", f"/api/v1/applications/{ident}/approve", {})
    assert again.status_code == 409
    clear = _call(server, tokens["querier"], "GET", path)
    assert clear.status_code == 200
    assert clear.json()["fields"]["CF_XDR_ZJHM"] == ps.PERSON_ID
    assert clear.headers["cache-control"] == "no-store"
    for role in ("querier2", "approver", "auditor", "admin", "submitter"):
        assert _call(server, tokens[role], "GET", path).status_code == 403, role
    # the auditor sees the read, its application and purpose, never the value
    events = _call(server, tokens["auditor"], "GET", "/api/v1/audit/events?limit=1000").json()
    reads = [e for e in events["events"] if e["action"] == "read" and e["fields"]]
    assert len(reads) == 1
    assert reads[0]["actor"] == "querier-用户"
    assert reads[0]["detail"] == {"application": ident}
    assert reads[0]["purpose"] == "objection"
    assert reads[0]["channel"] == "api"
    assert reads[0]["client"] == "127.0.0.1"
    text = json.dumps(events, ensure_ascii=False)
    for number in ps.ID_NUMBERS:
        assert number not in text
    assert "王五" not in text


def test_bad_bodies_and_unknown_steps_are_json_refusals(
    setup: tuple[Server, dict[str, str]],
) -> None:
    server, tokens = setup
    querier = tokens["querier"]
    for data, status in (({"keys": "x", "purpose": "supervision"}, 400),
                         ({"keys": ["no-such"], "purpose": "supervision", "text": "t"}, 400),
                         ({"keys": [ps.KEYS["trader"]], "purpose": "nope", "text": "t"}, 400),
                         ({"keys": [ps.KEYS["trader"]], "purpose": "supervision"}, 400)):  # fmt: skip
        answer = _call(server, querier, "POST", "/api/v1/applications", data)
        assert answer.status_code == status, data
        assert answer.json()["error"]
    answer = httpx.post(server.url + "/api/v1/applications", content=b"{not json",
                        headers={"Authorization": f"Bearer {querier}"}, timeout=30)  # fmt: skip
    assert answer.status_code == 400
    assert _call(server, tokens["approver"], "POST", "/api/v1/applications/X/frobnicate",
                 {}).status_code == 404  # fmt: skip
    assert _call(server, querier, "GET", "/api/v1/records/no-such-key").status_code == 404


def test_users_cli_refuses_incompatible_roles_and_a_removed_user_is_out_at_once(
    setup: tuple[Server, dict[str, str]],
    tmp_path: Path,
) -> None:
    server, _ = setup
    config = str(server.config)
    done = sgs("platform", "users", "add", "--config", config, "--name", "两面人",
               "--role", "querier", "--role", "approver")  # fmt: skip
    assert done.returncode == 2
    assert "角色不相容" in done.stderr
    assert "Traceback" not in done.stderr
    token = _add_user(server.config, "将离职", "querier")
    assert _call(server, token, "GET", "/api/v1/applications").status_code == 200
    done = sgs("platform", "users", "remove", "--config", config, "--name", "将离职")
    assert done.returncode == 0, done.stderr
    assert _call(server, token, "GET", "/api/v1/applications").status_code == 401
    listed = sgs("platform", "users", "list", "--config", config, "--removed")
    assert "将离职" in listed.stdout
    assert "已删除" in listed.stdout


def test_records_show_on_the_cli_passes_the_same_gate(setup: tuple[Server, dict[str, str]]) -> None:
    server, tokens = setup
    config = str(server.config)
    env = {"SGS_USER_TOKEN": tokens["querier"]}
    shown = sgs("platform", "records", "show", "--config", config, ps.KEYS["person"], env=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["masked"] is True
    refused = sgs("platform", "records", "show", "--config", config, ps.KEYS["person"],
                  "--reveal", env=env)  # fmt: skip
    assert refused.returncode == 2
    assert "拒绝访问" in refused.stderr
    assert ps.PERSON_ID not in refused.stdout + refused.stderr
    no_token = sgs("platform", "records", "show", "--config", config, ps.KEYS["person"],
                   env={"SGS_USER_TOKEN": ""})  # fmt: skip
    assert no_token.returncode == 2
    events = _call(server, tokens["auditor"], "GET", "/api/v1/audit/events?limit=1000").json()
    channels = {(e["action"], e["channel"]) for e in events["events"]}
    assert ("read", "cli") in channels
    assert ("denied", "cli") in channels


def test_returns_handed_back_with_an_id_number_are_an_export_event(
    setup: tuple[Server, dict[str, str]],
) -> None:
    server, tokens = setup
    person = {**penalty(9, ps.AUTHORITY, random.Random(9), name=ps.AUTHORITY_NAME),
              "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": ps.HOLDER_ID,
              "CF_XDR_MC": "赵六"}  # fmt: skip
    person.pop("CF_XDR_SHXYM")
    person["CF_JDRQ"] = "not a date"  # so it is returned
    pushed = httpx.post(server.url + "/api/v1/records", content=body([person], "ret-1"),
                        headers={"Authorization": f"Bearer {tokens['department']}"}, timeout=60)  # fmt: skip
    assert pushed.json()["results"][0]["status"] == "rejected"
    key = pushed.json()["results"][0]["key"]
    returns = _call(server, tokens["department"], "GET", "/api/v1/returns")
    assert returns.status_code == 200
    events = _call(server, tokens["auditor"], "GET", "/api/v1/audit/events?action=export").json()
    handed = [e for e in events["events"] if key in e["records"]]
    assert len(handed) == 1
    assert handed[0]["basis"] == "duty:returns"
    assert handed[0]["actor"] == ps.AUTHORITY
    assert "CF_XDR_ZJHM" in handed[0]["fields"]
    assert ps.HOLDER_ID not in json.dumps(events)
