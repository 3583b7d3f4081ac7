"""The ``json`` renderer: the report's data (:attr:`Document.data`) as UTF-8 JSON.

The same text as the report's ``to_json()`` (``ensure_ascii=False``, indented by 2) and a
final newline: what ``sgs report monthly`` prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from sgs.reports.document import Document

__all__ = ["document_json", "render_json"]


def document_json(document: Document) -> str:
    """The text the ``json`` renderer writes."""
    return json.dumps(dict(document.data), ensure_ascii=False, indent=2) + "\n"


def render_json(document: Document, path: Path) -> None:
    path.write_text(document_json(document), encoding="utf-8")
