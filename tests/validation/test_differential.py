"""One report whatever the engine, the batch size, the number of processes or the path.

Every generated input (:func:`tests.validation.generated.write_inputs`) is
validated once as the reference — the pure-Python engine, batches of 512,
one process, the fast scan path — and then by each of :data:`SIDES`; the
complete reports must be equal: every issue (code, severity, file, record,
line, sheet, field, value, messages), the counts, the files' summaries and
the rejected rows' cells. A difference is shown as a diff of the first
issues (or rows) that differ.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import sgs
import sgs.validation.pipeline as pipeline
import sgs.validation.runners.local as local_runner
import sgs.validation.runners.processes as processes_runner
import sgs.validation.runners.split as split_runner
from sgs.validation import Report, Validator
from tests.validation.conftest import WITHOUT_FAST
from tests.validation.generated import AS_OF, EXCLUDED_CODES, FILE_CODES, Input, write_inputs

#: One way of validating: (paths, monkeypatch) → the report of one run over them.
Side = Callable[[Sequence[Path], pytest.MonkeyPatch], Report]


def _batch(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    for module in (pipeline, local_runner, split_runner):
        monkeypatch.setattr(module, "BATCH", size)
    if not WITHOUT_FAST:
        import sgs.validation.columnar.scan as columnar_scan

        monkeypatch.setattr(columnar_scan, "BATCH", size)


def _scan(
    *, engine: str = "python", batch: int = 512, jobs: int = 1, block: int = 0, **options: Any
) -> Side:
    """``sgs.validate`` with ``engine``, batches of ``batch`` rows (the pure-Python engine's,
    and the exact reader's in the columnar one), ``jobs`` processes and columnar blocks of
    about ``block`` bytes (0: the default)."""

    def run(paths: Sequence[Path], monkeypatch: pytest.MonkeyPatch) -> Report:
        _batch(monkeypatch, batch)
        if block:
            import sgs.validation.columnar.blocks as columnar_blocks

            monkeypatch.setattr(columnar_blocks, "BLOCK_BYTES", block)
        monkeypatch.setattr(processes_runner, "MIN_PARALLEL_BYTES", 1)  # small files split too
        return sgs.validate(list(paths), as_of=AS_OF, jobs=jobs, engine=engine, **options)

    return run


def _iterated_run(*, batch: int = 512) -> Side:
    """``Validator.iter`` (its run, :class:`LocalRun`, shared by all paths: duplicates are
    found across them as in one ``validate`` call)."""

    def run(paths: Sequence[Path], monkeypatch: pytest.MonkeyPatch) -> Report:
        from sgs.validation.runners.local import LocalRun

        _batch(monkeypatch, batch)
        validator = Validator(as_of=AS_OF, engine="python")
        run_ = LocalRun(validator.settings())
        try:
            for path in paths:
                for _ in run_.checked(path, format=None, encoding=None, sheet=None):
                    pass
        finally:
            run_.close()
        return run_.report

    return run


REFERENCE: Side = _scan()

#: The other sides, each compared with the reference: the pure-Python engine's, and the
#: columnar engine's (in every run but the one without the fast extra, see conftest.py).
SIDES: list[tuple[str, Side]] = [
    ("python-batch-1", _scan(batch=1)),
    ("python-batch-7", _scan(batch=7)),
    ("python-batch-10000", _scan(batch=10_000)),
    ("python-jobs-2", _scan(jobs=2)),
    ("python-jobs-2-batch-7", _scan(jobs=2, batch=7)),
    ("python-iter", _iterated_run()),
    ("python-iter-batch-7", _iterated_run(batch=7)),
]
if not WITHOUT_FAST:
    SIDES += [
        ("columnar", _scan(engine="columnar")),
        ("columnar-batch-7", _scan(engine="columnar", batch=7)),
        ("columnar-blocks-3k", _scan(engine="columnar", block=3_000)),
        ("columnar-jobs-2", _scan(engine="columnar", jobs=2)),
    ]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Input]:
    return write_inputs(tmp_path_factory.mktemp("generated"))


# -- the complete report, and a readable diff ------------------------------------------------


def complete(report: Report) -> dict[str, list[Any]]:
    """Everything a report says, as comparable lines by part."""
    try:
        return {
            "summary": [report.summary.to_dict()],
            "files": [f.to_dict() for f in report.files],
            "unusable": list(report.unusable),
            "issues": [i.to_dict() for i in report.iter_issues()],
            "rejected": [
                {
                    "file": r.file,
                    "record": r.record,
                    "line": r.line,
                    "raw": r.raw if isinstance(r.raw, tuple) else sorted(r.raw.items()),
                    "fields": r.fields,
                    "messages": r.messages,
                    "notes": r.notes,
                }
                for r in report.iter_rejected()
            ],
        }
    finally:
        report.close()


def difference(expected: dict[str, list[Any]], got: dict[str, list[Any]], limit: int = 5) -> str:
    """A readable diff of the first ``limit`` differing entries of each part ("" if none)."""
    out = []
    for part in expected:
        a, b = expected[part], got[part]
        if a == b:
            continue
        lines_a, lines_b = [repr(x) for x in a], [repr(x) for x in b]
        diff = [
            line
            for line in difflib.unified_diff(lines_a, lines_b, "reference", "this side", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")
        ]
        out.append(f"{part}: {len(a)} in the reference, {len(b)} here; first differences:")
        out.extend(diff[: 2 * limit])
    return "\n".join(out)


# -- the tests ---------------------------------------------------------------------------------


def test_the_inputs_give_every_issue_code(inputs: list[Input]) -> None:
    """Over the generated files, every code a file can give is given (the others are listed
    in EXCLUDED_CODES with the reason)."""
    found: set[str] = set()
    for item in inputs:
        found |= {i.code for i in sgs.validate(item.path, as_of=AS_OF).iter_issues()}
    assert found == FILE_CODES, (sorted(FILE_CODES - found), sorted(found - FILE_CODES))
    assert set(EXCLUDED_CODES).isdisjoint(found)


def test_the_inputs_are_what_they_claim(inputs: list[Input]) -> None:
    """Both kinds, the four forms; blank rows and line breaks inside cells are there."""
    kinds = {item.kind for item in inputs}
    assert kinds == {sgs.Kind.PENALTY, sgs.Kind.LICENSE}
    suffixes = sorted({item.path.suffix for item in inputs})
    assert suffixes == [".csv", ".xlsx"]
    for item in inputs:
        report = sgs.validate(item.path, as_of=AS_OF)
        (summary,) = report.files
        assert summary.kind == item.kind.value
        if item.path.suffix == ".csv":
            data = item.path.read_bytes()
            assert b"\r\n\r\n" in data  # a blank line
            assert b"\n\xe6\x96\x87" in data or "\n文".encode("gb18030") in data  # \n in a cell
            assert summary.encoding in ("utf-8-sig", "gb18030", "utf-8")
        assert summary.records >= 300
        assert summary.skipped > 0  # rows with text only outside the fields


@pytest.mark.parametrize(("name", "side"), SIDES, ids=[name for name, _ in SIDES])
def test_each_file_gives_the_reference_report(
    name: str, side: Side, inputs: list[Input], monkeypatch: pytest.MonkeyPatch
) -> None:
    for item in inputs:
        with monkeypatch.context() as patch:
            expected = complete(REFERENCE([item.path], patch))
        with monkeypatch.context() as patch:
            got = complete(side([item.path], patch))
        diff = difference(expected, got)
        assert not diff, f"{name} on {item}:\n{diff}"


@pytest.mark.parametrize(("name", "side"), SIDES, ids=[name for name, _ in SIDES])
def test_all_files_in_one_run_give_the_reference_report(
    name: str, side: Side, inputs: list[Input], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Duplicates are found across files: the files in one run, one report."""
    paths = [item.path for item in inputs]
    with monkeypatch.context() as patch:
        expected = complete(REFERENCE(paths, patch))
    with monkeypatch.context() as patch:
        got = complete(side(paths, patch))
    diff = difference(expected, got)
    assert not diff, f"{name}:\n{diff}"


def test_a_difference_is_shown_readably() -> None:
    a = {"issues": [{"row": 1, "code": "x"}, {"row": 2, "code": "y"}]}
    b = {"issues": [{"row": 1, "code": "x"}, {"row": 2, "code": "z"}]}
    shown = difference(a, b)
    assert "issues: 2 in the reference, 2 here" in shown
    assert "-{'row': 2, 'code': 'y'}" in shown
    assert "+{'row': 2, 'code': 'z'}" in shown
    assert difference(a, a) == ""
