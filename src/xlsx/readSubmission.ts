// Turns a received file into a merge Submission, or says why it cannot (one message per file, naming
// it and what to do; the other files go on). Our own workbooks are read by their `_cchc` sheet and
// defined names; any other workbook is tried as a form retyped by hand. No Node APIs: the task pane
// reads dropped files with this module in a Web Worker.
import ExcelJS from "exceljs";
import { parseSheet, SheetCell } from "../domain/export";
import { RejectedFile, Submission, SubmittedValue } from "../domain/merge/model";
import { Message, msg, UserError } from "../domain/messages";
import { parsePeriod } from "../domain/period";
import { checkReport, countBySeverity } from "../domain/rules/report";
import { stampState } from "../domain/stamp";
import { TemplateRegistry } from "../domain/template/registry";
import { cellValueOf, formatParsed, parseValue } from "../domain/values";
import { METADATA_SHEET } from "../domain/workbookContract";
import { OtherFormError, validateWorkbook } from "../domain/trust";
import { failFile, openWorkbook, readCchcSheet } from "./readWorkbook";
import { recogniseRetypedForm, RetypedForm } from "./retypedForm";

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
}

export type ReadResult = { submission: Submission } | { rejected: RejectedFile };

/** Never throws for bad input: a file that cannot be read comes back as `rejected` with its reason. */
export async function readSubmission(input: ReceivedFile, registry: TemplateRegistry, options: ReadOptions = {}): Promise<ReadResult> {
  try {
    const workbook = await openWorkbook(input.bytes, input.file);
    const savedAt = lastModified(workbook) ?? input.modifiedAt;
    const submission = workbook.getWorksheet(METADATA_SHEET)
      ? ownWorkbook(workbook, input.file, registry, savedAt)
      : retypedWorkbook(workbook, input.file, registry, options, savedAt);
    return { submission: input.modifiedAt ? { ...submission, fileModifiedAt: input.modifiedAt } : submission };
  } catch (e) {
    if (e instanceof UserError) return { rejected: { file: input.file, reason: e.userMessage, ...(e instanceof OtherFormError ? { otherForm: true } : {}) } };
    throw e;
  }
}

