"""``python -m lazyboot.stubgen``."""

import sys

from lazyboot.stubgen import main

sys.exit(main())
