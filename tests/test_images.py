"""Images: published light, upright and with no metadata (issue 16, the contract's "Images").

The fixture site's images are made here with Pillow: a phone photo carrying GPS tags, XMP and a
comment; a phone photo stored sideways (EXIF orientation 6); a PNG with transparency; a tiny icon;
a wide banner; a WebP with EXIF. Every test reads what a visitor's browser would get: the built
HTML and the published files."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from haven.pipeline import build
from haven.state import BuildState
from helpers import MINIMAL_CONFIG, TODAY, environment, write_site

try:
    from tests.browser import serve_directory
except ImportError:
    from browser import serve_directory  # type: ignore[no-redef]

IMAGE_FILES = (".jpg", ".jpeg", ".png", ".webp", ".avif")
# Markers long enough that a compressed picture's bytes do not spell them by chance (noise once
# made a JPEG hold b"GPS"): EXIF's header in JPEG and WebP, PNG's EXIF chunk, an XMP packet and its
# GPS field, and the test's own words.
LEAKS = (b"Exif\x00\x00", b"eXIf", b"xpacket", b"GPSLatitude", b"Taken at home", b"Springfield Heights")


def photo(width: int, height: int, seed: int = 1) -> Image.Image:
    """A photo-like picture: smooth shapes with fine noise, so it compresses like a photo."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x, y = (seed * 97 + i * 53) % width, (seed * 31 + i * 71) % height
        draw.ellipse((x, y, x + width // 4, y + height // 4), fill=((i * 40) % 256, (seed * 60 + i * 20) % 256, 120))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(image, noise, 0.15)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x8825] = {1: "N", 2: (40.0, 41.0, 21.5), 3: "W", 4: (73.0, 59.0, 1.2)}  # GPS
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="40,41.35N" '
           b'exif:GPSLongitude="73,59.02W"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    out = io.BytesIO()
    photo(1280, 800).save(out, "JPEG", quality=90, exif=exif.tobytes(), xmp=xmp, comment=b"Taken at home")
    data = out.getvalue()
    # An IPTC block (Photoshop APP13) naming a place, as photo tools write one.
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x17\x1c\x02\x5a\x00\x13Springfield Heights"
    return data[:2] + b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc + data[2:]


def rotated_phone_photo() -> bytes:
    """Stored 400x300 (landscape), EXIF orientation 6: shown upright it is 300x400 (portrait),
    its red side (stored on the left) at the top."""
    image = Image.new("RGB", (400, 300), (0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 99, 299), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def transparent_png() -> bytes:
    mask = Image.new("L", (800, 400), 0)
    ImageDraw.Draw(mask).ellipse((200, 0, 600, 400), fill=255)
    image = photo(800, 400, seed=7).convert("RGBA")
    image.putalpha(mask)
    out = io.BytesIO()
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Comment", "Taken at home")
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def tiny_icon() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def banner() -> bytes:
    out = io.BytesIO()
    photo(2000, 300, seed=3).save(out, "JPEG", quality=85)
    return out.getvalue()


def webp_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (40.0, 41.0, 21.5)}
    out = io.BytesIO()
    photo(640, 480, seed=5).save(out, "WEBP", quality=80, exif=exif.tobytes())
    return out.getvalue()


ARTICLE = """\
---
title: A walk in the park
date: 2026-01-05
summary: Why a short walk helps.
image: /images/walk.jpg
image_alt: A path through a park in autumn
---
A short walk helps.

![Our office door, turned the right way up](/images/door.jpg)

![A green circle](/images/leaf.png)

![A small red square](/images/icon.png)

![The clinic's front, seen from across the street](/images/banner.jpg)

![A photo in WebP](/images/park.webp)
"""


def image_site(root: Path, extra: dict | None = None) -> Path:
    return write_site(root, {
        "content/articles/walk.md": ARTICLE,
        "static/images/walk.jpg": jpeg_with_gps(),
        "static/images/door.jpg": rotated_phone_photo(),
        "static/images/leaf.png": transparent_png(),
        "static/images/icon.png": tiny_icon(),
        "static/images/banner.jpg": banner(),
        "static/images/park.webp": webp_with_exif(),
        "static/images/unused.jpg": jpeg_with_gps(),
        **(extra or {}),
    })


def run(source: Path, output: Path, cache: Path | str, jobs: str = "2"):
    with environment(HAVEN_CACHE=str(cache), HAVEN_JOBS=jobs):
        return build(source, output, today=TODAY)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    source = image_site(root / "site")
    result = run(source, root / "out", root / "cache")
    assert result.ok, [str(p) for p in result.problems]
    return source, root / "out", result


def _img_tags(page: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'([a-z-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img\s[^>]*>", page)]


def _srcset_files(value: str) -> list[tuple[str, int]]:
    return [(url, int(w[:-1])) for url, w in (c.strip().split() for c in value.split(","))]


def test_no_published_image_carries_metadata(built):
    _, out, result = built
    published = {rel: data for rel, data in files_of(out).items() if rel.endswith(IMAGE_FILES)}
    assert len(published) > 20  # the copies and every width of every image
    for rel, data in published.items():
        for leak in LEAKS:
            assert leak not in data, f"{rel} holds {leak!r}"
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), rel
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment", "photoshop"):
            assert key not in image.info, f"{rel} has {key}"
        if image.format == "JPEG":
            assert not getattr(image, "applist", None) or all(m in ("APP0", "APP2", "APP14") for m, _ in image.applist), rel
    # The build says which files had a location in them (the ones with GPS, used or not).
    located = sorted(p.path for p in result.problems if p.note and "location" in p.message)
    assert located == ["static/images/park.webp", "static/images/unused.jpg", "static/images/walk.jpg"]


def test_every_img_has_its_size_and_a_working_srcset(built):
    _, out, _ = built
    page = (out / "blog/walk/index.html").read_text()
    tags = _img_tags(page)
    assert len(tags) == 7  # the site's logo, the article's figure and five Markdown images
    for attrs in tags:
        assert attrs.get("width") and attrs.get("height"), attrs
        if attrs["src"].endswith(".svg"):
            continue
        assert (out / attrs["src"].lstrip("/")).is_file()
        for url, width in _srcset_files(attrs["srcset"]):
            with Image.open(out / url.lstrip("/")) as image:
                assert image.width == width
    for srcset in re.findall(r'<source type="image/(?:avif|webp)" srcset="([^"]*)"', page):
        for url, width in _srcset_files(srcset):
            assert Image.open(out / url.lstrip("/")).width == width
    # The article's figure is in the first screen: fetched at once; every other picture lazily.
    figure = re.search(r'<figure class="article-figure">.*?</figure>', page, re.S).group(0)
    assert 'fetchpriority="high"' in figure and 'loading="lazy"' not in figure
    assert page.count('loading="lazy"') == 5 and page.count('decoding="async"') == 6


def _variants(page: str, name: str) -> list[tuple[str, int]]:
    found = []
    for attrs in _img_tags(page):
        if f"/{name}-" in attrs.get("src", ""):
            found += _srcset_files(attrs["srcset"])
    return found


def test_a_rotated_phone_photo_stands_upright(built):
    _, out, _ = built
    page = (out / "blog/walk/index.html").read_text()
    tag = next(a for a in _img_tags(page) if "/door-" in a["src"])
    assert (tag["width"], tag["height"]) == ("300", "400")
    for url, _ in _variants(page, "door"):
        image = Image.open(out / url.lstrip("/")).convert("RGB")
        assert image.height > image.width
        red, _, blue = image.getpixel((image.width // 2, 2))
        assert red > 200 and blue < 60  # the red side at the top
    copy = Image.open(out / "images/door.jpg")  # the copy at its own address stands upright too
    assert copy.size == (300, 400) and not copy.getexif()


def test_a_png_keeps_its_transparency(built):
    _, out, _ = built
    page = (out / "blog/walk/index.html").read_text()
    variants = _variants(page, "leaf")
    assert variants and all(url.endswith(".png") for url, _ in variants)
    for url, _ in variants:
        image = Image.open(out / url.lstrip("/"))
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
    modern = re.search(r'<source type="image/\w+" srcset="(/assets/img/leaf-[^" ]+)', page).group(1)
    assert Image.open(out / modern.lstrip("/")).convert("RGBA").getpixel((0, 0))[3] == 0
    assert Image.open(out / "images/leaf.png").getpixel((0, 0))[3] == 0


def test_no_image_is_upscaled(built):
    _, out, _ = built
    page = (out / "blog/walk/index.html").read_text()
    assert _variants(page, "icon") == [(f"/assets/img/{Path(url).name}", 16) for url, _ in _variants(page, "icon")]
    tag = next(a for a in _img_tags(page) if "/icon-" in a["src"])
    assert (tag["width"], tag["height"]) == ("16", "16")
    banner_widths = [w for _, w in _variants(page, "banner")]
    assert max(banner_widths) == 1440 and banner_widths == sorted(banner_widths)
    tag = next(a for a in _img_tags(page) if "/banner-" in a["src"])
    assert (tag["width"], tag["height"]) == ("1440", "216")
    for rel, data in files_of(out).items():
        if rel.startswith("assets/img/") and "-og." not in rel:
            name = rel.rsplit("/", 1)[-1]
            original = Image.open(out / "images" / _original_name(name, out))
            assert Image.open(io.BytesIO(data)).width <= max(original.size)


def _original_name(name: str, out: Path) -> str:
    stem = name.split("-")[0]
    return next(p.name for p in (out / "images").iterdir() if p.stem == stem)


def test_the_article_image_gives_the_link_preview(built):
    _, out, _ = built
    page = (out / "blog/walk/index.html").read_text()
    url = re.search(r'<meta property="og:image" content="https://counseling.test/([^"]+)">', page).group(1)
    assert Image.open(out / url).size == (1200, 630)
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta property="og:image:alt" content="A path through a park in autumn">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    home = (out / "index.html").read_text()
    assert "og:image" not in home  # no preview image set for the site


def test_the_first_screen_loads_under_200_kb_of_images_at_360px(built):
    _, out, _ = built
    measured = []
    for rel in files_of(out):
        if not rel.endswith(".html"):
            continue
        page = (out / rel).read_text()
        total = 0
        for srcset in re.findall(r'<picture><source type="[^"]+" srcset="([^"]+)"[^>]*><img [^>]*fetchpriority="high"', page):
            measured.append(rel)
            candidates = sorted(_srcset_files(srcset), key=lambda c: c[1])
            url = next((u for u, w in candidates if w >= 360 - 32), candidates[-1][0])
            total += (out / url.lstrip("/")).stat().st_size
        assert total < 200_000, rel
    assert measured == ["blog/walk/index.html"]


def test_a_default_preview_image_from_the_config(make_site, tmp_path):
    config = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  preview_image: /images/front.jpg\n"
                                    "  preview_image_alt: The clinic's front door\n")
    source = write_site(tmp_path / "site", {"site_config.yaml": config, "content/articles/a.md":
                                            "---\ntitle: Hello\ndate: 2026-01-05\n---\nText.\n",
                                            "static/images/front.jpg": banner()})
    result = run(source, tmp_path / "out", tmp_path / "cache")
    assert result.ok, [str(p) for p in result.problems]
    home = (tmp_path / "out/index.html").read_text()
    url = re.search(r'<meta property="og:image" content="https://counseling.test/([^"]+)">', home).group(1)
    assert Image.open(tmp_path / "out" / url).size == (571, 300)  # the banner is only 300 high: cropped to 1200:630, not enlarged
    assert '<meta property="og:image:alt" content="The clinic\'s front door">' in home.replace("&#39;", "'")
    bad = write_site(tmp_path / "bad", {"site_config.yaml": config.replace("  preview_image_alt: The clinic's front door\n", ""),
                                        "static/images/front.jpg": banner()})
    result = run(bad, tmp_path / "bad-out", tmp_path / "cache")
    errors = [str(p) for p in result.problems if not p.warning and not p.note]
    assert errors == ["site_config.yaml:7: error: 'site.preview_image' needs 'site.preview_image_alt': a short "
                      "description of the picture"]


def _bomb() -> bytes:
    """A PNG whose header says 30000x30000 pixels (it holds a few bytes)."""
    out = io.BytesIO()
    Image.new("L", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = bytes(data[12:17 + 12])
    ihdr = ihdr[:4] + struct.pack(">II", 30000, 30000) + ihdr[12:]
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr) & 0xFFFFFFFF)
    return bytes(data)


BAD_ARTICLE = """\
---
title: Broken pictures
date: 2026-01-06
image: /images/gone.jpg
image_alt: Nothing
---
Some text.

![Noise](/images/noise.jpg)

![Cut short](/images/cut.jpg)

![Far too big](/images/bomb.png)

![A text file](/images/letter.png)
"""


def test_bad_images_are_errors_at_the_line_that_uses_them(tmp_path):
    good = image_site(tmp_path / "site")
    out = tmp_path / "out"
    assert run(good, out, tmp_path / "cache").ok
    before = files_of(out)
    whole = jpeg_with_gps()
    write_site(good, {
        "content/articles/broken.md": BAD_ARTICLE,
        "content/articles/no-alt.md": "---\ntitle: No alt\ndate: 2026-01-07\nimage: /images/door.jpg\n---\nText.\n",
        "static/images/noise.jpg": bytes(range(256)) * 8,
        "static/images/cut.jpg": whole[: len(whole) // 2],
        "static/images/bomb.png": _bomb(),
        "static/images/letter.png": "Dear editor, this is not a picture.\n",
    })
    result = run(good, out, tmp_path / "cache")
    errors = [str(p) for p in result.problems if not p.warning and not p.note]
    assert errors == [
        "content/articles/broken.md:4: error: 'image: /images/gone.jpg' must be a file under static/ "
        "(static/images/gone.jpg); put the image there or correct the address",
        "content/articles/broken.md:9: error: image '/images/noise.jpg' is not an image that can be read (the file "
        "may be something else renamed, or damaged); save it again as JPEG, PNG or WebP",
        "content/articles/broken.md:11: error: image '/images/cut.jpg' is cut short (its end is missing); export "
        "or copy it again",
        "content/articles/broken.md:13: error: image '/images/bomb.png' is 30000 × 30000 pixels, more than the 80 "
        "million a picture may have; save it smaller, at 2000 × 2000 pixels: no web page needs more than 2,000 across",
        "content/articles/broken.md:15: error: image '/images/letter.png' is not an image that can be read (the file "
        "may be something else renamed, or damaged); save it again as JPEG, PNG or WebP",
        "content/articles/no-alt.md:4: error: 'image' needs 'image_alt': a short description of the picture for "
        "people who cannot see it",
    ]
    assert files_of(out) == before  # the last good output untouched


def test_an_image_moved_down_its_article_is_reported_at_its_new_line(tmp_path):
    # Which images an article shows, and on which lines, is found when it is converted and kept
    # with the document (cache and serve): an edit that moves them must move the messages.
    site = image_site(tmp_path / "site", {"content/articles/broken.md": BAD_ARTICLE,
                                          "static/images/noise.jpg": bytes(range(256)) * 8})
    state = BuildState()

    def lines() -> list[str]:
        with environment(HAVEN_CACHE=str(tmp_path / "cache"), HAVEN_JOBS="1"):
            result = build(site, tmp_path / "out", today=TODAY, state=state)
        return [str(p).split(": error")[0] for p in result.problems if "noise.jpg" in str(p)]

    assert lines() == ["content/articles/broken.md:9"]
    write_site(site, {"content/articles/broken.md": BAD_ARTICLE.replace("Some text.", "Some text.\n\nMore text.")})
    assert lines() == ["content/articles/broken.md:11"]
    state = BuildState()  # the document cache on disk only, as the command line has it
    assert lines() == ["content/articles/broken.md:11"]


def test_an_unused_bad_image_in_static_is_an_error_on_the_file(tmp_path):
    source = write_site(tmp_path / "site", {"content/articles/a.md": "---\ntitle: Hello\ndate: 2026-01-05\n---\nText.\n",
                                            "static/photo.jpg": b"GIF89a not really"})
    result = run(source, tmp_path / "out", tmp_path / "cache")
    assert [str(p) for p in result.problems if not p.warning and not p.note] == [
        "static/photo.jpg: error: is not an image that can be read (the file may be something else renamed, or "
        "damaged); save it again as JPEG, PNG or WebP"]


def test_a_picture_of_a_kind_pages_cannot_show_is_to_be_saved_again_once_where_used(tmp_path):
    # One message per use, at its line, with the fix (save it again), not a hint to rename it.
    out = io.BytesIO()
    Image.new("RGB", (30, 20)).save(out, "BMP")
    source = write_site(tmp_path / "site", {
        "content/articles/a.md": "---\ntitle: Hello\ndate: 2026-01-05\n---\nText.\n\n![The waiting room](/images/room.bmp)\n",
        "static/images/room.bmp": out.getvalue(), "static/scan.tiff": b"II*\x00"})
    result = run(source, tmp_path / "out", tmp_path / "cache")
    assert [str(p) for p in result.problems if not p.warning and not p.note] == [
        "content/articles/a.md:7: error: image '/images/room.bmp' is a BMP file, a kind of picture that browsers do "
        "not all show (and hosts send as a download); save it again as JPEG, PNG or WebP, and change the address "
        "here to the new file's",
        "static/scan.tiff: error: is a TIFF file, a kind of picture that browsers do not all show (and hosts send as "
        "a download); save it again as JPEG, PNG or WebP"]
    assert not (tmp_path / "out").exists()


def test_a_rebuild_with_no_image_changed_does_no_image_work(built, tmp_path, monkeypatch):
    source, out, _ = built
    cache = out.parent / "cache"
    warm_out = tmp_path / "warm"
    assert run(source, warm_out, cache).ok  # a new output folder, the same cache

    def refuse(*args, **kwargs):
        raise AssertionError("an image was decoded")

    monkeypatch.setattr(Image, "open", refuse)
    assert run(source, warm_out, cache).ok
    assert run(source, tmp_path / "again", cache).ok
    assert files_of(tmp_path / "again") == files_of(out)


@pytest.mark.slow
def test_a_damaged_cache_is_never_trusted(built, tmp_path):
    source, out, _ = built
    cache = tmp_path / "cache"
    assert run(source, tmp_path / "first", cache).ok
    for blob in (cache).rglob("keep-images/*"):
        if re.fullmatch(r"[0-9a-f]{64}", blob.name):
            blob.write_bytes(blob.read_bytes()[:-7] + b"damaged")
    assert run(source, tmp_path / "second", cache).ok
    assert files_of(tmp_path / "second") == files_of(out)


@pytest.mark.slow
def test_an_image_edited_builds_as_a_cold_build_does(tmp_path):
    source = image_site(tmp_path / "site")
    cache = tmp_path / "cache"
    assert run(source, tmp_path / "out", cache).ok
    steps = [
        {"static/images/door.jpg": banner()},  # a photo replaced
        {"static/images/leaf.png": tiny_icon()},  # a PNG shrunk to an icon
        {"content/articles/walk.md": ARTICLE.replace("/images/walk.jpg\n", "/images/banner.jpg\n")},  # another figure
        {"static/images/walk.jpg": rotated_phone_photo()},  # the old figure (still a Markdown-free static file)
    ]
    for number, step in enumerate(steps):
        write_site(source, step)
        assert run(source, tmp_path / "out", cache).ok
        cold = tmp_path / f"cold-{number}"
        assert run(source, cold, "off", jobs="1").ok
        assert files_of(tmp_path / "out") == files_of(cold), step


@pytest.mark.slow
def test_the_same_images_in_one_process_and_on_every_core(built, tmp_path):
    source, out, _ = built
    assert run(source, tmp_path / "one", "off", jobs="1").ok
    assert files_of(tmp_path / "one") == files_of(out)
    digests = {hashlib.sha256(data).hexdigest() for data in files_of(out).values()}
    assert len(digests) > 30


@pytest.mark.slow
def test_serve_remembers_images_and_sees_an_edit(tmp_path, monkeypatch):
    from haven.state import BuildState

    source = image_site(tmp_path / "site")
    state = BuildState()
    with environment(HAVEN_CACHE=str(tmp_path / "cache"), HAVEN_JOBS="2"):
        assert build(source, tmp_path / "out", today=TODAY, preview=True, state=state).ok
        write_site(source, {"static/images/door.jpg": banner()})
        assert build(source, tmp_path / "out", today=TODAY, preview=True, state=state).ok
    assert run(source, tmp_path / "cold", "off", jobs="1").ok
    assert files_of(tmp_path / "out") == files_of(tmp_path / "cold")
    page = (tmp_path / "out/blog/walk/index.html").read_text()
    assert next(a for a in _img_tags(page) if "/door-" in a["src"])["width"] == "1440"


def animated_gif_with_comment() -> bytes:
    """Four frames that loop, each with its delay, and a comment naming someone and a place; then
    an XMP block and bytes after the end, as some tools leave."""
    frames = [Image.new("RGB", (40, 30), (i * 60, 90, 200)) for i in range(4)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300, 400], loop=0,
                   comment=b"Jane Doe intake, GPS 40.64,-74.01")
    data = out.getvalue()
    xmp = b"\x21\xff\x0bXMP DataXMP" + bytes([14]) + b"Taken at home." + b"\x00"
    return data[:-1] + xmp + data[-1:] + b"Springfield Heights"


INKSCAPE_SVG = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Created by Jane Doe -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"
   sodipodi:docname="icon.svg" inkscape:export-filename="/home/jane/Desktop/icon.png">
  <sodipodi:namedview id="view" inkscape:window-width="1920"/>
  <metadata><rdf:RDF><dc:creator>Jane Doe, GPS 40.64 -74.01</dc:creator></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" id="layer1"><rect width="10" height="10" fill="#123"/></g>
</svg>
"""


def test_gif_and_svg_files_are_published_without_comments_or_metadata_and_otherwise_whole(tmp_path):
    source = write_site(tmp_path / "site", {
        "content/articles/a.md": "---\ntitle: Hello\ndate: 2026-01-05\n---\nText.\n\n![A wave](/images/wave.gif)\n",
        "static/images/wave.gif": animated_gif_with_comment(), "static/images/icon.svg": INKSCAPE_SVG})
    result = run(source, tmp_path / "out", tmp_path / "cache")
    assert result.ok, [str(p) for p in result.problems]
    gif = (tmp_path / "out/images/wave.gif").read_bytes()
    for leak in (b"Jane Doe", b"GPS", b"XMP", b"Taken at home", b"Springfield"):
        assert leak not in gif
    original, published = Image.open(io.BytesIO(animated_gif_with_comment())), Image.open(io.BytesIO(gif))
    assert published.n_frames == original.n_frames == 4 and published.info["loop"] == 0
    for frame in range(4):  # every frame, its delay and its pixels as they were
        original.seek(frame)
        published.seek(frame)
        assert published.info["duration"] == original.info["duration"]
        assert published.convert("RGB").tobytes() == original.convert("RGB").tobytes()
    page = (tmp_path / "out/blog/a/index.html").read_text("utf-8")
    assert re.search(r'<img [^>]*src="/images/wave.gif" width="40" height="30">', page)
    assert (tmp_path / "out/images/icon.svg").read_text("utf-8") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
        '  \n  \n  <g id="layer1"><rect width="10" height="10" fill="#123"/></g>\n</svg>\n')


def test_a_drawing_that_declares_entities_is_refused_where_it_is_used(tmp_path):
    source = write_site(tmp_path / "site", {
        "content/articles/a.md": "---\ntitle: Hello\ndate: 2026-01-05\n---\nText.\n\n![A logo](/images/logo.svg)\n",
        "static/images/logo.svg": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n'
                                  '<svg xmlns="http://www.w3.org/2000/svg"><!-- &a; --><text>&a;</text></svg>\n'})
    result = run(source, tmp_path / "out", tmp_path / "cache")
    assert [str(p) for p in result.problems if not p.warning and not p.note] == [
        "content/articles/a.md:7: error: image '/images/logo.svg' declares entities (<!ENTITY ...>), which can make "
        "a small drawing grow to gigabytes when read; export it again as plain SVG (in Illustrator: without "
        "'Preserve Illustrator Editing Capabilities')"]


def avif_with_gps() -> bytes:
    """A phone photo saved as AVIF (Pillow writes it with libavif): Exif with the phone's make and
    a GPS block, and an XMP packet with the place, each an item beside the picture."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (40.0, 41.0, 21.5), 3: "W", 4: (73.0, 59.0, 1.2)}  # GPS
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="40,41.35N"/></rdf:RDF></x:xmpmeta>'
           b'<?xpacket end="w"?>')
    out = io.BytesIO()
    photo(320, 240, seed=9).save(out, "AVIF", quality=80, exif=exif.tobytes(), xmp=xmp)
    return out.getvalue()


AVIF_ARTICLE = "---\ntitle: Hello\ndate: 2026-01-05\n---\nText.\n\n![The park at noon](/images/park.avif)\n"


@pytest.fixture(scope="module")
def avif_built(tmp_path_factory):
    if not __import__("PIL.features", fromlist=["check"]).check("avif"):
        pytest.skip("this Pillow cannot write AVIF")
    root = tmp_path_factory.mktemp("avif")
    source = write_site(root / "site", {"content/articles/a.md": AVIF_ARTICLE, "static/images/park.avif": avif_with_gps()})
    result = run(source, root / "out", root / "cache")
    return source, root / "out", result


def test_an_avif_photo_is_published_without_its_exif_gps_or_xmp_and_its_pixels_whole(avif_built):
    source, out, result = avif_built
    assert result.ok, [str(p) for p in result.problems]
    assert "static/images/park.avif: note: had a location (GPS) in its metadata; it was removed from the published " \
           "image, with the rest of its metadata" in [str(p) for p in result.problems]
    original, published = (source / "static/images/park.avif").read_bytes(), (out / "images/park.avif").read_bytes()
    for leak in (*LEAKS, b"PhoneMaker"):
        assert leak not in published
    assert len(published) == len(original)  # (zeroed in place: every offset in the file still true)
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(published))
    assert "exif" in before.info and "xmp" in before.info  # (the test's photo did carry them)
    assert "exif" not in after.info and "xmp" not in after.info and not after.getexif()
    assert after.size == (320, 240) and after.tobytes() == before.tobytes()


def test_chromium_shows_the_avif_photo_published_without_its_metadata(avif_built, browser):
    _, out, _ = avif_built
    with serve_directory(out) as base:
        page = browser.new_page()
        page.goto(base + "blog/a/")
        shown = page.evaluate("""async () => {
            const img = document.querySelector('img[src$="park.avif"]');
            await img.decode();
            return [img.naturalWidth, img.naturalHeight];
        }""")
        page.close()
    assert shown == [320, 240]


def test_an_avif_file_that_cannot_be_cleaned_safely_is_refused_where_it_is_used(tmp_path):
    whole = avif_with_gps()
    source = write_site(tmp_path / "site", {"content/articles/a.md": AVIF_ARTICLE,
                                            "static/images/park.avif": whole[:len(whole) // 2]})
    result = run(source, tmp_path / "out", tmp_path / "cache")
    assert [str(p) for p in result.problems if not p.warning and not p.note] == [
        "content/articles/a.md:7: error: image '/images/park.avif' is a damaged AVIF file (a box's size does not fit "
        "the file), so its metadata cannot be removed safely; export or copy it again, or save it as JPEG, PNG or "
        "WebP"]
    assert not (tmp_path / "out").exists()
