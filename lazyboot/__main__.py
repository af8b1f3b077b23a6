"""``python -m lazyboot``: the same as the ``lazyboot`` command."""

import sys

from lazyboot.cli import main

sys.exit(main())
