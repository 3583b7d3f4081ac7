"""The subject's rights end to end with real parts (issue 16): a department's ``sgs sync`` →
the city's ``sgs platform serve`` → ``sgs platform forward`` → the province's server.

An objection opened on the city platform reaches the department as a 核查通知; the
department corrects its file, its next ``sgs sync`` sends the correction with the case,
the case closes, and both the city's public view and the province's copy show the
corrected value. A repair of an eligible 一般 record ends its publication and the
province receives the event; an ineligible application is refused with its reason.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest

from sgs.platform import open_platform
from sgs.store import open_store

from ..departments import department
from .records import CITY, PROVINCE
from .server import Server, add_department, running, sgs, write_config

DEPARTMENT = "11410100MB00000005"
STAFF = "staff-token-for-the-tests-0123456789"
#: What the repair's record changes in the example file's first row: a 一般 fine decided
#: on 2026-06-01 (罚款 2 万元, over the 1 万元 threshold), whose 3 months have run by 2026-12.
OLD_FINE = {
    "行政处罚决定书文号": "示市监罚〔2026〕88号",
    "处罚类别": "罚款",
    "处罚内容": "罚款20000元",
    "罚款金额（万元）": "2",
    "没收违法所得、没收非法财物的金额（万元）": "",
}


def _with_old_fine(source: Path) -> None:
    """Add to ``source`` a copy of its first record, changed by :data:`OLD_FINE`."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    first.update(OLD_FINE)
    for name in header:  # the three dates: decided, effective, published until
        if name.startswith(("处罚决定日期", "处罚有效期")):
            first[name] = "2026/06/01"
        elif name.startswith("公示截止期"):
            first[name] = "2027/06/01"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([*rows, [first[n] for n in header]])


