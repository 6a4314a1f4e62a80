"""translations/<code>.yaml: the text of site_config.yaml in a further language, and the theme's
words (`strings:`) a site adds or overrides.

Only text can be translated. Entries of lists are named by their id: locations by id, closures by
date, navigation by address (`navigation: {/blog/: Blog}`), home.services by their title in the
default language. What a file leaves out shows in the default language: one warning per language
says how many texts that is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup, escape

from . import yamlfile
from .catalogue import SOURCE_LANGUAGE, gives, known_words, shipped_languages, theme_words, words_language
from .config import CallToAction, Config, read_text
from .languages import site_languages
from .problems import Problem, error, note, warning
from .schema import _suggest
from .stringchecks import placeholder_mistake, template_words, unknown_word

FOLDER = "translations"

# The text of site_config.yaml that a translation may give: section -> its text keys.
TEXT_KEYS = {
    "site": ("title", "legal_name", "description", "preview_image_alt"),
    "crisis": ("text", "text_message"),
    "home": ("heading", "intro", "image_alt"),
    "cta": ("text", "link_text"),
    "contact": ("intro",),
}
LOCATION_TEXT = ("name", "directions")
SERVICE_TEXT = ("title", "text")
# Keys of the settings that are not text (hours, dates, ids, addresses, numbers): never translated.
NOT_TEXT = ("clinic", "hours", "allowed_hosts")
# Text a translation is counted as missing when the default language has it (titles and legal
# names are often the same in every language: not counted). A picture's description is counted:
# left untranslated, a link preview (og:image:alt) says it in the default language on every page.
COUNTED = {"site": ("description", "preview_image_alt"), "crisis": ("text",), "home": ("heading", "intro", "image_alt"),
           "cta": ("text", "link_text"), "contact": ("intro",)}


class Untranslated(str):
    """A text a translation leaves out: the default language's words, shown as they are on a
    page of another language, knowing their own language (templates mark them with it: the
    `lang_attr`, `in_own_lang` and `markdown` filters of render.py)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Untranslated:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # (for copies and pickles)
        return str(self), self.lang

    def __repr__(self) -> str:  # (a text that becomes translated changes what its pages are made from)
        return f"Untranslated({str.__repr__(self)}, {self.lang!r})"


def _fallback(text, lang: str):
    """A text left untranslated, marked with the language it is in (empty texts stay as they are)."""
    return Untranslated(text, lang) if isinstance(text, str) and text and not isinstance(text, Untranslated) else text


class SiteWords:
    """The theme's words in one language (its catalogue), with the site's own `strings:` first.

    `gettext` is what templates call (Jinja's newstyle gettext marks its result safe, so an
    editor's string is escaped here); `text` gives the plain words, for Python-side use."""

    def __init__(self, code: str, catalogue, strings: dict):
        self.code = code
        self.catalogue = catalogue
        self.strings = strings  # msgid -> text, or (a word with a plural) CLDR plural category -> text

    def gettext(self, message: str) -> str:
        value = self.strings.get(message)
        if isinstance(value, dict):
            value = value.get("other")
        if value is not None:
            return escape(value)
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        value = self.strings.get(singular)
        if isinstance(value, dict):
            value = value.get(_plural_category(self.code, n)) or value.get("other")
        if value is not None:
            return escape(value)
        return self.catalogue.ngettext(singular, plural, n)

    def text(self, message: str) -> str:
        """The words for `message`, as plain text (not HTML; a word is a format string, whose %% is a
        percent sign)."""
        found = self.gettext(message)
        return (found.unescape() if isinstance(found, Markup) else str(found)).replace("%%", "%")

    def __repr__(self) -> str:  # (part of what every page of the language is made from: see manifest.site_key)
        return f"SiteWords({self.code!r}, {self.catalogue!r}, {sorted(self.strings.items(), key=repr)!r})"


