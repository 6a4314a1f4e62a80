"""The bypass corpus is real: served WITHOUT the guard and without a security policy (as GitHub
Pages serves a site), a sample of its vectors runs script or reaches another host in Chromium.
The same vectors fail the build (tests/test_guards.py); and every page the browser tests open
is watched for the same two things (tests/browser.py, record_requests)."""

from __future__ import annotations

import urllib.parse

import pytest

try:
    from tests.browser import record_requests, serve_directory
    from tests.helpers import TODAY, build_site, write_site
    from tests.test_guards import HTML, SVG
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import record_requests, serve_directory  # type: ignore[no-redef]
    from helpers import TODAY, build_site, write_site  # type: ignore[no-redef]
    from test_guards import HTML, SVG  # type: ignore[no-redef]

# (vector, what to do once the page has loaded: None, or a selector to click)
SAMPLE = [
    ("<img src=x onerror=alert(1)>", None),
    ("<IMG SRC=x ONERROR=alert(1)>", None),
    ("<svg/onload=alert(1)>", None),
    ("<svg//////onload=alert(1)>", None),
    ("<body onload=alert(1)>", None),
    ("<image src=x onerror=alert(1)>", None),
    ("<details open ontoggle=alert(1)>x</details>", None),
    ("<svg><script>alert(1)</script></svg>", None),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', None),
    ('<div><template shadowrootmode="open"><img src="x" onerror="alert(1)"></template></div>', None),
    ("<svg><style><img src=x onerror=alert(1)></style></svg>", None),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "a"),
    ('<a href="&#x20;javascript:alert(1)">x</a>', "a"),
    ('<a href="&#1;javascript:alert(1)">x</a>', "a"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "a"),
    ('<a href="java&NewLine;script:alert(1)">x</a>', "a"),
    ('<form><button formaction="javascript:alert(1)">x</button></form>', "button"),
    ('<img src="HTTP://evil.test/p.png" alt="x">', None),
    ('<img src="//evil.test/p.png" alt="x">', None),
    ('<img src="\\\\evil.test/p.png" alt="x">', None),
    ('<img src="/\\evil.test/p.png" alt="x">', None),
    ('<img src="ht&#x09;tps://evil.test/p.png" alt="x">', None),
    ('<img src="https://%65vil.test/p.png" alt="x">', None),
    ('<p/style="background:url(https://evil.test/p.png)">x</p>', None),
    ("<p style=\"background-image:image-set('https://evil.test/p.png' 1x)\">x</p>", None),
    ('<style>@import "https://evil.test/s.css";</style>', None),
    ("<style>body{background:u\\72l(https://evil.test/p.png)}</style>", None),
    ('<link rel="STYLESHEET" href="//evil.test/s.css">', None),
    ('<iframe src="https://evil.test/"></iframe>', None),
    ('<object data="https://evil.test/x.html"></object>', None),
    ('<video poster="https://evil.test/p.png"></video>', None),
    ('<table background="https://evil.test/p.png"><tr><td>x</td></tr></table>', None),
    ('<meta http-equiv="refresh" content="0; URL=https://evil.test/">', None),
    ('<svg><image href="https://evil.test/i.png"/></svg>', None),
]
SVG_SAMPLE = [
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><image href="HTTPS://evil.test/p.png" width="9" height="9"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.test/s.css);</style></svg>',
]


@pytest.fixture(scope="module")
def unguarded(tmp_path_factory):
    """Each sample vector in a page of its own, served as is: no build, no guard, no policy."""
    root = tmp_path_factory.mktemp("unguarded")
    for number, (vector, _) in enumerate(SAMPLE):
        (root / f"v{number}.html").write_text(f"<!doctype html>\n<html lang=en><title>v</title>\n{vector}\n</html>\n",
                                             encoding="utf-8")
    for number, vector in enumerate(SVG_SAMPLE):
        (root / f"s{number}.svg").write_text(f'<?xml version="1.0"?>\n{vector}\n', encoding="utf-8")
    with serve_directory(root) as base_url:
        yield base_url


def effects(browser, url: str, click: str | None = None) -> tuple[list[str], list[str]]:
    """(alerts shown, requests to other hosts) when Chromium opens `url`; nothing leaves the machine."""
    context = browser.new_context()
    alerts, elsewhere = [], []

    def route(route):
        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:  # answered here: the request was made, and goes no further
            elsewhere.append(route.request.url)
            route.fulfill(status=204, body="")

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if click:
            page.click(click, timeout=2000)
        page.wait_for_timeout(150)
    finally:
        context.close()
    return alerts, elsewhere


def test_the_sample_is_taken_from_the_corpus():
    assert all(vector in HTML for vector, _ in SAMPLE) and all(vector in SVG for vector in SVG_SAMPLE)


@pytest.mark.parametrize("number", range(len(SAMPLE)), ids=[vector for vector, _ in SAMPLE])
def test_vector_without_the_guard_runs_script_or_reaches_another_host(browser, unguarded, number):
    alerts, elsewhere = effects(browser, f"{unguarded}v{number}.html", SAMPLE[number][1])
    assert alerts or any(urllib.parse.urlsplit(url).hostname == "evil.test" for url in elsewhere), (alerts, elsewhere)


@pytest.mark.parametrize("number", range(len(SVG_SAMPLE)), ids=SVG_SAMPLE)
def test_svg_vector_without_the_guard_runs_script_or_reaches_another_host(browser, unguarded, number):
    alerts, elsewhere = effects(browser, f"{unguarded}s{number}.svg")
    assert alerts or any(urllib.parse.urlsplit(url).hostname == "evil.test" for url in elsewhere), (alerts, elsewhere)


def test_the_watch_on_every_browser_test_page_sees_a_vector(browser, unguarded):
    """record_requests, which every browser test uses, reports a script and a load from elsewhere."""
    for number, expected in ((0, "policy violation: script-src-attr inline"), (17, "request to another host: http://evil.test/p.png")):
        context = browser.new_context()
        context.route("**/evil.test/**", lambda route: route.fulfill(status=204, body=""))
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.dismiss())
        log = record_requests(page)
        page.goto(f"{unguarded}v{number}.html")
        page.wait_for_load_state("networkidle")
        context.close()
        assert any(problem.startswith(expected) for problem in log.problems()), log.problems()


def test_a_guarded_build_of_the_example_pages_is_watched_clean(browser, tmp_path):
    """A built site's pages, with a static page and an SVG of the editor's own, pass the watch."""
    site = write_site(tmp_path / "site", {
        "content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsummary: A.\n---\nSee [the map](/map.html).\n",
        "static/map.html": "<!doctype html>\n<html lang=en><title>Map</title><img src=\"/pin.svg\" alt=\"pin\"></html>\n",
        "static/pin.svg": '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
                          '<circle cx="4" cy="4" r="4"/></svg>\n',
    })
    result = build_site(site, today=TODAY)
    assert result.returncode == 0, result.stderr
    with serve_directory(site / "output") as base_url:
        for path in ("", "blog/a/", "map.html", "pin.svg"):
            context = browser.new_context()
            page = context.new_page()
            log = record_requests(page)
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            context.close()
            assert [p for p in log.problems() if "favicon" not in p] == [], path
