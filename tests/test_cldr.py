# ruff: noqa: RUF001  (Chinese text is written with its own full-width punctuation)
"""Times and dates in the page's language (CLDR's words, through Babel), and reading time for Chinese.

Pages are rendered in-process with `lang` and `words` in their context, as the languages work
passes them; English must stay exactly the theme's own formats (the golden tree checks those).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from zoneinfo import ZoneInfo

import pytest

from haven.catalogue import theme_words, with_strings
from haven.cldr import fulldate, longdate
from haven.hours import clock, week_in_words, week_rows
from haven.render import Renderer, plan_site
from haven.site import load_site

try:
    from browser import serve_directory
    from helpers import MINIMAL_CONFIG, TODAY, write_site
except ImportError:
    from tests.browser import serve_directory  # type: ignore[no-redef]
    from tests.helpers import MINIMAL_CONFIG, TODAY, write_site  # type: ignore[no-redef]

# Monday to Friday 9 to 5, Saturday and Sunday closed; Christmas (a Friday) closed, Christmas Eve short.
CONFIG = (MINIMAL_CONFIG
          .replace('  wednesday: ["09:00-12:00", "13:00-19:00"]', '  wednesday: "09:00-17:00"')
          .replace('  friday: "09:00-15:00"', '  friday: "09:00-17:00"')
          .replace("closures:\n", 'closures:\n  - date: 2026-12-24\n    label: Christmas Eve\n    hours: "09:00-13:00"\n'))
ARTICLE = "---\ntitle: Spring\ndate: 2024-03-18\n---\nA first article about spring.\n"


@pytest.fixture
def render(make_site):
    """render(lang, path, words=None, config=CONFIG) -> the page's HTML, rendered as the languages work will."""
    sites = {}

    def make(lang: str | None, path: str, words=None, config: str = CONFIG, extra: dict | None = None) -> str:
        key = (config, tuple(sorted((extra or {}).items())))
        if key not in sites:
            files = {"site_config.yaml": config, "content/articles/spring.md": ARTICLE, **(extra or {})}
            site, problems = load_site(make_site(files), TODAY, False)
            assert [p for p in problems if not p.warning and not p.note] == []
            sites[key] = site
        site = sites[key]
        words = words if words is not None else (theme_words(lang) if lang else None)
        plan = plan_site(site, words=words)
        page = next(p for p in plan.claimed if p.path == path)
        if lang:
            page.vars.update(lang=lang, words=words)
        out, _reads, problem = Renderer(site).page(page)
        assert problem is None, problem
        assert out is not None
        return out

    return make


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def badges(page: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in re.findall(
        r'<div class="open-now" data-open-now hidden>\s*<script type="application/json">(.*?)</script>', page, re.S)]


def rows(page: str) -> list[tuple[str, str]]:
    table = re.search(r'<table class="hours">.*?</table>', page, re.S)
    assert table
    cells = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table.group(0))
    return [(re.sub(r"<[^>]+>", "", days), re.sub(r"<[^>]+>", "", hours)) for days, hours in cells]  # text only


# --- the functions ----------------------------------------------------------------------------


def test_long_dates_in_each_language():
    day = dt.date(2024, 3, 18)
    assert longdate(day) == "March 18, 2024"
    assert longdate(day, "es") == "18 de marzo de 2024"
    assert longdate(day, "zh-Hans") == "2024年3月18日"
    assert longdate(day, "fr") == "18 mars 2024"  # a language the theme does not ship: still CLDR's
    assert fulldate(day, "es") == "lunes, 18 de marzo de 2024"
    assert fulldate(day, "zh-Hans") == "2024年3月18日星期一"
    assert fulldate(day) == "Monday, March 18, 2024"
    assert fulldate(day, "en", comma=False) == "Monday March 18, 2024"


def test_the_clock_is_the_one_the_locale_prefers():
    assert [clock(m) for m in (540, 720, 1020, 0)] == ["9:00\u00a0am", "12:00\u00a0pm", "5:00\u00a0pm", "12:00\u00a0am"]
    assert [clock(m, "es") for m in (540, 1020)] == ["9:00", "17:00"]  # CLDR es: 24-hour, H:mm
    assert [clock(m, "zh-Hans") for m in (540, 1020)] == ["09:00", "17:00"]  # CLDR zh: HH:mm
    assert clock(1020, "es-US") == "5:00\u202fp.m."  # a 12-hour Spanish locale (CLDR puts a narrow space before p.m.)
    assert clock(1020, "xx") == "5:00\u00a0pm"  # unknown to CLDR: the theme's English


