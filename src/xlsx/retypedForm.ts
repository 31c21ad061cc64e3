// Recognises a form retyped by hand (or our sheet copied into another workbook without `_cchc`): a
// sheet with a header row STT / Chỉ tiêu thống kê / Đơn vị tính / Số liệu, whose rows are matched to
// one of the registry's templates — by STT and name, then by name alone, then by STT between rows
// already matched. Reads ExcelJS's in-memory workbook only, so it runs in a Web Worker too.
import ExcelJS from "exceljs";
import { msg, UserError } from "../domain/messages";
import { periodFromText } from "../domain/period";
import { columnLetter, parseCellRef } from "../domain/sheet/plan";
import { TemplateRegistry } from "../domain/template/registry";
import { Indicator, Template } from "../domain/template/schema";
import { plainText, withoutDiacritics } from "../domain/text";
import { RawValue } from "../domain/values";
import { METADATA_SHEET, TITLE_INPUT_NAMES } from "../domain/workbookContract";
import { cellRaw } from "./readWorkbook";

/** How a row was matched to an indicator, from surest to least sure. */
export type MatchMethod = "sttName" | "name" | "stt";

export interface FormRow {
  /** 1-based row on the sheet */
  row: number;
  stt: string;
  name: string;
  /** A1 address of the row's value cell */
  address: string;
  raw: RawValue;
}

export interface MatchedRow extends FormRow {
  indicator: Indicator;
  method: MatchMethod;
}

export interface RetypedForm {
  template: Template;
  sheetName: string;
  headerRow: number;
  /** In sheet order */
  matched: MatchedRow[];
  /** Rows of the table that match no indicator of the template, in sheet order */
  unmatched: FormRow[];
  /** Non-header indicators of the template with no row on the sheet */
  missing: Indicator[];
  /** Period code named in the title block above the table */
  period?: string;
  /** Where a period label would go when the title block names none ("Sheet1!B3"), or the row to insert above */
  periodCell: string;
  /** The unit line of the title block's left part (under the superior body) */
  unitName?: string;
  /** Rows after this one were not read (a sheet far longer than any form) */
  truncatedAfter?: number;
  /** Other sheets that also hold a table of one of the forms, not read */
  otherSheets: string[];
}

/** The header row may sit anywhere in the first rows, under a title block. */
const HEADER_SEARCH_ROWS = 30;
/** The forms have at most ~170 rows; more than this is not a form and would only cost time. */
const MAX_TABLE_ROWS = 1000;
/** Name similarity (bigram Dice) for a typo'd or reworded name. */
const SIMILAR_WITH_STT = 0.8;
const SIMILAR_NAME = 0.85;

// ---- reading the sheet ----

/** What a cell shows, as text; "" for the covered cells of a merge (their master holds the text). */
function cellText(cell: ExcelJS.Cell): string {
  if (cell.master.address !== cell.address) return "";
  const { raw } = cellRaw(cell);
  if (raw === null || raw === undefined) return "";
  if (raw instanceof Date) return `${raw.getUTCDate()}/${raw.getUTCMonth() + 1}/${raw.getUTCFullYear()}`;
  return String(raw).trim();
}

type ColumnRole = "stt" | "name" | "unit" | "value";

const HEADER_PATTERNS: [ColumnRole, RegExp][] = [
  ["stt", /^(stt|tt|so tt|so thu tu)$/],
  ["name", /^(chi tieu|noi dung|ten chi tieu)\b/],
  ["unit", /^(don vi tinh|dvt|don vi)$/],
  ["value", /^(so lieu|ket qua|gia tri|so luong|thuc hien)\b/],
];

interface Columns {
  stt?: number;
  name: number;
  unit?: number;
  value: number;
}

/** The form's columns when the row (its cells' plain texts) is its header row: name and value, and STT or unit. */
function headerColumns(texts: readonly string[]): Columns | undefined {
  const found: Partial<Record<ColumnRole, number>> = {};
  texts.forEach((text, i) => {
    const role = HEADER_PATTERNS.find(([, re]) => re.test(text))?.[0];
    if (role && found[role] === undefined) found[role] = i + 1;
  });
  if (found.name === undefined || found.value === undefined || (found.stt === undefined && found.unit === undefined)) return undefined;
  return { stt: found.stt, name: found.name, unit: found.unit, value: found.value };
}

