"""Metadata out of the GIF, SVG and AVIF files of static/, which are otherwise published as they are.

A GIF's comments can hold names and places, a drawing program's SVG holds its author, its file
paths and user names (`<metadata>`, comments, Inkscape's and Illustrator's own attributes), and
a phone photo saved as AVIF its Exif (with GPS) and XMP. They are cut out of the file's bytes (or,
in an AVIF file, zeroed in place); everything else is kept byte for byte, so an animation keeps its
frames and timing, a drawing its every path and a photo its pixels (images.py publishes the result).
"""

from __future__ import annotations

import re
import struct
import warnings
from dataclasses import dataclass
from xml.parsers import expat


class BadFile(ValueError):
    """A GIF, SVG or AVIF file that cannot be published; the message says why, in the editor's words."""


# --- GIF ----------------------------------------------------------------------------------------

# Application extensions that make the picture what it is: looping (Netscape's, and its twin),
# and a colour profile. Any other (XMP, a program's own data) is dropped, as are comments (0xFE)
# and plain text (0x01), which no browser draws.
_GIF_APPS_KEPT = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")
_GRAPHIC_CONTROL = 0xF9  # each frame's delay, disposal and transparency


def strip_gif(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """The GIF in `data` without comments, plain text or foreign application blocks, and its
    width and height. Walks the file's blocks (GIF89a, section 17-27) without decoding a pixel."""
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise BadFile("is not a GIF file, though its name says so; save it again as GIF, or as PNG or WebP")
    if len(data) < 13:
        raise _cut_short()
    width, height = struct.unpack("<HH", data[6:10])
    i = 13 + _colour_table(data[10])
    out = [data[:i]]
    while i < len(data):
        kind = data[i]
        if kind == 0x3B:  # the trailer: anything after it (hidden data) is dropped
            break
        if kind == 0x21:  # an extension: label, then sub-blocks
            end = _after_sub_blocks(data, i + 2)
            if _kept_extension(data, i):
                out.append(data[i:end])
        elif kind == 0x2C:  # a frame: descriptor, its colour table, LZW code size, then sub-blocks
            start = i + 10 + (_colour_table(data[i + 9]) if i + 9 < len(data) else 0)
            end = _after_sub_blocks(data, start + 1)
            out.append(data[i:end])
        else:
            raise BadFile("is a damaged GIF file (a block of an unknown kind); export or copy it again")
        i = end
    out.append(b"\x3b")  # (a file that ends after a whole block, without its trailer, is given one)
    return b"".join(out), (width, height)


def _colour_table(flags: int) -> int:
    """The length of the colour table that a descriptor's flags announce (0 without one)."""
    return 3 * (2 << (flags & 7)) if flags & 0x80 else 0


def _after_sub_blocks(data: bytes, i: int) -> int:
    """Where a chain of sub-blocks that starts at `i` ends (after its empty terminator)."""
    while True:
        if i >= len(data):
            raise _cut_short()
        size = data[i]
        i += 1 + size
        if size == 0:
            return i


def _kept_extension(data: bytes, i: int) -> bool:
    label = data[i + 1]
    if label == _GRAPHIC_CONTROL:
        return True
    return label == 0xFF and data[i + 2] == 11 and data[i + 3:i + 14] in _GIF_APPS_KEPT


def _cut_short() -> BadFile:
    return BadFile("is a GIF file cut short (its end is missing); export or copy it again")


# --- SVG ----------------------------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
# The namespaces of drawing programs' own data (layer names, export paths, window sizes, the
# document's author) and of the RDF that <metadata> holds: no browser draws any of them.
EDITORS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "adobe:ns:meta/",
})
_ATTRIBUTE = re.compile(rb"""(\s+)([^\s=/>]+)(\s*=\s*)("[^"]*"|'[^']*')""")


