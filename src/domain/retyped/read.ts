// A retyped form read as a report: its values parsed by the one value parser, its own check (by row,
// no formula integrity: a retyped sheet has no formulas of ours), how each row was read, and whether
// the reading is sure enough to merge as fine. The file reader, `cchc check` and the pane share it.
import { SheetCell } from "../export";
import { Submission, SubmittedValue } from "../merge/model";
import { joinMessages } from "../merge/aggregate";
import { Message, msg, UserError } from "../messages";
import { parsePeriod } from "../period";
import { checkReport, countBySeverity, FilledCount, LocatedFinding } from "../rules/report";
import { formName } from "../rules/words";
import { TemplateRegistry } from "../template/registry";
import { Template } from "../template/schema";
import { cellValueOf, formatParsed, parseValue, ParsedValue } from "../values";
import { GridSheet } from "./grid";
import { Conversion, ReadRow, recogniseRetypedForm, RetypedForm } from "./recognise";

/** The form as a clerk knows it, quoted: "Quảng Trị 2023: Thống kê số liệu …" (never its id). */
const named = (template: Template) => `"${formName(template)}"`;

export interface RetypedReadOptions {
  /** Period code for forms whose title names none */
  period?: string;
  /** When the file was saved (ISO) */
  savedAt?: string;
}

export interface RetypedReport {
  form: RetypedForm;
  submission: Submission;
  /** The form's own check, each finding at its row's value cell */
  findings: LocatedFinding[];
  /** The matched rows' value cells by indicator code, as the check read them */
  cells: Map<string, SheetCell>;
  /** Indicators still blank among those the unit has to fill */
  filled: FilledCount;
}

/** Under this share of the form's indicators read, or of read values readable, the file is to be reviewed. */
const SURE_SHARE = 0.5;

/** Reads the retyped form in the sheets; throws a UserError naming the file when there is none, or no period. */
export function readRetypedReport(
  sheets: readonly GridSheet[],
  file: string,
  registry: TemplateRegistry,
  options: RetypedReadOptions = {},
): RetypedReport {
  const form = recogniseRetypedForm(sheets, file, registry);
  const { template, sheetName } = form;
  const notes: Message[] = [];
  const failFile = (vi: string, en: string): never => {
    throw new UserError(msg(`${file}: ${vi}`, `${file}: ${en}`));
  };

  let period = form.period;
  if (!period && options.period) {
    period = options.period;
    notes.push(
      msg(
        `Phần đầu biểu không ghi kỳ báo cáo; lấy kỳ đã chọn khi tổng hợp (${parsePeriod(period).label.vi})`,
        `The title block names no period; the period chosen for the merge is used (${parsePeriod(period).label.en})`,
      ),
    );
  }
  if (!period) {
    failFile(
      `không xác định được kỳ báo cáo: phần đầu biểu không ghi kỳ; hãy ghi kỳ (ví dụ "Quý III năm 2023") vào ô ${form.periodCell} phía trên bảng, hoặc chọn kỳ báo cáo khi tổng hợp`,
      `the reporting period is unknown: the title block names none; write it (e.g. "Quý III năm 2023") in cell ${form.periodCell} above the table, or choose the period for the merge`,
    );
  }
  let unitName = form.unitName;
  if (!unitName) {
    unitName = file.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
    notes.push(
      msg(
        `Phần đầu biểu không ghi tên đơn vị; lấy theo tên tệp: "${unitName}"`,
        `The title block names no unit; the file name is used: "${unitName}"`,
      ),
    );
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
  const checked = checkReport(template, sheetName, cells, { unitLevel, period });
  const findings = checked.findings.filter((f) => !f.ruleId.startsWith("formula:"));

  notes.push(...matchNotes(form), ...conversionNotes(form));
  const review = reviewReason(
    form,
    [...values.values()].map((v) => v.parsed),
  );
  if (review) notes.push(msg(`Cần xem lại: ${review.vi}`, `To be reviewed: ${review.en}`));
  const submission: Submission = {
    file,
    readAs: "retyped",
    sheetName,
    templateId: template.id,
    templateVersion: template.version,
    period: period!,
    unitName,
    unitLevel,
    kind: "submission",
    createdAt: options.savedAt,
    values,
    units: [unitName],
    counts: countBySeverity(findings),
    stamp: "none",
    notes,
    ...(review ? { review } : {}),
  };
  return { form, submission, findings, cells, filled: checked.filled };
}

/** Why the reading is not sure enough to merge as fine: too few of the form's indicators, or mostly unreadable values. */
function reviewReason(form: RetypedForm, parsed: readonly ParsedValue[]): Message | undefined {
  const { template } = form;
  const reasons: Message[] = [];
  const total = template.indicators.filter((i) => i.kind !== "header").length;
  const read = form.matched.filter((m) => m.indicator.kind !== "header").length;
  if (read < SURE_SHARE * total) {
    reasons.push(
      msg(
        `chỉ đọc được ${read}/${total} chỉ tiêu của biểu mẫu ${named(template)} (các chỉ tiêu còn lại coi như chưa báo cáo); hãy kiểm tra bảng trong tệp có đủ các dòng không`,
        `only ${read}/${total} indicators of the form ${named(template)} were read (the others count as not reported); check that the file's table has all its rows`,
      ),
    );
  }
  const filled = parsed.filter((p) => p.status !== "missing");
  const invalid = filled.filter((p) => p.status === "invalid").length;
  if (filled.length > 0 && invalid > SURE_SHARE * filled.length) {
    reasons.push(
      msg(
        `${invalid}/${filled.length} số liệu đọc được không đúng loại của chỉ tiêu; có thể cột Số liệu đã bị đọc nhầm, hãy kiểm tra cột số liệu của bảng`,
        `${invalid}/${filled.length} of the values read do not fit their indicator; the value column may have been taken wrongly, check the table's value column`,
      ),
    );
  }
  return reasons.length > 0 ? joinMessages(reasons) : undefined;
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
      `Không phải biểu tạo bằng Biểu mẫu CCHC (biểu nhập tay hoặc sao chép sang tệp khác); đọc theo biểu mẫu ${named(template)} từ trang "${sheetName}" (dòng tiêu đề bảng ${form.headerRow}): ${matched.length} dòng khớp — ${by("sttName")} theo STT và tên, ${by("name")} theo tên, ${by("stt")} theo STT; ${unmatched.length} dòng không khớp; ${missing.length} chỉ tiêu của biểu không có trên trang`,
      `Not a sheet made by Biểu mẫu CCHC (retyped, or copied into another file); read as the form ${named(template)} from sheet "${sheetName}" (table header row ${form.headerRow}): ${matched.length} rows matched — ${by("sttName")} by STT and name, ${by("name")} by name, ${by("stt")} by STT; ${unmatched.length} rows not matched; ${missing.length} indicators of the form are not on the sheet`,
    ),
  ];
  if (form.valueByContent) {
    const { named, chosen } = form.valueByContent;
    notes.push(
      msg(
        `Cột ${named} có tiêu đề số liệu nhưng chứa đơn vị tính; số liệu được đọc ở cột ${chosen}`,
        `Column ${named} is headed as the value column but holds units; the values were read from column ${chosen}`,
      ),
    );
  }
  for (const m of matched.filter((x) => x.method === "stt")) {
    const where = rowLabel(sheetName, m);
    notes.push(
      msg(
        `${where.vi}: tên khác biểu mẫu, khớp theo STT với chỉ tiêu "${m.indicator.name}"; hãy kiểm tra`,
        `${where.en}: the name differs from the form, matched by STT to the indicator "${m.indicator.name}"; please check`,
      ),
    );
  }
  for (const r of unmatched) {
    const where = rowLabel(sheetName, r);
    // Shown the way staff would read it (1.755, 98,4), whatever the row was meant to be.
    const value = formatParsed(parseValue(r.raw, { code: "", kind: "count" }));
    notes.push(
      msg(
        `${where.vi}: không khớp chỉ tiêu nào của biểu mẫu${value ? `; số liệu "${value}" không được tổng hợp` : ""}`,
        `${where.en}: matches no indicator of the form${value ? `; the figure "${value}" is not merged` : ""}`,
      ),
    );
  }
  if (missing.length > 0) {
    const list = missing.map((i) => (i.stt && i.stt !== "Trong đó" ? `STT ${i.stt}` : `"${i.name}"`)).join(", ");
    notes.push(
      msg(
        `${missing.length} chỉ tiêu của biểu mẫu không có trên trang "${sheetName}" (coi như chưa báo cáo): ${list}`,
        `${missing.length} indicators of the form are not on sheet "${sheetName}" (treated as not reported): ${list}`,
      ),
    );
  }
  if (form.truncatedAfter !== undefined) {
    notes.push(
      msg(
        `Trang "${sheetName}" dài hơn mọi biểu mẫu; các dòng sau dòng ${form.truncatedAfter} không được đọc`,
        `Sheet "${sheetName}" is longer than any form; rows after row ${form.truncatedAfter} were not read`,
      ),
    );
  }
  for (const other of form.otherSheets) {
    notes.push(
      msg(
        `Trang "${other}" cũng có bảng chỉ tiêu nhưng không được đọc (chỉ đọc trang "${sheetName}", khớp nhiều dòng nhất)`,
        `Sheet "${other}" also holds an indicator table but was not read (only sheet "${sheetName}", which matched the most rows, was)`,
      ),
    );
  }
  return notes;
}

