// Writes a sheet plan (a form, or a summary with its sources sheet) as .xlsx bytes through the
// streaming writer: one pass over the cells, row by row, so a summary of ten thousand reports costs
// time and memory in proportion to its size. The Office.js renderer writes the same plans.
import { SourcesCellStyle, sourcesFrame, sourcesRows } from "../domain/merge/sourcesLayout";
import { SourcesSheetPlan, SummaryPlan } from "../domain/merge/summaryPlan";
import { address, cellPosition, CellStyle, columnLetter, PAGE_FOOTER, PlannedCell, SheetPlan, SOURCES_MARGINS } from "../domain/sheet/plan";
import { parseMetadata } from "../domain/workbookContract";
import { XlsxCell, XlsxSheetWriter, XlsxWriter, ZipEntry } from "./xlsxWriter";

const CREATOR = "Biểu mẫu CCHC";

/**
 * Writes cells (any order) row by row, each turned into the writer's cell only when its row is written.
 * The cells a merge covers take its first cell's style and lose any value, as spreadsheets show them;
 * merges never overlap in our layouts, so none is checked.
 */
function writeGrid<T extends { row: number; col: number }>(
  sheet: XlsxSheetWriter,
  cells: readonly T[],
  toCell: (c: T) => XlsxCell,
  merges: { r1: number; c1: number; r2: number; c2: number }[],
  heights: Map<number, number>,
): string[] {
  const rows: T[][] = [];
  for (const c of cells) (rows[c.row] ??= []).push(c);
  const fillers: XlsxCell[][] = [];
  for (const m of merges) {
    const first = rows[m.r1]?.find((c) => c.col === m.c1);
    const style = first && toCell(first).style;
    for (let r = m.r1; r <= m.r2; r++) {
      const row = (fillers[r] ??= []);
      for (let col = m.c1; col <= m.c2; col++) if (r !== m.r1 || col !== m.c1) row.push({ col, style });
    }
  }
  let last = Math.max(rows.length, fillers.length) - 1;
  for (const r of heights.keys()) last = Math.max(last, r);
  for (let r = 1; r <= last; r++) {
    const filled = fillers[r];
    // A merge's filler replaces the cell it covers.
    const covered = filled && new Set(filled.map((f) => f.col));
    const own = rows[r] ?? [];
    const row = covered
      ? own
          .filter((c) => !covered.has(c.col))
          .map(toCell)
          .concat(filled)
      : own.map(toCell);
    row.sort((a, b) => a.col - b.col);
    if (row.length > 0 || heights.has(r)) sheet.row(r, row, heights.get(r));
  }
  return merges.map((m) => `${address(m.r1, m.c1)}:${address(m.r2, m.c2)}`);
}

/** Extent of the written cells, for the sheet's dimension. */
function dimensionOf(cells: Iterable<{ row: number; col: number }>): string {
  let rows = 1;
  let cols = 1;
  for (const c of cells) {
    if (c.row > rows) rows = c.row;
    if (c.col > cols) cols = c.col;
  }
  return `A1:${address(rows, cols)}`;
}

/** "'Phụ lục'" and "A1:F136" → "'Phụ lục'!$A$1:$F$136": LibreOffice honours a print area only with absolute anchors. */
function absoluteRange(quotedSheet: string, range: string): string {
  return `${quotedSheet}!${range
    .split(":")
    .map((a) => a.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"))
    .join(":")}`;
}

