// The reference reader: our workbook as ExcelJS sees it, through the same checks as the product's
// targeted reader (src/xlsx/ownWorkbook.ts), which the reader tests compare with it. Tests also read
// back with it what the writers wrote, with a reader that is not the product's own.
import ExcelJS from "exceljs";
import { TemplateRegistry } from "../../src/domain/template/registry";
import { fromCellNumber, RawValue } from "../../src/domain/values";
import { parseCellRef } from "../../src/domain/sheet/plan";
import { METADATA_SHEET } from "../../src/domain/workbookContract";
import { ReadCell, ReadWorkbook, resolveCchcWorkbook, WorkbookSource } from "../../src/xlsx/cchcWorkbook";
import { openWorkbook } from "../../src/xlsx/readWorkbook";

/** ExcelJS cell contents → what a spreadsheet user sees in the cell. */
export function cellRaw(cell: ExcelJS.Cell): { raw: RawValue; formula?: string } {
  const v = cell.value;
  const numFmt = typeof cell.numFmt === "string" ? cell.numFmt : undefined;
  const scale = (n: RawValue) => (typeof n === "number" ? fromCellNumber(n, numFmt) : n);
  if (v === null || v === undefined) return { raw: null };
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return { raw: scale(v) };
  if (v instanceof Date) return { raw: v };
  if ("formula" in v || "sharedFormula" in v) {
    const f = v as ExcelJS.CellFormulaValue;
    // cell.result, not value.result: ExcelJS's value getter drops a result of 0.
    const result = cell.result;
    let raw: RawValue = null;
    if (result !== undefined && result !== null) {
      if (typeof result === "object" && "error" in result) raw = String(result.error);
      else raw = scale(result);
    }
    return { raw, formula: f.formula ?? cell.formula };
  }
  if ("richText" in v) return { raw: v.richText.map((r) => r.text).join("") };
  if ("error" in v) return { raw: String(v.error) };
  if ("text" in v) return { raw: String(v.text) };
  return { raw: String(v) };
}

/** The `_cchc` rows (column A key, column B value), undefined when the workbook has no such sheet. */
export function readMetadata(workbook: ExcelJS.Workbook): [string, string][] | undefined {
  const sheet = workbook.getWorksheet(METADATA_SHEET);
  if (!sheet) return undefined;
  const rows: [string, string][] = [];
  sheet.eachRow((row) => {
    const key = row.getCell(1).value;
    const value = cellRaw(row.getCell(2)).raw;
    if (typeof key === "string" && key !== "") rows.push([key, value === null || value === undefined ? "" : String(value)]);
  });
  return rows;
}

/** ExcelJS's view of the workbook, for the shared checks in cchcWorkbook.ts. */
function excelSource(workbook: ExcelJS.Workbook): WorkbookSource {
  return {
    metadataRows: () => readMetadata(workbook),
    nameCell(name) {
      const ranges = workbook.definedNames.getRanges(name)?.ranges ?? [];
      const at = ranges.length === 1 ? parseCellRef(ranges[0]) : undefined;
      return at && workbook.getWorksheet(at.sheet) ? at : undefined;
    },
    cells(wanted) {
      const found = new Map<string, Map<string, ReadCell>>();
      for (const [sheetName, addresses] of wanted) {
        const sheet = workbook.getWorksheet(sheetName)!;
        found.set(sheetName, new Map(addresses.map((address) => [address, { address, ...cellRaw(sheet.getCell(address)) }])));
      }
      return found;
    },
  };
}

/** Reads a workbook written by `cchc new` (or the add-in) with ExcelJS. */
export async function readCchcWorkbook(bytes: Uint8Array, file: string, registry: TemplateRegistry): Promise<ReadWorkbook> {
  return readCchcSheet(await openWorkbook(bytes, file), file, registry);
}

/** The same, for a workbook already open. */
export function readCchcSheet(workbook: ExcelJS.Workbook, file: string, registry: TemplateRegistry): ReadWorkbook {
  return resolveCchcWorkbook(excelSource(workbook), file, registry);
}
