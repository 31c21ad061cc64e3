// The in-memory host does not calculate. The workbench fills in what Excel would show in the
// report's formula cells — rates and totals, the "Tự kiểm tra" column, its hidden counts, the
// check count line, the printed title lines, the red/amber highlighting — from our TypeScript engine. The LibreOffice
// differential tests (test/libreoffice-*.test.ts) show that engine and sheet formulas agree.
import { computeAll } from "../domain/compute";
import { SheetCell } from "../domain/export";
import { parsePeriod } from "../domain/period";
import { checkReport } from "../domain/rules/report";
import { buildSheetPlan, PlanOptions } from "../domain/sheet/build";
import { address, cellPosition, parseCellRef, SheetPlan } from "../domain/sheet/plan";
import { shownFormat } from "../domain/sheet/shownNumbers";
import { derivedText, TitleInputValues } from "../domain/sheet/titleBlock";
import { TemplateRegistry } from "../domain/template/registry";
import { fromCellNumber, RawValue } from "../domain/values";
import { definedNameFor, METADATA_SHEET, parseMetadata, TitleInput, WorkbookMetadata } from "../domain/workbookContract";
import type { WorkbookView } from "./host";

interface RowChecks {
  errors: number;
  warnings: number;
  infos: number;
  text: string;
}

interface Snapshot {
  sheetName: string;
  plan: SheetPlan;
  /** formula cell address → its value */
  values: Map<string, unknown>;
  rows: Map<number, RowChecks>;
  /** The cells under the sheet's conditional number formats (counts and amounts) */
  grouped: Set<string>;
}

const FILL_ERROR = "#FFC7CE";
const FILL_WARNING = "#FFEB9C";

function readMeta(workbook: WorkbookView): WorkbookMetadata | undefined {
  const sheet = workbook.sheet(METADATA_SHEET);
  if (!sheet) return undefined;
  const rows: [string, string][] = [];
  for (let row = 1; row <= sheet.extent().rows; row++) {
    const key = sheet.content(`A${row}`).value;
    const value = sheet.content(`B${row}`).value;
    if (typeof key === "string" && key !== "") rows.push([key, value === null ? "" : String(value)]);
  }
  const read = parseMetadata(rows, METADATA_SHEET);
  return read.ok ? read.meta : undefined;
}

// Building the plan (its check formulas for every rule) costs tens of milliseconds; an edit changes a
// value, not the plan, so the last one is kept.
let lastPlan: { key: string; plan: SheetPlan } | undefined;
function cachedPlan(options: PlanOptions): SheetPlan {
  const key = JSON.stringify({ ...options, template: `${options.template.id}@${options.template.version}` });
  if (lastPlan?.key !== key) lastPlan = { key, plan: buildSheetPlan(options) };
  return lastPlan.plan;
}

