"""The machine-readable files: Atom feed, sitemap and robots.txt."""

from __future__ import annotations

import datetime as dt

from .files import ascii_address
from .site import Site
from .state import Remembered

FEED_SIZE = 20


def _escape(text: str) -> str:
    """&, < and > as XML entities (as xml.sax.saxutils.escape, whose import pulls in urllib.request)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _timestamp(day: dt.date, site: Site) -> str:
    """Midnight of `day` in the clinic's time zone, as RFC 3339."""
    moment = dt.datetime.combine(day, dt.time(0), tzinfo=site.config.tz)
    return moment.isoformat()


# The attributes whose address a feed reader resolves: in a feed, against the feed's own address.
_ADDRESSES = {"a": ("href",), "area": ("href",), "img": ("src",), "source": ("src",), "video": ("src", "poster"),
              "audio": ("src",), "track": ("src",)}


def absolute_links(html: str, base: str, root: str, page_url: str) -> str:
    """An article's HTML for a feed: each address into the site (written from `base`, '/clinic/')
    made absolute (from `root`, 'https://host/clinic/'), and each link to an anchor of the article
    ('#signs') made one to that anchor of the article's page (`page_url`): a feed reader resolves
    them against the feed's address, where '#signs' leads nowhere."""
    from . import guards
    from .languages import value_span

    edits = []
    for name, offset, markup in guards.start_tags(html):
        for attribute in _ADDRESSES.get(name, ()):
            span = value_span(markup, attribute)
            if span is None:
                continue
            value = markup[span[0]:span[1]]
            if value.startswith("#"):
                edits.append((offset + span[0], offset + span[1], _escape(page_url).replace('"', "&quot;") + value))
            elif value.startswith(base) and not value.startswith("//"):
                edits.append((offset + span[0], offset + span[0] + len(base), _escape(root).replace('"', "&quot;")))
    pieces, last = [], 0
    for start, end, replacement in edits:
        pieces += [html[last:start], replacement]
        last = end
    return "".join(pieces) + html[last:]


def atom_feed(site: Site, article_url, prefix: str = "", localized=None) -> str:
    """The feed of the site's articles; a further language's (`prefix` 'es/') at /es/feed.xml,
    `localized` making an article's HTML lead to that language's pages as its page does."""
    config = site.config
    root = config.site.root_url + prefix
    articles = site.articles[:FEED_SIZE]
    updated = max((a.meta.updated or a.date for a in articles), default=dt.date(config.site.copyright_start or 2000, 1, 1))
    entries = []
    base, site_root = config.site.base_path, config.site.root_url
    for article in articles:
        url = article_url(article)
        html = localized(article.html) if localized is not None else article.html
        html = absolute_links(html, base, site_root, url)
        author = article.meta.author or config.site.title
        entries.append(
            "  <entry>\n"
            f"    <title>{_escape(article.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{_escape(url)}"/>\n'
            f"    <id>{_escape(url)}</id>\n"
            f"    <published>{_timestamp(article.date, site)}</published>\n"
            f"    <updated>{_timestamp(article.meta.updated or article.date, site)}</updated>\n"
            f"    <author><name>{_escape(author)}</name></author>\n"
            + (f'    <category term="{_escape(article.meta.category)}"/>\n' if article.meta.category else "")
            + f"    <summary>{_escape(article.summary)}</summary>\n"
            f'    <content type="html">{_escape(html)}</content>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_escape(config.site.language)}">\n'
        f"  <title>{_escape(config.site.title)}</title>\n"
        + (f"  <subtitle>{_escape(config.site.description)}</subtitle>\n" if config.site.description else "")
        + f'  <link rel="self" type="application/atom+xml" href="{_escape(root)}feed.xml"/>\n'
        f'  <link rel="alternate" type="text/html" href="{_escape(root)}"/>\n'
        f"  <id>{_escape(root)}</id>\n"
        f"  <updated>{_timestamp(updated, site)}</updated>\n"
        + "".join(entries)
        + "</feed>\n"
    )


def sitemap(entries: list, last: Remembered | None = None) -> str:
    """entries: (absolute url, last modified) for every indexable page; on a site in several
    languages (absolute url, last modified, ((language code, absolute url) of each version, and
    ('x-default', the default language's) where there is one)).

    `last`: the sitemap made last, from its entries, kept by serve (state.BuildState.sitemap)."""
    last = Remembered() if last is None else last
    if last.made_from != entries:  # serve: most saves leave it as it was
        last.made_from, last.value = entries, _sitemap(entries)
    return last.value


def _sitemap(entries: list) -> str:
    rows = []
    several = any(len(entry) > 2 for entry in entries)
    for url, lastmod, *more in sorted(entries):
        mod = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        links = ""
        if more and more[0]:
            alternates = list(more[0])
            links = "".join(f'<xhtml:link rel="alternate" hreflang="{_escape(code)}" href="{_escape(ascii_address(href))}"/>'
                            for code, href in alternates)
        # (the sitemap protocol asks for addresses in ASCII: '/tags/睡眠/' percent-encoded)
        rows.append(f"  <url><loc>{_escape(ascii_address(url))}</loc>{mod}{links}</url>\n")
    xhtml = ' xmlns:xhtml="http://www.w3.org/1999/xhtml"' if several else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{xhtml}>\n'
        + "".join(rows)
        + "</urlset>\n"
    )


def robots(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.config.site.root_url}sitemap.xml\n"
