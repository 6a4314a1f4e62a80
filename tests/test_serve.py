"""`python build.py serve`: a preview on 127.0.0.1 that rebuilds on change and survives mistakes.

Each test starts the real command as a subprocess on a free port, talks to it over loopback
only, and always stops it (by its own process id) in a finally. Waits are bounded polls.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

try:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import ROOT, THEME, TODAY
except ImportError:  # tests/ imported as a package
    from tests.helpers import ROOT, THEME, TODAY  # type: ignore[no-redef]

FIXTURE = Path(__file__).resolve().parent / "sites" / "clinic"
WAIT = 10.0  # seconds: the most any one step may take
PROMPT = 5.0  # seconds: a generous bound for a save on the small fixture to be served rebuilt


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """A running `serve`: its base URL, and everything it has printed so far."""

    def __init__(self, source: Path, *args: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.source = source
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source),
             "--port", str(self.port), "--today", TODAY.isoformat(), *args],
            cwd=source, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            text=True, bufsize=1,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def wait_until(self, what: str, condition, wait: float = WAIT) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"serve exited with {self.proc.returncode} while waiting for {what}:\n{self.output}")
            try:
                if condition():
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.05)
        pytest.fail(f"timed out after {wait:.0f} s waiting for {what}; serve printed:\n{self.output}")

    def wait_ready(self) -> None:
        self.wait_until("the server to answer", lambda: self.get("")[0] == 200)

    def stop(self) -> None:
        """Ctrl+C, as an editor stops it (so it removes its temporary folder); then harder."""
        for ask in (lambda: self.proc.send_signal(signal.SIGINT), self.proc.terminate, self.proc.kill):
            if self.proc.poll() is not None:
                break
            ask()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                continue
        self._reader.join(timeout=2)


@pytest.fixture
def preview_site(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    time.sleep(0.05)  # a new modification time even on coarse file systems
    path.write_text(text.replace(old, new), "utf-8")


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split()) if match else ""


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(preview_site):
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        status, html = preview.get("blog/starting-therapy/")
        assert status == 200
        assert h1(html) == "Starting therapy: what the first session is like"
        # built for the preview's own address, not the site's public one
        assert f'<link rel="canonical" href="{preview.base}blog/starting-therapy/">' in html
        # the page reloads itself in the browser through livereload
        assert '<script src="/__haven/preview.js"></script>' in html  # (which loads livereload.js)
        assert preview.get(f"livereload.js?port={preview.port}")[0] == 200

        # an edit to an article is picked up
        article = preview_site / "content/articles/starting-therapy.md"
        edit(article, 'title: "Starting therapy: what the first session is like"', 'title: "Your first therapy session"')
        preview.wait_until("the edited title", lambda: h1(preview.get("blog/starting-therapy/")[1]) == "Your first therapy session")

        # a broken config: the error is printed, and the last good site is still served
        config = preview_site / "site_config.yaml"
        good_config = config.read_text("utf-8")
        printed = len(preview.lines)
        edit(config, "  timezone: America/Denver", "  timezone: America/Denvr")
        preview.wait_until("the config error to be printed",
                           lambda: any(re.match(r"site_config\.yaml:\d+: ", line) for line in preview.lines[printed:]))
        assert any("America/Denvr" in line for line in preview.lines[printed:]), preview.output
        status, html = preview.get("blog/starting-therapy/")
        assert status == 200 and h1(html) == "Your first therapy session"
        assert preview.proc.poll() is None

        # fixed again: the preview follows the next edit
        config.write_text(good_config, "utf-8")
        edit(article, 'title: "Your first therapy session"', 'title: "Your first session"')
        preview.wait_until("the fix to be picked up", lambda: h1(preview.get("blog/starting-therapy/")[1]) == "Your first session")
    finally:
        preview.stop()
    # the preview is built in a temporary folder, never into the site
    assert not (preview_site / "output").exists()


def test_serve_binds_loopback_only_and_shows_drafts(preview_site):
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        status, html = preview.get("blog/group-therapy-notes/")
        assert status == 200 and h1(html) == "Notes on group therapy"
        status, html = preview.get("blog/coping-with-the-holidays/")  # scheduled: shown, marked as such
        assert status == 200 and "Scheduled: this article appears on the site on 2026-12-15" in html
        # every socket listening on the port is bound to 127.0.0.1 (read from /proc, no traffic)
        tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
        if not tables[0].exists():
            pytest.skip("no /proc/net/tcp to read listening sockets from")
        listening = []
        for table in tables:
            if table.exists():
                for row in table.read_text().splitlines()[1:]:
                    fields = row.split()
                    address, port_hex = fields[1].rsplit(":", 1)
                    if fields[3] == "0A" and int(port_hex, 16) == preview.port:
                        listening.append(address)
        assert listening and all(a in ("0100007F", "0000000000000000FFFF00000100007F") for a in listening), listening
    finally:
        preview.stop()


def test_serve_without_drafts(preview_site):
    preview = Preview(preview_site, "--no-drafts")
    try:
        preview.wait_ready()
        assert preview.get("blog/group-therapy-notes/")[0] == 404
        assert preview.get("blog/managing-anxiety/")[0] == 200
    finally:
        preview.stop()


def own_page_template(marker: str) -> str:
    """The theme's page template, with a marker on its h1: a site's own override."""
    theme_page = (THEME / "page.html").read_text("utf-8")
    assert "<h1>" in theme_page
    return theme_page.replace("<h1>", f'<h1 class="{marker}">')


def test_serve_rebuilds_on_static_and_template_changes(preview_site):
    own = preview_site / "templates"
    own.mkdir()
    (own / "page.html").write_text(own_page_template("first"), "utf-8")
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        assert 'class="first"' in preview.get("about/")[1]
        (preview_site / "static/hello.txt").write_text("hello from static\n", "utf-8")
        preview.wait_until("a new static file", lambda: preview.get("hello.txt") == (200, "hello from static\n"))
        (own / "page.html").write_text(own_page_template("second"), "utf-8")
        preview.wait_until("the edited template", lambda: 'class="second"' in preview.get("about/")[1])
    finally:
        preview.stop()


def test_serve_rebuilds_on_a_change_in_static_well_known(preview_site):
    """static/.well-known/ is published, so the preview follows it, though other hidden names it passes over."""
    (preview_site / "static/.well-known").mkdir(parents=True)
    (preview_site / "static/.well-known/security.txt").write_text("Contact: mailto:a@counseling.test\n", "utf-8")
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        assert preview.get(".well-known/security.txt") == (200, "Contact: mailto:a@counseling.test\n")
        edit(preview_site / "static/.well-known/security.txt", "a@", "b@")
        preview.wait_until("the edited security.txt",
                           lambda: preview.get(".well-known/security.txt") == (200, "Contact: mailto:b@counseling.test\n"))
    finally:
        preview.stop()


def test_serve_watches_a_templates_folder_created_while_serving(preview_site):
    """An editor starts overriding a theme template while the preview runs."""
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        own = preview_site / "templates"
        own.mkdir()
        (own / "page.html").write_text(own_page_template("own-template"), "utf-8")
        preview.wait_until("the site's new templates folder", lambda: 'class="own-template"' in preview.get("about/")[1])
        # given up: the theme's page again; then started afresh in a new folder of the same name
        shutil.rmtree(own)
        preview.wait_until("the theme's template again", lambda: 'class="own-template"' not in preview.get("about/")[1])
        assert "<h1>" in preview.get("about/")[1]
        own.mkdir()
        (own / "page.html").write_text(own_page_template("own-again"), "utf-8")
        preview.wait_until("the templates folder made again", lambda: 'class="own-again"' in preview.get("about/")[1])
    finally:
        preview.stop()


def test_serve_reports_a_link_to_a_file_outside_the_site_as_check_does(preview_site, tmp_path):
    """A symbolic link saved into content/ that leads outside the site is refused by `check`;
    the preview, told of it while it runs, shows the same error (not an empty list of errors
    and a 404), and once the link is gone it is well again, as a build from nothing is."""
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Linked page\nsummary: S.\n---\nFrom a link.\n", "utf-8")
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        link = preview_site / "content/pages/linked.md"
        link.symlink_to(outside)
        cold = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--source", str(preview_site),
                               "--today", TODAY.isoformat()], capture_output=True, text=True, timeout=120)
        expected = [line for line in cold.stderr.splitlines() if ": error: " in line]
        assert cold.returncode == 1 and expected == [
            f"content/pages/linked.md: error: is a symbolic link to '{outside}', outside the site folder; nothing "
            "outside the site folder is published: copy the file into the site instead of linking to it"]
        preview.wait_until("the link's error",
                           lambda: [f"{e['where']}: error: {e['message']}" for e in errors(preview)] == expected)
        link.unlink()
        preview.wait_until("the errors to go", lambda: errors(preview) == [])
    finally:
        preview.stop()


def errors(preview: Preview) -> list[dict]:
    """The errors the preview shows over the open page (/__haven/status.json)."""
    return json.loads(preview.get("__haven/status.json")[1])["errors"]


def test_serve_with_a_broken_site_says_so_and_exits(preview_site):
    (preview_site / "site_config.yaml").write_text("site: [\n", "utf-8")
    preview = Preview(preview_site)
    try:
        code = preview.proc.wait(timeout=WAIT)
    finally:
        preview.stop()
    assert code == 1
    assert re.search(r"^site_config\.yaml:\d+: ", preview.output, re.M), preview.output


def test_serve_shows_a_save_promptly_even_if_it_keeps_the_modification_time(preview_site):
    """The operating system reports the save, so it shows within seconds even when the file keeps
    its modification time (a watcher polling modification times would never notice this edit)."""
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        article = preview_site / "content/articles/starting-therapy.md"
        before = article.stat()
        article.write_text(article.read_text("utf-8").replace(
            'title: "Starting therapy: what the first session is like"', 'title: "What happens in a first session"'), "utf-8")
        os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or a sync tool would
        assert article.stat().st_mtime_ns == before.st_mtime_ns
        preview.wait_until("the edit, within a few seconds",
                           lambda: h1(preview.get("blog/starting-therapy/")[1]) == "What happens in a first session", wait=PROMPT)
    finally:
        preview.stop()


def save(path: Path, text: str, atomic: bool) -> None:
    """Save as editors do: in place, or into a temporary file renamed over the old one."""
    if not atomic:
        path.write_text(text, "utf-8")
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def test_serve_shows_the_last_of_a_burst_of_saves(preview_site):
    """Saves in quick succession (autosave, a formatter, an impatient editor), some of them while a
    rebuild runs: the preview ends up showing the last one."""
    preview = Preview(preview_site)
    try:
        preview.wait_ready()
        article = preview_site / "content/articles/starting-therapy.md"
        text = article.read_text("utf-8")
        old = 'title: "Starting therapy: what the first session is like"'
        assert old in text
        for i in range(1, 13):
            save(article, text.replace(old, f'title: "First session, take {i}"'), atomic=i % 2 == 0)
            if i % 3 == 0:
                time.sleep(0.1)  # between bursts, long enough for a rebuild to start
        preview.wait_until("the last save", lambda: h1(preview.get("blog/starting-therapy/")[1]) == "First session, take 12")
    finally:
        preview.stop()


def test_serve_tells_open_pages_to_reload_once_the_rebuilt_page_is_served(preview_site):
    """A page open in a browser listens on livereload's websocket (livereload.js) and is told to
    reload after a rebuild; by then the server already serves the rebuilt page."""
    from tornado.websocket import websocket_connect

    preview = Preview(preview_site)
    article = preview_site / "content/articles/starting-therapy.md"

    async def browser() -> dict:
        live = await websocket_connect(f"ws://127.0.0.1:{preview.port}/livereload")
        try:
            live.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
            assert json.loads(await asyncio.wait_for(live.read_message(), WAIT))["command"] == "hello"
            live.write_message(json.dumps({"command": "info", "url": preview.base + "blog/starting-therapy/", "plugins": {}}))
            await asyncio.sleep(0.2)  # let the server read "info", which makes it count the page as open
            edit(article, 'title: "Starting therapy: what the first session is like"', 'title: "Your first session"')
            message = await asyncio.wait_for(live.read_message(), WAIT)
            assert message is not None, "the server closed the websocket"
            return json.loads(message)
        finally:
            live.close()

    try:
        preview.wait_ready()
        message = asyncio.run(browser())
        assert message["command"] == "reload", message
        # what the browser loads on that message is the edited page
        assert h1(preview.get("blog/starting-therapy/")[1]) == "Your first session"
    finally:
        preview.stop()


def test_serve_is_told_the_paths_each_change_touched(preview_site):
    """What watchdog reports reaches the build as site-relative paths (state.Changes): a file by
    its name, a folder (made, renamed, deleted) ending in '/', so the whole of it is looked at."""
    from haven.server import _Events

    told: list = []
    events = _Events(preview_site, lambda path, paths: told.append(paths))
    events.start()
    try:
        assert events.told  # (inotify, not polling)
        articles = preview_site / "content/articles"
        (articles / "more").mkdir()
        (articles / "more/new.md").write_text("---\ntitle: New\ndate: 2026-01-05\n---\nText.\n", "utf-8")
        (articles / "more").rename(articles / "other")
        edit(preview_site / "site_config.yaml", "Cedar Grove", "Cedar Grave")
        deadline = time.monotonic() + WAIT
        wanted = {"content/articles/more/", "content/articles/other/", "site_config.yaml"}
        while not wanted <= {path for paths in told if paths for path in paths} and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        events.stop()
    seen = {path for paths in told if paths for path in paths}
    assert wanted <= seen
    assert None not in told


def test_garbage_frozen_after_a_rebuild_is_collected_by_the_full_pass():
    """serve freezes what survives each rebuild's collection, so the next looks only at new
    objects; garbage that refers to itself among the frozen ones (an old build's structures) is
    freed by the full pass serve makes when the site is left alone, or every DEEP_EVERY rebuilds."""
    import gc
    import weakref

    from haven import server

    class Node:
        pass

    enabled = gc.isenabled()
    try:
        node = Node()
        node.me = node  # a cycle: only the collector frees it
        gone = weakref.ref(node)
        server._collect()  # (a rebuild's collection: node survives, and is frozen)
        del node
        server._collect()
        assert gone() is not None  # frozen: the collection after the next rebuild leaves it
        server.collect_all()
        assert gone() is None
    finally:
        gc.unfreeze()
        if not enabled:
            gc.disable()
