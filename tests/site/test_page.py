"""The download page, opened in a real browser: Debian's headless Chromium driven by Playwright.

One full build of the default brand book per session; every language's page is opened at phone
and desktop sizes from file://. Screenshots go to tests/_actual/page/ for a person to look at.
Nothing here is skipped: without Chromium, Playwright or axe-core the tests fail and say how to
install them (`bash scripts/test` does).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import struct
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from markupsafe import escape
from PIL import Image

from pressroom import GENERATOR
from pressroom.brandbook import load
from pressroom.brandbook.places import order
from pressroom.kit.asset import Asset
from pressroom.kit.plan import format_makes
from pressroom.kit.writer import CONTROL, Output
from pressroom.press import room
from pressroom.site.page import write_page, write_zips, zip_path
from pressroom.site.press import present
from pressroom.site.thumbs import BOX, LARGE, SCALE
from pressroom.template.colour import contrast, page_colours
from tests.conftest import BRANDBOOK, PAGE_KITS, REPO, SAMPLE_MESSAGES, sample_kit, static_server

AXE = REPO / "tests" / "page" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPO / "tests" / "_actual" / "page"
SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
SHY = "\u00ad"  # a soft hyphen: where a long word in a narrow box may break
FIRST_VIEW_BUDGET = 1_000_000  # bytes a phone may load before the user scrolls

BOOK, _ = load(BRANDBOOK)
MOTION = tuple(f.name for f in BOOK.formats if f.is_motion)
LOCALES = [x.code for x in BOOK.locales]
# Two languages for what is the same code path in every one (a page reloaded per download): the
# primary language, and the reference one when it differs.
TWO = list(dict.fromkeys([BOOK.brand.primary_locale, BOOK.brand.reference_locale, *LOCALES]))[:2]
PRIMARY = BOOK.brand.primary_locale
PRINT = {f.name for f in BOOK.formats if f.is_print}
KITS = PAGE_KITS  # what the campaign's page links
PLACES = order(BOOK)  # where people post, in the order the page offers them
PARTNERS = [p.id for p in BOOK.brand.partners]


def as_written(text: str) -> str:
    """A text the page shows, as its locale wrote it: less the soft hyphens of long words."""
    return text.replace(SHY, "")


def page_file(code: str) -> str:
    return "index.html" if code == PRIMARY else f"{code}.html"


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def site() -> Path:
    """The session's build of the default brand book (conftest.sample_kit): its page shows the
    two sample messages in every format and kit."""
    return sample_kit()


@pytest.fixture(scope="session")
def assets(site) -> list[dict]:
    return json.loads((site / "manifest.json").read_text())["assets"]


@pytest.fixture(scope="session")
def static_host(site):
    """The output folder on a local static web server (127.0.0.1), as a host would serve it."""
    with static_server(site) as url:
        yield url


class Visit:
    """A page opened in a fresh context, with every request it made and every error it logged."""

    def __init__(self, browser, url: str, allow: str = "file:", images=True, **options):
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        # Anything that is not a local file is refused (and recorded): nothing may leave file://.
        self.context.route(re.compile(f"^(?!{re.escape(allow)})"), self._block)
        if not images:  # tests of links: skip the 100-odd previews a page without JS loads
            self.context.route("**/thumbs/*", lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if url:
            self.page.goto(url)

    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_(url: str, allow: str = "file:", images=True, **options) -> Visit:
        v = Visit(browser, url, allow, images, **options)
        opened.append(v)
        return v

    yield open_
    for v in opened:
        v.close()


def url_of(site: Path, code: str) -> str:
    return (site / page_file(code)).as_uri()


def local_path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


# Scroll down the page a screen at a time (as a reader would), then wait until every image it
# shows has loaded or failed (the previews of a view not chosen are hidden, and never load).
LOAD_ALL_IMAGES = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const step = Math.max(200, window.innerHeight);
  for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
    window.scrollTo({top: y, behavior: "instant"});
    await frame();
  }
  const shown = [...document.images].filter(i => i.getClientRects().length);
  await Promise.all(shown.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener("load", r); i.addEventListener("error", r);
  })));
  window.scrollTo({top: 0, behavior: "instant"});
  await frame();
  return shown.map(i => {
    const box = i.getBoundingClientRect();
    const video = (i.closest(".thumb") || i).querySelector("video");
    return {src: i.getAttribute("src"), loading: i.loading,
            alt: i.getAttribute("alt") || (video && video.getAttribute("aria-label")),
            ok: i.complete && i.naturalWidth > 0, nw: i.naturalWidth, nh: i.naturalHeight,
            w: box.width, h: box.height,
            large: !!i.dataset.large && i.getAttribute("src") === i.dataset.large};
  });
}"""


SCROLL_TO = "e => e.scrollIntoView({block: 'start', behavior: 'instant'})"


def shoot(page, name: str, **options) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), **options)


# ---------------------------------------------------------------------------------------------
# In the browser


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("code", LOCALES)
def test_every_image_loads_from_file_and_nothing_leaves(site, assets, visit, code, size):
    v = visit(url_of(site, code), **SIZES[size])
    images = v.page.evaluate(LOAD_ALL_IMAGES)
    shoot(v.page, f"{code}-{size}")
    if size == "desktop":
        shoot(v.page, f"{code}-{size}-full", full_page=True)
    else:
        for part, selector in (("cards", ".msg"), ("end", ".howto")):
            v.page.locator(selector).first.evaluate(SCROLL_TO)
            shoot(v.page, f"{code}-{size}-{part}")
    cards = {(a["message"], a["format"]) for a in assets if a["locale"] == code}
    assert len(images) >= len(cards)
    for img in images:
        assert img["ok"], f"{img['src']} did not load"
        assert img["alt"], f"{img['src']} has no alt text (nor its video a label)"
        assert img["loading"] == "lazy"
        # a thumbnail made in the build, at most SCALE× the size the page shows it at
        assert img["src"].startswith("thumbs/") and img["src"].endswith(".webp")
        assert not img["large"]  # no place chosen: the small previews
        assert img["nw"] <= SCALE * BOX[0] and img["nh"] <= SCALE * BOX[1]
        assert img["nw"] <= SCALE * img["w"] * 1.15 + 1, img
    assert v.blocked == []
    assert all(u.startswith("file://") for u in v.requests), v.requests
    assert v.errors == []


