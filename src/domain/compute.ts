// What the sheet's formulas compute, computed in TypeScript with the same semantics, so that the
// core can check a workbook without a spreadsheet engine (and LibreOffice can check the core).
import { RawValue } from "./values";
import { indicatorsByCode } from "./template/lookup";
import { Indicator, Template } from "./template/schema";

/** A formula result as the sheet shows it: a number, "" (not computable yet) or "-" (denominator 0). */
export type FormulaResult = number | "" | "-";

/** Looks up what a cell holds: for computed cells, the formula result; for inputs, the raw content. */
type Lookup = (code: string) => RawValue | FormulaResult;

/** COUNT() and SUM() take only numbers; text, "-" and blanks are ignored, as spreadsheets do. */
function numeric(v: RawValue | FormulaResult): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** 1e308 + 1e308 is no number a cell can hold: not computable, like the sheet's #NUM!. */
const finiteOrBlank = (n: number): number | "" => (Number.isFinite(n) ? n : "");

export function evaluateFormula(ind: Indicator, lookup: Lookup): FormulaResult {
  if (!ind.compute) throw new Error(`indicator ${ind.code} has no formula`);
  if ("rate" in ind.compute) {
    const n = numeric(lookup(ind.compute.rate.numerator));
    const d = numeric(lookup(ind.compute.rate.denominator));
    if (n === undefined || d === undefined) return "";
    return d === 0 ? "-" : finiteOrBlank((n / d) * 100);
  }
  const parts = ind.compute.sum.map((c) => numeric(lookup(c)));
  const present = parts.filter((p): p is number => p !== undefined);
  return present.length === 0 ? "" : finiteOrBlank(present.reduce((a, b) => a + b, 0));
}

/**
 * Computes every formula cell of the template from the input cells' raw contents. Computed cells
 * that feed other computed cells are evaluated first (the template loader rejects cycles). A computed
 * cell whose formula was typed over (`hasFormula` false) feeds the others with what was typed.
 */
export function computeAll(
  template: Template,
  inputs: ReadonlyMap<string, RawValue>,
  hasFormula: (code: string) => boolean = () => true,
): Map<string, FormulaResult> {
  const byCode = indicatorsByCode(template);
  const results = new Map<string, FormulaResult>();
  const lookup: Lookup = (code) => {
    const ind = byCode.get(code);
    if (ind?.compute && hasFormula(code)) {
      let r = results.get(code);
      if (r === undefined) {
        r = evaluateFormula(ind, lookup);
        results.set(code, r);
      }
      return r;
    }
    return inputs.get(code);
  };
  for (const ind of template.indicators) if (ind.compute && hasFormula(ind.code)) lookup(ind.code);
  return results;
}
