"""Every private name of the interpreter that lazyboot relies on, in one place.

lazyboot works *with* CPython's import system rather than beside it: it waits
on the same per-module locks, resolves names the way ``importlib`` does and
reads the bytecode of the statement it decides.  Those are implementation
details, so they are all bound here, each with what it is for, and
``tests/unit/test_cpython.py`` checks on every interpreter CI runs that each
one exists and that the opcode table matches :mod:`opcode`.

Supported interpreters: CPython 3.10 to 3.15.  Outside that range the opcode
numbers come from :mod:`opcode` (public, but slower to import) and the
frame-stack trampoline is off; everything else is looked up by name and
fails loudly at import if it is gone.
"""

import _frozen_importlib
import _frozen_importlib_external
import _imp
import _thread
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: The import system's own modules (typed loosely: their private names are
#: not in the type stubs).
_bootstrap: "Any" = _frozen_importlib
_external: "Any" = _frozen_importlib_external

VERSION = sys.version_info[:2]
#: The interpreter versions whose internals below were checked.
CHECKED = (3, 10) <= VERSION <= (3, 15) and sys.implementation.name == "cpython"

# --- the import system (``importlib._bootstrap``) ---------------------------

#: The per-module import lock an eager ``import`` of the same name waits on;
#: it takes part in the import system's deadlock detection.
get_module_lock = _bootstrap._get_module_lock
DeadlockError = _bootstrap._DeadlockError
#: Context manager form of that lock (``with ModuleLockManager(name):``).
ModuleLockManager = _bootstrap._ModuleLockManager
#: How ``from . import x`` turns ``level`` and the importer's globals into a name.
calc_package = _bootstrap._calc___package__
resolve_name = _bootstrap._resolve_name
#: importlib's own spec lookup (used for legacy finders without ``find_spec``).
bootstrap_find_spec = _bootstrap._find_spec
module_from_spec = _bootstrap.module_from_spec
#: ``importlib.import_module`` without ``importlib`` (and without going
#: through ``builtins.__import__``, which is lazyboot's hook).
import_module = _bootstrap._gcd_import
#: The global import lock each finder is asked under.
acquire_import_lock = _imp.acquire_lock
release_import_lock = _imp.release_lock
#: importlib functions under which reading a module's ``__spec__`` is part of an import.
IMPORTING_FUNCTIONS = frozenset({"_find_and_load", "_call_with_frames_removed"})
BOOTSTRAP_FILENAME = "<frozen importlib._bootstrap>"


def lock_unlock_module() -> "Any":
    """The function the import system calls to wait for a module that is
    being initialised (``importlib._bootstrap._lock_unlock_module``)."""
    return _bootstrap._lock_unlock_module


def set_lock_unlock_module(function: "Any") -> None:
    """Replace ``_lock_unlock_module`` (plain library trees wrap it)."""
    _bootstrap._lock_unlock_module = function


# --- loaders (``importlib._bootstrap_external``) ------------------------------

#: ``exec_module`` of the path finder's file loaders: a lazy module of theirs
#: is run with ``exec(get_code(...))`` directly, as that method would.
LOADER_EXEC = _external._LoaderBasics.exec_module
#: Loaders that always defer: the path finder's, for ``.py`` and ``.pyc`` files.
FILE_LOADERS = frozenset({_external.SourceFileLoader, _external.SourcelessFileLoader})
ExtensionFileLoader = _external.ExtensionFileLoader

# --- threads ------------------------------------------------------------------

#: Number of threads started by ``_thread`` that are still running.
thread_count = _thread._count


def thread_name(ident: "int | None") -> "str | None":
    """The name of thread ``ident`` (reports only: imports ``threading``)."""
    if ident is None:
        return None
    import threading  # report time only

    thread = threading._active.get(ident)  # type: ignore[attr-defined]
    if thread is None and ident == threading.main_thread().ident:
        thread = threading.main_thread()
    return thread.name if thread is not None else str(ident)


# --- bytecode -----------------------------------------------------------------

