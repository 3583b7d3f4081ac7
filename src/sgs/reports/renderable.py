"""What every report model shares: it builds a :class:`~sgs.reports.document.Document`,
which any renderer writes (:mod:`sgs.reports.render`)."""

from __future__ import annotations

import os
from pathlib import Path

from sgs.reports.document import Document

__all__ = ["Renderable"]


class Renderable:
    """A report that is a :class:`Document`, and so can be written in any format."""

    __slots__ = ()

    def document(self) -> Document:
        raise NotImplementedError

    def render(self, format: str, path: str | os.PathLike[str]) -> Path:
        """Write the report to ``path`` in ``format`` (``json``, ``xlsx``, ``docx``, ``html``
        or a plugin's: :func:`sgs.reports.render.renderers`); return the path."""
        from sgs.reports.render import render

        return render(self.document(), format, path)
