"""A record's fields as the ledger keeps them: their JSON text and their hash.

The ledger stores the fields sent (``payload``) as the JSON text of
``json.dumps(fields, ensure_ascii=False)`` — in the order of the standard — and
their :func:`payload_hash`, the SHA-256 of the canonical JSON (sorted keys, no
spaces), which is the same whatever the order. It gives them back as
:class:`~sgs.records.stored.StoredFields`, decoded when first looked at.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sgs.records.stored import StoredFields

__all__ = ["canonical_json", "payload_hash", "payload_text"]


def payload_hash(payload: Mapping[str, str]) -> str:
    """A hash of the fields as sent, independent of their order.

    >>> payload_hash({"a": "1", "b": "2"}) == payload_hash({"b": "2", "a": "1"})
    True
    """
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def canonical_json(payload: Mapping[str, str]) -> str:
    """The fields as compact JSON with sorted keys: what :func:`payload_hash` hashes.

    >>> canonical_json({"b": "2", "a": "一"})
    '{"a":"一","b":"2"}'
    """
    return json.dumps(dict(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def payload_text(payload: Mapping[str, str]) -> str:
    """The JSON text the ledger stores for ``payload`` (its own when it has one).

    >>> payload_text({"b": "2", "a": "一"})
    '{"b": "2", "a": "一"}'
    >>> payload_text(StoredFields('{"a": "1"}'))
    '{"a": "1"}'
    """
    if isinstance(payload, StoredFields):
        return payload.text
    return json.dumps(dict(payload), ensure_ascii=False)
