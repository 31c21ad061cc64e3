// Turns (template, period, unit) into the sheet plan: the Vietnamese administrative title block,
// the indicator table with input cells and locked formulas, and the workbook contract.
import { msg, UserError } from "../messages";
import { formatIsoDate, Period, windowLine } from "../period";
import { Indicator, Template, UnitLevel } from "../template/schema";
import { cleanUnitName, definedNameFor, METADATA_SHEET, metadataEntries, TITLE_INPUT_NAMES, WorkbookKind } from "../workbookContract";
import { checkColumnFormula, checkCountFormula, compileChecks } from "../rules/compile";
import { absoluteRef, address, CellStyle, columnLetter, DataValidationPlan, PlannedCell, SheetPlan } from "./plan";

export const INDICATOR_SHEET = "Phụ lục";

export const UNIT_LEVEL_LABELS: Record<UnitLevel, { vi: string; en: string }> = {
  tinh: { vi: "Cấp tỉnh (UBND, Văn phòng UBND tỉnh)", en: "Province (People's Committee)" },
  so: { vi: "Sở, ban, ngành", en: "Provincial department" },
  huyen: { vi: "UBND cấp huyện", en: "District" },
  xa: { vi: "UBND cấp xã", en: "Commune" },
};

export interface UnitInfo {
  /** Empty for a blank form sent to every unit: each unit types its name into CCHC_DonVi. */
  name: string;
  level: UnitLevel;
  /** The governing body printed above the unit name (e.g. "UBND TỈNH QUẢNG TRỊ"). */
  superiorName?: string;
}

export interface PlanOptions {
  template: Template;
  period: Period;
  unit: UnitInfo;
  generatorVersion: string;
  /** ISO timestamp, passed in so that the plan stays a pure function. */
  createdAt: string;
  kind?: WorkbookKind;
  /** Summaries: one column per merged unit, headed by these labels, between the form and the check columns. */
  unitColumns?: string[];
  /** Summaries: a line under the title block ("Tổng hợp từ 25 đơn vị"). */
  subtitle?: string;
}

const FONT = { name: "Times New Roman", size: 12 };
const FILL_SECTION = "D9E2F3";
const FILL_INPUT = "FFF9E5";
const FILL_COMPUTED = "EDEDED";
const FILL_CHECK = "E2EFDA";
const FILL_ERROR = "FFC7CE";
const FILL_WARNING = "FFEB9C";

const NUMBER_FORMATS: Record<Exclude<Indicator["kind"], "header">, string> = {
  count: "#,##0",
  amount: "General",
  percent: "0.0#",
  choice: "0",
  text: "@",
};

/** A rate: empty until both parts are numbers, "-" (not applicable) when the denominator is 0. */
export function rateFormula(numerator: string, denominator: string): string {
  const n = definedNameFor(numerator);
  const d = definedNameFor(denominator);
  return `IF(OR(COUNT(${n})=0,COUNT(${d})=0),"",IF(${d}=0,"-",${n}/${d}*100))`;
}

/** A total: empty until one part is a number. */
export function sumFormula(parts: string[]): string {
  const list = parts.map(definedNameFor).join(",");
  return `IF(COUNT(${list})=0,"",SUM(${list}))`;
}

export function formulaFor(ind: Indicator): string | undefined {
  if (!ind.compute) return undefined;
  return "rate" in ind.compute ? rateFormula(ind.compute.rate.numerator, ind.compute.rate.denominator) : sumFormula(ind.compute.sum);
}

function documentLine(t: Template): string {
  const d = t.issuingDocument;
  const appendix = d.appendix ? `${d.appendix}, ` : "";
  const date = d.date ? ` ngày ${formatIsoDate(d.date)}` : "";
  return `(${appendix}${t.title}, kèm theo ${d.number}${date} của ${d.issuer})`;
}

