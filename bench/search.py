#!/usr/bin/env python3
"""Search weight: the bytes a visitor's first query fetches, at 100 and 1,000 articles.

    .venv/bin/python bench/search.py                 # 100 and 1,000 articles of bench/corpus.py
    .venv/bin/python bench/search.py --n 100 1000 5000

For each size it generates the realistic corpus (bench/corpus.py, seed 1), builds it with Haven,
and replays typical queries the way search.js runs them on a first visit to /search/: the
manifest, the shards of the query's terms (a word's own shard, and for the start of a word every
longer shard under it) and the documents of the first ten results. A file is counted once per
query, at its gzip size (level 6, what hosts send for JSON); HTTP headers are not counted. It also
prints the size of the whole index, which no query fetches.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from haven import search
from haven.pipeline import build

QUERIES = ["anxiety", "sleep", "panic attacks", "medication side effects", "insurance", "therap",
           "grief after a loss", "telehealth visits", "nightmares", "caregiver fatigue"]
SHOWN = 10


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def parts(query: str) -> list[tuple[str, bool] | list[str]]:
    """As search.js splits a query: (term, as the start of a word?), or for a run of Chinese or
    Japanese characters its characters (up to 12), looked up with their pairs (runScores)."""
    out: list[tuple[str, bool] | list[str]] = []
    for word in search.words(query):
        if search.is_cjk(word[0]) and len(word) > 1:
            out.append(list(word[:12]))
        else:
            out.append((word, not search.is_cjk(word[0]) and len(word) > 1))
    return list({str(part): part for part in out}.values())


def term_scores(index: Path, manifest: dict, term: str, prefix: bool, fetched: list[str]) -> tuple[dict[int, float], bool]:
    """doc -> score for one term, and whether the index keeps only its best pages (scorePart)."""
    own = max((k for k in manifest["shards"] if term.startswith(k)), key=len, default=None)
    keys = ([own] if own is not None else []) + \
        ([k for k in manifest["shards"] if prefix and len(k) > len(term) and k.startswith(term)])
    scores: dict[int, float] = {}
    partial = False
    for key in keys[:16]:
        name = search.shard_file(key)
        fetched.append(name)
        for found, entry in json.loads((index / name).read_bytes()).items():
            exact = found == term
            if not exact and not (prefix and found.startswith(term)):
                continue
            partial = partial or entry[0] > (len(entry) - 1) // 2
            weight = math.log(1 + manifest["n"] / max(entry[0], 1)) * (1 if exact else 0.6)
            doc = 0
            for i in range(1, len(entry) - 1, 2):
                doc += entry[i]
                scores[doc] = max(scores.get(doc, 0), entry[i + 1] * weight)
    return scores, partial


FILLER = set("的了吗呢吧啊呀和与及或也都就很是在把被给从我你他她它们这那些怎么什如何哪")  # as search.js's


def run_scores(pairs: list[tuple[dict[int, float], bool]], chars: list[tuple[dict[int, float], bool]],
               run: list[str]) -> tuple[dict[int, float], bool, dict[int, float]]:
    """doc -> score for a run of characters (runScores), whether it may not exclude pages, and
    doc -> the share of the run found: each character in a pair found in the page, or found alone
    beside one, never two such in a row; or, from three characters on, over half of those not in
    FILLER in pairs found."""
    def has(term: tuple[dict[int, float], bool], doc: int) -> bool:
        return term[1] or doc in term[0]

    meaningful = [ch not in FILLER for ch in run] if any(ch not in FILLER for ch in run) else [True] * len(run)
    total = sum(meaningful)
    scores: dict[int, float] = {}
    shares: dict[int, float] = {}
    for doc in sorted({doc for held, _ in pairs for doc in held}):
        found = [False, False] + [has(pair, doc) for pair in pairs] + [False, False]  # pair i is found[i + 2]
        score = sum(scores_of.get(doc, 0) for scores_of, _ in pairs)
        in_pairs = alone = 0
        everything = True
        before = False  # the character before was found alone
        for i, char in enumerate(chars):
            if found[i + 1] or found[i + 2]:
                in_pairs += meaningful[i]
                before = False
                continue
            before = not before and (found[i] or found[i + 3]) and has(char, doc)
            if before:
                alone += meaningful[i]
                score += char[0].get(doc, 0)
            else:
                everything = False
        if everything or (len(chars) > 2 and 2 * in_pairs > total):
            scores[doc] = score
            shares[doc] = 1 if everything else (in_pairs + alone) / total
    return scores, all(partial for _, partial in pairs), shares


def replay(index: Path, query: str) -> tuple[list[str], int]:
    """(files fetched, results) for one query on a first visit."""
    fetched = ["manifest.json"]
    manifest = json.loads((index / "manifest.json").read_bytes())
    per_part: list[tuple[dict[int, float], bool, dict[int, float] | None]] = []
    for part in parts(query):
        if isinstance(part, tuple):
            per_part.append((*term_scores(index, manifest, *part, fetched), None))
            continue
        pairs = [term_scores(index, manifest, a + b, False, fetched) for a, b in itertools.pairwise(part)]
        per_part.append(run_scores(pairs, [term_scores(index, manifest, c, False, fetched) for c in part], part))
    strict = [(s, shares) for s, partial, shares in per_part if not partial] or [(s, shares) for s, _, shares in per_part]
    hits: dict[int, float] | None = None
    for scores, _ in strict:
        hits = dict(scores) if hits is None else {d: s + scores[d] for d, s in hits.items() if d in scores}
    hits = hits or {}
    for scores, _, _ in per_part:
        if not any(scores is s for s, _ in strict):
            hits = {d: s + scores.get(d, 0) for d, s in hits.items()}

    def share(doc: int) -> float:  # pages with all of each run first (find, in search.js)
        return sum(shares[doc] if shares is not None else 1 for _, shares in strict)
    ranked = sorted(hits.items(), key=lambda x: (-share(x[0]), -x[1], x[0]))
    fetched += [f"d/{doc}.json" for doc, _ in ranked[:SHOWN]]
    return list(dict.fromkeys(fetched)), len(ranked)


def measure(n: int, work: Path) -> dict:
    corpus.generate(work / f"c{n}", n, seed=1, formats=("haven",))
    source = work / f"c{n}" / "haven"
    started = time.perf_counter()
    result = build(source, source / "output", today=corpus.DEFAULT_TODAY)
    seconds = time.perf_counter() - started
    if not result.ok:
        raise SystemExit("\n".join(map(str, result.problems[:5])))
    index = source / "output" / search.INDEX_FOLDER
    files = list(index.rglob("*.json"))
    total_raw = sum(p.stat().st_size for p in files)
    total_gz = sum(gz(p.read_bytes()) for p in files)
    rows = []
    for query in QUERIES:
        fetched, results = replay(index, query)
        rows.append({"query": query, "results": results, "files": len(fetched),
                     "bytes_gzip": sum(gz((index / name).read_bytes()) for name in fetched)})
    manifest_gz = gz((index / "manifest.json").read_bytes())
    return {"n": n, "build_seconds": round(seconds, 2), "index_files": len(files), "index_raw": total_raw,
            "index_gzip": total_gz, "manifest_gzip": manifest_gz, "queries": rows}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000], help="numbers of articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        figures = [measure(n, Path(tmp)) for n in args.n]
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for f in figures:
        print(f"\n{f['n']} articles: index {f['index_files']} files, {f['index_raw'] / 1e6:.1f} MB raw, "
              f"{f['index_gzip'] / 1e6:.2f} MB gzip (never fetched whole); manifest {f['manifest_gzip'] / 1e3:.1f} KB gzip")
        print(f"  {'query':<28} {'results':>7} {'files':>5} {'KB gzip':>8}")
        for row in f["queries"]:
            print(f"  {row['query']:<28} {row['results']:>7} {row['files']:>5} {row['bytes_gzip'] / 1e3:>8.1f}")
        worst = max(r["bytes_gzip"] for r in f["queries"])
        mean = sum(r["bytes_gzip"] for r in f["queries"]) / len(f["queries"])
        print(f"  first query: mean {mean / 1e3:.1f} KB, largest {worst / 1e3:.1f} KB (gzip)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
