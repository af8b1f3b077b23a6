"""Materialisation events: the one place the runtime tells the rest of lazyboot
that a lazy module has just finished loading.

The runtime calls :func:`module_loaded` after a lazy module's body ran to
completion, with no lazyboot lock held (so a listener may import, or touch other
lazy modules, without deadlocking).  Listeners must be cheap to call; they are
consulted once per materialised module, never on attribute access.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Callable

#: Called as ``listener(module)`` after each lazy module materialises.
_listeners: list[Callable[[ModuleType], None]] = []


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


def module_loaded(module: ModuleType) -> None:
    """Tell every listener that ``module`` finished materialising."""
    for listener in tuple(_listeners):
        listener(module)
