"""Hook specifications: everything a plugin can give sgs, in one place.

A plugin is a module (or object) with functions marked ``@sgs.plugins.hookimpl``
whose names match the specifications below, made known through the ``sgs``
entry-point group of its package::

    [project.entry-points.sgs]
    my_plugin = "my_package.sgs_plugin"

Every hook here is a *registry* hook: it receives a ``register`` callback and
calls it once per thing it contributes, so that sgs keeps the names unique and
reports a clash naming both plugins (as simonw/llm does). None is
``firstresult``: every plugin's implementation is called. Each hook's
documentation says what ``register`` takes and since which version the hook
exists; ``docs/plugins.md`` has a section per hook, and a test keeps the two
in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from sgs.adapters.base import Source, Transport
    from sgs.calendar.casework import DeadlineProfile
    from sgs.calendar.years import YearData
    from sgs.standard import Standard
    from sgs.validation.rules import Rule

__all__ = [
    "PROJECT",
    "hookimpl",
    "hookspec",
    "sgs_register_calendar_years",
    "sgs_register_deadline_profiles",
    "sgs_register_masking_profiles",
    "sgs_register_renderers",
    "sgs_register_rules",
    "sgs_register_sources",
    "sgs_register_standards",
    "sgs_register_transports",
]

#: The pluggy project name, which is also the entry-point group.
PROJECT = "sgs"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def sgs_register_sources(register: Callable[[str, type[Source]], None]) -> None:
    """Register source types: ``register(name, SourceClass)``.

    ``SourceClass`` subclasses :class:`sgs.adapters.Source`; it is made from the
    ``[source]`` table of a configuration (``type = name``) and yields readers of
    records with their positions. Since sgs 0.1.
    """


@hookspec
def sgs_register_transports(register: Callable[[str, type[Transport]], None]) -> None:
    """Register transport types: ``register(name, TransportClass)``.

    ``TransportClass`` subclasses :class:`sgs.adapters.Transport`; it is made
    from the ``[transport]`` table of a configuration and pushes batches of
    records to a platform, returning one receipt per record. Since sgs 0.1.
    """


@hookspec
def sgs_register_rules(register: Callable[[Rule], None]) -> None:
    """Register validation rules: ``register(rule)`` for each :class:`sgs.validation.Rule`.

    Called once per :class:`sgs.Validator` made with ``plugins=True`` (see :mod:`sgs.plugins.registries`).
    A rule's name must be unique among all plugins; its new issue codes go in
    ``rule.issue_types``. Since sgs 0.1.
    """


@hookspec
def sgs_register_standards(register: Callable[[Standard], None]) -> None:
    """Register standard versions or local extensions: ``register(standard)``.

    ``standard`` is a :class:`sgs.standard.Standard` whose ``version`` names it
    (``"2021-zj"`` for a province's extension, say); it becomes available to
    :func:`sgs.get_standard` and ``--standard``. A version that sgs or another
    plugin already has is a clash. Since sgs 0.1.
    """


@hookspec
def sgs_register_calendar_years(register: Callable[[YearData], None]) -> None:
    """Supply holiday schedules: ``register(year_data)`` for each :class:`sgs.calendar.YearData`.

    For years chinesecalendar does not have yet (or a local correction). A
    year supplied here replaces chinesecalendar's; a file given by the user
    (``--holidays``, ``SGS_HOLIDAYS``, ``extra_years``) replaces a plugin's.
    Since sgs 0.1.
    """


@hookspec
def sgs_register_renderers(register: Callable[[str, Callable[..., object]], None]) -> None:
    """Register report renderers: ``register(name, render)``.

    ``render(document, path)`` writes a report — a :class:`sgs.reports.Document`: its
    title, header block, sections of paragraphs, tables and charts, and the report's data
    in ``document.data`` — to ``path`` (a :class:`pathlib.Path`) in the format ``name``,
    which is what ``sgs report monthly --format name`` and
    :func:`sgs.reports.render` ask for. sgs's own ``json``, ``xlsx``, ``docx`` and
    ``html`` are registered the same way (the built-in plugin ``sgs.reports``); a name
    another plugin has is a clash, and an exception raised by ``render`` is reported
    as the plugin's failure. Since sgs 0.1.
    """


@hookspec
def sgs_register_masking_profiles(register: Callable[..., None]) -> None:
    """Register masking profiles: ``register(profile)`` for each :class:`sgs.publication.MaskingProfile`.

    A profile says how the publish and sharing views hide personal data (which
    characters of a 证件号码 a sharing view keeps, the compound surnames, the free-text
    fields and detectors); ``Publisher(profile="name")`` and the platform's
    ``[publication] profile`` choose one by its ``name``. sgs's own ``cn-default`` is
    registered the same way. A name two plugins register is a clash. Since sgs 0.1.
    """


@hookspec
def sgs_register_deadline_profiles(register: Callable[[DeadlineProfile], None]) -> None:
    """Register deadline profiles: ``register(profile)`` for each profile.

    ``profile`` is a :class:`sgs.calendar.DeadlineProfile`: a region's working-day deadlines
    for objections (异议) and credit repair (信用修复) — each step's working days, the event
    it counts from and the clause it cites, and the extensions allowed. :func:`sgs.plugins.deadlines.deadline_profile`
    chooses one by its ``name``. sgs's own (``henan``, ``national-36``, ``shandong``,
    ``zhejiang``, ``shanghai``) are registered the same way (the built-in plugin
    ``sgs.calendar``); a name sgs or another plugin has is a clash, and something that is
    not a ``DeadlineProfile`` is reported by the plugin's name and left out. Since sgs 0.1.
    """
