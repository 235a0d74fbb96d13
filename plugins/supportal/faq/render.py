"""FAQ pages as Markdown with HTML fragments, from the Jinja templates in `templates/`.

Question text is plain text: it is HTML-escaped (Jinja autoescape) and its Markdown punctuation
is backslash-escaped, so a question can neither inject markup nor turn into formatting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup, escape

from ..core.templating import fragments
from .answers import RenderedEntry
from .model import FaqEntry

PACKAGE = "supportal.faq"
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]()!{}<>#|])")


def md_text(value: object) -> Markup:
    """Plain text safe to place in Markdown: HTML-escaped, Markdown punctuation escaped."""
    return Markup(_MD_PUNCTUATION.sub(r"\\\1", str(escape(str(value)))))


def _env():  # noqa: ANN202 - jinja2 Environment
    env = fragments(PACKAGE)
    env.filters.setdefault("md_text", md_text)
    return env


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    title: str
    link: str
    entries: Sequence[FaqEntry]


def category_page(title: str, entries: Sequence[RenderedEntry]) -> str:
    return _env().get_template("category.md").render(title=title, entries=entries)


def home_listing(groups: Sequence[CategoryGroup], *, heading: bool, release_title: str) -> str:
    return (
        _env()
        .get_template("home.md")
        .render(groups=groups, heading=heading, release_title=release_title)
    )


def json_ld(questions: Sequence[tuple[str, str]]) -> str:
    """A FAQPage script element for (question, answer text) pairs; `<`, `>` and `&` are
    written as JSON escapes so no text can close the script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in questions
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _env().get_template("jsonld.html").render(data=Markup(text))


class AnswerTexts(HTMLParser):
    """Collects, from a rendered category page, each entry's question and answer as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.questions: dict[str, str] = {}
        self.answers: dict[str, list[str]] = {}
        self._entry: str | None = None
        self._part: str | None = None
        self._depth = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "details" and "supportal-faq__entry" in classes:
            self._entry = values.get("data-faq-id")
            self.questions[self._entry or ""] = ""
            self.answers[self._entry or ""] = []
            return
        if self._entry is None:
            return
        if tag == "summary":
            self._part = "question"
        elif tag == "div" and "supportal-faq__answer" in classes:
            self._part = "answer"
            self._depth = 0
        elif tag == "div" and self._part == "answer":
            self._depth += 1
        elif tag == "p" and {"supportal-faq__permalink", "supportal-faq__source"} & set(classes):
            self._skip += 1
        elif tag in ("p", "li", "br", "tr", "pre") and self._part == "answer":
            self.answers[self._entry].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._entry is None:
            return
        if tag == "summary":
            self._part = None
        elif tag == "p" and self._skip:
            self._skip -= 1
        elif tag == "div" and self._part == "answer":
            if self._depth:
                self._depth -= 1
            else:
                self._part = None
        elif tag == "details":
            self._entry = None

    def handle_data(self, data: str) -> None:
        if self._entry is None or self._skip:
            return
        if self._part == "question":
            self.questions[self._entry] += data
        elif self._part == "answer":
            self.answers[self._entry].append(data)

    def pairs(self) -> list[tuple[str, str]]:
        return [
            (" ".join(self.questions[i].split()), " ".join("".join(self.answers[i]).split()))
            for i in self.questions
        ]


def answer_texts(html: str) -> list[tuple[str, str]]:
    parser = AnswerTexts()
    parser.feed(html)
    parser.close()
    return parser.pairs()