#: The opcodes lazyboot reads (``_bytecode``, ``_static``), per bytecode
#: version: ``opcode.opmap`` values, generated from each interpreter and
#: checked against it by ``tests/unit/test_cpython.py``.  Importing ``opcode``
#: costs more than a lazy import, so it is only the fallback for versions
#: not listed here.
_OPCODES = {
    (3, 10): {"SETUP_FINALLY": 122, "SETUP_WITH": 143, "SETUP_ASYNC_WITH": 154, "POP_BLOCK": 87,
            "WITH_EXCEPT_START": 49, "IMPORT_NAME": 108, "IMPORT_FROM": 109, "IMPORT_STAR": 84,
            "EXTENDED_ARG": 144, "LOAD_NAME": 101, "LOAD_GLOBAL": 116, "STORE_NAME": 90,
            "DELETE_NAME": 91, "LOAD_CONST": 100, "MAKE_FUNCTION": 132, "POP_TOP": 1, "STORE_ATTR":
            95, "STORE_SUBSCR": 60, "DELETE_ATTR": 96, "DELETE_SUBSCR": 61, "BUILD_TUPLE": 102,
            "COMPARE_OP": 107, "CALL_FUNCTION": 131, "CALL_FUNCTION_KW": 141, "CALL_FUNCTION_EX":
            142, "CALL_METHOD": 161, "JUMP_IF_NOT_EXC_MATCH": 121, "ROT_TWO": 2, "LOAD_ATTR": 106,
            "LOAD_METHOD": 160, "BINARY_SUBSCR": 25, "BINARY_OR": 66, "BUILD_LIST": 103, "NOP": 9},
    (3, 11): {"PUSH_EXC_INFO": 35, "WITH_EXCEPT_START": 49, "IMPORT_NAME": 108, "IMPORT_FROM": 109,
            "IMPORT_STAR": 84, "EXTENDED_ARG": 144, "CACHE": 0, "LOAD_NAME": 101, "LOAD_GLOBAL":
            116, "STORE_NAME": 90, "DELETE_NAME": 91, "LOAD_CONST": 100, "MAKE_FUNCTION": 132,
            "POP_TOP": 1, "STORE_ATTR": 95, "STORE_SUBSCR": 60, "DELETE_ATTR": 96, "DELETE_SUBSCR":
            61, "BUILD_TUPLE": 102, "COMPARE_OP": 107, "CALL": 171, "CALL_FUNCTION_EX": 142,
            "PRECALL": 166, "CHECK_EXC_MATCH": 36, "SWAP": 99, "LOAD_ATTR": 106, "LOAD_METHOD": 160,
            "BINARY_SUBSCR": 25, "BINARY_OP": 122, "BUILD_LIST": 103, "NOP": 9, "PUSH_NULL": 2},
    (3, 12): {"SETUP_FINALLY": 256, "SETUP_WITH": 258, "POP_BLOCK": 259, "PUSH_EXC_INFO": 35,
            "WITH_EXCEPT_START": 49, "IMPORT_NAME": 108, "IMPORT_FROM": 109, "EXTENDED_ARG": 144,
            "CACHE": 0, "LOAD_NAME": 101, "LOAD_GLOBAL": 116, "LOAD_FROM_DICT_OR_GLOBALS": 175,
            "STORE_NAME": 90, "DELETE_NAME": 91, "LOAD_CONST": 100, "CALL_INTRINSIC_1": 173,
            "MAKE_FUNCTION": 132, "POP_TOP": 1, "STORE_ATTR": 95, "STORE_SUBSCR": 60, "DELETE_ATTR":
            96, "DELETE_SUBSCR": 61, "BUILD_TUPLE": 102, "COMPARE_OP": 107, "CALL": 171,
            "CALL_FUNCTION_EX": 142, "CHECK_EXC_MATCH": 36, "SWAP": 99, "LOAD_ATTR": 106,
            "LOAD_METHOD": 262, "BINARY_SUBSCR": 25, "BINARY_OP": 122, "BUILD_LIST": 103, "NOP": 9,
            "PUSH_NULL": 2},
    (3, 13): {"SETUP_FINALLY": 265, "SETUP_WITH": 266, "POP_BLOCK": 263, "PUSH_EXC_INFO": 33,
            "WITH_EXCEPT_START": 44, "IMPORT_NAME": 75, "IMPORT_FROM": 74, "EXTENDED_ARG": 71,
            "CACHE": 0, "LOAD_NAME": 92, "LOAD_GLOBAL": 91, "LOAD_FROM_DICT_OR_GLOBALS": 90,
            "STORE_NAME": 114, "DELETE_NAME": 67, "LOAD_CONST": 83, "CALL_INTRINSIC_1": 55,
            "MAKE_FUNCTION": 26, "SET_FUNCTION_ATTRIBUTE": 106, "POP_TOP": 32, "STORE_ATTR": 108,
            "STORE_SUBSCR": 39, "DELETE_ATTR": 63, "DELETE_SUBSCR": 9, "BUILD_TUPLE": 52,
            "COMPARE_OP": 58, "CALL": 53, "CALL_KW": 57, "CALL_FUNCTION_EX": 54, "CHECK_EXC_MATCH":
            7, "SWAP": 115, "LOAD_ATTR": 82, "LOAD_METHOD": 259, "BINARY_SUBSCR": 5, "BINARY_OP":
            45, "BUILD_LIST": 47, "NOP": 30, "PUSH_NULL": 34},
    (3, 14): {"SETUP_FINALLY": 264, "SETUP_WITH": 265, "POP_BLOCK": 262, "PUSH_EXC_INFO": 32,
            "WITH_EXCEPT_START": 43, "IMPORT_NAME": 73, "IMPORT_FROM": 72, "EXTENDED_ARG": 69,
            "CACHE": 0, "LOAD_NAME": 93, "LOAD_GLOBAL": 92, "LOAD_FROM_DICT_OR_GLOBALS": 91,
            "STORE_NAME": 116, "DELETE_NAME": 65, "LOAD_CONST": 82, "LOAD_SMALL_INT": 94,
            "CALL_INTRINSIC_1": 53, "MAKE_FUNCTION": 23, "SET_FUNCTION_ATTRIBUTE": 108, "POP_TOP":
            31, "STORE_ATTR": 110, "STORE_SUBSCR": 38, "DELETE_ATTR": 61, "DELETE_SUBSCR": 8,
            "BUILD_TUPLE": 51, "COMPARE_OP": 56, "CALL": 52, "CALL_KW": 55, "CALL_FUNCTION_EX": 4,
            "CHECK_EXC_MATCH": 6, "SWAP": 117, "LOAD_ATTR": 80, "BINARY_OP": 44, "BUILD_LIST": 46,
            "NOP": 27, "PUSH_NULL": 33},
    (3, 15): {"SETUP_FINALLY": 264, "SETUP_WITH": 265, "POP_BLOCK": 262, "PUSH_EXC_INFO": 30,
            "WITH_EXCEPT_START": 41, "IMPORT_NAME": 72, "IMPORT_FROM": 71, "EXTENDED_ARG": 67,
            "CACHE": 0, "LOAD_NAME": 92, "LOAD_GLOBAL": 91, "LOAD_FROM_DICT_OR_GLOBALS": 90,
            "STORE_NAME": 115, "DELETE_NAME": 63, "LOAD_CONST": 81, "LOAD_SMALL_INT": 93,
            "CALL_INTRINSIC_1": 51, "MAKE_FUNCTION": 21, "SET_FUNCTION_ATTRIBUTE": 107, "POP_TOP":
            29, "STORE_ATTR": 109, "STORE_SUBSCR": 36, "DELETE_ATTR": 59, "DELETE_SUBSCR": 8,
            "BUILD_TUPLE": 49, "COMPARE_OP": 54, "CALL": 50, "CALL_KW": 53, "CALL_FUNCTION_EX": 4,
            "CHECK_EXC_MATCH": 6, "SWAP": 116, "LOAD_ATTR": 79, "BINARY_OP": 42, "BUILD_LIST": 44,
            "NOP": 25, "PUSH_NULL": 31},
}


def opmap() -> dict:
    """Opcode numbers by name for the running interpreter."""
    known = _OPCODES.get(VERSION)
    if known is not None and CHECKED:
        return known
    import opcode  # an interpreter this table does not know

    return opcode.opmap


#: IMPORT_NAME's argument is ``namei << IMPORT_NAME_SHIFT``; from 3.15 the
#: two low bits say whether the statement is explicitly lazy (bit 0) or can
#: never be lazy (bit 1).
IMPORT_NAME_SHIFT = 2 if VERSION >= (3, 15) else 0

#: 3.11+: try statements are described by ``co_exceptiontable`` (format:
#: CPython's ``Objects/exception_handling_notes.txt``); 3.10 sets up blocks
#: with ``SETUP_*`` ... ``POP_BLOCK`` instructions.
HAS_EXCEPTION_TABLE = VERSION >= (3, 11)

# --- frames -------------------------------------------------------------------

#: 3.11+ keeps Python frames on a per-thread stack that grows in chunks
#: (``_stack`` explains why that matters).  Nothing exposes this as a
#: feature to test for, hence the version bounds.
CHUNKED_FRAME_STACK = CHECKED and VERSION >= (3, 11)

