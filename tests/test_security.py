"""Hostile input: every case of issue 6 is refused with `file:line`, never a traceback.

YAML (tags, alias bombs, depth, size), ids and paths that try to leave `--out`, templates that
reach outside, images (escaping links, symlinks, decompression bombs, damaged files, metadata),
damaged fonts and templates, and QR payloads. Builds with the network blocked, the audit of every
output, kill-safety and fuzzing are in the other test_security_*.py files.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import shutil
import signal
import socket
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from pressroom.brandbook import load
from pressroom.cli import main
from pressroom.kit.writer import TMP_PREFIX, Output, OutputError
from pressroom.read.yamlfile import MAX_ALIASES, MAX_BYTES, MAX_DEPTH, read_yaml
from pressroom.template import imagefile as assets
from tests.conftest import REPO, edit, line_of, png_chunks

MINI = REPO / "tests" / "data" / "mini"
HOSTILE = REPO / "tests" / "data" / "hostile"
MINI_FONTS = (
    "InterDisplay-Black.otf",
    "NotoSans-Bold.ttf",
    "Inter-Regular.otf",
    "NotoSans-Regular.ttf",
)
SECRET = "Alice Activist"  # what tests/data/hostile/make_assets.py hides in every file
SECRET_PATH = "/home/alice/campaign"


# --- helpers shared with the other test_security_*.py files ----------------------------------


def copy_book(tmp_path: Path, hostile: bool = False, fonts: Path | None = None) -> Path:
    """A writable copy of the mini brand book (and, if `hostile`, the hostile templates and
    assets over it), with font_dir made absolute."""
    dest = tmp_path / "bb"
    shutil.copytree(MINI, dest)
    if hostile:
        shutil.copytree(HOSTILE / "templates", dest / "templates", dirs_exist_ok=True)
        shutil.copytree(HOSTILE / "assets", dest / "assets")
    brand = dest / "brand.yaml"
    text = brand.read_text()
    assert "font_dir: ../../../fonts" in text
    brand.write_text(
        text.replace("font_dir: ../../../fonts", f"font_dir: {fonts or REPO / 'fonts'}")
    )
    return dest


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def no_crash(result) -> None:
    """The command ended by itself (exit code), not by an uncaught exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"crashed: {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output


def refused(book: Path, tmp_path: Path, *needles: str) -> str:
    """check and build both exit 1 naming every needle, with no traceback and nothing written."""
    out = tmp_path / "refused-out"
    output = ""
    for args in (("check",), ("build", "--out", out, "--jobs", 1)):
        result = run(*args, "--brandbook", book)
        no_crash(result)
        assert result.exit_code == 1, result.output
        for needle in needles:
            assert needle in result.output, f"{needle!r} not in:\n{result.output}"
        output = result.output
    assert not out.exists()
    return output


class NetworkAttempt(BaseException):
    """Raised by the blocked socket functions; a BaseException so no `except Exception` hides
    it."""


@contextlib.contextmanager
def network_blocked():
    """Every way to open a connection or resolve a name raises, and is recorded."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args[:3])
        raise NetworkAttempt(f"network access attempted: {args[:3]!r}")

    with pytest.MonkeyPatch.context() as mp:
        for name in ("connect", "connect_ex", "sendto", "sendmsg"):
            mp.setattr(socket.socket, name, refuse)
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
            mp.setattr(socket, name, refuse)
        yield attempts


@contextlib.contextmanager
def hang_guard(seconds: int = 60):
    """Turns a hang into a failure (an alias bomb that is expanded never returns). Not a timing
    assertion: the limit is far above what any refusal takes."""

    def alarm(signum, frame):
        raise AssertionError(f"still running after {seconds} s: not refused quickly")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def png_bomb(width: int, height: int) -> bytes:
    """A real decompression bomb: a 1-bit PNG of width×height zeros, a few hundred KB at most."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data)
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    row = b"\x00" * (1 + (width + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return assets.PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims width×height pixels."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "#5B2A86").save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def errors_of(book: Path) -> str:
    _, problems = load(book)
    return "\n".join(str(p) for p in problems.errors)


@pytest.fixture
def mini(tmp_path) -> Path:
    return copy_book(tmp_path)


# --- 2. Safe YAML ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:os.system [touch {marker}]",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!!set [a, b]",
        "!custom thing",
    ],
)
def test_yaml_tags_are_refused_with_their_line_and_never_run(mini, tmp_path, value):
    marker = tmp_path / "pwned"
    path = mini / "locales" / "en.yaml"
    edit(path, "cta: Share it", "cta: " + value.format(marker=marker))
    line = line_of(path, "cta:")
    refused(mini, tmp_path, f"en.yaml:{line}:", "is not allowed")
    assert not marker.exists()


