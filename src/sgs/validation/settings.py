"""The settings of one validation run, as the runners and their workers receive them.

A :class:`Settings` is what a :class:`~sgs.validation.validator.Validator`
holds — record kind, standard, reference date, severities, extra rules,
empty markers — as one value: it builds the engines and the empty report
of a run. It pickles (the standard by its version, when that is how it is
registered), so that a runner may send it to worker processes; the extra
rules pickle if their own objects do.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import attrs

from sgs.errors import SgsError
from sgs.io.reader import Tables, read_all
from sgs.io.tables import DEFAULT_LIMITS, Format, ReadLimits
from sgs.standard import Kind, Standard, get_standard
from sgs.validation.catalogue import Catalogue
from sgs.validation.engine import Batch, Engine
from sgs.validation.policy import Policy
from sgs.validation.report import Report
from sgs.validation.rules import Rule

__all__ = ["ENGINES", "Settings"]

#: The validation engines: the columnar one where it can run, the pure-Python one, or either.
ENGINES = ("auto", "python", "columnar")


@attrs.frozen(kw_only=True)
class Settings:
    """What a validation run checks with (see the module documentation)."""

    kind: Kind | None
    standard: Standard
    as_of: dt.date
    policy: Policy
    rules: tuple[Rule, ...] = ()
    empty_markers: frozenset[str] = frozenset()
    #: What reading one file may cost (blank rows, an XLSX's inflated size).
    limits: ReadLimits = DEFAULT_LIMITS
    #: Which engine checks CSV files: ``auto``, ``python`` or ``columnar`` (see :attr:`columnar`).
    engine_choice: str = attrs.field(default="auto", validator=attrs.validators.in_(ENGINES))
    #: Decision keys hashed the same in every process (:func:`~sgs.standard.keys.key_hash`),
    #: for runs whose keys are hashed in processes started apart (a Dask cluster's workers);
    #: otherwise Python's faster ``hash``, which forked workers share.
    stable_keys: bool = False
    catalogue: Catalogue = attrs.field(eq=False)

    @property
    def columnar(self) -> bool:
        """Whether CSV files go through the columnar engine (:mod:`sgs.validation.columnar`).

        ``columnar`` asks for it and fails without pyarrow and numpy; ``auto``
        uses it when they are installed, unless the environment variable
        ``SGS_ENGINE`` says ``python``; ``python`` never does.
        """
        choice = self.engine_choice
        if choice == "auto":
            choice = os.environ.get("SGS_ENGINE", "").strip().lower() or "auto"
        if choice == "python":
            return False
        from sgs.validation.columnar import available

        if available():
            return True
        if choice == "columnar":
            raise SgsError(
                "列式引擎需要 pyarrow 和 numpy：pip install 'shuanggongshi[fast]'",
                "the columnar engine needs pyarrow and numpy: pip install 'shuanggongshi[fast]'",
            )
        return False

    @catalogue.default
    def _catalogue(self) -> Catalogue:
        return Catalogue(t for r in self.rules for t in r.issue_types)

    def engine(self, kind: Kind, batch: Batch | None = None) -> Engine:
        """The compiled checks of ``kind`` (a fresh batch unless given: duplicates start anew).

        Where the columnar engine runs, every decision key of the run is hashed by its
        numpy function (:mod:`sgs.validation.columnar.keys`), which is stable too.
        """
        hasher = None
        if self.columnar:
            from sgs.validation.columnar import keys

            hasher = keys.hash_keys
        return Engine(
            self.standard,
            kind,
            as_of=self.as_of,
            policy=self.policy,
            catalogue=self.catalogue,
            rules=self.rules,
            batch=batch,
            stable_keys=self.stable_keys,
            hash_keys=hasher,
        )

    def open(
        self,
        path: str | os.PathLike[str],
        *,
        format: Format | None = None,
        encoding: str | None = None,
        sheet: str | int | None = None,
    ) -> Tables:
        """Open ``path`` for validation with these settings' kind, standard and empty markers:
        one reader per record sheet of a workbook (:func:`~sgs.io.read_all`)."""
        return read_all(
            path,
            kind=self.kind,
            standard=self.standard,
            format=format,
            encoding=encoding,
            sheet=sheet,
            empty_markers=self.empty_markers,
            limits=self.limits,
        )

    def new_report(self) -> Report:
        """An empty report with these settings."""
        return Report(standard=self.standard.version, as_of=self.as_of)

    # -- pickling: the standard by version, the policy by its overrides, the catalogue anew ----
    def __reduce__(self) -> tuple[Any, ...]:
        standard: Standard | str = self.standard
        try:
            if get_standard(self.standard.version) is self.standard:
                standard = self.standard.version
        except SgsError:  # not registered: the standard itself must pickle
            standard = self.standard
        state = (
            self.kind,
            standard,
            self.as_of,
            dict(self.policy.overrides),
            self.rules,
            self.empty_markers,
            self.limits,
            self.engine_choice,
            self.stable_keys,
        )
        return (_restore, state)


def _restore(
    kind: Kind | None,
    standard: Standard | str,
    as_of: dt.date,
    overrides: dict[str, str],
    rules: tuple[Rule, ...],
    empty_markers: frozenset[str],
    limits: ReadLimits,
    engine_choice: str = "auto",
    stable_keys: bool = False,
) -> Settings:
    return Settings(
        kind=kind,
        standard=get_standard(standard),
        as_of=as_of,
        policy=Policy(overrides),
        rules=rules,
        empty_markers=empty_markers,
        limits=limits,
        engine_choice=engine_choice,
        stable_keys=stable_keys,
    )
