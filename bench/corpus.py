#!/usr/bin/env python3
"""Deterministic benchmark corpus: N clinic-style articles for Haven, Pelican and Hugo.

    python bench/corpus.py --n 1000 --seed 1 --today 2026-11-26 --out ../haven-corpus

writes three sites that hold the same articles:

    OUT/haven/    site_config.yaml, content/articles/*.md, content/pages/*.md, static/images/
    OUT/pelican/  pelicanconf.py (+ pelicanconf_cached.py), content/articles/*.md, content/pages/*.md
    OUT/hugo/     hugo.toml, layouts/ (a tiny theme), content/posts/*.md, content/*.md, static/images/
    OUT/manifest.json   what was generated: slugs, files and the article the runner edits

Every article is about 1,100 words (1,000 to 1,200), written with the markup of a clinic's blog
post: a link or two in most paragraphs (to other generated articles, /blog/<slug>/ and
/blog/<slug>/#when-to-ask, to the clinic's pages and to outside sources), emphasis in about half
of them, ##/### headings, bulleted lists (some with bold lead-ins) and numbered ones, a quote in
most articles, and now and then a table, a callout, a footnote or an image with alt text; 1 to 3
tags from a vocabulary of 40 and one of 6 categories. `--density FILE...` counts that markup per
1,000 words in any Markdown files (docs/performance.md gives the calibration). Dates spread over
the eight years before --today, never after it. The same (n, seed) always gives the same bytes;
the standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import struct
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TODAY = dt.date(2026, 11, 26)
YEARS_BACK = 8

TAGS = [
    "anxiety", "depression", "sleep", "stress", "grief", "trauma", "ptsd", "adhd", "medication",
    "therapy", "cbt", "dbt", "mindfulness", "self-care", "relationships", "parenting", "teens",
    "burnout", "work", "substance use", "eating disorders", "bipolar", "ocd", "panic", "loneliness",
    "resilience", "insurance", "telehealth", "first visit", "family", "couples", "lgbtq",
    "postpartum", "older adults", "exercise", "nutrition", "habits", "boundaries", "safety planning",
    "progress",
]
CATEGORIES = ["Tips", "Conditions", "Treatment", "Wellbeing", "Clinic news", "Family"]
AUTHORS = ["Clinical team", "Dana Whitfield, LCSW", "Dr. Omar Reyes", "Priya Nair, PMHNP", "Sam Okafor, LMHC"]
REVIEWERS = ["Dr. Helen Marsh, MD", "Jordan Lee, PsyD", "Ruth Abramson, LCSW"]

TOPICS = [
    "anxiety at work", "trouble sleeping", "panic attacks", "low mood in winter", "grief after a loss",
    "burnout", "social anxiety", "racing thoughts", "a new diagnosis", "medication side effects",
    "starting therapy", "changing therapists", "stress at home", "loneliness", "caring for a parent",
    "a teenager's low mood", "exam stress", "postpartum mood changes", "anger", "perfectionism",
    "procrastination", "intrusive thoughts", "health worries", "a breakup", "moving to a new city",
    "money worries", "retirement", "returning to work", "chronic pain and mood", "drinking more than you meant to",
    "screen time and sleep", "setting boundaries", "people-pleasing", "self-criticism", "feeling numb",
    "a traumatic event", "nightmares", "ADHD in adults", "focus and attention", "mood swings",
    "seasonal changes", "a child's worries", "family conflict", "couples communication", "coming out",
    "body image", "eating on a schedule", "motivation", "small daily habits", "asking for help",
    "waiting lists", "telehealth visits", "insurance paperwork", "a first psychiatry visit",
    "stopping a medication", "relapse", "holidays", "shift work", "caregiver fatigue", "feeling stuck in therapy",
]
TITLE_PATTERNS = [
    "How to cope with {t}", "Understanding {t}", "{T}: what helps", "A gentle guide to {t}",
    "Questions to ask about {t}", "When {t} gets in the way", "Five myths about {t}",
    "{T} and your family", "What we wish people knew about {t}", "Talking to your clinician about {t}",
    "First steps with {t}", "{T}: signs to watch for", "Living well with {t}", "Getting support for {t}",
    "{T}, explained", "Is it just {t}?", "A plan for {t}", "{T}: a checklist", "Making sense of {t}",
    "Small changes for {t}",
]
AUDIENCES = [
    "", "for new parents", "for students", "in older age", "at the holidays", "for shift workers",
    "after a move", "in a new job", "for caregivers", "in winter", "for couples", "for teens",
    "during recovery", "on a budget", "for busy weeks", "after a hospital stay", "for first-timers",
    "in midlife", "for veterans", "while working from home", "after a diagnosis", "for night owls",
    "in a crisis year", "for athletes", "for remote workers",
]

OPENERS = [
    "", "", "", "For many people, ", "In our experience, ", "Over time, ", "At first, ", "Sometimes ",
    "Research suggests that ", "It helps to remember that ", "In practice, ", "More often than not, ",
    "Our clinicians often hear that ", "As one patient put it, ", "For some families, ",
]
CLAUSES = [
    "{t} can make ordinary days feel heavier than they should",
    "people living with {t} tend to blame themselves for things outside their control",
    "it's easy to wait too long before talking to someone about {t}",
    "{t} rarely has a single cause, and that is worth saying out loud",
    "small, regular routines do more for {t} than one big change",
    "a short conversation with a clinician can make {t} feel far less confusing",
    "the first weeks of working on {t} are often the hardest",
    "friends and family don't always know what to say about {t}",
    "{t} looks different from one person to the next",
    "sleep, food and movement all play a part in {t}",
    "writing things down can make {t} easier to talk about",
    "setbacks with {t} are part of the process, not proof that nothing works",
    "you don't need to have the \"right words\" to bring up {t}",
    "the goal is not to make {t} vanish overnight but to make it manageable",
    "{t} often eases once people feel heard",
    "it's reasonable to ask what the options for {t} are -- and what each one involves",
    "progress with {t} is usually uneven, with good weeks and harder ones",
    "support for {t} can start with a single phone call",
    "many of the people we see for {t} say they wish they had reached out sooner",
    "naming what you feel is an important first step with {t}",
    "a plan that fits your week is more useful than a perfect plan you can't follow",
    "medication is one option among several, and it isn't right for everyone",
    "therapy gives you a space to look at {t} without being judged",
    "your clinician will ask about your history, your goals and what has helped before",
    "it's fine to take notes during a visit, or to bring someone you trust",
    "a good fit with your clinician matters as much as the method they use",
    "the body often notices {t} before the mind does",
    "avoiding what you fear can bring short-term relief and long-term trouble",
    "kindness toward yourself is a skill, and it can be practiced",
    "a few minutes of slow breathing can take the edge off a hard moment",
]
CLOSERS = [
    ".", ".", ".", ".", ", and that is okay.", " -- which is more common than it sounds.",
    ", even when it doesn't feel that way.", "... and that's worth knowing.", ", at least at first.",
    ", as many of our patients have found.", ", whatever your age.",
]
EMPHASIS = ["**", "**", "*", "*", "_"]
HEADINGS = [
    "Why {t} happens", "What {t} can feel like", "Small steps that help", "Talking with your clinician",
    "What to expect at a first visit", "Common questions", "A note for family and friends",
    "How therapy can help", "Where medication fits", "Building a routine", "Looking after your sleep",
    "Tracking your progress", "When things get harder", "Getting started this week",
    "What the research says", "Practical tips for busy days", "Myths and facts",
]
SUBHEADINGS = [
    "At home", "At work", "With friends", "In the first month", "Over the long term",
    "If you are a parent", "If you live alone", "Before your appointment", "After your appointment",
    "On difficult days",
]
BULLETS = [  # (a bold lead-in some lists give their items, the item)
    ("Track it", "Keep a short note of when {t} is worse and when it eases"),
    ("Start small", "Pick one small change and try it for two weeks"),
    ("Talk", "Tell one person you trust what is going on"),
    ("Sleep", "Keep regular times for waking up and going to bed"),
    ("Prepare", "Write down questions before each appointment"),
    ("Notice", "Notice the thoughts that come before a hard moment"),
    ("Plan", "Plan something you enjoy, however small, most days"),
    ("Evenings", "Limit caffeine and alcohol in the evening"),
    ("Move", "Move your body for ten minutes, even indoors"),
    ("Ask", "Ask your clinician what to do if things get worse"),
    ("Costs", "Check what your insurance covers before the first visit"),
    ("Be ready", "Put crisis numbers where you can find them quickly"),
    ("Unplug", "Take breaks from news and social media"),
    ("Protect your energy", "Say \"not today\" to one thing that drains you"),
]
STEPS = [
    "Write down what you have noticed about {t}",
    "Call the clinic or use the [contact page](/contact/) to ask for an appointment",
    "Bring your list of medications and any questions to the first visit",
    "Agree on one or two goals with your clinician",
    "Try the plan for a few weeks and keep brief notes",
    "Review what helped, and adjust together",
    "Schedule a follow-up before you leave",
]
# Links to other pages of the clinic's site, and to the outside sources clinic posts cite.
CLINIC_SENTENCES = [
    "When you're ready, you can [book a first visit](/contact/).",
    "If you have questions, [get in touch](/contact/) and we'll call you back.",
    "You can read more about [our team](/about/) and how we work.",
    "See [our locations and hours](/locations/) to find the office nearest you.",
]
RESOURCES = [
    ("the 988 Suicide & Crisis Lifeline", "https://988lifeline.org/"),
    ("the National Institute of Mental Health", "https://www.nimh.nih.gov/health/topics"),
    ("SAMHSA's National Helpline", "https://www.samhsa.gov/find-help/helplines/national-helpline"),
    ("NAMI", "https://www.nami.org/"),
    ("the American Psychological Association", "https://www.apa.org/topics"),
    ("MedlinePlus", "https://medlineplus.gov/mentalhealth.html"),
    ("the CDC's pages on sleep", "https://www.cdc.gov/sleep/"),
]
LINK_SENTENCES = ["You may also find {link} useful.", "We wrote more about this in {link}.",
                  "For a related question, see {link}.", "Some readers start with {link}."]
RESOURCE_SENTENCES = ["{link} has more on this.", "You can read more from {link}.",
                      "For background, see {link}."]
QUOTES = [
    "It took me three tries to find a therapist I clicked with, and I'm glad I kept looking.",
    "Nobody expected me to have the right words. I just had to show up.",
    "The plan we made was small enough that I could actually follow it.",
    "Writing down one thing each evening showed me the good days I'd been forgetting.",
    "I thought asking for help meant I'd failed. It turned out to be the first thing that worked.",
    "My clinician asked what I wanted to be different in a month, not in a year.",
    "Some weeks were harder than others, and that was part of it.",
    "Bringing my partner to one visit made it much easier to talk at home.",
]
ATTRIBUTIONS = ["a patient, shared with permission", "a parent we work with", "one of our clinicians",
                "a patient, in their own words"]
FOOTNOTES = [
    ("About one adult in five in the US receives mental-health care in a given year.",
     "National survey figures, rounded; see your clinician for what applies to you."),
    ("Most people who start therapy notice some change within the first few months.",
     "Figures vary by study and by what is being treated; ask your clinician about yours."),
    ("Sleep problems and low mood often go together.",
     "See the [National Institute of Mental Health](https://www.nimh.nih.gov/health/topics) for an overview."),
]
CALLOUTS = [
    ("note", "Good to know", "You can ask for a different clinician at any time. It's a normal request, and it won't affect your care."),
    ("tip", "Try this", "Set a reminder for the same time each day and spend two minutes noting how you feel, from 1 to 10."),
    ("warning", "If you are in crisis", "Call or text 988, or call 911 in an emergency. You don't have to wait for an appointment."),
]
TABLE_ROWS = [
    ("Sleep", "Trouble falling or staying asleep", "Keep a steady wake-up time"),
    ("Mood", "Feeling flat or irritable most days", "Plan one small pleasant activity"),
    ("Energy", "Tired even after rest", "Short walks in daylight"),
    ("Focus", "Losing track of tasks", "Write a three-item list each morning"),
    ("Appetite", "Eating much more or less than usual", "Regular meal times"),
    ("Worry", "Thoughts that are hard to stop", "A set \"worry time\" each day"),
]
IMAGES = [
    ("waiting-room.png", "A calm waiting room with two armchairs and a plant", (196, 214, 200)),
    ("notebook.png", "An open notebook with a pen on a wooden table", (230, 220, 196)),
    ("walk.png", "A path through a park in early morning light", (180, 200, 226)),
]
WHEN_TO_ASK = "when-to-ask"
TITLE_MAX, SUMMARY_MAX = 60, 160  # what search results show; Haven warns about longer ones


@dataclass
class Article:
    index: int
    slug: str
    title: str
    topic: str
    date: dt.date
    category: str
    tags: list[str]
    author: str
    reviewed_by: str | None
    summary: str
    blocks: list[str] = field(default_factory=list)  # Markdown body, one block per entry

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks) + "\n"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _titles(n: int, rng: random.Random) -> list[tuple[str, str]]:
    combos = [(p, t, a) for p in TITLE_PATTERNS for t in TOPICS for a in AUDIENCES]
    if n > len(combos):
        raise SystemExit(f"at most {len(combos)} articles can be generated, asked for {n}")
    rng.shuffle(combos)
    out, seen = [], set()
    for pattern, topic, audience in combos:
        title = pattern.format(t=topic, T=_cap(topic))
        if audience:
            title = f"{title.rstrip('?')} {audience}" + ("?" if title.endswith("?") else "")
        slug = slugify(title)
        if slug in seen or len(title) > TITLE_MAX:
            continue
        seen.add(slug)
        out.append((title, topic))
        if len(out) == n:
            break
    return out


def _sentence(rng: random.Random, topic: str, emphasis: float = 0.27) -> str:
    opener = rng.choice(OPENERS)
    clause = rng.choice(CLAUSES).format(t=topic)
    text = opener + clause
    if rng.random() < emphasis:  # emphasise one to three words
        words = text.split(" ")
        i = rng.randrange(len(words))
        j = min(len(words), i + rng.choice((1, 1, 2, 3)))
        mark = rng.choice(EMPHASIS)
        if all(re.fullmatch(r"[A-Za-z']+", w) for w in words[i:j]):
            words[i:j] = [f"{mark}{' '.join(words[i:j])}{mark}"]
            text = " ".join(words)
    return _cap(text) + rng.choice(CLOSERS)


def _summary(rng: random.Random, topic: str) -> str:
    while True:
        text = _sentence(rng, topic, emphasis=0.0)
        if len(text) <= SUMMARY_MAX:
            return text


def _target(rng: random.Random, articles: list[tuple[str, str]], self_index: int) -> tuple[str, str] | None:
    """Another article's title and address (now and then its "when to ask" section)."""
    if len(articles) == 1:
        return None
    j = rng.randrange(len(articles))
    if j == self_index:
        j = (j + 1) % len(articles)
    title, slug = articles[j]
    return title, f"/blog/{slug}/" + (f"#{WHEN_TO_ASK}" if rng.random() < 0.25 else "")


