// Units far from the others, which no manual consolidation sees: per indicator, a robust score (the
// modified z-score of Iglewicz and Hoaglin, on rates as typed and on counts after log1p, so that a large
// department is not an outlier for being large) and the plausible range a template may give. Listed
// as "cần xem lại" with the unit and its value; nothing is changed in the totals.
import { Message, msg } from "../messages";
import { valueText } from "../rules/words";
import { Indicator, Template } from "../template/schema";
import { formatNumber } from "../values";

/** |M| above this is an outlier (Iglewicz and Hoaglin's cut-off). */
export const OUTLIER_SCORE = 3.5;
/** Fewer units than this say nothing about what is usual. */
export const MIN_UNITS = 5;
/** Closer to the median than this (units, or percentage points) is never worth a look. */
export const MIN_DISTANCE = 10;

/**
 * The units' numbers by indicator, gathered one unit at a time (blanks and "-" left out): for each
 * indicator, which units reported a number (their place in `units`, in order) and the numbers.
 */
export class UnitNumbers {
  readonly units: { unit: string; file: string }[] = [];
  readonly byCode = new Map<string, { who: number[]; figures: number[] }>();

  /** A unit's place, for put(). */
  addUnit(unit: string, file: string): number {
    return this.units.push({ unit, file }) - 1;
  }

  put(at: number, code: string, value: number): void {
    let column = this.byCode.get(code);
    if (!column) this.byCode.set(code, (column = { who: [], figures: [] }));
    column.who.push(at);
    column.figures.push(value);
  }
}

export interface Outlier {
  code: string;
  unit: string;
  file: string;
  value: number;
  /** The median over the units that reported a number */
  median: number;
  reason: "far" | "bounds";
  message: Message;
}

/**
 * The median of xs, which it reorders: the middle one or two found by selection (Hoare's, in linear time),
 * not by sorting (a merge takes three medians per indicator over thousands of units).
 */
export function medianInPlace(xs: Float64Array): number {
  const n = xs.length;
  const upper = select(xs, n >> 1);
  if (n % 2 === 1) return upper;
  // After selecting, everything before n/2 is at most the upper middle: the lower one is their largest.
  let lower = xs[0];
  for (let i = 1; i < n >> 1; i++) if (xs[i] > lower) lower = xs[i];
  return (lower + upper) / 2;
}

/** The k-th smallest of xs (from 0), moved to xs[k] with no larger one before it and no smaller one after. */
function select(xs: Float64Array, k: number): number {
  let [left, right] = [0, xs.length - 1];
  while (right > left) {
    const pivot = xs[(left + right) >> 1];
    let [i, j] = [left, right];
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        [xs[i], xs[j]] = [xs[j], xs[i]];
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return xs[k];
}

/** Modified z-scores; with a zero MAD (most units agree), the mean absolute deviation scaled to match. */
function scores(xs: Float64Array): Float64Array | undefined {
  const n = xs.length;
  const med = medianInPlace(xs.slice());
  const dev = new Float64Array(n);
  let sumAd = 0;
  for (let i = 0; i < n; i++) sumAd += dev[i] = Math.abs(xs[i] - med);
  const mad = medianInPlace(dev);
  const meanAd = sumAd / n;
  if (!(mad > 0) && !(meanAd > 0)) return undefined;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = mad > 0 ? (0.6745 * (xs[i] - med)) / mad : (xs[i] - med) / (1.253314 * meanAd);
  return z;
}

const scored = (ind: Indicator) => ind.kind === "percent" || ind.kind === "count" || ind.kind === "amount";

export function findOutliers(template: Template, numbers: UnitNumbers): Outlier[] {
  const bounds = new Map(template.plausibility.bounds.map((b) => [b.code, b]));
  const { units } = numbers;
  const out: Outlier[] = [];
  for (const ind of template.indicators) {
    const column = numbers.byCode.get(ind.code);
    if (!scored(ind) || !column) continue;
    const { who, figures } = column;
    const med = medianInPlace(Float64Array.from(figures));
    const usual = valueText(ind, med);
    const range = bounds.get(ind.code);
    const flag = (k: number, reason: Outlier["reason"], message: Message) => {
      const u = units[who[k]];
      out.push({ code: ind.code, unit: u.unit, file: u.file, value: figures[k], median: med, reason, message });
    };
    const outside = new Set<number>();
    if (range) {
      const limits = `${range.min === undefined ? "…" : formatNumber(range.min)}–${range.max === undefined ? "…" : formatNumber(range.max)}`;
      figures.forEach((v, k) => {
        if ((range.min === undefined || v >= range.min) && (range.max === undefined || v <= range.max)) return;
        outside.add(k);
        const shown = valueText(ind, v);
        flag(k, "bounds", msg(`${shown}, ngoài khoảng hợp lý ${limits}`, `${shown}, outside the plausible range ${limits}`));
      });
    }
    // A count of 0 is "nothing happened", common and not comparable on a log scale: counts are scored over the units that have some.
    const percent = ind.kind === "percent";
    const scoredAt: number[] = [];
    figures.forEach((v, k) => (percent || v > 0) && scoredAt.push(k));
    if (scoredAt.length < MIN_UNITS) continue;
    const on = new Float64Array(scoredAt.length);
    scoredAt.forEach((k, i) => (on[i] = percent ? figures[k] : Math.log1p(figures[k])));
    const z = scores(on);
    if (!z) continue;
    scoredAt.forEach((k, i) => {
      const v = figures[k];
      if (Math.abs(z[i]) <= OUTLIER_SCORE || Math.abs(v - med) < MIN_DISTANCE || outside.has(k)) return;
      const shown = valueText(ind, v);
      flag(
        k,
        "far",
        msg(
          `${shown}, khác xa các đơn vị khác (trung vị của ${who.length} đơn vị là ${usual})`,
          `${shown}, far from the other units (the median of ${who.length} units is ${usual})`,
        ),
      );
    });
  }
  return out;
}
