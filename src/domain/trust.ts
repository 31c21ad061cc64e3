// The trust model (README "Trust"): received files are written by people and tools we do not control.
// For a submission the visible sheet is the truth; `_cchc` metadata and a summary's stored statistics
// are used only where they agree with what the sheet shows, and where they do not the file is flagged
// with the reason (an error finding), or refused when nothing it says can be relied on. `cchc check`,
// `cchc export` and the merge all validate a workbook here, so they never disagree about one.
import { parseSheet, SheetCell, SheetValue } from "./export";
import { readAggregate, rejectReason, summarize, unitCount } from "./merge/aggregate";
import { aggregatesFromMetadata } from "./merge/metadata";
import { AggregateJson } from "./merge/model";
import { unitsInSubtitle } from "./merge/subtitle";
import { unitKey } from "./merge/units";
import { Message, msg, UserError } from "./messages";
import { checkReport, countBySeverity, FilledCount, LocatedFinding, SeverityCounts } from "./rules/report";
import { address, columnLetter } from "./sheet/plan";
import { VALUE_COLUMN } from "./sheet/layout";
import { indicatorsByCode } from "./template/lookup";
import { Indicator, Template } from "./template/schema";
import { ParsedValue } from "./values";
import { cleanUnitName, definedNameFor, METADATA_SHEET, WorkbookMetadata } from "./workbookContract";

/** A report of another version of a known form: the merge as a whole is refused (exit 2, nothing written). */
export class OtherFormError extends UserError {}

/** Where an indicator's CT_ name points, and what that row of the sheet shows. */
export interface Placement {
  sheet: string;
  row: number;
  col: number;
  /** The row's STT and indicator name as the sheet shows them */
  stt: string;
  name: string;
}

/** What the reader found in a workbook, before any of it is believed. */
export interface WorkbookUnderTest {
  file: string;
  meta: WorkbookMetadata;
  /** The reporting unit as the sheet names it (CCHC_DonVi; `_cchc` only for format 1), cleaned. */
  unit: { name: string; cell?: string };
  template: Template;
  sheetName: string;
  cells: ReadonlyMap<string, SheetCell>;
  layout: {
    placements: ReadonlyMap<string, Placement>;
    /** A summary's subtitle line ("Tổng hợp từ 12 đơn vị") as the sheet shows it */
    subtitle?: string;
  };
}

export interface ValidatedWorkbook {
  /** Trust findings first, then the report's own check (kinds, rules, formulas), most severe first */
  findings: LocatedFinding[];
  counts: SeverityCounts;
  /** Indicators still blank among those the unit has to fill */
  filled: FilledCount;
  /** The unit the file reports for: the sheet's CCHC_DonVi for a submission; "" when none is written */
  unitName: string;
  /** A summary's stored statistics that agree with its visible sheet, by code */
  aggregates?: Map<string, AggregateJson>;
  /** Every indicator's cell as parsed (parseSheet), which the checks used */
  values: ReadonlyMap<string, SheetValue>;
}

const label = (text: string) => cleanUnitName(text).toLocaleLowerCase("vi");
const sttLabel = (text: string) => label(text).replace(/\.$/, "");

/** The template's rows as labels, worked out once per template (every file of a merge checks them). */
const templateLabels = new WeakMap<Template, Map<string, { stt: string; name: string }>>();

function labelsOf(template: Template): Map<string, { stt: string; name: string }> {
  let labels = templateLabels.get(template);
  if (!labels) {
    labels = new Map(template.indicators.map((ind) => [ind.code, { stt: sttLabel(ind.stt), name: label(ind.name) }]));
    templateLabels.set(template, labels);
  }
  return labels;
}

function refuse(file: string, vi: string, en: string): never {
  throw new UserError(msg(`${file}: ${vi}`, `${file}: ${en}`));
}

/**
 * Every CT_ name must point at the value cell of its own row: the row whose STT and name are the
 * indicator's. A name moved elsewhere (by hand, or by copying sheets) would read another row's figure.
 */
