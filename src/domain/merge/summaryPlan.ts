// The summary workbook as plain data: the indicator sheet in the template's layout with the totals,
// one column per merged report and the notes on how each total was made, plus the sheet listing the
// sources. A summary is itself a report for the next level: its `_cchc` sheet says which units it
// covers and carries the exact statistics, so summaries merge again.
import { Message, msg, UserError } from "../messages";
import { formatIsoDate, formatVietnamTime, parsePeriod } from "../period";
import { SEVERITY_LABELS } from "../rules/report";
import { buildSheetPlan, wrappedHeight } from "../sheet/build";
import { SheetPlan } from "../sheet/plan";
import { StampState } from "../stamp";
import { rowIndexByCode } from "../template/lookup";
import { Template, UnitLevel } from "../template/schema";
import { formatNumber } from "../values";
import { aggregatesToMetadata } from "./metadata";
import { subtitleOf } from "./subtitle";
import { completenessLines, ROSTER_STATUS_LABELS } from "./completeness";
import { Completeness, MergeResult, ReadMethod, RejectedFile, SourceStatus, Submission } from "./model";

export const SOURCES_SHEET = "Nguồn tổng hợp";
/** The per-unit figures beside the totals: a landscape table of their own, so that the form prints alone. */
export const UNITS_SHEET = "Số liệu từng đơn vị";

/** What happened to each received file, in words (the sources sheet, the CLI, the task pane). */
export const SOURCE_STATUS_LABELS: Record<SourceStatus | "rejected", Message> = {
  merged: msg("Đã tổng hợp", "Merged"),
  flagged: msg("Đã tổng hợp, cần xem lại", "Merged, to be reviewed"),
  excluded: msg("Không tổng hợp: loại vì có lỗi", "Not merged: excluded for its errors"),
  replaced: msg("Không tổng hợp: đã có bản mới hơn", "Not merged: a newer report replaces it"),
  overlap: msg("Không tổng hợp: đơn vị đã được tính", "Not merged: its units are already counted"),
  rejected: msg("Không đọc được", "Not readable"),
};

export interface FileCounts {
  files: number;
  /** In the totals, those to be reviewed included */
  merged: number;
  /** In the totals, but to be reviewed (errors or a stale stamp) */
  flagged: number;
  /** Read, but not in the totals (excluded, replaced, overlapping) */
  leftOut: number;
  rejected: number;
}

export function fileCounts(sources: readonly { status: SourceStatus }[], rejected: number): FileCounts {
  const count = (...statuses: SourceStatus[]) => sources.filter((s) => statuses.includes(s.status)).length;
  return {
    files: sources.length + rejected,
    merged: count("merged", "flagged"),
    flagged: count("flagged"),
    leftOut: count("excluded", "replaced", "overlap"),
    rejected,
  };
}

/** "20 tệp: 20 đã tổng hợp (3 cần xem lại), 0 không tổng hợp, 0 không đọc được." */
export function fileCountsLine(c: FileCounts): Message {
  const review =
    c.flagged > 0 ? msg(` (${formatNumber(c.flagged)} cần xem lại)`, ` (${formatNumber(c.flagged)} to be reviewed)`) : msg("", "");
  const n = formatNumber;
  return msg(
    `${n(c.files)} tệp: ${n(c.merged)} đã tổng hợp${review.vi}, ${n(c.leftOut)} không tổng hợp, ${n(c.rejected)} không đọc được.`,
    `${n(c.files)} file${c.files === 1 ? "" : "s"}: ${n(c.merged)} merged${review.en}, ${n(c.leftOut)} left out, ${n(c.rejected)} not readable.`,
  );
}

export const STAMP_LABELS: Record<StampState, Message> = {
  none: msg("Chưa xác nhận kiểm tra", "Not validated"),
  valid: msg("Đã kiểm tra, còn hiệu lực", "Validated, still valid"),
  stale: msg("Đã sửa sau khi kiểm tra", "Edited after validation"),
};

export const READ_AS_LABELS: Record<ReadMethod, Message> = {
  workbook: msg("Biểu của Biểu mẫu CCHC", "Biểu mẫu CCHC workbook"),
  retyped: msg("Biểu nhập lại, khớp theo STT và tên", "Retyped form, matched by STT and name"),
};

