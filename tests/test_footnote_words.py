"""A footnote's back link (↩) is titled in the page's language, not in English on every page."""

from __future__ import annotations

from helpers import MINIMAL_CONFIG, build_site, write_site

CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n"
                                "    - {code: es, name: Español}\n    - {code: zh-Hans, name: 简体中文, path: zh}\n")


def _article(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\n{date}---\n{body}\n"


FILES = {
    "site_config.yaml": CONFIG,
    "content/articles/study.md": _article("Study", "date: 2026-01-05\n", "A figure.[^1]\n\n[^1]: A survey."),
    "content/articles/study.es.md": _article("Estudio", "", "Una cifra.[^1]\n\n[^1]: Una encuesta."),
    "content/articles/study.zh-Hans.md": _article("研究", "", "一个数字。[^1]\n\n[^1]: 一项调查。"),
}


def test_footnote_back_links_are_titled_in_the_page_language(tmp_path):
    source = write_site(tmp_path / "site", FILES)
    result = build_site(source)
    assert result.returncode == 0, result.stdout + result.stderr
    out = source / "output"
    for page, title in [("blog/study/index.html", "Back to reference 1"),
                        ("es/blog/study/index.html", "Volver a la referencia 1"),
                        ("zh/blog/study/index.html", "返回第 1 处引用")]:
        html = (out / page).read_text("utf-8")
        assert f'<a class="footnote-backref" href="#fnref:1" title="{title}">' in html, page
