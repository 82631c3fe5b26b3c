"""Plan: every selected kit × locale × message × format becomes a Job, in a stable order, and
each job gets a digest of everything that can change its bytes.

A brand book makes several kits: `main`, the campaign's own kit at the top of the
output folder; one per partner (its id), co-branded, under `partners/<id>/`; and `plain`, with no
campaign marks, under `plain/`. A kit is a value of `Job.kit`: it gives the job its folder
(`kit_folder`), travels in `Job.ident` to the workers and is part of every digest (a
partner's with the partner's data: changing one partner changes only its kit's digests). A format
may be limited to some kits (`kits:` in formats.yaml).

A job's digest covers its texts (the message's texts, the locale's code, script, direction,
wordmark and campaign URL), its format, its template (slots, parts and colours), the brand's
palette, print settings (builds, condition, profile) and font chains with the font files'
contents, the images the template shows (inlined in it, so they are in its digest; a partner's
logos are in its own kit's digest only), and the tool: the pressroom modules that draw assets
(and the bundled ICC profile), the versions of the libraries they use (and of cairo, pixman
and zlib), and the Python version. Alt texts, captions and page strings are left out: they
change the manifest and the page, never an asset's bytes. Paths are left out too, so the same
brand book gives the same digests wherever it is.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import json
import platform
import re
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from pressroom import GENERATOR
from pressroom.langtags import canonical_all
from pressroom.model import Brandbook, Format, Locale, Message
from pressroom.read.digest import digest_files, folder_files

MAIN = "main"  # the campaign's own kit
PLAIN = "plain"  # the kit without campaign marks
PARTNERS = "partners"  # the folder of the partners' kits; in formats.yaml, every partner
Ident = tuple[str, str, str, str]  # kit, locale code, format name, message id


@dataclass(frozen=True)
class Job:
    locale: Locale
    message: Message
    format: Format
    kit: str = MAIN

    @property
    def key(self) -> str:
        """The job as a path without suffix: `[kit folder/]locale/format/message`; in the plain
        kit the message's number stands for its id (`plain/en/story/01`), which names its
        topic. (Every part is a slug the schemas allow: joined as text, with no Path made, it
        is what the same parts joined as a PurePosixPath read, and some 20 times quicker.)"""
        name = self.message.plain_name if self.plain else self.message.id
        return f"{_folder_of(self.kit)}{self.locale.code}/{self.format.name}/{name}"

    @property
    def ident(self) -> Ident:
        """The job as plain strings, to send to a worker (see `job_for`)."""
        return (self.kit, self.locale.code, self.format.name, self.message.id)

    @property
    def names(self) -> tuple[str, ...]:
        """Its files, relative to output/ with `/` (the manifest's paths): the one place a job
        is mapped to its files."""
        key = self.key
        if self.format.is_print:
            return (f"{key}.pdf", f"{key}.png")
        if self.format.is_motion:  # the video, and its cover (its last frame, the still)
            return (f"{key}.mp4", f"{key}.png")
        return (f"{key}.png",)

    @property
    def outputs(self) -> tuple[PurePosixPath, ...]:
        """`names` as paths."""
        return tuple(PurePosixPath(name) for name in self.names)

    @property
    def plain(self) -> bool:
        return self.kit == PLAIN


def kit_folder(kit: str) -> PurePosixPath:
    """Where a kit's files go, below the output folder: the top for `main`, `plain/`, or
    `partners/<id>/`."""
    if kit == MAIN:
        return PurePosixPath()
    if kit == PLAIN:
        return PurePosixPath(PLAIN)
    return PurePosixPath(PARTNERS, kit)


def _folder_of(kit: str) -> str:
    """`kit_folder(kit)` as the start of a path: "" for `main`, else the folder and `/`."""
    return "" if kit == MAIN else f"{PLAIN}/" if kit == PLAIN else f"{PARTNERS}/{kit}/"


def url_of(book: Brandbook, job: Job) -> str | None:
    """The URL a job's QR code encodes and its URL text shows: the campaign page of its
    language, a partner's own url (`qr: own`), or none in the plain kit."""
    if job.kit == PLAIN:
        return None
    partner = book.brand.partner(job.kit)
    if partner is not None and partner.qr == "own" and partner.url:
        return partner.url
    return job.locale.url


def kits_of(book: Brandbook) -> tuple[str, ...]:
    """Every kit of the brand book, in the order they are listed: main, each partner (in
    brand.yaml's order), plain."""
    return (MAIN, *(p.id for p in book.brand.partners), PLAIN)


def format_makes(fmt: Format, kit: str) -> bool:
    """Whether `fmt` is made in `kit` (formats.yaml's `kits:`; every one by default)."""
    if fmt.kits is None:
        return True
    if kit in fmt.kits:
        return True
    return kit not in (MAIN, PLAIN) and PARTNERS in fmt.kits


def job_for(book: Brandbook, ident: Ident) -> Job:
    """The job `ident` names in `book`."""
    kit, code, fmt, mid = ident
    locale = book.locale(code)
    return Job(locale, locale.message(mid), book.format(fmt), kit)


@dataclass(frozen=True)
class Selection:
    """What a build is asked for: empty means every one. Locale codes are kept canonical
    (BCP 47 ignores case: zh-hans is zh-Hans); any iterable of names is taken."""

    locales: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    kits: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "locales", canonical_all(self.locales))
        for name in ("formats", "messages", "kits"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def partial(self) -> bool:
        return bool(self.locales or self.formats or self.messages or self.kits)

    def selects_locale(self, code: str) -> bool:
        return not self.locales or code in self.locales

    def selects(self, job: Job) -> bool:
        return (
            self.selects_locale(job.locale.code)
            and (not self.formats or job.format.name in self.formats)
            and (not self.messages or job.message.id in self.messages)
            and (not self.kits or job.kit in self.kits)
        )


EVERYTHING = Selection()


def plan(book: Brandbook, selection: Selection = EVERYTHING) -> list[Job]:
    """The selected jobs of the brand book (every one by default), each format in the kits it
    is made in, in a stable order."""
    jobs = []
    chosen = [v for v in kits_of(book) if not selection.kits or v in selection.kits]
    for locale in book.locales:
        if not selection.selects_locale(locale.code):
            continue
        for message in locale.messages:
            if selection.messages and message.id not in selection.messages:
                continue
            for fmt in book.formats:
                if selection.formats and fmt.name not in selection.formats:
                    continue
                for kit in chosen:
                    if format_makes(fmt, kit):
                        jobs.append(Job(locale, message, fmt, kit))
    return sorted(jobs, key=lambda j: j.ident)


# --- digests -------------------------------------------------------------------------------------

# Modules that never touch an asset's bytes (the page, the command line, checks, new locales),
# and folders of them (ending in /). Every other file of the package is part of the tool's digest.
NOT_DRAWING = frozenset({
    "__main__.py", "check.py", "cli/", "brandbook/newlocale.py", "brandbook/places.py",
    "draw/qrcheck.py",
    "site/cards.py", "site/page.py", "site/places.py", "site/thumbs.py",
})
DRAWING_SUFFIXES = (".py", ".json", ".icc")  # the package's files that can decide an asset's bytes
# Fields that never change an asset's bytes: line numbers and paths everywhere (paths would tie
# digests to a folder), and by model class the texts that only reach the manifest or the page.
LEFT_OUT = frozenset({"line", "lines", "where", "path"})
LEFT_OUT_OF = {
    # messages are hashed one by one; press texts and format names reach only the press room
    "Locale": frozenset({"page", "messages", "texts", "press", "format_names", "place_names"}),
    "Message": frozenset({"alt", "caption", "sources"}),  # sources: the fact sheet's links
    # kits: which jobs exist; places: where the page offers them
    "Format": frozenset({"use", "source", "checked", "kits", "places"}),
    "Partner": frozenset({"name"}),  # shown on its page, never drawn
}


class Digests:
    """Job digests for one brand book; the parts that jobs share are hashed once."""

    def __init__(self, book: Brandbook):
        self.book = book
        brand = book.brand
        fonts = {role: [p.name for p in chain] for role, chain in brand.fonts.items()}
        self.shared = _hash(
            tool_digest(),
            book.font_digest,
            _canon(fonts),
            _canon(brand.palette),
            _canon(brand.printing),
        )
        self._formats: dict[str, str] = {}
        self._locales: dict[str, str] = {}
        self._kits: dict[str, str] = {}

    def __call__(self, job: Job) -> str:
        """Hex digest of everything that decides the bytes of `job`'s outputs."""
        fmt = self._formats.get(job.format.name)
        if fmt is None:
            template = self.book.templates.get(job.format.name)
            fmt = self._formats[job.format.name] = _hash(
                _canon(job.format), _canon(template) if template else ""
            )
        locale = self._locales.get(job.locale.code)
        if locale is None:
            locale = self._locales[job.locale.code] = _hash(_canon(job.locale))
        kit = self._kits.get(job.kit)
        if kit is None:  # a partner's kit: its logos, url and qr setting too
            partner = self.book.brand.partner(job.kit)
            kit = self._kits[job.kit] = _hash(job.kit, _canon(partner))
        return _hash(self.shared, kit, fmt, locale, _canon(job.message))


def _hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _canon(value) -> str:
    """A stable text form of model values: dataclasses without LEFT_OUT fields, sorted keys."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        skip = LEFT_OUT | LEFT_OUT_OF.get(type(value).__name__, frozenset())
        out = {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in skip
        }
        for name in ("static",):  # derived properties that decide what is drawn
            if hasattr(type(value), name) and isinstance(getattr(type(value), name), property):
                out[name] = getattr(value, name)
        return out
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, Path):
        return value.name
    if isinstance(value, float):
        return repr(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    return repr(value)


def _key(k) -> str:
    return k if isinstance(k, str) else json.dumps(_plain(k), sort_keys=True)


@cache
def tool_digest(everything: bool = False) -> str:
    """The drawing code and what it runs on: pressroom's drawing modules (with `everything`, all
    of the package, page templates included), its dependencies' versions, cairo, pixman and
    zlib, and Python."""
    package = Path(__file__).resolve().parent.parent  # the whole package
    files = [
        file
        for file in folder_files(package)
        if "__pycache__" not in file.parts
        and (everything or (file.suffix in DRAWING_SUFFIXES and not _page_only(file, package)))
    ]
    versions = [f"{name}={version}" for name, version in _versions()]
    return _hash(GENERATOR, digest_files(files, package), *versions)


def _page_only(file: Path, package: Path) -> bool:
    name = file.relative_to(package).as_posix()
    return name in NOT_DRAWING or name.split("/")[0] + "/" in NOT_DRAWING


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    from importlib import metadata  # (10 ms to import: before the build's other process starts)

    found = [("python", platform.python_version()), ("zlib", zlib.ZLIB_RUNTIME_VERSION)]
    try:
        requires = metadata.requires("pressroom") or []
    except metadata.PackageNotFoundError:
        requires = []
    names = sorted(
        {m.group(0) for r in requires if "extra ==" not in r and (m := re.match(r"[\w.-]+", r))}
    )
    for name in names:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "-"))
    for lib, symbol in (("libcairo.so.2", "cairo"), ("libpixman-1.so.0", "pixman")):
        found.append((symbol, _c_version(lib, f"{symbol}_version_string")))
    return tuple(found)


def _c_version(lib: str, function: str) -> str:
    try:
        fn = getattr(ctypes.CDLL(lib), function)
    except (OSError, AttributeError):
        return "-"
    fn.restype = ctypes.c_char_p
    return fn().decode()