def _link(rng: random.Random, articles: list[tuple[str, str]], self_index: int) -> str:
    target = _target(rng, articles, self_index)
    if target is None:
        return "our other articles"
    title, url = target
    text = rng.choice([title.lower(), f"our article on {title.lower()}", "this related guide", title])
    return f"[{text}]({url})"


def _add_link(rng: random.Random, sentences: list[str], topic: str, links, index: int) -> None:
    kind = rng.random()
    if kind < 0.4:  # the topic, where a sentence names it, linked to another article
        named = [i for i, s in enumerate(sentences) if topic in s and "](" not in s]
        target = _target(rng, links, index)
        if named and target:
            i = rng.choice(named)
            sentences[i] = sentences[i].replace(topic, f"[{topic}]({target[1]})", 1)
            return
    if kind < 0.7:
        sentence = rng.choice(LINK_SENTENCES).format(link=_link(rng, links, index))
    elif kind < 0.88:
        text, url = rng.choice(RESOURCES)
        template = rng.choice(RESOURCE_SENTENCES)
        sentence = template.format(link=f"[{_cap(text) if template.startswith('{') else text}]({url})")
    else:
        sentence = rng.choice(CLINIC_SENTENCES)
    sentences.insert(rng.randint(1, len(sentences)), sentence)


