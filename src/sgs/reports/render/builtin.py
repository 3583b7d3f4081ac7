"""sgs's own report renderers, registered through ``sgs_register_renderers`` like a plugin's."""

from __future__ import annotations

from collections.abc import Callable

from sgs.plugins.hookspecs import hookimpl

__all__ = ["sgs_register_renderers"]


@hookimpl
def sgs_register_renderers(register: Callable[..., None]) -> None:
    from sgs.reports.render.docx_file import render_docx
    from sgs.reports.render.html_page import render_html
    from sgs.reports.render.json_file import render_json
    from sgs.reports.render.xlsx_file import render_xlsx

    register("json", render_json)
    register("xlsx", render_xlsx)
    register("docx", render_docx)
    register("html", render_html)
