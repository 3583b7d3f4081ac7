"""Users and roles, applications and the gate to personal data, in SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sgs.platform import Platform, open_platform
from sgs.platform.access import AccessDenied
from sgs.store import Actor, User, UserError
from sgs.store.schema import access_log

from . import public_set as ps
from .server import write_config

ADMIN = Actor(name="系统管理员甲")


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Platform]:
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
    extra = ('[access]\npurposes = ["supervision", "objection", "authorised"]\n'
             f'[access.departments.{ps.AUTHORITY}]\npurposes = ["supervision"]\n')  # fmt: skip
    config = write_config(tmp_path, store_url=url, extra=extra)
    with open_platform(config) as opened:
        department, _ = opened.add_department(ps.AUTHORITY_NAME, ps.AUTHORITY)
        for body in ps.batches():
            assert {r.status for r in opened.receive(department, body)} == {"accepted"}
        yield opened


def _user(platform: Platform, name: str, *roles: str, department: str = "") -> User:
    user, _ = platform.store.users.add(name, list(roles), actor=ADMIN, department=department)
    return user


def _log(platform: Platform) -> list[dict[str, Any]]:
    """The log's entries as the API gives them (JSON)."""
    return [json.loads(json.dumps(e.to_dict())) for e in platform.store.audit.entries()]


def _raw_log(platform: Platform) -> str:
    with platform.store.engine.connect() as connection:
        rows = connection.execute(select(access_log)).all()
    return json.dumps([list(map(str, r)) for r in rows], ensure_ascii=False)


@pytest.mark.parametrize("roles", [("querier", "approver"), ("submitter", "querier"),
                                   ("admin", "querier"), ("auditor", "approver")])  # fmt: skip
def test_incompatible_roles_are_refused_on_one_person(platform: Platform,
                                                      roles: tuple[str, str]) -> None:  # fmt: skip
    with pytest.raises(UserError, match="角色不相容"):
        platform.store.users.add("某人", list(roles), actor=ADMIN, department=ps.AUTHORITY)
    assert platform.store.users.find("某人") is None
    _user(platform, "某人", roles[0], department=ps.AUTHORITY)
    with pytest.raises(UserError, match="角色不相容"):
        platform.store.users.grant("某人", roles[1], actor=ADMIN)
    assert platform.store.users.get("某人").roles == (roles[0],)


def test_every_role_change_is_logged_and_removal_takes_effect_at_once(platform: Platform) -> None:
    users = platform.store.users
    _, token = users.add("李查询", ["querier"], actor=ADMIN)
    assert platform.access.login(token).name == "李查询"
    new = users.rotate("李查询", actor=ADMIN)
    with pytest.raises(AccessDenied):
        platform.access.login(token)
    assert platform.access.login(new).name == "李查询"
    users.remove("李查询", actor=ADMIN)
    with pytest.raises(AccessDenied) as refused:
        platform.access.login(new)
    assert refused.value.status == 401
    with pytest.raises(UserError):
        users.grant("李查询", "approver", actor=ADMIN)
    actions = [(e["action"], e["actor"], e["detail"]) for e in _log(platform)]
    assert actions == [
        (
            "user-add",
            "系统管理员甲",
            {"user": "李查询", "roles": ["querier"], "user_department": ""},
        ),
        ("token-rotate", "系统管理员甲", {"user": "李查询"}),
        ("user-remove", "系统管理员甲", {"user": "李查询"}),
    ]
    assert platform.store.audit.verify().intact


