"""Running validation over sources: files, open streams, mappings or records.

:class:`Validator` holds the settings (kind, standard, reference date,
severities, extra rules); :meth:`Validator.validate` checks one source
or several and returns a :class:`~sgs.validation.report.Report`;
:meth:`Validator.iter` yields every record with its issues for a pipeline
that wants the valid records. :func:`validate` is the one-call form. A run
goes to a runner (:mod:`sgs.validation.runners`): this process, or
several for a large CSV file with ``jobs`` > 1, or a Dask cluster with
``scheduler``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import cast

import attrs

from sgs.errors import InputError, SgsError
from sgs.io.reader import DEFAULT_EMPTY_MARKERS
from sgs.io.tables import DEFAULT_LIMITS, Format, ReadLimits
from sgs.standard import Kind, Standard, get_standard
from sgs.validation.catalogue import Catalogue
from sgs.validation.engine import Batch, Engine
from sgs.validation.policy import Policy
from sgs.validation.report import Report
from sgs.validation.rules import Rule
from sgs.validation.runners import dask as dask_runner
from sgs.validation.runners.local import Checked, LocalRun, Progress, Source
from sgs.validation.runners.processes import check_file
from sgs.validation.settings import ENGINES, Settings

__all__ = ["Checked", "Progress", "Source", "Sources", "Validator", "validate"]

#: What :func:`validate` takes: one source, or a list of paths (several files, one report).
Sources = Source | Sequence[str | os.PathLike[str]]


class Validator:
    """Validation settings, reusable over many sources.

    ``kind`` fixes the record kind (else it is detected per source);
    ``standard`` is a version name or a :class:`~sgs.standard.Standard`;
    ``as_of`` the reference date of checks such as "not in the future"
    (default: today); ``severity`` maps issue codes (or ``code:FIELD``) to
    ``error``, ``warning`` or ``off``; ``rules`` adds record rules (the rules of installed plugins come
    through :class:`sgs.plugins.registries.Validator`, which is ``sgs.Validator``).
    ``limits`` bound what reading each file may cost (:class:`~sgs.io.tables.ReadLimits`).
    ``engine`` picks the engine for CSV files: ``auto`` (the columnar one when pyarrow and
    numpy are installed), ``columnar`` or ``python``; the results are the same.
    ``scheduler`` checks large CSV files on a Dask cluster: a ``distributed.Client``,
    an address ``tcp://HOST:PORT`` or ``local:N`` (see :mod:`sgs.validation.runners.dask`).

    >>> v = Validator(as_of=dt.date(2026, 11, 26))
    >>> report = v.validate([{"CF_XDR_MC": "某公司", "CF_WSH": "罚〔2026〕1号"}])
    >>> report.summary.total, report.summary.invalid, report.issues[0].code
    (1, 1, 'required-missing')
    """

    def __init__(
        self,
        *,
        kind: Kind | str | None = None,
        standard: Standard | str | None = None,
        as_of: dt.date | None = None,
        severity: Mapping[str, str] | Policy | None = None,
        rules: Iterable[Rule] = (),
        empty_markers: Collection[str] = DEFAULT_EMPTY_MARKERS,
        limits: ReadLimits = DEFAULT_LIMITS,
        engine: str = "auto",
        scheduler: dask_runner.Scheduler | None = None,
    ) -> None:
        self.kind = Kind.parse(kind) if kind is not None else None
        self.standard = get_standard(standard)
        self.as_of = as_of if as_of is not None else dt.date.today()
        self.policy = severity if isinstance(severity, Policy) else Policy(severity or {})
        self.rules = tuple(rules)
        self.catalogue = Catalogue(t for r in self.rules for t in r.issue_types)
        unknown = self.policy.unknown_codes(set(self.catalogue))
        if unknown:
            raise SgsError(
                f"未知的问题代码：{', '.join(unknown)}（见 docs/issue-codes.md）",
                f"unknown issue codes: {', '.join(unknown)} (see docs/issue-codes.md)",
            )
        self.empty_markers = frozenset(empty_markers)
        self.limits = limits
        if engine not in ENGINES:
            raise SgsError(
                f"未知的校验引擎 {engine!r}（可选：{'、'.join(ENGINES)}）",
                f"unknown validation engine {engine!r} (one of {', '.join(ENGINES)})",
            )
        self.engine_name = engine
        if engine == "columnar":
            self.settings().columnar  # noqa: B018  # without pyarrow and numpy: the clear error
        # -- validation on a Dask cluster (issue 18) --
        if isinstance(scheduler, str):
            dask_runner.parse_scheduler(scheduler)  # a wrong address fails here, not mid-run
        self.scheduler = scheduler

    # -- public API ---------------------------------------------------------------------------
    def validate(
        self,
        source: Source,
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """Check every record of ``source`` and return the report."""
        return self.validate_many([source], format=format, encoding=encoding, sheet=sheet,
                                  progress=progress)  # fmt: skip

    def validate_many(
        self,
        sources: Iterable[Source],
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
        jobs: int = 1,
        progress: Progress | None = None,
        skip_unusable: bool = False,
    ) -> Report:
        """Check several sources into one report (duplicates are found across them).

        With ``jobs`` > 1 each large CSV file is checked by that many
        processes (see :mod:`sgs.validation.runners.processes`). A source that cannot
        be read at all raises :class:`~sgs.errors.InputError`; with
        ``skip_unusable`` it is noted in ``report.unusable`` and the others
        are checked.
        """
        if self.scheduler is not None:
            with dask_runner.connect(self.scheduler) as client:
                # The workers hash decision keys with a seed of their own: stable hashes meet.
                settings = attrs.evolve(self.settings(), stable_keys=True)

                def on_cluster(run: LocalRun, path: str | os.PathLike[str], last: bool) -> None:
                    dask_runner.check_file(run, path, client, format=format, encoding=encoding,
                                           sheet=sheet, last=last)  # fmt: skip

                return self._run(settings, list(sources), on_cluster, format=format,
                                 encoding=encoding, sheet=sheet, progress=progress,
                                 skip_unusable=skip_unusable)  # fmt: skip
        if jobs <= 1:
            return self._run(self.settings(), sources, None, format=format, encoding=encoding,
                             sheet=sheet, progress=progress, skip_unusable=skip_unusable)  # fmt: skip

        def in_processes(run: LocalRun, path: str | os.PathLike[str], last: bool) -> None:
            check_file(run, path, jobs=jobs, format=format, encoding=encoding, sheet=sheet,
                       last=last)  # fmt: skip

        return self._run(self.settings(), list(sources), in_processes, format=format,
                         encoding=encoding, sheet=sheet, progress=progress,
                         skip_unusable=skip_unusable)  # fmt: skip

    def _run(
        self,
        settings: Settings,
        sources: Iterable[Source],
        check_path: Callable[[LocalRun, str | os.PathLike[str], bool], None] | None,
        *,
        format: Format | None,
        encoding: str | None,
        sheet: str | int | None,
        progress: Progress | None,
        skip_unusable: bool,
    ) -> Report:
        """One run over ``sources``: paths through ``check_path`` (the processes or the
        cluster; told whether the file is the last), the others in this process."""
        run = LocalRun(settings, progress)
        count = len(sources) if isinstance(sources, Sequence) else -1
        try:
            for n, source in enumerate(sources, 1):
                try:
                    if check_path is not None and isinstance(source, str | os.PathLike):
                        check_path(run, source, n == count)
                    else:
                        run.fast(source, format=format, encoding=encoding, sheet=sheet)
                except InputError as exc:
                    if not skip_unusable:
                        raise
                    name = exc.path
                    if name is None and isinstance(source, str | os.PathLike):
                        name = os.fspath(source)
                    run.report.add_unusable(name, str(exc.message_zh), str(exc.message_en))
        finally:
            run.close()
        return run.report

    def iter(
        self,
        source: Source,
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
        report: Report | None = None,
    ) -> Iterator[Checked]:
        """Yield every record of ``source`` as :class:`Checked`, valid or not.

        The counts and issues also go into ``report`` when given (a new one
        per call otherwise; it is complete once the iterator is exhausted).
        """
        run = LocalRun(self.settings(), None, report)
        return run.checked(source, format=format, encoding=encoding, sheet=sheet)

    def settings(self) -> Settings:
        """The settings of a run, as they are now (what the runners and their workers get)."""
        return Settings(
            kind=self.kind,
            standard=self.standard,
            as_of=self.as_of,
            policy=self.policy,
            rules=self.rules,
            empty_markers=self.empty_markers,
            limits=self.limits,
            engine_choice=self.engine_name,
            catalogue=self.catalogue,
        )

    def new_report(self) -> Report:
        """An empty report with this validator's settings, to pass to :meth:`iter`."""
        return self.settings().new_report()

    def engine(self, kind: Kind, batch: Batch | None = None) -> Engine:
        """The compiled checks of ``kind`` (a fresh batch: duplicates start anew)."""
        return self.settings().engine(kind, batch)


