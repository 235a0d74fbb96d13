// The runtime manifest (releases.json at the site root) and where a page lives in a release.
// Shared by every release's pages (reading.js) and the site root's 404 page (notfound.js).

const cache = new Map();

// The manifest, or null when it is missing or unreadable (callers then keep build-time banners).
export function loadManifest(rootUrl) {
  const url = new URL("releases.json", rootUrl).href;
  if (!cache.has(url)) {
    cache.set(
      url,
      fetch(url, { cache: "no-cache" })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => (data && data.schema === 1 && Array.isArray(data.releases) ? data : null))
        .catch(() => null),
    );
  }
  return cache.get(url);
}

export function findRelease(manifest, name) {
  return (
    manifest.releases.find((r) => r.version === name || (r.aliases || []).includes(name)) || null
  );
}

export function defaultRelease(manifest) {
  return findRelease(manifest, manifest.default) || manifest.releases[0] || null;
}

function urlsOf(manifest, id) {
  const page = id && manifest.pages[id];
  return page ? page.urls || {} : {};
}

export function titleOf(manifest, id) {
  const page = manifest.pages[id];
  return (page && page.title) || id;
}

// The id of the page at `url` in `version`, or of a page that once lived there.
export function idAt(manifest, version, url) {
  for (const [id, page] of Object.entries(manifest.pages)) {
    if ((page.urls || {})[version] === url) return id;
  }
  if (manifest.redirects[url]) return manifest.redirects[url];
  for (const [id, page] of Object.entries(manifest.pages)) {
    if (Object.values(page.urls || {}).includes(url)) return id;
  }
  return null;
}

function ancestors(url) {
  const parts = url.split("/").filter(Boolean);
  const found = [];
  for (let n = parts.length - 1; n >= 0; n -= 1) {
    found.push(n ? parts.slice(0, n).join("/") + "/" : "");
  }
  return found;
}

// Where a reader of page `id` (at `url`) goes in release `version`:
// {url, exact, id} — exact when the same page exists there, else its fallback page,
// the nearest ancestor page, or the release home.
export function resolvePage(manifest, id, url, version) {
  const direct = urlsOf(manifest, id)[version];
  if (direct !== undefined) return { url: direct, exact: true, id };
  const seen = new Set([id]);
  let next = id && manifest.pages[id] ? manifest.pages[id].fallback : null;
  while (next && !seen.has(next)) {
    seen.add(next);
    const there = urlsOf(manifest, next)[version];
    if (there !== undefined) return { url: there, exact: false, id: next };
    next = manifest.pages[next] ? manifest.pages[next].fallback : null;
  }
  for (const candidate of ancestors(url || "")) {
    const found = idAt(manifest, version, candidate);
    if (found && urlsOf(manifest, found)[version] === candidate) {
      return { url: candidate, exact: false, id: found };
    }
  }
  return { url: "", exact: false, id: null };
}
