"""The public API and the portal's pages on a real ``sgs platform serve``: what anyone may see.

A department sends organisations' and natural persons' licences and penalties
(:mod:`.public_set`); the public API answers field by field with the masked view,
leaves out what is withheld, withdrawn or past its period without a trace (no
total, no page, no 404 that differs), and no response or page holds any of the
set's ID numbers. The rate limit is per client address: a real server for the
burst, the ASGI app with chosen client addresses for "another address may go on".
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sgs.errors import SgsError
from sgs.platform.config import load_platform_config
from sgs.platform.platform import open_platform
from sgs.platform.web.app import create_app
from sgs.standard import Kind

from . import public_set as ps
from .server import Server, add_department, running, write_config

SEEN: list[bytes] = []  # every body the tests got, for the scan at the end


def _get(server: Server, path: str, **params: str) -> httpx.Response:
    response = httpx.get(server.url + path, params=params, timeout=30)
    SEEN.append(response.content)
    SEEN.append(repr(sorted(response.headers.items())).encode("utf-8"))
    return response


def _send(url: str, token: str) -> None:
    for body in ps.batches():
        answer = httpx.post(url + "/api/v1/records", content=body, timeout=60,
                            headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert answer.status_code == 200, answer.text
        assert {r["status"] for r in answer.json()["results"]} == {"accepted"}, answer.text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("public")
    config = write_config(folder, extra="[portal]\nrate = 100000\n")
    token = add_department(config, ps.AUTHORITY_NAME, ps.AUTHORITY)
    with running(config) as started:
        _send(started.url, token)
        yield started


def _search(server: Server, **params: str) -> dict[str, Any]:
    response = _get(server, "/api/v1/public/records", **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    found: dict[str, Any] = response.json()
    return found


def test_an_organisations_penalty_field_by_field(server: Server) -> None:
    found = _search(server, q="示例商贸")
    assert (found["total"], found["page"]) == (1, 1)
    (record,) = found["records"]
    assert set(record) == {"key", "kind", "fields", "published_until", "objection"}
    assert (record["key"], record["kind"]) == (ps.KEYS["trader"], "penalty")
    fields, sent = record["fields"], ps.trader()
    # the legal representative's ID number is dropped; the name and the code are kept in full
    assert "CF_FR_ZJHM" not in fields
    assert fields["CF_XDR_MC"] == "示例商贸有限公司"
    assert fields["CF_XDR_SHXYM"] == ps.TRADER_CODE
    assert fields["CF_FRDB"] == "张三丰"
    # the ID number in the facts is masked in place: the first 6 digits, 12 stars
    assert (
        fields["CF_SY"]
        == "经查，当事人雇用的王某（身份证号410105************）经营超过保质期的食品"
    )
    for code in ("CF_WSH", "CF_CFLB", "CF_NR", "CF_NR_FK", "CF_JDRQ", "CF_CFJG", "CF_CFJGDM",
                 "CF_YJ", "CF_WFXW"):  # fmt: skip
        assert fields[code] == sent[code], code
    # a 一般 penalty under 36号令 is shown for a year from its decision
    decided = ps.TODAY - dt.timedelta(days=30)
    assert record["published_until"] == decided.replace(year=decided.year + 1).isoformat()


def test_a_natural_persons_licence_shows_the_masked_name_and_no_id(server: Server) -> None:
    found = _search(server, kind="license")
    assert found["total"] == 2
    by_key = {r["key"]: r for r in found["records"]}
    assert set(by_key) == {ps.KEYS["shop"], ps.KEYS["holder"]}
    holder = by_key[ps.KEYS["holder"]]["fields"]
    assert holder["XK_XDR_MC"] == "李**"
    assert "XK_XDR_ZJHM" not in holder
    assert holder["XK_WSH"] == "示市监许〔2026〕12号"
    assert holder["XK_XDR_LB"] == "自然人"
    # a licence is shown until its 有效期至
    assert by_key[ps.KEYS["holder"]]["published_until"] == "2029-12-31"
    assert by_key[ps.KEYS["shop"]]["published_until"] == "2031-12-31"
    shop = by_key[ps.KEYS["shop"]]["fields"]
    assert (shop["XK_XDR_MC"], shop["XK_XDR_SHXYM"]) == ("示例餐饮管理有限公司", ps.SHOP_CODE)


def test_search_matches_the_shown_name_or_the_exact_code(server: Server) -> None:
    by_code = _search(server, q=ps.TRADER_CODE.lower())
    assert [r["key"] for r in by_code["records"]] == [ps.KEYS["trader"]]
    assert _search(server, q=ps.TRADER_CODE[:-1])["total"] == 0  # a code is matched whole
    # the masked name is what is searched: the full name of a natural person finds nothing
    assert _search(server, q="李四海")["total"] == 0
    assert [r["key"] for r in _search(server, q="李*")["records"]] == [ps.KEYS["holder"]]
    # 李四 is the shop's 法定代表人, not a party: a match in another field is not a hit
    assert _search(server, q="李四")["total"] == 0
    assert _search(server, q="示例 商贸")["total"] == 1


def test_pages_of_twenty_newest_first(server: Server) -> None:
    first = _search(server, q="示例物流")
    second = _search(server, q="示例物流", page="2")
    third = _search(server, q="示例物流", page="3")
    assert (first["total"], second["total"], third["total"]) == (25, 25, 25)
    assert (first["page"], second["page"], third["page"]) == (1, 2, 3)
    assert (len(first["records"]), len(second["records"]), third["records"]) == (20, 5, [])
    names = [r["fields"]["CF_XDR_MC"] for r in first["records"] + second["records"]]
    # 示例物流有限公司n was decided 40 + n days ago: newest first is n = 1, 2, … 25
    assert names == [f"示例物流有限公司{n}" for n in range(1, 26)]
    everything = _search(server)
    # 25 hauliers, 示例商贸, two licences; not the person's penalty, the withdrawn or the old one
    assert everything["total"] == 28
    assert _search(server, kind="penalty")["total"] == 26


def test_withheld_withdrawn_expired_and_unknown_keys_answer_alike(server: Server) -> None:
    answers = []
    for key in (ps.KEYS["person"], ps.KEYS["withdrawn"], ps.KEYS["old"], "0" * 32):
        api = _get(server, f"/api/v1/public/records/{key}")
        page = _get(server, f"/records/{key}")
        assert (api.status_code, page.status_code) == (404, 404), key
        answers.append((api.content, page.content.replace(key.encode(), b"")))
    assert len(set(answers)) == 1
    for name in ("王五", "王*", "示例撤回", "示例旧案"):
        assert _search(server, q=name)["total"] == 0, name
    assert _get(server, "/", q="示例撤回").text.count('id="total">0<') == 1


def test_one_record_by_key(server: Server) -> None:
    response = _get(server, f"/api/v1/public/records/{ps.KEYS['holder']}")
    assert response.status_code == 200
    record = response.json()
    assert (record["key"], record["kind"]) == (ps.KEYS["holder"], "license")
    assert record["fields"]["XK_XDR_MC"] == "李**"
    assert "XK_XDR_ZJHM" not in record["fields"]
    listed = _search(server, q="李*")["records"][0]
    assert record == listed


def test_bad_queries_are_refused_in_both_languages(server: Server) -> None:
    for params in ({"kind": "both"}, {"page": "0"}, {"page": "x"}, {"page": "-1"}):
        response = _get(server, "/api/v1/public/records", **params)
        assert response.status_code == 400, params
        body = response.json()
        assert body["error"] == "bad-request"
        assert body["message"]
        assert body["message_en"]
    assert _get(server, "/", kind="both").status_code == 400


def test_the_portal_pages(server: Server) -> None:
    response = _get(server, "/", q="示例商贸")
    assert response.headers["content-security-policy"].startswith("default-src 'none';")
    assert response.headers["x-content-type-options"] == "nosniff"
    page = response.text
    assert '<html lang="zh-CN">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert f'href="/records/{ps.KEYS["trader"]}">示例商贸有限公司</a>' in page
    assert "示市监罚〔2026〕101号" in page
    assert 'id="total">1<' in page
    assert "http://" not in page
    assert "https://" not in page
    detail = _get(server, f"/records/{ps.KEYS['trader']}").text
    assert '<th scope="row">行政相对人名称</th>\n      <td>示例商贸有限公司</td>' in detail
    assert '<th scope="row">行政处罚决定书文号</th>\n      <td>示市监罚〔2026〕101号</td>' in detail
    assert "法定代表人证件号码" not in detail
    assert _get(server, "/").status_code == 200


def test_the_openapi_document_names_the_public_routes(server: Server) -> None:
    paths = _get(server, "/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/public/records"]["get"]["responses"]) == {"200", "400", "429"}
    assert set(paths["/api/v1/public/records/{key}"]["get"]["responses"]) == {"200", "404", "429"}
    assert "security" not in paths["/api/v1/public/records"]["get"]


def test_a_burst_over_the_rate_gets_429_and_the_department_api_does_not(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="[portal]\nrate = 5\n")
    token = add_department(config, ps.AUTHORITY_NAME, ps.AUTHORITY)
    with running(config) as started:
        codes = [httpx.get(started.url + "/api/v1/public/records").status_code for _ in range(5)]
        assert codes == [200] * 5
        refused = httpx.get(started.url + "/api/v1/public/records", params={"q": "示例"})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"] == "too-many-requests"
        page = httpx.get(started.url + "/")
        assert page.status_code == 429
        assert page.headers["content-type"].startswith("text/html")
        assert "请求过于频繁" in page.text
        assert int(page.headers["retry-after"]) >= 1
        # the department's side is not limited
        _send(started.url, token)
        assert httpx.get(started.url + "/api/v1/health").status_code == 200


async def _from(app: Any, address: str, *paths: str) -> list[int]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
        return [(await client.get(path)).status_code for path in paths]


def test_the_limit_is_per_client_address(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="[portal]\nrate = 3\n")
    with open_platform(config) as platform:
        app = create_app(platform)
        api = "/api/v1/public/records"
        assert asyncio.run(_from(app, "203.0.113.7", api, api, api, api)) == [200, 200, 200, 429]
        assert asyncio.run(_from(app, "198.51.100.9", api, f"/records/{'0' * 32}", "/")) == [
            200, 404, 200]  # fmt: skip
        assert asyncio.run(_from(app, "203.0.113.7", "/")) == [429]


def test_no_response_holds_an_id_number(server: Server) -> None:
    # every body and header of the tests above (they ran first, in this module's order),
    # and a sweep of every record's page and JSON now
    for record in _search(server)["records"] + _search(server, page="2")["records"]:
        _get(server, f"/api/v1/public/records/{record['key']}")
        _get(server, f"/records/{record['key']}")
    for query in ("", "示例", "李", ps.TRADER_CODE):
        _get(server, "/", q=query)
    assert len(SEEN) > 100
    for number in ps.ID_NUMBERS:
        for body in SEEN:
            for form in (number, number.lower(), number[:6] + number[6:14]):
                assert form.encode("utf-8") not in body, number
    log = server.output()
    for number in ps.ID_NUMBERS:
        assert number not in log


def test_a_city_restyles_the_portal_with_its_own_templates(tmp_path: Path) -> None:
    folder = tmp_path / "looks"
    folder.mkdir()
    (folder / "portal.css").write_text("body { background: #fef; }\n", encoding="utf-8")
    (folder / "error.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>找不到：{{ heading }}</h1>{% endblock %}',
        encoding="utf-8",
    )
    config = write_config(
        tmp_path, extra='[portal]\ntitle = "信用示例"\ntemplates = "looks"\nrate = 50\n'
    )
    with open_platform(config) as platform:
        app = create_app(platform)

        async def pages() -> list[str]:
            transport = httpx.ASGITransport(app=app, client=("192.0.2.1", 1))
            async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
                paths = ("/", f"/records/{'1' * 32}", "/portal.css")
                return [(await client.get(p)).text for p in paths]

        search, missing, stylesheet = asyncio.run(pages())
    assert "<title>信用示例</title>" in search
    assert '<p class="site-title"><a href="/">信用示例</a></p>' in search
    assert '<link rel="stylesheet" href="/portal.css">' in search  # linked, never inline
    assert "<style" not in search
    assert stylesheet.strip() == "body { background: #fef; }"  # the city's style sheet
    assert "--brand" not in stylesheet  # instead of the built-in one
    assert "<h1>找不到：未找到该记录</h1>" in missing  # the city's error page, the built-in base
    assert "<footer" in missing


def test_a_missing_templates_folder_is_a_message_naming_the_setting(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra='[portal]\ntemplates = "nowhere"\n')
    with open_platform(config) as platform, pytest.raises(SgsError) as raised:
        create_app(platform)
    assert "[portal] templates" in raised.value.message_zh
    assert "nowhere" in raised.value.message_en


def _public_total(config: Path) -> int:
    """The public total after the department sends one organisation's 警告 of 10 days ago."""
    fields = ps.trader()
    fields.update({"CF_CFLB": "警告", "CF_NR": "警告", "CF_JDRQ": (ps.TODAY - dt.timedelta(days=10)
                   ).isoformat()})  # fmt: skip
    fields.pop("CF_NR_FK")
    with open_platform(config) as platform:
        department = platform.add_department(ps.AUTHORITY_NAME, ps.AUTHORITY)[0]
        (result,) = platform.receive(department, ps.batch(Kind.PENALTY, [fields], "slight"))
        assert result.accepted, result
        app = create_app(platform)

        async def ask() -> int:
            transport = httpx.ASGITransport(app=app, client=("192.0.2.2", 1))
            async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
                total: int = (await client.get("/api/v1/public/records")).json()["total"]
                return total

        return asyncio.run(ask())


def test_the_publication_policy_comes_from_platform_toml(tmp_path: Path) -> None:
    # 36号令: a 轻微 penalty is in principle not published; a platform may decide otherwise
    assert _public_total(write_config(tmp_path / "default")) == 0
    opted = write_config(
        tmp_path / "opted", extra="[publication]\npublish_slight_penalties = true\n"
    )
    assert _public_total(opted) == 1


def test_a_mistake_in_the_publication_table_names_the_file_and_the_key(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="[publication]\npublish_everything = true\n")
    with pytest.raises(SgsError) as raised:
        load_platform_config(config)
    assert str(config) in raised.value.message_zh
    assert "publish_everything" in raised.value.message_en
