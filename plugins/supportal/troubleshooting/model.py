"""The decision-tree model: nodes, answers, trees. Plain Python, no MkDocs import.

Both authoring forms (Markdown pages, `*.tree.yml` files) compile to these objects; validation
(`validate.py`), reports (`report.py`) and rendering all read them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

KINDS = ("question", "step", "resolved", "escalate", "known-issue", "goto")
TERMINALS = frozenset({"resolved", "escalate", "known-issue"})
ASKING = frozenset({"question", "step"})
NODE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TREE_ID = NODE_ID
KIND_LABELS = {
    "question": "question",
    "step": "step",
    "resolved": "resolution",
    "escalate": "escalation",
    "known-issue": "known issue",
    "goto": "jump to another guide",
}


def slugify(label: str) -> str:
    """The URL key of an answer: `Yes, it's running` → `yes-it-s-running`."""
    return re.sub(r"[^a-z0-9]+", "-", plain_text(label).lower()).strip("-")


def plain_text(markdown: str) -> str:
    """Inline Markdown as the plain text readers see in breadcrumbs and reports."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[`*_]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Answer:
    """One choice under a node: a label and where it leads (as written)."""

    label: str
    target: str
    line: int | None
    retry: bool = False
    """Marked as an intended retry loop (`{: .retry}`): a cycle through it is not reported."""

    @property
    def slug(self) -> str:
        return slugify(self.label)

    @property
    def text(self) -> str:
        return plain_text(self.label)


@dataclass
class Node:
    """A heading of a tree: one question, step or outcome."""

    id: str
    kind: str
    title: str
    line: int | None
    body: str = ""
    """The node's Markdown (without heading and answers), for rendering."""
    answers: list[Answer] = field(default_factory=list)
    ref: str | None = None
    """known-issue: the known issue id."""
    tier: int | None = None
    """escalate: the support tier (front matter `escalation:` when unset)."""
    ticket: str | None = None
    """escalate: a ticket template of support.yml overriding the tier's."""
    collect: tuple[str, ...] = ()
    """escalate: field names the reader fills in before opening a ticket."""
    field_labels: dict[str, str] = field(default_factory=dict)
    """escalate: labels of collected fields (`name:Label`); default from the name."""

    def field_label(self, name: str) -> str:
        return self.field_labels.get(name) or name.replace("_", " ").capitalize()

    heading: str = ""
    """The heading line as written (Markdown form), re-emitted so inline Markdown renders."""

    @property
    def terminal(self) -> bool:
        return self.kind in TERMINALS

    @property
    def text(self) -> str:
        return plain_text(self.title)


@dataclass
class Scenario:
    """A `tests:` entry: answers from the start, and the node they must end at."""

    answers: list[str]
    expect: str
    line: int | None
    number: int


@dataclass
class DecisionTree:
    """One troubleshooting guide."""

    id: str
    title: str
    path: str
    """How messages name the source file (`content/troubleshooting/agent-offline.md`)."""
    src_uri: str
    """The page's path in docs_dir (`troubleshooting/agent-offline.md`)."""
    start: str | None
    nodes: dict[str, Node] = field(default_factory=dict)
    intro: str = ""
    versions: str = ""
    tier: int | None = None
    """Default tier of escalate nodes (front matter `escalation:`)."""
    ticket: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    """Old node id → current node id, so share links made before a rename still resume."""
    scenarios: list[Scenario] = field(default_factory=list)
    lines: dict[str, int | None] = field(default_factory=dict)
    """File line of each front-matter key (or YAML key), for messages."""
    source_form: str = "markdown"

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key) or self.lines.get("tree") or 1

    @property
    def revision(self) -> str:
        """Changes whenever the structure (ids, kinds, answers, targets) changes."""
        shape = [
            [n.id, n.kind, n.ref, n.tier, [[a.slug, a.target] for a in n.answers]]
            for n in self.nodes.values()
        ]
        digest = hashlib.sha1(json.dumps([self.start, shape]).encode("utf-8")).hexdigest()
        return digest[:8]


def node_id_error(value: str) -> str | None:
    if NODE_ID.match(value):
        return None
    return (
        f"node id '{value}' must be lowercase letters, digits and single '-' (it is used in URLs)"
    )
