"""A tiny course portal for build tests: one course, two lessons, one bank."""

from __future__ import annotations

from pathlib import Path

from ..harness import DEFAULT_CONFIG, make_portal

CONFIG = DEFAULT_CONFIG + "  - supportal/courses\n"

COURSE = """\
id: demo
title: Demo course
summary: A short course.
modules:
  - id: one
    title: One
    lessons: [a.md]
  - id: two
    title: Two
    requires: [one]
    lessons:
      - page: b.md
        check: [q1]
final:
  questions: [q2]
  pools:
    - bank: pool
      draw: 1
  pass_mark: 50
"""

BANK = """\
questions:
  - id: q1
    type: single
    stem: Which port?
    options:
      - text: "8443"
        correct: true
      - text: "22"
  - id: q2
    type: numeric
    stem: How many days?
    answer: 7
    tolerance: 0
"""

POOL = """\
questions:
  - id: p1
    type: truefalse
    stem: Is it?
    answer: true
  - id: p2
    type: truefalse
    stem: Is it not?
    answer: false
"""

LESSON_A = """\
# Lesson A

Text.

```question
id: a1
type: text
stem: Name the CLI.
answers: [kvctl]
```
"""

LESSON_B = "# Lesson B\n\nMore text.\n"


def course_portal(root: Path, **overrides: str) -> Path:
    """Write the portal; keyword overrides replace files by name (course, bank, pool, a, b)."""
    files = {
        "course": COURSE,
        "bank": BANK,
        "pool": POOL,
        "a": LESSON_A,
        "b": LESSON_B,
        **overrides,
    }
    return make_portal(
        root,
        {
            "index.md": "# Home\n",
            "courses/index.md": "# Courses\n\nAll courses.\n",
            "courses/demo/a.md": files["a"],
            "courses/demo/b.md": files["b"],
        },
        config=CONFIG,
        extra_files={
            "docs/courses/demo/course.yml": files["course"],
            "docs/courses/demo/questions/bank.yml": files["bank"],
            "docs/courses/demo/questions/pool.yml": files["pool"],
        },
    )
