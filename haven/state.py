"""What one build may leave for the next: held in one object, never in the modules.

`serve` makes one BuildState and passes it to every rebuild, so a rebuild after one saved file
finds what the last one loaded, planned and rendered; the command line makes a fresh one for
each build (as Zola's `Site` holds one site's data). The package keeps no other state between
builds: what a build produces depends on the site folder and the options alone, never on what
the same process built before (tests/test_state.py checks both).

Everything here is a speed-up whose entries carry what they were made from, and each is used
only when that still holds; a fresh BuildState gives the same bytes, only slower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .cache import Memo


@dataclass(eq=False)
class Remembered:
    """A value a build made, with what it was made from: reused while that is equal."""

    made_from: Any = None
    value: Any = None


@dataclass(eq=False)
class RelatedChoice:
    """What render.related_articles chose last, with what the choice depended on."""

    depends_on: tuple | None = None  # (limit, each article's slug, date and tags)
    slugs: dict = field(default_factory=dict)  # slug -> the slugs of its related articles
    articles: tuple = ()  # the articles chosen among, in the site's order
    chosen: dict = field(default_factory=dict)  # slug -> its related articles
    listed_by: dict = field(default_factory=dict)  # slug -> the slugs whose lists hold it
    place: dict = field(default_factory=dict)  # slug -> its place in `articles`
    # after a choice reused for a few edited articles (render._as_last_time): (the articles before,
    # the places of the edited ones, the places of the articles whose lists changed); else None
    edited: tuple | None = None


@dataclass(eq=False)
class ArticlePages:
    """The article pages of render.plan_pages' last plan."""

    made_with: Any = None  # (the config, the words)
    known: dict = field(default_factory=dict)  # slug -> (what its page was made from, the page)
    articles: tuple | None = None  # the articles planned, in the site's order
    pages: list = field(default_factory=list)  # their pages, in the same order


class KeptPage(NamedTuple):
    """A page pipeline._unchanged kept from the last build's output, with what that rested on."""

    page: Any  # the page as planned (serve plans an unedited page as the very same object)
    entry: Any  # its entry of the record
    site_reads: tuple  # (its language folder, what it read of the site only, with the digests)


@dataclass(eq=False)
class Changes:
    """serve: the files watchdog reported changed since the builds last looked at the site.

    With them a rebuild reads again only what changed: the other files, and the listing of a
    folder nothing was added to or taken from, are as the last build found them. `paths` holds
    site-relative paths (a folder's ends in '/'); None means not known (nothing watches, the first
    build, an event that could not be followed, events lost): every file is looked at."""

    watched: bool = False  # every change to the site's input folders is reported (by inotify, not polling)
    paths: set[str] | None = None
    folders: bool = False  # `paths` names a folder: each file's folders are looked up too
    # files.listed: (folder, site) -> (its files, their problems) as the last walk found them,
    # for folders with no links; and content._of_kind: its answer, with the walk it was made from
    walks: dict = field(default_factory=dict)

    def watch(self) -> None:
        """From now on every change is reported; the next build still looks at everything."""
        self.watched, self.paths = True, None

    def told(self, paths) -> None:
        """These site-relative paths changed (a folder's ending in '/'); or, with None, something
        that cannot be told apart did, or events were lost: the next build looks at everything."""
        if paths is None:
            self.paths = None
        elif self.paths is not None:
            self.paths.update(paths)
            self.folders = self.folders or any(path.endswith("/") for path in paths)

    def looked(self) -> None:
        """A build has looked at everything it was told of: the next one needs only what comes after."""
        self.paths, self.folders = (set() if self.watched else None), False

    def untouched(self, rel: str) -> bool:
        """True when `rel` (site-relative) is known not to have changed since the last build looked."""
        paths = self.paths
        if paths is None or rel in paths:
            return False
        if self.folders:
            while "/" in rel:
                rel = rel.rpartition("/")[0]
                if rel + "/" in paths:
                    return False
        return True


