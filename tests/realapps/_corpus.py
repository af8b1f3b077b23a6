"""The real-application corpus: eight open-source programs nobody here wrote.

Each entry pins the application's sdist (file name and sha256, as on PyPI),
says where its console script's module is (for the install() line), which of
its own tests run (the same subset eagerly and lazily), and which commands the
tests and the benchmark run.  Every command works offline, on files it is
given in a fresh work directory.  The dependencies of each application are
pinned in ``pins/<name>.txt`` (regenerate with ``python tests/realapps/_lock.py``).

Coverage of the corpus:

==============  =====================================================================
click CLIs      black, mkdocs, cookiecutter, sqlite-utils
argparse CLIs   pygments (plugins through entry points: ``pygments.lexers``, with the
                pygments-git plugin installed), pdoc, yamllint, docutils
entry points    pygments (lexer plugins), mkdocs (themes and plugins), sqlite-utils
                (pluggy plugins)
patches stdlib  pdoc (``unittest.mock.patch`` of ``sys.stdout``/``stderr``/``stdin``,
                ``subprocess.Popen``, ``os.startfile``, ``os._Environ.__repr__`` while it
                imports the documented code); mkdocs (``warnings.showwarning``)
templates       mkdocs (documentation site, Jinja2 themes), pdoc (API docs, Jinja2),
                cookiecutter (Jinja2 project templates, hooks run as subprocesses),
                docutils (HTML/LaTeX templates and stylesheets)
warnings=error  black (``filterwarnings = ["error"]`` in its pytest configuration)
==============  =====================================================================

Every application's tests run with pytest 8 (``pytest<9``): black's test plugin
reads ``config.inicfg``, which pytest 9 deprecates, and its
``filterwarnings = ["error"]`` turns that into a collection error; one pytest
for the whole corpus keeps the suites comparable.
"""

from __future__ import annotations

import textwrap

from _appvenv import App, Command


def _d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


#: ``--- a.py<TAB>2026-12-03 12:00:00.123456+00:00``: black's diff headers carry
#: the file's modification time and the time of formatting.
_DIFF_TIME = (r"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\+00:00", "\t<TIME>")

_UGLY_PY = {
    "pkg/__init__.py": _d('''
        from .core import Engine,  run
        __all__ = [ 'Engine','run' ]
        '''),
    "pkg/core.py": _d('''
        import os, sys
        class Engine :
            def __init__( self, name:str='x',*args , **kwargs ) :
                self.name=name;self.args=args
            def run(self)->dict :
                return { 'name':self.name, "args":list( self.args ),'env':len(os.environ)>0 }
        def run( *names ):
            return [Engine( n ).run() for n in names if n not in ( 'skip', ) ]
        '''),
    "pkg/util.py": _d('''
        def long_function_name(argument_one, argument_two, argument_three, argument_four, argument_five):
            result = [argument_one,argument_two,argument_three,argument_four,argument_five]
            if argument_one and argument_two or argument_three and not argument_four: return result[::-1]
            return  result
        values = { 'a' : 1, 'b' : 2, 'c' : [ 1,2,3, ], 'd' : ( 4, ) }
        '''),
    "pkg/shapes.py": _d('''
        from dataclasses import dataclass
        @dataclass
        class Point :
            x : float = 0.0
            y : float = 0.0
            def __add__(self,other): return Point(self.x+other.x,self.y+other.y)
        match_me = lambda p : ( 'origin' if p==Point() else 'elsewhere' )
        '''),
    "pkg/already_fine.py": _d('''
        def fine(x):
            return x + 1
        '''),
    "pyproject.toml": _d('''
        [tool.black]
        line-length = 60
        target-version = ["py310"]
        '''),
}

