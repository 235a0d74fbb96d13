// "Open now" / "Closed now" next to each support channel, computed from the channel's opening
// hours in its time zone and the reader's clock.
import { onPage } from "../core/instant.js";

const WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

function localParts(date, timeZone) {
  const parts = {};
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return {
    day: WEEKDAYS[parts.weekday],
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const minutesOf = (clock) => {
  const [hours, minutes] = clock.split(":").map(Number);
  return hours * 60 + minutes;
};

export function isOpen(hours, now) {
  const local = localParts(now, hours.timezone);
  if ((hours.closed || []).includes(local.date)) return false;
  if (!hours.days.includes(local.day)) return false;
  return minutesOf(hours.open) <= local.minutes && local.minutes < minutesOf(hours.close);
}

function show(element) {
  let hours;
  try {
    hours = JSON.parse(element.dataset.supportalHours);
  } catch {
    return;
  }
  const open = isOpen(hours, new Date());
  element.textContent = open ? "Open now" : "Closed now";
  element.classList.toggle("supportal-desk__status--open", open);
  element.classList.toggle("supportal-desk__status--closed", !open);
  element.closest(".supportal-desk__channel")?.classList.toggle("supportal-desk__channel--closed", !open);
}

onPage((root) => root.querySelectorAll("[data-supportal-hours]").forEach(show));
