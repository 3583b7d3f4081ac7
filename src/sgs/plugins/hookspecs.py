"""Hook specifications: what a plugin can give sgs.

A plugin is a module or object with functions marked ``@hookimpl`` whose
names match the specifications below, made known through the ``sgs``
entry-point group::

    [project.entry-points.sgs]
    my_rules = "my_package.sgs_rules"

Registry hooks receive a ``register`` callback, so that sgs keeps names
unique and reports clashes itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from sgs.calendar.years import YearData
    from sgs.validation.rules import Rule

__all__ = ["PROJECT", "hookimpl", "hookspec", "sgs_register_calendar_years", "sgs_register_rules"]

#: The pluggy project name and the entry-point group.
PROJECT = "sgs"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def sgs_register_rules(register: Callable[[Rule], None]) -> None:
    """Register validation rules: call ``register(rule)`` for each :class:`~sgs.validation.Rule`.

    Called once per :class:`~sgs.validation.Validator` created with
    ``plugins=True``. A rule's name must be unique among all plugins; its
    new issue codes go into ``rule.issue_types``. Since sgs 0.2.
    """


@hookspec
def sgs_register_calendar_years(register: Callable[[YearData], None]) -> None:
    """Supply holiday schedules: call ``register(year_data)`` for each :class:`~sgs.calendar.YearData`.

    For years chinesecalendar does not have yet (or a local correction). A
    year supplied here replaces chinesecalendar's; a file given by the user
    (``--holidays``, ``SGS_HOLIDAYS``, ``extra_years``) replaces a plugin's.
    Since sgs 0.2.
    """
