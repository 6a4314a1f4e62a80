"""Checks on what would be published: only public files, each served as what it is.

Hosts choose a file's Content-Type from its extension, and publish every file they are given.
So before anything is written: every file has an extension hosts know (and a generated file's
bytes match it), nothing is a source, settings, backup or hidden file, and every address in
the sitemap is a page of the output.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from .checks import PageFacts
from .files import ascii_address, served_file
from .hosting import HEADERS, REDIRECTS
from .images import UNSHOWN
from .output import Packed, plain
from .problems import Problem, error, warning
from .site import Site

# The Content-Type static hosts send for each extension (compared in lower case).
SERVED_AS = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".webmanifest": "application/manifest+json", ".xml": "application/xml", ".xsl": "application/xslt+xml",
    ".atom": "application/atom+xml", ".rss": "application/rss+xml", ".txt": "text/plain",
    ".csv": "text/csv", ".ics": "text/calendar", ".vcf": "text/vcard", ".vtt": "text/vtt",
    ".svg": "image/svg+xml", ".ico": "image/x-icon", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".pdf": "application/pdf", ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg",
    ".wav": "audio/wav", ".mp4": "video/mp4", ".webm": "video/webm", ".zip": "application/zip",
    ".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint", ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".rtf": "application/rtf", ".epub": "application/epub+zip",
}
HOST_FILES = (HEADERS, REDIRECTS)  # read by Netlify and Cloudflare Pages, not served by them
_HOST_FILE_REFUSED = {
    HEADERS: "would replace the _headers file the generator writes, and with it the security policy that keeps "
             "scripts and other hosts out of every page; delete static/_headers (the generator writes the headers "
             "the site needs, see docs/deploy.md)",
    REDIRECTS: "would replace the _redirects file the generator writes from the aliases in front matter; delete "
               "static/_redirects and list each old address under 'aliases:' of the page it moved to",
}

# Never meant for visitors: sources, settings, secrets, logs, backups and editors' leftovers.
PRIVATE_SUFFIXES = (
    ".md", ".markdown", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".env", ".py", ".pyc",
    ".sh", ".bat", ".ps1", ".sql", ".sqlite", ".db", ".log", ".key", ".pem", ".p12", ".pfx",
    ".bak", ".backup", ".old", ".orig", ".rej", ".swp", ".swo", ".tmp", ".temp", ".j2", ".jinja",
    "~",
)
PRIVATE_NAMES = ("thumbs.db", "desktop.ini")
PUBLIC_DOT_FOLDERS = (".well-known",)  # RFC 8615: meant to be public despite the dot

_MAGIC = {  # how a file of each binary type starts
    ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"), ".ico": (b"\x00\x00\x01\x00",), ".pdf": (b"%PDF-",),
    ".woff": (b"wOFF",), ".woff2": (b"wOF2",),
}
_TEXT = (".html", ".htm", ".css", ".js", ".mjs", ".json", ".map", ".webmanifest", ".xml", ".xsl",
         ".atom", ".rss", ".txt", ".svg", ".csv", ".ics", ".vcf", ".vtt")
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)
_NOINDEX = re.compile(r"<meta\s+name=\"robots\"\s+content=\"[^\"]*noindex", re.I)
_REDIRECT_PAGE = 'http-equiv="refresh"'


def check_deploy(site: Site, files: dict[str, bytes | Packed | None], sources: dict[str, str], copies: dict[str, Path],
                 facts: dict[str, PageFacts] | None = None, settled: set[str] | frozenset[str] = frozenset(),
                 known: dict | None = None) -> list[Problem]:
    """Every problem with publishing `files` (generated) and `copies` (static/) as they are.

    A page's bytes may be None: what matters of it is then in `facts` (checks.page_facts).
    `settled` pages passed in the last build with the same name and source, so they pass again.
    `known`: what the last build found of each generated file and the sitemap's addresses
    (serve: state.BuildState.served_as)."""
    facts = facts or {}
    known = {} if known is None else known
    served = known.setdefault("files", {})
    generated = files if copies.keys().isdisjoint(files) else {rel: data for rel, data in files.items() if rel not in copies}
    blame = {rel: f"static/{rel}" for rel in copies}
    for asset in site.assets:
        blame.setdefault(asset.published_name, f"templates/assets/{asset.name}")
    problems: list[Problem] = []
    for rel in sorted((set(generated) - settled) | set(copies)):
        where = blame.get(rel) or sources.get(rel) or rel
        # (`served` keeps a file only once _private found nothing in it, blamed on the same file)
        last = served.get(rel)
        if last is not None and last[0] == where and (data := generated.get(rel)) is not None:
            # _served_as_known's answer for the very same bytes, inlined (10,000 search documents in serve)
            page = facts.get(rel)
            if last[2] == (None if page is None else (page.redirect, page.starts_html)) and last[1] == data:
                problems += last[3]
                continue
        private = [] if last is not None and last[0] == where else _private(rel, where)
        problems += private or _served_as_known(rel, where, generated.get(rel), facts.get(rel), served)
    for rel in served.keys() - generated.keys():
        del served[rel]
    for rel in HOST_FILES:
        if rel in copies:  # it would replace the generated one, and with it the security policy or the aliases
            problems.append(error(f"static/{rel}", 1, _HOST_FILE_REFUSED[rel]))
    problems += _sitemap(site, generated, set(copies), facts, known)
    return problems


def _private(rel: str, where: str) -> list[Problem]:
    parts = rel.split("/")
    name = parts[-1].lower()
    hidden = [p for p in parts if p.startswith(".") and p not in PUBLIC_DOT_FOLDERS]
    if hidden:
        what = "a hidden file" if hidden[-1] == parts[-1] else f"inside the hidden folder {hidden[0]}/"
        return [error(where, 0, f"is {what} and would be published at /{rel}; hidden files are never meant "
                                "for visitors, delete it or move it out of the site's folders")]
    if name.endswith(PRIVATE_SUFFIXES) or name in PRIVATE_NAMES or (name.startswith("#") and name.endswith("#")):
        kind = posixpath.splitext(name)[1] or name
        fix = ("keep such files outside static/ (everything in static/ is copied to the website as it is)"
               if where.startswith("static/") else "rename it")
        return [error(where, 0, f"would be published at /{rel}, but a {kind} file is a source, settings or "
                                f"backup file, not something for visitors; {fix}")]
    return []


def _served_as_known(rel: str, where: str, data: bytes | Packed | None, facts: PageFacts | None,
                     known: dict) -> list[Problem]:
    """_served_as, taken from `known` when the file has the same bytes (and blame) as when found
    (a compressed file is kept, and compared, compressed)."""
    if data is None:
        return _served_as(rel, where, data, facts)
    said = None if facts is None else (facts.redirect, facts.starts_html)  # (what _served_as reads of them)
    last = known.get(rel)
    if last is not None and last[0] == where and last[2] == said and last[1] == data:
        return list(last[3])
    found = _served_as(rel, where, plain(data), facts)
    known[rel] = (where, data, said, tuple(found))
    return found


def _served_as(rel: str, where: str, data: bytes | None, facts: PageFacts | None) -> list[Problem]:
    if rel in HOST_FILES:
        return []
    ext = posixpath.splitext(rel)[1].lower()
    is_redirect = facts.redirect if facts else data is not None and _REDIRECT_PAGE.encode() in data[:2048]
    if ext not in SERVED_AS:
        if ext in UNSHOWN:
            return []  # (a picture to save again in another kind: images.prepare says so where it is used)
        shown = f"'{ext}'" if ext else "no extension"
        if is_redirect:
            return [warning(where, 0, f"the alias /{rel} has {shown}: hosts that read _redirects answer it with a "
                                      "301, but on others (GitHub Pages) the redirect page there is downloaded "
                                      "instead of shown; drop the alias if the site is on such a host")]
        return [error(where, 0, f"has {shown}, so hosts would serve /{rel} as application/octet-stream (a download "
                                "the browser cannot show); give it the usual extension for its kind, like .pdf or .png")]
    if facts is not None and not facts.starts_html:
        return [error(where, 0, f"is served as {SERVED_AS[ext]}, but does not start like an HTML page")]
    if data is None:
        return []  # a static file (its extension decides, its bytes are the editor's), or a page known by its facts
    if ext in _MAGIC and not data.startswith(_MAGIC[ext]):
        return [error(where, 0, f"is served as {SERVED_AS[ext]} because of its name, but its content is not {ext[1:].upper()}")]
    if ext in _TEXT:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return [error(where, 0, f"is served as {SERVED_AS[ext]} text in UTF-8, but is not valid UTF-8")]
        head = text.lstrip("\ufeff \t\r\n")[:200].lower()
        if ext in (".html", ".htm") and not head.startswith(("<!doctype html", "<html")):
            return [error(where, 0, f"is served as {SERVED_AS[ext]}, but does not start like an HTML page")]
        if ext in (".xml", ".atom", ".rss", ".svg", ".xsl") and not head.startswith("<"):
            return [error(where, 0, f"is served as {SERVED_AS[ext]}, but is not XML")]
    return []


def _sitemap(site: Site, generated: dict[str, bytes | Packed | None], static: set[str], facts: dict[str, PageFacts],
             known: dict) -> list[Problem]:
    found = generated.get("sitemap.xml")
    if found is None:
        return []
    data = plain(found)
    root = site.config.site.root_url
    problems = []
    for url, target in _sitemap_targets(data, root, known):
        if target is None:
            problems.append(error("sitemap.xml", 0, f"lists {url}, which is not below the site's address {root}"))
            continue
        if target not in generated and target not in static:
            problems.append(error("sitemap.xml", 0, f"lists {url}, but the output has no {target}"))
        elif (target in facts and (facts[target].redirect or facts[target].noindex)) or \
                ((page := generated.get(target)) is not None and target.endswith(".html") and (
                _REDIRECT_PAGE.encode() in (text := plain(page)) or _NOINDEX.search(text.decode("utf-8", "replace")))):
            problems.append(error("sitemap.xml", 0, f"lists {url}, but that page asks search engines not to index it"))
    return problems


def _sitemap_targets(data: bytes, root: str, known: dict) -> list[tuple[str, str | None]]:
    """(address, the output file it names, or None when it is not under `root`) of each entry of
    the sitemap; `known` keeps the last answer, for the same bytes and root."""
    last = known.get("sitemap")
    if last is not None and last[0] == root and last[1] == data:
        return last[2]
    found: list[tuple[str, str | None]] = []
    encoded = ascii_address(root)  # (as the sitemap writes it)
    for match in _LOC.finditer(data.decode("utf-8")):
        url = html.unescape(match.group(1).strip())
        rel = url[len(encoded):] if url.startswith(encoded) else None
        found.append((url, None if rel is None else served_file(rel)))
    known["sitemap"] = (root, data, found)
    return found
