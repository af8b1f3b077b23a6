"""What the import statement looks like: inside a ``try``?  an IMPORT_FROM?

PEP 810 makes imports inside ``try`` statements eager (they are how optional
dependencies are written), so the hook reads the importing code object's
exception table (3.11+) or block set-up instructions (3.10) once per module
body.  ``import a.b.c as d`` walks its names with IMPORT_FROM, which the lazy
module and proxy types recognise to keep the chain lazy.
"""

import sys
from _thread import get_ident

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Threads inside this machinery: imports it triggers (``opcode``) are eager.
_busy: set = set()
#: ``(code, try ranges)`` of the last module body asked about.
_try_cache: tuple = (None, ())


def eligible(frame: "Any") -> bool:
    """PEP 810: a statement inside a ``try`` statement is never lazy."""
    global _try_cache
    code = frame.f_code
    cached, ranges = _try_cache
    if cached is not code:
        me = get_ident()
        _busy.add(me)
        try:
            ranges = _try_ranges(code)
        finally:
            _busy.discard(me)
        _try_cache = (code, ranges)  # one assignment: other threads see old or new
    lasti = frame.f_lasti
    for start, end in ranges:
        if start <= lasti < end:
            return False
    return True


#: The opcodes this module reads, per bytecode version (``opcode.opmap``
#: values; a test checks them against the running interpreter).  Importing
#: ``opcode`` costs more than the rest of a lazy import, so it is only the
#: fallback for versions not listed here.
_OPCODES = {
    (3, 10): {"SETUP_FINALLY": 122, "SETUP_WITH": 143, "SETUP_ASYNC_WITH": 154,
              "POP_BLOCK": 87, "IMPORT_FROM": 109, "IMPORT_NAME": 108},
    (3, 11): {"PUSH_EXC_INFO": 35, "WITH_EXCEPT_START": 49, "IMPORT_FROM": 109,
              "IMPORT_NAME": 108},
    (3, 12): {"PUSH_EXC_INFO": 35, "WITH_EXCEPT_START": 49, "IMPORT_FROM": 109,
              "IMPORT_NAME": 108},
    (3, 13): {"PUSH_EXC_INFO": 33, "WITH_EXCEPT_START": 44, "IMPORT_FROM": 74,
              "IMPORT_NAME": 75},
}


def opmap() -> dict:
    """Opcode numbers by name for the running interpreter."""
    known = _OPCODES.get(sys.version_info[:2])
    if known is not None and sys.implementation.name == "cpython":
        return known
    import opcode  # an interpreter this table does not know

    return opcode.opmap


def _try_ranges(code: "Any") -> tuple:
    """Byte ranges of ``code`` covered by a ``try`` statement (``with`` excluded)."""
    ops = opmap()
    raw = code.co_code
    table = getattr(code, "co_exceptiontable", None)
    ranges = []
    if table is None:  # 3.10: block stack set up by SETUP_* ... POP_BLOCK
        setup_finally = ops["SETUP_FINALLY"]
        if setup_finally not in raw[::2]:  # the opcodes (wordcode): no try at all
            return ()
        setups = {setup_finally, ops["SETUP_WITH"], ops["SETUP_ASYNC_WITH"]}
        pop_block = ops["POP_BLOCK"]
        stack: list = []
        for offset in range(0, len(raw), 2):
            op = raw[offset]
            if op in setups:
                stack.append((op, offset))
            elif op == pop_block and stack:
                op_start, start = stack.pop()
                if op_start == setup_finally:
                    ranges.append((start, offset))
        return tuple(ranges)
    push_exc_info = ops.get("PUSH_EXC_INFO")
    with_except = ops.get("WITH_EXCEPT_START")
    for start, end, target in _parse_exception_table(table):
        handler = target * 2
        if (handler + 2 < len(raw) and raw[handler] == push_exc_info
                and raw[handler + 2] == with_except):
            continue  # a ``with`` block: eligible
        ranges.append((start * 2, end * 2))
    return tuple(ranges)


def _parse_exception_table(table: bytes) -> list:
    """Entries (start, end, target) in code units; format: Objects/exception_handling_notes.txt."""
    entries = []
    position = 0

    def varint() -> int:
        nonlocal position
        byte = table[position]
        position += 1
        value = byte & 63
        while byte & 64:
            byte = table[position]
            position += 1
            value = (value << 6) | (byte & 63)
        return value

    while position < len(table):
        start = varint()
        length = varint()
        target = varint()
        varint()  # depth and lasti flag
        entries.append((start, start + length, target))
    return entries


_IMPORT_FROM: list = []

#: importlib functions under which reading a module's ``__spec__`` is an import.
_IMPORTLIB_IMPORTING = frozenset({"_find_and_load", "_call_with_frames_removed"})


def import_from_frame() -> "Any":
    """The frame two calls up if it is executing IMPORT_FROM, else None."""
    if not _IMPORT_FROM:
        _busy.add(get_ident())
        try:
            _IMPORT_FROM.append(opmap()["IMPORT_FROM"])
        finally:
            _busy.discard(get_ident())
    frame = sys._getframe(2)
    code = frame.f_code.co_code
    lasti = frame.f_lasti
    if 0 <= lasti < len(code) and code[lasti] == _IMPORT_FROM[0]:
        return frame
    return None


def reads_for_an_import(depth: int) -> bool:
    """Is the frame ``depth`` calls up reading a module attribute as part of
    an import of that module?  Either it is running an import statement (the
    import system's C code reads ``__spec__`` of a module it found in
    ``sys.modules`` under that frame), or it is importlib doing an import's
    work (``from pkg import sub`` where ``sub`` is not bound yet calls
    ``__import__`` from ``_call_with_frames_removed``; ``_find_and_load``)."""
    frame = sys._getframe(depth + 1)
    code = frame.f_code
    if code.co_name in _IMPORTLIB_IMPORTING:
        return code.co_filename == "<frozen importlib._bootstrap>"
    raw = code.co_code
    lasti = frame.f_lasti
    return 0 <= lasti < len(raw) and raw[lasti] == opmap()["IMPORT_NAME"]
