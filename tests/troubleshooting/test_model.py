"""Every validation rule of a tree, with its exact message (model only, no MkDocs)."""

from __future__ import annotations

import pytest
from supportal.core.versions import VersionRange
from supportal.troubleshooting.model import slugify

from .helpers import Issue, Pages, check, tree_from

# Lines: 1 ---, 2 tree, 3 title, 4 start, 5 escalation, 6 ---, 8 # Demo, 10 q1, 12 body,
# 14 Yes, 15 No, 17 done, 19 help.
GOOD = """\
---
tree: demo
title: Demo
start: q1
escalation: 2
---

# Demo

## First question? {#q1 .question}

Body with `code`.

- [Yes](#done)
- [No](#help)

## Done {#done .resolved}

## Get help {#help .escalate}
"""


def test_a_good_tree_has_no_problems() -> None:
    assert check(GOOD) == []


def test_the_markdown_form_reads_nodes_answers_and_bodies() -> None:
    tree = tree_from(GOOD)
    assert (tree.id, tree.title, tree.start, tree.tier) == ("demo", "Demo", "q1", 2)
    assert list(tree.nodes) == ["q1", "done", "help"]
    q1 = tree.nodes["q1"]
    assert (q1.kind, q1.title, q1.line, q1.body) == (
        "question",
        "First question?",
        10,
        "Body with `code`.",
    )
    assert [(a.label, a.target, a.line, a.slug) for a in q1.answers] == [
        ("Yes", "#done", 14, "yes"),
        ("No", "#help", 15, "no"),
    ]
    assert tree.intro == "# Demo"
    assert len(tree.revision) == 8


def test_body_lists_and_admonitions_stay_in_the_body() -> None:
    tree = tree_from(
        GOOD.replace("Body with `code`.", "- a plain item\n- another\n\n!!! note\n    Hi.\n\nText.")
    )
    assert tree.nodes["q1"].body.startswith("- a plain item")
    assert [a.label for a in tree.nodes["q1"].answers] == ["Yes", "No"]


def test_headings_without_a_kind_are_body_text() -> None:
    tree = tree_from(GOOD.replace("Body with `code`.", "### Details {#details}\n\nMore."))
    assert "### Details {#details}" in tree.nodes["q1"].body


def test_code_blocks_are_not_parsed() -> None:
    tree = tree_from(GOOD.replace("Body with `code`.", "```md\n## Fake {#fake .question}\n```"))
    assert "fake" not in tree.nodes


def test_revision_changes_with_the_structure_only() -> None:
    base = tree_from(GOOD).revision
    assert tree_from(GOOD.replace("Body with", "Other body with")).revision == base
    assert tree_from(GOOD.replace("- [No](#help)", "- [Nope](#help)")).revision != base


