// The ExcelJS renderer that wrote our workbooks before the streaming writer (src/xlsx/renderPlan.ts):
// kept as the reference that the writer's output is compared against, cell by cell (test/xlsx-writer.test.ts).
import ExcelJS from "exceljs";
import { layoutSourcesSheet } from "../../src/domain/merge/sourcesLayout";
import { SourcesSheetPlan, SummaryPlan } from "../../src/domain/merge/summaryPlan";
import { CellStyle, columnLetter, PAGE_FOOTER, SheetPlan, SOURCES_MARGINS } from "../../src/domain/sheet/plan";

/** ExcelJS has range-level data validations (one entry per range, not per cell) but does not type them. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

function fontFor(plan: SheetPlan, s: CellStyle): Partial<ExcelJS.Font> {
  return {
    name: plan.font.name,
    size: s.size ?? plan.font.size,
    bold: s.bold ?? false,
    italic: s.italic ?? false,
    underline: s.underline ?? false,
  };
}

const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };

/** The ExcelJS style of a planned style. */
function styleOf(plan: SheetPlan, s: CellStyle): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {
    font: fontFor(plan, s),
    alignment: { horizontal: s.align, vertical: s.vertical ?? "middle", wrapText: s.wrap ?? false },
    protection: { locked: !s.unlocked },
  };
  if (s.border) style.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
  if (s.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${s.fill}` } };
  if (s.numFmt) style.numFmt = s.numFmt;
  return style;
}

/** Adds the indicator sheet and the very hidden `_cchc` sheet described by the plan. */
/**
 * ExcelJS writes a print area "A1:F9" as `$A1:$F9`, whose rows move with the cell LibreOffice reads
 * it from (the check column then prints): "A$1:F$9" comes out as the absolute `$A$1:$F$9`.
 */
export function exceljsPrintArea(area: string): string {
  return area.replace(/\$/g, "").replace(/([A-Z]+)(\d+)/g, "$1$$$2");
}

async function renderPlan(workbook: ExcelJS.Workbook, plan: SheetPlan): Promise<ExcelJS.Worksheet> {
  const ws = workbook.addWorksheet(plan.sheetName, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: plan.print.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: plan.print.margins,
      printTitlesRow: `${plan.headerRows.first}:${plan.headerRows.last}`,
      printArea: exceljsPrintArea(plan.printArea),
      horizontalCentered: true,
      blackAndWhite: plan.print.blackAndWhite,
    },
    headerFooter: { oddFooter: `&C&"${plan.font.name},Regular"&11${plan.print.footer}` },
    views: [{ state: "frozen", ySplit: plan.headerRows.last, xSplit: 0 }],
    properties: { defaultRowHeight: 18 },
  });
  plan.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    col.font = { name: plan.font.name, size: plan.font.size };
  });
  // Cells with equal planned styles share one style object: a summary with thousands of unit
  // columns would otherwise hold a style per cell.
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  for (const c of plan.cells) {
    const cell = ws.getCell(c.row, c.col);
    // A formula with a planned value keeps it as its cached result (a summary's recomputed totals).
    // A non-finite number would be written as <v>Infinity</v>, which no spreadsheet opens: never a cell's value.
    const value = typeof c.value === "number" && !Number.isFinite(c.value) ? undefined : c.value;
    if (c.formula !== undefined) cell.value = value === undefined ? { formula: c.formula } : { formula: c.formula, result: value };
    else if (value !== undefined) cell.value = value;
    const key = JSON.stringify(c.style);
    if (!styles.has(key)) styles.set(key, styleOf(plan, c.style));
    cell.style = styles.get(key)!;
  }
  for (const col of plan.hiddenColumns) ws.getColumn(col).hidden = true;
  for (const range of plan.merges) ws.mergeCells(range);
  plan.conditionalFormats.forEach((cf, i) =>
    ws.addConditionalFormatting({
      ref: cf.range,
      rules: [
        {
          type: "expression",
          priority: i + 1,
          formulae: [cf.formula],
          style: {
            ...(cf.fill ? { fill: { type: "pattern", pattern: "solid", bgColor: { argb: `FF${cf.fill}` } } } : {}),
            ...(cf.numFmt ? { numFmt: cf.numFmt } : {}),
          },
        },
      ],
    }),
  );
  for (const h of plan.rowHeights) ws.getRow(h.row).height = h.height;

  for (const v of plan.validations) {
    (ws as unknown as RangeValidations).dataValidations.add(v.range, {
      type: v.type,
      allowBlank: true,
      formulae: [v.type === "list" ? `"${v.formula}"` : v.formula],
      showInputMessage: true,
      promptTitle: v.prompt.title,
      prompt: v.prompt.text,
      showErrorMessage: true,
      errorStyle: v.errorStyle,
      errorTitle: v.error.title,
      error: v.error.text,
    });
  }
  for (const n of plan.definedNames) workbook.definedNames.add(n.ref, n.name);

  await ws.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  const meta = workbook.addWorksheet(plan.metadata.sheetName, { state: "veryHidden" });
  meta.getColumn(1).width = 20;
  meta.getColumn(2).width = 60;
  plan.metadata.entries.forEach(([key, value], i) => {
    meta.getCell(i + 1, 1).value = key;
    // Written as text whatever it looks like, so a value such as "=..." can never become a formula.
    const cell = meta.getCell(i + 1, 2);
    cell.value = value;
    cell.numFmt = "@";
  });
  return ws;
}

export async function exceljsPlanToBuffer(plan: SheetPlan): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Biểu mẫu CCHC";
  await renderPlan(workbook, plan);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Adds the sheet listing a summary's sources, laid out by layoutSourcesSheet (as the Office.js renderer does). */
function renderSourcesSheet(workbook: ExcelJS.Workbook, plan: SourcesSheetPlan): ExcelJS.Worksheet {
  const layout = layoutSourcesSheet(plan);
  const repeat = plan.repeatColumns;
  const ws = workbook.addWorksheet(plan.sheetName, {
    pageSetup: repeat
      ? {
          paperSize: 9,
          orientation: "landscape",
          scale: 100,
          margins: SOURCES_MARGINS,
          printTitlesRow: `${layout.headerRow}:${layout.headerRow}`,
          printTitlesColumn: `A:${columnLetter(repeat)}`,
        }
      : { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: `&C&"${layout.font.name},Regular"&11${PAGE_FOOTER}` },
    views: repeat ? [{ state: "frozen", xSplit: repeat, ySplit: layout.headerRow }] : undefined,
  });
  plan.widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  for (const c of layout.cells) {
    const cell = ws.getCell(c.row, c.col);
    // A string is written as text whatever it looks like ("=…", "+…", "@…" from a received file stay text).
    // An empty text leaves the cell blank, as Excel (and Office.js, given "") does.
    if (c.value !== "") cell.value = c.value;
    if (typeof c.value === "string") cell.numFmt = "@";
    cell.font = { ...layout.font, bold: c.style.bold ?? false, italic: c.style.italic ?? false, size: c.style.size ?? layout.font.size };
    cell.alignment = { vertical: "top", wrapText: c.style.wrap ?? false };
    if (c.style.border) cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    if (c.style.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${c.style.fill}` } };
  }
  // Merged cells take the first cell's style (ExcelJS copies it), border included.
  for (const m of layout.merges) ws.mergeCells(m.row, m.from, m.row, m.to);
  for (const h of layout.rowHeights) ws.getRow(h.row).height = h.height;
  return ws;
}

/** The summary workbook: the indicator sheet with the totals, its `_cchc` sheet, the per-unit table and the sources sheet. */
export async function exceljsSummaryToBuffer(plan: SummaryPlan): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Biểu mẫu CCHC";
  await renderPlan(workbook, plan.sheet);
  renderSourcesSheet(workbook, plan.units);
  renderSourcesSheet(workbook, plan.sources);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
