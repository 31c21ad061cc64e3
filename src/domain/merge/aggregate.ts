// The mergeable statistics of one indicator over a set of units (DESIGN §1 step 4). Each unit's value
// becomes a one-unit aggregate; aggregates combine associatively and commutatively, with exact
// decimal sums and sorted unit lists, so merging summaries of parts gives exactly (===) what merging
// every unit at once gives. A summary stores them as JSON in `_cchc` (metadata.ts).
import { FormulaResult } from "../compute";
import { Message, msg } from "../messages";
import { quoted } from "../text";
import { RATE_TOLERANCE } from "../rules/derive";
import { Indicator } from "../template/schema";
import { formatNumber, formatParsed, MAX_FIGURE, ParsedValue } from "../values";
import { MergedIndicator } from "./model";
import { compareUnits, sortUnits, unitsEn } from "./units";

// ---------------------------------------------------------------------------------------------
// Exact decimals: digits × 10^-scale. Every finite double has a shortest decimal text, and sums and
// products of such decimals are exact, so the order in which units are added never shows.

interface Decimal {
  digits: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const ZERO = "0";

function normal(d: Decimal): Decimal {
  let { digits, scale } = d;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale--;
  }
  return { digits, scale };
}

function decimalOf(n: number): Decimal {
  if (Number.isSafeInteger(n)) return { digits: BigInt(n), scale: 0 };
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) throw new Error(`not a finite number: ${n}`);
  const fraction = m[3] ?? "";
  const scale = fraction.length - Number(m[4] ?? 0);
  const digits = BigInt(m[1] + m[2] + fraction);
  return normal(scale < 0 ? { digits: digits * 10n ** BigInt(-scale), scale: 0 } : { digits, scale });
}

function parseDecimal(text: string): Decimal {
  const [whole, fraction = ""] = text.split(".");
  return normal({ digits: BigInt(whole + fraction), scale: fraction.length });
}

function decimalText(d: Decimal): string {
  const negative = d.digits < 0n;
  let s = (negative ? -d.digits : d.digits).toString();
  if (d.scale > 0) {
    s = s.padStart(d.scale + 1, "0");
    s = `${s.slice(0, -d.scale)}.${s.slice(-d.scale)}`;
  }
  return (negative ? "-" : "") + s;
}

/** The canonical text of a figure: its shortest decimal, as String gives a whole number without BigInt's round trip. */
function decimalTextOf(n: number): string {
  // String gives the shortest decimal already (every safe integer too), unless it writes an exponent.
  const shortest = String(n);
  return shortest.includes("e") ? decimalText(decimalOf(n)) : shortest;
}

/** Decimals added as doubles, in units of 10^-scale, only up to this many places (rates have one or two). */
const FAST_SCALE = 6;

/** The exact sum of the texts in units of 10^-scale while that is a safe integer, else undefined. */
function scaledSum(texts: string[], scale: number): number | undefined {
  const unit = 10 ** scale;
  let total = 0;
  for (const t of texts) {
    const dot = t.indexOf(".");
    const wholeDigits = (dot < 0 ? t.length : dot) - (t.charCodeAt(0) === 0x2d ? 1 : 0);
    // At most 15 digits in all: the nearest double times 10^scale is then within 0,25 of the exact figure.
    if (wholeDigits + scale > 15 || !DECIMAL_TEXT.test(t)) return undefined;
    total += Math.round(Number(t) * unit);
    if (!Number.isSafeInteger(total)) return undefined;
  }
  return total;
}

function addTexts(texts: string[]): string {
  // Most figures are counts or rates with a decimal or two: added as whole doubles in units of the most
  // places any text has, while that stays exact; otherwise exactly, digit by digit.
  let places = 0;
  for (const t of texts) {
    const dot = t.indexOf(".");
    if (dot >= 0) places = Math.max(places, t.length - dot - 1);
  }
  const fast = places <= FAST_SCALE ? scaledSum(texts, places) : undefined;
  if (fast !== undefined) return places === 0 ? String(fast) : decimalText(normal({ digits: BigInt(fast), scale: places }));
  let digits = 0n;
  let scale = 0;
  for (const t of texts) {
    const d = parseDecimal(t);
    if (d.scale > scale) {
      digits *= 10n ** BigInt(d.scale - scale);
      scale = d.scale;
    }
    digits += d.digits * 10n ** BigInt(scale - d.scale);
  }
  return decimalText(normal({ digits, scale }));
}

function times(a: number, b: number): string {
  const x = decimalOf(a);
  const y = decimalOf(b);
  return decimalText(normal({ digits: x.digits * y.digits, scale: x.scale + y.scale }));
}