/** The indicator sheet's columns: STT, name, unit, then the value every CT_ name points at. */
export const STT_COLUMN = 1;
export const NAME_COLUMN = 2;
export const VALUE_COLUMN = 4;
/** Where a summary says how many units it covers ("Tổng hợp từ 12 đơn vị"). */
export const SUBTITLE_CELL = { row: 10, col: 1 } as const;

export function buildSheetPlan(opts: PlanOptions): SheetPlan {
  const { template: t, period, unit } = opts;
  if (!t.periods.includes(period.type)) {
    throw new UserError(
      msg(
        `Biểu mẫu ${t.id} không dùng cho kỳ ${period.code}; các kỳ dùng được: ${t.periods.join(", ")}`,
        `Template ${t.id} is not used for period ${period.code}; allowed period types: ${t.periods.join(", ")}`,
      ),
    );
  }
  const summary = (opts.kind ?? "submission") === "summary";
  // A summary keeps the level of the reports it merges (for the rules), whoever writes it.
  if (!summary && !t.levels.includes(unit.level)) {
    throw new UserError(
      msg(
        `Biểu mẫu ${t.id} không dành cho cấp ${unit.level}; các cấp: ${t.levels.join(", ")}`,
        `Template ${t.id} is not for level ${unit.level}; levels: ${t.levels.join(", ")}`,
      ),
    );
  }
  const unitName = cleanUnitName(unit.name);

  const headers = ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"];
  const widths = [8, 60, 16, 13];
  const agencyCol = t.columns.agency ? headers.push("Cơ quan chủ trì thống kê báo cáo") && widths.push(22) && headers.length : 0;
  // A summary always has a Ghi chú column: it says how each total was made.
  const noteCol = t.columns.note || summary ? headers.push("Ghi chú") && widths.push(26) && headers.length : 0;
  const lastCol = headers.length;
  const unitLabels = opts.unitColumns ?? [];
  const tableLastCol = lastCol + unitLabels.length;
  // Self-check columns beside the form (and the unit columns of a summary): not printed, the counts hidden.
  const checkCols = { text: tableLastCol + 1, errors: tableLastCol + 2, warnings: tableLastCol + 3, infos: tableLastCol + 4, summaryCell: "A4" };
  const checks = compileChecks(t, { level: unit.level, periodType: period.type });
  const valueCol = VALUE_COLUMN;
  const sheetName = INDICATOR_SHEET;

  const cells: PlannedCell[] = [];
  const merges: string[] = [];
  const put = (row: number, col: number, value: string | number | undefined, style: CellStyle, formula?: string) =>
    cells.push({ row, col, value, formula, style });
  const banner = (row: number, fromCol: number, toCol: number, text: string | undefined, style: CellStyle, formula?: string) => {
    put(row, fromCol, text, { align: "center", vertical: "middle", wrap: true, ...style }, formula);
    if (toCol > fromCol) merges.push(`${address(row, fromCol)}:${address(row, toCol)}`);
  };

  // Title block in the Vietnamese administrative style (Nghị định 30/2020/NĐ-CP layout).
  const superior = unit.superiorName?.trim() || `UBND tỉnh ${t.province}`;
  banner(1, 1, 2, superior.toLocaleUpperCase("vi"), { size: 12 });
  banner(1, 3, lastCol, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, size: 12 });
  // The unit's identity is an input: one blank form can be sent to every unit (CCHC_DonVi).
  banner(2, 1, 2, unitName || undefined, {
    bold: true,
    size: 12,
    fill: summary ? undefined : FILL_INPUT,
    unlocked: !summary,
  });
  banner(2, 3, lastCol, "Độc lập - Tự do - Hạnh phúc", { bold: true, size: 13 });
  banner(3, 3, lastCol, `${t.province}, ngày      tháng      năm ${period.year}`, { italic: true, size: 12 });
  banner(5, 1, lastCol, summary ? "PHỤ LỤC TỔNG HỢP" : "PHỤ LỤC", { bold: true, size: 14 });
  banner(6, 1, lastCol, "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH", { bold: true, size: 13 });
  banner(7, 1, lastCol, period.label.vi, { bold: true, size: 13 });
  banner(8, 1, lastCol, windowLine(period).vi, { italic: true, size: 12 });
  banner(9, 1, lastCol, documentLine(t), { italic: true, size: 11 });
  if (opts.subtitle) banner(SUBTITLE_CELL.row, SUBTITLE_CELL.col, lastCol, opts.subtitle, { bold: true, size: 12 });

  const headerRow = 11;
  const headerStyle: CellStyle = { bold: true, align: "center", vertical: "middle", wrap: true, border: true, fill: FILL_SECTION };
  headers.forEach((h, i) => put(headerRow, i + 1, h, headerStyle));
  const checkHeaders = ["Tự kiểm tra (không in)", "Số lỗi", "Số cảnh báo", "Số thông tin"];
  checkHeaders.forEach((h, i) => put(headerRow, checkCols.text + i, h, { ...headerStyle, fill: FILL_CHECK }));
  headers.forEach((_, i) => put(headerRow + 1, i + 1, `(${i + 1})`, { italic: true, align: "center", border: true }));
  unitLabels.forEach((label, i) => {
    put(headerRow, lastCol + 1 + i, label, headerStyle);
    put(headerRow + 1, lastCol + 1 + i, undefined, { border: true });
  });

  const rowHeights: SheetPlan["rowHeights"] = [
    { row: 6, height: 20 },
    { row: 9, height: 30 },
    { row: headerRow, height: Math.max(36, wrappedHeight(unitLabels.map((l) => [l, UNIT_COLUMN_WIDTH])) ?? 0) },
  ];
  const validations: DataValidationPlan[] = summary ? [] : [unitNameValidation()];
  const indicatorCells: SheetPlan["indicatorCells"] = [];
  const definedNames: SheetPlan["definedNames"] = [{ name: TITLE_INPUT_NAMES.unitName, ref: absoluteRef(sheetName, 2, 1) }];
  let row = headerRow + 2;
  const sectionsWithHeading = new Map(t.sections.filter((s) => s.heading).map((s) => [s.code, s]));
  let currentSection: string | undefined;

  for (const ind of t.indicators) {
    if (ind.section !== currentSection) {
      currentSection = ind.section;
      const heading = sectionsWithHeading.get(ind.section);
      if (heading) {
        banner(row, 1, tableLastCol, heading.title, { bold: true, align: "left", border: true, fill: FILL_SECTION });
        row++;
      }
    }
    const isHeader = ind.kind === "header";
    const topLevel = isHeader && ind.parent === undefined;
    const base: CellStyle = { border: true, vertical: "middle", wrap: true, bold: isHeader, fill: topLevel ? FILL_SECTION : undefined };
    put(row, 1, ind.stt, { ...base, align: "center" });
    put(row, 2, ind.name, base);
    put(row, 3, ind.unit, { ...base, align: "center" });
    if (ind.kind === "header") {
      put(row, valueCol, undefined, base);
      unitLabels.forEach((_, i) => put(row, lastCol + 1 + i, undefined, base));
    } else {
      const formula = formulaFor(ind);
      const ref = address(row, valueCol);
      const style: CellStyle = {
        ...base,
        align: ind.kind === "text" ? "left" : "right",
        numFmt: NUMBER_FORMATS[ind.kind],
        // A summary's totals come from the merge (and match its `_cchc` statistics): computed, not typed over.
        fill: formula || summary ? FILL_COMPUTED : FILL_INPUT,
        unlocked: !formula && !summary,
      };
      put(row, valueCol, undefined, style, formula);
      definedNames.push({ name: definedNameFor(ind.code), ref: absoluteRef(sheetName, row, valueCol) });
      indicatorCells.push({ code: ind.code, row, address: ref, computed: formula !== undefined, formula });
      const v = formula || summary ? undefined : validationFor(ind, ref);
      if (v) validations.push(v);
      const own = checks.filter((c) => c.target === ind.code);
      put(row, checkCols.text, undefined, { wrap: true, vertical: "middle", border: true, size: 11 }, checkColumnFormula(own));
      put(row, checkCols.errors, undefined, {}, checkCountFormula(own, "error"));
      put(row, checkCols.warnings, undefined, {}, checkCountFormula(own, "warning"));
      put(row, checkCols.infos, undefined, {}, checkCountFormula(own, "info"));
      const unitStyle: CellStyle = { ...style, fill: undefined };
      unitLabels.forEach((_, i) => put(row, lastCol + 1 + i, undefined, unitStyle));
    }
    const height = wrappedHeight([
      [ind.name, widths[1]],
      [ind.unit, widths[2]],
      [ind.agency ?? "", agencyCol ? widths[agencyCol - 1] : 1],
    ]);
    if (height) rowHeights.push({ row, height });
    if (agencyCol) put(row, agencyCol, ind.agency, { ...base, bold: false, unlocked: true });
    if (noteCol) put(row, noteCol, undefined, { ...base, bold: false, unlocked: true });
    row++;
  }
  const firstTableRow = headerRow + 2;
  const lastTableRow = row - 1;
  const total = (col: number) => `SUM(${address(firstTableRow, col)}:${address(lastTableRow, col)})`;
  banner(4, 1, lastCol, undefined, { italic: true, size: 11 },
    `"Tự kiểm tra: "&${total(checkCols.errors)}&" lỗi, "&${total(checkCols.warnings)}&" cảnh báo"`);
  const conditionalFormats: SheetPlan["conditionalFormats"] = [valueCol, checkCols.text].flatMap((col) => {
    const range = `${address(firstTableRow, col)}:${address(lastTableRow, col)}`;
    const errors = `$${columnLetter(checkCols.errors)}${firstTableRow}`;
    const warnings = `$${columnLetter(checkCols.warnings)}${firstTableRow}`;
    return [
      { range, formula: `${errors}>0`, fill: FILL_ERROR },
      { range, formula: `AND(${errors}=0,${warnings}>0)`, fill: FILL_WARNING },
    ];
  });

  // Signature block.
  row++;
  banner(row, 1, 2, "NGƯỜI LẬP BIỂU", { bold: true });
  banner(row, 3, lastCol, "THỦ TRƯỞNG ĐƠN VỊ", { bold: true });
  banner(row + 1, 1, 2, "(Ký, ghi rõ họ tên)", { italic: true });
  banner(row + 1, 3, lastCol, "(Ký tên, đóng dấu)", { italic: true });
  const lastRow = row + 1;
  const columnWidths = [...widths, ...unitLabels.map(() => UNIT_COLUMN_WIDTH), 45, 8, 8, 8];

  const meta = metadataEntries({
    templateId: t.id,
    templateVersion: t.version,
    period: period.code,
    periodLabel: period.label.vi,
    unitName,
    unitLevel: unit.level,
    superiorName: superior,
    kind: opts.kind ?? "submission",
    units: summary || unitName === "" ? [] : [unitName],
    sheetName,
    generatorVersion: opts.generatorVersion,
    createdAt: opts.createdAt,
  });

  return {
    sheetName,
    columns: [...headers, ...unitLabels, ...checkHeaders].map((header, i) => ({ header, width: columnWidths[i] })),
    cells,
    merges,
    rowHeights,
    definedNames,
    validations,
    conditionalFormats,
    checkColumns: checkCols,
    hiddenColumns: [checkCols.errors, checkCols.warnings, checkCols.infos],
    printArea: `A1:${address(lastRow, lastCol)}`,
    indicatorCells,
    headerRows: { first: headerRow, last: headerRow + 1 },
    lastRow,
    lastCol,
    valueCol,
    print: {
      paper: "A4",
      orientation: "portrait",
      fitToWidth: true,
      margins: { top: 0.79, bottom: 0.79, left: 1.18, right: 0.59, header: 0.3, footer: 0.3 },
    },
    font: FONT,
    protect: true,
    metadata: { sheetName: METADATA_SHEET, entries: meta },
  };
}

