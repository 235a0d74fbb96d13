// Run `init(root)` on every page view, including Material's instant navigation, which swaps
// the page content without reloading scripts. Import this from a plugin's module:
//   import { onPage } from "../core/instant.js";
export function onPage(init) {
  const run = () => init(document);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}
