// The formulas of computed rows (rates, totals): written by the plan builder and expected by the
// formula-integrity check, which must not need the builder to know them.
import { Indicator } from "../template/schema";
import { definedNameFor } from "../workbookContract";

/** A rate: empty until both parts are numbers, "-" (not applicable) when the denominator is 0. */
function rateFormula(numerator: string, denominator: string): string {
  const n = definedNameFor(numerator);
  const d = definedNameFor(denominator);
  return `IF(OR(COUNT(${n})=0,COUNT(${d})=0),"",IF(${d}=0,"-",${n}/${d}*100))`;
}

/** A total: empty until one part is a number. */
function sumFormula(parts: string[]): string {
  const list = parts.map(definedNameFor).join(",");
  return `IF(COUNT(${list})=0,"",SUM(${list}))`;
}

export function formulaFor(ind: Indicator): string | undefined {
  if (!ind.compute) return undefined;
  return "rate" in ind.compute ? rateFormula(ind.compute.rate.numerator, ind.compute.rate.denominator) : sumFormula(ind.compute.sum);
}
