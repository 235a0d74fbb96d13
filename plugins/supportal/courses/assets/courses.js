// Course runtime: progress, knowledge checks, final assessment, course home, certificate.
// Runs on every page view, including Material's instant navigation.
import { onPage } from "../core/instant.js";
import { draw, mulberry32, seedOf } from "./draw.js";
import { digest, grade } from "./grading.js";
import { completion, finalGrade, lessonDone, moduleComplete } from "./progress.js";
import { CourseStore } from "./store.js";
import {
  arrange, bindOrdering, clearResult, questionOf, readResponse, resetQuestion, setLocked, showResult, writeResponse,
} from "./widgets.js";

const pct = (value) => `${Math.round(value * 10) / 10} %`;

function showNotices(root, notices) {
  if (!notices.length) return;
  let box = root.querySelector(".kv-notices");
  if (!box) {
    box = document.createElement("div");
    box.className = "kv-notices";
    box.setAttribute("role", "status");
    const article = root.querySelector("article") || root.body;
    article.prepend(box);
  }
  for (const text of notices) {
    const p = document.createElement("p");
    p.className = "kv-notice";
    p.textContent = text;
    box.append(p);
  }
}

function absolute(manifest, url) {
  return new URL(`${manifest.base}/${url}`, window.location.href);
}

function reveals(policy, passed) {
  if (policy.review === "never") return false;
  if (policy.review === "after_pass") return passed;
  return true;
}

// ---- knowledge checks -------------------------------------------------------------------
function initChecks(ctx, root) {
  const { manifest, store } = ctx;
  const policy = manifest.checkPolicy;
  const fieldsets = Array.from(root.querySelectorAll('.kv-q[data-mode="check"]'));
  fieldsets.forEach((el, index) => {
    const q = questionOf(el);
    el.querySelector(".kv-q__number").textContent = `Question ${index + 1}: `;
    arrange(q, mulberry32(seedOf(`${manifest.storageKey}|${q.id}`)), policy.shuffle);
    const saved = store.record.answers[q.id];
    if (saved) {
      writeResponse(q, saved.response);
      showResult(q, saved.response, grade(q, saved.response, policy), reveals(policy, saved.credit >= 1));
    }
    bindOrdering(q, () => {});
    bindHints(q);
    el.querySelector(".kv-q__check").addEventListener("click", () => {
      const response = readResponse(q);
      if (response === null) {
        clearResult(q);
        el.querySelector(".kv-q__feedback").textContent = "Choose or type an answer first.";
        return;
      }
      const result = grade(q, response, policy);
      store.record.answers[q.id] = { response, credit: result.credit, at: Date.now() };
      store.save();
      showResult(q, response, result, reveals(policy, result.credit >= 1));
      updateProgress(ctx, root);
    });
  });
}

function bindHints(q) {
  const button = q.el.querySelector(".kv-q__hint-button");
  if (!button) return;
  button.addEventListener("click", () => {
    const next = q.el.querySelector(".kv-q__hint[hidden]");
    if (next) next.hidden = false;
    if (!q.el.querySelector(".kv-q__hint[hidden]")) button.hidden = true;
  });
}