/** The signature block ends the table. */
const TABLE_END = /^(nguoi lap( bieu)?|thu truong( don vi| co quan)?|noi nhan)\b/;
/** The column-number row under the header: (1) (2) (3) (4). */
const COLUMN_NUMBER = /^\(?\d{1,2}\)?$/;
/** A section row typed in one merged cell: "1. Công tác chỉ đạo", "II Cải cách thể chế". */
const NUMBERED_TEXT = /^((?:[IVX]+|\d+(?:\.\d+)*)\.?)\s+(\S.*)$/;

interface SheetTable {
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  columns: Columns;
  rows: FormRow[];
  truncatedAfter?: number;
  /** Title block: every text above the header row */
  title: { row: number; col: number; text: string }[];
}

function readTable(sheet: ExcelJS.Worksheet): SheetTable | undefined {
  const lastCol = Math.min(sheet.columnCount, 60);
  const plainTexts = (row: ExcelJS.Row) => Array.from({ length: lastCol }, (_, i) => plainText(cellText(row.getCell(i + 1))));
  // findRow, not getRow: reading must not create the rows of a sheet formatted far down.
  let headerRow = 0;
  let columns: Columns | undefined;
  for (let r = 1; r <= Math.min(sheet.rowCount, HEADER_SEARCH_ROWS) && !columns; r++) {
    const row = sheet.findRow(r);
    columns = row && headerColumns(plainTexts(row));
    headerRow = r;
  }
  if (!columns) return undefined;
  // A grouped header ("Kết quả thống kê" over "Đơn vị tính | Số liệu", as the seeds print it): the second row names those columns.
  const second = sheet.findRow(headerRow + 1);
  const sub = second ? plainTexts(second) : [];
  const unitAt = sub.findIndex((t) => /^(don vi tinh|dvt)$/.test(t));
  const valueAt = sub.findIndex((t) => /^so lieu$/.test(t));
  if (unitAt >= 0 && valueAt >= 0) columns = { ...columns, unit: unitAt + 1, value: valueAt + 1 };
  const cols = columns;
  const firstRow = unitAt >= 0 && valueAt >= 0 ? headerRow + 2 : headerRow + 1;

  const title: SheetTable["title"] = [];
  for (let r = 1; r < headerRow; r++) {
    const row = sheet.findRow(r);
    for (let c = 1; row && c <= lastCol; c++) {
      for (const line of cellText(row.getCell(c)).split(/\r?\n/)) if (line.trim()) title.push({ row: r, col: c, text: line.trim() });
    }
  }

  const rows: FormRow[] = [];
  let truncatedAfter: number | undefined;
  for (let r = firstRow; r <= sheet.rowCount; r++) {
    const row = sheet.findRow(r);
    if (!row?.hasValues) continue;
    const texts = plainTexts(row);
    if (texts.some((t) => TABLE_END.test(t))) break;
    if (headerColumns(texts)) continue; // the header repeated (a new page, the next form)
    let stt = cols.stt ? cellText(row.getCell(cols.stt)) : "";
    let name = cellText(row.getCell(cols.name));
    const valueCell = row.getCell(cols.value);
    const raw = valueCell.master.address === valueCell.address ? cellRaw(valueCell).raw : null;
    const shown = [stt, name, cols.unit ? cellText(row.getCell(cols.unit)) : "", raw === null || raw === undefined ? "" : String(raw)];
    if (shown.every((t) => t.trim() === "")) continue;
    if (COLUMN_NUMBER.test(name) && shown.every((t) => t === "" || COLUMN_NUMBER.test(t.trim()))) continue;
    if (name === "" && stt.length > 12) {
      const m = NUMBERED_TEXT.exec(stt);
      if (m) [stt, name] = [m[1], m[2]];
      else [stt, name] = ["", stt];
    }
    if (rows.length === MAX_TABLE_ROWS) {
      truncatedAfter = rows[rows.length - 1].row;
      break;
    }
    rows.push({ row: r, stt, name, address: valueCell.address, raw });
  }
  return { sheet, headerRow, columns: cols, rows, truncatedAfter, title };
}

// ---- matching rows to a template ----

/** A text's character bigrams as sorted codes, for similarity. */
type Grams = Uint32Array;

function bigrams(text: string): Grams {
  const codes = new Uint32Array(Math.max(0, text.length - 1));
  for (let i = 0; i + 1 < text.length; i++) codes[i] = text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
  return codes.sort();
}