/** a / b to 25 significant digits before the one rounding to a double: 295,2 / 3 is 98,4, not 98,39999999999999. */
function quotient(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const precision = 25 + Math.max(0, y.digits.toString().length - x.digits.toString().length);
  const q = (x.digits * 10n ** BigInt(precision)) / y.digits;
  return Number(`${q}e${y.scale - x.scale - precision}`);
}

// ---------------------------------------------------------------------------------------------
// The aggregates, one shape per merge method. Unit lists are sorted (compareUnits), decimals are
// canonical texts, so equal statistics are equal JSON.

type Units = string[];

export type SumAggregate = {
  method: "sum";
  /** exact decimal text */
  total: string;
  /** units that reported a number */
  numbers: number;
  /** units that wrote "-" */
  dashes: number;
  missing: Units;
  /** units whose value could not be read (listed in notMerged) */
  unreadable: Units;
};

export type RecomputeAggregate = {
  method: "recompute";
  /** units whose own parts give a result */
  reported: number;
  /** units whose parts give nothing */
  missing: Units;
  /** units that typed a figure other than what their own parts give */
  differs: Units;
};

export type Extreme = { value: number; units: Units };

export type MeanAggregate = {
  method: "mean";
  numbers: number;
  dashes: number;
  /** exact sum of the reported rates */
  sum: string;
  min?: Extreme;
  max?: Extreme;
  /** only when the template names a weight: Σ weight × rate, Σ weight, and the units without a weight */
  weighted?: { sum: string; weights: string; without: Units };
  missing: Units;
  unreadable: Units;
};

export type DistributionAggregate = {
  method: "distribution";
  /** option code → how many units chose it */
  counts: Record<string, number>;
  dashes: number;
  missing: Units;
  unreadable: Units;
};

export type TextAggregate = {
  method: "text";
  entries: { unit: string; text: string }[];
  missing: Units;
  unreadable: Units;
};

export type Aggregate = SumAggregate | RecomputeAggregate | MeanAggregate | DistributionAggregate | TextAggregate;

const NUMERIC_METHODS = new Set<Indicator["merge"]>(["sum", "recompute", "mean", "distribution"]);

/** Why a reported value cannot enter the indicator's total; undefined when it can (or is blank). */
export function rejectReason(ind: Indicator, parsed: ParsedValue): Message | undefined {
  if (parsed.status === "invalid") return parsed.reason;
  const outside = parsed.status === "value" && NUMERIC_METHODS.has(ind.merge) ? outsideKind(ind, parsed.value) : undefined;
  if (outside) return outside;
  if (parsed.status === "text" && NUMERIC_METHODS.has(ind.merge)) {
    return msg(
      `Chỉ tiêu ${ind.code}: ${quoted(parsed.text)} là chữ trong dòng số liệu, không cộng được`,
      `Indicator ${ind.code}: ${quoted(parsed.text)} is text in a row of figures and cannot be added up`,
    );
  }
  if (parsed.status === "value" && ind.merge === "distribution" && !(ind.options ?? []).some((o) => o.value === parsed.value)) {
    const list = (ind.options ?? []).map((o) => `${o.label} = ${o.value}`).join("; ");
    return msg(
      `Chỉ tiêu ${ind.code}: ${formatNumber(parsed.value)} không thuộc các lựa chọn (${list})`,
      `Indicator ${ind.code}: ${formatNumber(parsed.value)} is not one of the options (${list})`,
    );
  }
  return undefined;
}

/** A figure as a message quotes it. Not a closure in outsideKind: every value of every unit passes there. */
const shownFigure = (value: number) => formatNumber(value, 6);

/**
 * A figure no total may take: beyond what a spreadsheet holds exactly (15 digits, so that sums stay finite
 * and exact), a negative count or amount, a rate outside 0–100. `cchc check` reports the same as errors.
 */
function outsideKind(ind: Indicator, value: number): Message | undefined {
  if (!(Math.abs(value) <= MAX_FIGURE)) {
    return msg(
      `Chỉ tiêu ${ind.code}: ${shownFigure(value)} quá lớn (quá ${formatNumber(MAX_FIGURE)}), không cộng được; kiểm tra lại số liệu`,
      `Indicator ${ind.code}: ${shownFigure(value)} is too large (over ${MAX_FIGURE.toLocaleString("en")}) to add up; check the figure`,
    );
  }
  if ((ind.kind === "count" || ind.kind === "amount") && value < 0) {
    return msg(
      `Chỉ tiêu ${ind.code}: số âm (${shownFigure(value)}) không cộng vào tổng; số đếm và số tiền không được âm`,
      `Indicator ${ind.code}: a negative figure (${shownFigure(value)}) is not added to the total; counts and amounts cannot be negative`,
    );
  }
  if (ind.kind === "percent" && ind.merge === "mean" && (value < 0 || value > 100)) {
    return msg(
      `Chỉ tiêu ${ind.code}: tỷ lệ ${shownFigure(value)} nằm ngoài 0–100, không tính vào bình quân`,
      `Indicator ${ind.code}: the rate ${shownFigure(value)} is outside 0–100 and is left out of the mean`,
    );
  }
  return undefined;
}

