// Material draws `pre.mermaid` blocks with the global `mermaid`; when there is none, it fetches
// Mermaid from unpkg (offline or under a strict CSP the overview then never draws). Script tags
// in a tree page would not help either: Material's instant navigation swaps pages in without
// running them. So every page (trees.js, which imports this, is on all of them) gets a stand-in
// that loads Mermaid for the first diagram drawn: mermaid.min.js is 3.5 MB, most pages draw none.
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

// Whether the portal ships a local copy: the plugin marks every page of such a portal (and
// only such a portal writes live overviews). Author diagrams then draw offline too.
function localCopyShipped() {
  return (
    document.querySelector('meta[name="supportal-mermaid"][content="local"]') !== null ||
    document.querySelector(".supportal-tree__overview .mermaid") !== null
  );
}

// A guide's overview sits in a closed <details>: it is drawn (and Mermaid, 3.5 MB, loaded) when
// the reader opens it, not with every view of the guide. Other diagrams draw at once.
function untilOpened(text) {
  const source = [...document.querySelectorAll(".supportal-tree__overview pre.mermaid")].find(
    (pre) => pre.textContent === text,
  );
  const details = source?.closest("details");
  if (!details || details.open) return Promise.resolve();
  return new Promise((resolve) => {
    const opened = () => {
      if (!details.open) return;
      details.removeEventListener("toggle", opened);
      resolve();
    };
    details.addEventListener("toggle", opened);
  });
}

const absent = typeof window.mermaid === "undefined" || window.mermaid instanceof Element;
if (absent) {
  let options = {};
  let current = null; // the real mermaid that drew last
  const loads = new Map(); // first script of a source -> promise of the real mermaid
  const standIn = {
    // Other code may read the API of the global `mermaid`: the one that drew last answers.
    get mermaidAPI() {
      return current?.mermaidAPI;
    },
    // Material initialises once, before its first render: keep the options for the real one.
    initialize(config) {
      options = config;
    },
    async render(id, text, container) {
      await untilOpened(text);
      const local = localCopyShipped() || loads.has(LOCAL);
      current = await realFrom(local ? [LOCAL, LINKS] : [MATERIAL_CDN]);
      return current.render(id, text, container);
    },
  };
  // The stand-in stays `window.mermaid` and hands each diagram to a real one, so the page that
  // draws decides where Mermaid comes from: a CDN copy loaded for an author's diagram must not
  // draw a later overview without its links, and a failed load is tried again on a later page
  // (offline now is not offline for ever).
  const realFrom = (sources) => {
    const key = sources[0];
    if (!loads.has(key)) {
      const loading = (async () => {
        for (const src of sources) await load(src);
        const real = window.mermaid;
        window.mermaid = standIn;
        if (!real || real === standIn) throw new Error("Mermaid did not define window.mermaid");
        real.initialize(options);
        return real;
      })();
      loading.catch(() => loads.delete(key));
      loads.set(key, loading);
    }
    return loads.get(key);
  };
  window.mermaid = standIn;
}