def _paragraph(rng: random.Random, topic: str, links, index: int, link_weights=(30, 45, 25)) -> str:
    """Two to four sentences; none, one or two links (as weighted), emphasis in about half."""
    sentences = [_sentence(rng, topic) for _ in range(rng.randint(2, 4))]
    for _ in range(rng.choices((0, 1, 2), link_weights)[0]):
        _add_link(rng, sentences, topic, links, index)
    return " ".join(sentences)


def _bullets(rng: random.Random, topic: str, count: int) -> str:
    items = rng.sample(BULLETS, count)
    lead = rng.random() < 0.4  # "- **Sleep:** Keep regular times..."
    return "\n".join(f"- **{head}:** {_cap(text.format(t=topic))}." if lead else f"- {_cap(text.format(t=topic))}."
                     for head, text in items)


def _quote(rng: random.Random) -> str:
    return f'> "{rng.choice(QUOTES)}"\n>\n> -- {_cap(rng.choice(ATTRIBUTIONS))}'


def _words(text: str) -> int:
    """Words a reader sees: link targets and Markdown punctuation do not count."""
    return len(re.findall(r"[A-Za-z0-9'-]+", re.sub(r"\]\([^)]*\)|\{#[^}]*\}", "]", text)))


# Markup counted per 1,000 words (see docs/performance.md, "The corpus"): what the corpus was
# calibrated on. `python bench/corpus.py --density FILE...` counts it in any Markdown files.
MARKUP = {
    "links": re.compile(r"(?<!!)\[[^\]\n]+\]\((?!#)[^)\n]+\)|(?<!!)\[[^\]\n]+\]\[[^\]\n]*\]"),
    "emphasis": re.compile(r"\*\*[^*\n]+\*\*|(?<![*\w])\*[^*\s][^*\n]*\*(?![*\w])|(?<!\w)_[^_\s][^_\n]*_(?!\w)"),
    "list items": re.compile(r"^ {0,3}(?:[-*+]|\d+\.) ", re.M),
    "headings": re.compile(r"^#{1,6} ", re.M),
    "quotes": re.compile(r"(?:^|\n\n)> "),
    "tables": re.compile(r"^\|? *:?-{3,}:? *\|", re.M),
    "footnotes": re.compile(r"\[\^[^\]]+\](?!:)"),
    "images": re.compile(r"!\[[^\]]*\]\("),
    "callouts": re.compile(r"^!!! ", re.M),
}


