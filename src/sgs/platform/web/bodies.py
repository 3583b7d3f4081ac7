"""Request bodies as the staff and department routes take them: one JSON object.

>>> json_object(b'{"outcome": "confirmed"}')
{'outcome': 'confirmed'}
>>> json_object(b"[1]")
Traceback (most recent call last):
...
sgs.platform.web.bodies.BadBody: 请求体应为 JSON 对象 (the body must be a JSON object)
"""

from __future__ import annotations

import json
from typing import Any

from sgs.errors import SgsError

__all__ = ["BadBody", "json_object"]


class BadBody(SgsError):
    """A body that is not one JSON object (answered 400)."""

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


def json_object(raw: bytes) -> dict[str, Any]:
    """``raw`` (UTF-8 JSON; empty: ``{}``) as a dict; :class:`BadBody` otherwise."""
    try:
        data = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadBody("请求体不是有效的 JSON", "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise BadBody("请求体应为 JSON 对象", "the body must be a JSON object")
    return data
