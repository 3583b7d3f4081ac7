"""What ``sgs platform serve`` runs every ``[serve] every`` seconds, beside the HTTP API.

:func:`scheduled_work` is the one job of the server's scheduler
(:mod:`sgs.platform.web.serve`): for now the intake channels
(:meth:`~sgs.platform.Platform.intake`). Work that is to run on the same schedule —
forwarding upstream — joins it here, in this module above :mod:`sgs.platform.platform`
so that it may import what imports the platform.
"""

from __future__ import annotations

import logging

from sgs.platform.config import PlatformConfig
from sgs.platform.platform import Platform

__all__ = ["has_scheduled_work", "scheduled_work"]

logger = logging.getLogger("sgs.platform")


def has_scheduled_work(config: PlatformConfig) -> bool:
    """Whether ``config`` gives the scheduler anything to do (a drop folder or a table)."""
    return config.has_intake


def scheduled_work(platform: Platform) -> None:
    """One scheduled run: intake when configured, its counts and problems logged.

    The counts are logged when anything was taken, each quarantined batch and each
    failure as a warning; nothing when there was nothing to do.
    """
    if platform.config.has_intake:
        summary = platform.intake()
        if summary.batches:
            logger.info("intake: %s", summary.lines()[0])
        for line in summary.lines()[1:]:
            logger.warning("intake: %s", line)
