"""What the team, services and notices templates call (added to render.make_environment's globals)."""

from __future__ import annotations

from . import notices, taglines
from .content import name_slug
from .people import autonym, language_name


def people_globals(site) -> dict:
    """Helpers for the templates; `site` is what templates see (render.Reads)."""
    config = site.config

    def clinicians_at(location_id: str) -> list:
        return [c for c in site.clinicians if location_id in c.meta.locations]

    def language(code: str, page_language: str) -> dict:
        """A language as a page names it: its name in the page's language, and its own name when different."""
        named = language_name(code, page_language) or language_name(code, "en") or code
        own = autonym(code) or named
        return {"code": code, "name": named, "autonym": own if own.casefold() != named.casefold() else None,
                "dir": taglines.direction(code)}

    def team_choices() -> dict:
        """The values the team filter offers: offices in config order, languages and specialties by name."""
        used_locations = {i for c in site.clinicians for i in c.meta.locations}
        specialties: dict[str, str] = {}
        translated = dict(site.slugs)  # (a translated specialty filters as its original's: see site._specialty_slugs)
        for person in site.clinicians:
            for name in person.meta.specialties:
                specialties.setdefault(translated.get(name) or name_slug(name), name)
        return {
            "locations": [loc for loc in config.locations if loc.id in used_locations],
            "languages": sorted({code for c in site.clinicians for code in c.meta.languages}),
            "specialties": sorted(specialties.items(), key=lambda item: item[1].casefold()),
        }

    def tagline_rows() -> list[dict]:
        help_ = config.notices.language_assistance if config.notices else None
        if help_ is None:
            return []
        rows = []
        for code in help_.languages:
            text = notices.tagline(config, code) or ""
            before, after, marked = taglines.parts(text)
            rows.append({"code": code, "dir": taglines.direction(code), "before": before, "after": after,
                         "marked": marked, "name": autonym(code) or code})
        return rows

    return {
        "clinicians_at": clinicians_at,
        "language": language,
        "team_choices": team_choices,
        "tagline_rows": tagline_rows,
        "notice_links": notices.footer_links(config, site.pages) if config.notices else (),
        "location_by_id": {loc.id: loc for loc in config.locations},
    }
