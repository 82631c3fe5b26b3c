"""`pressroom serve`: build the selection, serve the output folder, rebuild when the brand book or
its fonts change, and let open pages reload themselves.

listen ▸ first build ▸ serve (a thread) ▸ watch ▸ rebuild on every change ▸ Ctrl-C: stop serving,
remove temporaries

Rebuilds are the real `build()` with the same selection, into the same folder, so the folder
holds exactly what `pressroom build` would write; the incremental build renders only the jobs
whose inputs changed. They run one at a time in this process, which stays warm between them:
modules, fonts, hyphenation patterns and templates' art are loaded once, and each template and
locale file is loaded again only when what it is made of changed (`Preview.memo`:
brandbook/memo.py). A rebuild that fails
(content problems, or any exception) leaves the last good files in place and publishes its
problems; the server keeps serving. The first build runs before the server thread starts, so a
large first build's worker pool forks a process with no other threads.

Each rebuild holds the output folder's lock for its own length only: a `pressroom build` in
another terminal waits for that rebuild, not for the preview, and the next rebuild reads the
folder afresh. Ctrl-C during a rebuild drops what it staged (or completes its switch-over), so
the folder is always one build's, in step with its SHA256SUMS.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from pressroom.errors import ContentError, PressroomError
from pressroom.kit.plan import EVERYTHING, Selection
from pressroom.preview.status import Snapshot, Status

Report = Callable[[str, bool], None]  # (line, is it an error line)
DEBOUNCE = 1600  # ms: the longest a burst of file events is gathered into one rebuild
STEP = 50  # ms of quiet that ends a burst (an editor's save is a few events within a few ms)
TIMEOUT = 1000  # ms: how often the watcher wakes with nothing to report
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")  # a font file anywhere: forget cached faces


class ServeError(PressroomError):
    """The preview cannot start (the port is taken, the brand book folder is missing)."""


def _quiet(line: str, error: bool) -> None:
    pass


class Preview:
    """The rebuild side of the preview: builds on demand and publishes each outcome."""

    def __init__(
        self,
        root: Path,
        out: Path,
        selection: Selection = EVERYTHING,
        *,
        jobs: int | None = None,
        report: Report = _quiet,
        debug: bool = False,
        wait: bool = True,
    ):
        self.root, self.out, self.selection = Path(root), Path(out), selection
        self.jobs, self.report, self.debug = jobs, report, debug
        self.wait = wait  # for another build writing the folder (else: this rebuild is skipped)
        self.status = Status()
        self.folders: tuple[Path, ...] = ()  # what the watcher watches: the brand book, its fonts
        self.mark: dict[str, tuple[int, int]] = {}  # their files as the last (re)start saw them
        self._editor_files = None  # watchfiles' filter of swap, backup and cache files
        self.press_pending = False  # a save's full build has not finished (see rebuild)
        from pressroom.brandbook.memo import Memo

        self.memo = Memo()  # templates and locale files as the last rebuild loaded them

    def rebuild(self, changed: Iterable[str] = (), force: bool = False) -> Snapshot:
        """Build the selection into the output folder and publish the outcome (never raises,
        but for KeyboardInterrupt)."""
        changed = sorted(set(changed))
        if changed:
            self.report(f"changed: {', '.join(self._shown(p) for p in changed)}", False)
        if not self.folders or any(Path(p).name == "brand.yaml" for p in changed):
            folders = self.watched()
            if folders != self.folders:  # the mark matters only where the watcher starts again
                self.folders, self.mark = folders, self.fingerprint(folders)
        if any(self._in_fonts(p) for p in changed):
            forget_cached_files()

        problems: list[str] = []
        result = None
        # A save (not the first build) first shows the new assets and page; the fact sheets
        # (WeasyPrint: about 0.3 s each) follow in a full build once the watcher has waited a
        # second with no save (the reloading page has fetched what it shows by then).
        deferred = bool(self.status.now.generation) and not force
        try:
            result = self._build(force, press=not deferred)
        except ContentError as exc:
            problems = [str(p) for p in exc.problems]
        except PressroomError as exc:
            problems = [f"error: {exc}"]
        except Exception as exc:  # a bug must not stop the preview: say it and keep serving
            problems = [f"error: the build failed: {type(exc).__name__}: {exc} — please report it"]
            if self.debug:
                self.report(traceback.format_exc().rstrip(), True)
        warnings = [str(w) for w in result.warnings] if result is not None else []
        if result is not None and not result.built and not warnings:  # nothing changed
            warnings = list(self.status.now.warnings)
        snapshot = self.status.publish(problems, self._assets(), warnings)
        if result is not None and deferred:
            self.press_pending = True  # the watcher runs it when a second passes with no save
        if result is None:
            for line in problems:
                self.report(line, True)
            n = len(problems)
            self.report(
                f"{n} problem{'s' if n != 1 else ''}: the preview keeps the last good build", True
            )
        else:
            for warning in result.warnings:
                self.report(str(warning), True)
            self.report(
                f"built {result.built} assets ({result.unchanged} unchanged) "
                f"in {result.seconds:.2f} s",
                False,
            )
        return snapshot

    def _build(self, force: bool = False, press: bool = True):
        from pressroom.build import build

        return build(
            self.root,
            self.out,
            self.selection,
            jobs=self.jobs,
            force=force,
            press=press,
            wait=self.wait,
            waiting=lambda line: self.report(line, False),
            memo=self.memo,
        )

    def finish_press(self) -> None:
        """The full build after a quick one: only the press room's files (and the page, sums
        and manifest that list them) can change, so the folder ends as `pressroom build`'s.
        A problem here is reported; the next save tries again."""
        try:
            self._build()
            self.press_pending = False
        except Exception as exc:  # the assets are fine and shown; say it and keep serving
            self.report(f"error: the press room's files: {type(exc).__name__}: {exc}", True)
            if self.debug:
                self.report(traceback.format_exc().rstrip(), True)

    def watch(self, stop: threading.Event | None = None) -> None:
        """Rebuild after every burst of changes, until KeyboardInterrupt or `stop` is set."""
        import watchfiles

        while not (stop is not None and stop.is_set()):
            folders, mark = self.folders, self.mark
            first = True
            for changes in watchfiles.watch(
                *folders,
                watch_filter=self.wanted,
                debounce=DEBOUNCE,
                step=STEP,
                stop_event=stop,
                rust_timeout=TIMEOUT,
                yield_on_timeout=True,
            ):
                if changes:
                    paths = changed_paths(changes)
                    if paths:
                        self.rebuild(paths)
                elif self.press_pending:  # a second with no save: the press room's files
                    self.finish_press()
                elif first:  # files saved before the watcher began (during the first build)
                    now = self.fingerprint(folders)
                    missed = {p for p in now.keys() | mark.keys() if now.get(p) != mark.get(p)}
                    if missed:
                        self.rebuild(missed)
                first = False
                if self.folders != folders:
                    break  # brand.yaml names another font folder: watch that one
            else:
                return

    def wanted(self, change, path: str) -> bool:
        """Whether a file event may change the build: not the output folder's own files (unless
        the brand book lies inside the output folder), not an editor's swap or backup file
        (watchfiles' default filter)."""
        import watchfiles

        if _innermost(Path(path), [self.out.resolve(), *self.folders]) == self.out.resolve():
            return False
        if self._editor_files is None:
            self._editor_files = watchfiles.DefaultFilter()
        return self._editor_files(change, path)

    def fingerprint(self, folders: Iterable[Path]) -> dict[str, tuple[int, int]]:
        return fingerprint(folders, skip=self.out.resolve())

    def watched(self) -> tuple[Path, ...]:
        """The brand book folder and the font folder that brand.yaml names, when it exists
        outside the brand book."""
        from pressroom.text.fontpaths import font_files

        root = self.root.resolve()
        found = font_files(self.root)
        fonts = found[0] if found is not None else (root.parent / "fonts")
        if fonts.is_dir() and fonts != root and root not in fonts.parents:
            return (root, fonts)
        return (root,)

    def clean(self) -> None:
        """Remove what an interrupted rebuild may have left in the output folder, unless
        another build holds it (that one does)."""
        from pressroom.kit.lock import hold
        from pressroom.kit.writer import Output

        with contextlib.suppress(PressroomError, OSError), hold(self.out, wait=False):
            Output(self.out).recover()

    def _in_fonts(self, path: str) -> bool:
        found = Path(path).resolve()
        in_folder = any(f in found.parents for f in self.folders[1:])
        return in_folder or found.suffix.lower() in FONT_SUFFIXES

    def _assets(self) -> int:
        try:
            manifest = json.loads((self.out / "manifest.json").read_text("utf-8"))
            return len(manifest["assets"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0

    def _shown(self, path: str) -> str:
        with contextlib.suppress(ValueError):
            return str(Path(path).relative_to(self.root.resolve().parent))
        return path


def _innermost(path: Path, folders: Iterable[Path]) -> Path | None:
    """The deepest of `folders` that holds `path` (or is it)."""
    holding = [f for f in folders if f == path or f in path.parents]
    return max(holding, key=lambda f: len(f.parts), default=None)


def changed_paths(changes: Iterable[tuple[object, str]]) -> list[str]:
    """The paths of a burst of file events, without the files that came and went within it (an
    editor's temporary file, renamed over the real one, cannot change the build)."""
    import watchfiles

    added = {path for change, path in changes if change == watchfiles.Change.added}
    return sorted({path for _, path in changes if path not in added or os.path.lexists(path)})


def fingerprint(folders: Iterable[Path], skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under `folders` (but under `skip`) with its modification time and size."""
    found = {}
    for folder in folders:
        for base, dirs, files in os.walk(folder):
            if skip is not None:
                dirs[:] = [d for d in dirs if Path(base, d) != skip]
            for name in files:
                path = os.path.join(base, name)
                with contextlib.suppress(OSError):
                    st = os.stat(path)
                    found[path] = (st.st_mtime_ns, st.st_size)
    return found


def forget_cached_files() -> None:
    """Empty the caches of every pressroom module loaded in this process. Some are keyed by a
    font file's path (faces, glyph outlines); after the file changed they would draw the old
    font, where `pressroom build` draws the new one."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "pressroom" or name.startswith("pressroom.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()


def serve(
    root: Path,
    out: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    selection: Selection = EVERYTHING,
    jobs: int | None = None,
    force: bool = False,
    report: Report = _quiet,
    debug: bool = False,
    stop: threading.Event | None = None,
    wait: bool = True,
) -> None:
    """Build, serve and rebuild until Ctrl-C (or SIGTERM, or `stop`); then stop serving and
    leave no temporary file. Raises ServeError when it cannot start, and lock.Busy when
    another build is writing the folder and not `wait`."""
    from pressroom.kit.lock import hold
    from pressroom.preview.server import PreviewServer

    if not Path(root).is_dir():
        raise ServeError(f"{root}: no such folder — give the brand book with --brandbook")
    if not wait:
        with hold(out, wait=False):  # refused at once, as `build --no-wait` is
            pass
    preview = Preview(root, out, selection, jobs=jobs, report=report, debug=debug, wait=wait)
    try:
        server = PreviewServer(host, port, preview.out, preview.status, report)
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} — choose another --port"
        ) from exc
    thread = None
    try:
        with _sigterm_interrupts():
            report(f"building into {out} …", False)
            started = time.perf_counter()
            preview.rebuild(force=force)
            thread = threading.Thread(target=server.serve_forever, name="pressroom-serve")
            thread.daemon = True
            thread.start()
            folders = " and ".join(str(f) for f in preview.folders)
            report(
                f"serving {server.url} (ready in {time.perf_counter() - started:.1f} s); "
                f"watching {folders}; Ctrl-C stops",
                False,
            )
            report(f"open {server.url}__pressroom/view to see each asset at full size", False)
            preview.watch(stop)
    except KeyboardInterrupt:
        pass
    finally:
        if preview.press_pending:  # stopped before a save's full build ran: run it (about 0.5 s)
            with contextlib.suppress(KeyboardInterrupt):
                preview.finish_press()
        preview.status.close()
        if thread is not None:
            server.shutdown()
        server.server_close()
        preview.clean()


@contextlib.contextmanager
def _sigterm_interrupts():
    """SIGTERM stops the preview as Ctrl-C does (cleanly), when this is the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
