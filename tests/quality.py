"""The quality gates: what every generated page must pass, and the code that checks it.

Not a test module (its name does not start with ``test_``): ``tests/test_quality.py``
builds the sites and asserts on what these functions find. ``docs/quality.md``
explains each gate, its budget and how to run it.

The gates, all on every ``.html`` file of a built site:

- **html**: the Nu Html Checker (``vnu.jar`` from the npm package ``vnu-jar``) finds
  no error and no warning. Run once over every page of every site, not per page.
- **axe**: axe-core in Chromium with the WCAG 2.0/2.1/2.2 A and AA rules and best
  practices finds no violation, in the light and the dark colour scheme, at a phone
  width and a desktop width.
- **requests**: the page requests nothing from any host but the local test server,
  and no request fails (no missing asset, no HTTP error, no console or script error),
  served with the site's own ``_headers`` (its Content-Security-Policy) as on a host.
- **nojs**: with JavaScript off, ``<main>`` is there, visible, has an ``<h1>`` and
  holds most of the text it holds with JavaScript on.
- **reflow**: no horizontal scrolling at 320 and 360 CSS pixels (WCAG 1.4.10).
- **weight**: the HTML, CSS, JS and fonts a page loads stay under ``BUDGET`` bytes
  transferred (the home page under ``HOME_BUDGET``) and under ``RAW_BUDGET`` uncompressed;
  its images under ``IMAGE_BUDGET``.
- **keyboard**: the first Tab reaches a visible skip link that moves focus to
  ``<main>``; Tab reaches every control; every focused control shows a focus outline
  and is in view, not covered.
- **links**: every link, asset, canonical address and sitemap entry that points into
  the site resolves to a file as a static host would serve it, fragments included.

Redirect pages (an article's ``aliases``) hold only a 0-second refresh: the browser
leaves them at once, so the browser gates check where they lead rather than run axe
on them; the html and links gates check them like any page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import html.parser
import json
import re
import shutil
import subprocess
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# --- budgets, in bytes (KB = 1000 bytes) -------------------------------------------------
# "Transferred" is what a static host that compresses text sends (all the usual ones do):
# each file's gzip -6 size plus HEADER_BYTES of response headers per request. "Raw" is the
# files' size on disk, what a host without compression would send.
KB = 1000
HEADER_BYTES = 300
BUDGET = 60 * KB  # transferred: HTML + CSS + JS + fonts that any one page loads
HOME_BUDGET = 30 * KB  # transferred: the same for the home page
RAW_BUDGET = 60 * KB  # raw: HTML + CSS + JS + fonts of any page, the home page included
IMAGE_BUDGET = 250 * KB  # raw: images that a page loads before any scrolling

WIDTHS = {"phone": 360, "desktop": 1280}
HEIGHT = 800
SCHEMES = ("light", "dark")
REFLOW_WIDTHS = (320, 360)
NOJS_TEXT_SHARE = 0.8  # the share of <main>'s text with JavaScript on that must be there without it

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"}

# axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


# --------------------------------------------------------------------------
# Sites and pages
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One generated HTML file and the address a static host serves it at."""

    file: Path
    url_path: str  # "/clinic/blog/", "/clinic/404.html"
    redirect_to: str | None = None  # the refresh target of a redirect page


@dataclass(frozen=True)
class BuiltSite:
    """A built site, laid out under ``served`` as a static host would serve it."""

    name: str
    served: Path  # the web root of the test server
    output: Path  # served / base path
    base_path: str  # "/" or "/clinic/"
    origin_url: str  # the configured base_url, e.g. "https://example.test/clinic/"

    def pages(self) -> list[Page]:
        pages = []
        for file in sorted(self.output.rglob("*.html")):
            rel = file.relative_to(self.served).as_posix()
            url_path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            pages.append(Page(file, url_path, _refresh_target(file.read_text("utf-8"))))
        return pages


_REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\s*\d+\s*;\s*url=([^"']+)["']""", re.I)


def _refresh_target(text: str) -> str | None:
    match = _REFRESH.search(text)
    return match.group(1).strip() if match else None


def base_path_of(config_text: str) -> tuple[str, str]:
    """(base_url, its path) from a site_config.yaml's text."""
    import yaml

    base_url = ((yaml.safe_load(config_text) or {}).get("site") or {}).get("base_url") or "/"
    path = urllib.parse.urlsplit(base_url).path or "/"
    return base_url, path if path.endswith("/") else path + "/"


def served_layout(served: Path, source: Path) -> tuple[Path, str, str]:
    """Where to build ``source`` under the web root ``served``: (output dir, base path, base_url)."""
    base_url, base_path = base_path_of((source / "site_config.yaml").read_text("utf-8"))
    return served / base_path.strip("/"), base_path, base_url


def finish_layout(site: BuiltSite) -> None:
    """A site under a sub-path: its 404 page also answers for the host's root, as a host would set up."""
    if site.base_path != "/" and (site.output / "404.html").is_file():
        shutil.copyfile(site.output / "404.html", site.served / "404.html")


def url_to_file(served: Path, url_path: str) -> Path | None:
    """The file a static host sends for ``url_path``, or None for a 404."""
    path = urllib.parse.unquote(url_path)
    target = served / path.lstrip("/")
    try:
        target.resolve().relative_to(served.resolve())
    except ValueError:
        return None
    if path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


# --------------------------------------------------------------------------
# Gate: the Nu Html Checker
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlMessage:
    file: str
    line: int
    kind: str  # "error", "warning", or vnu's other types
    message: str
    extract: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message}" + (f"\n      {self.extract.strip()}" if self.extract.strip() else "")


def vnu_available() -> str | None:
    """None when the checker can run, else why it cannot."""
    if not shutil.which("java"):
        return "no java on PATH: install a Java runtime (Debian's default-jre-headless) to validate HTML"
    if not VNU_JAR.is_file():
        return "vnu.jar missing: run `npm ci --ignore-scripts` at the repository root to install the Nu Html Checker"
    return None


def run_vnu(paths: Iterable[Path], relative_to: Path) -> list[HtmlMessage]:
    """Validate every HTML file under ``paths`` (files or folders) in one run of the checker.

    Returns its errors and warnings (every message but plain information)."""
    paths = [str(p) for p in paths]
    if not paths:
        return []
    proc = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", *paths],
        capture_output=True, text=True, timeout=300,
    )
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu.jar printed no JSON report (exit {proc.returncode}):\n{proc.stderr[-2000:]}{proc.stdout[-2000:]}") from None
    found = []
    for msg in report.get("messages", []):
        kind = msg.get("type", "?")
        if kind == "info" and msg.get("subType") != "warning":
            continue  # plain information, never a problem
        if kind == "info":
            kind = "warning"
        url = msg.get("url", "")
        file = urllib.parse.unquote(urllib.parse.urlsplit(url).path) if url.startswith("file:") else url
        with contextlib.suppress(ValueError):
            file = Path(file).relative_to(relative_to).as_posix()
        found.append(HtmlMessage(file, int(msg.get("lastLine") or msg.get("firstLine") or 0), kind, msg.get("message", ""), msg.get("extract", "")))
    return sorted(found, key=lambda m: (m.file, m.line, m.message))


# --------------------------------------------------------------------------
# Gate: links (static, no browser)
# --------------------------------------------------------------------------