def density(bodies: list[str]) -> dict[str, float]:
    """Markup per 1,000 words of Markdown bodies, the share (%) of paragraphs holding a link and
    emphasis, and the mean words an article."""
    words = sum(_words(b) for b in bodies)
    figures = {name: round(sum(len(pattern.findall(b)) for b in bodies) * 1000 / words, 1)
               for name, pattern in MARKUP.items()}
    paragraphs = [block for b in bodies for block in re.split(r"\n\s*\n", b.strip())
                  if block and not re.match(r"(#|[-*+] |\d+\. |\||!!!| {4}|\[\^|>|!\[)", block)]
    for name in ("links", "emphasis"):
        share = sum(bool(MARKUP[name].search(p)) for p in paragraphs) / max(len(paragraphs), 1)
        figures[f"paragraphs with {name} %"] = round(100 * share)
    figures["words an article"] = round(words / len(bodies))
    return figures


def _body_of(path: Path) -> str:
    text = path.read_text("utf-8")
    return text[text.index("\n---\n", 3) + 5:] if text.startswith("---\n") else text


def _build_body(article: Article, rng: random.Random, links, target: int) -> None:
    t = article.topic
    blocks = [_paragraph(rng, t, links, article.index, (50, 40, 10)), _paragraph(rng, t, links, article.index)]
    if rng.random() < 0.35:
        name, alt, _ = rng.choice(IMAGES)
        blocks.insert(rng.randint(1, 2), f"![{alt}](/images/{name})")
    headings = rng.sample(HEADINGS, len(HEADINGS))
    footnotes = rng.sample(FOOTNOTES, rng.choice((1, 1, 2))) if rng.random() < 0.30 else []
    table = rng.random() < 0.20
    callout = rng.random() < 0.25
    quotes = rng.choices((0, 1, 2), (25, 60, 15))[0]
    quote_at = rng.sample(range(5), quotes)
    section = 0
    when_to_ask_at = rng.randint(2, 4)
    words = sum(_words(b) for b in blocks)
    while words < target or section <= when_to_ask_at:
        if section == when_to_ask_at:
            heading = f"## When to ask for help {{#{WHEN_TO_ASK}}}"
        else:
            heading = "## " + headings[section % len(headings)].format(t=t)
        part = [heading, _paragraph(rng, t, links, article.index)]
        kind = section % 4
        if kind == 0:
            part.append(_bullets(rng, t, rng.randint(3, 5)))
        elif kind == 1:
            steps = rng.sample(STEPS, rng.randint(3, 4))
            part.append("\n".join(f"{i}. {_cap(s.format(t=t))}." for i, s in enumerate(steps, 1)))
        elif kind == 2:
            part.append(f"### {rng.choice(SUBHEADINGS)}")
            part.append(_paragraph(rng, t, links, article.index))
            if rng.random() < 0.5:
                part.append(_bullets(rng, t, 3))
        else:
            part.append(f"### {rng.choice(SUBHEADINGS)}")
            part.append(_paragraph(rng, t, links, article.index, (15, 50, 35)))
        if section in quote_at:
            part.insert(2, _quote(rng))
        if table and section == 1:
            rows = rng.sample(TABLE_ROWS, 4)
            part.append("| Area | What you might notice | One thing to try |\n| --- | --- | --- |\n"
                        + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows))
        if callout and section == 2:
            kind_, title, text = rng.choice(CALLOUTS)
            part.append(f'!!! {kind_} "{title}"\n    {text}')
        if section < len(footnotes):
            part[1] += f" {footnotes[section][0]}[^{section + 1}]"
        blocks.extend(part)
        words += sum(_words(b) for b in part)
        section += 1
    blocks.extend(f"[^{i}]: {note}" for i, (_, note) in enumerate(footnotes, 1))
    article.blocks = blocks


