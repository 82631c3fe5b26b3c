"""The kits end to end: co-branded (a partner's logo in its slot, nothing else moved; unflipped
at the mirrored place in Arabic) and plain (no QR code, wordmark, URL, logo or campaign words,
in pixels, bytes and metadata; no topic words in its paths, its zip named apart, no tool's name
in its PDFs; its own layout filling the room the marks left)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile

import numpy as np
import pikepdf
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from pressroom.brandbook import load
from pressroom.build import build
from pressroom.draw.compose import compose
from pressroom.draw.render import rasterize
from pressroom.errors import Problems
from pressroom.kit.plan import MAIN, PLAIN, Selection, format_makes, plan
from pressroom.model import CAMPAIGN_SLOTS, MESSAGE_TEXTS
from pressroom.site.page import zip_path
from tests.conftest import BRANDBOOK, REPO, SAMPLE_MESSAGES, png_chunks

BOOK, _ = load(BRANDBOOK)
PARTNER = BOOK.brand.partners[0]  # QR codes to the campaign page: only the logo differs
assert PARTNER.qr == "campaign"


def manifest(out) -> list[dict]:
    return json.loads((out / "manifest.json").read_text())["assets"]


def pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)


def scale_of(fmt) -> float:
    """Pixels per template unit of a format's PNG."""
    return fmt.pixel_size[0] / fmt.page_size[0]


def boxes(fmt, kind: str, names) -> list[tuple[int, int, int, int]]:
    """The pixel boxes (x0, y0, x1, y1) of the template's slots named `names` for `kind`."""
    template, s = BOOK.templates[fmt.name], scale_of(fmt)
    return [
        (int(t.x * s), int(t.y * s), int((t.x + t.width) * s) + 1, int((t.y + t.height) * s) + 1)
        for t in template.slots_for(kind)
        if t.name in names
    ]


def plain_boxes(fmt, kind: str) -> list[tuple[int, int, int, int]]:
    """The pixel boxes of the text slots the plain kit fills for `kind`."""
    template, s = BOOK.templates[fmt.name], scale_of(fmt)
    return [
        (int(t.x * s), int(t.y * s), int((t.x + t.width) * s) + 1, int((t.y + t.height) * s) + 1)
        for t in template.slots_for(kind, plain=True)
        if t.name in MESSAGE_TEXTS[kind]
    ]


def changed_box(a: np.ndarray, b: np.ndarray, tolerance: int = 24):
    """The bounding box (x0, y0, x1, y1) of the pixels where two images differ."""
    ys, xs = np.nonzero(np.abs(a - b).max(axis=2) > tolerance)
    if not len(xs):
        return None
    return (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)


def inside(inner, outer, margin: int = 2) -> bool:
    return (inner[0] >= outer[0] - margin and inner[1] >= outer[1] - margin
            and inner[2] <= outer[2] + margin and inner[3] <= outer[3] + margin)


# --- co-branded --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt", [f for f in BOOK.formats if format_makes(f, PARTNER.id)], ids=lambda f: f.name
)
def test_a_partners_asset_is_the_main_one_with_its_logo_in_the_logo_slot(sample_build, fmt):
    for mid in SAMPLE_MESSAGES:
        kind = BOOK.locale("en").message(mid).kind
        main = pixels(sample_build / "en" / fmt.name / f"{mid}.png")
        ours = pixels(sample_build / "partners" / PARTNER.id / "en" / fmt.name / f"{mid}.png")
        found = changed_box(main, ours)
        (slot,) = boxes(fmt, kind, {"logo"})
        assert found is not None, (fmt.name, mid, "no logo drawn")
        assert inside(found, slot), (fmt.name, mid, found, slot)
        # The logo fills its slot's width or height (its aspect kept).
        w, h = found[2] - found[0], found[3] - found[1]
        assert w >= 0.8 * (slot[2] - slot[0]) or h >= 0.7 * (slot[3] - slot[1]), (found, slot)


