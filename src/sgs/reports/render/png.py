"""Charts as PNG pictures (for DOCX), drawn with Pillow from the chart's layout (:mod:`.layout`).

Pillow is small, well kept and has wheels everywhere; matplotlib would bring a plotting
stack for a few bars. The text needs a font with Chinese glyphs: the first of
``SGS_CHART_FONT`` (a font file) and the usual places of Noto Sans CJK, WenQuanYi,
Microsoft YaHei, SimSun and PingFang that exists; without one, Pillow's own font (whose
Chinese characters show as boxes — install ``fonts-noto-cjk``).
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path
from typing import Any

from sgs.reports.document import Chart
from sgs.reports.render.common import require
from sgs.reports.render.layout import Bar, Dot, Polyline, Rule, Text, lay_out

__all__ = ["FONT_ENV", "chart_font", "chart_png"]

#: A font file to draw charts' text with (one with Chinese glyphs).
FONT_ENV = "SGS_CHART_FONT"

_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)

SCALE = 2  # drawn at twice the layout's size: sharp when printed


def chart_font() -> str | None:
    """The font file charts are drawn with; ``None``: none with Chinese glyphs was found."""
    chosen = os.environ.get(FONT_ENV)
    candidates = (chosen, *_FONT_FILES) if chosen else _FONT_FILES
    return next((c for c in candidates if Path(c).is_file()), None)


@cache
def _font(path: str | None, size: int) -> Any:
    font = require("PIL.ImageFont", "Pillow")
    return font.truetype(path, size) if path else font.load_default(size)


def _colour(text: str) -> tuple[int, int, int]:
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def chart_png(chart: Chart) -> bytes:
    """``chart`` as PNG bytes."""
    image_module = require("PIL.Image", "Pillow")
    draw_module = require("PIL.ImageDraw", "Pillow")
    layout = lay_out(chart)
    s = SCALE
    image = image_module.new("RGB", (int(layout.width * s), int(layout.height * s)), "white")
    draw = draw_module.Draw(image)
    path = chart_font()
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for mark in layout.marks:
        if isinstance(mark, Bar):
            box = (mark.x * s, mark.y * s, (mark.x + mark.width) * s, (mark.y + mark.height) * s)
            draw.rectangle(box, fill=_colour(mark.colour))
        elif isinstance(mark, Rule):
            line = (mark.x1 * s, mark.y1 * s, mark.x2 * s, mark.y2 * s)
            draw.line(line, fill=_colour(mark.colour), width=max(1, int(mark.width * s)))
        elif isinstance(mark, Polyline):
            draw.line([(x * s, y * s) for x, y in mark.points], fill=_colour(mark.colour),
                      width=2 * s, joint="curve")  # fmt: skip
        elif isinstance(mark, Dot):
            r = 3.5 * s
            draw.ellipse((mark.x * s - r, mark.y * s - r, mark.x * s + r, mark.y * s + r),
                         fill=_colour(mark.colour))  # fmt: skip
        elif isinstance(mark, Text):
            font = _font(path, int(mark.size * s))
            xy = (mark.x * s, mark.y * s)
            draw.text(xy, mark.text, fill=_colour(mark.colour), font=font,
                      anchor=anchors[mark.anchor], stroke_width=1 if mark.bold else 0,
                      stroke_fill=_colour(mark.colour))  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
