"""Raster images (JPEG, PNG, WebP): published light, upright, in sRGB, and with no metadata.

Every raster file in static/ is read once per change of its bytes (with Pillow) and published as
  - the same file at its own address with its metadata removed (EXIF, GPS, XMP, IPTC, comments,
    thumbnails, trailing data): its segments or chunks are dropped without re-encoding the
    pixels; a file whose EXIF turns it (a phone photo held upright) is re-encoded upright;
  - a few widths up to its own (never upscaled) in a modern format (AVIF where this Pillow can
    write it, else WebP) and in its own format, under assets/img/, for `<picture>`/`srcset`;
  - for an article's `image:` and the site's preview image, a 1200x630 crop for link previews.
The pictures are made upright (EXIF orientation), in sRGB (a colour profile is converted with
LittleCMS, then left out: browsers take untagged images as sRGB), transparency kept, and encoded
with nothing of the original's metadata.

Derived files are cached in the site's cache folder (cache.folder_for) under keep-images/, by
a key of the source's bytes and every setting that shapes the output; each file there is named by
the SHA-256 of its bytes and checked against it before it is used, so a damaged cache costs a
rebuild of that image, never a wrong file. Images not in the cache are made on every core
(parallel.map_in_order); a build with no image changed decodes and encodes nothing.

`picture_html` is the one function that writes the markup: templates call it as
`{{ picture(src, alt, sizes=..., priority=...) }}` (an article's figure, a clinician's photo), and
`Images.rewrite` gives every other `<img>` of a site image (Markdown) the same markup.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from . import cache, parallel
from .files import in_other_capitals
from .languages import written_in
from .output import Packed
from .problems import Problem, error, note

RASTER = (".jpg", ".jpeg", ".png", ".webp")
AS_THEY_ARE = (".gif", ".svg", ".avif")  # published as they are, but for their metadata (metadata.py)
# Pictures a web page cannot show everywhere (and hosts serve as downloads): kind, by extension.
UNSHOWN = {".bmp": "BMP", ".dib": "BMP", ".tif": "TIFF", ".tiff": "TIFF", ".heic": "HEIC", ".heif": "HEIF",
           ".psd": "Photoshop", ".jxl": "JPEG XL", ".jp2": "JPEG 2000", ".dng": "camera raw", ".cr2": "camera raw",
           ".nef": "camera raw", ".arw": "camera raw"}
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}  # what a file may hold -> extension of its copies
MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}

# Widths made (CSS pixels of a 42rem column at 1x, 1.5x, 2x, and phones of 360-540 px at 1-3x, and
# 256 for the theme's 8rem clinician photos at 2x), each only when narrower than the original; the
# original's own width (up to MAX_WIDTH) is the largest.
WIDTHS = (256, 360, 540, 720, 1080)
MAX_WIDTH = 1440
OG_SIZE = (1200, 630)  # link previews (Open Graph, and what the big networks crop to)
MAX_PIXELS = 80_000_000  # a larger image is refused (a decompression bomb, or far more than a web page needs)
QUALITY = {"avif": 50, "webp": 75, "jpg": 80}
AVIF_SPEED = 8  # of libavif's 0-10: 3.5 times as fast as its default (6) for some 8% more bytes
VERSION = 1  # of the way images are made: a change here makes every image again

# The theme's text column: .article/.prose are at most 42rem wide inside a 1rem padding each side.
# (An <img> written with its own `sizes`, like the theme's 8rem clinician photos, keeps that one.)
PROSE_SIZES = "(max-width: 44rem) calc(100vw - 2rem), 42rem"


def modern_format() -> str:
    """'avif' where this Pillow can write AVIF, else 'webp' (every Pillow wheel has WebP)."""
    from PIL import features

    return "avif" if features.check("avif") else "webp"


def _settings() -> str:
    import PIL
    from PIL import features

    modern = modern_format()
    return repr((VERSION, PIL.__version__, modern, features.version(modern), features.version("jpg"),
                 features.version("zlib"), features.version("littlecms2"), WIDTHS, MAX_WIDTH, OG_SIZE, AVIF_SPEED,
                 sorted(QUALITY.items())))


# --- What a build publishes -------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One file made of a picture: a size in one format."""

    rel: str  # output path below the site root
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """One source image as published."""

    rel: str  # its path below static/ (and its address below the site root)
    width: int  # of the largest variant (the original's upright size, at most MAX_WIDTH wide)
    height: int
    modern: tuple[Variant, ...]  # narrowest first; empty when the fallback is the modern format
    fallback: tuple[Variant, ...]  # in the original's format
    modern_type: str
    fallback_type: str
    og: Variant | None  # the 1200x630 link preview, when asked for


