// A workbook open in Excel with no `_cchc` sheet that holds a form retyped by hand: the active sheet's
// used range (values and number formats) loaded into a grid in one sync, the other sheets in one more
// when the active one holds no table, and read by the same recogniser as received files.
import { GridCell, GridSheet } from "../domain/retyped/grid";
import { readRetypedReport, RetypedReport } from "../domain/retyped/read";
import { NoIndicatorTable } from "../domain/retyped/recognise";
import { cellPosition } from "../domain/sheet/plan";
import { TemplateRegistry } from "../domain/template/registry";
import { METADATA_SHEET } from "../domain/workbookContract";

/** The name the pane's messages give the open workbook. */
const THIS_WORKBOOK = "Sổ này";

interface QueuedSheet {
  sheet: Excel.Worksheet;
  used: Excel.Range;
}

function queue(sheet: Excel.Worksheet): QueuedSheet {
  return { sheet: sheet.load("name"), used: sheet.getUsedRangeOrNullObject(true).load("address,values,numberFormat") };
}

/** The used range as a grid from A1 (merged ranges are not read: the recogniser does without them). */
function gridOf(q: QueuedSheet): GridSheet {
  if (q.used.isNullObject) return { name: q.sheet.name, rows: [], merges: [] };
  const origin = cellPosition(q.used.address.split("!").pop()!.split(":")[0]);
  const rows: GridCell[][] = [];
  q.used.values.forEach((line, r) => {
    const cells: GridCell[] = [];
    line.forEach((value, c) => {
      if (value === "" || value === null || value === undefined) return;
      const v = typeof value === "number" || typeof value === "string" || typeof value === "boolean" ? value : String(value);
      cells[origin.col - 1 + c] = { value: v, numFmt: String(q.used.numberFormat[r]?.[c] ?? "") };
    });
    rows[origin.row - 1 + r] = cells;
  });
  return { name: q.sheet.name, rows, merges: [] };
}

/**
 * The retyped form in the open workbook (findings by row, no formula-integrity family), or undefined
 * when no sheet holds an indicator table; throws a UserError for a table it cannot read as a form.
 */
export async function readRetypedInWorkbook(context: Excel.RequestContext, registry: TemplateRegistry): Promise<RetypedReport | undefined> {
  const active = queue(context.workbook.worksheets.getActiveWorksheet());
  const all = context.workbook.worksheets.load("items/name");
  // The form is recognised among every template's rows.
  await Promise.all([context.sync(), registry.loadAll()]);
  const read = (sheets: GridSheet[]) => {
    try {
      return readRetypedReport(sheets, THIS_WORKBOOK, registry);
    } catch (e) {
      if (e instanceof NoIndicatorTable) return undefined;
      throw e;
    }
  };
  const first = read([gridOf(active)]);
  if (first) return first;
  const others = all.items.filter((s) => s.name !== active.sheet.name && s.name !== METADATA_SHEET).map(queue);
  if (others.length === 0) return undefined;
  await context.sync();
  return read(others.map(gridOf));
}
