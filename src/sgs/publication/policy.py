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
from decimal import Decimal
from types import MappingProxyType
from typing import Final

import attrs

__all__ = ["DEFAULT_HUGE_FINE", "DEFAULT_LARGE_FINE", "Policy", "Sector"]

#: 较大数额罚款 from this amount (万元) when a sector sets none: 10 万元, the common
#: provincial 听证 threshold for organisations [R]; 36号令 第十一条 leaves it to sectors.
DEFAULT_LARGE_FINE: Final = Decimal("10")
#: 巨额罚款 from this amount (万元) when a sector sets none: 100 万元 [R, a policy choice].
DEFAULT_HUGE_FINE: Final = Decimal("100")


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