def _plural_category(code: str, n: int) -> str:
    """CLDR plural category of `n` in language `code` ('one', 'few', 'other'...)."""
    try:
        from babel import Locale

        return Locale.parse(code.replace("-", "_")).plural_form(n)
    except Exception:  # noqa: BLE001 - a language CLDR does not know
        return "one" if n == 1 else "other"


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@dataclass(frozen=True)
class Translation:
    """What translations/<code>.yaml gives one language."""

    code: str
    config: Config  # the settings with their text in this language
    words: SiteWords
    source: str  # the file, site-relative
    text: str = ""  # its text, to point at lines


def load_translation(source: Path, config: Config, code: str, raw_config) -> tuple[Translation, list[Problem]]:
    """The settings of `config` in language `code` from translations/<code>.yaml (which may be
    missing: then every text shows in the default language, with a warning)."""
    rel = f"{FOLDER}/{code}.yaml"
    path = source / rel
    problems: list[Problem] = []
    data = None
    text = ""
    if path.exists() or path.is_symlink():
        text, problem = read_text(path, rel)
        if problem:
            problems.append(problem)
        else:
            data, yaml_problems = yamlfile.parse(text, rel)
            problems += yaml_problems
            if data is not None and not isinstance(data, yamlfile.Map):
                problems.append(error(rel, 1, "must be a group of 'key: value' lines, like site_config.yaml"))
                data = None
    # A file that cannot be read has its error; warnings that it leaves texts out (or that
    # "there is no file yet") would contradict it.
    unread = any(not (p.warning or p.note) for p in problems)
    reader = _Reader(rel, problems)
    localized, missing = _localize(config, data or yamlfile.Map(), reader, raw_config)
    strings = _strings(data or yamlfile.Map(), reader, source)
    if isinstance(data, yamlfile.Map) and data.get("needs_review") is not None:
        flag = str(data.get("needs_review")).strip().lower()
        if flag in ("true", "yes", "on"):
            problems.append(note(rel, data.key_line("needs_review"), "awaits review by a qualified translator "
                                 "(needs_review: true); remove that line once it is reviewed"))
        elif flag not in ("false", "no", "off"):
            problems.append(error(rel, data.key_line("needs_review"), f"'needs_review' must be true or false, got '{flag}'"))
    # Nor when an entry has an error (an id, a date or a key misspelt): its text is there, under
    # a name the config lacks, and "has no translation" would send the editor to write it again.
    # Nor when the file is there under another name (zh.yaml, ES.yaml): its error says to rename it.
    if (missing and not any(not (p.warning or p.note) for p in problems)
            and (path.exists() or path.is_symlink() or code not in _misnamed(source, site_languages(config)))):
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        where = "" if path.exists() or path.is_symlink() else f" (there is no {rel} yet)"
        problems.append(warning(rel, 0, f"{len(missing)} text{'s' if len(missing) != 1 else ''} of site_config.yaml "
                                        f"{'have' if len(missing) != 1 else 'has'} no translation into '{code}'{where}: "
                                        f"{shown}; {'they show' if len(missing) != 1 else 'it shows'} in the default "
                                        f"language on the '{code}' pages. Translate {'them' if len(missing) != 1 else 'it'} "
                                        f"in {rel}"))
    # (es-US takes the theme's es words, zh and zh-Hans-HK its zh-Hans words)
    if not unread and not strings and not words_language(code):
        problems.append(warning(rel, 0, f"the theme has no words in '{code}' (menus, buttons, labels such as "
                                        "\"Skip to main content\"); they show in English until you translate them "
                                        f"under 'strings:' in {rel} (see docs/editing.md)"))
    elif not unread and not words_language(code):
        problems += _words_left_in_english(code, strings, rel, data)
    words = SiteWords(code, theme_words(code), strings)
    localized = theme_defaults(localized, raw_config, words, data)
    return Translation(code, localized, words, rel, text), problems


