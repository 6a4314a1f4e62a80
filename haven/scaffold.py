"""The `new` command's article: a file name (and so an address) no other article has, and its scaffold."""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from . import catalogue, files, yamlfile
from . import languages as languages_
from .config import CONFIG_FILE, MAX_FILE_BYTES, clinic_today, load_config, read_text
from .content import NEW_ARTICLE_TEXT, fit_slug, name_slug, split_front_matter
from .problems import Problem, errors

ARTICLES = "content/articles"
PAGES = "content/pages"


@dataclass(frozen=True)
class Day:
    """The day `new` dates an article, and what the settings it was read from got wrong."""

    date: dt.date
    zone: str | None  # the clinic's time zone it follows; None: this computer's (the settings do not say)
    config_errors: tuple[Problem, ...]  # site_config.yaml's errors, which build and check stop at
    language: str  # the language of the example text `new` writes (_example_language)


def article_day(source: Path, now: dt.datetime | None = None) -> Day:
    """Today in the clinic's time zone, the day `build` publishes by. With errors elsewhere in
    site_config.yaml, the zone is still read from `clinic.timezone` where the file parses and
    names a valid one; otherwise the day is this computer's. The article is a draft either way,
    so a day off by one harms nothing, but the editor is told (cli._new). The settings are read
    once here for the example text's language too."""
    config, problems = load_config(source)
    if config is not None:
        return Day(config.today(now), config.clinic.timezone, (), _example_language(config.site.language))
    zone = _readable_zone(source)
    tz = zone or dt.datetime.now().astimezone().tzinfo or dt.UTC
    return Day(clinic_today(tz, now), zone.key if zone else None, tuple(errors(problems)),
               _example_language(_readable_setting(source, "site", "language")))


def _example_language(code: object) -> str:
    """The language `new` writes its example text in: that of the theme's words for the site's
    default language (`site.language`; 'zh-Hant' for 'zh-TW'), read as _readable_zone reads the zone
    where site_config.yaml has errors; English where the theme has no words for it, or it cannot be read."""
    found = catalogue.words_language(code) if isinstance(code, str) and code else ""
    return found if found in NEW_ARTICLE_TEXT else catalogue.SOURCE_LANGUAGE


def _readable_setting(source: Path, section: str, key: str) -> object:
    """`section.key` of a site_config.yaml that has errors, if it parses; None otherwise."""
    text, problem = read_text(source / CONFIG_FILE, CONFIG_FILE)
    data, problems = yamlfile.parse(text, CONFIG_FILE) if problem is None else (None, [problem])
    part = data.get(section) if not problems and isinstance(data, dict) else None
    return part.get(key) if isinstance(part, dict) else None


def _readable_zone(source: Path) -> zoneinfo.ZoneInfo | None:
    """clinic.timezone of a site_config.yaml that has errors, if it parses and names a valid zone."""
    zone = _readable_setting(source, "clinic", "timezone")
    try:
        return zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # (as config._timezone)
        return None


def slug_for(title: str) -> str:
    """The title as a web address part, in its own letters as the build makes one from a file name
    ('Sleep & mood' -> 'sleep-mood', '睡眠与情绪' -> '睡眠与情绪'), cut at a hyphen to fit a folder
    name; '' when it has no letters or digits at all."""
    return fit_slug(name_slug(title))


def dated_slug(source: Path, today: dt.date) -> str:
    """For a title without letters or digits (emoji alone): 'article-2026-12-05', or '-2', '-3'... after it when taken."""
    base = f"article-{today.isoformat()}"
    number = 1
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        if not os.path.lexists(source / ARTICLES / f"{slug}.md") and address_user(source, slug) is None:
            return slug
        number += 1


def address_user(source: Path, slug: str) -> str | None:
    """Who already has the address /blog/<slug>/ (the site-relative path, and how), or None.

    An article has it by its file name, in any folder under content/articles (counted whatever its
    front matter says: two articles of one name would confuse anyway), or by `slug:` in its front
    matter; an article or page (or a translation of one) by listing it as an old address in
    `aliases:`, which the build redirects from. Only the files whose text holds `slug` at all are
    read further; one whose front matter cannot be read takes no address here (the build says
    what is wrong with it). Translations' own addresses are under their language's path."""
    articles = _markdown(source, ARTICLES)
    originals, _translations = languages_.split(articles, languages_.ANY, source, [])
    for path in originals:
        if Path(path).stem == slug:
            return _shown(path, source)
    for path in originals:
        if (front := _front_matter(Path(path), slug)) is not None and front.get("slug") == slug:
            return _shown(path, source)
    for path in articles + _markdown(source, PAGES):
        if (front := _front_matter(Path(path), slug)) is not None and _redirects_from(front, slug):
            return f"{_shown(path, source)} (as an old address in its 'aliases')"
    return None


def _markdown(source: Path, folder: str) -> list[str]:
    """The Markdown files under `folder` of the site (translations too), sorted."""
    if not (source / folder).is_dir():
        return []
    return [path for path in files.walk(source / folder, source, []) if path.lower().endswith(".md")]


def _redirects_from(front: dict, slug: str) -> bool:
    """Whether an alias in this front matter is /blog/<slug>/ (or /blog/<slug>, or .../index.html:
    the build makes the same redirect file of each)."""
    aliases = front.get("aliases")
    if not isinstance(aliases, list):
        return False
    return any(isinstance(alias, str) and alias.strip("/").removesuffix("/index.html") == f"blog/{slug}"
               for alias in aliases)


def _shown(path: str, source: Path) -> str:
    return files.shown(Path(path).relative_to(source).as_posix())


def _front_matter(path: Path, slug: str) -> dict | None:
    """The front matter of the file at `path`, if its text holds `slug` and it can be read."""
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if slug.encode() not in raw:  # (most files: no need to read their front matter)
        return None
    text, problem = read_text(path, path.name, raw=raw)
    if problem is None:
        front, _body, _line, problem = split_front_matter(text, path.name)
    if problem is not None:
        return None
    data, problems = yamlfile.parse(front, path.name, first_line=2)
    return data if not problems and isinstance(data, dict) else None


def write_article(path: Path, title: str, today: dt.date, language: str = catalogue.SOURCE_LANGUAGE) -> None:
    """The draft `new` starts: the title, today's date and placeholders the build refuses to publish,
    their prose in `language` (a key of NEW_ARTICLE_TEXT: Day.language); the keys stay English."""
    title = title.replace("\\", "\\\\").replace('"', '\\"')
    text = NEW_ARTICLE_TEXT[language]
    with path.open("x", encoding="utf-8") as file:  # never over a file (or through a link) already there
        file.write(
            "---\n"
            f'title: "{title}"\n'
            f"date: {today.isoformat()}\n"
            f"summary: {text.summary}\n"
            f"category: {text.category}\n"
            "tags: []\n"
            f"draft: true          # {text.draft_note}\n"
            "---\n"
            f"{text.body}\n"
        )