const CONVERSION_TEXT: Record<Conversion, { vi: string; en: string }> = {
  dateAsCount: {
    vi: "Excel đã đổi số đếm dạng x/y thành ngày; đọc lại là x/y",
    en: "Excel turned counts written x/y into dates; read back as x/y",
  },
  decimalAsThousands: {
    vi: "Excel đã hiểu dấu chấm phân cách hàng nghìn là dấu thập phân; đọc lại là số nghìn",
    en: "Excel took the dot grouping thousands for a decimal point; read back as thousands",
  },
  numberAsText: {
    vi: "số liệu lưu dạng chữ (Excel không coi là số); đọc thành số",
    en: "figures stored as text (Excel did not take them for numbers); read as numbers",
  },
  percentCell: {
    vi: "ô định dạng %, Excel lưu phần trăm dạng phần mười; đọc là số phần trăm",
    en: "percent-formatted cells store fractions; read as percentages",
  },
};

/** One note per kind of conversion undone, naming each cell, what it held and what was read. */
function conversionNotes(form: RetypedForm): Message[] {
  const notes: Message[] = [];
  for (const kind of Object.keys(CONVERSION_TEXT) as Conversion[]) {
    const rows = form.matched.filter((m): m is ReadRow & { stored: string } => m.conversion === kind && m.stored !== undefined);
    if (rows.length === 0) continue;
    const shown = rows.slice(0, 10).map((m) => `${m.address}: ${m.stored} → ${formatParsed(parseValue(m.raw, m.indicator))}`);
    const more = rows.length > 10 ? ` … (${rows.length})` : "";
    notes.push(
      msg(
        `Trang "${form.sheetName}": ${CONVERSION_TEXT[kind].vi} (${shown.join("; ")}${more})`,
        `Sheet "${form.sheetName}": ${CONVERSION_TEXT[kind].en} (${shown.join("; ")}${more})`,
      ),
    );
  }
  return notes;
}