@dataclass(eq=False)
class BuildState:
    """The memory of the builds of one process (one `serve`, or one command)."""

    # serve: what changed since the last build looked (what the next one need look at)
    changes: Changes = field(default_factory=Changes)
    # content.load_content: (file, context) -> what was loaded from it, while the file is untouched
    loaded: Memo = field(default_factory=Memo)
    # content.load_content: (language, translation's file) -> (translation, original, the document they made)
    translated: dict = field(default_factory=dict)
    # images.prepare: static image -> (asked for a link preview, its entry), while the file is untouched
    images: Memo = field(default_factory=Memo)
    # site.load_site: its articles, categories, tags and their problems, made from ((drafts, today, scheduled), the articles loaded)
    site_lists: Remembered = field(default_factory=Remembered)
    # manifest: (site, output) -> the record of pages as last saved, with its file's signature then
    records: dict = field(default_factory=dict)
    # manifest.Fingerprints.page: output file -> its page key as last computed, with what it was made from
    page_keys: dict = field(default_factory=dict)
    # manifest.Fingerprints.read: (output file, attributes) -> (the page, the digest of what it read of the articles it lists)
    listed_reads: dict = field(default_factory=dict)
    # pipeline._unchanged: output file -> KeptPage, for the pages the last build kept
    unchanged: dict = field(default_factory=dict)
    # checks.editorial_warnings: (article digest, a year before the build date) -> its warnings
    warnings: dict = field(default_factory=dict)
    # feeds.sitemap: its text as last made, from its entries
    sitemap: Remembered = field(default_factory=Remembered)
    # render.file_folder_clashes: [the last set of output files found free of clashes, the folders they are in (and more)]
    clash_free: list = field(default_factory=lambda: [frozenset()])
    # render.related_articles: its last choice
    related: RelatedChoice = field(default_factory=RelatedChoice)
    # render.plan_pages: the article pages of the last plan
    article_pages: ArticlePages = field(default_factory=ArticlePages)
    # render._listing: listing address -> (its taxonomy, [(what each page was made from, its articles, the page)]), last plan's
    listings: dict = field(default_factory=dict)
    # checks.site_problems: digest of (stylesheet or other published file, the rules, its bytes) -> its problems, last build's
    files_checked: dict = field(default_factory=dict)
    # checks.site_problems: base path -> {link into the site: the output file it leads to} (a function of the two)
    link_targets: dict = field(default_factory=dict)
    # checks.site_problems: base path -> (page -> its facts as indexed, file -> the pages linking to an anchor of it)
    anchored_links: dict = field(default_factory=dict)
    # deploycheck.check_deploy: 'files': generated file -> (who is blamed, its bytes, what its page facts say, its
    # problems), and 'sitemap': (root, its bytes, the files it lists), last build's
    served_as: dict = field(default_factory=dict)
    # pipeline._write: output folder -> {other file: (its bytes, its stat)} as the last build that committed there left them
    written: dict = field(default_factory=dict)
    # output.Staging: output folder -> (the bytes of its list of written files as last written or read, the files it lists)
    output_lists: dict = field(default_factory=dict)
    # search.build: each page's entry (terms, scores, document file) and each language's index (postings, shards), last build's
    search: dict = field(default_factory=dict)
    # render.other_files: each search document's Source (see search.sources), by the id of the object it was made from, last build's
    search_sources: dict = field(default_factory=dict)
    # render: compiled templates, by Jinja's key and checksum of their source (in memory only)
    templates: dict = field(default_factory=dict)
    # render.plan_pages of each further language: code -> {'related': RelatedChoice, 'article_pages': ArticlePages, 'listings': {...}}, as above
    languages: dict = field(default_factory=dict)
    # pipeline.build: what a build left to do once its pages are served (writing cache files only the
    # next command reads); serve does it then (catch_up), and each build does what is left before it starts
    later: list = field(default_factory=list)
    # False: no build comes after this one (the command line), so what only the next build would
    # read is let go as soon as this one is done with it (less memory at the peak, at the end)
    lasting: bool = True

    def catch_up(self) -> None:
        """Do what the last build left for later (`later`), in the order it was left."""
        while self.later:
            self.later.pop(0)()
