"""``platform.toml``: who the platform is and where its store lives.

The minimal file::

    [platform]
    name = "示例市信用信息中心"
    credit_code = "12410100MB0000000X"

    [store]
    url = "sqlite:///platform.db"      # relative to this file; postgresql+psycopg://… shared

Everything else has a default::

    [validation]
    standard = "2021"                  # the version records are checked against (newest)
    severity = { "amount-looks-like-yuan" = "off" }   # issue code → error | warning | off
    plugins = true                     # the rules of installed plugins too

    [serve]
    host = "127.0.0.1"
    port = 8080
    max_body = 16777216                # bytes; a larger request is refused (413)
    every = 60                         # seconds between intake and forwarding runs; 0: never
    rate_per_token = 600               # /api/v1/ requests a minute per bearer token (429 beyond)
    rate_per_address = 1200            # /api/v1/ requests a minute per client address
    profile = "production"             # or "development"; production refuses debug = true
    debug = false                      # tracebacks in 500 answers: development only
    tls_cert = "tls/cert.pem"          # serve HTTPS directly (relative to this file), with
    tls_key = "tls/key.pem"            # tls_key; without them, plain HTTP (behind a proxy)

    [intake]
    folder = "drop"                    # batches of departments' directory transports
    quarantine = "drop/.sgs-quarantine"

    [[intake.table]]                   # a 前置库 exchange table written by sql-table
    department = "11410100MB00000005"
    url = "sqlite:///exchange.db"
    table = "sgs_exchange_{kind}"

    [reports]
    declaration_day = 10               # the 月报表 of a month is due by this day of the next
    late_threshold = 50                # 迟报率 (%) over which a unit is listed

    [portal]                           # the credit portal's 双公示 pages and the public API
    title = "信用示例市 双公示"          # the pages' title (default: the platform's name)
    templates = "portal-templates"     # a folder of Jinja2 templates overriding the built-in
    rate = 60                          # requests a minute per client address (429 beyond)
    snapshots = true                   # record once a day what the portal shows (sgs publish shown)

    [publication]                      # who is published and the fine thresholds
    large_fine = { "*" = 10 }          # (sgs.publication.Policy.from_mapping; docs/publication.md)

    [cases]                            # objections (异议) and credit repair (信用修复)
    profile = "henan"                  # the deadline profile (docs/objections-and-repair.md)
    route = "provider"                 # objections go to the providing department (核查通知)
                                       # or stay with the platform ("own_scope")
    staff_token_env = "SGS_STAFF_TOKEN"  # the staff's API token, read from the environment

    [retention]                        # how long access-log entries are kept (docs/security.md)
    query = "10y"                      # Ny, Nm or Nd; never shorter than the legal minimum
    processing = "3y"
    system = "6m"

    [upstream.province]                # where accepted changes are forwarded: a transport
    type = "http"
    url = "https://credit.province.example/api/v1/records"
    token_env = "SGS_PROVINCE_TOKEN"

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "platform.toml").write_text(
...     '[platform]\\nname = "示例市信用信息中心"\\ncredit_code = "12410100MB0000000X"\\n',
...     encoding="utf-8")
>>> config = load_platform_config(folder / "platform.toml")
>>> config.name, config.store_url
('示例市信用信息中心', 'sqlite:///platform.db')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from sgs.adapters.config_files import check_tables, in_file, read_config_file, url_problem
from sgs.adapters.settings import Setting
from sgs.errors import ConfigError, ConfigFileError
from sgs.platform.purposes import PURPOSE_CODES, PURPOSES
from sgs.store.retention import Retention, duration_problem

if TYPE_CHECKING:
    from sgs.adapters import Transport
    from sgs.publication import Policy

__all__ = ["TABLES", "ExchangeTable", "PlatformConfig", "load_platform_config"]

#: The largest ``[serve] max_body``: 1 GiB.
MAX_BODY = 1 << 30
#: The default ``[serve] max_body``: 16 MiB.
DEFAULT_MAX_BODY = 16 << 20

#: ``[serve] profile``: production (the default) refuses debug mode.
PROFILES = ("production", "development")

#: The tables of ``platform.toml`` and their keys.
TABLES = {
    "platform": (
        Setting("name", str, required=True, empty=False),
        Setting("credit_code", str, required=True, empty=False),
    ),
    "store": (Setting("url", str, empty=False, check=url_problem),),
    "validation": (
        Setting("standard", str, empty=False),
        Setting("severity", dict),
        Setting("plugins", bool),
    ),
    "serve": (
        Setting("host", str, empty=False),
        Setting("port", int, min=0, max=65535),
        Setting("max_body", int, min=1024, max=MAX_BODY),
        Setting("every", float, min=0, max=86_400),
        # HTTP service hardening (docs/security.md)
        Setting("rate_per_token", int, min=1, max=1_000_000),
        Setting("rate_per_address", int, min=1, max=1_000_000),
        Setting("profile", str, choices=PROFILES),
        Setting("debug", bool),
        Setting("tls_cert", str, empty=False),
        Setting("tls_key", str, empty=False),
    ),
    "intake": (
        Setting("folder", str, empty=False),
        Setting("quarantine", str, empty=False),
        Setting("table", list, items=dict),
    ),
    "reports": (
        Setting("declaration_day", int, min=1, max=28),
        Setting("late_threshold", float, min=0, max=100),
    ),
    "portal": (
        Setting("title", str, empty=False),
        Setting("templates", str, empty=False),
        Setting("rate", int, min=1, max=100_000),
        Setting("snapshots", bool),
    ),
    "cases": (
        Setting("profile", str, empty=False),
        Setting("route", str, empty=False),
        Setting("staff_token_env", str, empty=False),
    ),
    "access": (
        Setting("purposes", list, items=str),
        Setting("departments", dict),
        Setting("valid_days", int, min=1, max=90),
        Setting("session_hours", int, min=1, max=24),
    ),
    "publication": (),
    "upstream": (),
    "retention": (
        Setting("query", str, empty=False, check=duration_problem),
        Setting("processing", str, empty=False, check=duration_problem),
        Setting("system", str, empty=False, check=duration_problem),
    ),
}
#: Where an objection goes by default: the providing department, or the platform itself.
ROUTES = ("provider", "own_scope")


@attrs.frozen(kw_only=True)
class ExchangeTable:
    """A 前置库 exchange table one department's ``sql-table`` transport writes."""

    department: str
    url: str
    table: str = "sgs_exchange_{kind}"


