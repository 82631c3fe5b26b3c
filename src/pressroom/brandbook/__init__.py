"""Reading the brand book, one module per file kind it reads:

- `loader`: `load()`, which reads everything, judges what is selected and gathers every problem;
- `brand`: brand.yaml; `urls`: campaign URLs judged as QR payloads;
- `formats`: formats.yaml;
- `locales`: locale files, each judged on its own, then against the reference locale;
- `schemas`: the JSON Schemas of those files, and their errors in plain words.
"""

from pressroom.brandbook.loader import load
from pressroom.brandbook.urls import url_problems

__all__ = ["load", "url_problems"]
