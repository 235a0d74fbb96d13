// Material draws `pre.mermaid` blocks with the global `mermaid`; when there is none, it fetches
// Mermaid from unpkg (offline or under a strict CSP the overview then never draws). A full load
// of a tree page runs the local copy first (plugin.py `on_post_page`), but Material's instant
// navigation swaps pages in without running their scripts: a guide reached that way had no
// `mermaid`. So every page (trees.js, which imports this, is on all of them) gets a stand-in
// that loads Mermaid on the first diagram only: mermaid.min.js is 3.5 MB, most pages draw none.
//
// This module runs before Material mounts anything: modules run before DOMContentLoaded, which
// is when Material's `document$` first emits.
const MATERIAL_CDN = "https://unpkg.com/mermaid@11/dist/mermaid.min.js";
const here = new URL("./", import.meta.url);
// Where the plugin ships the bundled (or the portal's own) copy, beside trees.js.
const LOCAL = new URL("vendor/mermaid.min.js", here).href;
// Lets the overview's `click node href "#anchor"` lines stay links (as on a full load).
const LINKS = new URL("mermaid-links.js", here).href;

function load(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Mermaid could not be loaded from ${src}`));
    document.head.append(script);
  });
}

// The plugin writes a live overview (`pre.mermaid` in `.supportal-tree__overview`) only when
// it ships a local copy; otherwise the flowchart stays source. So a live overview on the page
// means the copy is there; any other diagram is the author's, drawn as Material would.
function localCopyShipped() {
  return document.querySelector(".supportal-tree__overview .mermaid") !== null;
}

const absent = typeof window.mermaid === "undefined" || window.mermaid instanceof Element;
if (absent) {
  let options = {};
  let loading = null;
  const standIn = {
    // Material initialises once, before its first render: keep the options for the real one.
    initialize(config) {
      options = config;
    },
    async render(id, text, container) {
      loading ||= (async () => {
        if (localCopyShipped()) {
          await load(LOCAL);
          await load(LINKS);
        } else {
          await load(MATERIAL_CDN);
        }
        const real = window.mermaid;
        if (!real || real === standIn) throw new Error("Mermaid did not define window.mermaid");
        real.initialize(options);
        return real;
      })();
      // Later renders call the real `mermaid` directly: loading it replaced the global.
      const real = await loading;
      return real.render(id, text, container);
    },
  };
  window.mermaid = standIn;
}
