"""Support for browser tests: a static file server and a headless Chromium.

Not a test module (its name does not start with ``test_``). It holds no pytest
fixtures itself, because ``tests/conftest.py`` belongs to the lead engineer;
it gives plain functions that fixtures or tests can call.

Browser tests drive Debian's Chromium (``/usr/bin/chromium``, from
``apt-get install chromium``) through the ``playwright`` Python package.
Playwright's own browser downloads (``playwright install``) are never used.

Importing
---------
``from tests.browser import ...`` when ``tests`` is importable as a package
(``tests/__init__.py``, or ``python -m pytest`` run from the repo root);
``from browser import ...`` when pytest puts ``tests/`` itself on ``sys.path``
(the default "prepend" import mode with no ``tests/__init__.py``).

Serving a built site
--------------------
::

    with serve_directory(output_dir) as base_url:   # "http://127.0.0.1:PORT/"
        urllib.request.urlopen(base_url + "posts/")  # -> posts/index.html

The server behaves like a static host: ``/dir/`` serves ``/dir/index.html``,
``/dir`` (a directory, no slash) is a 301 to ``/dir/``, a missing file gets
the root's ``404.html`` with status 404, a directory without index.html is a
404 (no listings), and Content-Type follows the file extension.

Fixtures, for ``tests/conftest.py`` (or a test module)
------------------------------------------------------
::

    import pytest
    from tests.browser import launch_browser, record_requests, require_browser, serve_directory

    @pytest.fixture(scope="session")
    def browser():
        require_browser()            # skip locally / fail in CI when unavailable
        from playwright.sync_api import sync_playwright
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            yield browser
            browser.close()

    @pytest.fixture
    def page(browser):
        context = browser.new_context()
        page = context.new_page()
        yield page
        context.close()

    def test_home(page, tmp_path):
        ...  # build the site into tmp_path
        with serve_directory(tmp_path) as base_url:
            log = record_requests(page)
            page.goto(base_url)
            assert page.locator("h1").inner_text() == "Home"
            assert log.problems() == []

Without Chromium or Playwright, ``require_browser()`` skips the test locally,
and fails it when ``CI=true`` so that CI never passes by skipping.
"""

from __future__ import annotations

import contextlib
import http.server
import mimetypes
import os
import posixpath
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = "/usr/bin/chromium"

# Flags for Chromium on machines with no network but loopback: without the
# background-networking ones, Chromium keeps trying to reach Google's servers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Content types by extension, as a static host sends them. Looked up before
# the mimetypes module, whose answers depend on the machine's /etc/mime.types.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
}


# --------------------------------------------------------------------------
# Static file server
# --------------------------------------------------------------------------

# The report-only policy every response of serve_directory carries (see _StaticHandler.end_headers).
WATCH_POLICY = "default-src 'self'; img-src 'self' data:; script-src 'self'; object-src 'none'; base-uri 'self'"
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
# Run in every page before its own scripts: each policy violation becomes a console message.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("haven-csp-violation: " + event.effectiveDirective + " " + (event.blockedURI || "inline") +
                " at " + (event.sourceFile || document.URL) + ":" + event.lineNumber);
});
"""


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler that acts like a static host, quietly.

    The base class already maps ``/dir/`` to ``index.html`` and redirects
    ``/dir`` to ``/dir/`` with a 301; this adds the 404 page, no directory
    listings, fixed content types and no logging.
    """

    server_version = "haven-test-static"
    sys_version = ""

    def guess_type(self, path: str) -> str:  # type: ignore[override]
        ext = posixpath.splitext(str(path))[1].lower()
        if ext in CONTENT_TYPES:
            return CONTENT_TYPES[ext]
        guessed, _encoding = mimetypes.guess_type(str(path))
        return guessed or "application/octet-stream"

    def list_directory(self, path: str | os.PathLike[str]):  # type: ignore[override]
        # A directory with no index.html: a static host has nothing to serve.
        self.send_error(404, "Not Found")
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)  # reason "Not Found", as a static host says
        self.send_header("Content-Type", CONTENT_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    header_rules: ClassVar[list] = []  # (path pattern, [(name, value)]) from a _headers file; see serve_directory

    def end_headers(self) -> None:
        extra = matching_headers(self.header_rules, self.path)
        # Blocks nothing, but makes Chromium report every script that is not a file of this server
        # (inline, on...= attributes, javascript: addresses) and every load from another host:
        # record_requests counts each report as a problem, so no test page can run or load one.
        self.send_header("Content-Security-Policy-Report-Only", WATCH_POLICY)
        # Every test run builds anew: never let the browser reuse a stale copy
        # (unless the site's own _headers says how to cache this path).
        if not any(name.lower() == "cache-control" for name, _ in extra):
            self.send_header("Cache-Control", "no-store")
        for name, value in extra:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: no request log on stderr


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that drops a connection mid-response is no test failure.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(root: str | os.PathLike[str], headers: list | None = None) -> Iterator[str]:
    """Serve ``root`` over HTTP on 127.0.0.1, on a free port, in a thread.

    Yields the base URL, ``"http://127.0.0.1:PORT/"``; the server stops when
    the ``with`` block ends. ``headers``, rules as ``read_headers_file`` returns
    them, adds response headers the way Netlify and Cloudflare Pages apply a
    ``_headers`` file: ``serve_directory(out, headers=read_headers_file(out / "_headers"))``.
    """
    root = os.fspath(Path(root).resolve())
    if not os.path.isdir(root):
        raise NotADirectoryError(root)
    rules = list(headers or [])

    class Handler(_StaticHandler):
        header_rules = rules

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=root, **kwargs)

    server = _QuietServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"static-server-{port}",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------