def test_the_logo_version_suits_what_is_behind_it(sample_build):
    """On the violet slogan field the dark-ground version (white ink); on paper the light one
    (near-black ink)."""
    for mid, ink in ((SAMPLE_MESSAGES[0], (255, 255, 255)), (SAMPLE_MESSAGES[1], (27, 27, 31))):
        kind = BOOK.locale("en").message(mid).kind
        fmt = BOOK.format("story")
        (x0, y0, x1, y1) = boxes(fmt, kind, {"logo"})[0]
        image = pixels(sample_build / "partners" / PARTNER.id / "en" / "story" / f"{mid}.png")
        area = image[y0:y1, x0:x1].reshape(-1, 3)
        near = np.abs(area - np.array(ink)).max(axis=1) < 12
        assert near.sum() > 500, (mid, near.sum())


@pytest.mark.slow  # over 2.5 s: a build of its own
def test_the_logo_keeps_its_place_mirrored_and_unflipped_in_arabic(tmp_path):
    book = tmp_path / "brandbook"
    shutil.copytree(BRANDBOOK, book)
    shutil.copytree(REPO / "fonts", tmp_path / "fonts")
    shutil.copy(REPO / "tests" / "data" / "translations" / "ar.yaml", book / "locales")
    out = tmp_path / "out"
    build(
        book,
        out,
        Selection(
            locales=("ar", "en"),
            formats=("story",),
            messages=(SAMPLE_MESSAGES[0],),
            kits=("main", PARTNER.id),
        ),
    )
    found = {}
    for code in ("en", "ar"):
        main = pixels(out / code / "story" / f"{SAMPLE_MESSAGES[0]}.png")
        ours = pixels(out / "partners" / PARTNER.id / code / "story" / f"{SAMPLE_MESSAGES[0]}.png")
        box = changed_box(main, ours)
        found[code] = (box, ours[box[1] : box[3], box[0] : box[2]])
    (en_box, en_logo), (ar_box, ar_logo) = found["en"], found["ar"]
    # The logo's box in English, from compose; in Arabic its mirror image, x → 1080 − x.
    loaded, _ = load(book)
    job = next(
        j
        for j in plan(
            loaded,
            Selection(formats=("story",), messages=(SAMPLE_MESSAGES[0],), kits=(PARTNER.id,)),
        )
        if j.locale.code == "en"
    )
    fill = compose(loaded, job, Problems(book)).contents["logo"]
    left, width = (float(v) for v in re.search(r'x="([\d.]+)" y="[\d.]+" width="([\d.]+)"',
                                                 fill.svg).groups())
    shift = left - (1080 - left - width)  # from the box to its mirror image
    assert ar_box[1:4:2] == en_box[1:4:2]  # same height on the page
    # The ink moves with its box, as it is (an unflipped logo's ink is not symmetric in it).
    assert abs(ar_box[0] - (en_box[0] - shift)) <= 1 and abs(ar_box[2] - (en_box[2] - shift)) <= 1
    assert en_box[0] > 540 > ar_box[2]  # it moved to the other side...
    h, w = min(en_logo.shape[0], ar_logo.shape[0]), min(en_logo.shape[1], ar_logo.shape[1])
    same = np.abs(ar_logo[:h, :w] - en_logo[:h, :w]).mean()
    flipped = np.abs(ar_logo[:h, :w] - en_logo[:h, ::-1][:, :w]).mean()
    # ...and reads the right way round (the field under it and subpixel placement differ a little)
    assert same < 12 and 4 * same < flipped, (same, flipped)


# --- plain -------------------------------------------------------------------------------------


def plain_assets(out) -> list[dict]:
    found = [a for a in manifest(out) if a["kit"] == "plain"]
    made = [f for f in BOOK.formats if format_makes(f, "plain")]
    assert len(found) == len(BOOK.locales) * len(SAMPLE_MESSAGES) * sum(
        2 if f.is_print or f.is_motion else 1 for f in made
    )
    return found


def test_no_plain_asset_has_a_qr_code(sample_build):
    """zxing-cpp finds no code at full or half size, though it finds the main asset's."""
    for a in plain_assets(sample_build):
        if a["media_type"] != "image/png":
            continue
        assert a["qr"] is None
        image = Image.open(sample_build / a["path"]).convert("L")
        half = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
        for look in (image, half):
            assert not zxingcpp.read_barcodes(look), a["path"]
    main = Image.open(sample_build / "en" / "story" / f"{SAMPLE_MESSAGES[0]}.png").convert("L")
    assert zxingcpp.read_barcodes(main)  # the check can fail


