// The Office.js renderer: writes a sheet plan into the open workbook — the same plan the ExcelJS
// renderer writes to files. Everything is queued into one batch and sent in a single sync, so an
// insert costs the same number of round trips whatever the template's size.
import { address, CellStyle, columnLetter, PlannedCell, SheetPlan } from "../domain/sheet/plan";
import { asCellText } from "../domain/values";

/** Excel column width units (characters of the default font) → points, as Excel converts them. */
export function widthInPoints(chars: number): number {
  return Math.round(Math.trunc(chars * 7 + 5) * 0.75 * 100) / 100;
}

function cellInput(c: PlannedCell | undefined): string | number {
  if (!c) return "";
  if (c.formula !== undefined) return `=${c.formula}`;
  if (c.value === undefined) return "";
  return typeof c.value === "string" ? asCellText(c.value) : c.value;
}

// String literals, not the Excel.* enums: the workbench runs without Office's globals.
const ALIGN = { left: "Left", center: "Center", right: "Right" } as const;
const VERTICAL = { top: "Top", middle: "Center", bottom: "Bottom" } as const;

function styleKey(s: CellStyle): string {
  return JSON.stringify([s.bold, s.italic, s.underline, s.size, s.align, s.vertical, s.wrap, s.border, s.fill, s.unlocked]);
}

/** Consecutive cells of a row with the same style, so formats are set once per run, not per cell. */
function styleRuns(plan: SheetPlan): { range: string; style: CellStyle }[] {
  const byRow = new Map<number, PlannedCell[]>();
  for (const c of plan.cells) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
  const runs: { range: string; style: CellStyle }[] = [];
  for (const [row, cells] of byRow) {
    cells.sort((a, b) => a.col - b.col);
    let start = 0;
    for (let i = 1; i <= cells.length; i++) {
      const same = i < cells.length && cells[i].col === cells[i - 1].col + 1 && styleKey(cells[i].style) === styleKey(cells[start].style);
      if (same) continue;
      const from = address(row, cells[start].col);
      const to = address(row, cells[i - 1].col);
      runs.push({ range: from === to ? from : `${from}:${to}`, style: cells[start].style });
      start = i;
    }
  }
  return runs;
}

/** `api19`: RangeFont.underline is ExcelApi 1.9, like the page layout. */
function applyStyle(range: Excel.Range, s: CellStyle, multiColumn: boolean, api19: boolean): void {
  const f = range.format;
  if (s.bold) f.font.bold = true;
  if (s.italic) f.font.italic = true;
  if (s.underline && api19) f.font.underline = "Single";
  if (s.size) f.font.size = s.size;
  if (s.align) f.horizontalAlignment = ALIGN[s.align];
  f.verticalAlignment = VERTICAL[s.vertical ?? "middle"];
  if (s.wrap) f.wrapText = true;
  if (s.fill) f.fill.color = `#${s.fill}`;
  if (s.border) {
    const edges = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", ...(multiColumn ? ["InsideVertical"] : [])];
    for (const edge of edges) {
      const b = f.borders.getItem(edge as Excel.BorderIndex);
      b.style = "Continuous";
      b.color = "#000000";
    }
  }
  if (s.unlocked) f.protection.locked = false;
}

export interface WritePlanOptions {
  /** ExcelApi 1.9 (page layout) is missing in Excel 2019: the print setup is then left to the user. */
  pageLayout: boolean;
}

/**
 * Queues the whole sheet (values and formulas as one 2D array, number formats as another, styles by
 * runs, merges, names, validations, conditional formats, print setup, protection) and the very
 * hidden `_cchc` sheet. The caller syncs once.
 */
export function queuePlan(context: Excel.RequestContext, plan: SheetPlan, options: WritePlanOptions): Excel.Worksheet {
  const ws = context.workbook.worksheets.add(plan.sheetName);
  const whole = `A1:${address(plan.lastRow, plan.columns.length)}`;
  const grid = new Map(plan.cells.map((c) => [`${c.row}:${c.col}`, c]));
  const rows = Array.from({ length: plan.lastRow }, (_, r) =>
    Array.from({ length: plan.columns.length }, (_, c) => grid.get(`${r + 1}:${c + 1}`)),
  );

  const all = ws.getRange(whole);
  all.format.font.name = plan.font.name;
  all.format.font.size = plan.font.size;
  all.numberFormat = rows.map((r) => r.map((c) => c?.style.numFmt ?? "General"));
  plan.columns.forEach((c, i) => {
    ws.getRange(`${columnLetter(i + 1)}:${columnLetter(i + 1)}`).format.columnWidth = widthInPoints(c.width);
  });
  for (const run of styleRuns(plan)) applyStyle(ws.getRange(run.range), run.style, run.range.includes(":"), options.pageLayout);
  for (const range of plan.merges) ws.getRange(range).merge(false);
  for (const h of plan.rowHeights) ws.getRange(`${h.row}:${h.row}`).format.rowHeight = h.height;
  // Values after formats: a text-formatted cell keeps what is written as text.
  all.formulas = rows.map((r) => r.map(cellInput));
  for (const col of plan.hiddenColumns) ws.getRange(`${columnLetter(col)}:${columnLetter(col)}`).columnHidden = true;

  for (const n of plan.definedNames) context.workbook.names.add(n.name, `=${n.ref}`);
  for (const v of plan.validations) {
    const dv = ws.getRange(v.range).dataValidation;
    dv.rule = v.type === "list" ? { list: { inCellDropDown: true, source: v.formula } } : { custom: { formula: `=${v.formula}` } };
    dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.text };
    dv.errorAlert = { showAlert: true, style: v.errorStyle === "stop" ? "Stop" : "Warning", title: v.error.title, message: v.error.text };
  }
  for (const cf of plan.conditionalFormats) {
    const format = ws.getRange(cf.range).conditionalFormats.add("Custom");
    format.custom.rule.formula = `=${cf.formula}`;
    if (cf.fill) format.custom.format.fill.color = `#${cf.fill}`;
    if (cf.numFmt) format.custom.format.numberFormat = cf.numFmt;
  }
  ws.freezePanes.freezeRows(plan.headerRows.last);
  if (options.pageLayout) {
    const page = ws.pageLayout;
    page.orientation = plan.print.orientation === "portrait" ? "Portrait" : "Landscape";
    page.paperSize = "A4";
    const m = plan.print.margins;
    page.topMargin = m.top * 72;
    page.bottomMargin = m.bottom * 72;
    page.leftMargin = m.left * 72;
    page.rightMargin = m.right * 72;
    page.headerMargin = m.header * 72;
    page.footerMargin = m.footer * 72;
    page.centerHorizontally = true;
    page.blackAndWhite = plan.print.blackAndWhite;
    page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    page.headersFooters.defaultForAllPages.centerFooter = plan.print.footer;
    page.setPrintArea(plan.printArea);
    page.setPrintTitleRows(`$${plan.headerRows.first}:$${plan.headerRows.last}`);
  }
  ws.protection.protect({ allowFormatColumns: true, allowFormatRows: true });

  const meta = context.workbook.worksheets.add(plan.metadata.sheetName);
  const entries = plan.metadata.entries;
  const metaRange = meta.getRange(`A1:B${entries.length}`);
  metaRange.numberFormat = entries.map(() => ["@", "@"]);
  metaRange.values = entries.map(([k, v]) => [k, asCellText(v)]);
  meta.visibility = "VeryHidden";
  ws.activate();
  ws.getRange(plan.indicatorCells[0]?.address ?? "A1").select();
  return ws;
}
