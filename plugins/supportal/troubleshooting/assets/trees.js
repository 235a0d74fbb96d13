// Troubleshooting wizard: one node at a time over the full, anchored tree the page already
// contains (which is what readers without JavaScript, and printers, get).
//
// State lives in the query string as ordered `node=answer` pairs, e.g.
// `?status=no&restart=still-offline&status=no` (a retry loop repeats a key), plus `_entry=node`
// when the guide was entered at a node other than the start. Replaying a link made before the
// tree was edited stops at the first pair that no longer fits and shows a notice.
// First: it must define `mermaid` before Material mounts the page's diagrams.
import "./mermaid-loader.js";
import { onPage } from "../core/instant.js";
import { markOpenChannels } from "./hours.js";
import { fillTicket, reportValues } from "./ticket.js";

const NODE_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const THEIRS = new Set(["h", "q"]); // Material's: highlight the search terms, open the search
const TRAIL_KEY = "supportal-tree-trail";

// A URL hash as a node id; malformed percent-encoding ("#%E0") names no node instead of throwing.
function hashId(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return "";
  }
}

onPage((root) => {
  // A trail is saved by the click that crosses into another guide, for the page view that
  // click opens: this one. Taken (removed) on every page view, so it is never applied to a
  // later, unrelated visit of that guide (nor to reloads of it) however the reader got there.
  const trail = takeTrail();
  for (const element of root.querySelectorAll("[data-supportal-tree]")) {
    if (!element.dataset.supportalReady) {
      element.dataset.supportalReady = "1";
      new Wizard(element, trail).start();
    }
  }
});

function takeTrail() {
  try {
    const saved = window.sessionStorage.getItem(TRAIL_KEY);
    window.sessionStorage.removeItem(TRAIL_KEY);
    return saved;
  } catch {
    return null; // storage disabled: nothing was saved either
  }
}

class Wizard {
  constructor(element, savedTrail) {
    this.el = element;
    this.savedTrail = savedTrail;
    this.treeId = element.dataset.supportalTree;
    this.startNode = element.dataset.start;
    this.nodes = new Map();
    for (const section of element.querySelectorAll("[data-supportal-node]")) {
      this.nodes.set(section.dataset.supportalNode, section);
    }
    try {
      this.aliases = JSON.parse(element.dataset.aliases || "{}");
    } catch {
      this.aliases = {};
    }
    this.wizard = element.querySelector("[data-supportal-wizard]");
    this.notice = element.querySelector("[data-supportal-notice]");
    this.pathNav = element.querySelector("[data-supportal-path]");
    this.crumbs = element.querySelector("[data-supportal-crumbs]");
    this.controls = element.querySelector("[data-supportal-controls]");
    this.back = element.querySelector("[data-supportal-back]");
    this.restart = element.querySelector("[data-supportal-restart]");
    this.live = element.querySelector("[data-supportal-live]");
    this.entry = this.startNode;
    this.steps = [];
    this.trail = null;
  }

  start() {
    const params = new URLSearchParams(window.location.search);
    const pairs = [];
    let entry = params.get("_entry");
    for (const [key, value] of params) {
      if (this.isStep(key, value)) pairs.push([key, value]);
    }
    const hash = hashId(window.location.hash);
    if (!entry && !pairs.length && this.nodes.has(hash)) entry = hash;
    entry = this.resolve(entry);
    const stale = Boolean(params.get("_entry")) && !entry;
    this.entry = entry || this.startNode;
    this.trail = this.readTrail();
    const replayed = this.replay(pairs);
    this.steps = replayed.steps;
    this.el.classList.add("supportal-tree--js");
    this.wizard.hidden = false;
    this.controls.hidden = false;
    for (const fields of this.el.querySelectorAll("[data-supportal-fields]")) fields.hidden = false;
    for (const button of this.el.querySelectorAll("[data-supportal-copy]")) button.hidden = false;
    markOpenChannels(this.el);
    this.notice.hidden = !(replayed.stale || stale);
    this.el.addEventListener("click", (event) => this.onClick(event));
    this.el.addEventListener("input", (event) => {
      if (event.target.matches("[data-supportal-field]")) this.updateEscalation();
    });
    this.back.addEventListener("click", () => this.go(this.steps.slice(0, -1), "back"));
    this.restart.addEventListener("click", () => {
      this.entry = this.startNode;
      this.trail = null;
      this.go([], "restart");
    });
    const onHash = () => {
      if (!this.el.isConnected) {
        window.removeEventListener("hashchange", onHash);
        return;
      }
      // The overview and outline link to nodes: jump there (the path restarts at that node).
      const target = hashId(window.location.hash);
      if (this.nodes.has(target) && target !== this.current) {
        this.entry = target;
        this.go([], "jump");
      }
    };
    window.addEventListener("hashchange", onHash);
    this.render(false);
  }

