"""The `new` command's article: a file name (and so an address) no other article has, and its scaffold."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import files, yamlfile
from . import languages as languages_
from .config import MAX_FILE_BYTES, MAX_SLUG, read_text
from .content import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, slugify, split_front_matter

ARTICLES = "content/articles"


def slug_for(title: str) -> str:
    """The title as a web address part, cut at a hyphen to fit; '' when it has no Latin letters or digits."""
    slug = slugify(title)
    if len(slug) > MAX_SLUG:  # a web address part (and a file name) has a limit
        slug = slug[:MAX_SLUG + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG + 1] else slug[:MAX_SLUG]
    return slug


def dated_slug(source: Path, today: dt.date) -> str:
    """For a title without Latin letters: 'article-2026-12-05', or '-2', '-3'... after it when taken."""
    base = f"article-{today.isoformat()}"
    number = 1
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        if not os.path.lexists(source / ARTICLES / f"{slug}.md") and address_user(source, slug) is None:
            return slug
        number += 1


def address_user(source: Path, slug: str) -> str | None:
    """The article (site-relative path) that already has the address /blog/<slug>/, or None.

    An article has it by its file name, in any folder under content/articles (counted whatever its
    front matter says: two articles of one name would confuse anyway), or by `slug:` in its front
    matter. Only the articles whose text holds `slug` at all are read further; one whose front
    matter cannot be read takes no address here (the build says what is wrong with it).
    Translations are not looked at: their addresses are under their language's path."""
    folder = source / ARTICLES
    if not folder.is_dir():
        return None
    paths = [path for path in files.walk(folder, source, []) if path.lower().endswith(".md")]
    originals, _translations = languages_.split(paths, languages_.ANY, source, [])
    for path in originals:
        if Path(path).stem == slug:
            return _shown(path, source)
    for path in originals:
        if _sets_slug(Path(path), slug):
            return _shown(path, source)
    return None


def _shown(path: str, source: Path) -> str:
    return files.shown(Path(path).relative_to(source).as_posix())


def _sets_slug(path: Path, slug: str) -> bool:
    """Whether the front matter of the article at `path` says `slug: <slug>`."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError:
        return False
    if slug.encode() not in raw:  # (most articles: no need to read their front matter)
        return False
    text, problem = read_text(path, path.name, raw=raw)
    if problem is None:
        front, _body, _line, problem = split_front_matter(text, path.name)
    if problem is not None:
        return False
    data, problems = yamlfile.parse(front, path.name, first_line=2)
    return not problems and isinstance(data, dict) and data.get("slug") == slug


def write_article(path: Path, title: str, today: dt.date) -> None:
    """The draft `new` starts: the title, today's date and placeholders the build refuses to publish."""
    title = title.replace("\\", "\\\\").replace('"', '\\"')
    with path.open("x", encoding="utf-8") as file:  # never over a file (or through a link) already there
        file.write(
            "---\n"
            f'title: "{title}"\n'
            f"date: {today.isoformat()}\n"
            f"summary: {PLACEHOLDER_SUMMARY}\n"
            "category: Tips\n"
            "tags: []\n"
            "draft: true          # change to false (or delete this line) to publish\n"
            "---\n"
            f"{PLACEHOLDER_BODY}\n"
        )
