"""The preview (`serve`) as an editor uses it: a change that breaks the build shows its errors
over the last good page in the open browser (and they go on the next good build), a missing page
is the site's own 404 page, and each rebuild prints one short line. The overlay is the preview's
own: one external script and stylesheet, never in a build, fine under the site's strict CSP."""

from __future__ import annotations

import json
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
    from helpers import ROOT, TODAY
except ImportError:  # tests/ imported as a package
    from tests.helpers import ROOT, TODAY  # type: ignore[no-redef]

pytestmark = pytest.mark.slow  # a real `serve` per test

FIXTURE = ROOT / "tests" / "sites" / "clinic"
WAIT = 15.0
BAD_ZONE = ("site_config.yaml:12: error: 'clinic.timezone' is not a time zone name: 'America/Denvr'; "
            "use an IANA name; did you mean 'America/Denver'?")


class Preview:
    def __init__(self, source: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source), "--port", str(self.port),
             "--today", TODAY.isoformat()],
            cwd=source, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, bufsize=1)
        self._reader = threading.Thread(target=lambda: [self.lines.append(line.rstrip("\n")) for line in self.proc.stdout],
                                        daemon=True)
        self._reader.start()

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def status(self) -> list[dict]:
        return json.loads(self.get("__haven/status.json")[1])["errors"]

    def wait_until(self, what: str, condition) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"serve exited while waiting for {what}:\n" + "\n".join(self.lines))
            try:
                if condition():
                    return
            except OSError:
                pass
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {what}; serve printed:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        for ask in (lambda: self.proc.send_signal(signal.SIGINT), self.proc.kill):
            if self.proc.poll() is None:
                ask()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    continue
        self._reader.join(timeout=2)


@pytest.fixture
def preview(tmp_path):
    site = Path(shutil.copytree(FIXTURE, tmp_path / "site"))
    running = Preview(site)
    running.site = site  # type: ignore[attr-defined]
    try:
        running.wait_until("the preview to answer", lambda: running.get("")[0] == 200)
        # (its first line may reach the reader after the first answer: tests count the lines after it)
        running.wait_until("the address line", lambda: any(line.startswith("Previewing") for line in running.lines))
        yield running
    finally:
        running.stop()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    time.sleep(0.05)
    path.write_text(text.replace(old, new), "utf-8")


def test_a_broken_build_is_one_line_and_its_errors_go_to_the_open_page(preview):
    config = preview.site / "site_config.yaml"
    assert preview.status() == []
    printed = len(preview.lines)
    _replace(config, "timezone: America/Denver", "timezone: America/Denvr")
    preview.wait_until("the error to reach the page", lambda: preview.status() != [])
    assert preview.status() == [{"where": "site_config.yaml:12", "message": BAD_ZONE.split(": error: ", 1)[1]}]
    status, html = preview.get("blog/starting-therapy/")  # the last good page, still served
    assert status == 200 and "Starting therapy" in html
    preview.wait_until("the line", lambda: len(preview.lines) > printed)
    assert preview.lines[printed:] == [BAD_ZONE]  # one line: no warnings again, no server log

    printed = len(preview.lines)
    _replace(config, "timezone: America/Denvr", "timezone: America/Denver")
    preview.wait_until("the errors to go", lambda: preview.status() == [])
    preview.wait_until("the line", lambda: len(preview.lines) > printed)
    time.sleep(0.3)  # (anything else it would print)
    assert len(preview.lines[printed:]) == 1, preview.lines[printed:]
    assert re.fullmatch(r"Rebuilt in \d+\.\d\d s: \d+ pages, 3 warnings \(run check to list them\)\.",
                        preview.lines[printed]), preview.lines[printed]
    assert not any(line.startswith("[I ") or "waiters" in line or "GET /" in line for line in preview.lines)