export interface UnitContext {
  /** merge "mean" with a weight: the unit's value of the weight indicator */
  weight?: ParsedValue;
  /** merge "recompute": what the formula gives from the unit's own parts */
  recomputed?: FormulaResult;
}

/** No weight, no recomputed figure: shared, not a new object for each of a national merge's millions of values. */
const NO_CONTEXT: UnitContext = Object.freeze({});

/** A mergeable figure the unit typed that is not what the formula gives from its own parts. */
function differsFromParts(ind: Indicator, parsed: ParsedValue, recomputed: FormulaResult): boolean {
  return rejectReason(ind, parsed) === undefined && !sameFigure(ind, parsed, recomputed);
}

/** Computed figures typed by a unit count as its own figure when they match its parts (rates within the rules' tolerance). */
function sameFigure(ind: Indicator, own: ParsedValue, recomputed: FormulaResult): boolean {
  if (own.status === "missing") return recomputed === "";
  if (own.status === "notApplicable") return recomputed === "-";
  if (own.status !== "value" || typeof recomputed !== "number") return false;
  const tolerance = ind.compute && "rate" in ind.compute ? RATE_TOLERANCE : 1e-9;
  return Math.abs(own.value - recomputed) <= tolerance;
}

/** How a unit's value counts in the indicator's statistics: blank, not mergeable, a number, "-", or other (text). */
type Standing = "missing" | "rejected" | "number" | "dash" | "other";

function standing(ind: Indicator, parsed: ParsedValue): Standing {
  if (parsed.status === "missing") return "missing";
  if (rejectReason(ind, parsed) !== undefined) return "rejected";
  return parsed.status === "value" ? "number" : parsed.status === "notApplicable" ? "dash" : "other";
}

/** One unit's empty list, shared by every unit's statistics (a national merge makes millions): never changed, combining makes new lists. */
const NO_UNITS: Units = Object.freeze([]) as unknown as Units;

/** The unit's weight for a weighted mean: a number from 0 to the largest figure, else none. */
function weightOf(ctx: UnitContext): number | undefined {
  const w = ctx.weight;
  return w?.status === "value" && w.value >= 0 && w.value <= MAX_FIGURE ? w.value : undefined;
}

/** The statistics of one unit's value (`parsed`) of the indicator. */
export function unitAggregate(ind: Indicator, unit: string, parsed: ParsedValue, ctx: UnitContext = NO_CONTEXT): Aggregate {
  if (ind.merge === "recompute") {
    const recomputed = ctx.recomputed ?? "";
    const differs = differsFromParts(ind, parsed, recomputed);
    return {
      method: "recompute",
      reported: recomputed === "" ? 0 : 1,
      missing: recomputed === "" ? [unit] : NO_UNITS,
      differs: differs ? [unit] : NO_UNITS,
    };
  }
  const counts = standing(ind, parsed);
  const coverage = { missing: counts === "missing" ? [unit] : NO_UNITS, unreadable: counts === "rejected" ? [unit] : NO_UNITS };
  const accepted = counts !== "missing" && counts !== "rejected";
  const number = counts === "number" && parsed.status === "value" ? parsed.value : undefined;
  const dash = counts === "dash" ? 1 : 0;
  switch (ind.merge) {
    case "sum":
      return {
        method: "sum",
        total: number === undefined ? ZERO : decimalTextOf(number),
        numbers: number === undefined ? 0 : 1,
        dashes: dash,
        ...coverage,
      };
    case "mean": {
      const agg: MeanAggregate = { method: "mean", numbers: 0, dashes: dash, sum: ZERO, ...coverage };
      if (number !== undefined) {
        agg.numbers = 1;
        agg.sum = decimalTextOf(number);
        agg.min = { value: number, units: [unit] };
        agg.max = { value: number, units: [unit] };
      }
      if (ind.weight) {
        const weight = weightOf(ctx);
        agg.weighted =
          number === undefined
            ? { sum: ZERO, weights: ZERO, without: NO_UNITS }
            : weight === undefined
              ? { sum: ZERO, weights: ZERO, without: [unit] }
              : { sum: times(weight, number), weights: decimalTextOf(weight), without: NO_UNITS };
      }
      return agg;
    }
    case "distribution":
      return { method: "distribution", counts: number === undefined ? {} : { [String(number)]: 1 }, dashes: dash, ...coverage };
    case "text":
      return { method: "text", entries: accepted ? [{ unit, text: formatParsed(parsed) }] : [], ...coverage };
    case "none":
      throw new Error(`indicator ${ind.code} is not merged`);
  }
}

