// Release-aware reading on every page: lifecycle banners from the runtime manifest, the
// release selector's fallback when a page is missing in the chosen release, and its notice.
import { onPage } from "../core/instant.js";
import {
  defaultRelease,
  findRelease,
  loadManifest,
  resolvePage,
  titleOf,
} from "./resolve.js";

const NOTICE_KEY = "supportal.reading.notice";

function context(root) {
  const element = root.querySelector(".supportal-reading");
  if (!element) return null;
  return {
    element,
    release: element.dataset.release,
    rootUrl: new URL(element.dataset.root, window.location.href),
    pageId: element.dataset.pageId,
    pageUrl: element.dataset.pageUrl,
  };
}

function bannerFor(manifest, current) {
  const latest = defaultRelease(manifest);
  if (!latest) return null;
  if (current.status === "eol") {
    const when = current.end_of_support ? ` on ${current.end_of_support}` : "";
    return {
      kind: "eol",
      text: `${current.title} reached end of life${when}: it gets no more fixes or security updates.`,
      link: `Go to ${latest.title}`,
    };
  }
  if (current.status === "preview") {
    return {
      kind: "preview",
      text: `Preview: ${current.title} is not released yet and this documentation may change.`,
      link: `Go to ${latest.title}`,
    };
  }
  const order = manifest.releases.map((r) => r.version);
  if (order.indexOf(current.version) > order.indexOf(latest.version)) {
    return {
      kind: "older",
      text: `You are reading the documentation of an older release, ${current.title}.`,
      link: `Go to the latest release, ${latest.title}`,
    };
  }
  return null;
}

function hrefIn(ctx, version, url) {
  return new URL(`${version}/${url}`, ctx.rootUrl).href;
}

// The same page in another release keeps the reader's place: the section (#hash) and the
// query (a guide's answers), as the theme's own switching does. Another page does not.
function withPlace(href) {
  const url = new URL(href);
  url.search = window.location.search;
  url.hash = window.location.hash;
  return url.href;
}

function storeNotice(notice) {
  try {
    window.sessionStorage.setItem(NOTICE_KEY, JSON.stringify(notice));
  } catch (error) {
    // Storage blocked or full: the switch still happens, without the notice.
  }
}

function renderBanner(ctx, manifest) {
  const current = findRelease(manifest, ctx.release);
  if (!current) return; // a release the manifest does not know: keep the build-time banner
  const old = ctx.element.querySelector(".supportal-banner");
  const banner = bannerFor(manifest, current);
  if (!banner) {
    if (old) old.remove();
    return;
  }
  const latest = defaultRelease(manifest);
  const target = resolvePage(manifest, ctx.pageId, ctx.pageUrl, latest.version);
  const element = document.createElement("div");
  element.className = `supportal-banner supportal-banner--${banner.kind}`;
  element.setAttribute("role", "note");
  element.dataset.source = "manifest";
  const text = document.createElement("span");
  text.className = "supportal-banner__text";
  text.textContent = banner.text;
  const link = document.createElement("a");
  link.className = "supportal-banner__link";
  link.href = hrefIn(ctx, latest.version, target.url);
  if (target.exact) {
    // Read when followed: the reader may have moved to another section since.
    link.addEventListener("click", () => {
      link.href = withPlace(hrefIn(ctx, latest.version, target.url));
    });
  }
  link.textContent = banner.link;
  element.append(text, " ", link);
  if (old) old.replaceWith(element);
  else ctx.element.prepend(element);
}

function showNotice(ctx) {
  let stored = null;
  try {
    stored = JSON.parse(window.sessionStorage.getItem(NOTICE_KEY) || "null");
  } catch (error) {
    stored = null;
  }
  if (!stored || stored.path !== window.location.pathname) return;
  try {
    window.sessionStorage.removeItem(NOTICE_KEY);
  } catch (error) {
    // Readable but not writable: the notice may show again on this page; nothing breaks.
  }
  const slot = ctx.element.querySelector(".supportal-notice");
  if (!slot) return;
  const missing = document.createElement("em");
  missing.textContent = stored.missing;
  const shown = document.createElement("em");
  shown.textContent = stored.shown;
  slot.replaceChildren(missing, ` is not in ${stored.release}; showing `, shown, ".");
  slot.hidden = false;
}

// Mark the releases of the theme's selector that lack this page, so readers know before they
// switch. Material renders the selector after fetching versions.json: wait for it.
function markSelector(ctx, manifest) {
  const mark = () => {
    const links = document.querySelectorAll("a.md-version__link");
    if (!links.length) return false;
    for (const link of links) {
      const name = new URL(link.href).pathname.split("/").filter(Boolean).pop();
      const release = findRelease(manifest, name);
      const old = link.querySelector(".supportal-version-note");
      if (old) old.remove();
      link.classList.remove("supportal-version--missing");
      if (!release) continue;
      const found = resolvePage(manifest, ctx.pageId, ctx.pageUrl, release.version);
      if (found.exact) continue;
      const note = document.createElement("span");
      note.className = "supportal-version-note";
      note.textContent = "page not in this release";
      link.classList.add("supportal-version--missing");
      link.append(" ", note);
    }
    return true;
  };
  if (mark()) return;
  const observer = new MutationObserver(() => {
    if (mark()) observer.disconnect();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  window.setTimeout(() => observer.disconnect(), 10000);
}

let manifestNow = null;

function onSelectorClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
  const link = event.target instanceof Element ? event.target.closest("a.md-version__link") : null;
  const ctx = context(document);
  if (!link || !ctx || !manifestNow) return; // no manifest: the theme's own switching applies
  const name = new URL(link.href).pathname.split("/").filter(Boolean).pop();
  const target = findRelease(manifestNow, name);
  if (!target) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  const found = resolvePage(manifestNow, ctx.pageId, ctx.pageUrl, target.version);
  const href = hrefIn(ctx, target.version, found.url);
  if (found.exact) {
    window.location.assign(withPlace(href));
    return;
  }
  const shown = found.id ? titleOf(manifestNow, found.id) : `the ${target.title} home page`;
  storeNotice({
    path: new URL(href).pathname,
    missing: titleOf(manifestNow, ctx.pageId),
    release: target.title,
    shown,
  });
  window.location.assign(href);
}

// Capture phase on window: runs before the theme's own selector handler on document.body.
window.addEventListener("click", onSelectorClick, true);

onPage((root) => {
  const ctx = context(root);
  if (!ctx) return;
  showNotice(ctx);
  loadManifest(ctx.rootUrl).then((manifest) => {
    // The state is for scripts and tests: "missing" keeps the build-time banner.
    ctx.element.dataset.manifest = manifest ? "loaded" : "missing";
    if (!manifest) return;
    manifestNow = manifest;
    renderBanner(ctx, manifest);
    markSelector(ctx, manifest);
  });
});
