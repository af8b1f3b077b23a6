from lazyboot import lazy_imports  # shim

__lazy_modules__ = 42
with lazy_imports():  # shim
    import alpha