def test_a_clear_read_needs_another_users_approved_application(platform: Platform) -> None:
    gate = platform.access
    querier = _user(platform, "王查询", "querier")
    approver = _user(platform, "赵审核", "approver")
    other = _user(platform, "钱查询", "querier")
    person = ps.KEYS["person"]
    masked = gate.record(person, user=querier)
    assert masked.masked
    assert masked.natural_person
    assert masked.fields["CF_XDR_ZJHM"] != ps.PERSON_ID
    assert masked.fields["CF_XDR_ZJHM"].startswith(ps.PERSON_ID[:6])
    assert masked.fields["CF_XDR_MC"] == "王*"
    with pytest.raises(AccessDenied) as refused:
        gate.record(person, user=querier, reveal=True)
    assert refused.value.code == "no-application"
    application = gate.apply(querier, [person], purpose="supervision", text="案件核查")
    assert application.state == "applied"
    assert application.basis == "duty:supervision"
    with pytest.raises(AccessDenied) as refused:
        gate.record(person, user=querier, reveal=True, application=application.id)
    assert refused.value.code == "not-approved"
    with pytest.raises(AccessDenied) as refused:  # a querier is no approver
        gate.decide(application.id, other, approve=True)
    assert refused.value.code == "role"
    approved = gate.decide(application.id, approver, approve=True, opinion="同意")
    assert approved.state == "approved"
    assert approved.approver == "赵审核"
    clear = gate.record(person, user=querier, reveal=True, application=application.id)
    assert clear.fields["CF_XDR_ZJHM"] == ps.PERSON_ID
    assert clear.fields["CF_XDR_MC"] == "王五"
    assert set(clear.revealed) == {"CF_XDR_ZJHM", "CF_XDR_MC"}
    assert platform.store.applications.get(application.id).state == "executed"
    for who, code in ((other, "not-yours"), (approver, "role")):
        with pytest.raises(AccessDenied) as refused:
            gate.record(person, user=who, reveal=True, application=application.id)
        assert refused.value.code == code
    with pytest.raises(AccessDenied) as refused:
        gate.record(ps.KEYS["trader"], user=querier, reveal=True, application=application.id)
    assert refused.value.code == "not-in-application"
    gate.close(application.id, querier)
    with pytest.raises(AccessDenied) as refused:
        gate.record(person, user=querier, reveal=True, application=application.id)
    assert refused.value.code == "expired"
    events = _log(platform)
    reads = [e for e in events if e["action"] == "read" and e["fields"]]
    assert len(reads) == 1
    read = reads[0]
    assert read["actor"] == "王查询"
    assert read["records"] == [person]
    assert read["purpose"] == "supervision"
    assert read["basis"] == "duty:supervision"
    assert read["detail"] == {"application": application.id}
    assert read["channel"] == "python"
    assert read["result_count"] == 1
    denied = [e["detail"]["reason"] for e in events if e["action"] == "denied"]
    assert denied == ["no-application", "not-approved", "role", "not-yours", "role",
                      "not-in-application", "expired"]  # fmt: skip
    assert [e["action"] for e in events if e["action"] in ("apply", "approve", "close")] == [
        "apply", "approve", "close"]  # fmt: skip
    raw = _raw_log(platform)
    assert ps.PERSON_ID not in raw
    assert "王五" not in raw
    assert platform.store.audit.verify().intact


def test_an_application_expires(platform: Platform) -> None:
    gate, store = platform.access, platform.store
    querier, approver = _user(platform, "王查询", "querier"), _user(platform, "赵审核", "approver")
    application = gate.apply(querier, [ps.KEYS["trader"]], purpose="objection", text="异议核查")
    gate.decide(application.id, approver, approve=True)
    start = store.audit.clock()
    store.audit.clock = lambda: start + dt.timedelta(days=platform.config.application_days,
                                                     seconds=1)  # fmt: skip
    with pytest.raises(AccessDenied) as refused:
        gate.record(ps.KEYS["trader"], user=querier, reveal=True, application=application.id)
    assert refused.value.code == "expired"


def test_the_requester_never_approves_and_a_decision_is_final(platform: Platform) -> None:
    gate = platform.access
    querier = _user(platform, "王查询", "querier")
    approver = _user(platform, "赵审核", "approver")
    application = gate.apply(querier, [ps.KEYS["trader"]], purpose="supervision", text="核查")
    gate.decide(application.id, approver, approve=False, opinion="事由不充分")
    with pytest.raises(AccessDenied) as refused:
        gate.decide(application.id, approver, approve=True)
    assert refused.value.code == "already-decided"
    assert refused.value.status == 409
    with pytest.raises(AccessDenied) as refused:
        gate.record(ps.KEYS["trader"], user=querier, reveal=True, application=application.id)
    assert refused.value.code == "not-approved"