@dataclass
class Images:
    """The site's images of one build."""

    base: str  # the site's base path, '/' or '/sub/'
    root_url: str
    pictures: dict[str, Picture] = field(default_factory=dict)  # static rel -> picture
    copies: dict[str, Path] = field(default_factory=dict)  # output rel -> cache file holding its bytes
    data: dict[str, bytes] = field(default_factory=dict)  # output rel -> bytes (without a cache folder)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # static rel -> width, height of a drawing
    digest: str = ""  # of everything pages show of the images (part of every page's key)

    def find(self, src: str) -> Picture | None:
        """The picture of a site address ('/images/a.jpg', with or without the base path), or None."""
        return self.pictures.get(self._rel(src))

    def size(self, src: str) -> tuple[int, int] | None:
        """Width and height of the picture at a site address (a raster image as `picture` shows it, or
        a drawing the theme shows as it is: the logo, the home page's picture), or None when unknown."""
        rel = self._rel(src)
        found = self.pictures.get(rel)
        return (found.width, found.height) if found is not None else self.sizes.get(rel)

    def _rel(self, src: str) -> str:
        path = unquote(html.unescape(src.split("#", 1)[0].split("?", 1)[0]))
        if path.startswith(self.base):
            return path[len(self.base):]
        return path[1:] if path.startswith("/") else path

    def picture(self, src: str, alt: str, sizes: str = PROSE_SIZES, priority: bool = False,
                attrs: str = "") -> str:
        """The markup for the image at `src` (see picture_html); a plain <img> for any other address."""
        found = self.find(src)
        if found is None:
            return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"{attrs}>'
        return picture_html(found, self.base, alt, sizes=sizes, priority=priority, attrs=attrs)

    def og(self, src: str | None) -> Variant | None:
        found = self.find(src) if src else None
        return found.og if found is not None else None

    def rewrite(self, page: str) -> str:
        """`page` with each <img> of a site image made responsive (images already with a srcset are left)."""
        if "<img" not in page or not (self.pictures or self.sizes):
            return page
        return _IMG.sub(self._rewrite_one, page)

    def _rewrite_one(self, match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(_ATTR.findall(tag[4:]))
        if "srcset" in attrs or "src" not in attrs or _ATTR.sub("", tag[4:]).strip(" \t\n/>"):
            return tag  # (one with attributes written otherwise, in raw HTML, is left as written)
        found = self.find(attrs["src"])
        if found is None:
            return self._sized(tag, attrs)
        # Every other attribute stays as written (the page guards then see it, as they would have).
        kept = "".join(f' {name}="{value}"' for name, value in attrs.items() if name not in _SET)
        # A template says how wide it shows the picture (`sizes`), and that it is in the first
        # screen (fetchpriority="high" or loading="eager"), so the browser fetches the right width, at once.
        sizes = html.unescape(attrs.get("sizes", "")).strip() or PROSE_SIZES
        priority = attrs.get("fetchpriority") == "high" or attrs.get("loading") == "eager"
        return picture_html(found, self.base, html.unescape(attrs.get("alt", "")), sizes=sizes, priority=priority,
                            attrs=kept)


    def _sized(self, tag: str, attrs: dict[str, str]) -> str:
        """An <img> of a picture shown as it is (a GIF), given its width and height when it has neither,
        so that the page does not jump when it arrives."""
        size = self.sizes.get(self._rel(attrs["src"]))
        if size is None or "width" in attrs or "height" in attrs:
            return tag
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'


_IMG = re.compile(r"<img\s[^>]*>")
_SET = frozenset("src srcset sizes width height alt loading decoding fetchpriority".split())  # written by picture_html
_ATTR = re.compile(r'([a-zA-Z][a-zA-Z0-9-]*)="([^"]*)"')


def sizes_for(picture: Picture, sizes: str = PROSE_SIZES) -> str:
    """`sizes` for the prose column, capped at the picture's own width (a small image is shown at its size)."""
    if sizes != PROSE_SIZES or picture.width >= 672:
        return sizes
    return f"(max-width: 44rem) min({picture.width}px, calc(100vw - 2rem)), {picture.width}px"


def picture_html(picture: Picture, base: str, alt: str, *, sizes: str = PROSE_SIZES, priority: bool = False,
                 attrs: str = "") -> str:
    """The <picture> of `picture`: a <source> of the modern format, and an <img> in the original's
    format with its srcset, `sizes`, width and height. An image in the first screen (`priority`)
    is fetched at once with high priority; any other is loaded lazily. `attrs`: more attributes
    for the <img>, written as ' name="value"' (escaped)."""
    sizes = sizes_for(picture, sizes)

    def srcset(variants: tuple[Variant, ...]) -> str:
        return ", ".join(f"{base}{v.rel} {v.width}w" for v in variants)

    largest = picture.fallback[-1]
    loading = ' fetchpriority="high"' if priority else ' loading="lazy"'
    parts = ["<picture>"]
    if picture.modern:
        parts.append(f'<source type="{picture.modern_type}" srcset="{html.escape(srcset(picture.modern))}" '
                     f'sizes="{html.escape(sizes)}">')
    parts.append(f'<img src="{html.escape(base + largest.rel)}" srcset="{html.escape(srcset(picture.fallback))}" '
                 f'sizes="{html.escape(sizes)}" width="{picture.width}" height="{picture.height}" '
                 f'alt="{html.escape(alt)}"{attrs}{loading} decoding="async">')
    parts.append("</picture>")
    return "".join(parts) if picture.modern else parts[-2]  # (one format: the <img> alone does it)


# --- Using the images of a site ---------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """Where a file of the site uses an image: errors about the image are shown there."""

    path: str  # the editor's file
    line: int
    og: bool = False  # shown as a link preview too
    noun: str = "image"  # what the file calls it: "photo" for a clinician's


def static_images(site) -> dict[str, Path]:
    """static rel -> file, for every raster image in static/."""
    return {rel: path for rel, path in site.static_files if rel.lower().endswith(RASTER)}


def pictures_as_they_are(site) -> dict[str, Path]:
    """static rel -> file, for every GIF, SVG and AVIF file in static/."""
    return {rel: path for rel, path in site.static_files if rel.lower().endswith(AS_THEY_ARE)}


def unshown_pictures(site) -> list[str]:
    """The static rel of every picture in static/ of a kind web pages cannot show (a BMP, a TIFF...)."""
    return sorted(rel for rel, _ in site.static_files if _unshown_kind(rel))


def _unshown_kind(rel: str) -> str | None:
    return UNSHOWN.get(os.path.splitext(rel)[1].lower())


def _unshown(rel: str, used: dict[str, list[Use]]) -> list[Problem]:
    """A picture to save again in a kind every browser shows: said at each line that uses it (where
    its address must change too), else on the file."""
    why = (f"is a {_unshown_kind(rel)} file, a kind of picture that browsers do not all show (and hosts send as a "
           "download); save it again as JPEG, PNG or WebP")
    if not used.get(rel):
        return [error(f"static/{rel}", 0, why)]
    return [error(u.path, u.line, f"{u.noun} '/{rel}' {why}, and change the address here to the new file's")
            for u in used[rel]]


def uses(site) -> tuple[dict[str, list[Use]], list[Problem]]:
    """static rel -> where it is used (article images, Markdown images, clinicians' photos, the
    preview image), and the problems of `image:`/`image_alt:` and of the preview image setting."""
    from .checks import _key_line

    found: dict[str, list[Use]] = {}
    problems: list[Problem] = []
    available = {*static_images(site), *unshown_pictures(site)}  # (the second kind only to be refused at its uses)
    as_they_are = pictures_as_they_are(site)  # (shown in Markdown, not as an article's picture or a preview)

    rels: dict[str, str] = {}  # src -> static rel (a big site shows a few images thousands of times)

    def use(src: str, where: str, line: int, og: bool, key: str | None) -> None:
        rel = rels.get(src)
        if rel is None:
            rel = rels[src] = unquote(src.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
        if rel in available or (key is None and rel in as_they_are):
            found.setdefault(rel, []).append(Use(where, line, og))
        elif key is not None and ".." in rel.split("/"):  # (as a clinician's photo: no file of static/ to propose)
            problems.append(error(where, line, f"'{key}: {src}' must be a file under static/ written from the site's "
                                               "root without '..', like /images/door.jpg"))
        elif key is not None and rel in as_they_are:  # (there, but no photo a preview can be cut from)
            kind = rel.rpartition(".")[2].upper()
            problems.append(error(where, line, f"'{key}: {src}' is {'a' if kind == 'GIF' else 'an'} {kind} file; this picture must be a JPEG, PNG or "
                                               "WebP (link previews and the several sizes are made from a photo): save "
                                               "it again as one, or show it in the text with ![...](...)"))
        elif key is not None and (other := in_other_capitals(rel, available)):
            problems.append(error(where, line, f"'{key}: {src}' {other}"))
        elif key is not None:  # (a Markdown image that does not exist is the page checks' to report)
            what = "a JPEG, PNG or WebP file" if not rel.lower().endswith(RASTER) else "a file"
            problems.append(error(where, line, f"'{key}: {src}' must be {what} under static/ (static{'/' + rel}); "
                                               "put the image there or correct the address"))

    views = getattr(site, "all_views", (site,))  # (translations show images of their own, and link previews)
    for article in (article for view in views for article in view.articles):
        image, alt = getattr(article.meta, "image", None), getattr(article.meta, "image_alt", None)
        if not (image or alt):  # (most articles: nothing to use or warn of, whoever wrote it)
            continue
        if not (written_in(article, "image") or written_in(article, "image_alt")):
            continue  # (a translation's image and alt text from its original: checked and used there)
        if image:
            line = article.key_line("image") or article.key_line("image_alt")
            if not ((alt or "") if written_in(article, "image_alt") else "").strip():
                problems.append(error(article.source, line, "'image' needs 'image_alt': a short description of the "
                                                            "picture for people who cannot see it"))
            use(image, article.source, line, True, "image" if written_in(article, "image") else None)
        elif alt:
            problems.append(warning_no_image(article.source, article.key_line("image_alt")))
    for doc in (doc for view in views for doc in (*view.articles, *view.pages)):
        for plain, line in doc.images_shown:
            use(plain, doc.source, line, False, None)
    for rel, where in _photos(site, views, {*available, *as_they_are}, problems):
        found.setdefault(rel, []).append(where)
    preview = getattr(site.config.site, "preview_image", None)
    if preview:
        config_text = site.texts["site_config.yaml"]
        line = _key_line(config_text, "preview_image")
        if not (getattr(site.config.site, "preview_image_alt", None) or "").strip():
            problems.append(error("site_config.yaml", line, "'site.preview_image' needs 'site.preview_image_alt': a "
                                                            "short description of the picture"))
        use(preview, "site_config.yaml", line, True, "preview_image")
    return found, problems


def _photos(site, views, pictures: set[str], problems: list[Problem]) -> list[tuple[str, Use]]:
    """Each clinician's photo that is a picture of static/, with the line of `photo:` (where errors
    about the picture are shown, as an article's `image:`); a file of another kind is an error
    there. (A photo that is not in static/, or has no `photo_alt`, is people.py's to report.)"""
    files = {rel for rel, _ in site.static_files}
    found = []
    for person in (person for view in views for person in view.clinicians):
        src = person.meta.photo
        if not src or not written_in(person, "photo"):
            continue  # (a translation's photo from its original: used there)
        rel, line = unquote(src).lstrip("/"), person.key_line("photo")
        if rel in pictures:
            found.append((rel, Use(person.source, line, noun="photo")))
        elif rel in files:
            problems.append(error(person.source, line, f"photo '{src}' is not a picture; save the photo as JPEG, PNG "
                                                       "or WebP under static/ and give its address here"))
    return found


def shown_in(body_html: str, body: str, body_line: int, base_path: str) -> tuple[tuple[str, int], ...]:
    """The addresses on the site ('/images/x.jpg') of the images a document's HTML shows, each
    with the file line that gives it (else the body's first line).

    Found when the document is converted, so that a build need not read every article's HTML
    and text again to learn which images are used (the document cache keeps the answer)."""
    if "<img" not in body_html:
        return ()
    found = []
    for match in _IMG.finditer(body_html):
        plain = html.unescape(dict(_ATTR.findall(match.group(0)[4:])).get("src", ""))
        if plain.startswith(base_path):
            plain = "/" + plain[len(base_path):]
        if not plain.startswith("/"):
            continue
        at = body.find(plain)
        found.append((plain, max(body_line - 1, 0) + body.count("\n", 0, at) + 1 if at >= 0 else body_line))
    return tuple(found)


def warning_no_image(path: str, line: int) -> Problem:
    from .problems import warning

    return warning(path, line, "'image_alt' is set but there is no 'image'; add the image or remove 'image_alt'")


def prepare(site, memo: cache.Memo | None = None) -> tuple[Images, list[Problem]]:
    """Every raster image of static/, made (or found in the cache) and ready to publish, and the
    size of each drawing the theme shows as it is (shown_sizes)."""
    config = site.config.site
    images = Images(config.base_path, config.root_url, sizes=shown_sizes(site))
    used, problems = uses(site)
    for rel in unshown_pictures(site):
        problems += _unshown(rel, used)
    problems += _without_metadata(site, images, used)
    available = static_images(site)
    if not available:
        images.digest = hashlib.sha256(repr(sorted(images.sizes.items())).encode()).hexdigest() if images.sizes else ""
        return images, problems
    folder = cache.folder_for(site.source)
    store = folder / "keep-images" if folder is not None else None
    settings = _settings()
    jobs: list[_Job] = []
    done: dict[str, dict] = {}
    looked: dict[str, tuple] = {}
    for rel, path in sorted(available.items()):
        og = any(u.og for u in used.get(rel, ()))
        if memo is not None:  # (serve: a file untouched since the last build is not read again)
            known = memo.recall(str(path), "images", lambda data, og=og: _key(data, settings, og))
            if known is not None and known[0] == og and _present(store, known[1]):
                done[rel] = known[1]
                continue
            looked[rel] = cache.look(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems += _bad(rel, used, f"cannot be read ({exc.strerror})")
            continue
        key = _key(data, settings, og)
        entry = _cached(store, key)
        if entry is not None:
            done[rel] = entry
        else:
            jobs.append(_Job(rel, str(path), key, og, str(store) if store is not None else None))
    results = parallel.map_in_order(_make, jobs, min_items=1)
    for job, result in zip(jobs, results, strict=True):
        if "error" in result:
            problems += _bad(job.rel, used, result["error"])
        else:
            done[job.rel] = result
    if memo is not None:
        for rel, entry in done.items():
            if rel in looked:
                memo.remember(str(available[rel]), "images", looked[rel], entry["key"],
                              (any(u.og for u in used.get(rel, ())), entry))
        memo.retain({str(path) for path in available.values()}, "images")
    digest = hashlib.sha256(settings.encode() + repr(sorted(images.sizes.items())).encode())
    for rel, entry in sorted(done.items()):
        picture = _publish(images, rel, entry, store)
        images.pictures[rel] = picture
        digest.update(repr(picture).encode())
        if entry["location"]:
            problems.append(_location_note(rel))
    images.digest = digest.hexdigest()
    return images, problems


def _without_metadata(site, images: Images, used: dict[str, list[Use]]) -> list[Problem]:
    """Each GIF, SVG and AVIF file of static/ to publish without its metadata (its comments, a
    drawing program's data, a photo's Exif and XMP), in `images.data` when that changed it; and
    each GIF's size, for its <img>."""
    problems: list[Problem] = []
    found = sorted(pictures_as_they_are(site).items())
    if not found:
        return problems
    from . import metadata  # (here: most sites publish no GIF, SVG or AVIF file)

    for rel, path in found:
        try:
            data = path.read_bytes()
            if rel.lower().endswith(".gif"):
                clean, images.sizes[rel] = metadata.strip_gif(data)
            elif rel.lower().endswith(".avif"):
                clean, location = metadata.strip_avif(data)
                if location:
                    problems.append(_location_note(rel))
            else:
                clean = metadata.strip_svg(data)
        except OSError as exc:
            problems += _bad(rel, used, f"cannot be read ({exc.strerror})")
            continue
        except metadata.BadFile as exc:
            problems += _bad(rel, used, str(exc))
            continue
        if clean != data:
            images.data[rel] = clean
    return problems


def _location_note(rel: str) -> Problem:
    return note(f"static/{rel}", 0, "had a location (GPS) in its metadata; it was removed from the published image, "
                                    "with the rest of its metadata")


def shown_sizes(site) -> dict[str, tuple[int, int]]:
    """static rel -> width, height of the pictures the theme shows as they are, with their size (the
    logo, the home page's picture) when they are not raster images (made in `prepare`): read here,
    with the images, so that rendering reads no file."""
    files = dict(site.static_files)
    found = {}
    for src in (getattr(site.config.theme, "logo", None), getattr(site.config.home, "image", None)):
        rel = unquote(src or "").lstrip("/")
        if rel in files and not rel.lower().endswith(RASTER):
            size = drawing_size(files[rel])
            if size is not None:
                found[rel] = size
    return found


def drawing_size(path: Path) -> tuple[int, int] | None:
    """Width and height of an SVG drawing (its viewBox) or of a picture in another format (AVIF),
    or None when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if path.suffix.lower() == ".svg":
        head = data.decode("utf-8", errors="replace")[:2000]
        box = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', head)
        return (round(float(box.group(1))), round(float(box.group(2)))) if box else None
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # noqa: BLE001 - any unreadable picture just gets no size
        return None


def _bad(rel: str, used: dict[str, list[Use]], why: str) -> list[Problem]:
    """One error for an image that cannot be published, at its first use: the fix is to the file,
    once, not at each place that shows it (those are named)."""
    first, *others = sorted(used.get(rel) or [Use(f"static/{rel}", 0)], key=lambda u: (u.path, u.line))
    if first.path == f"static/{rel}":
        return [error(first.path, first.line, why)]
    also = sorted({f"{u.path}:{u.line}" if u.line else u.path for u in others} - {f"{first.path}:{first.line}"})
    shown = f" (also shown at {', '.join(also[:3])}{', ...' if len(also) > 3 else ''})" if also else ""
    return [error(first.path, first.line, f"{first.noun} '/{rel}' {why}{shown}")]


def _key(data: bytes, settings: str, og: bool) -> str:
    digest = hashlib.sha256()
    for part in (settings.encode(), b"og" if og else b"", data):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "image"


def _publish(images: Images, rel: str, entry: dict, store: Path | None) -> Picture:
    """Put the entry's files among the build's outputs, and describe the picture."""
    stem, tag = _stem(rel), entry["key"][:10]
    blobs = entry.get("blobs", {})

    def place(out: str, digest: str) -> None:
        if store is not None:
            images.copies[out] = store / digest
        else:
            images.data[out] = blobs[digest]

    place(rel, entry["copy"])

    def variants(kind: str) -> tuple[Variant, ...]:
        made = []
        for width, height, digest in entry[kind]:
            out = f"assets/img/{stem}-{tag}-{width}.{entry[kind + '_ext']}"
            place(out, digest)
            made.append(Variant(out, width, height))
        return tuple(made)

    modern, fallback = variants("modern"), variants("fallback")
    og = None
    if entry.get("og"):
        width, height, digest = entry["og"]
        out = f"assets/img/{stem}-{tag}-og.{entry['og_ext']}"
        place(out, digest)
        og = Variant(out, width, height)
    return Picture(rel, fallback[-1].width, fallback[-1].height, modern, fallback,
                   MIME[entry["modern_ext"]] if modern else "", MIME[entry["fallback_ext"]], og)


# --- The cache --------------------------------------------------------------------------------


def _cached(store: Path | None, key: str) -> dict | None:
    """The entry stored for `key`, if it and every file it names are whole (checked by hash)."""
    if store is None:
        return None
    try:
        entry = json.loads((store / f"{key}.json").read_text("utf-8"))
        if entry.get("key") != key:
            return None
        for digest in _digests(entry):
            if not re.fullmatch(r"[0-9a-f]{64}", digest):
                return None
            with open(store / digest, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != digest:
                    return None
        return entry
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # missing, damaged or foreign: a miss
        return None


def _present(store: Path | None, entry: dict) -> bool:
    """Whether the files of an entry checked earlier in this process are still in the cache."""
    return "blobs" in entry if store is None else all((store / digest).is_file() for digest in _digests(entry))


def _digests(entry: dict) -> list[str]:
    found = [entry["copy"]] + [d for kind in ("modern", "fallback") for _, _, d in entry[kind]]
    if entry.get("og"):
        found.append(entry["og"][2])
    return found


def _store(store: Path, key: str, entry: dict, blobs: dict[str, bytes]) -> None:
    """Write the files, then the entry naming them (each under a temporary name, then renamed)."""
    try:
        store.mkdir(parents=True, exist_ok=True)
        for digest, data in blobs.items():
            _write(store / digest, data)
        _write(store / f"{key}.json", json.dumps(entry, sort_keys=True).encode())
    except OSError:  # a cache that cannot be written costs the next build the work, nothing more
        pass


def _write(path: Path, data: bytes) -> None:
    temp = path.parent / f".{path.name}.{os.getpid()}"
    temp.write_bytes(data)
    os.replace(temp, path)


# --- Making one image (in a worker) -----------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """One picture to encode: its file, its key in the cache, whether it is a link preview."""

    rel: str
    path: str
    key: str
    og: bool
    store: str | None  # the cache folder to write to, or None: the bytes come back


def _make(job: _Job) -> dict:
    """The entry of one image, its files written to the cache (or, without one, in 'blobs');
    {'error': why} for a file that cannot be used."""
    try:
        data = Path(job.path).read_bytes()
        entry, blobs = make_entry(data, job.key, job.og)
    except BadImage as exc:
        return {"error": str(exc)}
    except OSError as exc:
        return {"error": f"cannot be read ({exc.strerror or exc})"}
    if job.store is not None:
        _store(Path(job.store), job.key, entry, blobs)
        return entry
    return {**entry, "blobs": blobs}


class BadImage(ValueError):
    """An image that cannot be published; the message says why, in the editor's words."""


def open_image(data: bytes):
    """The image in `data`, checked: a JPEG, PNG or WebP, not too big, not truncated or damaged."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise BadImage("is not an image that can be read (the file may be something else renamed, or "
                           "damaged); save it again as JPEG, PNG or WebP") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            size = _claimed_size(data)
            raise BadImage(_too_big(*size) if size else f"has more than {MAX_PIXELS // 1_000_000} million pixels (or "
                           "says it has: a damaged or hostile file); make it smaller") from None
        except Exception as exc:  # noqa: BLE001 - any failure to read is the file's fault, said as such
            raise BadImage(_unopened(exc)) from None
    if image.format not in FORMATS:
        raise BadImage(f"is a {image.format} image; only JPEG, PNG and WebP are published as images: save it "
                       "again in one of those")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise BadImage(_too_big(width, height))
    if getattr(image, "n_frames", 1) > 1:
        raise BadImage("is animated; only still images are published as pictures (use a still image, or a video "
                       "link)")
    return image


def _claimed_size(data: bytes) -> tuple[int, int] | None:
    """The width and height a file's header gives, read without Image.open's check of them (which
    refuses a too-big picture before its size can be told)."""
    from PIL import Image

    Image.init()
    for name in FORMATS:
        factory, accept = Image.OPEN[name]
        try:
            if accept is None or accept(data[:16]):
                return factory(io.BytesIO(data), "").size
        except Exception:  # noqa: BLE001 - a header that cannot be read: its size is not known
            return None
    return None


def _too_big(width: int, height: int) -> str:
    """Why a picture of `width` x `height` is refused, with the size to save it at instead."""
    smaller = f"{_ACROSS} × {max(1, round(height * _ACROSS / width))}"
    return (f"is {width} × {height} pixels, more than the {MAX_PIXELS // 1_000_000} million a picture may have; "
            f"save it smaller, at {smaller} pixels: no web page needs more than {_ACROSS:,} across")


_ACROSS = 2000  # the width to propose for a picture too big


def _unopened(exc: Exception) -> str:
    """Why a file that starts like an image could not be opened, in the editor's words: Pillow's
    own ("Truncated File Read", "could not create decoder object") say nothing to them."""
    if "truncated" in str(exc).lower():  # (an upload or copy that stopped after the first bytes)
        return "is cut short (its end is missing); export or copy it again"
    return "is damaged, so it cannot be read as an image; export or copy it again, or save it again as JPEG, PNG or WebP"


def make_entry(data: bytes, key: str, og: bool) -> tuple[dict, dict[str, bytes]]:
    """Everything published of one image: (entry, SHA-256 -> bytes of each file)."""
    from PIL import Image

    image = open_image(data)
    kind = FORMATS[image.format]
    exif = image.getexif()
    orientation = exif.get(0x0112, 1) if exif else 1
    location = _has_location(image, exif)
    blobs: dict[str, bytes] = {}

    def keep(content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        blobs[digest] = content
        return digest

    upright_width, upright_height = image.size if orientation not in (5, 6, 7, 8) else image.size[::-1]
    largest = min(upright_width, MAX_WIDTH)
    scale = largest / upright_width
    if og:
        scale = max(scale, OG_SIZE[0] / upright_width, OG_SIZE[1] / upright_height)
    if kind == "jpg" and orientation == 1 and scale < 1:  # decode only as much as needed (a JPEG can, by 1/2, 1/4, 1/8)
        image.draft("RGB" if image.mode != "CMYK" else image.mode,
                    (max(1, int(image.size[0] * scale)), max(1, int(image.size[1] * scale))))
    try:
        image.load()
        upright = _upright(image, orientation)
        clean = _srgb(upright)
    except BadImage:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or truncated file: the file's fault
        if "truncated" in str(exc):
            raise BadImage("is cut short (its end is missing); export or copy it again") from None
        raise BadImage(f"is damaged ({exc}); export or copy it again") from None
    # The copy at the image's own address: its metadata dropped, the pixels untouched, unless it
    # must be turned upright (which the dropped EXIF said).
    if orientation == 1:
        copy = strip(data, kind)
    else:
        copy = _encode(clean, kind, quality=90)  # (not drafted: at full size)
    entry: dict = {"key": key, "location": location, "copy": keep(copy)}
    modern = modern_format()
    widths = [w for w in WIDTHS if w < largest * 0.9] + [largest]
    entry["fallback_ext"] = kind
    entry["modern_ext"] = modern
    entry["fallback"], entry["modern"] = [], []
    for width in widths:
        height = max(1, round(upright_height * width / upright_width))
        resized = clean if clean.size == (width, height) else clean.resize((width, height), Image.Resampling.LANCZOS,
                                                                          reducing_gap=3.0)
        entry["fallback"].append((width, height, keep(_encode(resized, kind))))
        if modern != kind:
            entry["modern"].append((width, height, keep(_encode(resized, modern))))
    if entry["modern"] and len(blobs[entry["modern"][-1][2]]) >= len(blobs[entry["fallback"][-1][2]]):
        for _, _, digest in entry["modern"]:  # no lighter in the modern format (a tiny icon): the original's alone
            if digest not in {d for _, _, d in entry["fallback"]} and digest != entry["copy"]:
                blobs.pop(digest, None)
        entry["modern"] = []
    if og:
        crop = _og_crop(clean, upright_width)
        og_kind = "png" if crop.mode == "RGBA" else "jpg"
        entry["og"] = (crop.size[0], crop.size[1], keep(_encode(crop, og_kind, quality=85)))
        entry["og_ext"] = og_kind
    return entry, blobs


def _has_location(image, exif) -> bool:
    try:
        if exif and exif.get_ifd(0x8825):
            return True
    except Exception:  # noqa: BLE001 - an unreadable GPS block still says there was one
        return 0x8825 in exif
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    return b"GPSLatitude" in xmp or b"GPSLongitude" in xmp


def _upright(image, orientation: int):
    from PIL import Image

    turn = {2: [Image.Transpose.FLIP_LEFT_RIGHT], 3: [Image.Transpose.ROTATE_180],
            4: [Image.Transpose.FLIP_TOP_BOTTOM], 5: [Image.Transpose.TRANSPOSE],
            6: [Image.Transpose.ROTATE_270], 7: [Image.Transpose.TRANSVERSE],
            8: [Image.Transpose.ROTATE_90]}.get(orientation, [])
    icc = image.info.get("icc_profile")
    for step in turn:
        image = image.transpose(step)
    if icc:
        image.info["icc_profile"] = icc
    return image


def _has_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _srgb(image):
    """The image in sRGB (RGB, or RGBA when it has transparency), with no metadata left on it."""
    from PIL import ImageCms

    alpha = _has_alpha(image)
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    converted = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            work = image
            if work.mode not in ("RGB", "RGBA", "CMYK", "L"):
                work = work.convert(mode)
            out_mode = mode if work.mode != "CMYK" and work.mode != "L" else "RGB"
            if work.mode == "L" and alpha:
                work, out_mode = work.convert("RGBA"), "RGBA"
            converted = ImageCms.profileToProfile(work, source, ImageCms.createProfile("sRGB"),
                                                  renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode=out_mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None  # a profile LittleCMS cannot use: the pixels as they are
    if converted is None:
        converted = image if image.mode == mode else image.convert(mode)
    converted = converted if converted.mode == mode else converted.convert(mode)
    if converted is image:
        converted = image.copy()
    converted.info = {}
    return converted


def _og_crop(image, width: int):
    """The middle of the image at 1200:630, 1200x630 at most (never enlarged)."""
    from PIL import Image

    w, h = image.size
    target_w, target_h = OG_SIZE
    if w * target_h > h * target_w:  # wider than 1200:630: keep the full height
        crop_w, crop_h = round(h * target_w / target_h), h
    else:
        crop_w, crop_h = w, round(w * target_h / target_w)
    left, top = (w - crop_w) // 2, (h - crop_h) // 2
    box = (left, top, left + crop_w, top + crop_h)
    if crop_w > target_w:
        return image.resize(OG_SIZE, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    return image.crop(box)


def _encode(image, kind: str, quality: int | None = None) -> bytes:
    """The image's bytes in `kind`, with no metadata (the image has none left on it)."""
    out = io.BytesIO()
    image.info = {}
    if kind == "jpg":
        rgb = image if image.mode == "RGB" else _flatten(image)
        rgb.save(out, "JPEG", quality=quality or QUALITY["jpg"], optimize=True, progressive=True)
    elif kind == "png":
        image.save(out, "PNG", optimize=True)
    elif kind == "webp":
        image.save(out, "WEBP", quality=quality or QUALITY["webp"], method=4)
    else:
        image.save(out, "AVIF", quality=quality or QUALITY["avif"], speed=AVIF_SPEED, max_threads=1)
    return out.getvalue()


def _flatten(image):
    """An RGBA image on white (a JPEG has no transparency)."""
    from PIL import Image

    if image.mode != "RGBA":
        return image.convert("RGB")
    ground = Image.new("RGB", image.size, (255, 255, 255))
    ground.paste(image, mask=image.getchannel("A"))
    return ground


# --- Removing metadata without touching the pixels --------------------------------------------


def strip(data: bytes, kind: str) -> bytes:
    """`data` without its metadata: segments or chunks of EXIF, XMP, IPTC, comments, thumbnails,
    and anything after the image's end, dropped; the compressed pixels and the colour profile kept."""
    if kind == "jpg":
        return _strip_jpeg(data)
    if kind == "png":
        return _strip_png(data)
    return _strip_webp(data)


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise BadImage("is not a JPEG file, though its name says so; save it again as JPEG")
    out = [b"\xff\xd8"]
    i, end = 2, len(data)
    while i < end:
        if data[i] != 0xFF or i + 1 >= end:
            raise BadImage("is a damaged JPEG file; export or copy it again")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            return b"".join(out)  # anything after the end (a second, hidden image) is dropped
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[i:i + 2])
            i += 2
            continue
        if i + 4 > end:
            break
        length = int.from_bytes(data[i + 2:i + 4], "big")
        segment = data[i:i + 2 + length]
        if len(segment) < 2 + length or length < 2:
            break
        i += 2 + length
        if marker == 0xDA:  # start of scan: its compressed data runs to the next marker
            out.append(segment)
            j = i
            while True:
                j = data.find(b"\xff", j)
                if j < 0 or j + 1 >= end:
                    raise BadImage("is a JPEG file cut short (its end is missing); export or copy it again")
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    j += 2
                elif following == 0xFF:
                    j += 1
                else:
                    break
            out.append(data[i:j])
            i = j
            continue
        payload = segment[4:]
        if marker == 0xE0 and payload.startswith(b"JFIF\x00") and len(payload) >= 12:
            out.append(b"\xff\xe0\x00\x10" + payload[:12] + b"\x00\x00")  # JFIF, without its thumbnail
        elif (marker == 0xE2 and payload.startswith(b"ICC_PROFILE\x00")) or (marker == 0xEE and payload.startswith(b"Adobe")):
            out.append(segment)  # the colour profile, and Adobe's colour transform flag
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            continue  # EXIF (and its GPS and thumbnail), XMP, IPTC, MPF, comments...
        else:
            out.append(segment)
    raise BadImage("is a JPEG file cut short (its end is missing); export or copy it again")


_PNG_KEEP = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs",
             b"bKGD", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT"}


def _strip_png(data: bytes) -> bytes:
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        raise BadImage("is not a PNG file, though its name says so; save it again as PNG")
    out, i = [signature], len(signature)
    while i + 8 <= len(data):
        length = int.from_bytes(data[i:i + 4], "big")
        kind = data[i + 4:i + 8]
        chunk = data[i:i + 12 + length]
        if len(chunk) < 12 + length:
            break
        i += 12 + length
        if kind in _PNG_KEEP:
            out.append(chunk)  # (text, XMP in iTXt, eXIf, times and unknown chunks dropped)
        if kind == b"IEND":
            return b"".join(out)
    raise BadImage("is a PNG file cut short (its end is missing); export or copy it again")


def _strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise BadImage("is not a WebP file, though its name says so; save it again as WebP")
    chunks, i = [], 12
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while i + 8 <= end:
        kind = data[i:i + 4]
        size = int.from_bytes(data[i + 4:i + 8], "little")
        chunk = data[i:i + 8 + size + (size & 1)]
        if len(chunk) < 8 + size:
            raise BadImage("is a WebP file cut short; export or copy it again")
        i += len(chunk)
        if kind in (b"EXIF", b"XMP "):
            continue
        if kind == b"VP8X":
            chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]  # no EXIF, no XMP flags
        chunks.append(chunk)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


# --- Into the build ---------------------------------------------------------------------------


def publish(images: Images, files: dict[str, bytes | Packed], copies: dict[str, Path]) -> None:
    """Put the images' files among the build's: each raster file of static/ is replaced by its
    copy without metadata, and the derived files join it."""
    for rel in images.data:
        copies.pop(rel, None)  # (its bytes are in `files`: a copy would take their place)
    files.update(images.data)
    copies.update(images.copies)


@dataclass(frozen=True)
class Preview:
    """A link preview's picture (og:image): its address, size and what it shows."""

    url: str  # absolute
    width: int
    height: int
    alt: str


def og_image(images: Images, config, article=None) -> Preview | None:
    """The link preview of a page: the article's image, else the site's preview image, else None."""
    for src, alt in ((getattr(article.meta, "image", None), getattr(article.meta, "image_alt", None)) if article else (None, None),
                     (getattr(config.site, "preview_image", None), getattr(config.site, "preview_image_alt", None))):
        found = images.og(src)
        if found is not None:
            return Preview(images.root_url + found.rel, found.width, found.height, alt or "")
    return None
