"""Introspection records: one per lazy import, and ``LAZYBOOT_REPORT`` at exit.

Records are appended when a lazy import is created (never on attribute
access), so recording costs nothing in the steady state.
"""

import os
import sys
from itertools import count

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: key -> record, oldest first.  A record is an object with ``as_dict()``
#: while its import can still change state, then a plain tuple of its
#: fields (:func:`freeze`): a tuple of strings and numbers is left alone by
#: the cyclic garbage collector, which otherwise visits every record on
#: every full collection, and at exit.
_records: "dict[int, Any]" = {}
_next_key = count().__next__   # atomic under the GIL
_armed = False

#: The fields of a frozen record, in order.
FIELDS = ("module", "attribute", "kind", "state", "imported_at", "first_used_at",
          "thread", "load_ms", "error")


def add(record: "Any") -> int:
    """Remember a record (anything with ``as_dict()``); arm the exit report once."""
    key = _next_key()
    _records[key] = record
    if not _armed:
        arm()
    return key


def freeze(key: int, fields: tuple) -> None:
    """Replace a settled record by its field values (see :data:`FIELDS`)."""
    if key in _records:
        _records[key] = fields


def discard(key: int) -> None:
    """Forget a record whose lazy import never happened."""
    _records.pop(key, None)


def report() -> list[dict]:
    """One dict per lazy import, oldest first.

    Keys: ``module``, ``attribute`` (for ``from m import a``, else None),
    ``kind`` (``"module"`` or ``"attribute"``), ``state`` (``"pending"``,
    ``"loaded"`` or ``"failed"``), ``imported_at`` and ``first_used_at``
    (``"file:line"``), ``thread`` (that materialised it), ``load_ms`` and
    ``error``.
    """
    return [_as_dict(record) for record in tuple(_records.values())]


def _as_dict(record: "Any") -> dict:
    if type(record) is not tuple:
        return record.as_dict()
    from ._module import site_text, thread_name  # report time only

    values = dict(zip(FIELDS, record))
    values["imported_at"] = site_text(values["imported_at"])
    values["first_used_at"] = site_text(values["first_used_at"])
    values["thread"] = thread_name(values["thread"])
    return values


def arm() -> None:
    """Honour ``LAZYBOOT_REPORT`` (``1``: summary on stderr; a path: JSON) at exit."""
    global _armed
    _armed = True
    target = os.environ.get("LAZYBOOT_REPORT", "")
    if target and target != "0":
        import atexit  # built-in module: free

        atexit.register(_write_at_exit, target)


def _write_at_exit(target: str) -> None:
    records = report()
    if target.lower() in ("1", "true", "yes", "stderr"):
        sys.stderr.write(summary(records))
        return
    try:
        with open(target, "w", encoding="utf-8") as stream:
            stream.write(to_json(records))
    except OSError as exc:
        sys.stderr.write(f"lazyboot: cannot write LAZYBOOT_REPORT={target!r}: {exc}\n")


def to_json(records: "list[dict]") -> str:
    """``records`` as JSON, without importing ``json``: the program may hold
    ``json`` as a lazy module it never used, and the report must not load it."""

    def value(item: "object") -> str:
        if item is None:
            return "null"
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, (int, float)):
            return repr(float(item)) if isinstance(item, float) else str(item)
        text = str(item)
        escaped = "".join(
            _ESCAPES.get(char) or (char if char >= " " else f"\\u{ord(char):04x}")
            for char in text)
        return f'"{escaped}"'

    rows = (", ".join(f"{value(key)}: {value(item)}" for key, item in record.items())
            for record in records)
    return "[\n" + ",\n".join(f"  {{{row}}}" for row in rows) + "\n]\n"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def summary(records: list[dict]) -> str:
    """A readable summary of ``records`` (what was deferred, used, never used)."""
    loaded = [r for r in records if r["state"] == "loaded"]
    failed = [r for r in records if r["state"] == "failed"]
    pending = [r for r in records if r["state"] == "pending"]
    total_ms = sum(r["load_ms"] or 0.0 for r in loaded)
    lines = [
        f"lazyboot: {len(records)} lazy imports: {len(loaded)} loaded "
        f"({total_ms:.1f} ms), {len(pending)} never used, {len(failed)} failed"
    ]

    def label(r: dict) -> str:
        return f"{r['module']}.{r['attribute']}" if r["attribute"] else r["module"]

    for r in sorted(loaded, key=lambda r: -(r["load_ms"] or 0.0)):
        lines.append(f"  loaded   {label(r):<40} {r['load_ms'] or 0.0:8.1f} ms  "
                     f"first used at {r['first_used_at']} ({r['thread']})")
    for r in failed:
        lines.append(f"  failed   {label(r):<40} {r['error']}  (imported at {r['imported_at']})")
    for r in pending:
        lines.append(f"  unused   {label(r):<40} imported at {r['imported_at']}")
    return "\n".join(lines) + "\n"
