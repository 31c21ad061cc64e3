// Turns (template, period, unit) into the sheet plan: the Vietnamese administrative title block,
// the indicator table with input cells and locked formulas, and the workbook contract.
import { msg, UserError } from "../messages";
import { Period, windowLine } from "../period";
import { Indicator, Template, UnitLevel } from "../template/schema";
import {
  cleanUnitName,
  definedNameFor,
  METADATA_SHEET,
  metadataEntries,
  TITLE_INPUT_NAMES,
  TitleInput,
  WorkbookKind,
} from "../workbookContract";
import { checkColumnFormula, checkCountFormula, CompiledCheck, compileChecks } from "../rules/compile";
import {
  absoluteRef,
  address,
  CellStyle,
  CheckColumnsPlan,
  columnLetter,
  DataValidationPlan,
  PAGE_FOOTER,
  ConditionalFormatPlan,
  PlannedCell,
  SheetPlan,
  TitleBlockPlan,
} from "./plan";
import { formulaFor } from "./formulas";
import { INDICATOR_SHEET, SUBTITLE_CELL, VALUE_COLUMN } from "./layout";
import { groupedFormats, isGrouped } from "./shownNumbers";
import { DerivedLine, derivedFormula, derivedText, TitleInputValues } from "./titleBlock";

export interface UnitInfo {
  /** Empty for a blank form sent to every unit: each unit types its name into CCHC_DonVi. */
  name: string;
  level: UnitLevel;
  /** The governing body printed above the unit name (e.g. "UBND TỈNH QUẢNG TRỊ"); by default the province's for provincial units. */
  superiorName?: string;
  /** The place of the date line; by default the province for provincial units, to be typed by districts and communes. */
  place?: string;
}

export interface PlanOptions {
  template: Template;
  period: Period;
  unit: UnitInfo;
  generatorVersion: string;
  /** ISO timestamp, passed in so that the plan stays a pure function. */
  createdAt: string;
  kind?: WorkbookKind;
  /** Summaries: a line under the title block ("Tổng hợp từ 25 đơn vị"). */
  subtitle?: string;
}

const FONT = { name: "Times New Roman", size: 12 };
// Fills are for the screen: Excel prints the sheet in black and white, and in LibreOffice the only
// fills inside the print area are these two pale ones (the input cells and the formulas).
const FILL_INPUT = "FFF9E5";
const FILL_COMPUTED = "F2F2F2";
const FILL_CHECK = "E2EFDA";
const FILL_ERROR = "FFC7CE";
const FILL_WARNING = "FFEB9C";

const NUMBER_FORMATS: Record<Exclude<Indicator["kind"], "header">, string> = {
  // General, not "#,##0": a count typed 1,5 must show 1,5 as the check reads it, not 2; the thousands
  // separator comes from conditional number formats (shownNumbers.ts).
  count: "General",
  amount: "General",
  percent: "0.0#",
  choice: "0",
  text: "@",
};

/** A4 width inside the margins, in column-width units (5.25 pt each: 7 px of the default font's digit). */
const PRINTABLE_WIDTH = { portrait: 88, landscape: 134 };
/** "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 12 pt bold needs this much of the title block's right part. */
const NATIONAL_TITLE_WIDTH = 44;
const MARGINS = { top: 0.79, bottom: 0.79, left: 1.18, right: 0.59, header: 0.3, footer: 0.3 };

interface Column {
  header: string;
  width: number;
}

/** What every section builder shares: the template, the layout and the cells written so far. */
interface Sheet {
  t: Template;
  period: Period;
  summary: boolean;
  unitName: string;
  columns: Column[];
  /** Last column of the printed form */
  lastCol: number;
  valueCol: number;
  agencyCol: number;
  noteCol: number;
  checkCols: CheckColumnsPlan;
  cells: PlannedCell[];
  merges: string[];
  rowHeights: SheetPlan["rowHeights"];
  definedNames: SheetPlan["definedNames"];
  validations: DataValidationPlan[];
  put(row: number, col: number, value: string | number | undefined, style: CellStyle, formula?: string): void;
  /** A centred line across columns fromCol–toCol (merged). */
  banner(row: number, fromCol: number, toCol: number, text: string | undefined, style: CellStyle, formula?: string): void;
}

