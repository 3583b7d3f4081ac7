"""Schema version 5: the departments' grouping, their 月报表 declarations and documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.errors import StoreError
from sgs.store import SCHEMA_VERSION, Declaration, Store, open_store
from sgs.store.schema import MIGRATIONS, departments, meta
from tests.store.old_stores import old_platform_tables

CODE = "11410100MB00000005"
OTHER = "11410100MB0000002B"


def _at(day: int, hour: int = 9, month: int = 12) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=dt.UTC)


def _declaration(
    kind: str = "penalty", *, reported: int = 2, at: dt.datetime | None = None, **more: object
) -> Declaration:
    values: dict[str, object] = {
        "department": CODE, "month": "2026-11", "kind": kind, "produced": 3, "published": 3,
        "reported": reported, "unreported": 3 - reported, "submitted_at": at or _at(3),
    }  # fmt: skip
    values.update(more)
    return Declaration(**values)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = "sqlite:///s.db"
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
    with open_store(url, base_dir=tmp_path) as opened:
        yield opened


def test_a_version_4_store_keeps_its_departments_and_gains_grouping_and_the_new_tables(
    tmp_path: Path,
) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'v4.db'}")
    with engine.begin() as connection:  # version 4 as it was made: departments without grouping
        old_platform_tables(connection, role=True)
        MIGRATIONS[3](connection)
        connection.exec_driver_sql(
            "INSERT INTO sgs_departments VALUES (1, '11410100MB00000005', '局', '[]', "
            "'platform', '2026-11-01 00:00:00', '2026-11-01 00:00:00')"
        )
        connection.execute(meta.insert(), {"key": "schema_version", "value": "4"})
    engine.dispose()
    with open_store("sqlite:///v4.db", base_dir=tmp_path) as store:
        (department,) = store.departments.list()
        assert (department.code, department.role, department.grouping) == (
            CODE, "platform", "",
        )  # fmt: skip
        assert store.declarations.for_month("2026-11") == []
        assert store.documents.list() == []
        assert store.departments.set_grouping(CODE, "金水区").grouping == "金水区"
        with store.engine.connect() as connection:
            version = connection.execute(sa.select(meta.c.value)).scalar_one()
    assert int(version) == SCHEMA_VERSION == 9


def test_a_department_is_added_in_a_group_and_moved(store: Store) -> None:
    added, _ = store.departments.add("金水区市场监督管理局", CODE, grouping=" 金水区 ")
    assert added.grouping == "金水区"
    store.departments.add("市发展改革委", OTHER)
    assert [d.grouping for d in store.departments.list()] == ["金水区", ""]
    assert store.departments.set_grouping(CODE, "").grouping == ""
    with pytest.raises(StoreError, match="没有登记单位"):
        store.departments.set_grouping("11410100MB00000018", "郑东新区")
    with store.engine.connect() as connection:  # the column as stored
        stored = connection.execute(sa.select(departments.c.grouping)).scalars().all()
    assert sorted(stored) == ["", ""]


def test_every_declaration_is_kept_and_the_latest_is_current(store: Store) -> None:
    first = _declaration(reported=2, at=_at(3))
    store.declarations.put([first, _declaration("license", reported=1, at=_at(4))])
    correction = _declaration(reported=3, grounds="", at=_at(14), source="月报表.xlsx")
    assert store.declarations.put([correction]) == 1
    assert store.declarations.put([]) == 0
    license_, penalty = store.declarations.for_month("2026-11")
    assert (license_.kind, license_.reported, license_.first_submitted_at) == (
        "license", 1, _at(4),
    )  # fmt: skip
    assert (penalty.reported, penalty.unreported, penalty.source) == (3, 0, "月报表.xlsx")
    assert penalty.submitted_at == _at(14)
    assert penalty.first_submitted_at == _at(3)  # the correction does not make it late
    every = store.declarations.submissions("2026-11", "2026-11")
    assert [(d.kind, d.reported) for d in every] == [("penalty", 2), ("license", 1),
                                                     ("penalty", 3)]  # fmt: skip
    assert every[0] == first  # as sent, nothing lost


def test_declarations_between_months_and_of_one_department(store: Store) -> None:
    store.declarations.put(
        [
            _declaration(month="2026-10", at=_at(5, month=11)),
            _declaration(month="2026-11"),
            _declaration(month="2026-12", at=_at(28)),
            _declaration(department=OTHER.lower(), month="2026-11"),
        ]
    )
    found = store.declarations.between("2026-10", "2026-11")
    assert [(d.department, d.month) for d in found] == [
        (CODE, "2026-10"), (CODE, "2026-11"), (OTHER, "2026-11"),
    ]  # fmt: skip
    assert [d.month for d in store.declarations.between("2026-01", "2026-12", OTHER)] == ["2026-11"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month": "2026-13"}, "'month' must be YYYY-MM"),
        ({"kind": "permit"}, "'kind' must be license or penalty"),
        ({"produced": -1}, "'produced' must be a whole number"),
        ({"reported": True}, "'reported' must be a whole number"),
        ({"submitted_at": dt.datetime(2026, 12, 3)}, "'submitted_at' must be an aware"),
    ],
)
def test_a_declaration_refuses_values_out_of_its_range(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _declaration(**change)  # type: ignore[arg-type]


def test_documents_are_listed_by_department_and_date(store: Store) -> None:
    store.documents.add(OTHER, "work_plan", dt.date(2026, 3, 2), version="v1", note="初稿")
    roster = store.documents.add(
        CODE, "roster", dt.date(2026, 3, 5), complete=False, detail="缺少邮箱"
    )
    store.documents.add(CODE, "catalog", dt.date(2026, 2, 27), detail="12 项")
    assert roster.id > 0
    assert roster.complete is False
    listed = store.documents.list()
    assert [(d.department, d.type) for d in listed] == [
        (CODE, "catalog"), (CODE, "roster"), (OTHER, "work_plan"),
    ]  # fmt: skip
    assert listed[1] == roster
    assert (listed[2].version, listed[2].note, listed[2].complete) == ("v1", "初稿", None)
    assert [d.type for d in store.documents.list(CODE.lower())] == ["catalog", "roster"]
    assert [d.type for d in store.documents.list(until=dt.date(2026, 3, 2))] == [
        "catalog", "work_plan",
    ]  # fmt: skip
    with pytest.raises(StoreError, match="未知的材料类型"):
        store.documents.add(CODE, "minutes", dt.date(2026, 3, 5))
