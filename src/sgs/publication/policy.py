"""The decisions a credit centre makes for its own platform: sectors, switches and thresholds.

Where the national rules leave a choice — which sector publishes natural
persons' penalties, whether 个体工商户 count as organisations, what a 较大数额
or 巨额 fine is — :class:`Policy` holds it, so a city changes data, not code.

A sector is recognised by the deciding authority: its 统一社会信用代码 (exact) or
a piece of its name (``市场监督管理``). The first sector that matches wins.

>>> policy = Policy(sectors=(Sector(name="市场监管", authority_names=("市场监督管理",)),))
>>> policy.sector_of("", "郑州市市场监督管理局"), policy.sector_of("", "郑州市公安局")
('市场监管', None)
>>> policy.thresholds("市场监管")
(Decimal('10'), Decimal('100'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Final

import attrs

from sgs.errors import ConfigError

__all__ = [
    "DEFAULT_HUGE_FINE",
    "DEFAULT_LARGE_FINE",
    "REPAIR_REGIME_RULES",
    "Policy",
    "Sector",
    "policy_in_file",
]

#: 较大数额罚款 from this amount (万元) when a sector sets none: 10 万元, the common
#: provincial 听证 threshold for organisations [R]; 36号令 第十一条 leaves it to sectors.
DEFAULT_LARGE_FINE: Final = Decimal("10")
#: 巨额罚款 from this amount (万元) when a sector sets none: 100 万元 [R, a policy choice].
DEFAULT_HUGE_FINE: Final = Decimal("100")
#: How the credit-repair rules choose a regime for a decision (repair.md §5.1):
#: ``decision-date``, the one in force on the decision date; ``favourable``,
#: 从旧兼从轻 — from 2026-04-01 the earlier earliest repair date of that regime
#: and 36号令.
REPAIR_REGIME_RULES: Final = ("decision-date", "favourable")


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


def _codes(value: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().upper() for v in value)


def _sectors(value: Iterable[Sector]) -> tuple[Sector, ...]:
    return tuple(value)


def _amounts(value: Mapping[str, Decimal | str | int]) -> Mapping[str, Decimal]:
    return MappingProxyType({k: Decimal(str(v)) for k, v in value.items()})


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True)
class Sector:
    """A 行业 (sector), recognised by its authorities' codes or a piece of their names."""

    name: str
    authority_codes: frozenset[str] = attrs.field(default=frozenset(), converter=_codes)
    authority_names: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def matches(self, code: str, name: str) -> bool:
        """Whether the authority with ``code`` and ``name`` belongs to this sector."""
        if code and code.strip().upper() in self.authority_codes:
            return True
        return any(part and part in name for part in self.authority_names)


