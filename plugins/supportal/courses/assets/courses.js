// Course runtime: runs on every page view, including Material's instant navigation, and wires
// knowledge checks, the final (exam.js), the course home (home.js) and the certificate.
import { onPage } from "../core/instant.js";
import { initCertificate } from "./certificate.js";
import { mulberry32, seedOf } from "./draw.js";
import { initExam } from "./exam.js";
import { answerProblem, grade } from "./grading.js";
import { initHome, updateProgress } from "./home.js";
import { reveals } from "./progress.js";
import { CourseStore, checkRecord } from "./store.js";
import {
  arrange, bindHints, bindOrdering, clearResult, questionOf, readResponse, showResult, writeResponse,
} from "./widgets.js";

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

// ---- knowledge checks -------------------------------------------------------------------
function initChecks(ctx, root) {
  const { manifest, store } = ctx;
  const policy = manifest.checkPolicy;
  const fieldsets = Array.from(root.querySelectorAll('.kv-q[data-mode="check"]'));
  const shown = new Map(); // question id -> `at` of the saved answer on display
  const say = (q, text) => {
    clearResult(q);
    q.el.querySelector(".kv-q__feedback").textContent = text;
  };
  const showSaved = (q) => {
    const saved = store.record.answers[q.id];
    if (!saved) {
      if (shown.has(q.id)) clearResult(q);
    } else if (shown.get(q.id) !== saved.at) {
      writeResponse(q, saved.response);
      const problem = answerProblem(q, saved.response); // saved before such answers were refused
      if (problem) say(q, problem);
      else showResult(q, saved.response, grade(q, saved.response, policy), reveals(policy, saved.credit >= 1));
    }
    if (saved) shown.set(q.id, saved.at);
    else shown.delete(q.id);
  };
  const questions = fieldsets.map((el, index) => {
    const q = questionOf(el);
    el.querySelector(".kv-q__number").textContent = `Question ${index + 1}: `;
    arrange(q, mulberry32(seedOf(`${manifest.storageKey}|${q.id}`)), policy.shuffle);
    showSaved(q);
    // a verdict describes the answer that was checked: it goes as soon as the answer changes
    bindOrdering(q, () => clearResult(q));
    for (const type of ["change", "input"]) el.addEventListener(type, () => clearResult(q));
    bindHints(q);
    el.querySelector(".kv-q__check").addEventListener("click", () => {
      const response = readResponse(q);
      const problem = response === null ? "Choose or type an answer first." : answerProblem(q, response);
      if (problem) {
        say(q, problem);
        return;
      }
      const result = grade(q, response, policy);
      const answer = { response, credit: result.credit, at: Date.now() };
      store.update((record) => {
        record.answers[q.id] = answer;
      });
      shown.set(q.id, answer.at);
      showResult(q, response, result, reveals(policy, result.credit >= 1));
      ctx.progressChanged();
    });
    return q;
  });
  ctx.onRefresh.push(() => questions.forEach(showSaved));
}

// ---- catalog (no course data on that page: read each course's record directly) ----------
function initCatalog(root) {
  for (const el of root.querySelectorAll("[data-kv-catalog]")) {
    const lessons = el.dataset.lessons.split(" ").filter(Boolean);
    const out = el.querySelector("[data-kv-progress]");
    let record = null;
    try {
      // The course page resets a record this check refuses: here it counts as not started.
      record = checkRecord(JSON.parse(window.localStorage.getItem(el.dataset.kvCatalog) || "null"), el.dataset.course);
    } catch (error) {
      record = null;
    }
    const visited = record ? lessons.filter((id) => id in record.visited).length : 0;
    out.textContent = record && record.certificate ? "✓ Completed" : visited ? `${visited} of ${lessons.length} lessons visited` : "Not started";
  }
}

// What the current page does when another tab changes stored progress. One window listener
// for the module's lifetime: instant navigation swaps pages, not scripts.
let onStoredChange = null;
window.addEventListener("storage", (event) => {
  if (onStoredChange) onStoredChange(event);
});

function init(root) {
  initCatalog(root);
  const data = root.querySelector(".kv-course-data");
  if (!data) {
    onStoredChange = () => initCatalog(root);
    return;
  }
  if (data.dataset.kvReady) return;
  data.dataset.kvReady = "yes";
  const manifest = JSON.parse(data.dataset.course);
  const store = new CourseStore(manifest);
  const ctx = { manifest, store, onRefresh: [], progressChanged: () => updateProgress(ctx, root) };
  showNotices(root, store.notices.splice(0));
  store.onNotice = (text) => showNotices(root, [text]);
  if (manifest.lesson && !(manifest.lesson in store.record.visited)) {
    store.update((record) => {
      if (!(manifest.lesson in record.visited)) record.visited[manifest.lesson] = Date.now();
    });
  }
  initChecks(ctx, root);
  const exam = root.querySelector(".kv-exam");
  if (exam) initExam(ctx, exam);
  const home = root.querySelector(".kv-home");
  if (home) initHome(ctx, home);
  const cert = root.querySelector(".kv-cert");
  if (cert) initCertificate(ctx, cert);
  ctx.progressChanged();
  onStoredChange = (event) => {
    // key null: another tab cleared all of localStorage
    if (event.key !== null && event.key !== store.key) return;
    store.refresh();
    for (const refresh of ctx.onRefresh) refresh();
    ctx.progressChanged();
  };
}

onPage(init);
