"""Recolour a cairo PDF for print: every DeviceRGB colour becomes its CMYK build.

Cairo writes RGB everywhere: `rg`/`RG` operators, shadings with RGB functions, images, and
transparency groups blending in /DeviceRGB. This pass walks the page, its form XObjects, patterns,
shadings, images and soft masks once each, and rewrites them:
- painting colours become `k`/`K` with the colour's build (printing.Inks): palette colours get
  their designed builds, so a gradient between two palette colours runs between their builds and
  stays a vector shading (each C0/C1 of its functions is converted);
- images are converted through the profile and stored as Flate-compressed DeviceCMYK;
- transparency groups blend in /DeviceCMYK;
- soft masks (luminosity) become DeviceGray, so a mask keeps its meaning.
What it cannot convert faithfully (mesh shadings, PostScript functions, colour-key masks) is a
PrintError naming the construct, never a silent leftover. `rgb_left` lists anything RGB.
"""

from __future__ import annotations

import re
import zlib

import pikepdf
from pikepdf import Name, Operator

from pressroom.errors import PrintError
from pressroom.printing.cmyk import Inks

_RGB_NAMES = {"/DeviceRGB", "/CalRGB", "/RGB"}
_COLOUR_OPS = {"rg": "k", "RG": "K"}
_GRAY_OPS = {"rg": "g", "RG": "G"}
# Cairo's content streams are long (a poster's glyph outlines) and simple. When a stream has no
# string, dictionary, inline image or colour-space operator, its `rg`/`RG` operators are found and
# rewritten in place instead of parsing and re-serializing every path (same result, a tenth of
# the time); anything unexpected falls back to the full parse.
_NUM = re.compile(rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_RG = re.compile(rb"\b(?:rg|RG)\b")
_NOT_SIMPLE = re.compile(rb"\b(?:BI|ID|EI|cs|CS|sc|scn|SC|SCN)\b")


def simple(data: bytes) -> bool:
    """Whether a content stream can be recoloured operator by operator (see _RG)."""
    if b"(" in data or b"<" in data:
        return False
    screen = (b"BI", b"ID", b"EI", b"cs", b"CS", b"sc", b"SC")  # substrings first: fast
    return not any(op in data for op in screen) or _NOT_SIMPLE.search(data) is None


def _rewrite_rg(data: bytes, colour) -> bytes | None:
    """`data` with each `r g b rg|RG` replaced by colour(r, g, b, op); None if any is odd."""
    out, pos = [], 0
    for match in _RG.finditer(data):
        start, end = match.span()
        if (start and not data[start - 1 : start].isspace()) or data[end : end + 1].strip():
            return None
        parts = data[pos:start].rsplit(None, 3)
        if len(parts) < 3 or not all(_NUM.fullmatch(v) for v in parts[-3:]):
            return None
        rest = parts[0] + b"\n" if len(parts) == 4 else b""
        out += [rest, colour(parts[-3:], match.group())]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def is_rgb(space) -> bool:
    """Whether a colour space (a name or an array) is three-component RGB."""
    if isinstance(space, Name):
        return str(space) in _RGB_NAMES
    if isinstance(space, pikepdf.Array) and len(space) >= 1:
        family = str(space[0])
        if family in _RGB_NAMES:
            return True
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
    return False


class Recolour:
    """Converts one PDF in place; each object is converted once per mode ('cmyk' or 'gray')."""

    def __init__(self, pdf: pikepdf.Pdf, inks: Inks):
        self.pdf, self.inks = pdf, inks
        self.done: set[tuple] = set()

    def page(self, page: pikepdf.Page) -> bytes:
        """Recolour the page and all it uses; its new content stream, decoded."""
        page.externalize_inline_images(min_size=0)  # inline images become image XObjects
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        page.contents_coalesce()
        data = self._recolour(page.obj.Contents, resources, "cmyk")
        page.obj.Contents = self._stream(data)
        self._group(page.obj, "cmyk")
        self._resources(resources, "cmyk")
        return data

    # --- colours -------------------------------------------------------------------------------

    def _colour(self, values, mode: str) -> list[float]:
        r, g, b = (float(v) for v in values)
        if mode == "gray":  # a soft mask's luminosity, as PDF computes it from RGB
            return [round(0.3 * r + 0.59 * g + 0.11 * b, 4)]
        return list(self.inks.cmyk((r, g, b)))

    def _space(self, mode: str) -> Name:
        return Name.DeviceGray if mode == "gray" else Name.DeviceCMYK

    # --- content streams -----------------------------------------------------------------------

    def _recolour(self, stream: pikepdf.Stream, resources, mode: str) -> bytes:
        data = stream.read_bytes()
        if simple(data):
            done = _rewrite_rg(data, lambda rgb, op: self._operator(rgb, op, mode))
            if done is not None:
                return done
        return self._content(pikepdf.parse_content_stream(stream), resources, mode)

    def _operator(self, rgb, op: bytes, mode: str) -> bytes:
        values = self._colour(rgb, mode)
        table = _GRAY_OPS if mode == "gray" else _COLOUR_OPS
        return (" ".join(f"{v:.4g}" for v in values) + " " + table[op.decode()]).encode()

    def _content(self, instructions, resources, mode: str) -> bytes:
        out = []
        fill = stroke = False  # whether the current fill/stroke colour space is RGB
        stack = []
        spaces = resources.get("/ColorSpace", pikepdf.Dictionary())
        for item in instructions:
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                if item.iimage.mode == "RGB":  # the page's and forms' are made XObjects first
                    raise PrintError("an RGB inline image in a pattern cannot be converted")
                out.append(item)
                continue
            operands, op = list(item.operands), str(item.operator)
            if op == "q":
                stack.append((fill, stroke))
            elif op == "Q" and stack:
                fill, stroke = stack.pop()
            elif op in _COLOUR_OPS:
                table = _GRAY_OPS if mode == "gray" else _COLOUR_OPS
                out.append(([*self._colour(operands, mode)], Operator(table[op])))
                continue
            elif op in ("cs", "CS"):
                space = operands[0]
                named = spaces.get(space) if str(space) in spaces else space
                rgb = is_rgb(named) or _pattern_base_is_rgb(named)
                if is_rgb(named):
                    operands = [self._space(mode)]
                if op == "cs":
                    fill = rgb
                else:
                    stroke = rgb
            elif op in ("sc", "scn", "SC", "SCN") and (fill if op.islower() else stroke):
                numbers = [v for v in operands if not isinstance(v, Name)]
                names = [v for v in operands if isinstance(v, Name)]
                if len(numbers) == 3:
                    operands = [*self._colour(numbers, mode), *names]
            out.append((operands, Operator(op)))
        return pikepdf.unparse_content_stream(out)

    def _stream(self, data: bytes) -> pikepdf.Stream:
        stream = pikepdf.Stream(self.pdf, zlib.compress(data))
        stream.Filter = Name.FlateDecode
        return stream

    # --- resources -----------------------------------------------------------------------------

    def _once(self, obj, mode: str) -> bool:
        """True the first time an indirect object is met in a mode (direct ones: always)."""
        if not obj.is_indirect:
            return True
        key = (obj.objgen, mode)
        if key in self.done:
            return False
        self.done.add(key)
        return True

    def _resources(self, resources, mode: str) -> None:
        if resources is None or not self._once(resources, mode):
            return
        spaces = resources.get("/ColorSpace", {})
        for name in list(spaces.keys()):
            space = spaces[name]
            if is_rgb(space):
                spaces[name] = self._space(mode)
            elif _pattern_base_is_rgb(space):
                spaces[name] = pikepdf.Array([Name.Pattern, self._space(mode)])
        for shading in resources.get("/Shading", {}).values():
            self._shading(shading, mode)
        for pattern in resources.get("/Pattern", {}).values():
            self._pattern(pattern, mode)
        for xobject in resources.get("/XObject", {}).values():
            self._xobject(xobject, resources, mode)
        for state in resources.get("/ExtGState", {}).values():
            self._ext_gstate(state)

    def _group(self, obj, mode: str) -> None:
        group = obj.get("/Group")
        if group is not None and "/CS" in group and is_rgb(group.CS):
            group.CS = self._space(mode)

    def _xobject(self, xobject, parent_resources, mode: str) -> None:
        if not self._once(xobject, mode):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image(xobject, mode)
        elif subtype == "/Form":
            resources = xobject.get("/Resources", parent_resources)
            data = self._recolour(xobject, resources, mode)
            xobject.write(zlib.compress(data), filter=Name.FlateDecode)
            self._group(xobject, mode)
            self._resources(resources, mode)

    def _pattern(self, pattern, mode: str) -> None:
        if not self._once(pattern, mode):
            return
        if int(pattern.get("/PatternType", 0)) == 2:
            self._shading(pattern.Shading, mode)
        else:  # tiling: a small page of its own
            resources = pattern.get("/Resources", pikepdf.Dictionary())
            data = self._recolour(pattern, resources, mode)
            pattern.write(zlib.compress(data), filter=Name.FlateDecode)
            self._resources(resources, mode)

    def _ext_gstate(self, state) -> None:
        mask = state.get("/SMask")
        if isinstance(mask, pikepdf.Dictionary):
            if "/BC" in mask and len(mask.BC) == 3:
                mask.BC = pikepdf.Array(self._colour(mask.BC, "gray"))
            group = mask.get("/G")
            if group is not None:
                self._xobject(group, pikepdf.Dictionary(), "gray")

    # --- shadings and images -------------------------------------------------------------------

    def _shading(self, shading, mode: str) -> None:
        if not self._once(shading, mode) or not is_rgb(shading.get("/ColorSpace")):
            return
        kind = int(shading.get("/ShadingType", 0))
        if kind not in (1, 2, 3):
            raise PrintError(
                f"a mesh gradient (PDF shading type {kind}) cannot be converted to CMYK; "
                "use linear or radial gradients in poster templates"
            )
        shading.ColorSpace = self._space(mode)
        if "/Background" in shading:
            shading.Background = pikepdf.Array(self._colour(shading.Background, mode))
        function = shading.get("/Function")
        if isinstance(function, pikepdf.Array):
            raise PrintError("a gradient with one function per colour cannot be converted")
        shading.Function = self._function(function, mode)

    def _function(self, function, mode: str):
        kind = int(function.get("/FunctionType", -1))
        if kind == 2:
            new = pikepdf.Dictionary(function)
            new.C0 = pikepdf.Array(self._colour(function.get("/C0", [0, 0, 0]), mode))
            new.C1 = pikepdf.Array(self._colour(function.get("/C1", [1, 1, 1]), mode))
            return new
        if kind == 3:
            new = pikepdf.Dictionary(function)
            new.Functions = pikepdf.Array([self._function(f, mode) for f in function.Functions])
            return new
        raise PrintError(
            f"a gradient drawn with a PDF function of type {kind} cannot be converted to CMYK"
        )

    def _image(self, image, mode: str) -> None:
        if not is_rgb(image.get("/ColorSpace")):
            return
        if isinstance(image.get("/Mask"), pikepdf.Array):
            raise PrintError("an image with a colour-key mask cannot be converted to CMYK")
        pil = pikepdf.PdfImage(image).as_pil_image()
        converted = self._image_stream(pil, mode)
        image.write(converted.read_raw_bytes(), filter=Name.FlateDecode)
        for key in ("/DecodeParms", "/Decode"):
            if key in image:
                del image[key]
        image.ColorSpace = self._space(mode)
        image.BitsPerComponent = 8

    def _image_stream(self, pil, mode: str) -> pikepdf.Stream:
        converted = pil.convert("L") if mode == "gray" else self.inks.image(pil)
        stream = self._stream(converted.tobytes())
        stream.Type, stream.Subtype = Name.XObject, Name.Image
        stream.Width, stream.Height = converted.width, converted.height
        stream.ColorSpace = self._space(mode)
        stream.BitsPerComponent = 8
        return stream


def _pattern_base_is_rgb(space) -> bool:
    return (
        isinstance(space, pikepdf.Array)
        and len(space) == 2
        and str(space[0]) == "/Pattern"
        and is_rgb(space[1])
    )


# --- the check -----------------------------------------------------------------------------------


def rgb_left(pdf: pikepdf.Pdf) -> list[str]:
    """Everything RGB still in the file: colour spaces in any dictionary (resources, groups,
    shadings, images, nested or not), and `rg`/`RG` operators or RGB inline images in any content
    stream (page, form, pattern). Empty when the file is clean."""
    found: list[str] = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Object):
            _walk(obj, str(obj.objgen), found)
    for page in pdf.pages:
        _walk(page.obj, "page", found)
    streams = [page.obj for page in pdf.pages]
    streams += [
        o
        for o in pdf.objects
        if isinstance(o, pikepdf.Stream)
        and (o.get("/Subtype") == "/Form" or "/PatternType" in o)
    ]
    for stream in streams:
        if "/Contents" in stream:
            data = b"\n".join(c.read_bytes() for c in _contents(stream.Contents))
        else:
            data = stream.read_bytes()
        if simple(data):
            if (b"rg" in data or b"RG" in data) and _RG.search(data):
                found.append(f"{stream.objgen}: rg or RG operator")
            continue
        for item in pikepdf.parse_content_stream(stream):
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                if item.iimage.mode == "RGB":
                    found.append(f"{stream.objgen}: an RGB inline image")
            elif str(item.operator) in _COLOUR_OPS:
                found.append(f"{stream.objgen}: {item.operator} operator")
                break
    return found


def _walk(obj, where: str, found: list[str]) -> None:
    """Colour spaces in `obj` and in the direct objects it holds (indirect ones are walked as
    themselves)."""
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key, value in obj.items():
            if key in ("/ColorSpace", "/CS") and is_rgb(value):
                found.append(f"{where}: {key} {value}")
            if key == "/ColorSpace" and isinstance(value, pikepdf.Dictionary):
                found += [f"{where}: colour space {n}" for n, v in value.items() if is_rgb(v)]
            if isinstance(value, pikepdf.Object) and not value.is_indirect:
                _walk(value, f"{where} {key}", found)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if isinstance(value, pikepdf.Object) and not value.is_indirect:
                _walk(value, where, found)


def _contents(contents) -> list:
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]

