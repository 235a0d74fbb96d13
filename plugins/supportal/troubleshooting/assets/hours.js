// Whether a channel is staffed now, in its own time zone: the browser twin of
// supportal.core.supportdesk.OpeningHours.is_open (same JSON as OpeningHours.as_json).
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function isOpen(hours, at = new Date()) {
  const parts = {};
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone: hours.timezone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const now = `${parts.hour}:${parts.minute}`;
  if (hours.closed.includes(date) || !hours.days.includes(DAYS.indexOf(parts.weekday))) return false;
  return hours.open <= now && (hours.close === "24:00" || now < hours.close);
}

// Fill every `[data-hours]` channel's `[data-supportal-now]` with "open now" / "closed now".
export function markOpenChannels(root, at = new Date()) {
  for (const channel of root.querySelectorAll("[data-hours]")) {
    const label = channel.querySelector("[data-supportal-now]");
    if (!label) continue;
    let hours;
    try {
      hours = JSON.parse(channel.dataset.hours);
      const open = isOpen(hours, at);
      label.textContent = open ? "open now" : "closed now";
      channel.dataset.open = open ? "true" : "false";
    } catch {
      label.textContent = "";
    }
  }
}
