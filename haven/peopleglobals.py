"""What the team, services and notices templates call (added to render.make_environment's globals)."""

from __future__ import annotations

import jinja2

from . import notices, taglines
from .catalogue import theme_word as _
from .cldr import page_lang, page_words
from .content import name_slug
from .people import alphabetical, autonym
from .spoken import choice, spoken_list

# The names of the spoken Chinese families choose between (haven/spoken.py), for the extraction.
_VARIETY_WORDS = (
    # Translators: a language clinicians speak (team page); left out, CLDR's name of Chinese is shown.
    _("Chinese (Mandarin)"),
    # Translators: a language clinicians speak (team page); left out, CLDR's name of Cantonese is shown.
    _("Chinese (Cantonese)"),
)


def people_globals(site) -> dict:
    """Helpers for the templates; `site` is what templates see (render.Reads)."""
    config = site.config

    def clinicians_at(location_id: str) -> list:
        return [c for c in site.clinicians if location_id in c.meta.locations]

    @jinja2.pass_context
    def spoken_languages(context, codes, by_name: bool = False) -> list:
        """Each language among `codes` as families choose it (es-MX is Spanish), named in the page's
        language and in its own: [Spoken('es', 'Spanish', 'español', …)], by name if `by_name`."""
        return spoken_list(codes, page_lang(context), page_words(context).gettext, by_name)

    @jinja2.pass_context
    def language(context, code: str, page_language: str) -> dict:
        """One language as spoken_languages names it, for a site's own templates written before it."""
        named = spoken_list([code], page_language, page_words(context).gettext)[0]
        return {"code": code, "name": named.name, "autonym": named.autonym, "dir": named.dir}

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
            "languages": [code for c in site.clinicians for code in c.meta.languages],  # (spoken_languages names them)
            "specialties": sorted(specialties.items(), key=lambda item: alphabetical(item[1])),
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
        "spoken_languages": spoken_languages,
        "language": language,
        "language_choice": choice,
        "team_choices": team_choices,
        "tagline_rows": tagline_rows,
        "notice_links": notices.footer_links(config, site.pages, site.own_notices) if config.notices else (),
        "location_by_id": {loc.id: loc for loc in config.locations},
    }