def make_articles(n: int, seed: int, today: dt.date) -> list[Article]:
    rng = random.Random(seed)
    titles = _titles(n, rng)
    links = [(title, slugify(title)) for title, _ in titles]
    days = 365 * YEARS_BACK
    articles = []
    for index, (title, topic) in enumerate(titles):
        r = random.Random(f"{seed}:{index}")  # same title, date, tags whatever n is (links differ)
        date = today - dt.timedelta(days=r.randrange(days))
        tags = r.sample(TAGS, r.randint(1, 3))
        article = Article(
            index=index, slug=slugify(title), title=title, topic=topic, date=date,
            category=r.choice(CATEGORIES), tags=tags, author=r.choice(AUTHORS),
            reviewed_by=r.choice(REVIEWERS) if r.random() < 0.4 else None,
            summary=_summary(r, topic),
        )
        _build_body(article, r, links, r.randint(950, 1060))
        articles.append(article)
    return articles


# --- shared bits -----------------------------------------------------------

def _q(text: str) -> str:
    """A YAML (and TOML) double-quoted string."""
    return json.dumps(text, ensure_ascii=True)


def _png(rgb: tuple[int, int, int], size: int = 24) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


PAGES = {
    "privacy": ("Privacy Policy", "How this website treats your privacy.",
                "This website does not set cookies and does not use analytics or tracking tools.\n\n"
                "## What our host may record\n\nLike every web server, ours keeps short technical logs "
                "for security. They are deleted after thirty days.\n\n## Contact\n\nWrite to us through the "
                "[contact page](/contact/) with any question about this policy.\n"),
    "terms": ("Terms of Use", "The terms for using this website.",
              "The articles on this website are general information, not medical advice.\n\n"
              "## No emergency service\n\nThis website is not monitored around the clock. In a crisis, "
              "call or text 988, or call 911 in an emergency.\n\n## Changes\n\nWe may update these terms; "
              "the date below shows the latest version.\n"),
    "about": ("About the practice", "Who we are and how we work.",
              "Maple Street Counseling is an outpatient practice for therapy and psychiatry.\n\n"
              "## Our team\n\n- Licensed clinical social workers\n- Psychiatric nurse practitioners\n"
              "- A consulting psychiatrist\n\n## How we work\n\n1. A first conversation about what brings you in.\n"
              "2. A plan agreed together.\n3. Regular reviews of how it is going.\n"),
}


