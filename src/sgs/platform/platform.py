"""A running credit platform over its store: what the service and the CLI are built on.

>>> import tempfile, pathlib, json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "platform.toml").write_text(
...     '[platform]\\nname = "示例市信用信息中心"\\ncredit_code = "12410100MB00000002"\\n',
...     encoding="utf-8")
>>> platform = open_platform(folder / "platform.toml")
>>> department, token = platform.add_department("示例市市场监督管理局", "11410100MB00000005")
>>> body = json.dumps({"standard": "2021", "kind": "penalty", "batch_id": "b1",
...     "records": [{"key": "k1", "fields": {"CF_WSH": "示市监罚〔2026〕1号"}}]})
>>> [r.status for r in platform.receive(department, body.encode())]
['rejected']
>>> platform.returns(department)[0].reasons[0].code
'required-missing'
>>> platform  # doctest: +ELLIPSIS
<Platform 示例市信用信息中心: 1 departments, 0 current, 0 withdrawn, 1 versions>
>>> platform.close()
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from sgs.calendar import china_today
from sgs.display import html_table
from sgs.errors import ConfigFileError, SgsError
from sgs.ids import uscc
from sgs.platform.access import Access
from sgs.platform.checks import Checks
from sgs.platform.config import PlatformConfig, load_platform_config
from sgs.platform.drop_folder import DropFolder
from sgs.platform.exchange_tables import TableIntake
from sgs.platform.intake import IntakeSummary
from sgs.platform.objections import Objections
from sgs.platform.repair import Repairs
from sgs.platform.wire import IncomingBatch, parse_batch
from sgs.store import Department, DepartmentStats, Result, ReturnRow, Store, body_hash, open_store

_PROBLEMS = {
    "length": ("应为18位", "must be 18 characters"),
    "charset": ("含有不允许的字符", "holds a character a credit code cannot"),
    "checksum": ("校验位错误", "has a wrong check character"),
}


def _checked_code(code: str) -> str:
    code = code.strip().upper()
    problem = uscc.problem(code)
    if problem is not None:
        zh, en = _PROBLEMS[problem]
        raise SgsError(
            f"统一社会信用代码 {code} {zh}", f"the unified social credit code {code} {en}"
        )
    return code


__all__ = ["Platform", "open_platform"]


class Platform:
    """The platform ``config`` describes, its store open (use :func:`open_platform`)."""

    def __init__(self, config: PlatformConfig, store: Store) -> None:
        self.config = config
        self.store = store
        self.checks = Checks(config)
        try:
            #: The objection cases (异议), by the platform's deadline profile.
            self.objections = Objections(store, profile=config.case_profile,
                                         route=config.case_route)  # fmt: skip
        except SgsError as exc:
            where = f"{config.path}：" if config.path else ""
            raise ConfigFileError(f"{where}[cases] profile：{exc.message_zh}",
                                  f"{where}[cases] profile: {exc.message_en}") from None  # fmt: skip
        #: The gate to personal data: roles, applications, access events (:mod:`sgs.platform.access`).
        self.access = Access(store, self.checks.standard, config)
        #: The credit-repair applications (信用修复).
        self.repairs = Repairs(store, self.checks.standard, policy=config.publication,
                               profile=self.objections.profile,
                               destinations=list(config.upstream))  # fmt: skip

    def add_department(
        self,
        name: str,
        code: str,
        units: Sequence[str] = (),
        *,
        role: str = "department",
        grouping: str = "",
    ) -> tuple[Department, str]:
        """Register a department (its codes checked); return it and its token, shown once.

        ``role="platform"`` registers a lower credit platform, which forwards the records
        of its own departments and so may submit for any 数据来源单位. ``grouping`` is ""
        for a 市直部门, or the 县区/开发区 it belongs to.
        """
        if not name.strip():
            raise SgsError("单位名称不能为空", "a department needs a name")
        return self.store.departments.add(
            name, _checked_code(code), [_checked_code(u) for u in units], role=role,
            grouping=grouping,
        )  # fmt: skip

    def department(self, department: Department | str) -> Department:
        """``department`` itself, or the registered department of that code."""
        if isinstance(department, Department):
            return department
        return self.store.departments.get(department)

    # -- receiving ------------------------------------------------------------------------
    def receive(
        self,
        department: Department | str,
        batch: bytes | IncomingBatch,
        *,
        idempotency_key: str | None = None,
        channel: str = "http",
        today: dt.date | None = None,
    ) -> list[Result]:
        """Check and store one batch of ``department``; one result per record, in order.

        ``batch`` is a wire-format body (bytes: its shape is checked, a
        :class:`~sgs.platform.wire.WireError` when it is not the format) or a parsed
        batch. The results are returned once the store has committed them. The same body
        again under the same ``idempotency_key`` gets the same results without being
        checked again; the same content under any key adds no second copy.
        """
        owner = self.department(department)
        digest = body_hash(batch) if isinstance(batch, bytes) else None
        if isinstance(batch, bytes):
            if idempotency_key and digest:
                answer = self.store.received.answer(owner.id, idempotency_key, digest)
                if answer is not None:
                    return answer
            batch = parse_batch(batch)
        items = self.checks.check(owner, batch, today or china_today())
        return self.store.received.take(
            owner, items, standard=batch.standard, channel=channel, batch_id=batch.batch_id,
            idempotency_key=idempotency_key, body_digest=digest,
            destinations=list(self.config.upstream),
        )  # fmt: skip

    def intake(self, today: dt.date | None = None) -> IntakeSummary:
        """Take in, once, what the drop folder and the 前置库 tables hold (``[intake]``).

        See :mod:`sgs.platform.intake`: each batch is received as by :meth:`receive`
        (``channel`` ``folder`` or ``table``); what cannot be taken is quarantined, what
        cannot be read or stored now is a failure, tried again at the next run.
        """
        summary = IntakeSummary()
        if self.config.folder is not None:
            DropFolder(self, summary, today).take()
        for table in self.config.tables:
            TableIntake(self, table, summary, today).take()
        return summary

    def returns(
        self,
        department: Department | str | None = None,
        *,
        since: dt.datetime | None = None,
        status: str | None = None,
    ) -> list[ReturnRow]:
        """The returned records (疑问数据) of ``department`` (all when ``None``)."""
        owner = self.department(department).id if department is not None else None
        return self.store.received.returns(owner, since=since, status=status)

    def stats(self) -> list[DepartmentStats]:
        """What each department sent and what became of it."""
        return self.store.received.stats()

    def __repr__(self) -> str:
        counts = self.store.received.counts()
        return (
            f"<Platform {self.config.name}: {len(self.store.departments.list())} departments, "
            f"{counts.get('current', 0)} current, {counts.get('withdrawn', 0)} withdrawn, "
            f"{counts['versions']} versions>"
        )

    def _repr_html_(self) -> str:
        """The per-department stats as a table (a notebook shows the platform so)."""
        import html

        headers = ["单位", "代码", "接收", "通过", "退回", "待修改", "撤回", "已上报", "最近接收"]
        rows = [
            [s.name, s.code, s.received, s.accepted, s.rejected, s.pending_returns, s.withdrawn,
             s.forwarded, s.last_received_at]
            for s in self.stats()
        ]  # fmt: skip
        title = html.escape(self.config.name)
        return f"<div><strong>{title}</strong>{html_table(headers, rows)}</div>"

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_platform(config: PlatformConfig | str | os.PathLike[str]) -> Platform:
    """Open the platform of ``config`` (a :class:`PlatformConfig` or a ``platform.toml``).

    Opening creates or migrates the store, so it is safe to repeat.
    """
    if not isinstance(config, PlatformConfig):
        config = load_platform_config(config)
    store = open_store(config.store_url, base_dir=config.base_dir)
    try:
        return Platform(config, store)
    except BaseException:
        store.close()
        raise
