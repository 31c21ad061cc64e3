// Recognises a form retyped by hand (or our sheet copied into another workbook without `_cchc`) in
// plain grids of cells: finds the indicator table on each sheet, matches its rows to the registry's
// templates, reads each value as the clerk meant it (undoing what Excel did to what they typed), and
// says how sure it is. ExcelJS (src/xlsx) and Office.js (src/excel) only turn their sheets into grids.
import { msg, UserError } from "../messages";
import { periodFromText } from "../period";
import { formName } from "../rules/words";
import { columnLetter } from "../sheet/plan";
import { TemplateRegistry } from "../template/registry";
import { Indicator, Template } from "../template/schema";
import { plainText, withoutDiacritics } from "../text";
import { formatNumber, parseVietnameseNumber } from "../values";
import { METADATA_SHEET } from "../workbookContract";
import { GridSheet, SheetView } from "./grid";
import { keyRows, MatchedRow, matchTemplate, scoreBound, TemplateMatch } from "./match";
import { HEADER_SEARCH_ROWS, readTable, SheetTable, TableRow, UnitWords } from "./table";

export type { MatchMethod, MatchedRow } from "./match";
export type { TableRow } from "./table";

/** What Excel did to what a clerk typed, undone when the row's value was read. */
export type Conversion =
  /** "02/02" (2 of 2) stored as the date 2 February */
  | "dateAsCount"
  /** "1.755" stored as the decimal 1,755 (a dot read as the decimal point) */
  | "decimalAsThousands"
  /** "98,4" or "1.755" kept as text: Excel did not take it for a number */
  | "numberAsText"
  /** "83%" stored as 0,83 in a percent-formatted cell */
  | "percentCell";

export interface ReadRow extends MatchedRow {
  /** What the cell held, as the user sees it, when a conversion was undone */
  stored?: string;
  conversion?: Conversion;
}

export interface RetypedForm {
  template: Template;
  sheetName: string;
  headerRow: number;
  /** In sheet order; `raw` is the value as the clerk meant it */
  matched: ReadRow[];
  /** Rows of the table that match no indicator of the template, in sheet order */
  unmatched: TableRow[];
  /** Non-header indicators of the template with no row on the sheet */
  missing: Indicator[];
  /** Period code named in the title block above the table */
  period?: string;
  /** Where a period label would go when the title block names none ("Sheet1!B3"), or the row to insert above */
  periodCell: string;
  /** The reporting unit's whole name from the title block */
  unitName?: string;
  /** Rows after this one were not read (a sheet far longer than any form) */
  truncatedAfter?: number;
  /** Other sheets that also hold a table of one of the forms, not read */
  otherSheets: string[];
  /** The value column chosen by its content, not the one the header names (the header's label was over the unit column) */
  valueByContent?: { named: string; chosen: string };
}

// ---- the title block: period and unit ----

const MOTTO = /^(cong hoa xa hoi|doc lap tu do)/;
const TITLE_START = /^(phu luc|bieu mau|bieu so|thong ke|bao cao|tong hop|ket qua)/;
/** Lines of the left part that are not the unit: the document number ("Số: 52/BC-UBND"), "V/v …". */
const NOT_A_UNIT = /^(so\s*[:\d/.]|v\/v|kinh gui)/;
/** A unit line that names no one by itself: "VĂN PHÒNG" under "UBND TỈNH QUẢNG NGÃI". */
const BARE_UNIT =
  /^(van phong|thanh tra|uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd|van phong hdnd va ubnd|van phong ubnd|van phong uy ban nhan dan)$/;
