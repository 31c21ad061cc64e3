// The values of a filled-in sheet by canonical code, parsed, with their status: what `cchc export`
// prints and what the rule engine and the merge start from.
import { formulaResults } from "./compute";
import { Message } from "./messages";
import { Template } from "./template/schema";
import { ParsedValue, parseValue, RawValue } from "./values";

export interface SheetCell {
  address: string;
  raw: RawValue;
  formula?: string;
}

export interface SheetValue {
  code: string;
  cell: SheetCell;
  /** The cell still holds its formula, and the value is what the formula computes. */
  computed: boolean;
  parsed: ParsedValue;
  /** What the cell shows: the formula's result for computed cells, otherwise the raw content. */
  shown: RawValue;
}

/** The number a spreadsheet formula sees in the cell (text, even "1.755", is not one). */
export function sheetNumber(v: SheetValue | undefined): number | undefined {
  return typeof v?.shown === "number" && Number.isFinite(v.shown) ? v.shown : undefined;
}

/** Text other than "-" where a number belongs: formulas ignore it. */
export function isTextEntry(v: SheetValue | undefined): boolean {
  return typeof v?.shown === "string" && v.shown.trim() !== "" && v.shown.trim() !== "-";
}

/**
 * Parses every indicator. A computed cell that still holds its formula takes the value the formula
 * computes from the inputs (files written by ExcelJS carry no cached results); a computed cell whose
 * formula was replaced by a typed value is read like an input.
 */
export function parseSheet(template: Template, cells: ReadonlyMap<string, SheetCell>): Map<string, SheetValue> {
  const computedResults = formulaResults(
    template,
    { get: (code) => cells.get(code)?.raw },
    (code) => cells.get(code)?.formula !== undefined,
  );
  const values = new Map<string, SheetValue>();
  for (const ind of template.indicators) {
    const cell = cells.get(ind.code);
    if (ind.kind === "header" || !cell) continue;
    const computed = ind.compute !== undefined && cell.formula !== undefined;
    const raw = computed ? computedResults(ind.code) : cell.raw;
    const shown = raw === "" ? null : raw;
    values.set(ind.code, { code: ind.code, cell, computed, parsed: parseValue(shown, ind), shown });
  }
  return values;
}

export interface ExportedValue {
  code: string;
  stt: string;
  name: string;
  unit: string;
  /** A1 address on the indicator sheet */
  cell: string;
  computed: boolean;
  status: ParsedValue["status"];
  value?: number;
  outOf?: number;
  text?: string;
  raw?: string;
  reason?: Message;
}

export function exportValues(template: Template, cells: ReadonlyMap<string, SheetCell>): ExportedValue[] {
  const values = parseSheet(template, cells);
  return template.indicators.flatMap((ind) => {
    const v = values.get(ind.code);
    if (!v) return [];
    const p = v.parsed;
    return [
      {
        code: ind.code,
        stt: ind.stt,
        name: ind.name,
        unit: ind.unit,
        cell: v.cell.address,
        computed: v.computed,
        status: p.status,
        ...(p.status === "value" ? { value: p.value, ...(p.outOf !== undefined ? { outOf: p.outOf } : {}) } : {}),
        ...(p.status === "text" ? { text: p.text } : {}),
        ...(p.status === "invalid" ? { raw: p.raw, reason: p.reason } : {}),
      },
    ];
  });
}
