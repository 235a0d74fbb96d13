// The certificate: made in the browser once the course is complete, kept in the record.
import { digest } from "./grading.js";
import { completion, pct } from "./progress.js";

export function initCertificate(ctx, section) {
  const { manifest, store } = ctx;
  const locked = section.querySelector(".kv-cert__locked");
  const form = section.querySelector(".kv-cert__form");
  const sheet = section.querySelector(".kv-cert__sheet");
  const missing = section.querySelector(".kv-cert__missing");
  const fill = (cert) => {
    // learner input: textContent only
    section.querySelector(".kv-cert__learner").textContent = cert.name;
    section.querySelector(".kv-cert__course").textContent = manifest.title;
    section.querySelector(".kv-cert__release").textContent = cert.release;
    section.querySelector(".kv-cert__date").textContent = cert.date;
    // No score when the course does not require the final. Certificates made before that rule
    // stored 100 for a course without a final, null for one whose final was not required.
    const scored = typeof cert.score === "number";
    section.querySelector(".kv-cert__score-line").hidden = !scored;
    section.querySelector(".kv-cert__score").textContent = scored ? pct(cert.score) : "";
    section.querySelector(".kv-cert__code").textContent = cert.code;
    section.querySelector(".kv-cert__id").textContent = manifest.id;
    section.querySelector(".kv-cert__version").textContent = cert.version;
    form.hidden = true;
    sheet.hidden = false;
  };
  // Shows what the record holds now: also called when another tab changes it.
  const refresh = () => {
    const c = completion(manifest, store.record);
    locked.hidden = c.complete;
    missing.replaceChildren(...c.missing.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    if (store.record.certificate) {
      fill(store.record.certificate);
    } else {
      sheet.hidden = true;
      form.hidden = !c.complete;
    }
  };
  section.querySelector("[data-kv-print]").addEventListener("click", () => window.print());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = form.querySelector(".kv-cert__name").value.trim().replace(/\s+/g, " ");
    if (!name) {
      form.querySelector(".kv-cert__error").textContent = "Type your name first.";
      return;
    }
    const c = completion(manifest, store.record);
    if (!c.complete) return;
    // the learner's own calendar day: toISOString's UTC day is another one far from Greenwich
    const now = new Date();
    const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i ? 2 : 4, "0")).join("-");
    const score = manifest.final && manifest.completion.final ? c.grade.grade : null;
    const raw = digest(manifest.id, manifest.release.version, name, date, score === null ? "none" : String(score)).slice(0, 12).toUpperCase();
    const cert = { name, date, score, release: manifest.release.title, version: manifest.release.version, code: raw.match(/.{4}/g).join("-") };
    store.update((record) => {
      // a certificate made in another tab meanwhile stays the one shown
      if (!record.certificate) record.certificate = cert;
    });
    refresh();
    sheet.setAttribute("tabindex", "-1");
    sheet.focus();
  });
  refresh();
  ctx.onRefresh.push(refresh);
}