@attrs.frozen(kw_only=True)
class Policy:
    """A platform's publication choices; the defaults follow the reference (see docs/publication.md).

    * ``natural_person_sectors``: sector name → the recorded legal basis under
      which that sector publishes natural persons' penalties after 2026-04-01
      (36号令 第十二条 "原则上不予公示" leaves room only for such a basis).
    * ``publish_individual_businesses``: 个体工商户 are published as
      organisations (default, the market-regulation practice); ``False`` treats
      them as natural persons (not published from 2026-04-01, names masked).
    * ``publish_slight_penalties``: publish 轻微 penalties decided under 36号令
      (default ``False``: "原则上不予公示"; when ``True``, for at most 3 months).
    * ``large_fine`` / ``huge_fine``: 较大数额 / 巨额 thresholds in 万元 by sector
      name; the key ``""`` is every other sector.
    * ``unlisted_classes``: the class of a 处罚类别 36号令 does not list.
    * ``profile``: the name of the masking profile views use (``cn-default``, or a
      province's from a plugin).
    * ``non_repairable``: 处罚类别 whose information this platform never repairs
      early (a law or policy says so, 36号令 第二条); none by default.
    * ``repair_regime_rule``: one of :data:`REPAIR_REGIME_RULES` (``decision-date``
      by default).
    """

    sectors: tuple[Sector, ...] = attrs.field(default=(), converter=_sectors)
    natural_person_sectors: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    publish_individual_businesses: bool = True
    publish_slight_penalties: bool = False
    large_fine: Mapping[str, Decimal] = attrs.field(
        factory=lambda: {"": DEFAULT_LARGE_FINE}, converter=_amounts
    )
    huge_fine: Mapping[str, Decimal] = attrs.field(
        factory=lambda: {"": DEFAULT_HUGE_FINE}, converter=_amounts
    )
    unlisted_classes: Mapping[str, str] = attrs.field(
        factory=lambda: {"没收违法所得": "一般", "行政拘留": "严重", "其他": "一般"},
        converter=_frozen_map,
    )
    profile: str = "cn-default"
    non_repairable: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    repair_regime_rule: str = attrs.field(
        default="decision-date", validator=attrs.validators.in_(REPAIR_REGIME_RULES)
    )

    @classmethod
    def from_mapping(cls, table: Mapping[str, object], *, where: str = "[publication]") -> Policy:
        """A policy from a configuration table (``sgs.toml``'s ``[publication]``, say).

        Keys: ``profile`` (a masking profile's name); ``publish_individual_businesses``, ``publish_slight_penalties`` (booleans);
        ``large_fine`` / ``huge_fine`` (tables of 万元 by sector, ``"*"`` for the rest);
        ``unlisted_classes`` (处罚类别 → 轻微/一般/严重); ``non_repairable`` (an array of
        处罚类别); ``repair_regime_rule`` (``decision-date`` or ``favourable``); ``sectors``, an array of tables with
        ``name``, ``authority_codes``, ``authority_names`` and ``natural_persons_basis``
        (the legal basis under which the sector publishes natural persons' penalties).
        A key it does not know, or a value of the wrong kind, is a
        :class:`~sgs.errors.ConfigError` naming it.

        >>> Policy.from_mapping({"large_fine": {"*": 5}, "sectors": [
        ...     {"name": "交通运输", "authority_names": ["交通运输局"],
        ...      "natural_persons_basis": "《…》第…条"}]}).natural_person_sectors
        mappingproxy({'交通运输': '《…》第…条'})
        """
        known = {
            "profile",
            "publish_individual_businesses",
            "publish_slight_penalties",
            "large_fine",
            "huge_fine",
            "unlisted_classes",
            "sectors",
            "non_repairable",
            "repair_regime_rule",
        }
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(
                f"{where} {'、'.join(unknown)}：未知的键（可用：{'、'.join(sorted(known))}）",
                f"{where} {', '.join(unknown)}: unknown key (known: {', '.join(sorted(known))})",
            )
        changes: dict[str, object] = {}
        if "profile" in table:
            profile = table["profile"]
            if not isinstance(profile, str) or not profile.strip():
                raise ConfigError(
                    f"{where} profile 应为脱敏规则的名称（现为 {profile!r}）",
                    f"{where} profile must be a masking profile's name (got {profile!r})",
                )
            changes["profile"] = profile.strip()
        for key in ("publish_individual_businesses", "publish_slight_penalties"):
            if key in table:
                changes[key] = _boolean(table[key], f"{where} {key}")
        for key in ("large_fine", "huge_fine"):
            if key in table:
                changes[key] = _amount_table(table[key], f"{where} {key}")
        if "unlisted_classes" in table:
            changes["unlisted_classes"] = _class_table(
                table["unlisted_classes"], f"{where} unlisted_classes"
            )
        if "non_repairable" in table:
            changes["non_repairable"] = _string_list(
                table["non_repairable"], f"{where} non_repairable"
            )
        if "repair_regime_rule" in table:
            rule = table["repair_regime_rule"]
            if rule not in REPAIR_REGIME_RULES:
                raise _wrong(
                    f"{where} repair_regime_rule",
                    "“decision-date”或“favourable”",
                    '"decision-date" or "favourable"',
                    rule,
                )
            changes["repair_regime_rule"] = rule
        if "sectors" in table:
            sectors, bases = _sector_list(table["sectors"], f"{where} sectors")
            changes["sectors"] = sectors
            changes["natural_person_sectors"] = bases
        return cls(**changes)  # type: ignore[arg-type]

    def sector_of(self, authority_code: str, authority_name: str) -> str | None:
        """The name of the first sector the deciding authority belongs to, or ``None``."""
        for sector in self.sectors:
            if sector.matches(authority_code, authority_name):
                return sector.name
        return None

    def thresholds(self, sector: str | None) -> tuple[Decimal, Decimal]:
        """The 较大数额 and 巨额 thresholds (万元) for ``sector``."""
        large = self.large_fine.get(sector or "", self.large_fine.get("", DEFAULT_LARGE_FINE))
        huge = self.huge_fine.get(sector or "", self.huge_fine.get("", DEFAULT_HUGE_FINE))
        return large, huge