/**
 * The form's columns, as wide as A4 allows at full size (12 pt text, no shrinking): the right part
 * of the title block (from "Đơn vị tính") holds the national title on one line, the indicator name
 * takes the rest.
 */
function formColumns(t: Template, summary: boolean): { columns: Column[]; agencyCol: number; noteCol: number } {
  const sttWidth = Math.min(10, Math.max(6, ...t.indicators.map((i) => Math.ceil(i.stt.length * 0.9) + 1)));
  const unit = { header: "Đơn vị tính", width: 13 };
  const value = { header: "Số liệu", width: 10 };
  const right: Column[] = [unit, value];
  // A summary always has a Ghi chú column: it says how each total was made.
  const agency = t.columns.agency ? right.push({ header: "Cơ quan chủ trì thống kê báo cáo", width: 13 }) : 0;
  // A summary's notes say which units are missing from each total: they need the room.
  const note = t.columns.note || summary ? right.push({ header: "Ghi chú", width: summary ? 20 : 9 }) : 0;
  const missing = () => NATIONAL_TITLE_WIDTH - right.reduce((n, c) => n + c.width, 0);
  // Until the national title fits: the unit column first (coded options on one line), then the value, then the note.
  for (const [c, max] of [
    [unit, 16],
    [value, 12],
    [right[right.length - 1], Infinity],
  ] as const)
    c.width += Math.max(0, Math.min(max - c.width, missing()));
  const nameWidth = PRINTABLE_WIDTH[t.print.orientation] - sttWidth - right.reduce((n, c) => n + c.width, 0);
  const columns = [{ header: "STT", width: sttWidth }, { header: "Chỉ tiêu thống kê", width: nameWidth }, ...right];
  return { columns, agencyCol: agency ? agency + 2 : 0, noteCol: note ? note + 2 : 0 };
}

/** Lines a text takes in a column: about one character per width unit, fewer for capitals and bold. */
function linesIn(value: string | number, width: number, perUnit = 0.95): number {
  // A whole number under 10^8 (at most 9 characters, its sign too) fits 9 characters: not made text to be measured.
  if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 1e8 && width * perUnit >= 9) return 1;
  const text = String(value);
  // Most texts are one paragraph: not split (a national unit table measures 1,5 million of them).
  if (!text.includes("\n")) return Math.ceil(text.length / (width * perUnit)) || 1;
  return text.split("\n").reduce((n, part) => n + (Math.ceil(part.length / (width * perUnit)) || 1), 0);
}

const widthOf = (s: Sheet, from: number, to: number) => s.columns.slice(from - 1, to).reduce((n, c) => n + c.width, 0);

const INPUT_LABELS: Record<TitleInput, string> = {
  superior: "Cơ quan cấp trên (dòng đầu; để trống nếu không có):",
  unitName: "Tên đơn vị báo cáo:",
  place: "Địa danh ở dòng ngày tháng (ví dụ: Sơn Phú):",
  reportNumber: "Số của báo cáo kèm phụ lục (ví dụ: 52/BC-UBND):",
  reportDate: "Ngày của báo cáo (ngày/tháng/năm):",
};
const INPUT_ORDER: TitleInput[] = ["superior", "unitName", "place", "reportNumber", "reportDate"];

/**
 * The title block (Nghị định 30/2020/NĐ-CP): the governing body and the unit with the rule under it,
 * the national title and the underlined motto, the place and date line, the appendix label, the
 * title naming the period and the unit, the data window and the "Kèm theo Báo cáo số …" line. The
 * unit's inputs sit beside it, in the column of the self-check (not printed).
 */
