"""What sources and transports are: the interfaces adapters implement, and what they exchange.

A **source** opens a department's data — files, a folder that fills up, its own
database — and hands out :class:`~sgs.io.Reader` objects, each an open input
whose rows carry their positions. A **transport** pushes a :class:`Batch` of
records to a credit platform and returns one :class:`Receipt` per record:
accepted, or rejected with the platform's reason; one that can also fetches
the records the platform returned later (疑问数据, :class:`Return`).

Both are made from a configuration table (``[source]`` / ``[transport]`` of
``sgs.toml``) and registered by name through the plugin hooks, built-ins
included.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Literal, Self, TypeVar, overload

import attrs

from sgs.adapters.settings import Expected, Setting
from sgs.errors import ConfigError, InputError, TransportError
from sgs.io.reader import Reader
from sgs.records.stored import StoredFields
from sgs.standard import PUBLIC, Kind, RecordSpec
from sgs.standard.keys import record_key, record_key_of

T = TypeVar("T")

__all__ = [
    "MISSING_RESULT",
    "RETURN_STATUSES",
    "Batch",
    "ConfigError",
    "Notice",
    "OutgoingRecord",
    "Receipt",
    "RepairDecision",
    "Return",
    "ReturnReason",
    "Source",
    "Transport",
    "excerpt",
    "field_texts",
    "new_batch_id",
    "outgoing_record",
    "record_key",
    "redact",
]


@attrs.frozen
class OutgoingRecord:
    """One record as sent: its stable ``key``, its fields (code → text) and its ``operation``.

    Dates are ``YYYY-MM-DD``, amounts plain decimal strings, several 处罚类别
    joined with ``;``; empty fields are left out. ``operation`` is ``upsert``
    (publish the record, or its update) or ``withdraw`` (撤回: take a published
    decision back, 行政处罚法 §48).
    """

    key: str
    fields: Mapping[str, str]
    operation: str = "upsert"
    #: 公开范围: ``公示`` (public), ``政务共享`` (government sharing) or ``授权查询``.
    scope: str = PUBLIC
    #: The number of the platform's 核查通知 (objection case) this record answers.
    objection: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The record as the wire format and the ``directory`` transport write it.

        ``operation`` is there only for a withdrawal and ``scope`` only when it is
        not 公示, so a public upsert is what it always was (a platform takes a
        record without them as a public upsert).

        >>> OutgoingRecord("k1", {"CF_WSH": "罚1号"}).as_json()
        {'key': 'k1', 'fields': {'CF_WSH': '罚1号'}}
        >>> OutgoingRecord("k1", {}, "withdraw").as_json()
        {'key': 'k1', 'fields': {}, 'operation': 'withdraw'}
        >>> OutgoingRecord("k1", {}, scope="政务共享").as_json()
        {'key': 'k1', 'fields': {}, 'scope': '政务共享'}
        >>> OutgoingRecord("k1", {}, objection="YY20261202-ABC234").as_json()
        {'key': 'k1', 'fields': {}, 'objection': 'YY20261202-ABC234'}
        """
        return {"key": self.key, "fields": dict(self.fields), **self._asked()}

    def _asked(self) -> dict[str, str]:
        """What :meth:`as_json` gives beside the key and the fields."""
        asked = {}
        if self.operation != "upsert":
            asked["operation"] = self.operation
        if self.scope != PUBLIC:
            asked["scope"] = self.scope
        if self.objection:
            asked["objection"] = self.objection
        return asked

    def json_text(self) -> str:
        """:meth:`as_json` as JSON text (``ensure_ascii=False``, the default separators),
        with the text of fields read from the ledger as it is (no decoding and encoding).

        >>> from sgs.records.stored import StoredFields
        >>> fields = StoredFields('{"CF_WSH": "罚1号"}')
        >>> OutgoingRecord("k1", fields, scope="政务共享").json_text()
        '{"key": "k1", "fields": {"CF_WSH": "罚1号"}, "scope": "政务共享"}'
        >>> _ == json.dumps(OutgoingRecord("k1", dict(fields), scope="政务共享").as_json(),
        ...                 ensure_ascii=False)
        True
        """
        if not isinstance(self.fields, StoredFields):
            return json.dumps(self.as_json(), ensure_ascii=False)
        asked = self._asked()
        tail = ", " + json.dumps(asked, ensure_ascii=False)[1:-1] if asked else ""
        key = json.dumps(self.key, ensure_ascii=False)
        return f'{{"key": {key}, "fields": {self.fields.text}{tail}}}'


