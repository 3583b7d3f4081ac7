"""Catalog coverage: which catalog item a record belongs to, and what the catalog misses.

The notice asks for 全覆盖: every record's project or case name should be an
item of the department's catalog (目录, 附件1), and every item should have
its records. :func:`match_item` finds the item of a name,
:func:`uncatalogued` lists the records outside the catalog and
:func:`unused` the items without records (``sgs catalog coverage``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from sgs.display import html_table
from sgs.records.registers import CatalogItem, normalize_text
from sgs.standard import Kind
from sgs.store import LedgerRow

__all__ = ["Coverage", "ledger_coverage", "match_item", "uncatalogued", "unused"]


def match_item(
    items: Iterable[CatalogItem], project_name: str, *, kind: Kind | str | None = None
) -> CatalogItem | None:
    """The catalog item of a record's project or case name, or ``None``.

    An item whose normalized name equals the normalized ``project_name``
    wins; otherwise the item whose name is contained in ``project_name``, or
    contains it, with the longest common text. ``kind`` keeps to items of
    that kind.

    >>> items = [CatalogItem(category="处罚", name="对未取得许可从事经营的处罚"),
    ...          CatalogItem(category="许可", name="食品经营许可"),
    ...          CatalogItem(category="许可", name="食品经营许可变更")]
    >>> match_item(items, "食品经营 许可").name, match_item(items, "某店食品经营许可变更（延续）").name
    ('食品经营许可', '食品经营许可变更')
    >>> match_item(items, "食品经营许可", kind="penalty") is None
    True
    """
    wanted = Kind.parse(kind) if kind is not None else None
    name = normalize_text(project_name)
    if not name:
        return None
    candidates = [i for i in items if wanted is None or i.kind is wanted]
    for item in candidates:
        if item.name == name:
            return item
    best: CatalogItem | None = None
    best_length = 0
    for item in candidates:
        if item.name in name:
            length = len(item.name)
        elif name in item.name:
            length = len(name)
        else:
            continue
        if length > best_length:
            best, best_length = item, length
    return best


def _matches(
    records_names: Iterable[tuple[Kind | str, str]], items: Sequence[CatalogItem]
) -> Iterator[tuple[Kind, str, CatalogItem | None]]:
    seen: dict[tuple[Kind, str], CatalogItem | None] = {}
    for kind, name in records_names:
        key = (Kind.parse(kind), name)
        if key not in seen:
            seen[key] = match_item(items, name, kind=key[0])
        yield key[0], name, seen[key]


def uncatalogued(
    records_names: Iterable[tuple[Kind | str, str]], items: Iterable[CatalogItem]
) -> list[tuple[Kind, str]]:
    """The ``(kind, project or case name)`` of records that no catalog item matches.

    In input order, one per record (repeat names repeat).

    >>> items = [CatalogItem(category="许可", name="食品经营许可")]
    >>> uncatalogued([("license", "食品经营许可"), (Kind.PENALTY, "食品经营许可")], items)
    [(<Kind.PENALTY: 'penalty'>, '食品经营许可')]
    """
    listed = list(items)
    return [(kind, name) for kind, name, item in _matches(records_names, listed) if item is None]


def unused(
    items: Iterable[CatalogItem], records_names: Iterable[tuple[Kind | str, str]]
) -> list[CatalogItem]:
    """The catalog items that none of the records matches, in catalog order.

    >>> items = [CatalogItem(category="许可", name="甲许可"), CatalogItem(category="许可", name="乙许可")]
    >>> [i.name for i in unused(items, [("license", "甲许可")])]
    ['乙许可']
    """
    listed = list(items)
    used = {item for _, _, item in _matches(records_names, listed) if item is not None}
    return [item for item in listed if item not in used]


class Coverage(NamedTuple):
    """The ledger against the catalog: records outside it, and items without records."""

    uncatalogued: list[tuple[Kind, str]]
    unused: list[CatalogItem]

    def __repr__(self) -> str:
        return f"<Coverage {len(self.uncatalogued)} uncatalogued, {len(self.unused)} unused>"

    def _repr_html_(self) -> str:
        outside = html_table(
            ["类别 kind", "项目名称/案件名称"], [[k.label, name] for k, name in self.uncatalogued]
        )
        idle = html_table(
            ["行政职权类别", "项目名称", "部门"],
            [[i.category, i.name, i.department] for i in self.unused],
        )
        return (
            "<div><strong>目录覆盖 catalog coverage</strong>"
            f"<p>目录外的记录 records outside the catalog（{len(self.uncatalogued)}）</p>{outside}"
            f"<p>没有记录的事项 items without records（{len(self.unused)}）</p>{idle}</div>"
        )


def ledger_coverage(
    entries: Iterable[LedgerRow],
    items: Sequence[CatalogItem],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Coverage:
    """The ledger's records outside the catalog, and the items without records.

    Only entries decided from ``start`` to ``end`` (each optional) count;
    an entry without a 项目名称/案件名称 cannot be matched and is left out.
    """
    records = [
        (Kind(r.kind), r.name)
        for r in entries
        if r.name
        and (start is None or (r.decision_date is not None and r.decision_date >= start))
        and (end is None or (r.decision_date is not None and r.decision_date <= end))
    ]
    return Coverage(uncatalogued(records, items), unused(items, records))
