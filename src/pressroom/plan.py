"""Plan: every selected locale × message × format becomes a Job, in a stable order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

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
