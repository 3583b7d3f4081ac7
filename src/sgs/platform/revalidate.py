"""Re-validating what the platform holds when a rule changes (``sgs platform revalidate``).

Every decision of the current set passed the platform's checks when it
came; every pending return (疑问数据 待修改) failed them. When the rules
change — a new standard version, other severities, a plugin's rule — the
platform checks them all again with the rules as they are now, through the
same validation as a file: each kind is written to a temporary CSV file
(the stored fields as received, and the record key in a column of its own)
and validated — in this process, or on a Dask cluster with ``scheduler``
(the temporary folder must then be on storage the workers reach: ``folder``).

What changed is reported:

* **newly failing** — a current decision that has an error now (its issues);
* **newly passing** — a pending return whose reasons were all validation
  findings and that has none now (a platform check such as ``key-mismatch``
  or ``source-not-authorised`` is not re-run, so such a return is left alone).

By default nothing is written. With ``apply``, each newly failing decision is
returned to its department as 疑问数据 through the returns of the store: a
rejected version with its reasons, ``pending`` until the department's next
accepted version under the key (:mod:`sgs.store.revalidation`). The decision
stays in the current set — re-validation does not take a published decision
down; the department corrects it. Newly passing returns are only listed:
staff may mark them ignored (``sgs platform returns --ignore``) or the
department sends them again.

Duplicates (``duplicate-decision``) are not re-checked: the store holds one
decision per record key, and intake already judged repeats within a batch.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from sgs.calendar import china_today
from sgs.errors import SgsError
from sgs.io.formula import escape_formula
from sgs.platform.platform import Platform
from sgs.plugins.registries import Validator
from sgs.standard import Kind
from sgs.store import Reason
from sgs.store.revalidation import Held, held_records, pending_returns, return_records
from sgs.validation import Severity
from sgs.validation.runners.dask import Scheduler, connect

__all__ = ["KEY_COLUMN", "Change", "Revalidation", "revalidate"]

#: The column of the exported files that holds each record's key (no field of the standard).
KEY_COLUMN = "平台记录键"


@attrs.frozen(kw_only=True)
class Change:
    """A held record whose findings changed: ``failing`` (now) or ``passing`` (before)."""

    change: str  # newly-failing | newly-passing
    key: str
    kind: str
    department: str
    number: str
    #: The errors found now (newly failing), or the reasons it was returned for (newly passing).
    reasons: tuple[Reason, ...]
    return_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "key": self.key,
            "kind": self.kind,
            "department": self.department,
            "number": self.number,
            "return_id": self.return_id,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.define
class Revalidation:
    """The outcome of one re-validation: what was checked, what changed, what was returned."""

    as_of: dt.date
    standard: str
    scheduler: str | None
    checked: int = 0
    returns_checked: int = 0
    failing: list[Change] = attrs.field(factory=list)
    passing: list[Change] = attrs.field(factory=list)
    #: Newly failing decisions stored as returns (with ``apply``).
    returned: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.failing or self.passing)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "standard": self.standard,
            "scheduler": self.scheduler,
            "checked": self.checked,
            "returns_checked": self.returns_checked,
            "newly_failing": [c.to_dict() for c in self.failing],
            "newly_passing": [c.to_dict() for c in self.passing],
            "returned": self.returned,
        }

    def lines(self) -> Iterator[str]:
        yield (f"重新校验 revalidated: {self.checked} 条现行记录 current records, "
               f"{self.returns_checked} 条待修改的退回 pending returns "
               f"(标准 standard {self.standard}，基准日 as of {self.as_of.isoformat()})")  # fmt: skip
        yield f"新不通过 newly failing: {len(self.failing)}"
        for c in self.failing:
            reasons = "；".join(f"{r.code}{f' {r.field}' if r.field else ''}" for r in c.reasons)
            yield f"  {c.department}\t{c.number or c.key}\t{c.key}\t{reasons}"
        yield f"新通过 newly passing: {len(self.passing)}"
        for c in self.passing:
            yield f"  {c.department}\t{c.number or c.key}\t{c.key}\t退回 return {c.return_id}"
        if self.returned is not None:
            yield f"已退回单位 returned to departments as 疑问数据: {self.returned}"


def revalidate(
    platform: Platform,
    *,
    as_of: dt.date | None = None,
    scheduler: Scheduler | None = None,
    apply: bool = False,
    folder: str | os.PathLike[str] | None = None,
) -> Revalidation:
    """Check every held record of ``platform`` again (see the module documentation)."""
    config = platform.config
    standard = platform.checks.standard
    day = as_of or china_today()
    shown = scheduler if isinstance(scheduler, str) or scheduler is None else str(scheduler)
    outcome = Revalidation(day, standard.version, shown)
    engine = platform.store.engine
    severity = {**config.severity, "duplicate-decision": "off"}
    if folder is not None and not os.path.isdir(folder):
        raise SgsError(f"--work-dir 不是已有的目录：{os.fspath(folder)}",
                       f"--work-dir is not an existing folder: {os.fspath(folder)}")  # fmt: skip
    work = tempfile.mkdtemp(prefix="sgs-revalidate-", dir=folder)
    try:
        with contextlib.ExitStack() as stack:
            client = stack.enter_context(connect(scheduler)) if scheduler is not None else None
            for kind in Kind:
                validator = Validator(kind=kind, standard=standard, as_of=day, severity=severity,
                                      plugins=config.plugins, scheduler=client)  # fmt: skip
                codes = [f.code for f in standard.spec(kind).fields]
                path = os.path.join(work, f"{kind.value}.csv")
                held = _export(path, codes, held_records(engine, kind.value))
                outcome.checked += len(held)
                for (key, department, number), reasons in _errors(validator, path, held).items():
                    outcome.failing.append(Change(
                        change="newly-failing", key=key, kind=kind.value,
                        department=department, number=number, reasons=reasons,
                    ))  # fmt: skip
                ours = set(validator.catalogue)
                returns = [r for r in pending_returns(engine, kind.value)
                           if r.reasons and all(x.code in ours for x in r.reasons)]  # fmt: skip
                path = os.path.join(work, f"{kind.value}-returns.csv")
                exported = _export(path, codes, returns)
                outcome.returns_checked += len(exported)
                still = _errors(validator, path, exported)
                for row, r in zip(exported, returns, strict=True):
                    if row not in still:
                        outcome.passing.append(Change(
                            change="newly-passing", key=r.key, kind=kind.value,
                            department=r.department, number=r.number, reasons=r.reasons,
                            return_id=r.return_id,
                        ))  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if apply:
        outcome.returned = _apply(platform, outcome.failing)
    return outcome


#: (key, department, number) of an exported record (its row of the file: its place in a list).
_Row = tuple[str, str, str]


def _export(path: str, codes: list[str], items: Iterable[Held]) -> list[_Row]:
    """Write ``items`` to a CSV file at ``path``; the (key, department, number) of each row."""
    order: list[_Row] = []
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([*codes, KEY_COLUMN])
        for item in items:
            cells = (escape_formula(item.fields.get(c, "")) for c in codes)  # as sgs writes CSV
            writer.writerow([*cells, item.key])
            order.append((item.key, item.department, item.number))
    return order


def _errors(
    validator: Validator, path: str, order: list[_Row]
) -> Mapping[_Row, tuple[Reason, ...]]:
    """The rows of the file ``path`` (written in ``order``) that have errors now, with them."""
    if not order:
        return {}
    found: dict[_Row, list[Reason]] = {}
    report = validator.validate(path)
    try:
        for issue in report.iter_issues():
            if issue.severity is Severity.ERROR and 1 <= issue.record <= len(order):
                row = order[issue.record - 1]
                found.setdefault(row, []).append(Reason(issue.code, issue.message_zh, issue.field))
    finally:
        report.close()
    return {row: tuple(reasons) for row, reasons in found.items()}


def _apply(platform: Platform, failing: list[Change]) -> int:
    """Return the newly failing decisions to their departments as 疑问数据."""
    if not failing:
        return 0
    engine = platform.store.engine
    items: list[tuple[Held, tuple[Reason, ...]]] = []
    for kind in Kind:
        reasons = {c.key: c.reasons for c in failing if c.kind == kind.value}
        if reasons:
            items += [(h, reasons[h.key]) for h in held_records(engine, kind.value, list(reasons))]
    now = platform.store.received.clock()
    return return_records(engine, items, standard=platform.checks.standard.version,
                          batch_id=f"revalidate-{now:%Y%m%dT%H%M%S}", now=now)  # fmt: skip
