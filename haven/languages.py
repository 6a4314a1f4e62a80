"""Languages: translated files beside their originals, and what a page needs to know of the
other languages it exists in (alternates, the switcher, links to the right language).

A translation of `content/<kind>/<name>.md` is `content/<kind>/<name>.<code>.md` (for checklists
`<id>.<code>.yaml`); `split` tells originals from translations for any kind of content (articles,
pages, checklists, and whatever kind is added later: clinicians, services), and `inherit` fills
in what a translation leaves out from its original.
"""

from __future__ import annotations

import dataclasses
import html
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, error

_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Front matter a translation never takes from its original: its own words, and its own addresses.
OWN_KEYS = frozenset({"summary", "slug", "aliases", "needs_review"})


@dataclass(frozen=True)
class Language:
    """One language of the site: its code (BCP 47), its name in itself, and where its pages are
    ('' for the default language, served from the root; 'es/' for one served under /es/)."""

    code: str
    name: str
    prefix: str

    @property
    def default(self) -> bool:
        return self.prefix == ""


def site_languages(config) -> tuple[Language, ...]:
    """The default language first, then the further ones in the order the config lists them."""
    site = config.site
    first = Language(site.language, site.language_name or _own_name(site.language), "")
    return (first, *(Language(spec.code, spec.name, spec.folder + "/") for spec in site.languages))


_RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "pa-arab", "ps", "sd", "ug", "ur", "yi"})


def text_direction(code: str) -> str:
    """'rtl' for a language written right to left (Arabic, Hebrew, Urdu, Yiddish...), else ''."""
    low = code.lower()
    if "-arab" in low or "-hebr" in low:
        return "rtl"
    return "rtl" if low in _RIGHT_TO_LEFT or low.split("-")[0] in _RIGHT_TO_LEFT else ""


def _own_name(code: str) -> str:
    """A language's name in itself (Babel's CLDR data), else its code."""
    try:
        from babel import Locale

        name = Locale.parse(code.replace("-", "_")).get_display_name()
    except Exception:  # noqa: BLE001 - an unknown code: its code is its name
        return code
    return (name[:1].upper() + name[1:]) if name else code


def _known_language(code: str) -> bool:
    try:
        from babel import Locale

        Locale.parse(code.replace("-", "_"))
    except Exception:  # noqa: BLE001
        return False
    return True


ANY = ("*",)


@dataclass(frozen=True)
class Translated:
    """A translation's file, its language and its original's file (full paths)."""

    path: str
    code: str
    original: str


def split(paths: list[str], codes: tuple[str, ...], source: Path, problems: list[Problem]) -> tuple[list[str], list[Translated]]:
    """Originals and translations among `paths` (files of one kind of content).

    `name.es.md` is a translation when 'es' is one of `codes` (in any case); when it is some other
    language's code, or its original is missing, that is an error and the file is left out.
    `codes` ANY: the languages are not known (the config has errors): any language will do."""
    by_lower = {code.lower(): code for code in codes}
    originals, translations = [], []
    names = set(paths)
    for path in paths:
        stem, suffix = os.path.splitext(path)
        base, dot, tail = stem.rpartition(".")
        if not dot or not _CODE.fullmatch(tail) or "/" in tail:
            originals.append(path)
            continue
        rel = Path(path).relative_to(source).as_posix()
        code = by_lower.get(tail.lower()) or (tail if codes == ANY and _known_language(tail) else None)
        if code is None:
            if not _known_language(tail):
                originals.append(path)  # (its name is reported as it always was)
                continue
            listed = ", ".join(codes) if codes else "none yet"
            problems.append(error(rel, 0, f"is a translation into '{tail}', a language that site.languages in "
                                          f"site_config.yaml does not list (languages: {listed}); add "
                                          f"{{code: {tail}, name: ...}} there, or rename the file"))
            continue
        original = base + suffix
        if suffix == ".yml" and original not in names:
            original = base + ".yaml"
        elif suffix == ".yaml" and original not in names:
            original = base + ".yml"
        if original not in names:
            shown = Path(base + suffix).relative_to(source).as_posix()
            problems.append(error(rel, 0, f"translates {shown}, which does not exist; a translation sits beside its "
                                          f"original, named like it with '.{tail}' before the extension"))
            continue
        translations.append(Translated(path, code, original))
    # Two spellings of one code (name.es.md and name.ES.md) would make one page twice.
    seen: dict[tuple[str, str], str] = {}
    kept = []
    for item in translations:
        key = (item.original, item.code)
        if key in seen:
            problems.append(error(Path(item.path).relative_to(source).as_posix(), 0,
                                  f"translates the same file into '{item.code}' as {Path(seen[key]).relative_to(source).as_posix()}; "
                                  "keep one of them"))
            continue
        seen[key] = item.path
        kept.append(item)
    return originals, kept


def inherit(original_meta, translated_meta, given: set[str], own: frozenset[str] = OWN_KEYS):
    """The translation's front matter, with every key it leaves out taken from the original's
    (date, tags, category, photo...), except its own words and addresses (`own`)."""
    taken = {f.name: getattr(original_meta, f.name) for f in dataclasses.fields(original_meta)
             if f.name not in given and f.name not in own and hasattr(translated_meta, f.name)}
    return dataclasses.replace(translated_meta, **taken) if taken else translated_meta


# --- links in a page of a further language ------------------------------------------------

_HREF = re.compile(r'<(a|link)\b([^>]*?)\shref="([^"]*)"([^>]*)>', re.I)


def localize_links(text: str, base: str, prefix: str, here: Mapping[str, str], default: frozenset[str],
                   default_code: str, prefixes: tuple[str, ...]) -> str:
    """A page of the language under `prefix` ('es/'): each link to a page of the site goes to
    that page in the page's language where there is one (`here`: its files), else stays on the
    default language's page (`default`: its files), marked with hreflang. Links that name their
    language already (hreflang) and files that are not pages are left as they are."""

    def one(match: re.Match) -> str:
        tag, attrs, href, rest = match.group(1), match.group(2), match.group(3), match.group(4)
        if "hreflang=" in attrs or "hreflang=" in rest or not href.startswith(base) or href.startswith("//"):
            return match.group(0)
        path = html.unescape(href[len(base):]).partition("#")[0]
        if any(path.startswith(p) for p in prefixes):
            return match.group(0)
        file = path + "index.html" if path == "" or path.endswith("/") else path
        target = here.get(prefix + file)
        if target is not None:
            fragment = href.partition("#")[2]
            return f'<{tag}{attrs} href="{base}{target}{"#" + fragment if fragment else ""}"{rest}>'
        if file in default and tag.lower() == "a":
            return f'<{tag}{attrs} href="{href}" hreflang="{default_code}"{rest}>'
        return match.group(0)

    return _HREF.sub(one, text)
