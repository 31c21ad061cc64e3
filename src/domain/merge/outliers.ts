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

export interface UnitFigures {
  unit: string;
  file: string;
  /** The unit's numbers by indicator code (blank and "-" left out) */
  values: ReadonlyMap<string, number>;
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

/** A typed array sorts numbers natively, several times faster than Array.sort with a comparator. */
function median(xs: readonly number[]): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Modified z-scores; with a zero MAD (most units agree), the mean absolute deviation scaled to match. */
function scores(xs: readonly number[]): number[] | undefined {
  const med = median(xs);
  const dev = xs.map((x) => Math.abs(x - med));
  const mad = median(dev);
  if (mad > 0) return xs.map((x) => (0.6745 * (x - med)) / mad);
  const meanAd = dev.reduce((s, d) => s + d, 0) / dev.length;
  return meanAd > 0 ? xs.map((x) => (x - med) / (1.253314 * meanAd)) : undefined;
}

const scored = (ind: Indicator) => ind.kind === "percent" || ind.kind === "count" || ind.kind === "amount";

export function findOutliers(template: Template, units: readonly UnitFigures[]): Outlier[] {
  const bounds = new Map(template.plausibility.bounds.map((b) => [b.code, b]));
  const out: Outlier[] = [];
  for (const ind of template.indicators) {
    if (!scored(ind)) continue;
    const reported: { u: UnitFigures; v: number }[] = [];
    for (const u of units) {
      const v = u.values.get(ind.code);
      if (v !== undefined) reported.push({ u, v });
    }
    if (reported.length === 0) continue;
    const med = median(reported.map((r) => r.v));
    const usual = valueText(ind, med);
    const range = bounds.get(ind.code);
    const flag = (u: UnitFigures, value: number, reason: Outlier["reason"], message: Message) =>
      out.push({ code: ind.code, unit: u.unit, file: u.file, value, median: med, reason, message });
    const outside = new Set<UnitFigures>();
    if (range) {
      for (const { u, v } of reported) {
        if ((range.min === undefined || v >= range.min) && (range.max === undefined || v <= range.max)) continue;
        outside.add(u);
        const limits = `${range.min === undefined ? "…" : formatNumber(range.min)}–${range.max === undefined ? "…" : formatNumber(range.max)}`;
        flag(
          u,
          v,
          "bounds",
          msg(`${valueText(ind, v)}, ngoài khoảng hợp lý ${limits}`, `${valueText(ind, v)}, outside the plausible range ${limits}`),
        );
      }
    }
    // A count of 0 is "nothing happened", common and not comparable on a log scale: counts are scored over the units that have some.
    const scoredUnits = ind.kind === "percent" ? reported : reported.filter((r) => r.v > 0);
    if (scoredUnits.length < MIN_UNITS) continue;
    const z = scores(scoredUnits.map((r) => (ind.kind === "percent" ? r.v : Math.log1p(r.v))));
    if (!z) continue;
    scoredUnits.forEach(({ u, v }, i) => {
      if (Math.abs(z[i]) <= OUTLIER_SCORE || Math.abs(v - med) < MIN_DISTANCE || outside.has(u)) return;
      flag(
        u,
        v,
        "far",
        msg(
          `${valueText(ind, v)}, khác xa các đơn vị khác (trung vị của ${reported.length} đơn vị là ${usual})`,
          `${valueText(ind, v)}, far from the other units (the median of ${reported.length} units is ${usual})`,
        ),
      );
    });
  }
  return out;
}
