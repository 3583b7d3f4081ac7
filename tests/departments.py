"""A department's folder for the tests: the example exports and an ``sgs.toml`` over them."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def department(
    folder: Path,
    transport: str,
    store_url: str,
    batch_size: int = 2,
    *,
    errors: bool = True,
    sync: str = "",
) -> Path:
    """Write ``sgs.toml`` in ``folder``: a directory source over the example penalties (4
    valid records, and with ``errors`` 1 more and 4 invalid ones), the ``[transport]``
    table ``transport``, the store ``store_url`` and ``[sync]`` with ``batch_size`` and
    the lines ``sync``."""
    shutil.copy(EXAMPLES / "penalties.csv", folder / "penalties.csv")
    if errors:
        shutil.copy(EXAMPLES / "penalties-with-errors.csv", folder / "penalties-with-errors.csv")
    config = folder / "sgs.toml"
    config.write_text(
        f"""
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "directory"
path = "."
pattern = "*.csv"

[transport]
{transport}

[store]
url = "{store_url}"

[sync]
batch_size = {batch_size}
{sync}
""",
        encoding="utf-8",
    )
    return config