function checkPlacements(wb: WorkbookUnderTest): void {
  const wrong: string[] = [];
  const wrongEn: string[] = [];
  const labels = labelsOf(wb.template);
  for (const ind of wb.template.indicators) {
    if (ind.kind === "header") continue;
    const at = wb.layout.placements.get(ind.code);
    if (!at) continue; // a missing name is the reader's own message
    const expected = labels.get(ind.code)!;
    // The same text as the template's is the same label (the usual case: nothing to clean up).
    const sameRow = (at.stt === ind.stt || sttLabel(at.stt) === expected.stt) && (at.name === ind.name || label(at.name) === expected.name);
    if (at.sheet === wb.sheetName && at.col === VALUE_COLUMN && sameRow) continue;
    const cell = `${at.sheet}!${address(at.row, at.col)}`;
    const shows = `STT "${at.stt}" "${at.name.slice(0, 60)}"`;
    const own = `STT "${ind.stt}" "${ind.name.slice(0, 60)}"`;
    wrong.push(
      `${definedNameFor(ind.code)} trỏ tới ô ${cell} (dòng ghi ${shows}) thay vì cột ${columnLetter(VALUE_COLUMN)} của dòng ${own}`,
    );
    wrongEn.push(
      `${definedNameFor(ind.code)} points at ${cell} (a row showing ${shows}) instead of column ${columnLetter(VALUE_COLUMN)} of the row ${own}`,
    );
  }
  if (wrong.length === 0) return;
  const more = wrong.length > 3 ? ` … (${wrong.length})` : "";
  refuse(
    wb.file,
    `tên ô (defined name) của ${wrong.length} chỉ tiêu không nằm ở ô số liệu của dòng mình, nên không đọc để tránh lấy nhầm số: ${wrong.slice(0, 3).join("; ")}${more}; hãy sửa trong Công thức > Trình quản lý Tên (Formulas > Name Manager) hoặc tạo lại biểu và nhập lại số liệu`,
    `the defined names of ${wrong.length} indicators are not on their own row's value cell, so the file is not read (it would take the wrong figures): ${wrongEn.slice(0, 3).join("; ")}${more}; fix them in Formulas > Name Manager, or recreate the sheet and type the figures again`,
  );
}

