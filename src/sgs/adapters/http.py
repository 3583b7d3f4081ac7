"""The ``http`` transport: batches of records POSTed as JSON to a credit platform.

It also fetches the records the platform returned afterwards (疑问数据, see
Returns) and the platform's objection notices (核查通知), and answers them.

This is sgs's default 双公示 wire format. A platform that accepts it needs no
plugin; one that speaks something else subclasses :class:`HttpTransport` (see
the last section).

Configuration
=============

The ``[transport]`` table of ``sgs.toml``::

    [transport]
    type = "http"
    url = "https://credit.example.gov.cn/api/sgs/batches"   # required
    token_env = "SGS_PLATFORM_TOKEN"   # variable holding a bearer token; optional
    timeout = 30                       # seconds per attempt (0.1 to 3600)
    retries = 5                        # further attempts after the first (0 to 100)
    backoff = 0.5                      # base delay, seconds (0 to 3600)
    max_backoff = 30                   # longest delay, seconds (0 to 3600)
    verify = true                      # TLS verification; or a CA bundle path
    returns_url = "https://credit.example.gov.cn/api/sgs/returns"  # optional: see Returns

A value of another type or out of these bounds is a
:class:`~sgs.adapters.ConfigError` naming the key when the transport is made.

The token is read from the environment when the transport is made, so it
never sits in a configuration file; a ``token_env`` naming an unset (or
empty) variable is a :class:`~sgs.adapters.ConfigError` naming the variable.
The token never appears in a message, a log line or a ``repr``.

Request
=======

One ``POST url`` per batch, with the headers

``Content-Type: application/json``
    the body is UTF-8 JSON;
``Idempotency-Key: <batch_id>``
    the same on every attempt of the batch, so the platform can recognise a
    batch it already has (a retry after a lost answer);
``Authorization: Bearer <token>``
    only when ``token_env`` is configured,

and the body

.. code-block:: json

    {
      "standard": "2018",
      "kind": "penalty",
      "batch_id": "20261126T103000-3f9a1c2b",
      "records": [
        {"key": "8cb61c5e85a7ea838588ef0aa44b9a3f",
         "fields": {"CF_WSH": "示市监罚〔2026〕1号", "CF_JDRQ": "2026-11-20",
                    "CF_NR_FK": "0.5"}}
      ]
    }

``kind`` is ``license`` or ``penalty``; each record's ``key`` is the stable
hash of :func:`~sgs.adapters.record_key` (the same decision always has the
same key, so the platform can tell a resent record), and ``fields`` maps field
codes to text: dates ``YYYY-MM-DD``, amounts plain decimal strings, several
处罚类别 joined with ``;``, empty fields left out. An empty batch is not sent.

A record may also carry an ``operation``. ``"operation": "withdraw"`` asks the
platform to withdraw (撤回) the decision published under the record's key —
行政处罚法 §48: a published decision that was revoked or changed is withdrawn
within 3 working days —, ``fields`` being what was last sent (empty for a
decision known only from an imported ledger)::

    {"key": "8cb61c5e85a7ea838588ef0aa44b9a3f", "fields": {…}, "operation": "withdraw"}

A record without ``operation`` is an upsert (publish the record, or its
update): upserts are sent exactly as before withdrawals existed, byte for
byte, so a platform that knows nothing of withdrawals reads them as it did.
Withdrawals and upserts may share a batch; each gets its result as below
(``accepted``: withdrawn).

A record whose 公开范围 is not 公示 carries it: ``"scope": "政务共享"`` or
``"scope": "授权查询"`` — the platform keeps and forwards it but does not publish
the record. A record without ``scope`` is 公示, so public records are sent as
before, byte for byte.

Response
========

A ``2xx`` answer whose body is

.. code-block:: json

    {"results": [
      {"key": "8cb61c5e85a7ea838588ef0aa44b9a3f", "status": "accepted", "message": ""},
      {"key": "0f3c…", "status": "rejected", "message": "CF_XDR_SHXYM 校验位错误"}
    ]}

``status`` is ``accepted`` or ``rejected``; ``message`` (optional) is the
platform's reason. The results may come in any order. A record of the batch
that the results leave out has no answer: it is not a rejection, so
``sgs sync`` keeps it pending (noting :data:`MISSING_RESULT`) and sends it
again, under the same key and batch id, on the next run. A body that is not
JSON, lacks ``results``, has another status, or names a key (or the same key
twice) that is not in the batch is a :class:`TransportError`: the answer
cannot be trusted, so no receipt is made from it.

Retries
=======

Connection errors, timeouts, ``408``, ``429`` and ``5xx`` answers are retried
``retries`` times, each after a delay of full-jitter exponential backoff:
``random.uniform(0, min(max_backoff, backoff * 2**n))`` before retry *n*
(0, 1, 2, …). A ``Retry-After`` header (seconds or an HTTP date) on such an
answer is honoured instead, capped at ``max_backoff``. Any other non-``2xx``
answer (``400``, ``401``, ``403``, ``404``, a redirect, …) is not retried: it
is a :class:`TransportError` giving the status and the start of the body.
When every attempt failed, the :class:`TransportError` says how many
attempts were made and what the last error was. Retrying is safe because the
``Idempotency-Key`` and the record keys stay the same.

Returns
=======

A platform that, after accepting a record, finds it wrong (疑问数据) returns it
to the department: :meth:`HttpTransport.returns` asks for them with
``GET returns_url[?since=<ISO 8601 time>]``, with the ``Authorization`` header
of a push and its timeouts and retries, and expects a ``2xx`` answer

.. code-block:: json

    {"returns": [
      {"id": 17, "key": "8cb61c5e85a7ea838588ef0aa44b9a3f", "kind": "penalty",
       "number": "示市监罚〔2026〕1号", "status": "pending", "status_label": "待修改",
       "reasons": [{"code": "uscc-checksum", "field": "CF_XDR_SHXYM",
                    "message": "统一社会信用代码校验位错误"}],
       "received_at": "2026-11-26T10:00:00+00:00", "content_hash": "<sha256 hex>",
       "note": null}
    ]}

``status`` is ``pending`` (待修改), ``fixed`` (已修改: a later record under the
key was accepted) or ``ignored`` (已忽略, with the staff's ``note``);
``content_hash`` is :func:`sgs.store.payload_hash` of the fields as the
platform received them; ``received_at`` is when (a time without an offset is
taken as UTC). ``since`` asks only for the returns received since then:
``sgs sync`` passes the newest ``received_at`` it has seen. ``id``,
``number`` and ``note`` are optional, other keys are ignored. A body that is
not such a list, or an item lacking one of ``key``, ``status``, ``reasons``,
``received_at``, ``content_hash``, is a :class:`TransportError`.

``returns_url`` defaults to ``url`` with its final ``/records`` made
``/returns`` (``…/api/v1/records`` → ``…/api/v1/returns``); with any other
``url``, and with ``returns_url = ""``, no returns are fetched
(:meth:`~HttpTransport.returns` gives ``None``).

Objection notices (核查通知)
===========================

When a subject objects to a record (异议), the platform sends the providing
department a 核查通知. :meth:`HttpTransport.objections` asks for the open ones
with ``GET objections_url`` and expects

.. code-block:: json

    {"objections": [
      {"case": "YY20261202-7F3KQ9", "key": "8cb61c5e85a7ea838588ef0aa44b9a3f",
       "number": "示市监罚〔2026〕1号", "claim": "事实错误", "text": "…",
       "state": "verifying", "notice_on": "2026-12-02", "due": "2026-12-07"}
    ]}

``due`` is the department's deadline (3 working days from the notice in Henan).
The department answers with the corrected record, pushed as usual with
``"objection": "YY20261202-7F3KQ9"`` on it (``sgs sync`` adds it while the
ledger holds the case), or — the record stands — with
:meth:`HttpTransport.answer_objection`: ``POST objections_url/CASE/answer``
``{"outcome": "confirmed", "opinion": "…"}``. ``objections_url`` defaults to
``url`` with its final ``/records`` made ``/objections``.

The platform's credit-repair decisions on the department's records come from
``GET repairs_url`` (default: ``…/repairs``), ``{"repairs": [{"id", "key", "state",
"decided_on"}]}``: ``sgs sync`` notes them in the ledger, and a record repaired on the
platform (``state`` ``repaired``: 终止公示) is no longer on the department's own site.

A platform that speaks something else
=====================================

:meth:`HttpTransport.push` does the sending, the retrying and the checks that
every receipt belongs to the batch; what goes on the wire is decided by two
methods only. A vendor plugin overrides :meth:`~HttpTransport.encode` (the
batch → a JSON-able mapping, or raw ``bytes`` with the class attribute
``content_type`` set to match) and :meth:`~HttpTransport.decode` (a ``2xx``
:class:`httpx.Response` → receipts), then registers the class under its own
name::

    from collections.abc import Callable
    from typing import Any

    import httpx

    from sgs.adapters import Batch, Receipt, Transport
    from sgs.adapters.http import HttpTransport, TransportError
    from sgs.plugins import hookimpl


    class ProvinceTransport(HttpTransport):
        name = "province-x"

        def encode(self, batch: Batch) -> dict[str, Any]:
            return {
                "sjlx": "XZCF" if batch.kind.value == "penalty" else "XZXK",
                "pch": batch.batch_id,
                "data": [dict(r.fields, ID=r.key) for r in batch.records],
            }

        def decode(self, response: httpx.Response, batch: Batch) -> list[Receipt]:
            body = response.json()
            if body.get("code") != "0":
                raise TransportError(f"平台拒绝整批：{body.get('msg')}", "batch refused")
            return [
                Receipt(item["ID"], "accepted" if item["zt"] == "1" else "rejected",
                        item.get("yy", ""))
                for item in body["jg"]
            ]


    @hookimpl
    def sgs_register_transports(register: Callable[[str, type[Transport]], None]) -> None:
        register("province-x", ProvinceTransport)

and the configuration says ``type = "province-x"``; every other key above
(``url``, ``token_env``, ``retries``, …) keeps its meaning.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import math
import os
import random
import ssl
import time
import warnings
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import attrs
import httpx

from sgs.adapters.base import (
    MISSING_RESULT,
    RETURN_STATUSES,
    Batch,
    ConfigError,
    Notice,
    Receipt,
    RepairDecision,
    Return,
    ReturnReason,
    Transport,
    excerpt,
    redact,
)
from sgs.adapters.settings import ConfigWarning
from sgs.errors import TransportError

__all__ = [
    "MISSING_RESULT",
    "HttpTransport",
    "InsecureTransportWarning",
    "TransportError",
    "is_loopback",
]

_T = TypeVar("_T")

logger = logging.getLogger(__name__)

#: The message of the receipt of a record the platform's results leave out.

#: HTTP statuses that are retried besides every ``5xx``.
RETRY_STATUSES = frozenset({408, 429})

#: The most ``retries`` a configuration may ask for.
MAX_RETRIES = 100

#: The longest ``timeout``, ``backoff`` and ``max_backoff`` a configuration may give, seconds.
MAX_SECONDS = 3600

#: How much of a response body an error message quotes.
BODY_EXCERPT = 200

_STATUSES = ("accepted", "rejected")


def _user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"sgs/{version('sgs')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "sgs"


def _public_url(url: str) -> str:
    """``url`` without a user name or password, fit for messages.

    >>> _public_url("https://user:secret@example.org:8443/api?a=1")
    'https://example.org:8443/api?a=1'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """The delay a ``Retry-After`` header asks for, in seconds; ``None`` if unreadable.

    >>> _retry_after("3")
    3.0
    >>> when = dt.datetime(2026, 11, 26, 10, 0, 0, tzinfo=dt.UTC)
    >>> _retry_after("Thu, 26 Nov 2026 10:00:07 GMT", now=when)
    7.0
    >>> _retry_after("Thu, 26 Nov 2026 09:00:00 GMT", now=when)
    0.0
    >>> _retry_after("soon") is None
    True
    """
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