/** The indicator sheet and its very hidden `_cchc` sheet. */
function writeSheetPlan(book: XlsxWriter, plan: SheetPlan): void {
  const styleIds = new Map<CellStyle, number>();
  const styleOf = (s: CellStyle): number => {
    let id = styleIds.get(s);
    if (id === undefined) {
      id = book.style({
        font: { name: plan.font.name, size: s.size ?? plan.font.size, bold: s.bold, italic: s.italic, underline: s.underline },
        horizontal: s.align,
        vertical: s.vertical ?? "middle",
        wrap: s.wrap,
        border: s.border,
        fill: s.fill,
        numFmt: s.numFmt,
        unlocked: s.unlocked,
        protection: true,
      });
      styleIds.set(s, id);
    }
    return id;
  };
  const columnStyle = book.style({ font: plan.font });
  const hidden = new Set(plan.hiddenColumns);
  const sheet = book.sheet({
    name: plan.sheetName,
    columns: plan.columns.map((c, i) => ({ width: c.width, hidden: hidden.has(i + 1), style: columnStyle })),
    defaultRowHeight: 18,
    frozenRows: plan.headerRows.last,
    dimension: dimensionOf(plan.cells),
    page: {
      paperSize: 9,
      orientation: plan.print.orientation,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: plan.print.margins,
      blackAndWhite: plan.print.blackAndWhite,
      footer: `&C&"${plan.font.name},Regular"&11${plan.print.footer}`,
    },
  });
  const merges = plan.merges.map((range) => {
    const [from, to] = range.split(":").map(cellPosition);
    return { r1: from.row, c1: from.col, r2: to.row, c2: to.col };
  });
  const toCell = (c: PlannedCell): XlsxCell => ({ col: c.col, value: c.value, formula: c.formula, style: styleOf(c.style) });
  const written = writeGrid(sheet, plan.cells, toCell, merges, new Map(plan.rowHeights.map((h) => [h.row, h.height])));
  sheet.end({
    protect: plan.protect,
    merges: written,
    conditionalFormats: plan.conditionalFormats,
    validations: plan.validations.map((v) => ({
      range: v.range,
      type: v.type,
      formula: v.type === "list" ? `"${v.formula}"` : v.formula,
      promptTitle: v.prompt.title,
      prompt: v.prompt.text,
      errorTitle: v.error.title,
      error: v.error.text,
      errorStyle: v.errorStyle,
    })),
  });
  for (const n of plan.definedNames) book.definedName(n.name, n.ref);
  const quoted = `'${plan.sheetName.replace(/'/g, "''")}'`;
  book.definedName("_xlnm.Print_Area", absoluteRange(quoted, plan.printArea), sheet.index);
  book.definedName("_xlnm.Print_Titles", `${quoted}!$${plan.headerRows.first}:$${plan.headerRows.last}`, sheet.index);

  const meta = book.sheet({ name: plan.metadata.sheetName, state: "veryHidden", columns: [{ width: 20 }, { width: 60 }] });
  // Written as text whatever it looks like, so a value such as "=..." can never become a formula.
  const text = book.style({ numFmt: "@" });
  plan.metadata.entries.forEach(([key, value], i) =>
    meta.row(i + 1, [
      { col: 1, value: key },
      { col: 2, value, style: text },
    ]),
  );
  meta.end();
}

/**
 * A sheet of tables laid out by sourcesRows (as the Office.js renderer lays them out): the sources, and
 * the per-unit table, which prints at full size with its first columns and header row on every page.
 */
