"""Tree-level settings shared by both forms: id, title, start, escalation, aliases, tests.

In the Markdown form they are the page's front matter; in the YAML form, top-level keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.problems import Problems
from ..core.yamlfile import id_not_text, item_line, key_line
from .model import TREE_ID, DecisionTree, Scenario, node_id_error

TREE_KEYS = ("tree", "title", "start", "versions", "escalation", "aliases", "tests")
"""Front-matter keys this plugin reads (pages may carry other plugins' keys too)."""

LineOf = Callable[[Any, str], int | None]


def read_tree_settings(tree: DecisionTree, meta: Any, problems: Problems, first_line: int) -> None:
    """Fill `tree` from its settings mapping, reporting every problem at its line."""
    path = tree.path

    def line(node: Any, key: str) -> int | None:
        return key_line(node, key, first_line)

    for key in TREE_KEYS:
        if isinstance(meta, CommentedMap) and key in meta:
            tree.lines[key] = line(meta, key)
    tree_id = meta.get("tree")
    if tree_id is not None and not isinstance(tree_id, str):
        # `tree: 42` is a number to YAML: saying "must be digits" would puzzle its author.
        problems.error(path, line(meta, "tree"), id_not_text(tree_id, "tree id", "console-sign-in"))
    elif not isinstance(tree_id, str) or not TREE_ID.match(tree_id):
        problems.error(
            path,
            line(meta, "tree"),
            f"tree id '{tree_id}' must be lowercase letters, digits and single '-' "
            "(it is used in URLs and reports)",
        )
    else:
        tree.id = tree_id
    title = meta.get("title")
    if title is not None:
        if isinstance(title, str) and title.strip():
            tree.title = title.strip()
        else:
            problems.error(path, line(meta, "title"), "`title` must be a non-empty string")
    start = meta.get("start")
    if start is None:
        problems.error(
            path,
            tree.line_of("tree"),
            "the tree has no start node: add 'start: <node id>' (the first question)",
        )
    elif not isinstance(start, str):
        problems.error(path, line(meta, "start"), "`start` must be a node id")
    else:
        tree.start = start
    if "versions" in meta:
        tree.versions = str(meta["versions"])
    _read_escalation(tree, meta, problems, line)
    _read_aliases(tree, meta, problems, line)
    _read_tests(tree, meta, problems, first_line)


def _read_escalation(tree: DecisionTree, meta: Any, problems: Problems, line: Any) -> None:
    if "escalation" not in meta:
        return
    value = meta["escalation"]
    where = line(meta, "escalation")
    if isinstance(value, int) and not isinstance(value, bool):
        tree.tier = value
        return
    if isinstance(value, CommentedMap):
        for key in value:
            if key not in ("tier", "ticket"):
                problems.error(
                    tree.path,
                    line(value, key),
                    f"unknown key '{key}' in `escalation`. Expected one of: tier, ticket.",
                )
        tier = value.get("tier")
        if tier is not None:
            if isinstance(tier, int) and not isinstance(tier, bool):
                tree.tier = tier
            else:
                problems.error(
                    tree.path, where, "`escalation.tier` must be a tier number: 1, 2 or 3"
                )
        ticket = value.get("ticket")
        if ticket is not None:
            tree.ticket = str(ticket)
        return
    problems.error(
        tree.path,
        where,
        "`escalation` must be a tier number (1, 2 or 3) or a mapping {tier: 2, ticket: name}",
    )


def _read_aliases(tree: DecisionTree, meta: Any, problems: Problems, line: Any) -> None:
    if "aliases" not in meta:
        return
    value = meta["aliases"]
    if not isinstance(value, dict):
        problems.error(
            tree.path,
            line(meta, "aliases"),
            "`aliases` must map old node ids to current ones, e.g. {old-id: new-id}",
        )
        return
    for old, new in value.items():
        message = node_id_error(str(old))
        if message:
            problems.error(tree.path, line(meta, "aliases"), f"alias: {message}")
            continue
        tree.aliases[str(old)] = str(new)


def _read_tests(tree: DecisionTree, meta: Any, problems: Problems, first_line: int) -> None:
    if "tests" not in meta:
        return
    value = meta["tests"]
    if not isinstance(value, CommentedSeq):
        problems.error(
            tree.path,
            key_line(meta, "tests", first_line),
            "`tests` must be a list of {answers: [...], expect: node-id}",
        )
        return
    for index, item in enumerate(value):
        where = item_line(value, index, first_line)
        number = index + 1
        if not isinstance(item, CommentedMap) or "expect" not in item or "answers" not in item:
            problems.error(
                tree.path,
                where,
                f"test {number} must have `answers:` (a list of answer labels) and `expect:` "
                "(the node id it ends at)",
            )
            continue
        unknown = [k for k in item if k not in ("answers", "expect", "name")]
        if unknown:
            problems.error(
                tree.path,
                where,
                f"test {number}: unknown key '{unknown[0]}'. "
                "Expected one of: answers, expect, name.",
            )
            continue
        answers = item["answers"]
        if not isinstance(answers, list) or not all(
            isinstance(a, str | int | float | bool) for a in answers
        ):
            problems.error(
                tree.path, where, f"test {number}: `answers` must be a list of answer labels"
            )
            continue
        tree.scenarios.append(
            Scenario(
                answers=[_yaml_text(a) for a in answers],
                expect=str(item["expect"]),
                line=where,
                number=number,
            )
        )


def _yaml_text(value: object) -> str:
    # YAML 1.2 keeps yes/no as strings; a bare `true` still shows up as a bool.
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
