"""What a page carries instead of answers: salted hashes, and sealed (obfuscated) extras.

Exact-match keys are SHA-256 hashes of `salt|question|...`; the browser hashes the learner's
answer the same way and compares. What cannot be hashed (a regex, a numeric tolerance) and the
feedback that would give answers away are *sealed*: XORed with a SHA-256 keystream derived from
the salt. That keeps answers out of view-source; it does not stop someone running the page's
own code — browser grading is self-assessment, and the docs say so.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from .grading import canonical_text
from .questions import Question


def question_salt(secret: str, course_id: str, question_id: str) -> str:
    return hashlib.sha256(f"{secret}|{course_id}|{question_id}".encode()).hexdigest()[:16]


def digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def seal(salt: str, question_id: str, value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    stream = bytearray()
    block = 0
    while len(stream) < len(data):
        stream += hashlib.sha256(f"{salt}|seal|{question_id}|{block}".encode()).digest()
        block += 1
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, stream, strict=False))).decode()


def unseal(salt: str, question_id: str, sealed: str) -> Any:
    data = base64.b64decode(sealed)
    stream = bytearray()
    block = 0
    while len(stream) < len(data):
        stream += hashlib.sha256(f"{salt}|seal|{question_id}|{block}".encode()).digest()
        block += 1
    return json.loads(bytes(a ^ b for a, b in zip(data, stream, strict=False)).decode())


def answer_key(question: Question, salt: str) -> dict[str, Any]:
    """The public, hashed key of a question (goes into the page as JSON)."""
    q = question.id
    if question.type in ("single", "multiple"):
        return {
            "marks": {
                o.key: digest(salt, q, o.key, "1" if o.correct else "0") for o in question.options
            }
        }
    if question.type == "truefalse":
        return {
            "marks": {
                v: digest(salt, q, v, "1" if (v == "true") == question.answer else "0")
                for v in ("true", "false")
            }
        }
    if question.type == "text":
        return {
            "answers": sorted(
                {
                    digest(salt, q, canonical_text(a, question.case_sensitive))
                    for a in question.answers
                }
            )
        }
    if question.type == "ordering":
        return {
            "positions": [digest(salt, q, str(i), o.key) for i, o in enumerate(question.options)]
        }
    if question.type == "matching":
        return {
            "pairs": {
                o.key: digest(salt, q, o.key, question.right[i].key)
                for i, o in enumerate(question.options)
            }
        }
    return {}


def sealed_extras(
    question: Question,
    salt: str,
    feedback_html: dict[str, str],
    explanation_html: str,
    answer_html: str,
) -> str:
    """Sealed JSON: rendered feedback per option, explanation, shown answer, regex/numeric key."""
    value: dict[str, Any] = {
        "feedback": feedback_html,
        "explanation": explanation_html,
        "answer": answer_html,
    }
    if question.type == "text" and question.regex is not None:
        value["regex"] = question.regex
    if question.type == "numeric":
        value["numeric"] = {"value": question.answer, "tolerance": question.tolerance}
    return seal(salt, question.id, value)