def test_plain_assets_draw_nothing_where_the_campaign_marks_sit(sample_build):
    """Inside the boxes of the wordmark, URL, QR and logo slots a plain asset shows only its own
    art (the template without campaign marks, rasterized alone), while the main asset has its
    marks there."""
    checked = 0
    for a in plain_assets(sample_build):
        if a["media_type"] != "image/png":
            continue
        fmt = BOOK.format(a["format"])
        kind = BOOK.locale(a["locale"]).message(a["message"]).kind
        template = BOOK.templates[fmt.name]
        w, h = fmt.pixel_size
        art = np.asarray(rasterize(template.parts_for(kind, False, True).static, w, h), np.int16)
        plain = pixels(sample_build / a["path"])
        main = pixels(sample_build / a["locale"] / a["format"] / f"{a['message']}.png")
        texts = np.zeros(plain.shape[:2], bool)  # where the plain kit's own text may be
        for x0, y0, x1, y1 in plain_boxes(fmt, kind):
            texts[y0:y1, x0:x1] = True
        for x0, y0, x1, y1 in boxes(fmt, kind, CAMPAIGN_SLOTS - {"logo"}):
            there = np.abs(plain[y0:y1, x0:x1] - art[y0:y1, x0:x1]).max(axis=2)
            there[texts[y0:y1, x0:x1]] = 0
            assert (there > 24).mean() < 0.001, (a["path"], (x0, y0, x1, y1))
            assert np.abs(main[y0:y1, x0:x1] - art[y0:y1, x0:x1]).max() > 64  # marks there
            checked += 1
    assert checked > 100


def campaign_words() -> set[str]:
    words = {BOOK.brand.name, *(x.wordmark for x in BOOK.locales)}
    words |= {u.split("://")[1].split("/")[0] for u in BOOK.brand.urls.values()}
    for p in BOOK.brand.partners:
        words |= {p.name, p.name.split(" (")[0]}
        if p.url:
            words.add(p.url.split("://")[1].rstrip("/"))
    return words


def test_plain_files_and_their_entries_name_no_campaign(sample_build):
    words = [w.encode() for w in campaign_words()]
    files = [p for p in (sample_build / "plain").rglob("*") if p.is_file()]
    assert any(p.suffix == ".zip" for p in files) and any(p.suffix == ".pdf" for p in files)
    for path in files:
        data = path.read_bytes()
        assert not [w for w in words if w in data], path
        assert "queer" not in path.as_posix() and "equal" not in path.as_posix()
        if path.suffix == ".pdf":
            title = PdfReader(path).metadata["/Title"]
            assert title.startswith("plain/") and BOOK.brand.name not in title
            assert not set(re.split(r"[/-]", title)) & topic_words(), title
    for a in plain_assets(sample_build):
        texts = a["alt"] + a["caption"]
        assert not [w for w in campaign_words() if w in texts] and "#" not in texts, a
    main_pdf = sample_build / "en" / "poster-a4" / f"{SAMPLE_MESSAGES[0]}.pdf"
    assert BOOK.brand.name in PdfReader(main_pdf).metadata["/Title"]  # the check can fail


def test_a_plain_assets_alt_and_caption_are_its_own_texts(sample_build):
    by_path = {a["path"]: a for a in manifest(sample_build)}
    slogan = by_path[f"plain/en/story/{number(SAMPLE_MESSAGES[0])}.png"]
    message = BOOK.locale("en").message(SAMPLE_MESSAGES[0])
    texts = [message.texts[k] for k in ("headline", "body", "cta")]
    assert slogan["alt"] == "Image with the text: " + " / ".join(texts)
    assert slogan["caption"] == "\n".join(texts)
    fact = by_path[f"plain/ru/poster-a4/{number(SAMPLE_MESSAGES[1])}.pdf"]
    source = BOOK.locale("ru").message(SAMPLE_MESSAGES[1]).texts["source"]
    assert fact["alt"].startswith("Изображение с текстом: ") and fact["alt"].endswith(source)