def test_a_motion_card_shows_its_cover_and_plays_inline_on_tap(site, assets, visit):
    """Nothing of a video loads until it is tapped (the page holds none: its cover links the
    clip); then it plays in its card, in the cover's place."""
    v = visit(url_of(site, PRIMARY), **SIZES["phone"])
    v.page.evaluate(LOAD_ALL_IMAGES)
    assert not [u for u in v.requests if u.endswith(".mp4")]
    assert v.page.locator("video").count() == 0
    clip = next(a for a in assets if a["locale"] == PRIMARY and a["media_type"] == "video/mp4")
    link = v.page.locator(f'a.play[href="{clip["path"]}"]')
    cover = link.locator("img")  # (its large file: a chosen place's)
    assert cover.get_attribute("alt") == clip["alt"]
    assert cover.get_attribute("loading") == "lazy"
    assert cover.get_attribute("src").startswith("thumbs/")
    shown = cover.bounding_box()
    link.evaluate(SCROLL_TO)
    shoot(v.page, "motion-card-before")
    link.tap()
    video = v.page.locator(f'.thumb video[src="{clip["path"]}"]')
    v.page.wait_for_function("v => v.currentTime > 0.5", arg=video.element_handle())
    shoot(v.page, "motion-card-playing")
    state = video.evaluate("v => [v.paused, v.videoWidth, v.videoHeight, v.controls]")
    assert state == [False, clip["width"], clip["height"], True]
    assert video.get_attribute("playsinline") is not None
    assert video.get_attribute("aria-label") == clip["alt"]
    assert video.evaluate("v => document.activeElement === v")  # the keyboard stays there
    box = video.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (
        round(shown["width"]), round(shown["height"])), (box, shown)
    assert [u for u in v.requests if u.endswith(clip["path"])]
    assert v.errors == []


@pytest.mark.parametrize("code", LOCALES)
def test_first_view_on_a_phone_loads_at_most_1_mb(site, visit, code):
    v = visit(url_of(site, code), **SIZES["phone"])
    v.page.wait_for_load_state("networkidle")
    files = sorted({local_path(u) for u in v.requests})
    total = sum(f.stat().st_size for f in files)
    thumbs = [f for f in files if f.parent.name == "thumbs"]
    on_page = v.page.locator("img").count()
    # For the record (not a limit): without JavaScript nothing is lazy; the whole page loads.
    no_js = visit(url_of(site, code), java_script_enabled=False, **SIZES["phone"])
    no_js.page.wait_for_load_state("networkidle")
    whole = sum(f.stat().st_size for f in {local_path(u) for u in no_js.requests})
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"{code}-phone-first-view.json").write_text(
        json.dumps(
            {"bytes": total, "files": len(files), "thumbs": len(thumbs), "images": on_page}
            | {"whole_page_without_js": whole}
        )
    )
    assert total <= FIRST_VIEW_BUDGET, f"{total} bytes in {len(files)} files"
    assert 0 < len(thumbs) < on_page, "thumbnails below the first view must load lazily"
    html = (site / page_file(code)).read_text()
    large = set(re.findall(r'<img [^>]*data-large="([^"]+)"', html))
    assert large and not {f"thumbs/{f.name}" for f in thumbs} & large, "no place chosen yet"
    # Without JavaScript a browser loads every image, lazy or not: only the script points a
    # preview at its large file, so the page weighs what it did before the places.
    assert not {f"thumbs/{local_path(u).name}" for u in no_js.requests} & large
    assert v.blocked == [] and all(u.startswith("file://") for u in v.requests)


# ---------------------------------------------------------------------------------------------
# Where people post: the page opens with the places, and choosing one shows its formats


def _until(page, script: str, arg=None, seconds: float = 15) -> None:
    """Wait until `script` is true in the page (polled from here: wait_for_function needs the
    page's JavaScript, which some of these tests turn off)."""
    end = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < end, f"timed out: {script}"
        page.wait_for_timeout(50)


def _chosen(page, place: str) -> None:
    """Wait until the chosen place's heading has scrolled to the top of the screen."""
    _until(page, "id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 2",
           place)


# A preview shown in its small box: at most its width attribute (the small size; a large box
# is at least twice as wide).
SHOWN_CARDS = """() => [...document.querySelectorAll(".card")]
  .filter(c => c.getClientRects().length)
  .map(c => ({classes: [...c.classList],
              format: c.querySelector("h3").textContent.replace(/\u00ad/g, ""),
              small: [...c.querySelectorAll(".thumb img")].some(i => i.getClientRects().length
                && i.getBoundingClientRect().width < 1.5 * +i.getAttribute("width"))}))"""


def _formats_of(place: str) -> set[str]:
    return {f.name for f in BOOK.formats if place in f.places}


def _choose(v, site: Path, code: str, place: str) -> None:
    """Follow the place's link in the list of places, as a person would."""
    strings, names = BOOK.locale(code).page, BOOK.locale(code).place_names
    nav = v.page.get_by_role("navigation", name=strings["places_title"])
    nav.get_by_role("link", name=names[place], exact=True).click()
    v.page.wait_for_url(f"{url_of(site, code)}#{place}")
    _chosen(v.page, place)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("how", ["link", "address"])