function writeSourcesSheet(book: XlsxWriter, plan: SourcesSheetPlan): void {
  const layout = sourcesFrame(plan);
  const repeat = plan.repeatColumns;
  const footer = `&C&"${layout.font.name},Regular"&11${PAGE_FOOTER}`;
  const sheet = book.sheet({
    name: plan.sheetName,
    columns: plan.widths.map((width) => ({ width })),
    dimension: `A1:${address(Math.max(layout.lastRow, 1), layout.lastCol)}`,
    frozenRows: repeat ? layout.headerRow : undefined,
    frozenColumns: repeat,
    page: repeat
      ? { paperSize: 9, orientation: "landscape", scale: 100, margins: SOURCES_MARGINS, footer }
      : { paperSize: 9, orientation: "landscape", fitToWidth: 1, fitToHeight: 0, footer },
  });
  if (repeat) {
    const quoted = `'${plan.sheetName.replace(/'/g, "''")}'`;
    book.definedName(
      "_xlnm.Print_Titles",
      `${quoted}!$A:$${columnLetter(repeat)},${quoted}!$${layout.headerRow}:$${layout.headerRow}`,
      sheet.index,
    );
  }
  const styleIds = new Map<string, number>();
  // Each row's values share one style: looked up once per row, by object first (a national merge has a million cells).
  const byObject = new WeakMap<SourcesCellStyle, { text?: number; other?: number }>();
  const idOf = (s: SourcesCellStyle, isText: boolean): number => {
    const key = `${s.bold}|${s.italic}|${s.size}|${s.border}|${s.fill}|${s.wrap}|${isText}`;
    let style = styleIds.get(key);
    if (style === undefined) {
      style = book.style({
        font: { name: layout.font.name, size: s.size ?? layout.font.size, bold: s.bold, italic: s.italic },
        vertical: "top",
        wrap: s.wrap,
        border: s.border,
        fill: s.fill,
        // A string is written as text whatever it looks like ("=…", "+…", "@…" from a received file stay text).
        numFmt: isText ? "@" : undefined,
      });
      styleIds.set(key, style);
    }
    return style;
  };
  // Row by row as they are laid out: a national merge's unit table is never held as a whole.
  const merges: string[] = [];
  for (const { row, values, style, merge, height } of sourcesRows(plan)) {
    let ids = byObject.get(style);
    if (!ids) byObject.set(style, (ids = {}));
    const known = ids;
    const written: XlsxCell[] = values.map((value, i) => ({
      col: i + 1,
      value,
      style: typeof value === "string" ? (known.text ??= idOf(style, true)) : (known.other ??= idOf(style, false)),
    }));
    if (merge) {
      // The cells a merge covers take its first cell's style, as spreadsheets show them (no cell of ours lies under one).
      const first = written[merge.from - 1]?.style;
      for (let col = merge.from + 1; col <= merge.to; col++) written.push({ col, style: first });
      merges.push(`${address(row, merge.from)}:${address(row, merge.to)}`);
    }
    sheet.row(row, written, height);
  }
  sheet.end({ merges });
}

/** The time the workbook says it was made (its `_cchc` createdAt), also its package's modified time. */
function createdAt(plan: SheetPlan): string {
  const read = parseMetadata(plan.metadata.entries, plan.metadata.sheetName);
  return (read.ok ? read.meta.createdAt : undefined) ?? new Date().toISOString();
}

/** A form (or any sheet plan): the indicator sheet and its `_cchc` sheet, as bytes (browser-safe). */
export function planBytes(plan: SheetPlan, options: WriteOptions = {}): Uint8Array {
  const book = new XlsxWriter({ creator: CREATOR, modified: createdAt(plan), zipEntry: options.zipEntry });
  writeSheetPlan(book, plan);
  return book.finish();
}

export interface WriteOptions {
  /** How zip entries are compressed (the CLI passes Node's zlib); fflate when not given. */
  zipEntry?: (filename: string) => ZipEntry;
}

/** planBytes, asynchronously (the callers await either writer). Bytes, not a Buffer: the task pane writes plans too. */
export async function planToBuffer(plan: SheetPlan, options: WriteOptions = {}): Promise<Uint8Array> {
  return planBytes(plan, options);
}

/** The summary workbook: the indicator sheet with the totals, its `_cchc` sheet, the per-unit table and the sources sheet. */
export async function summaryToBuffer(plan: SummaryPlan, options: WriteOptions = {}): Promise<Uint8Array> {
  const book = new XlsxWriter({ creator: CREATOR, modified: createdAt(plan.sheet), zipEntry: options.zipEntry });
  writeSheetPlan(book, plan.sheet);
  writeSourcesSheet(book, plan.units);
  writeSourcesSheet(book, plan.sources);
  return book.finished();
}