def _words_left_in_english(code: str, strings: dict, rel: str, data) -> list[Problem]:
    """A language the theme has no words for, whose `strings:` give some of them: how many still show
    in English (once `strings:` has one entry, the warning that the theme has none is gone)."""
    wanted = [word for word in known_words() if _has_letters(word)]  # ("; " and "%(first)s – %(last)s" are any language's)
    left = [word for word in wanted if word not in strings]
    if not left:
        return []
    plain = sorted(left, key=lambda word: ("%" in word or "{" in word, len(word), word))  # (examples an editor knows)
    shown = ", ".join(f'"{word}"' for word in plain[:3]) + (", ..." if len(left) > 3 else "")
    line = data.key_line("strings") if isinstance(data, yamlfile.Map) else 0
    return [warning(rel, line, f"'strings:' gives {len(wanted) - len(left)} of the theme's {len(wanted)} words in "
                               f"'{code}'; the other {len(left)} ({shown}) show in English until you translate them "
                               "here (docs/theme-words.md lists them all)")]


def _has_letters(word: str) -> bool:
    return any(c.isalpha() for c in re.sub(r"%\([^)]*\)[sd]|\{\w+\}", "", word))


def stray_files(source: Path, languages) -> list[Problem]:
    """An error for each file of translations/ that no language reads (it would be ignored
    quietly): one for a language the site does not list, for the default language, named by a
    language's path instead of its code, or ending in .yml."""
    return [problem for problem, _ in _strays(source, languages)]


def _misnamed(source: Path, languages) -> set[str]:
    """The codes of the languages whose file is in translations/ under another name (zh.yaml, ES.yaml)."""
    return {code for _, code in _strays(source, languages) if code}


def _strays(source: Path, languages) -> list[tuple[Problem, str | None]]:
    """stray_files' problems, each with the code of the language the file is to be renamed for, if any."""
    folder = source / FOLDER
    if not folder.is_dir():
        return []
    default, codes = languages[0].code, [language.code for language in languages[1:]]
    by_path = {language.prefix.rstrip("/").lower(): language.code for language in languages[1:]}
    listed = ", ".join(codes) or "none"
    problems: list[tuple[Problem, str | None]] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        name, suffix = path.stem, path.suffix
        if path.name.startswith(".") or suffix not in (".yaml", ".yml") or (suffix == ".yaml" and name in codes):
            continue
        rel = f"{FOLDER}/{path.name}"
        if name == default:
            problems.append((error(rel, 0, f"gives texts in '{name}', the site's default language, whose texts are "
                                           "site_config.yaml itself, so this file is not read; write them in "
                                           "site_config.yaml and delete this file"), None))
            continue
        code = name if name in codes else by_path.get(name.lower()) or _near(name, codes)
        if code is None:
            problems.append((error(rel, 0, f"gives texts in '{name}', a language that site.languages in "
                                           f"site_config.yaml does not list (languages: {listed}), so this file is not "
                                           f"read; add {{code: {name}, name: ...}} there, or rename the file"), None))
            continue
        if name == code:
            why = "a translations file ends in .yaml"
        elif by_path.get(name) == code and name.lower() != code.lower():  # ('ES' is the code in capitals, no path)
            why = f"'{name}' is the path of the pages in '{code}' (/{name}/), not the language's code"
        else:
            why = f"'{name}' is not the code of a language of the site (languages: {listed})"
        problems.append((error(rel, 0, f"is not read: {why}; rename it to {FOLDER}/{code}.yaml"), code))
    return problems


def _near(name: str, codes: list[str]) -> str | None:
    """The listed code that a file name misspells ('zh-hans', 'zh_Hans', 'es-us'), if one is close."""
    folded = {code.lower().replace("_", "-"): code for code in codes}
    if name.lower().replace("_", "-") in folded:
        return folded[name.lower().replace("_", "-")]
    import difflib  # (here: only a misspelling needs it)

    match = difflib.get_close_matches(name.lower(), folded, n=1, cutoff=0.75)
    return folded[match[0]] if match else None


def theme_defaults(config: Config, raw_config, words: SiteWords, data=None) -> Config:
    """Settings the site leaves to their defaults (the call to action's words) in the theme's words
    of `words`' language: every language's, the default one's too (a site in Spanish asks its
    question in Spanish). `data`: a further language's translations/<code>.yaml, whose own text
    of a setting is kept as site_config.yaml's is."""
    raw = raw_config.get("cta") if isinstance(raw_config, yamlfile.Map) else None
    given = data.get("cta") if isinstance(data, yamlfile.Map) else None
    defaults = {f.name: f.default for f in dataclasses.fields(CallToAction)}
    changes = {key: _theme_word(words, str(defaults[key])) for key in ("text", "link_text")
               if not (isinstance(raw, yamlfile.Map) and key in raw) and not (isinstance(given, yamlfile.Map) and key in given)}
    return replace(config, cta=replace(config.cta, **changes)) if changes else config


