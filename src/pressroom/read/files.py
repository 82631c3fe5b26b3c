"""Opening an input file: the one way the build reads a file of the brand book or its fonts.

A file is read only when it is a regular file inside its folder (the brand book, or the font
folder brand.yaml names), with symbolic links resolved: a link that stays inside is followed, one
that leads out is refused, so no text of a file elsewhere (a `.env`, a key) can reach an asset,
the page or an error message. A named pipe, a device or a folder where a file is expected is
refused before it is read (it would block the build, or never end), and no more than `limit`
bytes are ever read. Problems never quote the file's bytes: they say what it is, not what it
holds.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pressroom.errors import PressroomError

OUTSIDE_FIX = "copy the file into the folder instead of linking to it"
LINK_FIX = "replace the link with the file itself"
READ_FIX = "check that the file can be read (its permissions)"
_SPECIAL = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputError(PressroomError):
    """An input file that cannot be read: `what` is wrong with the `kind` of file ("is a named
    pipe, not a file") and `fix` says what to do; `line` is where a text file passes its size
    limit (0 otherwise), `missing` whether there is no such file at all."""

    def __init__(self, path: Path, kind: str, what: str, fix: str, line: int = 0, missing=False):
        self.path, self.kind, self.what, self.fix = path, kind, what, fix
        self.line, self.missing = line, missing
        super().__init__(f"{path}: {self.problem} — {fix}")

    @property
    def problem(self) -> str:
        return f"the {self.kind} {self.what}"


def inside(path: Path, folder: Path, kind: str) -> Path:
    """The real path of `path` (symbolic links resolved) when it is inside `folder`; the
    InputError says why not. Whether it is a regular file is judged when it is opened."""
    root = folder.resolve()
    lexical = Path(os.path.abspath(path))
    named = lexical.is_relative_to(root) or lexical.is_relative_to(os.path.abspath(folder))
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise InputError(path, kind, "is a symbolic link to nothing", LINK_FIX) from exc
        raise InputError(
            path, kind, "does not exist", "create it or fix its name", 0, True
        ) from exc
    except (OSError, RuntimeError) as exc:  # a loop of links, a folder that cannot be entered
        raise InputError(path, kind, "cannot be followed to a file", LINK_FIX) from exc
    if root not in real.parents:
        if named and lexical != real:
            what = f"is a symbolic link that leads outside {root.name}/"
        else:
            what = f"is not inside {root.name}/"
        raise InputError(path, kind, what, OUTSIDE_FIX)
    return real


def read_input(
    path: Path,
    folder: Path,
    kind: str,
    limit: int,
    *,
    too_large: str = "make it smaller",
    lines: bool = False,
) -> bytes:
    """The bytes of `path`, a regular file inside `folder` of at most `limit` bytes. `kind`
    names the file in problems ("template", "font file 'Inter.otf'"), `too_large` is the fix
    for one over the limit; with `lines`, that problem gives the line where the limit is
    reached (which takes reading up to it)."""
    real = inside(path, folder, kind)
    try:
        # Not blocking: opening a named pipe with no writer returns at once (and is refused
        # below); not following: a file swapped for a link since `inside` is refused.
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(path, kind, f"cannot be read ({exc.strerror})", READ_FIX) from exc
    try:
        found = os.fstat(fd)
        for test, what in _SPECIAL:
            if test(found.st_mode):
                raise InputError(path, kind, f"is {what}, not a file", "put the file itself here")
        over = f"is over the {limit:,} byte limit"
        if found.st_size > limit and not lines:
            raise InputError(path, kind, f"{over} ({found.st_size:,} bytes)", too_large)
        with open(fd, "rb", closefd=False) as fh:  # not a folder (refused above)
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(path, kind, f"cannot be read ({exc.strerror})", READ_FIX) from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        line = data[:limit].count(b"\n") + 1 if lines else 0
        raise InputError(
            path, kind, over + (" (reached at this line)" if lines else ""), too_large, line
        )
    return data