def test_slugs() -> None:
    assert slugify("Yes, it's `running`!") == "yes-it-s-running"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # missing / unknown start
        (
            ("start: q1\n", ""),
            "content/t/tree.md:2: the tree has no start node: add 'start: <node id>' (the first question)",
        ),
        (
            ("start: q1", "start: q2"),
            "content/t/tree.md:4: unknown start node 'q2'. Expected one of: q1, done, help.",
        ),
        # duplicate and malformed node ids
        (
            ("{#done .resolved}", "{#q1 .resolved}"),
            "content/t/tree.md:17: duplicate node id 'q1' (first at line 10)",
        ),
        (
            ("{#done .resolved}", "{#Done .resolved}"),
            "content/t/tree.md:17: node id 'Done' must be lowercase letters, digits and single '-' "
            "(it is used in URLs)",
        ),
        (
            ("{#done .resolved}", "{.resolved}"),
            "content/t/tree.md:17: resolved heading without an id: write {#some-id .resolved}",
        ),
        (
            ("## Done {#done .resolved}", "## {#done .resolved}"),
            "content/t/tree.md:17: resolved node 'done' needs a title: write it before {#done .resolved}",
        ),
        (
            ("{#done .resolved}", "{#done .resolvd}"),
            "content/t/tree.md:17: unknown node kind 'resolvd'. Expected one of: question, step, resolved, "
            "escalate, known-issue, goto. Did you mean 'resolved'?",
        ),
        (
            ("{#done .resolved}", "{#done .resolved .step}"),
            "content/t/tree.md:17: a node has one kind, not 2: resolved, step",
        ),
        (
            ("{#done .resolved}", "{#done .resolved tier=2}"),
            "content/t/tree.md:17: unknown attribute 'tier' on resolved node 'done'. A resolved node takes none.",
        ),
        # dangling targets
        (
            ("(#done)", "(#dnoe)"),
            "content/t/tree.md:14: answer 'Yes' links to unknown node 'dnoe'. Expected one of: q1, done, help. "
            "Did you mean 'done'?",
        ),
        (
            ("(#done)", "(missing.md)"),
            "content/t/tree.md:14: answer 'Yes' links to 'missing.md', but there is no page 't/missing.md' "
            "in the docs",
        ),
        (
            ("(#done)", "(../manual.md#prots)"),
            "content/t/tree.md:14: answer 'Yes' links to unknown anchor '#prots' of 'manual.md'. "
            "Did you mean 'ports'?",
        ),
        (
            ("(#done)", "(../old.md)"),
            "content/t/tree.md:14: answer 'Yes' links to '../old.md', which is not published in release 2.4 "
            "(its versions: <2.0): limit this answer with a '/// versions' block",
        ),
        (
            ("(#done)", "(/manual.md)"),
            "content/t/tree.md:14: answer 'Yes' links to '/manual.md': write the path relative to this page",
        ),
        (
            ("(#done)", "(ftp://x.example/)"),
            "content/t/tree.md:14: answer 'Yes' links to 'ftp://x.example/': use a relative page path, an "
            "#anchor, known-issue:<id> or an http(s) URL",
        ),
        # unreachable
        (
            ("## Get help", "## Orphan {#orphan .resolved}\n\n## Get help"),
            "content/t/tree.md:19: node 'orphan' cannot be reached from the start node 'q1': link to it from "
            "an answer, or remove it",
        ),
        # non-terminal without answers
        (
            ("## Done {#done .resolved}", "## Done {#done .step}"),
            "content/t/tree.md:17: step 'done' has no answers: end it with a list of links such as "
            "'- [Yes](#next-node)'",
        ),
        # terminal with answers
        (
            ("## Done {#done .resolved}", "## Done {#done .resolved}\n\n- [Again](#q1)"),
            "content/t/tree.md:19: resolution 'done' ends the guide and cannot have answers: remove the list "
            "of links, or make it a step",
        ),
        # duplicate labels and slugs
        (
            ("- [No](#help)", "- [Yes](#help)"),
            "content/t/tree.md:15: duplicate answer 'Yes' in node 'q1' (first at line 14)",
        ),
        (
            ("- [No](#help)", "- [yes!](#help)"),
            "content/t/tree.md:15: answers 'Yes' and 'yes!' of node 'q1' have the same URL key 'yes': reword one",
        ),
        (
            ("- [No](#help)", "- [?!](#help)"),
            "content/t/tree.md:15: answer '?!' needs letters or digits: they make its URL key",
        ),
        # answers mixed with other list items
        (
            ("- [No](#help)", "- [No](#help)\n- see the manual"),
            "content/t/tree.md:16: the answer list of node 'q1' mixes links with other text: each answer is "
            "one line '- [label](#node-id)'; put other text above the list",
        ),
        # escalation
        (
            ("escalation: 2\n", ""),
            "content/t/tree.md:18: escalate node 'help' has no tier: add tier=N to the heading or "
            "'escalation: N' to the front matter",
        ),
        (
            ("{#help .escalate}", "{#help .escalate tier=4}"),
            "content/t/tree.md:19: escalate node 'help': tier 4 is not in support.yml. Expected one of: 1, 2, 3.",
        ),
        (
            ("{#help .escalate}", "{#help .escalate ticket=zen}"),
            "content/t/tree.md:19: unknown ticket template 'zen' (escalate node 'help'). Expected one of: "
            "zendesk, github, jira, mail. Did you mean 'zendesk'?",
        ),
        (
            ("{#help .escalate}", "{#help .escalate collect=Version}"),
            "content/t/tree.md:19: escalate node 'help': field name 'Version' must be lowercase letters, "
            "digits and '_', such as agent_version",
        ),
        # front matter
        (
            ("tree: demo", "tree: Demo Tree"),
            "content/t/tree.md:2: tree id 'Demo Tree' must be lowercase letters, digits and single '-' "
            "(it is used in URLs and reports)",
        ),
        (  # digits are allowed, so "must be ... digits" puzzled the author of `tree: 42`
            ("tree: demo", "tree: 42"),
            "content/t/tree.md:2: tree id must be text, not a number: put it in quotes ('42')",
        ),
        (
            ("escalation: 2", "escalation: high"),
            "content/t/tree.md:5: `escalation` must be a tier number (1, 2 or 3) or a mapping "
            "{tier: 2, ticket: name}",
        ),
        (
            ("escalation: 2", "escalation: 2\naliases: {first: q9}"),
            "content/t/tree.md:6: alias 'first' points to unknown node 'q9'. Expected one of: q1, done, help.",
        ),
        (
            ("escalation: 2", "escalation: 2\naliases: {q1: done}"),
            "content/t/tree.md:6: alias 'q1' is also a current node id: remove the alias",
        ),
        (
            ("escalation: 2", "escalation: 2\ntests: [{answers: [Yes]}]"),
            "content/t/tree.md:6: test 1 must have `answers:` (a list of answer labels) and `expect:` (the node "
            "id it ends at)",
        ),
    ],
)
def test_errors(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in GOOD
    problems = check(
        GOOD.replace(old, new, 1),
        pages=Pages({"manual.md": {"install", "ports"}}, outside={"old.md": "<2.0"}),
    )
    assert message in problems, problems


def test_a_tree_without_nodes() -> None:
    assert check("---\ntree: x\nstart: a\n---\n\nJust text.\n") == [
        "content/t/tree.md:2: the tree has no nodes: write headings such as '## Is the agent running? "
        "{#agent-running .question}'",
    ]


TRAP = (
    GOOD.replace("- [No](#help)", "- [No](#loop-a)")
    + """
## Loop A {#loop-a .step}

- [Next](#loop-b)

## Loop B {#loop-b .step}

- [Back](#loop-a)
"""
)


def test_trap_a_cycle_with_no_exit() -> None:
    problems = check(TRAP)
    assert problems == [
        "content/t/tree.md:19: node 'help' cannot be reached from the start node 'q1': link to it from an "
        "answer, or remove it",
        "content/t/tree.md:21: trap: no resolution, escalation or known issue can be reached from step "
        "'loop-a' (its answers only lead back into the same questions)",
        "content/t/tree.md:25: trap: no resolution, escalation or known issue can be reached from step "
        "'loop-b' (its answers only lead back into the same questions)",
    ]


RETRY = (
    GOOD.replace("- [No](#help)", "- [No](#retry)")
    + """
## Try again {#retry .step}

- [It works](#done)
- [Ask again](#q1)
- [Still broken](#help)
"""
)


def test_a_cycle_that_can_exit_is_a_warning() -> None:
    assert check(RETRY) == [
        "content/t/tree.md:10: cycle q1 → retry → q1: if it is an intended retry loop, mark the answer "
        "that goes back with {: .retry}",
    ]


def test_a_marked_retry_loop_is_fine() -> None:
    assert check(RETRY.replace("- [Ask again](#q1)", "- [Ask again](#q1){: .retry}")) == []


def test_more_than_seven_answers_is_a_warning() -> None:
    many = "\n".join(f"- [Answer {i}](#done)" for i in range(8))
    problems = check(GOOD.replace("- [Yes](#done)\n- [No](#help)", many + "\n- [No](#help)"))
    assert problems == [
        "content/t/tree.md:10: question 'q1' has 9 answers: more than 7 are hard to choose from; split it "
        "into two questions",
    ]


def test_a_path_deeper_than_the_limit_is_a_warning() -> None:
    assert check(GOOD, max_depth=0) == [
        "content/t/tree.md:17: 'done' is 1 answers from the start at the shortest (limit 0): split the "
        "guide or shorten the path",
        "content/t/tree.md:19: 'help' is 1 answers from the start at the shortest (limit 0): split the "
        "guide or shorten the path",
    ]


SCENARIOS = GOOD.replace(
    "escalation: 2",
    """escalation: 2
tests:
  - answers: ["Yes"]
    expect: done
  - answers: ["no"]
    expect: done
  - answers: ["Maybe"]
    expect: done
  - answers: ["q1=No"]
    expect: help
  - answers: ["Yes", "Again"]
    expect: done""",
)


def test_failing_scenarios() -> None:
    assert check(SCENARIOS) == [
        "content/t/tree.md:9: test 2 fails: expected to end at 'done', but the answers end at 'help'",
        "content/t/tree.md:11: test 3 fails: answer 1 'Maybe' is not an answer of 'q1'. Expected one of: "
        "Yes, No.",
        "content/t/tree.md:15: test 5 fails: answer 2 'Again': 'done' has no answers (it ends the guide)",
    ]


def test_removed_node_without_alias_warns() -> None:
    registry = {"demo": {"q1", "done", "help", "gone"}}
    assert check(GOOD, registry=registry) == [
        "content/t/tree.md:2: node 'gone' was published before and is gone, so share links that pass "
        "through it break: add 'aliases: {gone: <current node id>}'",
    ]
    with_alias = GOOD.replace("escalation: 2", "escalation: 2\naliases: {gone: help}")
    assert check(with_alias, registry=registry) == []


def test_escalation_over_budget_warns() -> None:
    long_question = "Is it " + "really " * 250 + "broken?"
    text = GOOD.replace("First question?", long_question).replace(
        "{#help .escalate}", "{#help .escalate ticket=mail}"
    )
    problems = check(text)
    assert len(problems) == 1
    assert problems[0].startswith(
        "content/t/tree.md:19: escalation 'help': the longest path (1 answers) makes a "
    )
    assert problems[0].endswith(
        "-character 'mail' ticket URL, over its budget of 1800: the report in it gets cut (Copy report "
        "still has all)"
    )


def test_escalation_without_support_desk() -> None:
    assert check(GOOD, desk=None) == [
        "content/t/tree.md:19: escalate node 'help' needs a support desk, but support.yml was not found "
        "(see the support-desk docs)",
    ]


KI = (
    GOOD.replace("- [No](#help)", "- [No](#ki)")
    + """
## Known problem {#ki .known-issue ref=KV-1042}
"""
)


def test_known_issue_without_the_reading_plugin_warns() -> None:
    assert check(KI, known=None) == [
        "content/t/tree.md:21: known issue 'KV-1042' cannot be checked or shown: enable the supportal/reading "
        "plugin (it provides known issues)",
        "content/t/tree.md:19: node 'help' cannot be reached from the start node 'q1': link to it from an "
        "answer, or remove it",
    ]


def test_escalations_wait_for_a_support_desk_with_errors() -> None:
    # support.yml's own errors are reported: "not found" would be a second, wrong message.
    assert check(GOOD, desk=None, unread={"desk_unread": True}) == []


def test_known_issue_links_wait_for_a_known_issues_file_with_errors() -> None:
    # Read without its faulty entries, the file would make every link to them "unknown".
    unreachable = (
        "content/t/tree.md:19: node 'help' cannot be reached from the start node 'q1': link to "
        "it from an answer, or remove it"
    )
    assert check(KI, known={})[0].startswith(
        "content/t/tree.md:21: unknown known issue 'KV-1042': the portal has no known issues"
    )
    assert check(KI, known={}, unread={"known_issues_unread": True}) == [unreachable]


def test_anchor_links_wait_for_a_page_whose_front_matter_has_errors() -> None:
    text = GOOD.replace("- [No](#help)", "- [No](#help)\n- [Read](../manual.md#retention)")
    assert check(text) == [
        "content/t/tree.md:16: answer 'Read' links to unknown anchor '#retention' of "
        "'manual.md'."
    ]
    assert check(text, unread={"unread_pages": {"manual.md"}}) == []


def test_known_issue_lookup() -> None:
    issue = Issue("KV-1042", "Restores fail", VersionRange.parse(">=2.0,<2.4"), "2.4")
    known = {"KV-1042": issue, "KV-1188": Issue("KV-1188", "x", VersionRange.parse(">=2.4"))}
    text = KI.replace("- [No](#ki)", "- [No](#ki)\n- [Help](#help)")
    assert check(text, known=known, release="2.0") == []
    assert check(text, known=known, release="2.4") == [
        "content/t/tree.md:22: known issue 'KV-1042' does not affect release 2.4 (it affects >=2.0,<2.4): "
        "limit this branch with a '/// versions' block",
    ]
    assert check(text.replace("ref=KV-1042", "ref=KV-1024"), known=known, release="2.0") == [
        "content/t/tree.md:22: unknown known issue 'KV-1024'. Expected one of: KV-1042, KV-1188. "
        "Did you mean 'KV-1042'?",
    ]
    assert check(text.replace(" ref=KV-1042", ""), known=known, release="2.0") == [
        "content/t/tree.md:22: known-issue node 'ki' needs ref=<known issue id>, e.g. "
        "{#ki .known-issue ref=KV-1042}",
    ]


OTHER = """\
---
tree: other
title: Other
start: first
---

## Other first {#first .question}

- [Fine](#ok)
- [Back to demo](tree.md#help)

## OK {#ok .resolved}
"""


def test_answers_cross_into_other_trees() -> None:
    text = GOOD.replace(
        "- [No](#help)", "- [No](#help)\n- [Other guide](other.md)\n- [Other ok](other.md#ok)"
    )
    assert check(text, OTHER) == []
    assert check(text.replace("other.md#ok", "other.md#okay"), OTHER) == [
        "content/t/tree.md:17: answer 'Other ok' links to unknown node 'okay' of tree 'other'. Expected one "
        "of: first, ok. Did you mean 'ok'?",
    ]


def test_goto_nodes() -> None:
    text = (
        GOOD.replace("- [No](#help)", "- [No](#jump)")
        + "\n## Continue elsewhere {#jump .goto to=other.md#first}\n"
    )
    assert check(text, OTHER)[1:] == []  # 'help' becomes unreachable; the goto itself is fine
    missing = text.replace(" to=other.md#first", "")
    assert (
        "content/t/tree.md:21: goto node 'jump' needs to=<page.md#node>, e.g. {#jump .goto to=network.md#start}"
        in check(missing, OTHER)
    )
    dangling = text.replace("to=other.md#first", "to=other.md#firts")
    assert (
        "content/t/tree.md:21: goto node 'jump' links to unknown node 'firts' of tree 'other'. Expected "
        "one of: first, ok. Did you mean 'first'?"
    ) in check(dangling, OTHER)


def test_scenarios_follow_other_trees() -> None:
    text = GOOD.replace("- [No](#help)", "- [No](#help)\n- [Other guide](other.md)").replace(
        "escalation: 2",
        "escalation: 2\ntests:\n  - answers: [Other guide, Fine]\n    expect: other#ok",
    )
    assert check(text, OTHER) == []


def test_duplicate_tree_ids() -> None:
    assert "content/t/other.md:2: duplicate tree id 'demo' (also content/t/tree.md)" in check(
        GOOD, GOOD
    )


def test_answers_can_end_at_a_known_issue_by_id() -> None:
    issue = Issue("KV-1042", "Restores fail", VersionRange.parse(">=2.0,<2.4"), "2.4")
    text = GOOD.replace("- [No](#help)", "- [No](#help)\n- [Key error](known-issue:KV-1042)").replace(
        "escalation: 2", "escalation: 2\ntests:\n  - answers: [Key error]\n    expect: known-issue:KV-1042"
    )
    assert check(text, known={"KV-1042": issue}, release="2.0") == []
    assert check(text.replace("known-issue:KV-1042)", "known-issue:KV-1043)"), known={"KV-1042": issue},
                 release="2.0")[0] == (
        "content/t/tree.md:19: unknown known issue 'KV-1043'. Expected one of: KV-1042. Did you mean 'KV-1042'?"
    )
    assert check(text, known={}, release="2.0")[0] == (  # was "Expected one of: ."
        "content/t/tree.md:19: unknown known issue 'KV-1042': the portal has no known issues "
        "(supportal/reading's 'known_issues' file is missing or lists none)"
    )
    assert check(text, known={"KV-1042": issue}, release="2.4") == [
        "content/t/tree.md:19: known issue 'KV-1042' does not affect release 2.4 (it affects >=2.0,<2.4): "
        "limit this branch with a '/// versions' block",
    ]
    assert check(text, known=None)[0] == (
        "content/t/tree.md:19: known issue 'KV-1042' cannot be checked or shown: enable the supportal/reading "
        "plugin (it provides known issues)"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("title: Demo", "title: ''", "content/t/tree.md:3: `title` must be a non-empty string"),
        ("start: q1", "start: [q1]", "content/t/tree.md:4: `start` must be a node id"),
        ("escalation: 2", "escalation: {tier: 2, tiket: mail}",
         "content/t/tree.md:5: unknown key 'tiket' in `escalation`. Expected one of: tier, ticket."),
        ("escalation: 2", "escalation: {tier: two}",
         "content/t/tree.md:5: `escalation.tier` must be a tier number: 1, 2 or 3"),
        ("escalation: 2", "escalation: 2\naliases: [q1]",
         "content/t/tree.md:6: `aliases` must map old node ids to current ones, e.g. {old-id: new-id}"),
        ("escalation: 2", "escalation: 2\naliases: {Old: q1}",
         "content/t/tree.md:6: alias: node id 'Old' must be lowercase letters, digits and single '-' "
         "(it is used in URLs)"),
        ("escalation: 2", "escalation: 2\ntests: {answers: [Yes]}",
         "content/t/tree.md:6: `tests` must be a list of {answers: [...], expect: node-id}"),
        ("escalation: 2", "escalation: 2\ntests: [{answers: [Yes], expect: done, why: x}]",
         "content/t/tree.md:6: test 1: unknown key 'why'. Expected one of: answers, expect, name."),
        ("escalation: 2", "escalation: 2\ntests: [{answers: Yes, expect: done}]",
         "content/t/tree.md:6: test 1: `answers` must be a list of answer labels"),
    ],
)
def test_front_matter_problems(old: str, new: str, message: str) -> None:
    assert old in GOOD
    problems = check(GOOD.replace(old, new, 1))
    assert message in problems, problems


def test_escalation_mapping_sets_tier_and_ticket() -> None:
    tree = tree_from(GOOD.replace("escalation: 2", "escalation: {tier: 3, ticket: github}"))
    assert (tree.tier, tree.ticket) == (3, "github")
    assert check(GOOD.replace("escalation: 2", "escalation: {tier: 3, ticket: github}")) == []
