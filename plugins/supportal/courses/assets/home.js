// Course home (outline, resume, progress data) and the progress shown on every course page.
import { completion, finalOutOfReach, lessonDone, moduleComplete, pct } from "./progress.js";

export function absolute(manifest, url) {
  return new URL(`${manifest.base}/${url}`, window.location.href);
}

function lessonStatus(manifest, record, lesson) {
  const state = lessonDone(manifest, record, lesson);
  if (state.done) return ["done", "✓ Done"];
  if (!state.visited) return ["new", "Not started"];
  const score = state.score;
  return ["started", score ? `Visited; knowledge check ${Math.round(score.percent)} % (${score.answered} of ${score.count} answered)` : "Visited"];
}

export function updateProgress(ctx, root) {
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
    el.textContent = !g || !g.attempts ? "Not taken" : g.passed ? `✓ Passed (${pct(g.grade)})`
      : finalOutOfReach(manifest, record) ? `Not passed (${pct(g.grade)}); no attempts left` : `Not passed yet (${pct(g.grade)})`;
  }
  const resume = root.querySelector("[data-kv-resume]");
  if (resume) {
    const next = manifest.lessons.find((l) => !lessonDone(manifest, record, l).done);
    const started = Object.keys(record.visited).length > 0;
    if (finalOutOfReach(manifest, record)) {
      // no lesson can complete the course any more: lead to the reset, which says what it does
      resume.href = "#kv-home-data";
      resume.textContent = "No attempts left: how to start again";
    } else if (next) {
      resume.href = absolute(manifest, next.url).href;
      resume.textContent = started ? `Resume: ${next.title}` : `Start the course: ${next.title}`;
    } else if (manifest.final && manifest.completion.final && !c.grade.passed) {
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

export function initHome(ctx, section) {
  const { manifest, store } = ctx;
  const notices = section.querySelector(".kv-notices");
  const say = (text) => {
    const p = document.createElement("p");
    p.className = "kv-notice";
    p.tabIndex = -1;
    p.textContent = text;
    notices.replaceChildren(p);
    return p;
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
    ctx.progressChanged();
  });
  // Hiding the confirmation hides the focused button: focus goes where the learner continues.
  const confirm = section.querySelector(".kv-reset-confirm");
  const resetButton = section.querySelector("[data-kv-reset]");
  resetButton.addEventListener("click", () => {
    confirm.hidden = false;
    confirm.querySelector("[data-kv-reset-no]").focus();
  });
  confirm.querySelector("[data-kv-reset-no]").addEventListener("click", () => {
    confirm.hidden = true;
    resetButton.focus();
  });
  confirm.querySelector("[data-kv-reset-yes]").addEventListener("click", () => {
    store.reset();
    confirm.hidden = true;
    ctx.progressChanged();
    say("The progress of this course was deleted from this browser.").focus();
  });
}
