"""Formula-injection protection for cells that spreadsheet programs open.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or CR) may be run
as a formula by Excel or WPS. sgs writes such texts to CSV with a leading
``'`` and its CSV reader takes it off again, so the escaping is exact in both
directions. XLSX string cells are never run and are not escaped.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_START", "escape_formula", "unescape_formula"]

FORMULA_START = frozenset("=+-@\t\r'")
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def escape_formula(text: str) -> str:
    """``text`` made safe for a CSV cell that a spreadsheet program may open.

    A text starting with ``=``, ``+``, ``-``, ``@``, tab or CR that is not a
    plain number gets a leading ``'``; so does a text made of quotes
    followed by one of those characters, which keeps the escaping reversible.

    >>> [escape_formula(t) for t in ("=SUM(A1)", "@cmd", "-5", "-0.5", "'=x", "正常")]
    ["'=SUM(A1)", "'@cmd", '-5', '-0.5', "''=x", '正常']
    """
    if (
        text
        and text[0] in FORMULA_START
        and _NEEDS_ESCAPE.match(text)
        and not _PLAIN_NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: drop one ``'`` in front of ``= + - @``, tab or CR.

    ``unescape_formula(escape_formula(t)) == t`` for every text ``t``. Apply it to
    cells of CSV files (not XLSX, whose string cells are not escaped).

    >>> [unescape_formula(t) for t in ("'=SUM(A1)", "''=x", "'正常", "-5")]
    ['=SUM(A1)', "'=x", "'正常", '-5']
    """
    if text[:1] == "'" and _ESCAPED.match(text):
        return text[1:]
    return text