class _Refs(html.parser.HTMLParser):
    """Collects ids and the URLs a page links to or loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []  # (what, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag in ("a",) else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for attr in ("href", "src", "action", "poster", "data"):
            if a.get(attr):
                self.refs.append((f"<{tag} {attr}>", a[attr]))
        for attr in ("srcset", "imagesrcset"):
            for part in (a.get(attr) or "").split(","):
                if part.strip():
                    self.refs.append((f"<{tag} {attr}>", part.strip().split()[0]))
        if tag == "meta":
            if (a.get("http-equiv") or "").lower() == "refresh":
                target = _refresh_target(f'<meta http-equiv="refresh" content="{a.get("content", "")}">')
                if target:
                    self.refs.append(("<meta refresh>", target))
            elif a.get("property") in ("og:url", "og:image") or a.get("name") in ("twitter:image",):
                self.refs.append((f"<meta {a.get('property') or a.get('name')}>", a.get("content", "")))


def _parse(file: Path) -> _Refs:
    parser = _Refs()
    parser.feed(file.read_text("utf-8"))
    parser.close()
    return parser


def check_links(site: BuiltSite) -> list[str]:
    """Every reference into the site that a static host would answer with a 404, or a missing fragment."""
    problems = []
    parsed: dict[Path, _Refs] = {}

    def refs_of(file: Path) -> _Refs:
        if file not in parsed:
            parsed[file] = _parse(file)
        return parsed[file]

    origin = urllib.parse.urlsplit(site.origin_url)
    for page in site.pages():
        page_url = "http://haven.invalid" + page.url_path
        for what, ref in refs_of(page.file).refs:
            if ref.startswith(("mailto:", "tel:", "sms:", "data:", "javascript:")):
                if ref.startswith("javascript:"):
                    problems.append(f"{page.url_path}: {what} uses a javascript: URL")
                continue
            absolute = urllib.parse.urljoin(page_url, ref)
            parts = urllib.parse.urlsplit(absolute)
            if parts.scheme in ("http", "https") and parts.netloc == origin.netloc:
                parts = parts._replace(scheme="http", netloc="haven.invalid")  # the configured address
            if parts.netloc != "haven.invalid":
                continue  # another host: a link out, checked by the requests gate if the page loads it
            if not parts.path.startswith(site.base_path):
                problems.append(f"{page.url_path}: {what} {ref} points outside the site's base path {site.base_path}")
                continue
            target = url_to_file(site.served, parts.path)
            if target is None:
                problems.append(f"{page.url_path}: {what} {ref} is missing (404)")
                continue
            if (parts.fragment and target.suffix == ".html" and parts.fragment not in ("top",)
                    and urllib.parse.unquote(parts.fragment) not in refs_of(target).ids):
                problems.append(f"{page.url_path}: {what} {ref}: no id '{parts.fragment}' on that page")
    sitemap = site.output / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text("utf-8")):
            parts = urllib.parse.urlsplit(loc.strip())
            if parts.netloc != origin.netloc or url_to_file(site.served, parts.path) is None:
                problems.append(f"sitemap.xml: {loc} does not resolve to a page of the site")
    return problems


# --------------------------------------------------------------------------
# Gates in the browser
# --------------------------------------------------------------------------


@dataclass
class Weight:
    page: str
    html: int = 0
    css: int = 0
    js: int = 0
    fonts_other: int = 0
    images: int = 0
    transferred: int = 0  # gzip -6 size of everything but images, plus HEADER_BYTES a request
    requests: int = 0

    @property
    def before_images(self) -> int:
        return self.html + self.css + self.js + self.fonts_other


@dataclass
class Findings:
    """Everything the browser gates found on one site; every list empty means all passed."""

    site: str
    axe: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    nojs: list[str] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)
    weight: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)
    weights: list[Weight] = field(default_factory=list)
    axe_runs: int = 0
    pages: int = 0
    keyboard_stops: int = 0
    seconds: float = 0.0


class _Recorder:
    """Every request of one page load, reset before each load."""

    def __init__(self, page: Any, origin: str = "", served: Path | None = None) -> None:
        self.page = page
        self.origin = origin
        self.served = served
        self.requests: list[tuple[str, str]] = []  # (url, resource type)
        self.problems: list[str] = []
        self.in_flight: set[Any] = set()
        page.on("request", self._started)
        page.on("requestfinished", lambda r: self.in_flight.discard(r))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text} [{(m.location or {}).get('url', '')}]"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def _started(self, request: Any) -> None:
        self.requests.append((request.url, request.resource_type))
        self.in_flight.add(request)

    def _failed(self, request: Any) -> None:
        self.in_flight.discard(request)
        # Chromium fetches the favicon after the load event, and the test may leave the page
        # while it does: an abort of a file that the server has is the test's doing, not a
        # missing asset (a missing one answers 404, recorded as such).
        if (request.failure == "net::ERR_ABORTED" and self.served is not None
                and request.url.startswith(self.origin + "/")
                and url_to_file(self.served, urllib.parse.urlsplit(request.url).path) is not None):
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def settle(self, timeout: float = 3.0) -> None:
        """Wait until no request is in flight (the browser's own late favicon fetch included),
        so that leaving the page aborts nothing."""
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            self.page.wait_for_timeout(20)
        for request in list(self.in_flight):
            self.problems.append(f"request still unanswered after {timeout:.0f} s: {request.url}")
        self.in_flight.clear()

    def reset(self) -> None:
        self.requests.clear()
        self.problems.clear()
        self.in_flight.clear()


_MAIN_STATE_JS = """() => {
  const main = document.querySelector('main');
  if (!main) return null;
  const style = getComputedStyle(main);
  const rect = main.getBoundingClientRect();
  const h1 = main.querySelector('h1');
  return {
    count: document.querySelectorAll('main').length,
    text: main.innerText.replace(/\\s+/g, ' ').trim(),
    visible: rect.width > 0 && rect.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0' && style.display !== 'none',
    h1: h1 ? h1.innerText.trim() : '',
    h1_visible: !!h1 && h1.getBoundingClientRect().height > 0,
  };
}"""

_OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return [];
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0 && !el.closest('.visually-hidden, [aria-hidden="true"]')) {
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { inScroller = true; break; }
      }
      if (!inScroller) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
    }
    if (culprits.length >= 5) break;
  }
  return [`page is ${root.scrollWidth}px wide in a ${width}px viewport`, ...culprits];
}"""

# Every element that Tab should reach, in DOM order, kept in window.__qaTabbables.
_TABBABLES_JS = """() => {
  const selector = 'a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable="true"], [contenteditable=""], audio[controls], video[controls]';
  const seenRadio = new Set();
  const all = [...document.querySelectorAll(selector)].filter(el => {
    if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) return false;
    if (el.tagName === 'INPUT' && el.type === 'hidden') return false;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: false})) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0 && el.getClientRects().length === 0) return false;
    if (el.tagName === 'INPUT' && el.type === 'radio' && el.name) {
      const key = (el.form ? 'f' : '') + el.name;
      if (seenRadio.has(key)) return false;  // one stop per radio group
      seenRadio.add(key);
    }
    return true;
  });
  window.__qaTabbables = all;
  return all.length;
}"""

_DESCRIBE = """el => {
  if (!el || el === document.body || el === document.documentElement) return null;
  let name = el.tagName.toLowerCase();
  if (el.id) name += '#' + el.id;
  else if (el.className && typeof el.className === 'string' && el.className.trim()) name += '.' + el.className.trim().split(/\\s+/).join('.');
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
  if (el.getAttribute('href')) name += `[href="${el.getAttribute('href')}"]`;
  return text ? `${name} "${text}"` : name;
}"""

# The focused element: its place in __qaTabbables, and whether its focus shows.
_FOCUS_STATE_JS = """() => {
  const describe = %s;
  let el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {index: -2};
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const inView = rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
  let covered = false;
  // A link that wraps has a box per line; the middle of their bounding box may fall on another
  // element of the paragraph, so look at the middle of its first line's box.
  const line = el.getClientRects()[0] || rect;
  if (inView && line.width > 0 && line.height > 0) {
    const x = Math.min(Math.max(line.left + line.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(line.top + Math.min(line.height, 20) / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    covered = !!hit && !(el.contains(hit) || hit.contains(el) || (el.labels && [...el.labels].some(l => l.contains(hit))));
  }
  return {
    index: (window.__qaTabbables || []).indexOf(el),
    name: describe(el),
    visible: outline || shadow,
    inView, covered,
    inMain: !!el.closest('main'),
    skip: el.tagName === 'A' && (el.getAttribute('href') || '').startsWith('#'),
    href: el.getAttribute('href') || '',
  };
}""" % _DESCRIBE


def axe_source() -> str:
    """axe-core as bundled by the pinned axe-playwright-python package."""
    import importlib.resources

    return importlib.resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def _run_axe(page: Any, axe_js: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_js)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return results["violations"]


def _classify(url: str, resource_type: str) -> str:
    suffix = Path(urllib.parse.urlsplit(url).path).suffix.lower()
    if resource_type == "image" or suffix in IMAGE_EXTENSIONS:
        return "images"
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or suffix == ".css":
        return "css"
    if resource_type == "script" or suffix in (".js", ".mjs"):
        return "js"
    return "fonts_other"


def audit_site(browser: Any, site: BuiltSite, base_url: str, *, pages: list[Page] | None = None,
               keyboard: bool = True, not_found: bool = True) -> Findings:
    """Run every browser gate on every page of ``site`` (or on ``pages``), served at ``base_url``."""
    started = time.perf_counter()
    found = Findings(site.name)
    axe_js = axe_source()
    origin = base_url.rstrip("/")
    pages = site.pages() if pages is None else pages
    found.pages = len(pages)
    main_text: dict[str, int] = {}

    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": HEIGHT}, reduced_motion="reduce")
    try:
        page = context.new_page()
        recorder = _Recorder(page, origin, site.served)
        for item in pages:
            url = origin + item.url_path
            where = item.url_path
            recorder.reset()
            page.set_viewport_size({"width": WIDTHS["desktop"], "height": HEIGHT})
            page.emulate_media(color_scheme="light")
            response = page.goto(url, wait_until="load")
            if item.redirect_to:
                _check_redirect(page, item, url, response, found)
                recorder.settle()
                _check_requests(recorder, origin, where, found)
                continue
            if response is None or response.status != 200:
                found.requests.append(f"{where}: answered {response.status if response else 'nothing'}, not 200")
            state = page.evaluate(_MAIN_STATE_JS)
            main_text[item.url_path] = len(state["text"]) if state else 0
            _check_weight(site, item, recorder, origin, found)
            if keyboard:
                recorder.settle()
                _check_keyboard(page, where, found)
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                for label, width in WIDTHS.items():
                    page.set_viewport_size({"width": width, "height": HEIGHT})
                    found.axe_runs += 1
                    for v in _run_axe(page, axe_js):
                        targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:4])
                        more = f" (+{len(v['nodes']) - 4} more)" if len(v["nodes"]) > 4 else ""
                        found.axe.append(f"{where} [{scheme}, {label} {width}px] {v['id']} ({v.get('impact')}): {v['help']} -> {targets}{more}")
            for width in REFLOW_WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                overflow = page.evaluate(_OVERFLOW_JS)
                if overflow:
                    found.reflow.append(f"{where} at {width}px: " + "; ".join(overflow))
            recorder.settle()
            _check_requests(recorder, origin, where, found)
        if not_found and (site.output / "404.html").is_file():
            _check_not_found(page, recorder, origin + site.base_path + "no/such/page/", origin, found)
    finally:
        context.close()

    context = browser.new_context(java_script_enabled=False, viewport={"width": WIDTHS["phone"], "height": HEIGHT})
    try:
        page = context.new_page()
        recorder = _Recorder(page, origin, site.served)
        for item in pages:
            if item.redirect_to:
                continue
            where = item.url_path
            recorder.reset()
            page.goto(origin + item.url_path, wait_until="load")
            state = page.evaluate(_MAIN_STATE_JS)
            _check_nojs(state, main_text.get(item.url_path, 0), where, found)
            recorder.settle()
            _check_requests(recorder, origin, f"{where} (no JavaScript)", found)
    finally:
        context.close()
    found.seconds = time.perf_counter() - started
    return found