/** Dice coefficient over character bigrams: 1 for equal texts, ~0.95 for one typo in a long name. */
function similarity(a: Grams, b: Grams): number {
  const total = a.length + b.length;
  if (total === 0) return 0;
  let common = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return (2 * common) / total;
}

/** A text in the forms of comparison: words for equality, bigrams for similarity. */
interface Key {
  text: string;
  grams: Grams;
}

const keyOf = (text: string): Key => {
  const plain = plainText(text);
  return { text: plain, grams: bigrams(plain) };
};

function similar(a: Key, b: Key, threshold: number): boolean {
  if (a.text === b.text) return true;
  // Dice cannot reach the threshold when one text is much longer than the other.
  const [m, n] = [a.grams.length, b.grams.length];
  return (2 * Math.min(m, n)) / (m + n) >= threshold && similarity(a.grams, b.grams) >= threshold;
}

interface Candidate {
  ind: Indicator;
  index: number;
  stts: string[];
  names: Key[];
}

interface Prepared {
  candidates: Candidate[];
  byStt: Map<string, Candidate[]>;
  byName: Map<string, Candidate[]>;
  headings: Key[];
}

/** A template's rows ready for matching; built once per template. */
const PREPARED = new WeakMap<Template, Prepared>();

function prepare(template: Template): Prepared {
  const cached = PREPARED.get(template);
  if (cached) return cached;
  const candidates = template.indicators.map((ind, index) => ({
    ind,
    index,
    stts: [...new Set([ind.stt, ind.asPrinted?.stt].filter((t): t is string => !!t).map(plainText).filter((t) => t !== ""))],
    names: [...new Set([ind.name, ind.asPrinted?.name].filter((t): t is string => !!t))].map(keyOf),
  }));
  const byStt = new Map<string, Candidate[]>();
  const byName = new Map<string, Candidate[]>();
  for (const c of candidates) {
    for (const t of c.stts) byStt.set(t, [...(byStt.get(t) ?? []), c]);
    for (const n of c.names) byName.set(n.text, [...(byName.get(n.text) ?? []), c]);
  }
  const prepared = { candidates, byStt, byName, headings: template.sections.filter((sec) => sec.heading).map((sec) => keyOf(sec.title)) };
  PREPARED.set(template, prepared);
  return prepared;
}

/** A row of the table in the forms of comparison: computed once, compared with every template. */
interface KeyedRow {
  row: FormRow;
  stt: string;
  name: Key;
  /** STT and name together, for section headings typed in one cell */
  whole: Key;
}

function keyRows(rows: readonly FormRow[]): KeyedRow[] {
  return rows.map((row) => ({ row, stt: plainText(row.stt), name: keyOf(row.name), whole: keyOf(`${row.stt} ${row.name}`) }));
}

interface TemplateMatch {
  template: Template;
  matched: MatchedRow[];
  unmatched: FormRow[];
  missing: Indicator[];
  score: number;
}