BLACK = App(
    name="black",
    sdist="black-26.10.1.tar.gz",
    sha256="5f9f83beae62437e060dafd53d7f1fc327e3d3494f74d72ee5c2b73eb90fc4e7",
    package_root="src",
    entry_module="src/black/__init__.py",   # console script black = black:patched_main
    build=("hatchling", "hatch-vcs", "hatch-fancy-pypi-readme", "editables"),
    test=("pytest<9",),
    # test_blackd needs the "d" extra (aiohttp); test_format (263 cases,
    # ~90 s) is left out for time: test_black formats through the same code.
    suite=("tests", "--ignore=tests/test_blackd.py", "--ignore=tests/test_format.py"),
    min_tests=250,
    why="The most used Python formatter: click CLI with many options and config from "
        "pyproject.toml, a process pool for several files, a big module tree "
        "(black, blib2to3); its pytest configuration turns warnings into errors.",
    covers=("click", "filterwarnings=error", "multiprocessing"),
    commands=(
        Command("help", ("black", "--help")),
        Command("version", ("black", "--version")),
        Command("code", ("black", "--code", "x = {  'a':37,'b':42,\n'c':927}\ny = 'hello ''world'\n")),
        # One file: black checks it in this process.  (With several files a
        # process pool reports them in the order its workers finish.)
        Command("check-diff", ("black", "--check", "--diff", "pkg/core.py"),
                files=_UGLY_PY, normalize=(_DIFF_TIME,), env={"BLACK_CACHE_DIR": "{work}/.cache"}),
        # Several files: black formats them in a process pool and reports each
        # file when its worker finishes, in no fixed order.
        Command("format", ("black", "--verbose", "pkg"), files=_UGLY_PY, outputs=("pkg",),
                env={"BLACK_CACHE_DIR": "{work}/.cache"}, unordered=True, real=True),
    ),
)

_MKDOCS_PROJECT = {
    "mkdocs.yml": _d('''
        site_name: Demo Project
        site_description: A small documentation site
        nav:
          - Home: index.md
          - Guide: guide.md
          - Reference:
              - API: reference/api.md
        markdown_extensions:
          - toc:
              permalink: true
          - admonition
          - tables
          - attr_list
        plugins:
          - search
        '''),
    "docs/index.md": _d('''
        # Demo Project

        Welcome. See the [guide](guide.md) and the [API](reference/api.md).

        !!! note
            Admonitions come from a Markdown extension.
        '''),
    "docs/guide.md": _d('''
        # Guide

        ## Install

        | step | command |
        |------|---------|
        | 1    | `pip install demo` |
        | 2    | `demo --help` |

        ## Use {#use}

        ```python
        import demo
        demo.run()
        ```
        '''),
    "docs/reference/api.md": _d('''
        # API

        ## `run()`

        Runs the demo. Back to [home](../index.md#demo-project).
        '''),
}

#: A hook file (mkdocs imports it by path, with its directory on sys.path
#: while it runs) and the helper module it imports.
_MKDOCS_HOOKS = {
    **_MKDOCS_PROJECT,
    "mkdocs.yml": _MKDOCS_PROJECT["mkdocs.yml"] + "hooks:\n  - hooks/shout.py\n",
    "docs/index.md": _MKDOCS_PROJECT["docs/index.md"] + "\nHooks say {{shout hello}}.\n",
    "hooks/shout.py": _d('''
        """mkdocs hooks, loaded from this file by path."""
        import re

        from mkdocs.plugins import event_priority
        from shouting import shout

        PATTERN = re.compile(r"\\{\\{shout (\\w+)\\}\\}")


        @event_priority(50)
        def on_page_markdown(markdown, page, config, files, **kwargs):
            return PATTERN.sub(lambda m: shout(m.group(1)), markdown)


        def on_post_build(config, **kwargs):
            print(f"hooks: built {config.site_name}")
        '''),
    "hooks/shouting.py": "def shout(word):\n    return word.upper() + '!'\n",
}

#: ``mkdocs get-deps`` with a local projects catalogue instead of the network one.
_MKDOCS_DEPS = {
    "mkdocs.yml": _d('''
        site_name: Deps
        theme:
          name: material
        plugins:
          - search
          - mkdocstrings
        markdown_extensions:
          - toc
        '''),
    "projects.yaml": _d('''
        projects:
        - name: Material for MkDocs
          mkdocs_theme: material
          pypi_id: mkdocs-material
        - name: mkdocstrings
          mkdocs_plugin: mkdocstrings
          pypi_id: mkdocstrings
        '''),
}

