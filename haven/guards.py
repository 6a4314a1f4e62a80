"""The script and privacy guard: an allowlist over the browser's own reading of a page or file.

Pages and static HTML are parsed by Lexbor (through selectolax), an HTML5 parser that tokenises
exactly as the HTML Standard says, as a browser does; SVG and XML files by expat, as a browser
reads them when served as XML; CSS by tinycss2 (CSS Syntax Level 3). Only known elements,
attributes and URL schemes pass; every address is resolved the way a browser resolves it
(WHATWG URL parsing) before its host is compared with the hosts the site allows.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from dataclasses import dataclass, replace
from html import unescape
from urllib.parse import unquote
from xml.parsers import expat

from selectolax.lexbor import LexborHTMLParser

HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b bdi bdo blockquote body br button canvas caption cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form
h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark
menu meta meter nav noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp
script search section select selectedcontent small source span strong style sub summary sup table tbody td
template textarea tfoot th thead time title tr track u ul var video wbr svg math
""".split())
SVG_ELEMENTS = frozenset("""
svg g defs desc title metadata symbol use image switch a path rect circle ellipse line polyline polygon text
tspan textPath marker pattern clipPath mask linearGradient radialGradient stop filter feBlend feColorMatrix
feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight
feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode
feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence view style script
""".split())
MATHML_ELEMENTS = frozenset("""
math mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom msub msup msubsup
munder mover munderover mmultiscripts mprescripts none mtable mtr mtd semantics annotation menclose
""".split())
# Elements that need no look when they carry no attribute (nearly every element of a page).
PLAIN_ELEMENTS = (HTML_ELEMENTS | SVG_ELEMENTS | MATHML_ELEMENTS) - {"script", "style"}
_LOWER_SVG = {name.lower(): name for name in SVG_ELEMENTS}

GLOBAL_ATTRIBUTES = frozenset("""
accesskey autocapitalize autocorrect autofocus class contenteditable dir draggable enterkeyhint hidden id
inert inputmode itemid itemprop itemref itemscope itemtype lang popover role slot spellcheck tabindex title
translate writingsuggestions xmlns xmlns:xlink xml:lang xml:space property typeof vocab resource prefix about
""".split())
HTML_ATTRIBUTES = frozenset("""
abbr accept accept-charset action allow alt as async autocomplete autoplay blocking charset checked cite
color cols colspan command commandfor content controls coords crossorigin data datetime decoding default
defer dirname disabled download enctype fetchpriority for form formaction formenctype formmethod
formnovalidate formtarget headers height high href hreflang http-equiv integrity ismap kind label list
loading loop low max maxlength media method min minlength multiple muted name nomodule novalidate open
optimum pattern placeholder playsinline popovertarget popovertargetaction poster preload readonly
referrerpolicy rel required reversed rows rowspan sandbox scope selected shadowrootmode shape size sizes
span src srclang srcset start step summary target type usemap value width wrap align valign border
""".split())
SVG_ATTRIBUTES = frozenset("""
alignment-baseline baseline-shift clip clip-path clip-rule clipPathUnits color color-interpolation
color-interpolation-filters cursor cx cy d direction display dominant-baseline dx dy fill fill-opacity
fill-rule filter filterUnits flood-color flood-opacity font-family font-size font-size-adjust font-stretch
font-style font-variant font-weight fr fx fy gradientTransform gradientUnits height href image-rendering
in in2 k1 k2 k3 k4 kernelMatrix lengthAdjust letter-spacing lighting-color marker-end marker-mid
marker-start markerHeight markerUnits markerWidth mask mask-type maskContentUnits maskUnits mode opacity
operator order orient overflow paint-order path pathLength patternContentUnits patternTransform
patternUnits points preserveAspectRatio primitiveUnits r radius refX refY result rotate rx ry scale seed
shape-rendering spacing startOffset stdDeviation stitchTiles stop-color stop-opacity stroke
stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity
stroke-width surfaceScale tableValues text-anchor text-decoration text-rendering textLength transform
transform-origin type unicode-bidi values vector-effect version viewBox visibility width word-spacing
writing-mode x x1 x2 xChannelSelector xlink:href xlink:title y y1 y2 yChannelSelector z baseFrequency
numOctaves azimuth elevation limitingConeAngle pointsAtX pointsAtY pointsAtZ specularConstant
specularExponent diffuseConstant divisor bias targetX targetY edgeMode preserveAlpha amplitude exponent
intercept slope focusable requiredExtensions systemLanguage target download hreflang rel referrerpolicy
offset spreadMethod side crossorigin decoding requiredFeatures externalResourcesRequired zoomAndPan
baseProfile contentStyleType enable-background color-rendering color-profile glyph-orientation-horizontal
glyph-orientation-vertical kerning mix-blend-mode isolation filterRes method xlink:type xlink:role
xlink:arcrole xlink:show xlink:actuate xlink:label font-size-adjust text-overflow white-space viewTarget
""".split())
MATHML_ATTRIBUTES = frozenset("""
display displaystyle scriptlevel mathvariant mathcolor mathbackground mathsize dir form fence separator
lspace rspace stretchy symmetric maxsize minsize largeop movablelimits accent accentunder linethickness
depth height width voffset columnalign columnspan rowspan rowalign columnlines rowlines frame notation
encoding alttext
""".split())
_SVG_ATTRIBUTES_LOWER = {name.lower() for name in SVG_ATTRIBUTES}

