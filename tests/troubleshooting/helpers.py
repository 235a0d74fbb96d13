"""Building trees from text for model tests (no MkDocs)."""

from __future__ import annotations

from dataclasses import dataclass, field

from supportal.core.frontmatter import read_front_matter
from supportal.core.problems import Problems
from supportal.core.supportdesk import load_support_desk
from supportal.core.versions import VersionRange
from supportal.troubleshooting.knownissues import MappingKnownIssues
from supportal.troubleshooting.markdown_form import parse_markdown_tree
from supportal.troubleshooting.model import DecisionTree
from supportal.troubleshooting.validate import ForestCheck, Settings

from ..harness import REPO, dedent

DESK = load_support_desk(REPO / "support.yml", "support.yml")


@dataclass
class Pages:
    """A PageIndex over a dict: src_uri → anchors; `outside` are pages of other releases."""

    anchors_by_page: dict[str, set[str]] = field(default_factory=dict)
    outside: dict[str, str] = field(default_factory=dict)

    def exists(self, src_uri: str) -> bool:
        return src_uri in self.anchors_by_page

    def anchors(self, src_uri: str) -> set[str]:
        return self.anchors_by_page.get(src_uri, set())

    def outside_release(self, src_uri: str) -> str | None:
        return self.outside.get(src_uri)


@dataclass
class Issue:
    id: str
    title: str
    affects: VersionRange
    fixed_in: str | None = None
    workaround: str = ""
    url: str = ""


def tree_from(
    text: str, src_uri: str = "t/tree.md", problems: Problems | None = None
) -> DecisionTree:
    path = f"content/{src_uri}"
    source = read_front_matter(dedent(text), path)
    return parse_markdown_tree(
        source.body,
        source.meta,
        path=path,
        src_uri=src_uri,
        problems=problems if problems is not None else Problems(),
        file_line=lambda n: n + source.body_line - 1,
    )


def check(
    *texts: str,
    pages: Pages | None = None,
    desk: object = DESK,
    known: dict | None = None,
    registry: dict | None = None,
    release: str = "2.4",
    max_depth: int = 8,
    src_uris: list[str] | None = None,
    unread: dict[str, object] | None = None,
) -> list[str]:
    """Every problem (as printed) of the trees in `texts` (first at t/tree.md, then t/other.md...).

    `unread`: ForestCheck's flags for files read with errors (desk_unread=True, ...)."""
    problems = Problems()
    uris = src_uris or ["t/tree.md", "t/other.md", "t/third.md"]
    trees = {uri: tree_from(text, uri, problems) for uri, text in zip(uris, texts, strict=False)}
    ForestCheck(
        trees=trees,
        pages=pages or Pages({"manual.md": {"install", "ports"}}),
        known_issues=MappingKnownIssues(known) if known is not None else None,
        desk=desk,  # type: ignore[arg-type]
        settings=Settings(
            max_depth=max_depth,
            release=release,
            page_url=lambda tree: f"https://docs.example.com/{tree.src_uri}",
            product="Product",
        ),
        registry=registry,
        **(unread or {}),  # type: ignore[arg-type]
    ).run(problems)
    return [str(p) for p in problems]