def test_a_phone_sees_the_first_story_within_one_screen(site, assets, visit, how, js):
    """Choosing Instagram story (its link, or page.html#story opened directly) shows, of every
    message, the story formats alone, with the first story on the first screen, large; with
    JavaScript off too (the choice is the page's :target)."""
    url = url_of(site, PRIMARY)
    v = visit(url + ("#story" if how == "address" else ""), java_script_enabled=js,
              **SIZES["phone"])
    if how == "link":
        if js:
            shoot(v.page, "places-phone-before")
        _choose(v, site, PRIMARY, "story")
    else:
        _chosen(v.page, "story")
    first = v.page.locator(".card.at-story .thumb img").first
    _until(v.page, "i => i.complete && i.naturalWidth > 0", first.element_handle())
    box = first.bounding_box()
    if js:
        shoot(v.page, f"places-phone-story-{how}")
    assert 0 <= box["y"] < 844 and box["width"] >= 300, box
    # the large file with JavaScript; without it, the small one enlarged
    large = first.get_attribute("src") == first.get_attribute("data-large")
    assert large == js and first.evaluate("i => i.naturalWidth") >= (box["width"] if js else 1)
    shown = v.page.evaluate(SHOWN_CARDS)
    wanted = {(a["message"], a["format"]) for a in assets if a["locale"] == PRIMARY
              and a["kit"] == "main" and a["format"] in _formats_of("story")}
    assert len(shown) == len(wanted) and all("at-story" in c["classes"] for c in shown)
    assert not any(c["small"] for c in shown)
    assert v.page.locator("article.msg:visible").count() == len(SAMPLE_MESSAGES)
    assert v.page.locator("#press").is_visible()  # the rest of the page stays
    if js:  # the list of places marks the choice
        current = v.page.locator(".places a[aria-current]")
        assert current.count() == 1 and current.get_attribute("href") == "#story"
    assert v.blocked == [] and v.errors == []


def test_every_place_shows_its_formats_for_every_message(site, assets, visit):
    """Each place in turn, on a phone: its formats only, for every message, each large preview
    loaded and sharp; "all formats" shows everything again."""
    v = visit(url_of(site, PRIMARY), **SIZES["phone"])
    mine = [a for a in assets if a["locale"] == PRIMARY and a["kit"] == "main"]
    offered = v.page.locator(".places a").evaluate_all("as => as.map(a => a.hash.slice(1))")
    assert offered == [p for p in PLACES if _formats_of(p) & {a["format"] for a in mine}] + ["all"]
    names = BOOK.locale(PRIMARY).format_names
    for place in offered[:-1]:
        _choose(v, site, PRIMARY, place)
        formats = _formats_of(place)
        shown = v.page.evaluate(SHOWN_CARDS)
        assert len(shown) == len({(a["message"], a["format"]) for a in mine
                                  if a["format"] in formats}), place
        assert {c["format"] for c in shown} == {names[f] for f in formats}, place
        images = v.page.evaluate(LOAD_ALL_IMAGES)
        assert images and all(i["ok"] and i["large"] for i in images), place
        assert all(i["nw"] <= SCALE * i["w"] * 1.15 + 1 for i in images), place
    v.page.locator(".places a[href='#all']").click()
    _chosen(v.page, "all")
    assert len(v.page.evaluate(SHOWN_CARDS)) == len({(a["message"], a["format"]) for a in mine})
    assert v.blocked == [] and v.errors == []


def test_the_places_are_named_in_the_pages_language(site):
    for code in LOCALES:
        html = (site / page_file(code)).read_text()
        nav = re.search(r'<nav class="places".*?</nav>', html, re.S)[0]
        names = BOOK.locale(code).place_names
        links = re.findall(r'<a (?:class="every" )?href="#([^"]+)">([^<]+)</a>', nav)
        links = [(p, name.replace(SHY, "")) for p, name in links]  # a long word's soft hyphens
        assert links == [(p, str(escape(names[p]))) for p in PLACES] + [
            ("all", str(escape(BOOK.locale(code).page["every_format"])))], code
        for place in PLACES:  # each place's heading: the anchor its link leads to
            assert html.count(f'<h2 class="chosen" id="{place}">') == 1, (code, place)


