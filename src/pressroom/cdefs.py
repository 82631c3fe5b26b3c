"""C declarations parsed once per machine, not in every process.

cairocffi and WeasyPrint bind their C libraries in cffi's ABI mode: each time they are
imported, pycparser parses their C declarations (2,000 lines of cairo's: 85 ms before a
process draws anything), and each new type string such as 'PangoRectangle *' is parsed again
with every type name declared (4 ms each; a fact sheet meets 13). cffi's out-of-line ABI mode
is the same binding with the parsing done beforehand: `_cffi_backend.FFI` is given the parsed
form, a few byte strings and tuples, and reads type strings in C.

While such a binding is imported inside `parsed_beforehand`, the `cffi.FFI()` its module makes
collects the declarations, and on its first use becomes the FFI parsed from them. The parsed
form is kept in the user's cache folder under a hash of the declarations and of cffi's version,
so a kept form is never stale; it is data (marshal), never code to run. Where that cannot be
done (the cache folder cannot be written, a kept file is damaged, the binding includes another
FFI or asks for packed structs), the FFI is made as the binding ships it: the same library
calls, only slower to start.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from pathlib import Path

FORMAT = 1  # of the kept files; part of their hash

BINDINGS = ("cairocffi.ffi", "weasyprint.text.ffi")  # modules whose FFI() is parsed beforehand


def cache_dir() -> Path:
    """Where parsed declarations are kept: $XDG_CACHE_HOME/pressroom (~/.cache/pressroom)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pressroom"


@contextlib.contextmanager
def parsed_beforehand(modules: tuple[str, ...] = BINDINGS):
    """While the body imports a binding, `cffi.FFI()` called by one of `modules` makes a
    `Declared` (see the module's docstring); any other caller gets cffi's own FFI."""
    import cffi

    shipped = cffi.FFI

    def ffi(*args, **kwargs):
        if args or kwargs or sys._getframe(1).f_globals.get("__name__") not in modules:
            return shipped(*args, **kwargs)
        return Declared(shipped)

    cffi.FFI = ffi
    try:
        yield
    finally:
        cffi.FFI = shipped


class Declared:
    """An FFI being declared: `cdef` and `include` are collected; any other attribute is the
    FFI's own, made on first use from what was declared."""

    def __init__(self, shipped: type):
        self._shipped = shipped
        self._sources: list[tuple[str, dict]] = []  # (declarations, cdef options)
        self._includes: list = []
        self._ffi = None
        self._inline = None

    def cdef(self, source: str, **options) -> None:
        if self._ffi is not None:
            if not isinstance(self._ffi, self._shipped):
                raise TypeError("declarations after the FFI's first use: cffi's out-of-line "
                                "FFI cannot take them (pressroom.cdefs)")
            self._ffi.cdef(source, **options)
            return
        self._sources.append((source, options))

    def include(self, other) -> None:
        if self._ffi is not None:
            raise TypeError("include after the FFI's first use (pressroom.cdefs)")
        self._includes.append(other)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.made(), name)

    def made(self):
        """The FFI itself: parsed beforehand when it can be, else as cffi makes it."""
        if self._ffi is None:
            ffi = None
            if not self._includes and not any(options for _, options in self._sources):
                ffi = parsed_ffi("\n".join(source for source, _ in self._sources))
            self._ffi = ffi if ffi is not None else self._as_shipped()
            for name in dir(self._ffi):  # its methods found directly from now on
                value = getattr(self._ffi, name)
                if not name.startswith("_") and callable(value):
                    self.__dict__[name] = value
            self.__dict__["NULL"] = self._ffi.NULL
        return self._ffi

    def _as_shipped(self):
        ffi = self._shipped()
        for other in self._includes:
            ffi.include(other.inline() if isinstance(other, Declared) else other)
        for source, options in self._sources:
            ffi.cdef(source, **options)
        return ffi

    def inline(self):
        """This FFI as cffi makes it (the one `include` takes): itself when it was made so,
        else another, with the same declarations."""
        if isinstance(self._ffi, self._shipped):
            return self._ffi
        if self._inline is None:
            self._inline = self._as_shipped()
        return self._inline


def parsed_ffi(declarations: str):
    """cffi's out-of-line ABI FFI for the C `declarations`: kept in the cache folder, or parsed
    now (and kept); None when cffi cannot make one of them."""
    import _cffi_backend

    digest = hashlib.sha256(f"{FORMAT}\0{_cffi_backend.__version__}\0".encode())
    digest.update(declarations.encode())
    key = digest.hexdigest()[:24]
    module = f"_pressroom_{key}"
    path = cache_dir() / "cffi" / f"{key}.marshal"
    with contextlib.suppress(Exception):  # missing, damaged or another version's: made again
        return _cffi_backend.FFI(module, **marshal.loads(path.read_bytes()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(path.parent, os.W_OK):
            return None  # it could not be kept: parsing it here would only cost more
        parsed = _parse(module, declarations)
        ffi = _cffi_backend.FFI(module, **parsed)
    except Exception:
        return None
    _keep(path, marshal.dumps(parsed))
    return ffi


def _parse(module: str, declarations: str) -> dict:
    """What `_cffi_backend.FFI` takes for `declarations`, read from the module cffi writes for
    out-of-line ABI mode (one call; run here with nothing but that call within reach)."""
    import io

    from cffi.api import FFI

    builder = FFI()
    builder.cdef(declarations)
    builder.set_source(module, None, compiler_verbose=0)
    source = io.StringIO()
    builder.emit_python_code(source)
    captured: dict = {}

    class Backend:
        @staticmethod
        def FFI(name, **kwargs):  # noqa: N802 (the name the written module calls)
            captured.update(kwargs)

    def backend_only(name, *args, **kwargs):
        if name != "_cffi_backend":
            raise ImportError(f"cffi's out-of-line module imports {name}")
        return Backend

    exec(source.getvalue(), {"__builtins__": {"__import__": backend_only}})
    if not captured:
        raise ValueError("cffi wrote no FFI(...) call")
    return captured


def _keep(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole (a temporary file renamed), or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