@attrs.frozen(kw_only=True)
class PlatformConfig:
    """What ``platform.toml`` says. Paths are relative to ``base_dir`` (the file's folder)."""

    name: str
    credit_code: str
    store_url: str = "sqlite:///platform.db"
    #: The standard version records are checked against (``None``: the newest).
    standard: str | None = None
    #: Issue code (or ``code:FIELD``) → ``error`` | ``warning`` | ``off``.
    severity: Mapping[str, str] = attrs.field(factory=dict)
    #: Whether the rules of installed plugins check received records too.
    plugins: bool = True
    host: str = "127.0.0.1"
    port: int = 8080
    max_body: int = DEFAULT_MAX_BODY
    #: Seconds between the server's intake and forwarding runs (0: it does not run them).
    every: float = 60.0
    #: ``/api/v1/`` requests a minute per bearer token (by its hash) and per client address.
    rate_per_token: int = 600
    rate_per_address: int = 1200
    #: ``production`` or ``development`` (``[serve] profile``).
    profile: str = "production"
    #: Starlette's debug mode (tracebacks in 500 answers): only in the development profile.
    debug: bool = False
    #: The TLS certificate and key (PEM) uvicorn serves HTTPS with, relative to ``base_dir``.
    tls_cert: str | None = None
    tls_key: str | None = None
    #: The drop folder (a sub-folder per department code), relative to ``base_dir``.
    folder: str | None = None
    #: Where batches that cannot be taken go (default ``<folder>/.sgs-quarantine``).
    quarantine: str | None = None
    tables: tuple[ExchangeTable, ...] = ()
    #: Each upstream destination's transport table, by name.
    upstream: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    #: The day of the next month a department's 月报表 is due by (moved to a working day).
    declaration_day: int = 10
    #: The 迟报率 (%) over which the monthly report lists a unit.
    late_threshold: Decimal = Decimal(50)
    #: The credit portal's title (``None``: the platform's name).
    portal_title: str | None = None
    #: A folder of templates overriding the built-in ones, relative to ``base_dir``.
    portal_templates: str | None = None
    #: Requests a minute each client address may make of the public routes.
    portal_rate: int = 60
    #: Whether the server records what the portal shows once a day (``[portal] snapshots``).
    portal_snapshots: bool = True
    #: The publication policy of ``[publication]`` (``None``: the built-in defaults).
    publication: Policy | None = None
    #: The deadline profile of objections and repairs (``[cases] profile``).
    case_profile: str = "henan"
    #: Where an objection goes by default (``[cases] route``): ``provider`` or ``own_scope``.
    case_route: str = "provider"
    #: The environment variable holding the staff's API token (``None``: no staff API).
    staff_token_env: str | None = None
    #: The purposes the credit centre's own queriers may name (``[access] purposes``).
    access_purposes: tuple[str, ...] = PURPOSE_CODES
    #: Each department's purpose whitelist, by its code (``[access.departments.<code>]``).
    access_departments: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: Days an approved application lets its requester see the records in clear.
    application_days: int = 7
    #: Hours a staff portal session lasts.
    session_hours: int = 8
    #: How long each class of access-log entries is kept (``[retention]``).
    retention: Retention = attrs.field(factory=Retention)
    base_dir: Path = attrs.field(factory=Path.cwd)
    path: Path | None = None

    @property
    def has_intake(self) -> bool:
        """Whether a drop folder or a 前置库 table is configured (:mod:`sgs.platform.intake`)."""
        return self.folder is not None or bool(self.tables)

    def own_files(self) -> list[Path]:
        """The files the platform keeps (``platform.toml``, a SQLite store): never written over."""
        from sgs.adapters.sql import sqlite_file

        store = sqlite_file(self.store_url, self.base_dir)
        return [p for p in (self.path, store) if p is not None]

    def make_transport(self, destination: str) -> Transport:
        """The transport of ``[upstream.<destination>]``, its settings checked."""
        from sgs.plugins.registries import make_transport

        try:
            return make_transport(self.upstream[destination], base_dir=self.base_dir)
        except ConfigError as exc:
            if self.path is None:
                raise
            raise in_file(exc, str(self.path)) from None


