"""``report()``: one record per lazy import, and ``LAZYBOOT_REPORT`` at exit.

The records themselves are kept by ``_records``.
"""

import os
import sys

from . import _records
from ._cpython import thread_name
from ._records import FIELDS, site_text

_armed = False


def report() -> "list[dict]":
    """One dict per lazy import, oldest first.

    Keys: ``module``, ``attribute`` (for ``from m import a``, else None),
    ``kind`` (``"module"`` or ``"attribute"``), ``state`` (``"pending"``,
    ``"loaded"`` or ``"failed"``), ``imported_at`` and ``first_used_at``
    (``"file:line"``), ``thread`` (that materialised it), ``load_ms`` and
    ``error``.
    """
    return [_as_dict(fields) for fields in _records.all_fields()]


def _as_dict(fields: tuple) -> dict:
    """A record's values as ``report()`` shows them (sites as ``file:line``)."""
    values = dict(zip(FIELDS, fields, strict=True))
    values["imported_at"] = site_text(values["imported_at"])
    values["first_used_at"] = site_text(values["first_used_at"])
    values["thread"] = thread_name(values["thread"])
    return values


def arm() -> None:
    """Honour ``LAZYBOOT_REPORT`` (``1``: summary on stderr; a path: JSON) at exit (once)."""
    global _armed
    if _armed:
        return
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
