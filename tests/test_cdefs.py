"""cdefs.py: C declarations parsed once per machine, kept as data, the same library calls."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import _cffi_backend
import cffi
import pytest

from pressroom import cdefs
from pressroom.cdefs import Declared, parsed_beforehand, parsed_ffi

LIBC = "int abs(int); size_t strlen(const char *); struct pair { int a; double b; };"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "pressroom" / "cffi"


def _calls(ffi) -> tuple:
    """What a binding does with its FFI: open a library, call it, make and read structs."""
    lib = ffi.dlopen(None)
    pair = ffi.new("struct pair *", {"a": 7, "b": 2.5})
    return lib.abs(-3), lib.strlen(b"four"), pair.a, pair.b, ffi.sizeof("struct pair")


def test_a_parsed_ffi_is_kept_as_data_and_read_back_without_parsing(cache, monkeypatch):
    first = parsed_ffi(LIBC)
    assert type(first) is _cffi_backend.FFI
    assert _calls(first) == (3, 4, 7, 2.5, 16)
    (kept,) = cache.iterdir()
    assert kept.suffix == ".marshal" and not kept.read_bytes().startswith(b"#")

    parsed = []
    parse = cdefs._parse
    monkeypatch.setattr(cdefs, "_parse", lambda *args: parsed.append(args) or parse(*args))
    assert _calls(parsed_ffi(LIBC)) == (3, 4, 7, 2.5, 16)
    assert parsed == []
    assert parsed_ffi(LIBC + " long labs(long);").dlopen(None).labs(-5) == 5
    assert len(parsed) == 1  # other declarations: parsed


def test_other_declarations_or_another_format_are_kept_apart(cache, monkeypatch):
    parsed_ffi(LIBC)
    parsed_ffi(LIBC.replace("double b", "float b"))
    monkeypatch.setattr(cdefs, "FORMAT", cdefs.FORMAT + 1)  # as another cffi version would
    parsed_ffi(LIBC)
    assert len(list(cache.iterdir())) == 3


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe3" + bytes(40)])
def test_a_damaged_kept_file_is_made_again(cache, damage):
    parsed_ffi(LIBC)
    (kept,) = cache.iterdir()
    kept.write_bytes(damage)
    assert _calls(parsed_ffi(LIBC)) == (3, 4, 7, 2.5, 16)
    assert kept.read_bytes() != damage


def test_where_nothing_can_be_kept_nothing_is_parsed(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert parsed_ffi(LIBC) is None
    with parsed_beforehand(("binding_blocked",)):
        ffi = _binding(tmp_path, "binding_blocked").ffi
    assert type(ffi.made()) is cffi.FFI  # as the binding ships it
    assert _calls(ffi) == (3, 4, 7, 2.5, 16)


def _binding(folder: Path, name: str, body: str = ""):
    """Import a module `name` that declares LIBC the way cairocffi and WeasyPrint do."""
    (folder / f"{name}.py").write_text(
        "import cffi\n"
        "ffi = cffi.FFI()\n"
        f"ffi.cdef({LIBC!r})\n" + textwrap.dedent(body)
    )
    sys.path.insert(0, str(folder))
    try:
        __import__(name)
        return sys.modules.pop(name)
    finally:
        sys.path.remove(str(folder))


def test_only_the_named_bindings_get_a_declared_ffi(cache, tmp_path):
    with parsed_beforehand(("binding_named",)):
        named = _binding(tmp_path, "binding_named")
        other = _binding(tmp_path, "binding_other")
    assert isinstance(named.ffi, Declared)
    assert type(named.ffi.made()) is _cffi_backend.FFI
    assert _calls(named.ffi) == _calls(other.ffi) == (3, 4, 7, 2.5, 16)
    assert type(other.ffi) is cffi.FFI
    assert cffi.FFI is cffi.api.FFI  # put back


def test_an_ffi_that_includes_another_is_made_as_shipped(cache, tmp_path):
    """cairocffi's GDK-PixBuf FFI includes its cairo FFI, which is parsed beforehand."""
    body = """
        extra = cffi.FFI()
        extra.include(ffi)
        extra.cdef("long labs(long);")
    """
    with parsed_beforehand(("binding_include",)):
        module = _binding(tmp_path, "binding_include", body)
    assert _calls(module.ffi) == (3, 4, 7, 2.5, 16)
    assert type(module.ffi.made()) is _cffi_backend.FFI
    assert type(module.extra.made()) is cffi.FFI
    assert module.extra.dlopen(None).labs(-5) == 5
    assert module.extra.new("struct pair *").a == 0  # the included declarations are there


def test_declaring_after_use_is_refused_not_lost(cache, tmp_path):
    with parsed_beforehand(("binding_late",)):
        ffi = _binding(tmp_path, "binding_late").ffi
    ffi.new("int *")
    with pytest.raises(TypeError, match="after the FFI's first use"):
        ffi.cdef("int labs(int);")


def _fresh(code: str, cache_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_cairo_and_weasyprint_start_without_pycparser_once_kept(tmp_path):
    probe = (
        "import sys\n"
        "from pressroom.cairolib import cairo, ffi\n"
        "from pressroom import factsheet\n"
        "wp = factsheet._weasyprint()\n"
        "assert cairo.cairo_version() > 0 and wp.HTML is not None\n"
        "print(type(ffi.made()).__module__, 'pycparser' in sys.modules)\n"
    )
    first = _fresh(probe, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["_cffi_backend", "True"]  # parsed, and kept
    assert len(list((tmp_path / "pressroom" / "cffi").iterdir())) == 2  # cairo's, WeasyPrint's
    again = _fresh(probe, tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == ["_cffi_backend", "False"]


def test_a_build_is_the_same_with_parsed_and_shipped_ffis(tmp_path):
    """PNGs, print PDFs (cairo writes them through a callback) and the fact sheet
    (WeasyPrint) come out byte for byte as with the FFIs as cairocffi and WeasyPrint make
    them."""
    blocked = tmp_path / "blocked"
    blocked.write_text("no cache folder here")
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pressroom.build import build\n"
        "from pressroom.cairolib import ffi\n"
        "build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1, formats=('story', 'poster-a4'),\n"
        "      messages=('not-propaganda',), locales=('en', 'kk'))\n"
        "print(type(ffi.made()).__module__)\n"
    )
    book = Path(__file__).resolve().parent.parent / "brandbook"
    kinds = {}
    for name, home in (("parsed", tmp_path / "cache"), ("shipped", blocked)):
        env = {**os.environ, "XDG_CACHE_HOME": str(home)}
        done = subprocess.run(
            [sys.executable, "-c", code, str(book), str(tmp_path / name)],
            capture_output=True, text=True, env=env,
        )
        assert done.returncode == 0, done.stderr
        kinds[name] = done.stdout.split()[-1]
    assert kinds == {"parsed": "_cffi_backend", "shipped": "cffi.api"}
    files = sorted(p.relative_to(tmp_path / "parsed") for p in (tmp_path / "parsed").rglob("*"))
    assert any(p.suffix == ".pdf" and "factsheet" in p.name for p in files)
    assert any(p.suffix == ".pdf" and "factsheet" not in p.name for p in files)
    for rel in files:
        a, b = tmp_path / "parsed" / rel, tmp_path / "shipped" / rel
        assert a.is_dir() or a.read_bytes() == b.read_bytes(), rel