def load_platform_config(path: str | os.PathLike[str]) -> PlatformConfig:
    """Read and check ``platform.toml``: a mistake is one message naming the key (exit 2)."""
    from sgs.publication.policy import policy_in_file

    name = os.fspath(path)
    tables = check_tables(
        read_config_file(name),
        name,
        TABLES,
        required=("platform",),
        open_tables=("upstream", "publication"),
    )
    platform, store = tables["platform"], tables.get("store", {})
    validation, serve = tables.get("validation", {}), tables.get("serve", {})
    intake, reports = tables.get("intake", {}), tables.get("reports", {})
    portal, cases = tables.get("portal", {}), tables.get("cases", {})
    access = tables.get("access", {})
    route = cases.get("route", "provider")
    if route not in ROUTES:
        raise ConfigFileError(
            f"{name}：[cases] route 应为 provider 或 own_scope（现为 {route!r}）",
            f"{name}: [cases] route must be provider or own_scope (got {route!r})",
        )
    _check_serve(serve, name)
    severity = validation.get("severity", {})
    for code, level in severity.items():
        if level not in ("error", "warning", "off"):
            raise ConfigFileError(
                f"{name}：[validation] severity 中 {code} 应为 error、warning 或 off（现为 {level!r}）",
                f"{name}: [validation] severity: {code} must be error, warning or off "
                f"(got {level!r})",
            )
    return PlatformConfig(
        name=platform["name"].strip(),
        credit_code=platform["credit_code"].strip().upper(),
        store_url=store.get("url", "sqlite:///platform.db"),
        standard=validation.get("standard"),
        severity=dict(severity),
        plugins=validation.get("plugins", True),
        host=serve.get("host", "127.0.0.1"),
        port=serve.get("port", 8080),
        max_body=serve.get("max_body", DEFAULT_MAX_BODY),
        every=serve.get("every", 60.0),
        rate_per_token=serve.get("rate_per_token", 600),
        rate_per_address=serve.get("rate_per_address", 1200),
        profile=serve.get("profile", "production"),
        debug=serve.get("debug", False),
        tls_cert=serve.get("tls_cert"),
        tls_key=serve.get("tls_key"),
        folder=intake.get("folder"),
        quarantine=intake.get("quarantine"),
        tables=tuple(_exchange_table(t, n, name) for n, t in enumerate(intake.get("table", []), 1)),
        upstream=_upstream(tables.get("upstream", {}), name),
        declaration_day=reports.get("declaration_day", 10),
        late_threshold=Decimal(str(reports.get("late_threshold", 50))),
        portal_title=portal.get("title"),
        portal_templates=portal.get("templates"),
        portal_rate=portal.get("rate", 60),
        portal_snapshots=portal.get("snapshots", True),
        publication=policy_in_file(tables.get("publication"), name),
        case_profile=cases.get("profile", "henan"),
        case_route=route,
        staff_token_env=cases.get("staff_token_env"),
        access_purposes=_purposes(
            access.get("purposes", list(PURPOSE_CODES)), "[access] purposes", name
        ),
        access_departments=_department_purposes(access.get("departments", {}), name),
        application_days=access.get("valid_days", 7),
        session_hours=access.get("session_hours", 8),
        retention=_retention(tables.get("retention", {}), name),
        base_dir=Path(name).resolve().parent,
        path=Path(name).resolve(),
    )


