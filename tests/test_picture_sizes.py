"""The width and height the logo carries come from the file as the build read it with the images
(load, then render: rendering reads no file): a redrawn logo shows its new size on the next build."""

from __future__ import annotations

import re
import shutil

try:
    from tests.helpers import MINIMAL_CONFIG, TODAY, build_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, TODAY, build_site  # type: ignore[no-redef]

CONFIG = MINIMAL_CONFIG + "theme:\n  logo: /images/logo.svg\n"


def _drawing(width: int, height: int) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}"/></svg>'


def _logo_tag(html: str) -> str:
    return re.search(r'<img class="site-logo"[^>]*>', html).group(0)


def test_a_logo_redrawn_shows_its_new_size_on_the_next_build(make_site):
    source = make_site({"site_config.yaml": CONFIG, "static/images/logo.svg": _drawing(120, 40)})
    assert build_site(source).returncode == 0
    assert 'width="120" height="40"' in _logo_tag((source / "output/index.html").read_text("utf-8"))
    (source / "static/images/logo.svg").write_text(_drawing(90, 60), "utf-8")
    result = build_site(source)  # (into the same folder: pages whose inputs did not change are carried over)
    assert result.returncode == 0, result.stderr
    assert 'width="90" height="60"' in _logo_tag((source / "output/index.html").read_text("utf-8"))


def test_rendering_uses_the_size_read_with_the_images_not_the_file(make_site):
    from haven import images
    from haven.render import Renderer, plan_site
    from haven.site import load_site

    source = make_site({"site_config.yaml": CONFIG, "static/images/logo.svg": _drawing(120, 40)})
    site, _ = load_site(source, TODAY, False)
    pictures, problems = images.prepare(site)
    assert site is not None and problems == []
    shutil.rmtree(source / "static")  # what rendering would read of static/ is gone: it needs none of it
    home = next(page for page in plan_site(site).claimed if page.file == "index.html")
    html, _reads, problem = Renderer(site, images=pictures).page(home)
    assert problem is None
    assert _logo_tag(html) == '<img class="site-logo" src="/images/logo.svg" alt="" width="120" height="40">'


def _photo_tag(html: str) -> str:
    return re.search(r'<img [^>]*class="clinician-photo"[^>]*>', html).group(0)


def test_a_clinician_photo_is_fetched_at_the_size_it_is_shown_and_at_once_on_its_own_page(make_site):
    # Shown 8rem (128 px) wide: `sizes` says so, and a 256 px copy serves a phone at 2x (not a 720 px one).
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((1200, 1200), 40).convert("RGB").save(out, "JPEG")
    source = make_site({"site_config.yaml": MINIMAL_CONFIG, "static/images/dana.jpg": out.getvalue(),
                        "content/clinicians/dana.md": "---\nname: Dana Reyes\nrole: Psychotherapist\n"
                                                      "photo: /images/dana.jpg\nphoto_alt: Dana at her desk\n---\nBio.\n"})
    assert build_site(source).returncode == 0
    card = _photo_tag((source / "output/team/index.html").read_text("utf-8"))
    header = _photo_tag((source / "output/team/dana/index.html").read_text("utf-8"))
    for tag in (card, header):
        assert 'sizes="8rem"' in tag
        assert re.search(r'-256\.jpg 256w, [^"]*-360\.jpg 360w', tag)
    assert 'loading="lazy"' in card and "fetchpriority" not in card  # (further down a list)
    assert 'fetchpriority="high"' in header and "loading" not in header  # (the first thing on the page)
