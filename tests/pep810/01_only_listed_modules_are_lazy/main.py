"""An import in the block is lazy only if __lazy_modules__ selects it."""
from _obs import loaded, show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha"}
print("statements:")
with lazy_imports():  # shim
    import alpha
    import beta
print("after statements:")
show(globals(), "alpha", "beta")
loaded("alpha", "beta")
print("first use:", alpha.VALUE)
show(globals(), "alpha")
loaded("alpha")
