// One entry point for checking a sheet: kind checks, derived rules, formula integrity.
import { parseSheet, SheetCell } from "../export";
import { Template } from "../template/schema";
import { allRules } from "./derive";
import { CheckContext, checkValues, runRules } from "./engine";
import { checkFormulas } from "./integrity";
import { Finding, Severity } from "./model";

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

export function checkSheet(template: Template, cells: ReadonlyMap<string, SheetCell>, ctx: CheckContext = {}): Finding[] {
  const values = parseSheet(template, cells);
  return [...checkFormulas(template, cells), ...checkValues(template, values), ...runRules(allRules(template), values, ctx)];
}
