"""The project installs as a package: a wheel with the default theme in it and a `haven` command
that builds a site folder anywhere, as `pip install .` / `pipx install` give a clinic."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

try:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import ROOT, THEME, TODAY
except ImportError:  # tests/ imported as a package
    from tests.helpers import ROOT, THEME, TODAY  # type: ignore[no-redef]

GOLDEN = ROOT / "tests" / "golden" / "clinic"
FIXTURE = ROOT / "tests" / "sites" / "clinic"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built offline from a copy of the checkout (the build backend comes from requirements-test.txt)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy: the backend writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "haven", source / "haven", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps", "--no-index",
        "--wheel-dir", tmp / "dist", source)
    wheel, = (tmp / "dist").glob("haven-*.whl")
    return wheel


@pytest.mark.slow
def test_the_wheel_holds_the_theme_and_the_haven_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        theme = {path.relative_to(THEME).as_posix(): path.read_bytes() for path in THEME.rglob("*") if path.is_file()}
        assert {"base.html", "partials/crisis.html", "assets/style.css", "assets/site.js"} <= set(theme)
        for rel, data in theme.items():
            assert archive.read(f"haven/theme/{rel}") == data, rel
        assert not [n for n in names if n.startswith(("templates/", "tests/", "content/", "bench/"))]
        info = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "haven = haven.__main__:main" in archive.read(info).decode()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert {ranges(r) for r in declared} == {ranges(line.split(": ", 1)[1]) for line in metadata.splitlines()
                                             if line.startswith("Requires-Dist: ")}


def ranges(requirement: str) -> tuple[str, frozenset[str]]:
    """'jinja2>=3.1.2,<4' -> ('jinja2', {'>=3.1.2', '<4'}), in whatever order the bounds come."""
    name = requirement.split("<")[0].split(">")[0].split("=")[0].split("!")[0].split("~")[0].strip()
    return name.lower(), frozenset(part.strip() for part in requirement[len(name):].split(","))


@pytest.mark.slow
def test_the_installed_haven_command_builds_a_site_folder_from_anywhere(wheel, tmp_path):
    target = tmp_path / "installed"
    run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", target, wheel)
    site = Path(shutil.copytree(FIXTURE, tmp_path / "clinic-site"))  # a site folder on its own, outside the checkout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The dependencies come from this environment; haven itself only from the installed wheel.
    env = {**os.environ, "PYTHONPATH": str(target)}
    found = run(sys.executable, "-c", "import haven.templates as t; print(t.THEME_DIR)", cwd=elsewhere, env=env)
    assert Path(found.stdout.strip()) == target / "haven" / "theme"
    result = run(target / "bin" / "haven", "build", "--source", site, "--output", tmp_path / "out",
                 "--today", TODAY.isoformat(), cwd=elsewhere, env=env)
    assert "Built 50 pages" in result.stdout  # with /search/
    built = {p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(golden)
    assert [name for name in golden if built[name] != golden[name]] == []
    usage = run(target / "bin" / "haven", "--help", cwd=elsewhere, env=env).stdout
    assert usage.startswith("usage: haven ")


# --- What the package declares it needs -------------------------------------------------------
# `pip install .` installs what pyproject.toml declares and nothing more; the tests above install
# the wheel with --no-deps beside this environment's packages, so they cannot see a dependency
# missing from the declaration (selectolax and tinycss2 once were: an installed haven could not
# build). These read the declaration, build.py's startup check and the two lock files together.

def declared() -> dict[str, Requirement]:
    """pyproject.toml's dependencies, by their distribution's canonical name."""
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    return {canonicalize_name(r.name): r for r in map(Requirement, listed)}


def lowest(requirement: Requirement) -> str:
    return next((spec.version for spec in requirement.specifier if spec.operator == ">="), "")


def pinned(file: str) -> dict[str, str]:
    """name -> version of each `name==version` line of a requirements file (and the files it includes)."""
    pins = {}
    for line in (ROOT / file).read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins.update(pinned(line[3:].strip()))
        elif line:
            assert "==" in line, f"{file}: {line!r} is not pinned to one version"
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def imported_by_the_package() -> set[str]:
    """The top-level modules any module of haven/ imports, wherever in it the import is."""
    names = set()
    for path in (ROOT / "haven").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"haven", "__future__"}


def test_every_package_the_generator_imports_is_declared_for_pip():
    distributions = importlib.metadata.packages_distributions()
    needed = declared()
    undeclared = {module: distributions.get(module) for module in imported_by_the_package()
                  if not any(canonicalize_name(d) in needed for d in distributions.get(module, []))}
    assert undeclared == {}, "imported by haven/ but missing from pyproject.toml's dependencies"


def test_build_py_checks_for_every_declared_dependency_at_its_lowest_version():
    import build

    checked = {canonicalize_name(package): ".".join(map(str, low)) for _, package, low in build.NEEDS}
    assert checked == {name: lowest(requirement) for name, requirement in declared().items()}
    for module, _, _ in build.NEEDS:  # each import name is one that exists
        assert importlib.util.find_spec(module) is not None, module


def test_the_locks_pin_every_dependency_within_the_declared_ranges():
    runtime, everything = pinned("requirements.txt"), pinned("requirements-test.txt")
    # The runtime lock holds each declared dependency, at a version the declared range admits.
    for name, wanted in declared().items():
        assert name in runtime, f"{wanted.name} is declared but not pinned in requirements.txt"
        assert wanted.specifier.contains(Version(runtime[name])), str(wanted)
    # Each lock is closed: what a pinned package requires (on this Python) is pinned in the same
    # file, so an install takes no version the lock did not choose.
    for pins, file in ((runtime, "requirements.txt"), (everything, "requirements-test.txt")):
        for name, version in pins.items():
            assert importlib.metadata.version(name) == version, f"{name}: installed {importlib.metadata.version(name)}, {file} pins {version}"
            for line in importlib.metadata.requires(name) or []:
                requirement = Requirement(line)
                if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                    assert canonicalize_name(requirement.name) in pins, f"{file}: {name} requires {requirement.name}, which is not pinned"


def test_the_command_names_the_version_pyproject_declares(capsys):
    """`haven --version`: what a report of a generator failure, or a pinned upgrade, names."""
    from haven.cli import command_name, main

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert (stopped.value.code, capsys.readouterr().out) == (0, f"{command_name()} {declared}\n")


def test_only_the_entry_points_import_the_command_line_module():
    """cli.py reads the command line and prints; the modules below it return values and never
    import it (server.py once did, for a helper both used, and they imported each other)."""
    def imports_cli(node) -> bool:
        if not isinstance(node, ast.ImportFrom):
            return False
        if node.level == 0:
            return node.module == "haven.cli"
        return node.module == "cli" or (node.module is None and any(alias.name == "cli" for alias in node.names))

    importers = {path.name for path in (ROOT / "haven").glob("*.py")
                 if any(map(imports_cli, ast.walk(ast.parse(path.read_text(encoding="utf-8")))))}
    assert importers == {"__main__.py"}