// ---------------------------------------------------------------------------------------------
// Combining

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Lists combineAll made: sorted already. */
const SORTED = new WeakSet<Units>();

/**
 * Every unit of the lists, in order (as sortUnits of them all): a list combineAll made is sorted, so the
 * others (a unit's one name each) are sorted together and merged into it, not sorted again with it.
 */
function allUnits(lists: Units[]): Units {
  const ordered: Units[] = [];
  const rest: string[] = [];
  for (const l of lists) {
    if (SORTED.has(l)) ordered.push(l);
    else for (const u of l) rest.push(u);
  }
  let out = sortUnits(rest);
  for (const l of ordered) out = mergeSorted(out, l);
  if (out.length > 0) SORTED.add(out);
  return out;
}

function mergeSorted(a: Units, b: Units): Units {
  if (a.length === 0) return [...b];
  if (b.length === 0) return a;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareUnits(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

function extreme(list: (Extreme | undefined)[], better: (a: number, b: number) => boolean): Extreme | undefined {
  let best: Extreme | undefined;
  for (const e of list) {
    if (!e) continue;
    if (!best || better(e.value, best.value)) best = { value: e.value, units: [...e.units] };
    else if (e.value === best.value) best.units.push(...e.units);
  }
  return best && { value: best.value, units: sortUnits(best.units) };
}

function same<T extends Aggregate>(method: T["method"], list: Aggregate[]): T[] {
  for (const a of list) if (a.method !== method) throw new Error(`cannot combine ${a.method} with ${method}`);
  return list as T[];
}

/** Combines any number of aggregates of one indicator (one sort per list, however many units). */
export function combineAll(list: Aggregate[]): Aggregate {
  if (list.length === 0) throw new Error("nothing to combine");
  const method = list[0].method;
  switch (method) {
    case "sum": {
      const xs = same<SumAggregate>(method, list);
      return {
        method,
        total: addTexts(xs.map((a) => a.total)),
        numbers: sum(xs.map((a) => a.numbers)),
        dashes: sum(xs.map((a) => a.dashes)),
        missing: allUnits(xs.map((a) => a.missing)),
        unreadable: allUnits(xs.map((a) => a.unreadable)),
      };
    }
    case "recompute": {
      const xs = same<RecomputeAggregate>(method, list);
      return {
        method,
        reported: sum(xs.map((a) => a.reported)),
        missing: allUnits(xs.map((a) => a.missing)),
        differs: allUnits(xs.map((a) => a.differs)),
      };
    }
    case "mean": {
      const xs = same<MeanAggregate>(method, list);
      const agg: MeanAggregate = {
        method,
        numbers: sum(xs.map((a) => a.numbers)),
        dashes: sum(xs.map((a) => a.dashes)),
        sum: addTexts(xs.map((a) => a.sum)),
        missing: allUnits(xs.map((a) => a.missing)),
        unreadable: allUnits(xs.map((a) => a.unreadable)),
      };
      const min = extreme(
        xs.map((a) => a.min),
        (a, b) => a < b,
      );
      const max = extreme(
        xs.map((a) => a.max),
        (a, b) => a > b,
      );
      if (min) agg.min = min;
      if (max) agg.max = max;
      if (xs[0].weighted) {
        const ws = xs.map((a) => a.weighted ?? { sum: ZERO, weights: ZERO, without: [] });
        agg.weighted = {
          sum: addTexts(ws.map((w) => w.sum)),
          weights: addTexts(ws.map((w) => w.weights)),
          without: allUnits(ws.map((w) => w.without)),
        };
      }
      return agg;
    }
    case "distribution": {
      const xs = same<DistributionAggregate>(method, list);
      const counts = new Map<number, number>();
      for (const a of xs) for (const [code, n] of Object.entries(a.counts)) counts.set(Number(code), (counts.get(Number(code)) ?? 0) + n);
      return {
        method,
        counts: Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]).map(([code, n]) => [String(code), n])),
        dashes: sum(xs.map((a) => a.dashes)),
        missing: allUnits(xs.map((a) => a.missing)),
        unreadable: allUnits(xs.map((a) => a.unreadable)),
      };
    }
    case "text": {
      const xs = same<TextAggregate>(method, list);
      return {
        method,
        entries: xs
          .flatMap((a) => a.entries)
          .sort((a, b) => compareUnits(a.unit, b.unit) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)),
        missing: allUnits(xs.map((a) => a.missing)),
        unreadable: allUnits(xs.map((a) => a.unreadable)),
      };
    }
  }
}