export const KIND_LABELS: Record<Submission["kind"], Message> = {
  submission: msg("Báo cáo của đơn vị", "Unit report"),
  summary: msg("Bảng tổng hợp", "Summary"),
};

/** One block of the sources sheet: a title, a header row and its rows. Its last column spans to the sheet's last column. */
export interface SourcesTable {
  title: string;
  headers: string[];
  /** Text from received files stays text: the renderer never turns a cell into a formula. */
  rows: (string | number)[][];
  /** Shown instead of rows when there are none. */
  empty: string;
}

export interface SourcesSheetPlan {
  sheetName: typeof SOURCES_SHEET | typeof UNITS_SHEET;
  title: string;
  subtitle: string;
  /** Column widths, shared by the tables one above the other. */
  widths: number[];
  tables: SourcesTable[];
  /**
   * Printed at full size on landscape A4, as many pages across as it takes, each repeating the first
   * `repeatColumns` columns and the first table's header row (frozen on screen too); without it,
   * fitted to one page wide.
   */
  repeatColumns?: number;
}

export interface SummaryPlan {
  /** The form with the totals and the notes: what is signed and sent on. */
  sheet: SheetPlan;
  /** What each merged report said, indicator by indicator (one column per report). */
  units: SourcesSheetPlan;
  sources: SourcesSheetPlan;
}

export interface SummaryPlanOptions {
  template: Template;
  result: MergeResult;
  /** The body that writes the summary (printed in the title block; its unit name at the next level). */
  unitName: string;
  /** The level of the merged reports: the summary's rules are theirs. */
  level: UnitLevel;
  superiorName?: string;
  generatorVersion: string;
  /** ISO time, passed in so that the plan stays pure. */
  createdAt: string;
  /** Received files that could not be read, listed with the sources. */
  rejected?: RejectedFile[];
}

/** The .xlsx format's last column (XFD). */
const MAX_COLUMNS = 16384;
/** A cell holds at most 32,767 characters. */
export const MAX_CELL_TEXT = 32000;
/**
 * Text that fits in a cell. Only merged texts and lists of units grow that long (thousands of units);
 * each unit's own text stays whole in its column, and `_cchc` keeps the complete statistics.
 */
function fitCell<T extends string | number | undefined>(value: T): T | string {
  if (typeof value !== "string" || value.length <= MAX_CELL_TEXT) return value;
  return `${value.slice(0, MAX_CELL_TEXT)}… (rút gọn: ô Excel chứa tối đa 32.767 ký tự)`;
}

