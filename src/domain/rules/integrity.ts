// Formula integrity: computed cells must still hold the formula the sheet plan wrote.
import { SheetCell } from "../export";
import { msg } from "../messages";
import { formulaFor } from "../sheet/build";
import { Template } from "../template/schema";
import { formatNumber, SPREADSHEET_ERRORS } from "../values";
import { Finding } from "./model";

/** Formulas compare without spaces, case or a leading "=" (spreadsheets rewrite those freely). */
function normalizeFormula(f: string): string {
  return f.replace(/^=/, "").replace(/\s+/g, "").toUpperCase();
}

export function checkFormulas(template: Template, cells: ReadonlyMap<string, SheetCell>): Finding[] {
  const findings: Finding[] = [];
  for (const ind of template.indicators) {
    const expected = formulaFor(ind);
    const cell = cells.get(ind.code);
    if (!expected || !cell) continue;
    const codes = [ind.code];
    if (cell.formula === undefined) {
      const typed = cell.raw !== null && cell.raw !== undefined && cell.raw !== "";
      const shown = typeof cell.raw === "number" ? formatNumber(cell.raw, 2) : String(cell.raw);
      findings.push({
        ruleId: typed ? "formula:overwritten" : "formula:deleted",
        severity: "error",
        codes,
        message: typed
          ? msg(`Chỉ tiêu ${ind.code}: ô công thức đã bị ghi đè bằng giá trị nhập tay (${shown}); hãy xóa giá trị để biểu tự tính, hoặc tạo lại biểu`,
            `Indicator ${ind.code}: the formula cell was overwritten with a typed value (${shown}); clear it so the sheet computes it, or recreate the sheet`)
          : msg(`Chỉ tiêu ${ind.code}: công thức đã bị xóa; hãy tạo lại biểu hoặc khôi phục công thức`,
            `Indicator ${ind.code}: the formula was deleted; recreate the sheet or restore the formula`),
      });
      continue;
    }
    if (normalizeFormula(cell.formula) !== normalizeFormula(expected)) {
      findings.push({
        ruleId: "formula:changed",
        severity: "warning",
        codes,
        message: msg(`Chỉ tiêu ${ind.code}: công thức đã bị sửa (=${cell.formula}); công thức đúng là =${expected}`,
          `Indicator ${ind.code}: the formula was changed (=${cell.formula}); the right one is =${expected}`),
      });
    }
    if (typeof cell.raw === "string" && SPREADSHEET_ERRORS.includes(cell.raw.toUpperCase())) {
      findings.push({
        ruleId: "formula:error",
        severity: "error",
        codes,
        message: msg(`Chỉ tiêu ${ind.code}: công thức báo lỗi ${cell.raw}`, `Indicator ${ind.code}: the formula shows the error ${cell.raw}`),
      });
    }
  }
  return findings;
}
