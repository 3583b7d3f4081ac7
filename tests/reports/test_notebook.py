"""The analyst's notebook (examples/analyst-month.ipynb), executed for real by nbclient."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "analyst-month.ipynb"


def _text(output: Any) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    return str(output.get("data", {}).get("text/plain", ""))


def test_the_notebook_runs_and_shows_the_report(monkeypatch: Any) -> None:
    # The kernel is this interpreter's (ipykernel in the same environment).
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    read: Any = nbformat.read  # untyped
    notebook = read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "examples")}})  # fmt: skip
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = "\n".join(_text(o) for o in outputs)
    assert "('department', datetime.date(2026, 12, 15))" in texts
    # A row per kind, then the totals' (合计) per kind; name, code, kind, 9 counts, timely_rate.
    assert "shape (4, 13)" in texts
    assert "sheets ['报告', '按种类', '图表']" in texts
    assert "title 示例市市场监督管理局 2026-11 双公示月报告" in texts
    shown = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any('<svg class="chart chart-line"' in h for h in shown)  # the report, charted
    assert any("timely_rate" in h and "<table" in h for h in shown)  # the DataFrame