def number(mid: str) -> str:
    """A message's name in the plain kit: its place in the reference locale, two digits."""
    return BOOK.locale("en").message(mid).plain_name


def topic_words() -> set[str]:
    """Every word of every message id (ids say what a message is about), but numbers."""
    return {w for m in BOOK.locale("en").messages for w in m.id.split("-") if not w.isdigit()}


def test_no_plain_path_names_a_topic(sample_build):
    """Files, folders and zip entries of the plain kit are named by locale, format and a
    number: no word of any message id (`plain/en/story/01.png`)."""
    words = topic_words()
    assert {"propaganda", "signatures"} <= words  # the check can fail
    names = [p.relative_to(sample_build).as_posix() for p in (sample_build / "plain").rglob("*")]
    for z in (sample_build / "plain").rglob("*.zip"):
        names += zipfile.ZipFile(z).namelist()
    names += [a["path"] for a in plain_assets(sample_build)]
    assert len(names) > 100
    for name in names:
        parts = set(re.split(r"[/.\-]", name))
        assert not parts & words, name
    paths = {a["path"] for a in plain_assets(sample_build)}
    assert f"plain/en/story/{number(SAMPLE_MESSAGES[0])}.png" in paths
    assert number(BOOK.locale("en").messages[0].id) == "01"


def test_the_plain_zip_is_named_apart_from_the_campaigns(sample_build):
    """Saved into one downloads folder, the two zips keep their own names, and the plain one
    says nothing of what it holds."""
    for locale in BOOK.locales:
        plain, main = zip_path(PLAIN, locale.code), zip_path(MAIN, locale.code)
        assert plain.rsplit("/", 1)[1] != main.rsplit("/", 1)[1]
        assert (sample_build / plain).is_file() and (sample_build / main).is_file()
        assert not set(re.split(r"[/.\-]", plain)) & (topic_words() | campaign_words())
        assert f"  {plain}\n" in (sample_build / "SHA256SUMS").read_text()


def test_plain_pdfs_carry_no_tool_or_campaign_name(sample_build):
    """Info, XMP and every object and stream of a plain poster (the embedded CMYK profile
    too): no Producer, Creator or CreatorTool, and no name of the tool, its libraries or the
    campaign anywhere."""
    needles = [w.encode() for w in campaign_words()] + [b"pressroom", b"cairo", b"Cairo"]
    needles += [b"pikepdf", b"qpdf", b"CreatorTool", b"Producer"]
    pdfs = sorted((sample_build / "plain").rglob("*.pdf"))
    assert len(pdfs) == len(BOOK.locales) * len(SAMPLE_MESSAGES) * 2
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            assert "/Producer" not in pdf.docinfo and "/Creator" not in pdf.docinfo, path
            assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"  # still PDF/X-4
            xmp = pdf.Root.Metadata.read_bytes()  # (pikepdf's open_metadata would stamp it)
            assert b"CreatorTool" not in xmp and b"Producer" not in xmp, path
            assert str(pdf.Root.OutputIntents[0].Info) == "FOGRA39"  # the profile's new name
            found = [_text_of(o) for o in pdf.objects]
        blob = b"\0".join(found) + path.read_bytes()
        assert not [n for n in needles if n in blob], path
    main = sample_build / "en" / "poster-a4" / f"{SAMPLE_MESSAGES[0]}.pdf"
    with pikepdf.open(main) as pdf:  # the check can fail: the campaign's says what made it
        assert str(pdf.docinfo.Producer) == "pressroom"


def _text_of(obj) -> bytes:
    """An object's strings and a stream's decoded bytes, to search."""
    if isinstance(obj, pikepdf.Stream):
        try:
            return obj.read_bytes()
        except pikepdf.PdfError:
            return obj.read_raw_bytes()
    return obj.unparse(resolved=True) if isinstance(obj, pikepdf.Object) else repr(obj).encode()


