"""The output folder: the generator replaces and deletes only what it wrote there.

A folder it did not build is refused and left byte for byte; a host's files (CNAME, .nojekyll,
.well-known/) survive every build, with or without the cache; nothing is written through a
symbolic link; a build stopped by SIGTERM or killed by SIGKILL leaves no temporary file behind
(at once, or from the next build on) and no worker process; a full disk is the documented
message; a static file replaced by other bytes of the same size and time is published.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import MINIMAL_ARTICLE, ROOT, THEME, TODAY, write_site

MANIFEST = ".haven-output.json"
NOT_BUILT = ("error: is not empty and was not built by this generator (it has no .haven-output.json); it holds {}. "
             "Nothing in it was changed. Build into a new or empty folder (--output), or, if it holds only an old "
             "build of this site, delete it and build again")
DISK = ("error: could not be written ({}); the previous output is unchanged. Check the free disk space and that you may "
        "write to this folder")
DAMAGED = ("error: {}, so which files the generator may replace is unknown; nothing was changed. If the folder holds only a "
           "build of this site, delete the folder and build again")
IN_THE_WAY = ("error: is in the way: the site now makes a file here, and this file was not written by the generator, so it is "
              "kept; move it out of the output folder (or delete it) and build again")
LINKED = ("error: is a symbolic link; the generator never writes through one, so nothing was written. Replace it with a real "
          "folder (or delete it) and build again")
LOCKED = "error: another build is writing into this folder right now; wait until it is done, then build again"


def build(site: Path, output: Path, *, env: dict | None = None, **popen) -> subprocess.CompletedProcess:
    """`build.py build` as an editor runs it."""
    return subprocess.run(_command(site, output), cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, **popen)


def _command(site: Path, output: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--source", str(site), "--output", str(output),
            "--today", TODAY.isoformat()]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, folder and link below `folder` (hidden ones too): a digest, 'dir' or where it points."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[rel] = "dir"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temporary(folder: Path) -> list[str]:
    """What a build writes only while it runs: NAME.haven-new-PID files and the .haven-writing marker."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if ".haven-new-" in p.name or p.name == ".haven-writing")


def errors_of(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " not in line]


@pytest.fixture
def site(tmp_path) -> Path:
    return write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "static/notes.txt": "Opening notes, version one.\n"})


@pytest.fixture
def built(site, tmp_path) -> Path:
    """A site built once into tmp_path/out."""
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    return tmp_path / "out"


