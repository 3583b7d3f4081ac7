"""Field roles everywhere: no module outside ``sgs.standard`` spells a field code.

Code asks the spec for a role (``spec.code_of(Role.DECISION_DATE)``); only the
standard's own modules name ``CF_JDRQ``, a prefix like ``XK`` or a suffix like
``_SHXYM``. Docstrings (and their doctests) may show codes: they are examples.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "sgs"

#: A field code, a bare code prefix, or a code suffix.
CODE = re.compile(r"\b(?:XK|CF)_[A-Z]|^(?:XK|CF)_?$|^_[A-Z]{2,}(?:_[A-Z]+)*$")


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def spelled_codes(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and CODE.search(node.value)
        ):
            yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.value!r}"


def test_no_field_code_outside_the_standard() -> None:
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if "standard" not in path.relative_to(PACKAGE).parts
        for hit in spelled_codes(path)
    ]
    assert not found, "\n".join(found)


def test_the_check_sees_codes() -> None:
    for text in ("CF_JDRQ", "XK", "_SHXYM"):
        assert CODE.search(text), text
    for text in ("行政处罚", "_x", "XKCD"):
        assert not CODE.search(text), text
