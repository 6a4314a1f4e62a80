"""The notices a US practice posts: which are published, where, and the build's checks of them."""

from __future__ import annotations

from typing import NamedTuple

from . import yamlfile
from .catalogue import theme_word as _
from .config import CONFIG_FILE, Config
from .htmltext import reader_text
from .languages import preferred_code
from .people import language_name, other_spelling
from .problems import Problem, error, warning
from .taglines import TAGLINES

# 45 CFR 164.520(b)(1)(i): the header every Notice of Privacy Practices must carry, word for word.
NPP_HEADER = ("This notice describes how medical information about you may be used and disclosed and how you "
              "can get access to this information. Please review it carefully.")


class Notice(NamedTuple):
    key: str  # under `notices:`
    slug: str  # its address, /<slug>/
    template: str
    title: str  # English; translated in templates through the page's words


GENERATED = (
    Notice("good_faith_estimate", "good-faith-estimate", "notice_gfe.html", "Your right to a Good Faith Estimate"),
    Notice("nondiscrimination", "nondiscrimination", "notice_nondiscrimination.html", "Nondiscrimination and language assistance"),
    Notice("accessibility", "accessibility", "notice_accessibility.html", "Accessibility"),
)


def generated(config: Config) -> tuple[Notice, ...]:
    """The notices the theme writes for this site (a page of the same slug in content/pages replaces one)."""
    notices = config.notices
    if notices is None:
        return ()
    on = {"good_faith_estimate": notices.good_faith_estimate,
          "nondiscrimination": notices.nondiscrimination or notices.language_assistance is not None,
          "accessibility": notices.accessibility}
    return tuple(n for n in GENERATED if on[n.key])


def own_notices(config: Config, pages) -> tuple[tuple[str, str], ...]:
    """(slug, file) of each page of the default language that replaces a notice the theme writes."""
    slugs = {notice.slug for notice in generated(config)}
    return tuple((page.slug, page.source) for page in pages if page.slug in slugs)


def replacing(notice: Notice, own: tuple[tuple[str, str], ...], pages):
    """The page of `pages` (one language's) that is `notice` in place of the theme's: the site's page
    of its slug, or that page's translation (which may have a slug of its own); None if none is."""
    source = dict(own).get(notice.slug)
    return next((p for p in pages if p.slug == notice.slug or (source and p.original == source)), None)


def footer_links(config: Config, pages, own: tuple[tuple[str, str], ...] = ()) -> tuple[tuple[str, str], ...]:
    """(title, site path) of every published notice, the HIPAA notice first; `own`: Site.own_notices."""
    if config.notices is None:
        return ()
    links = []
    privacy = config.notices.privacy_practices
    if privacy:
        page = _page_at(privacy, pages)
        # Without the page in this language (a further language's footer links the default
        # language's page), the theme's name of the notice, translated in the footer.
        links.append((page.title if page else _("Notice of Privacy Practices"), privacy))
    for notice in generated(config):
        page = replacing(notice, own, pages)
        # (the default language's address: a further language's pages link its own version)
        links.append((page.title if page else notice.title, f"/{notice.slug}/"))
    return tuple(links)


def tagline(config: Config, code: str) -> str | None:
    help_ = config.notices.language_assistance if config.notices else None
    own = (help_.taglines or {}) if help_ else {}
    return own.get(code) or TAGLINES.get(code)


def _map(value) -> yamlfile.Map:
    if isinstance(value, yamlfile.Map):
        return value
    empty = yamlfile.Map()
    empty.key_lines = {}
    return empty


def _page_at(path: str, pages):
    slug = path.strip("/")
    return next((p for p in pages if p.slug == slug), None)


def _closest_page(slug: str, pages):
    """The page whose address is nearest to `slug`, for a near miss ('privacy-notices'), or None."""
    import difflib  # (here: only a mistyped address needs it)

    match = difflib.get_close_matches(slug, sorted(p.slug for p in pages), n=1, cutoff=0.8)
    return _page_at(match[0], pages) if match else None


def _comparable(markup: str) -> str:
    """The words of `markup`, compared without case or curly apostrophes (the smart quotes of Markdown)."""
    return reader_text(markup).replace("\u2019", "'").casefold()


def is_english(code: str) -> bool:
    return code.split("-")[0].lower() == "en"


