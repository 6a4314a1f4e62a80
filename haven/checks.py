"""Checks on the rendered site: links resolve, nothing loads from other hosts,
every page carries the crisis line. Each problem points at the file to fix."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from .problems import Problem, error
from .site import Site

_TAG = re.compile(r"<(a|img|script|link|iframe|source|video|audio|embed|object|form|track|input|style)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.I)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.I)
_LOADS = {  # attributes through which a page fetches something by itself
    "img": ("src", "srcset"), "script": ("src",), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
_FETCHING_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "prefetch", "manifest", "mask-icon"}
_DATA_SCRIPT_TYPES = ("application/ld+json", "application/json")
OUTDATED_CRISIS = re.compile(r"\bpress\s*3\b", re.I)


def check_output(site: Site, files: dict[str, bytes], sources: dict[str, str], static: set[str]) -> list[Problem]:
    """Every problem in the rendered pages, each reported once."""
    finder = _Locator(site, sources)
    ids: dict[str, set[str]] = {}
    found: set[Problem] = set()
    existing = set(files) | static
    crisis_text = html.escape(site.config.crisis.text, quote=False)
    for file in sorted(files):
        if not file.endswith(".html"):
            continue
        text = files[file].decode("utf-8")
        is_redirect = 'http-equiv="refresh"' in text
        for problem in _page_problems(site, file, text, existing, files, ids, finder):
            found.add(problem)
        if not is_redirect and ('id="crisis"' not in text or crisis_text not in text):
            found.add(error(finder.template_of(file), 0, f"the page {file} lacks the crisis line; every page must include partials/crisis.html"))
    for rel, body in finder.texts.items():
        for match in OUTDATED_CRISIS.finditer(body):
            if "988" in body:
                line = body.count("\n", 0, match.start()) + 1
                found.add(error(rel, line, "mentions pressing 3 on the 988 Lifeline; that option ended in July 2025, remove it"))
    return sorted(found)


class _Locator:
    """Finds the file and line an editor should change for a string on a page."""

    def __init__(self, site: Site, sources: dict[str, str]):
        self.sources = sources
        self.texts = dict(site.texts)

    def find(self, file: str, needles: list[str]) -> tuple[str, int]:
        for rel in (self.sources.get(file), "site_config.yaml"):
            body = self.texts.get(rel or "")
            if body is None:
                continue
            for needle in needles:
                index = body.find(needle) if needle else -1
                if index >= 0:
                    return rel, body.count("\n", 0, index) + 1
        return self.template_of(file), 0

    def template_of(self, file: str) -> str:
        source = self.sources.get(file, "")
        return source if source.startswith("templates/") else f"templates (used for {file})"


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(text)}


def _page_problems(site, file, text, existing, files, ids, finder):
    base = site.config.site.base_path
    allowed = set(site.config.allowed_hosts)
    for match in _EVENT_HANDLER.finditer(text):
        rel, line = finder.find(file, [match.group(1) + "="])
        yield error(rel, line, f"uses an '{match.group(1)}' script attribute; scripts in content are not allowed")
    if _STYLE_ATTR.search(text):
        rel, line = finder.find(file, ["style="])
        yield error(rel, line, "uses a style=\"...\" attribute; inline styles break the site's security policy, use a class")
    for match in _TAG.finditer(text):
        tag, attrs = match.group(1).lower(), _attrs(match.group(2))
        if tag == "style":
            yield error(*finder.find(file, ["<style"]), "contains a <style> block; put styles in the theme's CSS file")
            continue
        if tag == "script" and "src" not in attrs and attrs.get("type") not in _DATA_SCRIPT_TYPES:
            yield error(*finder.find(file, ["<script"]), "contains an inline <script>; scripts must be files of the theme")
            continue
        fetches = tag == "link" and bool(_FETCHING_RELS & set(attrs.get("rel", "").lower().split()))
        for attr in _LOADS.get(tag, ()) + (("href",) if fetches else ()):
            for url in _urls(attrs.get(attr)):
                host = urlsplit(url).hostname if url.startswith(("http:", "https:", "//")) else None
                if host and host not in allowed:
                    rel, line = finder.find(file, [url])
                    yield error(rel, line, f"<{tag}> loads {url} from another host; visitors' browsers would contact {host}. Copy the file into static/ instead")
        if tag in ("a", "link", "img", "script", "source") or tag == "form":
            for attr in ("href", "src", "action"):
                url = attrs.get(attr)
                if url and url.startswith(base) and not url.startswith("//"):
                    problem = _resolve(url, base, existing, files, ids)
                    if problem:
                        shown = url[len(base) - 1:]
                        rel, line = finder.find(file, [shown, shown.rstrip("/"), shown.split("#")[0].rstrip("/") or "/#"])
                        yield error(rel, line, problem)


def _urls(value: str | None) -> list[str]:
    if not value:
        return []
    return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


def _resolve(url: str, base: str, existing: set[str], files: dict[str, bytes], ids: dict) -> str | None:
    parts = urlsplit(url)
    rel = parts.path[len(base):]
    target = rel + "index.html" if rel == "" or rel.endswith("/") else rel
    shown = "/" + url[len(base):]
    if target not in existing:
        return f"links to {shown}, which does not exist on the site; check the address"
    if parts.fragment and target.endswith(".html") and target in files:
        if target not in ids:
            ids[target] = set(_ID.findall(files[target].decode("utf-8")))
        if parts.fragment not in ids[target]:
            return f"links to {shown}, but that page has no heading or anchor '#{parts.fragment}'"
    return None