function titleBlock(s: Sheet, inputs: TitleInputValues, subtitle: string | undefined): TitleBlockPlan {
  const { t, period, lastCol } = s;
  const panel = s.checkCols.text;
  const at: Partial<Record<TitleInput, string>> = {};
  INPUT_ORDER.forEach((key, i) => {
    const row = 2 * i + 1;
    s.put(row, panel, INPUT_LABELS[key], { italic: true, size: 11, vertical: "bottom" });
    const value = inputs[key];
    s.put(row + 1, panel, value === "" ? undefined : value, {
      bold: key === "unitName",
      border: true,
      fill: FILL_INPUT,
      unlocked: true,
      align: "left",
      wrap: true,
      numFmt: key === "reportDate" ? "dd/mm/yyyy" : "@",
    });
    const cell = address(row + 1, panel);
    at[key] = cell;
    s.definedNames.push({ name: TITLE_INPUT_NAMES[key], ref: absoluteRef(INDICATOR_SHEET, row + 1, panel) });
    s.validations.push(inputValidation(key, cell));
  });
  const derived: TitleBlockPlan["derived"] = [];
  const line = (row: number, from: number, to: number, l: DerivedLine, style: CellStyle) => {
    s.banner(row, from, to, derivedText(l, inputs), style, derivedFormula(l));
    derived.push({ address: address(row, from), line: l });
  };

  line(1, 1, 2, { kind: "upper", input: "superior" }, { size: 12 });
  s.banner(1, 3, lastCol, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, size: 12 });
  line(2, 1, 2, { kind: "upper", input: "unitName" }, { bold: true, size: 12, vertical: "top" });
  s.banner(2, 3, lastCol, "Độc lập - Tự do - Hạnh phúc", { bold: true, size: 13, underline: true, vertical: "top" });
  line(3, 1, 2, { kind: "rule" }, { size: 8, vertical: "top" });
  line(4, 3, lastCol, { kind: "dateLine", year: period.year }, { italic: true, size: 13 });
  s.banner(6, 1, lastCol, summaryLabel(t, s.summary), { bold: true, size: 13 });
  s.banner(7, 1, lastCol, t.print.heading, { bold: true, size: 13 });
  line(
    8,
    1,
    lastCol,
    { kind: "subject", period: period.label.vi.toLocaleUpperCase("vi"), join: t.print.unitJoin },
    { bold: true, size: 13 },
  );
  s.banner(9, 1, lastCol, windowLine(period).vi, { italic: true, size: 12 });
  line(10, 1, lastCol, { kind: "attached" }, { italic: true, size: 12 });
  if (subtitle) s.banner(SUBTITLE_CELL.row, SUBTITLE_CELL.col, lastCol, subtitle, { bold: true, size: 12 });

  // Heights for the longest text each line may hold: capitals in bold fit about 0.85 characters per width unit.
  const left = widthOf(s, 1, 2);
  const all = widthOf(s, 1, lastCol);
  const unitLines = s.unitName ? linesIn(s.unitName, left, 0.85) : 2;
  const subject = derivedText({ kind: "subject", period: period.label.vi.toLocaleUpperCase("vi"), join: t.print.unitJoin }, inputs);
  const lineHeight = (pt: number, lines: number) => Math.ceil(lines * pt * 1.3) + 2;
  s.rowHeights.push(
    { row: 1, height: lineHeight(12, 1) },
    { row: 2, height: lineHeight(12, Math.max(unitLines, 1)) },
    { row: 3, height: 12 },
    { row: 4, height: lineHeight(13, 1) },
    { row: 5, height: 8 },
    { row: 7, height: lineHeight(13, linesIn(t.print.heading, all, 0.8)) },
    { row: 8, height: lineHeight(13, Math.max(linesIn(subject, all, 0.8), s.unitName ? 1 : 2)) },
    { row: 10, height: lineHeight(12, Math.max(2, linesIn(derivedText({ kind: "attached" }, inputs), all, 0.9))) },
    { row: SUBTITLE_CELL.row, height: subtitle ? lineHeight(12, 1) : 6 },
  );
  return { inputs: at as Record<TitleInput, string>, derived };
}

