// Opens a received workbook with ExcelJS: forms retyped by hand (retypedForm.ts), and our own workbooks as
// the reference for the targeted reader (ownWorkbook.ts). Loaded only when one of those needs it.
// No Node APIs: the task pane's Web Worker reads received files through this module too.
import ExcelJS from "exceljs";
import { msg, UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { fromCellNumber, RawValue } from "../domain/values";
import { parseCellRef } from "../domain/sheet/plan";
import { METADATA_SHEET } from "../domain/workbookContract";
import { failFile, ReadCell, ReadWorkbook, resolveCchcWorkbook, WorkbookSource } from "./cchcWorkbook";
import { checkForExcelJS, Deadline, damagedWorkbook, EXCELJS_LIMITS, openReceivedZip, tooSlow } from "./fileGuard";

export type { ReadCell, ReadWorkbook };
export { failFile };

/**
 * Opens an .xlsx file's bytes, with a clear message for the things that arrive instead of one, and
 * only within the budget ExcelJS can hold (fileGuard.ts).
 */
export async function openWorkbook(bytes: Uint8Array, file: string, deadline = new Deadline(EXCELJS_LIMITS)): Promise<ExcelJS.Workbook> {
  const opened = openReceivedZip(file, bytes);
  if ("problem" in opened) throw new UserError(opened.problem);
  const problem = checkForExcelJS(file, bytes.length, opened.zip, EXCELJS_LIMITS, deadline);
  if (problem) throw new UserError(problem);
  const workbook = new ExcelJS.Workbook();
  try {
    // JSZip takes any Uint8Array; ExcelJS's typings only name Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    // ExcelJS's own failure on a structure it did not expect says nothing a user can act on.
    const internal = e instanceof TypeError || e instanceof RangeError;
    const detail = internal
      ? msg("nội dung không theo cấu trúc Excel ghi", "its content is not structured as Excel writes it")
      : (e as Error).message;
    throw new UserError(damagedWorkbook(file, detail));
  }
  // ExcelJS's load cannot be stopped midway (what it gets is bounded by EXCELJS_LIMITS); the form is not read past the time.
  try {
    deadline.check();
  } catch {
    throw new UserError(tooSlow(file, deadline.ms));
  }
  return workbook;
}

/** The workbook's last-modified core property (ISO; ExcelJS leaves it undefined when the file has none). */
export function lastModified(workbook: ExcelJS.Workbook): string | undefined {
  const d = workbook.modified as Date | undefined;
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

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

/** Reads a workbook written by `cchc new` (or the add-in) with ExcelJS: the reference the targeted reader (ownWorkbook.ts) is tested against. */
export async function readCchcWorkbook(bytes: Uint8Array, file: string, registry: TemplateRegistry): Promise<ReadWorkbook> {
  return readCchcSheet(await openWorkbook(bytes, file), file, registry);
}

/** The same, for a workbook already open. */
export function readCchcSheet(workbook: ExcelJS.Workbook, file: string, registry: TemplateRegistry): ReadWorkbook {
  return resolveCchcWorkbook(excelSource(workbook), file, registry);
}
