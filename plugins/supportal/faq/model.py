"""FAQ entries and the catalog: parsed from front matter, validated with every problem located.

Plain Python, no MkDocs import. An entry is one Markdown file; its front matter says what it
answers (`id`, `question`, `phrasings`, `category`, `versions`, `answer_from`) and its body adds
to the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..core.frontmatter import SourcePage
from ..core.problems import Problems, expected, suggest
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import id_like, id_not_text

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ENTRY_KEYS = ("id", "question", "phrasings", "category", "versions", "answer_from")
# Front-matter keys of MkDocs, Material and other Supportal plugins: never "did you mean" them.
OTHER_KEYS = frozenset(
    (
        "title",
        "description",
        "hide",
        "template",
        "icon",
        "status",
        "subtitle",
        "search",
        "tags",
        "comments",
        "owner",
        "last_reviewed",
        "review_every",
        "feedback",
    )
)


@dataclass(frozen=True)
class AnswerSource:
    """`answer_from: manuals/backups.md#retention`: the manual section that is the answer."""

    page: str
    """Page path relative to docs_dir, e.g. `manuals/backups.md`."""
    anchor: str
    line: int | None = None


@dataclass
class FaqEntry:
    """One question with its answer, as written in one file."""

    id: str
    question: str
    category: str
    src_uri: str
    path: str
    """How messages name the file (`content/faq/backup/retention.md`)."""
    line: int | None = None
    """Line of `id:` (the entry's location in messages)."""
    question_line: int | None = None
    category_line: int | None = None
    phrasings: tuple[str, ...] = ()
    versions: VersionRange = field(default_factory=VersionRange.all)
    answer_from: AnswerSource | None = None
    body: str = ""
    body_line: int = 1

    @property
    def normalized_question(self) -> str:
        """The question as compared for duplicates: case, spacing and end punctuation ignored."""
        return " ".join(self.question.casefold().split()).rstrip("?!. ")


@dataclass
class FaqCatalog:
    """Every entry of the FAQ, whatever release it applies to, and the category titles."""

    entries: list[FaqEntry]
    categories: dict[str, str]
    """Category id → title, in display order."""

    def in_release(self, src_uris: Iterable[str]) -> list[FaqEntry]:
        """The entries whose file is part of a release build, in catalog order."""
        present = set(src_uris)
        return [e for e in self.entries if e.src_uri in present]

    def grouped(self, entries: Iterable[FaqEntry]) -> dict[str, list[FaqEntry]]:
        """Entries by category, categories in display order, empty categories left out."""
        groups: dict[str, list[FaqEntry]] = {c: [] for c in self.categories}
        for entry in entries:
            groups.setdefault(entry.category, []).append(entry)
        return {c: sorted(e, key=lambda x: x.question.casefold()) for c, e in groups.items() if e}

    def title_of(self, category: str) -> str:
        return self.categories.get(category) or category.replace("-", " ").capitalize()


def is_entry(src_uri: str, folder: str) -> bool:
    """Whether a page is an FAQ entry: a Markdown file under the FAQ folder, not an index."""
    prefix = folder.strip("/") + "/"
    name = src_uri.rsplit("/", 1)[-1]
    return (
        src_uri.startswith(prefix)
        and src_uri.endswith(".md")
        and name not in ("index.md", "README.md")
    )


def parse_entry(
    source: SourcePage, src_uri: str, folder: str, categories: Mapping[str, str], problems: Problems
) -> FaqEntry | None:
    """Validate one entry's front matter; problems are added, None when it cannot be used."""
    meta = source.meta
    path = source.path
    start = len(problems.errors)

    def line(key: str) -> int | None:
        return source.line_of(key)

    # Other plugins read their own keys (owner, title, ...): only near-misses of ours are flagged.
    for key in meta:
        if isinstance(key, str) and key not in ENTRY_KEYS and key not in OTHER_KEYS:
            hint = suggest(key, ENTRY_KEYS)
            if hint:
                problems.warning(path, line(key), f"unknown FAQ key '{key}' is ignored.{hint}")

    entry_id = meta.get("id")
    if entry_id is None:
        problems.error(
            path,
            1,
            "FAQ entry without 'id': add a permanent anchor such as "
            "'id: how-long-are-backups-kept'",
        )
    elif not isinstance(entry_id, str):
        # Not turned into text: YAML has already rewritten `0042` as 42 and `0x1F` as 31, and a
        # permalink must stay exactly as written.
        problems.error(
            path,
            line("id"),
            id_not_text(entry_id, "FAQ id", "reset-password") + " (it is the question's permalink)",
        )
    elif not ID_PATTERN.match(entry_id):
        problems.error(
            path,
            line("id"),
            f"FAQ id '{entry_id}' must be lower-case letters, digits and '-', such as "
            f"'{id_like(entry_id, 'reset-password')}' (it is the question's permalink)",
        )

    question = meta.get("question")
    if question is None:
        problems.error(path, 1, "FAQ entry without 'question'")
    elif not isinstance(question, str) or not question.strip():
        problems.error(path, line("question"), "'question' must be a non-empty string")

    phrasings = meta.get("phrasings", [])
    if isinstance(phrasings, str):
        phrasings = [phrasings]
    if not isinstance(phrasings, list) or not all(
        isinstance(p, str) and p.strip() for p in phrasings
    ):
        problems.error(
            path, line("phrasings"), "'phrasings' must be a list of alternative questions (strings)"
        )
        phrasings = []

    category = meta.get("category")
    folders = src_uri[len(folder.strip("/")) + 1 :].split("/")
    if category is None and len(folders) > 1:
        category = folders[0]
    # A category taken from the folder has no line of its own: line 1 stands for the file's path.
    category_line = line("category") if "category" in meta else 1
    if category is None:
        problems.error(
            path,
            1,
            f"FAQ entry without 'category': add one, or move the file into {folder}/<category>/",
        )
    elif not isinstance(category, str):
        problems.error(path, category_line, "'category' must be a string")
    elif not ID_PATTERN.match(category):
        # Before the configured list: 'Backup Basics' needs renaming whatever the list holds.
        problems.error(
            path,
            category_line,
            f"category '{category}' must be lower-case letters, digits and '-' "
            "(it is a URL folder)",
        )
    elif categories and category not in categories:
        problems.error(
            path,
            category_line,
            # Name where the list lives: the entry's folder or front matter is not where to fix
            # a category that is spelled right but not configured yet.
            f"unknown category '{category}': not among the 'categories' of the supportal/faq "
            f"plugin in mkdocs.yml. {expected(category, categories)}",
        )

    versions = VersionRange.all()
    if "versions" in meta:
        try:
            versions = VersionRange.parse(meta["versions"])
        except RangeSyntaxError:
            pass  # the releases plugin reports it for every page

    answer_from = None
    if "answer_from" in meta:
        answer_from = _answer_source(
            meta["answer_from"], src_uri, path, line("answer_from"), problems
        )

    if len(problems.errors) > start:
        return None
    assert isinstance(entry_id, str) and isinstance(question, str) and isinstance(category, str)
    return FaqEntry(
        id=entry_id,
        question=" ".join(question.split()),
        category=category,
        src_uri=src_uri,
        path=path,
        line=line("id"),
        question_line=line("question"),
        category_line=line("category"),
        phrasings=tuple(" ".join(p.split()) for p in phrasings),
        versions=versions,
        answer_from=answer_from,
        body=source.body,
        body_line=source.body_line,
    )


def _answer_source(
    value: object, src_uri: str, path: str, line: int | None, problems: Problems
) -> AnswerSource | None:
    if (
        not isinstance(value, str)
        or "#" not in value
        or value.endswith("#")
        or value.startswith("#")
    ):
        problems.error(
            path,
            line,
            f"'answer_from' must name a page and a section anchor, such as "
            f"'manuals/backups.md#retention', not '{value}'",
        )
        return None
    page, anchor = value.split("#", 1)
    if not page.endswith(".md"):
        problems.error(
            path, line, f"'answer_from' page '{page}' must be a Markdown file (.md) under docs_dir"
        )
        return None
    return AnswerSource(page=page.lstrip("/"), anchor=anchor, line=line)


def check_catalog(entries: list[FaqEntry], problems: Problems) -> None:
    """Problems between entries: the same id twice (error), the same question twice (warning)."""
    ids: dict[str, FaqEntry] = {}
    questions: dict[str, FaqEntry] = {}
    for entry in sorted(entries, key=lambda e: e.src_uri):
        first = ids.get(entry.id)
        if first is not None:
            problems.error(
                entry.path,
                entry.line,
                f"duplicate FAQ id '{entry.id}' (already used by {first.path}:{first.line})",
            )
        else:
            ids[entry.id] = entry
        same = questions.get(entry.normalized_question)
        if same is not None:
            problems.warning(
                entry.path,
                entry.question_line,
                f"the question '{entry.question}' is also asked in "
                f"{same.path}:{same.question_line}; "
                "merge the two entries or add the wording to 'phrasings'",
            )
        else:
            questions[entry.normalized_question] = entry


def check_categories(categories: Mapping[object, object]) -> str | None:
    """An error message for a bad `categories` option, or None."""
    for key, value in categories.items():
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            return (
                f"category id '{key}' must be lower-case letters, digits and '-' "
                "(it is a URL folder)"
            )
        if not isinstance(value, str) or not value.strip():
            return f"category '{key}' needs a title, such as '{key}: Backups and retention'"
    return None
