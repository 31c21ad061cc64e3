// Matches the rows of a retyped table to one template's indicators: by STT and name, then by name
// alone (typos, missing diacritics, a reworded name), then by STT between rows already matched.
import { Indicator, Template } from "../template/schema";
import { ownCopy, plainText } from "../text";
import { TableRow } from "./table";

/** How a row was matched to an indicator, from surest to least sure. */
export type MatchMethod = "sttName" | "name" | "stt";

export interface MatchedRow extends TableRow {
  indicator: Indicator;
  method: MatchMethod;
}

/** Name similarity (bigram Dice) for a typo'd or reworded name. */
const SIMILAR_WITH_STT = 0.8;
const SIMILAR_NAME = 0.85;

/** A text's character bigrams as sorted codes, for similarity. */
type Grams = Uint32Array;

function bigrams(text: string): Grams {
  const codes = new Uint32Array(Math.max(0, text.length - 1));
  for (let i = 0; i + 1 < text.length; i++) codes[i] = text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
  return codes.sort();
}

/** Dice coefficient over character bigrams: 1 for equal texts, ~0.95 for one typo in a long name. */
function similarity(a: Grams, b: Grams): number {
  const total = a.length + b.length;
  if (total === 0) return 0;
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return (2 * common) / total;
}

/** A text in the forms of comparison: words for equality, bigrams for similarity. */
interface Key {
  text: string;
  grams: Grams;
}

/** Keys by the text as typed, a few forms' worth (then it starts again): many units retype the same names. */
const keys = new Map<string, Key>();
const KEYS_KEPT = 8192;

function keyOf(text: string): Key {
  let key = keys.get(text);
  if (!key) {
    const plain = plainText(text);
    key = { text: plain, grams: bigrams(plain) };
    if (keys.size >= KEYS_KEPT) keys.clear();
    keys.set(ownCopy(text), key);
  }
  return key;
}

function similar(a: Key, b: Key, threshold: number): boolean {
  if (a.text === b.text) return true;
  // Dice cannot reach the threshold when one text is much longer than the other.
  const [m, n] = [a.grams.length, b.grams.length];
  return (2 * Math.min(m, n)) / (m + n) >= threshold && similarity(a.grams, b.grams) >= threshold;
}

interface Candidate {
  ind: Indicator;
  index: number;
  stts: string[];
  names: Key[];
}

/**
 * Every candidate name's bigrams by bigram: gram → [name, count, name, count, …]. A row's common bigrams
 * with all the template's names come from the row's own bigrams, where comparing the row with each name
 * in turn walked every name's bigrams (most rows of a form compared with the three other templates).
 */
type Postings = Map<number, number[]>;

interface Prepared {
  byStt: Map<string, Candidate[]>;
  byName: Map<string, Candidate[]>;
  headings: Key[];
  /** Every candidate's names in the template's order, and whose each one is */
  names: Key[];
  owners: Candidate[];
  postings: Postings;
  /** similarNames by a row's text: the same form, retyped by many units, repeats its names */
  similar: Map<string, SimilarName[]>;
}

interface SimilarName {
  at: number;
  score: number;
}

/** How many rows' similar names a template keeps (then it starts again): a few forms' worth. */
const SIMILAR_KEPT = 4096;

/** Each distinct bigram of sorted grams with how often it occurs, as [gram, count] pairs in one array. */
function runs(grams: Grams): number[] {
  const out: number[] = [];
  for (let i = 0; i < grams.length;) {
    let j = i + 1;
    while (j < grams.length && grams[j] === grams[i]) j++;
    out.push(grams[i], j - i);
    i = j;
  }
  return out;
}

function postingsOf(names: readonly Key[]): Postings {
  const postings: Postings = new Map();
  names.forEach((name, at) => {
    const r = runs(name.grams);
    for (let k = 0; k < r.length; k += 2) {
      const list = postings.get(r[k]);
      if (list) list.push(at, r[k + 1]);
      else postings.set(r[k], [at, r[k + 1]]);
    }
  });
  return postings;
}

/** The names at least SIMILAR_NAME similar to the row (Dice, as `similarity` gives it), in the template's order. */
function similarNames(row: Key, { names, postings, similar }: Prepared): SimilarName[] {
  const kept = similar.get(row.text);
  if (kept) return kept;
  const common = new Int32Array(names.length);
  const r = runs(row.grams);
  for (let k = 0; k < r.length; k += 2) {
    const list = postings.get(r[k]);
    if (list) for (let p = 0; p < list.length; p += 2) common[list[p]] += Math.min(r[k + 1], list[p + 1]);
  }
  const out: SimilarName[] = [];
  for (let at = 0; at < names.length; at++) {
    const total = row.grams.length + names[at].grams.length;
    const score = total === 0 ? 0 : (2 * common[at]) / total;
    if (score >= SIMILAR_NAME) out.push({ at, score });
  }
  if (similar.size >= SIMILAR_KEPT) similar.clear();
  similar.set(row.text, out);
  return out;
}

/** A template's rows ready for matching; built once per template. */
const PREPARED = new WeakMap<Template, Prepared>();

