// Query engine over the static index written by supportal/search (format supportal-search/1).
// It mirrors plugins/supportal/search/analyzer.py (tokenizing and folding only: the browser never
// stems, it looks every word up in the exported vocabulary), query.py (what a query means),
// whoosh's BM25F scoring and spelling.py (did-you-mean). No DOM access here.

// Keep TOKEN, SPLIT and CAMEL in step with analyzer.py.
const TOKEN = /[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*/gu;
const SPLIT = /[._]+/u;
const CAMEL = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/u;
const MAX_WORD = 64;
const PREFIX_SHARDS = 2; // query.PREFIX_SHARDS

export function fold(word) {
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

// Tokens of `text`: {whole, parts, start, end} (parts empty for a one-part token).
export function tokens(text) {
  const out = [];
  const normal = text.normalize("NFC");
  for (const match of normal.matchAll(TOKEN)) {
    const raw = match[0];
    const whole = fold(raw).replace(/^_+|_+$/g, "");
    if (!whole) continue;
    const pieces = raw.split(SPLIT).flatMap((chunk) => chunk.split(CAMEL)).filter(Boolean);
    const parts = pieces.length > 1 ? pieces.map(fold) : [];
    const start = match.index;
    const end = match.index + raw.length;
    if ([...whole].length <= MAX_WORD) {
      out.push({ whole, parts, start, end });
    } else {
      // Too long to index whole (analyzer.MAX_WORD): its parts only.
      for (const part of parts) {
        if ([...part].length <= MAX_WORD) out.push({ whole: part, parts: [], start, end });
      }
    }
  }
  return out;
}

export function surfaces(text) {
  return tokens(text).flatMap((t) => [t.whole, ...t.parts]);
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bm25(idf, tf, fl, avgfl, B, K1) {
  return idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * fl) / avgfl)));
}

// Optimal string alignment distance, as spelling.distance.
export function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2 = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i, ...new Array(b.length).fill(0)];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], previous2[j - 2] + 1);
      }
    }
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

export function suggestWord(word, vocabulary) {
  const limit = word.length <= 4 ? 1 : 2;
  let best = null;
  for (const [candidate, pages] of vocabulary) {
    if (candidate === word) continue;
    const d = distance(word, candidate, limit);
    if (d > limit) continue;
    const key = [d, -pages, candidate];
    if (
      best === null ||
      key[0] < best[0] ||
      (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))
    ) {
      best = key;
    }
  }
  return best ? best[2] : null;
}

function spellingKey(word) {
  const first = word[0];
  return first >= "a" && first <= "z" ? first : "_";
}

// The cards `shard` holds for `term` (exporter.py), merged per page into fragment-like objects
// ({u, t, y, s: sections by number, [anchor, heading, text, digest]}, `card` set).
function addCards(plan, term, shard, slots) {
  for (const [sid, anchor, heading, text] of shard.cards.get(term) || []) {
    const page = Math.floor(sid / slots);
    let made = plan.cards.get(page);
    if (!made) {
      const [u, t, y] = shard.pageTable.get(String(page));
      made = { u, t, y, s: [], card: true };
      plan.cards.set(page, made);
    }
    if (!made.s[sid % slots]) made.s[sid % slots] = [anchor, heading, text, null];
  }
}

// One release's index, fetched piece by piece from `base` (the URL of its search/ folder).
export class SearchIndex {
  constructor(base, fetchImpl = (url) => fetch(url)) {
    this.base = base;
    this.fetchImpl = fetchImpl;
    this.files = new Map();
  }

