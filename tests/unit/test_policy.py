"""The policy's rules, in-process: pure functions of names, files and arguments."""

from __future__ import annotations

import os

import pytest

from lazyboot import _policy
from lazyboot._policy import Policy, check_module_name, check_module_names, covered

APP = {"__name__": "app.cli", "__file__": "/home/me/app/cli.py"}
LIBRARY = {"__name__": "requests.api",
           "__file__": "/venv/lib/python3.12/site-packages/requests/api.py"}
STDLIB = {"__name__": "json.decoder", "__file__": os.path.join(_policy.STDLIB_DIR, "json", "x.py")}


def test_application_scope_by_default():
    policy = Policy()
    assert policy.may_be_lazy(APP)
    assert not policy.may_be_lazy(LIBRARY)
    assert not policy.may_be_lazy(STDLIB)


def test_the_installing_package_counts_as_application_even_when_installed():
    policy = Policy(application=("requests",))
    assert policy.may_be_lazy(LIBRARY)


def test_a_filter_opens_every_non_stdlib_importer_and_decides_per_statement():
    seen = []
    policy = Policy(filter=lambda importer, name, fromlist: seen.append((importer, name,
                                                                         fromlist)) or True)
    assert policy.may_be_lazy(LIBRARY) and not policy.may_be_lazy(STDLIB)
    assert policy.selects(LIBRARY, "numpy", ["array"])
    assert seen == [("requests.api", "numpy", ("array",))]


def test_exclude_wins_over_include_and_covers_submodules():
    policy = Policy(include=["numpy", "pandas"], exclude=["pandas.io"])
    assert policy.selects(APP, "numpy.linalg", None)
    assert policy.selects(APP, "pandas", None)
    assert not policy.selects(APP, "pandas.io.parsers", None)
    assert not policy.selects(APP, "scipy", None)


def test_always_eager_modules_and_private_submodules_of_a_package_init():
    policy = Policy()
    assert not policy.selects(APP, "typing", None)
    assert not policy.selects(APP, "sys", None)
    package = {"__name__": "app", "__file__": "/home/me/app/__init__.py", "__path__": []}
    assert not policy.selects(package, "app", ["_setup"])
    assert not policy.selects(package, "app._registry", None)
    assert policy.selects(package, "app.core", None)
    # ``from ._core import Engine`` in the package's own ``__init__`` too:
    # the private submodule may register things as it runs.
    assert not policy.selects(package, "app._core", ("Engine",))
    # Another module importing the same names is not the package itself.
    assert policy.selects(APP, "app._core", ("Engine",))


def test_covered():
    assert covered("a.b.c", frozenset({"a"}))
    assert covered("a", frozenset({"a"}))
    assert not covered("ab", frozenset({"a"}))


@pytest.mark.parametrize("value, error", [
    (3, "TypeError: f() argument 'x' must be a module name (str), not int"),
    ("", "ValueError: f() argument 'x' must be a dotted module name such as 'pkg.sub', not ''"),
    ("a..b", "ValueError: f() argument 'x' must be a dotted module name such as 'pkg.sub', "
             "not 'a..b'"),
    ("a b", "ValueError: f() argument 'x' must be a dotted module name such as 'pkg.sub', "
            "not 'a b'"),
])
def test_one_module_name_check_names_the_argument(value, error):
    with pytest.raises((TypeError, ValueError)) as info:
        check_module_name(value, "f() argument 'x'")
    assert f"{info.type.__name__}: {info.value}" == error


def test_lists_of_module_names():
    assert check_module_names(["a", "b.c"], "g") == ("a", "b.c")
    with pytest.raises(TypeError, match=r"did you mean \['numpy'\]"):
        check_module_names("numpy", "g")
    with pytest.raises(TypeError, match="each name in g must be a module name"):
        check_module_names([1], "g")


def test_install_arguments_are_checked_when_the_policy_is_built():
    with pytest.raises(TypeError, match="install\\(\\) argument 'filter' must be callable"):
        Policy(filter=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="each name in install\\(\\) argument 'exclude'"):
        Policy(exclude=["bad name"])


def test_settling_name_rules():
    assert _policy.is_constant_name("DEFAULT_LINE_LENGTH")
    assert not _policy.is_constant_name("Console")
    assert _policy.looks_like_exception("ParseError")
    assert _policy.looks_like_exception("KeyboardInterrupt")
    assert not _policy.looks_like_exception("Errand")


def test_library_files():
    assert _policy.library_file("/x/site-packages/a.py")
    assert _policy.library_file("/usr/lib/python3/dist-packages/a.py")
    assert _policy.library_file(os.__file__)
    assert not _policy.library_file("/home/me/app/cli.py")
    assert not _policy.library_file(None)
