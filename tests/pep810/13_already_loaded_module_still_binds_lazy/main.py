"""A selected module that is already in sys.modules still binds a lazy object;
first use returns that same module without running it again."""
import sys

import alpha
from _obs import show
from lazyboot import lazy_imports  # shim

first = sys.modules["alpha"]
__lazy_modules__ = {"alpha", "os"}
with lazy_imports():  # shim
    import alpha as again
    import os
show(globals(), "again", "os")
# vars() is an ordinary use (identity of the name itself is native-only, see case 17)
print("same module:", vars(again) is vars(first), vars(os) is vars(sys.modules["os"]))
