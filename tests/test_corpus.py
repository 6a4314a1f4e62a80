"""The benchmark corpus (bench/corpus.py): the same bytes for the same n and seed, a Haven site
that builds without a problem, and the markup density docs/performance.md calibrated it to."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import sys
from pathlib import Path

from haven.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench/corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_the_corpus_is_the_same_bytes_for_the_same_n_and_seed_and_builds_cleanly(tmp_path):
    corpus = _corpus_module()
    first = corpus.generate(tmp_path / "a", 40, seed=3, today=TODAY)
    corpus.generate(tmp_path / "b", 40, seed=3, today=TODAY)
    corpus.generate(tmp_path / "c", 40, seed=4, today=TODAY, formats=("haven",))
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a/haven") != _digest(tmp_path / "c/haven")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["haven", "hugo", "manifest.json", "pelican"]
    assert len(list((tmp_path / "a/hugo/content/posts").glob("*.md"))) == 41  # and the section's _index.md
    assert len(list((tmp_path / "a/pelican/content/articles").glob("*.md"))) == 40

    result = build(tmp_path / "a/haven", tmp_path / "out", today=TODAY)
    assert result.problems == []
    assert (tmp_path / f"out/blog/{first['edit']['slug']}/index.html").is_file()


def test_the_corpus_has_the_markup_of_clinic_blog_posts(tmp_path):
    """The calibration of docs/performance.md: a link or two and emphasis in most paragraphs,
    lists, headings, quotes, and the odd table, footnote and image."""
    figures = _corpus_module().generate(tmp_path / "a", 300, seed=1, today=TODAY, formats=("haven",))["markup_per_1000_words"]
    assert 10 <= figures["links"] <= 15 and figures["paragraphs with links %"] >= 65
    assert 10 <= figures["emphasis"] <= 15 and figures["paragraphs with emphasis %"] >= 50
    assert 12 <= figures["list items"] <= 18 and 8 <= figures["headings"] <= 11
    assert 0.6 <= figures["quotes"] <= 1.2
    assert 0.1 <= figures["tables"] <= 0.4 and 0.2 <= figures["footnotes"] <= 0.6 and 0.2 <= figures["images"] <= 0.5
    assert 1000 <= figures["words an article"] <= 1200