def test_plain_pngs_carry_no_text_chunks(sample_build):
    for path in (sample_build / "plain").rglob("*.png"):
        chunks = png_chunks(path.read_bytes())
        assert not {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"} & set(chunks), path
        assert Image.open(io.BytesIO(path.read_bytes())).info.keys() <= {"dpi", "gamma", "srgb"}


def test_every_safety_note_says_what_a_browser_keeps_of_a_download():
    """The page's safety note, in every shipped language and every test translation: browsers
    record where a file came from (the download history; macOS in the file) and how to remove
    it (on a Mac, the xattr command)."""
    files = sorted((REPO / "brandbook" / "locales").glob("*.yaml"))
    files += sorted((REPO / "tests" / "data" / "translations").glob("*.yaml"))
    assert len(files) >= 4
    for path in files:
        (line,) = [x for x in path.read_text().splitlines() if x.startswith("  safety: ")]
        command = "xattr -d com.apple.metadata:kMDItemWhereFroms"
        for needle in ("Chrome", "Firefox", "macOS", command):
            assert needle in line, (path.name, needle)


@pytest.mark.parametrize("poster", ["poster-a4", "poster-a3"])
def test_the_plain_posters_lower_half_holds_the_message(sample_build, poster):
    """The plain kit's own layout (data-plain="only" slots) fills the room the QR code and URL
    left: in the lower half of every plain poster, the message's text covers more than 5% of
    the page (the campaign's layout without its marks left about 2%: a call to action or a
    source line on an empty field)."""
    fmt = BOOK.format(poster)
    w, h = fmt.pixel_size
    for a in plain_assets(sample_build):
        if a["format"] != poster or a["media_type"] != "image/png":
            continue
        kind = BOOK.locale(a["locale"]).message(a["message"]).kind
        art = np.asarray(rasterize(BOOK.templates[poster].parts_for(kind, False, True).static,
                                   w, h), np.int16)[..., :3]
        image = pixels(sample_build / a["path"])
        ink = (np.abs(image[h // 2:] - art[h // 2:]).max(axis=2) > 48).mean()
        assert ink > 0.05, (a["path"], ink)


# --- motion in every kit -----------------------------------------------------------------------


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_a_motion_format_made_in_every_kit_animates_each_kits_still(tmp_path):
    """Without `kits: [main]`, story-motion is made in a partner's kit and the plain one:
    each clip ends on its own kit's still (the partner's logo, the plain kit's missing marks),
    and the plain clip's last frame has no QR code."""
    import av

    book = tmp_path / "brandbook"
    shutil.copytree(BRANDBOOK, book)
    shutil.copytree(REPO / "fonts", tmp_path / "fonts")
    formats = book / "formats.yaml"
    formats.write_text(re.sub(r"(?m)^  kits: \[main\].*\n", "", formats.read_text()))
    out = tmp_path / "out"
    mid = SAMPLE_MESSAGES[0]
    build(
        book,
        out,
        Selection(
            locales=("en",),
            formats=("story-motion",),
            messages=(mid,),
            kits=("main", PARTNER.id, "plain"),
        ),
    )
    last = {}
    for kit in ("", f"partners/{PARTNER.id}/", "plain/"):
        name = number(mid) if kit == "plain/" else mid
        clip = out / f"{kit}en/story-motion/{name}.mp4"
        with av.open(str(clip)) as container:
            *_, frame = container.decode(video=0)
        image = frame.to_image()
        last[kit] = np.asarray(image, np.int16)
        cover = pixels(clip.with_suffix(".png"))
        assert np.abs(last[kit] - cover).mean() < 2, kit  # ends on this kit's still
        codes = zxingcpp.read_barcodes(image)
        assert bool(codes) == (kit != "plain/"), kit
    data = (out / f"plain/en/story-motion/{number(mid)}.mp4").read_bytes()
    needles = [w.encode() for w in campaign_words()]
    needles += [b"pressroom", b"Lavf", b"x264", mid.encode()]
    assert not [n for n in needles if n in data]  # no tool, encoder or campaign name
    (logo,) = boxes(BOOK.format("story"), "slogan", {"logo"})
    found = changed_box(last[""], last[f"partners/{PARTNER.id}/"], tolerance=48)
    assert found is not None and inside(found, logo, margin=6), (found, logo)
