// Finds the indicator table on a sheet retyped by hand: its header (one to three rows: a group label
// such as "Kết quả thống kê" over "Đơn vị tính | Số liệu", merged or not, a numbering row "(1) (2) …"),
// its columns in any order, and its rows up to the real end of the table.
import { plainText } from "../text";
import { RawValue } from "../values";
import { SheetView } from "./grid";

export type ColumnRole = "stt" | "name" | "unit" | "value" | "agency" | "note";

/** Header labels, matched against a whole header cell's plain text. */
const LABELS: [ColumnRole, RegExp][] = [
  ["stt", /^(stt|st t|tt|so tt|so thu tu|ma so|ma chi tieu)$/],
  ["name", /^(chi tieu|noi dung|ten chi tieu|danh muc|ten)\b.{0,70}$/],
  ["unit", /^(don vi tinh|don vi|dvt|d v t|dv tinh|don vi do|don vi tinh toan)$/],
  ["agency", /^(co quan chu tri|don vi chu tri|co quan thong ke)\b/],
  ["note", /^ghi chu\b.{0,30}$/],
  ["value", /^(so lieu|ket qua|gia tri|so luong|thuc hien)\b.{0,40}$/],
];
/** A label over sub-columns: it names no column by itself. */
const GROUP_LABEL = /^(ket qua thong ke|ket qua thuc hien|noi dung thong ke|thong ke)$/;
/** The hint under the name column's label. */
const NAME_HINT = /^su dung trong ky bao cao\b/;
/** The column-number row under the header: (1) (2) (3), 1 2 3, A B C. */
const COLUMN_NUMBER = /^\(?([0-9]{1,2}|[a-h])\)?$/;
/** A header cell is short; paragraphs of a narrative are not. */
const MAX_LABEL = 120;

const roleOf = (text: string): ColumnRole | undefined => LABELS.find(([, re]) => re.test(text))?.[0];
const isHeaderText = (t: string) => t.length <= MAX_LABEL && (roleOf(t) !== undefined || GROUP_LABEL.test(t) || NAME_HINT.test(t));

export interface Columns {
  stt?: number;
  name: number;
  unit?: number;
  value: number;
  agency?: number;
  note?: number;
  /** The table's first and last columns (the header's extent) */
  first: number;
  last: number;
}

export interface TableRow {
  /** 1-based row on the sheet */
  row: number;
  stt: string;
  name: string;
  unit: string;
  /** A1 address of the row's value cell */
  address: string;
  raw: RawValue;
}

export interface SheetTable {
  view: SheetView;
  headerRow: number;
  columns: Columns;
  rows: TableRow[];
  truncatedAfter?: number;
  /** Title block: every text line above the header row */
  title: { row: number; col: number; text: string }[];
  /** Why the value column is not the one the header names, when the content decided */
  valueByContent?: { named: number; chosen: number };
}

/** The header may sit far down a sheet, under a title block or a whole narrative report. */
export const HEADER_SEARCH_ROWS = 600;
/** The forms have at most ~170 rows; more than this is not a form and would only cost time. */
const MAX_TABLE_ROWS = 1000;

/** Plain texts of a row's cells (index 0 = column 1). */
function rowTexts(view: SheetView, row: number, spread = false): string[] {
  const texts: string[] = [];
  for (let col = 1; col <= view.colCount; col++) texts.push(plainText(view.text(row, col, spread)));
  return texts;
}

/**
 * A header row: short cells, no figures, two column labels at least (other labels such as "Kế hoạch
 * năm" are extra columns); or one label with only header words beside it ("Đơn vị tính" under a group label).
 */
function isHeaderRow(texts: readonly string[]): boolean {
  const filled = texts.filter((t) => t !== "");
  if (filled.length === 0 || filled.some((t) => t.length > MAX_LABEL || /^\d+( \d+)*$/.test(t))) return false;
  const roles = new Set(filled.map(roleOf).filter((r) => r !== undefined));
  return roles.size >= 2 || (roles.size === 1 && filled.every((t) => isHeaderText(t) && t.length <= 24));
}