# --- Haven -----------------------------------------------------------------

HAVEN_CONFIG = """\
# Benchmark site generated by bench/corpus.py: every name, number and address is fictional.

site:
  title: Maple Street Counseling
  legal_name: Maple Street Counseling Group
  base_url: https://maple-counseling.test/
  language: en
  description: Maple Street Counseling offers outpatient therapy and psychiatry at two offices in Springfield.
  copyright_start: 2018

clinic:
  timezone: America/Chicago
  phone: "+1 217-555-2140"
  email: hello@maple-counseling.test

hours:
  monday: "09:00-17:00"
  tuesday: "09:00-17:00"
  wednesday: ["09:00-12:00", "13:00-19:00"]
  thursday: "09:00-17:00"
  friday: "09:00-15:00"
  saturday: closed
  sunday: closed

closures:
  - date: {closure1}
    label: Staff training day
  - date: {closure2}
    label: Winter holiday
    hours: "09:00-13:00"

locations:
  - id: downtown
    name: Downtown
    street: "100 Maple St #4"
    city: Springfield
    region: IL
    postal_code: "62701"
    country: US
    phone: "+1 217-555-2141"
    directions: >-
      Two blocks from the central bus station. Street parking is free after 6 pm.
  - id: westside
    name: Westside
    street: 2200 Elm Ave
    city: Springfield
    region: IL
    postal_code: "62704"
    country: US
    phone: "+1 217-555-2142"
    hours: {{saturday: "10:00-14:00"}}
    directions: >-
      Next to the public library, with a step-free entrance at the back.

navigation:
  - {{title: Home, url: /}}
  - {{title: Blog, url: /blog/}}
  - {{title: Locations & hours, url: /locations/}}
  - {{title: About, url: /about/}}
  - {{title: Contact, url: /contact/}}

footer_navigation:
  - {{title: Privacy Policy, url: /privacy/}}
  - {{title: Terms of Use, url: /terms/}}

crisis:
  text: "In crisis? In the US, call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911."
  phone: "988"

contact:
  form_action: null
  intro: >-
    Call us or send an e-mail to ask a question or request an appointment. Please do not
    include health details in e-mail.

home:
  heading: Therapy and psychiatry in Springfield
  intro: >-
    Maple Street Counseling is an outpatient practice for talk therapy and psychiatry.
  services:
    - title: Individual therapy
      text: One-to-one talk therapy focused on what matters to you.
    - title: Medication management
      text: Careful prescribing with regular check-ins.

cta:
  text: Questions, or looking for an appointment?
  link_text: Contact us
  url: /contact/
"""


