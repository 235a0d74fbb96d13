// "Was this page helpful?": a vote goes to the configured sink (none, POST URL or DOM event)
// only when the reader's consent allows it; a "No" shows reasons and a pre-filled ticket link
// carrying the page and the release. All text is set with textContent, never as HTML.
import { onPage } from "../core/instant.js";

// Material stores the reader's cookie choices under "__consent" (see extra.consent).
function consentGiven(widget) {
  if (widget.dataset.consent === "not-required") return true;
  const read = window.__md_get;
  if (typeof read !== "function") return false;
  let choices = null;
  try {
    choices = read("__consent");
  } catch {
    return false;
  }
  return Boolean(choices && choices[widget.dataset.consentCookie || "analytics"] === true);
}

function payload(widget, rating, reason) {
  const data = {
    page: window.location.href.split("#")[0],
    title: widget.dataset.pageTitle || "",
    release: widget.dataset.release || "",
    rating,
  };
  if (reason) data.reason = reason;
  return data;
}

function send(widget, data) {
  if (widget.dataset.sink === "none" || !consentGiven(widget)) return;
  if (widget.dataset.sink === "post" && widget.dataset.url) {
    fetch(widget.dataset.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
      keepalive: true,
      credentials: "omit",
    }).catch(() => {}); // feedback is best effort: a dead endpoint must not break the page
  } else if (widget.dataset.sink === "event") {
    document.dispatchEvent(new CustomEvent(widget.dataset.event || "supportal:feedback", { detail: data }));
  }
}

// Same encoding as core/supportdesk.py `encode_component`, so budgets agree.
const encode = (value) => encodeURIComponent(value);

export function fillTicket(template, values, budget) {
  const fill = (vals) =>
    template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name) => encode(vals[name] || ""));
  const url = fill(values);
  if (!budget || url.length <= budget || !values.body) return url;
  // Over budget (servers answer 414): keep the longest start of the body that fits.
  // Cut in code points, not UTF-16 units: half an emoji makes encodeURIComponent throw.
  const marker = " … [truncated]";
  const chars = Array.from(values.body);
  let low = 0;
  let high = chars.length;
  let best = "";
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = chars.slice(0, middle).join("") + marker;
    if (fill({ ...values, body: candidate }).length <= budget) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return fill({ ...values, body: best });
}

function ticketValues(widget, reason) {
  const data = payload(widget, "no", reason);
  const lines = [
    "Feedback on a documentation page",
    `Page: ${data.title}`,
    `URL: ${data.page}`,
    `Release: ${data.release}`,
    `Reason: ${reason || "(not given)"}`,
    "",
    "What were you trying to do?",
  ];
  return {
    title: `Docs feedback: ${data.title} (${widget.dataset.releaseTitle || data.release})`,
    body: lines.join("\n"),
    page_url: data.page,
    release: data.release,
    product: widget.dataset.product || "",
  };
}

function updateTicket(widget, reason) {
  const link = widget.querySelector(".supportal-feedback__ticket a");
  const template = widget.dataset.ticket;
  if (!link || !template) return;
  link.setAttribute("href", fillTicket(template, ticketValues(widget, reason), Number(widget.dataset.ticketBudget) || 0));
}

// One vote per reader and page: a "No" is sent once, with the reason when the reader gives
// one. Until then it waits here (widget → vote as of the click), and is sent without a reason
// when the reader moves on: another page (instant navigation, or leaving the document).
const pending = new Map();

function sendPending(widget, reason) {
  const vote = pending.get(widget);
  if (!vote) return;
  pending.delete(widget);
  send(widget, reason ? { ...vote, reason } : vote);
}

function sendLeftBehind() {
  for (const widget of [...pending.keys()]) {
    if (!widget.isConnected) sendPending(widget, "");
  }
}

// Sent when the page is hidden; a page the back/forward cache keeps comes back as it was left,
// reasons form and all: its vote has gone, so it shows the thanks instead of a form whose
// Send would send nothing.
const sentOnLeaving = new Set();

window.addEventListener("pagehide", () => {
  for (const widget of [...pending.keys()]) {
    sendPending(widget, "");
    sentOnLeaving.add(widget);
  }
});

window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const widget of sentOnLeaving) {
    widget.querySelector(".supportal-feedback__reasons").hidden = true;
    widget.querySelector(".supportal-feedback__thanks").hidden = false;
  }
  sentOnLeaving.clear();
});

// The controls just used are hidden: without this the focus falls to <body> and keyboard and
// screen reader users lose their place. tabindex -1: focusable by script, not a tab stop.
function showThanks(thanks) {
  thanks.hidden = false;
  thanks.tabIndex = -1;
  thanks.focus();
}

function init(widget) {
  if (widget.dataset.ready) return;
  widget.dataset.ready = "1";
  const buttons = widget.querySelector(".supportal-feedback__buttons");
  const form = widget.querySelector(".supportal-feedback__reasons");
  const ticket = widget.querySelector(".supportal-feedback__ticket");
  const thanks = widget.querySelector(".supportal-feedback__thanks");
  widget.querySelectorAll("button[data-rating]").forEach((button) => {
    button.addEventListener("click", () => {
      const rating = button.dataset.rating;
      buttons.hidden = true;
      if (rating === "yes") {
        send(widget, payload(widget, "yes"));
        showThanks(thanks);
        return;
      }
      pending.set(widget, payload(widget, "no"));
      form.hidden = false;
      if (ticket) {
        updateTicket(widget, "");
        ticket.hidden = false;
      }
      form.querySelector("input")?.focus();
    });
  });
  form.addEventListener("change", () => {
    const chosen = form.querySelector("input:checked");
    updateTicket(widget, chosen ? chosen.value : "");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = form.querySelector("input:checked");
    sendPending(widget, chosen ? chosen.value : "");
    form.hidden = true;
    showThanks(thanks);
  });
}

onPage((root) => {
  // Instant navigation swapped the previous page (and its widget) out: its "No" is final.
  sendLeftBehind();
  root.querySelectorAll("[data-supportal-feedback]").forEach(init);
});
