"""What ``sgs platform serve`` runs every ``[serve] every`` seconds, beside the HTTP API.

:func:`scheduled_work` is the one job of the server's scheduler
(:mod:`sgs.platform.web.serve`): the intake channels (:meth:`~sgs.platform.Platform.intake`),
then forwarding upstream (:func:`~sgs.platform.forward.forward`), so that what a run took
in goes up in the same run. A forwarding run already going on (``sgs platform forward``
started by hand) is left to finish; the next scheduled run forwards what it left. The
first run of each China day records what the credit portal shows
(:func:`~sgs.platform.publishing.publish_portal`), unless ``[portal] snapshots = false``.
Every run also records, once each, the deadlines the open objection and repair cases
have missed (a ``breach`` step in the case).
"""

from __future__ import annotations

import logging

from sgs.errors import SgsError
from sgs.platform.config import PlatformConfig
from sgs.platform.forward import forward
from sgs.platform.platform import Platform

__all__ = ["has_scheduled_work", "scheduled_work"]

logger = logging.getLogger("sgs.platform")


def has_scheduled_work(config: PlatformConfig) -> bool:
    """Whether ``config`` gives the scheduler anything to do (intake, an upstream, snapshots)."""
    return config.has_intake or bool(config.upstream) or config.portal_snapshots


def scheduled_work(platform: Platform) -> None:
    """One scheduled run: intake, then forwarding, when configured; counts and problems logged.

    The counts are logged when anything was taken or sent, each quarantined batch and
    each failure as a warning; nothing when there was nothing to do.
    """
    if platform.config.has_intake:
        summary = platform.intake()
        if summary.batches:
            logger.info("intake: %s", summary.lines()[0])
        for line in summary.lines()[1:]:
            logger.warning("intake: %s", line)
    if platform.config.portal_snapshots:
        _snapshot(platform)
    _breaches(platform)
    if platform.config.upstream:
        try:
            forwarded = forward(platform)
        except SgsError as exc:  # another forwarding run holds the lock
            logger.info("forward: %s", exc.message_en)
            return
        for name, tally in forwarded.destinations.items():
            if tally.pushed:
                logger.info("forward to %s: %d sent, %d accepted, %d withdrawn, %d rejected",
                            name, tally.pushed, tally.accepted, tally.withdrawn,
                            tally.rejected)  # fmt: skip
            for failure in tally.failures:
                logger.warning("forward to %s failed: %s", name, failure)


def _breaches(platform: Platform) -> None:
    """Record the deadlines open cases missed (each once); a failure is logged."""
    try:
        late = [*platform.objections.overdue(), *platform.repairs.overdue()]
    except SgsError as exc:
        logger.warning("case deadlines not checked: %s", exc.message_en or exc.message_zh)
        return
    if late:
        logger.warning("%d objection or repair cases are past a deadline", len(late))


def _snapshot(platform: Platform) -> None:
    """The portal's snapshot of the day, when there is none yet; a failure is logged."""
    from sgs.platform.publishing import publish_portal, snapshot_due

    try:
        if snapshot_due(platform):
            run = publish_portal(platform).snapshot
            logger.info("portal snapshot of %s: %d shown, %d new, %d gone",
                        run.as_of, run.shown, run.opened, run.closed)  # fmt: skip
    except SgsError as exc:
        logger.warning("portal snapshot failed: %s", exc.message_en or exc.message_zh)
