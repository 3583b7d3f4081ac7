"""What the platform checks on receipt, before anything is stored.

Every upsert is validated with the platform's own settings (``[validation]`` of
``platform.toml``: the standard version, severities, the rules of installed
plugins); its key is recomputed from its fields and must be the key it came
under (``key-mismatch``); its 数据来源单位统一社会信用代码 must be the submitting
department's code or one of its registered units (``source-not-authorised``:
不能以其他单位名义报送). A batch in another version of the standard than the
platform's is refused record by record (``standard-mismatch``). A withdrawal
needs only its key (and, when it carries fields, a key that matches them);
whether the platform holds the decision is the store's to say.
"""

from __future__ import annotations

import datetime as dt
import threading

from sgs.calendar import china_today
from sgs.errors import ConfigFileError, SgsError
from sgs.platform.config import PlatformConfig
from sgs.platform.wire import IncomingBatch
from sgs.plugins.registries import Validator
from sgs.standard import Role, get_standard
from sgs.standard.keys import record_key_of
from sgs.store import Department, Incoming, Reason
from sgs.validation import Severity

__all__ = ["Checks"]


class Checks:
    """The platform's checks, with one validator a day (the reference date moves on)."""

    def __init__(self, config: PlatformConfig) -> None:
        self.config = config
        where = f"{config.path}：" if config.path else ""
        try:
            self.standard = get_standard(config.standard)
        except SgsError as exc:
            raise ConfigFileError(f"{where}[validation] standard：{exc.message_zh}",
                                  f"{where}[validation] standard: {exc.message_en}") from None  # fmt: skip
        self._validators: dict[tuple[dt.date, str], Validator] = {}
        self._lock = threading.Lock()
        try:  # made now: a severity of an unknown code stops the platform before it serves
            self.validator(china_today(), "penalty")
        except SgsError as exc:
            raise ConfigFileError(f"{where}[validation] severity：{exc.message_zh}",
                                  f"{where}[validation] severity: {exc.message_en}") from None  # fmt: skip

    def validator(self, today: dt.date, kind: str) -> Validator:
        with self._lock:
            found = self._validators.get((today, kind))
            if found is None:
                self._validators = {k: v for k, v in self._validators.items() if k[0] == today}
                found = Validator(kind=kind, standard=self.standard, as_of=today,
                                  severity=self.config.severity,
                                  plugins=self.config.plugins)  # fmt: skip
                self._validators[(today, kind)] = found
            return found

    def check(self, department: Department, batch: IncomingBatch, today: dt.date) -> list[Incoming]:
        """Each record of ``batch`` with the reasons it fails (none: it passed)."""
        spec = self.standard.spec(batch.kind)
        source_code = spec.code_of(Role.SOURCE_CODE)
        number_code = spec.code_of(Role.DECISION_NUMBER)
        upserts = [r for r in batch.records if r.operation == "upsert"]
        mismatch = batch.standard != self.standard.version
        issues = (
            iter(())
            if mismatch or not upserts
            else iter(
                self.validator(today, batch.kind.value).iter([dict(r.fields) for r in upserts])
            )
        )
        items: list[Incoming] = []
        for record in batch.records:
            fields = record.fields
            reasons: list[Reason] = []
            if record.operation == "upsert":
                if mismatch:
                    reasons.append(Reason(
                        "standard-mismatch",
                        f"报送的数据标准版本 {batch.standard} 与平台采用的 "
                        f"{self.standard.version} 不一致",
                    ))  # fmt: skip
                else:
                    checked = next(issues)
                    reasons.extend(
                        Reason(i.code, i.message_zh, i.field)
                        for i in checked.issues
                        if i.severity is Severity.ERROR
                    )
            if fields and (record.operation == "upsert" or not mismatch):
                expected = record_key_of(spec, fields)
                if expected != record.key:
                    reasons.append(Reason(
                        "key-mismatch",
                        f"记录键 {record.key} 与记录内容不符（按决定书文号与处理机关应为 {expected}）",
                    ))  # fmt: skip
            source = fields.get(source_code, "") if source_code else ""
            if record.operation == "upsert" and not department.may_submit_for(source):
                reasons.append(Reason(
                    "source-not-authorised",
                    f"不能以其他单位名义报送：数据来源单位统一社会信用代码 {source or '（空）'} "
                    f"不是本单位（{department.code}）或其登记的代报单位",
                    source_code,
                ))  # fmt: skip
            items.append(Incoming(
                record.key, batch.kind.value, record.operation, fields,
                fields.get(number_code, "") if number_code else "", tuple(reasons),
                scope=record.scope, objection=record.objection,
            ))  # fmt: skip
        return items
