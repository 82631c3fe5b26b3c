"""The brand book as frozen dataclasses. Every value a user wrote knows its file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pressroom.langtags import lookup
from pressroom.slotstyle import SlotStyle

# The texts each kind of message has, in the order a translator meets them. Required ones first.
MESSAGE_TEXTS = {
    "slogan": ("headline", "body", "cta"),
    "fact": ("figure", "claim", "source"),
}
OPTIONAL_TEXTS = frozenset({"body"})
META_TEXTS = ("alt", "caption")
PAGE_KEYS = (
    "title",
    "intro",
    "safety",
    "download",
    "download_all",
    "copy",
    "copied",
    "alt_text",
    "caption",
    "print_howto",
    "verify_howto",
    "language_label",
    "plain",
    "plain_all",
    "plain_alt",
)
# Slots a template may have besides the message texts.
BRAND_SLOTS = ("wordmark", "url")
QR_SLOT = "qr"
LOGO_SLOT = "logo"  # an image slot: a partner's logo in co-branded kits, empty otherwise
# What the plain kit leaves out: the campaign's (and partners') marks.
CAMPAIGN_SLOTS = frozenset({*BRAND_SLOTS, QR_SLOT, LOGO_SLOT})
# Template elements kept to some kits: data-campaign="only" (every kit but the plain one) and
# data-plain="only" (the plain kit alone: its own layout for the room the marks leave).
CAMPAIGN_KIT, PLAIN_KIT = "campaign", "plain"
CROP_MARGIN = 10.0  # mm around a poster's bleed box that holds its crop marks
# Slots a format may leave out (`omit:` in formats.yaml), e.g. a QR code too small to scan.
FORMAT_OMITTABLE = frozenset({"qr", "url", "body", "cta", "claim"})


@dataclass(frozen=True)
class Where:
    path: Path
    line: int


@dataclass(frozen=True)
class Source:
    """A fact's source in full, with the public address of the document."""

    title: str
    url: str


@dataclass(frozen=True)
class Message:
    id: str
    kind: str
    texts: dict[str, str]  # headline/body/cta or figure/claim/source
    alt: str
    caption: str
    where: Where
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    sources: tuple[Source, ...] = ()  # facts: every source in full (the fact sheet's)
    # its place among the reference locale's messages, from 1: the plain kit names its files
    # by it (plain/en/story/01.png), never by the id, which says what the message is about
    number: int = 0

    @property
    def plain_name(self) -> str:
        """The name of its files in the plain kit: its number, two digits or more."""
        return f"{self.number:02d}"


@dataclass(frozen=True)
class Locale:
    code: str  # BCP 47, e.g. kk or kk-Latn
    path: Path
    name: str
    english_name: str
    script: str
    direction: str
    wordmark: str
    page: dict[str, str]
    messages: tuple[Message, ...]
    url: str  # the campaign page of this language (the QR payload)
    lines: dict[tuple, int] = field(default_factory=dict, compare=False)
    texts: dict[tuple, str] = field(default_factory=dict, compare=False)  # every value, raw
    fonts: Chains = field(default_factory=dict)  # this language's chain of every font role
    press: dict[str, str] = field(default_factory=dict)  # the press room's texts (press:)
    format_names: dict[str, str] = field(default_factory=dict)  # format id → name on the page
    place_names: dict[str, str] = field(default_factory=dict)  # place id → name on the page
    # brand.yaml's `languages: CODE: breaking:` for this locale (text.linebreak.rules_for)
    breaking: dict = field(default_factory=dict)
    # a draft judged on its own (`--locale CODE`): its finished messages only, built as a
    # preview, never on the page, in the zips or in the press room
    draft: bool = False

    @property
    def lang(self) -> str:
        return self.code.split("-")[0]

    def message(self, mid: str) -> Message:
        return next(m for m in self.messages if m.id == mid)


@dataclass(frozen=True)
class Step:
    """One step of a motion format's entrance sequence: slots that come in one after another."""

    slots: tuple[str, ...]
    after: float  # seconds from the previous step's last entrance to this step's first
    stagger: float  # seconds between this step's entrances
    by_line: bool  # each line of a text slot comes in on its own


@dataclass(frozen=True)
class Motion:
    """How a motion format moves: its length, and how each element comes in (formats.yaml)."""

    duration: float  # seconds
    fps: int
    hold: float  # the last seconds show the complete layout, unmoving
    enter: float  # seconds each entrance lasts
    slide: float  # how far an element travels as it comes in, in the format's px
    origin: str  # where it comes from: start (the side reading starts on), end, below, above
    ease: str  # a name in motion.timeline.EASES
    count: float  # seconds a plain-number figure counts up (0: it does not)
    steps: tuple[Step, ...]

    @property
    def frames(self) -> int:
        return round(self.duration * self.fps)