def strip_svg(data: bytes) -> bytes:
    """The SVG drawing in `data` without <metadata>, comments, XMP packets, or the elements and
    attributes of drawing programs' namespaces; every other byte as it was. Read with Expat, which
    reads no external file; a drawing that declares entities is refused (they can make a few bytes
    expand to gigabytes, and no drawing needs them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # (not UTF-8: the checks of what is published say so)
    if "metadata" not in text and "<!--" not in text and "<?xpacket" not in text and not any(
            namespace in text for namespace in EDITORS):
        return data
    return _SvgCutter(data).cut()


class _SvgCutter:
    """One reading of an SVG file: the byte ranges to cut out, and the tags to write again."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement), in order
        self.scopes: list[dict[str, str]] = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
        self.dropping: tuple[int, int | None] = (0, None)  # where the element being left out starts (and ends)
        self.depth_in_dropped = 0  # how deep inside it the reading is (0: not inside one)
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CommentHandler = lambda _text: self._cut_to(b"-->")
        parser.ProcessingInstructionHandler = lambda target, _data: self._cut_to(b"?>") if target == "xpacket" else None
        parser.EntityDeclHandler = self._refuse_entities
        self.parser = parser

    def cut(self) -> bytes:
        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError as exc:
            raise BadFile(f"is not a well-formed SVG drawing ({expat.errors.messages[exc.code]} on its line "
                          f"{exc.lineno}), so browsers show nothing of it; export it again from the drawing "
                          "program") from None
        out, at = [], 0
        for start, end, replacement in self.edits:
            out += [self.data[at:start], replacement]
            at = end
        out.append(self.data[at:])
        return b"".join(out)

    def _refuse_entities(self, *_args) -> None:
        raise BadFile("declares entities (<!ENTITY ...>), which can make a small drawing grow to gigabytes when "
                      "read; export it again as plain SVG (in Illustrator: without 'Preserve Illustrator Editing "
                      "Capabilities')")

    def _namespace(self, qname: str, scope: dict[str, str], attribute: bool = False) -> str | None:
        if ":" not in qname:
            return None if attribute else scope.get("")
        return scope.get(qname.split(":", 1)[0])

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if self.depth_in_dropped:
            self.depth_in_dropped += 1
            return
        at = self.parser.CurrentByteIndex
        scope = dict(self.scopes[-1])
        for key, value in attributes.items():
            if key == "xmlns" or key.startswith("xmlns:"):
                scope[key[6:]] = value
        namespace = self._namespace(name, scope)
        end = _tag_end(self.data, at)
        if namespace in EDITORS or (namespace in (SVG, None) and name.rsplit(":", 1)[-1] == "metadata"):
            self.dropping = (at, end if self.data[end - 2:end] == b"/>" else None)  # (None: up to its end tag)
            self.depth_in_dropped = 1
            return
        self.scopes.append(scope)
        tag = self.data[at:end]
        kept = _ATTRIBUTE.sub(lambda match: b"" if self._editors(match.group(2).decode(), scope) else match.group(0),
                              tag)
        if kept != tag:
            self.edits.append((at, end, kept))

    def _editors(self, name: str, scope: dict[str, str]) -> bool:
        """Whether an attribute is a drawing program's, or declares the namespace of one."""
        if name.startswith("xmlns:"):
            return scope.get(name[6:]) in EDITORS
        return self._namespace(name, scope, attribute=True) in EDITORS

    def _end(self, _name: str) -> None:
        if self.depth_in_dropped:
            self.depth_in_dropped -= 1
            if self.depth_in_dropped == 0:
                start, end = self.dropping
                end = end or self.data.index(b">", self.parser.CurrentByteIndex) + 1
                self.edits.append((start, end, b""))
            return
        self.scopes.pop()

    def _cut_to(self, closing: bytes) -> None:
        if not self.depth_in_dropped:
            at = self.parser.CurrentByteIndex
            self.edits.append((at, self.data.index(closing, at) + len(closing), b""))


def _tag_end(data: bytes, start: int) -> int:
    """Where the tag that starts at `start` ends (after its '>'; a '>' inside quotes is the value's)."""
    quote = 0
    for i in range(start + 1, len(data)):
        byte = data[i]
        if quote:
            quote = 0 if byte == quote else quote
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return i + 1
    return len(data)


# --- AVIF (ISOBMFF) -----------------------------------------------------------------------------

# An AVIF file (like every HEIF file) is a tree of boxes (ISO/IEC 14496-12): `ftyp`, then a `meta`
# box that lists the file's items (`iinf`), where each item's bytes are (`iloc`: at file offsets,
# or inside the meta box's `idat`), and the pixels in `mdat`. A phone's Exif (with its GPS) and its
# XMP are items of their own, beside the picture. They are not cut out: that would move every
# offset `iloc` gives. Their bytes are overwritten with zeros and their type renamed to one no
# reader knows (readers skip items of unknown types), so every length and offset stays true and
# the picture decodes as before. Boxes of a file's own data (`udta`, `uuid`: XMP in an older way)
# become `free` boxes, which every reader skips, their bytes zeroed too.
_METADATA_ITEMS = (b"Exif", b"mime", b"uri ")  # Exif, XMP (and any other document), a link
_UNKNOWN_ITEM = b"none"  # the type a metadata item is given (its name zeroed): no reader reads such an item
_FREED = (b"udta", b"uuid", b"xml ", b"bxml")  # a program's data, XMP in a `uuid` box, XML metadata
_SEQUENCE = (b"moov", b"trak", b"mdia", b"minf", b"stbl")  # an animation's boxes, looked into for _FREED


