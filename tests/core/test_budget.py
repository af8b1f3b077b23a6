"""The library's own import is nearly free: stdlib only (deterministic check)."""

import sys


def test_import_and_install_load_only_standard_library_modules(run):
    r = run("""
import sys, json
before = set(sys.modules)
import lazyboot
lazyboot.install()
lazyboot.uninstall()
new = sorted(set(sys.modules) - before)
print(json.dumps(new))
""")
    new = r.json()
    outside = [m for m in new if m.split(".")[0] not in sys.stdlib_module_names
               and not m.startswith("lazyboot")]
    assert outside == []
    # nothing heavy from the standard library either
    assert not {"threading", "typing", "inspect", "ast", "importlib.util", "subprocess", "__future__",
                "json", "dataclasses", "collections"} & (set(new) - {"json"})


def test_lazyboot_public_api_is_complete():
    import lazyboot

    assert sorted(lazyboot.__all__) == lazyboot.__all__
    for name in lazyboot.__all__:
        assert callable(getattr(lazyboot, name)), name
