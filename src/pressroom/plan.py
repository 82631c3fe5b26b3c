"""Plan: every selected locale × message × format becomes a Job, in a stable order, and each job
gets a digest of everything that can change its bytes.

A job's digest covers its texts (the message's texts, the locale's code, script, direction,
wordmark and campaign URL), its format, its template (slots, parts and colours), the brand's
palette, print settings (builds, condition, profile) and font chains with the font files'
contents, the brand book's assets, and the tool: the pressroom modules that draw assets (and the
bundled ICC profile), the versions of the libraries they use (and of cairo, pixman and zlib),
and the Python version. Alt texts, captions and page strings are left out: they change
the manifest and the page, never an asset's bytes. Paths are left out too, so the same brand book
gives the same digests wherever it is.
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
from importlib import metadata
from pathlib import Path, PurePosixPath

from pressroom import GENERATOR
from pressroom.model import Brandbook, Format, Locale, Message


@dataclass(frozen=True)
class Job:
    locale: Locale
    message: Message
    format: Format

    @property
    def key(self) -> str:
        return f"{self.locale.code}/{self.format.name}/{self.message.id}"

    @property
    def outputs(self) -> tuple[PurePosixPath, ...]:
        """Paths relative to output/: the one place a job is mapped to its files."""
        base = PurePosixPath(self.locale.code, self.format.name, self.message.id)
        if self.format.is_print:
            return (base.with_suffix(".pdf"), base.with_suffix(".png"))
        if self.format.is_motion:  # the video, and its poster frame (the reel's cover)
            return (base.with_suffix(".mp4"), base.with_suffix(".png"))
        return (base.with_suffix(".png"),)


def plan(
    book: Brandbook, formats: tuple[str, ...] = (), messages: tuple[str, ...] = ()
) -> list[Job]:
    """Jobs for the brand book's locales, filtered by format and message names (empty: all)."""
    jobs = []
    for locale in book.locales:
        for message in locale.messages:
            if messages and message.id not in messages:
                continue
            for fmt in book.formats:
                if formats and fmt.name not in formats:
                    continue
                jobs.append(Job(locale, message, fmt))
    return sorted(jobs, key=lambda j: (j.locale.code, j.format.name, j.message.id))


# --- digests -------------------------------------------------------------------------------------

# Modules that never touch an asset's bytes (the page, the command line, checks, new locales).
# Every other file of the package is part of the tool's digest.
NOT_DRAWING = frozenset(
    {"__main__.py", "check.py", "cli.py", "newlocale.py", "qrcheck.py", "site.py", "thumbs.py"}
)
# Fields that never change an asset's bytes: line numbers and paths everywhere (paths would tie
# digests to a folder), and by model class the texts that only reach the manifest or the page.
LEFT_OUT = frozenset({"line", "lines", "where", "path"})
LEFT_OUT_OF = {
    "Locale": frozenset({"page", "messages", "texts"}),  # messages are hashed one by one
    "Message": frozenset({"alt", "caption"}),
    "Format": frozenset({"use", "source", "checked"}),
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
            _assets_digest(book.root),
        )
        self._formats: dict[str, str] = {}
        self._locales: dict[str, str] = {}

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
        return _hash(self.shared, fmt, locale, _canon(job.message))


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


def _assets_digest(root: Path) -> str:
    h = hashlib.sha256()
    folder = root / "assets"
    if folder.is_dir():
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(file.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


@cache
def tool_digest(everything: bool = False) -> str:
    """The drawing code and what it runs on: pressroom's drawing modules (with `everything`, all
    of the package, page templates included), its dependencies' versions, cairo, pixman and
    zlib, and Python."""
    h = hashlib.sha256(GENERATOR.encode())
    package = Path(__file__).resolve().parent
    for file in sorted(package.rglob("*")):
        rel = file.relative_to(package).as_posix()
        if not file.is_file() or "__pycache__" in rel:
            continue
        if everything or (file.suffix in (".py", ".json", ".icc") and rel not in NOT_DRAWING):
            h.update(rel.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    for name, version in _versions():
        h.update(f"{name}={version}\0".encode())
    return h.hexdigest()


def _versions() -> list[tuple[str, str]]:
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
    return found


def _c_version(lib: str, function: str) -> str:
    try:
        fn = getattr(ctypes.CDLL(lib), function)
    except (OSError, AttributeError):
        return "-"
    fn.restype = ctypes.c_char_p
    return fn().decode()