def test_tagged_keys_and_merge_keys_are_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n!!python/name:os.system b: 2\n")
    assert read_yaml(path) == (None, [(2, "a key must be plain text", "write the key as a word")])
    path.write_text("base: &b {k: v}\nother:\n  <<: *b\n")
    doc, errors = read_yaml(path)
    assert doc is None and errors[0][:2] == (3, "merge keys (<<) are not allowed")


def _billion_laughs(levels: int, width: int) -> str:
    lines = ['l0: &l0 "lol"']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "levels,width",
    [
        (9, 9),  # the classic billion laughs: 72 aliases, 9^8 values once expanded
        (46, 2),  # 90 aliases, 2^45 values: few aliases, exponential expansion
        (3, 60),  # over MAX_ALIASES
    ],
)
def test_alias_bombs_are_refused_quickly_with_a_line(mini, tmp_path, levels, width):
    path = mini / "locales" / "ru.yaml"
    path.write_text(path.read_text() + "bomb:\n" + _indent(_billion_laughs(levels, width)))
    with hang_guard():
        out = refused(mini, tmp_path, "ru.yaml:")
    assert re.search(r"ru\.yaml:[1-9][0-9]*: (more than|nested deeper)", out), out
    assert f"more than {MAX_ALIASES} aliases" in out or "once aliases are expanded" in out, out


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


def test_chains_of_aliases_cannot_nest_deeper_than_the_limit(tmp_path):
    lines = ["l0: &l0 {a: 1}"] + [f"l{i}: &l{i} {{a: *l{i - 1}}}" for i in range(1, 60)]
    path = tmp_path / "chain.yaml"
    path.write_text("\n".join(lines) + "\n")
    doc, errors = read_yaml(path)
    assert doc is None and len(errors) == 1
    line, problem, _ = errors[0]
    assert line > 1 and f"nested deeper than {MAX_DEPTH} levels" in problem


@pytest.mark.parametrize(
    "nesting",
    [
        "x: " + "[" * 1000 + "]" * 1000,
        "".join(" " * i + f"k{i}:\n" for i in range(1000)) + " " * 1000 + "v\n",
        "x: " + "{a: " * 1000 + "1" + "}" * 1000,
    ],
    ids=["flow-lists", "block-maps", "flow-maps"],
)
def test_depth_1000_is_refused_with_a_line(mini, tmp_path, nesting):
    path = mini / "locales" / "ru.yaml"
    path.write_text(path.read_text() + nesting + "\n")
    with hang_guard():
        out = refused(mini, tmp_path, f"nested deeper than {MAX_DEPTH} levels")
    assert re.search(r"ru\.yaml:[1-9][0-9]*:", out), out