export function buildSummaryPlan(opts: SummaryPlanOptions): SummaryPlan {
  const { template, result } = opts;
  if (result.templateId !== template.id || result.templateVersion !== template.version) {
    throw new Error(
      `buildSummaryPlan: the merge result is for ${result.templateId} ${result.templateVersion}, not ${template.id} ${template.version}`,
    );
  }
  const period = parsePeriod(result.period, template.dueDay);
  const sheet = buildSheetPlan({
    template,
    period,
    unit: { name: opts.unitName, level: opts.level, superiorName: opts.superiorName },
    generatorVersion: opts.generatorVersion,
    createdAt: opts.createdAt,
    kind: "summary",
    subtitle: subtitleOf(result),
  });
  if (UNIT_TABLE_COLUMNS + result.columns.length > MAX_COLUMNS) {
    throw new UserError(
      msg(
        `Quá nhiều báo cáo để đặt cạnh nhau (${formatNumber(result.columns.length)} cột đơn vị, Excel có tối đa ${formatNumber(MAX_COLUMNS)} cột); hãy tổng hợp theo từng huyện rồi tổng hợp các bảng tổng hợp`,
        `Too many reports to put side by side (${result.columns.length} unit columns, Excel has at most ${MAX_COLUMNS}); merge district by district, then merge the summaries`,
      ),
    );
  }

  // Numeric keys: a national summary has millions of cells, and a string key per cell costs seconds.
  const at = new Map(sheet.cells.map((c) => [c.row * MAX_COLUMNS + c.col, c]));
  const cellAt = (row: number, col: number) => at.get(row * MAX_COLUMNS + col)!;
  const noteCol = sheet.columns.findIndex((c) => c.header === "Ghi chú") + 1;
  const width = (col: number) => sheet.columns[col - 1].width;
  const heights = new Map(sheet.rowHeights.map((h) => [h.row, h.height]));
  for (const ic of sheet.indicatorCells) {
    const merged = result.indicators.get(ic.code);
    const valueCell = cellAt(ic.row, sheet.valueCol);
    // A computed cell keeps its formula (the check column re-evaluates on the totals); the merged
    // value is its cached result, for readers that do not calculate.
    valueCell.value = fitCell(merged?.value);
    if (merged?.estimate) valueCell.style = { ...valueCell.style, italic: true };
    const note = merged?.note?.vi;
    if (note) cellAt(ic.row, noteCol).value = fitCell(note);
    const text = typeof merged?.value === "string" ? merged.value : "";
    const height = wrappedHeight(
      [
        [note ?? "", width(noteCol)],
        [text, width(sheet.valueCol)],
      ],
      1.22,
    );
    if (height && height > (heights.get(ic.row) ?? 0)) heights.set(ic.row, height);
  }
  sheet.rowHeights = [...heights].map(([row, height]) => ({ row, height }));
  sheet.metadata.entries = [
    ...sheet.metadata.entries.map(([key, value]): [string, string] => [key, key === "units" ? JSON.stringify(result.units) : value]),
    ...aggregatesToMetadata(result.aggregates),
  ];

  return { sheet, units: buildUnitsPlan(opts, period.label.vi), sources: buildSourcesPlan(opts) };
}

/** STT, indicator, unit of measure and the total repeat on every page of the per-unit table. */
const UNIT_TABLE_COLUMNS = 4;
const UNIT_COLUMN_WIDTH = 10;

/** The per-unit table: one row per indicator (headers included, for reading), one column per merged report. */
function buildUnitsPlan(opts: SummaryPlanOptions, periodLabel: string): SourcesSheetPlan {
  const { template, result } = opts;
  const rows = template.indicators.map((ind) => {
    const total = result.indicators.get(ind.code)?.value;
    const row = new Array<string | number>(UNIT_TABLE_COLUMNS + result.columns.length).fill("");
    [row[0], row[1], row[2], row[3]] = [ind.stt, ind.name, ind.unit, ind.kind === "header" ? "" : fitCell(total ?? "")];
    return row;
  });
  // Each unit's values walked once into their rows: looking up each indicator in each of 2.000 units' maps was slower.
  const rowOf = rowIndexByCode(template);
  result.columns.forEach((c, k) => {
    for (const [code, value] of c.values) {
      const i = rowOf.get(code);
      if (i !== undefined) rows[i][UNIT_TABLE_COLUMNS + k] = value;
    }
  });
  return {
    sheetName: UNITS_SHEET,
    title: "SỐ LIỆU BÁO CÁO CỦA TỪNG ĐƠN VỊ",
    subtitle: `${periodLabel} — ${opts.unitName.trim()} — ${subtitleOf(result)}`,
    widths: [6, 30, 10, 10, ...result.columns.map(() => UNIT_COLUMN_WIDTH)],
    tables: [
      {
        title: "Mỗi cột là số liệu trong báo cáo của một đơn vị; cột Tổng hợp là số liệu của bảng tổng hợp.",
        headers: ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Tổng hợp", ...result.columns.map((c) => c.label)],
        rows,
        empty: "(không có đơn vị nào)",
      },
    ],
    repeatColumns: UNIT_TABLE_COLUMNS,
  };
}

