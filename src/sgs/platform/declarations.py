"""What departments declare and hand in: their 月报表 lines and their documents.

:func:`declarations_of` turns the rows of a 月报表 file
(:func:`sgs.io.declaration_form.read_declaration_form`) into the store's
:class:`~sgs.store.Declaration` lines, each row's department found by its
统一社会信用代码, by the department the file is said to be from, or by its
registered name. :func:`roster_summary` is what the platform keeps of a roster
(附件3): whether its first contact can be reached, and that contact's name —
never the phone numbers or e-mail addresses.

>>> from sgs.records.registers import Liaison
>>> roster_summary([Liaison(unit="市发展改革委", name="张雅丽", mobile="13812345678")])
(False, '张雅丽：缺少邮箱')
>>> roster_summary([])
(False, '没有联络员')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from sgs.errors import InputError
from sgs.io.declaration_form import DeclarationSheet
from sgs.records.registers import Liaison
from sgs.store import Declaration, Department

__all__ = ["declarations_of", "roster_summary"]


def roster_summary(liaisons: Iterable[Liaison]) -> tuple[bool, str]:
    """Whether a roster is complete — its first-listed person has a name, a mobile or an
    office phone, and an e-mail — and the detail kept: that person's name, and what is
    missing."""
    first = next((p for p in liaisons if not p.blank), None)
    if first is None:
        return False, "没有联络员"
    needed = (("姓名", first.name), ("手机或办公电话", first.has_contact), ("邮箱", first.email))
    missing = [label for label, present in needed if not present]
    name = first.name or first.unit
    if missing:
        return False, f"{name}：缺少{'、'.join(missing)}"
    return True, name


def declarations_of(
    sheets: Sequence[DeclarationSheet],
    path: str,
    departments: Sequence[Department],
    *,
    submitted_at: dt.datetime,
    department: str | None = None,
) -> list[Declaration]:
    """The lines of ``sheets`` (read from ``path``), each of a registered department.

    A row's department is its 统一社会信用代码; without one, ``department`` (the file is
    that department's), else the department registered under its 单位名称. A row of
    another department than ``department``, or of one not registered, raises
    :class:`~sgs.errors.InputError` naming the file and row.
    """
    by_code = {d.code: d for d in departments}
    by_name = {d.name: d for d in departments}
    wanted = department.strip().upper() if department else None
    if wanted is not None and wanted not in by_code:
        raise InputError(f"没有登记单位 {wanted}", f"no department {wanted} is registered")
    found = []
    for sheet in sheets:
        code = sheet.code or wanted
        if code is None:
            named = by_name.get(sheet.unit)
            if named is None:
                raise InputError(
                    f"“{sheet.unit}”未登记，且未填写统一社会信用代码（可用 --department 指定）",
                    f"{sheet.unit!r} is not a registered name and the row gives no "
                    "统一社会信用代码 (name the department with --department)",
                    path=path, line=sheet.line,
                )  # fmt: skip
            code = named.code
        if code not in by_code:
            raise InputError(f"统一社会信用代码 {code} 未登记", f"统一社会信用代码 {code} is not "
                             "a registered department", path=path, line=sheet.line)  # fmt: skip
        if wanted is not None and code != wanted:
            raise InputError(
                f"统一社会信用代码 {code} 不是 --department 指定的 {wanted}",
                f"统一社会信用代码 {code} is not the --department {wanted}",
                path=path, line=sheet.line,
            )  # fmt: skip
        for kind, counts in sheet.counts.items():
            found.append(
                Declaration(
                    department=code, month=sheet.month, kind=kind, produced=counts.produced,
                    published=counts.published, reported=counts.reported,
                    unreported=counts.unreported, grounds=counts.grounds,
                    web_url=sheet.web_url, submitted_at=submitted_at, source=Path(path).name,
                )
            )  # fmt: skip
    return found