#: ``INFO    -  Documentation built in 0.12 seconds``
_MKDOCS_TIME = (r"built in \d+\.\d+ seconds", "built in <N> seconds")
#: mkdocs stamps pages and the sitemap with the build time, or with
#: SOURCE_DATE_EPOCH when set (reproducible builds): set, so whole sites compare.
_MKDOCS_ENV = {"SOURCE_DATE_EPOCH": "1767225600"}

MKDOCS = App(
    name="mkdocs",
    sdist="mkdocs-1.6.1.tar.gz",
    sha256="7b432f01d928c084353ab39c57282f29f92136665bdd6abf7c1ec8d822ef86f2",
    package_root=".",
    entry_module="mkdocs/__main__.py",   # console script mkdocs = mkdocs.__main__:cli
    build=("hatchling", "editables", "babel", "setuptools"),   # babel compiles the catalogs
    test=("pytest<9",),
    # mkdocs' unittest suite (files named *_tests.py), as its own CI runs it.
    suite=("mkdocs/tests", "-o", "python_files=*_tests.py"),
    min_tests=600,
    why="Static documentation sites: click CLI, Jinja2 theme templates, Markdown, "
        "themes and plugins found through entry points; it replaces "
        "warnings.showwarning when a command starts.",
    covers=("click", "templates", "entry points", "patches stdlib"),
    commands=(
        Command("help", ("mkdocs", "--help")),
        Command("version", ("mkdocs", "--version")),
        Command("new", ("mkdocs", "new", "proj"), outputs=("proj",)),
        Command("build", ("mkdocs", "build", "--strict"), files=_MKDOCS_PROJECT,
                outputs=("site",), normalize=(_MKDOCS_TIME,), env=_MKDOCS_ENV, real=True),
        Command("build-theme", ("mkdocs", "build", "--theme", "readthedocs", "-d", "site"),
                files=_MKDOCS_PROJECT, outputs=("site",), normalize=(_MKDOCS_TIME,),
                env=_MKDOCS_ENV),
        Command("build-hooks", ("mkdocs", "build"), files=_MKDOCS_HOOKS, outputs=("site",),
                normalize=(_MKDOCS_TIME,), env=_MKDOCS_ENV),
        Command("get-deps", ("mkdocs", "get-deps", "-p", "projects.yaml"), files=_MKDOCS_DEPS),
    ),
)

_CODE_FILES = {
    "code.py": _d('''
        """A module to highlight."""
        import functools

        @functools.lru_cache(maxsize=None)
        def fib(n: int) -> int:
            # the classic
            return n if n < 2 else fib(n - 1) + fib(n - 2)

        class Greeter:
            greeting = f"hello {fib(10)!r}"
            def __call__(self, *names, **kw):
                return [f"{self.greeting}, {n}" for n in names]
        '''),
    "script.rb": _d('''
        class Greeter
          def initialize(name)
            @name = name.capitalize
          end
          def salute
            puts "Hello #{@name}!"
          end
        end
        '''),
    "settings.ini": "; settings\n[server]\nhost = example.org\nport=8080\n",
    # pygmentize -x: a lexer and a formatter loaded from files (exec'd).
    "mylexer.py": _d('''
        from pygments.lexer import RegexLexer, bygroups
        from pygments.token import Comment, Keyword, Name, Operator, String, Text


        class CustomLexer(RegexLexer):
            name = "Demo INI"
            tokens = {"root": [
                (r"\\s+", Text),
                (r";.*?$", Comment),
                (r"\\[.*?\\]$", Keyword),
                (r"(.*?)(\\s*)(=)(\\s*)(.*?)$", bygroups(Name.Attribute, Text, Operator, Text, String)),
            ]}
        '''),
    "myformatter.py": _d('''
        from pygments.formatter import Formatter
        from pygments.token import STANDARD_TYPES


        class CustomFormatter(Formatter):
            def format(self, tokensource, outfile):
                for ttype, value in tokensource:
                    if value.strip():
                        line = f"{STANDARD_TYPES.get(ttype, '?'):>4} {value!r}\\n"
                        outfile.write(line.encode(self.encoding) if self.encoding else line)
        '''),
    "gitignore.txt": _d('''
        # build output
        /build/
        *.py[cod]
        !keep.pyc
        '''),
}

