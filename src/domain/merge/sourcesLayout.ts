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

/** One row of the sheet: its cells in column order, the columns its last cell spans, its height when its text wraps. */
export interface SourcesRow {
  row: number;
  cells: SourcesCell[];
  merge?: { from: number; to: number };
  height?: number;
}

const FONT = { name: "Times New Roman", size: 11 };
/** The first table's header row: it repeats on every printed page. */
const HEADER_ROW = 5;

/** What the sheet is apart from its rows: its font, extent and repeated header row, known before they are laid out. */
export function sourcesFrame(plan: SourcesSheetPlan): Omit<SourcesLayout, "cells" | "merges" | "rowHeights"> {
  // The title and subtitle, a blank row, then each table: its title, header, rows (or the "none" line) and a blank row.
  const tables = plan.tables.reduce((n, t) => n + 3 + Math.max(t.rows.length, 1), 0);
  return { font: FONT, lastRow: 2 + tables, lastCol: plan.widths.length, headerRow: HEADER_ROW };
}

/**
 * The sheet's rows one at a time, top to bottom: the xlsx writer writes each as it comes (the unit table
 * of a national merge has millions of cells), the other renderers take them all (layoutSourcesSheet).
 */
export function* sourcesRows(plan: SourcesSheetPlan): Generator<SourcesRow> {
  const lastCol = plan.widths.length;
  const cell = (row: number, col: number, value: string | number, style: SourcesCellStyle): SourcesCell => ({
    row,
    col,
    value: typeof value === "string" && value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT)}…` : value,
    style,
  });
  const tableRow = (row: number, values: (string | number)[], style: SourcesCellStyle): SourcesRow => {
    const widths = values.map((_, i) => (i < values.length - 1 ? plan.widths[i] : plan.widths.slice(i).reduce((a, b) => a + b, 0)));
    // One style object for the row's cells (a unit table row has a cell per unit).
    const cellStyle = { ...style, border: true, wrap: true };
    return {
      row,
      cells: values.map((v, i) => cell(row, i + 1, v, cellStyle)),
      merge: values.length < lastCol ? { from: values.length, to: lastCol } : undefined,
      height: wrappedHeight(values.map((v, i) => [String(v), widths[i]])),
    };
  };
  const allWidth = plan.widths.reduce((a, b) => a + b, 0);
  /** A line of text across the sheet's width (Excel would overflow it; readers that do not, wrap it). */
  const line = (row: number, text: string, style: SourcesCellStyle): SourcesRow => ({
    row,
    cells: [cell(row, 1, text, { ...style, wrap: true })],
    merge: { from: 1, to: lastCol },
    height: wrappedHeight([[text, allWidth]]),
  });
  yield line(1, plan.title, { bold: true, size: 14 });
  yield line(2, plan.subtitle, { italic: true });
  let row = 4;
  for (const table of plan.tables) {
    yield line(row++, table.title, { bold: true, size: 12 });
    yield tableRow(row++, table.headers, { bold: true, fill: HEADER_FILL });
    if (table.rows.length === 0) yield line(row++, table.empty, { italic: true });
    for (const r of table.rows) yield tableRow(row++, r, {});
    row++;
  }
}

/** The whole sheet laid out at once. */
export function layoutSourcesSheet(plan: SourcesSheetPlan): SourcesLayout {
  const layout: SourcesLayout = { ...sourcesFrame(plan), cells: [], merges: [], rowHeights: [] };
  for (const { row, cells, merge, height } of sourcesRows(plan)) {
    for (const c of cells) layout.cells.push(c);
    if (merge) layout.merges.push({ row, ...merge });
    if (height) layout.rowHeights.push({ row, height });
  }
  return layout;
}
