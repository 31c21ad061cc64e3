// Where each piece of the sources sheet goes: the title, then each table one above the other (its
// title, a header row, its rows or the "none" line, a blank row), each table row's last cell spanning
// to the sheet's last column, and each line of text spanning the whole width. Plain data, so the
// ExcelJS and Office.js renderers lay it out alike.
import { wrappedHeight, wrappedRowHeight } from "../sheet/build";
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

/** Every style the layout gives a row, shared objects (a renderer can prepare them all first). */
export const SOURCES_STYLES = {
  title: { bold: true, size: 14, wrap: true },
  subtitle: { italic: true, wrap: true },
  tableTitle: { bold: true, size: 12, wrap: true },
  header: { bold: true, fill: HEADER_FILL, border: true, wrap: true },
  row: { border: true, wrap: true },
} satisfies Record<string, SourcesCellStyle>;

/**
 * One row of the sheet: its values in columns 1, 2, … with one style (a unit table row has a value per
 * unit: no object per cell), the columns its last value spans, its height when its text wraps.
 */
export interface SourcesRow {
  row: number;
  values: (string | number)[];
  style: SourcesCellStyle;
  merge?: { from: number; to: number };
  height?: number;
}

export const SOURCES_FONT = { name: "Times New Roman", size: 11 };
/** The first table's header row: it repeats on every printed page. */
const HEADER_ROW = 5;

/** What the sheet is apart from its rows: its font, extent and repeated header row, known before they are laid out. */
export function sourcesFrame(plan: SourcesSheetPlan): Omit<SourcesLayout, "cells" | "merges" | "rowHeights"> {
  // The title and subtitle, a blank row, then each table: its title, header, rows (or the "none" line) and a blank row.
  const tables = plan.tables.reduce((n, t) => n + 3 + Math.max(t.rows.length, 1), 0);
  return { font: SOURCES_FONT, lastRow: 2 + tables, lastCol: plan.widths.length, headerRow: HEADER_ROW };
}

/**
 * The sheet's rows one at a time, top to bottom: the xlsx writer writes each as it comes (the unit table
 * of a national merge has millions of cells), the other renderers take them all (layoutSourcesSheet).
 */
export function* sourcesRows(plan: SourcesSheetPlan): Generator<SourcesRow> {
  const lastCol = plan.widths.length;
  const tooLong = (value: string | number): value is string => typeof value === "string" && value.length > MAX_CELL_TEXT;
  const fit = (value: string | number) => (tooLong(value) ? `${value.slice(0, MAX_CELL_TEXT)}…` : value);
  const tableRow = (row: number, values: (string | number)[], style: SourcesCellStyle): SourcesRow => {
    // The last value spans the columns left.
    const last = values.length - 1;
    const lastWidth = plan.widths.slice(last).reduce((a, b) => a + b, 0);
    return {
      row,
      // The table's own array unless a text must be cut: a unit table row has a value per unit.
      values: values.some(tooLong) ? values.map(fit) : values,
      style,
      merge: values.length < lastCol ? { from: values.length, to: lastCol } : undefined,
      height: wrappedRowHeight(values, (i) => (i < last ? plan.widths[i] : lastWidth)),
    };
  };
  const allWidth = plan.widths.reduce((a, b) => a + b, 0);
  /** A line of text across the sheet's width (Excel would overflow it; readers that do not, wrap it). */
  const line = (row: number, text: string, style: SourcesCellStyle): SourcesRow => ({
    row,
    values: [fit(text)],
    style,
    merge: { from: 1, to: lastCol },
    height: wrappedHeight([[text, allWidth]]),
  });
  yield line(1, plan.title, SOURCES_STYLES.title);
  yield line(2, plan.subtitle, SOURCES_STYLES.subtitle);
  let row = 4;
  for (const table of plan.tables) {
    yield line(row++, table.title, SOURCES_STYLES.tableTitle);
    yield tableRow(row++, table.headers, SOURCES_STYLES.header);
    if (table.rows.length === 0) yield line(row++, table.empty, SOURCES_STYLES.subtitle);
    for (const r of table.rows) yield tableRow(row++, r, SOURCES_STYLES.row);
    row++;
  }
}

/** The whole sheet laid out at once. */
export function layoutSourcesSheet(plan: SourcesSheetPlan): SourcesLayout {
  const layout: SourcesLayout = { ...sourcesFrame(plan), cells: [], merges: [], rowHeights: [] };
  for (const { row, values, style, merge, height } of sourcesRows(plan)) {
    values.forEach((value, i) => layout.cells.push({ row, col: i + 1, value, style }));
    if (merge) layout.merges.push({ row, ...merge });
    if (height) layout.rowHeights.push({ row, height });
  }
  return layout;
}
