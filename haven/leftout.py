"""The addresses that files left out of a build for their errors would have had.

A file that cannot be loaded (a date written 2026-1-5, a translation whose original is gone) is
left out of the run, but every other page is still rendered and its links checked. A link that
leads to where the left-out file would be published is held back instead of being reported as
broken: it may well work once the file is fixed. Its address is its `slug:` where its front matter
can still be read (content.written_slug), else its file name."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from .content import name_slug, written_slug
from .problems import Problem, errors

EVERYTHING = ("",)  # every output file starts with it: no link is checked

# content/<folder>/ -> the addresses (below a language's path) one of its files makes from its
# name, and those of the pages listing it, which may lack an entry or a page without it
# (a tag only the left-out article has). "{}" is the file's name, or its `slug:` (_SLUGGED).
_ADDRESSES = {
    "articles": ("blog/{}/", "blog/index.html", "blog/page/", "blog/category/", "tags/", "feed.xml"),
    "pages": ("{}/",),
    "checklists": ("self-assessment/{}/",),
    "clinicians": ("team/{}/", "team/index.html"),
    "services": ("services/{}/", "services/index.html"),
}
_SLUGGED = frozenset(("articles", "pages", "services"))  # (a clinician's address is always their file's name)

SlugOf = Callable[[str], "str | None"]  # a site-relative path -> the `slug:` its file gives, if it can tell


def held_back(problems: list[Problem], kept: set[str], languages: dict[str, str],
              source: Path | None = None) -> tuple[str, ...]:
    """The beginnings of the output files ('blog/z/', 'es/blog/z/', 'tags/'...) that links are not
    checked against: those of each file with an error that is not among the `kept` documents
    (`languages`: each language's code -> its path, '' or 'es/'...; `source`: the site folder,
    whose files' `slug:` is read, when given). An error in any other file (the config, a
    template) may leave out anything: then every link waits for the next run."""
    def slug_of(rel: str) -> str | None:
        return written_slug(source / rel, rel) if source is not None else None

    held: set[str] = set()
    for problem in errors(problems):
        if problem.path in kept:
            continue
        found = _addresses(problem.path, languages, slug_of)
        if found is None:
            return EVERYTHING
        prefixes, addresses = found
        held.update(prefix + address for prefix in prefixes for address in addresses)
    return tuple(sorted(held))


def _addresses(path: str, languages: dict[str, str],
               slug_of: SlugOf = lambda rel: None) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The paths of the languages where the file at `path` (site-relative) would be, with the
    addresses below them it would make or change; None when its path cannot tell. A static file
    is published as it is. A content file's name gives its address; an original's is in every
    language (its translations are left out with it), a translation's ('sleep.es.md') in its own:
    the link to the original's address, renamed away, is a broken link to report. A `slug:` is
    read by `slug_of` (a translation without one has its original's); where none can be read, a
    name the build asks to rename ('Sleep.md') is taken as renamed."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 2 and parts[0] == "static":
        return ("",), (PurePosixPath(*parts[1:]).as_posix(),)
    if len(parts) != 3 or parts[0] != "content" or parts[1] not in _ADDRESSES:
        return None
    stem = unicodedata.normalize("NFC", PurePosixPath(parts[2]).stem)
    name, _, code = stem.rpartition(".")
    prefixes: tuple[str, ...]
    translation = bool(name) and code in languages
    if translation:
        prefixes, names = (languages[code],), {name}
    else:  # (an original, or a translation into a language the site does not have: anywhere)
        prefixes, names = tuple(languages.values()), {stem, name or stem}
    slug = _slug(parts, name if translation else "", slug_of)
    if slug is not None:
        names = {slug}
    else:
        names |= {name_slug(each) for each in names}
    return prefixes, tuple(address.format(each) for address in _ADDRESSES[parts[1]] for each in sorted(names) if each)


def _slug(parts: tuple[str, ...], original: str, slug_of: SlugOf) -> str | None:
    """The `slug:` of the content file at `parts`, else, for a translation of the file named
    `original`, the original's `slug:`; None when neither can be told."""
    if parts[1] not in _SLUGGED:
        return None
    slug = slug_of(PurePosixPath(*parts).as_posix())
    if slug is None and original:
        slug = slug_of(PurePosixPath(parts[0], parts[1], original + PurePosixPath(parts[2]).suffix).as_posix())
    return slug
