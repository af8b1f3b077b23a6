"""``lazyboot.__all__`` is exactly the public API the package serves."""

#: Public-looking module globals that are not API: ``TYPE_CHECKING = False``
#: stands in for ``typing.TYPE_CHECKING`` so that ``import lazyboot`` never
#: imports ``typing``.
NOT_API = {"TYPE_CHECKING"}


def test_all_is_exactly_the_public_names_the_package_serves(run):
    """Every name in ``__all__`` is served by ``getattr(lazyboot, name)``, and every
    public attribute (not a submodule) is in ``__all__``: after ``import lazyboot``,
    after every deferred name was fetched, and in ``dir(lazyboot)``."""
    r = run("""
import json, sys, types
import lazyboot

def public(names):
    return sorted(n for n in names if not n.startswith("_")
                  and not isinstance(getattr(lazyboot, n), types.ModuleType))

at_import = public(vars(lazyboot))
served = {}
for name in lazyboot.__all__:
    try:
        value = getattr(lazyboot, name)
    except AttributeError as exc:
        served[name] = "missing: " + str(exc)
    else:
        served[name] = [callable(value), getattr(value, "__module__", "").startswith("lazyboot")]
try:
    lazyboot.not_a_lazyboot_name
except AttributeError:
    unknown = "AttributeError"
else:
    unknown = "served"
print(json.dumps({"all": lazyboot.__all__, "sorted": sorted(lazyboot.__all__) == lazyboot.__all__,
                  "unique": len(set(lazyboot.__all__)) == len(lazyboot.__all__),
                  "at_import": at_import, "after_fetch": public(vars(lazyboot)),
                  "dir": public(dir(lazyboot)), "served": served, "unknown": unknown}))
""")
    data = r.json()
    api = set(data["all"])
    assert data["sorted"] and data["unique"], data["all"]
    # Every name in __all__ is served, and is a callable of lazyboot's own.
    assert data["served"] == {name: [True, True] for name in data["all"]}
    # Every public attribute is in __all__, before and after the deferred ones load.
    assert set(data["at_import"]) - NOT_API <= api
    assert set(data["after_fetch"]) - NOT_API == api
    assert set(data["dir"]) - NOT_API == api
    assert data["unknown"] == "AttributeError"
