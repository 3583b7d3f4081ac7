"""The credit platform (信用平台): the other half of 双公示.

A city credit centre runs it: departments are registered with a token each;
later steps receive their batches, validate and return what fails (疑问数据)
and forward what passes upstream. Configured by ``platform.toml``
(:mod:`sgs.platform.config`); usable from Python without any server::

    from sgs.platform import open_platform
    with open_platform("platform.toml") as platform:
        department, token = platform.store.departments.add("示例市市场监督管理局",
                                                           "11410100MB00000005")
"""

from sgs.platform.config import PlatformConfig, load_platform_config
from sgs.platform.forward import ForwardSummary, forward
from sgs.platform.intake import IntakeSummary
from sgs.platform.platform import Platform, open_platform

__all__ = [
    "ForwardSummary",
    "IntakeSummary",
    "Platform",
    "PlatformConfig",
    "forward",
    "load_platform_config",
    "open_platform",
]
