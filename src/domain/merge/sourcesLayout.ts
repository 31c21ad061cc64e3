// Where each piece of the sources sheet goes: the title, then each table one above the other (its
// title, a header row, its rows or the "none" line, a blank row), each table row's last cell spanning
// to the sheet's last column, and each line of text spanning the whole width. Plain data, so the
// ExcelJS and Office.js renderers lay it out alike.
import { wrappedHeight } from "../sheet/build";
import { MAX_CELL_TEXT, SourcesSheetPlan } from "./summaryPlan";

export interface SourcesCellStyle {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  border?: boolean;
  /** RRGGBB */
  fill?: string;
  wrap?: boolean;
}

export interface SourcesCell {
  row: number;
  col: number;
  /** Strings are text whatever they look like ("=…", "+…", "@…" from a received file stay text). */
  value: string | number;
  style: SourcesCellStyle;
}

export interface SourcesLayout {
  font: { name: string; size: number };
  cells: SourcesCell[];
  /** Row spans: columns `from`–`to` of `row` merged */
  merges: { row: number; from: number; to: number }[];
  rowHeights: { row: number; height: number }[];
  lastRow: number;
  lastCol: number;
  /** The first table's header row: it repeats on every printed page. */
  headerRow: number;
}

export const HEADER_FILL = "D9E2F3";

export function layoutSourcesSheet(plan: SourcesSheetPlan): SourcesLayout {
  const lastCol = plan.widths.length;
  const cells: SourcesCell[] = [];
  const merges: SourcesLayout["merges"] = [];
  const rowHeights: SourcesLayout["rowHeights"] = [];
  const put = (row: number, col: number, value: string | number, style: SourcesCellStyle) => {
    cells.push({
      row,
      col,
      value: typeof value === "string" && value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT)}…` : value,
      style,
    });
  };
  const tableRow = (row: number, values: (string | number)[], style: SourcesCellStyle) => {
    const widths = values.map((_, i) => (i < values.length - 1 ? plan.widths[i] : plan.widths.slice(i).reduce((a, b) => a + b, 0)));
    // One style object for the row's cells (a unit table row has a cell per unit).
    const cellStyle = { ...style, border: true, wrap: true };
    values.forEach((v, i) => put(row, i + 1, v, cellStyle));
    if (values.length < lastCol) merges.push({ row, from: values.length, to: lastCol });
    const height = wrappedHeight(values.map((v, i) => [String(v), widths[i]]));
    if (height) rowHeights.push({ row, height });
  };
  const allWidth = plan.widths.reduce((a, b) => a + b, 0);
  /** A line of text across the sheet's width (Excel would overflow it; readers that do not, wrap it). */
  const line = (row: number, text: string, style: SourcesCellStyle) => {
    put(row, 1, text, { ...style, wrap: true });
    merges.push({ row, from: 1, to: lastCol });
    const height = wrappedHeight([[text, allWidth]]);
    if (height) rowHeights.push({ row, height });
  };
  line(1, plan.title, { bold: true, size: 14 });
  line(2, plan.subtitle, { italic: true });
  let row = 4;
  for (const table of plan.tables) {
    line(row++, table.title, { bold: true, size: 12 });
    tableRow(row++, table.headers, { bold: true, fill: HEADER_FILL });
    if (table.rows.length === 0) line(row++, table.empty, { italic: true });
    for (const r of table.rows) tableRow(row++, r, {});
    row++;
  }
  return { font: { name: "Times New Roman", size: 11 }, cells, merges, rowHeights, lastRow: row - 2, lastCol, headerRow: 5 };
}