function prepare(template: Template): Prepared {
  const cached = PREPARED.get(template);
  if (cached) return cached;
  const candidates = template.indicators.map((ind, index) => ({
    ind,
    index,
    stts: [
      ...new Set(
        [ind.stt, ind.asPrinted?.stt]
          .filter((t): t is string => !!t)
          .map(plainText)
          .filter((t) => t !== ""),
      ),
    ],
    names: [...new Set([ind.name, ind.asPrinted?.name].filter((t): t is string => !!t))].map(keyOf),
  }));
  const owners = candidates.flatMap((c) => c.names.map(() => c));
  const names = candidates.flatMap((c) => c.names);
  const byStt = new Map<string, Candidate[]>();
  const byName = new Map<string, Candidate[]>();
  for (const c of candidates) {
    for (const t of c.stts) byStt.set(t, [...(byStt.get(t) ?? []), c]);
    for (const n of c.names) byName.set(n.text, [...(byName.get(n.text) ?? []), c]);
  }
  const prepared = {
    byStt,
    byName,
    headings: template.sections.filter((sec) => sec.heading).map((sec) => keyOf(sec.title)),
    names,
    owners,
    postings: postingsOf(names),
    similar: new Map(),
  };
  PREPARED.set(template, prepared);
  return prepared;
}

/** A row of the table in the forms of comparison: computed once, compared with every template. */
export interface KeyedRow {
  row: TableRow;
  stt: string;
  name: Key;
  /** STT and name together, for section headings typed in one cell */
  whole: Key;
}

export function keyRows(rows: readonly TableRow[]): KeyedRow[] {
  return rows.map((row) => ({ row, stt: plainText(row.stt), name: keyOf(row.name), whole: keyOf(`${row.stt} ${row.name}`) }));
}

export interface TemplateMatch {
  template: Template;
  matched: MatchedRow[];
  unmatched: TableRow[];
  missing: Indicator[];
  score: number;
}

/**
 * The most matchTemplate's score can be: each row scores at most 1 and needs an STT or a name, and each of
 * the template's rows is taken once.
 */
export function scoreBound(template: Template, rows: readonly KeyedRow[]): number {
  return Math.min(rows.filter((r) => r.stt !== "" || r.name.text !== "").length, template.indicators.length);
}

export function matchTemplate(template: Template, rows: readonly KeyedRow[]): TemplateMatch {
  const prepared = prepare(template);
  const { byStt, byName, headings, owners } = prepared;
  // Section headings printed as their own rows ("Biểu mẫu 1: Công tác chỉ đạo điều hành CCHC") are structure, not rows.
  const table = rows.filter((r) => !headings.some((h) => similar(r.whole, h, SIMILAR_NAME)));
  const found: { ind: Indicator; index: number; method: MatchMethod }[] = [];
  const used = new Set<number>();

  const nameSimilar = (r: KeyedRow, c: Candidate, threshold: number) => c.names.some((n) => similar(r.name, n, threshold));
  // Rows keep the template's order: of several candidates, the first after the previous match.
  const pick = (cands: Candidate[], after: number) => {
    const free = cands.filter((c) => !used.has(c.index)).sort((a, b) => a.index - b.index);
    return free.find((c) => c.index > after) ?? free[0];
  };
  const take = (i: number, c: Candidate | undefined, method: MatchMethod) => {
    if (!c) return;
    found[i] = { ind: c.ind, index: c.index, method };
    used.add(c.index);
  };
  // The template rows between the nearest matched rows above and below: where row i must belong.
  const window = (i: number): [number, number] => {
    let before = -1;
    let after = Infinity;
    for (let j = i - 1; j >= 0; j--)
      if (found[j]) {
        before = found[j].index;
        break;
      }
    for (let j = i + 1; j < table.length; j++)
      if (found[j]) {
        after = found[j].index;
        break;
      }
    return before < after ? [before, after] : [-1, Infinity];
  };
  const inside =
    ([lo, hi]: [number, number]) =>
    (c: Candidate) =>
      c.index > lo && c.index < hi;

  let last = -1;
  table.forEach((r, i) => {
    if (!r.stt || !r.name.text) return;
    take(
      i,
      pick(
        (byStt.get(r.stt) ?? []).filter((c) => nameSimilar(r, c, SIMILAR_WITH_STT)),
        last,
      ),
      "sttName",
    );
    if (found[i]) last = found[i].index;
  });
  table.forEach((r, i) => {
    if (found[i] || !r.name.text) return;
    const win = window(i);
    const exact = (byName.get(r.name.text) ?? []).filter((c) => !used.has(c.index));
    if (exact.length > 0) return take(i, pick(exact.filter(inside(win)), win[0]) ?? pick(exact, win[0]), "name");
    // Only a name as similar as this can be chosen (an equal name with no bigrams scores 0, and 0 is never best).
    let best: Candidate | undefined;
    let bestScore = 0;
    for (const { at, score } of similarNames(r.name, prepared)) {
      const c = owners[at];
      if (!inside(win)(c) || used.has(c.index)) continue;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    take(i, best, "name");
  });
  // STT alone only places a row next to rows matched by name (numbers alone match any form).
  table.forEach((r, i) => {
    if (found[i] || !r.stt) return;
    const win = window(i);
    if (win[0] === -1 && win[1] === Infinity) return;
    take(i, pick((byStt.get(r.stt) ?? []).filter(inside(win)), win[0]), "stt");
  });

  const matched: MatchedRow[] = [];
  const unmatched: TableRow[] = [];
  table.forEach((r, i) =>
    // Not { ...r.row, indicator, method }: V8 adds properties after a spread the slow way (~2 µs a row, every template).
    found[i] ? matched.push(Object.assign({}, r.row, { indicator: found[i].ind, method: found[i].method })) : unmatched.push(r.row),
  );
  const missing = template.indicators.filter((ind, index) => ind.kind !== "header" && !used.has(index));
  const score = matched.reduce((s, m) => s + (m.method === "stt" ? 0.5 : 1), 0);
  return { template, matched, unmatched, missing, score };
}