/** A row under the header's first row that continues it: short cells, no figures, a label or a group label. */
function continuesHeader(texts: readonly string[]): boolean {
  const filled = texts.filter((t) => t !== "");
  return filled.length > 0 && filled.every((t) => t.length <= MAX_LABEL && !/^\d+( \d+)*$/.test(t)) && filled.some(isHeaderText);
}

/**
 * The row of column numbers under the header: at least three cells, all numbers or letters. Raw texts:
 * "(1)" loses its brackets in plain text. Every row of a table is asked, so the first other cell ends it.
 */
function isNumbering(view: SheetView, row: number): boolean {
  let filled = 0;
  for (let col = 1; col <= view.colCount; col++) {
    const bare = view.text(row, col).toLowerCase().replace(/\s+/g, "");
    if (bare === "") continue;
    if (!COLUMN_NUMBER.test(bare)) return false;
    filled++;
  }
  return filled >= 3;
}

interface Header {
  rows: number[];
  columns: Columns;
}

/** The header starting at `row`: the row and the header-like rows under it, each column named by its lowest label. */
function headerAt(view: SheetView, row: number): Header | undefined {
  const first = rowTexts(view, row, true);
  if (!isHeaderRow(first)) return undefined;
  const rows = [row];
  for (let r = row + 1; r <= Math.min(view.rowCount, row + 2); r++) {
    const texts = rowTexts(view, r, true);
    if (!continuesHeader(texts)) break;
    rows.push(r);
  }
  const found: Partial<Record<ColumnRole, number>> = {};
  let firstCol = Infinity;
  let lastCol = 0;
  const groupOnly: number[] = [];
  for (let c = 1; c <= view.colCount; c++) {
    const labels = rows.map((r) => plainText(view.text(r, c, true))).filter((t) => t !== "");
    if (labels.length === 0) continue;
    [firstCol, lastCol] = [Math.min(firstCol, c), Math.max(lastCol, c)];
    // The lowest label names the column: "Số liệu" under "Kết quả thống kê".
    const role = [...labels]
      .reverse()
      .map(roleOf)
      .find((x) => x !== undefined);
    if (role && found[role] === undefined) found[role] = c;
    else if (!role && labels.every((l) => GROUP_LABEL.test(l))) groupOnly.push(c);
  }
  // "Kết quả thống kê" with no sub-columns under it: the value column.
  if (found.value === undefined) found.value = groupOnly.find((c) => !Object.values(found).includes(c));
  if (found.name === undefined || found.value === undefined || (found.stt === undefined && found.unit === undefined)) return undefined;
  return { rows, columns: { ...found, name: found.name, value: found.value, first: firstCol, last: lastCol } };
}

/** Units the forms print ("Nhiệm vụ", "%", "Không = 0 Có = 1"), in plain text: a column of these is not the value column. */
export type UnitWords = ReadonlySet<string>;

const looksNumeric = (raw: RawValue): boolean => {
  if (typeof raw === "number" || raw instanceof Date) return true;
  return typeof raw === "string" && /^[\s(]*[-–—]?[\d.,\s/%]+\)?$|^[-–—]$/.test(raw.trim()) && /\d|^[-–—]$/.test(raw.trim());
};

/**
 * The value column, by content: the one the header names unless its cells are mostly unit words and
 * another column of the table holds mostly figures (the unit column read as the value column).
 */
function valueColumn(view: SheetView, header: Header, units: UnitWords, lastRow: number): { value: number; unit?: number } | undefined {
  const { columns } = header;
  const start = header.rows[header.rows.length - 1] + 1;
  const score = (c: number) => {
    let numbers = 0;
    let unitWords = 0;
    for (let r = start; r <= lastRow; r++) {
      const raw = view.raw(r, c);
      if (looksNumeric(raw)) numbers++;
      else if (typeof raw === "string" && units.has(plainText(raw))) unitWords++;
    }
    return { numbers, unitWords };
  };
  const named = score(columns.value);
  if (named.unitWords <= named.numbers) return undefined;
  const taken = new Set([columns.stt, columns.name, columns.agency, columns.note]);
  let best: { c: number; numbers: number } | undefined;
  for (let c = columns.first; c <= columns.last; c++) {
    if (c === columns.value || taken.has(c)) continue;
    const s = score(c);
    if (s.numbers > s.unitWords && s.numbers > (best?.numbers ?? 0)) best = { c, numbers: s.numbers };
  }
  if (!best) return undefined;
  return { value: best.c, unit: columns.unit ?? columns.value };
}

