"""sgs.validate in Python: several files at once, and Python-worded errors (issue 12 #8)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import sgs
from sgs.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_list_of_paths_is_several_files_in_one_report() -> None:
    paths: list[str | Path] = [EXAMPLES / "penalties.csv", str(EXAMPLES / "licenses.jsonl")]
    report = sgs.validate(paths)
    assert [Path(f.name or "").name for f in report.files] == ["penalties.csv", "licenses.jsonl"]
    assert [f.kind for f in report.files] == ["penalty", "license"]
    one = sgs.validate(EXAMPLES / "penalties.csv").summary.total
    assert report.summary.total == one + sgs.validate(paths[1]).summary.total


def test_an_undecidable_kind_says_how_in_python_too() -> None:
    with pytest.raises(InputError) as caught:
        sgs.read(io.StringIO("行政相对人名称,行政相对人类别\n某公司,法人及非法人组织\n"))
    message = str(caught.value)
    assert 'kind="license"' in message
    assert "--kind" in message  # and the command line's way, named as such