const UNIT_COLUMN_WIDTH = 14;
const LINE_HEIGHT = 15.75; // points per line of 12 pt Times New Roman
/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;

/**
 * Neither Excel nor LibreOffice grows a row for wrapped text in a file they open, so the plan sets
 * the height of rows whose text wraps (about one character per unit of column width).
 */
export function wrappedHeight(texts: [string, number][]): number | undefined {
  const linesOf = (text: string, width: number) => text.split("\n").reduce((n, part) => n + (Math.ceil(part.length / (width * 0.95)) || 1), 0);
  const lines = Math.max(...texts.map(([text, width]) => linesOf(text, width)));
  return lines > 1 ? Math.min(lines * LINE_HEIGHT + 2, MAX_ROW_HEIGHT) : undefined;
}

/** The unit name cell: a prompt saying what to type, nothing refused. */
function unitNameValidation(): DataValidationPlan {
  return {
    range: "A2",
    type: "custom",
    formula: `LEN(TRIM(A2))>0`,
    prompt: { title: "Tên đơn vị báo cáo", text: "Nhập tên đầy đủ của đơn vị báo cáo, ví dụ: UBND xã Sơn Phú." },
    error: { title: "Tên đơn vị báo cáo", text: "Hãy nhập tên đơn vị báo cáo." },
    errorStyle: "warning",
  };
}

