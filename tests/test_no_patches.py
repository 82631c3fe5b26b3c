"""pressroom changes no other package's code at run time: nothing in src/ assigns to, deletes or
sets an attribute of a module it imported from outside pressroom (the standard library's
included), or reaches into one's private names; and the SVG it writes is the same bytes whether
or not WeasyPrint, which registers ElementTree namespaces, was imported before."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

SRC = REPO / "src" / "pressroom"
MUTATORS = {  # methods that change the object they are called on
    "__setitem__", "__delitem__", "add", "append", "clear", "discard", "extend", "insert",
    "pop", "popitem", "remove", "setdefault", "update",
}
DOCUMENTED_PRIVATE = {"os._exit"}  # names with an underscore that their library documents


def _imported(tree: ast.AST) -> dict[str, str]:
    """The names the module binds by importing something that is not pressroom."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "pressroom":
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (
            (node.module or "").split(".")[0] != "pressroom"
        ):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _base(node: ast.AST) -> str | None:
    """The name an attribute or item chain starts from (`ctypes` of ctypes.util.find_library)."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def patches(source: str) -> list[str]:
    """Each place in `source` that changes or reaches into a module imported from outside
    pressroom, as 'line: code'."""
    tree = ast.parse(source)
    bound = _imported(tree)
    found = []

    def of_import(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute | ast.Subscript) and _base(node) in bound

    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):  # a, b.c = ... too
                if of_import(part) and isinstance(part.ctx, ast.Store | ast.Del):
                    found.append(f"{node.lineno}: {ast.unparse(part)} changed")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("setattr", "delattr") and node.args:
                if _base(node.args[0]) in bound:
                    found.append(f"{node.lineno}: {ast.unparse(node)}")
            elif (  # sys.modules.pop(...), ET._namespace_map.update(...); os.environ is
                # the process's environment, which the command sets for itself (cli.py)
                isinstance(func, ast.Attribute)
                and func.attr in MUTATORS
                and of_import(func.value)
                and ast.unparse(func.value) != "os.environ"
            ):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and ast.unparse(node) not in DOCUMENTED_PRIVATE
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)} is private")
    return found


def test_src_patches_no_other_package():
    found = [
        f"{path.relative_to(REPO)}:{place}"
        for path in sorted(SRC.rglob("*.py"))
        for place in patches(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    "code",
    [
        # what pressroom did before issue 26: cdefs.py, syslibs.sonames_only, factsheet.py
        "import cffi\nshipped = cffi.FFI\ncffi.FFI = lambda: None\n",
        "import ctypes.util\nctypes.util.find_library = lambda name: None\n",
        "def f():\n    import xml.etree.ElementTree as ET\n    ET._namespace_map.clear()\n",
        "import sys\nf = sys._getframe(1)\n",
        # and other ways to do the same
        "from ctypes import util\nutil.find_library: object = None\n",
        "import numpy as np\nnp.seterr.count += 1\n",
        "import sys\nsys.modules['cffi'] = None\n",
        "import sys\nsys.modules.pop('cffi')\n",
        "import cairocffi\nsetattr(cairocffi, 'cairo', None)\n",
        "import cairocffi\ndel cairocffi.cairo\n",
        "from cffi import FFI\nFFI.dlopen = None\n",
    ],
)
def test_the_check_finds_a_patch(code):
    assert patches(code), code


@pytest.mark.parametrize(
    "code",
    [
        "from pressroom.draw import render\nrender.LIMIT = 1\n",  # pressroom's own
        "import pikepdf\npdf = pikepdf.new()\npdf.trailer.ID = 1\n",  # an object it made
        "import os\nos.environ.setdefault('OPENBLAS_NUM_THREADS', '1')\nos._exit(0)\n",
        "import logging\nlogging.getLogger('weasyprint').setLevel(logging.ERROR)\n",
        "import xml.etree.ElementTree as ET\nET.register_namespace('xlink', 'x')\n",
    ],
)
def test_the_check_leaves_documented_use_alone(code):
    assert patches(code) == []


_SERIALIZE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pressroom.errors import Problems
    from pressroom.template.allow import publish
    from pressroom.template.xml import parse, svg_text
    if sys.argv[1] == "weasyprint":
        import weasyprint.pdf.metadata  # registers its namespaces, '' among them
    texts = []
    for path in sorted(Path(sys.argv[2]).rglob("*.svg")):
        doc = parse(path.read_bytes(), path, Problems())
        texts.append(svg_text(doc.root))
        texts.append(publish(path.read_text(encoding="utf-8")))
    texts.append(svg_text(parse(b'<svg viewBox="0 0 9 9"><g/></svg>', Path("x"), Problems()).root))
    print("\\n".join(texts))
    """
)


@pytest.mark.slow  # over 3 s: a check or build of the whole brand book
def test_svg_comes_out_the_same_after_weasyprint_is_imported(tmp_path):
    (tmp_path / "xlink.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' viewBox="0 0 9 9"><defs><rect id="r" width="3" height="3"/></defs>'
        '<use xlink:href="#r"/><use href="#r" x="5"/></svg>'
    )
    folders = [REPO / "brandbook" / "templates", REPO / "tests" / "data" / "mini", tmp_path]
    runs = {}
    for first in ("nothing", "weasyprint"):
        texts = []
        for folder in folders:
            done = subprocess.run(
                [sys.executable, "-c", _SERIALIZE, first, str(folder)],
                capture_output=True, text=True, cwd=REPO,
            )
            assert done.returncode == 0, done.stderr
            texts.append(done.stdout)
        runs[first] = texts
    assert runs["weasyprint"] == runs["nothing"]
    everything = "".join(runs["nothing"])
    assert "ns0:" not in everything and "<svg xmlns=\"http://www.w3.org/2000/svg\"" in everything
    assert 'xmlns:xlink="http://www.w3.org/1999/xlink"' in runs["nothing"][2]
    assert '<use xlink:href="#r" />' in runs["nothing"][2]
    assert runs["nothing"][2].rstrip().endswith('<svg viewBox="0 0 9 9"><g /></svg>')