PYGMENTS = App(
    name="pygments",
    sdist="pygments-2.21.0.tar.gz",
    sha256="610ca751c9bc2492b38eb9a38a7fbc93edbbb2d7182edaf34e66ae493dee5c8c",
    package_root=".",
    entry_module="pygments/cmdline.py",   # console script pygmentize = pygments.cmdline:main
    build=("hatchling", "editables"),
    # pygments-git: a lexer plugin, found through the pygments.lexers entry points.
    test=("pytest<9", "wcag-contrast-ratio", "pygments-git"),
    suite=("tests",),
    min_tests=4000,
    why="Syntax highlighter: argparse CLI whose lexers, formatters, styles and filters "
        "are found by name in generated maps and in plugins through entry points; "
        "its lexers package replaces itself in sys.modules.",
    covers=("argparse", "entry-point plugins"),
    commands=(
        Command("help", ("pygmentize", "-h")),
        Command("version", ("pygmentize", "-V")),
        Command("list", ("pygmentize", "-L", "lexers", "formatters", "styles", "filters")),
        Command("html", ("pygmentize", "-l", "python", "-f", "html",
                         "-O", "full,style=monokai,linenos=1,title=Demo", "-o", "out.html",
                         "code.py"), files=_CODE_FILES, outputs=("out.html",), real=True),
        Command("terminal", ("pygmentize", "-f", "terminal256", "-O", "style=friendly", "code.py"),
                files=_CODE_FILES),
        Command("guess", ("pygmentize", "-N", "script.rb"), files=_CODE_FILES),
        Command("plugin-lexer", ("pygmentize", "-l", "git-ignore", "-f", "raw", "gitignore.txt"),
                files=_CODE_FILES),
        Command("style-defs", ("pygmentize", "-S", "monokai", "-f", "html", "-a", ".hl")),
        Command("custom-files", ("pygmentize", "-x", "-l", "mylexer.py", "-f", "myformatter.py",
                                 "settings.ini"), files=_CODE_FILES),
    ),
)

_PDOC_FILES = {
    "demo_pkg/__init__.py": _d('''
        """
        A demo package.

        It prints on import and starts a process, as real code sometimes does:
        pdoc swaps sys.stdout and subprocess.Popen while it imports it.
        """
        import subprocess
        import sys

        from .shapes import Point, distance

        print("demo_pkg imported")
        subprocess.Popen([sys.executable, "-c", "print('child')"])

        __all__ = ["Point", "distance", "VERSION"]

        VERSION = "1.0"
        """The version."""
        '''),
    "demo_pkg/shapes.py": _d('''
        """Points and distances."""
        from __future__ import annotations

        import dataclasses
        import math


        @dataclasses.dataclass(frozen=True)
        class Point:
            """A point in the plane.

            Args:
                x: The abscissa.
                y: The ordinate.
            """

            x: float = 0.0
            y: float = 0.0

            def moved(self, dx: float, dy: float = 0.0) -> Point:
                """A copy moved by ``dx``, ``dy``.

                Returns:
                    The moved point.
                """
                return dataclasses.replace(self, x=self.x + dx, y=self.y + dy)


        def distance(a: Point, b: Point = Point()) -> float:
            """Euclidean distance.

            Raises:
                TypeError: When given something else than points.
            """
            return math.hypot(a.x - b.x, a.y - b.y)
        '''),
}

#: pdoc -t: a template directory overriding one of pdoc's templates.
_PDOC_TEMPLATES = {
    **_PDOC_FILES,
    "tpl/module.html.jinja2": _d('''
        {% extends "default/module.html.jinja2" %}
        {% block nav_footer %}<footer id="custom">Custom footer for {{ module.modulename }}</footer>{% endblock %}
        '''),
}

