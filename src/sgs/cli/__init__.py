"""The ``sgs`` command: a thin layer over the public API.

Exit status: 0 ok, 1 findings (values that do not parse, records with
validation errors), 2 unusable input or usage.
"""

from sgs.cli.main import main

__all__ = ["main"]