@attrs.frozen
class Batch:
    """Records of one kind sent together, under an id the platform can deduplicate by."""

    batch_id: str
    standard: str
    kind: Kind
    records: tuple[OutgoingRecord, ...]


_CREDENTIALS = re.compile(
    r"(?i)\b(bearer|basic|token)(\s*[:=]?\s+|\s*[:=]\s*)[A-Za-z0-9._~+/=-]{6,}"
)


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with the given secrets and anything shaped like a credential replaced by ``***``.

    Applied to everything a platform sends back (receipt messages, error
    bodies) before it is stored, logged or printed: a platform that echoes the
    ``Authorization`` header must not put the token in the ledger.

    >>> redact("echo: Authorization: Bearer s3cr3t-t0ken-123, ok")
    'echo: Authorization: Bearer ***, ok'
    >>> redact("key=abcdefgh12345678 rejected", ["abcdefgh12345678"])
    'key=*** rejected'
    """
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _CREDENTIALS.sub(lambda m: m.group(1) + m.group(2) + "***", text)


def excerpt(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis showing the cut.

    >>> excerpt("平台返回了很长的内容", 4)
    '平台返回…'
    """
    return text if len(text) <= limit else text[:limit] + "…"


#: Noted in the ledger for a record a platform did not answer for (it stays pending).
MISSING_RESULT = "平台未返回此记录的结果 (no result from the platform)"


@attrs.frozen
class Receipt:
    """The platform's answer for one record."""

    key: str
    status: Literal["accepted", "rejected"]
    message: str = ""

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"


#: What the platform did with a record it returned: waiting for the department's correction
#: (待修改), corrected by a later record accepted under its key (已修改), or set aside by
#: its staff, with a note (已忽略).
RETURN_STATUSES = ("pending", "fixed", "ignored")


@attrs.frozen
class ReturnReason:
    """Why the platform returned a record: its issue code, the field, and the message."""

    code: str
    field: str
    message: str


@attrs.frozen
class Return:
    """A record the platform returned to the department after accepting it (疑问数据).

    ``status`` is one of :data:`RETURN_STATUSES`; ``content_hash`` is
    :func:`sgs.store.payload_hash` of the fields as the platform received them,
    so that a record the department has corrected since is told apart;
    ``received_at`` is when the platform received them (timezone-aware).
    """

    key: str
    status: str
    reasons: tuple[ReturnReason, ...]
    received_at: dt.datetime
    content_hash: str
    number: str = ""
    note: str | None = None
    id: int | None = None

    @property
    def message(self) -> str:
        """The reasons, as the ledger notes them.

        >>> Return("k", "pending", (ReturnReason("uscc-checksum", "CF_XDR_SHXYM", "校验位错误"),
        ...        ReturnReason("x", "", "日期在未来")), dt.datetime(2026, 11, 26), "h").message
        '平台退回：校验位错误；日期在未来'
        """
        return "平台退回：" + "；".join(r.message for r in self.reasons if r.message)


@attrs.frozen(kw_only=True)
class Notice:
    """A 核查通知: the platform asks the department to verify a record under objection.

    The department answers within ``due`` (the provider's deadline of the platform's
    profile: 3 working days from the notice in Henan) with a corrected record — pushed
    as usual, carrying ``case`` — or a confirmation that the record stands.
    """

    case: str
    key: str
    number: str  # 行政决定书文号
    claim: str  # 事实错误, 文字错误, 遗漏, …
    text: str
    notice_on: dt.date | None
    due: dt.date | None
    state: str = "verifying"


@attrs.frozen(kw_only=True)
class RepairDecision:
    """The platform's decision on a repair of one of the department's records.

    ``state`` ``repaired``: its publication ended on ``decided_on`` (终止公示) and the
    department's own site stops showing it; ``revoked_for_fraud``: published again.
    """

    id: str
    key: str
    state: str
    decided_on: dt.date | None


#: The types whose empty value means "no value" ("" and ()).
_EMPTY_TYPES: frozenset[type] = frozenset({str, tuple, list})


def _text(value: Any) -> str:
    if type(value) is str:  # most values: no conversion
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple | list):
        return ";".join(_text(v) for v in value)
    return str(value)


