// Question widgets: read and restore answers, shuffle, keyboard ordering, show results.
import { correctKeys, solution, unseal } from "./grading.js";
import { shuffleWithPins, shuffled } from "./draw.js";

export function questionOf(el) {
  const d = el.dataset;
  return {
    el,
    id: d.kvQuestion,
    type: d.type,
    salt: d.salt,
    key: JSON.parse(d.key || "{}"),
    extras: unseal(d.salt, d.kvQuestion, d.sealed),
    caseSensitive: d.case === "yes",
    unit: d.unit || "",
    points: parseFloat(d.points || "1"),
    shuffle: d.shuffle === "yes",
    // build-time order, so every arrangement starts from the same place (reproducible)
    original: Array.from(el.querySelectorAll(".kv-q__options > .kv-q__option, .kv-order > .kv-order__item")),
    originalRight: Array.from(el.querySelector(".kv-match__select")?.options || []).slice(1).map((o) => o.value),
  };
}

// Back to the build-time order and no answer (a new attempt starts here).
export function resetQuestion(q) {
  for (const node of q.original) node.parentNode.append(node);
  for (const s of selects(q)) {
    const byValue = new Map(Array.from(s.options).map((o) => [o.value, o]));
    for (const v of q.originalRight) s.append(byValue.get(v));
    s.value = "";
  }
  for (const i of inputs(q)) i.checked = false;
  const input = q.el.querySelector(".kv-q__input");
  if (input) input.value = "";
  clearResult(q);
}

const inputs = (q) => Array.from(q.el.querySelectorAll(".kv-q__options input"));
const items = (q) => Array.from(q.el.querySelectorAll(".kv-order__item"));
const selects = (q) => Array.from(q.el.querySelectorAll(".kv-match__select"));

export function readResponse(q) {
  switch (q.type) {
    case "single":
    case "truefalse": {
      const checked = inputs(q).find((i) => i.checked);
      return checked ? checked.value : null;
    }
    case "multiple": {
      const chosen = inputs(q).filter((i) => i.checked).map((i) => i.value);
      return chosen.length ? chosen : null;
    }
    case "text":
    case "numeric": {
      const value = q.el.querySelector(".kv-q__input").value.trim();
      return value === "" ? null : value;
    }
    case "ordering":
      return items(q).map((li) => li.dataset.key);
    case "matching": {
      const pairs = {};
      for (const s of selects(q)) if (s.value) pairs[s.dataset.left] = s.value;
      return Object.keys(pairs).length ? pairs : null;
    }
    default:
      return null;
  }
}

export function writeResponse(q, response) {
  if (response === null || response === undefined) return;
  switch (q.type) {
    case "single":
    case "truefalse":
      for (const i of inputs(q)) i.checked = i.value === String(response);
      break;
    case "multiple":
      for (const i of inputs(q)) i.checked = Array.isArray(response) && response.includes(i.value);
      break;
    case "text":
    case "numeric":
      q.el.querySelector(".kv-q__input").value = String(response);
      break;
    case "ordering": {
      const list = q.el.querySelector(".kv-order");
      const byKey = new Map(items(q).map((li) => [li.dataset.key, li]));
      if (Array.isArray(response) && response.length === byKey.size && response.every((k) => byKey.has(k))) {
        for (const k of response) list.append(byKey.get(k));
      }
      break;
    }
    case "matching":
      for (const s of selects(q)) {
        const value = response[s.dataset.left];
        if (value && Array.from(s.options).some((o) => o.value === value)) s.value = value;
      }
      break;
    default:
  }
}

// Shuffle what may be shuffled, with `rand` seeded per attempt (or per learner for checks).
export function arrange(q, rand, shuffleOptions) {
  if ((q.type === "single" || q.type === "multiple") && shuffleOptions && q.shuffle) {
    const box = q.el.querySelector(".kv-q__options");
    const labels = Array.from(box.children);
    const pinned = new Set(labels.filter((l) => l.dataset.pinned).map((l) => l.dataset.key));
    const order = shuffleWithPins(labels.map((l) => l.dataset.key), pinned, rand);
    const byKey = new Map(labels.map((l) => [l.dataset.key, l]));
    for (const k of order) box.append(byKey.get(k));
  } else if (q.type === "ordering") {
    const list = q.el.querySelector(".kv-order");
    for (const li of shuffled(items(q), rand)) list.append(li);
  } else if (q.type === "matching") {
    const first = selects(q)[0];
    if (!first) return;
    const order = shuffled(Array.from(first.options).slice(1).map((o) => o.value), rand);
    for (const s of selects(q)) {
      const byValue = new Map(Array.from(s.options).map((o) => [o.value, o]));
      for (const v of order) s.append(byValue.get(v));
    }
  }
}

// Up/Down buttons for ordering: keyboard and single-pointer alternative to dragging.
export function bindOrdering(q, onChange) {
  const list = q.el.querySelector(".kv-order");
  if (!list) return;
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    const li = button.closest(".kv-order__item");
    const all = items(q);
    const index = all.indexOf(li);
    const target = button.dataset.move === "up" ? index - 1 : index + 1;
    const text = li.querySelector(".kv-order__text").textContent.trim();
    const status = q.el.querySelector(".kv-q__feedback");
    if (target < 0 || target >= all.length) {
      status.textContent = `"${text}" is already ${target < 0 ? "first" : "last"}.`;
      return;
    }
    if (target < index) list.insertBefore(li, all[target]);
    else list.insertBefore(li, all[target].nextSibling);
    button.focus();
    onChange(); // before the status line: a check clears its old verdict, status included
    status.textContent = `Moved "${text}" to position ${target + 1} of ${all.length}.`;
  });
}