  json(path) {
    if (!this.files.has(path)) {
      const url = new URL(path, this.base).href;
      const loading = this.fetchImpl(url).then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
      });
      loading.catch(() => this.files.delete(path));
      this.files.set(path, loading);
    }
    return this.files.get(path);
  }

  head() {
    return this.json("head.json");
  }

  async shardIndex(word) {
    const starts = (await this.head()).shards;
    let low = 0;
    let high = starts.length - 1;
    let index = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= word) {
        index = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return index;
  }

  async shardFor(word) {
    return this.shardAt(await this.shardIndex(word));
  }

  async shardAt(index) {
    const raw = await this.json(`t/${index}.json`);
    if (!raw.words) {
      // Maps, not objects: a word such as "constructor" must not hit Object.prototype.
      raw.words = new Map(Object.entries(raw.w));
      raw.postings = new Map(Object.entries(raw.p));
      raw.cards = new Map(Object.entries(raw.c || {}));
      raw.pageTable = new Map(Object.entries(raw.g || {}));
    }
    return raw;
  }

  fragment(page) {
    return this.json(`f/${page}.json`);
  }

  // What a shown result is drawn from: the cards the query's term shards carry for `page`
  // (no request), else its fragment. A card-made fragment has only its cards' sections.
  result(page, plan) {
    return (plan && plan.cards.get(page)) || this.fragment(page);
  }

  // What the query means (query.plan): term groups, unknown words, and the shard holding each
  // term's postings.
  async plan(text) {
    const head = await this.head();
    const prefixLast = text.length > 0 && !/\s/u.test(text[text.length - 1]);
    const typed = tokens(text);
    // Every word's shard at once: one round trip for the query instead of one per word (each
    // costs 150 ms on a slow mobile network). The loops below then find them loaded.
    await Promise.all(typed.map((token) => this.shardFor(token.whole)));
    const expanded = [];
    for (const token of typed) {
      if (!token.parts.length || (await this.shardFor(token.whole)).words.has(token.whole)) {
        expanded.push(token.whole);
      } else {
        expanded.push(...token.parts);
      }
    }
    const plan = {
      groups: [],
      unknown: [],
      matched: [],
      postings: new Map(),
      surfaces: new Set(),
      cards: new Map(), // page -> a fragment made of the cards of the query's terms
    };
    for (let position = 0; position < expanded.length; position++) {
      const word = expanded[position];
      const shard = await this.shardFor(word);
      const terms = [];
      if (shard.words.has(word)) terms.push(shard.words.get(word));
      const read = [shard];
      if (prefixLast && position === expanded.length - 1) {
        // Completions from this shard and, when it gave too few and the next one starts with
        // the word, from that one (query.Vocabulary.completions).
        const wanted = head.prefix_limit - terms.length;
        const candidates = new Map(); // term -> the shard holding its postings
        const collect = (part) => {
          for (const [surface, term] of part.words) {
            if (surface !== word && surface.startsWith(word)) candidates.set(term, part);
          }
        };
        collect(shard);
        const first = await this.shardIndex(word);
        const last = Math.min(first + PREFIX_SHARDS, head.shards.length);
        for (let index = first + 1; index < last; index++) {
          if (!head.shards[index].startsWith(word) || candidates.size >= wanted) break;
          read.push(await this.shardAt(index));
          collect(read[read.length - 1]);
        }
        if (terms.length) candidates.delete(terms[0]);
        const df = (term) =>
          candidates.get(term).postings.get(term).reduce((sum, [, flat]) => sum + flat.length / 3, 0);
        const ranked = [...candidates.keys()].sort((a, b) => df(b) - df(a) || compare(a, b));
        for (const term of ranked.slice(0, Math.max(0, head.prefix_limit - terms.length))) {
          terms.push(term);
          plan.postings.set(term, candidates.get(term).postings.get(term));
          addCards(plan, term, candidates.get(term), head.slots);
        }
      }
      if (terms.length) {
        plan.groups.push(terms);
        plan.matched.push(word);
        if (shard.words.has(word)) {
          plan.postings.set(terms[0], shard.postings.get(terms[0]));
          addCards(plan, terms[0], shard, head.slots);
        }
        for (const part of read) {
          for (const [surface, term] of part.words) {
            if (terms.includes(term)) plan.surfaces.add(surface);
          }
        }
      } else {
        plan.unknown.push(word);
      }
    }
    return plan;
  }

  // BM25F as whoosh computes it: per field and term, idf * bm25(tf, quantized length), times the
  // field boost, summed over the terms of a word, then over the words.
  async scoreWords(plan) {
    const head = await this.head();
    const K1 = head.k1;
    const B = head.b;
    return plan.groups.map((terms) => {
      const scores = new Map();
      for (const term of terms) {
        for (const [field, flat] of plan.postings.get(term)) {
          const [, boost, average] = head.fields[field];
          const avgfl = average || 1;
          const idf = Math.log(head.docs / (flat.length / 3 + 1)) + 1;
          let sid = 0;
          for (let i = 0; i < flat.length; i += 3) {
            sid += flat[i];
            const s = bm25(idf, flat[i + 1], flat[i + 2], avgfl, B, K1);
            scores.set(sid, (scores.get(sid) || 0) + s * boost);
          }
        }
      }
      return scores;
    });
  }

  // Ranked sections [{sid, page, section, score, pageScore}] best first (query.run): a section's
  // score is the sum of its words' scores; all words are required per page, else any word will
  // do; pages rank by page score, sections within a page by their own score.
  async search(text, { type = null } = {}) {
    const head = await this.head();
    const plan = await this.plan(text);
    let hits = [];
    if (plan.groups.length) {
      const perWord = await this.scoreWords(plan);
      let range = null;
      if (type) {
        const found = head.types.find((t) => t[0] === type);
        range = found ? [found[2], found[3]] : [0, 0];
      }
      const pageOf = (sid) => Math.floor(sid / head.slots);
      const totals = new Map();
      for (const scores of perWord) {
        for (const [sid, score] of scores) {
          totals.set(sid, totals.has(sid) ? totals.get(sid) + score : score);
        }
      }
      const candidates = [...totals].filter(([sid]) => {
        if (!range) return true;
        const page = pageOf(sid);
        return page >= range[0] && page < range[1];
      });
      for (const conjunctive of [true, false]) {
        if (conjunctive && plan.unknown.length) continue;
        let found = candidates;
        if (conjunctive) {
          const pages = perWord.map((scores) => new Set([...scores.keys()].map(pageOf)));
          found = candidates.filter(([sid]) => pages.every((set) => set.has(pageOf(sid))));
        }
        if (found.length) {
          // Page score: the sum over words of the word's best section score in the page.
          const pageScore = new Map();
          for (const scores of perWord) {
            const best = new Map();
            for (const [sid, score] of scores) {
              const page = pageOf(sid);
              if (score > (best.get(page) || 0)) best.set(page, score);
            }
            for (const [page, score] of best) {
              pageScore.set(page, pageScore.has(page) ? pageScore.get(page) + score : score);
            }
          }
          hits = found
            .map(([sid, score]) => ({
              sid,
              page: pageOf(sid),
              section: sid % head.slots,
              score,
              pageScore: pageScore.get(pageOf(sid)),
            }))
            .sort(
              (a, b) =>
                b.pageScore - a.pageScore || a.page - b.page || b.score - a.score || a.sid - b.sid,
            );
          break;
        }
      }
    }
    return { hits, plan };
  }

  // The query with each unknown word replaced by its closest vocabulary word, or null.
  async didYouMean(text, plan) {
    if (!plan.unknown.length) return null;
    // Only the letters that have a file (an index without the list: try them all).
    const listed = (await this.head()).spelling;
    const present = (key) => !listed || listed.includes(key);
    let words = text.split(/\s+/u).filter(Boolean);
    let changed = false;
    for (const unknown of plan.unknown) {
      // The files of its first two letters (spelling.spelling_keys): a first letter swapped
      // with the second, or a stray letter before the word, is still corrected.
      const keys = [...new Set([...unknown].slice(0, 2).map(spellingKey))];
      const vocabulary = [];
      for (const key of keys.filter(present)) {
        try {
          vocabulary.push(...(await this.json(`s/${key}.json`)));
        } catch {
          // no word of the site starts with this letter
        }
      }
      const better = suggestWord(unknown, vocabulary);
      if (better) {
        words = words.map((w) => (fold(w) === unknown ? better : w));
        changed = true;
      }
    }
    return changed ? words.join(" ") : null;
  }
}