/** A place line that completes a bare body above it: "ỦY BAN NHÂN DÂN" / "XÃ SƠN PHÚ". */
const PLACE = /^(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b/;

type TitleLine = SheetTable["title"][number];

/**
 * The unit: under the superior body in the title block's left part (left of "CỘNG HÒA XÃ HỘI CHỦ
 * NGHĨA VIỆT NAM"), above the title; a bare "VĂN PHÒNG" takes the superior's name after it
 * ("VĂN PHÒNG UBND TỈNH QUẢNG NGÃI"), a bare "ỦY BAN NHÂN DÂN" the place under it. Without a left
 * part: the body the title names ("… CỦA VĂN PHÒNG UBND TỈNH").
 */
function unitFromTitle(title: readonly TitleLine[]): string | undefined {
  const mottoCol = title.find((t) => MOTTO.test(plainText(t.text)))?.col ?? Infinity;
  const titleRow = title.find((t) => TITLE_START.test(plainText(t.text)) || periodFromText(t.text))?.row ?? Infinity;
  const lines: string[] = [];
  for (const t of title) {
    if (t.row >= titleRow || t.col >= mottoCol || MOTTO.test(plainText(t.text))) continue;
    const text = t.text.replace(/\s+/g, " ").trim();
    if (NOT_A_UNIT.test(withoutDiacritics(text)) || !/[\p{L}\d]/u.test(text)) continue;
    // A name wrapped over two lines: "SỞ KHOA HỌC VÀ" / "CÔNG NGHỆ".
    const previous = lines[lines.length - 1];
    if (previous !== undefined && /(\bvà|&|,|-)$/iu.test(previous)) lines[lines.length - 1] = `${previous} ${text}`;
    else lines.push(text);
  }
  if (lines.length === 0) return unitNamedInTitle(title, titleRow);
  if (lines.length === 1) return lines[0];
  const [superior, unit] = lines;
  if (BARE_UNIT.test(plainText(superior)) && PLACE.test(plainText(unit))) return `${superior} ${unit}`;
  if (BARE_UNIT.test(plainText(unit))) return `${unit} ${superior}`;
  return unit;
}

function unitNamedInTitle(title: readonly TitleLine[], titleRow: number): string | undefined {
  for (const t of title.filter((x) => x.row >= titleRow)) {
    const m = /\bcủa\s+(.+?)\)?$/iu.exec(t.text.normalize("NFC"));
    if (m && /\p{L}/u.test(m[1])) return m[1].replace(/\s+/g, " ").trim();
  }
  return undefined;
}

/** The period of the appendix's own title (nearest the table), else of anything above the table. */
function periodFromTitle(title: readonly TitleLine[]): string | undefined {
  const starts = title.filter((t) => /^(phu luc|thong ke|bieu mau|bieu so)/.test(plainText(t.text)));
  const from = starts.length > 0 ? starts[starts.length - 1].row : Infinity;
  const own = periodFromText(
    title
      .filter((t) => t.row >= from)
      .map((t) => t.text)
      .join(" | "),
  );
  return own ?? periodFromText(title.map((t) => t.text).join(" | "));
}

/** An empty cell above the header in the name column, for the period label; else the row to insert above. */
function periodCell(sheetName: string, table: SheetTable): string {
  for (let r = table.headerRow - 1; r >= 1; r--) {
    if (!table.title.some((t) => t.row === r)) return `${sheetName}!${columnLetter(table.columns.name)}${r}`;
  }
  return `${sheetName}!${columnLetter(table.columns.name)}${table.headerRow}`;
}

// ---- what Excel did to what the clerk typed ----

const two = (n: number) => String(n).padStart(2, "0");

/** Figures the clerk wrote the Vietnamese way that Excel kept as text ("6.786,875", "98,4"): they write dots for thousands. */
const VIETNAMESE_TEXT_NUMBER = /^\d{1,3}(\.\d{3})*,\d+$|^\d{1,3}(\.\d{3}){2,}$/;

/**
 * The row's value as the clerk meant it, and what Excel had stored instead. `dotsGroupThousands`: the
 * sheet shows the clerk writes "1.755" for 1755 (counts always do: they are whole).
 */
