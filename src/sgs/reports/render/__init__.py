"""Report renderers: a :class:`~sgs.reports.document.Document` written as JSON, XLSX, DOCX or
HTML — or in a plugin's own format (``sgs_register_renderers``)."""

from sgs.reports.render.html_page import document_fragment, document_page
from sgs.reports.render.json_file import document_json
from sgs.reports.render.registry import (
    BUILTIN_RENDERERS,
    TEXT_FORMATS,
    Renderer,
    register_builtin_renderers,
    render,
    renderer_plugin,
    renderers,
)
from sgs.reports.render.svg import chart_svg

__all__ = [
    "BUILTIN_RENDERERS",
    "TEXT_FORMATS",
    "Renderer",
    "chart_svg",
    "document_fragment",
    "document_json",
    "document_page",
    "register_builtin_renderers",
    "render",
    "renderer_plugin",
    "renderers",
]
