"""Without __lazy_modules__ (normal mode, no `lazy` keyword) every import is
eager, in a lazy_imports() block too."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

with lazy_imports():  # shim
    import alpha
show(globals(), "alpha")
loaded("alpha")