def _wrong(where: str, expected_zh: str, expected_en: str, value: object) -> ConfigError:
    shown = repr(value)[:80]
    return ConfigError(
        f"{where} 应为{expected_zh}，实为 {shown}",
        f"{where} must be {expected_en} (got {shown})",
    )


def _boolean(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _wrong(where, "true 或 false", "true or false", value)
    return value


def _amount_table(value: object, where: str) -> dict[str, Decimal]:
    if not isinstance(value, Mapping):
        raise _wrong(where, "按行业的金额表", "a table of amounts by sector", value)
    found: dict[str, Decimal] = {}
    for sector, amount in value.items():
        try:
            number = Decimal(str(amount))
        except InvalidOperation:
            number = Decimal(-1)
        if isinstance(amount, bool) or not number.is_finite() or number < 0:
            raise _wrong(
                f"{where}.{sector}", "不小于0的金额（万元）", "an amount ≥ 0 (万元)", amount
            )
        found["" if sector == "*" else str(sector)] = number
    return found


def _class_table(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise _wrong(where, "处罚类别到等级的表", "a table of 处罚类别 to classes", value)
    for name, chosen in value.items():
        if chosen not in ("轻微", "一般", "严重"):
            raise _wrong(f"{where}.{name}", "轻微、一般或严重", "轻微, 一般 or 严重", chosen)
    return {str(k): str(v) for k, v in value.items()}


def _string_list(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _wrong(where, "字符串数组", "an array of strings", value)
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise _wrong(where, "非空字符串数组", "an array of non-empty strings", value)
    return tuple(v.strip() for v in value)


def _sector_list(value: object, where: str) -> tuple[tuple[Sector, ...], dict[str, str]]:
    if not isinstance(value, list | tuple):
        raise _wrong(where, "行业表的数组", "an array of sector tables", value)
    sectors: list[Sector] = []
    bases: dict[str, str] = {}
    for n, item in enumerate(value):
        here = f"{where}[{n}]"
        if not isinstance(item, Mapping):
            raise _wrong(here, "行业表", "a sector table", item)
        unknown = sorted(
            set(item) - {"name", "authority_codes", "authority_names", "natural_persons_basis"}
        )
        if unknown:
            raise _wrong(
                here,
                "name、authority_codes、authority_names、natural_persons_basis",
                "name, authority_codes, authority_names, natural_persons_basis",
                unknown,
            )
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _wrong(f"{here}.name", "行业名称", "a sector name", name)
        codes = _string_list(item.get("authority_codes", []), f"{here}.authority_codes")
        names = _string_list(item.get("authority_names", []), f"{here}.authority_names")
        if not codes and not names:
            raise _wrong(
                here,
                "authority_codes 或 authority_names",
                "authority_codes or authority_names",
                item,
            )
        basis = item.get("natural_persons_basis")
        if basis is not None:
            if not isinstance(basis, str) or not basis.strip():
                raise _wrong(
                    f"{here}.natural_persons_basis",
                    "法律依据文本",
                    "the text of a legal basis",
                    basis,
                )
            bases[name.strip()] = basis.strip()
        sectors.append(Sector(name=name.strip(), authority_codes=codes, authority_names=names))
    return tuple(sectors), bases


def policy_in_file(table: Mapping[str, object] | None, file: str) -> Policy | None:
    """The ``[publication]`` table of a configuration file as a policy (``None`` when absent).

    A mistake is a :class:`~sgs.errors.ConfigFileError` naming ``file``.
    """
    from sgs.adapters.config_files import in_file

    if table is None:
        return None
    try:
        return Policy.from_mapping(table)
    except ConfigError as exc:
        raise in_file(exc, file) from None
