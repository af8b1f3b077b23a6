"""Where a lazy import was written and where it first fired, as ``file:line``.

Both are read from the call stack, skipping lazyboot's own frames and the
import system's frozen frames, so the site named is always user code.
"""

from __future__ import annotations

import sys

_OWN_DIR = __file__[: -len("_sites.py")]


def _is_internal(filename: str) -> bool:
    return filename.startswith(_OWN_DIR) or filename.startswith("<frozen importlib")


def user_site(skip: int = 1) -> str:
    """``file:line`` of the nearest caller frame that is not lazyboot's own."""
    try:
        frame = sys._getframe(skip + 1)
    except ValueError:
        return "<unknown>"
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return "<unknown>"
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


def frame_site(frame) -> str:
    """``file:line`` of ``frame`` (the frame executing an import statement)."""
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"
