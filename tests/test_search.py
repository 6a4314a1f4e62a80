"""Search: the index the build writes, and /search/ in Debian's Chromium under the site's own
_headers (its Content-Security-Policy enforced), with text in English, Spanish and Chinese."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import zlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from haven import search
from haven.pipeline import build
from haven.state import BuildState

try:  # tests/ as a package (tests/__init__.py, or `python -m pytest` from the root)
    from tests.browser import read_headers_file, record_requests, run_axe, serve_directory
    from tests.helpers import MINIMAL_CONFIG, SPANISH_CONFIG, TODAY, build_site, environment, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import read_headers_file, record_requests, run_axe, serve_directory  # type: ignore[no-redef]
    from helpers import MINIMAL_CONFIG, SPANISH_CONFIG, TODAY, build_site, environment, write_site  # type: ignore[no-redef]

FILES = {
    "site_config.yaml": MINIMAL_CONFIG,
    "content/articles/sleep.md": """\
---
title: Rest and recovery
date: 2026-02-10
summary: How rest helps.
tags: [sleep, wellbeing]
---
Many clients describe insomnia during a hard season. A steady wind-down routine helps.

## Small steps

Keep the bedroom cool and the phone in another room.
""",
    "content/articles/ansiedad.md": """\
---
title: Hablar de la ansiedad
date: 2026-03-01
summary: Una guía breve.
tags: [ansiedad]
---
La ansiedad y la depresión son frecuentes. Pedir ayuda es un paso valiente.
""",
    "content/articles/zh.md": """\
---
title: 关于心理咨询
date: 2026-03-05
summary: 简短的介绍。
---
焦虑症是一种常见的心理问题\uff0c很多人在压力下都会经历。
""",
    "content/articles/other.md": """\
---
title: Our new office
date: 2026-01-20
---
We moved to a brighter room with a garden view.
""",
    "content/pages/privacy.md": "---\ntitle: Privacy\n---\nWe keep no cookies and no analytics on this website.\n",
}


def lookup(index: Path, word: str) -> set[str]:
    """The addresses whose index lists exactly `word`, read as search.js reads the files."""
    manifest = json.loads((index / "manifest.json").read_text("utf-8"))
    keys = [k for k in manifest["shards"] if word.startswith(k)]
    if not keys:
        return set()
    key = max(keys, key=len)
    shard = json.loads((index / "t" / f"{key.encode().hex() or '_'}.json").read_text("utf-8"))
    entry = shard.get(word)
    if entry is None:
        return set()
    docs, doc = [], 0
    for gap in entry[1::2]:
        doc += gap
        docs.append(doc)
    return {json.loads((index / "d" / f"{d}.json").read_text("utf-8"))["u"] for d in docs}


def scored(index: Path, word: str) -> dict[str, int]:
    """address -> score of the pages whose index lists exactly `word`."""
    manifest = json.loads((index / "manifest.json").read_text("utf-8"))
    key = max((k for k in manifest["shards"] if word.startswith(k)), key=len)
    entry = json.loads((index / search.shard_file(key)).read_text("utf-8")).get(word, [0])
    found, doc = {}, 0
    for gap, score in zip(entry[1::2], entry[2::2], strict=True):
        doc += gap
        found[json.loads((index / "d" / f"{doc}.json").read_text("utf-8"))["u"]] = score
    return found


# A clinic in English, Spanish and Chinese: a clinician and a service whose front matter holds
# what families search for, and Chinese articles whose words a query may run together.
PEOPLE_FILES = {
    "site_config.yaml": SPANISH_CONFIG.replace("    - {code: es, name: Español}\n",
                                               "    - {code: es, name: Español}\n    - {code: zh-Hans, name: 简体中文, path: zh}\n"),
    "content/clinicians/dana.md": """\
---
name: Dana Reyes
role: Psychotherapist
credentials: LCSW
languages: [en, es]
locations: [downtown]
specialties: [Trauma, Couples]
---
Dana has worked with families for ten years.
""",
    "content/clinicians/dana.es.md": "---\nname: Dana Reyes\nrole: Psicoterapeuta\n---\nDana trabaja con familias.\n",
    "content/services/therapy.md": """\
---
title: Individual therapy
summary: Weekly sessions.
faq:
  - q: Do you take Medicaid?
    a: Yes, [most plans](/contact/).