# Chromium through Playwright
# --------------------------------------------------------------------------


def chromium_path() -> str | None:
    """``"/usr/bin/chromium"`` if Debian's Chromium is installed, else None."""
    return CHROMIUM if os.path.exists(CHROMIUM) else None


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _unavailable(reason: str) -> None:
    import pytest

    if _in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run in CI, not skip)", pytrace=False)
    pytest.skip(reason)


def require_browser() -> str:
    """Skip the calling test if no browser can run; fail instead when CI=true.

    Needs the ``playwright`` package importable and Chromium at
    /usr/bin/chromium. Returns the Chromium path.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable(
            "the playwright package is not importable: "
            "pip install -r requirements-test.txt to run browser tests"
        )
    path = chromium_path()
    if path is None:
        _unavailable(
            f"no Chromium installed at {CHROMIUM}: "
            "install Debian's chromium to run browser tests"
        )
    return path  # type: ignore[return-value]


def launch_browser(playwright: Any, **options: Any) -> Any:
    """Launch headless Debian Chromium with a Playwright instance.

    ``playwright`` is what ``sync_playwright()`` yields (``with
    sync_playwright() as pw: browser = launch_browser(pw)``). Extra keyword
    options go to ``BrowserType.launch``. Playwright gives every launch a new,
    empty, temporary user-data dir itself (and refuses ``--user-data-dir`` in
    ``args``), so each browser starts with a clean profile.
    """
    path = chromium_path()
    if path is None:
        raise FileNotFoundError(f"no Chromium at {CHROMIUM}; call require_browser() first")
    args = list(CHROMIUM_ARGS) + list(options.pop("args", []))
    options.setdefault("headless", True)
    return playwright.chromium.launch(executable_path=path, args=args, **options)


@dataclass
class PageLog:
    """What ``record_requests`` saw on a page."""

    requests: list[str] = field(default_factory=list)
    """URL of every request the page made, in order."""
    failed_requests: list[str] = field(default_factory=list)
    """``"URL: error"`` for each request that failed at the network level."""
    bad_responses: list[str] = field(default_factory=list)
    """``"STATUS URL"`` for each response with status 400 or more."""
    console_errors: list[str] = field(default_factory=list)
    """Each console message of type error: ``"TEXT [URL]"``. Chromium logs a
    failed resource load here too, with the resource's URL, including its own
    automatic ``/favicon.ico`` request on a page that declares no icon."""
    page_errors: list[str] = field(default_factory=list)
    """Uncaught JavaScript exceptions."""
    other_hosts: list[str] = field(default_factory=list)
    """Requests to any host but the local test server, other than the page's own navigation
    (a followed link, a form sent): a page must load nothing from elsewhere by itself."""
    violations: list[str] = field(default_factory=list)
    """Scripts that are not files of the site (inline, on...=, javascript:) and loads from other
    hosts, as Chromium reports them against serve_directory's report-only policy."""

    def problems(self) -> list[str]:
        """Everything that went wrong, one line each: [] for a clean page."""
        return (
            [f"request to another host: {x}" for x in self.other_hosts]
            + [f"policy violation: {x}" for x in self.violations]
            + [f"request failed: {x}" for x in self.failed_requests]
            + [f"HTTP {x}" for x in self.bad_responses]
            + [f"console error: {x}" for x in self.console_errors]
            + [f"page error: {x}" for x in self.page_errors]
        )