def _theme_word(words: SiteWords, message: str) -> str:
    """`message` in the language of `words`, as plain text (see english_marked)."""
    return english_marked(words, message, words.text(message), words.code)


def english_marked(words, message: str, text: str, lang: str) -> str:
    """`text`, the words of `words` for the theme word `message` on a page in `lang`; left in
    English (a language the theme does not ship, and the site's `strings:` do not give it), marked
    as English, as other untranslated text is (templates give it its `lang` with `lang_attr` or
    `in_own_lang`)."""
    english = lang.split("-")[0].lower() == SOURCE_LANGUAGE
    return text if english or gives(words, message) else _fallback(text, SOURCE_LANGUAGE)


@dataclass
class _Reader:
    """Reads one translations file, keeping where each value was written."""

    path: str
    problems: list[Problem]

    def fail(self, line: int, message: str) -> None:
        self.problems.append(error(self.path, line, message))


def _text(value, reader: _Reader, name: str, line: int) -> str | None:
    if isinstance(value, (yamlfile.Map, yamlfile.Seq)) or value is None:
        reader.fail(line, f"'{name}' must be text (a translation of the setting), not "
                          f"{'a list' if isinstance(value, yamlfile.Seq) else 'a group of keys' if value is not None else 'empty'}")
        return None
    if not str(value).strip():
        reader.fail(line, f"'{name}' is blank; write its translation, or remove the line to show the default language's text")
        return None
    return str(value)


def _localize(config: Config, data, reader: _Reader, raw_config) -> tuple[Config, list[str]]:
    """The config with the translated text; the names of untranslated texts."""
    missing: list[str] = []
    changes: dict = {}
    lang = config.site.language  # the language of what is left untranslated
    fields = {f.name for f in dataclasses.fields(Config)}
    for key in data:
        if key in TEXT_KEYS or key in ("strings", "needs_review", "navigation", "footer_navigation", "locations", "closures"):
            continue
        if key in fields:
            reader.fail(data.key_line(key), f"'{key}' cannot be translated: only text can (hours, dates, ids, addresses "
                                            "and phone numbers are the same in every language); remove it")
        else:
            hint = _suggest(key, (*TEXT_KEYS, "navigation", "footer_navigation", "locations", "closures", "strings"))
            reader.fail(data.key_line(key), f"unknown key '{key}'" + (hint if "did you mean" in hint else
                                            "; a translations file has the text keys of site_config.yaml (site, "
                                            "crisis, home, cta, contact, navigation, footer_navigation, locations, "
                                            "closures) and 'strings'"))
    raw_sections = {name: (raw_config.get(name) if hasattr(raw_config, "get") else None) for name in TEXT_KEYS}
    for section, keys in TEXT_KEYS.items():
        current = getattr(config, section)
        given = data.get(section)
        updates: dict = {}
        if given is not None and not isinstance(given, yamlfile.Map):
            reader.fail(data.key_line(section), f"'{section}' must be a group of 'key: text' lines")
            given = None
        for key in (given or {}):
            full = f"{section}.{key}"
            line = given.key_line(key)
            if key == "services" and section == "home":
                updates["services"] = _services(current.services, given[key], reader, line, missing, lang)
                continue
            if key not in keys:
                known = {f.name for f in dataclasses.fields(type(current))}
                why = "cannot be translated: only text can" if key in known else "is not a text setting here"
                reader.fail(line, f"'{full}' {why}; the text keys of '{section}' are {', '.join(keys)}")
                continue
            value = _text(given[key], reader, full, line)
            if value is not None:
                updates[key] = value
        raw = raw_sections.get(section)
        for key in COUNTED.get(section, ()):
            written = raw is not None and hasattr(raw, "get") and raw.get(key) is not None
            if getattr(current, key) and key not in updates and written:
                missing.append(f"{section}.{key}")
                updates[key] = _fallback(getattr(current, key), lang)
        if section == "home" and "services" not in updates:
            missing += [f"home.services[{i}]" for i, _ in enumerate(current.services, start=1)]
            updates["services"] = tuple(replace(s, title=_fallback(s.title, lang), text=_fallback(s.text, lang))
                                        for s in current.services)
        if updates:
            changes[section] = replace(current, **updates)
    for key in ("navigation", "footer_navigation"):
        items = getattr(config, key)
        titles = _by_key(data, key, {item.url: item for item in items}, "address", reader)
        changes[key] = tuple(replace(item, title=titles.get(item.url) or _fallback(item.title, lang)) for item in items)
        missing += [f"{key} '{item.url}'" for item in items if item.url not in titles]
    locations = _by_key(data, "locations", {loc.id: loc for loc in config.locations}, "id", reader, LOCATION_TEXT)
    changes["locations"] = tuple(replace(loc, **({key: _fallback(getattr(loc, key), lang) for key in LOCATION_TEXT}
                                                 | locations.get(loc.id, {}))) for loc in config.locations)
    for loc in config.locations:
        missing += [f"locations.{loc.id}.{key}" for key in LOCATION_TEXT
                    if getattr(loc, key) and key not in locations.get(loc.id, {})]
    labels = _by_key(data, "closures", {c.date.isoformat(): c for c in config.closures}, "date", reader)
    changes["closures"] = tuple(replace(c, label=labels.get(c.date.isoformat()) or _fallback(c.label, lang))
                                for c in config.closures)
    dates = dict.fromkeys(c.date.isoformat() for c in config.closures)  # (one translation per date: see config)
    missing += [f"closures.{date}" for date in dates if date not in labels]
    return replace(config, **changes), missing


