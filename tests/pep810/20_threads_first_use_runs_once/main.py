"""Sixteen threads using a lazy name at once: the body runs once, all see it whole."""
import threading

from _obs import show
from lazyboot import lazy_imports  # shim

__lazy_modules__ = {"slow"}
with lazy_imports():  # shim
    import slow
    from slow import VALUE
barrier = threading.Barrier(16)
seen = []


def worker(i):
    barrier.wait()
    seen.append((slow.VALUE, VALUE) if i % 2 else (VALUE, slow.VALUE))


threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join(10)
print("results:", sorted(set(seen)), len(seen))
import builtins

print("body runs:", builtins.SLOW_RUNS)
