// Everything a reader sees in a workbook, as plain data read back with ExcelJS: sheets, cells (value,
// formula, cached result, style), merges, columns, row heights, names, conditional formats,
// validations, protection, views and page setup. Two workbooks with equal content are the same
// workbook to their users, whichever writer made them.
import ExcelJS from "exceljs";

/** Drops undefined and false-y defaults so that "not written" and "written as the default" compare equal. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
      const c = clean(v);
      if (c === undefined || c === false || (c && typeof c === "object" && Object.keys(c).length === 0)) continue;
      out[k] = c;
    }
    return out;
  }
  return value;
}

function cellContent(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  // A merged cell reads as its first cell's value in ExcelJS: say which cell covers it instead.
  const value =
    cell.type === ExcelJS.ValueType.Merge
      ? { merged: cell.master.address }
      : v && typeof v === "object" && "formula" in v
        ? { formula: v.formula, result: cell.result ?? null }
        : v;
  const s = cell.style;
  // The default font's theme colour and scheme belong to ExcelJS's theme part, which we do not write.
  const { scheme: _scheme, color, ...font } = s.font ?? {};
  return clean({
    type: cell.type,
    value,
    font: { ...font, color: color && "theme" in color ? undefined : color },
    alignment: s.alignment,
    border: s.border,
    fill: s.fill,
    numFmt: s.numFmt === "General" ? undefined : s.numFmt,
    // Locked is the default: only an unlocked cell says something.
    unlocked: s.protection?.locked === false,
  });
}

/** "$A$1:$F$136" and "$A1:$F136" name the same range. */
const range = (ref: string) => ref.replace(/\$/g, "");

function sheetContent(ws: ExcelJS.Worksheet) {
  const cells: Record<string, unknown> = {};
  const heights: Record<number, number> = {};
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    if (row.height !== undefined && row.height !== ws.properties.defaultRowHeight) heights[r] = row.height;
    row.eachCell({ includeEmpty: true }, (cell) => {
      cells[cell.address] = cellContent(cell);
    });
  });
  const columns: unknown[] = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const col = ws.getColumn(c);
    // ExcelJS leaves out a column of its default width 9.
    columns.push(clean({ width: col.width === 9 ? undefined : col.width, hidden: col.hidden, font: col.font }));
  }
  const ps = ws.pageSetup;
  // Parts of the model that ExcelJS's typings do not name.
  const model = ws.model as unknown as { merges: string[] };
  const untyped = ws as unknown as { conditionalFormattings: unknown; sheetProtection: unknown; dataValidations: { model: unknown } };
  const views = (ws.views ?? []) as Partial<ExcelJS.WorksheetViewFrozen>[];
  return clean({
    name: ws.name,
    state: ws.state,
    cells,
    heights,
    columns,
    merges: [...model.merges].sort(),
    conditionalFormats: untyped.conditionalFormattings,
    validations: untyped.dataValidations.model,
    protection: untyped.sheetProtection,
    frozen: views.filter((v) => v.state === "frozen").map((v) => ({ ySplit: v.ySplit, xSplit: v.xSplit || undefined })),
    page: {
      paperSize: ps.paperSize,
      orientation: ps.orientation,
      fitToPage: ps.fitToPage,
      fitToWidth: ps.fitToWidth,
      fitToHeight: ps.fitToHeight,
      margins: ps.margins,
      horizontalCentered: ps.horizontalCentered,
      printArea: ps.printArea && range(ps.printArea),
      printTitlesRow: ps.printTitlesRow,
      printTitlesColumn: ps.printTitlesColumn,
      blackAndWhite: ps.blackAndWhite,
      scale: ps.scale,
      footer: ws.headerFooter?.oddFooter,
    },
  });
}

/** A sheet's content, as compared; the other fields (styles, merges, page…) are compared whole. */
export interface SheetContent {
  name: string;
  state?: string;
  cells: Record<string, { value?: unknown }>;
}

export async function workbookContent(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const names = (wb.definedNames.model as { name: string; ranges: string[] }[])
    .map((n) => ({ name: n.name, ranges: n.ranges.map(range) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { creator: wb.creator, sheets: wb.worksheets.map(sheetContent) as SheetContent[], names };
}
