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

from markupsafe import escape as _escape

from .files import served_file
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


# Where a script is written most, for a tag that names its script and no region (Open Graph's
# locales name a territory: zh_CN, zh_TW).
_SCRIPT_REGION = {"hans": "CN", "hant": "TW"}


def og_locale(code: str, country: str) -> str:
    """Open Graph's locale of a page in `code`, language_TERRITORY: the tag's own region where it
    names one ('pt-BR' -> 'pt_BR'), the one its script is written in most ('zh-Hant' -> 'zh_TW'),
    else the clinic's `country` (a Spanish page of a clinic in New York: 'es_US')."""
    language, *rest = code.replace("_", "-").split("-")
    region = next((part.upper() for part in rest if (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit())),
                  None)
    script = next((part.lower() for part in rest if len(part) == 4 and part.isalpha()), "")
    return f"{language.lower()}_{region or _SCRIPT_REGION.get(script) or country.upper()}"


def _own_name(code: str) -> str:
    """A language's name in itself (Babel's CLDR data), else its code."""
    if code == "en":  # (CLDR's name, known without loading Babel and its data: some 30 ms of each build)
        return "English"
    try:
        from babel import Locale

        locale = Locale.parse(code.replace("-", "_"))
        name = locale.get_display_name()
    except Exception:  # noqa: BLE001 - an unknown code: its code is its name
        return code
    if name and locale.language in _FULL_WIDTH:  # CLDR's pattern: Babel writes ' (…)' for every language
        name = re.sub(r" \((.*)\)$", lambda m: "\uff08" + m[1].replace(", ", "\uff0c") + "\uff09", name)
    return (name[:1].upper() + name[1:]) if name else code


# Languages whose CLDR names a variety in full-width brackets (U+FF08, U+FF09) and separates
# its parts with a full-width comma (U+FF0C), as their text writes them.
_FULL_WIDTH = frozenset({"zh", "yue"})


# Codes of a variety of a language that CLDR's aliases fold into the language (catalogue._WRITTEN_IN).
_VARIETIES = frozenset({"cmn", "yue"})


def preferred_code(code: str) -> str | None:
    """The code CLDR writes a language with when `code` is another way of writing it: 'en' for 'eng',
    'es' for 'spa', 'he' for the old 'iw' (what follows the language is kept: 'spa-MX' -> 'es-MX');
    None when `code` is already the usual one. Such a code is understood (CLDR reads 'eng' as
    'en-US'), but it names the language apart from the same language written 'en' elsewhere."""
    from babel import Locale  # (only codes written by editors ask)
    from babel.core import get_global

    first, _, rest = code.partition("-")
    preferred = get_global("language_aliases").get(first.lower())
    # A code CLDR names a language of its own is that language's code, whatever the aliases
    # say: 'tl' is Tagalog (the aliases make it Filipino), 'sh' Serbo-Croatian; and Mandarin,
    # 'cmn', is a variety of Chinese the site tells apart from Cantonese (spoken.py), not 'zh'.
    if not isinstance(preferred, str) or first.lower() in Locale("en").languages or first.lower() in _VARIETIES:
        return None
    return preferred.replace("_", "-") + ("-" + rest if rest else "")


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
        hyphened = tail.replace("_", "-")
        if (dot and "_" in tail and "/" not in tail and _CODE.fullmatch(hyphened)
                and (hyphened.lower() in by_lower or base + suffix in names)):
            # 'name.zh_Hans.md' (the underscore of locale names): not a page of its own named
            # 'name.zh_Hans', which would be told its date is missing, but a misnamed translation.
            right = os.path.basename(f"{base}.{by_lower.get(hyphened.lower(), hyphened)}{suffix}")
            problems.append(error(Path(path).relative_to(source).as_posix(), 0,
                                  f"is named like a translation into '{tail}', but a language code is written with a "
                                  f"hyphen, not an underscore; rename the file to {right}"))
            continue
        if not dot or not _CODE.fullmatch(tail) or "/" in tail:
            originals.append(path)
            continue
        rel = Path(path).relative_to(source).as_posix()
        # With the languages not known, a file beside its original is taken for a translation even
        # in a code CLDR does not know: the config's error about that code ('vn') is the one to read,
        # not 'content/articles/x.vn.md: required key date is missing' as if it were an article.
        beside = codes == ANY and (_known_language(tail) or base + suffix in names)
        code = by_lower.get(tail.lower()) or (tail if beside else None)
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