def _check_redirect(page: Any, item: Page, url: str, response: Any, found: Findings) -> None:
    target = urllib.parse.urljoin(url, item.redirect_to)
    try:
        page.wait_for_url(target, timeout=5000)
        page.wait_for_load_state("load")
    except Exception:  # noqa: BLE001 - reported below
        found.requests.append(f"{item.url_path}: redirect page did not lead to {item.redirect_to} (ended at {page.url})")
        return
    state = page.evaluate(_MAIN_STATE_JS)
    if not state or not state["h1"]:
        found.requests.append(f"{item.url_path}: redirect target {item.redirect_to} has no <main> with an <h1>")


def _audit_job(job: tuple[BuiltSite, list[Page], bool]) -> Findings:
    """One worker's share: launch Chromium, serve the site, audit some of its pages."""
    from playwright.sync_api import sync_playwright

    try:
        from tests import browser as support
    except ImportError:
        import browser as support  # type: ignore[no-redef]
    site, pages, not_found = job
    with sync_playwright() as pw:
        browser = support.launch_browser(pw)
        try:
            with support.serve_directory(site.served, **host_headers(site, support)) as base_url:
                return audit_site(browser, site, base_url, pages=pages, not_found=not_found)
        finally:
            browser.close()


def host_headers(site: BuiltSite, support: Any) -> dict:
    """The site's own ``_headers`` (its Content-Security-Policy above all), served as a host would.

    Its Cache-Control lines are left out: the test server's ``no-store`` makes every page
    load as a first visit, which is what the weight gate measures."""
    path = site.output / "_headers"
    if not path.is_file() or not hasattr(support, "read_headers_file"):
        return {}
    prefix = site.base_path.rstrip("/")  # the file's paths are relative to where the site is published
    rules = []
    for pattern, headers in support.read_headers_file(path):
        kept = [(name, value) for name, value in headers if name.lower() != "cache-control"]
        if kept:
            rules.append((prefix + pattern if pattern.startswith("/") else pattern, kept))
    return {"headers": rules}


