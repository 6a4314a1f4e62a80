"""Cold build of the 1,000-article corpus, alone and with two translations of every article.

    .venv/bin/python bench/languages.py [N]

Writes the corpus (bench/corpus.py) twice in a temporary folder: once as it is, once with
`site.languages` (es, zh-Hans) and `<slug>.es.md` and `<slug>.zh-Hans.md` beside every article
(own title, summary and body; date and tags from the original). Builds each cold (no cache, all
cores) three times and prints the best times and their ratio (the target is at most 3.2)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

TODAY = corpus.DEFAULT_TODAY


def translate(root: Path) -> None:
    config = root / "site_config.yaml"
    text = config.read_text("utf-8")
    text = re.sub(r"(?m)^(  language: .*\n)", r"\1  languages:\n    - {code: es, name: Español}\n"
                                               r"    - {code: zh-Hans, name: 简体中文, path: zh}\n", text, count=1)
    config.write_text(text, "utf-8")
    (root / "translations").mkdir()
    (root / "translations/es.yaml").write_text("strings:\n  Home: Inicio\n", "utf-8")
    (root / "translations/zh-Hans.yaml").write_text("strings:\n  Home: 首页\n", "utf-8")
    for path in sorted((root / "content/articles").glob("*.md")):
        source = path.read_text("utf-8")
        front, body = source.split("\n---\n", 1)
        title = re.search(r"(?m)^title: (.*)$", front).group(1)
        summary = re.search(r"(?m)^summary: (.*)$", front).group(1)
        for code, word in (("es", "Traducción"), ("zh-Hans", "翻译")):
            (path.parent / f"{path.stem}.{code}.md").write_text(
                f"---\ntitle: {corpus._q(title.strip(chr(34)) + f' ({word})')}\nsummary: {summary}\n---\n{body}", "utf-8")


def _run(source: Path, output: Path) -> None:
    done = subprocess.run([sys.executable, str(HERE.parent / "build.py"), "build", "--source", str(source), "--output",
                           str(output), "--today", TODAY.isoformat()], capture_output=True, text=True,
                          env={**os.environ, "HAVEN_CACHE": "off"})
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)


def cold(source: Path, output: Path) -> float:
    best = float("inf")
    for _ in range(3):
        shutil.rmtree(output, ignore_errors=True)
        start = time.perf_counter()
        _run(source, output)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of articles (default 1000)")
    n = parser.parse_args().n
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        corpus.generate(base / "one", n, formats=("haven",), today=TODAY)
        shutil.copytree(base / "one/haven", base / "three")
        translate(base / "three")
        single = cold(base / "one/haven", base / "out1")
        several = cold(base / "three", base / "out3")
        pages = sum(1 for _ in (base / "out3").rglob("*.html"))
        print(f"{n} articles: one language {single:.2f} s, three languages {several:.2f} s ({pages} pages): "
              f"{several / single:.2f}x")


if __name__ == "__main__":
    main()
