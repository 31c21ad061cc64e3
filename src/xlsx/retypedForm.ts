// ExcelJS's workbook as plain grids (cell values, number formats, merged ranges) for the retyped-form
// recogniser in src/domain/retyped, for the files the targeted reader leaves to ExcelJS (ownWorkbook.ts
// grids gives the others the same grids). Reads the in-memory workbook only, so it runs in a Web Worker too.
import ExcelJS from "exceljs";
import { GRID_COLUMNS, GRID_ROWS, GridCell, GridRange, GridSheet, GridValue } from "../domain/retyped/grid";
import { TemplateRegistry } from "../domain/template/registry";
import { readRetypedReport, RetypedReadOptions, RetypedReport } from "../domain/retyped/read";

function gridValue(cell: ExcelJS.Cell): GridValue {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v instanceof Date) return v;
  if ("formula" in v || "sharedFormula" in v) {
    // cell.result, not value.result: ExcelJS's value getter drops a result of 0.
    const result = cell.result as unknown;
    if (result === null || result === undefined) return null;
    if (typeof result === "object" && result !== null && "error" in result) return String((result as { error: string }).error);
    return result instanceof Date || typeof result !== "object" ? (result as GridValue) : null;
  }
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("error" in v) return String(v.error);
  if ("text" in v) return String(v.text);
  return String(v);
}

export function sheetGrid(sheet: ExcelJS.Worksheet): GridSheet {
  const rows: GridCell[][] = [];
  const last = Math.min(sheet.rowCount, GRID_ROWS);
  // findRow, not getRow: reading must not create the rows of a sheet formatted far down.
  for (let r = 1; r <= last; r++) {
    const row = sheet.findRow(r);
    if (!row?.hasValues) continue;
    const cells: GridCell[] = [];
    row.eachCell((cell, c) => {
      if (c > GRID_COLUMNS) return;
      const value = gridValue(cell);
      if (value === null) return;
      cells[c - 1] = { value, ...(typeof cell.numFmt === "string" ? { numFmt: cell.numFmt } : {}) };
    });
    rows[r - 1] = cells;
  }
  // The merges as ExcelJS keeps them (its `model` getter would rebuild the whole sheet's model).
  const internal = (sheet as unknown as { _merges?: Record<string, GridRange> })._merges ?? {};
  const merges = Object.values(internal).map(({ top, left, bottom, right }) => ({ top, left, bottom, right }));
  return { name: sheet.name, rows, merges };
}

/** The retyped form in a workbook with no `_cchc` sheet; throws a UserError naming the file when there is none. */
export function readRetypedWorkbook(
  workbook: ExcelJS.Workbook,
  file: string,
  registry: TemplateRegistry,
  options: RetypedReadOptions = {},
): RetypedReport {
  return readRetypedReport(workbook.worksheets.map(sheetGrid), file, registry, options);
}