def test_day_ranges_in_words(make_site):
    site, _ = load_site(make_site({"site_config.yaml": CONFIG}), TODAY, False)
    week = site.config.hours
    assert week_rows(week) == [("Monday – Friday", "9:00\u00a0am – 5:00\u00a0pm"), ("Saturday and Sunday", "Closed")]
    es, zh = theme_words("es").gettext, theme_words("zh-Hans").gettext
    assert week_rows(week, "es", es) == [("lunes a viernes", "9:00 – 17:00"), ("sábado y domingo", "Cerrado")]
    assert week_rows(week, "zh-Hans", zh) == [("周一至周五", "09:00 – 17:00"), ("周六和周日", "休息")]
    assert week_in_words(week, "es", es) == "Abierto: lunes a viernes, 9:00 – 17:00; cerrado: sábado y domingo."
    assert week_in_words(week, "zh-Hans", zh) == "营业时间：周一至周五 09:00 – 17:00；周六和周日休息。"


# Hours that run to 24:00: an overnight shift split at midnight, as the docs ask, and a whole day.
OVERNIGHT = re.sub(r"hours:\n(  \w+: .*\n)+",
                   'hours:\n  monday: "22:00-24:00"\n  tuesday: "00:00-02:00"\n  thursday: "00:00-24:00"\n', CONFIG)


def test_24_00_is_midnight_and_a_whole_day_is_24_hours_in_each_language(make_site):
    site, _ = load_site(make_site({"site_config.yaml": OVERNIGHT}), TODAY, False)
    week = site.config.hours
    es, zh = theme_words("es").gettext, theme_words("zh-Hans").gettext
    assert week_in_words(week) == ("Open Monday, 10:00\u00a0pm – midnight; Tuesday, 12:00\u00a0am – 2:00\u00a0am; Thursday, 24 hours; "
                                   "closed Wednesday and Friday – Sunday.")
    assert week_in_words(week, "es", es) == ("Abierto: lunes, 22:00 – 24:00; martes, 0:00 – 2:00; jueves, 24 horas; "
                                             "cerrado: miércoles y viernes a domingo.")
    assert dict(week_rows(week, "zh-Hans", zh))["周四"] == "24小时"
    assert dict(week_rows(week, "zh-Hans", zh))["周一"] == "22:00 – 24:00"
    assert dict(week_rows(week, "fr"))["lundi"] == "22:00 – 24:00"  # no theme words for French: still not 0:00


# --- pages rendered in each language ----------------------------------------------------------


def test_hours_table_and_sentence_in_spanish_and_chinese(render):
    assert rows(render("es", "locations/")) == [("lunes a viernes", "9:00 – 17:00"), ("sábado y domingo", "Cerrado")]
    assert rows(render("zh-Hans", "locations/")) == [("周一至周五", "09:00 – 17:00"), ("周六和周日", "休息")]
    assert rows(render(None, "locations/")) == [("Monday – Friday", "9:00\u00a0am – 5:00\u00a0pm"), ("Saturday and Sunday", "Closed")]
    assert "Todos los horarios son en hora de Chicago." in text_of(render("es", "contact/"))
    assert "所有时间均为芝加哥时间。" in text_of(render("zh-Hans", "contact/"))


def test_closures_and_article_dates_in_spanish_and_chinese(render):
    es = text_of(render("es", "locations/"))
    assert "jueves, 24 de diciembre de 2026: Christmas Eve, horario: 9:00 – 13:00" in es
    assert "viernes, 25 de diciembre de 2026: Christmas Day, cerrado" in es
    zh = text_of(render("zh-Hans", "locations/"))
    assert "2026年12月25日星期五：Christmas Day，休息" in zh
    assert "Próximo cierre: Christmas Eve, jueves, 24 de diciembre de 2026 (horario: 9:00 – 13:00)." in text_of(render("es", ""))
    blog_es, blog_zh = text_of(render("es", "blog/")), text_of(render("zh-Hans", "blog/"))
    assert "18 de marzo de 2024" in blog_es and "1 min de lectura" in blog_es
    assert "2024年3月18日" in blog_zh and "阅读约需 1 分钟" in blog_zh
    assert '<time datetime="2024-03-18">18 de marzo de 2024</time>' in render("es", "blog/spring/")
    assert "March 18, 2024" in text_of(render(None, "blog/"))


