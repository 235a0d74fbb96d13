// The header search of a Supportal portal, in Material's search markup (templates/search_box.html).
// Results, snippets and highlights are built with DOM text APIs only: the query comes from the
// user and from `?q=` URLs and is never parsed as HTML.
import { onPage } from "../core/instant.js";
import { SearchIndex, tokens } from "./engine.js";

const PAGES_SHOWN = 10;
const FIRST_BATCH = 5;
const SECTIONS_PER_PAGE = 3;
const SNIPPET = 220;
const DEBOUNCE_MS = 80;
const HIGHLIGHT_FORMS = 24;

let ui = null; // set once: the header (and this module) survive Material's instant navigation

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The text of a section around its first matched word, matched words in <mark>.
function snippet(text, matched) {
  const found = tokens(text).filter(
    (t) => matched.has(t.whole) || t.parts.some((p) => matched.has(p)),
  );
  let start = 0;
  if (found.length && found[0].start > SNIPPET / 3) {
    start = text.lastIndexOf(" ", found[0].start - SNIPPET / 4) + 1;
  }
  const end = Math.min(text.length, start + SNIPPET);
  const paragraph = element("p");
  if (start > 0) paragraph.append("… ");
  let at = start;
  for (const t of found) {
    if (t.start < at || t.end > end) continue;
    paragraph.append(text.slice(at, t.start));
    paragraph.append(element("mark", "", text.slice(t.start, t.end)));
    at = t.end;
  }
  paragraph.append(text.slice(at, end));
  if (end < text.length) paragraph.append(" …");
  return paragraph;
}

function highlightTitle(tag, text, matched) {
  const node = element(tag);
  let at = 0;
  for (const t of tokens(text)) {
    if (!(matched.has(t.whole) || t.parts.some((p) => matched.has(p)))) continue;
    if (t.start < at) continue; // the parts of a word too long to index share its span
    node.append(text.slice(at, t.start));
    node.append(element("mark", "", text.slice(t.start, t.end)));
    at = t.end;
  }
  node.append(text.slice(at));
  return node;
}

// A result link carries the matched word forms as `?h=`, so the page it opens marks them
// (what Material's `search.highlight` does for its own search).
function withHighlight(url, matched) {
  if (matched.size) url.searchParams.set("h", [...matched].slice(0, HIGHLIGHT_FORMS).join(" "));
  return url.href;
}

// Marks the words of `?h=` in the page's content. The parameter comes from a URL: it is only
// compared with the page's words, and marks are built with DOM text nodes.
function highlightPage() {
  const wanted = new URLSearchParams(location.search).get("h");
  const content = document.querySelector("article.md-content__inner, [data-search-body]");
  if (!wanted || !content) return;
  const forms = new Set(tokens(wanted).flatMap((t) => [t.whole, ...t.parts]));
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement.closest(
        "script, style, svg, .headerlink, mark, [data-search-exclude], [data-search-nomark]",
      )
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.data.normalize("NFC");
    const found = tokens(text).filter(
      (t) => forms.has(t.whole) || t.parts.some((p) => forms.has(p)),
    );
    if (!found.length) continue;
    const parts = [];
    let at = 0;
    for (const t of found) {
      if (t.start < at) continue; // the parts of a word too long to index share its span
      parts.push(text.slice(at, t.start), element("mark", "supportal-search__hit", text.slice(t.start, t.end)));
      at = t.end;
    }
    parts.push(text.slice(at));
    node.replaceWith(...parts);
  }
}

class SearchUI {
  constructor(root) {
    this.root = root;
    this.toggle = document.getElementById("__search");
    this.input = root.querySelector(".md-search__input");
    this.form = root.querySelector(".md-search__form");
    this.meta = root.querySelector(".md-search-result__meta");
    this.list = root.querySelector(".md-search-result__list");
    this.typesBar = root.querySelector(".supportal-search__types");
    this.releasesBox = root.querySelector(".supportal-search__releases");
    this.allReleases = this.releasesBox.querySelector("input");
    this.indexFolder = root.dataset.supportalSearch;
    this.releaseRoot = new URL(root.dataset.releaseRoot, location.href);
    this.indexURL = new URL(this.indexFolder, this.releaseRoot);
    this.siteRoot = new URL("../", this.releaseRoot);
    this.version = root.dataset.release;
    this.index = new SearchIndex(this.indexURL);
    this.indexes = new Map([[this.version, this.index]]);
    this.type = null;
    this.versions = null;
    this.timer = 0;
    this.generation = 0;
    this.settled = Promise.resolve();
    this.settle = () => {};
    this.quiet = false; // set while the box takes the focus without opening the results
    this.shownFor = null; // the text whose results the list shows
    this.bind();
  }