def written_in(document, key: str) -> bool:
    """Whether front matter `key` is the document's own: always for an original (its defaults
    too), for a translation only when written in its file (what it leaves out comes from its
    original, and is checked there). The checks of a key hold a translation to what it writes."""
    return not getattr(document, "original", "") or any(name == key for name, _ in document.key_lines)


# --- links in a page of a further language ------------------------------------------------

@dataclass(frozen=True)
class Links:
    """What a further language's links lead to: the site's base path, where each page of the
    default language is in each further language (`here`: file -> its address from the base),
    the default language's files and code, and the further languages' folders."""

    base: str
    here: Mapping[str, str]
    default: frozenset[str]
    default_code: str
    prefixes: tuple[str, ...]


def _target(href: str, tag: str, prefix: str, links: Links) -> tuple[bool, str | None]:
    """Whether an <a> or <link> whose href the browser reads as `href` changes on a page under
    `prefix`, and its new address from the base (None: it stays, marked with hreflang)."""
    base = links.base
    if not href.startswith(base) or href.startswith("//"):
        return False, None
    path = href[len(base):].partition("#")[0]
    if any(path.startswith(p) for p in links.prefixes):
        return False, None
    file = served_file(path)
    target = links.here.get(prefix + file)
    return target is not None or (file in links.default and tag == "a"), target


def _new_value(written: str, quote: str, target: str | None, links: Links) -> str:
    """What replaces an href's value `written` (as the page writes it, between its quotes):
    the address in the page's language, its fragment as written; '' when none."""
    if target is None:
        return ""
    if quote:
        return _quoted(links.base + target, quote) + _fragment(written)
    return '"' + _quoted(links.base + target + _fragment(html.unescape(written)), '"') + '"'


def address_in(path: str, prefix: str, links: Links | None) -> str:
    """Where a theme's link to `path` ('blog/', from the base) leads on a page under `prefix`, from
    the base: as link_attribute's href has it (the page in that language where there is one, else
    the default language's); without `links` (a site in one language), `prefix` + `path`."""
    path = str(path).lstrip("/")
    if links is None or not prefix:
        return prefix + path
    wanted, target = _target(links.base + path, "a", prefix, links)
    return target if wanted and target is not None else path


def link_attribute(path: str, prefix: str, links: Links, tag: str = "a") -> str:
    """` href="…"` for a theme's link to `path` (as `url(path)` writes it) on a page under
    `prefix`, written as localize_links would leave it: the page in that language where there is
    one, else the default language's, marked with hreflang."""
    href = links.base + str(path).lstrip("/")
    written = str(_escape(href))
    wanted, target = _target(href, tag, prefix, links)
    if not wanted:
        return f' href="{written}"'
    if target is not None:
        return f' href="{_new_value(written, chr(34), target, links)}"'
    return f' href="{written}" hreflang="{links.default_code}"'


def localize_fragment(text: str, prefix: str, links: Links) -> str | None:
    """`text` (HTML made of an editor's Markdown, shown on a page under `prefix`) with its links
    localized as localize_links would on the whole page, or None when the fragment does not
    leave the browser where it found it (an open comment, raw text, <template>, <svg>, a
    half-written tag...): then only the whole page can tell which of its links are links."""
    wanted = _wanted(text, prefix, links)
    read, whole = _read(text, wanted, end=True)
    return _localized(text, wanted, read, links) if whole else None


def localize_links(text: str, base: str, prefix: str, here: Mapping[str, str], default: frozenset[str],
                   default_code: str, prefixes: tuple[str, ...]) -> str:
    """A page of the language under `prefix` ('es/'): each link to a page of the site goes to
    that page in the page's language where there is one (`here`: its files), else stays on the
    default language's page (`default`: its files), marked with hreflang. Links that name their
    language already (hreflang) and files that are not pages are left as they are.

    The links are the <a> and <link> elements a browser makes of the page (Lexbor, as the guards
    read pages): an href in a comment, a script, JSON-LD or text is no link and stays as written.
    Only the href's value changes (or an hreflang follows it); every other byte stays."""
    links = Links(base, here, default, default_code, prefixes)
    wanted = _wanted(text, prefix, links)
    return _localized(text, wanted, _read(text, wanted)[0], links)