@attrs.frozen
class _Exchange:
    """One kind of request to the platform: its URL, and how its messages name it."""

    url: str
    #: The start of its errors, ``{url}`` standing for the URL.
    failed_zh: str
    failed_en: str
    #: What an answer that refuses it refuses.
    refused_zh: str
    refused_en: str


def _text(value: Any, *, empty: bool = True) -> str | None:
    """``value`` when it is text (not empty unless ``empty``); ``None`` otherwise."""
    return value if isinstance(value, str) and (empty or value) else None


def _reason_texts(reason: dict[str, Any]) -> bool:
    """Whether the ``code``, ``field`` and ``message`` of a reason are text or missing."""
    return all(isinstance(reason.get(k), str | None) for k in ("code", "field", "message"))


def _return_of(item: Any) -> Return | None:
    """The :class:`Return` of one item of a ``returns`` list; ``None`` when it is not one.

    >>> _return_of({"key": "k", "status": "pending", "content_hash": "h", "reasons": [],
    ...             "received_at": "2026-11-26T10:00:00+00:00"}).received_at.isoformat()
    '2026-11-26T10:00:00+00:00'
    >>> _return_of({"key": "k", "status": "done"}) is None
    True
    """
    if not isinstance(item, dict):
        return None
    key, digest = _text(item.get("key"), empty=False), _text(item.get("content_hash"))
    received, reasons = _text(item.get("received_at")), item.get("reasons", [])
    ident, number, note = item.get("id"), item.get("number") or "", item.get("note")
    if (
        key is None
        or digest is None
        or received is None
        or item.get("status") not in RETURN_STATUSES
        or not isinstance(reasons, list)
        or not all(isinstance(r, dict) and _reason_texts(r) for r in reasons)
        or not (ident is None or (isinstance(ident, int) and not isinstance(ident, bool)))
        or not isinstance(number, str)
        or not (note is None or isinstance(note, str))
    ):
        return None
    try:
        when = dt.datetime.fromisoformat(received)
    except ValueError:
        return None
    why = [tuple(_text(r.get(k)) or "" for k in ("code", "field", "message")) for r in reasons]
    return Return(
        key=key,
        status=item["status"],
        reasons=tuple(ReturnReason(*r) for r in why),
        received_at=when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC),
        content_hash=digest,
        number=number,
        note=note,
        id=ident,
    )


