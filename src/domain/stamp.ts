// The validation stamp: when a report has no errors, the unit marks it validated. The stamp keeps the
// time, the finding counts and a hash of the input values, so a later edit makes it stale — in the
// task pane and for the agency that merges the report.
import { SheetCell } from "./export";
import { FilledCount, SeverityCounts } from "./rules/report";
import { Template } from "./template/schema";
import { RawValue } from "./values";

/** The `_cchc` key that holds the stamp as JSON ("" when the report was never validated). */
export const STAMP_KEY = "validation";

export interface ValidationStamp {
  /** ISO time of validation */
  at: string;
  counts: SeverityCounts;
  /** inputHash of the values that were validated */
  hash: string;
  /** Indicators still blank when the unit confirmed (it was asked first), of those it types */
  blank?: number;
  indicators?: number;
}

export type StampState = "none" | "valid" | "stale";

function canonical(raw: RawValue): string {
  if (raw === null || raw === undefined) return "";
  if (raw instanceof Date) return `date:${raw.toISOString()}`;
  if (typeof raw === "string") return raw.trim();
  return String(raw);
}

/** FNV-1a, 64 bits as two 32-bit halves: change detection, not security, and pure (no crypto API). */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 13), 0x01000193) >>> 0;
  }
  return h2.toString(16).padStart(8, "0") + h1.toString(16).padStart(8, "0");
}

/**
 * A hash of what the unit entered: every indicator cell in template order, its typed value or, for a
 * cell that still holds its formula, the formula (so typing over a formula changes the hash).
 */
export function inputHash(template: Template, cells: ReadonlyMap<string, SheetCell>): string {
  const lines = template.indicators
    .filter((ind) => ind.kind !== "header")
    .map((ind) => {
      const cell = cells.get(ind.code);
      const content = cell === undefined ? "" : cell.formula !== undefined ? `=${cell.formula}` : canonical(cell.raw);
      return `${ind.code}\t${content}`;
    });
  return fnv1a64(lines.join("\n"));
}

export function makeStamp(
  template: Template,
  cells: ReadonlyMap<string, SheetCell>,
  counts: SeverityCounts,
  at: string,
  filled?: FilledCount,
): ValidationStamp {
  return { at, counts, hash: inputHash(template, cells), ...(filled ? { blank: filled.blank, indicators: filled.total } : {}) };
}

/** Reads the stamp stored in `_cchc`; a damaged stamp counts as none. */
export function parseStamp(text: string | undefined): ValidationStamp | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ValidationStamp>;
    if (typeof v.at !== "string" || typeof v.hash !== "string" || typeof v.counts !== "object" || v.counts === null) return undefined;
    return v as ValidationStamp;
  } catch {
    return undefined;
  }
}

export function stampState(template: Template, cells: ReadonlyMap<string, SheetCell>, stampText: string | undefined): StampState {
  const stamp = parseStamp(stampText);
  if (!stamp) return "none";
  return stamp.hash === inputHash(template, cells) ? "valid" : "stale";
}
