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
_try_cache: list = [None, ()]


def eligible(frame: "Any") -> bool:
    """PEP 810: a statement inside a ``try`` statement is never lazy."""
    return not _in_try(frame.f_code, frame.f_lasti)


def _in_try(code: "Any", lasti: int) -> bool:
    if _try_cache[0] is not code:
        me = get_ident()
        _busy.add(me)
        try:
            ranges = _try_ranges(code)
        finally:
            _busy.discard(me)
        _try_cache[0] = code
        _try_cache[1] = ranges
    for start, end in _try_cache[1]:
        if start <= lasti < end:
            return True
    return False


def _try_ranges(code: "Any") -> tuple:
    """Byte ranges of ``code`` covered by a ``try`` statement (``with`` excluded)."""
    import opcode  # module-level imports only; once per module body

    raw = code.co_code
    table = getattr(code, "co_exceptiontable", None)
    ranges = []
    if table is None:  # 3.10: block stack set up by SETUP_* ... POP_BLOCK
        setup_finally = opcode.opmap["SETUP_FINALLY"]
        setups = {setup_finally, opcode.opmap["SETUP_WITH"], opcode.opmap["SETUP_ASYNC_WITH"]}
        pop_block = opcode.opmap["POP_BLOCK"]
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
    push_exc_info = opcode.opmap.get("PUSH_EXC_INFO")
    with_except = opcode.opmap.get("WITH_EXCEPT_START")
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


def import_from_frame() -> "Any":
    """The frame two calls up if it is executing IMPORT_FROM, else None."""
    if not _IMPORT_FROM:
        _busy.add(get_ident())
        try:
            import opcode  # only needed for ``import a.b as c`` on a lazy package
        finally:
            _busy.discard(get_ident())
        _IMPORT_FROM.append(opcode.opmap["IMPORT_FROM"])
    frame = sys._getframe(2)
    code = frame.f_code.co_code
    lasti = frame.f_lasti
    if 0 <= lasti < len(code) and code[lasti] == _IMPORT_FROM[0]:
        return frame
    return None