def strip_avif(data: bytes) -> tuple[bytes, bool]:
    """The AVIF file in `data` with its Exif, XMP and other metadata items zeroed and unnamed (see
    above), and whether they held a location (GPS). Only the file's boxes are read, no pixel."""
    boxes = list(_boxes(data, 0, len(data)))
    if not boxes or boxes[0].kind != b"ftyp":
        raise BadFile("is not an AVIF file, though its name says so; save it again as AVIF, or as JPEG, PNG or WebP")
    metas = [box for box in boxes if box.kind == b"meta"]
    if len(metas) != 1:
        raise _avif_damaged("it has no list of its pictures (one 'meta' box)")
    out = bytearray(data)
    location = _clear_items(data, out, metas[0])
    for box in boxes:
        if box.kind in _FREED:
            _free(out, box)
        elif box.kind in _SEQUENCE:
            _free_within(data, out, box)
    return bytes(out), location


@dataclass(frozen=True)
class _Box:
    kind: bytes
    start: int  # where its header starts
    body: int  # where its contents start (after the size, type and, for `uuid`, the 16-byte uuid)
    end: int


def _boxes(data: bytes, start: int, end: int) -> list[_Box]:
    """The boxes one after another between `start` and `end`, each checked to fit there."""
    found, i = [], start
    while i < end:
        if end - i < 8:
            raise _avif_damaged("a box is cut short")
        size, kind = struct.unpack(">I4s", data[i:i + 8])
        header = 8
        if size == 1:  # a 64-bit size follows
            if end - i < 16:
                raise _avif_damaged("a box is cut short")
            size, header = struct.unpack(">Q", data[i + 8:i + 16])[0], 16
        elif size == 0:  # to the end of its parent
            size = end - i
        if kind == b"uuid":
            header += 16
        if size < header or i + size > end:
            raise _avif_damaged("a box's size does not fit the file")
        found.append(_Box(kind, i, i + header, i + size))
        i += size
    return found


class _Reader:
    """Big-endian numbers read one after another inside a box, never past its end."""

    def __init__(self, data: bytes, at: int, end: int) -> None:
        self.data, self.at, self.end = data, at, end

    def number(self, size: int) -> int:
        if size not in (0, 1, 2, 4, 8) or self.at + size > self.end:
            raise _avif_damaged("a list of its parts is cut short")
        value = int.from_bytes(self.data[self.at:self.at + size], "big")
        self.at += size
        return value


def _clear_items(data: bytes, out: bytearray, meta: _Box) -> bool:
    """Zero and unname the metadata items of the `meta` box (and free its XML boxes); whether they
    held a location."""
    children = {box.kind: box for box in _boxes(data, meta.body + 4, meta.end)}  # (a full box: 4 bytes of version)
    for box in children.values():
        if box.kind in _FREED:
            _free(out, box)
    if b"iinf" not in children:
        return False
    items = _item_types(data, children[b"iinf"])
    places = _item_places(data, children[b"iloc"]) if b"iloc" in children else {}
    primary = _primary_item(data, children.get(b"pitm"))
    metadata = {item for item, (kind, _, _) in items.items() if kind in _METADATA_ITEMS}
    if primary in metadata:
        raise _avif_damaged("its main picture is not a picture")
    idat = children.get(b"idat")
    ranges = {item: _byte_ranges(data, place, idat) for item, place in places.items()}
    kept = [span for item, spans in ranges.items() if item not in metadata for span in spans]
    location = False
    for item in sorted(metadata):
        spans = ranges.get(item, [])
        if any(start < other_end and other_start < end for start, end in spans for other_start, other_end in kept):
            raise _avif_damaged("a metadata item shares its bytes with the picture")
        location = location or _has_location(items[item][0], b"".join(data[start:end] for start, end in spans))
        for start, end in spans:
            out[start:end] = bytes(end - start)
        _, at, end = items[item]
        out[at:end] = _UNKNOWN_ITEM + bytes(end - at - 4)  # (its name and content type zeroed too)
    return location


def _primary_item(data: bytes, pitm: _Box | None) -> int | None:
    """The id of the file's main picture (`pitm`), or None without one."""
    if pitm is None:
        return None
    read = _Reader(data, pitm.body, pitm.end)
    return read.number(2 if read.number(4) >> 24 == 0 else 4)


