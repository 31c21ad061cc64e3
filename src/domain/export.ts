// The values of a filled-in sheet by canonical code, parsed, with their status: what `cchc export`
// prints and what later steps (rules, merge) start from.
import { computeAll } from "./compute";
import { Message } from "./messages";
import { Template } from "./template/schema";
import { ParsedValue, parseValue, RawValue } from "./values";

export interface SheetCell {
  address: string;
  raw: RawValue;
  formula?: string;
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

/**
 * Parses every indicator. A computed cell that still holds its formula takes the value the formula
 * computes from the inputs (files written by ExcelJS carry no cached results); a computed cell whose
 * formula was replaced by a typed value is read like an input.
 */
export function exportValues(template: Template, cells: ReadonlyMap<string, SheetCell>): ExportedValue[] {
  const inputs = new Map<string, RawValue>();
  for (const [code, cell] of cells) inputs.set(code, cell.raw);
  const computed = computeAll(template, inputs);
  const rows: ExportedValue[] = [];
  for (const ind of template.indicators) {
    const cell = cells.get(ind.code);
    if (ind.kind === "header" || !cell) continue;
    const keepsFormula = ind.compute !== undefined && cell.formula !== undefined;
    const raw = keepsFormula ? computed.get(ind.code) : cell.raw;
    const parsed = parseValue(raw === "" ? null : raw, ind);
    rows.push({
      code: ind.code,
      stt: ind.stt,
      name: ind.name,
      unit: ind.unit,
      cell: cell.address,
      computed: keepsFormula,
      status: parsed.status,
      ...(parsed.status === "value" ? { value: parsed.value, ...(parsed.outOf !== undefined ? { outOf: parsed.outOf } : {}) } : {}),
      ...(parsed.status === "text" ? { text: parsed.text } : {}),
      ...(parsed.status === "invalid" ? { raw: parsed.raw, reason: parsed.reason } : {}),
    });
  }
  return rows;
}