PDOC = App(
    name="pdoc",
    sdist="pdoc-16.0.0.tar.gz",
    sha256="fdadc40cc717ec53919e3cd720390d4e3bcd40405cb51c4918c119447f913514",
    package_root=".",
    entry_module="pdoc/__main__.py",   # console script pdoc = pdoc.__main__:cli
    build=("setuptools",),
    test=("pytest<9", "hypothesis"),
    # test__pydantic needs pydantic; the snapshot tests' data is not in the
    # sdist (they fail on both sides alike); test_smoke imports every stdlib
    # module (~4 min), of which a few are kept.
    suite=("test", "--ignore=test/test__pydantic.py",
           "-k", "not test_smoke or json or email or argparse or unittest or http"),
    min_tests=150,
    why="API documentation from docstrings: argparse CLI, Jinja2 templates; while it "
        "imports the documented code it patches sys.stdout/stderr/stdin, "
        "subprocess.Popen and os.startfile with unittest.mock.patch.",
    covers=("argparse", "templates", "patches stdlib"),
    commands=(
        Command("help", ("pdoc", "--help")),
        Command("version", ("pdoc", "--version")),
        Command("package", ("pdoc", "--docformat", "google", "-o", "out", "./demo_pkg"),
                files=_PDOC_FILES, outputs=("out",), real=True),
        Command("stdlib", ("pdoc", "-o", "out", "json"), outputs=("out",)),
        Command("templates", ("pdoc", "-t", "tpl", "-o", "out", "./demo_pkg"),
                files=_PDOC_TEMPLATES, outputs=("out",)),
    ),
)

_COOKIECUTTER_FILES = {
    "config.yaml": _d('''
        cookiecutters_dir: ./installed
        replay_dir: ./replay
        default_context:
          author: Ada Lovelace
        '''),
    "installed/first/cookiecutter.json": '{"name": "first"}\n',
    "template/cookiecutter.json": _d('''
        {
          "project_name": "My Project",
          "project_slug": "{{ cookiecutter.project_name|slugify }}",
          "author": "Someone",
          "version": "0.1.0",
          "license": ["MIT", "BSD-3-Clause", "Apache-2.0"],
          "use_cli": true,
          "_extensions": ["local_extensions.reverse_words", "local_extensions.Shout"]
        }
        '''),
    # Jinja2 extensions the template ships: imported by name, with the
    # template directory on sys.path.
    "template/local_extensions.py": _d('''
        from cookiecutter.utils import simple_filter
        from jinja2.ext import Extension


        @simple_filter
        def reverse_words(value):
            return " ".join(reversed(value.split()))


        class Shout(Extension):
            def __init__(self, environment):
                super().__init__(environment)
                environment.filters["shout"] = lambda value: value.upper() + "!"
        '''),
    "template/hooks/pre_gen_project.py": _d('''
        import re, sys
        slug = "{{ cookiecutter.project_slug }}"
        if not re.match(r"^[a-z][a-z0-9-]+$", slug):
            print(f"bad slug {slug!r}")
            sys.exit(1)
        print(f"pre-gen: {slug}")
        '''),
    "template/hooks/post_gen_project.py": _d('''
        import os
        if not {{ cookiecutter.use_cli }}:
            os.remove("cli.py")
        print("post-gen:", sorted(os.listdir(".")))
        '''),
    "template/{{cookiecutter.project_slug}}/README.md": _d('''
        # {{ cookiecutter.project_name }}

        By {{ cookiecutter.author }}, version {{ cookiecutter.version }}, {{ cookiecutter.license }}.
        {{ cookiecutter.project_name|reverse_words }} {{ cookiecutter.project_name|shout }}
        {% for word in cookiecutter.project_name.split() %}
        - {{ word|lower }}
        {%- endfor %}
        '''),
    "template/{{cookiecutter.project_slug}}/cli.py": _d('''
        """{{ cookiecutter.project_name }} command line."""
        NAME = {{ cookiecutter.project_name|jsonify }}
        '''),
}

