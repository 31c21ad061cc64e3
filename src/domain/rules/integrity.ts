// Formula integrity: computed cells must still hold the formula the sheet plan wrote.
import { evaluateFormula, FormulaResult } from "../compute";
import { SheetCell, SheetValue } from "../export";
import { msg } from "../messages";
import { formulaFor } from "../sheet/formulas";
import { Template } from "../template/schema";
import { RawValue, SPREADSHEET_ERRORS } from "../values";
import { Finding } from "./model";

/** Formulas compare without spaces, case or a leading "=" (spreadsheets rewrite those freely). */
function normalizeFormula(f: string): string {
  return f.replace(/^=/, "").replace(/\s+/g, "").toUpperCase();
}

/** A computed cell whose formula was replaced by a typed value, with what the formula would give. */
export interface Overwritten {
  code: string;
  typed: RawValue;
  expected: FormulaResult;
}

/**
 * Formula integrity: deleted, changed and error-showing formulas are findings here; cells typed over
 * are returned for check.ts to word against the rules about the same cell (one finding per problem).
 */
export function checkFormulas(
  template: Template,
  cells: ReadonlyMap<string, SheetCell>,
  values: ReadonlyMap<string, SheetValue>,
): { findings: Finding[]; overwritten: Overwritten[] } {
  const findings: Finding[] = [];
  const overwritten: Overwritten[] = [];
  // What another cell holds as the sheet sees it (a formula cell's result, or what was typed).
  const lookup = (code: string) => values.get(code)?.shown ?? null;
  for (const ind of template.indicators) {
    const expected = formulaFor(ind);
    const cell = cells.get(ind.code);
    if (!expected || !cell) continue;
    const codes = [ind.code];
    if (cell.formula === undefined) {
      if (cell.raw !== null && cell.raw !== undefined && cell.raw !== "") {
        overwritten.push({ code: ind.code, typed: cell.raw, expected: evaluateFormula(ind, lookup) });
        continue;
      }
      findings.push({
        ruleId: "formula:deleted",
        severity: "error",
        codes,
        message: msg(
          "Công thức của ô này đã bị xóa; hãy tạo lại biểu hoặc khôi phục công thức",
          "This cell's formula was deleted; recreate the sheet or restore the formula",
        ),
      });
      continue;
    }
    if (normalizeFormula(cell.formula) !== normalizeFormula(expected)) {
      findings.push({
        ruleId: "formula:changed",
        severity: "warning",
        codes,
        message: msg(
          `Công thức đã bị sửa (=${cell.formula}); công thức đúng là =${expected}`,
          `The formula was changed (=${cell.formula}); the right one is =${expected}`,
        ),
      });
    }
    if (typeof cell.raw === "string" && SPREADSHEET_ERRORS.includes(cell.raw.toUpperCase())) {
      findings.push({
        ruleId: "formula:error",
        severity: "error",
        codes,
        message: msg(`Công thức báo lỗi ${cell.raw}`, `The formula shows the error ${cell.raw}`),
      });
    }
  }
  return { findings, overwritten };
}
