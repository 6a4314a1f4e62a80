"""JSON-LD for search engines: the clinic, its locations, articles, breadcrumbs.

A translated page's JSON-LD holds only its own language's words: text it shows from its original
(translations.Untranslated: a role, specialties, tags, questions and answers left untranslated)
is left out, as the original's page already says it, in its language, of the same thing.
"""

from __future__ import annotations

import json

from . import spoken
from .config import Config, Location
from .content import Article
from .hours import opening_hours_spec
from .translations import Untranslated


def to_script_json(data, sort_keys: bool = False) -> str:
    """JSON safe to place inside a <script type="application/...json"> block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def organization_id(config: Config) -> str:
    return config.site.root_url + "#organization"


def location_id(config: Config, location: Location) -> str:
    return f"{config.site.root_url}locations/{location.id}/#place"


def organization(config: Config, today, prefix: str = "") -> dict:
    """The clinic and its locations, on the home page of the language under `prefix` ('es/'): each
    `url` is the page in that language; each `@id` is the default language's address, which names
    the clinic (or the location) in every language."""
    site = config.site
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": organization_id(config),
        "name": site.title,
        "legalName": site.legal_name or site.title,
        "url": site.root_url + prefix,
        "description": site.description or None,
        "telephone": config.clinic.phone,
        "email": config.clinic.email,
        "department": [clinic_location(config, loc, today, nested=True, prefix=prefix) for loc in config.locations],
    }
    if not config.locations:
        data["openingHoursSpecification"] = opening_hours_spec(config.hours)
    return _clean(data)


def clinic_location(config: Config, location: Location, today, nested: bool = False, prefix: str = "") -> dict:
    """A location; its `url` is its page in the language under `prefix` (every language has one)."""
    site = config.site
    data = {
        "@type": "MedicalClinic",
        "@id": location_id(config, location),
        "name": f"{site.title} – {location.name}",
        "url": f"{site.root_url}{prefix}locations/{location.id}/",
        "telephone": location.phone or config.clinic.phone,
        "email": location.email or config.clinic.email,
        "address": _clean({
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "addressLocality": location.city,
            "addressRegion": location.region,
            "postalCode": location.postal_code,
            "addressCountry": location.country,
        }),
        "openingHoursSpecification": opening_hours_spec(config.week_for(location)),
        "specialOpeningHoursSpecification": special_hours(config, location, today),
    }
    if not nested:
        data = {"@context": "https://schema.org", **data, "parentOrganization": {"@id": organization_id(config)}}
    return _clean(data)


def special_hours(config: Config, location: Location | None, today) -> list[dict]:
    """Upcoming closures; a day closed all day is 00:00–00:00, as search engines document it."""
    specs = []
    for closure in config.upcoming_closures(location, today):
        day = closure.date.isoformat()
        spans = closure.hours.spans if closure.hours else ()
        for opens, closes in ([(s.opens, s.closes) for s in spans] or [("00:00", "00:00")]):
            specs.append({
                "@type": "OpeningHoursSpecification", "name": closure.label,
                "opens": opens, "closes": closes, "validFrom": day, "validThrough": day,
            })
    return specs


def blog_posting(config: Config, article: Article, url: str, keywords: list[str]) -> dict:
    """An article; `keywords`: its tags, each once (as the page links them)."""
    meta = article.meta
    author = {"@type": "Person", "name": meta.author} if meta.author else {"@id": organization_id(config)}
    return _clean({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": article.summary,
        "datePublished": meta.date.isoformat(),
        "dateModified": (meta.updated or meta.date).isoformat(),
        "author": author,
        "publisher": {"@id": organization_id(config)},
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": config.site.language,
        "articleSection": _own(meta.category),
        "keywords": _own_words(keywords) or None,
        "wordCount": article.word_count,
        "reviewedBy": {"@type": "Person", "name": meta.reviewed_by} if meta.reviewed_by else None,
        "lastReviewed": meta.reviewed_on.isoformat() if meta.reviewed_on else None,
    })


def breadcrumbs(crumbs: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def person(config: Config, clinician, url: str, image: str | None, locations: list[Location], same: str = "") -> dict:
    """A clinician, linked to the clinic and to the locations where they work (their `@id`s);
    `url`: their page in its language; `same`: their page in the default language, whose address
    names them (`@id`) in every language (default: `url`)."""
    meta = clinician.meta
    places = [{"@id": location_id(config, loc)} for loc in locations]
    return _clean({
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": (same or url) + "#person",
        "name": meta.name,
        "honorificSuffix": meta.credentials,
        "jobTitle": _own(meta.role),
        "url": url,
        "image": image,
        "description": clinician.summary or None,
        "knowsLanguage": spoken.tags(meta.languages) or None,
        "knowsAbout": _own_words(meta.specialties) or None,
        "worksFor": {"@id": organization_id(config)},
        "workLocation": places or None,
    })


def _own(text):
    """`text`, unless it is left in another language than the page's (then None: left out)."""
    return None if isinstance(text, Untranslated) else text


def _own_words(texts) -> list:
    return [text for text in texts if not isinstance(text, Untranslated)]


def faq_page(questions: list[tuple[str, str]], url: str) -> dict:
    """A service's questions and answers (answers as plain text)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in questions
        ],
    }