  // A `node=answer` pair of this guide, or of a node since removed (a slug for a slug, so that
  // a link made before the edit still says "This guide changed"). Material's ?h= and ?q= and
  // the tracking parameters of shared links (fbclid=IwAR..., utm_source=...) are not steps.
  isStep(key, value) {
    if (this.resolve(key) !== null) return true;
    return !THEIRS.has(key) && NODE_KEY.test(key) && NODE_KEY.test(value);
  }

  resolve(id) {
    if (!id) return null;
    if (this.nodes.has(id)) return id;
    const renamed = this.aliases[id];
    return renamed && this.nodes.has(renamed) ? renamed : null;
  }

  answerOf(nodeId, slug) {
    const section = this.nodes.get(nodeId);
    if (!section) return null;
    for (const link of section.querySelectorAll("a[data-answer]")) {
      if (link.dataset.answer === slug) return link;
    }
    return null;
  }

  replay(pairs) {
    let current = this.entry;
    const steps = [];
    for (const [rawKey, answer] of pairs) {
      const key = this.resolve(rawKey);
      const link = key === current ? this.answerOf(current, answer) : null;
      if (!link || link.dataset.targetKind !== "node") return { steps, stale: true };
      steps.push({ node: current, answer });
      current = link.dataset.targetNode;
    }
    return { steps, stale: false };
  }

  get current() {
    let current = this.entry;
    for (const step of this.steps) {
      current = this.answerOf(step.node, step.answer).dataset.targetNode;
    }
    return current;
  }

