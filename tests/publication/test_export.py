"""The static site: pages and feed written as files, relative links, safe replacement."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sgs.errors import InputError
from sgs.publication import Pages, PublicView, Publisher
from sgs.publication.export import FEED, MANIFEST, SiteWriter, page_name, record_page
from sgs.standard import get_standard
from sgs.standard.keys import record_key_of

from .synthetic import ALL_IDS, PHONE, license_of_organisation, license_of_person, organisation

ON = dt.date(2026, 6, 1)
ROOT = Path(__file__).resolve().parents[2]


def views(count: int = 3) -> list[PublicView]:
    """``count`` public views of distinct organisations' penalties and two licences."""
    publisher = Publisher()
    spec = get_standard().spec("penalty")
    found: list[PublicView] = []
    for n in range(count):
        fields = organisation(CF_WSH=f"郑市监罚〔2026〕{100 + n}号", CF_XDR_MC=f"郑州第{n}食品有限公司",
                              CF_JDRQ=f"2026-05-{10 + n % 18:02d}")  # fmt: skip
        view = publisher.view("penalty", fields, key=record_key_of(spec, fields), on=ON)
        assert isinstance(view, PublicView), view
        found.append(view)
    lspec = get_standard().spec("license")
    for fields in (license_of_organisation(), license_of_person()):
        view = publisher.view("license", fields, key=record_key_of(lspec, fields), on=ON)
        assert isinstance(view, PublicView), view
        found.append(view)
    return found


def write(out: Path, shown: list[PublicView], on: dt.date = ON) -> SiteWriter:
    writer = SiteWriter(out, Pages(title="示例市市场监督管理局", owner="示例市市场监督管理局"),
                        as_of=on, site="website", profile=("cn-default", "1"))  # fmt: skip
    for view in shown:
        writer.add(view)
    return writer


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_the_site_has_a_list_a_page_per_record_and_a_feed(tmp_path: Path) -> None:
    shown = views(3)
    done = write(tmp_path / "site", shown).finish()
    site = tmp_path / "site"
    assert done.records == 5
    assert done.pages == 1
    assert sorted(done.keys) == sorted(v.key for v in shown)
    index = (site / "index.html").read_text(encoding="utf-8")
    for view in shown:
        page = site / record_page(view.key)
        assert page.is_file()
        assert f'href="{record_page(view.key)}"' in index
        assert 'href="../index.html"' in page.read_text(encoding="utf-8")
    feed = json.loads((site / FEED).read_text(encoding="utf-8"))
    assert feed["total"] == 5
    assert feed["site"] == "website"
    assert feed["as_of"] == "2026-06-01"
    assert feed["profile"] == {"name": "cn-default", "version": "1"}
    by_key = {r["key"]: r for r in feed["records"]}
    for view in shown:
        assert by_key[view.key]["fields"] == dict(view.fields)
        assert by_key[view.key]["page"] == record_page(view.key)
    # every link of every page is relative and leads to a file of the site
    for html in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#]+)"', html.read_text(encoding="utf-8")):
            assert not href.startswith(("/", "http")), (html, href)
            assert (html.parent / href).resolve().is_file(), (html, href)


def test_no_personal_data_in_any_byte_of_the_site(tmp_path: Path) -> None:
    write(tmp_path / "site", views(3)).finish()
    data = every_byte(tmp_path / "site")
    for number in ALL_IDS:
        assert number.encode() not in data
    assert PHONE.encode() not in data  # the phone in a licence's 备注 is masked in place
    assert b"138****5678" in data


def test_the_list_is_paged_twenty_a_page_newest_decision_first(tmp_path: Path) -> None:
    shown = views(43)  # + 2 licences: 45 records, 3 pages
    done = write(tmp_path / "site", shown).finish()
    site = tmp_path / "site"
    assert done.pages == 3
    assert [p.name for p in sorted(site.glob("*.html"))] == [
        "index.html", "page-2.html", "page-3.html"]  # fmt: skip
    dates = []
    for number in (1, 2, 3):
        html = (site / page_name(number)).read_text(encoding="utf-8")
        dates += re.findall(r'data-label="决定日期">([0-9-]+)<', html)
        assert ("下一页" in html) is (number < 3)
        assert ("上一页" in html) is (number > 1)
    assert len(dates) == 45
    assert dates == sorted(dates, reverse=True)