// ---- final assessment -------------------------------------------------------------------
function initExam(ctx, root, section) {
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
  const attempts = () => store.record.final.attempts;
  const current = () => {
    const last = attempts()[attempts().length - 1];
    return last && !last.submitted ? last : null;
  };

  function remember(q) {
    const attempt = current();
    if (!attempt || !attempt.questions.includes(q.id)) return;
    attempt.responses[q.id] = readResponse(q);
    store.save();
  }
  form.addEventListener("change", (event) => {
    const el = event.target.closest(".kv-q");
    if (el) remember(questions.get(el.dataset.kvQuestion));
  });
  form.addEventListener("input", (event) => {
    const el = event.target.closest(".kv-q");
    if (el) remember(questions.get(el.dataset.kvQuestion));
  });

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
      if (!editable) showResult(q, attempt.responses[id], grade(q, attempt.responses[id] ?? null, policy), reveals(policy, attempt.passed));
    });
    submitButton.hidden = !editable;
    confirmButton.hidden = true;
    warning.textContent = "";
  }

  function render() {
    const done = attempts().filter((a) => a.submitted);
    const g = finalGrade(manifest, store.record);
    const lines = [];
    if (done.length) {
      lines.push(`Attempts used: ${done.length}${policy.attempts ? ` of ${policy.attempts}` : ""}. Your ${policy.grading === "last" ? "last" : "best"} score: ${pct(g.grade)}, ${g.passed ? "passed" : "not passed"} (pass mark ${policy.pass_mark} %).`);
    }
    startButton.hidden = true;
    const attempt = current();
    if (attempt) {
      lines.push(`Attempt ${done.length + 1} in progress: answer every question, then submit.`);
      show(attempt, true);
    } else {
      const last = done[done.length - 1];
      if (last) show(last, false);
      else form.hidden = true;
      const left = policy.attempts === 0 || done.length < policy.attempts;
      const waitUntil = last && !last.passed && policy.cooldown ? last.submitted + policy.cooldown * 60000 : 0;
      if (!left) {
        lines.push(`You have used all ${policy.attempts} attempts.`);
      } else if (waitUntil > Date.now()) {
        lines.push(`You can start another attempt after ${new Date(waitUntil).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} (a wait of ${policy.cooldown} minutes after a failed attempt). Reload the page then.`);
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
    attempts().push({ seed, started: Date.now(), questions: ids, responses: {}, submitted: null, score: null, passed: false });
    store.save();
    resultBox.replaceChildren();
    render();
    const first = form.querySelector(".kv-q:not([hidden]) input, .kv-q:not([hidden]) select, .kv-q:not([hidden]) button");
    if (first) first.focus();
  });

  function submit(force) {
    const attempt = current();
    if (!attempt) return;
    for (const id of attempt.questions) if (questions.has(id)) attempt.responses[id] = readResponse(questions.get(id));
    const unanswered = attempt.questions
      .map((id, index) => [id, index])
      .filter(([id]) => attempt.responses[id] === null || attempt.responses[id] === undefined);
    if (unanswered.length && !force) {
      const list = unanswered.map(([, index]) => `Question ${index + 1}`).join(", ");
      warning.textContent = `${unanswered.length} question${unanswered.length === 1 ? " is" : "s are"} not answered: ${list}. Answer ${unanswered.length === 1 ? "it" : "them"}, or choose "Submit anyway".`;
      confirmButton.hidden = false;
      return;
    }
    let earned = 0, total = 0;
    for (const id of attempt.questions) {
      const q = questions.get(id);
      if (!q) continue;
      total += q.points;
      earned += q.points * grade(q, attempt.responses[id] ?? null, policy).credit;
    }
    attempt.score = total ? Math.round((1000 * earned) / total) / 10 : 0;
    attempt.passed = attempt.score >= policy.pass_mark;
    attempt.submitted = Date.now();
    store.save();
    render();
    const number = attempts().filter((a) => a.submitted).length;
    const p = document.createElement("p");
    p.className = `kv-exam__outcome kv-exam__outcome--${attempt.passed ? "passed" : "failed"}`;
    p.textContent = `${attempt.passed ? "✓ Passed" : "✗ Not passed"}: attempt ${number} scored ${pct(attempt.score)} (pass mark ${policy.pass_mark} %).`;
    resultBox.replaceChildren(p);
    resultBox.focus();
    updateProgress(ctx, root);
  }
  submitButton.addEventListener("click", () => submit(false));
  confirmButton.addEventListener("click", () => submit(true));
  render();
}

// ---- course home, progress, navigation --------------------------------------------------
function lessonStatus(manifest, record, lesson) {
  const state = lessonDone(manifest, record, lesson);
  if (state.done) return ["done", "✓ Done"];
  if (!state.visited) return ["new", "Not started"];
  const score = state.score;
  return ["started", score ? `Visited; knowledge check ${Math.round(score.percent)} % (${score.answered} of ${score.count} answered)` : "Visited"];
}