  onClick(event) {
    const crumb = event.target.closest("[data-supportal-crumb]");
    if (crumb && this.el.contains(crumb)) {
      this.go(this.steps.slice(0, Number(crumb.dataset.supportalCrumb)), "crumb");
      return;
    }
    const copy = event.target.closest("[data-supportal-copy]");
    if (copy) {
      this.copyReport(copy);
      return;
    }
    const jump = event.target.closest("a[href]:not([data-answer])");
    if (jump && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
      // Links to a node of this page (the outline): open the wizard there ourselves. Material's
      // instant navigation makes every href absolute and would take the click as a navigation.
      const url = new URL(jump.href, window.location.href);
      const here = url.origin === window.location.origin && url.pathname === window.location.pathname;
      const target = hashId(url.hash);
      if (here && this.nodes.has(target) && !jump.closest("[data-supportal-node]")) {
        event.preventDefault();
        event.stopPropagation();
        if (target !== this.current || this.steps.length) {
          this.entry = target;
          this.go([], "jump");
        }
        return;
      }
    }
    const link = event.target.closest("a[data-answer]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button) return;
    const section = link.closest("[data-supportal-node]");
    const nodeId = section && section.dataset.supportalNode;
    if (nodeId !== this.current) return;
    if (link.dataset.targetKind === "node") {
      // Handled here: stop Material's instant navigation from treating it as an anchor jump.
      event.preventDefault();
      event.stopPropagation();
      this.go([...this.steps, { node: nodeId, answer: link.dataset.answer }], "answer");
    } else if (link.dataset.targetKind === "tree") {
      this.saveTrail(section, link);
    }
  }

  go(steps, reason) {
    this.steps = steps;
    this.notice.hidden = true;
    this.writeUrl();
    this.render(true, reason);
  }

  writeUrl() {
    const params = new URLSearchParams(window.location.search);
    const kept = [...params].filter(([key, value]) => !this.isStep(key, value) && key !== "_entry");
    const next = new URLSearchParams(kept);
    if (this.entry !== this.startNode) next.append("_entry", this.entry);
    for (const step of this.steps) next.append(step.node, step.answer);
    const query = next.toString();
    // replaceState, not pushState: Material's instant navigation owns the history stack.
    window.history.replaceState(window.history.state, "", window.location.pathname + (query ? `?${query}` : ""));
  }

  titleOf(nodeId) {
    const section = this.nodes.get(nodeId);
    return section ? section.dataset.title : nodeId;
  }

  render(moveFocus, reason) {
    const current = this.current;
    for (const [id, section] of this.nodes) section.hidden = id !== current;
    this.crumbs.replaceChildren();
    const earlier = this.trail ? this.trail.steps : [];
    if (this.trail) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = this.trail.url;
      link.textContent = `Earlier, in "${this.trail.title}" (${earlier.length} answers)`;
      item.append(link);
      this.crumbs.append(item);
    }
    this.steps.forEach((step, index) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "supportal-tree__crumb";
      button.dataset.supportalCrumb = String(index);
      const question = document.createElement("span");
      question.textContent = this.titleOf(step.node);
      const answer = document.createElement("strong");
      answer.textContent = this.answerOf(step.node, step.answer).textContent;
      button.append(question, " → ", answer);
      button.setAttribute("aria-label", `Change your answer to: ${question.textContent} (was ${answer.textContent})`);
      item.append(button);
      this.crumbs.append(item);
    });
    this.pathNav.hidden = !this.steps.length && !this.trail;
    this.back.disabled = !this.steps.length;
    this.restart.disabled = !this.steps.length && this.entry === this.startNode && !this.trail;
    this.updateEscalation();
    const section = this.nodes.get(current);
    const heading = section.querySelector("h1, h2, h3, h4, h5, h6");
    const step = this.steps.length + 1;
    const kind = section.dataset.kind;
    const outcome = { resolved: "Solution", escalate: "Contact support", "known-issue": "Known issue" }[kind];
    // A known-issue node is often titled after its kind ("Known issue"): the issue's id and
    // title (or, without the reading plugin, its id) say which issue the reader reached.
    const issue = kind === "known-issue" && section.querySelector("[data-known-issue]");
    const announcement = issue
      ? `Known issue ${issue.dataset.knownIssue}: ${issue.dataset.issueTitle || section.dataset.title}`
      : outcome ? `${outcome}: ${section.dataset.title}` : `Step ${step}: ${section.dataset.title}`;
    if (moveFocus && heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
      this.live.textContent = reason === "restart" ? `Started again. ${announcement}` : announcement;
    }
  }

  allSteps() {
    const own = this.steps.map((step) => ({
      question: this.titleOf(step.node),
      answer: this.answerOf(step.node, step.answer).textContent.trim(),
    }));
    return [...(this.trail ? this.trail.steps : []), ...own];
  }

  updateEscalation() {
    const current = this.current;
    const section = this.nodes.get(current);
    const panel = section && section.querySelector("[data-supportal-escalation]");
    if (!panel) return;
    const fields = [];
    for (const input of panel.querySelectorAll("[data-supportal-field]")) {
      if (input.value.trim()) fields.push([input.dataset.label, input.value.trim()]);
    }
    const values = reportValues({
      treeTitle: this.el.dataset.title,
      treeId: this.treeId,
      revision: this.el.dataset.revision,
      release: this.el.dataset.release,
      pageUrl: this.el.dataset.pageUrl,
      product: this.el.dataset.product,
      node: current,
      nodeTitle: section.dataset.title,
      tier: panel.dataset.tier,
      steps: this.allSteps(),
      fields,
    });
    panel.querySelector("[data-supportal-report]").textContent = values.body;
    const ticket = panel.querySelector("[data-supportal-ticket]");
    if (ticket && panel.dataset.ticketUrl) {
      const filled = fillTicket(panel.dataset.ticketUrl, Number(panel.dataset.ticketBudget), values);
      ticket.href = filled.url;
      ticket.dataset.truncated = filled.truncated.join(" ");
    }
  }

  async copyReport(button) {
    const panel = button.closest("[data-supportal-escalation]");
    const text = panel.querySelector("[data-supportal-report]").textContent;
    const status = panel.querySelector("[data-supportal-copied]");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Report copied.";
    } catch {
      const details = panel.querySelector("details");
      if (details) details.open = true;
      const range = document.createRange();
      range.selectNodeContents(panel.querySelector("[data-supportal-report]"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = "Copying is blocked here: the report is selected, press Ctrl+C.";
    }
  }

  // Crossing into another guide: carry the path so its escalation report has every answer.
  saveTrail(section, link) {
    const steps = [
      ...this.allSteps(),
      { question: section.dataset.title, answer: link.textContent.trim() },
    ];
    const trail = { title: this.el.dataset.title, url: window.location.href, steps, target: link.href };
    try {
      window.sessionStorage.setItem(TRAIL_KEY, JSON.stringify(trail));
    } catch {
      // Storage can be disabled; the other guide then starts without the earlier answers.
    }
  }

  readTrail() {
    let trail = null;
    try {
      trail = JSON.parse(this.savedTrail || "null");
    } catch {
      return null;
    }
    if (!trail || typeof trail !== "object" || !Array.isArray(trail.steps)) return null;
    const here = new URL(window.location.href);
    let target;
    let back;
    try {
      target = new URL(String(trail.target), here);
      back = new URL(String(trail.url), here);
    } catch {
      return null;
    }
    // Only a trail made for this page, from this site; never a script: or other-origin URL.
    const forEntry = hashId(target.hash) === this.entry;
    if (target.origin !== here.origin || target.pathname !== here.pathname || back.origin !== here.origin || !forEntry) {
      return null;
    }
    return {
      title: String(trail.title),
      url: back.href,
      steps: trail.steps.map((s) => ({ question: String(s.question), answer: String(s.answer) })),
    };
  }
}