def test_theme_words_titles_and_navigation_follow_the_language(render):
    page = render("es", "contact/")
    assert "<title>Contáctenos · Quiet Harbor Counseling</title>" in page
    assert '<a class="skip-link" href="#main">Saltar al contenido principal</a>' in page
    assert ">Inicio</a>" in page and ">Sedes y horarios</a>" in page  # the default navigation
    assert '<nav class="breadcrumbs" aria-label="Ruta de navegación">' in page
    page = render("zh-Hans", "blog/")
    assert "<h1>博客</h1>" in page and "跳到主要内容" in page


def test_the_badge_data_speaks_the_pages_language(render):
    [es] = badges(render("es", "locations/downtown/"))
    assert es["words"]["open"] == "Abierto ahora"
    assert es["words"]["closes"] == "cierra a las {time}{zone}{special}"
    assert es["words"]["zone"] == " (hora de Chicago)"
    assert es["times"]["540"] == "9:00" and es["times"]["1020"] == "17:00" and es["times"]["780"] == "13:00"
    assert es["days"][:2] == ["lunes", "martes"]
    assert es["date"] == "{weekday}, {day} de {month}" and es["months"][11] == "diciembre"
    [zh] = badges(render("zh-Hans", "locations/downtown/"))
    assert zh["words"]["open"] == "正在营业" and zh["words"]["closed"] == "休息"
    assert zh["times"]["540"] == "09:00" and zh["days"][0] == "周一"
    assert zh["date"] == "{monthnum}月{day}日{weekday}" and zh["weekdays"][0] == "星期一"
    [en] = badges(render(None, "locations/downtown/"))
    assert en["words"]["open"] == "Open now" and en["times"]["540"] == "9:00\u00a0am"
    assert en["zone"] == "America/Chicago" and en["week"] == es["week"] == zh["week"]  # computed the same way


def test_a_language_the_theme_does_not_ship_takes_the_sites_strings_and_cldr_dates(render):
    words = with_strings("fr", {"Open now": "Ouvert maintenant", "Upcoming closures": "Fermetures à venir"})
    page = render("fr", "locations/", words=words)
    assert "Fermetures à venir" in page
    assert "vendredi 25 décembre 2026" in text_of(page)  # CLDR's French full date
    assert rows(page)[0] == ("lundi – vendredi", "09:00 – 17:00")  # CLDR names, English joiner (no strings given)
    assert badges(page)[0]["words"]["open"] == "Ouvert maintenant"
    assert "Skip to main content" in page  # a word the site did not give: English


def test_a_translated_word_is_text_not_html(render):
    words = with_strings("fr", {"Skip to main content": "<b>Aller</b> au contenu"})
    assert "&lt;b&gt;Aller&lt;/b&gt; au contenu" in render("fr", "contact/", words=words)


def test_without_lang_the_page_is_in_the_sites_language(render):
    spanish_site = CONFIG.replace("  language: en", "  language: es")
    page = render(None, "locations/", config=spanish_site)
    assert rows(page) == [("lunes a viernes", "9:00 – 17:00"), ("sábado y domingo", "Cerrado")]
    assert "Próximos cierres" in page


# --- reading time -----------------------------------------------------------------------------


def test_reading_time_counts_chinese_characters(make_site):
    # 1,500 Han characters at 300 a minute: 5 minutes (as words, split on spaces, it would be 1 "word").
    chinese = "---\ntitle: 焦虑\ndate: 2024-03-18\n---\n" + "感到焦虑是很常见的事情。" * 125 + "\n"
    english = "---\ntitle: Worry\ndate: 2024-03-18\n---\n" + "word " * 1000 + "\n"
    mixed = "---\ntitle: Mixed\ndate: 2024-03-18\n---\n" + "感到焦虑是很常见的事情。" * 75 + " and " + "word " * 400 + "\n"
    site, _problems = load_site(make_site({"content/articles/zh.md": chinese, "content/articles/en.md": english,
                                          "content/articles/mixed.md": mixed}), TODAY, False)
    minutes = {a.slug: a.reading_minutes for a in site.articles}
    counts = {a.slug: (a.word_count, a.cjk_count) for a in site.articles}
    assert counts["zh"] == (0, 1375) and minutes["zh"] == 5  # 1375 / 300 = 4.6
    assert counts["en"] == (1000, 0) and minutes["en"] == 5  # 1000 / 200
    assert counts["mixed"] == (401, 825) and minutes["mixed"] == 5  # 401 / 200 + 825 / 300 = 4.8


