"""The 公开范围 (disclosure scope) of a record: who may see it.

Three channels (《河南省社会信用条例》第十八条; the 2016 field ``SYFW`` codes 0/1/2):
``公示`` (public, code 0), ``政务共享`` (government sharing, 1) and
``授权查询`` (authorised query, 2). Only ``公示`` reaches the public view.

>>> scope_of("1"), scope_of(None), scope_of("公示")
('政务共享', '公示', '公示')
"""

from __future__ import annotations

from typing import Final

from sgs.errors import SgsError

__all__ = ["AUTHORISED", "PUBLIC", "SCOPES", "SHARING", "scope_of"]

PUBLIC: Final = "公示"
SHARING: Final = "政务共享"
AUTHORISED: Final = "授权查询"
#: The scopes, from the widest audience to the narrowest.
SCOPES: Final = (PUBLIC, SHARING, AUTHORISED)
_CODES: Final = {"0": PUBLIC, "1": SHARING, "2": AUTHORISED}


def scope_of(value: str | None) -> str:
    """The scope named by ``value`` (a name or a 2016 ``SYFW`` code); 公示 when ``None`` or empty."""
    if value is None or not value.strip():
        return PUBLIC
    text = value.strip()
    if text in SCOPES:
        return text
    if text in _CODES:
        return _CODES[text]
    raise SgsError(
        f"未知的公开范围“{text}”（可用：{'、'.join(SCOPES)}，或代码 0/1/2）",
        f"unknown disclosure scope {text!r} (one of: {', '.join(SCOPES)}, or codes 0/1/2)",
    )