function summaryLabel(t: Template, summary: boolean): string {
  return summary ? `${t.print.appendixLabel} TỔNG HỢP` : t.print.appendixLabel;
}

/** The table header, "Kết quả thống kê" over "Đơn vị tính | Số liệu" where the form groups them; it repeats on every page. */
function tableHeader(s: Sheet, row: number): { first: number; last: number } {
  const style: CellStyle = { bold: true, align: "center", vertical: "middle", wrap: true, border: true };
  const { usageNote } = s.t.print;
  const grouped = s.t.print.groupedHeader;
  const last = grouped || usageNote ? row + 1 : row;
  s.columns.forEach((c, i) => {
    const col = i + 1;
    if (grouped && (col === s.valueCol - 1 || col === s.valueCol)) {
      s.put(row + 1, col, c.header, style);
      return;
    }
    if (col === 2 && usageNote) {
      s.put(row, col, c.header, { ...style, vertical: "bottom" });
      s.put(row + 1, col, usageNote, { ...style, bold: false, italic: true, vertical: "top" });
      return;
    }
    s.put(row, col, c.header, style);
    if (last > row) {
      s.put(row + 1, col, undefined, style);
      s.merges.push(`${address(row, col)}:${address(row + 1, col)}`);
    }
  });
  if (grouped) s.banner(row, s.valueCol - 1, s.valueCol, "Kết quả thống kê", style);
  const checkHeaders = ["Tự kiểm tra (không in)", "Số lỗi", "Số cảnh báo", "Số thông tin"];
  checkHeaders.forEach((h, i) => s.put(row, s.checkCols.text + i, h, { ...style, fill: FILL_CHECK }));
  const tallest = Math.max(...s.columns.map((c) => linesIn(c.header, c.width, 0.8)));
  const noteLines = usageNote ? linesIn(usageNote, s.columns[1].width) : 1;
  if (last > row) {
    s.rowHeights.push(
      { row, height: Math.max(20, Math.ceil(((tallest + 1) / 2) * 16)) },
      { row: last, height: Math.max(20, noteLines * 16 + 2) },
    );
  } else s.rowHeights.push({ row, height: Math.max(36, tallest * 16 + 4) });
  return { first: row, last };
}

