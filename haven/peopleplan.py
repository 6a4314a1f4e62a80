"""The pages of the team, the services and the notices, planned like the rest (render.plan_pages)."""

from __future__ import annotations

import functools

from . import inherited, notices, structured
from .htmltext import reader_text
from .markup import Converter
from .render import PageOut
from .site import Site
from .translations import Untranslated


def _clinician_description(person, code: str, title: str, _) -> str:
    """A clinician's page description, all in the page's language (`code`): a meta description
    cannot mark a part as in another language, so a role the translation leaves to its original
    (inherited.py) is left out."""
    if inherited.in_other_language(person.meta.role, code):
        # Translators: a clinician's page description (search results, link previews) without their role.
        return _("%(name)s at %(title)s.") % {"name": person.heading, "title": title}
    return _("%(name)s, %(role)s at %(title)s.") % {"name": person.heading, "role": person.meta.role, "title": title}


def people_pages(site: Site, home_crumb, _=lambda message: message) -> list[PageOut]:
    """`_`: the theme's words for titles, crumbs and descriptions (render.plan_pages'), English without."""
    config = site.config
    root = config.site.root_url
    title = config.site.title
    pages: list[PageOut] = []
    locations = {loc.id: loc for loc in config.locations}
    code = site.language.code if site.language is not None else config.site.language
    if site.clinicians:
        team = (_("Our team"), "team/")
        pages.append(PageOut("team/", "team.html", "site_config.yaml", _("Our team"),
                             description=_("The clinicians of %(title)s: who they are, where they work, the languages "
                                           "they speak.") % {"title": title},
                             crumbs=[home_crumb, team]))
        for person in site.clinicians:
            path = f"team/{person.id}/"
            photo = root + person.meta.photo.lstrip("/") if person.meta.photo else None
            pages.append(PageOut(
                path, "clinician.html", person.source, person.heading,
                description=person.meta.summary or _clinician_description(person, code, title, _),
                crumbs=[home_crumb, team, (person.meta.name, path)],
                jsonld=[functools.partial(structured.person, config, person, root + site.prefix + path, photo,
                                          [locations[i] for i in person.meta.locations if i in locations], root + path)],
                vars={"clinician": person}, key=person.original or person.source))
    if site.services:
        listing = (_("Services"), "services/")
        pages.append(PageOut("services/", "services.html", "site_config.yaml", _("Services"),
                             description=_("What %(title)s offers.") % {"title": title}, crumbs=[home_crumb, listing]))
        converter = Converter(config.site.base_path)
        for service in site.services:
            path = f"services/{service.slug}/"
            # (questions left in the original's language are not the page's: see structured.py)
            questions = [(q.q, reader_text(converter.convert(q.a).html)) for q in service.meta.faq
                         if not isinstance(q.q, Untranslated)]
            pages.append(PageOut(
                path, "service.html", service.source, service.title, service.meta.summary,
                crumbs=[home_crumb, listing, (service.title, path)],
                jsonld=[functools.partial(structured.faq_page, questions, root + site.prefix + path)] if questions else [],
                vars={"service": service}, key=service.original or service.source))
    pages += _notice_pages(site, home_crumb, _)
    return pages


def _notice_pages(site: Site, home_crumb, _) -> list[PageOut]:
    """The theme's notices, but those the site writes itself (a page of the same slug in
    content/pages, or in a further language that page's translation). Where the site's page has
    no translation yet, the theme's notice stands in for it in that language, as its version
    there (its key): a visitor reads the notice in their language, and the versions link each other."""
    own = dict(site.own_notices)
    out = []
    for notice in notices.generated(site.config):
        if notices.replacing(notice, site.own_notices, site.pages) is not None:
            continue
        out.append(PageOut(f"{notice.slug}/", notice.template, "site_config.yaml", _(notice.title),
                           crumbs=[home_crumb, (_(notice.title), f"{notice.slug}/")], key=own.get(notice.slug, "")))
    return out
