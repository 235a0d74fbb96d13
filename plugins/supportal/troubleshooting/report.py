"""The escalation report and ticket values, and the Mermaid overview of a tree.

`trees.js` builds the same report in the browser (same lines, same order), so the build-time
budget check measures what readers will send.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import DecisionTree, Node

NO_PATH = "(not recorded: the guide was read without the interactive wizard)"


@dataclass(frozen=True)
class Step:
    """One answered node on the reader's path."""

    question: str
    answer: str


def report_values(
    tree: DecisionTree,
    node: Node,
    steps: Sequence[Step],
    *,
    release: str,
    page_url: str,
    product: str,
    tier: int | None,
    fields: Sequence[tuple[str, str]] = (),
) -> dict[str, str]:
    """Every ticket placeholder's value, including the full `body` report.

    `fields` are (label, value) pairs of the fields the reader filled in.
    """
    path = "\n".join(f"{i}. {s.question} → {s.answer}" for i, s in enumerate(steps, 1)) or NO_PATH
    field_text = "\n".join(f"{label}: {value}" for label, value in fields)
    tier_text = f" (tier {tier})" if tier else ""
    lines = [
        f"Troubleshooting report: {tree.title}",
        f"Guide: {tree.id} (revision {tree.revision})",
        f"Release: {release}",
        f"Page: {page_url}",
        f"Result: {node.text}{tier_text}",
        "",
        "Path:",
        path,
    ]
    if field_text:
        lines += ["", "Fields:", field_text]
    return {
        "title": f"{tree.title}: {node.text}",
        "body": "\n".join(lines),
        "page_url": page_url,
        "release": release,
        "product": product,
        "tree": tree.id,
        "revision": tree.revision,
        "node": node.id,
        "tier": str(tier or ""),
        "path": path,
        "fields": field_text,
    }


def mermaid_source(tree: DecisionTree, external_titles: dict[str, str]) -> str:
    """A flowchart of the tree; nodes link to their anchors on the page.

    `external_titles` names targets outside the tree (other guides, manual pages) by their
    target text.
    """
    ids = {node_id: f"n{i}" for i, node_id in enumerate(tree.nodes)}
    lines = ["flowchart TD"]
    shapes = {
        "question": ("{", "}"),
        "step": ("[", "]"),
        "resolved": ("([", "])"),
        "escalate": ("[[", "]]"),
        "known-issue": ("[/", "/]"),
        "goto": (">", "]"),
    }
    for node in tree.nodes.values():
        left, right = shapes[node.kind]
        lines.append(f'  {ids[node.id]}{left}"{_label(node.text)}"{right}')
    externals: dict[str, str] = {}
    for node in tree.nodes.values():
        for answer in node.answers:
            if answer.target.startswith("#") and answer.target[1:] in ids:
                target = ids[answer.target[1:]]
            else:
                if answer.target not in externals:
                    externals[answer.target] = f"x{len(externals)}"
                    title = external_titles.get(answer.target, answer.target)
                    lines.append(f'  {externals[answer.target]}>"{_label(title)}"]')
                target = externals[answer.target]
            lines.append(f'  {ids[node.id]} -->|"{_label(answer.text)}"| {target}')
    for node in tree.nodes.values():
        lines.append(f'  click {ids[node.id]} href "#{node.id}"')
    return "\n".join(lines) + "\n"


def _label(text: str) -> str:
    # Mermaid entity codes keep quotes and brackets from ending a label early.
    return (
        text.replace("#", "#35;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("|", "#124;")
    )
