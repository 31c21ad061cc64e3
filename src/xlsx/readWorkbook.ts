// Reads one of our workbooks (found by its `_cchc` sheet and defined names) back into plain data.
// No Node APIs: the task pane's Web Worker reads received files through this module too.
import ExcelJS from "exceljs";
import { msg, UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import { fromCellNumber, RawValue } from "../domain/values";
import { parseCellRef } from "../domain/sheet/plan";
import { cleanUnitName, definedNameFor, METADATA_SHEET, parseMetadata, TITLE_INPUT_NAMES, unitNameInSheet, WorkbookMetadata } from "../domain/workbookContract";
import { NAME_COLUMN, STT_COLUMN, SUBTITLE_CELL } from "../domain/sheet/build";
import { OtherFormError, Placement, WorkbookUnderTest } from "../domain/trust";
import { checkReceivedBytes } from "./fileGuard";

export interface ReadCell {
  address: string;
  /** The cell's content as a value (for formula cells, the cached result if the file has one). */
  raw: RawValue;
  /** The formula text without "=", when the cell holds a formula. */
  formula?: string;
}

/** What a workbook holds, before it is believed: validateWorkbook (domain/trust.ts) decides what to trust. */
export interface ReadWorkbook extends WorkbookUnderTest {
  file: string;
  meta: WorkbookMetadata;
  /** The reporting unit as the sheet names it (CCHC_DonVi; `_cchc` only for format 1), cleaned. */
  unit: { name: string; cell?: string };
  template: Template;
  sheetName: string;
  cells: Map<string, ReadCell>;
  layout: { placements: Map<string, Placement>; subtitle?: string };
}

/** Rejects a file with a message that names it, in Vietnamese and English. */
export function failFile(file: string, vi: string, en: string): never {
  throw new UserError(msg(`${file}: ${vi}`, `${file}: ${en}`));
}

/**
 * Opens an .xlsx file's bytes, with a clear message for the things that arrive instead of one
 * (checked on the raw bytes first, see fileGuard.ts).
 */
export async function openWorkbook(bytes: Uint8Array, file: string): Promise<ExcelJS.Workbook> {
  const problem = checkReceivedBytes(file, bytes);
  if (problem) throw new UserError(problem);
  const workbook = new ExcelJS.Workbook();
  try {
    // JSZip takes any Uint8Array; ExcelJS's typings only name Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    failFile(file, `tệp .xlsx bị hỏng, không đọc được (${(e as Error).message}); hãy đề nghị đơn vị gửi lại tệp`,
      `the .xlsx file is damaged and cannot be read (${(e as Error).message}); ask the unit to send the file again`);
  }
  return workbook;
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
      else raw = scale(result as RawValue);
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

function definedNameAddress(workbook: ExcelJS.Workbook, name: string): { sheet: string; address: string } | undefined {
  const ranges = workbook.definedNames.getRanges(name)?.ranges ?? [];
  return ranges.length === 1 ? parseCellRef(ranges[0]) : undefined;
}

/** Reads a workbook written by `cchc new` (or the add-in) and edited by a unit. */
export async function readCchcWorkbook(bytes: Uint8Array, file: string, registry: TemplateRegistry): Promise<ReadWorkbook> {
  return readCchcSheet(await openWorkbook(bytes, file), file, registry);
}

/** The same, for a workbook already open. */
export function readCchcSheet(workbook: ExcelJS.Workbook, file: string, registry: TemplateRegistry): ReadWorkbook {
  const read = parseMetadata(readMetadata(workbook) ?? [], file);
  if (!read.ok) throw new UserError(read.problem);
  const meta = read.meta;
  if (!registry.has(meta.templateId)) {
    failFile(file, `biểu mẫu "${meta.templateId}" không có trong danh sách; cập nhật Biểu mẫu CCHC hoặc nạp tệp biểu mẫu (--template-file)`,
      `unknown template "${meta.templateId}"; update Biểu mẫu CCHC or load the template file (--template-file)`);
  }
  const template = registry.get(meta.templateId);
  if (meta.templateVersion !== template.version) {
    throw new OtherFormError(msg(`${file}: tệp dùng biểu mẫu ${template.id} phiên bản ${meta.templateVersion}, chương trình có phiên bản ${template.version}; hãy đề nghị đơn vị nhập số liệu vào biểu phiên bản ${template.version}, hoặc cập nhật chương trình`,
      `${file}: the file uses template ${template.id} version ${meta.templateVersion}, this program has version ${template.version}; ask the unit to type its figures into the version ${template.version} form, or update the program`));
  }

  const cells = new Map<string, ReadCell>();
  const placements = new Map<string, Placement>();
  const missing: string[] = [];
  let sheetName = meta.sheetName ?? "";
  for (const ind of template.indicators) {
    if (ind.kind === "header") continue;
    const name = definedNameFor(ind.code);
    const at = definedNameAddress(workbook, name);
    const sheet = at ? workbook.getWorksheet(at.sheet) : undefined;
    if (!at || !sheet) {
      missing.push(name);
      continue;
    }
    sheetName = at.sheet;
    const cell = sheet.getCell(at.address);
    const { raw, formula } = cellRaw(cell);
    cells.set(ind.code, { address: at.address, raw, formula });
    // What the row the name points at shows, so that a name moved to another row is caught (trust.ts).
    const text = (col: number) => String(cellRaw(sheet.getCell(cell.row, col)).raw ?? "");
    placements.set(ind.code, { sheet: at.sheet, row: Number(cell.row), col: Number(cell.col), stt: text(STT_COLUMN), name: text(NAME_COLUMN) });
  }
  if (missing.length > 0) {
    const list = missing.slice(0, 5).join(", ") + (missing.length > 5 ? ` … (${missing.length})` : "");
    failFile(file, `thiếu tên ô (defined name) của ${missing.length} chỉ tiêu: ${list}; có thể trang "${sheetName}" đã bị xóa hoặc sao chép sai`,
      `${missing.length} indicators have lost their defined names: ${list}; the sheet "${sheetName}" may have been deleted or copied wrongly`);
  }
  const indicatorSheet = workbook.getWorksheet(sheetName);
  const subtitle = indicatorSheet ? cellRaw(indicatorSheet.getCell(SUBTITLE_CELL.row, SUBTITLE_CELL.col)).raw : undefined;
  const layout = { placements, ...(typeof subtitle === "string" ? { subtitle } : {}) };
  return { file, meta, unit: unitOf(workbook, meta), template, sheetName, cells, layout };
}

/** The unit's name: the CCHC_DonVi cell for format 2 on, `_cchc` for workbooks made before it. */
function unitOf(workbook: ExcelJS.Workbook, meta: WorkbookMetadata): ReadWorkbook["unit"] {
  if (!unitNameInSheet(meta)) return { name: cleanUnitName(meta.unitName) };
  const at = definedNameAddress(workbook, TITLE_INPUT_NAMES.unitName);
  const sheet = at ? workbook.getWorksheet(at.sheet) : undefined;
  if (!at || !sheet) return { name: "" };
  const { raw } = cellRaw(sheet.getCell(at.address));
  return { name: typeof raw === "string" ? cleanUnitName(raw) : raw == null ? "" : cleanUnitName(String(raw)), cell: `${at.sheet}!${at.address}` };
}