@dataclass(frozen=True)
class Format:
    name: str
    use: str
    width: float  # px, or trim width in mm
    height: float
    unit: str  # px | mm
    safe: tuple[float, float, float, float]  # top, right, bottom, left
    template: str
    keep_clear: tuple[tuple[float, float, float, float], ...] = ()
    bleed: float = 0.0
    dpi: int = 0
    preview_dpi: int = 0
    qr_module_px: float = 6.0  # screen: the smallest QR module, px
    qr_distance_m: float = 1.0  # print: the distance its QR code is read from, m
    source: str = ""
    checked: str = ""
    crop_marks: bool = False  # print: crop marks outside the bleed, on a larger page
    omit: tuple[str, ...] = ()  # slots this format leaves out (FORMAT_OMITTABLE)
    kits: tuple[str, ...] | None = None  # the kits it is made in (None: every kit)
    motion: Motion | None = None  # set for motion formats (MP4)
    places: tuple[str, ...] = ()  # where it is posted (place ids; names in the locales)

    @property
    def is_print(self) -> bool:
        return self.unit == "mm"

    @property
    def is_motion(self) -> bool:
        return self.motion is not None

    @property
    def page_size(self) -> tuple[float, float]:
        """Page size in template units: px, or mm including bleed."""
        return (self.width + 2 * self.bleed, self.height + 2 * self.bleed)

    @property
    def safe_rect(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of the area text may use, in template units."""
        top, right, bottom, left = self.safe
        b = self.bleed
        return (b + left, b + top, b + self.width - right, b + self.height - bottom)

    @property
    def media_size(self) -> tuple[float, float]:
        """The PDF page in mm: trim + bleed, plus the crop marks' margin when they are on."""
        w, h = self.page_size
        m = 2 * CROP_MARGIN if self.crop_marks else 0
        return (w + m, h + m)

    @property
    def pixel_size(self) -> tuple[int, int]:
        """Size of the PNG: the screen size, or the print preview."""
        if not self.is_print:
            return (round(self.width), round(self.height))
        w, h = self.page_size
        return (round(w / 25.4 * self.preview_dpi), round(h / 25.4 * self.preview_dpi))


@dataclass(frozen=True)
class Printing:
    """How posters print: the printing condition, its CMYK profile, and palette colours' builds.

    `profile` is None for the bundled FOGRA39 profile; `cmyk` maps palette names to explicit
    builds in percent (C, M, Y, K)."""

    condition: str = "FOGRA39"  # OutputConditionIdentifier: a name in the ICC's registry
    condition_name: str = (
        "Offset commercial and specialty printing according to ISO 12647-2:2004/Amd 1, OFCOM,"
        " paper type 1 or 2 = coated art, 115 g/m2, screen ruling 60/cm"
    )
    profile: Path | None = None
    profile_digest: str = ""  # sha256 of a brand book's own profile (the bundled one is code)
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class FontFile:
    """A font as brand.yaml names it: a file, and in a collection (.ttc, .otc) which face, by
    its index counted from 0 or by its name (`NotoSansCJK-Bold.ttc#2`)."""

    file: Path
    face: str = ""  # "" for a file that holds one font

    @property
    def name(self) -> str:
        """The font as written in brand.yaml: file name, and `#face` for a collection."""
        return f"{self.file.name}#{self.face}" if self.face else self.file.name

    @property
    def path(self) -> Path:
        return self.file


Chains = dict[str, tuple[FontFile, ...]]  # font role → faces tried in order, per character


@dataclass(frozen=True)
class Logo:
    """A logo ready to draw: a cleaned SVG fragment (a nested <svg> with a viewBox, or an
    <image> with an inlined PNG), to be given x, y, width and height, and its own size (its
    aspect ratio is kept when it is fitted into a slot)."""

    svg: str  # with `{box}` where the fitted x="…" y="…" width="…" height="…" go
    width: float
    height: float
    path: Path  # the file it was read from


@dataclass(frozen=True)
class Partner:
    """A coalition partner: its co-branded kit shows its logo (light or dark version by what is
    behind the logo slot); its QR codes and URL text point to the campaign page, or with
    `qr: own` to its own `url`."""

    id: str  # slug: partners/<id>/ in the output
    name: str
    light: Logo  # the version for light backgrounds
    dark: Logo  # the version for dark backgrounds
    url: str | None = None
    qr: str = "campaign"  # campaign | own

    def logo_on(self, background_luminance: float) -> Logo:
        """The version that reads on a background of this relative luminance."""
        return self.light if background_luminance >= 0.18 else self.dark


@dataclass(frozen=True)
class PressContact:
    """brand.yaml `press`: the same in every language."""

    email: str  # the press contact: a campaign address
    licence: str  # the licence's name, e.g. CC BY 4.0
    licence_url: str


@dataclass(frozen=True)
class Brand:
    name: str
    reference_locale: str
    primary_locale: str
    urls: dict[str, str]  # canonical locale code or "default" → campaign page
    palette: dict[str, str]
    fonts: Chains
    path: Path
    lines: dict[tuple, int] = field(default_factory=dict, compare=False)
    # Per language (canonical code): faces put in front of a role's chain for that language.
    languages: dict[str, Chains] = field(default_factory=dict)
    printing: Printing = field(default_factory=Printing)  # how posters print (`print:`)
    partners: tuple[Partner, ...] = ()  # coalition partners, each with a co-branded kit
    base_url: str | None = None  # where the page is hosted (absolute links); None: not known
    press: PressContact | None = None
    # Per language (canonical code): how its lines break, over the defaults (languages: breaking:)
    breaking: dict[str, dict] = field(default_factory=dict)

    def partner(self, pid: str) -> Partner | None:
        return next((p for p in self.partners if p.id == pid), None)

    def breaking_of(self, code: str) -> dict:
        """brand.yaml's line-breaking settings for locale `code` (the most specific entry)."""
        return lookup(self.breaking, code) or {}

    def chains(self, code: str) -> Chains:
        """Every role's chain for locale `code`: the faces of its language entry (the most
        specific one that matches, zh-Hans before zh), then the role's own chain."""
        extra = lookup(self.languages, code) or {}
        return {
            role: tuple(dict.fromkeys(extra.get(role, ()) + chain))
            for role, chain in self.fonts.items()
        }



@dataclass(frozen=True)
class Slot:
    """A named rectangle that content fills, in the format's coordinates, with its style."""

    name: str
    x: float
    y: float
    width: float
    height: float
    style: SlotStyle
    line: int
    mirrors: bool = True  # moves to the mirrored place in right-to-left layouts
    # CAMPAIGN_KIT (data-campaign="only"), PLAIN_KIT (data-plain="only") or None (both)
    kit: str | None = None

    @property
    def kind(self) -> str | None:
        return self.style.kind

    def in_kit(self, plain: bool) -> bool:
        """Whether the plain kit (`plain`) or the others fill this slot."""
        if plain:
            return self.kit != CAMPAIGN_KIT and self.name not in CAMPAIGN_SLOTS
        return self.kit != PLAIN_KIT


@dataclass(frozen=True)
class Parts:
    """A template cut around its slots for one kind of message, one direction and one kit
    flavour (the plain kit's or the others'): SVG text pieces with slot names between them."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]  # len(pieces) == len(slots) + 1
    slots_on_top: bool = False  # nothing is drawn after the first slot: text can be composited

    @property
    def static(self) -> str:
        """The template with every slot empty: the layer under the content."""
        return "".join(self.pieces)


@dataclass(frozen=True)
class Template:
    name: str
    path: Path
    width: float
    height: float
    slots: tuple[Slot, ...]
    parts: dict[str, Parts]  # by message kind
    digest: str  # of the cleaned, coloured SVG
    omit: frozenset[str] = frozenset()  # texts and slots this layout leaves out on purpose
    mirrored: dict[str, Parts] = field(default_factory=dict)  # right-to-left, by kind
    scale: float = 1.0  # format units per template unit (a template used at another size)
    # The plain kit's serializations (no campaign marks), by (kind, mirrored).
    plain: dict[tuple[str, bool], Parts] = field(default_factory=dict)

    def parts_for(self, kind: str, mirrored: bool = False, plain: bool = False) -> Parts:
        """The template cut for `kind`, right to left when `mirrored`, for the plain kit when
        `plain`."""
        if plain:
            return self.plain[(kind, mirrored)]
        return (self.mirrored if mirrored else self.parts)[kind]

    def slots_for(self, kind: str, plain: bool = False) -> tuple[Slot, ...]:
        """The slots a message of `kind` fills; in the plain kit, without the campaign's."""
        return tuple(s for s in self.slots if s.kind in (None, kind) and s.in_kit(plain))


@dataclass(frozen=True)
class Draft:
    """A locale file with texts not translated yet: left out of a build, unless judged on its
    own (`--locale CODE`), when its finished messages are built as a preview."""

    code: str
    path: Path
    translated: int
    total: int


@dataclass(frozen=True)
class Brandbook:
    root: Path
    brand: Brand
    formats: tuple[Format, ...]
    locales: tuple[Locale, ...]  # the locales a build may render (drafts and broken ones left out)
    templates: dict[str, Template]
    font_digest: str
    drafts: tuple[Draft, ...] = ()
    stale: dict[str, int] = field(default_factory=dict)  # locale → texts whose reference changed

    def format(self, name: str) -> Format:
        return next(f for f in self.formats if f.name == name)

    def locale(self, code: str) -> Locale:
        return next(x for x in self.locales if x.code == code)
