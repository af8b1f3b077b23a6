"""``LAZYBOOT_*`` environment settings, read when needed (never cached, so a
test or a parent process can change them)."""

from __future__ import annotations

import os

_FALSE = ("", "0", "false", "no", "off")


def eager() -> bool:
    """``LAZYBOOT_EAGER=1``: every lazy feature behaves eagerly (the "before" side)."""
    return os.environ.get("LAZYBOOT_EAGER", "").strip().lower() not in _FALSE


def eager_attach() -> bool:
    """Eager ``attach``: ``LAZYBOOT_EAGER``, or lazy_loader's ``EAGER_IMPORT`` for
    packages migrating from lazy_loader with that switch in their CI."""
    return eager() or os.environ.get("EAGER_IMPORT", "").strip().lower() not in _FALSE
