"""The portal's staff pages against a real server: the password login and its session cookie,
an approver deciding through the page's form (its CSRF token), a removed user's session,
logout, the login throttle, and one login in a real Chromium. Users and their passwords
are made with the real CLI; the records are the public set pushed by a department."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.browser import chromium, follow

from . import public_set as ps
from .server import Server, add_department, add_user, running, sgs, write_config

PASSWORDS = {"王查询": "查询员的密码-2026-冬", "赵审核": "approver password 12",
             "钱审计": "auditor-password-12", "孙临时": "temporary-password-1"}  # fmt: skip
ROLES = {"王查询": "querier", "赵审核": "approver", "钱审计": "auditor", "孙临时": "querier"}
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def _set_password(config: Path, name: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sgs", "platform", "users", "password", "--config", str(config),
         "--name", name, "--as", "测试管理员"],
        input=password + "\n", capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _platform(folder: Path) -> tuple[Path, str, dict[str, str]]:
    """A platform with the users above (passwords set) and a department; its tokens."""
    config = write_config(folder)
    department = add_department(config, ps.AUTHORITY_NAME, ps.AUTHORITY)
    tokens = {}
    for name, role in ROLES.items():
        tokens[name] = add_user(config, name, role).strip()
        done = _set_password(config, name, PASSWORDS[name])
        assert done.returncode == 0, done.stderr
    return config, department, tokens


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    config, department, tokens = _platform(tmp_path_factory.mktemp("staff"))
    with running(config) as server:
        for body in ps.batches():
            answer = httpx.post(server.url + "/api/v1/records", content=body, timeout=60,
                                headers={"Authorization": f"Bearer {department}"})  # fmt: skip
            assert answer.status_code == 200
        yield server, tokens


def _login(server: Server, name: str, password: str,
           client: httpx.Client | None = None) -> httpx.Response:  # fmt: skip
    post = client.post if client is not None else httpx.post
    return post(server.url + "/staff/login", data={"name": name, "password": password},
                timeout=30)  # fmt: skip


def _session(server: Server, name: str) -> str:
    answer = _login(server, name, PASSWORDS[name])
    assert answer.status_code == 303, answer.text
    cookie = answer.cookies.get("sgs_session")
    assert cookie
    return cookie


def _page(server: Server, cookie: str, path: str = "/staff/") -> httpx.Response:
    return httpx.get(server.url + path, headers={"Cookie": f"sgs_session={cookie}"}, timeout=30)


def _post(server: Server, cookie: str, path: str, data: dict[str, str]) -> httpx.Response:
    return httpx.post(server.url + path, data=data, timeout=30,
                      headers={"Cookie": f"sgs_session={cookie}"})  # fmt: skip


def _api(server: Server, token: str, method: str, path: str,
         body: dict[str, Any] | None = None) -> httpx.Response:  # fmt: skip
    return httpx.request(method, server.url + path, timeout=30,
                         headers={"Authorization": f"Bearer {token}"},
                         content=json.dumps(body).encode() if body is not None else None)  # fmt: skip


def _events(server: Server, tokens: dict[str, str], action: str) -> list[dict[str, Any]]:
    answer = _api(
        server, tokens["钱审计"], "GET", f"/api/v1/audit/events?action={action}&limit=1000"
    )
    assert answer.status_code == 200
    found: list[dict[str, Any]] = answer.json()["events"]
    return found


def _apply(server: Server, tokens: dict[str, str], text: str = "异议核查") -> str:
    applied = _api(server, tokens["王查询"], "POST", "/api/v1/applications",
                   {"keys": [ps.KEYS["person"]], "purpose": "objection", "text": text})  # fmt: skip
    assert applied.status_code == 201
    ident: str = applied.json()["id"]
    return ident


def _state(server: Server, tokens: dict[str, str], ident: str) -> str:
    answer = _api(server, tokens["王查询"], "GET", f"/api/v1/applications/{ident}")
    assert answer.status_code == 200
    state: str = answer.json()["state"]
    return state


def test_the_login_page_has_no_inline_script_or_style(setup: tuple[Server, dict[str, str]]
                                                      ) -> None:  # fmt: skip
    server, _ = setup
    page = httpx.get(server.url + "/staff/login", timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert 'name="name"' in page.text
    assert 'name="password"' in page.text
    assert 'type="password"' in page.text
    assert "用户名" in page.text
    assert "密码" in page.text
    for inline in ("<script", "<style", "style=", "onclick", "javascript:"):
        assert inline not in page.text.lower()
    sheet = httpx.get(server.url + "/staff/static/staff.css", timeout=30)
    assert sheet.status_code == 200
    assert sheet.headers["content-type"].startswith("text/css")
    assert "header.site" in sheet.text


def test_without_a_session_the_pages_lead_to_the_login(setup: tuple[Server, dict[str, str]]
                                                       ) -> None:  # fmt: skip
    server, tokens = setup
    for cookie in ("", "not-a-session"):
        headers = {"Cookie": f"sgs_session={cookie}"} if cookie else {}
        home = httpx.get(server.url + "/staff/", headers=headers, timeout=30)
        assert home.status_code == 303
        assert home.headers["location"] == "/staff/login"
        ident = _apply(server, tokens)
        step = httpx.post(server.url + f"/staff/applications/{ident}/approve", headers=headers,
                          data={"opinion": "同意", "csrf": "0" * 64}, timeout=30)  # fmt: skip
        assert step.status_code == 303
        assert step.headers["location"] == "/staff/login"
        assert _state(server, tokens, ident) == "applied"


def test_a_wrong_password_is_401_and_a_login_failed_event(setup: tuple[Server, dict[str, str]]
                                                          ) -> None:  # fmt: skip
    server, tokens = setup
    before = len(_events(server, tokens, "login-failed"))
    with _from("127.0.3.1") as client:  # the module's server keeps 127.0.0.1 unthrottled
        wrong = _login(server, "王查询", "not the password at all", client)
    assert wrong.status_code == 401
    assert "sgs_session" not in wrong.headers.get("set-cookie", "")
    assert "用户名或密码不正确" in wrong.text
    assert 'value="王查询"' in wrong.text  # the name stays in the form
    with _from("127.0.3.2") as client:
        unknown = _login(server, "没有这个人", "whatever password 1", client)
    assert unknown.status_code == 401
    assert "用户名或密码不正确" in unknown.text  # the same message: names are not told apart
    failed = _events(server, tokens, "login-failed")
    assert len(failed) == before + 2
    assert [e["actor"] for e in failed[-2:]] == ["王查询", "没有这个人"]
    assert [e["channel"] for e in failed[-2:]] == ["portal", "portal"]
    assert [e["client"] for e in failed[-2:]] == ["127.0.3.1", "127.0.3.2"]
    logged = json.dumps(failed, ensure_ascii=False)
    assert "not the password at all" not in logged
    assert "whatever password 1" not in logged


def test_the_right_password_sets_a_strict_http_only_cookie(setup: tuple[Server, dict[str, str]]
                                                           ) -> None:  # fmt: skip
    server, tokens = setup
    logins = len(_events(server, tokens, "login"))
    answer = _login(server, "王查询", PASSWORDS["王查询"])
    assert answer.status_code == 303
    assert answer.headers["location"] == "/staff/"
    cookie = answer.headers["set-cookie"]
    attributes = [a.strip().lower() for a in cookie.split(";")]
    assert attributes[0].startswith("sgs_session=")
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/staff" in attributes
    assert "max-age=28800" in attributes  # [access] session_hours = 8 by default
    assert "secure" not in attributes  # plain http here
    value = answer.cookies["sgs_session"]
    home = _page(server, value)
    assert home.status_code == 200
    assert "unsafe-inline" not in home.headers["content-security-policy"]
    assert home.headers["cache-control"] == "no-store"
    assert re.search(r'<dd id="user-name">王查询</dd>', home.text)
    assert "查询员" in home.text
    assert "示例市信用信息中心（信用中心）" in home.text
    assert "我的查询申请" in home.text
    assert "待审核的查询申请" not in home.text
    for inline in ("<script", "<style", "style="):
        assert inline not in home.text.lower()
    login = _events(server, tokens, "login")
    assert len(login) == logins + 1
    assert login[-1]["actor"] == "王查询"
    assert value not in json.dumps(login)
    # the login page of a live session leads home
    again = _page(server, value, "/staff/login")
    assert again.status_code == 303
    assert again.headers["location"] == "/staff/"


def test_over_https_the_cookie_is_secure(setup: tuple[Server, dict[str, str]]) -> None:
    """Behind a proxy on the same host (uvicorn trusts 127.0.0.1's X-Forwarded-Proto)."""
    server, _ = setup
    answer = httpx.post(server.url + "/staff/login", timeout=30,
                        data={"name": "王查询", "password": PASSWORDS["王查询"]},
                        headers={"X-Forwarded-Proto": "https"})  # fmt: skip
    assert answer.status_code == 303
    attributes = [a.strip().lower() for a in answer.headers["set-cookie"].split(";")]
    assert "secure" in attributes
    assert "httponly" in attributes


def test_a_form_of_too_many_fields_is_400(setup: tuple[Server, dict[str, str]]) -> None:
    server, _ = setup
    body = "&".join(f"f{n}=x" for n in range(30))
    answer = httpx.post(server.url + "/staff/login", content=body, timeout=30,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert answer.status_code == 400
    assert "表单有误" in answer.text
    cookie = _session(server, "赵审核")
    refused = _post(server, cookie, "/staff/logout", {f"f{n}": "x" for n in range(30)})
    assert refused.status_code == 403
    assert _page(server, cookie).status_code == 200


def test_an_approver_approves_through_the_form_then_the_querier_reads_in_clear(
    setup: tuple[Server, dict[str, str]],
) -> None:
    server, tokens = setup
    ident = _apply(server, tokens, text="<script>alert(1)</script>核查")
    path = f"/api/v1/records/{ps.KEYS['person']}?reveal=1&application={ident}"
    assert _api(server, tokens["王查询"], "GET", path).status_code == 403  # not yet approved
    cookie = _session(server, "赵审核")
    home = _page(server, cookie)
    assert home.status_code == 200
    assert "审核员" in home.text
    assert "<script>alert(1)</script>" not in home.text  # autoescaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;核查" in home.text
    assert f'action="/staff/applications/{ident}/approve"' in home.text
    assert f'formaction="/staff/applications/{ident}/reject"' in home.text
    for number in ps.ID_NUMBERS:
        assert number not in home.text
    (token,) = set(CSRF.findall(home.text))
    done = _post(server, cookie, f"/staff/applications/{ident}/approve",
                 {"opinion": "同意查询", "csrf": token})  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"] == "/staff/"
    assert _state(server, tokens, ident) == "approved"
    approve = [e for e in _events(server, tokens, "approve") if ident in json.dumps(e)]
    assert len(approve) == 1
    assert approve[0]["actor"] == "赵审核"
    assert approve[0]["channel"] == "portal"
    clear = _api(server, tokens["王查询"], "GET", path)
    assert clear.status_code == 200
    assert clear.json()["masked"] is False
    assert clear.json()["fields"]["CF_XDR_ZJHM"] == ps.PERSON_ID
    # the approver's page lists it as decided, without a form
    after = _page(server, cookie)
    assert f'action="/staff/applications/{ident}/approve"' not in after.text
    assert "已审核的查询申请" in after.text
    assert "同意查询" in after.text
    # a second decision is refused: 409, shown on the page
    again = _post(server, cookie, f"/staff/applications/{ident}/reject",
                  {"opinion": "", "csrf": token})  # fmt: skip
    assert again.status_code == 409
    # the querier's own page shows the application and its state
    mine = _page(server, _session(server, "王查询"))
    row = re.search(rf'<tr data-id="{ident}">(.*?)</tr>', mine.text, re.S)
    assert row is not None
    assert '<td class="state">已使用</td>' in row.group(1)
    assert "异议核查" in row.group(1)


def test_a_reject_through_the_form(setup: tuple[Server, dict[str, str]]) -> None:
    server, tokens = setup
    ident = _apply(server, tokens)
    cookie = _session(server, "赵审核")
    (token,) = set(CSRF.findall(_page(server, cookie).text))
    done = _post(server, cookie, f"/staff/applications/{ident}/reject",
                 {"opinion": "事由不充分", "csrf": token})  # fmt: skip
    assert done.status_code == 303
    assert _state(server, tokens, ident) == "rejected"
    path = f"/api/v1/records/{ps.KEYS['person']}?reveal=1&application={ident}"
    assert _api(server, tokens["王查询"], "GET", path).status_code == 403


def test_a_post_without_or_with_a_wrong_csrf_token_is_403(setup: tuple[Server, dict[str, str]]
                                                          ) -> None:  # fmt: skip
    server, tokens = setup
    ident = _apply(server, tokens)
    cookie, other = _session(server, "赵审核"), _session(server, "赵审核")
    (token,) = set(CSRF.findall(_page(server, cookie).text))
    (other_token,) = set(CSRF.findall(_page(server, other).text))
    assert other_token != token  # one token a session
    for form in ({"opinion": "同意"}, {"opinion": "同意", "csrf": ""},
                 {"opinion": "同意", "csrf": "0" * 64}, {"opinion": "同意", "csrf": token[:-1]},
                 {"opinion": "同意", "csrf": other_token}):  # fmt: skip
        refused = _post(server, cookie, f"/staff/applications/{ident}/approve", form)
        assert refused.status_code == 403, form
        assert "请求无效" in refused.text
    assert _state(server, tokens, ident) == "applied"
    refused = _post(server, cookie, "/staff/logout", {"csrf": other_token})
    assert refused.status_code == 403
    assert _page(server, cookie).status_code == 200  # still signed in


def test_a_removed_users_session_stops_at_once(setup: tuple[Server, dict[str, str]]) -> None:
    server, _ = setup
    cookie = _session(server, "孙临时")
    assert _page(server, cookie).status_code == 200
    done = sgs("platform", "users", "remove", "--config", str(server.config), "--name", "孙临时",
               "--as", "测试管理员")  # fmt: skip
    assert done.returncode == 0, done.stderr
    home = _page(server, cookie)
    assert home.status_code == 303
    assert home.headers["location"] == "/staff/login"
    with _from("127.0.3.4") as client:
        assert _login(server, "孙临时", PASSWORDS["孙临时"], client).status_code == 401


def test_logout_ends_the_session(setup: tuple[Server, dict[str, str]]) -> None:
    server, tokens = setup
    logouts = len(_events(server, tokens, "logout"))
    cookie = _session(server, "钱审计")
    home = _page(server, cookie)
    assert home.status_code == 200
    assert "审计员" in home.text
    (token,) = set(CSRF.findall(home.text))
    done = _post(server, cookie, "/staff/logout", {"csrf": token})
    assert done.status_code == 303
    assert done.headers["location"] == "/staff/login"
    assert 'sgs_session=""' in done.headers["set-cookie"]
    assert "max-age=0" in done.headers["set-cookie"].lower()
    gone = _page(server, cookie)
    assert gone.status_code == 303
    assert gone.headers["location"] == "/staff/login"
    logout = _events(server, tokens, "logout")
    assert len(logout) == logouts + 1
    assert logout[-1]["actor"] == "钱审计"


def test_the_password_command_refuses_a_weak_password(setup: tuple[Server, dict[str, str]]
                                                      ) -> None:  # fmt: skip
    server, tokens = setup
    short = _set_password(server.config, "王查询", "short-one")
    assert short.returncode == 2
    assert "密码至少应有 12 个字符" in short.stderr
    assert "Traceback" not in short.stderr
    same = _set_password(server.config, "王查询", "王查询王查询王查询王查询")
    assert same.returncode == 0  # twelve characters, not the name itself
    nobody = _set_password(server.config, "没有这个人", "long enough password")
    assert nobody.returncode == 2
    assert "没有名为 没有这个人 的用户" in nobody.stderr
    # the new password works, the old one not, and the change was logged by its actor
    with _from("127.0.3.3") as client:
        assert _login(server, "王查询", PASSWORDS["王查询"], client).status_code == 401
    assert _login(server, "王查询", "王查询王查询王查询王查询").status_code == 303
    restored = _set_password(server.config, "王查询", PASSWORDS["王查询"])
    assert restored.returncode == 0
    changes = [e for e in _events(server, tokens, "password-set")
               if e["detail"]["user"] == "王查询"]  # fmt: skip
    assert len(changes) == 3  # at set-up, and the two above
    assert {e["actor"] for e in changes} == {"测试管理员"}
    assert PASSWORDS["王查询"] not in json.dumps(changes, ensure_ascii=False)


def test_a_password_equal_to_the_name_is_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    add_user(config, "zhang.shenhe.01", "approver")
    done = _set_password(config, "zhang.shenhe.01", "Zhang.Shenhe.01")
    assert done.returncode == 2
    assert "密码不得与用户名相同" in done.stderr


def _from(address: str) -> httpx.Client:
    """A client whose connections come from ``address`` (any 127.0.0.0/8 one reaches the
    server on 127.0.0.1), so that the server sees several clients."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def test_repeated_failures_make_further_attempts_wait(tmp_path: Path) -> None:
    config, _, tokens = _platform(tmp_path)
    with running(config) as server:
        # five failures for one name, each from another address: the name waits…
        for n in range(2, 7):
            with _from(f"127.0.0.{n}") as client:
                assert _login(server, "王查询", f"wrong password {n}", client).status_code == 401
        with _from("127.0.0.7") as client:
            waiting = _login(server, "王查询", PASSWORDS["王查询"], client)
            assert waiting.status_code == 429
            assert int(waiting.headers["retry-after"]) > 0
            assert "登录失败次数过多" in waiting.text
            assert "sgs_session" not in waiting.headers.get("set-cookie", "")
            # …another name from that address does not
            assert _login(server, "赵审核", PASSWORDS["赵审核"], client).status_code == 303
        # five failures from one address, each for another name: the address waits…
        with _from("127.0.0.8") as client:
            for n in range(5):
                assert _login(server, f"猜测{n}", "guessed password", client).status_code == 401
            assert _login(server, "钱审计", PASSWORDS["钱审计"], client).status_code == 429
        # …another address does not
        with _from("127.0.0.9") as client:
            assert _login(server, "钱审计", PASSWORDS["钱审计"], client).status_code == 303
        failed = _events(server, tokens, "login-failed")
        assert len(failed) == 10  # the refused attempts checked no password and are not events
        assert {e["client"] for e in failed} == {f"127.0.0.{n}" for n in (2, 3, 4, 5, 6, 8)}


def test_a_success_clears_the_names_failures(tmp_path: Path) -> None:
    config, _, _ = _platform(tmp_path)
    with running(config) as server:
        for round_ in range(2):
            for n in range(4):
                with _from(f"127.0.{round_ + 1}.{n + 1}") as client:
                    assert _login(server, "王查询", "wrong password!", client).status_code == 401
            with _from(f"127.0.{round_ + 1}.9") as client:
                assert _login(server, "王查询", PASSWORDS["王查询"], client).status_code == 303


def test_login_through_the_form_in_chromium(setup: tuple[Server, dict[str, str]],
                                            tmp_path: Path) -> None:  # fmt: skip
    server, _ = setup
    with chromium(1280, 900) as browser:
        browser.get(server.url + "/staff/")
        assert browser.current_url == server.url + "/staff/login"  # no session yet
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        assert browser.find_element(By.CSS_SELECTOR, "label[for=name]").text == "用户名"
        assert browser.find_element(By.CSS_SELECTOR, "label[for=password]").text == "密码"
        header = browser.find_element(By.CSS_SELECTOR, "header.site")
        assert header.value_of_css_property("background-color") == "rgba(180, 35, 42, 1)"
        browser.find_element(By.ID, "name").send_keys("赵审核")
        browser.find_element(By.ID, "password").send_keys(PASSWORDS["赵审核"])
        follow(browser, By.CSS_SELECTOR, "form.login button[type=submit]")
        assert browser.current_url == server.url + "/staff/"
        assert browser.find_element(By.TAG_NAME, "h1").text == "工作人员首页"
        assert browser.find_element(By.ID, "user-name").text == "赵审核"
        assert browser.find_element(By.ID, "user-roles").text == "审核员"
        assert browser.find_element(By.TAG_NAME, "h2").text == "待审核的查询申请"
        # the cookie is not readable by a script of the page
        assert browser.execute_script("return document.cookie;") == ""
        (cookie,) = [c for c in browser.get_cookies() if c["name"] == "sgs_session"]
        assert cookie["httpOnly"] is True
        assert cookie["sameSite"] == "Strict"
        assert cookie["path"] == "/staff"
        browser.save_screenshot(str(tmp_path / "staff-home.png"))
        follow(browser, By.CSS_SELECTOR, "form.logout button[type=submit]")
        assert browser.current_url == server.url + "/staff/login"
        browser.get(server.url + "/staff/")
        assert browser.current_url == server.url + "/staff/login"
    assert (tmp_path / "staff-home.png").stat().st_size > 10_000
