// Opens a received workbook with ExcelJS, for the forms retyped by hand (retypedForm.ts); our own
// workbooks are read by ownWorkbook.ts. Loaded only for the first retyped form.
// No Node APIs: the task pane's Web Worker reads received files through this module too.
import ExcelJS from "exceljs";
import { msg, UserError } from "../domain/messages";
import { checkForExcelJS, Deadline, damagedWorkbook, EXCELJS_LIMITS, openReceivedZip, tooSlow } from "./fileGuard";

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
