"""An outgoing record's JSON: the ledger's stored text spliced in is what encoding gives."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sgs.adapters import Batch, OutgoingRecord
from sgs.adapters.folder_transport import DirectoryTransport
from sgs.records.stored import StoredFields
from sgs.standard import Kind

#: Texts with what JSON must escape: quotes, backslashes, control characters, non-BMP.
TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
FIELDS = st.dictionaries(st.sampled_from(["CF_WSH", "CF_NR", "CF_XDR_MC", "键"]), TEXTS)
RECORDS = st.builds(
    OutgoingRecord,
    key=TEXTS,
    fields=FIELDS,
    operation=st.sampled_from(["upsert", "withdraw"]),
    scope=st.sampled_from(["公示", "政务共享", "授权查询"]),
    objection=st.none() | TEXTS,
)


@given(RECORDS)
def test_the_stored_text_of_the_fields_gives_the_json_of_the_record(record: OutgoingRecord) -> None:
    encoded = json.dumps(record.as_json(), ensure_ascii=False)
    assert record.json_text() == encoded
    stored = StoredFields(json.dumps(dict(record.fields), ensure_ascii=False))
    spliced = OutgoingRecord(record.key, stored, record.operation, record.scope, record.objection)
    assert spliced.json_text() == encoded
    assert json.loads(spliced.json_text()) == record.as_json() == spliced.as_json()


def test_the_directory_transport_writes_stored_fields_as_it_writes_a_dict(tmp_path: Path) -> None:
    fields = {"CF_WSH": '罚〔2026〕"1"号', "CF_NR": "罚款\n500元\\"}
    text = json.dumps(fields, ensure_ascii=False)
    written = []
    for name, given_fields in (("dict", fields), ("stored", StoredFields(text))):
        folder = tmp_path / name
        transport = DirectoryTransport({"path": str(folder)}, base_dir=tmp_path)
        record = OutgoingRecord("k1", given_fields, scope="政务共享")
        receipts = transport.push(Batch("b1", "2018", Kind.PENALTY, (record,)))
        assert [(r.key, r.status) for r in receipts] == [("k1", "accepted")]
        written.append((folder / "b1.jsonl").read_bytes())
    assert written[0] == written[1]
    assert json.loads(written[0]) == {"key": "k1", "fields": fields, "scope": "政务共享"}