function updateProgress(ctx, root) {
  const { manifest, store } = ctx;
  const record = store.record;
  const c = completion(manifest, record);
  for (const el of root.querySelectorAll("[data-kv-progress]")) {
    el.textContent = c.complete ? "Course complete (100 %). Your certificate is ready." : `${c.percent} % complete`;
  }
  for (const el of root.querySelectorAll("[data-kv-lesson-status]")) {
    const lesson = manifest.lessons.find((l) => l.id === el.dataset.kvLessonStatus);
    const [state, text] = lessonStatus(manifest, record, lesson);
    el.textContent = text;
    el.dataset.state = state;
  }
  for (const el of root.querySelectorAll("[data-kv-final-status]")) {
    const g = c.grade;
    el.textContent = !g || !g.attempts ? "Not taken" : g.passed ? `✓ Passed (${pct(g.grade)})` : `Not passed yet (${pct(g.grade)})`;
  }
  const resume = root.querySelector("[data-kv-resume]");
  if (resume) {
    const next = manifest.lessons.find((l) => !lessonDone(manifest, record, l).done);
    const started = Object.keys(record.visited).length > 0;
    if (next) {
      resume.href = absolute(manifest, next.url).href;
      resume.textContent = started ? `Resume: ${next.title}` : `Start the course: ${next.title}`;
    } else if (manifest.final && !(c.grade && c.grade.passed)) {
      resume.href = absolute(manifest, manifest.final.url).href;
      resume.textContent = `Take the ${manifest.final.title.toLowerCase()}`;
    } else {
      resume.href = absolute(manifest, manifest.certificate).href;
      resume.textContent = "Get your certificate";
    }
  }
  const prereq = root.querySelector("[data-kv-prereq]");
  const lesson = manifest.lessons.find((l) => l.id === manifest.lesson);
  if (prereq && lesson) {
    const module = manifest.modules.find((m) => m.id === lesson.module);
    const open = module.requires.filter((id) => !moduleComplete(manifest, record, id));
    prereq.hidden = open.length === 0;
    prereq.textContent = open.length
      ? `This module builds on ${open.map((id) => manifest.modules.find((m) => m.id === id).title).join(" and ")}, which you have not finished yet.`
      : "";
  }
  markNavigation(manifest, record, c, root);
}

function markNavigation(manifest, record, c, root) {
  const byPath = new Map(manifest.lessons.map((l) => [absolute(manifest, l.url).pathname, l]));
  const home = absolute(manifest, manifest.home).pathname;
  for (const link of root.querySelectorAll(".md-nav__link[href]")) {
    const path = new URL(link.getAttribute("href"), window.location.href).pathname;
    for (const old of link.querySelectorAll(".kv-tick, .kv-nav-pct")) old.remove();
    const lesson = byPath.get(path);
    if (lesson) {
      const [state, text] = lessonStatus(manifest, record, lesson);
      if (state === "new") continue;
      const tick = document.createElement("span");
      tick.className = `kv-tick kv-tick--${state}`;
      tick.textContent = state === "done" ? "✓" : "•";
      const sr = document.createElement("span");
      sr.className = "kv-sr";
      sr.textContent = ` (${text})`;
      tick.append(sr);
      link.append(tick);
    } else if (path === home) {
      const span = document.createElement("span");
      span.className = "kv-nav-pct";
      span.textContent = `${c.percent} %`;
      const sr = document.createElement("span");
      sr.className = "kv-sr";
      sr.textContent = " complete";
      span.append(sr);
      link.append(span);
    }
  }
}

function initHome(ctx, root, section) {
  const { manifest, store } = ctx;
  const notices = section.querySelector(".kv-notices");
  const say = (text) => {
    const p = document.createElement("p");
    p.className = "kv-notice";
    p.textContent = text;
    notices.replaceChildren(p);
  };
  section.querySelector("[data-kv-export]").addEventListener("click", () => {
    const blob = new Blob([store.exportText()], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${manifest.id}-progress.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    say("Progress exported. Import the file on another device from this page.");
  });
  const input = section.querySelector("[data-kv-import]");
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    const error = store.importText(await file.text());
    input.value = "";
    const extra = store.notices.splice(0);
    say(error || ["Progress imported.", ...extra].join(" "));
    updateProgress(ctx, root);
  });
  const confirm = section.querySelector(".kv-reset-confirm");
  section.querySelector("[data-kv-reset]").addEventListener("click", () => {
    confirm.hidden = false;
    confirm.querySelector("[data-kv-reset-no]").focus();
  });
  confirm.querySelector("[data-kv-reset-no]").addEventListener("click", () => {
    confirm.hidden = true;
  });
  confirm.querySelector("[data-kv-reset-yes]").addEventListener("click", () => {
    store.reset();
    confirm.hidden = true;
    say("The progress of this course was deleted from this browser.");
    updateProgress(ctx, root);
  });
}