def record_requests(page: Any) -> PageLog:
    """Start recording a Playwright page's requests, failures and errors.

    Call before ``page.goto``; the returned ``PageLog`` fills in as events
    arrive. Requests that fail at the network level (connection refused,
    aborted, ...) go to ``failed_requests``; HTTP error statuses (a missing
    asset's 404) go to ``bad_responses``.
    """
    log = PageLog()

    def on_request_failed(request: Any) -> None:
        failure = request.failure
        log.failed_requests.append(f"{request.url}: {failure}")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            log.bad_responses.append(f"{response.status} {response.url}")

    def on_request(request: Any) -> None:
        log.requests.append(request.url)
        parts = urllib.parse.urlsplit(request.url)
        if (parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in _LOCAL_HOSTS
                and not (request.is_navigation_request() and request.frame == page.main_frame)):
            log.other_hosts.append(request.url)

    def on_console(message: Any) -> None:
        if message.text.startswith("haven-csp-violation: "):
            log.violations.append(message.text.split(": ", 1)[1])
        elif message.type == "error":
            url = (message.location or {}).get("url")
            log.console_errors.append(f"{message.text} [{url}]" if url else message.text)

    page.add_init_script(_REPORT_VIOLATIONS)
    page.on("request", on_request)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    return log


__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "CONTENT_TYPES",
    "PageLog",
    "chromium_path",
    "launch_browser",
    "matching_headers",
    "parse_headers",
    "read_headers_file",
    "record_requests",
    "require_browser",
    "serve_directory",
]


# --- _headers files (Netlify / Cloudflare Pages) ----------------------------


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file: ``[(path pattern, [(name, value), ...]), ...]``.

    A line starting with ``/`` (or ``https://``) opens a rule; indented ``Name: value``
    lines below it are its headers; ``#`` lines are comments.
    """
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("/", "https://")):
            rules.append((line, []))
        elif ":" in line and rules:
            name, value = line.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            raise ValueError(f"_headers line {number}: expected a path or 'Name: value', got {raw!r}")
    return rules


def read_headers_file(path: str | os.PathLike[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """``parse_headers`` of the file at ``path``."""
    return parse_headers(Path(path).read_text(encoding="utf-8"))


def matching_headers(rules: list, request_path: str) -> list[tuple[str, str]]:
    """The headers for ``request_path`` (query ignored): every matching rule's,
    with values of a repeated name joined by ", ", as both hosts do."""
    import re
    import urllib.parse

    path = urllib.parse.urlsplit(request_path).path
    found: dict[str, tuple[str, str]] = {}
    for pattern, headers in rules:
        pattern = urllib.parse.urlsplit(pattern).path if pattern.startswith("https://") else pattern
        regex = "".join(
            ".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
            for part in re.split(r"(\*|:[A-Za-z]\w*)", pattern)
        )
        if re.fullmatch(regex, path):
            for name, value in headers:
                key = name.lower()
                found[key] = (found[key][0], f"{found[key][1]}, {value}") if key in found else (name, value)
    return list(found.values())


# --- accessibility ---------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_script() -> str:
    """The axe-core script bundled by the axe-playwright-python package."""
    import importlib.resources

    return importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def run_axe(page: Any, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page as it is now; returns the violations (empty when clean).

    Injected through the DevTools protocol, so it works under a strict CSP too.
    """
    page.evaluate(axe_script())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags or WCAG_TAGS,
    )
    return [
        {"id": v["id"], "impact": v.get("impact"), "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
    ]
