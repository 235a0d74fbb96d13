// Browser grading against hashed keys: the same rules as supportal/courses/grading.py.
import { sha256, sha256Bytes } from "./sha256.js";

export function digest(...parts) {
  return sha256(parts.join("|"));
}

export function canonicalText(text, caseSensitive) {
  const t = String(text).normalize("NFKC").trim().split(/\s+/).filter(Boolean).join(" ");
  return caseSensitive ? t : t.toLowerCase();
}

// The decimal separator may be a point or a comma: numeric answers use inputmode="decimal",
// whose keyboard offers only a comma in many locales ("4,0"). No thousands separators.
const NUMBER = /^([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/s;

// `1,000` is one thousand to some readers and one to others: neither is guessed.
const GROUPED = /^[+-]?\d+,\d{3}$/;

// {value} of a numeric answer, or {problem}: why it cannot be read, said to the learner, who
// then corrects it instead of being marked wrong for how the number was written.
export function readNumber(text, unit) {
  const match = NUMBER.exec(String(text).trim());
  if (!match) return { problem: `Write the answer as a number with the digits 0-9, such as 4 or 4.5${unit ? ` (in ${unit})` : ""}.` };
  if (GROUPED.test(match[1])) {
    const [whole, part] = match[1].split(",");
    return { problem: `Write the number as ${whole}${part} or as ${whole}.${part}: "${match[1]}" could mean either.` };
  }
  const rest = match[2].trim();
  if (rest && !unit) return { problem: `Write the number alone, without "${rest}".` };
  if (rest && rest.toLowerCase() !== unit.toLowerCase()) {
    return { problem: `The answer is in ${unit}: write the number alone or followed by "${unit}", not "${rest}".` };
  }
  return { value: parseFloat(match[1].replace(",", ".")) };
}

export function parseNumber(text, unit) {
  return readNumber(text, unit).value ?? null;
}

// Why an answer cannot be graded as written (null when it can): only numbers have such answers.
export function answerProblem(q, response) {
  if (q.type !== "numeric" || response === null || response === undefined) return null;
  return readNumber(response, q.unit).problem ?? null;
}

export function within(value, answer, tolerance) {
  return Math.abs(value - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer));
}

// Sealed extras (feedback, explanation, regex, numeric key): XOR with a SHA-256 keystream.
export function unseal(salt, id, sealed) {
  if (!sealed) return {};
  const data = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
  const out = new Uint8Array(data.length);
  for (let block = 0; block * 32 < data.length; block++) {
    const stream = sha256Bytes(new TextEncoder().encode(`${salt}|seal|${id}|${block}`));
    for (let i = 0; i < 32 && block * 32 + i < data.length; i++) out[block * 32 + i] = data[block * 32 + i] ^ stream[i];
  }
  return JSON.parse(new TextDecoder().decode(out));
}

function fraction(right, wrong, total, policy) {
  if (total === 0) return 0;
  if (!policy.partial) return right === total && wrong === 0 ? 1 : 0;
  return Math.max(0, Math.min(1, (right - policy.penalty * wrong) / total));
}

// The right keys of a choice question (the page's own hashes, tried one by one).
export function correctKeys(q) {
  return Object.keys(q.key.marks || {}).filter((k) => q.key.marks[k] === digest(q.salt, q.id, k, "1"));
}

// Correct item per position (ordering) or right key per left key (matching).
export function solution(q, candidates) {
  if (q.type === "ordering") {
    return q.key.positions.map((hash, i) => candidates.find((k) => digest(q.salt, q.id, String(i), k) === hash));
  }
  if (q.type === "matching") {
    const result = {};
    for (const [left, hash] of Object.entries(q.key.pairs)) {
      result[left] = candidates.find((r) => digest(q.salt, q.id, left, r) === hash);
    }
    return result;
  }
  return null;
}

// q: {id, type, salt, key, extras, caseSensitive, unit}. Returns {credit, right: {...}}
// where `right` says per option/position/left key whether the learner got it right.
export function grade(q, response, policy) {
  const right = {};
  if (response === null || response === undefined) return { credit: 0, right };
  switch (q.type) {
    case "single":
    case "truefalse": {
      const ok = q.key.marks[String(response)] === digest(q.salt, q.id, String(response), "1");
      right[String(response)] = ok;
      return { credit: ok ? 1 : 0, right };
    }
    case "multiple": {
      const correct = new Set(correctKeys(q));
      const chosen = new Set(Array.isArray(response) ? response : []);
      let hits = 0, wrong = 0;
      for (const k of chosen) {
        right[k] = correct.has(k);
        if (correct.has(k)) hits++; else wrong++;
      }
      return { credit: fraction(hits, wrong, correct.size, policy), right };
    }
    case "text": {
      const text = String(response);
      if ((q.key.answers || []).includes(digest(q.salt, q.id, canonicalText(text, q.caseSensitive)))) return { credit: 1, right };
      if (q.extras.regex) {
        const re = new RegExp(`^(?:${q.extras.regex})$`, q.caseSensitive ? "" : "i");
        return { credit: re.test(text.trim()) ? 1 : 0, right };
      }
      return { credit: 0, right };
    }
    case "numeric": {
      const value = parseNumber(response, q.unit);
      const key = q.extras.numeric || {};
      return { credit: value !== null && within(value, key.value, key.tolerance) ? 1 : 0, right };
    }
    case "ordering": {
      const order = Array.isArray(response) ? response : [];
      let hits = 0;
      q.key.positions.forEach((hash, i) => {
        const ok = i < order.length && digest(q.salt, q.id, String(i), order[i]) === hash;
        right[order[i]] = ok;
        if (ok) hits++;
      });
      // A wrong position is a right one missed, not an extra pick: no penalty on top.
      return { credit: fraction(hits, 0, q.key.positions.length, policy), right };
    }
    case "matching": {
      const pairs = response && typeof response === "object" ? response : {};
      const lefts = Object.keys(q.key.pairs);
      let hits = 0;
      for (const left of lefts) {
        if (!pairs[left]) continue;
        const ok = digest(q.salt, q.id, left, pairs[left]) === q.key.pairs[left];
        right[left] = ok;
        if (ok) hits++;
      }
      return { credit: fraction(hits, 0, lefts.length, policy), right };
    }
    default:
      throw new Error(`unknown question type ${q.type}`);
  }
}