# Elements that may hold no content at all, whoever writes them: each takes the page over.
FORBIDDEN = {
    "base": "changes the address every link and file of the page is read from",
    "frame": "embeds another page", "frameset": "embeds other pages", "applet": "runs a plug-in",
    "portal": "embeds another page", "fencedframe": "embeds another page", "foreignObject": "embeds HTML in SVG",
    "animate": "can change an address into a script", "set": "can change an address into a script",
    "animateMotion": "animates by script-like rules", "animateTransform": "animates by script-like rules",
    "maction": "runs actions", "annotation-xml": "embeds HTML in MathML", "discard": "removes content by timer",
}
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "mocha", "jscript")
NAVIGATION_SCHEMES = ("http", "https", "mailto", "tel", "sms")
LOAD_SCHEMES = ("http", "https")
FETCHING_RELS = frozenset({"stylesheet", "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "preload",
                           "modulepreload", "prefetch", "manifest", "mask-icon", "preconnect", "dns-prefetch",
                           "prerender", "pingback", "shortcut", "import", "serviceworker", "expect"})
DATA_SCRIPT_TYPES = ("application/ld+json", "application/json")
# Attributes whose value the browser fetches by itself, on any element that has them.
_LOAD_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "ping", "imagesrcset", "manifest")
# Attributes holding an address the visitor may go to (a click, a form): a script scheme runs there.
_NAVIGATION_ATTRIBUTES = ("href", "action", "formaction", "cite", "xlink:href", "itemid", "itemtype")
CONTENT_SCRIPT = "contains a <script>; scripts are not allowed in content, remove it"
_SECOND = ("/", "\\", "")  # after a leading slash, these make the address another host's (or need a closer look)
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass(frozen=True)
class Finding:
    """One thing the guard refuses: on element `tag` (its `attr`, or the element itself)."""

    tag: str
    attr: str
    value: str
    message: str
    line: int = 0  # in the text checked, where the parser or the search for its start tag found it
    nth: int = -1  # how many elements of the same name come before it in the document
    offset: int = 0  # lines after its element's start tag (CSS inside a style block or attribute)


@dataclass(frozen=True)
class Rules:
    """What a build allows: the hosts a page may load from and the theme's own scripts."""

    allowed: frozenset[str]
    own: frozenset[str] = frozenset()  # the site's own host(s): a redirect page may point there
    theme_scripts: frozenset[str] = frozenset()