def _notice_of(item: Any) -> Notice | None:
    """The :class:`Notice` of one item of an ``objections`` list; ``None`` when it is not one.

    >>> _notice_of({"case": "YY20261202-ABC234", "key": "k", "due": "2026-12-07"}).due
    datetime.date(2026, 12, 7)
    """
    if not isinstance(item, dict):
        return None
    case, key = _text(item.get("case"), empty=False), _text(item.get("key"), empty=False)
    texts = [item.get(k, "") for k in ("number", "claim", "text", "state")]
    if case is None or key is None or not all(isinstance(t, str) for t in texts):
        return None
    days: list[dt.date | None] = []
    for name in ("notice_on", "due"):
        value = item.get(name)
        if value is None:
            days.append(None)
            continue
        if not isinstance(value, str):
            return None
        try:
            days.append(dt.date.fromisoformat(value))
        except ValueError:
            return None
    number, claim, text, state = texts
    return Notice(case=case, key=key, number=number, claim=claim, text=text,
                  notice_on=days[0], due=days[1], state=state or "verifying")  # fmt: skip


def _repair_of(item: Any) -> RepairDecision | None:
    """The :class:`RepairDecision` of one item of a ``repairs`` list; ``None`` when not one.

    >>> _repair_of({"id": "XF1", "key": "k", "state": "repaired", "decided_on": "2026-12-02"}).state
    'repaired'
    """
    if not isinstance(item, dict):
        return None
    ident, key, state = (_text(item.get(k), empty=False) for k in ("id", "key", "state"))
    day = item.get("decided_on")
    if ident is None or key is None or state is None or not (day is None or isinstance(day, str)):
        return None
    try:
        decided = dt.date.fromisoformat(day) if day else None
    except ValueError:
        return None
    return RepairDecision(id=ident, key=key, state=state, decided_on=decided)


