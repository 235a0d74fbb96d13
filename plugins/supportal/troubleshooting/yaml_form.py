"""The YAML form of a tree (`*.tree.yml` in docs_dir), for generated or large trees.

It compiles to the same `DecisionTree` as the Markdown form; messages point at YAML lines.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.problems import Problems, expected
from ..core.yamlfile import item_line, key_line, unknown_keys
from .model import KINDS, Answer, DecisionTree, Node, node_id_error
from .treemeta import TREE_KEYS, read_tree_settings

SUFFIX = ".tree.yml"
TOP_KEYS = (*TREE_KEYS, "intro", "nodes")
NODE_KEYS = ("kind", "title", "body", "answers", "ref", "tier", "ticket", "collect", "to")
ANSWER_KEYS = ("label", "goto", "retry")
_BARE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def page_uri(src_uri: str) -> str:
    """`troubleshooting/restore.tree.yml` → `troubleshooting/restore.md` (the generated page)."""
    return src_uri[: -len(SUFFIX)] + ".md"


def parse_yaml_tree(
    data: Any, *, path: str, src_uri: str, problems: Problems
) -> DecisionTree | None:
    """Read a parsed `*.tree.yml` mapping; `src_uri` is the generated page's path."""
    if not isinstance(data, CommentedMap):
        problems.error(path, 1, "a tree file must be a mapping with tree, title, start and nodes")
        return None
    tree = DecisionTree(id="", title="", path=path, src_uri=src_uri, start=None, source_form="yaml")
    unknown_keys(data, TOP_KEYS, path, problems, "key")
    read_tree_settings(tree, data, problems, first_line=1)
    if not tree.title:
        problems.error(path, 1, "the tree needs a `title`")
        tree.title = tree.id
    intro = data.get("intro", "")
    if not isinstance(intro, str):
        problems.error(path, key_line(data, "intro"), "`intro` must be Markdown text (a string)")
        intro = ""
    tree.intro = intro
    nodes = data.get("nodes")
    if not isinstance(nodes, CommentedMap) or not nodes:
        problems.error(path, key_line(data, "nodes"), "`nodes` must map node ids to nodes")
        return tree
    for node_id in nodes:
        node = _node(str(node_id), nodes[node_id], key_line(nodes, node_id), path, problems)
        if node is not None:
            tree.nodes[node.id] = node
    return tree


def _node(node_id: str, data: Any, line: int | None, path: str, problems: Problems) -> Node | None:
    message = node_id_error(node_id)
    if message:
        problems.error(path, line, message)
        return None
    if not isinstance(data, CommentedMap):
        problems.error(
            path, line, f"node '{node_id}' must be a mapping with at least `kind` and `title`"
        )
        return None
    unknown_keys(data, NODE_KEYS, path, problems, "key", where=f" in node '{node_id}'")
    kind = data.get("kind")
    if kind not in KINDS:
        problems.error(
            path,
            key_line(data, "kind"),
            f"unknown node kind '{kind}'. {expected(str(kind), KINDS)}",
        )
        return None
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.error(path, line, f"node '{node_id}' needs a `title`")
        return None
    title = " ".join(title.split())  # one heading line, whatever the YAML scalar style
    body = data.get("body", "")
    if not isinstance(body, str):
        problems.error(
            path,
            key_line(data, "body"),
            f"node '{node_id}': `body` must be Markdown text (a string)",
        )
        body = ""
    node = Node(
        id=node_id,
        kind=kind,
        title=title.strip(),
        line=line,
        body=body if isinstance(body, str) else "",
        heading=f"## {title.strip()}",
    )
    if kind == "known-issue":
        node.ref = str(data["ref"]) if data.get("ref") else None
        if not node.ref:
            problems.error(
                path, line, f"known-issue node '{node_id}' needs `ref: <known issue id>`"
            )
    if kind == "escalate":
        tier = data.get("tier")
        if tier is not None:
            if isinstance(tier, int) and not isinstance(tier, bool):
                node.tier = tier
            else:
                problems.error(
                    path,
                    key_line(data, "tier"),
                    f"escalate node '{node_id}': tier must be 1, 2 or 3",
                )
        node.ticket = str(data["ticket"]) if data.get("ticket") else None
        collect = data.get("collect", [])
        names = (
            [next(iter(c)) if isinstance(c, dict) and len(c) == 1 else c for c in collect]
            if isinstance(collect, list)
            else None
        )
        if names is not None and all(
            isinstance(n, str) and re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names
        ):
            node.collect = tuple(names)
            for item in collect:
                if isinstance(item, dict):
                    node.field_labels.update({str(k): str(v) for k, v in item.items()})
        else:
            problems.error(
                path,
                key_line(data, "collect"),
                f"escalate node '{node_id}': `collect` must be a "
                "list of field names such as [agent_version, os: Operating system]",
            )
    if kind == "goto":
        target = data.get("to")
        if not isinstance(target, str) or not target:
            problems.error(path, line, f"goto node '{node_id}' needs `to: <page.md#node>`")
        else:
            node.answers.append(Answer(label="Continue", target=target, line=key_line(data, "to")))
    answers = data.get("answers")
    if answers is not None:
        if kind == "goto":
            problems.error(
                path,
                key_line(data, "answers"),
                f"goto node '{node_id}' cannot have answers: it continues to its `to:` target",
            )
        elif not isinstance(answers, CommentedSeq):
            problems.error(
                path,
                key_line(data, "answers"),
                f"`answers` of node '{node_id}' must be a list of {{label, goto}}",
            )
        else:
            for index, item in enumerate(answers):
                answer = _answer(item, item_line(answers, index), node_id, path, problems)
                if answer is not None:
                    node.answers.append(answer)
    return node


def _answer(
    data: Any, line: int | None, node_id: str, path: str, problems: Problems
) -> Answer | None:
    if not isinstance(data, CommentedMap) or "label" not in data or "goto" not in data:
        problems.error(path, line, f"an answer of node '{node_id}' needs `label` and `goto`")
        return None
    unknown_keys(data, ANSWER_KEYS, path, problems, "key", where=" in an answer")
    label = data["label"]
    if isinstance(label, (list, dict)):
        problems.error(path, line, f"an answer label of node '{node_id}' must be text, not {label}")
        return None
    target = str(data["goto"])
    if _BARE_ID.match(target):
        target = "#" + target
    retry = data.get("retry", False)
    if not isinstance(retry, bool):
        # `retry: maybe` or `retry: 1` would otherwise quietly mean "no", and the loop it was
        # meant to mark would be reported as an unintended cycle, far from this line.
        problems.error(
            path,
            key_line(data, "retry"),
            f"answer '{str(label).strip()}' of node '{node_id}': `retry` must be true or false, "
            f"not '{retry}' (true marks an intended loop back)",
        )
        retry = False
    return Answer(label=str(label).strip(), target=target, line=line, retry=retry)


def page_markdown(tree: DecisionTree) -> str:
    """The generated page's source: front matter MkDocs and Material read (title, versions)."""
    lines = ["---", f"title: {_quote(tree.title)}"]
    if tree.versions:
        lines.append(f"versions: {_quote(tree.versions)}")
    lines += ["---", "", f"# {tree.title}", ""]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
