"""What the preview knows about its last rebuild, shared by the rebuild loop and the web server.

`generation` grows by one after every rebuild, success or failure, so a page or a script can wait
for the next one (`wait`) instead of guessing. `problems` are those of the last rebuild (empty
when it succeeded); `assets` counts the assets in the output folder, which after a failure are
still the last good ones.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Snapshot:
    generation: int
    problems: tuple[str, ...]  # `path:line: key: problem — fix`, one per problem
    assets: int
    warnings: tuple[str, ...] = ()  # of the last good build: drafts, stale translations, …

    def to_json(self) -> bytes:
        doc = {"generation": self.generation, "problems": list(self.problems)}
        doc["assets"] = self.assets
        doc["warnings"] = list(self.warnings)
        return json.dumps(doc, ensure_ascii=False).encode()


class Status:
    """The current snapshot, replaced under a lock; waiters wake when it changes or on close."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._now = Snapshot(0, (), 0)
        self._closed = False

    @property
    def now(self) -> Snapshot:
        with self._changed:
            return self._now

    def publish(
        self, problems: list[str] | tuple[str, ...], assets: int, warnings=()
    ) -> Snapshot:
        """Record a finished rebuild: the next generation, with its problems, asset count and
        warnings (a failed rebuild keeps the last good build's)."""
        with self._changed:
            if problems:
                warnings = self._now.warnings
            self._now = Snapshot(
                self._now.generation + 1, tuple(problems), assets, tuple(warnings)
            )
            self._changed.notify_all()
            return self._now

    def wait(self, since: int, timeout: float) -> Snapshot:
        """The snapshot once its generation differs from `since` (at once if it already does),
        or after `timeout` seconds, or when the status is closed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._now.generation != since, timeout=timeout
            )
            return self._now

    def close(self) -> None:
        """Release every waiter (the server is stopping)."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
