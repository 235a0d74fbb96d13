// What the learner has done: lesson states, check scores, final grade, completion.
export const pct = (value) => `${Math.round(value * 10) / 10} %`;

// Whether right answers may be shown, per the `review` policy.
export function reveals(policy, passed) {
  if (policy.review === "never") return false;
  if (policy.review === "after_pass") return passed;
  return true;
}

export function checkScore(manifest, record, lesson) {
  if (!lesson.checks.length) return null;
  let earned = 0, total = 0, answered = 0;
  for (const id of lesson.checks) {
    const points = (manifest.questions[id] || { points: 1 }).points;
    total += points;
    const answer = record.answers[id];
    if (answer) {
      answered++;
      earned += points * answer.credit;
    }
  }
  return { percent: total ? (100 * earned) / total : 0, answered, count: lesson.checks.length };
}

export function lessonDone(manifest, record, lesson) {
  const visited = lesson.id in record.visited;
  const score = checkScore(manifest, record, lesson);
  const checksOk = score === null || score.percent >= manifest.completion.checks;
  return { visited, score, checksOk, done: visited && checksOk };
}

export function finalGrade(manifest, record) {
  const final = manifest.final;
  if (!final) return null;
  const submitted = record.final.attempts.filter((a) => a.submitted);
  if (!submitted.length) return { attempts: 0, grade: null, passed: false };
  const grade = final.policy.grading === "last"
    ? submitted[submitted.length - 1].score
    : Math.max(...submitted.map((a) => a.score));
  return { attempts: submitted.length, grade, passed: grade >= final.policy.pass_mark };
}

// Attempts of the final still open (Infinity when unlimited).
export function attemptsLeft(manifest, record) {
  const limit = manifest.final.policy.attempts;
  return limit === 0 ? Infinity : Math.max(0, limit - record.final.attempts.filter((a) => a.submitted).length);
}

// The final counts for completion, is not passed and has no attempts left: only a reset helps.
export function finalOutOfReach(manifest, record) {
  return Boolean(manifest.final && manifest.completion.final)
    && !finalGrade(manifest, record).passed && attemptsLeft(manifest, record) === 0;
}

export const RESET_ADVICE = "Resetting the course on its home page deletes all of its progress in this browser (lessons visited, knowledge check answers, attempts of the final) so that you can start again, with new attempts.";

export function completion(manifest, record) {
  const missing = [];
  let done = 0, total = 0;
  for (const lesson of manifest.lessons) {
    const state = lessonDone(manifest, record, lesson);
    total++;
    if (state.done) done++;
    if (manifest.completion.lessons && !state.visited) missing.push(`Visit the lesson "${lesson.title}".`);
    if (!state.checksOk) missing.push(`Score at least ${manifest.completion.checks} % in the knowledge check of "${lesson.title}" (now ${Math.round(state.score.percent)} %).`);
  }
  const grade = finalGrade(manifest, record);
  if (manifest.final && manifest.completion.final) {
    total++;
    if (grade.passed) done++;
    else if (finalOutOfReach(manifest, record)) missing.push(`Pass the ${manifest.final.title.toLowerCase()} (pass mark ${manifest.final.policy.pass_mark} %). No attempts are left: ${RESET_ADVICE}`);
    else missing.push(`Pass the ${manifest.final.title.toLowerCase()} (pass mark ${manifest.final.policy.pass_mark} %).`);
  }
  return { complete: missing.length === 0, missing, percent: total ? Math.round((100 * done) / total) : 0, grade };
}

export function moduleComplete(manifest, record, moduleId) {
  const module = manifest.modules.find((m) => m.id === moduleId);
  if (!module) return true;
  return module.lessons.every((id) => {
    const lesson = manifest.lessons.find((l) => l.id === id);
    return lesson ? lessonDone(manifest, record, lesson).done : true;
  });
}
