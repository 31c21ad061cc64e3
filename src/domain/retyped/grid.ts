// A sheet as plain data — rows of cell values with their number formats, and the merged ranges — so
// that a file read by ExcelJS and the workbook open in Excel (Office.js) feed one recogniser.
import { columnLetter } from "../sheet/plan";
import { fromCellNumber, RawValue } from "../values";

export type GridValue = number | string | boolean | Date | null;

/** A sheet is read as far as this: more rows than any form with its title block and a narrative report above it. */
export const GRID_ROWS = 3000;
export const GRID_COLUMNS = 60;

export interface GridCell {
  value: GridValue;
  /** The cell's number format ("0%", "dd/mm", "@", "General") */
  numFmt?: string;
}

/** A merged range, 1-based and inclusive. */
export interface GridRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface GridSheet {
  name: string;
  /** rows[r - 1][c - 1] is the cell at row r, column c; missing entries are empty cells */
  rows: readonly (readonly (GridCell | null | undefined)[] | undefined)[];
  /** Empty when the source cannot say (the covered cells of a merge are then simply empty) */
  merges: readonly GridRange[];
}

/** A sheet with fast cell look-ups: the master of a merged cell, what a cell shows. */
export class SheetView {
  readonly rowCount: number;
  readonly colCount: number;
  private readonly master = new Map<number, number>();

  constructor(readonly sheet: GridSheet) {
    this.rowCount = sheet.rows.length;
    this.colCount = Math.min(
      GRID_COLUMNS,
      sheet.rows.reduce((n, r) => Math.max(n, r?.length ?? 0), 0),
    );
    for (const m of sheet.merges) {
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) this.master.set(key(r, c), key(m.top, m.left));
      }
    }
  }

  cell(row: number, col: number): GridCell | undefined {
    return this.sheet.rows[row - 1]?.[col - 1] ?? undefined;
  }

  /** A covered cell of a merge: its master holds the content. */
  covered(row: number, col: number): boolean {
    return this.master.has(key(row, col));
  }

  /** What the cell shows as text ("" for covered cells of a merge, unless `spread`: then the master's text). */
  text(row: number, col: number, spread = false): string {
    const m = this.master.get(key(row, col));
    if (m !== undefined) {
      if (!spread) return "";
      return this.text(Math.floor(m / 1024), m % 1024);
    }
    return cellText(this.cell(row, col));
  }

  /** The cell's value as the user sees it: percent cells in 0–100, date-formatted numbers as dates. */
  raw(row: number, col: number): RawValue {
    return this.covered(row, col) ? null : cellRawValue(this.cell(row, col));
  }

  address(row: number, col: number): string {
    return `${columnLetter(col)}${row}`;
  }
}

const key = (row: number, col: number) => row * 1024 + col;

/** A number format that shows a date (d, m, y outside quotes and brackets; not a plain number or percent). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "").toLowerCase();
  return /[dy]/.test(bare) || /(^|[^0#?])m/.test(bare.replace(/general/g, ""));
}

/** Excel's serial day number → the date (UTC midnight), as ExcelJS gives date cells. */
export function dateFromSerial(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400000));
}

export function cellRawValue(cell: GridCell | undefined): RawValue {
  if (!cell || cell.value === null || cell.value === undefined) return null;
  const v = cell.value;
  if (typeof v === "number") return isDateFormat(cell.numFmt) ? dateFromSerial(v) : fromCellNumber(v, cell.numFmt);
  if (typeof v === "string") return v;
  return v;
}

function cellText(cell: GridCell | undefined): string {
  const raw = cellRawValue(cell);
  if (raw === null || raw === undefined) return "";
  if (raw instanceof Date) return `${raw.getUTCDate()}/${raw.getUTCMonth() + 1}/${raw.getUTCFullYear()}`;
  return String(raw).trim();
}
