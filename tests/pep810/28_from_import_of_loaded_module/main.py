"""`from M import x` of a selected module that is already loaded binds the
attribute now when M has it, and a lazy object when it does not (a submodule
not imported yet, or a missing name); `import M` of a loaded M binds a lazy object."""
import pkg
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"pkg"}
with lazy_imports():  # shim
    from pkg import NAME, sub, missing
    import pkg as again
show(globals(), "NAME", "sub", "missing", "again")
loaded("pkg.sub")