def haven_article(a: Article) -> str:
    lines = ["---", f"title: {_q(a.title)}", f"date: {a.date.isoformat()}", f"summary: {_q(a.summary)}",
             f"category: {a.category}", f"tags: [{', '.join(a.tags)}]", f"author: {_q(a.author)}"]
    if a.reviewed_by:
        lines.append(f"reviewed_by: {_q(a.reviewed_by)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + a.body


def write_haven(root: Path, articles: list[Article], today: dt.date) -> None:
    closure1 = today + dt.timedelta(days=20)
    closure2 = today + dt.timedelta(days=40)
    (root / "site_config.yaml").write_text(HAVEN_CONFIG.format(closure1=closure1, closure2=closure2), "utf-8")
    folder = root / "content" / "articles"
    folder.mkdir(parents=True)
    for a in articles:
        (folder / f"{a.slug}.md").write_text(haven_article(a), "utf-8")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    for slug, (title, summary, body) in PAGES.items():
        (pages / f"{slug}.md").write_text(f"---\ntitle: {_q(title)}\nsummary: {_q(summary)}\n---\n{body}", "utf-8")
    _write_images(root / "static" / "images")


def _write_images(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, _, rgb in IMAGES:
        (folder / name).write_bytes(_png(rgb))


# --- Pelican ---------------------------------------------------------------

PELICAN_CONFIG = """\
# Benchmark site generated by bench/corpus.py; Pelican's default theme.
AUTHOR = "Clinical team"
SITENAME = "Maple Street Counseling"
SITEURL = "https://maple-counseling.test"
PATH = "content"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "blog/category/{slug}/"
CATEGORY_SAVE_AS = "blog/category/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_PAGINATION = 10
# One Atom feed of the 20 newest articles, as Haven writes.
FEED_ALL_ATOM = "feed.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Python-Markdown extensions comparable to Haven's (tables, footnotes, attr_list, fenced_code
# via extra; admonition, sane_lists, smarty, toc).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.admonition": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {"toc_depth": "2-3"},
    },
    "output_format": "html5",
}
"""
PELICAN_CACHE = """
# Content cache on: a rebuild re-reads only the files whose mtime changed.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def pelican_article(a: Article) -> str:
    head = [f"Title: {a.title}", f"Date: {a.date.isoformat()}", f"Category: {a.category}",
            f"Tags: {', '.join(a.tags)}", f"Slug: {a.slug}", f"Author: {a.author}", f"Summary: {a.summary}"]
    return "\n".join(head) + "\n\n" + a.body


def write_pelican(root: Path, articles: list[Article]) -> None:
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG, "utf-8")
    (root / "pelicanconf_cached.py").write_text(PELICAN_CONFIG + PELICAN_CACHE, "utf-8")
    folder = root / "content" / "articles"
    folder.mkdir(parents=True)
    for a in articles:
        (folder / f"{a.slug}.md").write_text(pelican_article(a), "utf-8")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    for slug, (title, summary, body) in PAGES.items():
        (pages / f"{slug}.md").write_text(f"Title: {title}\nSlug: {slug}\nSummary: {summary}\n\n{body}", "utf-8")
    _write_images(root / "content" / "images")


# --- Hugo ------------------------------------------------------------------

HUGO_CONFIG = """\
# Benchmark site generated by bench/corpus.py.
baseURL = "https://maple-counseling.test/"
locale = "en"
title = "Maple Street Counseling"
buildFuture = true
enableRobotsTXT = true

[pagination]
pagerSize = 10

[permalinks.page]
posts = "/blog/:slug/"
[permalinks.section]
posts = "/blog/"
[permalinks.term]
categories = "/blog/category/:slug/"
tags = "/tags/:slug/"

[taxonomies]
category = "categories"
tag = "tags"

# One feed (RSS, 20 newest) for the home page, HTML for everything else, plus the sitemap.
[outputs]
home = ["html", "rss"]
page = ["html"]
section = ["html"]
taxonomy = ["html"]
term = ["html"]

[services.rss]
limit = 20

[markup.tableOfContents]
startLevel = 2
endLevel = 3

[related]
includeNewer = true
threshold = 80
[[related.indices]]
name = "tags"
weight = 100
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify | truncate 160 }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<p id="crisis">In crisis? In the US, call or text 988. In an emergency, call 911.</p>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><ul>
<li><a href="{{ "/" | relURL }}">Home</a></li>
<li><a href="{{ "/blog/" | relURL }}">Blog</a></li>
<li><a href="{{ "/about/" | relURL }}">About</a></li>
</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><a href="{{ "/privacy/" | relURL }}">Privacy Policy</a> · <a href="{{ "/terms/" | relURL }}">Terms of Use</a></footer>
</body>
</html>
""",
    "_partials/card.html": """\
<article class="card">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>{{ with .Params.categories }} · {{ index . 0 }}{{ end }} · {{ .ReadingTime }} min read</p>
<p>{{ .Summary | plainify }}</p>
</article>
""",
    "_partials/pager.html": """\
{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav aria-label="Pages">
{{ with $p.Prev }}<a href="{{ .URL }}" rel="prev">Newer</a>{{ end }}
<span>Page {{ $p.PageNumber }} of {{ $p.TotalPages }}</span>
{{ with $p.Next }}<a href="{{ .URL }}" rel="next">Older</a>{{ end }}
</nav>{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<h1>Therapy and psychiatry in Springfield</h1>
<p>Maple Street Counseling is an outpatient practice for talk therapy and psychiatry.</p>
<h2>Latest articles</h2>
{{ range first 3 (where site.RegularPages "Section" "posts") }}{{ partial "card.html" . }}{{ end }}
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ if eq .Section "posts" }}
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> · {{ end }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .ReadingTime }} min read{{ with .Params.author }} · By {{ . }}{{ end }}</p>
<nav class="toc"><h2>On this page</h2>{{ .TableOfContents }}</nav>
{{ end }}
<div class="prose">{{ .Content }}</div>
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>
{{ if eq .Section "posts" }}
{{ with site.RegularPages.Related . | first 3 }}<section><h2>Related articles</h2>{{ range . }}{{ partial "card.html" . }}{{ end }}</section>{{ end }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}" rel="next">Next article {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}" rel="prev">Previous article {{ .Title }}</a>{{ end }}</nav>
{{ end }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} articles.</p>
{{ range (.Paginate .Pages).Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Data.Singular | title }}: {{ .Title }}</h1>
<p>{{ len .Pages }} articles.</p>
{{ range (.Paginate .Pages).Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
}

# The posts section is the blog index, at /blog/ with 10 articles a page like Haven's and Pelican's.
HUGO_BLOG_INDEX = "---\ntitle: Blog\n---\n"


def hugo_article(a: Article) -> str:
    lines = ["---", f"title: {_q(a.title)}", f"date: {a.date.isoformat()}", f"slug: {a.slug}",
             f"summary: {_q(a.summary)}", f"categories: [{_q(a.category)}]",
             f"tags: [{', '.join(_q(t) for t in a.tags)}]", f"author: {_q(a.author)}", "---"]
    return "\n".join(lines) + "\n" + a.body


def write_hugo(root: Path, articles: list[Article]) -> None:
    (root / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    folder = root / "content" / "posts"
    folder.mkdir(parents=True)
    for a in articles:
        (folder / f"{a.slug}.md").write_text(hugo_article(a), "utf-8")
    (folder / "_index.md").write_text(HUGO_BLOG_INDEX, "utf-8")
    for slug, (title, summary, body) in PAGES.items():
        (root / "content" / f"{slug}.md").write_text(f"---\ntitle: {_q(title)}\nsummary: {_q(summary)}\n---\n{body}", "utf-8")
    _write_images(root / "static" / "images")


# --- entry points ----------------------------------------------------------

FORMATS = ("haven", "pelican", "hugo")


def generate(out: Path, n: int, seed: int = 1, today: dt.date = DEFAULT_TODAY, formats=FORMATS) -> dict:
    """Write the corpus under `out` (which must not exist or be empty); returns the manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not empty; choose a new folder")
    articles = make_articles(n, seed, today)
    writers = {"haven": lambda r: write_haven(r, articles, today), "pelican": lambda r: write_pelican(r, articles),
               "hugo": lambda r: write_hugo(r, articles)}
    for name in formats:
        (out / name).mkdir(parents=True)
        writers[name](out / name)
    edited = articles[len(articles) // 2]
    manifest = {
        "n": n, "seed": seed, "today": today.isoformat(), "formats": list(formats),
        "words_mean": round(sum(_words(a.body) for a in articles) / len(articles)),
        "markup_per_1000_words": density([a.body for a in articles]),
        "tags": sorted({t for a in articles for t in a.tags}), "categories": sorted({a.category for a in articles}),
        "oldest": min(a.date for a in articles).isoformat(), "newest": max(a.date for a in articles).isoformat(),
        "edit": {
            "slug": edited.slug, "url": f"/blog/{edited.slug}/",
            "files": {"haven": f"content/articles/{edited.slug}.md", "pelican": f"content/articles/{edited.slug}.md",
                      "hugo": f"content/posts/{edited.slug}.md"},
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest


def edit_article(path: Path, marker: str) -> None:
    """Edit an article as an editor would: add a sentence at the end of its first paragraph.

    Works for all three formats: the body starts after a '---' block (Haven, Hugo) or after
    the first blank line (Pelican's metadata header)."""
    text = path.read_text("utf-8")
    start = text.index("\n---\n", 3) + 5 if text.startswith("---\n") else text.index("\n\n") + 2
    end = text.index("\n\n", start)
    path.write_text(text[:end] + " " + marker + text[end:], "utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--density", nargs="+", type=Path, metavar="FILE",
                        help="only count the markup of these Markdown files per 1,000 words, and stop")
    parser.add_argument("--n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY,
                        help=f"no article is dated after this day (default {DEFAULT_TODAY})")
    parser.add_argument("--out", type=Path, help="new folder to write the corpus into")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of haven,pelican,hugo")
    parser.add_argument("--force", action="store_true", help="delete --out first if it exists")
    args = parser.parse_args(argv)
    if args.density:
        print(json.dumps(density([_body_of(path) for path in args.density]), indent=2))
        return 0
    if args.n is None or args.out is None:
        parser.error("--n and --out are required")
    formats = tuple(f for f in args.formats.split(",") if f)
    if unknown := set(formats) - set(FORMATS):
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    if args.force and args.out.exists():
        shutil.rmtree(args.out)
    manifest = generate(args.out, args.n, args.seed, args.today, formats)
    print(f"Wrote {args.n} articles (mean {manifest['words_mean']} words) as {', '.join(formats)} into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
