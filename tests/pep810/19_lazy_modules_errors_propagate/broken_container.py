class Broken:
    def __contains__(self, name):
        raise RuntimeError("no membership test today")


from lazyboot import lazy_imports  # shim

__lazy_modules__ = Broken()
with lazy_imports():  # shim
    import alpha
