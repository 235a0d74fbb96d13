"""HTML fragments of a tree page (Jinja templates in `templates/`) and the Markdown that carries
them through MkDocs.

`tree_markdown` re-emits the tree as Markdown with comment markers around each node; after
MkDocs converts it, `fill_markers` swaps the markers for the fragments. Node bodies are therefore
rendered by MkDocs itself (admonitions, code, images and links work as on any page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.templating import render
from .model import KIND_LABELS, DecisionTree, Node

PACKAGE = "supportal.troubleshooting"
_MARKER = re.compile(r"<!--supportal-(tree-start|tree-end|node|node-end)(?::([a-z0-9-]+))?-->")


@dataclass
class AnswerLink:
    label: str
    slug: str
    href: str
    kind: str
    node: str | None


def tree_markdown(tree: DecisionTree, rendered: Mapping[str, Node], intro: str) -> str:
    """The page Markdown: intro, then every node between markers.

    `rendered` holds the nodes as they read after release blocks and placeholders were resolved
    (heading and body); nodes missing from it use the tree's own text.
    """
    parts = [intro, "", "<!--supportal-tree-start-->", ""]
    for node in tree.nodes.values():
        text = rendered.get(node.id, node)
        parts += [
            f"<!--supportal-node:{node.id}-->",
            "",
            f"{text.heading} {{#{node.id}}}",
            "",
            text.body,
            "",
            f"<!--supportal-node-end:{node.id}-->",
            "",
        ]
    parts += ["<!--supportal-tree-end-->", ""]
    return "\n".join(parts)


def fill_markers(
    html: str,
    tree_open: str,
    tree_close: str,
    node_open: Callable[[str], str],
    node_close: Callable[[str], str],
) -> str:
    def swap(match: re.Match[str]) -> str:
        kind, node_id = match.group(1), match.group(2)
        if kind == "tree-start":
            return tree_open
        if kind == "tree-end":
            return tree_close
        if node_id is None:
            return match.group(0)
        return node_open(node_id) if kind == "node" else node_close(node_id)

    return _MARKER.sub(swap, html)


def render_tree_open(tree: DecisionTree, **context: Any) -> str:
    return render(PACKAGE, "tree_open.html", tree=tree, **context)


def render_tree_close(tree: DecisionTree, mermaid: str | None, mermaid_live: bool) -> str:
    return render(
        PACKAGE,
        "tree_close.html",
        tree=tree,
        mermaid=mermaid,
        mermaid_live=mermaid_live,
        kind_labels=KIND_LABELS,
    )


def render_node_open(node: Node) -> str:
    return render(PACKAGE, "node_open.html", node=node)


def render_node_close(
    node: Node,
    answers: list[AnswerLink],
    escalation: dict[str, Any] | None,
    issue: Any,
    issue_href: str | None,
    workaround: str = "",
) -> str:
    """`workaround` is HTML (Markup), "Workaround:" label included, or empty."""
    return render(
        PACKAGE,
        "node_close.html",
        node=node,
        answers=answers,
        escalation=escalation,
        issue=issue,
        issue_href=issue_href,
        workaround=workaround,
    )