/** With a roster: the counts and lists, then every expected unit with how it stands. */
function completenessTables(c: Completeness): SourcesTable[] {
  const due = formatIsoDate(c.due);
  const counts: SourcesTable = {
    title: `4. Tình hình gửi báo cáo (hạn ${due}; đúng hạn là lưu trước hết ngày ${due})`,
    headers: ["STT", "Chỉ số", "Số đơn vị", "Tỷ lệ (%)", "Đơn vị"],
    rows: completenessLines(c).map((l, i) => [
      i + 1,
      l.label.vi,
      l.units.length,
      l.percent === undefined ? "" : formatNumber(l.percent, 1),
      l.units.join(", "),
    ]),
    empty: "",
  };
  const units: SourcesTable = {
    title: `5. Đối chiếu danh sách đơn vị (${formatNumber(c.missing.length)} chưa báo cáo, ${formatNumber(c.unexpected.length)} ngoài danh sách)`,
    headers: ["STT", "Đơn vị", "Tình trạng", "Tệp", "Thời điểm lưu", "Số lỗi"],
    rows: [
      ...c.entries.map((e) => [
        e.unit,
        ROSTER_STATUS_LABELS[e.status].vi,
        e.file ?? "",
        formatVietnamTime(e.savedAt),
        e.status === "missing" ? "" : e.errors,
      ]),
      ...c.unexpected.map((u) => [u, "Có báo cáo nhưng không có trong danh sách", "", "", ""]),
    ].map((r, i) => [i + 1, ...r]),
    empty: "(danh sách không có đơn vị nào)",
  };
  return [counts, units];
}

function buildSourcesPlan(opts: SummaryPlanOptions): SourcesSheetPlan {
  const { template, result } = opts;
  const period = parsePeriod(result.period, template.dueDay);
  const numbered = (rows: (string | number)[][]) => rows.map((r, i) => [i + 1, ...r]);
  const files: SourcesTable = {
    title: `1. Các tệp đã nhận (${formatNumber(result.sources.length + (opts.rejected?.length ?? 0))})`,
    headers: [
      "STT",
      "Tệp",
      "Đơn vị",
      "Cách đọc",
      "Loại",
      "Trạng thái",
      "Lỗi",
      "Cảnh báo",
      "Dấu kiểm tra",
      "Lý do",
      "Ghi chú khi đọc",
      "Thời điểm lưu",
    ],
    rows: numbered([
      ...result.sources.map((s) => [
        s.file,
        s.unitName,
        READ_AS_LABELS[s.readAs].vi,
        KIND_LABELS[s.kind].vi,
        SOURCE_STATUS_LABELS[s.status].vi,
        s.counts.error,
        s.counts.warning,
        STAMP_LABELS[s.stamp].vi,
        s.reason?.vi ?? "",
        s.notes.map((n) => n.vi).join("\n"),
        formatVietnamTime(s.createdAt),
      ]),
      ...(opts.rejected ?? []).map((r) => [r.file, "", "", "", SOURCE_STATUS_LABELS.rejected.vi, "", "", "", r.reason.vi, "", ""]),
    ]),
    empty: "(không có tệp nào)",
  };
  const notMerged: SourcesTable = {
    title: `2. Giá trị không được tổng hợp (${formatNumber(result.notMerged.length)})`,
    headers: ["STT", "Tệp", "Ô", "Mã chỉ tiêu", "Giá trị trong tệp", "Lý do"],
    rows: numbered(result.notMerged.map((v) => [v.file, v.cell, v.code, v.raw, v.reason.vi])),
    empty: "(không có: mọi giá trị đã nhập đều có trong bảng tổng hợp)",
  };
  const findings: SourcesTable = {
    title: `3. Nhận xét về việc tổng hợp (${formatNumber(result.findings.length)})`,
    headers: ["STT", "Mức độ", "Nội dung"],
    rows: numbered(result.findings.map((f) => [SEVERITY_LABELS[f.severity].vi, f.message.vi])),
    empty: "(không có)",
  };
  const tables = [files, notMerged, findings];
  if (result.roster) tables.push(...completenessTables(result.roster));
  return {
    sheetName: SOURCES_SHEET,
    title: "NGUỒN SỐ LIỆU TỔNG HỢP",
    subtitle: `${template.title} — ${period.label.vi} — ${opts.unitName.trim()}; lập lúc ${formatVietnamTime(opts.createdAt)}`,
    widths: [6, 36, 28, 26, 18, 28, 7, 9, 26, 40, 50, 17],
    tables,
    // Too wide for one page at a readable size: full size, pages across, the number and file on each.
    repeatColumns: 2,
  };
}