COOKIECUTTER = App(
    name="cookiecutter",
    sdist="cookiecutter-2.7.1.tar.gz",
    sha256="ca7bb7bc8c6ff441fbf53921b5537668000e38d56e28d763a1b73975c66c6138",
    package_root=".",
    entry_module="cookiecutter/__main__.py",   # console script = cookiecutter.__main__:main
    build=("setuptools",),
    test=("pytest<9", "pytest-mock", "freezegun"),
    # Its addopts ask for pytest-cov's --cov; dropped (coverage is not the subject).
    suite=("tests", "-o", "addopts="),
    min_tests=300,
    why="Project generator: click CLI, Jinja2 templates with its own extensions, "
        "YAML config, pre/post-generation hooks run as Python subprocesses.",
    covers=("click", "templates", "subprocesses"),
    commands=(
        Command("help", ("cookiecutter", "--help")),
        Command("version", ("cookiecutter", "-V")),
        Command("list", ("cookiecutter", "--config-file", "config.yaml", "--list-installed"),
                files=_COOKIECUTTER_FILES),
        Command("generate", ("cookiecutter", "--no-input", "--config-file", "config.yaml",
                             "-o", "out", "template", "project_name=Demo App", "license=BSD-3-Clause"),
                files=_COOKIECUTTER_FILES, outputs=("out", "replay"), real=True),
    ),
)

_YAML_FILES = {
    "good.yaml": "---\nname: demo\nitems:\n  - 1\n  - 2\n",
    "bad.yaml": _d('''
        name:  demo
        items:
        - one
        -   two
        key: value   
        key: again
        long: this line is quite a bit longer than forty characters, for the custom config
        truthy: yes
        '''),
    "broken.yml": "a: [1, 2\nb: }\n",
    "sub/nested.yaml": "---\nlist: [ 1,2 ]\n",
    "custom.yaml": _d('''
        extends: relaxed
        rules:
          line-length:
            max: 40
          key-duplicates: enable
          truthy: enable
        '''),
}

YAMLLINT = App(
    name="yamllint",
    sdist="yamllint-1.38.0.tar.gz",
    sha256="09e5f29531daab93366bb061e76019d5e91691ef0a40328f04c927387d1d364d",
    package_root=".",
    entry_module="yamllint/cli.py",   # console script yamllint = yamllint.cli:run
    build=("setuptools",),
    test=("pytest<9",),
    suite=("tests",),
    min_tests=400,
    why="YAML linter: argparse CLI, rules as modules of a package looked up by name, "
        "configurations extending built-in ones; unittest suite.",
    covers=("argparse",),
    commands=(
        Command("help", ("yamllint", "--help")),
        Command("version", ("yamllint", "-v")),
        Command("lint", ("yamllint", "-f", "parsable", "good.yaml", "bad.yaml", "broken.yml",
                         "sub/nested.yaml"), files=_YAML_FILES),
        # Every rule at warning level: problems are reported and the exit code is 0.
        Command("lint-warnings", ("yamllint", "-f", "parsable", "-d",
                                  "{extends: relaxed, rules: {trailing-spaces: {level: warning}, "
                                  "key-duplicates: {level: warning}, truthy: {level: warning}}}",
                                  "good.yaml", "bad.yaml", "sub/nested.yaml"),
                files=_YAML_FILES, real=True),
        Command("custom-config", ("yamllint", "-c", "custom.yaml", "-f", "colored", "bad.yaml"),
                files=_YAML_FILES),
        # os.walk order: the file system's, not sorted.
        Command("list-files", ("yamllint", "--list-files", "."), files=_YAML_FILES, unordered=True),
    ),
)

_SQLITE_FILES = {
    "people.csv": "id,name,city\n1,Ada,London\n2,Grace,Arlington\n3,Linus,Helsinki\n4,Guido,Haarlem\n",
    "pets.json": _d('''
        [{"id": 1, "owner": 1, "name": "Cleo", "kind": "cat"},
         {"id": 2, "owner": 1, "name": "Bit", "kind": "dog"},
         {"id": 3, "owner": 3, "name": "Tux", "kind": "penguin"},
         {"id": 4, "owner": 4, "name": "Monty", "kind": "snake"},
         {"id": 5, "owner": 4, "name": "Eric", "kind": "snake"}]
        '''),
}

