"""Selected or not, imports in try/except, functions, class bodies and star
imports are eager; imports in `if`, `for` and `with` bodies at module level
are potentially lazy."""
import contextlib

from _obs import show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"m_try", "m_func", "m_class", "m_star", "m_if", "m_with", "m_for"}
with lazy_imports():  # shim
    print("try:")
    try:
        import m_try
    except ImportError:
        pass
    print("function:")

    def f():
        import m_func
        return m_func

    f()
    print("class body:")

    class C:
        import m_class

    print("star:")
    from m_star import *
    print("if:")
    if True:
        import m_if
    print("for:")
    for _ in range(1):
        import m_for
    print("with:")
    with contextlib.nullcontext():
        import m_with
show(globals(), "m_try", "m_if", "m_for", "m_with")