/** Excel limits prompt titles to 32 and texts to 255 characters. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function validationFor(ind: Indicator, ref: string): DataValidationPlan | undefined {
  const prompt = (text: string) => ({ title: clip(`Chỉ tiêu ${ind.code}`, 32), text: clip(text, 255) });
  const error = (text: string) => ({ title: clip(`Chỉ tiêu ${ind.code}`, 32), text: clip(text, 255) });
  switch (ind.kind) {
    case "choice": {
      const options = ind.options ?? [];
      const list = options.map((o) => `${o.label} = ${o.value}`).join("; ");
      return {
        range: ref,
        type: "list",
        formula: options.map((o) => o.value).join(","),
        prompt: prompt(`Chọn mã: ${list}`),
        error: error(`Chỉ nhập một trong các mã: ${list}`),
        errorStyle: "stop",
      };
    }
    case "count":
      return {
        range: ref,
        type: "custom",
        formula: `OR(${ref}="-",AND(ISNUMBER(${ref}),${ref}>=0,${ref}=INT(${ref})))`,
        prompt: prompt(`Số nguyên không âm (${ind.unit}). Nhập "-" nếu không phát sinh.`),
        error: error("Cần một số nguyên không âm, hoặc \"-\" nếu không phát sinh."),
        errorStyle: "warning",
      };
    case "amount":
      return {
        range: ref,
        type: "custom",
        formula: `OR(${ref}="-",AND(ISNUMBER(${ref}),${ref}>=0))`,
        prompt: prompt(`Số không âm (${ind.unit}). Nhập "-" nếu không phát sinh.`),
        error: error("Cần một số không âm, hoặc \"-\" nếu không phát sinh."),
        errorStyle: "warning",
      };
    case "percent":
      return {
        range: ref,
        type: "custom",
        formula: `OR(${ref}="-",AND(ISNUMBER(${ref}),${ref}>=0,${ref}<=100))`,
        prompt: prompt('Tỷ lệ từ 0 đến 100 (ví dụ 98,4), không nhập dấu %. Nhập "-" nếu không áp dụng.'),
        error: error("Tỷ lệ phải từ 0 đến 100, hoặc \"-\" nếu không áp dụng."),
        errorStyle: "warning",
      };
    default:
      return undefined;
  }
}

