"""``python -m sgs``: the ``sgs`` command, for environments without the console script."""

import sys

from sgs.cli import main

sys.exit(main())
