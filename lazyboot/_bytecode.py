"""What the import statement looks like: inside a ``try``?  an IMPORT_FROM?

PEP 810 makes imports inside ``try`` statements eager (they are how optional
dependencies are written), so the hook reads the importing code object's
exception table (3.11+) or block set-up instructions (3.10) once per module
body.  ``import a.b.c as d`` walks its names with IMPORT_FROM, which the lazy
module and proxy types recognise to keep the chain lazy.
"""

from _thread import get_ident

from . import _cpython
from ._state import busy as _busy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType, FrameType

#: ``(code, try ranges)`` of the last module body asked about.
_try_cache: tuple = (None, ())


def eligible(frame: "FrameType") -> bool:
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


def _try_ranges(code: "CodeType") -> tuple:
    """Byte ranges of ``code`` covered by a ``try`` statement (``with`` excluded)."""
    ops = _cpython.opmap()
    raw = code.co_code
    ranges = []
    if not _cpython.HAS_EXCEPTION_TABLE:  # 3.10: block stack set up by SETUP_* ... POP_BLOCK
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
    for start, end, target in _parse_exception_table(code.co_exceptiontable):
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


_known_opcodes: "dict[str, int]" = {}


def _opcode(name: str) -> int:
    number = _known_opcodes.get(name)
    if number is None:
        me = get_ident()
        _busy.add(me)  # an unknown interpreter imports ``opcode``: eagerly
        try:
            number = _known_opcodes[name] = _cpython.opmap()[name]
        finally:
            _busy.discard(me)
    return number


def executes(frame: "FrameType", opname: str) -> bool:
    """Is ``frame`` executing the instruction ``opname`` right now?"""
    raw = frame.f_code.co_code
    lasti = frame.f_lasti
    return 0 <= lasti < len(raw) and raw[lasti] == _opcode(opname)


def reads_for_an_import(frame: "FrameType") -> bool:
    """Is ``frame`` reading a module attribute as part of an import of that
    module?  Either it is running an import statement (the import system's
    C code reads ``__spec__`` of a module it found in ``sys.modules`` under
    that frame), or it is importlib doing an import's work (``from pkg import
    sub`` where ``sub`` is not bound yet calls ``__import__`` from
    ``_call_with_frames_removed``; ``_find_and_load``)."""
    code = frame.f_code
    if code.co_name in _cpython.IMPORTING_FUNCTIONS:
        return code.co_filename == _cpython.BOOTSTRAP_FILENAME
    return executes(frame, "IMPORT_NAME")
