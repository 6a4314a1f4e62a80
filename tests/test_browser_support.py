"""Tests of tests/browser.py: the static server and the Chromium helpers."""

from __future__ import annotations

import http.client
import socket
import sys
import urllib.parse

import pytest

try:  # tests/ as a package (tests/__init__.py, or `python -m pytest` from the root)
    from tests import browser as support
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    import browser as support  # type: ignore[no-redef]

chromium_path = support.chromium_path
launch_browser = support.launch_browser
record_requests = support.record_requests
require_browser = support.require_browser
serve_directory = support.serve_directory

INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Home</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/style.css"></head>
<body><h1>Hello from the index</h1><p><a href="/sub/">Sub</a></p></body></html>
"""
SUB_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sub</title>
<link rel="icon" href="data:,"></head>
<body><h1>Sub page</h1></body></html>
"""
NOT_FOUND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Page not found</h1></body></html>
"""
STYLE = "h1 { color: rgb(10, 20, 30); }\n"

# extension -> Content-Type the server must send
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "svg": "image/svg+xml",
    "ico": "image/x-icon",
    "xml": "application/xml",
    "json": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "txt": "text/plain; charset=utf-8",
    "woff2": "font/woff2",
}


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "empty").mkdir()
    (root / "index.html").write_text(INDEX, encoding="utf-8")
    (root / "sub" / "index.html").write_text(SUB_INDEX, encoding="utf-8")
    (root / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    (root / "style.css").write_text(STYLE, encoding="utf-8")
    for ext in CONTENT_TYPES:
        if ext not in ("html", "css"):
            (root / f"file.{ext}").write_bytes(b"x")
    (tmp_path / "secret.txt").write_text("outside the site root", encoding="utf-8")
    return root


def get(base_url: str, path: str, method: str = "GET"):
    """One request, no redirect following: (status, headers, body)."""
    url = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_base_url_is_loopback_with_port(site):
    with serve_directory(site) as base_url:
        url = urllib.parse.urlsplit(base_url)
        assert url.scheme == "http"
        assert url.hostname == "127.0.0.1"
        assert url.port and url.port > 0
        assert url.path == "/"


def test_root_serves_index(site):
    with serve_directory(site) as base_url:
        status, headers, body = get(base_url, "/")
    assert status == 200
    assert body.decode() == INDEX
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_directory_with_slash_serves_its_index(site):
    with serve_directory(site) as base_url:
        status, _headers, body = get(base_url, "/sub/")
    assert status == 200
    assert body.decode() == SUB_INDEX


def test_directory_without_slash_redirects(site):
    with serve_directory(site) as base_url:
        status, headers, _body = get(base_url, "/sub")
        assert status == 301
        assert urllib.parse.urljoin(base_url, headers["Location"]) == base_url + "sub/"
        # a query string survives the redirect
        status, headers, _body = get(base_url, "/sub?x=1")
        assert status == 301
        assert urllib.parse.urljoin(base_url, headers["Location"]) == base_url + "sub/?x=1"


@pytest.mark.parametrize("path", ["/missing.html", "/no/such/dir/", "/sub/missing", "/style.css/"])
def test_missing_file_gets_404_page(site, path):
    with serve_directory(site) as base_url:
        status, headers, body = get(base_url, path)
    assert status == 404
    assert body.decode() == NOT_FOUND
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_directory_without_index_is_404_not_a_listing(site):
    with serve_directory(site) as base_url:
        status, _headers, body = get(base_url, "/empty/")
    assert status == 404
    assert body.decode() == NOT_FOUND


def test_head_on_missing_file_is_404_without_body(site):
    with serve_directory(site) as base_url:
        status, headers, body = get(base_url, "/missing.html", method="HEAD")
    assert status == 404
    assert body == b""
    assert int(headers["Content-Length"]) == len(NOT_FOUND.encode())


def test_missing_file_without_404_page_is_still_404(site):
    (site / "404.html").unlink()
    with serve_directory(site) as base_url:
        status, _headers, _body = get(base_url, "/missing.html")
    assert status == 404


def test_cannot_escape_the_root(site):
    with serve_directory(site) as base_url:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/sub/../../secret.txt"):
            status, _headers, body = get(base_url, path)
            assert b"outside the site root" not in body, path
            assert status == 404, path


@pytest.mark.parametrize("ext, content_type", sorted(CONTENT_TYPES.items()))
def test_content_types(site, ext, content_type):
    path = {"html": "/index.html", "css": "/style.css"}.get(ext, f"/file.{ext}")
    with serve_directory(site) as base_url:
        status, headers, _body = get(base_url, path)
    assert status == 200
    assert headers["Content-Type"] == content_type


def test_server_is_quiet_and_stops(site, capfd):
    with serve_directory(site) as base_url:
        get(base_url, "/")
        get(base_url, "/missing")
        get(base_url, "/sub")
        port = urllib.parse.urlsplit(base_url).port
    out, err = capfd.readouterr()
    assert out == ""
    assert err == ""
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_two_servers_get_different_ports(site, tmp_path):
    with serve_directory(site) as first, serve_directory(tmp_path) as second:
        assert first != second


def test_serving_a_missing_directory_raises(tmp_path):
    with pytest.raises(NotADirectoryError), serve_directory(tmp_path / "nope"):
        pass


def test_chromium_path():
    path = chromium_path()
    assert path in (None, "/usr/bin/chromium")


@pytest.mark.parametrize("ci", [None, "false", "true"])
def test_require_browser_without_chromium_skips_locally_fails_in_ci(monkeypatch, tmp_path, ci):
    monkeypatch.setattr(support, "CHROMIUM", str(tmp_path / "no-chromium"))
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert chromium_path() is None
    expected = pytest.fail.Exception if ci == "true" else pytest.skip.Exception
    with pytest.raises(expected, match=r"no Chromium installed at .*install Debian's chromium"):
        require_browser()
    with pytest.raises(FileNotFoundError):
        launch_browser(object())


@pytest.mark.parametrize("ci", [None, "true"])
def test_require_browser_without_playwright_skips_locally_fails_in_ci(monkeypatch, ci):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now fails
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if ci == "true" else pytest.skip.Exception
    with pytest.raises(expected, match="playwright package is not importable"):
        require_browser()


def test_chromium_opens_index_and_sees_h1(site):
    require_browser()
    from playwright.sync_api import sync_playwright

    with serve_directory(site) as base_url, sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            page = browser.new_page()
            log = record_requests(page)

            response = page.goto(base_url)
            assert response is not None and response.status == 200
            assert page.locator("h1").inner_text() == "Hello from the index"
            # the stylesheet was requested and applied
            assert base_url + "style.css" in log.requests
            color = page.eval_on_selector("h1", "h => getComputedStyle(h).color")
            assert color == "rgb(10, 20, 30)"

            # following a link to a directory URL lands on its index
            page.click("a")
            page.wait_for_url(base_url + "sub/")
            assert page.locator("h1").inner_text() == "Sub page"
            assert log.problems() == []

            # a missing page shows the site's 404 page, and the log says so
            response = page.goto(base_url + "nowhere/")
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "Page not found"
            assert f"404 {base_url}nowhere/" in log.bad_responses

            # a script error and a failed request are recorded too
            page.evaluate("setTimeout(() => { throw new Error('boom') }, 0)")
            page.evaluate("console.error('bad thing')")
            page.evaluate("fetch('http://127.0.0.1:1/').catch(() => {})")
            page.wait_for_timeout(500)
            assert any("boom" in e for e in log.page_errors)
            assert any(e.startswith("bad thing") for e in log.console_errors)
            assert any(url.startswith("http://127.0.0.1:1/") for url in log.failed_requests)
        finally:
            browser.close()