def field_texts(values: Iterable[Any]) -> list[str | None]:
    """The text each of ``values`` (typed values of one field) is sent as, as in
    :func:`outgoing_record`; ``None`` for one not sent (empty). For a whole column at once.

    >>> import datetime as dt
    >>> field_texts(["a", "", None, dt.date(2026, 1, 2), Decimal("1.50"), (), ("x", "y")])
    ['a', None, None, '2026-01-02', '1.50', None, 'x;y']
    >>> field_texts([Decimal("1.0"), Decimal("1.00"), ("x",), ("x",), None])
    ['1.0', '1.00', 'x', 'x', None]
    """
    column = values if isinstance(values, list | tuple) else list(values)
    types = set(map(type, column))
    types.discard(type(None))
    if types <= _STR:  # a text column (most are): "" and None are not sent
        return [v or None for v in column]
    if types <= _DATE:
        return [None if v is None else v.isoformat() for v in column]
    if types <= _DECIMAL:
        return [None if v is None else format(v, "f") for v in column]
    # Enumerations and the like: each distinct value's text worked out once (not amounts:
    # Decimal("1.0") == Decimal("1.00"), written differently).
    texts: dict[tuple[type, Any], str | None] = {}
    found: list[str | None] = []
    for v in column:
        if type(v) is str:
            found.append(v or None)
        elif isinstance(v, Decimal | float | list | dict | set):
            found.append(_sent_text(v))
        else:
            key = (type(v), v)
            text = texts.get(key, _UNSEEN)
            if text is _UNSEEN:
                text = texts[key] = _sent_text(v)
            found.append(text)
    return found


_UNSEEN: Any = object()


_STR: frozenset[type] = frozenset({str})
_DATE: frozenset[type] = frozenset({dt.date})
_DECIMAL: frozenset[type] = frozenset({Decimal})


def _sent_text(value: Any) -> str | None:
    """The text ``value`` is sent as, ``None`` for an empty one (:func:`field_texts`)."""
    if value is None or (type(value) in _EMPTY_TYPES and not value):
        return None
    return _text(value)


def outgoing_record(spec: RecordSpec, values: Mapping[str, Any]) -> OutgoingRecord:
    """The :class:`OutgoingRecord` of a record's values (field code → typed value or text)."""
    fields: dict[str, str] = {}
    for code in spec.codes:
        value = values.get(code)
        # ``is`` and truth tests first: comparing a Decimal or a date with "" is slow.
        if value is None or (type(value) in _EMPTY_TYPES and not value):
            continue
        fields[code] = _text(value)
    return OutgoingRecord(key=record_key_of(spec, fields), fields=fields)


def new_batch_id() -> str:
    """A batch id that sorts by time and does not repeat: ``20261126T103000-3f9a1c2b``."""
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"


