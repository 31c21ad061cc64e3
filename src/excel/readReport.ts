// Reads the report in the open workbook: the `_cchc` metadata, the CT_ defined names and the
// indicator sheet's values and formulas — all queued before one sync.
import { SheetCell } from "../domain/export";
import { msg } from "../domain/messages";
import { cellPosition, parseCellRef } from "../domain/sheet/plan";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import { fromCellNumber, RawValue } from "../domain/values";
import {
  cleanUnitName,
  definedNameFor,
  METADATA_SHEET,
  parseMetadata,
  TITLE_INPUT_NAMES,
  unitNameInSheet,
  WorkbookMetadata,
} from "../domain/workbookContract";
import { INDICATOR_SHEET } from "../domain/sheet/layout";
import { HostError } from "../host/reportHost";

export interface OpenReport {
  meta: WorkbookMetadata;
  /** The reporting unit as the sheet names it (CCHC_DonVi; `_cchc` only for format 1). */
  unit: { name: string; cell?: string };
  template: Template;
  sheetName: string;
  cells: Map<string, SheetCell>;
  /** Row of each `_cchc` key (1-based), to update the stamp in place */
  metaRows: Map<string, number>;
}

interface Queued {
  names: Excel.NamedItemCollection;
  used: Excel.Range;
}

function queueSheet(context: Excel.RequestContext, sheetName: string): Queued {
  const names = context.workbook.names.load("items/name,items/formula");
  const used = context.workbook.worksheets.getItem(sheetName).getUsedRange(false).load("address,values,formulas,numberFormat");
  return { names, used };
}

function cellRaw(value: unknown, numberFormat: string): RawValue {
  if (typeof value === "number") return fromCellNumber(value, numberFormat);
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "boolean") return value;
  return null;
}

function readCells(template: Template, sheetName: string, q: Queued): Map<string, SheetCell> {
  const at = new Map<string, string>();
  for (const item of q.names.items) {
    const ref = typeof item.formula === "string" ? parseCellRef(item.formula) : undefined;
    if (ref && ref.sheet === sheetName) at.set(item.name, ref.address);
  }
  const origin = cellPosition(q.used.address.split("!").pop()!.split(":")[0]);
  const cells = new Map<string, SheetCell>();
  const lost: string[] = [];
  for (const ind of template.indicators) {
    if (ind.kind === "header") continue;
    const address = at.get(definedNameFor(ind.code));
    if (!address) {
      lost.push(definedNameFor(ind.code));
      continue;
    }
    const { row, col } = cellPosition(address);
    const r = row - origin.row;
    const c = col - origin.col;
    const value: unknown = q.used.values[r]?.[c];
    const formula: unknown = q.used.formulas[r]?.[c];
    cells.set(ind.code, {
      address,
      raw: cellRaw(value, String(q.used.numberFormat[r]?.[c] ?? "")),
      ...(typeof formula === "string" && formula.startsWith("=") ? { formula: formula.slice(1) } : {}),
    });
  }
  if (lost.length > 0) {
    const list = lost.slice(0, 5).join(", ") + (lost.length > 5 ? ` … (${lost.length})` : "");
    throw new HostError(
      msg(
        `Trang "${sheetName}" đã mất tên ô (defined name) của ${lost.length} chỉ tiêu: ${list}. Hãy chèn lại biểu mẫu (tab Biểu mẫu) và nhập lại số liệu.`,
        `The sheet "${sheetName}" has lost the defined names of ${lost.length} indicators: ${list}. Insert the form again (Form tab) and re-enter the values.`,
      ),
    );
  }
  return cells;
}

/** The report in the workbook, or undefined when the workbook has no `_cchc` sheet. */
export async function readReport(context: Excel.RequestContext, registry: TemplateRegistry): Promise<OpenReport | undefined> {
  const metaSheet = context.workbook.worksheets.getItemOrNullObject(METADATA_SHEET);
  const metaRange = metaSheet.getUsedRangeOrNullObject(true).load("values");
  const indicatorSheet = context.workbook.worksheets.getItemOrNullObject(INDICATOR_SHEET);
  const names = context.workbook.names.load("items/name,items/formula");
  const used = indicatorSheet.getUsedRangeOrNullObject(false).load("address,values,formulas,numberFormat");
  await context.sync();
  if (metaSheet.isNullObject || metaRange.isNullObject) return undefined;

  const rows: [string, string][] = [];
  const metaRows = new Map<string, number>();
  metaRange.values.forEach(([key, value], i) => {
    if (typeof key === "string" && key !== "") {
      rows.push([key, value === null || value === undefined ? "" : String(value)]);
      metaRows.set(key, i + 1);
    }
  });
  const read = parseMetadata(rows, "Sổ này");
  if (!read.ok) throw new HostError(read.problem);
  const meta = read.meta;
  if (!registry.has(meta.templateId)) {
    throw new HostError(
      msg(
        `Biểu mẫu "${meta.templateId}" của sổ này không có trong add-in; hãy cập nhật add-in.`,
        `This workbook's template "${meta.templateId}" is not in the add-in; update the add-in.`,
      ),
    );
  }
  const template = await registry.load(meta.templateId);
  // The CT_ names say where the indicator sheet is, even when someone renamed it.
  const firstName = names.items.find((n) => n.name === definedNameFor(template.indicators.find((i) => i.kind !== "header")!.code));
  const sheetName = (typeof firstName?.formula === "string" && parseCellRef(firstName.formula)?.sheet) || meta.sheetName || INDICATOR_SHEET;
  const q = sheetName === INDICATOR_SHEET && !used.isNullObject ? { names, used } : queueSheet(context, sheetName);
  if (q.used !== used) await context.sync();
  return { meta, unit: unitOf(meta, q), template, sheetName, metaRows, cells: readCells(template, sheetName, q) };
}

/** The unit's name: the CCHC_DonVi cell for format 2 on, `_cchc` for workbooks made before it. */
function unitOf(meta: WorkbookMetadata, q: Queued): OpenReport["unit"] {
  if (!unitNameInSheet(meta)) return { name: cleanUnitName(meta.unitName) };
  const item = q.names.items.find((n) => n.name === TITLE_INPUT_NAMES.unitName);
  const ref = typeof item?.formula === "string" ? parseCellRef(item.formula) : undefined;
  if (!ref) return { name: "" };
  const origin = cellPosition(q.used.address.split("!").pop()!.split(":")[0]);
  const { row, col } = cellPosition(ref.address);
  const value: unknown = q.used.values[row - origin.row]?.[col - origin.col];
  return {
    name: typeof value === "string" || typeof value === "number" ? cleanUnitName(String(value)) : "",
    cell: `${ref.sheet}!${ref.address}`,
  };
}

/** The live check's read, in one sync: the indicator cells' values and formulas, and the unit's name as typed now. */
export async function readIndicatorCells(
  context: Excel.RequestContext,
  report: Pick<OpenReport, "template" | "sheetName" | "meta">,
): Promise<Pick<OpenReport, "cells" | "unit">> {
  const q = queueSheet(context, report.sheetName);
  await context.sync();
  return { cells: readCells(report.template, report.sheetName, q), unit: unitOf(report.meta, q) };
}