def check_notices(config: Config, pages, config_text: str, held: tuple[str, ...] = (),
                  english_pages=()) -> list[Problem]:
    """The HIPAA notice page exists and carries its header and effective date; every tagline language has one.
    `held`: the addresses of pages left out for their errors (leftout.held_back), not said to be missing.
    `english_pages`: on a site in another language, the pages of its English version, if it has one."""
    notices = config.notices
    if notices is None:
        return []
    data, _problems = yamlfile.parse(config_text, CONFIG_FILE)
    block = data.get("notices") if isinstance(data, yamlfile.Map) else None
    block = _map(block)
    top = data.key_line("notices") if isinstance(data, yamlfile.Map) else 0
    problems: list[Problem] = []
    if notices.privacy_practices:
        line = block.key_line("privacy_practices") or top
        path = notices.privacy_practices
        page = _page_at(path, pages) if path.startswith("/") and "://" not in path else None
        if page is None:
            slug = path.strip("/") or "notice-of-privacy-practices"
            if not f"{slug}/".startswith(held):  # (else the page is there, left out for an error of its own to fix)
                close = _closest_page(slug, pages)
                fix = (f"did you mean '/{close.slug}/' ({close.source})? Else write" if close else "write")
                problems.append(error(CONFIG_FILE, line, f"notices.privacy_practices is '{path}', but no page of "
                                                         f"content/pages has that address; {fix} the notice in "
                                                         f"content/pages/{slug}.md"))
        else:
            if not _has_header(config, page, english_pages):
                problems.append(error(CONFIG_FILE, line, _no_header(config, page, english_pages)))
            if page.meta.effective_date is None:
                problems.append(error(CONFIG_FILE, line, f"the privacy notice {page.source} has no effective date; add "
                                                         "'effective_date: YYYY-MM-DD' to its front matter"))
    help_ = notices.language_assistance
    if help_ is not None:
        raw = block.get("language_assistance")
        raw = _map(raw)
        help_line = block.key_line("language_assistance") or top
        if not (help_.phone or config.clinic.phone):
            problems.append(error(CONFIG_FILE, help_line, "notices.language_assistance has no phone, and clinic.phone is "
                                                          "not set; add 'phone: \"+1 ...\"' for the taglines to give"))
        listed = raw.get("languages")
        lines = listed.item_lines if isinstance(listed, yamlfile.Seq) else []
        for index, code in enumerate(help_.languages):
            line = lines[index] if index < len(lines) else raw.key_line("languages") or help_line
            better = preferred_code(code)
            if better is not None:  # ('spa': its tagline is the theme's for 'es')
                problems.append(error(CONFIG_FILE, line, other_spelling(code, better)))
            elif language_name(code, "en") is None:  # (a mistyped code: no tagline to ask for in it)
                problems.append(error(CONFIG_FILE, line, f"'{code}' is not a language code known to the CLDR; write codes "
                                                         "like es, zh-Hans, ht"))
            elif tagline(config, code) is None:
                shipped = ", ".join(sorted(TAGLINES))
                problems.append(error(CONFIG_FILE, line, f"language '{code}' has no tagline: the theme has taglines for "
                                                         f"{shipped}; add one under notices.language_assistance.taglines "
                                                         f"('{code}: ...', with {{phone}} where the number goes)"))
    return problems


def _has_header(config: Config, page, english_pages) -> bool:
    """Whether the notice carries the header statement. The build reads it in English only: on a
    site in another language, in the notice itself or in its English translation."""
    versions = [page] if is_english(config.site.language) else [page, *(p for p in english_pages if p.original == page.source)]
    return any(_comparable(NPP_HEADER) in _comparable(version.html) for version in versions)


def _no_header(config: Config, page, english_pages) -> str:
    said = f"the privacy notice {page.source} lacks the header statement the HIPAA rule requires; "
    if is_english(config.site.language):
        return said + f"put it at the top of the page: \"{NPP_HEADER}\""
    english = (f", or write the notice's English translation ({page.source.removesuffix('.md')}.en.md) with it"
               if any(is_english(language.code) for language in config.site.languages) else "")
    return (said + "the build can read it only in English: put its English words at the top of the page, beside "
            f"your own translation, in a paragraph marked as English (<p lang=\"en\">…</p>){english}: \"{NPP_HEADER}\"")


def check_translated_notice(config: Config, originals, pages) -> list[Problem]:
    """A translation (of `pages`, one further language's) of the HIPAA notice holds what its original
    must that words do not say: an effective date, and the original's (a translation dated otherwise
    translates another version of the notice). The header statement is in the translation's own
    language, which the build cannot read for it: the original carries the English words."""
    path = config.notices.privacy_practices if config.notices else None
    original = _page_at(path, originals) if path else None
    if original is None or original.meta.effective_date is None:  # (the original's problem is said already)
        return []
    translation = next((p for p in pages if p.original == original.source), None)
    if translation is None:
        return []
    wanted = original.meta.effective_date.isoformat()
    line = translation.key_line("effective_date")
    dated = translation.meta.effective_date
    if dated is None:
        return [error(translation.source, line, f"the translation of the privacy notice has a blank effective date; write "
                                                f"the original's, 'effective_date: {wanted}', or remove the line to take "
                                                f"it from {original.source}")]
    if dated != original.meta.effective_date:
        return [error(translation.source, line, f"the translation of the privacy notice takes effect on {dated.isoformat()}, "
                                                f"but {original.source} on {wanted}: it translates another version of the "
                                                f"notice; translate the current one and write 'effective_date: {wanted}' "
                                                "(or remove the line to take the original's)")]
    return []


def healthcare_warnings(config: Config, has_people: bool, config_text: str) -> list[Problem]:
    """A practice that shows clinicians or services and posts no HIPAA notice or Good Faith Estimate."""
    if not has_people:
        return []
    notices = config.notices
    line = 0
    for number, text in enumerate(config_text.split("\n"), start=1):
        if text.startswith("notices:"):
            line = number
    found = []
    if notices is None or not notices.privacy_practices:
        found.append(warning(CONFIG_FILE, line, "the site shows clinicians or services but publishes no HIPAA Notice of "
                                                "Privacy Practices; write it in content/pages and name it under "
                                                "notices.privacy_practices"))
    if notices is None or not notices.good_faith_estimate:
        found.append(warning(CONFIG_FILE, line, "the site shows clinicians or services but publishes no Good Faith Estimate "
                                                "notice (No Surprises Act); add 'good_faith_estimate: true' under notices"))
    return found
