"""A record's fields held as the JSON text they were stored as, decoded when first read.

The ledger keeps the fields it sends as the text of
``json.dumps(fields, ensure_ascii=False)``. Reading many entries whose fields
nobody asks for (the due lists, the 附件2 export) then costs no JSON decoding,
staging a record whose text is ready costs no encoding, and a transport that
writes JSON (:meth:`sgs.adapters.OutgoingRecord.json_text`) writes the text as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

__all__ = ["StoredFields"]


class StoredFields(Mapping[str, str]):
    """Fields held as their stored JSON text (:func:`payload_text`), decoded when first read.

    It compares equal to the dict it holds:

    >>> fields = StoredFields('{"CF_WSH": "罚〔2026〕1号"}')
    >>> fields.text
    '{"CF_WSH": "罚〔2026〕1号"}'
    >>> fields == {"CF_WSH": "罚〔2026〕1号"}, dict(fields), len(fields)
    (True, {'CF_WSH': '罚〔2026〕1号'}, 1)
    """

    __slots__ = ("_fields", "text")

    def __init__(self, text: str) -> None:
        #: The JSON text, as stored.
        self.text = text or "{}"
        self._fields: dict[str, str] | None = None

    def _decoded(self) -> dict[str, str]:
        if self._fields is None:
            self._fields = json.loads(self.text)
        return self._fields

    def __getitem__(self, code: str) -> str:
        return self._decoded()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __bool__(self) -> bool:
        return self.text != "{}" and bool(self._decoded())

    def __repr__(self) -> str:
        return repr(self._decoded())
