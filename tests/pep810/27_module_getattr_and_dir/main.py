"""A module whose globals hold lazy objects: dir() lists them without
resolving; vars() hands out the lazy objects."""
import holder
from _obs import loaded

print("dir:", [n for n in dir(holder) if not n.startswith("_") and n != "lazy_imports"])
loaded("alpha")
print("vars lazy:", type(vars(holder)["alpha"]).__name__ != "module")
loaded("alpha")