/** Unit statistics combined at a time: memory stays flat, and the lists combined so far are merged into, not sorted again. */
const COMBINE_BATCH = 1024;

/**
 * An exact decimal sum gathered a figure at a time: whole figures added as a double while the total stays
 * a safe integer (past 2^53 a double's sum is rounded), the others kept as texts and added a batch at a time.
 */
class ExactSum {
  private whole = 0;
  private texts: string[] = [];

  add(figure: number): void {
    const whole = this.whole + figure;
    if (Number.isSafeInteger(figure) && Number.isSafeInteger(whole)) this.whole = whole;
    else this.addText(decimalTextOf(figure));
  }

  addText(text: string): void {
    this.texts.push(text);
    if (this.texts.length >= COMBINE_BATCH) this.texts = [addTexts(this.texts)];
  }

  total(): string {
    return addTexts([...this.texts, String(this.whole)]);
  }
}

/** The units a value leaves out (blank, or not mergeable) and the dashes, as each unit's aggregate counts them. */
class Coverage {
  readonly missing: string[] = [];
  readonly unreadable: string[] = [];
  dashes = 0;

  /** How the unit's value stands, counted. */
  take(ind: Indicator, unit: string, parsed: ParsedValue): Standing {
    const counts = standing(ind, parsed);
    if (counts === "missing") this.missing.push(unit);
    else if (counts === "rejected") this.unreadable.push(unit);
    else if (counts === "dash") this.dashes++;
    return counts;
  }

  lists(): { dashes: number; missing: Units; unreadable: Units } {
    return { dashes: this.dashes, missing: allUnits([this.missing]), unreadable: allUnits([this.unreadable]) };
  }
}

/** A unit's figure taken into an extreme: the new one when better, its unit added on a tie (as extreme() combines them). */
function into(e: Extreme | undefined, value: number, unit: string, better: boolean): Extreme {
  if (!e || better) return { value, units: [unit] };
  if (value === e.value) e.units.push(unit);
  return e;
}

/** What unitAggregate gives each unit, gathered in place: one aggregate for all the units, as combineAll of theirs. */
interface Gathering {
  add(unit: string, parsed: ParsedValue, ctx: UnitContext): void;
  result(): Aggregate;
}

function gatheringFor(ind: Indicator): Gathering | undefined {
  switch (ind.merge) {
    case "sum": {
      const sum = new ExactSum();
      const coverage = new Coverage();
      let numbers = 0;
      return {
        add(unit, parsed) {
          if (coverage.take(ind, unit, parsed) !== "number" || parsed.status !== "value") return;
          numbers++;
          sum.add(parsed.value);
        },
        result: () => ({ method: "sum", total: sum.total(), numbers, ...coverage.lists() }),
      };
    }
    case "mean": {
      const sum = new ExactSum();
      const coverage = new Coverage();
      const weighted = ind.weight ? { sum: new ExactSum(), weights: new ExactSum(), without: [] as string[] } : undefined;
      let numbers = 0;
      let min: Extreme | undefined;
      let max: Extreme | undefined;
      return {
        add(unit, parsed, ctx) {
          if (coverage.take(ind, unit, parsed) !== "number" || parsed.status !== "value") return;
          const number = parsed.value;
          numbers++;
          sum.add(number);
          min = into(min, number, unit, min !== undefined && number < min.value);
          max = into(max, number, unit, max !== undefined && number > max.value);
          if (!weighted) return;
          const weight = weightOf(ctx);
          if (weight === undefined) weighted.without.push(unit);
          else {
            weighted.sum.addText(times(weight, number));
            weighted.weights.add(weight);
          }
        },
        result() {
          const agg: MeanAggregate = { method: "mean", numbers, sum: sum.total(), ...coverage.lists() };
          if (min) agg.min = { value: min.value, units: sortUnits(min.units) };
          if (max) agg.max = { value: max.value, units: sortUnits(max.units) };
          if (weighted)
            agg.weighted = { sum: weighted.sum.total(), weights: weighted.weights.total(), without: allUnits([weighted.without]) };
          return agg;
        },
      };
    }
    case "distribution": {
      const coverage = new Coverage();
      const counts = new Map<number, number>();
      return {
        add(unit, parsed) {
          if (coverage.take(ind, unit, parsed) !== "number" || parsed.status !== "value") return;
          counts.set(parsed.value, (counts.get(parsed.value) ?? 0) + 1);
        },
        result: () => ({
          method: "distribution",
          counts: Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]).map(([code, n]) => [String(code), n])),
          ...coverage.lists(),
        }),
      };
    }
    case "recompute": {
      const [missing, differs]: string[][] = [[], []];
      let reported = 0;
      return {
        add(unit, parsed, ctx) {
          const recomputed = ctx.recomputed ?? "";
          if (recomputed === "") missing.push(unit);
          else reported++;
          if (differsFromParts(ind, parsed, recomputed)) differs.push(unit);
        },
        result: () => ({ method: "recompute", reported, missing: allUnits([missing]), differs: allUnits([differs]) }),
      };
    }
    // A text's entries are few and kept as they are.
    case "text":
    case "none":
      return undefined;
  }
}

