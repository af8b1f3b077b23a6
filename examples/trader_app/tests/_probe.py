"""Run ``trader ARGS...`` in this process, then print which modules really loaded.

Usage: ``python _probe.py ARGS...``.  The last stdout line is JSON:
``{"exit": code, "loaded": [...], "lazy": [...]}`` where ``loaded`` lists the
modules in ``sys.modules`` whose body ran, and ``lazy`` those present but still
deferred (lazyboot's placeholders).
"""

import json
import sys


def main() -> None:
    from bot.__main__ import main as trader

    try:
        code = trader(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    import lazyboot

    loaded, lazy = [], []
    for name, module in list(sys.modules.items()):
        (lazy if lazyboot.is_lazy(module) else loaded).append(name)
    # The interpreter's own lazy imports (3.15+) keep pending modules out of
    # sys.modules, in sys.lazy_modules.
    lazy += [name for name in getattr(sys, "lazy_modules", ()) if name not in sys.modules]
    sys.stdout.flush()
    print("\n" + json.dumps({"exit": code, "loaded": sorted(loaded), "lazy": sorted(lazy)}))


if __name__ == "__main__":
    main()
