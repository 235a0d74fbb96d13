// The site root's 404 page: send an unversioned or stale address (`/manuals/install/`,
// `/2.4/manuals/recovery/`, `/latest/x/`) to the page in a release, using the manifest.
import { defaultRelease, findRelease, idAt, loadManifest, resolvePage } from "./resolve.js";

const root = new URL("../", import.meta.url);

function normalise(path) {
  let url = path.replace(/index\.html$/, "");
  if (url && !url.endsWith("/") && !/\.[a-z0-9]+$/i.test(url)) url += "/";
  return url;
}

function say(text, href) {
  const status = document.querySelector(".supportal-notfound__status");
  if (!status) return;
  if (href) {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = href;
    status.replaceChildren(text, link);
  } else {
    status.textContent = text;
  }
}

loadManifest(root).then((manifest) => {
  if (!manifest) return; // no manifest: the static links of the page stay
  let path = window.location.pathname;
  try {
    path = decodeURIComponent(path);
  } catch (error) {
    // A malformed escape (`/%E0%A4%A/`): resolve the raw path instead.
  }
  if (!path.startsWith(root.pathname)) return;
  const parts = path.slice(root.pathname.length).split("/");
  let release = findRelease(manifest, parts[0]);
  let rest = parts.join("/");
  if (release) rest = parts.slice(1).join("/");
  else release = defaultRelease(manifest);
  if (!release) return;
  const url = normalise(rest);
  const id = idAt(manifest, release.version, url);
  const found = resolvePage(manifest, id, url, release.version);
  const address = new URL(`${release.version}/${found.url}`, root);
  if (found.exact) {
    // The page itself: keep the reader's section and query (a guide's answers).
    address.search = window.location.search;
    address.hash = window.location.hash;
  }
  const target = address.href;
  if (target === window.location.href) return;
  say("Redirecting to ", target);
  window.location.replace(target);
});