function asMeant(table: SheetTable, m: MatchedRow, dotsGroupThousands: boolean): ReadRow {
  const { view } = table;
  const at = { row: m.row, col: table.columns.value };
  const cell = view.covered(at.row, at.col) ? undefined : view.cell(at.row, at.col);
  const kind = m.indicator.kind;
  const numFmt = cell?.numFmt ?? "";
  const raw = m.raw;
  if (raw instanceof Date && kind === "count") {
    // Typed "02/03" (2 of 3): Excel took it for a day and month (month first where the format says so).
    const [day, month] = [raw.getUTCDate(), raw.getUTCMonth() + 1];
    const [x, y] = /^\s*m/i.test(numFmt.replace(/\[[^\]]*\]/g, "")) ? [month, day] : [day, month];
    return { ...m, raw: `${two(x)}/${two(y)}`, stored: `${two(day)}/${two(month)}/${raw.getUTCFullYear()}`, conversion: "dateAsCount" };
  }
  if (
    typeof raw === "number" &&
    (kind === "count" || (kind === "amount" && dotsGroupThousands)) &&
    raw !== 0 &&
    raw < 1000 &&
    !numFmt.includes("%")
  ) {
    // Typed "1.755" where the dot is the decimal point: 1,755 (or 42 shown "42.000").
    const off = (x: number) => Math.abs(x - Math.round(x)) > 1e-6;
    const shownThreeDecimals = /\.0{3}(?!0)/.test(numFmt);
    if (!off(raw * 1000) && (shownThreeDecimals || off(raw * 100))) {
      return { ...m, raw: Math.round(raw * 1000), stored: raw.toFixed(3).replace(".", ","), conversion: "decimalAsThousands" };
    }
  }
  if (typeof raw === "number" && numFmt.includes("%") && kind === "percent" && typeof cell?.value === "number") {
    return { ...m, stored: `${formatNumber(cell.value, 4)} (${numFmt})`, conversion: "percentCell" };
  }
  if (typeof raw === "string" && kind !== "text" && kind !== "header") {
    const t = raw.trim();
    const number = parseVietnameseNumber(t.replace(/%$/, "")) !== undefined || /^\d+\s*\/\s*\d+$/.test(t);
    if (number && !/^\d+$/.test(t)) return { ...m, stored: t, conversion: "numberAsText" };
  }
  return m;
}

// ---- choosing the sheet and the template ----

/** A template set's unit column words, in plain text: what a unit column holds. */
const UNIT_WORDS = new WeakMap<TemplateRegistry, UnitWords>();

function unitWords(registry: TemplateRegistry): UnitWords {
  let words = UNIT_WORDS.get(registry);
  if (!words) {
    words = new Set(registry.list().flatMap((t) => t.indicators.map((i) => plainText(i.unit)).filter((u) => u !== "" && !/^\d+$/.test(u))));
    UNIT_WORDS.set(registry, words);
  }
  return words;
}

/** The workbook holds no indicator table at all (no sheet, empty sheets, no table header). */
export class NoIndicatorTable extends UserError {}

/**
 * Finds the best-matching (sheet, template) pair. Throws a UserError naming the file when the workbook
 * has no sheet, only empty sheets, no form table, or a table of a form the registry does not know.
 */