def test_an_editors_lock_file_is_no_error(preview):
    """Emacs keeps `.#name.md`, a link to nowhere, beside a file with unsaved changes."""
    article = preview.site / "content/articles/starting-therapy.md"
    lock = article.with_name(".#starting-therapy.md")
    lock.symlink_to("editor@laptop.4242:1733400000")
    _replace(article, "Starting therapy: what the first session is like", "Your first therapy session")
    preview.wait_until("the edit", lambda: "Your first therapy session" in preview.get("blog/starting-therapy/")[1])
    assert preview.status() == []
    lock.unlink()
    assert preview.status() == []


def test_a_missing_page_is_the_sites_own_404_page(preview):
    status, html = preview.get("blog/no-such-article/")
    assert status == 404
    assert "<title>Page not found" in html
    assert '<script src="/__haven/preview.js"></script>' in html


def test_the_preview_adds_one_external_script_and_no_inline_code(preview, tmp_path):
    _, html = preview.get("blog/starting-therapy/")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    code = [(attrs, body) for attrs, body in scripts if "application/ld+json" not in attrs and "application/json" not in attrs]
    assert code and all(re.search(r'\bsrc="', attrs) and not body.strip() for attrs, body in code), code
    assert '<script src="/__haven/preview.js"></script>' in html
    status, script = preview.get("__haven/preview.js")
    assert status == 200 and "haven-overlay" in script
    assert preview.get("__haven/overlay.css")[0] == 200
    # A build never has any of it.
    out = tmp_path / "built"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--source", str(preview.site), "--output", str(out),
                           "--today", TODAY.isoformat()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not [p for p in out.rglob("*") if p.is_file() and b"__haven" in p.read_bytes()]


def _chromium(test):
    """Run test(page) in a new Chromium page."""
    try:
        from browser import launch_browser, require_browser
    except ImportError:
        from tests.browser import launch_browser, require_browser  # type: ignore[no-redef]
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            test(browser.new_page())
        finally:
            browser.close()


@pytest.mark.browser
def test_chromium_shows_the_error_over_the_open_page_and_clears_it(preview):
    def test(page):
        with page.expect_websocket() as connecting:  # the preview's script connects to livereload
            page.goto(preview.base + "blog/starting-therapy/")
        connecting.value.wait_for_event("framereceived")  # its hello: reloads reach this page from now on
        assert page.locator("#haven-overlay").count() == 0
        _replace(preview.site / "site_config.yaml", "timezone: America/Denver", "timezone: America/Denvr")
        # No reload by hand: the preview reloads the open page itself.
        overlay = page.locator("#haven-overlay")
        overlay.wait_for(state="visible", timeout=WAIT * 1000)
        assert overlay.get_attribute("role") == "alert"
        assert "site_config.yaml:12" in overlay.inner_text() and "'America/Denvr'" in overlay.inner_text()
        assert page.locator("h1").first.inner_text().startswith("Starting therapy")  # the last good page below
        _replace(preview.site / "site_config.yaml", "timezone: America/Denvr", "timezone: America/Denver")
        page.locator("#haven-overlay").wait_for(state="detached", timeout=WAIT * 1000)

    _chromium(test)


@pytest.mark.browser
def test_the_overlay_works_under_the_sites_own_content_security_policy(preview):
    from haven.hosting import content_security_policy
    from haven.site import load_site

    site, _ = load_site(preview.site, TODAY, True)
    assert site is not None
    policy = content_security_policy(site)

    def test(page):
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

        def with_policy(route):  # each page with the site's own policy, as its host sends it
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

        page.route("**/blog/**", with_policy)
        _replace(preview.site / "site_config.yaml", "timezone: America/Denver", "timezone: America/Denvr")
        preview.wait_until("the error", lambda: preview.status() != [])
        page.goto(preview.base + "blog/starting-therapy/")
        page.locator("#haven-overlay").wait_for(state="visible", timeout=WAIT * 1000)
        # Its stylesheet applies (it is a file of its own, which a busy machine may load after the
        # overlay shows): the box is fixed over the page, and nothing was blocked.
        page.wait_for_function("() => getComputedStyle(document.getElementById('haven-overlay')).position === 'fixed'",
                               timeout=WAIT * 1000)
        assert [v for v in violations if "__haven" in v or "inline" in v] == []

    _chromium(test)
