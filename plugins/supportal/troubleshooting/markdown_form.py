"""The Markdown form of a tree: headings with `{#id .kind}` are nodes, a trailing list of links
under a node is its answers, everything else is the node's body.

Plain MkDocs renders such a page as a readable choose-your-own-adventure; this module reads
the same text into a `DecisionTree`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.problems import Problems, suggest
from .model import KINDS, Answer, DecisionTree, Node, node_id_error
from .treemeta import read_tree_settings

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*\{:?(?P<attrs>[^{}]*)\}[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[-*+][ \t]+(?P<rest>.*)$")
_ANSWER = re.compile(
    r"^[-*+][ \t]+\[(?P<label>[^\]]+)\]\((?P<target>[^)\s]+)\)"
    r"[ \t]*(?:\{:?(?P<attrs>[^{}]*)\})?[ \t]*$"
)
_CONTINUATION = re.compile(r"^[ \t]+\S")


@dataclass
class Attributes:
    """`{#id .class key=value}` as attr_list reads it."""

    id: str | None
    classes: list[str]
    values: dict[str, str]


def parse_attributes(text: str) -> Attributes:
    try:
        tokens = shlex.split(text)
    except ValueError:
        tokens = text.split()
    attrs = Attributes(id=None, classes=[], values={})
    for token in tokens:
        if token.startswith("#"):
            attrs.id = token[1:]
        elif token.startswith("."):
            attrs.classes.append(token[1:])
        elif "=" in token:
            key, _, value = token.partition("=")
            attrs.values[key] = value
    return attrs


def parse_markdown_tree(
    body: str,
    meta: Any,
    *,
    path: str,
    src_uri: str,
    problems: Problems,
    file_line: Callable[[int], int],
    report_meta: bool = True,
) -> DecisionTree:
    """Read a tree page. `body` is the Markdown after front matter (release blocks resolved);
    `file_line(n)` maps its line n (1-based) to the file line, so messages point at the source.
    With `report_meta=False` front-matter problems are not reported a second time."""
    tree = DecisionTree(id="", title="", path=path, src_uri=src_uri, start=None)
    meta_problems = problems if report_meta else Problems()
    read_tree_settings(tree, meta, meta_problems, first_line=2)
    lines = body.split("\n")
    fence: str | None = None
    sections: list[tuple[Node, int]] = []  # node, index of its heading line
    intro_end = len(lines)
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
                fence = None
            continue
        if match:
            fence = match["fence"]
            continue
        heading = _HEADING.match(line)
        if not heading:
            continue
        node = _node_from_heading(heading, file_line(index + 1), path, problems)
        if node is None:
            continue
        if not sections:
            intro_end = index
        sections.append((node, index))
    tree.intro = "\n".join(lines[:intro_end]).strip("\n")
    if not tree.title:
        tree.title = _first_h1(lines[:intro_end]) or tree.id
    seen: dict[str, Node] = {}
    for position, (node, start) in enumerate(sections):
        end = sections[position + 1][1] if position + 1 < len(sections) else len(lines)
        _read_section(node, lines, start + 1, end, file_line, path, problems)
        if node.id in seen:
            problems.error(
                path,
                node.line,
                f"duplicate node id '{node.id}' (first at line {seen[node.id].line})",
            )
            continue
        seen[node.id] = node
        tree.nodes[node.id] = node
    if not sections:
        problems.error(
            path,
            tree.line_of("tree"),
            "the tree has no nodes: write headings such as '## Is the agent running? "
            "{#agent-running .question}'",
        )
    return tree


def _first_h1(lines: list[str]) -> str | None:
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return None


def _node_from_heading(
    heading: re.Match[str], line: int, path: str, problems: Problems
) -> Node | None:
    attrs = parse_attributes(heading["attrs"])
    kinds = [c for c in attrs.classes if c in KINDS]
    if not kinds:
        # A heading with attributes but no kind is body text, unless a class is a misspelt kind.
        for name in attrs.classes:
            hint = suggest(name, KINDS)
            if hint:
                problems.error(
                    path,
                    line,
                    f"unknown node kind '{name}'. Expected one of: {', '.join(KINDS)}.{hint}",
                )
        return None
    if len(kinds) > 1:
        problems.error(path, line, f"a node has one kind, not {len(kinds)}: {', '.join(kinds)}")
        return None
    kind = kinds[0]
    if not attrs.id:
        problems.error(path, line, f"{kind} heading without an id: write {{#some-id .{kind}}}")
        return None
    message = node_id_error(attrs.id)
    if message:
        problems.error(path, line, message)
        return None
    if not heading["text"].strip():
        problems.error(
            path,
            line,
            f"{kind} node '{attrs.id}' needs a title: write it before {{#{attrs.id} .{kind}}}",
        )
    node = Node(
        id=attrs.id,
        kind=kind,
        title=heading["text"].strip(),
        line=line,
        heading=f"{heading['hashes']} {heading['text'].strip()}",
    )
    allowed = {"known-issue": ("ref",), "escalate": ("tier", "ticket", "collect"), "goto": ("to",)}
    for key in attrs.values:
        if key not in allowed.get(kind, ()):
            options = allowed.get(kind, ())
            tail = (
                f"Expected one of: {', '.join(options)}."
                if options
                else f"A {kind} node takes none."
            )
            problems.error(
                path, line, f"unknown attribute '{key}' on {kind} node '{node.id}'. {tail}"
            )
    if kind == "known-issue":
        node.ref = attrs.values.get("ref")
        if not node.ref:
            problems.error(
                path,
                line,
                f"known-issue node '{node.id}' needs ref=<known issue id>, "
                "e.g. {#" + node.id + " .known-issue ref=KV-1042}",
            )
    if kind == "escalate":
        tier = attrs.values.get("tier")
        if tier is not None:
            if tier.isdigit():
                node.tier = int(tier)
            else:
                problems.error(
                    path, line, f"escalate node '{node.id}': tier must be 1, 2 or 3, not '{tier}'"
                )
        node.ticket = attrs.values.get("ticket")
        node.collect = _collect(attrs.values.get("collect"), node, line, path, problems)
    if kind == "goto":
        target = attrs.values.get("to")
        if not target:
            problems.error(
                path,
                line,
                f"goto node '{node.id}' needs to=<page.md#node>, "
                "e.g. {#" + node.id + " .goto to=network.md#start}",
            )
        else:
            node.answers.append(Answer(label="Continue", target=target, line=line))
    return node


def _collect(
    value: str | None, node: Node, line: int, path: str, problems: Problems
) -> tuple[str, ...]:
    """`collect="agent_version:Agent version,os:Operating system"` (labels optional)."""
    if not value:
        return ()
    names = []
    for item in (i.strip() for i in value.split(",")):
        if not item:
            continue
        name, _, label = (p.strip() for p in item.partition(":"))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            problems.error(
                path,
                line,
                f"escalate node '{node.id}': field name '{name}' must be lowercase "
                "letters, digits and '_', such as agent_version",
            )
            return ()
        names.append(name)
        if label:
            node.field_labels[name] = label
    return tuple(names)


def _read_section(
    node: Node,
    lines: list[str],
    start: int,
    end: int,
    file_line: Callable[[int], int],
    path: str,
    problems: Problems,
) -> None:
    """Split a node's lines into body and the trailing answer list."""
    last = end - 1
    while last >= start and not lines[last].strip():
        last -= 1
    # Walk back over the trailing list (items, their indented continuations, blank lines).
    first_item = None
    index = last
    while index >= start:
        text = lines[index]
        if _LIST_ITEM.match(text):
            first_item = index
        elif not (_CONTINUATION.match(text) or not text.strip()):
            break
        index -= 1
    items: list[int] = []
    if first_item is not None:
        items = [i for i in range(first_item, last + 1) if _LIST_ITEM.match(lines[i])]
    answers = [(_ANSWER.match(lines[i]), i) for i in items]
    continuation = first_item is not None and any(
        _CONTINUATION.match(lines[i]) for i in range(first_item, last + 1)
    )
    if items and all(m for m, _ in answers) and not continuation:
        body_end = first_item
        for match, i in answers:
            assert match is not None
            attrs = parse_attributes(match["attrs"] or "")
            node.answers.append(
                Answer(
                    label=match["label"].strip(),
                    target=match["target"],
                    line=file_line(i + 1),
                    retry="retry" in attrs.classes,
                )
            )
    else:
        body_end = last + 1
        if items and any(m for m, _ in answers):
            bad = next(i for m, i in answers if not m)
            if continuation:
                bad = next(
                    i for i in range(first_item or 0, last + 1) if _CONTINUATION.match(lines[i])
                )
            problems.error(
                path,
                file_line(bad + 1),
                f"the answer list of node '{node.id}' mixes links with other text: each answer "
                "is one line '- [label](#node-id)'; put other text above the list",
            )
    node.body = "\n".join(lines[start:body_end]).strip("\n")
    if node.kind == "goto" and len(node.answers) > 1:
        problems.error(
            path,
            node.line,
            f"goto node '{node.id}' cannot have an answer list: it continues to its `to=` target",
        )
        del node.answers[1:]