def audit_sites(sites: list[BuiltSite], workers: int = 2) -> list[Findings]:
    """Run the browser gates on every page of every site, in ``workers`` processes.

    Each process drives its own Chromium through its own share of the pages (each site's
    pages cut into slices of similar size), so the machine's cores all work; the findings
    are merged back per site, in the order of ``sites``."""
    total = sum(len(s.pages()) for s in sites)
    size = max(8, -(-total // (2 * workers)))  # about two slices per worker
    jobs = []
    for site in sites:
        pages = site.pages()
        slices = max(1, round(len(pages) / size))
        for n in range(slices):
            jobs.append((site, pages[n::slices], n == 0))
    jobs.sort(key=lambda job: -len(job[1]))  # the longest first, for a balanced finish
    if workers <= 1 or len(jobs) == 1:
        results = [_audit_job(job) for job in jobs]
    else:
        import concurrent.futures
        import multiprocessing

        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = list(pool.map(_audit_job, jobs))
    merged = {site.name: Findings(site.name) for site in sites}
    for result in results:
        into = merged[result.site]
        for f in dataclasses.fields(Findings):
            value = getattr(result, f.name)
            if isinstance(value, list):
                getattr(into, f.name).extend(value)
            elif isinstance(value, (int, float)) and f.name != "site":
                setattr(into, f.name, getattr(into, f.name) + value)
    for findings in merged.values():
        findings.weights.sort(key=lambda w: w.page)
        for name in ("axe", "requests", "nojs", "reflow", "weight", "keyboard"):
            getattr(findings, name).sort()
    return list(merged.values())


def _check_not_found(page: Any, recorder: _Recorder, url: str, origin: str, found: Findings) -> None:
    """A missing address deep in the site gets the site's 404 page, status 404, styled."""
    recorder.reset()
    response = page.goto(url, wait_until="load")
    where = urllib.parse.urlsplit(url).path
    if response is None or response.status != 404:
        found.requests.append(f"{where}: a missing page answered {response and response.status}, not 404")
    state = page.evaluate(_MAIN_STATE_JS)
    if not state or not state["h1"]:
        found.requests.append(f"{where}: the 404 page shows no <main> with an <h1>")
    recorder.settle()
    # The page's own 404 is the point; anything else that failed (a relative asset URL that
    # breaks at this depth, say) is a problem.
    recorder.problems[:] = [p for p in recorder.problems if not p.endswith((f": {url}", f"[{url}]"))]
    _check_requests(recorder, origin, where, found)


def _check_requests(recorder: _Recorder, origin: str, where: str, found: Findings) -> None:
    for url, _kind in recorder.requests:
        if url.startswith(("data:", "blob:", "about:")):
            continue
        if not (url == origin or url.startswith(origin + "/")):
            found.requests.append(f"{where}: request to another host: {url}")
    for problem in recorder.problems:
        found.requests.append(f"{where}: {problem}")


def _check_weight(site: BuiltSite, item: Page, recorder: _Recorder, origin: str, found: Findings) -> None:
    weight = Weight(item.url_path)
    seen = set()
    compressible = []
    for url, kind in recorder.requests:
        if url in seen or not url.startswith(origin + "/"):
            continue
        seen.add(url)
        file = url_to_file(site.served, urllib.parse.urlsplit(url).path)
        if file is None:
            continue  # a missing file: the requests gate reports it
        data = file.read_bytes()
        part = _classify(url, kind)
        setattr(weight, part, getattr(weight, part) + len(data))
        weight.requests += 1
        if part != "images":
            compressible.append(data)
    weight.transferred = sum(len(gzip.compress(d, 6)) + HEADER_BYTES for d in compressible)
    found.weights.append(weight)
    budget = HOME_BUDGET if item.url_path == site.base_path else BUDGET
    if weight.transferred > budget:
        found.weight.append(f"{item.url_path}: {weight.transferred} bytes of HTML/CSS/JS/fonts transferred, over the budget of {budget} ({describe_weight(weight)})")
    if weight.before_images > RAW_BUDGET:
        found.weight.append(f"{item.url_path}: {weight.before_images} bytes of HTML/CSS/JS/fonts uncompressed, over the budget of {RAW_BUDGET} ({describe_weight(weight)})")
    if weight.images > IMAGE_BUDGET:
        found.weight.append(f"{item.url_path}: {weight.images} bytes of images, over the budget of {IMAGE_BUDGET}")


def describe_weight(w: Weight) -> str:
    return f"html {w.html}, css {w.css}, js {w.js}, other {w.fonts_other}, images {w.images}"


def _check_nojs(state: dict | None, text_with_js: int, where: str, found: Findings) -> None:
    if not state:
        found.nojs.append(f"{where}: no <main> without JavaScript")
        return
    if state["count"] != 1:
        found.nojs.append(f"{where}: {state['count']} <main> elements; expected exactly one")
    if not state["visible"]:
        found.nojs.append(f"{where}: <main> is not visible without JavaScript")
    if not state["h1"] or not state["h1_visible"]:
        found.nojs.append(f"{where}: no visible <h1> in <main> without JavaScript")
    if len(state["text"]) < 40:
        found.nojs.append(f"{where}: <main> holds only {len(state['text'])} characters of text without JavaScript")
    if text_with_js and len(state["text"]) < NOJS_TEXT_SHARE * text_with_js:
        found.nojs.append(f"{where}: <main> holds {len(state['text'])} characters without JavaScript, {text_with_js} with it")


def _check_keyboard(page: Any, where: str, found: Findings) -> None:
    """Tab from the top of a freshly loaded page to the end, then try the skip link."""
    count = page.evaluate(_TABBABLES_JS)
    reached = set()
    stops = 0
    first = None
    for press in range(count + 3):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STATE_JS)
        if state["index"] == -2:
            break  # focus left the page: the end of the tab order
        if press == 0:
            first = state
        if state["index"] in reached:
            break
        stops += 1
        if state["index"] >= 0:
            reached.add(state["index"])
        else:
            found.keyboard.append(f"{where}: Tab reached {state['name']}, which is not expected to be a tab stop (hidden?)")
        if not state["visible"]:
            found.keyboard.append(f"{where}: no visible focus indicator (outline of 2px or more, or a box-shadow) on {state['name']}")
        if not state["inView"]:
            found.keyboard.append(f"{where}: focused {state['name']} is scrolled out of view")
        elif state["covered"]:
            found.keyboard.append(f"{where}: focused {state['name']} is covered by another element")
    found.keyboard_stops += stops
    missed = set(range(count)) - reached
    if missed:
        names = page.evaluate(f"ix => ix.map(i => ({_DESCRIBE})(window.__qaTabbables[i]))", sorted(missed)[:6])
        found.keyboard.append(f"{where}: Tab never reached {len(missed)} of {count} controls: " + "; ".join(names))
    if not first or not first.get("skip"):
        found.keyboard.append(f"{where}: the first Tab stop is {first and first.get('name')}, not a skip link to the main content")
        return
    # The skip link, focused again where the first Tab found it: Enter moves focus into <main>.
    page.evaluate("i => { window.scrollTo(0, 0); window.__qaTabbables[i].focus(); }", first["index"])
    page.keyboard.press("Enter")
    page.wait_for_timeout(50)
    moved = page.evaluate("""() => {
      const main = document.querySelector('main');
      const a = document.activeElement;
      const root = document.scrollingElement;
      return {hash: location.hash, inMain: !!main && (a === main || main.contains(a)),
              top: main ? main.getBoundingClientRect().top : null,
              atEnd: root.scrollTop + root.clientHeight >= root.scrollHeight - 1};
    }""")
    if not moved["inMain"]:
        found.keyboard.append(f"{where}: the skip link {first['href']} did not move focus into <main>")
    # <main> should then start at the top of the view; on a page too short to scroll that far,
    # the page scrolled to its end with <main> in the top half of the view is as good.
    elif moved["top"] is not None and abs(moved["top"]) > 80 and not (moved["atEnd"] and 0 < moved["top"] < HEIGHT / 2):
        found.keyboard.append(f"{where}: after the skip link, <main> starts {moved['top']:.0f}px from the top of the view")
    page.keyboard.press("Tab")
    after = page.evaluate(_FOCUS_STATE_JS)
    main_has_controls = page.evaluate("() => !!document.querySelector('main a[href], main button, main input, main select, main textarea, main [tabindex=\"0\"]')")
    if after["index"] == -2 or (main_has_controls and not after["inMain"]):
        found.keyboard.append(f"{where}: Tab after the skip link went to {after.get('name')}, not the first control in <main>")
    page.evaluate("() => { history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); }")


def weights_table(weights: list[Weight]) -> str:
    """A Markdown table of page weights in bytes."""
    lines = ["| page | HTML | CSS | JS | other | raw before images | transferred before images | images | requests |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for w in weights:
        lines.append(f"| {w.page} | {w.html} | {w.css} | {w.js} | {w.fonts_other} | {w.before_images} | {w.transferred} | {w.images} | {w.requests} |")
    return "\n".join(lines)


def report(title: str, problems: list[str], limit: int = 60) -> str:
    shown = problems[:limit]
    more = f"\n  ... and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{title}: {len(problems)} problem(s)\n  " + "\n  ".join(shown) + more

