"""One build at a time per output folder.

A build holds an exclusive `flock` on a hidden file in the output folder (`LOCK`) for as long as
it reads or changes the folder, with its process id written in it so that a second build can
say whom it waits for. The kernel releases the lock when its holder ends, however it ends: a lock
file that a killed build left behind blocks nobody. The holder removes the file when it is done
(while it still holds the lock); a waiter that then gets the lock of the removed file notices
(the name leads to another file, or none) and tries again. Processes forked while the lock is
held (the render workers, the fact sheets' process) close their copy of it at once, so only the
build itself ever holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pressroom.errors import PressroomError

LOCK = ".pressroom-lock"

Waiting = Callable[[str], None]  # told the message when the build has to wait

_held: set[int] = set()  # descriptors of the locks this process holds


class Busy(PressroomError):
    """Another build holds the output folder (and this one was told not to wait)."""


@contextlib.contextmanager
def hold(out: Path, wait: bool = True, waiting: Waiting | None = None) -> Iterator[None]:
    """Hold the output folder `out` (made when missing) for a build: wait for another build
    that holds it, telling `waiting` once per holder, or raise Busy when not `wait`. On the way
    out, a folder that this call made and that nothing was written into is removed again."""
    out = Path(out)
    made = not out.exists()
    try:
        fd = _acquire(out, wait, waiting)
    except OSError as exc:
        raise PressroomError(
            f"{_shown(out)}: cannot lock it for the build ({exc.strerror or exc}) — check that "
            "it is a folder you can write to"
        ) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(out / LOCK)  # still held: a waiter then finds the file gone
        _held.discard(fd)
        os.close(fd)  # releases the lock
        if made:
            with contextlib.suppress(OSError):
                out.rmdir()  # only when empty: the build wrote nothing


def _acquire(out: Path, wait: bool, waiting: Waiting | None) -> int:
    told = None
    path = out / LOCK
    while True:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if not wait:
                    raise Busy(
                        f"{_shown(out)} is being built by {holder} — try again when it has "
                        "finished, or leave out --no-wait to wait for it"
                    ) from None
                if waiting is not None and holder != told:
                    waiting(
                        f"{_shown(out)} is being built by {holder} — waiting "
                        "(use --no-wait to stop instead)"
                    )
                    told = holder
                fcntl.flock(fd, fcntl.LOCK_EX)
            if not _same_file(fd, path):  # its holder removed it when done: take a new one
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        _held.add(fd)
        return fd


def _holder(fd: int) -> str:
    """Who holds the lock, as its file says: "process 1234" (or "another process" when the
    holder has not written its number yet)."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    return f"process {text}" if text.isdigit() else "another process"


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _shown(out: Path) -> str:
    return f"{str(out).rstrip('/')}/"


def _close_in_child() -> None:
    """A forked process closes its copy of a held lock: it never outlives its build holding it.
    (Closing one copy of a descriptor leaves the lock with the build.)"""
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)
