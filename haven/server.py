"""`serve`: build into a temporary folder, serve it on 127.0.0.1, rebuild on change.

A failed rebuild prints its problems and keeps serving the last good site
(the writer never replaces it with a broken one). Changes are reported by the
operating system through watchdog (inotify on Linux) rather than found by
polling, so a rebuild starts a few milliseconds after a save.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import shlex
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import escape, web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets
from tornado.web import RequestHandler
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from . import overlay
from .files import unread
from .pipeline import build
from .problems import Problem, errors, in_colour, in_order, report, summary, typed_command
from .site import THEME_DIR
from .state import BuildState

FOLDERS = ("content", "templates", "static", "translations")
WATCHED = ("site_config.yaml", *FOLDERS)
# What a change is: not a file opened or closed (a build reads every input), nor a folder's own
# "modified" (the events of the files in it say what changed).
_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileDeletedEvent, FileMovedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
QUIET = 0.015  # s without events before a rebuild: one save is often several (temp file, rename)
LONGEST = 0.2  # s: the most a stream of events may hold a rebuild back
COLLECT_AFTER = 1.0  # s after a rebuild: the garbage collector's turn, once the new page is out
# After a rebuild the collector looks only at the objects made since the last one: what survived
# that is frozen (gc.freeze). A full pass over everything, which at 10,000 articles took 0.55 s
# (a save landing in it waited that long), comes when the site has been left alone this long,
# or after this many rebuilds, for the garbage among frozen objects that refers to itself.
DEEP_AFTER = 30.0
DEEP_EVERY = 50


def _inside(folder: Path, path: str) -> tuple[str, ...] | None:
    """The parts of `path` below `folder`, or None if it is not in it. The path is taken as
    written, its last part not followed: a symbolic link saved into content/ is a file of the
    site even if it leads outside (the build then refuses it, and so must the preview)."""
    written = Path(path)
    try:
        return (written.parent.resolve() / written.name).relative_to(folder.resolve()).parts
    except ValueError:
        return None


def _is_input(source: Path, path: str) -> bool:
    """True for the files a build reads: the config and anything under content/, templates/, static/."""
    parts = _inside(source, path)
    return parts is not None and len(parts) > 0 and parts[0] in WATCHED


def _matters(source: Path, path: str) -> bool:
    """True if a change to `path` can change the site: an input or a theme file, not an editor's
    scratch file (which the build does not read: files.unread)."""
    parts = _inside(source, path) if _is_input(source, path) else _inside(THEME_DIR, path)
    return parts is not None and len(parts) > 0 and not unread(parts)


def _interrupt(*_signal) -> None:
    raise KeyboardInterrupt


class _Lost(logging.Handler):
    """watchdog's warnings and errors (inotify's queue overflowed, a watch failed): events may
    have been lost, so the next build looks at every file, and there is a next build."""

    def __init__(self, lost):
        super().__init__(logging.WARNING)
        self.lost = lost

    def emit(self, record: logging.LogRecord) -> None:
        self.lost()


class _Events(FileSystemEventHandler):
    """On watchdog's thread: passes on changes to what a build reads, and keeps each input folder watched.

    The site folder itself is watched only for the config and for input folders appearing or
    going; the input folders and the theme are watched with everything in them. So output/,
    .venv/ and the like are never watched (nor walked every second where watchdog has to poll).

    `changed(path, paths)` is told of every event: `path`, the file to name if it is to rebuild
    (None if not); `paths`, the site-relative paths it touched (a folder's ending in '/'), or None
    when they cannot be told, so that a rebuild looks at every file (state.Changes).
    """

    def __init__(self, source: Path, changed):
        self.source = source.resolve()
        self.changed = changed
        self.observer: BaseObserver | None = None
        self.trees: dict[Path, ObservedWatch] = {}
        self.told = False  # every change is reported (inotify); polling compares times, and may miss one
        self.lost = _Lost(lambda: self.changed(str(self.source), None))

    def start(self) -> None:
        logging.getLogger("watchdog").addHandler(self.lost)
        try:
            self._start(Observer())
            self.told = True
        except OSError as exc:  # the system's limit on inotify watches or instances, say
            self.stop()
            print(f"Cannot be told of changes ({exc}); looking for them every second instead.", file=sys.stderr, flush=True)
            self._start(PollingObserver())

    def _start(self, observer) -> None:
        self.observer, self.trees = observer, {}
        observer.schedule(self, str(self.source), event_filter=_EVENTS)
        for folder in dict.fromkeys([*(self.source / name for name in FOLDERS), THEME_DIR]):
            self._watch_tree(folder)
        observer.start()

    def stop(self) -> None:
        logging.getLogger("watchdog").removeHandler(self.lost)
        if self.observer is not None:
            self.observer.stop()

    def _watch_tree(self, folder: Path) -> None:
        """Watch a folder and everything in it afresh: it may just have been created, moved or deleted."""
        observer = self.observer
        if observer is None:  # not started
            return
        old = self.trees.pop(folder, None)
        if old is not None:
            observer.unschedule(old)
        if folder.is_dir():
            self.trees[folder] = observer.schedule(self, str(folder), recursive=True, event_filter=_EVENTS)

    def on_any_event(self, event) -> None:
        paths = [Path(p) for p in (event.src_path, event.dest_path) if p]
        try:
            for path in paths:
                if event.is_directory and path.parent == self.source and path.name in FOLDERS:
                    self._watch_tree(path)  # before the rebuild it leads to, so no file saved into it is missed
            changed = [str(p) for p in paths if _matters(self.source, str(p))]
            touched = self._touched(event, paths)
        except (OSError, RuntimeError, ValueError) as exc:  # an exception here would end watchdog's thread, and all watching
            print(f"Cannot follow the change to {event.src_path}: {exc}", file=sys.stderr, flush=True)
            changed, touched = [str(paths[-1])], None  # when in doubt, one rebuild too many, looking at every file
        self.changed(changed[-1] if changed else None, touched)

    def _touched(self, event, paths: list[Path]) -> list[str] | None:
        """The site-relative paths an event touched (a folder's ending in '/'), as the build names
        them (not resolved: a link's target is reported under its own name); None if one cannot be told."""
        touched = []
        inside = str(self.source) + "/"
        for path in map(str, paths):
            if path.startswith(inside):
                touched.append(path[len(inside):] + ("/" if event.is_directory else ""))
            elif path == str(self.source) or _inside(THEME_DIR, path) is None:  # (the theme is read afresh)
                return None
        return touched


class _Watcher(Watcher):
    """livereload's watcher, told of changes by watchdog instead of polling the site every 0.8 s.

    Changes arrive on watchdog's thread and are handed to the IOLoop, which runs the rebuild and
    tells the browsers to reload: so rebuilds never overlap, and changes saved during one lead to
    exactly one more.
    """

    def __init__(self, source: Path, loop, rebuild, idle=lambda: None, told=lambda paths: None):
        super().__init__()
        self.loop = loop
        self.rebuild = rebuild
        self.idle = idle  # what waits until the rebuilt page is out, before the garbage collector
        self.told = told  # state.Changes.told: on the IOLoop's thread, so never while a build runs
        self.events = _Events(source, self.changed)
        self.timer = None  # the rebuild waiting for the changes to pause
        self.first = 0.0  # when the first change it waits for arrived
        self.deep = None  # the full collection waiting for the site to be left alone
        self.shallow = 0  # rebuilds since the last full collection
        # Registered so that livereload does not add (and announce) the working directory.
        super().watch(str(source))

    def start(self, callback) -> bool:
        return True  # watchdog reports changes; livereload polls only when this is False

    def examine(self):
        return None, None  # nothing to poll

    def changed(self, path: str | None, paths: list[str] | None) -> None:
        """From any thread: `paths` changed (None: unknown), and `path`, if any, is a file a build reads."""
        self.loop.add_callback(self._postpone, path, paths)

    def _postpone(self, path: str | None, paths: list[str] | None) -> None:
        self.told(paths if self.events.told else None)
        if path is None:
            return
        now = self.loop.time()
        if self.timer is None:
            self.first = now
        else:
            self.loop.remove_timeout(self.timer)
        self.filepath = path  # what livereload's log names
        self.timer = self.loop.call_at(min(now + QUIET, self.first + LONGEST), self._rebuild)

    def _rebuild(self) -> None:
        self.timer = None
        self._put_off_deep()
        # The garbage collector waits until the browsers have their page: on a big site a full
        # collection takes longer than the rebuild itself.
        gc.disable()
        try:
            self.rebuild()
            # Straight to the browsers: livereload's own poll_tasks skips reloads that come within
            # a second or more of the last one. "*" reloads the whole page (CSS names carry a hash).
            # A failed build reloads them too: the last good page comes back with its errors over it.
            LiveReloadHandler.reload_waiters("*")
        finally:  # later, so that the browsers' requests for the new page are answered first
            self.loop.call_later(COLLECT_AFTER, self._after)

    def _after(self) -> None:
        try:
            self.idle()
        finally:
            self._put_off_deep()  # (two rebuilds in a row: one full pass, after the second)
            self.shallow += 1
            if self.shallow >= DEEP_EVERY:
                self._deep()
            else:
                _collect()
                self.deep = self.loop.call_later(DEEP_AFTER, self._deep)

    def _put_off_deep(self) -> None:
        if self.deep is not None:
            self.loop.remove_timeout(self.deep)
            self.deep = None

    def _deep(self) -> None:
        self.deep, self.shallow = None, 0
        collect_all()


def _collect() -> None:
    """Collect what the last rebuild left: the objects made since the last collection (everything
    older is frozen), then freeze what survived."""
    gc.enable()
    gc.collect()
    gc.freeze()


def collect_all() -> None:
    """A full collection: every object, frozen or not (see DEEP_AFTER); what survives is frozen."""
    gc.unfreeze()
    _collect()


class _Refusal(RequestHandler):
    """Answers a request the preview will not serve with a short plain-text reason."""

    def initialize(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason

    def prepare(self) -> None:
        self.set_status(self.status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(self.reason + "\n")


class _Preview(web.Application):
    """livereload's application, answering only requests for this preview's own address.

    A page on another site can make a browser ask 127.0.0.1 under its own host name (DNS
    rebinding); only a Host naming loopback and this port is served."""

    def find_handler(self, request, **kwargs):
        port = self.settings["preview_port"]
        if (request.host or "").lower() not in {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}:
            return self.get_handler_delegate(request, _Refusal, {
                "status": 421, "reason": f"This preview answers only at http://127.0.0.1:{port}/"})
        path = urllib.parse.unquote(request.path)
        if any(ord(char) < 32 or ord(char) == 127 for char in path) or "\\" in path:
            return self.get_handler_delegate(request, _Refusal, {"status": 400, "reason": "Bad request: no such address"})
        return super().find_handler(request, **kwargs)


class _Files(StaticFileHandler):
    """livereload's file handler, with a file that cannot be opened answered as missing, and a
    missing page answered with the site's own 404 page (status 404), as a host would."""

    def validate_absolute_path(self, root: str, absolute_path: str):
        try:
            return super().validate_absolute_path(root, absolute_path)
        except (OSError, ValueError):  # a name too long for the system, say
            raise web.HTTPError(404) from None

    def write_error(self, status_code: int, **kwargs) -> None:
        page = Path(self.root) / "404.html"
        if status_code != 404 or not page.is_file():
            super().write_error(status_code, **kwargs)
            return
        try:
            html = page.read_bytes()
        except OSError:
            super().write_error(status_code, **kwargs)
            return
        self.clear_header("Content-Type")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(html)


class _Status:
    """What the last build of this preview found: its errors show over the open pages."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []


class _Overlay(RequestHandler):
    """/__haven/status.json and the overlay's script and stylesheet: served by the preview only."""

    def initialize(self, status: _Status) -> None:
        self.status = status

    def get(self, name: str) -> None:
        self.set_header("Cache-Control", "no-store")
        if name == "status.json":
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(overlay.status_json(self.status.problems))
        elif name in overlay.FILES:
            kind, text = overlay.FILES[name]
            self.set_header("Content-Type", kind)
            self.finish(text)
        else:
            raise web.HTTPError(404)

    def head(self, name: str) -> None:
        self.get(name)


class _Server(Server):
    """livereload's server on sockets bound already (so a port in use is known before the first build)."""

    def __init__(self, sockets, port: int, watcher, status: _Status):
        super().__init__(watcher=watcher)
        self.sockets, self.port, self.status = sockets, port, status
        self.SFH = _Files

    def _setup_logging(self) -> None:
        """Quiet: each rebuild prints one line of its own; tornado's and livereload's lines about
        requests, waiters and watching are not for an editor. Their warnings and errors still show."""
        channel = logging.StreamHandler()
        channel.setLevel(logging.WARNING)
        for name in ("livereload", "tornado"):
            logger = logging.getLogger(name)
            logger.setLevel(logging.WARNING)
            logger.addHandler(channel)  # (a handler of its own keeps the IOLoop from adding one)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)  # (a missing page is a warning to it)

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        # As livereload's Server.application, with _Preview, on self.sockets.
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # One external script (overlay.py), no inline code: the site's Content-Security-Policy holds.
        script = escape.utf8(overlay.SCRIPT_TAG)

        class Transform(LiveScriptInjector):
            pass

        Transform.script = script
        handlers = [(r"/livereload", LiveReloadHandler), (r"/forcereload", ForceReloadHandler),
                    (r"/livereload.js", LiveReloadJSHandler),
                    (overlay.PREFIX + r"([a-z.]+)", _Overlay, {"status": self.status}), *self.get_web_handlers(script)]
        app = _Preview(handlers=handlers, transforms=[Transform], preview_port=self.port)
        HTTPServer(app).add_sockets(self.sockets)


def _bind(port: int, source: Path = Path("."), drafts: bool = True, today=None):
    """The listening sockets for 127.0.0.1:port, or (None, what to tell the editor, with the
    command to run again from the same folder, its options kept)."""
    try:
        return bind_sockets(port, address="127.0.0.1"), None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = f"port {port} is already in use, perhaps by another preview; stop that one, or choose another port"
        elif exc.errno == errno.EACCES:
            why = f"port {port} needs administrator rights; choose a port above 1023"
        else:
            why = f"cannot listen on port {port} ({exc.strerror}); choose another port"
        again = f"{typed_command()} serve --port {8001 if port == 8000 else 8000}"
        if source != Path("."):
            again += f" --source {shlex.quote(str(source))}"
        if not drafts:
            again += " --no-drafts"
        if today is not None:
            again += f" --today {today.isoformat()}"
        return None, f"error: {why}, e.g. {again}"


def _one_line(problems: list[Problem], pages: int, elapsed: float) -> str:
    """A rebuild in one line: its time, or its first error (the open page shows them all)."""
    found = errors(problems)
    if found:
        first = in_order(found)[0].shown(in_colour(sys.stdout))
        more = f" ({summary(found)} in all; the open page shows them)" if len(found) > 1 else ""
        return f"{first}{more}"
    warned = summary(problems)
    return f"Rebuilt in {elapsed:.2f} s: {pages} pages" + (f", {warned} (run check to list them)." if problems and warned != "no problems" else ".")


def serve(source: Path, port: int, drafts: bool = True, today=None, now=None) -> int:
    sockets, problem = _bind(port, source, drafts, today)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    base_url = f"http://127.0.0.1:{port}/"
    root = Path(tempfile.mkdtemp(prefix="haven-preview-"))
    output = root / "site"
    state = BuildState()  # what each rebuild leaves for the next: loaded documents, the record of pages
    status = _Status()
    first = [True]

    def rebuild() -> bool:
        started = time.perf_counter()
        result = build(source, output, drafts=drafts, today=today, base_url=base_url, preview=True, state=state,
                       now=now)
        status.problems = result.problems
        elapsed = time.perf_counter() - started
        if first[0]:  # the first build lists everything; each rebuild after it says one line
            first[0] = False
            ok = report(result.problems)
            if ok:
                print(f"Built {result.pages} pages in {elapsed:.2f} s.", flush=True)
            return ok
        print(_one_line(result.problems, result.pages, elapsed), flush=True)
        return result.ok

    # Stopped by a process manager (SIGTERM): clean up as for Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    # The IOLoop livereload will run (one per thread), so rebuilds can be queued on it already.
    watcher = _Watcher(source, IOLoop.current(), rebuild, state.catch_up, state.changes.told)
    try:
        # Watching starts before the first build, so an edit saved while it runs is not missed.
        watcher.events.start()
        if watcher.events.told:  # from now on each rebuild looks only at what it is told changed
            state.changes.watch()
        if not rebuild():
            print("The site has errors, so there is nothing to preview yet.", file=sys.stderr)
            return 1
        state.catch_up()  # (the first build's cache files, as a command would have written them)
        collect_all()  # (before the first save: its rebuild's collection then looks at its own objects alone)
        server = _Server(sockets, port, watcher, status)
        print(f"Previewing {'with drafts ' if drafts else ''}at {base_url} (Ctrl+C to stop).", flush=True)
        server.serve(root=str(output), host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    finally:
        watcher.events.stop()
        # The cache files of the last rebuild, for the next command (Ctrl+C again: the cache
        # folder keeps an earlier build's, as good).
        with contextlib.suppress(KeyboardInterrupt):
            state.catch_up()
        shutil.rmtree(root, ignore_errors=True)
        for sock in sockets:
            sock.close()
    return 0