/** One row per indicator (and a heading row per section that prints one): input cells, locked formulas, check formulas. */
function indicatorRows(
  s: Sheet,
  firstRow: number,
  checks: CompiledCheck[],
): { indicatorCells: SheetPlan["indicatorCells"]; lastRow: number; grouped: ConditionalFormatPlan[] } {
  const { t, valueCol, lastCol, checkCols } = s;
  const indicatorCells: SheetPlan["indicatorCells"] = [];
  const groupedRows: number[] = [];
  const sectionsWithHeading = new Map(t.sections.filter((sec) => sec.heading).map((sec) => [sec.code, sec]));
  let currentSection: string | undefined;
  let row = firstRow;
  for (const ind of t.indicators) {
    if (ind.section !== currentSection) {
      currentSection = ind.section;
      const heading = sectionsWithHeading.get(ind.section);
      if (heading) {
        s.banner(row, 1, lastCol, heading.title, { bold: true, align: "left", border: true });
        row++;
      }
    }
    const isHeader = ind.kind === "header";
    const base: CellStyle = { border: true, vertical: "middle", wrap: true, bold: isHeader };
    s.put(row, 1, ind.stt, { ...base, align: "center" });
    s.put(row, 2, ind.name, base);
    s.put(row, 3, ind.unit, { ...base, align: "center" });
    if (ind.kind === "header") s.put(row, valueCol, undefined, base);
    else {
      const formula = formulaFor(ind);
      const ref = address(row, valueCol);
      s.put(
        row,
        valueCol,
        undefined,
        {
          ...base,
          align: ind.kind === "text" ? "left" : "right",
          numFmt: NUMBER_FORMATS[ind.kind],
          // A summary's totals come from the merge (and match its `_cchc` statistics): computed, not typed over.
          fill: formula || s.summary ? FILL_COMPUTED : FILL_INPUT,
          unlocked: !formula && !s.summary,
        },
        formula,
      );
      s.definedNames.push({ name: definedNameFor(ind.code), ref: absoluteRef(INDICATOR_SHEET, row, valueCol) });
      indicatorCells.push({ code: ind.code, row, address: ref, computed: formula !== undefined, formula });
      if (isGrouped(ind.kind)) groupedRows.push(row);
      const v = formula || s.summary ? undefined : validationFor(ind, ref);
      if (v) s.validations.push(v);
      const own = checks.filter((c) => c.target === ind.code);
      s.put(row, checkCols.text, undefined, { wrap: true, vertical: "middle", border: true, size: 11 }, checkColumnFormula(own));
      s.put(row, checkCols.errors, undefined, {}, checkCountFormula(own, "error"));
      s.put(row, checkCols.warnings, undefined, {}, checkCountFormula(own, "warning"));
      s.put(row, checkCols.infos, undefined, {}, checkCountFormula(own, "info"));
    }
    const height = wrappedHeight(
      [
        [ind.name, s.columns[1].width],
        [ind.unit, s.columns[2].width],
        [ind.agency ?? "", s.agencyCol ? s.columns[s.agencyCol - 1].width : 1],
        [ind.stt, s.columns[0].width],
      ],
      isHeader ? 1.15 : 1.22,
    );
    if (height) s.rowHeights.push({ row, height });
    if (s.agencyCol) s.put(row, s.agencyCol, ind.agency, { ...base, bold: false, unlocked: true });
    if (s.noteCol) s.put(row, s.noteCol, undefined, { ...base, bold: false, unlocked: true });
    row++;
  }
  // One range per run of counts and amounts in the value column (Office.js 1.8 formats one rectangle at a time).
  const grouped: ConditionalFormatPlan[] = [];
  for (let i = 0; i < groupedRows.length;) {
    let j = i;
    while (groupedRows[j + 1] === groupedRows[j] + 1) j++;
    const [from, to] = [address(groupedRows[i], valueCol), address(groupedRows[j], valueCol)];
    grouped.push(...groupedFormats(i === j ? from : `${from}:${to}`));
    i = j + 1;
  }
  return { indicatorCells, lastRow: row - 1, grouped };
}

/**
 * The self-check outside the print area: the count line under the check column's heading, and the red and
 * amber fills on the check column only — conditional formats print, so none is on a printed cell.
 */
function selfCheck(s: Sheet, firstRow: number, lastRow: number, countRow: number): SheetPlan["conditionalFormats"] {
  const { checkCols } = s;
  const total = (col: number) => `SUM(${address(firstRow, col)}:${address(lastRow, col)})`;
  s.put(
    countRow,
    checkCols.text,
    undefined,
    { bold: true, size: 11, vertical: "middle", wrap: true, border: true, fill: FILL_CHECK },
    `"Tự kiểm tra: "&${total(checkCols.errors)}&" lỗi, "&${total(checkCols.warnings)}&" cảnh báo"`,
  );
  const range = `${address(firstRow, checkCols.text)}:${address(lastRow, checkCols.text)}`;
  const errors = `$${columnLetter(checkCols.errors)}${firstRow}`;
  const warnings = `$${columnLetter(checkCols.warnings)}${firstRow}`;
  return [
    { range, formula: `${errors}>0`, fill: FILL_ERROR },
    { range, formula: `AND(${errors}=0,${warnings}>0)`, fill: FILL_WARNING },
  ];
}

/** The signatures under the table; returns the last row. */
function signature(s: Sheet, row: number): number {
  s.banner(row, 1, 2, "NGƯỜI LẬP BIỂU", { bold: true });
  s.banner(row, 3, s.lastCol, "THỦ TRƯỞNG ĐƠN VỊ", { bold: true });
  s.banner(row + 1, 1, 2, "(Ký, ghi rõ họ tên)", { italic: true });
  s.banner(row + 1, 3, s.lastCol, "(Ký tên, đóng dấu)", { italic: true });
  return row + 1;
}