/** The workbook's last-modified core property (ExcelJS leaves it undefined when the file has none). */
function lastModified(workbook: ExcelJS.Workbook): string | undefined {
  const d = workbook.modified as Date | undefined;
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

// ---- our own workbooks ----

function ownWorkbook(workbook: ExcelJS.Workbook, file: string, registry: TemplateRegistry, savedAt: string | undefined): Submission {
  const read = readCchcSheet(workbook, file, registry);
  const { meta, unit, template, sheetName, cells } = read;
  const summary = meta.kind === "summary";
  // The same validation as `cchc check` (trust.ts): what disagrees with the sheet is an error, so the file is flagged.
  const { unitName, aggregates, counts } = validateWorkbook(read);
  if (unitName === "") {
    const where = unit.cell ?? `${sheetName}!A2`;
    failFile(file, `chưa ghi tên đơn vị báo cáo ở ô ${where}; đề nghị đơn vị ghi tên rồi gửi lại (tệp này chưa được tổng hợp)`,
      `the reporting unit's name is empty in cell ${where}; ask the unit to type its name and send the file again (this file was not merged)`);
  }

  const values = new Map<string, SubmittedValue>();
  for (const [code, v] of parseSheet(template, cells)) values.set(code, { parsed: v.parsed, cell: `${sheetName}!${v.cell.address}` });
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

function retypedWorkbook(workbook: ExcelJS.Workbook, file: string, registry: TemplateRegistry, options: ReadOptions, savedAt: string | undefined): Submission {
  const form = recogniseRetypedForm(workbook, file, registry);
  const { template, sheetName } = form;
  const notes: Message[] = [];

  let period = form.period;
  if (!period && options.period) {
    period = options.period;
    notes.push(msg(`Phần đầu biểu không ghi kỳ báo cáo; lấy kỳ đã chọn khi tổng hợp (${parsePeriod(period).label.vi})`,
      `The title block names no period; the period chosen for the merge is used (${parsePeriod(period).label.en})`));
  }
  if (!period) {
    failFile(file, `không xác định được kỳ báo cáo: phần đầu biểu không ghi kỳ; hãy ghi kỳ (ví dụ "Quý III năm 2023") vào ô ${form.periodCell} phía trên bảng, hoặc chọn kỳ báo cáo khi tổng hợp`,
      `the reporting period is unknown: the title block names none; write it (e.g. "Quý III năm 2023") in cell ${form.periodCell} above the table, or choose the period for the merge`);
  }
  let unitName = form.unitName;
  if (!unitName) {
    unitName = file.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
    notes.push(msg(`Phần đầu biểu không ghi tên đơn vị; lấy theo tên tệp: "${unitName}"`, `The title block names no unit; the file name is used: "${unitName}"`));
  }

  const values = new Map<string, SubmittedValue>();
  const cells = new Map<string, SheetCell>();
  for (const m of form.matched) {
    const parsed = parseValue(m.raw, m.indicator);
    // A figure typed on a heading row is kept (as unreadable), so that the merge lists it as not merged.
    if (m.indicator.kind === "header" && parsed.status === "missing") continue;
    values.set(m.indicator.code, { parsed, cell: `${sheetName}!${m.address}` });
    if (m.indicator.kind !== "header") cells.set(m.indicator.code, { address: m.address, raw: cellValueOf(parsed) });
  }

  const unitLevel = template.levels.length === 1 ? template.levels[0] : undefined;
  // A retyped sheet has no formulas: its figures are checked as the merge reads them ("1.755" is 1755),
  // and computed indicators are typed values, not overwritten formulas.
  const findings = checkReport(template, sheetName, cells, { unitLevel, period }).findings.filter((f) => !f.ruleId.startsWith("formula:"));

  notes.push(...matchNotes(form));
  return {
    file,
    readAs: "retyped",
    sheetName,
    templateId: template.id,
    templateVersion: template.version,
    period,
    unitName,
    unitLevel,
    kind: "submission",
    createdAt: savedAt,
    values,
    units: [unitName],
    counts: countBySeverity(findings),
    stamp: "none",
    notes,
  };
}


function rowLabel(sheetName: string, r: { row: number; stt: string; name: string }): { vi: string; en: string } {
  const stt = r.stt ? `STT ${r.stt}, ` : "";
  return { vi: `trang "${sheetName}" dòng ${r.row} (${stt}"${r.name}")`, en: `sheet "${sheetName}" row ${r.row} (${stt}"${r.name}")` };
}

/** How the rows were matched, every row that was not, and the form's rows missing from the sheet. */
function matchNotes(form: RetypedForm): Message[] {
  const { template, sheetName, matched, unmatched, missing } = form;
  const by = (method: string) => matched.filter((m) => m.method === method).length;
  const notes: Message[] = [
    msg(
      `Không phải biểu tạo bằng Biểu mẫu CCHC (biểu nhập tay hoặc sao chép sang tệp khác); đọc theo biểu mẫu ${template.id} từ trang "${sheetName}" (dòng tiêu đề bảng ${form.headerRow}): ${matched.length} dòng khớp — ${by("sttName")} theo STT và tên, ${by("name")} theo tên, ${by("stt")} theo STT; ${unmatched.length} dòng không khớp; ${missing.length} chỉ tiêu của biểu không có trên trang`,
      `Not a sheet made by Biểu mẫu CCHC (retyped, or copied into another file); read as template ${template.id} from sheet "${sheetName}" (table header row ${form.headerRow}): ${matched.length} rows matched — ${by("sttName")} by STT and name, ${by("name")} by name, ${by("stt")} by STT; ${unmatched.length} rows not matched; ${missing.length} indicators of the form are not on the sheet`,
    ),
  ];
  for (const m of matched.filter((x) => x.method === "stt")) {
    const where = rowLabel(sheetName, m);
    notes.push(msg(`${where.vi}: tên khác biểu mẫu, khớp theo STT với chỉ tiêu ${m.indicator.code} "${m.indicator.name}"; hãy kiểm tra`,
      `${where.en}: the name differs from the form, matched by STT to indicator ${m.indicator.code} "${m.indicator.name}"; please check`));
  }
  for (const r of unmatched) {
    const where = rowLabel(sheetName, r);
    // Shown the way staff would read it (1.755, 98,4), whatever the row was meant to be.
    const value = formatParsed(parseValue(r.raw, { code: "", kind: "count" }));
    notes.push(msg(`${where.vi}: không khớp chỉ tiêu nào của biểu ${template.id}${value ? `; số liệu "${value}" không được tổng hợp` : ""}`,
      `${where.en}: matches no indicator of form ${template.id}${value ? `; the figure "${value}" is not merged` : ""}`));
  }
  if (missing.length > 0) {
    const list = missing.map((i) => i.code).join(", ");
    notes.push(msg(`${missing.length} chỉ tiêu của biểu ${template.id} không có trên trang "${sheetName}" (coi như chưa báo cáo): ${list}`,
      `${missing.length} indicators of form ${template.id} are not on sheet "${sheetName}" (treated as not reported): ${list}`));
  }
  if (form.truncatedAfter !== undefined) {
    notes.push(msg(`Trang "${sheetName}" dài hơn mọi biểu mẫu; các dòng sau dòng ${form.truncatedAfter} không được đọc`,
      `Sheet "${sheetName}" is longer than any form; rows after row ${form.truncatedAfter} were not read`));
  }
  for (const other of form.otherSheets) {
    notes.push(msg(`Trang "${other}" cũng có bảng chỉ tiêu nhưng không được đọc (chỉ đọc trang "${sheetName}", khớp nhiều dòng nhất)`,
      `Sheet "${other}" also holds an indicator table but was not read (only sheet "${sheetName}", which matched the most rows, was)`));
  }
  return notes;
}