def axe_violations(page) -> list[str]:
    """Every rule axe-core runs by default (WCAG 2.x A and AA, and best practices)."""
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
             .map(x => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3)
             .map(n => n.target.join(" ")).join(", ")}`)"""
    )


def with_axe(visit, url: str, size: str) -> Visit:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `bash scripts/test` (npm ci in tests/page)")
    v = visit("", **SIZES[size])
    v.context.add_init_script(path=str(AXE))  # runs beside the page, outside its CSP
    v.page.goto(url)
    return v


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("code", LOCALES)
def test_axe_core_finds_no_violations(site, visit, code, size):
    v = with_axe(visit, url_of(site, code), size)
    assert axe_violations(v.page) == []
    assert v.errors == []


def test_axe_core_catches_what_it_should(site, visit):
    """The check can fail: a missing alt text and grey-on-cream text are reported."""
    v = with_axe(visit, url_of(site, PRIMARY), "desktop")
    v.page.evaluate(
        """() => { document.images[0].removeAttribute("alt");
                   document.querySelector(".lead").style.color = "#C8C2B8"; }"""
    )
    found = {x.split(" ")[0] for x in axe_violations(v.page)}
    assert {"image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("code", LOCALES)
def test_every_asset_in_the_manifest_has_a_working_link(site, assets, visit, code):
    v = visit(url_of(site, code), java_script_enabled=False)
    links = v.page.evaluate(
        """() => [...document.querySelectorAll("a[href]")].map(a => ({
             raw: a.getAttribute("href"), url: a.href, download: a.getAttribute("download")}))"""
    )
    by_path = {x["raw"]: x for x in links}
    mine = [a for a in assets if a["locale"] == code and a["kit"] == "main"]
    assert mine
    # Beside each asset, its plain copy (the PDF of a poster: the file to print)
    plain = [a for a in assets if a["locale"] == code and a["kit"] == "plain"
             and (a["media_type"] == "application/pdf" or a["format"] not in PRINT)]
    made = [f for f in BOOK.formats if format_makes(f, "plain")]
    assert len(plain) == len(SAMPLE_MESSAGES) * len(made)
    for a in mine + plain:
        link = by_path.get(a["path"])
        assert link is not None, f"{a['path']} has no link on {page_file(code)}"
        data = local_path(link["url"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == a["sha256"]
        # a plain file downloads under its own neutral name (en-story-01.png): no message id
        name = a["path"].rsplit("/", 1)[1] if a["kit"] == "plain" else (
            f"{a['message']}.{a['path'][-3:]}")
        assert link["download"] == f"{code}-{a['format']}-{name}"
    for link in links:
        if link["raw"] == f"mailto:{BOOK.brand.press.email}":
            continue  # the press contact
        if link["raw"].startswith("#"):
            assert v.page.locator(link["raw"]).count() == 1, link
        else:
            assert link["url"].startswith("file://") and local_path(link["url"]).is_file(), link
    assert f"downloads/{code}.zip" in by_path and "SHA256SUMS" in by_path
    assert zip_path("plain", code) in by_path
    others = {a["path"] for a in assets if a["locale"] != code or a["kit"] not in KITS}
    assert not others & set(by_path), "a page links only its own language's and kit's assets"


@pytest.mark.parametrize("start", TWO)
def test_language_switcher_reaches_every_language(site, visit, start):
    v = visit("", images=False, java_script_enabled=False)
    for locale in BOOK.locales:
        v.page.goto(url_of(site, start))
        nav = v.page.get_by_role("navigation", name=BOOK.locale(start).page["language_label"])
        nav.get_by_role("link", name=locale.name, exact=True).click()
        v.page.wait_for_url(url_of(site, locale.code))
        root = v.page.locator("html")
        assert root.get_attribute("lang") == locale.code
        assert root.get_attribute("dir") == locale.direction
        assert v.page.locator("h1").inner_text() == locale.page["title"]
        current = v.page.locator("nav a[aria-current=page]")
        assert current.count() == 1 and current.get_attribute("hreflang") == locale.code
    assert v.blocked == []


def _downloads(page, selectors) -> list:
    """Click each link and return (its download attribute, the Download); the page is reloaded
    first each time, since Chromium holds back a page's many downloads as "automatic"."""
    got = []
    for sel in selectors:
        page.reload()
        link = page.locator(sel).first
        with page.expect_download() as info:
            link.click()
        got.append((link.get_attribute("download"), info.value))
    return got


@pytest.mark.parametrize("code", TWO[:1])  # one page: every page comes from one template
def test_downloads_work_with_javascript_off(site, assets, visit, static_host, code):
    """On a static host every link downloads, under its own name; from file:// the zip downloads
    and the other files open in the browser, which can save them."""
    mine = {a["path"]: a for a in assets if a["locale"] == code and a["kit"] in KITS}
    first = BOOK.locale(code).messages[0].id
    files = sorted(p for p, a in mine.items() if a["message"] == first and a["kit"] == "main")
    number = BOOK.locale(code).messages[0].plain_name  # the plain kit names files by number
    files.append(f"plain/{code}/story/{number}.png")  # "without campaign marks"
    selectors = [f'a[href="{p}"][download]' for p in files]  # (a clip's cover links it too)
    selectors += [f'a[href="downloads/{code}.zip"]', 'a[href="SHA256SUMS"]']

    served = visit(
        static_host + page_file(code),
        allow=static_host,
        images=False,
        java_script_enabled=False,
        accept_downloads=True,
    )
    assert served.page.locator("button.copy").first.is_hidden()
    paths = [*files, f"downloads/{code}.zip", "SHA256SUMS"]
    for (name, download), path in zip(_downloads(served.page, selectors), paths, strict=True):
        data = Path(download.path()).read_bytes()
        assert data == (site / path).read_bytes(), path
        if path in mine:
            assert hashlib.sha256(data).hexdigest() == mine[path]["sha256"]
        assert download.suggested_filename == (name or Path(path).name)

    local = visit(
        url_of(site, code), images=False, java_script_enabled=False, accept_downloads=True
    )
    (_, download), *_ = _downloads(local.page, [f'a[href="downloads/{code}.zip"]'])
    assert Path(download.path()).read_bytes() == (site / "downloads" / f"{code}.zip").read_bytes()
    for path in files[:2]:
        local.page.goto(url_of(site, code))
        local.page.locator(f'a[href="{path}"][download]').click()
        local.page.wait_for_url((site / path).as_uri())
    assert local.blocked == [] and served.blocked == []


@pytest.mark.parametrize("code", LOCALES)
def test_copy_buttons_copy_the_alt_text_and_the_caption(site, assets, visit, code):
    v = visit(url_of(site, code), **SIZES["phone"])
    v.context.grant_permissions(["clipboard-read", "clipboard-write"])
    first = BOOK.locale(code).messages[0]
    entry = next(a for a in assets if a["locale"] == code and a["message"] == first.id)
    strings = BOOK.locale(code).page
    for kind, wanted in (("alt", entry["alt"]), ("caption", entry["caption"])):
        button = v.page.locator(f'button[data-copy="{kind}-{first.id}"]')
        assert button.is_visible() and button.inner_text() == strings["copy"]
        button.click()
        assert v.page.evaluate("navigator.clipboard.readText()") == wanted
        assert button.inner_text() == strings["copied"]
        assert v.page.locator("#status").inner_text() == strings["copied"]
    assert v.errors == []


def test_keyboard_focus_is_always_visible(site, visit):
    v = visit(url_of(site, PRIMARY), **SIZES["desktop"])
    seen = []
    # past the places and the first message's cards (videos, plain copies) to its buttons
    for _ in range(48 + len(PLACES) + 1):
        v.page.keyboard.press("Tab")
        focus = v.page.evaluate(
            """() => {
              const e = document.activeElement, s = getComputedStyle(e);
              let p = e.parentElement, bg = "rgba(0, 0, 0, 0)";
              while (p && (bg = getComputedStyle(p).backgroundColor) === "rgba(0, 0, 0, 0)")
                p = p.parentElement;
              return {tag: e.tagName, text: e.textContent.trim().slice(0, 30),
                      style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                      color: s.outlineColor, behind: bg};
            }"""
        )
        seen.append(focus)
        assert focus["style"] == "solid" and focus["width"] >= 2, focus
        assert contrast(_hex(focus["color"]), _hex(focus["behind"])) >= 3, focus
    assert {f["tag"] for f in seen} >= {"A", "BUTTON"}


# Every button-like control (links styled as buttons, buttons, the places and languages): its
# visible boxes, and any text of it drawn outside its first box (a link styled as a button but
# laid out inline, with a block inside, breaks into several boxes and leaves its text outside
# the coloured one, as light text on the light page).
BUTTON_BOXES = """() => {
  const sel = "a.button, a.big, a.quiet, button, .places a, .langs a";
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    const boxes = [...e.getClientRects()].filter(r => r.width > 0 && r.height > 0);
    if (!boxes.length) continue;  // not shown in this view
    const box = boxes[0], outside = [];
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      if (!t.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        if (r.width && (r.left < box.left - 1 || r.right > box.right + 1 ||
                        r.top < box.top - 1 || r.bottom > box.bottom + 1))
          outside.push(t.textContent.trim());
      }
    }
    out.push({text: e.textContent.trim().replace(/\\s+/g, " ").slice(0, 40),
              boxes: boxes.length, outside});
  }
  return out;
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("code", LOCALES)
def test_every_button_is_one_box_that_holds_its_text(site, visit, code, size):
    v = visit(url_of(site, code), images=False, **SIZES[size])
    found = v.page.evaluate(BUTTON_BOXES)
    assert len(found) > 10  # the languages, the places, the zips, the cards', the press room's
    broken = [b for b in found if b["boxes"] != 1 or b["outside"]]
    assert broken == [], broken


# Every word the page shows that runs over two lines, with the two parts, unless it breaks after
# a hyphen, a soft hyphen (drawn as one), a dash or a slash; addresses and file names (with
# . : / @ _) may break anywhere, as no dictionary knows them. And every line that starts with a
# dash or a middle dot ("|— ол").
BROKEN_WORDS = """() => {
  const out = [], shown = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const lineOf = (t, i) => {
    const r = document.createRange();
    r.setStart(t, i); r.setEnd(t, i + 1);
    const box = [...r.getClientRects()].filter(x => x.width > 0).pop();
    return box ? Math.round(box.top) : null;
  };
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    if (!t.parentElement.getClientRects().length || t.parentElement.closest("code")) continue;
    for (const m of t.textContent.matchAll(/\\S+/g)) {
      const word = m[0];
      if (word.length < 2 || /[.:/@_]/.test(word)) continue;
      let last = null;
      for (let i = 0; i < word.length; i++) {
        const line = lineOf(t, m.index + i);
        if (line === null) continue;
        if (last !== null && line > last + 2) {
          if (!/[\\u00ad\\u002d\\u2010\\u2011\\u2013\\u2014\\/]/.test(word[i - 1]))
            shown.add(word.slice(0, i).replace(/\\u00ad/g, "") + "|" +
                      word.slice(i).replace(/\\u00ad/g, ""));
          break;
        }
        last = line;
      }
    }
    // a dash or a dot between facts ends a line, never starts one: it stays with the word
    // before it
    for (const m of t.textContent.matchAll(/\\s\\u2060?([\\u2014\\u2013\\u00b7])/g)) {
      const at = m.index + m[0].length - 1, line = lineOf(t, at);
      let before = at - 1;
      while (before >= 0 && /[\\s\\u2060]/.test(t.textContent[before])) before--;
      if (before >= 0 && line !== null && line > lineOf(t, before) + 2)
        shown.add("|" + t.textContent.slice(at, at + 12));
    }
  }
  return [...shown];
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("code", LOCALES)
def test_no_word_breaks_inside_but_at_a_hyphen(site, visit, code, size):
    """A format's or place's name too long for a narrow card breaks where the language's
    dictionary allows, with a hyphen (Горизон-тальный), never at any letter; in both views a
    phone shows: every format (small cards, two to a row) and a place chosen."""
    v = visit(url_of(site, code), images=False, **SIZES[size])
    broken = v.page.evaluate(BROKEN_WORDS)
    v.page.goto(url_of(site, code) + f"#{PLACES[0]}")
    broken += v.page.evaluate(BROKEN_WORDS)
    assert broken == [], broken


def _hex(css: str) -> str:
    r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


@pytest.mark.parametrize("code", LOCALES)
def test_headings_are_in_order_and_text_comes_from_the_locale(site, visit, code):
    v = visit(url_of(site, code), java_script_enabled=False)
    levels = v.page.evaluate(
        "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
    )
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    text = as_written(v.page.locator("body").inner_text())
    strings = BOOK.locale(code).page
    for key in ("title", "intro", "safety", "download_all", "print_howto", "alt_text"):
        assert strings[key] in text, key
    locale = BOOK.locale(code)
    built = [m for m in locale.messages if m.id in SAMPLE_MESSAGES]
    assert v.page.locator("article:has(h2)").count() == len(built)
    for message in built:
        section = v.page.locator(f"article:has(h2[id='{message.id}'])")
        names = [locale.format_names[f.name] for f in BOOK.formats]  # in the page's language
        titles = section.locator("h3").all_inner_texts()
        assert [as_written(t) for t in titles] == names
    posters = v.page.locator("li.card:has(a[href$='.pdf'])")
    assert posters.count() == len(built) * sum(f.is_print for f in BOOK.formats)
    for i in range(posters.count()):
        card = posters.nth(i)
        assert card.locator("a[href='#print']").count() == 1
        assert re.search(rf"\d+\u202f×\u202f\d+\u00a0{strings['mm']}", card.inner_text())
        assert f"{strings['bleed']}: 3" in card.inner_text()
    assert strings["print_howto"] in v.page.locator("#print").inner_text()


@pytest.mark.parametrize("code", LOCALES)
def test_open_graph_uses_the_link_card_of_the_page_language(site, assets, visit, code):
    v = visit(url_of(site, code), java_script_enabled=False)
    meta = v.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("meta[property],meta[name]")]
             .map(m => [m.getAttribute("property") || m.getAttribute("name"),
                        m.getAttribute("content")]))"""
    )
    base = BOOK.brand.base_url
    assert meta["og:image"].startswith(base)  # absolute: link previews need it
    image = meta["og:image"].removeprefix(base)
    assert meta["og:url"] == base + ("" if code == PRIMARY else page_file(code))
    entry = next(a for a in assets if a["path"] == image)
    assert entry["locale"] == code and entry["format"] == "link-card"
    assert (int(meta["og:image:width"]), int(meta["og:image:height"])) == (1200, 630)
    assert meta["og:image:alt"] == entry["alt"] == meta["twitter:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:title"] == BOOK.locale(code).page["title"]
    assert meta["og:locale"].split("_")[0] == code.split("-")[0]
    assert (site / image).is_file()


# ---------------------------------------------------------------------------------------------
# The files themselves


def _webp_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert struct.unpack("<I", data[4:8])[0] + 8 == len(data)
    chunks, i = [], 12
    while i < len(data):
        size = struct.unpack("<I", data[i + 4 : i + 8])[0]
        chunks.append(data[i : i + 4])
        i += 8 + size + (size & 1)
    return chunks


def _pages(site: Path) -> dict[str, str]:
    return {code: (site / page_file(code)).read_text() for code in LOCALES}


def test_thumbnails_are_small_clean_webp_and_none_is_left_over(site):
    used = set()
    for page in site.rglob("*.html"):  # the campaign's pages and the partners'
        html, up = page.read_text(), "../" * (len(page.relative_to(site).parts) - 1)
        for lw, lh, src, large, w, h in re.findall(
            r'<img (?:class="lg-(\d+)x(\d+)" )?src="([^"]+)"(?: data-large="([^"]+)")? '
            r'width="(\d+)" height="(\d+)"', html
        ):
            assert src.startswith(up + "thumbs/"), (page, src)
            used.add((src.removeprefix(up), int(w), int(h)))
            if large:  # a chosen place's: its size is its class's
                assert large.startswith(up + "thumbs/"), (page, large)
                used.add((large.removeprefix(up), int(lw), int(lh)))
    on_disk = {p.relative_to(site).as_posix() for p in (site / "thumbs").iterdir()}
    assert {u[0] for u in used} == on_disk
    for src, w, h in used:
        data = (site / src).read_bytes()
        assert set(_webp_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}, src
        assert Image.open(site / src).size == (w * SCALE, h * SCALE)
        small = w <= BOX[0] and h <= BOX[1]  # a card's, or a chosen place's (LARGE)
        assert small or (w <= LARGE[0] and h <= LARGE[1]), src
        assert len(data) < (40_000 if small else 160_000), src


def test_pages_are_small_private_and_pinned_by_their_csp(site):
    for code, html in _pages(site).items():
        assert len(html.encode()) < 200_000, code
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
        assert "default-src 'none'" in csp and "img-src 'self'" in csp
        for tag, directive in (("style", "style-src"), ("script", "script-src")):
            body = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S)[1]
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"{directive} 'sha256-{digest}'" in csp
        # Absolute addresses only where they must be (canonical, hreflang, link previews), all
        # on the page's own host; and the press contact's e-mail.
        base = BOOK.brand.base_url
        html_ = re.sub(r'<link rel="(canonical|alternate)"[^>]*>', "", html)
        html_ = html_.replace(f'href="mailto:{BOOK.brand.press.email}"', "")
        links = re.findall(r'(?:src|href|srcset|action|poster|data-large)="([^"]*)"', html_)
        assert not [r for r in links if re.match(r"(?i)^([a-z][a-z0-9+.-]*:|//)", r)], code
        contents = re.findall(r'content="([^"]*)"', html)
        absolute = [r for r in contents if re.match(r"(?i)^(https?:|//)", r)]
        assert absolute and all(r.startswith(base) for r in absolute), code
        for href in re.findall(r'<link rel="(?:canonical|alternate)"[^>]*href="([^"]+)"', html):
            assert href.startswith(base), href
        assert "@import" not in html and "url(" not in html
        assert f'<html lang="{code}" dir="{BOOK.locale(code).direction}">' in html


def test_page_zips_and_thumbnails_are_reproducible_and_stale_files_go(site, assets, tmp_path):
    copy = tmp_path / "output"
    # (the writer's own files: another test process may hold the kit's lock just now)
    shutil.copytree(site, copy, ignore=lambda folder, names: CONTROL & set(names))
    for name in [*LOCALES, "index"]:
        (copy / f"{name}.html").unlink(missing_ok=True)
    shutil.rmtree(copy / "thumbs")
    shutil.rmtree(copy / "downloads")
    (copy / "xx.html").write_text("an old language")
    (copy / "thumbs").mkdir()
    (copy / "thumbs" / "0123456789abcdef0123.webp").write_bytes(b"old")
    (copy / "downloads").mkdir()
    (copy / "downloads" / "xx.zip").write_bytes(b"old")
    out = Output(copy)
    listed = [Asset.from_json(a) for a in assets]
    write_zips(out, BOOK, listed)
    languages = present(BOOK, {a.locale for a in listed})
    known = room.known_sheets(out, languages)
    press = room.sheets(BOOK, [x.code for x in languages], known)
    for rel, data in press + room.marks(BOOK, languages, 315532800):
        out.keep(rel) if data is None else out.write(rel, data)
    write_page(out, BOOK, listed)
    out.finish(GENERATOR, listed, json.loads((site / "manifest.json").read_text())["inputs"])
    before = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    after = {p.relative_to(copy) for p in copy.rglob("*") if p.is_file()}
    before = {p for p in before if p.parts[0] not in CONTROL}
    assert before == after
    for rel in sorted(before):
        assert (site / rel).read_bytes() == (copy / rel).read_bytes(), rel
    for code in LOCALES:
        with zipfile.ZipFile(copy / "downloads" / f"{code}.zip") as zf:
            names = zf.namelist()
            assert names == sorted(names) and names
            assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# ---------------------------------------------------------------------------------------------
# Partners' pages and the plain kit


def partner_url(site: Path, pid: str, code: str) -> str:
    return (site / "partners" / pid / page_file(code)).as_uri()


@pytest.mark.parametrize("pid", PARTNERS)
def test_a_partners_page_shows_its_kit_and_every_link_works(site, assets, visit, pid):
    partner = BOOK.brand.partner(pid)
    for code in LOCALES:
        v = visit(partner_url(site, pid, code))
        images = v.page.evaluate(LOAD_ALL_IMAGES)
        if code == PRIMARY:
            shoot(v.page, f"partner-{pid}-{code}")
        assert all(img["ok"] for img in images), [i["src"] for i in images if not i["ok"]]
        logo = v.page.locator("img.partner")
        assert logo.get_attribute("alt") == partner.name and logo.evaluate("i => i.naturalWidth")
        assert partner.name in v.page.title()
        links = v.page.evaluate(
            """() => [...document.querySelectorAll("a[href]")].map(a => ({
                 raw: a.getAttribute("href"), url: a.href}))"""
        )
        by_path = {}
        for link in links:
            if link["raw"] == f"mailto:{BOOK.brand.press.email}":
                continue  # the press contact
            if not link["raw"].startswith("#"):
                target = local_path(link["url"])
                assert link["url"].startswith("file://") and target.is_file(), link
                by_path[target.relative_to(site).as_posix()] = link["raw"]
        ours = [a for a in assets if a["kit"] == pid and a["locale"] == code]
        assert ours and all(a["path"] in by_path for a in ours)
        # Its own zip and the plain kit's, SHA256SUMS, thumbnails: all relative to its folder
        assert by_path[f"partners/{pid}/downloads/{code}.zip"] == f"downloads/{code}.zip"
        assert by_path[zip_path("plain", code)] == f"../../{zip_path('plain', code)}"
        assert by_path["SHA256SUMS"] == "../../SHA256SUMS"
        sheet = f"downloads/{code}-factsheet.pdf"  # the press section: the campaign's files
        assert by_path[sheet] == f"../../{sheet}"
        main = {a["path"] for a in assets if a["kit"] == "main"}
        assert not main & set(by_path), "a partner's page links its own kit, not the campaign's"
        langs = v.page.locator("nav.langs a")
        assert langs.count() == len(LOCALES)
        assert v.blocked == [] and v.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_axe_core_finds_nothing_on_a_partners_page(site, visit, size):
    v = with_axe(visit, partner_url(site, PARTNERS[-1], "en"), size)
    assert axe_violations(v.page) == []
    assert v.errors == []


def test_the_plain_kit_downloads_from_the_campaigns_page(site, assets, visit, static_host):
    code = "en"
    first = BOOK.locale(code).messages[0].id
    served = visit(static_host + page_file(code), allow=static_host, images=False,
                   java_script_enabled=False, accept_downloads=True)
    number = BOOK.locale(code).messages[0].plain_name  # the plain kit names files by number
    path = f"plain/{code}/poster-a4/{number}.pdf"
    plain_zip = zip_path("plain", code)  # en-images.zip: not the campaign's en.zip
    plain = served.page.locator(f'a[data-kit="plain"][href="{path}"]')
    assert plain.inner_text().startswith(BOOK.locale(code).page["plain"])
    got = _downloads(served.page, [f'a[data-kit="plain"][href="{path}"]',
                                   f'a[data-kit="plain"][href="{plain_zip}"]'])
    for (name, download), rel in zip(got, [path, plain_zip], strict=True):
        assert Path(download.path()).read_bytes() == (site / rel).read_bytes(), rel
        assert download.suggested_filename == (name or Path(rel).name)
    assert got[0][1].suggested_filename == f"{code}-poster-a4-{number}.pdf"
    assert got[1][1].suggested_filename != f"{code}.zip"
    for word in first.split("-"):  # nothing of the message's topic
        assert word not in got[0][1].suggested_filename
    with zipfile.ZipFile(site / plain_zip) as zf:
        assert all(n.startswith(f"plain/{code}/") for n in zf.namelist())
    assert served.blocked == []


# A phone's share sheet, stubbed: canShare says yes to files, share records what it was given.
SHARE_SHEET = """
  window.__shared = [];
  Object.defineProperty(navigator, "canShare", {value: (d) => !!(d && d.files && d.files.length)});
  Object.defineProperty(navigator, "share", {value: async (d) => {
    window.__shared.push({names: d.files.map(f => f.name), types: d.files.map(f => f.type),
                          sizes: d.files.map(f => f.size), text: d.text});
  }});
"""


def test_share_hands_the_file_itself_to_the_phones_share_sheet(site, assets, visit, static_host):
    """Where the browser can share files, each still and clip has a Share button that gives
    the app the file itself (name, type and bytes as built) and the caption; the request stays
    in the page's own folder. A print card (a PDF) has none."""
    code = "en"
    served = visit("", allow=static_host, images=False, viewport={"width": 390, "height": 844},
                   is_mobile=True, has_touch=True)
    served.context.add_init_script(SHARE_SHEET)
    served.page.goto(static_host + page_file(code))
    buttons = served.page.locator("button[data-share]")
    shown = [b for b in buttons.all() if b.is_visible()]
    assert shown and len(shown) == buttons.count()
    still = next(a for a in assets if a["locale"] == code and a["format"] == "story"
                 and a["kit"] == "main" and a["media_type"] == "image/png")
    clip = next(a for a in assets if a["locale"] == code and a["format"] == "story-motion"
                and a["kit"] == "main")
    for asset in (still, clip):
        button = served.page.locator(f'button[data-share="{asset["path"]}"]')
        button.scroll_into_view_if_needed()
        button.click()
        served.page.wait_for_function("n => window.__shared.length >= n",
                                      arg=1 + (asset is clip))
    shared = served.page.evaluate("window.__shared")
    for record, asset in zip(shared, (still, clip), strict=True):
        assert record["types"] == [asset["media_type"]]
        assert record["sizes"] == [(site / asset["path"]).stat().st_size]
        assert record["names"][0].endswith(Path(asset["path"]).suffix)
        assert asset["message"] in record["names"][0]
        caption = BOOK.locale(code).message(asset["message"])
        assert record["text"] and record["text"] == as_written(served.page.locator(
            f"#caption-{asset['message']}").inner_text())
        assert caption is not None
    assert served.page.locator('button[data-share$=".pdf"]').count() == 0
    assert all(u.startswith(static_host) for u in served.requests) and served.blocked == []
    assert [e for e in served.errors if "Failed to load resource" not in e] == []  # (previews
    # are not loaded in this test)


def test_without_a_share_sheet_no_share_button_shows(site, visit, static_host):
    served = visit(static_host + page_file("en"), allow=static_host, images=False)
    # the page has files to share, and no Share button: the script adds none
    assert served.page.locator("a[data-share]").count() > 0
    assert served.page.locator("button[data-share]").count() == 0


@pytest.mark.parametrize(
    "palette",
    [
        {},
        {"ink": "#17112B", "paper": "#FFF8EC", "violet": "#5B2A86", "sun": "#FFC53D"},
        {"ink": "#777777", "paper": "#888888", "violet": "#FFFF00", "sun": "#FFFFFF"},
        {"black": "#000000", "white": "#FFFFFF", "accent": "#FF6B5A"},
        {"ink": "#111111", "paper": "#FFFFFF", "accent": "#5B2A86"},
    ],
)
def test_page_colours_always_keep_contrast(palette):
    c = page_colours(palette)
    for fg, bg in [
        ("ink", "paper"),
        ("ink", "surface"),
        ("ink", "tint"),
        ("muted", "paper"),
        ("muted", "surface"),
        ("muted", "tint"),
        ("accent", "paper"),
        ("accent", "surface"),
        ("accent", "tint"),
        ("on_accent", "accent"),
        ("mark", "accent"),
        ("ink", "sun"),
    ]:
        assert contrast(c[fg], c[bg]) >= 4.5, (fg, bg, c)


# ---------------------------------------------------------------------------------------------
# The press room


def test_share_links_are_absolute_and_name_every_language(site):
    base = BOOK.brand.base_url
    hrefs = {code: base + ("" if code == PRIMARY else page_file(code)) for code in LOCALES}
    for code, html in _pages(site).items():
        assert f'<link rel="canonical" href="{hrefs[code]}">' in html
        found = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
        assert found == {**hrefs, "x-default": base + ""}


@pytest.mark.parametrize("code", LOCALES)
def test_press_section_offers_the_fact_sheet_the_logo_pack_and_the_contact(
    site, visit, static_host, code
):
    locale = BOOK.locale(code)
    served = visit(static_host + page_file(code), allow=static_host, images=False,
                   java_script_enabled=False, accept_downloads=True)
    press = served.page.locator("section#press")
    assert press.locator("h2").inner_text() == locale.press["heading"]
    assert locale.press["summary"] in as_written(press.inner_text())
    mail = press.locator(f'a[href="mailto:{BOOK.brand.press.email}"]')
    assert mail.inner_text() == BOOK.brand.press.email
    header = served.page.locator("header a[href='#press']")
    assert header.inner_text() == locale.press["heading"]
    files = [f"downloads/{code}-factsheet.pdf", "downloads/logos.zip"]
    for label, path in zip(("factsheet", "logos"), files, strict=True):
        assert locale.press[label] in press.locator(f'a[href="{path}"]').inner_text()
    got = _downloads(served.page, [f'section#press a[href="{p}"]' for p in files])
    for (_, download), path in zip(got, files, strict=True):
        assert Path(download.path()).read_bytes() == (site / path).read_bytes()
        assert download.suggested_filename == Path(path).name
    assert served.blocked == []


def test_favicon_is_served_and_loads(static_host, visit):
    from urllib.request import urlopen

    for name, kind in (("favicon.svg", "image/svg+xml"), ("favicon.png", "image/png")):
        with urlopen(static_host + name) as response:
            assert response.status == 200 and response.headers["Content-Type"] == kind
    v = visit(static_host, allow=static_host, images=False)
    icons = v.page.evaluate(
        """async () => Promise.all([...document.querySelectorAll("link[rel=icon]")].map(
             async l => (await fetch(l.href)).status))"""
    )
    assert icons == [200, 200]


def test_a_dash_is_held_to_the_word_before_it_in_text_only():
    from pressroom.site.page import _shown_text_held

    html = (
        '<html><head><title>a — b</title></head><body><p title="a — b">Мы — люди, '
        '<b>x</b> – 2025 и\u00a0— так</p><img alt="q — r"><script>if (a < b) { s = "c — d"; }'
        "</script><p>k — l</p></body></html>"
    )
    held = _shown_text_held(html)
    assert held == html.replace("Мы — ", '<span class="nb">Мы —</span> ').replace(
        "k — ", '<span class="nb">k —</span> ')
    # the dash after a tag has no word before it in its text: left as it is; one after a
    # no-break space is held already
    assert "</b> – 2025" in held and "и\u00a0— так" in held