def test_a_purpose_outside_the_departments_whitelist_is_refused(platform: Platform) -> None:
    gate = platform.access
    querier = _user(platform, "部门查询员", "querier", department=ps.AUTHORITY)
    with pytest.raises(AccessDenied) as refused:
        gate.apply(querier, [ps.KEYS["trader"]], purpose="objection", text="异议")
    assert refused.value.code == "purpose-not-allowed"
    assert "不在本单位的查询事项清单内" in refused.value.message_zh
    assert gate.apply(querier, [ps.KEYS["trader"]], purpose="supervision", text="监管").id
    centre = _user(platform, "中心查询员", "querier")
    with pytest.raises(AccessDenied) as refused:  # not on the centre's own list either
        gate.apply(centre, [ps.KEYS["trader"]], purpose="joint-discipline", text="联合奖惩")
    assert refused.value.code == "purpose-not-allowed"
    assert gate.apply(centre, [ps.KEYS["trader"]], purpose="objection", text="异议").id
    denied = [e for e in _log(platform) if e["action"] == "denied"]
    assert [(e["actor"], e["purpose"] or e["detail"]["purpose"]) for e in denied] == [
        ("部门查询员", "objection"), ("中心查询员", "joint-discipline")]  # fmt: skip


def test_an_authorised_query_needs_an_unexpired_authorisation(platform: Platform) -> None:
    gate = platform.access
    querier = _user(platform, "王查询", "querier")
    keys = [ps.KEYS["person"]]
    with pytest.raises(AccessDenied) as refused:
        gate.apply(querier, keys, purpose="authorised", text="本人授权")
    assert refused.value.code == "no-authorisation"
    with pytest.raises(AccessDenied):
        gate.apply(querier, keys, purpose="authorised", text="本人授权",
                   authorisation=("SQ-1", dt.date(2020, 1, 1)))  # fmt: skip
    found = gate.apply(querier, keys, purpose="authorised", text="本人授权",
                       authorisation=("SQ-1", dt.date(2099, 1, 1)))  # fmt: skip
    assert found.basis == "authorisation:SQ-1:2099-01-01"


@pytest.mark.parametrize("role", ["admin", "auditor"])
def test_an_admin_and_an_auditor_never_see_a_record(platform: Platform, role: str) -> None:
    user = _user(platform, "某人", role)
    with pytest.raises(AccessDenied) as refused:
        platform.access.record(ps.KEYS["trader"], user=user)
    assert refused.value.code == "role"
    assert refused.value.status == 403


def test_only_the_auditor_reads_the_log(platform: Platform) -> None:
    auditor = _user(platform, "孙审计", "auditor")
    querier = _user(platform, "王查询", "querier")
    platform.access.record(ps.KEYS["person"], user=querier)  # a masked read of a person: logged
    found = platform.access.events(auditor)
    assert [e.event.action for e in found] == ["user-add", "user-add", "read"]
    assert found[-1].event.detail == {"masked": True}
    assert found[-1].event.fields == ()
    assert [e.id for e in platform.access.events(auditor, since=2)] == [3]
    with pytest.raises(AccessDenied):
        platform.access.events(querier)


def test_an_export_is_one_event_and_holds_no_clear_value_in_the_log(platform: Platform) -> None:
    gate = platform.access
    querier, approver = _user(platform, "王查询", "querier"), _user(platform, "赵审核", "approver")
    keys = [ps.KEYS["person"], ps.KEYS["trader"], ps.KEYS["holder"]]
    application = gate.apply(querier, keys, purpose="supervision", text="批量核查")
    gate.decide(application.id, approver, approve=True)
    views = gate.export(querier, application.id)
    assert {v.key for v in views} == set(keys)
    assert any(v.fields.get("CF_XDR_ZJHM") == ps.PERSON_ID for v in views)
    export = [e for e in _log(platform) if e["action"] == "export"]
    assert len(export) == 1
    assert export[0]["result_count"] == 3
    assert "CF_XDR_ZJHM" in export[0]["fields"]
    assert "CF_FR_ZJHM" in export[0]["fields"]
    raw = _raw_log(platform)
    for number in ps.ID_NUMBERS:
        assert number not in raw
