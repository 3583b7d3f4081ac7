"""Every row read is accepted or returned with reasons, nothing doubled (issue 11).

Hypothesis writes CSV files of messy rows — good and bad values, quotes,
line breaks and delimiters inside cells, formula-like texts, empty markers,
blank rows, footer rows with text only in a non-standard column, repeated
decisions — in UTF-8 or GB18030, comma- or tab-separated. For each file:

* ``sgs.validate``: every row with text is a record or a named skipped row;
  every record is valid or invalid; the receipt holds exactly the invalid ones;
* ``sgs sync``: the ledger holds every record once (the invalid ones as
  ``invalid``), and the outbox carries each valid one once.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sgs.department.config import load_config
from sgs.department.sync import sync
from sgs.io import read
from sgs.store import open_store
from sgs.validation import Validator

AS_OF = dt.date(2026, 11, 26)
#: Generated files per run (``scripts/fuzz.sh`` raises it).
EXAMPLES = int(os.environ.get("SGS_FUZZ_EXAMPLES", "40"))
ROOT = Path(__file__).resolve().parents[2]
with open(ROOT / "examples" / "penalties.csv", encoding="utf-8-sig", newline="") as _stream:
    _example = list(csv.reader(_stream))
#: The example department's header and its first (valid) record, plus a column of its own.
HEADER = [*_example[0], "内部编号"]
GOOD = [*_example[1], "A-1"]
NUMBER = HEADER.index("行政处罚决定书文号")
JUNK = st.sampled_from(
    ["", "/", "无", "-", "'=1+1", "=SUM(A1)", '说"明', "a,b", "第一行\n第二行", "\t", "2026-13-45",
     "长期", "-5", "91410100MA45HN3P8X", "＝", "１２３", "x" * 300]
)  # fmt: skip


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for n in range(draw(st.integers(1, 25))):
        shape = draw(st.sampled_from(["good", "good", "messy", "blank", "footer", "repeat"]))
        if shape == "blank":
            rows.append([""] * len(HEADER))
        elif shape == "footer":
            rows.append(
                [""] * (len(HEADER) - 1) + [draw(st.sampled_from(["制表人：张三", "合计"]))]
            )
        elif shape == "repeat" and rows:
            rows.append(list(rows[-1]))
        else:
            row = list(GOOD)
            row[NUMBER] = f"示市监罚〔2026〕{n + 1}号"
            if shape == "messy":
                for i in draw(st.sets(st.integers(0, len(HEADER) - 1), min_size=1, max_size=4)):
                    row[i] = draw(JUNK)
            rows.append(row)
    return rows


def _write(path: Path, rows: list[list[str]], encoding: str, delimiter: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)


def _with_text(rows: list[list[str]]) -> int:
    return sum(1 for row in rows if any(cell.strip() for cell in row))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=tables(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    delimiter=st.sampled_from([",", "\t"]),
)
def test_every_row_is_accepted_or_returned(
    rows: list[list[str]], encoding: str, delimiter: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        inbox = base / "inbox"
        inbox.mkdir()
        source = inbox / "in.csv"
        _write(source, rows, encoding, delimiter)

        report = Validator(as_of=AS_OF).validate(source)
        summary, file = report.summary, report.files[0]
        assert summary.total + file.skipped == _with_text(rows)
        assert summary.valid + summary.invalid == summary.total
        receipt = base / "r.csv"
        written = report.write_receipt(receipt)
        returned = []
        if written:  # a clean file gets no receipt: nothing to return
            with read(receipt, formula_quotes=True, kind="penalty") as back:
                returned = [tuple(sorted(row.values.items())) for row in back]
        assert len(returned) == summary.invalid
        assert bool(written) == receipt.exists() == bool(summary.invalid)
        report.close()

        (base / "sgs.toml").write_text(
            '[department]\nname = "示例市市场监督管理局"\ncredit_code = "11410100MB00000005"\n'
            '[source]\ntype = "directory"\npath = "inbox"\n'
            '[transport]\ntype = "directory"\npath = "outbox"\n',
            encoding="utf-8",
        )
        config = load_config(base / "sgs.toml")
        done = sync(config, as_of=AS_OF)
        assert (done.read, done.valid, done.invalid) == (
            summary.total,
            summary.valid,
            summary.invalid,
        )
        with open_store(config.store_url, base_dir=config.base_dir) as store:
            counts = store.ledger.status_counts()
        # Every decision is a ledger entry: the valid ones to send, the invalid ones as such
        # (the same invalid record twice is one decision, one entry).
        assert counts.get("invalid", 0) == len(set(returned))
        assert sum(counts.values()) == summary.valid + len(set(returned))
        sent = [
            json.loads(line)["key"]
            for batch in (base / "outbox").glob("*.jsonl")
            for line in batch.read_text(encoding="utf-8").splitlines()
        ]
        assert len(sent) == len(set(sent)) == summary.valid
