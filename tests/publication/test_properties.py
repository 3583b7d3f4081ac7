"""Properties: an ID number written anywhere in a record never reaches a view unmasked."""

from __future__ import annotations

import datetime as dt
import json

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.publication import Publisher, mask_text
from sgs.standard import get_standard

from ..strategies import id_numbers, texts
from .synthetic import organisation, person

PUBLISHER = Publisher()
PENALTY_CODES = get_standard().penalty.codes


def dump(result: object) -> str:
    return json.dumps(attrs.asdict(result), ensure_ascii=False, default=str)  # type: ignore[arg-type]


@given(number=id_numbers(), before=texts(), after=texts())
def test_mask_text_hides_an_id_number_set_apart_from_other_digits(
    number: str, before: str, after: str
) -> None:
    masked, hits = mask_text(f"{before}（{number}）{after}")
    assert number not in masked
    assert "id-number" in [h.kind for h in hits]


@settings(max_examples=60, deadline=None)
@given(
    number=id_numbers(),
    before=texts(),
    after=texts(),
    code=st.sampled_from(PENALTY_CODES),
    own=st.booleans(),
    natural=st.booleans(),
    decided=st.sampled_from(("2025-06-01", "2026-05-01")),
)
def test_no_view_shows_an_id_number_written_into_any_field(
    number: str, before: str, after: str, code: str, own: bool, natural: bool, decided: str
) -> None:
    if natural:
        record = person("张三", number if own else "410105199001011233", CF_JDRQ=decided)
    else:
        record = organisation(CF_FR_ZJHM=number if own else "410105198001011239", CF_JDRQ=decided)
    # the record's own number may be glued to anything; a third party's is set apart
    record[code] = f"{before}{number}{after}" if own else f"{before}（{number}）{after}"
    if code.endswith("ZJHM"):
        record[code] = number
    for on in (dt.date(2025, 7, 1), dt.date(2026, 6, 1)):
        public = PUBLISHER.view("penalty", record, key="k", on=on)
        shared = PUBLISHER.sharing_view("penalty", record, key="k", on=on)
        assert number not in dump(public)
        assert number not in dump(shared)
        assert number[:6] + "*" * 8 + number[-4:] not in dump(public)