/** Whether the value the sheet shows is what the stored statistics give. */
function agrees(expected: string | number | undefined, shown: ParsedValue): boolean {
  if (expected === undefined) return shown.status === "missing";
  if (expected === "-") return shown.status === "notApplicable";
  if (typeof expected === "number")
    return shown.status === "value" && Math.abs(shown.value - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  const text = shown.status === "text" ? shown.text : shown.status === "invalid" ? shown.raw : undefined;
  if (text === undefined) return false;
  // Texts longer than a cell are cut with a note (summaryPlan.fitCell); the part shown must match.
  const cut = text.indexOf("… (rút gọn");
  return cut >= 0 ? expected.trim().startsWith(text.slice(0, cut).trim()) : text.trim() === expected.trim();
}

/** Every unit an aggregate names (those missing, those with the lowest rate, …). */
function unitsNamed(json: AggregateJson): string[] {
  const names: string[] = [];
  const visit = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (typeof v === "string" && ["missing", "unreadable", "differs", "without", "units", "unit"].includes(key)) names.push(v);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(json, "");
  return names;
}

interface SummaryTrust {
  aggregates: Map<string, AggregateJson>;
  problems: { ind: Indicator; message: Message }[];
}

/**
 * A summary's statistics, each kept only if it covers exactly the units `_cchc` lists, names no other
 * unit, gives the total the sheet shows and a total its kind allows. The units list itself must agree
 * with the subtitle the sheet shows, and with the statistics: otherwise nothing says which units the
 * file covers, and it is refused.
 */
function checkSummary(wb: WorkbookUnderTest, values: ReadonlyMap<string, SheetValue>): SummaryTrust {
  const { template, meta, file } = wb;
  const units = meta.units.map(cleanUnitName);
  const keys = new Set(units.map(unitKey));
  const where = `${METADATA_SHEET} "units"`;
  if (units.length === 0 || keys.size !== units.length || keys.has(unitKey(""))) {
    refuse(
      file,
      `danh sách đơn vị của bảng tổng hợp (${where}) trống hoặc có tên trùng, nên không biết bảng này gồm những đơn vị nào; hãy tổng hợp lại từ báo cáo của các đơn vị`,
      `the summary's list of units (${where}) is empty or repeats a name, so it is not known which units it covers; merge the units' reports again`,
    );
  }
  const shownCount = wb.layout.subtitle === undefined ? undefined : unitsInSubtitle(wb.layout.subtitle);
  if (shownCount !== undefined && shownCount !== units.length) {
    refuse(
      file,
      `trang ghi "Tổng hợp từ ${shownCount} đơn vị" nhưng danh sách đơn vị lưu trong ${where} có ${units.length} tên; không biết bảng này gồm những đơn vị nào, nên không dùng — hãy tổng hợp lại từ báo cáo của các đơn vị`,
      `the sheet says it merges ${shownCount} units but the list stored in ${where} has ${units.length} names; it is not known which units it covers, so it is not used — merge the units' reports again`,
    );
  }

  const stored = aggregatesFromMetadata(meta.aggregates);
  const byCode = indicatorsByCode(template);
  const aggregates = new Map<string, AggregateJson>();
  const problems: SummaryTrust["problems"] = [];
  let fitUnits = 0;
  let checked = 0;
  const strangers = new Set<string>();
  const problem = (ind: Indicator, vi: string, en: string) =>
    problems.push({
      ind,
      message: msg(`Chỉ tiêu ${ind.code}: ${vi}; dùng số trên trang`, `Indicator ${ind.code}: ${en}; the figure on the sheet is used`),
    });
  for (const code of stored.damaged) {
    const ind = byCode.get(code);
    if (ind) problem(ind, `số liệu chi tiết lưu trong ${METADATA_SHEET} bị hỏng`, `its statistics stored in ${METADATA_SHEET} are damaged`);
  }
  for (const [code, json] of stored.aggregates) {
    const ind = byCode.get(code);
    if (!ind || ind.merge === "none") continue;
    const agg = readAggregate(ind, json);
    if (!agg) {
      problem(
        ind,
        `số liệu chi tiết lưu trong ${METADATA_SHEET} không đúng dạng của chỉ tiêu này`,
        `its statistics stored in ${METADATA_SHEET} are not of this indicator's shape`,
      );
      continue;
    }
    checked++;
    const covered = unitCount(agg);
    for (const n of unitsNamed(json)) if (!keys.has(unitKey(n))) strangers.add(cleanUnitName(n));
    if (covered !== units.length) {
      problem(
        ind,
        `số liệu chi tiết tính cho ${covered} đơn vị, danh sách của bảng tổng hợp có ${units.length}`,
        `its statistics cover ${covered} units, the summary's list has ${units.length}`,
      );
      continue;
    }
    fitUnits++;
    if (agg.method === "recompute") {
      aggregates.set(code, json);
      continue;
    }
    const expected = summarize(ind, agg).value;
    const shown = values.get(code)?.parsed ?? { status: "missing" };
    const bad = typeof expected === "number" ? rejectReason(ind, { status: "value", value: expected }) : undefined;
    if (bad) {
      problem(ind, `số liệu chi tiết cho kết quả không hợp lệ (${bad.vi})`, `its statistics give an impossible result (${bad.en})`);
    } else if (!agrees(expected, shown)) {
      const e = typeof expected === "number" ? String(expected) : (expected ?? "(trống)").slice(0, 40);
      const ee = typeof expected === "number" ? String(expected) : (expected ?? "(blank)").slice(0, 40);
      problem(
        ind,
        `số liệu chi tiết lưu trong ${METADATA_SHEET} cho ${e}, khác số trên trang`,
        `its statistics stored in ${METADATA_SHEET} give ${ee}, not what the sheet shows`,
      );
    } else {
      aggregates.set(code, json);
    }
  }
  if (strangers.size > 0) {
    // The list and the statistics disagree about who is in the file: neither can be believed.
    const named = [...strangers].slice(0, 3).join(", ") + (strangers.size > 3 ? ` … (${strangers.size})` : "");
    refuse(
      file,
      `số liệu chi tiết nêu đơn vị không có trong danh sách đơn vị lưu trong ${where} (${named}); không biết bảng này gồm những đơn vị nào, nên không dùng — hãy tổng hợp lại từ báo cáo của các đơn vị`,
      `its statistics name units that are not on the list stored in ${where} (${named}); it is not known which units it covers, so it is not used — merge the units' reports again`,
    );
  }
  if (checked > 0 && fitUnits === 0) {
    refuse(
      file,
      `không chỉ tiêu nào có số liệu chi tiết khớp với danh sách ${units.length} đơn vị lưu trong ${where}; không biết bảng này gồm những đơn vị nào, nên không dùng — hãy tổng hợp lại từ báo cáo của các đơn vị`,
      `no indicator's statistics fit the list of ${units.length} units stored in ${where}; it is not known which units it covers, so it is not used — merge the units' reports again`,
    );
  }
  return { aggregates, problems };
}

/**
 * Validates a workbook as read: refuses it (UserError) when its CT_ names do not point at their own
 * rows or a summary's units cannot be known; otherwise its findings — what disagrees with the visible
 * sheet, an unnamed unit, and the report's own check — and the statistics that can be trusted. With
 * `counting` (a merge, which keeps the counts), the rules' findings are not worded (CheckContext).
 */
export function validateWorkbook(wb: WorkbookUnderTest, { counting = false } = {}): ValidatedWorkbook {
  checkPlacements(wb);
  const summary = wb.meta.kind === "summary";
  const values = parseSheet(wb.template, wb.cells);
  const trust: LocatedFinding[] = [];
  const at = (ind: Indicator) => wb.cells.get(ind.code)?.address ?? "";
  let aggregates: Map<string, AggregateJson> | undefined;
  if (summary) {
    const checked = checkSummary(wb, values);
    aggregates = checked.aggregates;
    for (const p of checked.problems) {
      trust.push({
        ruleId: "trust:aggregate",
        severity: "error",
        codes: [p.ind.code],
        message: p.message,
        address: at(p.ind),
        cell: `${wb.sheetName}!${at(p.ind)}`,
        stt: p.ind.stt,
        name: p.ind.name,
      });
    }
  }
  // A submission is the unit its sheet names, whatever `_cchc` says; a blank one is the check's error finding.
  const unitName = wb.unit.name || (summary ? cleanUnitName(wb.meta.unitName) : "");
  const checked = checkReport(
    wb.template,
    wb.sheetName,
    wb.cells,
    {
      unitLevel: wb.meta.unitLevel,
      period: wb.meta.period,
      unit: summary ? { name: unitName, cell: wb.unit.cell } : wb.unit,
    },
    values,
    counting,
  );
  const findings = [...trust, ...checked.findings];
  return { findings, counts: countBySeverity(findings), filled: checked.filled, unitName, values, ...(aggregates ? { aggregates } : {}) };
}
