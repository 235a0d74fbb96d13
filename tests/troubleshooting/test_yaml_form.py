"""The YAML form: same model as Markdown, every problem located at its YAML line."""

from __future__ import annotations

import pytest
from supportal.core.problems import Problems
from supportal.core.yamlfile import parse_yaml
from supportal.troubleshooting.yaml_form import page_markdown, page_uri, parse_yaml_tree

from ..harness import dedent

TREE = """\
tree: gen
title: Generated
start: first
escalation: 1
nodes:
  first:
    kind: question
    title: First?
    answers:
      - {label: "Yes", goto: done}
      - {label: "No", goto: help, retry: true}
      - {label: Elsewhere, goto: "other.md#start"}
  done:
    kind: resolved
    title: Done
    body: All *good*.
  help:
    kind: escalate
    title: Help
    tier: 2
    ticket: github
    collect: [agent_version, {os: Operating system}]
  jump:
    kind: goto
    title: Go on
    to: other.md
  ki:
    kind: known-issue
    title: Known
    ref: KV-1
"""


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems()
    tree = parse_yaml_tree(
        parse_yaml(dedent(text), "docs/t/gen.tree.yml"),
        path="docs/t/gen.tree.yml",
        src_uri="t/gen.md",
        problems=problems,
    )
    return tree, [str(p) for p in problems]


def test_yaml_compiles_to_the_model() -> None:
    tree, problems = parse(TREE)
    assert problems == []
    assert tree.source_form == "yaml"
    assert (tree.id, tree.title, tree.start, tree.tier) == ("gen", "Generated", "first", 1)
    first = tree.nodes["first"]
    assert [(a.label, a.target, a.retry, a.line) for a in first.answers] == [
        ("Yes", "#done", False, 10),
        ("No", "#help", True, 11),
        ("Elsewhere", "other.md#start", False, 12),
    ]
    help_node = tree.nodes["help"]
    assert (help_node.tier, help_node.ticket, help_node.collect) == (
        2,
        "github",
        ("agent_version", "os"),
    )
    assert help_node.field_label("os") == "Operating system"
    assert help_node.field_label("agent_version") == "Agent version"
    assert tree.nodes["jump"].answers[0].target == "other.md"
    assert tree.nodes["ki"].ref == "KV-1"
    assert tree.nodes["done"].body == "All *good*."


def test_generated_page() -> None:
    tree, _ = parse(TREE.replace("title: Generated", 'title: Generated "guide"\nversions: ">=2.0"'))
    assert page_uri("t/gen.tree.yml") == "t/gen.md"
    assert (
        page_markdown(tree)
        == '---\ntitle: "Generated \\"guide\\""\nversions: ">=2.0"\n---\n\n# Generated "guide"\n\n'
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "nodes:",
            "nodez:",
            "docs/t/gen.tree.yml:5: unknown key 'nodez'. Expected one of: tree, title, start, "
            "versions, escalation, aliases, tests, intro, nodes. Did you mean 'nodes'?",
        ),
        (
            "  first:\n",
            "  First:\n",
            "docs/t/gen.tree.yml:6: node id 'First' must be lowercase letters, digits "
            "and single '-' (it is used in URLs)",
        ),
        (
            "    kind: resolved",
            "    kind: fixed",
            "docs/t/gen.tree.yml:14: unknown node kind 'fixed'. Expected "
            "one of: question, step, resolved, escalate, known-issue, goto.",
        ),
        ("    title: Done\n", "", "docs/t/gen.tree.yml:13: node 'done' needs a `title`"),
        (
            '      - {label: "Yes", goto: done}',
            '      - {label: "Yes"}',
            "docs/t/gen.tree.yml:10: an answer of node 'first' needs `label` and `goto`",
        ),
        (
            "goto: done}",
            "goto: done, next: x}",
            "docs/t/gen.tree.yml:10: unknown key 'next' in an answer. "
            "Expected one of: label, goto, retry.",
        ),
        (
            "    tier: 2",
            "    tier: two",
            "docs/t/gen.tree.yml:20: escalate node 'help': tier must be 1, 2 or 3",
        ),
        (
            "[agent_version, {os: Operating system}]",
            "Agent Version",
            "docs/t/gen.tree.yml:22: escalate node 'help': `collect` must be a list of field names such as "
            "[agent_version, os: Operating system]",
        ),
        (
            "    to: other.md\n",
            "",
            "docs/t/gen.tree.yml:23: goto node 'jump' needs `to: <page.md#node>`",
        ),
        (
            "    ref: KV-1\n",
            "",
            "docs/t/gen.tree.yml:27: known-issue node 'ki' needs `ref: <known issue id>`",
        ),
        (
            "    title: First?",
            "    title: First?\n    colour: red",
            "docs/t/gen.tree.yml:9: unknown key 'colour' in "
            "node 'first'. Expected one of: kind, title, body, answers, ref, tier, ticket, collect, to.",
        ),
        (
            "    to: other.md",
            "    to: other.md\n    answers: []",
            "docs/t/gen.tree.yml:27: goto node 'jump' "
            "cannot have answers: it continues to its `to:` target",
        ),
        # A list where text is expected was dropped or shown as "['...']" without a word.
        (
            "    body: All *good*.",
            "    body: [All, good]",
            "docs/t/gen.tree.yml:16: node 'done': `body` must be Markdown text (a string)",
        ),
        (
            "start: first\n",
            "start: first\nintro: [Read, this]\n",
            "docs/t/gen.tree.yml:4: `intro` must be Markdown text (a string)",
        ),
        (
            '{label: "Yes", goto: done}',
            "{label: [Yes], goto: done}",
            "docs/t/gen.tree.yml:10: an answer label of node 'first' must be text, not ['Yes']",
        ),
        (
            '{label: "No", goto: help, retry: true}',
            '{label: "No", goto: help, retry: 1}',
            "docs/t/gen.tree.yml:11: answer 'No' of node 'first': `retry` must be true or false, "
            "not '1' (true marks an intended loop back)",
        ),
    ],
)
def test_yaml_problems(old: str, new: str, message: str) -> None:
    assert old in TREE
    _, problems = parse(TREE.replace(old, new, 1))
    assert message in problems, problems


def test_not_a_mapping() -> None:
    problems = Problems()
    assert parse_yaml_tree(["x"], path="a.tree.yml", src_uri="a.md", problems=problems) is None
    assert [str(p) for p in problems] == [
        "a.tree.yml:1: a tree file must be a mapping with tree, title, start and nodes"
    ]


def test_a_multi_line_node_title_stays_one_heading() -> None:
    # "## All\n\n# done" made the heading "All" and put a stray "# done" heading in the body.
    tree, problems = parse(TREE.replace("    title: Done\n", '    title: "All\\n\\n# done"\n'))
    assert problems == []
    done = tree.nodes["done"]
    assert (done.title, done.heading) == ("All # done", "## All # done")
