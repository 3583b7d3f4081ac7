"""The ``vendor-json`` source: the JSON export of the (fictional) 示例审批系统.

The system exports its licensing decisions as one JSON document::

    {"exportedAt": "2026-11-26T10:00:00+08:00",
     "items": [{"decisionNo": "示市监许〔2026〕2001号", "partyName": "…", …}, …]}

Its keys are the system's own. :data:`FIELD_CODES` maps them to the field codes
of the standard and :data:`PARTY_TYPES` translates its codes for the subject
category; :func:`sgs.io.read` does the rest (parsing, positions, extras). A key
the table does not know is passed on under its own name and ends up in the
row's extras, so nothing the system sent is lost.

Configuration (``[source]`` table)::

    type = "vendor-json"
    path = "exports/licenses.json"   # relative to the configuration file
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sgs.adapters.base import ConfigError, Source
from sgs.errors import InputError
from sgs.io import Reader, read
from sgs.standard import Kind

__all__ = ["FIELD_CODES", "PARTY_TYPES", "VendorJsonSource", "to_standard"]

#: The export's keys → field codes of the standard (行政许可).
FIELD_CODES: dict[str, str] = {
    "decisionNo": "XK_WSH",
    "documentName": "XK_XKWS",
    "partyName": "XK_XDR_MC",
    "partyType": "XK_XDR_LB",
    "creditCode": "XK_XDR_SHXYM",
    "legalPerson": "XK_FRDB",
    "category": "XK_XKLB",
    "certificateName": "XK_XKZS",
    "certificateNo": "XK_XKBH",
    "content": "XK_NR",
    "decisionDate": "XK_JDRQ",
    "validFrom": "XK_YXQZ",
    "validTo": "XK_YXQZI",
    "authorityName": "XK_XKJG",
    "authorityCode": "XK_XKJGDM",
    "status": "XK_ZT",
    "sourceUnit": "XK_LYDW",
    "sourceUnitCode": "XK_LYDWDM",
    "remark": "BZ",
}

#: The system's codes for the subject category → the standard's values.
PARTY_TYPES: dict[str, str] = {
    "ORG": "法人及非法人组织",
    "SOLE": "个体工商户",
    "PERSON": "自然人",
}


def to_standard(item: Mapping[str, Any]) -> dict[str, Any]:
    """One exported item with its keys as field codes (unknown keys kept as they are)."""
    record = {FIELD_CODES.get(key, key): value for key, value in item.items()}
    party_type = record.get("XK_XDR_LB")
    if isinstance(party_type, str):
        record["XK_XDR_LB"] = PARTY_TYPES.get(party_type, party_type)
    return record


class VendorJsonSource(Source):
    """One JSON export file of the 示例审批系统. Settings: ``path``."""

    name = "vendor-json"
    settings = frozenset({"path"})

    def __init__(self, config: Any, *, base_dir: Any = None) -> None:
        super().__init__(config, base_dir=base_dir)
        # Checked when the source is made: a missing path stops sgs sync at start.
        self.file = self.path("path")

    def readers(self) -> Iterator[Reader]:
        path = self.file
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"[source] path 指向的文件不存在：{path}", f"[source] path: no such file: {path}"
            ) from None
        except (OSError, ValueError) as exc:  # unreadable, not UTF-8, not JSON
            raise InputError(
                f"无法读取审批系统导出文件：{exc}", f"cannot read the export: {exc}", path=path
            ) from None
        items = document.get("items") if isinstance(document, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise InputError(
                "不是示例审批系统的导出文件：缺少 items 列表",
                "not an export of the 示例审批系统: no list of objects under 'items'",
                path=path,
            )
        yield read((to_standard(i) for i in items), kind=Kind.LICENSE, name=str(path))
