"""Renderers as plugins: sgs's own are a plugin, a vendor's come through the same hook."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sgs.errors import PluginError, SgsError
from sgs.plugins import get_plugin_manager, hookimpl, plugin_infos
from sgs.reports import Document, render, renderers
from sgs.reports.render import BUILTIN_RENDERERS, document_json, renderer_plugin

from .documents import DOCUMENT, QUARTERLY


class _Vendor:
    """A vendor's plugin with a working renderer and a broken one."""

    @hookimpl
    def sgs_register_renderers(
        self, register: Callable[[str, Callable[..., object]], None]
    ) -> None:
        register("titles", lambda document, path: Path(path).write_text(document.title))
        register("broken", self.broken)

    @staticmethod
    def broken(document: Document, path: Path) -> None:
        raise ZeroDivisionError("the vendor's layout divides by zero")


class _Clash:
    @hookimpl
    def sgs_register_renderers(
        self, register: Callable[[str, Callable[..., object]], None]
    ) -> None:
        register("xlsx", lambda document, path: None)


@pytest.mark.usefixtures("fresh_plugins")
def test_the_built_in_renderers_are_an_ordinary_plugin() -> None:
    assert list(renderers()) == ["json", "xlsx", "docx", "html"]
    assert renderer_plugin("xlsx") == BUILTIN_RENDERERS
    info = {i.name: i for i in plugin_infos()}[BUILTIN_RENDERERS]
    assert info.origin == "built-in"
    assert info.registered["sgs_register_renderers"] == ["json", "xlsx", "docx", "html"]


@pytest.mark.usefixtures("fresh_plugins")
def test_a_vendors_renderer_is_used_and_its_failure_named(tmp_path: Path) -> None:
    get_plugin_manager().register(_Vendor(), name="vendor")
    assert renderer_plugin("titles") == "vendor"
    render(DOCUMENT, "titles", tmp_path / "t.txt")
    assert (tmp_path / "t.txt").read_text() == DOCUMENT.title
    with pytest.raises(PluginError, match=r"插件 vendor .*broken.*ZeroDivisionError") as caught:
        render(DOCUMENT, "broken", tmp_path / "b.txt")
    assert "divides by zero" in str(caught.value)


@pytest.mark.usefixtures("fresh_plugins")
def test_two_plugins_registering_one_format_is_an_error_naming_both() -> None:
    get_plugin_manager().register(_Clash(), name="clash")
    with pytest.raises(PluginError, match=rf"{BUILTIN_RENDERERS}.*clash"):
        renderers()


@pytest.mark.usefixtures("fresh_plugins")
def test_an_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(SgsError, match="docx、html、json、xlsx") as caught:
        render(DOCUMENT, "pdf", tmp_path / "x.pdf")
    assert "pdf" in str(caught.value)
    assert not isinstance(caught.value, PluginError)


def test_json_is_the_documents_data(tmp_path: Path) -> None:
    path = render(DOCUMENT, "json", tmp_path / "r.json")
    text = path.read_text(encoding="utf-8")
    assert text == '{\n  "title": "示例市 2026-10 双公示月报告",\n  "units": 3\n}\n'
    assert text == document_json(DOCUMENT)
    assert json.loads(text) == dict(DOCUMENT.data)


@pytest.mark.parametrize("format", ["json", "xlsx", "docx", "html"])
def test_another_report_renders_with_no_renderer_change(tmp_path: Path, format: str) -> None:
    """A quarterly document: paragraphs-only sections, one table, no chart."""
    path = render(QUARTERLY, format, tmp_path / f"q.{format}")
    assert path.stat().st_size > 0
    if format == "html":
        text = path.read_text(encoding="utf-8")
        assert "三、排名" in text
        assert "<svg" not in text
        assert '<td class="number">30</td>' in text
    elif format == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["报告", "报送量"]
        assert [c.value for c in book["报送量"][3]] == ["甲局", 30]
    elif format == "docx":
        import docx

        document = docx.Document(str(path))
        headings = [p.text for p in document.paragraphs
                    if p.style is not None and p.style.name == "Heading 1"]  # fmt: skip
        assert headings == ["一、工作进展", "二、存在问题", "三、排名"]
        assert document.tables[0].rows[1].cells[1].text == "30"
        assert len(document.inline_shapes) == 0
    else:
        assert json.loads(path.read_text(encoding="utf-8")) == {"kind": "quarterly"}