/** Signature block, recipients, the place and date line: what follows a table. */
const TABLE_END =
  /^(nguoi lap( bieu)?|nguoi tong hop|thu truong( don vi| co quan)?|noi nhan|tm |kt |t m |k t |giam doc|pho giam doc|chu tich|pho chu tich|chanh van phong|truong ban|xac nhan cua|ky ten|([a-z]+ ){0,3}ngay( \d+)? thang)\b/;
/** A section or indicator number at the start of a text: "1.1.1. Số nhiệm vụ", "II Cải cách thể chế". */
const LEADING_NUMBER = /^((?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,3})\.?)\s+(\p{Lu}.*)$/u;

/** Splits "1.2. Kiểm tra CCHC" typed in one cell into STT and name. */
function splitNumber(text: string): [string, string] | undefined {
  const m = LEADING_NUMBER.exec(text.trim());
  return m ? [m[1], m[2]] : undefined;
}

export function readTable(view: SheetView, units: UnitWords): SheetTable | undefined {
  let header: Header | undefined;
  for (let r = 1; r <= Math.min(view.rowCount, HEADER_SEARCH_ROWS) && !header; r++) header = headerAt(view, r);
  if (!header) return undefined;
  const headerRow = header.rows[0];
  const cols = { ...header.columns };
  const text = (r: number, c: number | undefined) => (c === undefined ? "" : view.text(r, c));

  const title: SheetTable["title"] = [];
  for (let r = 1; r < headerRow; r++) {
    for (let c = 1; c <= view.colCount; c++) {
      for (const line of view.text(r, c).split(/\r?\n/)) if (line.trim()) title.push({ row: r, col: c, text: line.trim() });
    }
  }

  // The end of the table: a signature block outside its agency and note columns, on a row that is no indicator row.
  const inTableText = new Set([cols.agency, cols.note]);
  let end = view.rowCount;
  for (let r = header.rows[header.rows.length - 1] + 1; r <= view.rowCount; r++) {
    const texts = rowTexts(view, r);
    const signature = texts.some((t, i) => t !== "" && TABLE_END.test(t) && !inTableText.has(i + 1));
    const numbered = /^([ivx]+|\d+)( \d+)*$/.test(plainText(text(r, cols.stt)));
    if (signature && !numbered && !units.has(plainText(text(r, cols.unit)))) {
      end = r - 1;
      break;
    }
  }

  let valueByContent: SheetTable["valueByContent"];
  const byContent = valueColumn(view, header, units, Math.min(end, headerRow + MAX_TABLE_ROWS));
  if (byContent) {
    valueByContent = { named: cols.value, chosen: byContent.value };
    cols.value = byContent.value;
    cols.unit = byContent.unit;
  }

  const rows: TableRow[] = [];
  let truncatedAfter: number | undefined;
  for (let r = header.rows[header.rows.length - 1] + 1; r <= end; r++) {
    const spread = rowTexts(view, r, true);
    if (spread.every((t) => t === "")) continue;
    if (isHeaderRow(spread) || isNumbering(view, r)) continue; // the header repeated on a new page, its numbering row
    let stt = text(r, cols.stt).trim();
    let name = text(r, cols.name).trim();
    const unit = text(r, cols.unit).trim();
    const raw = view.raw(r, cols.value);
    const hasValue = !(raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === ""));
    if (stt === "" && name === "" && unit === "" && !hasValue) continue;
    if (name === "" && stt.length > 12) {
      // A section row typed in one cell merged across the table: "1. Công tác chỉ đạo điều hành CCHC".
      [stt, name] = splitNumber(stt) ?? ["", stt];
    } else if (stt === "" && name !== "") {
      [stt, name] = splitNumber(name) ?? [stt, name];
    }
    if (rows.length === MAX_TABLE_ROWS) {
      truncatedAfter = rows[rows.length - 1].row;
      break;
    }
    rows.push({ row: r, stt, name, unit, address: view.address(r, cols.value), raw });
  }
  return { view, headerRow, columns: cols, rows, truncatedAfter, title, valueByContent };
}