def cold(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build into a new folder, with a new cache, writes."""
    folder = tmp_path / f"cold-{time.monotonic_ns()}"
    result = build(site, folder / "out", env={"HAVEN_CACHE": str(folder / "cache")})
    assert result.returncode == 0, result.stderr
    return files_of(folder / "out")


# --------------------------------------------------------------------------------------------
# A folder the generator did not build is refused whole
# --------------------------------------------------------------------------------------------


def test_a_hand_made_site_with_git_history_is_refused_and_left_byte_identical(site, tmp_path):
    folder = tmp_path / "docs"
    for rel, text in {"index.html": "<p>my own site</p>", "404.html": "lost", "about.html": "me",
                      ".git/HEAD": "ref: refs/heads/main\n", ".git/objects/ab/cdef": "blob"}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    before = snapshot(folder)

    result = build(site, folder)

    assert result.returncode == 1
    assert errors_of(result)[0] == f"{folder}: " + NOT_BUILT.format("'.git', '404.html', 'about.html' ...")
    assert result.stderr.rstrip().endswith("Nothing was written; the previous output is unchanged.")
    assert snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site"]  # nothing beside it either


def test_the_generators_own_templates_folder_is_refused(site, tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(THEME, folder)
    before = snapshot(folder)
    result = build(site, folder)
    assert result.returncode == 1
    assert "was not built by this generator" in errors_of(result)[0]
    assert snapshot(folder) == before


@pytest.mark.parametrize("inside, said", [
    ("", "the output folder cannot be the site folder or contain it; use e.g. --output output"),
    ("..", "the output folder cannot be the site folder or contain it; use e.g. --output output"),
    ("content/out", "the output folder cannot be inside the site's content/ folder; use e.g. --output output"),
    ("static", "the output folder cannot be inside the site's static/ folder; use e.g. --output output"),
    ("templates/out", "the output folder cannot be inside the site's templates/ folder; use e.g. --output output"),
    ("translations/out", "the output folder cannot be inside the site's translations/ folder; use e.g. --output output"),
])
def test_an_output_folder_that_is_or_holds_part_of_the_site_is_refused(site, tmp_path, inside, said):
    (site / "translations").mkdir()
    before = snapshot(tmp_path)
    output = site / inside
    result = build(site, output)
    assert result.returncode == 1
    assert errors_of(result)[0] == f"{output}: error: {said}"
    assert snapshot(tmp_path) == before


def test_an_output_that_is_a_file_is_refused_with_what_to_do(site, tmp_path):
    output = site / "site_config.yaml"
    before = snapshot(tmp_path)
    result = build(site, output)
    assert result.returncode == 1
    assert errors_of(result)[0] == (f"{output}: error: exists and is a file, not a folder; name a folder with "
                                    "--output (a new one, or one this site was built into before)")
    assert snapshot(tmp_path) == before


def test_a_folder_holding_only_a_hosts_files_is_built_into_and_they_are_kept(site, tmp_path):
    folder = tmp_path / "out"
    (folder / ".well-known").mkdir(parents=True)
    (folder / ".well-known/security.txt").write_text("Contact: mailto:it@counseling.test\n", encoding="utf-8")
    (folder / "CNAME").write_text("counseling.test\n", encoding="utf-8")
    (folder / ".nojekyll").write_text("", encoding="utf-8")
    hosts = snapshot(folder)

    result = build(site, folder)

    assert result.returncode == 0, result.stderr
    now = snapshot(folder)
    assert {rel: now[rel] for rel in hosts} == hosts
    assert files_of(folder).keys() - {"CNAME", ".nojekyll", ".well-known/security.txt"} == cold(site, tmp_path).keys()


def test_a_fresh_gh_pages_checkout_is_built_into_and_its_git_folder_kept(site, tmp_path):
    """`git init` (or a checked-out empty gh-pages branch) then the first build: its .git is a host's."""
    folder = tmp_path / "out"
    for rel, text in {".git/HEAD": "ref: refs/heads/gh-pages\n", ".git/config": "[core]\n", "CNAME": "counseling.test\n",
                      ".nojekyll": ""}.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    hosts = snapshot(folder)

    result = build(site, folder)

    assert result.returncode == 0, result.stderr
    now = snapshot(folder)
    assert {rel: now[rel] for rel in hosts} == hosts
    assert files_of(folder).keys() - {"CNAME", ".nojekyll", ".git/HEAD", ".git/config"} == cold(site, tmp_path).keys()


def test_a_site_publishing_well_known_takes_over_the_hosts_file_of_that_name(site, tmp_path):
    """static/.well-known/security.txt replaces the host's; the host's other .well-known files stay,
    and the site's is deleted again once it leaves static/ (it is the generator's from then on)."""
    folder = tmp_path / "out"
    (folder / ".well-known/acme-challenge").mkdir(parents=True)
    (folder / ".well-known/security.txt").write_text("Contact: mailto:old@counseling.test\n", encoding="utf-8")
    (folder / ".well-known/acme-challenge/token").write_text("host's\n", encoding="utf-8")
    write_site(site, {"static/.well-known/security.txt": "Contact: mailto:new@counseling.test\n"})

    result = build(site, folder)

    assert result.returncode == 0, result.stderr
    assert (folder / ".well-known/security.txt").read_text("utf-8") == "Contact: mailto:new@counseling.test\n"
    assert (folder / ".well-known/acme-challenge/token").read_text("utf-8") == "host's\n"

    (site / "static/.well-known/security.txt").unlink()
    result = build(site, folder)
    assert result.returncode == 0, result.stderr
    assert not (folder / ".well-known/security.txt").exists()
    assert (folder / ".well-known/acme-challenge/token").read_text("utf-8") == "host's\n"


@pytest.mark.parametrize("record, why", [
    ("{not json", "is not valid JSON"),
    ('{"generator": "haven", "format": 1, "files": ["../outside.txt"]}',
     "lists '../outside.txt', which is not a file the generator writes in this folder"),
    ('{"generator": "haven", "format": 1, "files": [".git/config"]}',
     "lists '.git/config', which is not a file the generator writes in this folder"),
    ('{"generator": "haven", "format": 1, "files": ["/etc/passwd"]}',
     "lists '/etc/passwd', which is not a file the generator writes in this folder"),
    ('{"generator": "other", "files": []}', "is not a list of files written by this version of the generator"),
])
def test_a_damaged_or_forged_record_of_the_files_is_refused(built, site, tmp_path, record, why):
    (built / MANIFEST).write_text(record, encoding="utf-8")
    (built / ".git").mkdir()
    (built / ".git/config").write_text("[core]\n", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("keep me", encoding="utf-8")
    (site / "content/articles/hello.md").unlink()  # the next build would delete its page, were it allowed
    before = snapshot(tmp_path)

    result = build(site, built)

    assert result.returncode == 1
    assert errors_of(result)[0] == f"{built}/{MANIFEST}: " + DAMAGED.format(why)
    assert snapshot(tmp_path) == before



def test_serve_reads_again_a_record_of_the_files_changed_since_it_wrote_it(site, tmp_path, monkeypatch):
    """serve does not read again the record it wrote itself, as long as the folder holds those very
    bytes; one forged meanwhile is refused as it is by a build of its own."""
    from haven.pipeline import build as build_in_process
    from haven.state import BuildState

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    state, out = BuildState(), tmp_path / "out"
    assert build_in_process(site, out, today=TODAY, preview=True, state=state).ok
    (site / "static/more.txt").write_text("More notes.\n", encoding="utf-8")  # (a record that lists one more file)
    assert build_in_process(site, out, today=TODAY, preview=True, state=state).ok
    (out / MANIFEST).write_text('{"generator": "haven", "format": 1, "files": ["../outside.txt"]}', encoding="utf-8")
    (site / "static/more.txt").unlink()

    result = build_in_process(site, out, today=TODAY, preview=True, state=state)

    assert [str(p) for p in result.problems if not p.warning] == [
        f"{out}/{MANIFEST}: " + DAMAGED.format("lists '../outside.txt', which is not a file the generator writes in "
                                               "this folder")]


# --------------------------------------------------------------------------------------------
# Files the generator did not write are kept
# --------------------------------------------------------------------------------------------


def test_a_hosts_files_survive_a_build_on_a_fresh_machine(built, site, tmp_path):
    """No build cache (a new CI runner): CNAME, .nojekyll, .well-known/ and .git/ are still kept."""
    extra = {"CNAME": "counseling.test\n", ".nojekyll": "", ".well-known/security.txt": "Contact: it@x.test\n",
             ".git/HEAD": "ref: refs/heads/gh-pages\n", "downloads/intake-form.txt": "hand-made\n"}
    for rel, text in extra.items():
        (built / rel).parent.mkdir(parents=True, exist_ok=True)
        (built / rel).write_text(text, encoding="utf-8")
    kept = {rel: digest for rel, digest in snapshot(built).items() if rel.split("/")[0] in
            {"CNAME", ".nojekyll", ".well-known", ".git", "downloads"}}
    # The article goes and another comes: the generator deletes the page it wrote, nothing else.
    (site / "content/articles/hello.md").unlink()
    write_site(site, {"content/articles/second.md": MINIMAL_ARTICLE.replace("Hello", "Second")})

    result = build(site, built, env={"HAVEN_CACHE": str(tmp_path / "new-empty-cache")})

    assert result.returncode == 0, result.stderr
    now = snapshot(built)
    assert {rel: now.get(rel) for rel in kept} == kept
    assert not (built / "blog/hello").exists()
    assert {rel: data for rel, data in files_of(built).items() if rel not in extra} == cold(site, tmp_path)
    assert temporary(built) == []


def test_a_file_not_written_by_the_generator_is_never_replaced(built, site, tmp_path):
    (built / "blog/second").mkdir(parents=True)
    (built / "blog/second/index.html").write_text("<p>my own page</p>", encoding="utf-8")
    write_site(site, {"content/articles/second.md": MINIMAL_ARTICLE.replace("Hello", "Second")})
    before = snapshot(built)

    result = build(site, built)

    assert result.returncode == 1
    assert errors_of(result)[0] == f"{built}/blog/second/index.html: " + IN_THE_WAY
    assert snapshot(built) == before


def test_a_file_not_written_by_the_generator_with_the_same_bytes_is_taken_over(built, site, tmp_path):
    (built / "robots2.txt").write_text("User-agent: *\n", encoding="utf-8")
    write_site(site, {"static/robots2.txt": "User-agent: *\n"})
    assert build(site, built).returncode == 0
    (site / "static/robots2.txt").unlink()
    assert build(site, built).returncode == 0
    assert not (built / "robots2.txt").exists()  # the generator's since the build that published it


# --------------------------------------------------------------------------------------------
# Nothing is written through a symbolic link
# --------------------------------------------------------------------------------------------


def test_a_linked_folder_in_the_output_is_never_written_through(built, site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(built / "blog", elsewhere)
    shutil.rmtree(built / "blog")
    (built / "blog").symlink_to(elsewhere)
    (site / "content/articles/hello.md").write_text(MINIMAL_ARTICLE.replace("A first", "A changed"), encoding="utf-8")
    before = snapshot(tmp_path)

    result = build(site, built)

    assert result.returncode == 1
    assert errors_of(result)[0] == f"{built}/blog: " + LINKED
    assert snapshot(tmp_path) == before


def test_a_link_where_a_file_of_the_last_build_was_is_replaced_not_followed(built, site, tmp_path):
    victim = tmp_path / "victim.html"
    victim.write_text("not the generator's", encoding="utf-8")
    (built / "index.html").unlink()
    (built / "index.html").symlink_to(victim)
    (built / "feed.xml").unlink()
    (built / "feed.xml").symlink_to(tmp_path / "would-be-created.xml")

    result = build(site, built, env={"HAVEN_CACHE": str(tmp_path / "new-cache")})

    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "not the generator's"
    assert not (tmp_path / "would-be-created.xml").exists()
    assert not (built / "index.html").is_symlink() and not (built / "feed.xml").is_symlink()
    assert files_of(built) == cold(site, tmp_path)


def test_a_link_the_generator_did_not_make_is_kept_and_refused(built, site, tmp_path):
    (tmp_path / "target.html").write_text("elsewhere", encoding="utf-8")
    (built / "blog/second").mkdir()
    (built / "blog/second/index.html").symlink_to(tmp_path / "target.html")
    write_site(site, {"content/articles/second.md": MINIMAL_ARTICLE.replace("Hello", "Second")})
    before = snapshot(tmp_path)
    result = build(site, built)
    assert result.returncode == 1
    assert errors_of(result)[0].startswith(f"{built}/blog/second/index.html: error: is a symbolic link the generator did not make")
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------------------------
# Static files: the output always equals a cold build
# --------------------------------------------------------------------------------------------


def test_a_static_file_replaced_by_other_bytes_of_the_same_size_and_time_is_published(built, site, tmp_path):
    notes = site / "static/notes.txt"
    old = notes.stat()
    notes.write_text("Opening notes, version two.\n", encoding="utf-8")  # same length
    os.utime(notes, ns=(old.st_atime_ns, old.st_mtime_ns))  # what `cp -p` and `rsync -t` do
    assert notes.stat().st_size == old.st_size

    assert build(site, built).returncode == 0

    assert (built / "notes.txt").read_text(encoding="utf-8") == "Opening notes, version two.\n"
    assert files_of(built) == cold(site, tmp_path)


# --------------------------------------------------------------------------------------------
# Stopped builds: SIGTERM, SIGKILL, another build at the same time
# --------------------------------------------------------------------------------------------

ARTICLES = 360


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> tuple[Path, Path]:
    """A site with enough articles that a build writes for a few seconds on two workers, built once."""
    root = tmp_path_factory.mktemp("big")
    paragraph = "Therapy is a conversation with a purpose. " * 40
    files = {f"content/articles/post-{n:04}.md": f"---\ntitle: Post {n}\ndate: 2026-01-05\ntags: [t{n % 50}]\n---\n"
             + f"\n\n{paragraph}" * 12 for n in range(ARTICLES)}
    site = write_site(root / "site", files)
    result = build(site, root / "out")
    assert result.returncode == 0, result.stderr
    return site, root / "out"


def _copy_of(big_site, tmp_path) -> tuple[Path, Path, dict]:
    site, out = big_site
    shutil.copytree(out, tmp_path / "out", symlinks=True)
    for path in (site / "content/articles").iterdir():  # every page changes: a long write follows
        path.write_text(path.read_text(encoding="utf-8").replace("with a purpose", "with a goal"), encoding="utf-8")
    return site, tmp_path / "out", snapshot(tmp_path / "out")


def _start(site: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen(_command(site, output), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "HAVEN_JOBS": "3", "HAVEN_CACHE": "off"})


def _when_writing(process: subprocess.Popen, output: Path) -> list[int]:
    """Wait until the build has written some of its temporary files; returns its workers' ids."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if sum(1 for _ in output.glob("blog/*/index.html.haven-new-*")) >= 20:
            return _children(process.pid)
        time.sleep(0.01)
    pytest.fail(f"the build never wrote into {output} (exit {process.poll()})")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat_line.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """A process that still runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _all_gone(pids: list[int], within: float = 10.0) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if _running(pid)]


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find worker processes")


@needs_proc
def test_sigterm_mid_build_stops_cleanly(big_site, tmp_path):
    site, output, before = _copy_of(big_site, tmp_path)
    process = _start(site, output)
    workers = _when_writing(process, output)
    assert workers, "the build started no worker process"

    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)

    assert process.returncode == 143
    assert err.splitlines()[-1] == "Stopped (SIGTERM); the output folder was not left half-written."
    assert "Traceback" not in err
    assert _all_gone(workers) == []
    assert temporary(output) == []
    assert snapshot(output) == before


@needs_proc
def test_sigkill_mid_build_kills_the_workers_and_the_next_build_cleans_up(big_site, tmp_path):
    site, output, _ = _copy_of(big_site, tmp_path)
    process = _start(site, output)
    workers = _when_writing(process, output)
    assert workers

    process.kill()
    process.communicate(timeout=60)

    assert _all_gone(workers) == [], "a worker outlived its killed parent"
    assert temporary(output)  # what `kill -9` leaves ...
    result = build(site, output)
    assert result.returncode == 0, result.stderr
    assert temporary(output) == []  # ... the next build removes
    assert files_of(output) == cold(site, tmp_path)


def test_a_second_build_into_the_same_folder_at_once_is_refused(built, site):
    before = snapshot(built)
    holder = os.open(built, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        result = build(site, built)
    finally:
        os.close(holder)
    assert result.returncode == 1
    assert errors_of(result)[0] == f"{built}: " + LOCKED
    assert snapshot(built) == before


# --------------------------------------------------------------------------------------------
# A full disk
# --------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system (tmpfs), or a skip where this process may not mount one."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                             capture_output=True, text=True) if shutil.which("mount") else None
    if mounted is None or mounted.returncode != 0:
        reason = mounted.stderr.strip() if mounted else "no mount command"
        print(f"skipping: cannot mount a small tmpfs here ({reason}); the RLIMIT_FSIZE test covers the same path")
        pytest.skip(f"cannot mount a small tmpfs here ({reason})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("what", ["static file", "pages"])
def test_a_full_disk_is_reported_and_the_previous_output_kept(site, small_disk, what):
    output = small_disk / "out"
    assert build(site, output).returncode == 0
    before = snapshot(output)
    if what == "static file":
        (site / "static/big.txt").write_bytes(b"x" * 3_000_000)
    else:  # many pages written at once by the workers
        text = "A line of text that fills the page. " * 2000
        write_site(site, {f"content/articles/p{n}.md": MINIMAL_ARTICLE.replace("Hello", f"P{n}") + text
                          for n in range(150)})

    result = build(site, output, env={"HAVEN_JOBS": "2"})

    assert result.returncode == 1, result.stderr
    assert errors_of(result)[0] == f"{output}: " + DISK.format("No space left on device")
    assert "Sorry" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(output) == before


def _file_size_limit(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("what", ["static file", "pages"])
def test_a_file_the_system_refuses_to_grow_is_reported_and_the_previous_output_kept(built, site, what):
    """The same paths as a full disk, wherever mounting is not allowed: the system refuses to grow a file."""
    before = snapshot(built)
    if what == "static file":
        (site / "static/big.txt").write_bytes(b"x" * 300_000)
    else:  # pages written by the workers
        text = "A line of text that fills the page. " * 5000
        write_site(site, {f"content/articles/p{n}.md": MINIMAL_ARTICLE.replace("Hello", f"P{n}") + text
                          for n in range(150)})
    result = build(site, built, env={"HAVEN_CACHE": "off", "HAVEN_JOBS": "2"}, preexec_fn=_file_size_limit(150_000))
    assert result.returncode == 1, result.stderr
    assert errors_of(result)[0] == f"{built}: " + DISK.format("File too large")
    assert "Sorry" not in result.stderr
    assert snapshot(built) == before


def test_a_full_disk_under_the_cache_too_is_reported(site, small_disk):
    """The build's caches (documents, templates) on the same full disk: still the documented message."""
    output, cache = small_disk / "out", small_disk / "cache"
    assert build(site, output, env={"HAVEN_CACHE": str(cache)}).returncode == 0
    before = snapshot(output)
    filler = os.open(small_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last byte
        with pytest.raises(OSError):
            while True:
                os.write(filler, b"x" * 4096)
    finally:
        os.close(filler)
    (site / "content/articles/hello.md").write_text(MINIMAL_ARTICLE.replace("A first", "A changed"), encoding="utf-8")
    write_site(site, {"templates/base.html": (THEME / "base.html").read_text(encoding="utf-8") + "\n"})

    result = build(site, output, env={"HAVEN_CACHE": str(cache)})

    assert result.returncode == 1, result.stderr
    assert errors_of(result)[0].endswith(": " + DISK.format("No space left on device"))
    assert "Sorry" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(output) == before


def test_every_sample_of_the_output_folders_messages_in_the_editors_page_is_a_real_message():
    """docs/errors.md, section 17, quotes the messages these tests see printed."""
    import re

    shapes = [re.escape(NOT_BUILT).replace(re.escape("{}"), "'.+'"), re.escape(IN_THE_WAY), re.escape(LINKED),
              re.escape(DAMAGED).replace(re.escape("{}"), "is not valid JSON"), re.escape(LOCKED),
              re.escape(DISK).replace(re.escape("{}"), "No space left on device")]
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    samples = [line for line in text.split("## 17.", 1)[1].splitlines() if line.startswith("output")]
    assert len(samples) == len(shapes)
    for line in samples:
        message = line.split(": ", 1)[1]
        assert any(re.fullmatch(shape, message) for shape in shapes), line
