// Seeded draws, identical to supportal/courses/grading.py (tests compare both).
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a) >>> 0;
    t = (((t + (Math.imul(t ^ (t >>> 7), 61 | t) >>> 0)) >>> 0) ^ t) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled(items, rand) {
  const result = items.slice();
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

// Question ids of one attempt: fixed ones, then `draw` from each pool, order shuffled.
export function draw(seed, fixed, pools, shuffle) {
  const rand = mulberry32(seed);
  let chosen = fixed.slice();
  for (const pool of pools) chosen = chosen.concat(shuffled(pool.questions, rand).slice(0, pool.draw));
  return shuffle ? shuffled(chosen, rand) : chosen;
}

// Unpinned entries shuffled among the unpinned slots; pinned ones keep their place.
export function shuffleWithPins(keys, pinned, rand) {
  const free = keys.filter((k) => !pinned.has(k));
  const mixed = shuffled(free, rand);
  return keys.map((k) => (pinned.has(k) ? k : mixed.shift()));
}

export function seedOf(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
