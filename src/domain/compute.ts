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

/** Where formulas take the input cells' raw contents from. */
export type Inputs = Pick<ReadonlyMap<string, RawValue>, "get">;

/**
 * The template's formulas over `inputs`, each computed when first asked for (with the computed cells it
 * needs, first): undefined for a code that is no formula cell. A computed cell whose formula was typed over
 * (`hasFormula` false) is no formula cell: it feeds the others with what was typed.
 */
export function formulaResults(
  template: Template,
  inputs: Inputs,
  hasFormula: (code: string) => boolean = () => true,
): (code: string) => FormulaResult | undefined {
  const byCode = indicatorsByCode(template);
  const results = new Map<string, FormulaResult>();
  const computed = (code: string): FormulaResult | undefined => {
    const ind = byCode.get(code);
    if (!ind?.compute || !hasFormula(code)) return undefined;
    let r = results.get(code);
    if (r === undefined) {
      r = evaluateFormula(ind, lookup);
      results.set(code, r);
    }
    return r;
  };
  const lookup: Lookup = (code) => computed(code) ?? inputs.get(code);
  return computed;
}

/** Every formula cell of the template computed from the input cells' raw contents (see formulaResults). */
export function computeAll(template: Template, inputs: Inputs, hasFormula?: (code: string) => boolean): Map<string, FormulaResult> {
  const computed = formulaResults(template, inputs, hasFormula);
  const results = new Map<string, FormulaResult>();
  for (const ind of template.indicators) {
    const r = computed(ind.code);
    if (r !== undefined) results.set(ind.code, r);
  }
  return results;
}