def _by_key(data, key: str, known: dict, what: str, reader: _Reader, fields: tuple[str, ...] = ()) -> dict:
    """Entries of a list setting, named by their id (or date, or address): id -> text, or id ->
    {field: text} when `fields` are given."""
    given = data.get(key)
    if given is None:
        return {}
    if not isinstance(given, yamlfile.Map):
        example = {"locations": "{sunset-park: {name: ...}}", "closures": "{2026-12-25: ...}",
                   "navigation": "{/blog/: ...}", "footer_navigation": "{/privacy/: ...}"}[key]
        reader.fail(data.key_line(key), f"'{key}' must name each entry by its {what}, like {key}: {example}")
        return {}
    found: dict = {}
    for name, value in given.items():
        name = name.isoformat() if isinstance(name, dt.date) else str(name)
        line = given.key_line(name) if name in given.key_lines else given.line
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            kinds = "addresses" if what == "address" else f"{what}s"
            reader.fail(line, f"'{key}' has no entry with the {what} '{name}' in site_config.yaml ({kinds}: {listed}); "
                              f"use one of those")
            continue
        if not fields:
            text = _text(value, reader, f"{key}.{name}", line)
            if text is not None:
                found[name] = text
            continue
        if not isinstance(value, yamlfile.Map):
            reader.fail(line, f"'{key}.{name}' must be a group of text keys ({', '.join(fields)})")
            continue
        entry = {}
        for field, text in value.items():
            where = value.key_line(field)
            if field not in fields:
                reader.fail(where, f"'{key}.{name}.{field}' cannot be translated: only {', '.join(fields)} can")
                continue
            checked = _text(text, reader, f"{key}.{name}.{field}", where)
            if checked is not None:
                entry[str(field)] = checked
        found[name] = entry
    return found


def _services(services, given, reader: _Reader, line: int, missing: list[str], lang: str):
    """home.services, named by their title in the default language: {Psychiatric evaluation: {title: ..., text: ...}}."""
    if not isinstance(given, yamlfile.Map):
        reader.fail(line, "'home.services' must name each service by its title in site_config.yaml, like "
                          "services: {Psychiatric evaluation: {title: ..., text: ...}}")
        return services
    by_title = {service.title: service for service in services}
    texts = _by_key(yamlfile_map({"services": given}, line), "services", by_title, "title", reader, SERVICE_TEXT)
    for index, service in enumerate(services, start=1):
        missing += [f"home.services[{index}].{key}" for key in SERVICE_TEXT if key not in texts.get(service.title, {})]
    return tuple(replace(service, **({key: _fallback(getattr(service, key), lang) for key in SERVICE_TEXT}
                                     | texts.get(service.title, {}))) for service in services)