function metadata(opts: PlanOptions, unitName: string, superior: string, sheetName: string): [string, string][] {
  const summary = opts.kind === "summary";
  return metadataEntries({
    templateId: opts.template.id,
    templateVersion: opts.template.version,
    period: opts.period.code,
    periodLabel: opts.period.label.vi,
    unitName,
    unitLevel: opts.unit.level,
    superiorName: superior,
    kind: opts.kind ?? "submission",
    units: summary || unitName === "" ? [] : [unitName],
    sheetName,
    generatorVersion: opts.generatorVersion,
    createdAt: opts.createdAt,
  });
}

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
  const provincial = unit.level === "tinh" || unit.level === "so";
  const superior = unit.superiorName?.trim() ?? (provincial ? `UBND tỉnh ${t.province}` : "");
  const place = unit.place?.trim() ?? (provincial ? t.province : "");

  const { columns, agencyCol, noteCol } = formColumns(t, summary);
  const lastCol = columns.length;
  // Self-check columns beside the form: the check text (with the unit's inputs above it), the hidden counts.
  const checkCols: CheckColumnsPlan = {
    text: lastCol + 1,
    errors: lastCol + 2,
    warnings: lastCol + 3,
    infos: lastCol + 4,
    summaryCell: "",
  };
  const cells: PlannedCell[] = [];
  const merges: string[] = [];
  const s: Sheet = {
    t,
    period,
    summary,
    unitName,
    columns,
    lastCol,
    valueCol: VALUE_COLUMN,
    agencyCol,
    noteCol,
    checkCols,
    cells,
    merges,
    rowHeights: [],
    definedNames: [],
    validations: [],
    put: (row, col, value, style, formula) => cells.push({ row, col, value, formula, style }),
    banner: (row, fromCol, toCol, text, style, formula) => {
      s.put(row, fromCol, text, { align: "center", vertical: "middle", wrap: true, ...style }, formula);
      if (toCol > fromCol) merges.push(`${address(row, fromCol)}:${address(row, toCol)}`);
    },
  };

  const titleBlockPlan = titleBlock(s, { superior, unitName, place }, opts.subtitle);
  const headerRows = tableHeader(s, 12);
  // The count line sits under the check column's heading, in the second header row (frozen with the
  // header, so it stays in view); a form with a one-row header has it in the spacer row above, made tall
  // enough to read (6 pt clips it).
  const countRow = headerRows.last > headerRows.first ? headerRows.last : headerRows.first - 1;
  if (countRow < headerRows.first) s.rowHeights.push({ row: countRow, height: 17 });
  checkCols.summaryCell = address(countRow, checkCols.text);
  const checks = compileChecks(t, { level: unit.level, periodType: period.type });
  const firstTableRow = headerRows.last + 1;
  const { indicatorCells, lastRow: lastTableRow, grouped } = indicatorRows(s, firstTableRow, checks);
  const conditionalFormats = [...grouped, ...selfCheck(s, firstTableRow, lastTableRow, countRow)];
  const lastRow = signature(s, lastTableRow + 2);
  const checkColumns = [
    { header: "Tự kiểm tra (không in)", width: 45 },
    { header: "Số lỗi", width: 8 },
    { header: "Số cảnh báo", width: 8 },
    { header: "Số thông tin", width: 8 },
  ];

  return {
    sheetName: INDICATOR_SHEET,
    columns: [...columns, ...checkColumns],
    cells,
    merges,
    rowHeights: s.rowHeights,
    definedNames: s.definedNames,
    validations: s.validations,
    conditionalFormats,
    checkColumns: checkCols,
    titleBlock: titleBlockPlan,
    hiddenColumns: [checkCols.errors, checkCols.warnings, checkCols.infos],
    printArea: `A1:${address(lastRow, lastCol)}`,
    indicatorCells,
    headerRows,
    lastRow,
    lastCol,
    valueCol: s.valueCol,
    print: { paper: "A4", orientation: t.print.orientation, fitToWidth: true, margins: MARGINS, footer: PAGE_FOOTER, blackAndWhite: true },
    font: FONT,
    protect: true,
    metadata: { sheetName: METADATA_SHEET, entries: metadata(opts, unitName, superior, INDICATOR_SHEET) },
  };
}

