#!/usr/bin/env python3
"""Benchmark the images of a build: N phone-sized photos, cold and warm, and the bytes saved.

    python bench/images.py                    # 200 photos of 12 megapixels (4000x3000)
    python bench/images.py --photos 20        # fewer, on a slow or busy machine

It writes a site of N articles, each with its own photo as `image:` (the article's figure and its
1200x630 link preview) into a folder outside the repository (kept between runs in
--corpus, since making the photos takes a while). The photos are made like a camera's: shapes
and gradients under sensor-like noise, saved as JPEG at quality 92 (about 3-6 MB each, as a
phone's), one in two with GPS tags, one in four stored sideways with EXIF orientation 6.

Then, as wall-clock time of `build.py build` as an editor types it:
  cold   a new output folder and an empty cache folder (every image decoded, resized, encoded);
  warm   the same command again: nothing changed, so no image is decoded or encoded.
and the bytes: the originals, against what a visitor's browser fetches of each photo on a phone
(360 CSS px wide at 2x: the 720-wide candidate) and on a laptop (the 1440-wide one), in the
modern format and in the JPEG fallback. A script, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)
CONFIG = """\
site:
  title: Image Bench Clinic
  base_url: https://bench.test/
  language: en
  description: A site of many photos.
clinic:
  timezone: America/New_York
  phone: "+1 555-0100"
  email: hello@bench.test
hours:
  monday: "09:00-17:00"
crisis:
  text: In crisis? Call or text 988. In an emergency, call 911.
  phone: "988"
"""


def make_photo(index: int, width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter

    small = (width // 4, height // 4)  # the scene drawn small, then enlarged: soft edges, as a lens gives
    scene = Image.linear_gradient("L").rotate(index * 37 % 360).resize(small).convert("RGB")
    draw = ImageDraw.Draw(scene)
    for i in range(40):  # objects: soft shapes of many colours
        x, y = (index * 997 + i * 613) % small[0], (index * 389 + i * 211) % small[1]
        r = small[0] // (6 + i % 9)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=((i * 53 + index) % 256, (i * 97) % 256, (i * 31 + 90) % 256))
    scene = scene.filter(ImageFilter.GaussianBlur(2)).resize((width, height), Image.Resampling.BICUBIC)
    texture = Image.effect_noise((width // 4, height // 4), 60).resize((width, height), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((width, height), 18)
    detail = Image.merge("RGB", (texture, grain, texture))
    photo = Image.blend(scene, detail, 0.22)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchPhone", "Model 12"
    if index % 2 == 0:
        exif[0x8825] = {1: "N", 2: (40.0, 41.0, 21.5 + index % 30), 3: "W", 4: (73.0, 59.0, 1.2)}
    if index % 4 == 1:
        photo = photo.transpose(Image.Transpose.ROTATE_90)  # stored sideways, shown upright by its EXIF
        exif[0x0112] = 6
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def write_corpus(folder: Path, photos: int, width: int, height: int) -> None:
    (folder / "content/articles").mkdir(parents=True, exist_ok=True)
    (folder / "static/photos").mkdir(parents=True, exist_ok=True)
    (folder / "site_config.yaml").write_text(CONFIG)
    for index in range(photos):
        path = folder / f"static/photos/photo-{index:04d}.jpg"
        if not path.exists():
            path.write_bytes(make_photo(index, width, height))
        day = TODAY - dt.timedelta(days=index + 1)
        (folder / f"content/articles/photo-{index:04d}.md").write_text(
            f"---\ntitle: Photo {index}\ndate: {day.isoformat()}\nsummary: A walk, photographed.\n"
            f"image: /photos/photo-{index:04d}.jpg\nimage_alt: A walk in the park, picture {index}\n---\n"
            "A short text about a walk in the park, and why it helps.\n")


def timed_build(source: Path, output: Path, cache: Path) -> float:
    env = {**os.environ, "HAVEN_CACHE": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--source", str(source), "--output",
                           str(output), "--today", TODAY.isoformat()], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def fetched(output: Path, width: int) -> tuple[int, int]:
    """Bytes of the modern and of the fallback candidate a browser picks for `width` device pixels,
    summed over every article's figure."""
    modern = fallback = 0
    for page in sorted((output / "blog").glob("photo-*/index.html")):
        html = page.read_text()
        figure = re.search(r'<figure class="article-figure">(.*?)</figure>', html, re.S).group(1)
        sets = re.findall(r'srcset="([^"]+)"', figure)
        for index, srcset in enumerate(sets):
            candidates = sorted(((int(w[:-1]), url) for url, w in (c.split() for c in srcset.split(", "))))
            url = next((u for w, u in candidates if w >= width), candidates[-1][1])
            size = (output / url.lstrip("/")).stat().st_size
            if index == 0 and len(sets) == 2:
                modern += size
            else:
                fallback += size
    return modern, fallback


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "haven-image-bench",
                        help="where the site is made (kept: its photos are reused by the next run)")
    args = parser.parse_args()
    width = int((args.megapixels * 1e6 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    source = args.corpus / f"site-{width}x{height}"
    start = time.perf_counter()
    for extra in [*source.glob("static/photos/*.jpg"), *source.glob("content/articles/*.md")]:
        if int(extra.stem.split("-")[1]) >= args.photos:  # (a run with fewer photos than the last)
            extra.unlink()
    write_corpus(source, args.photos, width, height)
    made = time.perf_counter() - start
    work = Path(tempfile.mkdtemp(prefix="haven-image-bench-"))
    try:
        cold = timed_build(source, work / "out", work / "cache")
        warm = timed_build(source, work / "out", work / "cache")
        originals = sum(p.stat().st_size for p in (source / "static/photos").iterdir())
        published = sum(p.stat().st_size for p in (work / "out").rglob("*") if p.is_file()
                        and p.suffix in (".jpg", ".avif", ".webp", ".png"))
        phone, laptop = fetched(work / "out", 720), fetched(work / "out", 1440)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mb = 1e6
    print(f"{args.photos} photos of {width}x{height} ({args.megapixels:g} MP), {os.cpu_count()} cores "
          f"(corpus made or checked in {made:.0f} s)")
    print(f"cold build: {cold:.1f} s ({cold / args.photos:.2f} s a photo); warm build (nothing changed): {warm:.1f} s")
    print(f"originals: {originals / mb:.1f} MB; everything published of them (stripped copies, every width, "
          f"previews): {published / mb:.1f} MB")
    print(f"fetched for every figure once, on a phone (720 px): {phone[0] / mb:.2f} MB modern, {phone[1] / mb:.2f} MB "
          f"JPEG fallback; on a laptop (1440 px): {laptop[0] / mb:.2f} MB modern, {laptop[1] / mb:.2f} MB JPEG "
          f"fallback; {100 * (1 - phone[0] / originals):.1f}% and {100 * (1 - laptop[0] / originals):.1f}% less than "
          "the originals")


if __name__ == "__main__":
    main()