def test_a_5_mb_file_is_refused_with_the_line_where_it_passes_the_limit(mini, tmp_path):
    path = mini / "locales" / "ru.yaml"
    filler = "".join(f"# {'padding ' * 12}{i}\n" for i in range(5_000_000 // 100))
    path.write_text(path.read_text() + filler)
    assert path.stat().st_size > 5_000_000
    raw = path.read_bytes()
    line = raw[:MAX_BYTES].count(b"\n") + 1
    with hang_guard():
        refused(mini, tmp_path, f"ru.yaml:{line}:", f"over the {MAX_BYTES:,} byte limit")


@pytest.mark.parametrize(
    "text,line,needle",
    [
        ("a: 1\nb: \x07\n", 2, "U+0007 is not allowed"),
        ("a: 1\nb: " + "9" * 5000 + "\n", 2, "too long to read"),
        ("a: 1\nb: 2\na: 3\n", 3, "appears twice"),
        (b"a: 1\nb: \xff\xfe\n", 2, "not valid UTF-8"),
        ("a: [1, 2\nb: 3\n", 2, "invalid YAML"),
        ("? [a, b]\n: 1\n", 1, "a key must be plain text"),
    ],
    ids=["control-char", "huge-number", "duplicate", "bad-utf8", "syntax", "complex-key"],
)
def test_other_broken_yaml_is_a_problem_with_its_line(tmp_path, text, line, needle):
    path = tmp_path / "x.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    doc, errors = read_yaml(path)
    assert doc is None and len(errors) == 1, errors
    assert errors[0][0] == line and needle in errors[0][1], errors


# --- 3. No escape from --out --------------------------------------------------------------------


@pytest.mark.parametrize("mid", ["../x", "/abs", "a/b", "Equal", "équal", "eq ual", "equal\n"])
def test_message_ids_must_be_slugs(mini, tmp_path, mid):
    for name in ("en", "ru"):
        path = mini / "locales" / f"{name}.yaml"
        edit(path, "  equal:\n", f"  {_yaml_key(mid)}:\n")
    path = mini / "locales" / "en.yaml"
    out = refused(mini, tmp_path, "is not allowed here")
    # The id's own line, or the line of `messages:` above it.
    lines = (line_of(path, "messages:"), line_of(path, "kind: slogan") - 1)
    assert any(f"en.yaml:{n}: messages" in out for n in lines), out
    assert not (tmp_path / "x").exists() and not Path("/abs").exists()


def _yaml_key(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"') + '"'


@pytest.mark.parametrize("name", ["../x", "/abs", "a/b", "Card", "карта", "card\n", "."])
def test_format_names_must_be_slugs(mini, tmp_path, name):
    path = mini / "formats.yaml"
    edit(path, "card:\n", f"{_yaml_key(name)}:\n")
    line = line_of(path, _yaml_key(name).split("\\")[0])
    refused(mini, tmp_path, f"formats.yaml:{line}: ", "must be a slug")


@pytest.mark.parametrize("template", ["../brand.yaml", "/etc/passwd.svg", "a/b.svg", "..\\x.svg"])
def test_template_names_cannot_leave_the_templates_folder(mini, tmp_path, template):
    path = mini / "formats.yaml"
    edit(path, "template: card.svg", f"template: {_yaml_key(template)}")
    line = line_of(path, "template: ")
    refused(mini, tmp_path, f"formats.yaml:{line}: card.template:")


@pytest.mark.parametrize("code", ["en_US", "ёж", "x", "en.backup", "en-", "en-Latin"])
def test_locale_codes_come_from_file_names_and_must_be_bcp47(mini, tmp_path, code):
    shutil.copy(mini / "locales" / "ru.yaml", mini / "locales" / f"{code}.yaml")
    refused(mini, tmp_path, f"{code}.yaml", "is not a language code")


@pytest.mark.parametrize("code", ["EN", "En", "eN"])
def test_a_code_in_another_case_is_the_same_locale(mini, tmp_path, code):
    """BCP 47 ignores case: EN.yaml beside en.yaml is one locale twice."""
    shutil.copy(mini / "locales" / "ru.yaml", mini / "locales" / f"{code}.yaml")
    refused(mini, tmp_path, f"{code}.yaml: names the same locale as en.yaml")


def test_a_symlinked_output_subfolder_is_refused_and_nothing_is_written_outside(mini, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "en").symlink_to(elsewhere, target_is_directory=True)
    result = run("build", "--brandbook", mini, "--out", out, "--jobs", 1)
    no_crash(result)
    assert result.exit_code == 1 and "symbolic link" in result.output, result.output
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("rel", ["en/card/equal.png", "index.html", "manifest.json", "SHA256SUMS"])
def test_a_symlinked_output_file_is_refused_and_its_target_untouched(mini, tmp_path, rel):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    (out / rel).symlink_to(victim)
    result = run("build", "--brandbook", mini, "--out", out, "--jobs", 1)
    no_crash(result)
    assert result.exit_code == 1 and "symbolic link" in result.output, result.output
    assert victim.read_text() == "keep me"


def test_a_tampered_manifest_cannot_delete_files_outside(mini, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--brandbook", mini, "--out", out, "--jobs", 1).exit_code == 0
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "x").write_text("keep me")
    manifest = out / "manifest.json"
    doc = json.loads(manifest.read_text())
    doc["assets"] += [{"path": p} for p in ("../victim/x", "/tmp/../victim/x", "en/../../victim")]
    manifest.write_text(json.dumps(doc))
    (out / "en" / "gone").symlink_to(victim, target_is_directory=True)
    doc["assets"].append({"path": "en/gone/x"})
    manifest.write_text(json.dumps(doc))
    result = run("build", "--brandbook", mini, "--out", out, "--jobs", 1)
    no_crash(result)
    assert result.exit_code == 0, result.output
    assert (victim / "x").read_text() == "keep me"


@pytest.mark.parametrize(
    "rel", ["../x", "/abs", "a/../../b", "", ".", "a\nb.png", ".hidden", "a/.b", "a b", "ü.png"]
)
def test_output_refuses_paths_that_are_not_plain_names_inside(tmp_path, rel):
    out = Output(tmp_path / "out")
    with pytest.raises(OutputError):
        out.write(rel, b"x")
    assert not any(p for p in tmp_path.rglob("*") if p.is_file())


def test_output_never_cleans_or_sums_through_links(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / f"{TMP_PREFIX}keep").write_text("a file that only looks like ours")
    (outside / "secret.txt").write_text("secret")
    out = Output(tmp_path / "out")
    out.write("a/b.png", b"png")
    out.commit()
    (out.root / "a" / "link").symlink_to(outside, target_is_directory=True)
    (out.root / "secret-link.txt").symlink_to(outside / "secret.txt")
    (out.root / "a" / f"{TMP_PREFIX}left").write_text("left by a killed build")
    out.clean_temporaries()
    assert (outside / f"{TMP_PREFIX}keep").exists()
    assert not (out.root / "a" / f"{TMP_PREFIX}left").exists()
    out.write_sums()
    out.commit()
    sums = (out.root / "SHA256SUMS").read_text()
    assert "a/b.png" in sums and "secret" not in sums
    out.remove("a/link/secret.txt")
    out.remove("../outside/secret.txt")
    assert (outside / "secret.txt").exists()


# --- 1. No network: templates cannot refer outside ----------------------------------------------


CARD = "templates/card.svg"


@pytest.mark.parametrize(
    "snippet,needle",
    [
        ('<image href="https://example.org/x.png" width="9" height="9"/>', "https://example.org"),
        ('<image xlink:href="http://example.org/x.png" width="9" height="9"/>', "http://example"),
        ('<image href="file:///etc/passwd" width="9" height="9"/>', "file:///etc/passwd"),
        ('<image href="//example.org/x.png" width="9" height="9"/>', "//example.org/x.png"),
        ('<image href="/etc/hosts" width="9" height="9"/>', "absolute path '/etc/hosts'"),
        ('<image href="../../../../../../etc/hosts" width="9" height="9"/>', "outside the brand"),
        ('<image href="C:/Windows/x.png" width="9" height="9"/>', "C:/Windows/x.png"),
        ('<image href="\\\\server\\x.png" width="9" height="9"/>', "not a relative path"),
        ('<image href="#bg" width="9" height="9"/>', "not a plain file name"),
        ('<image href="data:text/html,&lt;b&gt;" width="9" height="9"/>', "text/html"),
        ('<image href="data:image/png;base64,!!!" width="9" height="9"/>', "not valid base64"),
        ('<use href="https://example.org/x.svg#a"/>', "https://example.org/x.svg#a"),
        ('<use href="../assets/logo.svg#a"/>', "../assets/logo.svg#a"),
        ('<rect width="9" height="9" style="fill:url(https://example.org/p)"/>', "example.org/p"),
        ('<rect width="9" height="9" fill="url(\'file:///x\')"/>', "file:///x"),
        ('<rect width="9" height="9" filter="url(http://x/f.svg#f)"/>', "http://x/f.svg#f"),
        ('<style>rect { fill: url("https://example.org/p"); }</style>', "https://example.org/p"),
        ('<style>@import url("https://example.org/x.css");</style>', "@import is not allowed"),
        ("<style>@import 'x.css';</style>", "@import is not allowed"),
        ("<style>@\\69mport 'x.css';</style>", "CSS escapes"),
        ("<style>rect { fill: u\\72l(https://x/p); }</style>", "CSS escapes"),
        ('<a href="https://example.org/"><rect width="9" height="9"/></a>', "https://example.org/"),
        ('<pattern id="p" href="https://example.org/p.svg"/>', "https://example.org/p.svg"),
        ('<script>fetch("https://example.org")</script>', "cannot contain <script>"),
        ("<foreignObject><p>x</p></foreignObject>", "cannot contain <foreignObject>"),
    ],
)
def test_templates_cannot_refer_outside_the_brand_book(mini, tmp_path, snippet, needle):
    path = mini / CARD
    edit(path, "</svg>", f"\n{snippet}\n</svg>")
    edit(path, "<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ')
    line = line_of(path, snippet)
    with network_blocked() as attempts:
        refused(mini, tmp_path, f"card.svg:{line}:", needle)
    assert attempts == []


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        '<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://example.org/x.dtd"> %p;]>',
    ],
    ids=["external-entity", "entity-expansion", "external-dtd", "parameter-entity"],
)
def test_dtds_and_entities_are_refused_before_any_parser_resolves_them(mini, tmp_path, doctype):
    path = mini / CARD
    edit(path, '<?xml version="1.0" encoding="UTF-8"?>', f'<?xml version="1.0"?>\n{doctype}')
    with network_blocked() as attempts:
        refused(mini, tmp_path, "card.svg:", "DTD or entities")
    assert attempts == []


def test_xinclude_and_foreign_elements_are_dropped_not_followed(mini, tmp_path):
    path = mini / CARD
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    edit(
        path,
        "</svg>",
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" parse="text"/>'
        "</svg>",
    )
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    for parts in book.templates["card"].parts.values():
        assert "include" not in parts.static and "TOP SECRET" not in parts.static


def test_the_renderer_fetches_nothing_and_parses_safely(tmp_path):
    """CairoSVG is only ever called with a fetcher that refuses and unsafe=False: even an SVG
    that bypassed template checks cannot read a file, reach the network or expand entities."""
    from pressroom.draw import render

    secret = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "red").save(secret)
    head = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" viewBox="0 0 8 8">'
    for href in (f"file://{secret}", str(secret), "https://example.org/x.png"):
        svg = f'{head}<image href="{href}" width="8" height="8"/></svg>'
        with network_blocked() as attempts, pytest.raises(Exception) as info:
            render.render_png(svg, 8, 8)
        assert attempts == []
        assert "refused" in str(info.value), info.value
    entity = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(Exception) as info:
        render.render_png(entity + head + "<rect width='8' height='8' fill='&x;'/></svg>", 8, 8)
    assert "Entit" in type(info.value).__name__ or "DTD" in type(info.value).__name__


# --- (a) images in templates --------------------------------------------------------------------


def _add_image(book: Path, href: str) -> int:
    path = book / CARD
    edit(path, "</svg>", f'<image x="300" y="20" width="40" height="40" href="{href}"/>\n</svg>')
    return line_of(path, href[:30])


def test_hostile_templates_load_clean(tmp_path):
    book = copy_book(tmp_path, hostile=True)
    loaded, problems = load(book)
    assert not problems.errors, "\n".join(map(str, problems.errors))
    for template in loaded.templates.values():
        for parts in template.parts.values():
            svg = "".join(parts.pieces)
            for bad in (SECRET, SECRET_PATH, "inkscape", "sodipodi", "<!--", "<title", "<desc"):
                assert bad not in svg, (template.name, bad)
            assert "<metadata" not in svg and "data-" not in svg
            assert "../assets" not in svg and "asset1-root" in svg
            uris = re.findall(r'href="(data:[^"]+)"', svg)
            assert uris and all(u.startswith("data:image/png;base64,") for u in uris)
            for uri in uris:
                png = base64.b64decode(uri.split(",", 1)[1])
                assert set(png_chunks(png)) <= {b"IHDR", b"IDAT", b"IEND"}
                assert SECRET.encode() not in png


def test_exif_gps_and_every_other_metadata_is_stripped_from_rasters():
    photo = (HOSTILE / "assets" / "photo-gps.jpg").read_bytes()
    original = Image.open(io.BytesIO(photo))
    assert original.getexif().get_ifd(0x8825), "the test photo must carry GPS data"
    assert "xmp" in original.info and "comment" in original.info
    clean = assets.clean_raster(photo, "photo-gps.jpg")
    assert png_chunks(clean) == [b"IHDR", b"IDAT", b"IEND"]
    image = Image.open(io.BytesIO(clean))
    assert not image.getexif() and not image.info
    # EXIF orientation 3 (180°) is applied before the EXIF block goes.
    upright = original.rotate(180).convert("RGB")
    assert image.size == upright.size
    diff = np.abs(np.asarray(image, dtype=int) - np.asarray(upright, dtype=int))
    assert diff.max() <= 2
    sticker = (HOSTILE / "assets" / "sticker.png").read_bytes()
    assert {b"tEXt", b"iTXt", b"zTXt", b"tIME", b"eXIf"} <= set(png_chunks(sticker))
    assert png_chunks(assets.clean_raster(sticker, "sticker.png")) == [b"IHDR", b"IDAT", b"IEND"]


def test_an_image_inside_the_brand_book_is_inlined(mini, tmp_path):
    (mini / "assets").mkdir()
    Image.new("RGB", (8, 8), "#5B2A86").save(mini / "assets" / "dot.png")
    _add_image(mini, "../assets/dot.png")
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    static = book.templates["card"].parts["slogan"].static
    assert "dot.png" not in static and "data:image/png;base64," in static


def test_an_image_link_escaping_the_brand_book_is_refused(mini, tmp_path):
    Image.new("RGB", (8, 8)).save(tmp_path / "outside.png")
    line = _add_image(mini, "../../outside.png")
    refused(mini, tmp_path, f"card.svg:{line}: image:", "leads outside the brand book")


def test_a_symlink_leaving_the_brand_book_is_refused(mini, tmp_path):
    Image.new("RGB", (8, 8)).save(tmp_path / "outside.png")
    (mini / "assets").mkdir()
    (mini / "assets" / "logo.png").symlink_to(tmp_path / "outside.png")
    line = _add_image(mini, "../assets/logo.png")
    refused(mini, tmp_path, f"card.svg:{line}: image:", "symbolic link")


def test_a_symlink_inside_the_brand_book_is_followed(mini, tmp_path):
    (mini / "assets").mkdir()
    Image.new("RGB", (8, 8)).save(mini / "assets" / "real.png")
    (mini / "assets" / "alias.png").symlink_to(mini / "assets" / "real.png")
    _add_image(mini, "../assets/alias.png")
    assert errors_of(mini) == ""


@pytest.mark.parametrize(
    "name,make,needle",
    [
        ("bomb.png", lambda: png_bomb(30000, 30000), "pixels"),
        ("big.png", lambda: png_bomb(8000, 6000), "over the limit of 40,000,000"),
        ("huge.jpg", lambda: jpeg_claiming(60000, 60000), "pixels"),
        ("cut.jpg", lambda: (HOSTILE / "assets/photo-gps.jpg").read_bytes()[:900], "truncated"),
        ("cut.png", lambda: (HOSTILE / "assets/sticker.png").read_bytes()[:300], "truncated"),
        ("text.png", lambda: b"not an image at all", "is not a PNG or JPEG"),
        ("empty.png", lambda: b"", "is not a PNG or JPEG"),
    ],
)
def test_broken_and_bomb_images_are_named_in_check_and_build(mini, tmp_path, name, make, needle):
    (mini / "assets").mkdir()
    (mini / "assets" / name).write_bytes(make())
    line = _add_image(mini, f"../assets/{name}")
    with hang_guard():
        refused(mini, tmp_path, f"card.svg:{line}: image:", name, needle)


def test_embedded_data_uris_are_cleaned_like_files(mini):
    sticker = (HOSTILE / "assets" / "sticker.png").read_bytes()
    photo = (HOSTILE / "assets" / "photo-gps.jpg").read_bytes()
    _add_image(mini, "data:image/png;base64," + base64.b64encode(sticker).decode())
    _add_image(mini, "data:image/jpeg;base64," + base64.b64encode(photo).decode())
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    static = book.templates["card"].parts["slogan"].static
    uris = re.findall(r'href="data:image/png;base64,([^"]+)"', static)
    assert len(uris) == 2
    for uri in uris:
        assert png_chunks(base64.b64decode(uri)) == [b"IHDR", b"IDAT", b"IEND"]


def test_an_embedded_bomb_is_refused(mini, tmp_path):
    line = _add_image(
        mini, "data:image/png;base64," + base64.b64encode(png_bomb(8000, 6000)).decode()
    )
    refused(mini, tmp_path, f"card.svg:{line}: image:", "over the limit")


SVG_ASSET = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
<rect width="10" height="10" fill="#5B2A86"/>
{inner}
</svg>
"""


@pytest.mark.parametrize(
    "inner,needle",
    [
        ('<text x="1" y="5">hi</text>', "cannot contain <text>"),
        ('<image href="https://example.org/x.png" width="1" height="1"/>', "https://example.org"),
        ('<image href="../../../outside.png" width="1" height="1"/>', "outside the brand book"),
        ('<use href="https://example.org/x.svg#a"/>', "https://example.org/x.svg#a"),
        ("<script>alert(1)</script>", "cannot contain <script>"),
    ],
)
def test_svg_assets_are_checked_like_templates_and_named(mini, tmp_path, inner, needle):
    (mini / "assets").mkdir()
    logo = mini / "assets" / "logo.svg"
    logo.write_text(SVG_ASSET.format(inner=inner))
    _add_image(mini, "../assets/logo.svg")
    refused(mini, tmp_path, f"logo.svg:{line_of(logo, inner[:10])}:", needle)


def test_svg_assets_with_a_dtd_or_broken_xml_are_named(mini, tmp_path):
    (mini / "assets").mkdir()
    logo = mini / "assets" / "logo.svg"
    logo.write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>' + SVG_ASSET)
    _add_image(mini, "../assets/logo.svg")
    refused(mini, tmp_path, "logo.svg:", "DTD or entities")
    logo.write_text(SVG_ASSET.format(inner="")[:60])
    refused(mini, tmp_path, "logo.svg:", "not well-formed")


def test_svg_assets_that_include_each_other_stop_at_the_nesting_limit(mini, tmp_path):
    (mini / "assets").mkdir()
    for me, other in (("a", "b"), ("b", "a")):
        inner = f'<image href="{other}.svg" width="5" height="5"/>'
        (mini / "assets" / f"{me}.svg").write_text(SVG_ASSET.format(inner=inner))
    _add_image(mini, "../assets/a.svg")
    with hang_guard():
        refused(mini, tmp_path, "nested more than")


def test_svg_asset_ids_cannot_become_slots_or_clash(mini):
    (mini / "assets").mkdir()
    inner = '<rect id="slot-headline" width="2" height="2"/><rect id="bg" width="1" height="1"/>'
    (mini / "assets" / "logo.svg").write_text(SVG_ASSET.format(inner=inner))
    _add_image(mini, "../assets/logo.svg")
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    template = book.templates["card"]
    assert [s.name for s in template.slots].count("headline") == 1
    static = template.parts["slogan"].static
    assert 'id="asset1-slot-headline"' in static and 'id="asset1-bg"' in static


# --- 4. Broken fonts and templates are named ----------------------------------------------------


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_truncated_font_is_named_in_check_and_build(tmp_path, cut):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in MINI_FONTS:
        shutil.copy(REPO / "fonts" / name, fonts / name)
    data = (fonts / "Inter-Regular.otf").read_bytes()
    (fonts / "Inter-Regular.otf").write_bytes(data[: int(len(data) * cut)])
    book = copy_book(tmp_path, fonts=fonts)
    line = line_of(book / "brand.yaml", "Inter-Regular.otf")
    refused(book, tmp_path, f"brand.yaml:{line}: fonts.text:", "Inter-Regular.otf", "truncated")


def test_a_font_that_is_not_a_font_is_named(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in MINI_FONTS:
        shutil.copy(REPO / "fonts" / name, fonts / name)
    (fonts / "NotoSans-Bold.ttf").write_bytes(b"\x00\x01\x00\x00" + os.urandom(64))
    book = copy_book(tmp_path, fonts=fonts)
    refused(book, tmp_path, "fonts.display:", "NotoSans-Bold.ttf", "cannot be read as a font")


def test_a_truncated_template_is_named_with_its_line(mini, tmp_path):
    path = mini / CARD
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    refused(mini, tmp_path, "card.svg:", "not well-formed SVG")


def test_a_template_that_is_not_svg_is_named(mini, tmp_path):
    (mini / CARD).write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    refused(mini, tmp_path, "card.svg:", "not well-formed SVG")


# --- 7. Private QR codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/",
        "/relative/page",
        "example.org/ru/",
        "file:///etc/passwd",
        "data:text/html,hello",
        "https://",
        "mailto:someone@example.org",
    ],
)
def test_qr_payloads_must_be_http_addresses(mini, tmp_path, url):
    path = mini / "brand.yaml"
    edit(path, "ru: https://example.org/ru/", f"ru: {_yaml_key(url)}")
    refused(mini, tmp_path, f"brand.yaml:{line_of(path, '  ru: ')}: urls.ru:", "not an http(s)")


@pytest.mark.parametrize(
    "url,needle",
    [
        ("https://bit.ly/3abcde", "URL shortener"),
        ("https://clck.ru/abc", "URL shortener"),
        ("https://example.org/ru/?utm_source=poster&utm_medium=qr", "utm_source, utm_medium"),
        ("https://example.org/ru/?fbclid=IwAR0abc", "fbclid"),
        ("https://example.org/ru/?gclid=abc", "gclid"),
    ],
)
def test_shorteners_and_tracking_parameters_are_warned(mini, tmp_path, url, needle):
    path = mini / "brand.yaml"
    edit(path, "ru: https://example.org/ru/", f'ru: "{url}"')
    result = run("check", "--brandbook", mini)
    no_crash(result)
    assert result.exit_code == 0, result.output
    line = line_of(path, "  ru: ")
    assert f"brand.yaml:{line}: urls.ru: warning:" in result.output and needle in result.output


def test_embedded_svg_data_uris_are_cleaned_or_refused(mini, tmp_path):
    svg = SVG_ASSET.format(inner=f"<!-- {SECRET} --><title>{SECRET}</title>")
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    _add_image(mini, uri)
    book, problems = load(mini)
    assert not problems.errors, problems.errors
    static = book.templates["card"].parts["slogan"].static
    assert "asset1-root" in static and SECRET not in static and "base64" not in static
    bad = SVG_ASSET.format(inner="<script>alert(1)</script>")
    line = _add_image(mini, "data:image/svg+xml;base64," + base64.b64encode(bad.encode()).decode())
    refused(mini, tmp_path, f"card.svg:{line}: image: the embedded SVG:", "cannot contain <script>")
