"""Every private interpreter name lazyboot uses exists on the running interpreter.

CI runs this file on every supported Python (3.10 to 3.15): a release that
renames or removes one of these fails here, not in a user's program.
"""

from __future__ import annotations

import _frozen_importlib
import _frozen_importlib_external
import opcode
import sys

import pytest

from lazyboot import _cpython

BOOTSTRAP_NAMES = ["_get_module_lock", "_DeadlockError", "_ModuleLockManager",
                   "_calc___package__", "_resolve_name", "_find_spec", "module_from_spec",
                   "_gcd_import", "_lock_unlock_module", "_find_and_load",
                   "_call_with_frames_removed"]


@pytest.mark.parametrize("name", BOOTSTRAP_NAMES)
def test_importlib_bootstrap_has(name):
    assert hasattr(_frozen_importlib, name)


def test_the_bound_names_are_the_interpreters_own():
    assert _cpython.get_module_lock is _frozen_importlib._get_module_lock
    assert _cpython.import_module is _frozen_importlib._gcd_import
    assert _cpython.lock_unlock_module() is _frozen_importlib._lock_unlock_module
    assert _cpython.LOADER_EXEC is _frozen_importlib_external._LoaderBasics.exec_module
    assert _frozen_importlib_external.SourceFileLoader in _cpython.FILE_LOADERS
    assert {f.__name__ for f in (_frozen_importlib._find_and_load,
                                 _frozen_importlib._call_with_frames_removed)} \
        == _cpython.IMPORTING_FUNCTIONS
    assert _frozen_importlib._find_and_load.__code__.co_filename == _cpython.BOOTSTRAP_FILENAME


def test_this_interpreter_is_one_whose_internals_were_checked():
    assert _cpython.CHECKED, f"lazyboot was not checked against {sys.version}"


def test_opcode_table_matches_the_interpreter():
    table = _cpython.opmap()
    assert table, "no opcodes for this interpreter"
    assert {name: opcode.opmap.get(name) for name in table} == table


def test_native_lazy_imports_detected_by_feature():
    from lazyboot import _state

    assert _state.NATIVE_LAZY_IMPORTS == hasattr(sys, "set_lazy_imports_filter")


def test_threading_active_table_exists():
    import threading

    assert threading.main_thread().ident in threading._active  # type: ignore[attr-defined]
    assert _cpython.thread_name(threading.main_thread().ident) == "MainThread"


def test_exception_table_format_and_with_handler_shape():
    """3.11+: ``co_exceptiontable`` entries; a ``with`` handler starts with
    PUSH_EXC_INFO then WITH_EXCEPT_START (how lazyboot tells ``with`` from ``try``)."""
    from lazyboot import _bytecode

    code = compile("try:\n    import a\nexcept ImportError:\n    pass\n"
                   "with x:\n    import b\nimport c\n", "<m>", "exec")
    ranges = _bytecode._try_ranges(code)
    import_offsets = [i.offset for i in __import__("dis").get_instructions(code)
                      if i.opname == "IMPORT_NAME"]
    inside = [any(start <= off < end for start, end in ranges) for off in import_offsets]
    assert inside == [True, False, False]


def test_import_name_argument_layout():
    """IMPORT_NAME's argument is the name index shifted by IMPORT_NAME_SHIFT."""
    import dis

    code = compile("import a\nimport b\nimport c\n", "<m>", "exec")
    args = [(i.arg >> _cpython.IMPORT_NAME_SHIFT, i.argval)
            for i in dis.get_instructions(code) if i.opname == "IMPORT_NAME"]
    assert [code.co_names[index] for index, _ in args] == [name for _, name in args]