function snapshotOf(workbook: WorkbookView, registry: TemplateRegistry): Snapshot | undefined {
  const meta = readMeta(workbook);
  if (!meta || !registry.has(meta.templateId) || !meta.unitLevel) return undefined;
  const template = registry.get(meta.templateId);
  const options = {
    template,
    period: parsePeriod(meta.period, template.dueDay),
    unit: { name: meta.unitName, level: meta.unitLevel, superiorName: meta.superiorName },
    generatorVersion: meta.generatorVersion ?? "",
    createdAt: meta.createdAt ?? "",
    kind: meta.kind,
  };
  const plan = cachedPlan(options);
  const names = new Map(workbook.names().map((n) => [n.name, parseCellRef(n.formula)]));
  const cells = new Map<string, SheetCell>();
  let sheetName = plan.sheetName;
  for (const ind of template.indicators) {
    if (ind.kind === "header") continue;
    const ref = names.get(definedNameFor(ind.code));
    const sheet = ref && workbook.sheet(ref.sheet);
    if (!ref || !sheet) continue;
    sheetName = ref.sheet;
    const { value, formula, numberFormat } = sheet.content(ref.address);
    const raw: RawValue = typeof value === "number" ? fromCellNumber(value, numberFormat) : value === "" ? null : value;
    cells.set(ind.code, { address: ref.address, raw, ...(formula ? { formula: formula.slice(1) } : {}) });
  }
  const inputs = new Map([...cells].map(([code, c]) => [code, c.raw]));
  const computed = computeAll(template, inputs, (code) => cells.get(code)?.formula !== undefined);
  const values = new Map<string, unknown>();
  for (const [code, cell] of cells) if (cell.formula !== undefined) values.set(cell.address, computed.get(code) ?? "");
  // The printed title lines over what the unit typed into the title-block inputs.
  const indicatorSheet = workbook.sheet(plan.sheetName);
  if (indicatorSheet) {
    const inputs: TitleInputValues = {};
    for (const [key, at] of Object.entries(plan.titleBlock.inputs) as [TitleInput, string][]) {
      const v = indicatorSheet.content(at).value;
      inputs[key] = typeof v === "number" || typeof v === "string" ? v : undefined;
    }
    for (const d of plan.titleBlock.derived) values.set(d.address, derivedText(d.line, inputs));
  }

  // Formula integrity is the add-in's (Excel 2010 has no ISFORMULA): the sheet itself cannot show it.
  const findings = checkReport(template, sheetName, cells, meta).findings.filter((f) => !f.ruleId.startsWith("formula:"));
  const rows = new Map<number, RowChecks>();
  for (const f of findings) {
    if (!f.address) continue;
    const { row } = cellPosition(f.address);
    const r = rows.get(row) ?? { errors: 0, warnings: 0, infos: 0, text: "" };
    if (f.severity === "error") r.errors++;
    else if (f.severity === "warning") r.warnings++;
    else r.infos++;
    r.text = `${r.text}${r.text ? " " : ""}• ${f.message.vi}`;
    rows.set(row, r);
  }
  const grouped = new Set<string>();
  for (const cf of plan.conditionalFormats) {
    if (!cf.numFmt) continue;
    const [from, to = from] = cf.range.split(":").map(cellPosition);
    for (let r = from.row; r <= to.row; r++) for (let c = from.col; c <= to.col; c++) grouped.add(address(r, c));
  }
  return { sheetName, plan, values, rows, grouped };
}

export interface SheetEngine {
  // Properties, not methods: they are passed on as plain functions.
  /** The in-memory host's `evaluate` option */
  evaluate: (sheet: string, address: string, formula: string) => unknown;
  /** The colour the sheet's conditional formats would give a cell */
  cellFill: (sheet: string, address: string) => string | undefined;
  /** The number format the sheet's conditional formats would give a cell's number (thousands separators on counts) */
  cellFormat: (sheet: string, address: string, value: number) => string | undefined;
  /** Binds the engine to the host's workbook (created after the engine, which the host needs) */
  attach(workbook: WorkbookView): void;
}

export function createSheetEngine(registry: TemplateRegistry): SheetEngine {
  let workbook: WorkbookView | undefined;
  let cache: { version: number; snapshot: Snapshot | undefined } | undefined;
  const current = (): Snapshot | undefined => {
    if (!workbook) return undefined;
    if (cache?.version !== workbook.version) cache = { version: workbook.version, snapshot: snapshotOf(workbook, registry) };
    return cache.snapshot;
  };
  return {
    attach(w) {
      workbook = w;
    },
    evaluate(sheet, address) {
      const snap = current();
      if (!snap || sheet !== snap.sheetName) return null;
      if (snap.values.has(address)) return snap.values.get(address);
      const { row, col } = cellPosition(address);
      const checks = snap.plan.checkColumns;
      if (address === checks.summaryCell) {
        let errors = 0;
        let warnings = 0;
        for (const r of snap.rows.values()) {
          errors += r.errors;
          warnings += r.warnings;
        }
        return `Tự kiểm tra: ${errors} lỗi, ${warnings} cảnh báo`;
      }
      const r = snap.rows.get(row);
      if (col === checks.text) return r?.text ?? "";
      if (col === checks.errors) return r?.errors ?? 0;
      if (col === checks.warnings) return r?.warnings ?? 0;
      if (col === checks.infos) return r?.infos ?? 0;
      return null;
    },
    cellFormat(sheet, address, value) {
      const snap = current();
      return snap && sheet === snap.sheetName && snap.grouped.has(address) ? shownFormat(value) : undefined;
    },
    cellFill(sheet, address) {
      const snap = current();
      if (!snap || sheet !== snap.sheetName) return undefined;
      const { row, col } = cellPosition(address);
      // As the sheet's conditional formats: the check column only (it is not printed).
      if (col !== snap.plan.checkColumns.text) return undefined;
      const r = snap.rows.get(row);
      if (r?.errors) return FILL_ERROR;
      if (r?.warnings) return FILL_WARNING;
      return undefined;
    },
  };
}
