// FAQ answers are <details> elements: a link to `#question-id` opens the answer and scrolls to
// it, on first load, on instant navigation and when only the hash changes.
import { onPage } from "../core/instant.js";

function openFromHash() {
  let id;
  try {
    id = decodeURIComponent(window.location.hash.slice(1));
  } catch {
    return; // a malformed hash names no question
  }
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  const entry = target.closest("details.supportal-faq__entry");
  if (!entry) return;
  // Open the entry and any details around it, so the answer is visible.
  for (let node = entry; node; node = node.parentElement && node.parentElement.closest("details")) {
    node.open = true;
  }
  entry.scrollIntoView({ block: "start" });
  entry.querySelector("summary")?.focus({ preventScroll: true });
}

onPage(() => openFromHash());
window.addEventListener("hashchange", openFromHash);
