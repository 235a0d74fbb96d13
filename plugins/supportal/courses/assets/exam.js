// The final assessment: attempts drawn from a stored seed, answers saved as typed, one submit.
import { draw, mulberry32, seedOf } from "./draw.js";
import { answerProblem, grade } from "./grading.js";
import { RESET_ADVICE, attemptsLeft, finalGrade, finalOutOfReach, pct, reveals } from "./progress.js";
import { arrange, bindHints, bindOrdering, questionOf, readResponse, resetQuestion, setLocked, showResult, writeResponse } from "./widgets.js";

const open = (record) => {
  const last = record.final.attempts[record.final.attempts.length - 1];
  return last && !last.submitted ? last : null;
};
const same = (a, b) => a.seed === b.seed && a.started === b.started;
// Changes that other tabs make and this page must show: attempts started or submitted.
const signature = (record) => JSON.stringify(record.final.attempts.map((a) => [a.seed, a.started, a.submitted]));

export function initExam(ctx, section) {
  const { manifest, store } = ctx;
  const final = manifest.final;
  const policy = final.policy;
  const form = section.querySelector(".kv-exam__form");
  const status = section.querySelector(".kv-exam__status");
  const startButton = section.querySelector(".kv-exam__start");
  const submitButton = section.querySelector(".kv-exam__submit");
  const confirmButton = section.querySelector(".kv-exam__confirm");
  const warning = section.querySelector(".kv-exam__warning");
  const resultBox = section.querySelector(".kv-exam__result");
  const questions = new Map(Array.from(form.querySelectorAll(".kv-q")).map((el) => [el.dataset.kvQuestion, questionOf(el)]));
  for (const q of questions.values()) {
    bindOrdering(q, () => remember(q));
    bindHints(q);
  }
  const submitted = (record) => record.final.attempts.filter((a) => a.submitted);
  let rendered = null;

  function startState(record) {
    const done = submitted(record);
    const last = done[done.length - 1];
    return {
      left: attemptsLeft(manifest, record) > 0,
      waitUntil: last && !last.passed && policy.cooldown ? last.submitted + policy.cooldown * 60000 : 0,
    };
  }

  function remember(q) {
    const shown = open(store.record);
    if (!shown || !shown.questions.includes(q.id)) return;
    const response = readResponse(q);
    store.update((record) => {
      const attempt = open(record);
      if (attempt && same(attempt, shown)) attempt.responses[q.id] = response;
    });
  }
  for (const type of ["change", "input"]) {
    form.addEventListener(type, (event) => {
      const el = event.target.closest(".kv-q");
      if (el) remember(questions.get(el.dataset.kvQuestion));
    });
  }

  function show(attempt, editable) {
    form.hidden = false;
    for (const q of questions.values()) {
      q.el.hidden = !attempt.questions.includes(q.id);
      resetQuestion(q);
    }
    attempt.questions.forEach((id, index) => {
      const q = questions.get(id);
      if (!q) return;
      form.insertBefore(q.el, warning);
      q.el.querySelector(".kv-q__number").textContent = `Question ${index + 1} of ${attempt.questions.length}: `;
      arrange(q, mulberry32((attempt.seed ^ seedOf(id)) >>> 0), policy.shuffle);
      writeResponse(q, attempt.responses[id]);
      setLocked(q, !editable);
      if (editable) return;
      const reveal = reveals(policy, attempt.passed);
      showResult(q, attempt.responses[id], grade(q, attempt.responses[id] ?? null, policy), reveal, reveal);
    });
    submitButton.hidden = !editable;
    confirmButton.hidden = true;
    warning.textContent = "";
  }

  function render() {
    const record = store.record;
    rendered = signature(record);
    const done = submitted(record);
    const g = finalGrade(manifest, record);
    const lines = [];
    if (done.length) {
      lines.push(`Attempts used: ${done.length}${policy.attempts ? ` of ${policy.attempts}` : ""}. Your ${policy.grading === "last" ? "last" : "best"} score: ${pct(g.grade)}, ${g.passed ? "passed" : "not passed"} (pass mark ${policy.pass_mark} %).`);
    }
    startButton.hidden = true;
    const attempt = open(record);
    if (attempt) {
      lines.push(`Attempt ${done.length + 1} in progress: answer every question, then submit.`);
      show(attempt, true);
    } else {
      const last = done[done.length - 1];
      if (last) show(last, false);
      else form.hidden = true;
      const { left, waitUntil } = startState(record);
      if (!left && finalOutOfReach(manifest, record)) {
        lines.push(`You have used all ${policy.attempts} attempts without reaching the pass mark, so the course cannot be completed in this browser. ${RESET_ADVICE}`);
      } else if (!left) {
        lines.push(`You have used all ${policy.attempts} attempts.`);
      } else if (waitUntil > Date.now()) {
        // rounded up: at "05:05" a wait ending 05:05:10 would still refuse the learner
        const minute = new Date(Math.ceil(waitUntil / 60000) * 60000);
        lines.push(`You can start another attempt after ${minute.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} (a wait of ${policy.cooldown} minutes after a failed attempt). Reload the page then.`);
      } else {
        startButton.hidden = false;
        startButton.textContent = done.length ? "Start another attempt" : "Start an attempt";
      }
    }
    status.textContent = lines.join(" ");
  }

  startButton.addEventListener("click", () => {
    const seed = window.crypto.getRandomValues(new Uint32Array(1))[0];
    const ids = draw(seed, final.fixed, final.pools, policy.shuffle);
    store.update((record) => {
      // another tab may have started one, or used the last attempt, since this page showed the button
      const { left, waitUntil } = startState(record);
      if (open(record) || !left || waitUntil > Date.now()) return;
      record.final.attempts.push({ seed, started: Date.now(), questions: ids, responses: {}, submitted: null, score: null, passed: false });
    });
    resultBox.replaceChildren();
    render();
    const first = form.querySelector(".kv-q:not([hidden]) input, .kv-q:not([hidden]) select, .kv-q:not([hidden]) button");
    if (first && !form.hidden) first.focus();
  });

  function submit(force) {
    const shown = open(store.record);
    if (!shown) return;
    const responses = { ...shown.responses };
    for (const id of shown.questions) if (questions.has(id)) responses[id] = readResponse(questions.get(id));
    const numbered = shown.questions.map((id, index) => [id, index]);
    const unanswered = numbered.filter(([id]) => responses[id] === null || responses[id] === undefined);
    // not graded as written (`1,000`, `4 GiB`): listed with the unanswered ones, and counted as
    // unanswered when submitted anyway
    const unreadable = numbered
      .map(([id, index]) => [index, questions.has(id) ? answerProblem(questions.get(id), responses[id]) : null])
      .filter(([, problem]) => problem);
    const pending = unanswered.length + unreadable.length;
    if (pending && !force) {
      const parts = [];
      if (unanswered.length) {
        const list = unanswered.map(([, index]) => `Question ${index + 1}`).join(", ");
        parts.push(`${unanswered.length} question${unanswered.length === 1 ? " is" : "s are"} not answered: ${list}.`);
      }
      for (const [index, problem] of unreadable) parts.push(`Question ${index + 1} cannot be graded as written: ${problem}`);
      const verb = !unreadable.length ? "Answer" : unanswered.length ? "Answer or correct" : "Correct";
      parts.push(`${verb} ${pending === 1 ? "it" : "them"}, or choose "Submit anyway".`);
      warning.textContent = parts.join(" ");
      confirmButton.hidden = false;
      return;
    }
    let earned = 0, total = 0;
    for (const id of shown.questions) {
      const q = questions.get(id);
      if (!q) continue;
      total += q.points;
      earned += q.points * grade(q, responses[id] ?? null, policy).credit;
    }
    const score = total ? Math.round((1000 * earned) / total) / 10 : 0;
    const result = { responses, score, passed: score >= policy.pass_mark, submitted: Date.now() };
    const saved = store.update((record) => {
      const attempt = open(record);
      if (!attempt || !same(attempt, shown)) return false; // submitted in another tab meanwhile
      Object.assign(attempt, result);
      return true;
    });
    render();
    if (saved) {
      const p = document.createElement("p");
      p.className = `kv-exam__outcome kv-exam__outcome--${result.passed ? "passed" : "failed"}`;
      p.textContent = `${result.passed ? "✓ Passed" : "✗ Not passed"}: attempt ${submitted(store.record).length} scored ${pct(score)} (pass mark ${policy.pass_mark} %).`;
      resultBox.replaceChildren(p);
    }
    resultBox.focus();
    ctx.progressChanged();
  }
  submitButton.addEventListener("click", () => submit(false));
  confirmButton.addEventListener("click", () => submit(true));
  render();
  ctx.onRefresh.push(() => {
    if (signature(store.record) === rendered) return;
    resultBox.replaceChildren();
    render();
  });
}
