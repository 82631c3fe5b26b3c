"""Reading the brand book, one module per file kind it reads:

- `loader`: `load()`, which reads everything, judges what is selected and gathers every problem;
- `brand`: brand.yaml; `urls`: campaign URLs judged as QR payloads;
- `formats`: formats.yaml;
- `locales`: locale files, each judged on its own, then against the reference locale;
- `schemas`: the JSON Schemas of those files, and their errors in plain words;
- `files`: `read_input()`, how every input file is opened (a regular file inside its folder).

Importing a module of this package does not import the others (`load` is imported on first
use): the press room's page judges URLs without loading YAML or JSON Schema.
"""

__all__ = ["load", "url_problems"]


def __getattr__(name: str):
    if name == "load":
        from pressroom.brandbook.loader import load

        return load
    if name == "url_problems":
        from pressroom.brandbook.urls import url_problems

        return url_problems
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
