"""An eager import elsewhere before first use runs the body there; the lazy
binding then resolves to that module without running it again."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
with lazy_imports():  # shim
    import alpha
import other

loaded("alpha")
show(globals(), "alpha")
print("same module:", vars(alpha) is vars(other.alpha))