def test_an_article_of_chinese_text_only_is_not_empty(make_site):
    site, problems = load_site(make_site({"content/articles/zh.md": "---\ntitle: 你好\ndate: 2024-03-18\n---\n你好。\n"}),
                               TODAY, False)
    assert [p.message for p in problems if not p.warning and not p.note] == []
    assert site.articles[0].reading_minutes == 1


# --- the badge in Chromium ----------------------------------------------------------------------

MONDAY_ONLY = re.sub(r"hours:\n(  \w+: .*\n)+", 'hours:\n  monday: "09:00-17:00"\n', CONFIG)
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module")
def badge_pages(tmp_path_factory):
    """The downtown location's page in en, es, zh-Hans, vi and ar (and a Monday-only clinic's), served."""
    root = tmp_path_factory.mktemp("badges")
    out = root / "out"
    for name, config in (("week", CONFIG), ("monday", MONDAY_ONLY), ("overnight", OVERNIGHT)):
        site, _problems = load_site(write_site(root / name, {"site_config.yaml": config}), TODAY, False)
        renderer = Renderer(site)
        for lang in ("en", "es", "zh-Hans", "vi", "ar"):  # (the theme has no words in vi and ar)
            words = theme_words(lang)
            page = next(p for p in plan_site(site, words=words).claimed if p.path == "locations/downtown/")
            page.vars.update(lang=lang, words=words)
            html_text, _reads, problem = renderer.page(page)
            assert problem is None and html_text
            if lang == "ar":  # (as a site in Arabic has it: base.html reads the language's own config)
                html_text = html_text.replace('<html lang="en">', '<html lang="ar" dir="rtl">', 1)
            (out / name / lang).mkdir(parents=True)
            (out / name / lang / "index.html").write_text(html_text, "utf-8")
        for asset in site.assets:
            (out / asset.published_name).parent.mkdir(parents=True, exist_ok=True)
            (out / asset.published_name).write_bytes(asset.data)
    with serve_directory(out) as base_url:
        yield base_url


def _badge(browser, url: str, at: dt.datetime, zone: str = "America/Chicago") -> str:
    context = browser.new_context(timezone_id=zone)
    try:
        page = context.new_page()
        page.clock.install(time=at)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return " ".join(page.locator("[data-open-now] .open-now-status").inner_text().split())
    finally:
        context.close()


BROWSER_CASES = [
    ("week", dt.datetime(2026, 11, 30, 10, 0), "America/Chicago",
     {"en": "Open now · closes 5:00 pm", "es": "Abierto ahora · cierra a las 17:00", "zh-Hans": "正在营业 · 17:00停止营业"}),
    ("week", dt.datetime(2026, 12, 4, 18, 0), "America/Chicago",
     {"en": "Closed · opens Monday 9:00 am", "es": "Cerrado · abre el lunes a las 9:00", "zh-Hans": "休息 · 周一09:00开始营业"}),
    ("week", dt.datetime(2026, 11, 30, 10, 0), "America/New_York",
     {"en": "Open now · closes 5:00 pm Chicago time", "es": "Abierto ahora · cierra a las 17:00 (hora de Chicago)",
      "zh-Hans": "正在营业 · 17:00停止营业（芝加哥时间）"}),
    ("week", dt.datetime(2026, 12, 24, 10, 0), "America/Chicago",
     {"en": "Open now · closes 1:00 pm (Christmas Eve hours)",
      "es": "Abierto ahora · cierra a las 13:00 (horario especial: Christmas Eve)",
      "zh-Hans": "正在营业 · 13:00停止营业（Christmas Eve特别营业时间）"}),
    ("week", dt.datetime(2026, 12, 25, 10, 0), "America/Chicago",
     {"en": "Closed today: Christmas Day · opens Monday 9:00 am", "es": "Cerrado hoy: Christmas Day · abre el lunes a las 9:00",
      "zh-Hans": "今日休息：Christmas Day · 周一09:00开始营业"}),
    ("monday", dt.datetime(2026, 11, 30, 18, 0), "America/Chicago",
     {"en": "Closed · opens Monday, December 7 9:00 am", "es": "Cerrado · abre el lunes, 7 de diciembre a las 9:00",
      "zh-Hans": "休息 · 12月7日星期一09:00开始营业"}),
    # Open until 24:00 and on from 0:00 the next day: closing is the next day's, not midnight's.
    ("overnight", dt.datetime(2026, 11, 30, 23, 30), "America/Chicago",
     {"en": "Open now · closes 2:00 am", "es": "Abierto ahora · cierra a las 2:00", "zh-Hans": "正在营业 · 02:00停止营业"}),
    ("overnight", dt.datetime(2026, 12, 3, 10, 0), "America/Chicago",
     {"en": "Open now · closes midnight", "es": "Abierto ahora · cierra a las 24:00", "zh-Hans": "正在营业 · 24:00停止营业"}),
]