def yamlfile_map(values: dict, line: int) -> yamlfile.Map:
    made = yamlfile.Map(values)
    made.line, made.key_lines = line, dict.fromkeys(values, line)
    return made


def _strings(data, reader: _Reader, source: Path) -> dict:
    """The theme's words the site gives (`strings:`): English words -> text, or (a word with a
    plural) CLDR plural category -> text. A text whose placeholders are not the English words'
    is an error and left out (the theme's own words show instead of a sentence without its date);
    a key that is no theme word, nor a word of the site's templates, is a warning."""
    given = data.get("strings")
    if given is None:
        return {}
    if not isinstance(given, yamlfile.Map):
        reader.fail(data.key_line("strings"), "'strings' must be a group of lines '\"English words\": translation'")
        return {}
    found: dict = {}
    known = _KnownWords(source)
    for key, value in given.items():
        line = given.key_line(key)
        if isinstance(value, yamlfile.Map):  # a word with a plural: {one: ..., other: ...}
            forms = {}
            for category, text in value.items():
                if category not in PLURAL_CATEGORIES:
                    reader.fail(value.key_line(category), f"'strings.{key}.{category}' is not a plural category; "
                                                          f"use {', '.join(PLURAL_CATEGORIES)}")
                    continue
                checked = _word(key, text, reader, value.key_line(category), str(category))
                if checked is not None:
                    forms[str(category)] = checked
            if forms:
                found[str(key)] = forms
        else:
            text = _word(key, value, reader, line)
            if text is not None:
                found[str(key)] = text
        unknown = unknown_word(key, known)
        if unknown:
            reader.problems.append(warning(reader.path, line, unknown))
    return found


def _word(key, value, reader: _Reader, line: int, form: str = "") -> str | None:
    """One text of `strings:` (of its plural `form`, when given), or None when it is no text or
    does not keep the English words' placeholders (each with its error)."""
    text = _text(value, reader, f"strings.{key}.{form}" if form else f"strings.{key}", line)
    mistake = placeholder_mistake(str(key), text, form) if text is not None else None
    if mistake:
        reader.fail(line, mistake)
        return None
    return text


class _KnownWords:
    """The keys `strings:` may have: the theme's words, and (looked for only when a key is not
    one of those) the words of the site's own templates."""

    def __init__(self, source: Path):
        self.source = source
        self._site: set[str] | None = None

    def __contains__(self, key) -> bool:
        if key in known_words():
            return True
        if self._site is None:
            self._site = template_words(self.source)
        return key in self._site

    def __iter__(self):
        return iter(sorted({*known_words(), *(self._site or ())}))

    def __len__(self) -> int:
        return len(known_words()) + len(self._site or ())


def default_words_problems(code: str, raw_config) -> list[Problem]:
    """A warning when the theme has no words in the default language: its menus, buttons and
    labels would show in English on every page, under `<html lang>` of another language."""
    if words_language(code):
        return []
    site = raw_config.get("site") if isinstance(raw_config, yamlfile.Map) else None
    line = site.key_line("language") if isinstance(site, yamlfile.Map) else 0
    return [warning("site_config.yaml", line, f"the theme has no words in '{code}' (menus, buttons, labels such as "
                                               "\"Skip to main content\"), so they show in English on every page; "
                                               "the theme has them in " + ", ".join(f"'{c}'" for c in shipped_languages())
                                               + " (see docs/theming.md, \"The theme's words in other languages\", to "
                                               "add a language)")]


def default_words(code: str) -> SiteWords:
    """The default language's words: the theme's catalogue, and translations/<code>.yaml's
    strings are not read (the default language's settings are site_config.yaml itself)."""
    return SiteWords(code, theme_words(code), {})
