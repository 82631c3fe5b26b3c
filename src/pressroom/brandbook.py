"""Reading the brand book: brand.yaml, formats.yaml, every locale, every template, every font.

One pass gathers every problem; nothing is rendered or written here.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import jsonschema

from pressroom import translation
from pressroom.errors import Problems
from pressroom.fontpaths import fonts_folder
from pressroom.fonts import FontFileError, load_face
from pressroom.model import (
    MESSAGE_TEXTS,
    OPTIONAL_TEXTS,
    Brand,
    Brandbook,
    Format,
    Locale,
    Message,
    Where,
)
from pressroom.motion.spec import check_template, parse_motion
from pressroom.template import load_template
from pressroom.yamlfile import YamlDoc, read_yaml

LOCALE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Samr", "Mand"})
TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|yclid|mc_eid|igshid)$")
SHORTENERS = frozenset(
    {
        "bit.ly",
        "t.co",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "cutt.ly",
        "clck.ru",
        "vk.cc",
        "rebrand.ly",
        "buff.ly",
    }
)
_BRAND_KEYS = {"name", "reference_locale", "primary_locale", "urls", "palette", "fonts", "font_dir"}
_FORMAT_KEYS = {
    "use",
    "width",
    "height",
    "unit",
    "safe",
    "keep_clear",
    "template",
    "bleed",
    "dpi",
    "preview_dpi",
    "qr_min",
    "source",
    "checked",
    "motion",
}


def locale_schema() -> dict:
    return json.loads(resources.files("pressroom").joinpath("locale.schema.json").read_text())


def load(root: Path) -> tuple[Brandbook | None, Problems]:
    """Read everything under `root`; return the brand book (None if unusable) and all problems."""
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
    brand = _load_brand(root / "brand.yaml", problems)
    formats = _load_formats(root / "formats.yaml", problems)
    if brand is None:
        return None, problems
    chains_ok = _check_fonts(brand, problems)
    chosen = tuple(_load_locales(root / "locales", brand, problems))
    templates = {}
    for fmt in formats:
        tpl = load_template(root / "templates" / fmt.template, fmt, brand, problems, root)
        if tpl is not None:
            check_template(fmt, tpl, problems)
            templates[fmt.name] = tpl
    if not chains_ok:
        return None, problems
    digest = hashlib.sha256()
    for path in sorted({p for chain in brand.fonts.values() for p in chain}):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    book = Brandbook(root, brand, tuple(formats), chosen, templates, digest.hexdigest())
    return book, problems


# --- brand.yaml ---------------------------------------------------------------------------------


def _load_brand(path: Path, problems: Problems) -> Brand | None:
    doc = _read(path, problems)
    if doc is None:
        return None
    data = doc.data
    if not isinstance(data, dict):
        problems.add(path, 1, "", "brand.yaml must be a map of keys", "see the README's example")
        return None
    _unknown_keys(doc, data, _BRAND_KEYS, (), problems)
    ok = True
    for key in ("name", "reference_locale", "primary_locale"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.add(path, doc.line(key), key, "is missing or not text", f"set {key}: …")
            ok = False
    urls = data.get("urls")
    if not isinstance(urls, dict) or not urls or not all(isinstance(v, str) for v in urls.values()):
        problems.add(
            path,
            doc.line("urls"),
            "urls",
            "must map locale codes to campaign page URLs",
            "add urls: {default: https://…}",
        )
        urls, ok = {}, False
    for code, url in urls.items():
        for problem, fix, severity in url_problems(url):
            problems.add(path, doc.line("urls", code), f"urls.{code}", problem, fix, severity)
    palette = data.get("palette")
    if not isinstance(palette, dict):
        problems.add(
            path,
            doc.line("palette"),
            "palette",
            "must map names to colours",
            'add palette: {ink: "#111111"}',
        )
        palette, ok = {}, False
    for name, colour in palette.items():
        if not isinstance(colour, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
            problems.add(
                path,
                doc.line("palette", name),
                f"palette.{name}",
                f"colour {colour!r} is not #RRGGBB",
                'write it like "#5B2A86" (quoted)',
            )
            ok = False
    font_dir = fonts_folder(path.parent, data)
    fonts = {}
    raw_fonts = data.get("fonts")
    if not isinstance(raw_fonts, dict) or not raw_fonts:
        problems.add(
            path,
            doc.line("fonts"),
            "fonts",
            "must map font roles to lists of font files",
            "add fonts: {text: [Inter-Regular.otf, NotoSans-Regular.ttf]}",
        )
        ok = False
        raw_fonts = {}
    for role, files in raw_fonts.items():
        if isinstance(files, str):
            files = [files]
        if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
            problems.add(
                path,
                doc.line("fonts", role),
                f"fonts.{role}",
                "must be a list of font file names",
                "write [Brand.otf, NotoSans.ttf]",
            )
            ok = False
            continue
        chain = []
        for i, name in enumerate(files):
            file = (font_dir / name).resolve()
            if font_dir not in file.parents or not file.is_file():
                problems.add(
                    path,
                    doc.line("fonts", role, i),
                    f"fonts.{role}",
                    f"font file {name!r} is not in {font_dir}",
                    "copy the font (and its licence) into fonts/ or fix the name",
                )
                ok = False
            chain.append(file)
        fonts[role] = tuple(chain)
    if not ok:
        return None
    return Brand(
        data["name"],
        data["reference_locale"],
        data["primary_locale"],
        dict(urls),
        {k: v.upper() for k, v in palette.items()},
        fonts,
        path,
        dict(doc.lines),
    )


def url_problems(url) -> list[tuple[str, str, str]]:
    """Problems of a QR payload: (problem, fix, severity)."""
    if not isinstance(url, str):
        return [("the URL is not text", "write it as https://…", "error")]
    out = []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        out.append(
            (f"{url!r} is not an http(s) address", "write the full https://… address", "error")
        )
    if not url.isascii() or any(c.isspace() for c in url):
        out.append(
            (
                f"{url!r} has non-ASCII characters or spaces",
                "use the punycode / percent-encoded form",
                "error",
            )
        )
    if parts.hostname in SHORTENERS:
        out.append(
            (
                f"{parts.hostname} is a URL shortener: it can log who scans",
                "use the campaign's own address",
                "warning",
            )
        )
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if TRACKING.match(k)]
    if tracking:
        out.append(
            (
                f"tracking parameters {', '.join(tracking)} in {url!r}",
                "remove them: they identify where a scan came from",
                "warning",
            )
        )
    return out


def _check_fonts(brand: Brand, problems: Problems) -> bool:
    ok = True
    for role, chain in brand.fonts.items():
        for i, file in enumerate(chain):
            try:
                load_face(file)
            except FontFileError as exc:
                problems.add(
                    brand.path,
                    brand.lines.get(("fonts", role, i), 0),
                    f"fonts.{role}",
                    f"{file.name} {exc.why}",
                    "replace it with a complete font file",
                )
                ok = False
    return ok


# --- formats.yaml -------------------------------------------------------------------------------


def _load_formats(path: Path, problems: Problems) -> list[Format]:
    doc = _read(path, problems)
    if doc is None:
        return []
    if not isinstance(doc.data, dict) or not doc.data:
        problems.add(
            path,
            1,
            "",
            "formats.yaml must map format names to their settings",
            "see the README's example",
        )
        return []
    out = []
    for name, spec in doc.data.items():
        key = str(name)
        if not SLUG.fullmatch(key):
            problems.add(
                path,
                doc.line(name),
                key,
                "a format name must be a slug (a-z, 0-9, -)",
                "rename it, e.g. poster-a4",
            )
            continue
        if not isinstance(spec, dict):
            problems.add(
                path,
                doc.line(name),
                key,
                "must be a map of settings",
                "give width, height, unit, safe and template",
            )
            continue
        _unknown_keys(doc, spec, _FORMAT_KEYS, (name,), problems)
        fmt = _format(key, spec, doc, problems)
        if fmt is not None:
            out.append(fmt)
    return out


def _format(name: str, spec: dict, doc: YamlDoc, problems: Problems) -> Format | None:
    path = doc.path
    bad = False

    def number(key, default=None, positive=True):
        nonlocal bad
        value = spec.get(key, default)
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or (positive and value <= 0)
        ):
            problems.add(
                path,
                doc.line(name, key),
                f"{name}.{key}",
                f"is {value!r}",
                "write a positive number",
            )
            bad = True
            return 0
        return value

    unit = spec.get("unit", "px")
    if unit not in ("px", "mm"):
        problems.add(path, doc.line(name, "unit"), f"{name}.unit", f"is {unit!r}", "use px or mm")
        bad = True
    width, height = number("width"), number("height")
    safe = spec.get("safe", [0, 0, 0, 0])
    if not (
        isinstance(safe, list)
        and len(safe) == 4
        and all(isinstance(v, int | float) and v >= 0 for v in safe)
    ):
        problems.add(
            path,
            doc.line(name, "safe"),
            f"{name}.safe",
            f"is {safe!r}",
            "write [top, right, bottom, left] margins",
        )
        safe, bad = [0, 0, 0, 0], True
    keep = spec.get("keep_clear", [])
    if not (isinstance(keep, list) and all(isinstance(r, list) and len(r) == 4 for r in keep)):
        problems.add(
            path,
            doc.line(name, "keep_clear"),
            f"{name}.keep_clear",
            f"is {keep!r}",
            "write a list of [x, y, width, height]",
        )
        keep, bad = [], True
    template = spec.get("template")
    if (
        not isinstance(template, str)
        or "/" in template
        or "\\" in template
        or not template.endswith(".svg")
    ):
        problems.add(
            path,
            doc.line(name, "template"),
            f"{name}.template",
            f"is {template!r}",
            "name an .svg file in brandbook/templates/",
        )
        bad = True
    printed = unit == "mm"
    bleed = number("bleed", 0, positive=False) if printed else 0
    dpi = number("dpi", 300) if printed else 0
    preview = number("preview_dpi", 96) if printed else 0
    qr_min = number("qr_min", 0, positive=False)
    motion = None
    if "motion" in spec:
        motion = parse_motion(name, spec["motion"], doc, problems)
        bad = bad or motion is None
        if printed:
            problems.add(path, doc.line(name, "unit"), f"{name}.unit", "is mm for a motion "
                         "format", "motion formats are video: give their size in px")
            bad = True
    if bad:
        return None
    return Format(
        name,
        str(spec.get("use", "")),
        width,
        height,
        unit,
        tuple(safe),
        template,
        tuple(tuple(r) for r in keep),
        bleed,
        int(dpi),
        int(preview),
        qr_min,
        str(spec.get("source", "")),
        str(spec.get("checked", "")),
        motion,
    )


# --- locales ------------------------------------------------------------------------------------


def _load_locales(folder: Path, brand: Brand, problems: Problems) -> list[Locale]:
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        problems.add(
            folder,
            0,
            "",
            "there are no locale files",
            f"create locales/{brand.reference_locale}.yaml",
        )
        return []
    schema = jsonschema.Draft202012Validator(locale_schema())
    locales = []
    for file in files:
        locale = _load_locale(file, brand, schema, problems)
        if locale is not None:
            locales.append(locale)
    codes = {x.code for x in locales}
    ref = next((x for x in locales if x.code == brand.reference_locale), None)
    if ref is None:
        if not any(f.stem == brand.reference_locale for f in files):
            problems.add(
                brand.path,
                brand.lines.get(("reference_locale",), 0),
                "reference_locale",
                f"there is no locales/{brand.reference_locale}.yaml",
                "create it or name an existing locale",
            )
        return locales
    if brand.primary_locale not in codes and not any(f.stem == brand.primary_locale for f in files):
        problems.add(
            brand.path,
            brand.lines.get(("primary_locale",), 0),
            "primary_locale",
            f"there is no locales/{brand.primary_locale}.yaml",
            "name an existing locale",
        )
    for locale in locales:
        if locale is not ref:
            _compare(locale, ref, problems)
    return locales


def _load_locale(file: Path, brand: Brand, schema, problems: Problems) -> Locale | None:
    code = file.stem
    if not LOCALE_CODE.fullmatch(code):
        problems.add(
            file,
            0,
            "",
            f"{code!r} is not a language code (BCP 47)",
            "name the file like kk.yaml, kk-Latn.yaml or pt-BR.yaml",
        )
        return None
    doc = _read(file, problems)
    if doc is None:
        return None
    errors = sorted(schema.iter_errors(doc.data), key=lambda e: [str(p) for p in e.path])
    for err in errors:
        keys = tuple(err.absolute_path)
        problem, fix, keys = _schema_message(err, keys)
        problems.add(file, doc.line(*keys), ".".join(str(k) for k in keys), problem, fix)
    if errors:
        return None
    data = doc.data
    lang = data["language"]
    all_texts = translation.leaves(data)
    translation.check_own(file, all_texts, doc.line, problems)
    _check_script(file, code, lang, doc, problems)
    url = brand.urls.get(code) or brand.urls.get(code.split("-")[0]) or brand.urls.get("default")
    if not url:
        problems.add(
            brand.path,
            brand.lines.get(("urls",), 0),
            "urls",
            f"no campaign URL for {code}",
            f"add urls: {{{code}: https://…}} or a default",
        )
        return None
    values = {"url": url, "wordmark": data["campaign"]["wordmark"]}

    def fill_in(text: str) -> str:
        return translation.substitute(text, values)

    messages = []
    for mid, m in data["messages"].items():
        kind = m["kind"]
        texts = {}
        for key in MESSAGE_TEXTS[kind]:
            if key in m:
                texts[key] = fill_in(m[key])
            elif key not in OPTIONAL_TEXTS:
                problems.add(
                    file,
                    doc.line("messages", mid),
                    f"messages.{mid}.{key}",
                    f"a {kind} needs {key!r}",
                    f"add {key}: … to this message",
                )
        foreign = [
            k for k in m if k not in MESSAGE_TEXTS[kind] and k not in ("kind", "alt", "caption")
        ]
        for key in foreign:
            problems.add(
                file,
                doc.line("messages", mid, key),
                f"messages.{mid}.{key}",
                f"a {kind} has no {key!r}",
                f"a {kind} has {', '.join(MESSAGE_TEXTS[kind])}; remove it or change kind",
            )
        if len(m["alt"]) > 100:
            problems.warn(
                file,
                doc.line("messages", mid, "alt"),
                f"messages.{mid}.alt",
                f"alt text is {len(m['alt'])} characters; platforms advise about 100",
                "shorten it to the essentials",
            )
        lines = {k: doc.line("messages", mid, k) for k in m}
        messages.append(
            Message(
                mid,
                kind,
                texts,
                fill_in(m["alt"]),
                fill_in(m["caption"]),
                Where(file, doc.line("messages", mid)),
                lines,
            )
        )
    script = lang["script"]
    direction = lang.get("direction") or ("rtl" if script in RTL_SCRIPTS else "ltr")
    return Locale(
        code,
        file,
        lang["name"],
        lang["english_name"],
        script,
        direction,
        data["campaign"]["wordmark"],
        {k: fill_in(v) for k, v in data["page"].items()},
        tuple(messages),
        url,
        dict(doc.lines),
        all_texts,
    )


def _check_script(file: Path, code: str, lang: dict, doc: YamlDoc, problems: Problems) -> None:
    """A script subtag in the code (kk-Latn) must agree with language.script."""
    subtag = next((p for p in code.split("-")[1:] if len(p) == 4), None)
    if subtag and lang.get("script") != subtag:
        problems.add(
            file,
            doc.line("language", "script"),
            "language.script",
            f"is {lang.get('script')!r} but the file name says {subtag}",
            f"set script: {subtag}, or rename the file",
        )


def _schema_message(err, keys):
    v = err.validator
    if v == "required":
        missing = err.message.split("'")[1]
        return f"{missing!r} is missing", f"add {missing}: … (see the reference locale)", keys
    if v == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        extra_key = extra[0] if extra else ""
        allowed = ", ".join(err.schema.get("properties", {}))
        return (
            f"unknown key {extra_key!r}",
            f"remove it or fix its spelling (allowed: {allowed})",
            keys + (extra_key,),
        )
    if v == "type":
        return (
            f"is {type(err.instance).__name__} {_short(err.instance)}, "
            f"must be {err.validator_value}",
            "write it as text (quote it if needed)",
            keys,
        )
    if v == "enum":
        return (
            f"is {_short(err.instance)}",
            f"use one of {', '.join(map(str, err.validator_value))}",
            keys,
        )
    if v in ("pattern", "propertyNames"):
        return (
            f"{_short(err.instance)} is not allowed here",
            "ids are slugs: lower-case a-z, 0-9 and -",
            keys,
        )
    if v in ("minLength", "minProperties"):
        return "is empty", "write the text", keys
    if v == "maxLength" and keys and keys[-1] == "alt":
        return (
            f"alt text is {len(err.instance)} characters",
            "X (Twitter) accepts at most 1,000: shorten it",
            keys,
        )
    if v == "maxLength":
        return (
            f"is {len(err.instance)} characters, over {err.validator_value}",
            "shorten it",
            keys,
        )
    return err.message, "see TRANSLATING.md", keys


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _compare(locale: Locale, ref: Locale, problems: Problems) -> None:
    ids = {m.id: m for m in locale.messages}
    for m in ref.messages:
        mine = ids.get(m.id)
        if mine is None:
            problems.add(
                locale.path,
                locale.lines.get(("messages",), 0),
                f"messages.{m.id}",
                f"message {m.id!r} of {ref.path.name} is missing",
                f"copy it from {ref.path.name} and translate it "
                f"(or run: pressroom locale new {locale.code})",
            )
        elif mine.kind != m.kind:
            problems.add(
                locale.path,
                mine.lines.get("kind", mine.where.line),
                f"messages.{m.id}.kind",
                f"is {mine.kind!r}, {ref.path.name} says {m.kind!r}",
                f"set kind: {m.kind}",
            )
    translation.compare(
        locale.path, locale.texts, lambda *k: locale.lines.get(k, 0), ref.path, ref.texts, problems
    )
    ref_ids = {m.id for m in ref.messages}
    for m in locale.messages:
        if m.id not in ref_ids:
            problems.add(
                locale.path,
                m.where.line,
                f"messages.{m.id}",
                f"message {m.id!r} is not in {ref.path.name}",
                f"remove it, or add it to {ref.path.name} first",
            )


# --- helpers ------------------------------------------------------------------------------------


def _read(path: Path, problems: Problems) -> YamlDoc | None:
    doc, errors = read_yaml(path)
    for line, problem, fix in errors:
        problems.add(path, line, "", problem, fix)
    return doc


def _unknown_keys(doc: YamlDoc, data: dict, allowed: set, at: tuple, problems: Problems) -> None:
    for key in data:
        if key not in allowed:
            problems.add(
                doc.path,
                doc.line(*at, key),
                ".".join(map(str, at + (key,))),
                f"unknown key {key!r}",
                f"remove it; allowed: {', '.join(sorted(allowed))}",
            )