# --- addresses ---------------------------------------------------------------------------

def resolve(value: str) -> tuple[str, str]:
    """(scheme, host) of an attribute's value, read as a browser reads it on an https page.

    scheme is '' for an address relative to the page; host is '' when it stays on the site."""
    if value[:1] == "/" and value[1:2] not in _SECOND and "\t" not in value and "\n" not in value and "\r" not in value:
        return "", ""  # the common case: an address on the site, /blog/...
    url = value.strip(_C0_AND_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme and scheme not in ("http", "https"):
        return scheme, ""
    rest = url[match.end():] if match else url
    rest = rest.replace("\\", "/")  # the page is http(s): backslashes are slashes
    if scheme or rest.startswith("//"):  # "https:host" with another scheme than the page's is a host too
        authority = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]
        return scheme or "https", _host(authority)
    return "", ""


def _host(authority: str) -> str:
    host = authority.rsplit("@", 1)[-1]
    host = host[:host.index("]") + 1] if host.startswith("[") and "]" in host else host.split(":")[0]
    host = unquote(host).strip(".").lower()
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii").lower()
    return host or "?"


def srcset_urls(value: str) -> list[str]:
    """The addresses of a srcset, split as the HTML Standard splits its candidates."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i] in " \t\n\f\r,"):
            i += 1
        start = i
        while i < n and value[i] not in " \t\n\f\r":
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while i < n and (depth or value[i] != ","):
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
        if url:
            urls.append(url)
    return urls


@functools.cache
def _refresh() -> re.Pattern:  # (compiled when first needed: few pages have a <meta http-equiv="refresh">)
    return re.compile(r"""^[\s\d.]*[;,]?\s*(?:url\s*=\s*)?(['"]?)(.*)""", re.I | re.S)


def refresh_url(content: str) -> str:
    match = _refresh().match(content)
    url = match.group(2) if match else ""
    if match and match.group(1) and match.group(1) in url:
        url = url[:url.index(match.group(1))]
    return url.strip()


# --- CSS ---------------------------------------------------------------------------------

def css_findings(text: str, rules: Rules, tag: str = "style", attr: str = "", first_line: int = 1,
                 embedded: bool = False) -> list[Finding]:
    """Every address a stylesheet (or a style attribute's declarations) loads, and CSS that runs script.

    `embedded` CSS is inside an element: each finding then says how many lines after the
    element's start tag it is, and the element's line is found later."""
    import tinycss2  # (here: the theme's stylesheet is checked once, then known by its bytes)

    nodes = tinycss2.parse_component_value_list(text, skip_comments=True)
    found: list[Finding] = []
    _walk_css(nodes, rules, tag, attr, first_line, found)
    if embedded:
        return [replace(f, line=0, offset=f.line - first_line) for f in found]
    return found


def css_addresses_on_the_site(text: str) -> list[tuple[str, int]]:
    """The addresses on the site a stylesheet loads (url(), @import, image-set()), each with its
    line: `/images/door.png`, `../fonts/a.woff2`; not those of other hosts, data: or #fragments."""
    import tinycss2

    local: list[tuple[str, int]] = []
    _walk_css(tinycss2.parse_component_value_list(text, skip_comments=True), Rules(frozenset()), "style", "", 1, [],
              local)
    return [(url, line) for url, line in local if url.strip() and not url.strip().startswith("#")]


def _walk_css(nodes, rules: Rules, tag: str, attr: str, first_line: int, found: list[Finding],
              local: list[tuple[str, int]] | None = None) -> None:
    """`found`: what CSS may not load or do; `local`, when given: every address on the site it loads."""
    previous_import = False

    def load(url: str, line: int) -> list[Finding]:
        if local is not None and resolve(url) == ("", ""):
            local.append((url, line))
        return _css_load(url, rules, tag, attr, line)

    for node in nodes:
        kind = node.type
        line = first_line + (getattr(node, "source_line", 1) or 1) - 1
        if kind == "url" or (kind == "string" and previous_import):
            found += load(node.value, line)
        elif kind == "function":
            name = node.lower_name
            args = [a for a in node.arguments if a.type not in ("whitespace", "comment")]
            if name in ("url", "src") and args and args[0].type == "string":
                found += load(args[0].value, line)
            elif name in ("image-set", "-webkit-image-set") or name.endswith("image-set"):
                found += [f for a in args if a.type == "string" for f in load(a.value, line)]
            elif name == "expression" or name.endswith("expression"):
                found.append(Finding(tag, attr, "expression(", "uses a CSS expression(), which runs script; remove it", line))
            _walk_css(node.arguments, rules, tag, attr, first_line, found, local)
        elif kind == "ident" and node.lower_value in ("behavior", "-moz-binding", "-ms-behavior"):
            found.append(Finding(tag, attr, node.value, f"uses the CSS property {node.value}, which loads script; remove it", line))
        elif kind in ("() block", "[] block", "{} block"):
            _walk_css(node.content, rules, tag, attr, first_line, found, local)
        if kind == "at-keyword":
            previous_import = node.lower_value == "import"
        elif kind not in ("whitespace", "comment"):
            previous_import = False


def _css_load(url: str, rules: Rules, tag: str, attr: str, line: int) -> list[Finding]:
    scheme, host = resolve(url)
    shown = url.strip()
    if scheme in SCRIPT_SCHEMES:
        return [Finding(tag, attr, url, f"has a {scheme}: address in its CSS, which runs script; remove it", line)]
    if scheme and scheme not in LOAD_SCHEMES:
        return [Finding(tag, attr, url, f"loads {shown} in its CSS, but only files of the site may be loaded "
                                         f"({scheme}: addresses are not); copy the file into the site and use its address", line)]
    if host and host not in rules.allowed:
        return [Finding(tag, attr, url, f"loads {shown} from another host (a font, image or stylesheet), so visitors' "
                                         f"browsers would tell {host} who they are; copy the file into the site and use its address", line)]
    return []


# --- HTML --------------------------------------------------------------------------------

def parse(text: str | bytes, scripting: bool = True) -> LexborHTMLParser:
    return LexborHTMLParser(text, scripting=scripting)


def elements(tree: LexborHTMLParser) -> list:
    """Every element of the document, template contents included (after the rest), in document order."""
    found, roots = [], [tree.root] if tree.root is not None else []
    while roots:
        root = roots.pop(0)
        found += [node for node in root.traverse(include_text=False) if node.is_element_node]
        roots += root.template_fragments()
    return found


def nth_of(tree: LexborHTMLParser, index: int) -> int:
    """How many elements named like the index-th element of `elements(tree)` come before it."""
    nodes = elements(tree)
    tag = nodes[index].tag
    return sum(1 for node in nodes[:index] if node.tag == tag)


def html_findings(text: str, rules: Rules, *, static: bool) -> list[Finding]:
    """Everything refused in an HTML document, as the browser reads it with scripts on and off.

    `static` documents are the editor's own files (their scripts may be any of the site's own);
    no HTML document may have inline CSS, which the site's security policy blocks."""
    found: list[Finding] = []
    trees = [parse(text)]
    if "<noscript" in text.lower():  # read differently when scripts are off: check that reading too
        trees.append(parse(text, scripting=False))
    for tree in trees:
        for index, node in enumerate(elements(tree)):
            more = element_findings(node.tag, node.attributes, rules, static=static, text=_inline_text(node))
            if more:
                nth = nth_of(tree, index)
                found += [replace(f, nth=nth) for f in more]
    return _dedupe(found)


def _inline_text(node) -> str:
    return node.text(deep=True) if node.tag in ("style", "script") else ""


# An HTML page in static/ is published as it is, under the same security policy as the others.
_LINK_A_STYLESHEET = ("put the rules in a stylesheet under static/ (static/css/extra.css, say) and link it in the page's "
                      "<head>: <link rel=\"stylesheet\" href=\"/css/extra.css\">")
STATIC_STYLE_BLOCK = f"contains a <style> block, which the site's security policy blocks; {_LINK_A_STYLESHEET}"
STATIC_STYLE_ATTRIBUTE = ("uses a style=\"...\" attribute, which the site's security policy blocks; give the element a "
                          f"class, and {_LINK_A_STYLESHEET}")


def element_findings(tag: str, attrs: dict, rules: Rules, *, static: bool, text: str = "",
                     inline_css: bool = False) -> list[Finding]:
    """What is refused in one element, from its name and attributes (decoded, as parsed).
    `inline_css`: allowed, its addresses checked (an SVG drawing's, which is no page)."""
    found: list[Finding] = []
    name = _LOWER_SVG.get(tag, tag) if tag not in HTML_ELEMENTS else tag
    if name in FORBIDDEN or tag in FORBIDDEN:
        found.append(Finding(tag, "", "", f"uses <{name}>, which {FORBIDDEN.get(name) or FORBIDDEN[tag]}; "
                                         "it is not allowed in the site, remove it"))
        return found
    if name not in HTML_ELEMENTS and name not in SVG_ELEMENTS and name not in MATHML_ELEMENTS:
        found.append(Finding(tag, "", "", f"uses the unknown element <{tag}>; only known, safe HTML, SVG and "
                                         "MathML elements are allowed, remove it or use another element"))
        return found
    if tag == "script":
        found += _script_findings(attrs, rules, static, text)
    elif tag == "style":
        if inline_css:
            found += css_findings(text, rules, "style", embedded=True)
        elif static:
            found.append(Finding(tag, "", "", STATIC_STYLE_BLOCK))
        else:
            found.append(Finding(tag, "", "", "contains a <style> block, which the site's security policy blocks; put "
                                             "its rules in static/css/extra.css, which every page links (see "
                                             "docs/theming.md)"))
    rel = set((attrs.get("rel") or "").lower().split()) if tag == "link" else set()
    if "alternate" in rel and "hreflang" in attrs:
        found += _alternate_findings(attrs)
    if tag == "meta":
        found += _charset_findings(attrs)
    for attr, value in attrs.items():
        value = value or ""
        if attr.startswith("on"):
            found.append(Finding(tag, attr, value, f"uses an '{attr}=' script attribute; scripts are not allowed in pages, remove it"))
            continue
        if attr == "style":
            if inline_css:
                found += css_findings(value, rules, tag, attr, embedded=True)
            elif static:
                found.append(Finding(tag, attr, value, STATIC_STYLE_ATTRIBUTE))
            else:
                found.append(Finding(tag, attr, value, "uses a style=\"...\" attribute; inline styles break the "
                                                      "site's security policy: give the element a class, and its rule "
                                                      "in static/css/extra.css (see docs/theming.md)"))
            continue
        if not _known_attribute(name, attr):
            found.append(Finding(tag, attr, value, f"uses the attribute '{attr}' on <{tag}>, which is not allowed "
                                                   "(only known, safe attributes are); remove it"))
            continue
        found += _address_findings(tag, name, attr, value, attrs, rel, rules)
        if name in SVG_ELEMENTS and "url(" in value.lower():  # fill="url(...)" and the like: CSS values
            found += css_findings(value, rules, tag, attr, embedded=True)
    return found


def _alternate_findings(attrs: dict) -> list[Finding]:
    """A language version without an address: search engines read `href=""` as this very page,
    so a page would claim to be its own version in another language."""
    if (attrs.get("href") or "").strip():
        return []
    code = attrs.get("hreflang") or ""
    # (found in the templates by its hreflang: an empty href looks like many another)
    return [Finding("link", "hreflang", code, f"has <link rel=\"alternate\" hreflang=\"{code}\"> with an empty href; "
                                        "write it only for a language the page exists in ({% if page.x_default %} "
                                        "around the x-default one), or remove it")]


def _charset_findings(attrs: dict) -> list[Finding]:
    """A page in another encoding than UTF-8 (ISO-2022-JP, say) is read differently than checked."""
    charset = attrs.get("charset")
    if charset is None and (attrs.get("http-equiv") or "").strip().lower() == "content-type":
        match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", attrs.get("content") or "", re.I)
        charset = match.group(1) if match else None
    if charset is None or charset.strip().lower() in ("utf-8", "utf8"):
        return []
    attr = "charset" if "charset" in attrs else "content"
    return [Finding("meta", attr, charset, f"declares the character set '{charset.strip()}'; the site's pages and "
                                           "files are UTF-8, and a browser reading them otherwise sees other markup than "
                                           "was checked; declare <meta charset=\"utf-8\"> or remove the tag")]


def _known_attribute(name: str, attr: str) -> bool:
    if attr in GLOBAL_ATTRIBUTES or attr.startswith(("data-", "aria-")):
        return True
    if name in SVG_ELEMENTS and (attr in SVG_ATTRIBUTES or attr in _SVG_ATTRIBUTES_LOWER):
        return True
    if name in MATHML_ELEMENTS and attr in MATHML_ATTRIBUTES:
        return True
    return name in HTML_ELEMENTS and attr in HTML_ATTRIBUTES and attr != "srcdoc"


def _script_findings(attrs: dict, rules: Rules, static: bool, text: str) -> list[Finding]:
    kind = (attrs.get("type") or "").strip().lower()
    if kind in DATA_SCRIPT_TYPES and "src" not in attrs:
        return []  # data for the page, never run
    src = attrs.get("src") or attrs.get("href") or attrs.get("xlink:href")
    if src is None:
        return [Finding("script", "", text[:40], "contains an inline <script>; scripts are not allowed in pages, "
                                                 "only as files of the theme")]
    if static or src in rules.theme_scripts:
        return []  # where it loads from is checked with every other address
    return [Finding("script", "src", src, CONTENT_SCRIPT)]  # unless a template of the site wrote it


def _address_findings(tag: str, name: str, attr: str, value: str, attrs: dict, rel: set[str], rules: Rules) -> list[Finding]:
    if attr in ("srcset", "imagesrcset"):
        urls = srcset_urls(value)
    elif attr == "ping":
        urls = value.split()
    elif attr == "content" and (attrs.get("http-equiv") or "").strip().lower() == "refresh":
        return _load(tag, attr, refresh_url(value), rules, refresh=True)
    elif attr in _LOAD_ATTRIBUTES or (attr in ("href", "xlink:href") and (
            (tag == "link" and rel & FETCHING_RELS) or (name in SVG_ELEMENTS and name != "a"))):
        urls = [value]
    elif attr in _NAVIGATION_ATTRIBUTES:
        return _navigate(tag, attr, value)
    else:
        return []
    return [f for url in urls for f in _load(tag, attr, url, rules)]


def _navigate(tag: str, attr: str, value: str) -> list[Finding]:
    scheme, _ = resolve(value)
    if not scheme or scheme in NAVIGATION_SCHEMES:
        return []
    if scheme in SCRIPT_SCHEMES:
        if tag == "a" and attr == "href":
            return [Finding(tag, attr, value, f"has a {scheme}: link; scripts are not allowed in pages, link to an address instead")]
        return [Finding(tag, attr, value, f"has a {scheme}: address in {attr}=; scripts are not allowed in pages, remove it")]
    return [Finding(tag, attr, value, f"<{tag}> {attr}= leads to a {scheme}: address, which is not allowed; use an "
                                      "https: address, mailto:, tel:, sms: or an address on the site")]


def _load(tag: str, attr: str, url: str, rules: Rules, refresh: bool = False) -> list[Finding]:
    scheme, host = resolve(url)
    shown = url.strip(_C0_AND_SPACE)
    if scheme in SCRIPT_SCHEMES:
        return [Finding(tag, attr, url, f"has a {scheme}: address in {attr}=; scripts are not allowed in pages, remove it")]
    if scheme and scheme not in LOAD_SCHEMES:
        return [Finding(tag, attr, url, f"<{tag}> loads {shown} ({attr}=), but only files of the site may be loaded "
                                        f"({scheme}: addresses are not); copy the file into static/ and use its /address instead")]
    if host and host not in rules.allowed and not (refresh and host in rules.own):
        if refresh:
            return [Finding(tag, attr, url, f"<{tag}> sends every visitor on to {shown}, on another host ({host}), "
                                            "without a click; link to it instead")]
        return [Finding(tag, attr, url, f"<{tag}> loads {shown} from another host, so visitors' browsers would tell "
                                        f"{host} who they are; copy the file into static/ and use its /address instead")]
    return []


def _dedupe(found: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(found))


# --- where in the text -------------------------------------------------------------------

_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext")
# (Runs of plain characters are taken whole, `[^>"']+`: the same matches, in half the time.)
_START_TAG = re.compile(r"<!--.*?(?:-->|$)|<([a-zA-Z][^\t\n\f\r />]*)((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>?", re.S)
_SPELLINGS = {"img": ("img", "image")}  # the parser makes an HTML <image> an <img>


def start_tags(text: str, raw: tuple[str, ...] = _RAW_TEXT) -> list[tuple[str, int, str]]:
    """(lower-case name, offset, raw markup) of each start tag, read nearly as the tokeniser reads
    them; the content of the `raw` elements is text."""
    tags: list[tuple[str, int, str]] = []
    pos = 0
    while True:
        match = _START_TAG.search(text, pos)
        if not match:
            return tags
        pos = match.end()
        if match.group(1) is None:
            continue
        name = match.group(1).lower()
        tags.append((name, match.start(), match.group(0)))
        if name in raw:
            end = re.compile(rf"</{name}[\t\n\f\r />]", re.I).search(text, pos)
            pos = end.start() if end else len(text)


# The readings of the text tried in turn: as the browser with scripts on reads HTML, with
# scripts off, and with no raw text at all (inside SVG and MathML, <style> holds tags).
_READINGS = ((*_RAW_TEXT, "noscript"), _RAW_TEXT, ())


def locate(text: str, findings: list[Finding]) -> list[tuple[Finding, int, str]]:
    """Each finding with the line of the start tag it comes from, and that tag's markup ('' if not found).

    The parser gives no positions: the tag is the finding's nth start tag of that name in the
    text, or else the next one with the finding's attribute."""
    readings: list[dict[str, list[tuple[int, str]]]] = []
    used: dict[tuple[int, str, str], int] = {}
    located = []
    for finding in findings:
        if finding.line:
            located.append((finding, finding.line, ""))
            continue
        attr = re.compile(rf"[\s/\"']{re.escape(finding.attr)}(?=[\s/>=])", re.I) if finding.attr else None
        place = None
        for number, raw in enumerate(_READINGS):
            if number == len(readings):
                by_name: dict[str, list[tuple[int, str]]] = {}
                for name, offset, markup in start_tags(text, raw):
                    by_name.setdefault(name, []).append((offset, markup))
                readings.append(by_name)
            tag = finding.tag.lower()
            tags = sorted(t for name in _SPELLINGS.get(tag, (tag,)) for t in readings[number].get(name, []))
            fits = [attr is None or bool(attr.search(markup + " ")) for _, markup in tags]
            if 0 <= finding.nth < len(tags) and fits[finding.nth]:
                place = tags[finding.nth]
            else:
                key = (number, finding.tag.lower(), finding.attr)
                index = next((i for i in range(used.get(key, 0), len(tags)) if fits[i]), None)
                if index is not None:
                    used[key] = index + 1
                    place = tags[index]
            if place:
                break
        if place is None:
            located.append((finding, 0, ""))
        else:
            offset, markup = place
            located.append((finding, text.count("\n", 0, offset) + 1 + finding.offset, markup))
    return located


# --- XML (SVG files, XML files) -----------------------------------------------------------

_SVG_NS, _XHTML_NS, _MATHML_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XSL_NS = "http://www.w3.org/1999/XSL/Transform"
_WEB = {_SVG_NS, _XHTML_NS, _MATHML_NS}


def xml_findings(text: str, rules: Rules) -> list[Finding] | None:
    """Everything refused in an XML file (SVG included), each with its line; None if it is not well-formed."""
    found: list[Finding] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[tuple[str, int, list[str]]] = []  # (tag, line, text parts) of style and script elements

    def start(name, attributes):
        namespace, _, local = name.rpartition(" ")
        line = parser.CurrentLineNumber
        attrs = {}
        for key, value in attributes.items():
            ns, _, attr = key.rpartition(" ")
            attrs["xlink:" + attr if ns == _XLINK_NS else attr if not ns else f"{{{ns}}}{attr}"] = value
        if namespace in _WEB:
            web = {k: v for k, v in attrs.items() if not k.startswith("{")}
            found.extend(_at(f, line) for f in element_findings(local, web, rules, static=True, inline_css=True))
        else:
            for key, value in attrs.items():
                if key.lower().startswith("on"):
                    continue  # no meaning outside the web's own vocabularies
                if key in ("href", "xlink:href"):
                    urls = [value]
                    check = _load if namespace == _XSL_NS else (lambda t, a, v, r: _navigate(t, a, v))
                    found.extend(_at(f, line) for url in urls for f in check(local, key, url, rules))
        if local in ("style", "script") and namespace in _WEB:
            stack.append((local, line, []))
        else:
            stack.append(("", line, []))

    def end(name):
        tag, line, parts = stack.pop()
        if tag == "style":
            found.extend(css_findings("".join(parts), rules, "style", first_line=line))

    def chars(data):
        if stack and stack[-1][0]:
            stack[-1][2].append(data)

    def instruction(target, data):
        if target.lower() == "xml-stylesheet":
            match = re.search(r"""href\s*=\s*(["'])(.*?)\1""", data, re.S)
            href = unescape(match.group(2)) if match else ""
            line = parser.CurrentLineNumber
            if "xsl" in data.lower():
                found.append(Finding("?xml-stylesheet", "href", href, "applies an XSLT stylesheet, which can write "
                                     "scripts into the page as the browser shows it; publish the page as HTML instead", line))
            elif href:
                found.extend(_at(f, line) for f in _load("?xml-stylesheet", "href", href, rules))

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler, parser.ProcessingInstructionHandler = chars, instruction
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError:
        return None
    return _dedupe(found)


def _at(finding: Finding, line: int) -> Finding:
    return finding if finding.line else replace(finding, line=line + finding.offset, offset=0)


# --- web app manifests --------------------------------------------------------------------

def manifest_findings(text: str, rules: Rules) -> list[Finding]:
    """A web app manifest's icons and screenshots are loaded by the browser; its start_url is opened."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    found: list[Finding] = []
    images = [i for key in ("icons", "screenshots") for i in data.get(key) or [] if isinstance(i, dict)]
    images += [i for s in data.get("shortcuts") or [] if isinstance(s, dict) for i in s.get("icons") or [] if isinstance(i, dict)]
    for image in images:
        if isinstance(image.get("src"), str):
            found += _load("manifest", "src", image["src"], rules)
    for key in ("start_url", "scope", "id"):
        if isinstance(data.get(key), str):
            found += _load("manifest", key, data[key], rules)
    return [_at(f, _json_line(text, f.value)) for f in found]


def _json_line(text: str, value: str) -> int:
    index = text.find(json.dumps(value)[1:-1])
    return text.count("\n", 0, index) + 1 if index >= 0 else 0