// ---- certificate ------------------------------------------------------------------------
function initCertificate(ctx, section) {
  const { manifest, store } = ctx;
  const c = completion(manifest, store.record);
  const locked = section.querySelector(".kv-cert__locked");
  const form = section.querySelector(".kv-cert__form");
  const sheet = section.querySelector(".kv-cert__sheet");
  const missing = section.querySelector(".kv-cert__missing");
  if (!c.complete) {
    for (const text of c.missing) {
      const li = document.createElement("li");
      li.textContent = text;
      missing.append(li);
    }
    return;
  }
  locked.hidden = true;
  const fill = (cert) => {
    // learner input: textContent only
    section.querySelector(".kv-cert__learner").textContent = cert.name;
    section.querySelector(".kv-cert__course").textContent = manifest.title;
    section.querySelector(".kv-cert__release").textContent = cert.release;
    section.querySelector(".kv-cert__date").textContent = cert.date;
    section.querySelector(".kv-cert__score").textContent = pct(cert.score);
    section.querySelector(".kv-cert__code").textContent = cert.code;
    form.hidden = true;
    sheet.hidden = false;
  };
  section.querySelector("[data-kv-print]").addEventListener("click", () => window.print());
  if (store.record.certificate) {
    fill(store.record.certificate);
    return;
  }
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = form.querySelector(".kv-cert__name").value.trim().replace(/\s+/g, " ");
    if (!name) {
      form.querySelector(".kv-cert__error").textContent = "Type your name first.";
      return;
    }
    const date = new Date().toISOString().slice(0, 10);
    const score = c.grade ? c.grade.grade : 100;
    const raw = digest(manifest.id, manifest.release.version, name, date, String(score)).slice(0, 12).toUpperCase();
    const cert = { name, date, score, release: manifest.release.title, version: manifest.release.version, code: raw.match(/.{4}/g).join("-") };
    store.record.certificate = cert;
    store.save();
    fill(cert);
    sheet.setAttribute("tabindex", "-1");
    sheet.focus();
  });
}

// ---- catalog (no course data on that page: read each course's record directly) ----------
function initCatalog(root) {
  for (const el of root.querySelectorAll("[data-kv-catalog]")) {
    const lessons = el.dataset.lessons.split(" ").filter(Boolean);
    const out = el.querySelector("[data-kv-progress]");
    let record = null;
    try {
      record = JSON.parse(window.localStorage.getItem(el.dataset.kvCatalog) || "null");
    } catch (error) {
      record = null;
    }
    const visited = record && record.visited && typeof record.visited === "object" ? lessons.filter((id) => id in record.visited).length : 0;
    out.textContent = record && record.certificate ? "✓ Completed" : visited ? `${visited} of ${lessons.length} lessons visited` : "Not started";
  }
}

function init(root) {
  initCatalog(root);
  const data = root.querySelector(".kv-course-data");
  if (!data || data.dataset.kvReady) return;
  data.dataset.kvReady = "yes";
  const manifest = JSON.parse(data.dataset.course);
  const store = new CourseStore(manifest);
  const ctx = { manifest, store };
  showNotices(root, store.notices.splice(0));
  if (manifest.lesson && !(manifest.lesson in store.record.visited)) {
    store.record.visited[manifest.lesson] = Date.now();
    store.save();
  }
  initChecks(ctx, root);
  const exam = root.querySelector(".kv-exam");
  if (exam) initExam(ctx, root, exam);
  const home = root.querySelector(".kv-home");
  if (home) initHome(ctx, root, home);
  const cert = root.querySelector(".kv-cert");
  if (cert) initCertificate(ctx, cert);
  updateProgress(ctx, root);
}

onPage(init);