function matchTemplate(template: Template, rows: readonly KeyedRow[]): TemplateMatch {
  const { candidates, byStt, byName, headings } = prepare(template);
  // Section headings printed as their own rows ("Biểu mẫu 1: Công tác chỉ đạo điều hành CCHC") are structure, not rows.
  const table = rows.filter((r) => !headings.some((h) => similar(r.whole, h, SIMILAR_NAME)));
  const found: (Candidate & { method: MatchMethod })[] = [];
  const used = new Set<number>();

  const nameSimilar = (r: KeyedRow, c: Candidate, threshold: number) => c.names.some((n) => similar(r.name, n, threshold));
  // Rows keep the template's order: of several candidates, the first after the previous match.
  const pick = (cands: Candidate[], after: number) => {
    const free = cands.filter((c) => !used.has(c.index)).sort((a, b) => a.index - b.index);
    return free.find((c) => c.index > after) ?? free[0];
  };
  const take = (i: number, c: Candidate | undefined, method: MatchMethod) => {
    if (!c) return;
    found[i] = { ...c, method };
    used.add(c.index);
  };
  // The template rows between the nearest matched rows above and below: where row i must belong.
  const window = (i: number): [number, number] => {
    let before = -1;
    let after = Infinity;
    for (let j = i - 1; j >= 0; j--) if (found[j]) { before = found[j].index; break; }
    for (let j = i + 1; j < table.length; j++) if (found[j]) { after = found[j].index; break; }
    return before < after ? [before, after] : [-1, Infinity];
  };
  const inside = ([lo, hi]: [number, number]) => (c: Candidate) => c.index > lo && c.index < hi;

  let last = -1;
  table.forEach((r, i) => {
    if (!r.stt || !r.name.text) return;
    take(i, pick((byStt.get(r.stt) ?? []).filter((c) => nameSimilar(r, c, SIMILAR_WITH_STT)), last), "sttName");
    if (found[i]) last = found[i].index;
  });
  table.forEach((r, i) => {
    if (found[i] || !r.name.text) return;
    const win = window(i);
    const exact = (byName.get(r.name.text) ?? []).filter((c) => !used.has(c.index));
    if (exact.length > 0) return take(i, pick(exact.filter(inside(win)), win[0]) ?? pick(exact, win[0]), "name");
    let best: Candidate | undefined;
    let bestScore = 0;
    for (const c of candidates.filter(inside(win))) {
      if (used.has(c.index) || !nameSimilar(r, c, SIMILAR_NAME)) continue;
      const score = Math.max(...c.names.map((n) => similarity(r.name.grams, n.grams)));
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    take(i, best, "name");
  });
  // STT alone only places a row next to rows matched by name (numbers alone match any form).
  table.forEach((r, i) => {
    if (found[i] || !r.stt) return;
    const win = window(i);
    if (win[0] === -1 && win[1] === Infinity) return;
    take(i, pick((byStt.get(r.stt) ?? []).filter(inside(win)), win[0]), "stt");
  });

  const matched: MatchedRow[] = [];
  const unmatched: FormRow[] = [];
  table.forEach((r, i) => (found[i] ? matched.push({ ...r.row, indicator: found[i].ind, method: found[i].method }) : unmatched.push(r.row)));
  const missing = template.indicators.filter((ind, index) => ind.kind !== "header" && !used.has(index));
  const score = matched.reduce((s, m) => s + (m.method === "stt" ? 0.5 : 1), 0);
  return { template, matched, unmatched, missing, score };
}

// ---- the title block: period and unit ----

const MOTTO = /^(cong hoa xa hoi|doc lap tu do)/;
const TITLE_START = /^(phu luc|bieu mau|bieu so|thong ke|bao cao|tong hop|ket qua)/;
/** Lines of the left part that are not the unit: the document number ("Số: 52/BC-UBND"), "V/v …". */
const NOT_A_UNIT = /^(so\s*[:\d/.]|v\/v|kinh gui)/;

/**
 * The unit line: under the superior body in the title block's left part (left of "CỘNG HÒA XÃ HỘI
 * CHỦ NGHĨA VIỆT NAM"), above the title. One line alone is taken as the unit.
 */
function unitFromTitle(title: SheetTable["title"]): string | undefined {
  const mottoCol = title.find((t) => MOTTO.test(plainText(t.text)))?.col ?? Infinity;
  const titleRow = title.find((t) => TITLE_START.test(plainText(t.text)) || periodFromText(t.text))?.row ?? Infinity;
  const lines = title
    .filter((t) => t.row < titleRow && t.col < mottoCol && !MOTTO.test(plainText(t.text)))
    .map((t) => t.text.replace(/\s+/g, " ").trim())
    .filter((t) => !NOT_A_UNIT.test(withoutDiacritics(t)) && /[\p{L}\d]/u.test(t));
  return lines.length >= 2 ? lines[1] : lines[0];
}

/** Our sheet copied without `_cchc` keeps its names: the unit as typed into CCHC_DonVi, not the printed capitals. */
function namedUnit(sheet: ExcelJS.Worksheet): string | undefined {
  const [ref] = sheet.workbook.definedNames.getRanges(TITLE_INPUT_NAMES.unitName).ranges;
  const at = ref ? parseCellRef(ref) : undefined;
  return at && at.sheet === sheet.name ? cellText(sheet.getCell(at.address)) || undefined : undefined;
}

/** An empty cell above the header in the name column, for the period label; else the row to insert above. */
function periodCell(table: SheetTable): string {
  for (let r = table.headerRow - 1; r >= 1; r--) {
    if (!table.title.some((t) => t.row === r)) return `${table.sheet.name}!${columnLetter(table.columns.name)}${r}`;
  }
  return `${table.sheet.name}!${columnLetter(table.columns.name)}${table.headerRow}`;
}

// ---- choosing the sheet and the template ----

/**
 * Finds the best-matching (sheet, template) pair. Throws a UserError naming the file when the workbook
 * has no sheet, only empty sheets, no form table, or a table of a form the registry does not know.
 */
export function recogniseRetypedForm(workbook: ExcelJS.Workbook, file: string, registry: TemplateRegistry): RetypedForm {
  const fail = (vi: string, en: string): never => {
    throw new UserError(msg(`${file}: ${vi}`, `${file}: ${en}`));
  };
  const sheets = workbook.worksheets.filter((s) => s.name !== METADATA_SHEET);
  if (sheets.length === 0) {
    fail("sổ Excel không có trang tính nào; hãy đề nghị đơn vị gửi lại tệp phụ lục", "the workbook has no sheet; ask the unit to send the appendix again");
  }
  if (sheets.every((s) => s.actualRowCount === 0)) {
    fail("các trang tính đều trống, không có số liệu; hãy kiểm tra đã gửi đúng tệp chưa", "every sheet is empty, there are no figures; check that the right file was sent");
  }
  const tables = sheets.map(readTable).filter((t): t is SheetTable => t !== undefined);
  if (tables.length === 0) {
    fail(
      `không tìm thấy bảng chỉ tiêu: cần một dòng tiêu đề bảng có các cột STT, Chỉ tiêu thống kê, Đơn vị tính và Số liệu trong ${HEADER_SEARCH_ROWS} dòng đầu của một trang; hãy nhập số liệu vào biểu mẫu đã gửi (tạo bằng "cchc new" hoặc add-in)`,
      `no indicator table found: a sheet needs a table header row with the columns STT, Chỉ tiêu thống kê, Đơn vị tính and Số liệu within its first ${HEADER_SEARCH_ROWS} rows; type the figures into the form that was sent (made with "cchc new" or the add-in)`,
    );
  }

  const options = tables.flatMap((table) => {
    const titleText = plainText(table.title.map((t) => t.text).join(" "));
    const rows = keyRows(table.rows);
    return registry.list().map((template) => ({ table, match: matchTemplate(template, rows), named: titleText.includes(plainText(template.province)) }));
  });
  const accepted = (o: (typeof options)[number]) => o.match.score >= 3 && o.match.score >= 0.5 * (o.match.matched.length + o.match.unmatched.length);
  // Most rows matched; then the form of the province the title names; then the fewest rows missing.
  options.sort((a, b) => b.match.score - a.match.score || Number(b.named) - Number(a.named) || a.match.missing.length - b.match.missing.length);
  const best = options[0];
  if (!accepted(best)) {
    const rows = best.match.matched.length + best.match.unmatched.length;
    const byName = best.match.matched.filter((m) => m.method !== "stt").length;
    fail(
      `không nhận ra biểu mẫu: bảng ở trang "${best.table.sheet.name}" (dòng tiêu đề ${best.table.headerRow}) có ${rows} dòng nhưng không khớp biểu mẫu nào đã biết (gần nhất: ${best.match.template.id}, khớp tên ${byName}/${rows} dòng); hãy nhập số liệu vào biểu mẫu đã gửi, hoặc nạp tệp biểu mẫu của tỉnh (--template-file)`,
      `form not recognised: the table on sheet "${best.table.sheet.name}" (header row ${best.table.headerRow}) has ${rows} rows but matches no known form (closest: ${best.match.template.id}, ${byName}/${rows} rows matched by name); type the figures into the form that was sent, or load the province's template file (--template-file)`,
    );
  }
  const { table, match } = best;
  const otherSheets = [...new Set(options.filter((o) => o.table !== table && accepted(o)).map((o) => o.table.sheet.name))];
  return {
    template: match.template,
    sheetName: table.sheet.name,
    headerRow: table.headerRow,
    matched: match.matched,
    unmatched: match.unmatched,
    missing: match.missing,
    period: periodFromText(table.title.map((t) => t.text).join(" | ")),
    periodCell: periodCell(table),
    unitName: namedUnit(table.sheet) ?? unitFromTitle(table.title),
    truncatedAfter: table.truncatedAfter,
    otherSheets,
  };
}
