"""Clinicians and services: documents of content/clinicians/ and content/services/, loaded like pages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar

from .config import Config, _language
from .content import Document, Name, Slug, _files, _load_document
from .files import in_other_capitals
from .languages import preferred_code, written_in
from .markup import Converter
from .problems import Problem, error, warning
from .schema import Check, option

Language = Annotated[str, Check(_language)]


def _site_file(value: str) -> str | None:
    if not value.startswith("/") or value.startswith("//") or ".." in value.split("/"):
        return f"must be a file under static/ written from the site's root, like /images/team/dana.jpg, got '{value}'"
    return None


@dataclass(frozen=True)
class ClinicianMeta:
    """A clinician's front matter, read and checked."""

    name: str = option(help="The clinician's name.", example="Dana Reyes")
    role: str = option(help="What they do, e.g. Psychotherapist.", example="Psychotherapist")
    credentials: str | None = option(None, "Shown after the name, e.g. LCSW.")
    photo: Annotated[str, Check(_site_file)] | None = option(None, "A photo: a file under static/, e.g. /images/team/dana.jpg.")
    photo_alt: str | None = option(None, "What the photo shows; required with 'photo'.")
    languages: tuple[Language, ...] = option((), "Languages spoken with clients, as codes: [en, es].")
    locations: tuple[str, ...] = option((), "Ids of the locations where they see clients.")
    specialties: tuple[Name, ...] = option((), "What they help with, e.g. [Anxiety, Trauma].")
    accepting_new_clients: bool = option(False, "Whether they take new clients.")
    telehealth: bool = option(False, "Whether they offer video sessions.")
    order: int | None = option(None, "Position in the team list; then by name.", example="10")
    summary: str | None = option(None, "One sentence for the team list and search results.")
    placeholder: bool = option(False, "A fictional profile to replace (the build warns while it remains).")
    needs_review: bool = option(False, "A translation still awaiting review by a qualified translator.")

    # What the document loader reads of every kind of front matter.
    @property
    def title(self) -> str:
        return self.name

    slug: ClassVar[None] = None
    aliases: ClassVar[tuple] = ()


@dataclass(frozen=True)
class Question:
    """A question a service's page answers."""

    q: str = option(help="The question.", example="How long is a visit?")
    a: str = option(help="The answer (Markdown).", example="About 30 minutes.")


@dataclass(frozen=True)
class ServiceMeta:
    """A service's front matter, read and checked."""

    title: str = option(help="The service's name.", example="Medication management")
    summary: str = option(help="One or two sentences for lists and the home page.", example="A psychiatric provider helps you decide.")
    order: int | None = option(None, "Position in lists; then by title.", example="2")
    faq: tuple[Question, ...] = option((), "Questions and answers: - {q: ..., a: ...}.")
    slug: Slug | None = option(None, "Address of the page; defaults to the file name.")
    needs_review: bool = option(False, "A translation still awaiting review by a qualified translator.")

    aliases: ClassVar[tuple] = ()


@dataclass(frozen=True)
class Clinician(Document):
    """A clinician's profile: their file, front matter and biography."""

    meta: ClinicianMeta = None  # type: ignore[assignment]
    body_required: ClassVar[bool] = False  # a biography is welcome, not required

    @property
    def id(self) -> str:
        return self.slug

    @property
    def heading(self) -> str:
        """'Dana Reyes, LCSW'."""
        return f"{self.meta.name}, {self.meta.credentials}" if self.meta.credentials else self.meta.name


@dataclass(frozen=True)
class Service(Document):
    """A service's page: its file, front matter and description."""

    meta: ServiceMeta = None  # type: ignore[assignment]
    body_required: ClassVar[bool] = False


def load_people(source: Path, converter: Converter, codes: tuple[str, ...] = (), default: str = "") -> tuple[
        tuple[Clinician, ...], tuple[Service, ...], dict[str, tuple[tuple[Clinician, ...], tuple[Service, ...]]], list[Problem]]:
    """Every clinician and service, validated on its own; ordered as lists show them. With further
    languages (`codes`), also their translations beside them (`<id>.<code>.md`), by language, what
    they leave out marked as being in `default`, the originals' language."""
    from . import languages as languages_
    from .content import _translated_documents

    problems: list[Problem] = []
    kinds = []
    for folder, meta_cls, doc_cls in (("clinicians", ClinicianMeta, Clinician), ("services", ServiceMeta, Service)):
        paths = _files(source / "content" / folder, ".md", source, problems)
        originals, translated = languages_.split(paths, codes, source, problems) if codes else (paths, [])
        docs = [doc for path in originals
                if (doc := _load_document(Path(path), source, meta_cls, doc_cls, converter, False, problems))]
        loaded = [doc for item in translated
                  if (doc := _load_document(Path(item.path), source, meta_cls, doc_cls, converter, False, problems,
                                            translation=True))]
        if folder == "services":  # (before the translations are matched: a dropped duplicate has none)
            docs = _unique(docs, "/services/{}/", problems)
        kinds.append((docs, translated, loaded))
    (clinicians, _, _), (services, _, _) = kinds
    by_language = {}
    for code in codes:
        found = [_translated_documents(source, docs, translated, loaded, code, lang=default) for docs, translated, loaded in kinds]
        by_language[code] = (_clinician_order(found[0]), _service_order(found[1]))
    return _clinician_order(clinicians), _service_order(services), by_language, problems


