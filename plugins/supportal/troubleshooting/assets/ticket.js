// Escalation report and ticket URL, mirroring supportal/troubleshooting/report.py and
// supportal/core/supportdesk.py (TicketTemplate.fill) so build-time budget checks match.

export const NO_PATH = "(not recorded: the guide was read without the interactive wizard)";
export const MARKER = " … [truncated: use Copy report]";
const TRUNCATE_ORDER = ["body", "path", "fields", "title"];
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

// steps: [{question, answer}], fields: [[label, value]]
export function reportValues({ treeTitle, treeId, revision, release, pageUrl, product, node, nodeTitle, tier, steps, fields }) {
  const path = steps.map((s, i) => `${i + 1}. ${s.question} → ${s.answer}`).join("\n") || NO_PATH;
  const fieldText = fields.map(([label, value]) => `${label}: ${value}`).join("\n");
  const tierText = tier ? ` (tier ${tier})` : "";
  const lines = [
    `Troubleshooting report: ${treeTitle}`,
    `Guide: ${treeId} (revision ${revision})`,
    `Release: ${release}`,
    `Page: ${pageUrl}`,
    `Result: ${nodeTitle}${tierText}`,
    "",
    "Path:",
    path,
  ];
  if (fieldText) lines.push("", "Fields:", fieldText);
  return {
    title: `${treeTitle}: ${nodeTitle}`,
    body: lines.join("\n"),
    page_url: pageUrl,
    release,
    product,
    tree: treeId,
    revision,
    node,
    tier: tier ? String(tier) : "",
    path,
    fields: fieldText,
  };
}

function substitute(template, values) {
  return template.replace(PLACEHOLDER, (_, name) => encodeURIComponent(values[name] ?? ""));
}

// Longest prefix (in code points, so no surrogate pair is split) that keeps the URL in budget.
function shorten(values, name, template, budget) {
  const chars = Array.from(values[name]);
  let low = 0;
  let high = chars.length;
  let best = "";
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = middle < chars.length ? chars.slice(0, middle).join("") + MARKER : values[name];
    if (substitute(template, { ...values, [name]: candidate }).length <= budget) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

export function fillTicket(template, budget, values) {
  const names = [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]))];
  const current = {};
  for (const name of names) current[name] = String(values[name] ?? "");
  let url = substitute(template, current);
  const truncated = [];
  for (const name of TRUNCATE_ORDER) {
    if (url.length <= budget) break;
    if (!(name in current) || !current[name]) continue;
    current[name] = shorten(current, name, template, budget);
    truncated.push(name);
    url = substitute(template, current);
  }
  return { url, truncated };
}