def _wanted(text: str, prefix: str, links: Links) -> list[tuple]:
    """The start tags of `text` whose href, as written, would change: only these need the
    browser's reading. (name, offset, href, the value's span in the tag, new address)"""
    from . import guards

    wanted = []
    for name, offset, markup in guards.start_tags(text):
        if name not in ("a", "link"):
            continue
        span = value_span(markup, "href")
        if span is None:
            continue
        href = html.unescape(markup[span[0]:span[1]])
        change, target = _target(href, name, prefix, links)
        if change:
            wanted.append((name, offset, href, span, target))
    return wanted


def _localized(text: str, wanted: list[tuple], read: list[dict[str, str] | None], links: Links) -> str:
    """`text` with the `wanted` tags that the browser `read` as links pointed at the page's language."""
    edits: list[tuple[int, int, str]] = []
    for (_, offset, href, span, target), attrs in zip(wanted, read, strict=True):
        if attrs is None or attrs.get("href") != href or "hreflang" in attrs:
            continue  # (no link to the browser, read otherwise than the browser reads it, or its language named)
        start, end = offset + span[0], offset + span[1]
        quote = text[start - 1] if text[start - 1] in "\"'" else ""  # (a value may be written without quotes)
        if target is not None:
            edits.append((start, end, _new_value(text[start:end], quote, target, links)))
        else:
            after = end + len(quote)
            edits.append((after, after, f' hreflang="{links.default_code}"'))
    pieces, last = [], 0
    for start, end, replacement in edits:
        pieces += [text[last:start], replacement]
        last = end
    return "".join(pieces) + text[last:]


def _fragment(href: str) -> str:
    fragment = href.partition("#")[2]
    return "#" + fragment if fragment else ""


def _quoted(value: str, quote: str) -> str:
    """`value` for an attribute quoted with `quote`."""
    return value.replace("&", "&amp;").replace(quote, "&quot;" if quote == '"' else "&#39;")


def _read(text: str, tags: list[tuple], end: bool = False) -> tuple[list[dict[str, str] | None], bool]:
    """The attributes the browser gives each of `tags` ((name, offset, ...) start tags of `text`),
    or None for one it makes no element of (read with scripts off, so that <noscript> holds
    markup; template contents included). The parser gives no positions: each tag is marked with
    an attribute of its own, and the elements that carry the mark are the ones.

    `end`: also whether a link after `text` would be read as a link in the page's body, as if
    `text` were not there (for a fragment, localize_fragment); else that is False."""
    from . import guards

    if not tags and not end:
        return [], False
    mark = "data-haven-link"
    while mark in text.lower():  # (attribute names are read in any case)
        mark += "-x"
    parts, last = [], 0
    for number, (name, offset, *_) in enumerate(tags):
        at = offset + 1 + len(name)
        parts += [text[last:at], f' {mark}="{number}"']
        last = at
    parts.append(text[last:])
    if end:
        parts.append(f'<a {mark}="end"></a>')
    tree = guards.parse("".join(parts), scripting=False)
    after = tree.css_first(f'a[{mark}="end"]') if end else None
    whole = after is not None and after.parent is not None and after.parent.tag == "body"
    read: dict[int, dict[str, str]] = {}
    roots = [tree.root]
    while roots:
        root = roots.pop(0)
        if root is None:
            continue
        for node in root.css(f"a[{mark}], link[{mark}]"):
            marked = node.attributes.get(mark) or ""
            if marked.isdigit() and int(marked) not in read:  # (not its clones)
                read[int(marked)] = {k: v or "" for k, v in node.attributes.items() if k != mark}
        roots += root.template_fragments()  # (a <template>'s content is not in the tree)
    return [read.get(number) for number in range(len(tags))], whole


_TAG_NAME = re.compile(r"<[^\t\n\f\r />]*")
# One attribute of a start tag as the HTML tokeniser reads it: a name (which may start with '='),
# then perhaps '=' and a value in double quotes, single quotes or none (up to a space or '>').
_ATTRIBUTE = re.compile(r"""[\t\n\f\r /]*([^\t\n\f\r />][^\t\n\f\r />=]*)"""
                        r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"?|'([^']*)'?|([^\t\n\f\r >]*)))?""")


def value_span(markup: str, wanted: str) -> tuple[int, int] | None:
    """Where the value of the first attribute `wanted` is in a start tag (without its quotes); None
    when it has none."""
    at = _TAG_NAME.match(markup).end()  # type: ignore[union-attr]
    while True:
        match = _ATTRIBUTE.match(markup, at)
        if match is None or match.end() == at:
            return None
        if match.group(1).lower() == wanted:
            value = next((g for g in (2, 3, 4) if match.group(g) is not None), None)
            return match.span(value) if value is not None else None
        at = match.end()