def _purposes(values: Any, where: str, file: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigFileError(f"{file}：{where} 应为用途代码的列表",
                              f"{file}: {where} must be a list of purpose codes")  # fmt: skip
    for code in values:
        if code not in PURPOSES:
            raise ConfigFileError(
                f"{file}：{where} 中的 {code!r} 不是已知的查询用途（可用：{'、'.join(PURPOSES)}）",
                f"{file}: {where}: {code!r} is not a known purpose ({', '.join(PURPOSES)})",
            )
    return tuple(dict.fromkeys(values))


def _department_purposes(tables: Mapping[str, Any], file: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for code, table in tables.items():
        where = f"[access.departments.{code}]"
        if not isinstance(table, dict) or set(table) != {"purposes"}:
            raise ConfigFileError(f"{file}：{where} 应只含 purposes（该单位可用的查询用途）",
                                  f"{file}: {where} must hold purposes alone (the department's "
                                  "allowed query purposes)")  # fmt: skip
        found[code.strip().upper()] = _purposes(table["purposes"], f"{where} purposes", file)
    return found


def _check_serve(serve: Mapping[str, Any], file: str) -> None:
    """``[serve]``'s hardening settings together: no debug in production, TLS in pairs."""
    profile = serve.get("profile", "production")
    if profile == "production" and serve.get("debug", False):
        raise ConfigFileError(
            f'{file}：[serve] debug = true 只能用于 profile = "development"（生产环境不得开启调试，'
            "调试会在错误答复中显示程序内部信息）",
            f'{file}: [serve] debug = true is only allowed with profile = "development" '
            "(debug mode shows the program's internals in error answers)",
        )
    if ("tls_cert" in serve) != ("tls_key" in serve):
        raise ConfigFileError(
            f"{file}：[serve] tls_cert 与 tls_key 须同时设置",
            f"{file}: [serve] tls_cert and tls_key must be set together",
        )


def _exchange_table(table: Mapping[str, Any], number: int, file: str) -> ExchangeTable:
    where = f"[[intake.table]] 第 {number} 项"
    for key in ("department", "url"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigFileError(
                f"{file}：{where} 需要文本配置项 {key}",
                f"{file}: [[intake.table]] item {number} needs the text setting {key}",
            )
    problem = url_problem(table["url"])
    if problem is not None:
        raise ConfigFileError(
            f"{file}：{where} 的 url {problem[0]}",
            f"{file}: [[intake.table]] item {number}: url {problem[1]}",
        )
    name = table.get("table", "sgs_exchange_{kind}")
    if not isinstance(name, str) or not name.strip():
        raise ConfigFileError(
            f"{file}：{where} 的 table 应为文本",
            f"{file}: [[intake.table]] item {number}: table must be text",
        )
    return ExchangeTable(
        department=table["department"].strip().upper(), url=table["url"], table=name
    )


def _upstream(tables: Mapping[str, Any], file: str) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for destination, table in tables.items():
        if not isinstance(table, dict) or not isinstance(table.get("type"), str):
            raise ConfigFileError(
                f"{file}：[upstream.{destination}] 应为含 type 的表（上级平台的传输方式）",
                f"{file}: [upstream.{destination}] must be a table with a type (the transport "
                "to the upstream platform)",
            )
        found[destination] = table
    return found


def _retention(table: Mapping[str, str], file: str) -> Retention:
    """``[retention]``, each period at least its legal minimum."""
    from sgs.store.retention import CLASSES, MINIMUMS, SOURCES

    known = {k: v for k, v in table.items() if k in CLASSES}
    retention = Retention(**known)
    for name in retention.too_short():
        zh, en = MINIMUMS[name].words()
        raise ConfigFileError(
            f"{file}：[retention] {name} 不得短于法定最短保存期限 {zh}（{SOURCES[name][0]}）"
            f"（现为 {table[name]!r}）",
            f"{file}: [retention] {name} must not be shorter than the legal minimum of {en} "
            f"({SOURCES[name][1]}) (got {table[name]!r})",
        )
    return retention
