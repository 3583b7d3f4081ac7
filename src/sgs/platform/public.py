"""What the public may find on the platform: the search over the current set, in public views.

:class:`PublicRecords` answers the credit portal and the public API. Every record
it gives is a :class:`~sgs.publication.PublicView` (masked fields, the end of its
publication period); a record the publisher withholds (:class:`~sgs.publication.Withheld`
— its 公开范围 not 公示 (政务共享, 授权查询), a natural person's penalty under 36号令, a minor, past its period) is
left out before anything is counted, so neither a total nor a page nor a detail
answer can tell that it exists. A withdrawn decision is not in the current set, nor a
repaired one (信用修复: 终止公示). A record with an open objection is shown with
``objection`` true (异议).

A query matches the **public view**, never the stored record: a party name
(or part of it) as the public sees it — a natural person's masked name ``张*``
— or a party's 统一社会信用代码 exactly. Searching a natural person's full name
therefore finds nothing the masked view would not show.

The store narrows the candidates with ``LIKE`` over the stored fields
(:meth:`~sgs.store.ReceivedRepository.search`); each candidate is then put
through the publisher, so a search costs one view per candidate. Columns for
the party's name and code would let the database do the narrowing; until the
store has them, this is the honest way (noted in ``docs/publication.md``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs

from sgs.calendar import china_today
from sgs.publication import PublicView, Publisher
from sgs.publication.pages import PAGE_SIZE, PublicPage, view_to_dict
from sgs.standard import Kind, Role, Standard
from sgs.store import CurrentRow, ReceivedRepository

__all__ = ["PAGE_SIZE", "PublicPage", "PublicRecords", "view_to_dict"]

_CODE = re.compile(r"[0-9A-HJ-NP-RT-UW-Y]{18}")


class PublicRecords:
    """The public side of a platform's current set, through one :class:`Publisher`."""

    def __init__(self, received: ReceivedRepository, standard: Standard,
                 publisher: Publisher | None = None) -> None:  # fmt: skip
        self.received = received
        self.standard = standard
        self.publisher = publisher or Publisher(standard=standard)

    def view(self, row: CurrentRow, on: dt.date) -> PublicView | None:
        """``row`` as the public may see it on ``on``; ``None`` when it is withheld."""
        found = self.publisher.view(
            Kind(row.kind), dict(row.fields), key=row.key, on=on, scope=row.scope
        )
        if not isinstance(found, PublicView):
            return None
        return attrs.evolve(found, objection=True) if row.objection else found

    def one(self, key: str, on: dt.date | None = None) -> PublicView | None:
        """The record under ``key`` if the public may see it; else ``None``, whatever the reason."""
        row = self.received.current_one(key)
        return self.view(row, on or china_today()) if row is not None else None

    def views(self, on: dt.date | None = None) -> Iterator[PublicView]:
        """Every record the public may see on ``on`` (China's today by default), streamed."""
        day = on or china_today()
        for row in self.received.current_rows():
            found = self.view(row, day)
            if found is not None:
                yield found

    def search(self, query: str = "", kind: Kind | None = None, page: int = 1,
               on: dt.date | None = None) -> PublicPage:  # fmt: skip
        """Page ``page`` (from 1) of the public records matching ``query`` (all when empty)."""
        text = " ".join(query.split())
        day = on or china_today()
        candidates = self.received.search(_narrowing(text), str(kind) if kind else None)
        found = [v for v in (self.view(r, day) for r in candidates)
                 if v is not None and self.matches(v, text)]  # fmt: skip
        found.sort(key=lambda v: v.key)  # newest decision first, then by key: stable pages
        found.sort(key=lambda v: self.shown(v, Role.DECISION_DATE), reverse=True)
        start = (page - 1) * PAGE_SIZE
        return PublicPage(total=len(found), page=page,
                          records=tuple(found[start : start + PAGE_SIZE]))  # fmt: skip

    def matches(self, view: PublicView, text: str) -> bool:
        """Whether ``view`` answers ``text``: its shown party name contains it, or its code is it.

        Matching ignores case and spaces; an empty ``text`` matches every view.
        """
        if not text:
            return True
        spec = self.standard.spec(view.kind)
        wanted = text.replace(" ", "").upper()
        name = view.fields.get(spec.code_of(Role.PARTY_NAME) or "", "")
        if wanted in name.replace(" ", "").upper():
            return True
        code = view.fields.get(spec.code_of(Role.PARTY_USCC) or "", "")
        return bool(code) and code.strip().upper() == wanted

    def shown(self, view: PublicView, role: Role) -> str:
        """The shown value of the field playing ``role`` in ``view`` (empty when none)."""
        code = self.standard.spec(view.kind).code_of(role)
        return view.fields.get(code, "") if code is not None else ""


def _narrowing(text: str) -> str:
    """What the store may look for: the longest run of ``text`` without a mask character.

    >>> _narrowing("张*丰"), _narrowing("示例 商贸"), _narrowing("91410105ma44h8k21x")
    ('张', '示例', '91410105MA44H8K21X')
    """
    if _CODE.fullmatch(text.upper()):
        return text.upper()
    pieces = [p for p in re.split(r"[*＊\s]+", text) if p]
    return max(pieces, key=len) if pieces else ""