---
We offer weekly sessions.
""",
    "content/articles/trauma.md": "---\ntitle: After a hard year\ndate: 2026-02-01\nsummary: s\n---\nSome of it was trauma.\n",
    "content/articles/sleep.zh-Hans.md": "---\ntitle: 焦虑与睡眠\ndate: 2026-03-05\nsummary: 担忧如何让你失眠。\n---\n"
                                         "夜晚焦虑加重时\uff0c睡眠会受到影响。\n",
    "content/articles/worry.zh-Hans.md": "---\ntitle: 关于焦虑\ndate: 2026-03-06\nsummary: 简短的介绍。\n---\n焦虑是常见的。\n",
    # 焦, 虑, 睡 and 眠 all in it, never 焦虑 in a row
    "content/articles/focus.zh-Hans.md": "---\ntitle: 专注\ndate: 2026-03-07\nsummary: 焦点。\n---\n"
                                         "考虑一下\uff0c睡眠很重要。\n",
    # the whole of 焦虑的症状和治疗 in a row; then 焦虑 and 症状 without 的, 和 or 治疗 (most of it)
    "content/articles/signs.zh-Hans.md": "---\ntitle: 常见问题\ndate: 2026-03-08\nsummary: 简短。\n---\n"
                                         "这里介绍焦虑的症状和治疗。\n",
    "content/articles/body.zh-Hans.md": "---\ntitle: 身体反应\ndate: 2026-03-09\nsummary: 简短。\n---\n"
                                        "焦虑时身体会出现症状。\n",
    # an English name the page marks as English (lang="en"), between Chinese words
    "content/articles/crisis.zh-Hans.md": "---\ntitle: 危机热线\ndate: 2026-03-10\nsummary: 简短。\n---\n"
                                          "请拨打 988 联系 *988 Suicide & Crisis Lifeline*{: lang=\"en\" }\uff0c全天有人接听。\n",
}
for _name in ("sleep", "worry", "focus", "signs", "body", "crisis"):  # (a translation needs its original)
    PEOPLE_FILES[f"content/articles/{_name}.md"] = f"---\ntitle: {_name}\ndate: 2026-03-01\nsummary: s\n---\nText.\n"


@pytest.fixture(scope="module")
def people(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("people"), PEOPLE_FILES)
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


@pytest.mark.parametrize(("word", "url"), [
    ("spanish", "team/dana/"), ("espanol", "team/dana/"), ("english", "team/dana/"),  # a language, by any of its names
    ("psychotherapist", "team/dana/"), ("lcsw", "team/dana/"), ("couples", "team/dana/"),
    ("medicaid", "services/therapy/"), ("plans", "services/therapy/"),  # a question and its answer
])
def test_a_clinicians_and_a_services_front_matter_is_found(people, word, url):
    assert lookup(people / "search/index", word) == {url}


def test_a_translated_clinician_is_found_by_the_names_of_their_languages_in_each_language(people):
    index = people / "es/search/index"
    for word in ("espanol", "spanish", "ingles", "english", "psicoterapeuta"):
        assert lookup(index, word) == {"team/dana/"}, word  # (under es/, as its index is)


def test_a_clinicians_specialty_and_office_weigh_above_a_word_of_a_text(people):
    index = people / "search/index"
    trauma = scored(index, "trauma")
    assert trauma.keys() == {"team/dana/", "blog/trauma/"}
    assert trauma["team/dana/"] > trauma["blog/trauma/"]  # a specialty, as a heading
    assert scored(index, "downtown").keys() == {"team/dana/", "locations/downtown/"}  # where they see clients
    docs = [json.loads(p.read_text("utf-8")) for p in (index / "d").glob("*.json")]
    dana = next(d for d in docs if d["u"] == "team/dana/")
    assert dana["h"] == ["Psychotherapist", "LCSW", "Trauma", "Couples", "English", "Spanish", "Español"]


def test_serve_finds_a_clinician_under_a_renamed_office(tmp_path):
    root = write_site(tmp_path / "site", PEOPLE_FILES)
    state, out = BuildState(), tmp_path / "preview"
    index = out / "search/index"
    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        assert build(root, out, today=TODAY, preview=True, state=state).ok
        assert lookup(index, "downtown") == {"team/dana/", "locations/downtown/"}
        config = root / "site_config.yaml"
        config.write_text(config.read_text("utf-8").replace("name: Downtown", "name: Riverside"), "utf-8")
        assert build(root, out, today=TODAY, preview=True, state=state).ok
        assert lookup(index, "riverside") == {"team/dana/", "locations/downtown/"}
        assert lookup(index, "downtown") == set()


def test_the_index_keeps_the_runs_of_text_a_page_marks_with_another_language(people):
    doc = next(d for d in map(json.loads, (p.read_text("utf-8") for p in (people / "zh/search/index/d").glob("*.json")))
               if d["u"] == "blog/crisis/")
    assert doc["b"] == "请拨打 988 联系 988 Suicide & Crisis Lifeline\uff0c全天有人接听。"
    assert [(doc["b"][start:end], lang) for start, end, lang in doc["bl"]] == [("988 Suicide & Crisis Lifeline", "en")]
    assert not any("bl" in json.loads(p.read_text("utf-8")) for p in (people / "search/index/d").glob("*.json"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("search"), FILES)
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def test_index_lists_words_of_titles_bodies_headings_pages_and_locations(built):
    index = built / "search/index"
    assert lookup(index, "insomnia") == {"blog/sleep/"}  # a word of the body only
    assert lookup(index, "steps") == {"blog/sleep/"}  # a heading
    assert lookup(index, "cookies") == {"privacy/"}  # a page
    assert lookup(index, "springfield") == {"locations/downtown/"}  # a location's address
    assert lookup(index, "nonexistentword") == set()
    manifest = json.loads((index / "manifest.json").read_text("utf-8"))
    assert manifest["n"] == 6  # four articles, one page, one location


def test_spanish_is_found_without_accents_and_chinese_by_characters(built):
    index = built / "search/index"
    assert lookup(index, "depresion") == {"blog/ansiedad/"}  # 'depresión' in the text
    assert lookup(index, "焦虑") == {"blog/zh/"}  # a pair of characters
    assert lookup(index, "焦") == {"blog/zh/"}  # a single one


def test_a_document_file_holds_what_the_result_shows(built):
    docs = [json.loads(p.read_text("utf-8")) for p in sorted((built / "search/index/d").glob("*.json"))]
    sleep = next(d for d in docs if d["u"] == "blog/sleep/")
    assert sleep["t"] == "Rest and recovery" and sleep["y"] == "article" and sleep["s"] == "How rest helps."
    assert "insomnia during a hard season" in sleep["b"] and "<" not in sleep["b"]
    assert sleep["h"] == ["Small steps"]


def test_a_checklists_statements_are_found_by_their_words_not_their_links(tmp_path):
    checklist = ("title: Check\nitems:\n  - {text: 'I feel [judged](/contact/) at times.', topic: rapport}\n"
                 "topics:\n  rapport: {title: Rapport, advice: Talk.}\nresults:\n  - {min: 0, max: 1, text: Few.}\n")
    root = write_site(tmp_path / "site", {"content/checklists/c.yaml": checklist})
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    docs = [json.loads(p.read_text("utf-8")) for p in sorted((root / "output/search/index/d").glob("*.json"))]
    assert next(d for d in docs if d["u"] == "self-assessment/c/")["b"] == "I feel judged at times."


def test_the_words_either_side_of_a_line_break_are_found_apart(tmp_path):
    """A browser shows '<br>' as a new line: the text indexed holds a space there, not one run-on word."""
    article = "---\ntitle: Call\ndate: 2026-01-05\n---\nCall us<br>today, or<br/>tomorrow.\n"
    root = write_site(tmp_path / "site", {"content/articles/call.md": article})
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    docs = [json.loads(p.read_text("utf-8")) for p in sorted((root / "output/search/index/d").glob("*.json"))]
    assert next(d for d in docs if d["u"] == "blog/call/")["b"] == "Call us today, or tomorrow."


def test_search_page_without_javascript_sends_nothing_and_offers_links(built):
    html = (built / "search/index.html").read_text("utf-8")
    form = html[html.index('<form class="search-form"'):html.index("</form>")]
    assert " hidden" in form.split(">", 1)[0]  # shown only by the script
    assert "name=" not in form  # nothing would be sent even if it were submitted
    assert "action=" not in form
    assert 'href="/blog/"' in html and 'href="/tags/sleep/"' in html and 'href="/locations/"' in html
    assert "needs JavaScript" in html
    assert 'href="/search/"' in (built / "blog/index.html").read_text("utf-8")


def test_the_index_is_the_same_after_a_rebuild_and_follows_an_edit(tmp_path):
    root = write_site(tmp_path / "site", FILES)
    assert build_site(root).returncode == 0
    index = root / "output/search/index"
    first = {p.relative_to(index): p.read_bytes() for p in sorted(index.rglob("*.json"))}
    assert build_site(root).returncode == 0
    assert {p.relative_to(index): p.read_bytes() for p in sorted(index.rglob("*.json"))} == first
    article = root / "content/articles/other.md"
    article.write_text(article.read_text("utf-8").replace("garden", "courtyard"), "utf-8")
    assert build_site(root).returncode == 0
    assert lookup(index, "courtyard") == {"blog/other/"} and lookup(index, "garden") == set()
    (root / "content/articles/sleep.md").unlink()
    assert build_site(root).returncode == 0
    assert lookup(index, "insomnia") == set() and lookup(index, "courtyard") == {"blog/other/"}


def test_serve_index_follows_an_edit_and_a_deletion(tmp_path):
    root = write_site(tmp_path / "site", FILES)
    state, out = BuildState(), tmp_path / "preview"
    index = out / "search/index"
    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        assert build(root, out, today=TODAY, preview=True, state=state).ok
        article = root / "content/articles/other.md"
        article.write_text(article.read_text("utf-8").replace("garden", "courtyard"), "utf-8")
        assert build(root, out, today=TODAY, preview=True, state=state).ok
        assert lookup(index, "courtyard") == {"blog/other/"} and lookup(index, "garden") == set()
        assert lookup(index, "insomnia") == {"blog/sleep/"}
        (root / "content/articles/sleep.md").unlink()
        assert build(root, out, today=TODAY, preview=True, state=state).ok
        assert lookup(index, "insomnia") == set() and lookup(index, "courtyard") == {"blog/other/"}


def test_an_index_mended_after_edits_has_the_bytes_of_one_made_from_nothing(tmp_path):
    """Edits of a few pages at a time that add, drop and rescore words, split shards and join them
    again (words sharing their first letters, words as long as a shard's key), and pages that come
    and go: the index kept in memory (serve) and the one read back from the cache folder (the
    command line) are the bytes of an index made from nothing."""
    rng = random.Random(16)
    words = ["a", "aa", "ab", "abc", "b", "ba", *(x + y + z for x in "ab" for y in "abcd" for z in "abcdefgh"),
             *(f"abc{z}" for z in "abcdefgh")]
    pages = {n: [*rng.choices(words, k=45), "common"] for n in range(400)}  # 'common': over MAX_POSTINGS pages
    memo: dict = {}
    store = tmp_path / "keep-search"
    for step in range(16):
        if step % 5 == 4:  # pages come and go: the numbers of the others move
            del pages[rng.choice(sorted(pages))]
            pages[1000 + step] = rng.choices(words, k=25)
        else:  # a few pages edited: words of one first letter dropped or added many times, one word more
            letter = rng.choice("ab")
            for n in rng.sample(sorted(pages), rng.randint(20, 90)):
                if step % 2:
                    pages[n] = [w for w in pages[n] if not w.startswith(letter)]
                else:
                    pages[n] = pages[n] + [w for w in words if w.startswith(letter)] * 3 + [f"new{step}"]
        records = [search.Record(f"p/{n}/", f"Page {n}", "", "article", "en", (), " ".join(text))
                   for n, text in sorted(pages.items())]
        cold = search.build(records)
        assert len([name for name in cold if name.startswith("search/index/t/")]) > 10
        assert search.build(records, memo=memo, store=store) == cold, step
        assert search.build(records, memo={}, store=store) == cold, step
        if step % 5 in (0, 4):  # in steps, its entries made here (a command, while workers render pages)
            assert search.finished(search.building(records, memo={}, store=store)) == cold, step
            assert search.finished(search.building(records, packed=True)) == search.build(records, packed=True), step


def test_entries_compressed_or_not_give_the_same_index(tmp_path, monkeypatch):
    """A small site's entries are zlib streams left uncompressed, a big one's compressed (SMALL_INDEX):
    the files are the same, and what was kept at one level serves a build at the other (a site that
    grows past the limit, or shrinks below it)."""
    rng = random.Random(3)
    words = [f"w{n}" for n in range(300)]
    records = [search.Record(f"p/{n}/", f"Page {n}", "", "article", "en", ("A heading",), " ".join(rng.choices(words, k=60)))
               for n in range(120)]
    small = search.build(records)
    memo: dict = {}
    store = tmp_path / "keep-search"
    assert search.build(records, memo=memo, store=store) == small
    monkeypatch.setattr(search, "SMALL_INDEX", 50)  # the same pages, now "a big site": compressed
    big_memo: dict = {}
    assert search.build(records, memo=big_memo, store=tmp_path / "keep-big") == small
    assert all(len(entry[2]) < len(zlib.decompress(entry[2])) for entry in big_memo["made"].values())
    assert all(len(entry[2]) > len(zlib.decompress(entry[2])) for entry in memo["made"].values())
    records[7] = search.Record("p/7/", "Page 7", "", "article", "en", (), "an edit")
    cold = search.build(records, memo={})
    assert search.build(records, memo=memo, store=store) == cold  # kept uncompressed, made again compressed
    assert search.build(records, memo={}, store=store) == cold
    packed = search.build(records, memo={}, packed=True)
    assert {name: data if isinstance(data, bytes) else data.unpacked() for name, data in packed.items()} == cold


@pytest.mark.parametrize("edited", [True, False])
def test_an_entry_of_the_cache_folder_with_terms_and_scores_apart_is_a_miss(tmp_path, edited):
    """_read_store takes an entry on its shape; one whose terms and scores are not as many (only a
    forged file, checksum and all, can hold one) makes the index from nothing, never an error."""
    from haven import cache

    texts = {n: f"word{n} common shared{n % 3}" for n in range(12)}

    def sources() -> list[search.Source]:
        return [search.Source(f"p/{n}/", "en", search._part_of(f"p/{n}/") + f"{n:02d}{text}",
                              lambda n=n, text=text: search.Record(f"p/{n}/", f"Page {n}", "", "article", "en", (), text))
                for n, text in sorted(texts.items())]

    store = tmp_path / "keep-search"
    search.build(sources(), store=store)
    for digit in search.STORE_PARTS:  # every entry kept loses its last score
        part = search._part(store, digit)
        held = cache.read_data(part)
        cache.write_data(part, {key: (terms, scores[:-2], data) for key, (terms, scores, data) in held.items()})
    if edited:
        texts[5] = "word5 common different"
    memo: dict = {}
    assert search.build(sources(), memo=memo, store=store) == search.build(sources())
    assert search.build(sources(), memo={}, store=store) == search.build(sources())  # (written whole again)
    texts[7] = "word7 common edited later"  # serve: the memo kept from the cache folder, its entry of page 7 too
    assert search.build(sources(), memo=memo, store=store) == search.build(sources())


# --- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built):
    with serve_directory(built, headers=read_headers_file(built / "_headers")) as base_url:
        yield base_url


def _open(browser, url, js=True):
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    log = record_requests(page)
    page.goto(url)
    return context, page, log


def _search(page, query: str) -> str:
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"[“«]" + re.escape(query) + "[”»]"))  # (no string is evaluated: the policy forbids it)
    return status.text_content() or ""


@pytest.mark.parametrize(("query", "url", "marked"), [
    ("insomnia", "/blog/sleep/", "insomnia"),
    ("Wind-down ROUTINE", "/blog/sleep/", "routine"),
    ("depresion", "/blog/ansiedad/", "depresión"),  # without the accent, in Spanish text
    ("ansiedad ayuda", "/blog/ansiedad/", "ansiedad"),
    ("焦虑", "/blog/zh/", "焦虑"),
    ("心理问题", "/blog/zh/", "心理问题"),
    ("cookies", "/privacy/", "cookies"),
    ("springf", "/locations/downtown/", "springfield"),  # the start of a word
])
def test_search_finds_known_pages_by_words_of_their_text(browser, served, query, url, marked):
    context, page, log = _open(browser, served + "search/")
    try:
        status = _search(page, query)
        assert "1 result" in status, status
        link = page.locator("#search-results li a").first
        assert link.get_attribute("href").endswith(url)
        marks = [m.lower() for m in page.locator("#search-results mark").all_text_contents()]
        assert marked in marks, marks
        assert page.url == served + "search/"  # the query is not in the address
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        assert page.evaluate("document.cookie") == ""
        assert log.problems() == [] and log.other_hosts == [] and log.violations == []
        assert all(r.startswith(served) for r in log.requests)
    finally:
        context.close()


@pytest.fixture(scope="module")
def people_served(people):
    with serve_directory(people, headers=read_headers_file(people / "_headers")) as base_url:
        yield base_url


def _results(page) -> list[str]:
    return [a.get_attribute("href") for a in page.locator("#search-results li a").all()]


def test_chinese_words_typed_without_a_space_find_the_page_holding_them_all(browser, people_served):
    context, page, log = _open(browser, people_served + "zh/search/")
    try:
        _search(page, "焦虑睡眠")  # 焦虑 and 睡眠, in one page, not in a row
        assert _results(page) == [people_served + "zh/blog/sleep/"]
        assert page.locator("#search-results mark").all_text_contents() == ["焦虑", "睡眠"] * 2  # title, excerpt
        _search(page, "焦虑")  # a word of two characters: only where they are in a row
        assert sorted(_results(page)) == [people_served + f"zh/blog/{name}/" for name in ("body", "signs", "sleep", "worry")]
        assert log.problems() == [] and log.other_hosts == [] and log.violations == []
    finally:
        context.close()


def test_a_chinese_phrase_finds_the_pages_holding_most_of_its_words_those_with_all_first(browser, people_served):
    context, page, log = _open(browser, people_served + "zh/search/")
    try:
        # 的 is in no page but the first: a phrase as visitors type it, its little words optional
        _search(page, "焦虑的症状")
        assert _results(page) == [people_served + "zh/blog/signs/", people_served + "zh/blog/body/"]
        # 焦虑 and 症状 are most of 焦虑症状治疗, 焦虑 alone (worry, sleep) is not
        assert "2 条结果" in _search(page, "焦虑的症状和治疗")
        assert _results(page) == [people_served + "zh/blog/signs/", people_served + "zh/blog/body/"]
        assert page.locator("#search-results li").nth(1).locator("mark").all_text_contents() == ["焦虑", "症状"]
        # half of it is not most: 睡眠 and a 虑 of 考虑 (focus) do not stand for 焦虑睡眠
        _search(page, "焦虑睡眠")
        assert _results(page) == [people_served + "zh/blog/sleep/"]
        # two characters still need both, in a row: 症状 is not found by 症 or 状 alone
        assert _search(page, "虑症").startswith("没有找到") and _results(page) == []
        assert log.problems() == [] and log.other_hosts == [] and log.violations == []
    finally:
        context.close()


@pytest.mark.parametrize(("path", "query", "marked"), [("", "español", "Español"), ("", "Trauma", "Trauma"),
                                                        ("es/", "ingles", "Inglés"), ("", "Medicaid", "Medicaid")])
def test_a_clinician_is_found_by_a_language_they_speak_and_a_service_by_its_questions(browser, people_served, path,
                                                                                      query, marked):
    context, page, log = _open(browser, people_served + path + "search/")
    try:
        _search(page, query)
        expected = "services/therapy/" if query == "Medicaid" else "team/dana/"
        assert _results(page)[0] == people_served + path + expected
        assert marked in page.locator("#search-results li").first.locator("mark").all_text_contents()
        assert log.problems() == [] and log.other_hosts == []
    finally:
        context.close()


# A clinician's languages are found by their names in English and in themselves too: in the
# results, a name not in the page's language is marked with its own, for screen readers (WCAG 3.1.2).
@pytest.mark.parametrize(("path", "query", "marked", "shown"), [
    ("", "espanol", {"es": ["Español"]}, "… · LCSW · Trauma · Couples · English · Spanish · Español"),
    ("es/", "english", {"en": ["English", "Spanish"]}, "Psicoterapeuta · LCSW · Trauma · Couples · Inglés · English · Español · Spanish"),
])
def test_a_language_named_in_another_language_is_marked_with_its_own_in_the_results(browser, people_served, path,
                                                                                    query, marked, shown):
    context, page, log = _open(browser, people_served + path + "search/")
    try:
        _search(page, query)
        assert _results(page)[0] == people_served + path + "team/dana/"
        excerpt = page.locator("#search-results li").first.locator(".search-excerpt")
        spans = {lang: excerpt.locator(f'span[lang="{lang}"]').all_text_contents() for lang in marked}
        assert spans == marked
        assert excerpt.locator("mark").all_text_contents() == [marked[next(iter(marked))][0]]
        assert excerpt.text_content() == shown  # (the headings as the index has them, between their marks)
        assert log.problems() == [] and log.other_hosts == [] and log.violations == []
    finally:
        context.close()


def test_an_excerpt_keeps_the_language_the_page_marks_a_name_with(browser, people_served):
    context, page, log = _open(browser, people_served + "zh/search/")
    try:
        _search(page, "988")
        assert _results(page) == [people_served + "zh/blog/crisis/"]
        excerpt = page.locator("#search-results li").first.locator(".search-excerpt")
        assert excerpt.text_content() == "请拨打 988 联系 988 Suicide & Crisis Lifeline\uff0c全天有人接听。"
        assert excerpt.locator('span[lang="en"]').all_text_contents() == ["988 Suicide & Crisis Lifeline"]
        assert excerpt.locator('span[lang="en"] mark').all_text_contents() == ["988"]
        assert excerpt.locator("mark").all_text_contents() == ["988", "988"]
        assert log.problems() == [] and log.other_hosts == [] and log.violations == []
    finally:
        context.close()


def test_no_results_and_several_results_are_announced(browser, served):
    context, page, log = _open(browser, served + "search/")
    try:
        assert page.get_attribute("#search-status", "aria-live") == "polite"
        assert "No results" in _search(page, "zzzzqqq")
        status = _search(page, "room")
        assert "results for" in status
        assert page.locator("#search-results li").count() >= 2
        types = page.locator("#search-results .search-type").all_text_contents()
        assert "Article" in types
        assert log.problems() == []
    finally:
        context.close()


def test_search_by_keyboard_alone_and_axe_with_results(browser, served):
    context, page, log = _open(browser, served + "search/")
    try:
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "search-q":
                break
        assert page.evaluate("document.activeElement.id") == "search-q"
        page.keyboard.type("insomnia")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results a")
        assert run_axe(page) == []
        page.keyboard.press("Tab")  # the button
        page.keyboard.press("Tab")  # the first result
        assert page.evaluate("document.activeElement.textContent") == "Rest and recovery"
        page.keyboard.press("Enter")
        page.wait_for_url("**/blog/sleep/")
        assert log.problems() == []
    finally:
        context.close()


def test_search_page_without_javascript(browser, served):
    context, page, log = _open(browser, served + "search/", js=False)
    try:
        assert not page.is_visible("#search-form")
        assert page.is_visible("text=needs JavaScript")
        assert page.locator("a[href='/blog/']").count() >= 1
        assert page.locator("a[href='/locations/']").count() >= 1
        assert log.problems() == []
    finally:
        context.close()


@pytest.mark.parametrize("text", [
    "Plain ASCII words, don't_split under_scores 42x", "Depresión y ANSIEDAD: qué hacer", "It’s – “quoted” … ↩",
    "e\u0301te\u0301 Å ﬁne ²½ Ⓐ K", "Straße øre Σίσυφος ΣΑΣ", "焦虑症 治疗・ーカタカナ", "mixed 中文 and ascii", "",
    # only characters that part words, and with them a mark alone, which joins its neighbours
    "don’t – stop—now…", "don’t cafe\u0301s", "a\u00a0b\u2009c\u200bd", "x\u0301’y",
])
def test_counted_terms_are_the_terms_a_query_matches(text):
    """search.counted (the quick way for text whose letters fold to ASCII) counts the terms that
    search.terms finds, the rules search.js follows."""
    from collections import Counter

    assert search.counted(text) == Counter(search.terms(text))


def test_no_shard_grows_with_the_site():
    """Shards are split by prefix and a term keeps at most MAX_POSTINGS pages: at 3,000 pages with
    a common vocabulary, every file a query may fetch stays small."""
    import random

    rng = random.Random(7)
    vocabulary = [f"w{rng.randrange(10**6):x}" for _ in range(3000)] + ["therapy", "the", "and"]
    records = [search.Record(f"blog/a{i}/", f"Article {i}", "", "article", "en", (),
                             " ".join(rng.choice(vocabulary) for _ in range(300)) + " the and therapy")
               for i in range(3000)]
    files = search.build(records)
    shards = {name: data for name, data in files.items() if name.startswith("search/index/t/")}
    assert max(len(data) for data in shards.values()) < 2 * search.SHARD_BYTES
    manifest = json.loads(files["search/index/manifest.json"])
    assert manifest["n"] == 3000 and len(json.dumps(manifest)) < 20_000
    entry = json.loads(shards["search/index/" + search.shard_file(
        max((k for k in manifest["shards"] if "therapy".startswith(k)), key=len))])["therapy"]
    assert entry[0] == 3000 and len(entry) == 1 + 2 * search.MAX_POSTINGS  # every page counted, the best kept


def test_show_more_results_by_keyboard(browser, tmp_path):
    files = {"site_config.yaml": MINIMAL_CONFIG}
    for i in range(13):
        files[f"content/articles/walk-{i:02}.md"] = f"---\ntitle: Walk number {i}\ndate: 2026-01-{i + 1:02}\n---\nA walk in the meadow, day {i}.\n"
    root = write_site(tmp_path / "site", files)
    assert build_site(root).returncode == 0
    with serve_directory(root / "output", headers=read_headers_file(root / "output/_headers")) as base_url:
        context, page, log = _open(browser, base_url + "search/")
        try:
            assert "13 results" in _search(page, "meadow")
            assert page.locator("#search-results li").count() == 10
            page.focus("#search-more")
            page.keyboard.press("Enter")
            page.wait_for_selector("#search-results li:nth-child(13)")
            assert page.evaluate("document.activeElement.closest('li') === document.querySelector('#search-results li:nth-child(11)')")
            assert not page.is_visible("#search-more")
            assert log.problems() == []
        finally:
            context.close()


def test_a_word_in_more_pages_than_the_index_keeps_says_how_many_and_narrows_to_the_rest(browser, tmp_path):
    """'note' and 'sleep' are in 320 articles, more than search.MAX_POSTINGS keeps: the page gives
    how many pages hold the word, says that the best are listed and asks for another word, with
    which an article left out of the 300 is found."""
    files = {"site_config.yaml": MINIMAL_CONFIG}
    for i in range(320):
        day = TODAY.replace(year=2025) - dt.timedelta(days=i)
        sleepless = " Sleepless nights." if i < 3 else ""
        files[f"content/articles/n{i:03}.md"] = (f"---\ntitle: Note {i}\ndate: {day}\nsummary: Note {i}.\n---\n"
                                                 f"A note about sleep, marker{i}.{sleepless}\n")
    root = write_site(tmp_path / "site", files)
    assert build_site(root).returncode == 0
    left_out = sorted({f"blog/n{i:03}/" for i in range(320)} - lookup(root / "output/search/index", "sleep"))
    assert len(left_out) == 20
    with serve_directory(root / "output", headers=read_headers_file(root / "output/_headers")) as base_url:
        context, page, log = _open(browser, base_url + "search/")
        try:
            assert _search(page, "note") == "320 results for “note”. The best 300 are listed here; add a word to narrow them."
            assert page.locator("#search-results li").count() == 10
            # 'sleep' is the start of 'sleep' (320 pages) and 'sleepless' (3): at least 320 pages hold it
            assert re.fullmatch(r"At least 320 results for “sleep”\. The best 30[0-3] are listed here; "
                                r"add a word to narrow them\.", _search(page, "sleep"))
            # two words each in too many pages: how many hold both is not known
            assert re.fullmatch(r"\d+ results for “note sleep”\. More pages may hold these words than are "
                                r"listed here; add a word to narrow them\.", _search(page, "note sleep"))
            marker = str(int(left_out[0].removeprefix("blog/n").strip("/")))
            assert _search(page, f"sleep marker{marker}") == f"1 result for “sleep marker{marker}”."
            assert page.get_attribute("#search-results a", "href").endswith(left_out[0])
            assert log.problems() == []
        finally:
            context.close()