/**
 * One indicator's statistics over many units, gathered one unit (or one summary's aggregate) at a time:
 * what combineAll of them all gives. A unit's value is gathered in place (its figures added a batch at a
 * time, its units sorted once), so a national merge makes no object per unit and indicator; a summary's
 * aggregate, and a text's entries, are kept and combined a batch at a time.
 */
export class Statistics {
  private readonly parts: Aggregate[];
  private readonly gathering?: Gathering;

  constructor(private readonly ind: Indicator) {
    this.parts = [emptyAggregate(ind)];
    this.gathering = gatheringFor(ind);
  }

  addUnit(unit: string, parsed: ParsedValue, ctx: UnitContext = NO_CONTEXT): void {
    if (this.gathering) this.gathering.add(unit, parsed, ctx);
    else this.addAggregate(unitAggregate(this.ind, unit, parsed, ctx));
  }

  addAggregate(agg: Aggregate): void {
    this.parts.push(agg);
    if (this.parts.length >= COMBINE_BATCH) this.parts.splice(0, this.parts.length, combineAll(this.parts));
  }

  result(): Aggregate {
    return combineAll(this.gathering ? [...this.parts, this.gathering.result()] : this.parts);
  }
}

/** The statistics of no unit at all: combining with it changes nothing. */
function emptyAggregate(ind: Indicator): Aggregate {
  switch (ind.merge) {
    case "sum":
      return { method: "sum", total: ZERO, numbers: 0, dashes: 0, missing: [], unreadable: [] };
    case "recompute":
      return { method: "recompute", reported: 0, missing: [], differs: [] };
    case "mean":
      return {
        method: "mean",
        numbers: 0,
        dashes: 0,
        sum: ZERO,
        ...(ind.weight ? { weighted: { sum: ZERO, weights: ZERO, without: [] } } : {}),
        missing: [],
        unreadable: [],
      };
    case "distribution":
      return { method: "distribution", counts: {}, dashes: 0, missing: [], unreadable: [] };
    case "text":
      return { method: "text", entries: [], missing: [], unreadable: [] };
    case "none":
      throw new Error(`indicator ${ind.code} is not merged`);
  }
}

/** combine(a, b) = combine(b, a); combine(combine(a, b), c) = combine(a, combine(b, c)). */
export function combine(a: Aggregate, b: Aggregate): Aggregate {
  return combineAll([a, b]);
}

// ---------------------------------------------------------------------------------------------
// Reading an aggregate back from a summary's `_cchc`: untrusted JSON, checked like any input.