class _Configured:
    """Shared by sources and transports: a name, a configuration and its folder.

    Settings are read with :meth:`option` (typed and bounded:
    ``self.option("retries", 5, type=int, min=0, max=100)``) and :meth:`path`, in
    ``__init__``, so that a configuration mistake stops a run before anything is read
    or sent. ``settings`` lists the keys an adapter knows besides those it reads with
    :meth:`option` when it is made; a key of neither kind is warned about (see
    :meth:`unknown_settings`). ``None`` (the default) means the adapter does not say,
    and nothing is warned about.
    """

    #: The ``type`` this adapter is registered under.
    name: ClassVar[str] = ""
    #: The keys of its table this adapter knows (``None``: not declared).
    settings: ClassVar[frozenset[str] | None] = None

    def __init__(
        self, config: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None
    ):
        self.config = dict(config)
        self.base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        self._asked: set[str] = {"type"}

    @property
    def table(self) -> str:
        """The configuration table this adapter is made from: ``source`` or ``transport``."""
        return "source" if isinstance(self, Source) else "transport"

    @overload
    def option(self, key: str, default: Any = None, *, required: bool = False) -> Any: ...

    @overload
    def option(
        self,
        key: str,
        default: T,
        *,
        required: bool = False,
        type: type[T],
        min: float | None = None,
        max: float | None = None,
        empty: bool = True,
        choices: tuple[Any, ...] = (),
    ) -> T: ...

    @overload
    def option(
        self,
        key: str,
        *,
        required: Literal[True],
        type: type[T],
        min: float | None = None,
        max: float | None = None,
        empty: bool = True,
        choices: tuple[Any, ...] = (),
    ) -> T: ...

    @overload
    def option(
        self,
        key: str,
        default: Any = None,
        *,
        required: bool = False,
        type: tuple[type, ...],
        min: float | None = None,
        max: float | None = None,
        empty: bool = True,
        choices: tuple[Any, ...] = (),
    ) -> Any: ...

    def option(
        self,
        key: str,
        default: Any = None,
        *,
        required: bool = False,
        type: Expected | None = None,
        min: float | None = None,
        max: float | None = None,
        empty: bool = True,
        choices: tuple[Any, ...] = (),
    ) -> Any:
        """A configuration value; a missing required key is a :class:`ConfigError`.

        With ``type`` (``str``, ``int``, ``float``, ``bool``, ``dict``, ``list`` or a
        tuple of them) the value is checked: of that type (``True`` is not a number,
        an int is taken as a float), within ``min``/``max``, not empty unless
        ``empty``, one of ``choices`` when given, and without NUL characters; else a
        :class:`ConfigError` naming ``[source] key`` or ``[transport] key``, what was
        expected and what was found. ``default`` is returned unchecked.
        """
        self._asked.add(key)
        if key not in self.config:
            if required:
                raise ConfigError(
                    f'[{self.table}] type = "{self.name}" 需要配置项 {key}',
                    f"[{self.table}] type = {self.name!r} needs the setting {key!r}",
                )
            return default
        if type is None:
            return self.config[key]
        return self.setting(Setting(key, type, min=min, max=max, empty=empty, choices=choices))

    def setting(self, spec: Setting, default: Any = None) -> Any:
        """The value of the setting ``spec`` declares, checked (``default`` when absent)."""
        self._asked.add(spec.key)
        return spec.read(self.table, self.config, default)

    def path(
        self, key: str, *, required: bool = True, default: str | None = None, folder: bool = False
    ) -> Path:
        """A path setting (text without NUL), relative to the configuration file's folder.

        With ``folder``, a path naming something that exists and is not a folder (a
        regular file) is a :class:`ConfigError`.
        """
        value = self.option(key, default, required=required and default is None, type=str)
        path = (self.base_dir / str(value)).resolve()
        if folder and path.exists() and not path.is_dir():
            raise ConfigError(
                f"[{self.table}] {key} 应为文件夹，但 {path} 是一个文件",
                f"[{self.table}] {key} must name a folder, but {path} is a file",
            )
        return path

    def unknown_settings(self) -> list[str]:
        """The keys of the configuration this adapter neither declares nor has read.

        Empty when the adapter declares no :attr:`settings`.
        """
        if self.settings is None:
            return []
        known = self._asked | self.settings
        return [key for key in self.config if key not in known]

    def close(self) -> None:
        """Release what the adapter holds (connections, files)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Source(_Configured):
    """Where records come from. Subclasses implement :meth:`readers`."""

    def __init__(
        self, config: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None
    ):
        super().__init__(config, base_dir=base_dir)
        #: One line for each input set aside because it could not be read (see :meth:`failed`).
        self.set_aside: list[str] = []

    @abc.abstractmethod
    def readers(self) -> Iterator[Reader]:
        """Open the inputs one after the other; each reader streams rows with positions."""

    def done(self, reader: Reader) -> None:
        """Called when every record of ``reader`` has been handled (a folder remembers the file)."""

    def failed(self, path: Path | None, error: InputError) -> bool:
        """Called when the input at ``path`` could not be opened or read to the end.

        Return ``True`` when the source has set the input aside (and said how in
        :attr:`set_aside`), so that the run goes on with the other inputs; the
        default, ``False``, stops the run with ``error``. Records read from the
        input before the error stay in the ledger: they are valid decisions, and
        reading the repaired input again finds them unchanged.
        """
        return False


class Transport(_Configured):
    """Where records go. Subclasses implement :meth:`push`, and may implement :meth:`returns`."""

    @abc.abstractmethod
    def push(self, batch: Batch) -> list[Receipt]:
        """Send ``batch``; return a receipt for each of its records, in any order."""

    def returns(self, since: dt.datetime | None) -> list[Return] | None:
        """The records the platform returned (疑问数据) since ``since`` (all, when ``None``).

        ``None``, the default, means that this transport cannot fetch returns.
        Raise :class:`~sgs.errors.TransportError` when they cannot be fetched.
        """
        return None

    def objections(self) -> list[Notice] | None:
        """The 核查通知 (objection cases) the platform has open for this department.

        ``None``, the default, means that this transport cannot fetch them. Raise
        :class:`~sgs.errors.TransportError` when they cannot be fetched.
        """
        return None

    def repairs(self) -> list[RepairDecision] | None:
        """The platform's repair decisions on this department's records (``None``, the
        default: this transport cannot fetch them)."""
        return None

    def answer_objection(self, case: str, outcome: str, opinion: str = "") -> None:
        """Tell the platform the record under objection ``case`` stands (``outcome``
        ``confirmed``), with the department's ``opinion``.

        A corrected record is not answered here: it is pushed, carrying the case.
        The default refuses: this transport cannot answer.
        """
        raise TransportError(
            f"传输方式 {self.name} 不能答复核查通知", f"the {self.name} transport cannot answer "
            "objection notices",
        )  # fmt: skip