SQLITE_UTILS = App(
    name="sqlite-utils",
    sdist="sqlite_utils-4.2.1.tar.gz",
    sha256="76114b6a5414714e6c70e5fa5c4781b301b590f6951b5da39c8cc60c21382ba1",
    package_root=".",
    entry_module="sqlite_utils/cli.py",   # console script sqlite-utils = sqlite_utils.cli:cli
    build=("setuptools",),
    test=("pytest<9", "hypothesis", "cogapp"),
    suite=("tests",),
    min_tests=1200,
    why="SQLite from the command line: click CLI with a default-command group, "
        "pluggy plugin hooks found through entry points, CSV/JSON import, tabulate output.",
    covers=("click", "entry points"),
    commands=(
        Command("help", ("sqlite-utils", "--help")),
        Command("version", ("sqlite-utils", "--version")),
        Command("plugins", ("sqlite-utils", "plugins")),
        Command("memory", ("sqlite-utils", "memory", "people.csv", "pets.json",
                           "select people.name, count(*) as pets, group_concat(pets.kind) as kinds "
                           "from people join pets on pets.owner = people.id "
                           "group by people.name order by people.name", "--table"),
                files=_SQLITE_FILES, real=True),
        Command("schema", ("sqlite-utils", "memory", "people.csv", "pets.json", "--schema"),
                files=_SQLITE_FILES),
        Command("functions", ("sqlite-utils", "memory", "people.csv",
                              "select name, tag(city) as tag from people order by id",
                              "--functions", "import hashlib\n\ndef tag(s):\n"
                              "    return hashlib.sha256(s.encode()).hexdigest()[:8]\n",
                              "--csv"), files=_SQLITE_FILES),
        Command("insert-query", ("sqlite-utils", "memory", "pets.json",
                                 "select kind, count(*) as n from pets group by kind order by n desc, kind",
                                 "--nl"), files=_SQLITE_FILES),
    ),
)

_RST = {
    "doc.rst": _d('''
        ============
        Demo Manual
        ============

        :Author: Ada Lovelace
        :Version: 1.0

        .. contents::

        Introduction
        ============

        Some *emphasis*, **strong**, ``code`` and a reference to `Usage`_.

        .. note:: Directives work.

        Usage
        =====

        .. code-block:: python

           def hello(name):
               return f"hello {name}"

        +--------+-------+
        | a      | b     |
        +========+=======+
        | 1      | 2     |
        +--------+-------+

        .. [#] A footnote.
        '''),
}

DOCUTILS = App(
    name="docutils",
    sdist="docutils-0.23.1.tar.gz",
    sha256="8a83ac8810e41228b6f20e96a183abd2460a1757f78e2603e3d4b31fe7d29622",
    package_root=".",
    entry_module="docutils/__main__.py",   # console script docutils = docutils.__main__:main
    build=("flit-core",),
    test=("pytest<9", "pygments"),
    suite=("test",),
    min_tests=450,
    why="reStructuredText processor: argparse front end over optparse-style settings, "
        "readers, parsers and writers imported by name at run time, HTML/LaTeX/XML/man "
        "writers with templates and stylesheets; Pygments for code blocks.",
    covers=("argparse", "templates", "components imported by name"),
    commands=(
        Command("help", ("docutils", "--help")),
        Command("version", ("docutils", "--version")),
        Command("html5", ("docutils", "--writer=html5", "doc.rst", "doc.html"), files=_RST,
                outputs=("doc.html",), real=True),
        Command("latex", ("docutils", "--writer=latex", "doc.rst"), files=_RST),
        Command("xml", ("docutils", "--writer=xml", "--no-datestamp", "doc.rst"), files=_RST),
        Command("manpage", ("docutils", "--writer=manpage", "doc.rst"), files=_RST),
    ),
)

APPS: tuple[App, ...] = (BLACK, MKDOCS, PYGMENTS, PDOC, COOKIECUTTER, YAMLLINT, SQLITE_UTILS,
                         DOCUTILS)
BY_NAME = {app.name: app for app in APPS}
