"""serve's rebuilds simulated in one process: CPU and wall time of each saved edit.

One BuildState, as `build.py serve` keeps: a first build, then edits that each add a sentence to
one article (bench/corpus.py's edit), the state told the edited path as watchdog tells it, the
garbage collector off during the rebuild and run after it, as serve does. The site folder is
edited in place: give it a copy of a corpus. With --profile, the last edit runs under cProfile.

    .venv/bin/python bench/serve_edits.py SITE --edits 8 [--article content/articles/x.md] [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import gc
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from haven.pipeline import build  # noqa: E402
from haven.state import BuildState  # noqa: E402


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a copy of a corpus's Haven site (edited in place)")
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--article", help="the article to edit, relative to the site (default: the one the corpus's "
                                          "manifest.json, beside the site folder, names)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=corpus.DEFAULT_TODAY)
    parser.add_argument("--profile", type=Path, help="write the last edit's cProfile stats here")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    manifest = site.parent / "manifest.json"  # (bench/corpus.py's, beside the site: names the article to edit)
    rel = args.article or json.loads(manifest.read_text("utf-8"))["edit"]["files"]["haven"]
    state = BuildState()
    state.changes.watch()
    with tempfile.TemporaryDirectory(prefix="haven-serve-edits-") as folder:
        out = Path(folder) / "site"
        rebuild = functools.partial(build, site, out, drafts=True, today=args.today, base_url="http://127.0.0.1:8000/",
                                    preview=True, state=state)
        started, cpu = time.perf_counter(), _cpu()
        result = rebuild()
        print(f"first build: CPU {_cpu() - cpu:.2f} s, wall {time.perf_counter() - started:.2f} s, ok={result.ok}")
        state.catch_up()
        gc.collect()
        cpus, walls = [], []
        for number in range(1, args.edits + 1):
            corpus.edit_article(site / rel, f"Serve edit {number} at {time.time_ns()}.")
            state.changes.told([rel])
            gc.disable()
            profile = cProfile.Profile() if args.profile and number == args.edits else None
            started, cpu = time.perf_counter(), _cpu()
            if profile:
                profile.enable()
            result = rebuild()
            if profile:
                profile.disable()
                profile.dump_stats(args.profile)
            cpus.append(_cpu() - cpu)
            walls.append(time.perf_counter() - started)
            print(f"edit {number}: CPU {cpus[-1] * 1000:.0f} ms, wall {walls[-1] * 1000:.0f} ms, ok={result.ok}")
            state.catch_up()
            gc.enable()
            gc.collect()
    timed = slice(0, len(cpus) - 1) if args.profile and len(cpus) > 1 else slice(None)
    print(f"median of {len(cpus[timed])} edits: CPU {statistics.median(cpus[timed]) * 1000:.0f} ms, "
          f"wall {statistics.median(walls[timed]) * 1000:.0f} ms; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