  bind() {
    this.input.addEventListener("focus", () => {
      if (!this.quiet) this.open();
    });
    this.input.addEventListener("input", () => {
      this.open(); // typing again after Escape closed the results
      this.schedule();
    });
    // The header's search button (narrow screens) opens the dialog: the box takes the focus,
    // so the first letters typed are not lost and a phone shows its keyboard.
    this.toggle?.addEventListener("change", () => {
      if (this.toggle.checked) this.input.focus();
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.openFirst();
    });
    this.form.addEventListener("reset", () => {
      this.input.value = "";
      this.clear("Type to start searching");
      this.input.focus();
    });
    this.allReleases.addEventListener("change", () => this.run());
    this.root.addEventListener("keydown", (event) => this.keys(event));
    this.list.addEventListener("click", (event) => {
      if (event.target.closest("a")) this.close();
    });
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      const typing =
        target instanceof HTMLElement &&
        (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        this.input.focus();
      }
    });
  }

  open() {
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
    this.input.setAttribute("aria-expanded", "true");
    this.loadVersions();
    // The index head is needed by the first query: fetched while the reader starts typing.
    this.index.head().catch(() => {});
  }

  close({ keepFocus = false } = {}) {
    if (this.toggle) this.toggle.checked = false;
    this.input.setAttribute("aria-expanded", "false");
    if (!keepFocus) this.input.blur();
  }

  links() {
    return [...this.list.querySelectorAll("a.md-search-result__link")];
  }

  firstLink() {
    return this.links()[0];
  }

  // Enter in the box. Right after typing, it opens the first result of the text in the box,
  // not of the query whose results were still shown.
  async openFirst() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = 0;
      this.run();
    }
    await this.settled;
    if (this.shownFor === this.input.value) this.firstLink()?.click();
  }

  keys(event) {
    // Enter that confirms an input method's candidate (Japanese, Chinese…) is not a search;
    // Safari reports it as key code 229 without isComposing.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === "Enter" && event.target === this.input) {
      // Handled here: Material's own keyboard handling takes Enter in its search markup
      // (looking for a result it selected itself), so the form is never submitted.
      event.preventDefault();
      this.openFirst();
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      // Keyboard users keep their place: back in the box (a result link is hidden now),
      // without opening the results again.
      this.close({ keepFocus: true });
      this.quiet = true;
      try {
        this.input.focus();
      } finally {
        this.quiet = false;
      }
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = this.links();
    if (!links.length) return;
    event.preventDefault();
    const at = links.indexOf(document.activeElement);
    let next;
    if (event.key === "ArrowDown") next = at < 0 ? 0 : Math.min(links.length - 1, at + 1);
    else next = at <= 0 ? -1 : at - 1;
    if (next < 0) this.input.focus();
    else links[next].focus();
  }

  async loadVersions() {
    if (this.versions !== null) return;
    this.versions = [];
    try {
      const response = await fetch(new URL("versions.json", this.siteRoot));
      if (response.ok) this.versions = await response.json();
    } catch {
      this.versions = [];
    }
    this.releasesBox.hidden = this.versions.length < 2;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.run();
    }, DEBOUNCE_MS);
  }

  clear(message) {
    this.shownFor = null;
    this.list.replaceChildren();
    this.meta.replaceChildren(message);
  }

  async renderTypes() {
    if (this.typesBar.childElementCount) return;
    const head = await this.index.head();
    const choices = [[null, "All"], ...head.types.map((t) => [t[0], t[1]])];
    for (const [id, label] of choices) {
      const button = element("button", "supportal-search__type", label);
      button.type = "button";
      button.dataset.type = id || "";
      button.setAttribute("aria-pressed", String(this.type === id));
      button.addEventListener("click", () => {
        this.type = id;
        for (const b of this.typesBar.children) {
          b.setAttribute("aria-pressed", String(b === button));
        }
        this.run();
        this.input.focus();
      });
      this.typesBar.append(button);
    }
  }

  indexOf(version) {
    if (!this.indexes.has(version)) {
      this.indexes.set(version, new SearchIndex(new URL(`${version}/${this.indexFolder}`, this.siteRoot)));
    }
    return this.indexes.get(version);
  }

  async run() {
    const text = this.input.value;
    const generation = ++this.generation;
    // Resolved once this query's first results are shown or it ended: the run itself may wait
    // for the reader to scroll to the next results.
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
    const settle = this.settle;
    if (!text.trim()) {
      this.clear("Type to start searching");
      settle();
      return;
    }
    try {
      await this.renderTypes();
      // The release being read first, then the others newest first: ties in score and
      // sections folded across releases go to the earlier one.
      const releases =
        this.allReleases.checked && this.versions && this.versions.length > 1
          ? [this.version, ...this.versions.map((v) => v.version).filter((v) => v !== this.version)]
          : [this.version];
      const candidates = [];
      let plan = null;
      let matching = 0; // pages with a hit, summed over the releases searched
      let searched = 0; // releases with a hit
      // All releases are searched at once (each costs its own round trips), then read in order.
      const answers = await Promise.all(
        releases.map((version) =>
          this.indexOf(version)
            .search(text, { type: this.type })
            .catch(() => null), // a release published without a search index
        ),
      );
      for (const [order, version] of releases.entries()) {
        const result = answers[order];
        if (result === null) continue;
        if (version === this.version || plan === null) plan = result.plan;
        const pages = new Map();
        const hitPages = new Set(result.hits.map((hit) => hit.page));
        matching += hitPages.size;
        searched += hitPages.size ? 1 : 0;
        for (const hit of result.hits) {
          if (!pages.has(hit.page)) {
            pages.set(hit.page, { version, order, page: hit.page, score: hit.pageScore, hits: [] });
          }
          const entry = pages.get(hit.page);
          if (entry.hits.length < SECTIONS_PER_PAGE) entry.hits.push(hit);
        }
        candidates.push(...[...pages.values()].slice(0, PAGES_SHOWN * 2));
      }
      candidates.sort((a, b) => b.score - a.score || a.order - b.order);
      if (generation !== this.generation) return;
      if (!candidates.length) {
        await this.showNothing(text, plan, generation);
        return;
      }
      const count =
        releases.length > 1
          ? `${matching} matching pages in ${searched} release${searched === 1 ? "" : "s"}`
          : `${matching} matching page${matching === 1 ? "" : "s"}`;
      await this.show(candidates, plan, releases.length > 1, generation, { text, count });
    } catch (error) {
      if (generation === this.generation) this.clear("Search is not available on this page.");
      console.error(error);
    } finally {
      settle();
    }
  }

  async showNothing(text, plan, generation) {
    const suggestion = plan ? await this.index.didYouMean(text, plan) : null;
    if (generation !== this.generation) return;
    this.shownFor = null;
    this.list.replaceChildren();
    if (!suggestion) {
      this.meta.replaceChildren("No matching documents");
      return;
    }
    const button = element("button", "supportal-search__suggestion", suggestion);
    button.type = "button";
    button.addEventListener("click", () => {
      this.input.value = suggestion;
      this.run();
      this.input.focus();
    });
    this.meta.replaceChildren("No matching documents. Did you mean ", button, "?");
  }

  // Results appear as soon as the first FIRST_BATCH pages' fragments are in (fetched in
  // parallel); the next batch is fetched when the reader scrolls (or arrows) to the end of the
  // list, so a query fetches fragments of the results that are seen only.
  async show(candidates, plan, several, generation, { text, count }) {
    // The typed words first: `?h=` keeps the first HIGHLIGHT_FORMS forms.
    const matched = plan
      ? new Set([...plan.matched.filter((w) => plan.surfaces.has(w)), ...plan.surfaces])
      : new Set();
    const folded = new Map(); // page URL + digest of its best section -> shown entry
    let shown = 0;
    let next = 0;
    let first = true;
    while (shown < PAGES_SHOWN && next < candidates.length) {
      if (!first && !(await this.endReached(generation))) return;
      const batch = candidates.slice(next, next + (first ? FIRST_BATCH : PAGES_SHOWN - shown));
      next += batch.length;
      // Cards spare a request per result; across releases, folding needs each section's digest,
      // which only fragments have.
      const fragments = await Promise.all(
        batch.map((c) => {
          const index = this.indexOf(c.version);
          return several ? index.fragment(c.page) : index.result(c.page, plan);
        }),
      );
      if (generation !== this.generation) return;
      const items = [];
      batch.forEach((candidate, i) => {
        const fragment = fragments[i];
        const slot = (hit) => fragment.s[hit.section] || fragment.s[0] || fragment.s.find(Boolean);
        const digest = `${fragment.u}|${slot(candidate.hits[0])[3]}`;
        if (several && folded.has(digest)) {
          // The same section in several releases: it is shown from the first in release order
          // (the release being read, then the newest), the others listed after ("also in 2.0,
          // 1.6").
          const entry = folded.get(digest);
          if (candidate.order > entry.order) {
            entry.also.push(candidate);
          } else {
            const newer = { ...candidate, fragment, slot, also: [...entry.also, entry], alsoNode: null };
            newer.li = this.item(newer, matched, several);
            if (items.includes(entry.li)) items[items.indexOf(entry.li)] = newer.li;
            else entry.li.replaceWith(newer.li);
            folded.set(digest, newer);
          }
          const current = folded.get(digest);
          current.also.sort((a, b) => a.order - b.order);
          current.alsoNode.textContent = `also in ${current.also.map((e) => e.version).join(", ")}`;
          return;
        }
        if (shown >= PAGES_SHOWN) return;
        const entry = { ...candidate, fragment, slot, also: [], alsoNode: null };
        entry.li = this.item(entry, matched, several);
        folded.set(digest, entry);
        items.push(entry.li);
        shown += 1;
      });
      if (first) {
        this.list.replaceChildren(...items);
        this.meta.replaceChildren(count);
        this.shownFor = text;
        this.settle();
        first = false;
      } else {
        this.list.append(...items);
      }
    }
  }

  // Resolves true once the bottom of the last result is in view (at once if it already is):
  // the next results would be seen. False when another query replaced these results.
  endReached(generation) {
    const last = this.list.lastElementChild;
    if (!last) return Promise.resolve(false);
    return new Promise((resolve) => {
      let settled = false;
      const settle = (value) => {
        settled = true;
        observer.disconnect();
        resolve(value);
      };
      const bottomInView = (e) =>
        e.isIntersecting && e.intersectionRect.bottom >= e.boundingClientRect.bottom - 1;
      const observer = new IntersectionObserver(
        (entries) => {
          if (generation !== this.generation || !last.isConnected) settle(false);
          else if (entries.some(bottomInView)) settle(true);
        },
        { threshold: Array.from({ length: 21 }, (_, i) => i / 20) },
      );
      observer.observe(last);
      // A new query or a closed list does not always make the observer call back.
      const poll = () => {
        if (settled) return;
        if (generation !== this.generation || !last.isConnected) settle(false);
        else setTimeout(poll, 500);
      };
      setTimeout(poll, 500);
    });
  }

  item(entry, matched, several) {
    const { fragment } = entry;
    const root = new URL(`${entry.version}/`, this.siteRoot);
    const li = element("li", "md-search-result__item");
    if (fragment.card) li.dataset.card = ""; // drawn without fetching the page's fragment
    // A result made from cards shows the sections its cards hold: the ranked ones first.
    const hits = fragment.card
      ? [
          ...entry.hits.filter((hit) => fragment.s[hit.section]),
          ...fragment.s.flatMap((section, n) =>
            section && !entry.hits.some((hit) => hit.section === n) ? [{ section: n }] : [],
          ),
        ].slice(0, SECTIONS_PER_PAGE)
      : entry.hits;
    const top = entry.slot(hits[0]);
    const pageLink = element("a", "md-search-result__link");
    pageLink.href = withHighlight(new URL(fragment.u, root), matched);
    pageLink.tabIndex = -1;
    const article = element("article", "md-search-result__article md-search-result__article--document md-typeset");
    article.append(element("div", "md-search-result__icon md-icon"));
    const heading = highlightTitle("h1", fragment.t, matched);
    article.append(heading);
    const tags = element("span", "supportal-search__tags");
    tags.append(element("span", "md-tag supportal-search__tag", this.typeLabel(fragment.y)));
    if (several) {
      tags.append(element("span", "md-tag supportal-search__tag", entry.version));
      entry.alsoNode = element("span", "supportal-search__also");
      tags.append(entry.alsoNode);
    }
    article.append(tags);
    if (!top[0] || top === fragment.s[0]) article.append(snippet(top[2], matched));
    pageLink.append(article);
    li.append(pageLink);
    for (const hit of hits) {
      const section = entry.slot(hit);
      if (section === fragment.s[0]) continue;
      const link = element("a", "md-search-result__link");
      link.href = withHighlight(new URL(`${fragment.u}#${section[0]}`, root), matched);
      link.tabIndex = -1;
      const sub = element("article", "md-search-result__article md-typeset");
      sub.append(highlightTitle("h2", section[1], matched));
      sub.append(snippet(section[2], matched));
      link.append(sub);
      li.append(link);
    }
    return li;
  }

  typeLabel(type) {
    const found = this.typesBar.querySelector(`[data-type="${CSS.escape(type)}"]`);
    return found ? found.textContent : type;
  }

  fromURL() {
    const query = new URLSearchParams(location.search).get("q");
    if (query) {
      this.input.value = query;
      this.input.focus();
      this.run();
    }
  }
}

onPage(() => {
  highlightPage();
  const root = document.querySelector(".supportal-search[data-supportal-search]");
  if (!root) return;
  if (ui === null || ui.root !== root) {
    ui = new SearchUI(root);
    ui.fromURL();
  } else if (ui.toggle) {
    ui.close();
  }
});
