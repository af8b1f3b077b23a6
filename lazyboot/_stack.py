"""Room on CPython's frame stack for a tree of imports.

Since 3.11, CPython keeps Python frames on a per-thread stack that grows in
16 KiB chunks: a chunk is mapped when the next frame does not fit in the
current one, and unmapped as soon as the frame that opened it returns.  An
import tree pushes and pops frames thousands of times (every module body,
every importlib frame, every decorator), and wherever a frame that is pushed
often sits across a chunk's edge, each push costs an ``mmap`` and each pop a
``munmap``.  Which frames land on an edge depends on the depth at which the
tree starts, so running a package's body from a lazy module's first use
instead of from its import statement moves the edges somewhere else: on the
real-package benchmark that made the difference between ~3,000 unmaps eagerly
and 7,000 to 17,000 under ``install()`` on 3.11, about 3% of wall time.

:func:`call_with_room` calls a function from a frame that declares a large
value stack.  The interpreter opens a chunk of 1 MiB for that frame (its own
slots are never written, so the kernel commits no memory for them) and every
frame the call pushes fits in the half that is left: the whole import tree
runs without crossing an edge.  Opening the chunk costs about 10 µs (a map, a
few page faults, an unmap), so lazyboot does it only for trees worth it:
the first use of a library module and an eager import of a new top-level
package (``_tree.library_tree``), once per thread at a time.

Python 3.10 allocates each frame object on the heap and clears its whole
value stack, so there the trampoline would cost instead of saving: it is
a plain call.  (This is an implementation detail of CPython with no feature
to test for, hence the version check.)
"""

from _thread import get_ident

from ._cpython import CHUNKED_FRAME_STACK

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

#: Threads running inside :func:`call_with_room` now (one chunk per thread is
#: enough; a nested call would only map another).
_inside: set[int] = set()

#: 65,536 slots of 8 bytes: a 512 KiB frame, for which the interpreter maps a
#: 1 MiB chunk, leaving 512 KiB for the frames above it.
_SLOTS = 1 << 16


def _trampoline(function: "Callable[..., Any]", *args: "Any") -> "Any":
    return function(*args)


if CHUNKED_FRAME_STACK:
    _trampoline.__code__ = _trampoline.__code__.replace(co_stacksize=_SLOTS)


def call_with_room(function: "Callable[..., Any]", *args: "Any") -> "Any":
    """``function(*args)``, with its frames in a chunk of their own where that
    helps (see the module docstring)."""
    thread = get_ident()
    if not CHUNKED_FRAME_STACK or thread in _inside:
        return function(*args)
    _inside.add(thread)
    try:
        return _trampoline(function, *args)
    finally:
        _inside.discard(thread)