export function recogniseRetypedForm(sheets: readonly GridSheet[], file: string, registry: TemplateRegistry): RetypedForm {
  const fail = (vi: string, en: string, none = false): never => {
    const message = msg(`${file}: ${vi}`, `${file}: ${en}`);
    throw none ? new NoIndicatorTable(message) : new UserError(message);
  };
  const visible = sheets.filter((s) => s.name !== METADATA_SHEET);
  if (visible.length === 0) {
    fail(
      "sổ Excel không có trang tính nào; hãy đề nghị đơn vị gửi lại tệp phụ lục",
      "the workbook has no sheet; ask the unit to send the appendix again",
      true,
    );
  }
  if (
    visible.every((s) => s.rows.every((r) => !r || r.every((c) => c === null || c === undefined || c.value === null || c.value === "")))
  ) {
    fail(
      "các trang tính đều trống, không có số liệu; hãy kiểm tra đã gửi đúng tệp chưa",
      "every sheet is empty, there are no figures; check that the right file was sent",
      true,
    );
  }
  const units = unitWords(registry);
  const tables = visible
    .map((s) => ({ name: s.name, table: readTable(new SheetView(s), units) }))
    .filter((t): t is { name: string; table: SheetTable } => t.table !== undefined);
  if (tables.length === 0) {
    fail(
      `không tìm thấy bảng chỉ tiêu: cần một dòng tiêu đề bảng có các cột STT, Chỉ tiêu thống kê, Đơn vị tính và Số liệu trong ${HEADER_SEARCH_ROWS} dòng đầu của một trang; hãy nhập số liệu vào biểu mẫu đã gửi (tạo bằng "cchc new" hoặc add-in)`,
      `no indicator table found: a sheet needs a table header row with the columns STT, Chỉ tiêu thống kê, Đơn vị tính and Số liệu within its first ${HEADER_SEARCH_ROWS} rows; type the figures into the form that was sent (made with "cchc new" or the add-in)`,
      true,
    );
  }

  // Each table's best template, branch and bound: templates in the order of the most they can score, the
  // rest left once that is below the best score so far (a form's table against the three other forms was
  // most of reading it). The order among equals is the tables' then the registry's.
  type Option = { name: string; table: SheetTable; match: TemplateMatch; named: boolean; order: number };
  const templates = registry.list();
  // Most rows matched; then the form of the province the title names; then the fewest rows missing.
  const better = (a: Option, b: Option) =>
    b.match.score - a.match.score ||
    Number(b.named) - Number(a.named) ||
    a.match.missing.length - b.match.missing.length ||
    a.order - b.order;
  const accepted = (o: Option) => o.match.score >= 3 && o.match.score >= 0.5 * (o.match.matched.length + o.match.unmatched.length);
  const perTable = tables.map(({ name, table }, t) => {
    const titleText = plainText(table.title.map((x) => x.text).join(" "));
    const rows = keyRows(table.rows);
    type Candidate = { template: Template; k: number; bound: number };
    const option = ({ template, k }: Candidate): Option => ({
      name,
      table,
      match: matchTemplate(template, rows),
      named: titleText.includes(plainText(template.province)),
      order: t * templates.length + k,
    });
    const bounded = templates.map((template, k) => ({ template, k, bound: scoreBound(template, rows) })).sort((a, b) => b.bound - a.bound);
    let best: Option | undefined;
    const left: Candidate[] = [];
    for (const candidate of bounded) {
      if (best && candidate.bound < best.match.score) {
        left.push(candidate);
        continue;
      }
      const o = option(candidate);
      if (!best || better(o, best) < 0) best = o;
    }
    // Whether any template is accepted for this table: the ones left are matched only when the best is not.
    const anyAccepted = () => accepted(best!) || left.some((candidate) => accepted(option(candidate)));
    return { best: best!, anyAccepted };
  });
  const best = perTable.map((p) => p.best).sort(better)[0];
  if (!accepted(best)) {
    const rows = best.match.matched.length + best.match.unmatched.length;
    const byName = best.match.matched.filter((m) => m.method !== "stt").length;
    fail(
      `không nhận ra biểu mẫu: bảng ở trang "${best.name}" (dòng tiêu đề ${best.table.headerRow}) có ${rows} dòng nhưng không khớp biểu mẫu nào đã biết (gần nhất: "${formName(best.match.template)}", khớp tên ${byName}/${rows} dòng); hãy nhập số liệu vào biểu mẫu đã gửi, hoặc nạp tệp biểu mẫu của tỉnh (--template-file)`,
      `form not recognised: the table on sheet "${best.name}" (header row ${best.table.headerRow}) has ${rows} rows but matches no known form (closest: "${formName(best.match.template)}", ${byName}/${rows} rows matched by name); type the figures into the form that was sent, or load the province's template file (--template-file)`,
    );
  }
  const { table, match, name } = best;
  const otherSheets = [...new Set(tables.filter((x, t) => x.table !== table && perTable[t].anyAccepted()).map((x) => x.name))];
  const byContent = table.valueByContent;
  const vietnameseDots = match.matched.some((m) => typeof m.raw === "string" && VIETNAMESE_TEXT_NUMBER.test(m.raw.trim()));
  return {
    template: match.template,
    sheetName: name,
    headerRow: table.headerRow,
    matched: match.matched.map((m) => asMeant(table, m, vietnameseDots)),
    unmatched: match.unmatched,
    missing: match.missing,
    period: periodFromTitle(table.title),
    periodCell: periodCell(name, table),
    unitName: unitFromTitle(table.title),
    truncatedAfter: table.truncatedAfter,
    otherSheets,
    ...(byContent ? { valueByContent: { named: columnLetter(byContent.named), chosen: columnLetter(byContent.chosen) } } : {}),
  };
}
