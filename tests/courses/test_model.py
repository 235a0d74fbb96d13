"""The course model without MkDocs: parsing, grading of every type, seeded draws, sealing."""

from __future__ import annotations

import json

import pytest
from supportal.core.problems import Problems
from supportal.core.yamlfile import parse_yaml
from supportal.courses.grading import answer_problem, canonical_text, draw, grade, parse_number
from supportal.courses.policy import AssessmentPolicy
from supportal.courses.questions import Question, find_inline_questions, parse_question
from supportal.courses.sealing import answer_key, digest, question_salt, seal, unseal

from .helpers import load_sample_course


def question(yaml: str) -> Question:
    problems = Problems()
    q = parse_question(parse_yaml(yaml, "bank.yml"), "bank.yml", problems)
    assert not problems, [str(p) for p in problems]
    assert q is not None
    return q


FULL = AssessmentPolicy(partial=False)
PARTIAL = AssessmentPolicy(partial=True, penalty=0)
PENALTY = AssessmentPolicy(partial=True, penalty=0.5)
DEFAULT = AssessmentPolicy()

MULTI = question("""
id: m
type: multiple
stem: Pick
options:
  - {text: a, correct: true}
  - {text: b, correct: true}
  - {text: c, correct: true}
  - text: d
""")


def keys(q: Question, *texts: str) -> list[str]:
    return [o.key for o in q.options if o.text in texts]


def test_single_and_truefalse() -> None:
    q = question("id: s\ntype: single\nstem: S\noptions:\n  - {text: yes, correct: true}\n  - no\n")
    assert grade(q, keys(q, "yes")[0], FULL) == 1.0
    assert grade(q, keys(q, "no")[0], FULL) == 0.0
    assert grade(q, None, FULL) == 0.0
    tf = question("id: t\ntype: truefalse\nstem: T\nanswer: false\n")
    assert grade(tf, "false", FULL) == 1.0
    assert grade(tf, "true", FULL) == 0.0


def test_multiple_all_or_nothing_partial_and_penalty() -> None:
    all3 = keys(MULTI, "a", "b", "c")
    assert grade(MULTI, all3, FULL) == 1.0
    assert grade(MULTI, keys(MULTI, "a", "b"), FULL) == 0.0
    assert grade(MULTI, keys(MULTI, "a", "b"), PARTIAL) == pytest.approx(2 / 3)
    assert grade(MULTI, keys(MULTI, "a", "b", "d"), PARTIAL) == pytest.approx(2 / 3)
    assert grade(MULTI, keys(MULTI, "a", "b", "d"), PENALTY) == pytest.approx(0.5)
    assert grade(MULTI, keys(MULTI, "d"), PENALTY) == 0.0  # never below zero
    assert grade(MULTI, all3 + keys(MULTI, "d"), FULL) == 0.0
    # By default a wrong pick cancels a right one: ticking every box does not earn full credit.
    assert grade(MULTI, keys(MULTI, "a", "b", "c", "d"), DEFAULT) == pytest.approx(2 / 3)
    two = question(
        "id: t\ntype: multiple\nstem: P\noptions:\n  - {text: a, correct: true}\n"
        "  - {text: b, correct: true}\n  - c\n  - d\n"
    )
    assert grade(two, keys(two, "a", "b", "c", "d"), DEFAULT) == 0.0
    assert grade(two, keys(two, "a", "b", "c"), DEFAULT) == 0.5


def test_text_alternatives_case_whitespace_and_regex() -> None:
    q = question('id: t\ntype: text\nstem: T\nanswers: ["kvctl repo compact", "repo compact"]\n')
    assert grade(q, "  KVCTL   repo Compact ", FULL) == 1.0
    assert grade(q, "repo compact", FULL) == 1.0
    assert grade(q, "repo", FULL) == 0.0
    cs = question("id: c\ntype: text\nstem: T\nanswers: [KEK]\ncase_sensitive: true\n")
    assert grade(cs, "KEK", FULL) == 1.0
    assert grade(cs, "kek", FULL) == 0.0
    rx = question('id: r\ntype: text\nstem: T\nregex: "(sudo\\\\s+)?kvagent\\\\s+status"\n')
    assert grade(rx, "sudo kvagent status", FULL) == 1.0
    assert grade(rx, "KVAGENT STATUS", FULL) == 1.0
    assert grade(rx, "kvagent status now", FULL) == 0.0  # the whole answer must match
    assert canonical_text("Ｋｅｙ  Ｆｉｌｅ") == "key file"  # NFKC folds full-width letters
    # White space is what the browser's \s and trim() take: U+FEFF yes, U+001C and U+0085 no.
    assert canonical_text("\ufeffKey\u3000\u2028File\ufeff") == "key file"
    assert canonical_text("key\x1cfile\x85") == "key\x1cfile\x85"
    assert parse_number("\ufeff2.5\ufeffGB", "GB") == 2.5
    assert parse_number("2.5\x85") is None