// "Show a hint" reveals the next hidden hint; the button goes when none is left. Focus moves
// to the hint (tabindex=-1): it is read out, and is not lost with the hidden button.
export function bindHints(q) {
  const button = q.el.querySelector(".kv-q__hint-button");
  if (!button) return;
  button.addEventListener("click", () => {
    const next = q.el.querySelector(".kv-q__hint[hidden]");
    if (!next) return;
    next.hidden = false;
    button.hidden = !q.el.querySelector(".kv-q__hint[hidden]");
    next.focus();
  });
}

export function setLocked(q, locked) {
  for (const control of q.el.querySelectorAll("input, select, .kv-order button")) control.disabled = locked;
}

// Author HTML rendered at build time from the course's Markdown (not learner input).
function appendAuthorHtml(parent, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  parent.append(template.content);
}

function para(parent, className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  parent.append(p);
  return p;
}

export function clearResult(q) {
  q.el.classList.remove("kv-q--right", "kv-q--wrong", "kv-q--partial");
  for (const v of q.el.querySelectorAll(".kv-q__verdict")) {
    v.textContent = "";
    v.className = "kv-q__verdict";
  }
  q.el.querySelector(".kv-q__feedback").replaceChildren();
}

function mark(span, ok, text) {
  span.textContent = text;
  span.className = `kv-q__verdict ${ok ? "kv-q__verdict--right" : "kv-q__verdict--wrong"}`;
}

// Verdict (text and symbol, never colour alone); unless `detail` is false, per-item marks,
// per-option feedback and the explanation; when `reveal` is true also the right answers.
// The final passes detail = false until its review policy allows answers: a per-item mark
// ("right place", which pick was right) would give them away.
export function showResult(q, response, result, reveal, detail = true) {
  clearResult(q);
  const box = q.el.querySelector(".kv-q__feedback");
  const state = result.credit >= 1 ? "right" : result.credit <= 0 ? "wrong" : "partial";
  q.el.classList.add(`kv-q--${state}`);
  const percent = Math.round(result.credit * 100);
  para(box, `kv-q__outcome kv-q__outcome--${state}`,
    state === "right" ? "✓ Correct." : state === "wrong" ? "✗ Not correct." : `◐ Partly correct (${percent} %).`);
  if (!detail) return;
  if (q.type === "single" || q.type === "multiple" || q.type === "truefalse") {
    const right = new Set(reveal ? correctKeys(q) : []);
    for (const label of q.el.querySelectorAll(".kv-q__option")) {
      const k = label.dataset.key;
      const span = label.querySelector(".kv-q__verdict");
      if (k in result.right) mark(span, result.right[k], result.right[k] ? "✓ right choice" : "✗ wrong choice");
      else if (right.has(k)) mark(span, true, "✓ correct answer (not chosen)");
      const feedback = (q.extras.feedback || {})[k];
      const chosen = Array.isArray(response) ? response.includes(k) : response === k;
      if (feedback && chosen) appendAuthorHtml(box, feedback);
    }
  } else if (q.type === "ordering") {
    for (const li of q.el.querySelectorAll(".kv-order__item")) {
      mark(li.querySelector(".kv-q__verdict"), result.right[li.dataset.key], result.right[li.dataset.key] ? "✓ right place" : "✗ wrong place");
    }
    if (reveal && state !== "right") {
      const texts = new Map(items(q).map((li) => [li.dataset.key, li.querySelector(".kv-order__text").textContent.trim()]));
      const order = solution(q, Array.from(texts.keys()));
      para(box, "kv-q__answer", `Correct order: ${order.map((k, i) => `${i + 1}. ${texts.get(k)}`).join("; ")}.`);
    }
  } else if (q.type === "matching") {
    const first = selects(q)[0];
    const labels = new Map(Array.from(first.options).slice(1).map((o) => [o.value, o.textContent]));
    const answer = reveal ? solution(q, Array.from(labels.keys())) : {};
    for (const row of q.el.querySelectorAll(".kv-match__row")) {
      const k = row.dataset.key;
      const span = row.querySelector(".kv-q__verdict");
      if (k in result.right) mark(span, result.right[k], result.right[k] ? "✓ right" : `✗ wrong${reveal ? `; correct: ${labels.get(answer[k])}` : ""}`);
      else mark(span, false, `✗ not answered${reveal ? `; correct: ${labels.get(answer[k])}` : ""}`);
    }
  } else if (reveal && state !== "right" && q.extras.answer) {
    const p = para(box, "kv-q__answer", "Correct answer: ");
    appendAuthorHtml(p, q.extras.answer);
  }
  if ((reveal || state === "right") && q.extras.explanation) {
    const div = document.createElement("div");
    div.className = "kv-q__explanation";
    appendAuthorHtml(div, q.extras.explanation);
    box.append(div);
  }
}
