"""Materialisation events: how the rest of lazyboot hears that a lazy module
has just finished loading.

The runtime (``_module``) calls each listener after a lazy module's body ran
to completion, with no lazyboot lock held (so a listener may import, or touch other
lazy modules, without deadlocking).  Listeners must be cheap to call; they are
consulted once per materialised module, never on attribute access.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Callable

from ._module import load_listeners as _listeners

#: ``_listeners``: called as ``listener(module)`` after each lazy module
#: materialises (the list lives in ``_module``, which reads it per load).


def add_listener(listener: Callable[[ModuleType], None]) -> None:
    """Call ``listener(module)`` after every lazy module materialises."""
    if listener not in _listeners:
        _listeners.append(listener)


def remove_listener(listener: Callable[[ModuleType], None]) -> None:
    """Stop calling ``listener``; unknown listeners are ignored."""
    try:
        _listeners.remove(listener)
    except ValueError:
        pass
