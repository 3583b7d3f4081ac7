"""The wire format a platform takes: the body the department's ``http`` transport sends.

.. code-block:: json

    {"standard": "2021", "kind": "penalty", "batch_id": "20261126T103000-3f9a1c2b",
     "records": [{"key": "8cb6…", "fields": {"CF_WSH": "…"}, "operation": "upsert",
                  "scope": "公示"}]}

``operation`` is ``upsert`` (the default, so older departments need not send it),
``withdraw`` or ``repair`` (a lower platform forwarding a credit repair: 终止公示 and
停止共享 of the decision); ``objection``, the case number of a 核查通知 the record
answers (a corrected record, or the withdrawal of a wrong one, closes that case);
``scope``, the record's 公开范围, is ``公示`` (the default: only
these reach the public), ``政务共享`` or ``授权查询`` (or the 2016 ``SYFW`` codes
0/1/2). :func:`parse_batch` checks the shape and nothing else — the
records' contents are the validator's — and raises :class:`WireError` (HTTP 400)
naming the first thing wrong.

>>> batch = parse_batch(b'{"standard": "2021", "kind": "penalty", "batch_id": "b1",'
...                     b' "records": [{"key": "k1", "fields": {"CF_WSH": "x"}}]}')
>>> batch.kind.value, batch.records[0].operation
('penalty', 'upsert')
>>> parse_batch(b'{"kind": "penalty"}')
Traceback (most recent call last):
...
sgs.platform.wire.WireError: 请求体缺少 standard (the body has no 'standard')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from sgs.errors import SgsError
from sgs.standard import PUBLIC, SCOPES, Kind, scope_of

__all__ = [
    "MAX_RECORDS",
    "OPERATIONS",
    "IncomingBatch",
    "WireError",
    "WireRecord",
    "parse_batch",
    "wire_body",
]

#: The most records one batch may hold.
MAX_RECORDS = 100_000
#: What a record may ask for.
OPERATIONS = ("upsert", "withdraw", "repair")


class WireError(SgsError):
    """A body that is not the wire format (HTTP 400)."""


@attrs.frozen
class WireRecord:
    key: str
    fields: Mapping[str, str]
    operation: str = "upsert"
    scope: str = PUBLIC
    objection: str | None = None


@attrs.frozen
class IncomingBatch:
    standard: str
    kind: Kind
    batch_id: str | None
    records: tuple[WireRecord, ...]


def _text(body: Mapping[str, Any], key: str, *, required: bool = True) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if value is None:
        raise WireError(f"请求体缺少 {key}", f"the body has no {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise WireError(f"{key} 应为非空文本", f"{key!r} must be non-empty text")
    return value


def _record(number: int, item: Any) -> WireRecord:
    where_zh, where_en = f"records 第 {number} 项", f"records item {number}"
    if not isinstance(item, dict):
        raise WireError(f"{where_zh} 应为对象", f"{where_en} must be an object")
    key, fields = item.get("key"), item.get("fields")
    if not isinstance(key, str) or not key or len(key) > 64:
        raise WireError(f"{where_zh} 的 key 应为不超过 64 字符的文本",
                        f"{where_en}: 'key' must be text of at most 64 characters")  # fmt: skip
    if not isinstance(fields, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in fields.items()
    ):
        raise WireError(f"{where_zh} 的 fields 应为“字段代码 → 文本”的对象",
                        f"{where_en}: 'fields' must map field codes to text")  # fmt: skip
    operation = item.get("operation", "upsert")
    if operation not in OPERATIONS:
        raise WireError(f"{where_zh} 的 operation 应为 upsert、withdraw 或 repair（现为 {operation!r}）",
                        f"{where_en}: 'operation' must be upsert, withdraw or repair "
                        f"(got {operation!r})")  # fmt: skip
    given = item.get("scope")
    try:
        scope = scope_of(given) if given is None or isinstance(given, str) else None
    except SgsError:
        scope = None
    if scope is None:
        raise WireError(f"{where_zh} 的 scope 应为{'、'.join(SCOPES)}之一（现为 {given!r}）",
                        f"{where_en}: 'scope' must be one of {', '.join(SCOPES)} "
                        f"(got {given!r})")  # fmt: skip
    case = item.get("objection")
    if case is not None and (not isinstance(case, str) or not case.strip() or len(case) > 32):
        raise WireError(f"{where_zh} 的 objection 应为不超过 32 字符的办件编号",
                        f"{where_en}: 'objection' must be a case number of at most 32 characters")  # fmt: skip
    return WireRecord(key, fields, operation, scope, case.strip() if case else None)


def parse_batch(body: bytes) -> IncomingBatch:
    """The batch in ``body`` (UTF-8 JSON), its shape checked."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise WireError("请求体不是 UTF-8 文本", "the body is not UTF-8 text") from None
    except ValueError as exc:
        raise WireError(
            f"请求体不是有效的 JSON：{exc}", f"the body is not valid JSON: {exc}"
        ) from None
    except RecursionError:
        raise WireError("请求体的 JSON 嵌套过深", "the body's JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise WireError("请求体应为 JSON 对象", "the body must be a JSON object")
    standard = _text(data, "standard")
    kind_text = _text(data, "kind")
    assert kind_text is not None
    try:
        kind = Kind(kind_text)
    except ValueError:
        raise WireError(f"kind 应为 license 或 penalty（现为 {kind_text!r}）",
                        f"'kind' must be license or penalty (got {kind_text!r})") from None  # fmt: skip
    batch_id = _text(data, "batch_id", required=False)
    if batch_id is not None and len(batch_id) > 64:
        raise WireError("batch_id 不能超过 64 个字符", "'batch_id' must be at most 64 characters")
    items = data.get("records")
    if not isinstance(items, list):
        raise WireError("请求体缺少 records 列表", "the body has no 'records' list")
    if len(items) > MAX_RECORDS:
        raise WireError(f"一批最多 {MAX_RECORDS} 条记录（现为 {len(items)} 条）",
                        f"a batch holds at most {MAX_RECORDS} records (got {len(items)})")  # fmt: skip
    records = tuple(_record(n, item) for n, item in enumerate(items, 1))
    assert standard is not None
    return IncomingBatch(standard, kind, batch_id, records)


def wire_body(standard: str, kind: Kind, batch_id: str | None, records: list[Any]) -> bytes:
    """The body of a batch of ``records`` (wire-format items): what :func:`parse_batch` reads.

    The platform's other channels build it from a drop-folder batch or exchange-table
    rows, so that every batch is checked, and answered again, by one path.

    >>> body = wire_body("2021", Kind.PENALTY, "b1", [{"key": "k1", "fields": {}}])
    >>> parse_batch(body).batch_id
    'b1'
    """
    payload: dict[str, Any] = {"standard": standard, "kind": kind.value, "records": records}
    if batch_id:
        payload["batch_id"] = batch_id
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")
