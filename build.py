#!/usr/bin/env python3
"""Build the clinic website: `.venv/bin/python build.py --help` lists the commands.

The same command line as the installed `haven` command (haven/__main__.py), run from a checkout.
Before the generator is imported, the packages it needs are looked for (without importing them),
so a Python that lacks one says how to install it instead of failing half-way."""

from __future__ import annotations

import sys

# (import name, package name on the package index, lowest version accepted): as in pyproject.toml
NEEDS = (
    ("jinja2", "jinja2", (3, 1, 2)),
    ("markupsafe", "markupsafe", (2, 1)),
    ("markdown", "markdown", (3, 10)),
    ("yaml", "pyyaml", (6, 0, 1)),
    ("livereload", "livereload", (2, 7)),
    ("tornado", "tornado", (6, 4)),
    ("watchdog", "watchdog", (7, 0)),
    ("tzdata", "tzdata", (2025, 2)),
    ("babel", "babel", (2, 14)),
    ("PIL", "pillow", (11, 3)),
    ("selectolax", "selectolax", (1, 0)),
    ("tinycss2", "tinycss2", (1, 4)),
)
INSTALL = ("run, in the folder that holds build.py (with --source, not always the site folder):\n"
           "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n"
           "then run the generator with that Python:  .venv/bin/python build.py")


def _version(text: str) -> tuple:
    parts = []
    for part in text.split("."):
        digits = "".join(c for c in part if c.isdigit()) if part[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits[:9]))
    return tuple(parts)


def missing_dependency() -> str | None:
    """What to tell the editor when a package the generator needs is missing or too old, else None."""
    import importlib.util

    if sys.version_info < (3, 11):  # noqa: UP036 - an older python3 is exactly what this must catch
        return f"Haven needs Python 3.11 or later; this Python ({sys.executable}) is {sys.version.split()[0]}"
    listed: dict[str, list[str]] = {}
    for module, package, lowest in NEEDS:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            return f"Haven needs the package '{package}', which this Python ({sys.executable}) does not have"
        version = _installed_version(spec, package, listed)
        if version is not None and _version(version) < lowest:
            wanted = ".".join(map(str, lowest))
            return f"Haven needs the package '{package}' {wanted} or later; this Python ({sys.executable}) has {version}"
    return None


def _installed_version(spec, package: str, listed: dict[str, list[str]]) -> str | None:
    """The version in the name of the package's `<name>-<version>.dist-info` folder beside it, or
    None (a copy on the path without one: trusted). Read from the folder's listing because
    importlib.metadata takes a tenth of a second to import, longer than a one-edit rebuild can spare."""
    import os

    if not spec.origin or not os.path.isabs(spec.origin):
        return None
    folder = os.path.dirname(os.path.dirname(spec.origin) if spec.submodule_search_locations else spec.origin)
    if folder not in listed:
        try:
            listed[folder] = os.listdir(folder)
        except OSError:
            listed[folder] = []
    prefix = package.lower().replace("-", "_") + "-"
    for name in listed[folder]:
        if name.lower().startswith(prefix) and name.endswith(".dist-info"):
            return name[len(prefix):-len(".dist-info")]
    return None

if __name__ == "__main__":
    try:
        problem = missing_dependency()
        if problem:
            sys.exit(f"{problem}.\nTo install what the generator needs, {INSTALL}")
        from haven.__main__ import main, without_collector

        without_collector()  # (as main does, and before the imports: see there)
        import haven.cli  # noqa: F401 - fails here, with the advice below, when a dependency is broken
    except KeyboardInterrupt:  # Ctrl+C while Python is still starting up
        sys.exit(130)
    except ImportError as exc:
        sys.exit(f"Cannot start: {exc}.\nTo install what the generator needs, {INSTALL}")
    main()
