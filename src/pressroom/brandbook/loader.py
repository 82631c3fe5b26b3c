"""`load()`: read the whole brand book, judge what is selected, and gather every problem.

What is judged:
- always the shared files: brand.yaml, formats.yaml, the templates and their side tables, the
  fonts, and the reference locale (it defines the messages every locale has);
- with no selection, every locale, except that a draft (a text still marked TRANSLATE:, or
  empty) is left out with one warning line and never fails anything;
- with a selection (`--locale X`), the selected locales in full (a draft's texts left are
  warnings, and its finished messages are kept, as a preview: Locale.draft); the others are
  read but never judged: their problems are not reported, and only those without an error are
  kept (for the page and for assets an earlier build made).
- each translation against the reference: texts whose reference changed since they were
  translated are warnings, counted in `Brandbook.stale` (records.py).

A problem in brand.yaml does not stop the locales from being read and judged. Nothing is
rendered or written here. Templates and locale files come through a `Memo` (memo.py): a warm
process passes its own, to be given what an earlier load made from the same inputs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pressroom.brandbook import places, press
from pressroom.brandbook.brand import read_brand
from pressroom.brandbook.formats import read_formats
from pressroom.brandbook.locales import compare, find
from pressroom.brandbook.memo import Memo
from pressroom.brandbook.motion import check_template
from pressroom.brandbook.sidefile import read_side_table, stray_side_tables
from pressroom.errors import Problems
from pressroom.langtags import canonical, canonical_all
from pressroom.model import Brand, Brandbook, Draft, Locale
from pressroom.read.digest import digest_of, named


def load(root: Path, locales=(), memo: Memo | None = None) -> tuple[Brandbook | None, Problems]:
    """Read everything under `root`, judging the shared files and the `locales` selected (every
    locale when none is); return the brand book (None if unusable) and the problems found.
    `memo` keeps templates and locale files from one load to the next (a new one by default)."""
    memo = Memo() if memo is None else memo
    problems = Problems(root)
    if not root.is_dir():
        problems.add(
            root,
            0,
            "",
            "the brand book folder does not exist",
            "run from the repository root or pass --brandbook DIR",
        )
        return None, problems
    brand, raw = read_brand(root / "brand.yaml", problems)
    kits = ("main", "plain", "partners", *(p.id for p in brand.partners)) if brand else None
    formats = read_formats(root / "formats.yaml", problems, kits)
    files, misnamed = find(root / "locales", root)
    wanted = _selection(locales, files, root, problems)
    reference = brand.reference_locale if brand else canonical(str(raw.get("reference_locale")))
    kept, drafts, stale = _locales(root, brand, files, reference, wanted, problems, memo)
    if wanted is None:
        for _, found in misnamed:
            problems.items.extend(found.items)
    if not files and not misnamed:
        problems.add(
            root / "locales",
            0,
            "",
            "there are no locale files",
            f"create locales/{reference or 'en'}.yaml",
        )
    if brand is None:
        return None, problems
    _check_codes(brand, files, problems)
    templates, tables = {}, {}
    for fmt in formats:
        path = root / "templates" / fmt.template
        if path not in tables:  # one template serves several formats: its side table read once
            tables[path] = read_side_table(path, root, problems)
        tpl = memo.template(path, fmt, brand, problems, root, tables[path])
        if tpl is not None:
            check_template(fmt, tpl, problems)
            templates[fmt.name] = tpl
    stray_side_tables(root, problems)
    book = Brandbook(
        root, brand, tuple(formats), kept, templates, font_digest(brand), tuple(drafts), stale
    )
    judged = None if wanted is None else wanted | {reference}  # each locale judged alone
    press.check(book, problems, judged)
    places.check(book, problems, judged)
    return book, problems


def _selection(locales, files: dict[str, Path], root: Path, problems: Problems):
    """The selected codes in canonical case, or None for every locale; an unknown code is a
    problem."""
    if not locales:
        return None
    wanted = set()
    for asked, code in zip(locales, canonical_all(locales), strict=True):
        if code in files:
            wanted.add(code)
        else:
            problems.add(
                root,
                0,
                "--locale",
                f"there is no locale {asked!r}",
                f"use one of {', '.join(sorted(files))}",
            )
    return wanted


def _locales(root, brand, files, reference, wanted, problems, memo: Memo):
    """Read every locale file; judge the reference and the selected ones into `problems`.
    Returns the locales a build may use, the drafts left out, and how many stale texts (see
    records.py) each locale read in full has."""
    ref = (
        memo.locale(files[reference], reference, brand, root, reference=True)
        if reference in files
        else None
    )
    if ref is not None:
        problems.items.extend(ref.problems.items)
    kept, drafts, stale = [], [], {}
    for code, file in files.items():
        if code == reference:
            if ref.locale is not None:
                kept.append(ref.locale)
            continue
        judged = wanted is None or code in wanted
        found = memo.locale(file, code, brand, root)
        if found.draft is not None and not (wanted and code in wanted):
            if wanted is None:
                _draft_warning(found.draft, problems)
                drafts.append(found.draft)
            continue
        if ref is not None:
            compare(found, ref)
            if found.stale:
                stale[code] = len(found.stale)
        if judged:
            problems.items.extend(found.problems.items)
        if found.locale is not None and (judged or not found.problems.errors):
            kept.append(found.locale)
    order = [m.id for m in ref.locale.messages] if ref is not None and ref.locale else []
    return tuple(numbered(x, order) for x in kept), drafts, stale


def numbered(locale: Locale, order: list[str]) -> Locale:
    """`locale` with each message's number (Message.number): its place in `order` (the
    reference locale's messages), from 1; a message not there follows, in its file's order."""
    rank = {mid: i for i, mid in enumerate(order, 1)}
    extra = iter(range(len(order) + 1, len(order) + 1 + len(locale.messages)))
    messages = tuple(
        dataclasses.replace(m, number=rank[m.id] if m.id in rank else next(extra))
        for m in locale.messages
    )
    return dataclasses.replace(locale, messages=messages)


def _draft_warning(draft: Draft, problems: Problems) -> None:
    problems.warn(
        draft.path,
        0,
        "",
        f"draft, {draft.translated} of {draft.total} texts translated: not built",
        f"pressroom check --locale {draft.code} lists what is left; build --locale "
        f"{draft.code} previews its finished messages",
    )


def _check_codes(brand: Brand, files: dict[str, Path], problems: Problems) -> None:
    """The reference and primary locales must be files."""
    for key in ("reference_locale", "primary_locale"):
        code = getattr(brand, key)
        if code not in files:
            problems.add(
                brand.path,
                brand.lines.get((key,), 0),
                key,
                f"there is no locales/{code}.yaml",
                "create it or name an existing locale",
            )


def font_digest(brand: Brand) -> str:
    """A digest of every font the brand names (roles and languages): name, face and bytes."""
    fonts = {f for chain in brand.fonts.values() for f in chain}
    fonts |= {f for chains in brand.languages.values() for c in chains.values() for f in c}
    return digest_of(named((f.name, f.file) for f in fonts))