def test_a_record_that_left_publication_leaves_the_folder(tmp_path: Path) -> None:
    shown = views(3)
    site = tmp_path / "site"
    write(site, shown).finish()
    (site / "about.html").write_text("本局简介", encoding="utf-8")  # the department's own file
    gone = shown[0]
    done = write(site, shown[1:], on=ON + dt.timedelta(days=1)).finish()
    assert done.removed == 1
    assert not (site / record_page(gone.key)).exists()
    assert gone.key not in (site / FEED).read_text(encoding="utf-8")
    assert (site / "about.html").read_text(encoding="utf-8") == "本局简介"
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    assert "about.html" not in manifest["files"]
    assert record_page(shown[1].key) in manifest["files"]


def test_a_file_sgs_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("部门网站首页", encoding="utf-8")
    writer = write(site, views(1))
    with pytest.raises(InputError) as raised:
        writer.finish()
    assert "index.html" in raised.value.message_zh
    assert (site / "index.html").read_text(encoding="utf-8") == "部门网站首页"
    assert not list(site.glob(".sgs-export-*"))  # the staging folder is gone
    assert sorted(p.name for p in site.iterdir()) == [".sgs-export.lock", "index.html"]


_KILLED_MIDWAY = """
import datetime as dt, os, signal, sys
from pathlib import Path
from tests.publication.test_export import views, write
writer = write(Path(sys.argv[1]), views(3)[:1], on=dt.date(2026, 6, 2))
if sys.argv[2] == "finishing":  # killed while the files are being renamed into place
    import os as _os
    real = _os.replace
    calls = []
    def replace(a, b):
        calls.append(a)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        real(a, b)
    _os.replace = replace
    writer.finish()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("moment", ["writing", "finishing"])
def test_a_run_killed_halfway_is_made_good_by_the_next(tmp_path: Path, moment: str) -> None:
    """``kill -9`` while pages are written, or while they are renamed into place: the
    folder keeps whole files, and the next run leaves exactly its own set."""
    site = tmp_path / "site"
    shown = views(3)
    write(site, shown).finish()
    before = {p: p.read_bytes() for p in site.rglob("*.html")}
    done = subprocess.run([sys.executable, "-c", _KILLED_MIDWAY, str(site), moment],
                          cwd=ROOT, capture_output=True, check=False)  # fmt: skip
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert list(site.glob(".sgs-export-*"))  # its staging folder is left behind
    if moment == "writing":  # nothing was put in place yet
        assert {
            p: p.read_bytes() for p in site.rglob("*.html") if ".sgs-export-" not in str(p)
        } == before
    for page in site.rglob("*.html"):  # whatever happened, no page is cut short
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    write(site, shown[1:], on=ON + dt.timedelta(days=2)).finish()
    assert not list(site.glob(".sgs-export-*"))
    assert sorted(p.name for p in (site / "records").iterdir()) == sorted(
        f"{v.key}.html" for v in shown[1:]
    )
    feed = json.loads((site / FEED).read_text(encoding="utf-8"))
    assert sorted(r["key"] for r in feed["records"]) == sorted(v.key for v in shown[1:])


def test_two_exports_of_one_folder_take_turns(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = write(site, views(2))
    with pytest.raises(InputError) as raised:
        SiteWriter(site, Pages(title="t", owner="o"), as_of=ON, site="website",
                   profile=("cn-default", "1"), wait=0.3)  # fmt: skip
    assert "另一个" in raised.value.message_zh
    assert list(site.glob(".sgs-export-*"))  # the first run's staging was not touched
    first.finish()
    write(site, views(2)).finish()  # once the first is done, the next may go


def test_a_file_where_the_folder_should_be_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        write(target, [])
    assert "文件夹" in raised.value.message_zh


def test_an_empty_site_says_so(tmp_path: Path) -> None:
    done = write(tmp_path / "site", []).finish()
    assert done.records == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "目前没有公示中的记录" in index
    assert json.loads((tmp_path / "site" / FEED).read_text(encoding="utf-8"))["records"] == []


def test_a_city_template_restyles_the_export(tmp_path: Path) -> None:
    looks = tmp_path / "looks"
    looks.mkdir()
    (looks / "portal.css").write_text("body { background: #fef; }", encoding="utf-8")
    pages = Pages(title="信用示例", owner="示例市", templates=looks)
    writer = SiteWriter(tmp_path / "site", pages, as_of=ON, site="website",
                        profile=("cn-default", "1"))  # fmt: skip
    writer.add(views(1)[0])
    writer.finish()
    assert "background: #fef" in (tmp_path / "site" / "portal.css").read_text(encoding="utf-8")
    assert 'href="portal.css"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