@pytest.mark.parametrize("site_name, wall_clock, zone, expected", BROWSER_CASES)
def test_the_badge_in_chromium_speaks_the_pages_language(browser, badge_pages, site_name, wall_clock, zone, expected):
    moment = wall_clock.replace(tzinfo=CHICAGO)
    shown = {lang: _badge(browser, f"{badge_pages}{site_name}/{lang}/", moment, zone) for lang in expected}
    assert shown == expected


def _badge_parts(browser, url: str, at: dt.datetime) -> list[dict]:
    context = browser.new_context(timezone_id="America/Chicago")
    try:
        page = context.new_page()
        page.clock.install(time=at)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page.eval_on_selector_all("[data-open-now] .open-now-status > *", """parts => parts.map(
            part => ({text: part.textContent, lang: part.getAttribute("lang"), dir: part.getAttribute("dir")}))""")
    finally:
        context.close()


def test_the_badge_in_chromium_marks_the_words_it_shows_in_english(browser, badge_pages):
    # The theme has no words in Vietnamese or Arabic: the badge's sentences are the English ones,
    # filled with CLDR's times, and a screen reader must be told to read them as English
    # (WCAG 3.1.2), left to right inside an Arabic page. Pages with their own words say nothing.
    monday = dt.datetime(2026, 11, 30, 10, 0, tzinfo=CHICAGO)
    vi = _badge_parts(browser, f"{badge_pages}week/vi/", monday)
    assert vi == [{"text": "Open now", "lang": "en", "dir": None}, {"text": "closes 17:00", "lang": "en", "dir": None}]
    ar = _badge_parts(browser, f"{badge_pages}week/ar/", monday)
    assert [(part["lang"], part["dir"]) for part in ar] == [("en", "ltr"), ("en", "ltr")]
    assert ar[0]["text"] == "Open now" and ar[1]["text"].startswith("closes ")
    es = _badge_parts(browser, f"{badge_pages}week/es/", monday)
    assert es == [{"text": "Abierto ahora", "lang": None, "dir": None},
                  {"text": "cierra a las 17:00", "lang": None, "dir": None}]


def test_hours_sentences_in_a_language_without_theme_words_mark_the_english_and_join_days_in_the_language(render):
    # French: the theme has no words, and this site's strings give only "Open now". The hours
    # sentence keeps the theme's English frame, each English run in <span lang="en">, with CLDR's
    # day names joined by French's own "et", not an English "and" between two French words.
    words = with_strings("fr", {"Open now": "Ouvert maintenant"})
    page = render("fr", "locations/", words=words)
    sentence = re.search(r"<p>(<span lang=\"en\">Open</span>.*?)</p>", page)
    assert sentence, page
    assert sentence.group(1) == ('<span lang="en">Open</span> lundi – vendredi, 09:00 – 17:00'
                                 '<span lang="en">; closed</span> samedi et dimanche. '
                                 '<span lang="en">All times are</span> Chicago <span lang="en">time.</span>')
    [badge] = badges(page)
    assert "open" not in badge["english"]  # the site's strings give it
    assert {"closed", "closes", "opens_on", "zone"} <= set(badge["english"])
    # A language with the theme's words: nothing marked, and no list of English words.
    es = render("es", "locations/")
    assert '<span lang="en">' not in es and "english" not in badges(es)[0]


CHECKLIST = """\
title: How is therapy going?
items:
  - {text: I feel judged., topic: rapport}
  - {text: I hold things back., topic: rapport}
topics:
  rapport: {title: Rapport, advice: Trust takes time.}
results:
  - {min: 0, max: 1, text: Few signs.}
  - {min: 2, max: 2, text: Some signs.}
disclaimer: This is a reflection aid, not a diagnosis.
"""


def _render_one(site, lang: str, path: str) -> str:
    words = theme_words(lang)
    page = next(p for p in plan_site(site, words=words).claimed if p.path == path)
    page.vars.update(lang=lang, words=words)
    out, _reads, problem = Renderer(site).page(page)
    assert problem is None and out
    return out