def _item_types(data: bytes, iinf: _Box) -> dict[int, tuple[bytes, int, int]]:
    """item id -> (its type, where the type is written, where its entry ends), from the `infe`
    boxes of `iinf`."""
    head = _Reader(data, iinf.body, iinf.end)
    version = head.number(4) >> 24
    head.number(2 if version == 0 else 4)  # (the entry count: the boxes that follow say it again)
    found = {}
    for entry in _boxes(data, head.at, iinf.end):
        if entry.kind != b"infe":
            continue
        read = _Reader(data, entry.body, entry.end)
        version = read.number(4) >> 24
        if version < 2:  # (HEIF's first layout, which AVIF does not use: items without a type)
            raise BadFile("is an AVIF file in an old layout this site cannot clean of its metadata; save it again "
                          "as AVIF from a current program, or as JPEG, PNG or WebP")
        item = read.number(2 if version == 2 else 4)
        read.number(2)  # (protection index)
        found[item] = (data[read.at:read.at + 4], read.at, entry.end)
        read.number(4)
    return found


def _item_places(data: bytes, iloc: _Box) -> dict[int, tuple[int, int, list[tuple[int, int]]]]:
    """item id -> (construction method, data reference, [(offset, length)...]), from `iloc`."""
    read = _Reader(data, iloc.body, iloc.end)
    version = read.number(4) >> 24
    if version > 2:
        raise _avif_damaged("its list of where things are is of an unknown version")
    sizes = read.number(2)
    offset_size, length_size, base_size = sizes >> 12, (sizes >> 8) & 15, (sizes >> 4) & 15
    index_size = sizes & 15 if version else 0
    found = {}
    for _ in range(read.number(2 if version < 2 else 4)):
        item = read.number(2 if version < 2 else 4)
        method = read.number(2) & 15 if version else 0
        reference, base = read.number(2), read.number(base_size)
        extents = []
        for _ in range(read.number(2)):
            read.number(index_size)
            offset = read.number(offset_size)
            extents.append((base + offset, read.number(length_size)))
        found[item] = (method, reference, extents)
    return found


def _byte_ranges(data: bytes, place: tuple[int, int, list[tuple[int, int]]], idat: _Box | None) -> list[tuple[int, int]]:
    """Where in the file an item's bytes are, as (start, end) ranges (none when in another file)."""
    method, reference, extents = place
    if method == 0 and reference != 0:
        return []  # (in a file of its own, which is not published: nothing here to clear)
    if method == 0:
        origin, limit = 0, len(data)
    elif method == 1 and idat is not None:
        origin, limit = idat.body, idat.end
    else:  # (built from other items' bytes, method 2: those are the picture's, not to be cleared)
        raise BadFile("is an AVIF file built in a way this site cannot clean of its metadata; save it again as "
                      "AVIF (or as JPEG, PNG or WebP) and publish that")
    ranges = []
    for offset, length in extents:
        start = origin + offset
        if length == 0 or start + length > limit:  # (length 0: 'to the end', which no metadata item needs)
            raise _avif_damaged("a part of it lies outside the file")
        ranges.append((start, start + length))
    return ranges


def _has_location(kind: bytes, payload: bytes) -> bool:
    """Whether an Exif item has a GPS block, or an XMP one GPS fields."""
    if kind != b"Exif":
        return b"GPSLatitude" in payload or b"GPSLongitude" in payload
    from PIL import Image  # (here: only an AVIF file with Exif needs it)

    skip = 4 + int.from_bytes(payload[:4], "big")  # (Exif in HEIF: the offset of its TIFF header, then Exif)
    exif = Image.Exif()
    try:
        with warnings.catch_warnings():  # (Pillow warns of damaged Exif: said here as no location found)
            warnings.simplefilter("ignore")
            exif.load(payload[skip:] if skip <= len(payload) else b"")
            return bool(exif.get_ifd(0x8825))
    except Exception:  # noqa: BLE001 - unreadable Exif: its GPS tag, if any, says there was a location
        return b"\x88\x25" in payload or b"\x25\x88" in payload


def _free(out: bytearray, box: _Box) -> None:
    """Make `box` a `free` box of the same size, its contents (a `uuid` box's uuid too) zeroed."""
    header = 16 if out[box.start:box.start + 4] == b"\x00\x00\x00\x01" else 8
    out[box.start + 4:box.start + 8] = b"free"
    out[box.start + header:box.end] = bytes(box.end - box.start - header)


def _free_within(data: bytes, out: bytearray, box: _Box) -> None:
    """Free the metadata boxes inside an animation's boxes (`moov`: its `udta`, `meta`...)."""
    for inner in _boxes(data, box.body, box.end):
        if inner.kind in _FREED or inner.kind == b"meta":
            _free(out, inner)
        elif inner.kind in _SEQUENCE:
            _free_within(data, out, inner)


def _avif_damaged(why: str) -> BadFile:
    return BadFile(f"is a damaged AVIF file ({why}), so its metadata cannot be removed safely; export or copy it "
                   "again, or save it as JPEG, PNG or WebP")