def alphabetical(name: str) -> str:
    """Alphabetical as a reader expects it: 'Árabe' with the A's, not after 'Tagalo'."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def _clinician_order(clinicians) -> tuple[Clinician, ...]:
    return tuple(sorted(clinicians, key=lambda c: (c.meta.order is None, c.meta.order or 0, alphabetical(c.meta.name), c.slug)))


def _service_order(services) -> tuple[Service, ...]:
    return tuple(sorted(services, key=lambda s: (s.meta.order is None, s.meta.order or 0, alphabetical(s.title), s.slug)))


def _unique(items: list, pattern: str, problems: list[Problem]) -> list:
    seen: dict[str, str] = {}
    kept = []
    for item in items:
        if item.slug in seen:
            problems.append(error(item.source, item.key_line("slug"), f"has the address {pattern.format(item.slug)}, which "
                                                                       f"{seen[item.slug]} already uses; give one of them another 'slug:'"))
            continue
        seen[item.slug] = item.source
        kept.append(item)
    return kept


def check_people(config: Config, clinicians, static_files) -> list[Problem]:
    """What a clinician's front matter names must exist: locations, the photo, the languages.
    A translation's own front matter is held to the same rules, at its own lines; what it leaves
    out is its original's, and checked there."""
    problems: list[Problem] = []
    ids = [loc.id for loc in config.locations]
    published = {"/" + rel for rel, _ in static_files}
    for person in clinicians:
        meta = person.meta
        if written_in(person, "locations"):
            for index, loc in enumerate(meta.locations, start=1):
                if loc not in ids:
                    known = ", ".join(ids) or "none yet: add 'locations' to site_config.yaml"
                    problems.append(error(person.source, person.key_line(f"locations[{index}]") or person.key_line("locations"),
                                          f"location '{loc}' is not in site_config.yaml's 'locations' (ids: {known}); use one of those ids"))
        if written_in(person, "languages"):
            for index, code in enumerate(meta.languages, start=1):
                line = person.key_line(f"languages[{index}]") or person.key_line("languages")
                better = preferred_code(code)
                if better is not None:  # ('eng' showed as "English (United States)", and apart from 'en' in the filter)
                    problems.append(error(person.source, line, other_spelling(code, better)))
                elif language_name(code, "en") is None:
                    problems.append(error(person.source, line,
                                          f"'{code}' is not a language code known to the CLDR; write codes like en, es, zh-Hans, yue"))
        problems += _photo_problems(person, published)
        if meta.placeholder and written_in(person, "placeholder"):
            problems.append(warning(person.source, person.key_line("placeholder"),
                                    f"'{meta.name}' is a placeholder profile (placeholder: true); replace it with a real "
                                    "clinician, or delete the file"))
    return problems


def _photo_problems(person, published: set[str]) -> list[Problem]:
    """A photo must be a file of static/ with its alt text. A translation that gives its own photo
    gives its own alt text too: the original's describes another picture, in another language."""
    meta = person.meta
    if not meta.photo or not (written_in(person, "photo") or written_in(person, "photo_alt")):
        return []
    problems = []
    if written_in(person, "photo") and meta.photo not in published:
        other = in_other_capitals(meta.photo.lstrip("/"), (name.lstrip("/") for name in published))
        problems.append(error(person.source, person.key_line("photo"), f"photo '{meta.photo}' {other}" if other else
                              f"photo '{meta.photo}' is not a file of static/; put the photo at static{meta.photo}, "
                              "or fix the address"))
    alt = meta.photo_alt if written_in(person, "photo_alt") else None
    if not (alt or "").strip():
        problems.append(error(person.source, person.key_line("photo") or person.key_line("photo_alt"),
                              "has a photo but no 'photo_alt'; describe the photo for people who cannot see it, "
                              f"e.g. photo_alt: {meta.name} smiling in the office"))
    return problems


def other_spelling(code: str, better: str) -> str:
    """The message for a language code written another way than the usual one ('eng' for 'en')."""
    return f"'{code}' is another way of writing the language code '{better}'; write {better}, the code every page uses"


def language_name(code: str, in_language: str, capital: bool = True) -> str | None:
    """The name of the language `code` in the language `in_language` (CLDR), or None if unknown.

    CLDR's list of language names comes first: it knows languages that have no locale data of
    their own (Hmong, American Sign Language), and 'tl' as Tagalog rather than as Filipino."""
    from babel import Locale, UnknownLocaleError  # (here: only clinicians with languages need it)

    try:
        shown = Locale.parse(in_language, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        shown = Locale("en")
    names = shown.languages
    name = names.get(code.replace("-", "_"))
    if name is None:
        try:
            name = Locale.parse(code, sep="-").get_display_name(shown)
        except (UnknownLocaleError, ValueError, TypeError):
            name = None
    return name[:1].upper() + name[1:] if name and capital else name


def autonym(code: str) -> str | None:
    """The language's name in itself: 'Español' for es."""
    return language_name(code, code)
