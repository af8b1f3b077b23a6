"""PEP 810's observable rules, the same on every supported Python.

Each case directory holds ``main.py`` (written with ``lazyboot.lazy_imports()``;
the lines marked ``# shim`` only matter on Pythons without lazy imports of
their own) and the modules it imports.  ``expected.txt`` is what CPython
3.15's own implementation prints for the same module with those lines
stripped, relying on ``__lazy_modules__`` alone.  This file runs every case
with lazyboot on the interpreter running the tests (3.10-3.14: lazyboot's
implementation; 3.15+: the interpreter's, lazyboot stepping aside) and
compares; on 3.15+ it also checks the reference itself.

Regenerate the reference with Python 3.15:
``python tests/pep810/_cases.py --update``.
"""

from __future__ import annotations

import sys

import pytest

from ._cases import CASES, NATIVE_ONLY, expected, run

NATIVE = hasattr(sys, "set_lazy_imports_filter")


@pytest.mark.parametrize("case", CASES)
def test_lazyboot_behaves_as_pep_810(case, request):
    if not NATIVE and case in NATIVE_ONLY:
        # Runs, and must fail: the day the shim matches, strict turns this red.
        request.applymarker(pytest.mark.xfail(reason=NATIVE_ONLY[case], strict=True))
    assert run(case, native=False) == expected(case)


@pytest.mark.native_lazy  # the reference is the interpreter's own lazy imports
@pytest.mark.parametrize("case", CASES)
def test_the_reference_is_the_interpreters(case):
    assert run(case, native=True) == expected(case)
