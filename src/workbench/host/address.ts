// A1 addresses as Excel writes them: cells ("D23"), ranges ("B3:D9"), whole columns ("H:H"),
// whole rows ("5:5"), optionally behind a sheet name ("'Phụ lục'!$D$12").
import { columnLetter } from "../../domain/sheet/plan";

export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export const WHOLE_SHEET: Area = { r1: 0, c1: 0, r2: MAX_ROWS - 1, c2: MAX_COLUMNS - 1 };

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function valid(a: Area): Area | undefined {
  const inside = a.r1 >= 0 && a.c1 >= 0 && a.r2 < MAX_ROWS && a.c2 < MAX_COLUMNS;
  return inside ? { r1: Math.min(a.r1, a.r2), c1: Math.min(a.c1, a.c2), r2: Math.max(a.r1, a.r2), c2: Math.max(a.c1, a.c2) } : undefined;
}

/** "A1", "$B$3:$D$9", "H:H", "5:7" → an area; undefined when it is not an A1 reference. */
export function parseArea(text: string): Area | undefined {
  const [from, to = from, extra] = text.trim().split(":");
  if (extra !== undefined) return undefined;
  const a = CELL.exec(from);
  const b = CELL.exec(to);
  if (a && b) return valid({ r1: Number(a[2]) - 1, c1: columnIndex(a[1]), r2: Number(b[2]) - 1, c2: columnIndex(b[1]) });
  if (text.includes(":")) {
    const ca = COLUMN.exec(from);
    const cb = COLUMN.exec(to);
    if (ca && cb) return valid({ r1: 0, c1: columnIndex(ca[1]), r2: MAX_ROWS - 1, c2: columnIndex(cb[1]) });
    const ra = ROW.exec(from);
    const rb = ROW.exec(to);
    if (ra && rb) return valid({ r1: Number(ra[1]) - 1, c1: 0, r2: Number(rb[1]) - 1, c2: MAX_COLUMNS - 1 });
  }
  return undefined;
}

/** "=Sheet1!A1", "'Phụ lục'!$D$12:$D$14", "B2" → optional sheet name and the area. */
export function parseReference(text: string): { sheet?: string; area: Area; local: string } | undefined {
  const m = /^=?\s*(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(text.trim());
  const local = (m ? m[3] : text.replace(/^=/, "")).trim();
  const area = parseArea(local);
  if (!area) return undefined;
  const sheet = m ? (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]) : undefined;
  return { sheet, area, local };
}

export function wholeColumns(a: Area): boolean {
  return a.r1 === 0 && a.r2 === MAX_ROWS - 1;
}

export function wholeRows(a: Area): boolean {
  return a.c1 === 0 && a.c2 === MAX_COLUMNS - 1;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col + 1)}${row + 1}`;
}

/** The way Excel writes an area: "A1", "A1:B2", "H:H", "5:5". */
export function formatArea(a: Area, absolute = false): string {
  const $ = absolute ? "$" : "";
  if (wholeColumns(a) && !wholeRows(a)) return `${$}${columnLetter(a.c1 + 1)}:${$}${columnLetter(a.c2 + 1)}`;
  if (wholeRows(a)) return `${$}${a.r1 + 1}:${$}${a.r2 + 1}`;
  const from = `${$}${columnLetter(a.c1 + 1)}${$}${a.r1 + 1}`;
  if (a.r1 === a.r2 && a.c1 === a.c2) return from;
  return `${from}:${$}${columnLetter(a.c2 + 1)}${$}${a.r2 + 1}`;
}

/** Excel quotes a sheet name unless it is a plain word that cannot be read as a cell reference. */
export function quoteSheet(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) && !/^R\d*C\d*$/i.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

export function sheetAddress(sheet: string, a: Area, absolute = false): string {
  return `${quoteSheet(sheet)}!${formatArea(a, absolute)}`;
}

export function cellCount(a: Area): number {
  return (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1);
}

export function contains(outer: Area, inner: Area): boolean {
  return inner.r1 >= outer.r1 && inner.r2 <= outer.r2 && inner.c1 >= outer.c1 && inner.c2 <= outer.c2;
}

export function overlaps(a: Area, b: Area): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}
