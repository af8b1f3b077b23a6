from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"alpha", "beta", "gamma"}
with lazy_imports():  # shim
    import alpha
    import beta
    import gamma