def test_numeric_tolerance_edges_and_units() -> None:
    q = question("id: n\ntype: numeric\nstem: N\nanswer: 2.5\ntolerance: 0.1\nunit: GB\n")
    assert grade(q, "2.6", FULL) == 1.0  # exactly at the edge, despite binary rounding
    assert grade(q, "2.4", FULL) == 1.0
    assert grade(q, "2.61", FULL) == 0.0
    assert grade(q, "2.5 gb", FULL) == 1.0
    assert grade(q, "2.5GB", FULL) == 1.0
    assert grade(q, "2.5 MB", FULL) == 0.0
    assert grade(q, "about 2.5", FULL) == 0.0
    exact = question("id: e\ntype: numeric\nstem: N\nanswer: 8443\n")
    assert grade(exact, "8443", FULL) == 1.0
    assert grade(exact, "8443.0001", FULL) == 0.0
    assert grade(exact, "8443 ports", FULL) == 0.0  # no unit declared: none accepted
    assert parse_number("-1.5e3") == -1500.0
    assert parse_number("4,0") == 4.0 and parse_number("2,5 GB", "GB") == 2.5  # decimal comma
    assert parse_number("1,000") is None and parse_number("1,0001") == 1.0001  # 1,000: ambiguous
    # The browser grader (grading.js) reads ASCII digits only; so must the reference grader.
    assert parse_number("\uff18\uff14\uff14\uff13") is None  # full-width 8443
    assert grade(exact, "\u0668\u0664\u0664\u0663", FULL) == 0.0  # Arabic-Indic 8443


def test_numbers_that_cannot_be_read_are_explained_not_graded() -> None:
    q = question("id: n\ntype: numeric\nstem: N\nanswer: 4\nunit: GB\n")
    assert answer_problem(q, "1,000") == (
        'Write the number as 1000 or as 1.000: "1,000" could mean either.'
    )
    assert answer_problem(q, "4 GiB") == (
        'The answer is in GB: write the number alone or followed by "GB", not "GiB".'
    )
    assert answer_problem(q, "four") == (
        "Write the answer as a number with the digits 0-9, such as 4 or 4.5 (in GB)."
    )
    assert answer_problem(q, "4 gb") is None and answer_problem(q, "5") is None  # merely wrong
    assert answer_problem(q, None) is None  # unanswered is not unreadable
    bare = question("id: b\ntype: numeric\nstem: N\nanswer: 8443\n")
    assert answer_problem(bare, "8443 ports") == 'Write the number alone, without "ports".'
    assert answer_problem(MULTI, "1,000") is None  # only numbers are read


def test_ordering_and_matching_partial_credit() -> None:
    q = question("id: o\ntype: ordering\nstem: O\nitems: [a, b, c, d]\n")
    right = [o.key for o in q.options]
    assert grade(q, right, FULL) == 1.0
    swapped = [right[1], right[0], right[2], right[3]]
    assert grade(q, swapped, FULL) == 0.0
    assert grade(q, swapped, PARTIAL) == 0.5
    # A wrong position is a right one missed: the penalty is for extra picks only.
    assert grade(q, swapped, PENALTY) == 0.5
    assert grade(q, swapped, DEFAULT) == 0.5
    m = question("id: m\ntype: matching\nstem: M\nleft: [x, y, z]\nright: ['1', '2', '3']\n")
    pairs = {o.key: m.right[i].key for i, o in enumerate(m.options)}
    assert grade(m, pairs, FULL) == 1.0
    two = dict(pairs)
    del two[m.options[2].key]
    assert grade(m, two, FULL) == 0.0
    assert grade(m, two, PARTIAL) == pytest.approx(2 / 3)
    wrong = {
        m.options[0].key: m.right[1].key,
        m.options[1].key: m.right[0].key,
        m.options[2].key: m.right[2].key,
    }
    assert grade(m, wrong, PENALTY) == pytest.approx(1 / 3)  # a wrong pair earns nothing
    assert grade(m, wrong, DEFAULT) == pytest.approx(1 / 3)


def test_draw_is_reproducible_from_its_seed() -> None:
    pools = [([f"a{i}" for i in range(6)], 2), ([f"b{i}" for i in range(5)], 3)]
    first = draw(12345, ["fixed"], pools, shuffle=True)
    assert first == draw(12345, ["fixed"], pools, shuffle=True)
    assert len(first) == 6 and "fixed" in first
    assert sum(q.startswith("a") for q in first) == 2 and sum(q.startswith("b") for q in first) == 3
    assert {tuple(draw(s, ["fixed"], pools, shuffle=True)) for s in range(20)} != {tuple(first)}
    assert draw(7, ["f"], pools, shuffle=False)[0] == "f"


def test_keys_carry_no_plain_answers_and_seal_round_trips() -> None:
    q = question(
        'id: t\ntype: text\nstem: T\nanswers: ["keys export"]\nregex: "kvctl keys export"\n'
    )
    salt = question_salt("", "course", "t")
    key = json.dumps(answer_key(q, salt))
    assert "keys export" not in key
    assert key.count(digest(salt, "t", "keys export")) == 1
    sealed = seal(salt, "t", {"regex": q.regex})
    assert "keys" not in sealed
    assert unseal(salt, "t", sealed) == {"regex": "kvctl keys export"}
    assert question_salt("secret", "course", "t") != salt


def test_inline_question_blocks_keep_file_lines() -> None:
    body = "Intro\n\n```question\nid: q1\ntype: truefalse\nstem: S\nanswer: true\n```\n\ntext\n"
    problems = Problems()
    blocks = find_inline_questions(body, "lesson.md", problems, first_line=5)
    assert not problems
    assert [b.question.id for b in blocks if b.question] == ["q1"]
    assert blocks[0].question.line == 8


def test_sample_course_covers_every_type_with_twenty_questions() -> None:
    loaded = load_sample_course()
    assert len(loaded.course.modules) >= 3
    assert len(loaded.questions) >= 20
    assert {q.type for q in loaded.questions.values()} == {
        "single",
        "multiple",
        "truefalse",
        "text",
        "numeric",
        "ordering",
        "matching",
    }
