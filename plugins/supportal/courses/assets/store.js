// Learner progress: one versioned localStorage record per course, keyed by lesson and
// question ids (never URLs or positions), so moved pages and other releases keep progress.
export const SCHEMA = 1;
export const EXPORT_FORMAT = "supportal-course-progress";

export function emptyRecord(courseId) {
  return { schema: SCHEMA, course: courseId, visited: {}, answers: {}, final: { attempts: [] }, retired: {}, certificate: null };
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isNumberIn = (v, low, high) => typeof v === "number" && Number.isFinite(v) && v >= low && v <= high;
const isTime = (v) => isNumberIn(v, 0, Number.MAX_SAFE_INTEGER);
const isStrings = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
const allValues = (v, valid) => isObject(v) && Object.values(v).every(valid);

// The shapes widgets.readResponse gives: a key or typed text, keys in order, or {left: right}.
// Every value is checked, not only the containers: a stray string in a number's place (a
// "credit" of "lots") would otherwise turn into NaN % or pass a final with a "score" of "100".
function validResponse(r) {
  return r === null || typeof r === "string" || isStrings(r) || allValues(r, (v) => typeof v === "string");
}

function validAnswer(a) {
  return isObject(a) && validResponse(a.response) && isNumberIn(a.credit, 0, 1) && isTime(a.at);
}

function validAttempt(a) {
  if (!isObject(a) || !Number.isInteger(a.seed) || !isNumberIn(a.seed, 0, 0xffffffff)) return false;
  if (!isTime(a.started) || !isStrings(a.questions) || !allValues(a.responses, validResponse)) return false;
  if (a.submitted === null) return a.score === null;
  return isTime(a.submitted) && isNumberIn(a.score, 0, 100) && typeof a.passed === "boolean";
}

function validCertificate(c) {
  return c === null || (isObject(c)
    && ["name", "date", "release", "version", "code"].every((k) => typeof c[k] === "string")
    && (c.score === null || isNumberIn(c.score, 0, 100)));
}

// A record of the current schema, or null when it cannot be trusted (nothing of it is used then:
// an import is refused, a stored record is set aside with a notice).
export function checkRecord(value, courseId) {
  if (!isObject(value) || value.schema !== SCHEMA || value.course !== courseId) return null;
  if (!allValues(value.visited, isTime) || !allValues(value.answers, validAnswer)) return null;
  if (!isObject(value.final) || !Array.isArray(value.final.attempts) || !value.final.attempts.every(validAttempt)) return null;
  if (value.retired === undefined) value.retired = {};
  if (!allValues(value.retired, validAnswer)) return null;
  if (value.certificate === undefined) value.certificate = null;
  if (!validCertificate(value.certificate)) return null;
  return value;
}

// Schema 0 (before versioning): {course, visited: [lesson ids], answers: {id: {response, credit}}}.
function migrate(value, courseId) {
  if (!isObject(value) || value.schema !== undefined || value.course !== courseId) return null;
  if (!isStrings(value.visited) || !isObject(value.answers)) return null;
  const record = emptyRecord(courseId);
  for (const id of value.visited) record.visited[id] = 0;
  for (const [id, answer] of Object.entries(value.answers)) {
    record.answers[id] = isObject(answer) ? { response: answer.response ?? null, credit: answer.credit, at: 0 } : null;
  }
  return allValues(record.answers, validAnswer) ? record : null;
}

export class CourseStore {
  constructor(manifest) {
    this.manifest = manifest;
    this.key = manifest.storageKey;
    this.notices = [];
    // True once a save failed: the stored record is then older than this page's, which must
    // not be replaced by it (storage that reads but will not write, such as a full one).
    this.unsaved = false;
    this.record = this.load();
  }

  load() {
    const id = this.manifest.id;
    let raw = null;
    try {
      raw = window.localStorage.getItem(this.key);
    } catch (error) {
      this.notices.push("This browser does not allow saving progress (storage is blocked): answers are lost when you leave the page.");
      this.unsaved = true;
      return emptyRecord(id);
    }
    if (raw === null) {
      const record = emptyRecord(id);
      this.save(record); // finds out now, with a notice, whether progress can be kept
      return record;
    }
    let parsed;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      parsed = undefined;
    }
    let record = parsed === undefined ? null : checkRecord(parsed, id);
    if (record === null && parsed !== undefined) {
      record = migrate(parsed, id);
      if (record !== null) this.notices.push("Your saved progress was in an older format; it has been updated.");
    }
    if (record === null) {
      const backup = this.keepUnreadable(raw);
      this.notices.push(`Your saved progress for this course could not be read, so it was reset. A copy of the unreadable data was kept in this browser under "${backup}".`);
      record = emptyRecord(id);
    }
    this.announceSetAside(this.reconcile(record));
    this.save(record);
    return record;
  }

  // Keep stored data this page cannot read beside the record, before anything overwrites it.
  keepUnreadable(raw) {
    const backup = `${this.key}:unreadable`;
    try {
      window.localStorage.setItem(backup, raw);
    } catch (error) {
      /* the learner is told (load) or this page's copy is saved anyway (update) */
    }
    return backup;
  }

  // The stored record as it is now (another tab may have written it since this page loaded), or
  // null when it cannot be read; then this page's copy is the best there is.
  read() {
    let raw;
    try {
      raw = window.localStorage.getItem(this.key);
    } catch (error) {
      return null;
    }
    if (raw === null) return emptyRecord(this.manifest.id);
    let record;
    try {
      record = checkRecord(JSON.parse(raw), this.manifest.id);
    } catch (error) {
      record = null;
    }
    if (record) this.reconcile(record);
    else this.keepUnreadable(raw); // the next save writes this page's copy over it
    return record;
  }

  // Take up what other tabs stored (the `storage` event says they did).
  refresh() {
    if (this.unsaved) return; // this page's record is newer than any stored one
    this.record = this.read() ?? this.record;
  }

  // Read-modify-write: `change` edits the freshest stored record, so a tab opened earlier adds
  // its one answer or attempt instead of writing back its stale copy of the whole course.
  update(change) {
    const record = (this.unsaved ? null : this.read()) ?? this.record;
    const result = change(record);
    this.record = record;
    this.save();
    return result;
  }

  // Answers to questions that left the course are set aside (and come back if they return).
  // Returns how many were set aside now.
  reconcile(record) {
    const known = this.manifest.questions;
    let moved = 0;
    for (const id of Object.keys(record.answers)) {
      if (!(id in known)) {
        record.retired[id] = record.answers[id];
        delete record.answers[id];
        moved++;
      }
    }
    for (const id of Object.keys(record.retired)) {
      if (id in known && !(id in record.answers)) {
        record.answers[id] = record.retired[id];
        delete record.retired[id];
      }
    }
    return moved;
  }

  announceSetAside(moved) {
    if (moved) {
      this.notices.push(`${moved} saved answer${moved === 1 ? " belongs" : "s belong"} to questions no longer in this course; ${moved === 1 ? "it was" : "they were"} set aside and no longer count.`);
    }
  }

  save(record = this.record) {
    try {
      window.localStorage.setItem(this.key, JSON.stringify(record));
      this.unsaved = false;
    } catch (error) {
      if (!this.unsaved) {
        const text = "This browser cannot save your progress (its storage is full or blocked): your answers count on this page, but are lost when you leave it.";
        // After the page has shown its notices (a save that fails later): show this one now.
        if (this.onNotice) this.onNotice(text);
        else this.notices.push(text);
      }
      this.unsaved = true;
    }
  }

  reset() {
    try {
      window.localStorage.removeItem(this.key);
    } catch (error) {
      /* nothing stored */
    }
    this.record = emptyRecord(this.manifest.id);
  }

  exportText() {
    return JSON.stringify({ format: EXPORT_FORMAT, exported: new Date().toISOString(), record: this.record }, null, 2);
  }

  // Returns an error message, or null when the file was imported.
  importText(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return "That file is not a progress export (it is not JSON).";
    }
    if (!isObject(data) || data.format !== EXPORT_FORMAT) return "That file is not a Supportal progress export.";
    const record = checkRecord(data.record, this.manifest.id);
    if (record === null) {
      const other = isObject(data.record) && typeof data.record.course === "string" ? data.record.course : null;
      return other && other !== this.manifest.id
        ? `That file holds progress of another course ("${other}").`
        : "That progress file is damaged or from an unknown version.";
    }
    this.announceSetAside(this.reconcile(record));
    this.record = record;
    this.save();
    return null;
  }
}