// Each shape as its own fields, exactly (an unknown field is damage too).
type Check = (v: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const units: Check = (v) => Array.isArray(v) && v.every((x) => typeof x === "string");
const decimal: Check = (v) => typeof v === "string" && DECIMAL_TEXT.test(v);
const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const finite: Check = (v) => typeof v === "number" && Number.isFinite(v);
/** An object with exactly these fields; those marked optional may be absent. */
const exactly =
  (fields: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (v) =>
    isObject(v) &&
    Object.keys(v).every((k) => k in fields || k in optional) &&
    Object.entries(fields).every(([k, check]) => check(v[k])) &&
    Object.entries(optional).every(([k, check]) => v[k] === undefined || check(v[k]));
const method =
  (name: string): Check =>
  (v) =>
    v === name;
const extremeShape = exactly({ value: finite, units });
const optionCounts: Check = (v) => isObject(v) && Object.entries(v).every(([k, c]) => /^-?\d+$/.test(k) && count(c));

const SHAPES: Record<Exclude<Indicator["merge"], "none">, Check> = {
  sum: exactly({ method: method("sum"), total: decimal, numbers: count, dashes: count, missing: units, unreadable: units }),
  recompute: exactly({ method: method("recompute"), reported: count, missing: units, differs: units }),
  mean: exactly(
    { method: method("mean"), numbers: count, dashes: count, sum: decimal, missing: units, unreadable: units },
    { min: extremeShape, max: extremeShape, weighted: exactly({ sum: decimal, weights: decimal, without: units }) },
  ),
  distribution: exactly({ method: method("distribution"), counts: optionCounts, dashes: count, missing: units, unreadable: units }),
  text: exactly({
    method: method("text"),
    entries: (v) => Array.isArray(v) && v.every(exactly({ unit: (u) => typeof u === "string", text: (t) => typeof t === "string" })),
    missing: units,
    unreadable: units,
  }),
};

/** The aggregate stored for `ind`, or undefined when it is absent, damaged or not this indicator's kind. */
export function readAggregate(ind: Indicator, json: unknown): Aggregate | undefined {
  if (ind.merge === "none") return undefined;
  if (!SHAPES[ind.merge](json)) return undefined;
  const agg = json as Aggregate;
  if (agg.method === "mean" && (agg.weighted !== undefined) !== (ind.weight !== undefined)) return undefined;
  if (agg.method === "distribution" && !Object.keys(agg.counts).every((code) => (ind.options ?? []).some((o) => String(o.value) === code)))
    return undefined;
  // Put lists back in canonical order, in case the sheet was edited by hand (new lists: nothing shares the stored JSON).
  return combineAll([agg]);
}

// ---------------------------------------------------------------------------------------------
// What the summary shows for an indicator

const names = (list: Units) => list.join(", ");

function reportedOf(agg: Aggregate): number {
  switch (agg.method) {
    case "sum":
    case "mean":
      return agg.numbers + agg.dashes;
    case "recompute":
      return agg.reported;
    case "distribution":
      return sum(Object.values(agg.counts)) + agg.dashes;
    case "text":
      return agg.entries.length;
  }
}

const unreadableOf = (agg: Aggregate): Units => (agg.method === "recompute" ? [] : agg.unreadable);

/** How many units the statistics cover: those that reported, left it blank, or wrote something unreadable. */
export function unitCount(agg: Aggregate): number {
  return reportedOf(agg) + agg.missing.length + unreadableOf(agg).length;
}

function coverageNotes(agg: Aggregate): Message[] {
  const unreadable = unreadableOf(agg);
  const total = unitCount(agg);
  const notes: Message[] = [];
  const k = agg.missing.length;
  if (k > 0 && agg.method === "recompute") {
    notes.push(
      msg(
        `${k}/${total} đơn vị chưa đủ số liệu các thành phần để tính: ${names(agg.missing)}`,
        `${k} of ${unitsEn(total)} lack the figures of the parts to compute it: ${names(agg.missing)}`,
      ),
    );
  } else if (k > 0) {
    notes.push(
      msg(`${k}/${total} đơn vị chưa báo cáo: ${names(agg.missing)}`, `${k} of ${unitsEn(total)} have not reported: ${names(agg.missing)}`),
    );
  }
  if (unreadable.length > 0) {
    notes.push(
      msg(
        `${unreadable.length}/${total} đơn vị ghi số liệu không đọc được, không tính: ${names(unreadable)}`,
        `${unreadable.length} of ${unitsEn(total)} wrote a value that cannot be read, left out: ${names(unreadable)}`,
      ),
    );
  }
  return notes;
}

function extremes(agg: MeanAggregate): Message[] {
  if (!agg.min || !agg.max || agg.numbers < 2) return [];
  if (agg.min.value === agg.max.value)
    return [msg(`các đơn vị đều ghi ${formatNumber(agg.min.value)}`, `every unit gave ${formatNumber(agg.min.value)}`)];
  const at = (e: Extreme) => `${formatNumber(e.value)} (${names(e.units)})`;
  return [msg(`thấp nhất ${at(agg.min)}, cao nhất ${at(agg.max)}`, `lowest ${at(agg.min)}, highest ${at(agg.max)}`)];
}

function meanOf(ind: Indicator, agg: MeanAggregate): Pick<MergedIndicator, "value" | "estimate"> & { notes: Message[] } {
  if (agg.numbers === 0) return { value: agg.dashes > 0 ? "-" : undefined, estimate: false, notes: [] };
  if (agg.numbers === 1) {
    const only = agg.min!.units[0];
    return { value: agg.min!.value, estimate: false, notes: [msg(`số của 1 đơn vị: ${only}`, `the figure of one unit: ${only}`)] };
  }
  const w = agg.weighted;
  if (w && w.without.length === 0 && parseDecimal(w.weights).digits > 0n) {
    return {
      value: quotient(w.sum, w.weights),
      estimate: false,
      notes: [
        msg(
          `bình quân gia quyền theo chỉ tiêu ${ind.weight} của ${agg.numbers} đơn vị`,
          `mean weighted by indicator ${ind.weight} over ${unitsEn(agg.numbers)}`,
        ),
        ...extremes(agg),
      ],
    };
  }
  const value = quotient(agg.sum, String(agg.numbers));
  const why = !w
    ? msg("biểu không có chỉ tiêu làm trọng số", "the form has no indicator to weight it by")
    : w.without.length > 0
      ? msg(
          `${w.without.length} đơn vị thiếu chỉ tiêu ${ind.weight} để tính bình quân gia quyền: ${names(w.without)}`,
          `indicator ${ind.weight}, needed for a weighted mean, is missing for ${unitsEn(w.without.length)}: ${names(w.without)}`,
        )
      : msg(
          `tổng chỉ tiêu ${ind.weight} bằng 0, không tính được bình quân gia quyền`,
          `indicator ${ind.weight} totals 0, so no weighted mean`,
        );
  return {
    value,
    estimate: true,
    notes: [
      msg(`ước tính: trung bình cộng của ${agg.numbers} đơn vị (${why.vi})`, `estimate: plain mean of ${unitsEn(agg.numbers)} (${why.en})`),
      ...extremes(agg),
    ],
  };
}

function distributionOf(ind: Indicator, agg: DistributionAggregate): Pick<MergedIndicator, "value"> & { notes: Message[] } {
  const chosen = (ind.options ?? []).filter((o) => (agg.counts[String(o.value)] ?? 0) > 0);
  const words = chosen.map((o) => ({ label: o.label, n: agg.counts[String(o.value)] }));
  const notes = words.map(({ label, n }) => msg(`${label}: ${n} đơn vị`, `${label}: ${unitsEn(n)}`));
  if (agg.dashes > 0) notes.push(msg(`không áp dụng (-): ${agg.dashes} đơn vị`, `not applicable (-): ${unitsEn(agg.dashes)}`));
  // One answer shared by every reporting unit is the summary's answer too; a split has no single code.
  const value = chosen.length === 1 && agg.dashes === 0 ? chosen[0].value : chosen.length === 0 && agg.dashes > 0 ? "-" : undefined;
  return { value, notes };
}

/** Several messages as one, in both languages. */
export function joinMessages(parts: readonly Message[], separator = "; "): Message {
  return msg(parts.map((p) => p.vi).join(separator), parts.map((p) => p.en).join(separator));
}

/**
 * What the summary shows for the indicator: its value, whether it is an estimate, and the note for
 * the Ghi chú column. For merge "recompute" the value is the formula's result on the merged parts.
 */
export function summarize(ind: Indicator, agg: Aggregate, recomputed: FormulaResult = ""): Omit<MergedIndicator, "code"> {
  let value: MergedIndicator["value"];
  let estimate = false;
  let notes: Message[] = [];
  switch (agg.method) {
    case "sum":
      value = agg.numbers > 0 ? Number(agg.total) : agg.dashes > 0 ? "-" : undefined;
      break;
    case "recompute":
      value = recomputed === "" ? undefined : recomputed;
      if (agg.differs.length > 0) {
        notes.push(
          msg(
            `tính lại từ các thành phần; ${agg.differs.length} đơn vị tự ghi số khác với các thành phần của mình: ${names(agg.differs)}`,
            `recomputed from the parts; ${unitsEn(agg.differs.length)} typed a figure that differs from their own parts: ${names(agg.differs)}`,
          ),
        );
      }
      break;
    case "mean":
      ({ value, estimate, notes } = meanOf(ind, agg));
      break;
    case "distribution":
      ({ value, notes } = distributionOf(ind, agg));
      break;
    case "text":
      value = agg.entries.length > 0 ? agg.entries.map((e) => `${e.unit}: ${e.text}`).join("; ") : undefined;
      break;
  }
  // Only finite numbers reach a cell (a stored total of 400 digits, a sum of huge figures): said, never Infinity.
  if (typeof value === "number" && !(Math.abs(value) <= Number.MAX_VALUE)) {
    value = undefined;
    notes.push(
      msg(
        "kết quả quá lớn để ghi vào ô, để trống; kiểm tra số liệu của các đơn vị",
        "the result is too large for a cell and is left blank; check the units' figures",
      ),
    );
  }
  const all = [...notes, ...coverageNotes(agg)];
  return { value, estimate, ...(all.length > 0 ? { note: joinMessages(all) } : {}), reported: reportedOf(agg), missing: agg.missing };
}
