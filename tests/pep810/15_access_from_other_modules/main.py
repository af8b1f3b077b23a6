"""Another module's `mod.__dict__[name]` sees the lazy object; `getattr(mod,
name)` and `from mod import name` resolve it and rebind it in mod."""
import holder
from _obs import loaded, show

show(vars(holder), "alpha", "beta", "gamma")
print("__dict__ access is lazy:", type(holder.__dict__["alpha"]).__name__ != "module")
loaded("alpha", "beta", "gamma")
print("getattr:", getattr(holder, "alpha").X)
from holder import beta

print("from-import:", beta.X)
print("hasattr:", hasattr(holder, "gamma"))
show(vars(holder), "alpha", "beta", "gamma")
loaded("alpha", "beta", "gamma")