const LINE_HEIGHT = 15.75; // points per line of 12 pt Times New Roman
/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;

/**
 * Neither Excel nor LibreOffice grows a row for wrapped text in a file they open, so the plan sets
 * the height of rows whose text wraps (about one character per unit of column width; measured in
 * LibreOffice's PDF, 12 pt Times New Roman fits about 1.28 characters per unit, bold about 1.15).
 */
export function wrappedHeight(texts: [string, number][], perUnit = 0.95): number | undefined {
  return wrappedRowHeight(
    texts.map(([text]) => text),
    (i) => texts[i][1],
    perUnit,
  );
}

/** wrappedHeight of values side by side, value i in a column widthOf(i) wide: no pair per value (a unit table row has a value per unit). */
export function wrappedRowHeight(values: readonly (string | number)[], widthOf: (i: number) => number, perUnit = 0.95): number | undefined {
  let lines = 0;
  for (let i = 0; i < values.length; i++) lines = Math.max(lines, linesIn(values[i], widthOf(i), perUnit));
  return lines > 1 ? Math.min(lines * LINE_HEIGHT + 2, MAX_ROW_HEIGHT) : undefined;
}

/** A title-block input: a prompt saying what to type, nothing refused. */
function inputValidation(key: TitleInput, ref: string): DataValidationPlan {
  const texts: Record<TitleInput, [string, string]> = {
    superior: ["Cơ quan cấp trên", "Cơ quan chủ quản in trên tên đơn vị, ví dụ: UBND tỉnh Quảng Trị. Để trống nếu đơn vị không có."],
    unitName: ["Tên đơn vị báo cáo", "Nhập tên đầy đủ của đơn vị báo cáo, ví dụ: UBND xã Sơn Phú."],
    place: ["Địa danh", "Tên địa phương nơi đơn vị đóng trụ sở, in ở dòng ngày tháng, ví dụ: Sơn Phú."],
    reportNumber: ["Số báo cáo", "Số và ký hiệu của báo cáo mà phụ lục kèm theo, ví dụ: 52/BC-UBND. Để trống thì bản in chừa chỗ ghi tay."],
    reportDate: ["Ngày báo cáo", "Ngày của báo cáo mà phụ lục kèm theo, dạng ngày/tháng/năm, ví dụ: 14/9/2021."],
  };
  const [title, text] = texts[key];
  return {
    range: ref,
    type: "custom",
    formula: key === "unitName" ? `LEN(TRIM(${ref}))>0` : `LEN(${ref})<=255`,
    prompt: { title, text },
    error: { title, text: key === "unitName" ? "Hãy nhập tên đơn vị báo cáo." : "Nội dung quá dài." },
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
        error: error('Cần một số nguyên không âm, hoặc "-" nếu không phát sinh.'),
        errorStyle: "warning",
      };
    case "amount":
      return {
        range: ref,
        type: "custom",
        formula: `OR(${ref}="-",AND(ISNUMBER(${ref}),${ref}>=0))`,
        prompt: prompt(`Số không âm (${ind.unit}). Nhập "-" nếu không phát sinh.`),
        error: error('Cần một số không âm, hoặc "-" nếu không phát sinh.'),
        errorStyle: "warning",
      };
    case "percent":
      return {
        range: ref,
        type: "custom",
        formula: `OR(${ref}="-",AND(ISNUMBER(${ref}),${ref}>=0,${ref}<=100))`,
        prompt: prompt('Tỷ lệ từ 0 đến 100 (ví dụ 98,4), không nhập dấu %. Nhập "-" nếu không áp dụng.'),
        error: error('Tỷ lệ phải từ 0 đến 100, hoặc "-" nếu không áp dụng.'),
        errorStyle: "warning",
      };
    default:
      return undefined;
  }
}
