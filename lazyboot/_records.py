"""Report records, import sites and error notes.

A *record* describes one lazy import for :func:`lazyboot.report`: while the
import can still change state it is the live object (a lazy module's
``LazyState`` or a proxy's ``ProxyRecord``), afterwards the tuple of its
field values (:func:`freeze`).  A tuple of strings and numbers is left alone
by the cyclic garbage collector, which otherwise visits every record on
every full collection.  Records are written when a lazy import is created
and when it materialises, never on attribute access.

A *site* is where an import statement was written or first used: the
``(code object, instruction offset)`` of that frame, or None when unknown.
Its ``file:line`` (a walk of the code's line table, long in a big package
``__init__``) is computed only when a report or an error message asks.
"""

import sys
from itertools import count

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType, FrameType
    from typing import Any

    Site = tuple[CodeType, int] | None

#: The fields of a record, in order (a frozen record is a tuple of these).
FIELDS = ("module", "attribute", "kind", "state", "imported_at", "first_used_at",
          "thread", "load_ms", "error")
PENDING, LOADING, LOADED, FAILED = "pending", "loading", "loaded", "failed"

#: key -> live record or frozen tuple, oldest first.
_records: "dict[int, Any]" = {}
_next_key = count().__next__   # atomic under the GIL


def add(record: "Any") -> int:
    """Remember a live record (anything with ``fields()``); return its key."""
    key = _next_key()
    _records[key] = record
    return key


def freeze(key: int, fields: tuple) -> None:
    """Replace a settled record by its field values (see :data:`FIELDS`)."""
    if key in _records:
        _records[key] = fields


def discard(key: int) -> None:
    """Forget a record whose lazy import never happened."""
    _records.pop(key, None)


def all_fields() -> "list[tuple]":
    """Every record's field values, oldest first."""
    return [record if type(record) is tuple else record.fields()
            for record in tuple(_records.values())]


# --- sites ------------------------------------------------------------------


def site_of(frame: "FrameType") -> "Site":
    """The site of the instruction ``frame`` is executing."""
    return (frame.f_code, frame.f_lasti)


def site_text(site: "Site") -> "str | None":
    """A site as reports show it: ``"file:line"`` (None stays None)."""
    if site is None:
        return None
    code, offset = site
    for start, end, line in code.co_lines():
        if start <= offset < end:
            return f"{code.co_filename}:{line}"
    return f"{code.co_filename}:None"


#: Frames that are neither the program's nor its libraries': lazyboot's own
#: package and the import system.
_INTERNAL = (__file__[: -len("_records.py")], "<frozen importlib")


def user_frame(frame: "FrameType | None") -> "FrameType | None":
    """``frame`` or the nearest frame it was called from that is not
    lazyboot's own or the import system's."""
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL):
        frame = frame.f_back
    return frame


def first_use() -> "Site":
    """Where the code now running first used a lazy import: the nearest
    calling frame outside lazyboot and the import system."""
    frame = user_frame(sys._getframe(1))
    return None if frame is None else (frame.f_code, frame.f_lasti)


# --- notes ------------------------------------------------------------------


def add_note(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)``, once; on 3.10 the note is kept in ``__notes__``."""
    notes = getattr(exc, "__notes__", None)
    if notes is not None and note in notes:
        return
    if hasattr(exc, "add_note"):
        exc.add_note(note)
    else:
        try:
            exc.__notes__ = [*(notes or ()), note]
        except AttributeError:
            pass
