"""The hosts' own files: `_headers` (security and caching) and `_redirects` (aliases, as 301s).

Netlify and Cloudflare Pages read both from the root of the folder they publish; other hosts
serve them as two small plain files, which is harmless (docs/deploy.md gives their equivalents).
Every path on the left of a rule is relative to that root, the output folder: the sub-path of
base_url is not part of it. Redirect targets are what the browser asks for next, so they are
written with the sub-path, like every link in the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from .site import Site

HEADERS = "_headers"
REDIRECTS = "_redirects"
IMMUTABLE = "public, max-age=31536000, immutable"  # for files whose name carries their hash

# Browser features the site never uses; "()" denies each one to the page and to any frame.
# Only names Chromium knows: an unknown one is reported as an error in the browser's console.
UNUSED_FEATURES = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
    "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection",
    "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
    "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
)

_SAFE_PATH = "/%:@!$&'()*+,;=-._~"  # kept as is when a path is written into _redirects


def host_files(site: Site, article_path: Callable) -> dict[str, bytes]:
    """{'_headers': ..., '_redirects': ...} for the rendered site."""
    return {
        HEADERS: headers_file(site).encode("utf-8"),
        REDIRECTS: redirects_file(site, article_path).encode("utf-8"),
    }


def content_security_policy(site: Site) -> str:
    """A policy the pages satisfy: the site's own files only, nothing inline, no framing."""
    config = site.config
    sources = ["'self'"] + [f"https://{host}" for host in sorted(set(config.allowed_hosts))]
    form_action = ["'self'"]
    if config.contact.form_action:
        form_action.append(origin(config.contact.form_action))
    return "; ".join([
        "default-src " + " ".join(sources),
        "base-uri 'self'",
        "object-src 'none'",
        "form-action " + " ".join(form_action),
        "frame-ancestors 'none'",
    ])


def security_headers(site: Site) -> list[tuple[str, str]]:
    """The headers every response carries, in the order they are written."""
    return [
        ("Content-Security-Policy", content_security_policy(site)),
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES)),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]


def headers_file(site: Site) -> str:
    lines = [
        "# Response headers for Netlify and Cloudflare Pages, written by the generator on every build.",
        "# Paths are relative to the root the output folder is published at. See docs/deploy.md.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(site)]
    for name in sorted(a.published_name for a in site.assets if a.published_name != a.name):
        lines += ["", f"/{name}", f"  Cache-Control: {IMMUTABLE}"]
    if any(rel.lower().endswith((".jpg", ".jpeg", ".png", ".webp")) for rel, _ in site.static_files):
        # The pictures' copies (images.py): each name carries the key of its source's bytes.
        lines += ["", "/assets/img/*", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def aliased(site: Site, article_path: Callable) -> list[tuple]:
    """(document, its address path with its language's folder) of every document of every
    language that has old addresses (only those: a big site has 10,000 others)."""
    return ([(a, view.prefix + article_path(a)) for view in site.all_views for a in view.aliased_articles]
            + [(p, f"{view.prefix}{p.slug}/") for view in site.all_views for p in view.pages if p.aliases])


def redirects(site: Site, article_path: Callable) -> list[tuple[str, str]]:
    """(old path below the output root, new address path) for every alias, sorted.

    An alias without a file extension is listed with and without its final slash, so that
    either spelling of an old link is one redirect away from the page."""
    base = site.config.site.base_path
    found: dict[str, str] = {}
    for doc, target in aliased(site, article_path):
        for alias in doc.aliases:
            rel = alias.strip("/")
            if "." in rel.rsplit("/", 1)[-1]:
                sources = ["/" + rel]
            else:
                sources = [f"/{rel}/", f"/{rel}"] if rel else ["/"]
            for source in sources:
                found.setdefault(source, base + target)
    return sorted(found.items())


def redirects_file(site: Site, article_path: Callable) -> str:
    lines = [
        "# Old addresses (aliases in front matter) and where they moved, written by the generator.",
        "# Netlify and Cloudflare Pages answer these with a 301; other hosts serve the HTML",
        "# redirect page the generator writes at each old address. See docs/deploy.md.",
    ]
    lines += [f"{quote(old, safe=_SAFE_PATH)} {quote(new, safe=_SAFE_PATH)} 301" for old, new in redirects(site, article_path)]
    return "\n".join(lines) + "\n"


def origin(url: str) -> str:
    """'https://forms.example.net/f/abc' -> 'https://forms.example.net' (a CSP source)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
