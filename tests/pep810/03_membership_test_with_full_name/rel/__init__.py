import sys

from lazyboot import lazy_imports  # shim

__lazy_modules__ = sys.modules["__main__"].Names("rel", "rel.helper")
with lazy_imports():  # shim
    from . import sibling
    from . import helper
    from .helper import THING
    from .helper import deep
