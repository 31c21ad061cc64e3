// Turns a received file into a merge Submission, or says why it cannot (one message per file, naming
// it and what to do; the other files go on). Our own workbooks are read by their `_cchc` sheet and
// defined names (the targeted reader, ownWorkbook.ts); any other workbook is tried as a form retyped by
// hand, its sheets read by the targeted reader too (ExcelJS, loaded only then, for what that cannot read).
// No Node APIs: the task pane reads dropped files with this module in a Web Worker.
import { RejectedFile, Submission, SubmittedValue } from "../domain/merge/model";
import { UserError } from "../domain/messages";
import { stampState } from "../domain/stamp";
import { TemplateRegistry } from "../domain/template/registry";
import { OtherFormError, validateWorkbook } from "../domain/trust";
import { TITLE_INPUT_NAMES } from "../domain/workbookContract";
import { failFile, ReadWorkbook } from "./cchcWorkbook";
import { checkForExcelJS, Deadline, EXCELJS_LIMITS, ReadLimits } from "./fileGuard";
import { readRetypedReport, RetypedReadOptions, RetypedReport } from "../domain/retyped/read";
import { OwnWorkbookFile, readOwnWorkbook } from "./ownWorkbook";

/** Larger files are refused unread (fileGuard.ts also limits what a zip may expand to). */
export { MAX_SUBMISSION_BYTES } from "./fileGuard";

export interface ReceivedFile {
  /** The file as the user named it (path or file name), for messages */
  file: string;
  bytes: Uint8Array;
  /** The file system's modification time (ISO), when the workbook does not record when it was saved */
  modifiedAt?: string;
}

export interface ReadOptions {
  /** Period code for retyped forms whose title names none */
  period?: string;
  /** The budget of one of our workbooks (fileGuard.ts OWN_WORKBOOK_LIMITS unless given); its time is the file's, whichever reader reads it */
  limits?: ReadLimits;
}

export type ReadResult = { submission: Submission } | { rejected: RejectedFile };

/** Never throws for bad input: a file that cannot be read comes back as `rejected` with its reason. */
export async function readSubmission(input: ReceivedFile, registry: TemplateRegistry, options: ReadOptions = {}): Promise<ReadResult> {
  try {
    const deadline = new Deadline(options.limits);
    const own = readOwnWorkbook(input.bytes, input.file, registry, options.limits, deadline);
    const submission = own.read
      ? workbookSubmission(own.read, own.modifiedAt ?? input.modifiedAt)
      : (await readRetypedFile(input, own, registry, { period: options.period }, deadline)).submission;
    if (input.modifiedAt) submission.fileModifiedAt = input.modifiedAt;
    return { submission };
  } catch (e) {
    if (e instanceof UserError)
      return { rejected: { file: input.file, reason: e.userMessage, ...(e instanceof OtherFormError ? { otherForm: true } : {}) } };
    throw e;
  }
}

// ---- our own workbooks ----

/** One of our workbooks, read (by either reader), as a merge submission. */
export function workbookSubmission(read: ReadWorkbook, savedAt: string | undefined): Submission {
  const { file, meta, unit, template, sheetName, cells } = read;
  const summary = meta.kind === "summary";
  // The same validation as `cchc check` (trust.ts): what disagrees with the sheet is an error, so the file is flagged.
  const { unitName, aggregates, counts, values: parsed } = validateWorkbook(read, { counting: true });
  if (unitName === "") {
    // No CCHC_DonVi name to point at: the cell is named by the name it should have (as the check says).
    const where = unit.cell ?? `${sheetName} (${TITLE_INPUT_NAMES.unitName})`;
    failFile(
      file,
      `chưa ghi tên đơn vị báo cáo ở ô ${where}; đề nghị đơn vị ghi tên rồi gửi lại (tệp này chưa được tổng hợp)`,
      `the reporting unit's name is empty in cell ${where}; ask the unit to type its name and send the file again (this file was not merged)`,
    );
  }

  const values = new Map<string, SubmittedValue>();
  for (const [code, v] of parsed) values.set(code, { parsed: v.parsed, cell: `${sheetName}!${v.cell.address}` });
  return {
    file,
    readAs: "workbook",
    sheetName,
    templateId: template.id,
    templateVersion: template.version,
    period: meta.period,
    unitName,
    unitLevel: meta.unitLevel,
    kind: meta.kind,
    createdAt: savedAt ?? meta.createdAt,
    values,
    aggregates,
    units: summary ? meta.units : [unitName],
    counts,
    stamp: stampState(template, cells, meta.validation),
    notes: [],
  };
}

// ---- forms retyped by hand ----

/**
 * A form retyped by hand, from the targeted reader's grids of its sheets; ExcelJS, loaded only then,
 * reads the files those cannot stand for (ownWorkbook.ts grids).
 */
export async function readRetypedFile(
  input: ReceivedFile,
  own: OwnWorkbookFile,
  registry: TemplateRegistry,
  options: Pick<RetypedReadOptions, "period">,
  deadline?: Deadline,
): Promise<RetypedReport> {
  // Whichever reader reads it, a form retyped by hand has the budget ExcelJS can hold (fileGuard.ts).
  const problem = checkForExcelJS(input.file, input.bytes.length, own.zip, EXCELJS_LIMITS, deadline);
  if (problem) throw new UserError(problem);
  const grids = own.grids?.();
  if (grids) {
    return readRetypedReport(grids, input.file, registry, { ...options, savedAt: own.modifiedAt ?? input.modifiedAt });
  }
  const [{ openWorkbook, lastModified }, { readRetypedWorkbook }] = await Promise.all([import("./readWorkbook"), import("./retypedForm")]);
  const workbook = await openWorkbook(input.bytes, input.file, deadline);
  return readRetypedWorkbook(workbook, input.file, registry, { ...options, savedAt: lastModified(workbook) ?? input.modifiedAt });
}