def validate(
    source: Sources,
    *,
    kind: Kind | str | None = None,
    standard: Standard | str | None = None,
    as_of: dt.date | None = None,
    severity: Mapping[str, str] | Policy | None = None,
    rules: Iterable[Rule] = (),
    format: Format | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    engine: str = "auto",
    scheduler: dask_runner.Scheduler | None = None,
) -> Report:
    """Validate ``source`` — a path, an open file, mappings or records — and return a report.

    A list of paths is several files, checked into one report (as
    :meth:`Validator.validate_many`).

    See :class:`Validator` for the settings. ``jobs`` > 1 checks a large
    CSV file in that many processes (see :mod:`sgs.validation.runners.processes`);
    the report is the same; ``scheduler`` checks it on a Dask cluster (a
    ``distributed.Client``, ``tcp://HOST:PORT`` or ``local:N``; see
    :mod:`sgs.validation.runners.dask`), with the same report again.
    Raises :class:`~sgs.errors.InputError` when a source cannot be read at all.
    """
    validator = Validator(kind=kind, standard=standard, as_of=as_of, severity=severity, rules=rules,
                          engine=engine, scheduler=scheduler)  # fmt: skip
    paths = _paths(source)
    sources: list[Source] = list(paths) if paths is not None else [cast(Source, source)]
    return validator.validate_many(
        sources,
        format=format,
        encoding=encoding,
        sheet=sheet,
        jobs=jobs,
        progress=progress,
    )


def _paths(source: Sources) -> list[str | os.PathLike[str]] | None:
    """The paths of a list or tuple of paths (several files: one report), else ``None``."""
    if (
        isinstance(source, list | tuple)
        and source
        and all(isinstance(s, str | os.PathLike) for s in source)
    ):
        return list(source)
    return None