class HttpTransport(Transport):
    """Push batches to a credit platform over HTTP(S) in the default wire format.

    See the module documentation for the configuration, the request, the
    response and the retries. One :class:`httpx.Client` is made at the first
    push and kept until :meth:`close`.

    ``sleep`` (default :func:`time.sleep`) and ``uniform`` (default
    :func:`random.uniform`) are attributes so that tests can record the
    delays instead of waiting.

    >>> t = HttpTransport({"url": "https://credit.example.gov.cn/api/batches"})
    >>> t
    HttpTransport(url='https://credit.example.gov.cn/api/batches')
    >>> t.timeout, t.retries, t.backoff, t.max_backoff
    (30.0, 5, 0.5, 30.0)
    """

    name: ClassVar[str] = "http"
    settings: ClassVar[frozenset[str] | None] = frozenset(
        {"url", "token_env", "timeout", "retries", "backoff", "max_backoff", "verify",
         "returns_url", "objections_url", "repairs_url"}
    )  # fmt: skip

    #: The ``Content-Type`` of the request; a subclass whose :meth:`encode`
    #: returns bytes in another format sets its own.
    content_type: ClassVar[str] = "application/json"

    def __init__(
        self, config: Mapping[str, Any], *, base_dir: str | os.PathLike[str] | None = None
    ) -> None:
        super().__init__(config, base_dir=base_dir)
        self.url = self._url("url", self.option("url", "", required=True, type=str))
        #: Where :meth:`returns` asks for the platform's returns (``None``: it does not).
        self.returns_url = self._sibling_url("returns_url", "returns")
        #: Where :meth:`objections` asks for the 核查通知 (``None``: it does not).
        self.objections_url = self._sibling_url("objections_url", "objections")
        #: Where :meth:`repairs` asks for the platform's repair decisions (``None``: not).
        self.repairs_url = self._sibling_url("repairs_url", "repairs")
        self.timeout = self.option("timeout", 30.0, type=float, min=0.1, max=MAX_SECONDS)
        self.retries = self.option("retries", 5, type=int, min=0, max=MAX_RETRIES)
        self.backoff = self.option("backoff", 0.5, type=float, min=0, max=MAX_SECONDS)
        self.max_backoff = self.option("max_backoff", 30.0, type=float, min=0, max=MAX_SECONDS)
        self.verify = self._verify()
        self._token = self._read_token()
        # the records hold ID numbers: plain http:// to another machine is warned about
        # with or without a token
        _warn_if_plain(self.url, self._token is not None)
        if self.returns_url and urlsplit(self.returns_url)[:2] != urlsplit(self.url)[:2]:
            _warn_if_plain(self.returns_url, self._token is not None)
        self._pushing = _Exchange(self.url, "发送到 {url} 失败", "sending to {url} failed",
                                  "整批数据", "the batch")  # fmt: skip
        self._fetching = _Exchange(
            self.returns_url or self.url, "从 {url} 获取退回数据失败",
            "fetching the returns from {url} failed", "请求", "the request",
        )  # fmt: skip
        self._client: httpx.Client | None = None
        self.sleep: Callable[[float], object] = time.sleep
        self.uniform: Callable[[float, float], float] = random.uniform

    # -- configuration ---------------------------------------------------------

    def _bad(self, key: str, zh: str, en: str) -> ConfigError:
        return ConfigError(
            f'[transport] type = "{self.name}" 的配置项 {key} {zh}',
            f"[transport] type = {self.name!r}: the setting {key!r} {en}",
        )

    def _url(self, key: str, url: str) -> str:
        """``url``, the value of the setting ``key``: an http(s) URL with a host."""
        if urlsplit(url.strip()).scheme not in ("http", "https"):
            raise self._bad(
                key, "应为 http:// 或 https:// 地址", "must be an http:// or https:// URL"
            )
        if not urlsplit(url.strip()).hostname:
            raise self._bad(key, "缺少主机名", "has no host name")
        return url.strip()

    def _sibling_url(self, key: str, name: str) -> str | None:
        """The setting ``key``; by default ``url`` with ``/name`` for its final ``/records``."""
        value = self.option(key, None, type=str)
        if value is not None:
            return self._url(key, value) if value.strip() else None
        parts = urlsplit(self.url)
        if not parts.path.endswith("/records"):
            return None
        return urlunsplit(parts._replace(path=parts.path.removesuffix("records") + name))

    def _verify(self) -> bool | ssl.SSLContext:
        value = self.option("verify", True, type=(bool, str))
        if isinstance(value, bool):
            return value
        if value.strip():
            path = (self.base_dir / value.strip()).resolve()
            if not path.is_file():
                raise self._bad(
                    "verify", f"指向的 CA 证书文件不存在：{path}", f"names no file: {path}"
                )
            try:
                return ssl.create_default_context(cafile=str(path))
            except (OSError, ssl.SSLError) as exc:  # not a PEM bundle
                raise self._bad(
                    "verify",
                    f"指向的文件不是可用的 CA 证书：{path}（{exc}）",
                    f"names a file that is no usable CA bundle: {path} ({exc})",
                ) from None
        raise self._bad(
            "verify",
            "应为 true、false 或 CA 证书文件路径",
            "must be true, false or the path of a CA bundle",
        )

    def _read_token(self) -> str | None:
        variable = self.option("token_env", None, type=str, empty=False)
        if variable is None:
            return None
        variable = variable.strip()
        token = os.environ.get(variable, "").strip()
        if not token:
            raise ConfigError(
                f"[transport] token_env 指定的环境变量 {variable} 未设置或为空",
                f"[transport] token_env names the environment variable {variable}, "
                "which is not set or empty",
            )
        if not token.isascii() or not token.isprintable() or " " in token:
            raise ConfigError(
                f"环境变量 {variable} 中的令牌含有空格、控制字符或非 ASCII 字符",
                f"the token in the environment variable {variable} holds spaces, "
                "control or non-ASCII characters",
            )
        return token

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={_public_url(self.url)!r})"

    # -- the two hooks a platform plugin overrides -------------------------------

    def encode(self, batch: Batch) -> bytes | Mapping[str, Any]:
        """The request body of ``batch``: a JSON-able mapping, or raw bytes.

        A mapping is sent as UTF-8 JSON (non-ASCII characters as they are).

        >>> from sgs.adapters import OutgoingRecord
        >>> from sgs.standard import Kind
        >>> batch = Batch("b-1", "2018", Kind.PENALTY, (OutgoingRecord("k1", {"CF_WSH": "罚1号"}),))
        >>> HttpTransport({"url": "http://127.0.0.1/"}).encode(batch)
        {'standard': '2018', 'kind': 'penalty', 'batch_id': 'b-1', 'records': [{'key': 'k1', 'fields': {'CF_WSH': '罚1号'}}]}
        """
        return {
            "standard": batch.standard,
            "kind": batch.kind.value,
            "batch_id": batch.batch_id,
            "records": [r.as_json() for r in batch.records],
        }

    def decode(self, response: httpx.Response, batch: Batch) -> list[Receipt]:
        """The receipts in a ``2xx`` answer to ``batch``.

        Raise :class:`TransportError` (through :meth:`error`) when the answer
        cannot be read. :meth:`push` then checks that every receipt names a
        record of the batch and adds a rejected receipt for each record left out.
        """
        receipts = []
        for number, item in enumerate(self._listed(response, "results", self._pushing), 1):
            key = item.get("key") if isinstance(item, dict) else None
            status = item.get("status") if isinstance(item, dict) else None
            message = item.get("message") if isinstance(item, dict) else None
            if not isinstance(key, str) or status not in _STATUSES:
                raise self.error(
                    f"results 第 {number} 项应有 key 及 status（accepted 或 rejected），"
                    f"现为 {excerpt(json.dumps(item, ensure_ascii=False), 80)}",
                    f"results item {number} needs a key and a status of accepted or rejected, "
                    f"got {excerpt(json.dumps(item, ensure_ascii=False), 80)}",
                    response=response,
                )
            if message is not None and not isinstance(message, str):
                message = json.dumps(message, ensure_ascii=False)
            receipts.append(Receipt(key, status, self._redact(message or "")))
        return receipts

    # -- sending -----------------------------------------------------------------

    @property
    def client(self) -> httpx.Client:
        """The transport's HTTP client, made at first use."""
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout,
                verify=self.verify,
                follow_redirects=False,
                headers={"User-Agent": _user_agent()},
            )
        return self._client

    def close(self) -> None:
        """Close the HTTP client (a later push opens a new one)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def headers(self, batch: Batch) -> dict[str, str]:
        """The request headers of ``batch``, the ``Authorization`` one included."""
        return {
            "Content-Type": self.content_type,
            "Idempotency-Key": batch.batch_id,
            **self._authorization(),
        }

    def _authorization(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token is not None else {}

    def push(self, batch: Batch) -> list[Receipt]:
        """Send ``batch``, retrying as configured; one receipt per record of the batch."""
        if not batch.records:
            return []
        body = self.encode(batch)
        content = (
            body
            if isinstance(body, bytes)
            else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        )
        response = self._send(
            self._pushing, f"batch {batch.batch_id}", "POST", headers=self.headers(batch),
            content=content,
        )  # fmt: skip
        return self._reconcile(self.decode(response, batch), batch, response)

    def returns(self, since: dt.datetime | None) -> list[Return] | None:
        """The records the platform returned (疑问数据) since ``since``, all when ``None``.

        ``GET returns_url[?since=…]`` (see the module documentation), retried as
        a push is; ``None`` when :attr:`returns_url` is ``None``. An answer that
        cannot be read is a :class:`TransportError`.
        """
        if self.returns_url is None:
            return None
        response = self._send(
            self._fetching, "returns", "GET",
            headers={"Accept": "application/json", **self._authorization()},
            params={"since": since.isoformat()} if since is not None else None,
        )  # fmt: skip
        listed = self._listed(response, "returns", self._fetching)
        return [self._return(item, number, response) for number, item in enumerate(listed, 1)]

    def objections(self) -> list[Notice] | None:
        """The 核查通知 the platform has open for this department: ``GET objections_url``.

        ``None`` when :attr:`objections_url` is ``None``; an answer that cannot be read is
        a :class:`TransportError`.
        """
        if self.objections_url is None:
            return None
        found = self._fetch(self.objections_url, "objections", _notice_of,
                            "获取核查通知", "the objection notices",
                            "case、key 及 due（日期）", "a case, a key and a due date")  # fmt: skip
        return [attrs.evolve(n, text=self._redact(n.text)) for n in found]

    def repairs(self) -> list[RepairDecision] | None:
        """The platform's repair decisions on this department's records: ``GET repairs_url``
        answering ``{"repairs": [{"id", "key", "state", "decided_on"}]}``."""
        if self.repairs_url is None:
            return None
        return self._fetch(self.repairs_url, "repairs", _repair_of, "获取信用修复结果",
                           "the repair decisions", "id、key、state 及 decided_on",
                           "an id, a key, a state and decided_on")  # fmt: skip

    def _fetch(self, url: str, name: str, parse: Callable[[Any], _T | None], what_zh: str,
               what_en: str, needs_zh: str, needs_en: str) -> list[_T]:  # fmt: skip
        """The items of the list ``name`` that ``GET url`` answers, each read by ``parse``
        (``None``: not such an item, a :class:`TransportError` naming it)."""
        exchange = _Exchange(url, f"从 {{url}} {what_zh}失败", f"fetching {what_en} from {{url}} failed",
                             "请求", "the request")  # fmt: skip
        response = self._send(exchange, name, "GET",
                              headers={"Accept": "application/json", **self._authorization()})  # fmt: skip
        found = []
        for number, item in enumerate(self._listed(response, name, exchange), 1):
            parsed = parse(item)
            if parsed is None:
                shown = excerpt(json.dumps(item, ensure_ascii=False), 120)
                raise self.error(
                    f"{name} 第 {number} 项应有 {needs_zh}，现为 {shown}",
                    f"{name} item {number} needs {needs_en}, got {shown}",
                    response=response, exchange=exchange,
                )  # fmt: skip
            found.append(parsed)
        return found

    def answer_objection(self, case: str, outcome: str, opinion: str = "") -> None:
        """``POST objections_url/CASE/answer`` with ``{"outcome", "opinion"}``."""
        if self.objections_url is None:
            super().answer_objection(case, outcome, opinion)
            return
        url = f"{self.objections_url.rstrip('/')}/{quote(case, safe='')}/answer"
        exchange = _Exchange(url, "向 {url} 答复核查通知失败",
                             "answering the objection notice at {url} failed", "答复",
                             "the answer")  # fmt: skip
        body = json.dumps({"outcome": outcome, "opinion": opinion}, ensure_ascii=False)
        self._send(exchange, f"objection {case}", "POST", content=body.encode("utf-8"),
                   headers={"Content-Type": "application/json", **self._authorization()})  # fmt: skip

    def _send(
        self,
        exchange: _Exchange,
        label: str,
        method: str,
        *,
        headers: Mapping[str, str],
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """The ``2xx`` answer to one request, retried as configured (see the module docs)."""
        attempts = self.retries + 1
        last_zh = last_en = ""
        last_status: int | None = None
        last_exc: Exception | None = None
        for attempt in range(attempts):
            try:
                response = self.client.request(
                    method, exchange.url, content=content, headers=headers, params=params
                )
            except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
                raise self.error(
                    f"无法发送请求：{self._describe(exc)}",
                    f"cannot send the request: {self._describe(exc)}",
                    attempts=attempt + 1,
                    exchange=exchange,
                ) from None
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                timeout = isinstance(exc, httpx.TimeoutException)
                last_zh = ("超时（" if timeout else "连接错误（") + self._describe(exc) + "）"
                last_en = ("timeout (" if timeout else "connection error (") + self._describe(exc)
                last_en += ")"
                last_status, last_exc = None, exc
                delay = self._delay(attempt, None)
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return response
                if status not in RETRY_STATUSES and status < 500:
                    raise self.error(
                        f"平台拒绝了{exchange.refused_zh}：HTTP {status}，{self._body(response)}",
                        f"the platform refused {exchange.refused_en}: HTTP {status}, "
                        f"{self._body(response)}",
                        response=response,
                        attempts=attempt + 1,
                        exchange=exchange,
                    )
                last_zh = last_en = f"HTTP {status} {self._body(response)}"
                last_status, last_exc = status, None
                delay = self._delay(attempt, _retry_after(response.headers.get("Retry-After")))
            if attempt + 1 < attempts:
                logger.warning(
                    "%s to %s: attempt %d of %d failed (%s); retrying in %.2f s",
                    label,
                    _public_url(exchange.url),
                    attempt + 1,
                    attempts,
                    last_en,
                    delay,
                )
                self.sleep(delay)
        raise self.error(
            f"尝试 {attempts} 次均未成功，最后一次：{last_zh}",
            f"{attempts} attempt{'s' if attempts != 1 else ''} failed, the last with {last_en}",
            status=last_status,
            attempts=attempts,
            exchange=exchange,
        ) from last_exc

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """The wait before retry number ``attempt`` (0-based): Retry-After or full jitter."""
        if retry_after is not None:
            return min(self.max_backoff, retry_after)
        return self.uniform(0.0, min(self.max_backoff, self.backoff * 2.0**attempt))

    def _reconcile(
        self, receipts: Sequence[Receipt], batch: Batch, response: httpx.Response
    ) -> list[Receipt]:
        """Check ``receipts`` against the batch; a rejected receipt for each record left out.

        A key may have as many results as the batch has records under it (one,
        unless the batch itself repeats a decision).
        """
        left = Counter(r.key for r in batch.records)
        for receipt in receipts:
            if receipt.status not in _STATUSES:
                raise self.error(
                    f"记录 {excerpt(receipt.key, 80)} 的状态 {receipt.status!r} 无效",
                    f"the record {excerpt(receipt.key, 80)!r} has the status "
                    f"{receipt.status!r}, not accepted or rejected",
                    response=response,
                )
            if receipt.key not in left:
                raise self.error(
                    f"平台的回应含有不属于本批的记录 {excerpt(receipt.key, 80)}",
                    f"the answer names the record {excerpt(receipt.key, 80)!r}, "
                    "which is not in the batch",
                    response=response,
                )
            if left[receipt.key] == 0:
                raise self.error(
                    f"平台的回应多次给出记录 {receipt.key} 的结果",
                    f"the answer gives more than one result for the record {receipt.key!r}",
                    response=response,
                )
            left[receipt.key] -= 1
        return list(receipts)  # a record left out has no answer: the sync keeps it pending

    # -- reading answers ----------------------------------------------------------

    def _listed(self, response: httpx.Response, name: str, exchange: _Exchange) -> list[Any]:
        """The list ``name`` of the JSON object a ``2xx`` answer holds."""
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            raise self.error(
                f"平台的回应不是 JSON：{self._body(response)}",
                f"the answer is not JSON: {self._body(response)}",
                response=response,
                exchange=exchange,
            ) from None
        items = body.get(name) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise self.error(
                f"平台的回应缺少 {name} 列表：{self._body(response)}",
                f"the answer has no {name!r} list: {self._body(response)}",
                response=response,
                exchange=exchange,
            )
        return items

    def _return(self, item: Any, number: int, response: httpx.Response) -> Return:
        """The return an item of the ``returns`` list describes."""
        shown = excerpt(json.dumps(item, ensure_ascii=False), 120)
        found = _return_of(item)
        if found is None:
            raise self.error(
                f"returns 第 {number} 项应有 key、status（pending、fixed 或 ignored）、"
                f"reasons、received_at（ISO 8601 时间）及 content_hash，现为 {shown}",
                f"returns item {number} needs a key, a status of pending, fixed or ignored, "
                f"reasons, received_at (an ISO 8601 time) and content_hash, got {shown}",
                response=response,
                exchange=self._fetching,
            )
        reasons = tuple(attrs.evolve(r, message=self._redact(r.message)) for r in found.reasons)
        note = self._redact(found.note) if found.note is not None else None
        return attrs.evolve(found, reasons=reasons, note=note)

    # -- messages ----------------------------------------------------------------

    def error(
        self,
        problem_zh: str,
        problem_en: str,
        *,
        response: httpx.Response | None = None,
        status: int | None = None,
        attempts: int = 1,
        exchange: _Exchange | None = None,
    ) -> TransportError:
        """A :class:`TransportError` naming the URL and the problem, with any token masked.

        It is the push's error (``发送到 … 失败``) unless ``exchange`` names
        another request (sgs's own: the returns).
        """
        exchange = exchange or self._pushing
        url = _public_url(exchange.url)
        return TransportError(
            self._redact(f"{exchange.failed_zh.format(url=url)}：{problem_zh}"),
            self._redact(f"{exchange.failed_en.format(url=url)}: {problem_en}"),
            url=url,
            status=response.status_code if response is not None else status,
            attempts=attempts,
        )

    def _redact(self, text: str) -> str:
        return redact(text, [self._token])

    def _describe(self, exc: Exception) -> str:
        detail = str(exc).strip()
        text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        return self._redact(text)

    def _body(self, response: httpx.Response) -> str:
        # Mask the token in the whole (bounded) body before cutting, so no part of it shows.
        text = response.content[:65536].decode("utf-8", errors="replace")
        text = self._redact(" ".join(text.split()))
        return excerpt(text, BODY_EXCERPT) if text else "(empty body)"


class InsecureTransportWarning(ConfigWarning):
    """A token, or records with personal data, are about to travel over plain ``http://``
    to another machine (a :class:`~sgs.adapters.settings.ConfigWarning`: the ``url``
    setting is probably not what was meant)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``127.0.0.0/8``, ``::1``, ``localhost``).

    >>> [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.0.0.8", "::")]
    [True, True, True, False, False, False]
    """
    import ipaddress

    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _warn_if_plain(url: str, token: bool) -> None:
    """Warn once per URL when the token and the records would go unencrypted over the network."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "http" or is_loopback(host):
        return
    what_zh, what_en = (
        ("令牌和记录", "the token and the records") if token else ("记录", "the records")
    )
    warnings.warn(
        InsecureTransportWarning(
            f"{what_zh}（含个人信息）将以明文 http:// 发送到 {host}，请改用 https:// "
            f"({what_en}, personal data included, would be sent unencrypted over http:// "
            f"to {host}; use https://)"
        ),
        stacklevel=3,
    )