def test_the_checklist_and_a_sites_own_template_speak_the_pages_language(make_site):
    site, _problems = load_site(make_site({
        "content/checklists/therapy.yaml": CHECKLIST,
        # a site's own template may use the theme's words too
        "templates/page.html": '{% extends "theme/page.html" %}{% block content %}<p>{{ _("Contact") }}</p>{% endblock %}',
        "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
    }), TODAY, False)
    es = _render_one(site, "es", "self-assessment/therapy/")
    assert 'data-count="Marcó {n} de 2 afirmaciones." data-cleared="Sus respuestas se borraron."' in es
    assert "<legend>Marque cada afirmación que se parezca a lo que usted vive</legend>" in es
    assert "<strong>2 marcadas:</strong>" in es and "<strong>0–1 marcadas:</strong>" in es
    zh = _render_one(site, "zh-Hans", "self-assessment/therapy/")
    assert 'data-count="您勾选了 2 条陈述中的 {n} 条。"' in zh
    assert "<p>Contacto</p>" in _render_one(site, "es", "about/")
    assert "<p>联系我们</p>" in _render_one(site, "zh-Hans", "about/")


def test_lists_on_the_team_page_use_the_languages_separator(render):
    """'English, Spanish – español' in English; '英语 – English、西班牙语 – español' in Chinese (CLDR's list pattern), never a Latin comma."""
    extra = {"content/clinicians/ana-ruiz.md": "---\nname: Ana Ruiz\nrole: Therapist\nlanguages: [en, es, yue]\n---\nShe listens.\n"}
    assert ('语言：英语 – <span lang="en">English</span>、西班牙语 – <span lang="es">español</span>、'
            '中文（粤语） – <span lang="zh-HK">中文（粵語）</span>') in render("zh-Hans", "team/", extra=extra)
    assert ('Languages: English, Spanish – <span lang="es">español</span>, '
            'Chinese (Cantonese) – <span lang="zh-HK">中文（粵語）</span>') in render(None, "team/", extra=extra)


def test_a_label_ending_in_a_full_width_colon_is_not_followed_by_a_space(render):
    """No space after a Chinese label's full-width colon, whose glyph has its own; 'Phone: +1 …' keeps its space."""
    extra = {"content/clinicians/ana-ruiz.md": "---\nname: Ana Ruiz\nrole: Therapist\nlanguages: [en]\n---\nShe listens.\n"}
    zh, en = render("zh-Hans", "contact/", extra=extra), render(None, "contact/", extra=extra)
    assert '<li>电话：<a href="tel:' in zh and '<li>电子邮件：<a href="mailto:' in zh and "： " not in zh
    assert '<li>Phone: <a href="tel:' in en and '<li>E-mail: <a href="mailto:' in en
    assert "语言：英语" in render("zh-Hans", "team/", extra=extra)


def test_chinese_sentences_the_theme_joins_have_no_space_between_them(render):
    """'…周六和周日休息。所有时间均为芝加哥时间。': no space after a Chinese full stop or question mark where the
    theme puts two sentences side by side (its glyph has its own); Spanish and English keep theirs."""
    reviewed = "date: 2024-03-18\nupdated: 2024-04-01\nreviewed_by: Jo Lee, PhD\nreviewed_on: 2024-03-10\n"
    extra = {"content/articles/spring.md": ARTICLE.replace("date: 2024-03-18\n", reviewed),
             "content/checklists/therapy.yaml": CHECKLIST}
    spaced = re.compile(r".{0,12}[。？！](?:</\w+>)? (?=[^\s·]).{0,12}")  # (' · ' parts a title from the site's name)
    for path in ("", "contact/", "locations/", "blog/spring/", "self-assessment/therapy/", "404.html"):
        assert spaced.findall(render("zh-Hans", path, extra=extra)) == [], path
    assert "周六和周日休息。所有时间均为芝加哥时间。" in render("zh-Hans", "contact/", extra=extra)
    assert "</time>。经 Jo Lee, PhD 于" in render("zh-Hans", "blog/spring/", extra=extra)
    assert "请立即寻求支持。</strong>In crisis?" in render("zh-Hans", "self-assessment/therapy/", extra=extra)
    assert "<strong>勾选了 0–1 项：</strong><span data-band-text>" in render("zh-Hans", "self-assessment/therapy/", extra=extra)
    assert "cerrado: sábado y domingo. Todos los horarios son en hora de Chicago." in (render("es", "contact/", extra=extra))
    assert "</time>. Clinically reviewed by Jo Lee, PhD on" in render(None, "blog/spring/", extra=extra)
    assert "</strong> In crisis?" in render(None, "self-assessment/therapy/", extra=extra)
