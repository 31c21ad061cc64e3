// The Office.js renderer of a summary's sources sheets (the units' table, the list of files): loaded with
// the merge, not with the task pane (writePlan.ts writes the report's own sheet).
import { layoutSourcesSheet } from "../domain/merge/sourcesLayout";
import { SourcesSheetPlan } from "../domain/merge/summaryPlan";
import { address, columnLetter, PAGE_FOOTER, SOURCES_MARGINS } from "../domain/sheet/plan";
import { asCellText } from "../domain/values";
import { WritePlanOptions, widthInPoints } from "./writePlan";

/**
 * Queues the sheet listing a summary's sources (layoutSourcesSheet, as the ExcelJS renderer lays it
 * out): text cells are formatted as text before their values are written, so text from received
 * files never becomes a formula. The caller syncs.
 */
export function queueSourcesSheet(context: Excel.RequestContext, plan: SourcesSheetPlan, options: WritePlanOptions): Excel.Worksheet {
  const layout = layoutSourcesSheet(plan);
  const ws = context.workbook.worksheets.add(plan.sheetName);
  const grid = new Map(layout.cells.map((c) => [`${c.row}:${c.col}`, c]));
  const rows = Array.from({ length: layout.lastRow }, (_, r) =>
    Array.from({ length: layout.lastCol }, (_, c) => grid.get(`${r + 1}:${c + 1}`)),
  );
  const all = ws.getRange(`A1:${address(layout.lastRow, layout.lastCol)}`);
  all.format.font.name = layout.font.name;
  all.format.font.size = layout.font.size;
  all.format.verticalAlignment = "Top";
  all.numberFormat = rows.map((r) => r.map((c) => (typeof c?.value === "string" ? "@" : "General")));
  plan.widths.forEach((w, i) => {
    ws.getRange(`${columnLetter(i + 1)}:${columnLetter(i + 1)}`).format.columnWidth = widthInPoints(w);
  });
  // Formats once per run of same-styled cells in a row (a table row is one run).
  rows.forEach((cells, r) => {
    let start = 0;
    for (let c = 1; c <= cells.length; c++) {
      const key = (i: number) => JSON.stringify(cells[i]?.style ?? null);
      if (c < cells.length && key(c) === key(start)) continue;
      const s = cells[start]?.style;
      if (s && (s.bold || s.italic || s.size || s.wrap || s.fill)) {
        const f = ws.getRange(`${address(r + 1, start + 1)}:${address(r + 1, c)}`).format;
        if (s.bold) f.font.bold = true;
        if (s.italic) f.font.italic = true;
        if (s.size) f.font.size = s.size;
        if (s.wrap) f.wrapText = true;
        if (s.fill) f.fill.color = `#${s.fill}`;
      }
      start = c;
    }
  });
  for (const m of layout.merges) ws.getRange(`${address(m.row, m.from)}:${address(m.row, m.to)}`).merge(false);
  // Borders after merging, so a spanning cell is framed whole.
  const framed = new Map<number, number>();
  for (const c of layout.cells) if (c.style.border) framed.set(c.row, Math.max(framed.get(c.row) ?? 0, c.col));
  for (const [row, last] of framed) {
    const to = layout.merges.find((m) => m.row === row)?.to ?? last;
    const borders = ws.getRange(`${address(row, 1)}:${address(row, to)}`).format.borders;
    for (const edge of ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical"]) {
      const b = borders.getItem(edge as Excel.BorderIndex);
      b.style = "Continuous";
      b.color = "#000000";
    }
  }
  for (const h of layout.rowHeights) ws.getRange(`${h.row}:${h.row}`).format.rowHeight = h.height;
  all.values = rows.map((r) => r.map((c) => (c === undefined ? "" : typeof c.value === "string" ? asCellText(c.value) : c.value)));
  if (options.pageLayout) {
    const page = ws.pageLayout;
    page.orientation = "Landscape";
    page.paperSize = "A4";
    page.headersFooters.defaultForAllPages.centerFooter = PAGE_FOOTER;
    if (plan.repeatColumns) {
      // Full size, as many pages across as it takes, the names and the header on every page.
      const m = SOURCES_MARGINS;
      page.topMargin = m.top * 72;
      page.bottomMargin = m.bottom * 72;
      page.leftMargin = m.left * 72;
      page.rightMargin = m.right * 72;
      page.zoom = { scale: 100 };
      page.setPrintTitleRows(`$${layout.headerRow}:$${layout.headerRow}`);
      page.setPrintTitleColumns(`$A:$${columnLetter(plan.repeatColumns)}`);
    } else page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  }
  return ws;
}