@attrs.define
class Loop:
    province: Server
    city: Server
    department: Path
    env: dict[str, str]

    def sync(self) -> str:
        done = sgs("sync", "--config", str(self.department), env=self.env)
        assert done.returncode in (0, 1), done.stderr
        return done.stderr

    def forward(self) -> None:
        done = sgs("platform", "forward", "--config", str(self.city.config), env=self.env)
        assert done.returncode == 0, done.stderr

    def city_cli(self, *args: str) -> str:
        done = sgs(*args[:2], "--config", str(self.city.config), *args[2:], env=self.env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def key_of(self, number: str) -> str:
        with open_store("sqlite:///sgs.db", base_dir=self.department.parent) as store:
            (entry,) = store.ledger.find(number=number, kind="penalty")
            return entry.record_key

    def public(self, server: Server, key: str) -> httpx.Response:
        return httpx.get(f"{server.url}/api/v1/public/records/{key}", timeout=10)


@pytest.fixture(params=["sqlite", "postgresql"])
def loop(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Loop]:
    url = request.getfixturevalue("fresh_postgres_url") if request.param == "postgresql" else None
    fines = '[publication]\nlarge_fine = { "*" = 1 }\n'
    province = write_config(tmp_path / "province", name="示例省信用信息中心", code=PROVINCE,
                            extra=fines)  # fmt: skip
    with running(province) as province_server:
        env = {"SGS_PROVINCE_TOKEN": add_department(province, "示例市信用信息中心", CITY,
                                                    "--platform"), "SGS_STAFF_TOKEN": STAFF}  # fmt: skip
        upstream = (f'[upstream.province]\ntype = "http"\n'
                    f'url = "{province_server.url}/api/v1/records"\n'
                    'token_env = "SGS_PROVINCE_TOKEN"\nretries = 1\nbackoff = 0.1\n')  # fmt: skip
        cases = '[cases]\nprofile = "henan"\nstaff_token_env = "SGS_STAFF_TOKEN"\n'
        city = write_config(tmp_path / "city", store_url=url,
                            extra="[serve]\nevery = 0\n" + fines + cases + upstream)  # fmt: skip
        with running(city, env=env) as city_server:
            env["SGS_PLATFORM_TOKEN"] = add_department(city, "示例市市场监督管理局", DEPARTMENT)
            folder = tmp_path / "department"
            folder.mkdir()
            transport = (f'type = "http"\nurl = "{city_server.url}/api/v1/records"\n'
                         'token_env = "SGS_PLATFORM_TOKEN"\nretries = 1\nbackoff = 0.1')  # fmt: skip
            config = department(folder, transport, "sqlite:///sgs.db", batch_size=3)
            _with_old_fine(folder / "penalties.csv")
            yield Loop(province_server, city_server, config, env)


def test_an_objection_reaches_the_department_and_its_correction_travels_to_the_province(
    loop: Loop,
) -> None:
    loop.sync()
    loop.forward()
    number, old, new = (
        "示市监罚〔2026〕101号",
        "罚款5000元，没收违法所得300元",
        "罚款6000元，没收违法所得300元",
    )
    key = loop.key_of(number)
    case = loop.city_cli("objections", "open", "--key", key, "--claim", "事实错误",
                         "--text", "罚款金额应为6000元").strip()  # fmt: skip
    assert case.startswith("YY")
    assert "\n" not in case
    page = httpx.get(f"{loop.city.url}/records/{key}", timeout=10)
    assert page.status_code == 200
    assert "异议处理中" in page.text
    shown = loop.public(loop.city, key).json()
    assert shown["objection"] is True
    assert shown["fields"]["CF_NR"] == old

    # The department's GET /api/v1/objections, with its own token, lists the notice.
    listed = httpx.get(f"{loop.city.url}/api/v1/objections", timeout=10,
                       headers={"Authorization": f"Bearer {loop.env['SGS_PLATFORM_TOKEN']}"})  # fmt: skip
    assert [(o["case"], o["key"], o["number"]) for o in listed.json()["objections"]] == [
        (case, key, number)
    ]
    assert "核查通知 " + case in loop.sync()  # noted in the ledger, told to the user
    with open_store("sqlite:///sgs.db", base_dir=loop.department.parent) as store:
        assert [e.objection for e in store.ledger.objections()] == [case]

    source = loop.department.parent / "penalties.csv"
    source.write_text(source.read_text("utf-8-sig").replace(old, new, 1), encoding="utf-8-sig")
    shutil.rmtree(loop.department.parent / "receipts", ignore_errors=True)
    loop.sync()
    shown = json.loads(loop.city_cli("objections", "show", case, "--format", "json"))
    assert (shown["case"], shown["key"], shown["state"], shown["profile"]) == (
        case,
        key,
        "closed",
        "henan",
    )
    assert shown["outcome"] == "corrected"
    assert shown["due"]
    assert [(c["field"], c["old"], c["new"]) for c in shown["changes"]] == [("CF_NR", old, new)]
    assert [s["step"] for s in shown["steps"]] == ["registered", "flagged", "notice", "answered"]
    with open_store("sqlite:///sgs.db", base_dir=loop.department.parent) as store:
        assert store.ledger.objections() == []

    assert "异议处理中" not in httpx.get(f"{loop.city.url}/records/{key}", timeout=10).text
    city_view = loop.public(loop.city, key).json()
    assert (city_view["objection"], city_view["fields"]["CF_NR"]) == (False, new)
    loop.forward()
    province_view = loop.public(loop.province, key).json()
    assert province_view["fields"]["CF_NR"] == new

    subject = httpx.get(f"{loop.city.url}/api/v1/public/cases/{case}", timeout=10).json()
    assert subject["state"] == "closed"
    assert "applicant" not in subject
    assert all("actor" not in s for s in subject["steps"])


def test_the_department_confirms_a_record_with_the_cli(loop: Loop) -> None:
    loop.sync()
    key = loop.key_of("示市监罚〔2026〕104号")
    case = loop.city_cli("objections", "open", "--key", key, "--claim", "名单").strip()
    loop.sync()
    done = sgs("objections", "answer", "--config", str(loop.department), case, "--confirm",
               "--opinion", "经核实，处罚决定无误", env=loop.env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = json.loads(loop.city_cli("objections", "show", case, "--format", "json"))
    assert (shown["state"], shown["outcome"]) == ("closed", "confirmed")
    assert shown["steps"][-1]["opinion"] == "经核实，处罚决定无误"
    assert loop.public(loop.city, key).json()["objection"] is False
    again = sgs("objections", "answer", "--config", str(loop.department), case, "--confirm",
                env=loop.env)  # fmt: skip
    assert again.returncode == 2
    assert "Traceback" not in again.stderr


def test_a_repair_ends_publication_at_both_levels_and_an_early_one_is_refused(loop: Loop) -> None:
    loop.sync()
    loop.forward()
    old_key, new_key = loop.key_of("示市监罚〔2026〕88号"), loop.key_of("示市监罚〔2026〕101号")
    assert loop.public(loop.province, old_key).status_code == 200

    refused = loop.city_cli("repair", "apply", "--key", new_key, "--commitment", "承诺",
                            "--obligations-fulfilled", "--as-of", "2026-12-02").strip()  # fmt: skip
    shown = json.loads(loop.city_cli("repair", "show", refused, "--format", "json"))
    assert shown["state"] == "refused"
    assert [r["code"] for r in shown["reasons"]] == ["before-earliest-date"]
    assert shown["earliest_repair_date"] == "2027-02-02"

    number = loop.city_cli("repair", "apply", "--key", old_key, "--commitment",
                           "本单位承诺已纠正违法行为", "--obligations-fulfilled",
                           "--as-of", "2026-12-02").strip()  # fmt: skip
    shown = json.loads(loop.city_cli("repair", "show", number, "--format", "json"))
    assert (shown["id"], shown["key"], shown["state"]) == (number, old_key, "under_review")
    assert (shown["earliest_repair_date"], shown["auto_end_date"]) == ("2026-09-01", "2027-06-01")
    loop.city_cli("repair", "decide", number, "--repair", "--reason", "已履行处罚决定并公开承诺")
    assert json.loads(loop.city_cli("repair", "show", number, "--format", "json"))["state"] == (
        "repaired"
    )
    assert loop.public(loop.city, old_key).status_code == 404
    loop.forward()
    assert loop.public(loop.province, old_key).status_code == 404
    with open_platform(loop.province.config) as province:
        held = province.store.received.held(old_key)
        assert held is not None
        assert held[0] == "repaired"
    told = httpx.get(f"{loop.city.url}/api/v1/repairs", timeout=10,
                     headers={"Authorization": f"Bearer {loop.env['SGS_PLATFORM_TOKEN']}"})  # fmt: skip
    assert [(r["id"], r["key"]) for r in told.json()["repairs"]] == [(number, old_key)]
    loop.sync()  # the department learns of it, and its own site stops showing the record
    with open_store("sqlite:///sgs.db", base_dir=loop.department.parent) as store:
        (entry,) = store.ledger.find(number="示市监罚〔2026〕88号", kind="penalty")
        assert entry.repaired_on is not None
    site = loop.department.parent / "site"
    done = sgs("publish", "export", "--config", str(loop.department), "--out", str(site),
               env=loop.env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    feed = (site / "feed.json").read_text("utf-8")
    assert old_key not in feed
    assert new_key in feed


def test_staff_work_over_the_api_and_nobody_else_may(loop: Loop) -> None:
    loop.sync()
    key = loop.key_of("示市监罚〔2026〕101号")
    staff = {"Authorization": f"Bearer {STAFF}"}
    department = {"Authorization": f"Bearer {loop.env['SGS_PLATFORM_TOKEN']}"}
    opening = {"key": key, "claim": "文字错误", "text": "名称有误", "route": "own_scope",
               "applicant": {"kind": "organisation", "name": "示例餐饮管理有限公司"}}  # fmt: skip
    url = f"{loop.city.url}/api/v1/staff/objections"
    for headers in ({}, department, {"Authorization": "Bearer wrong"}):
        assert httpx.post(url, json=opening, headers=headers, timeout=10).status_code == 401
    made = httpx.post(url, json=opening, headers=staff, timeout=10)
    assert made.status_code == 201, made.text
    case = made.json()["case"]
    assert made.json()["state"] == "own_scope"
    assert httpx.post(f"{url}/{case}/decide", json={"outcome": "deleted"}, headers=staff,
                      timeout=10).status_code == 400  # fmt: skip
    done = httpx.post(f"{url}/{case}/decide", headers=staff, timeout=10,
                      json={"outcome": "confirmed", "opinion": "名称与登记一致"})  # fmt: skip
    assert done.status_code == 200
    assert done.json()["state"] == "closed"
    assert httpx.post(f"{url}/{case}/nothing", json={}, headers=staff,
                      timeout=10).status_code == 404  # fmt: skip
    bad = httpx.post(url, content=b"{not json", headers=staff, timeout=10)
    assert bad.status_code == 400
    assert "message" in bad.json()
    repair = httpx.post(f"{loop.city.url}/api/v1/staff/repairs", headers=staff, timeout=10,
                        json={"key": key, "commitment": "承诺", "obligations_fulfilled": True})  # fmt: skip
    assert repair.status_code == 201
    assert repair.json()["state"] == "refused"
    unknown = httpx.get(f"{loop.city.url}/api/v1/public/cases/YY20260101-AAAAAA", timeout=10)
    assert unknown.status_code == 404
