"""A fixed corpus of real text nobody on this project wrote: docstrings of standard-library
modules (one page per module, one section per public function or class)."""

from __future__ import annotations

import importlib
import inspect

from supportal.search.corpus import PageRecord
from supportal.search.extract import Section

MODULES = [
    ("manual", "json"),
    ("manual", "pathlib"),
    ("manual", "shutil"),
    ("manual", "argparse"),
    ("manual", "textwrap"),
    ("manual", "collections"),
    ("faq", "functools"),
    ("faq", "itertools"),
    ("faq", "tempfile"),
    ("troubleshooting", "logging"),
    ("troubleshooting", "subprocess"),
    ("course", "heapq"),
    ("course", "bisect"),
    ("course", "difflib"),
    ("support", "gzip"),
    ("support", "zipfile"),
    ("page", "string"),
    ("page", "csv"),
    ("page", "fnmatch"),
    ("page", "base64"),
]

TYPES = [
    ("manual", "Manuals"),
    ("faq", "FAQ"),
    ("troubleshooting", "Troubleshooting"),
    ("course", "Courses"),
    ("support", "Support"),
    ("page", "Other pages"),
]
BOOSTS = {"title": 4.0, "heading": 2.0, "alt": 3.0, "body": 1.0}


def fixed_records() -> list[PageRecord]:
    records = []
    for kind, name in MODULES:
        module = importlib.import_module(name)
        sections = [Section("", "", inspect.getdoc(module) or "")]
        for attr in sorted(dir(module)):
            value = getattr(module, attr)
            if attr.startswith("_") or not (inspect.isfunction(value) or inspect.isclass(value)):
                continue
            doc = inspect.getdoc(value)
            if doc and getattr(value, "__module__", "") == module.__name__:
                sections.append(Section(f"{name}.{attr}".lower(), f"{name}.{attr}", doc))
        phrasings = [f"How do I use {name}?"] if kind == "faq" else []
        records.append(
            PageRecord(f"{kind}s/{name}/", f"The {name} module", kind, sections, phrasings)
        )
    return records


QUERIES = [
    "json",
    "decode json document",
    "path",
    "pathlib",
    "copy file",
    "copytree",
    "temporary dir",
    "tempor",
    "log",
    "logging handler",
    "subprocess run",
    "Popen",
    "heap",
    "bisect insort",
    "diff lines",
    "zip",
    "gzip compress",
    "csv reader",
    "fnmatch",
    "base64 encode",
    "encod",
    "string template",
    "argparse ArgumentParser",
    "parse_args",
    "namedtuple",
    "defaultdict",
    "functools partial",
    "lru_cache",
    "cache",
    "itertools chain",
    "if",
    "not",
    "None",
    "for",
    "return",
    "raise ValueError",
    "file",
    "how do I use heapq",
    "sequence matcher",
    "wrap text",
    "dedent",
    "unknownword json",
    "xyzzy",
    "c",
    "re",
    "the",
    "a b c",
]
