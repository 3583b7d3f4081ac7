"""Every hook has a section in docs/plugins.md headed by its exact signature, and a test."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from sgs.plugins import hookspecs

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "plugins.md"


def hooks() -> dict[str, str]:
    found = {}
    for name in hookspecs.__all__:
        if name.startswith("sgs_"):
            signature = inspect.signature(getattr(hookspecs, name))
            text = str(signature).replace("'", "")
            found[name] = f"{name}{text}"
    return found


def test_every_hook_is_documented_with_its_signature() -> None:
    headings = set(re.findall(r"^### `(.+)`$", DOC.read_text(encoding="utf-8"), re.MULTILINE))
    expected = set(hooks().values())
    assert expected - headings == set(), "hooks without a section in docs/plugins.md"
    assert {h for h in headings if h.startswith("sgs_")} - expected == set(), "stale sections"


def test_every_hook_is_used_by_a_test() -> None:
    texts = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").rglob("test_*.py")
        if p.name != Path(__file__).name
    )
    untested = [name for name in hooks() if name not in texts]
    assert untested == [], f"hooks no test implements: {untested}"


def test_every_hook_says_since_which_version() -> None:
    for name in hooks():
        assert "Since sgs" in (getattr(hookspecs, name).__doc__ or ""), name
