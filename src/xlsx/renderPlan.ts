// Writes a sheet plan (a form, or a summary with its sources sheet) as .xlsx bytes through the
// streaming writer: one pass over the cells, row by row, so a summary of ten thousand reports costs
// time and memory in proportion to its size. The Office.js renderer writes the same plans.
import { SOURCES_FONT, SOURCES_STYLES, SourcesCellStyle, sourcesFrame, sourcesRows } from "../domain/merge/sourcesLayout";
import { SourcesSheetPlan, SummaryPlan } from "../domain/merge/summaryPlan";
import { address, cellPosition, CellStyle, columnLetter, PAGE_FOOTER, PlannedCell, SheetPlan, SOURCES_MARGINS } from "../domain/sheet/plan";
import { parseMetadata } from "../domain/workbookContract";
import { DeflatedPart, sheetPartBytes, XlsxCell, XlsxSheetOptions, XlsxSheetWriter, XlsxWriter, ZipEntry } from "./xlsxWriter";

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

/** The cell styles of the sources sheets as the workbook numbers them, by styleKey. */
export type SourcesStyleIds = Record<string, number>;

const styleKey = (s: SourcesCellStyle, isText: boolean) => `${s.bold}|${s.italic}|${s.size}|${s.border}|${s.fill}|${s.wrap}|${isText}`;

/** Every style the layout uses (SOURCES_STYLES), for text and for the rest, registered with the workbook. */
function sourcesStyleIds(book: XlsxWriter): SourcesStyleIds {
  const ids: SourcesStyleIds = {};
  for (const s of Object.values(SOURCES_STYLES) as SourcesCellStyle[]) {
    for (const isText of [true, false]) {
      ids[styleKey(s, isText)] = book.style({
        font: { name: SOURCES_FONT.name, size: s.size ?? SOURCES_FONT.size, bold: s.bold, italic: s.italic },
        vertical: "top",
        wrap: s.wrap,
        border: s.border,
        fill: s.fill,
        // A string is written as text whatever it looks like ("=…", "+…", "@…" from a received file stay text).
        numFmt: isText ? "@" : undefined,
      });
    }
  }
  return ids;
}

/**
 * How a sheet of tables laid out by sourcesRows (as the Office.js renderer lays them out) is set up: the
 * sources, and the per-unit table, which prints at full size with its first columns and header row on every page.
 */
function sourcesSheetOptions(plan: SourcesSheetPlan): XlsxSheetOptions {
  const layout = sourcesFrame(plan);
  const repeat = plan.repeatColumns;
  const footer = `&C&"${layout.font.name},Regular"&11${PAGE_FOOTER}`;
  return {
    name: plan.sheetName,
    columns: plan.widths.map((width) => ({ width })),
    dimension: `A1:${address(Math.max(layout.lastRow, 1), layout.lastCol)}`,
    frozenRows: repeat ? layout.headerRow : undefined,
    frozenColumns: repeat,
    page: repeat
      ? { paperSize: 9, orientation: "landscape", scale: 100, margins: SOURCES_MARGINS, footer }
      : { paperSize: 9, orientation: "landscape", fitToWidth: 1, fitToHeight: 0, footer },
  };
}

/** The first columns and the header row on every printed page, for a sheet that repeats them. */
function printTitles(book: XlsxWriter, plan: SourcesSheetPlan, index: number): void {
  if (!plan.repeatColumns) return;
  const quoted = `'${plan.sheetName.replace(/'/g, "''")}'`;
  const header = sourcesFrame(plan).headerRow;
  book.definedName("_xlnm.Print_Titles", `${quoted}!$A:$${columnLetter(plan.repeatColumns)},${quoted}!$${header}:$${header}`, index);
}

/** The sheet's rows as they are laid out (a national merge's unit table is never held as a whole), then its merges. */
function writeSourcesRows(sheet: XlsxSheetWriter, plan: SourcesSheetPlan, ids: SourcesStyleIds): void {
  const merges: string[] = [];
  for (const { row, values, style, merge, height } of sourcesRows(plan)) {
    const [text, other] = [ids[styleKey(style, true)], ids[styleKey(style, false)]];
    if (text === undefined || other === undefined) throw new Error("writeSourcesRows: a row's style is not one of SOURCES_STYLES");
    // An empty text (a unit's blank) leaves its cell blank, as Excel and Office.js do.
    const written: XlsxCell[] = values.map((value, i) => ({
      col: i + 1,
      value: value === "" ? undefined : value,
      style: typeof value === "string" ? text : other,
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

/** What a units sheet written on its own needs (sourcesSheetBytes): plain data, so another thread can take it. */
export interface SourcesSheetJob {
  options: XlsxSheetOptions;
  plan: SourcesSheetPlan;
  ids: SourcesStyleIds;
}

/** A sources sheet's part written on its own, its strings inline: the bytes XlsxWriter.sheetPart takes. */
export function sourcesSheetBytes(job: SourcesSheetJob, index: number): Uint8Array {
  return sheetPartBytes(job.options, index, (sheet) => writeSourcesRows(sheet, job.plan, job.ids));
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
  /** Writes the units sheet (sourcesSheetBytes) elsewhere, the CLI on a worker thread; here when not given. */
  unitsSheet?: (job: SourcesSheetJob, index: number) => Promise<Uint8Array | DeflatedPart>;
}

/** planBytes, asynchronously (the callers await either writer). Bytes, not a Buffer: the task pane writes plans too. */
export async function planToBuffer(plan: SheetPlan, options: WriteOptions = {}): Promise<Uint8Array> {
  return planBytes(plan, options);
}

/** The summary workbook: the indicator sheet with the totals, its `_cchc` sheet, the per-unit table and the sources sheet. */
export async function summaryToBuffer(plan: SummaryPlan, options: WriteOptions = {}): Promise<Uint8Array> {
  const book = new XlsxWriter({ creator: CREATOR, modified: createdAt(plan.sheet), zipEntry: options.zipEntry });
  writeSheetPlan(book, plan.sheet);
  const ids = sourcesStyleIds(book);
  // The units sheet (a value per unit and indicator) is written with its strings inline, wherever it is
  // written, while this thread writes the sources sheet: the same bytes either way.
  const job: SourcesSheetJob = { options: sourcesSheetOptions(plan.units), plan: plan.units, ids };
  const write = options.unitsSheet ?? (async (j: SourcesSheetJob, index: number) => sourcesSheetBytes(j, index));
  printTitles(
    book,
    plan.units,
    book.sheetPart(job.options, (index) => write(job, index)),
  );
  const sources = book.sheet(sourcesSheetOptions(plan.sources));
  printTitles(book, plan.sources, sources.index);
  writeSourcesRows(sources, plan.sources, ids);
  return book.finished();
}
