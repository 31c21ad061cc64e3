// Submissions for the merge engine built the way a reader builds them from a unit's sheet: the plan's
// cells (formulas kept unless the unit typed over them), parsed with parseSheet, checked with checkReport;
// a merge result as its summary workbook reads back.
import { SheetCell, parseSheet } from "../../src/domain/export";
import { mergeSubmissions } from "../../src/domain/merge/engine";
import { MergedIndicator, MergeResult, Submission } from "../../src/domain/merge/model";
import { buildSummaryPlan } from "../../src/domain/merge/summaryPlan";
import { summaryToBuffer } from "../../src/xlsx/renderPlan";
import { checkReport } from "../../src/domain/rules/report";
import { INDICATOR_SHEET } from "../../src/domain/sheet/layout";
import { SheetPlan } from "../../src/domain/sheet/plan";
import { Template } from "../../src/domain/template/schema";
import { ParsedValue, RawValue } from "../../src/domain/values";
import { definedNameFor } from "../../src/domain/workbookContract";
import { planFor } from "./fill";

const plans = new Map<string, SheetPlan>();

function planOf(template: Template, period: string): SheetPlan {
  const key = `${template.id} ${period}`;
  if (!plans.has(key)) plans.set(key, planFor(template, period));
  return plans.get(key)!;
}

/** The sheet's cells after the unit typed `typed` (a typed computed cell loses its formula). */
export function cellsOf(template: Template, period: string, typed: ReadonlyMap<string, RawValue>): Map<string, SheetCell> {
  const cells = new Map<string, SheetCell>();
  for (const c of planOf(template, period).indicatorCells) {
    cells.set(
      c.code,
      c.formula !== undefined && !typed.has(c.code)
        ? { address: c.address, raw: null, formula: c.formula }
        : { address: c.address, raw: typed.get(c.code) ?? null },
    );
  }
  return cells;
}

/** A unit's report: its typed values parsed, and checked as `cchc check` would unless `extra.counts` says. */
export function unitSubmission(
  template: Template,
  period: string,
  unitName: string,
  typed: ReadonlyMap<string, RawValue>,
  extra: Partial<Submission> = {},
): Submission {
  const plan = planOf(template, period);
  const cells = cellsOf(template, period, typed);
  const values = new Map(
    [...parseSheet(template, cells)].map(([code, v]) => [code, { parsed: v.parsed, cell: `${plan.sheetName}!${v.cell.address}` }]),
  );
  return {
    file: `${unitName}.xlsx`,
    readAs: "workbook",
    sheetName: plan.sheetName,
    templateId: template.id,
    templateVersion: template.version,
    period,
    unitName,
    kind: "submission",
    values,
    units: [unitName],
    stamp: "none",
    notes: [],
    ...extra,
    counts: extra.counts ?? checkReport(template, plan.sheetName, cells, { unitLevel: template.levels[0], period }).counts,
  };
}

/** A summary workbook as `cchc merge` writes it, merging `units` (name → typed values) of quang-tri-2023-like templates. */
export async function summaryWorkbook(
  template: Template,
  period: string,
  unitName: string,
  units: ReadonlyMap<string, ReadonlyMap<string, RawValue>>,
): Promise<{ bytes: Uint8Array; result: MergeResult }> {
  const subs = [...units].map(([name, typed]) => unitSubmission(template, period, name, typed));
  const result = mergeSubmissions(template, subs);
  const plan = buildSummaryPlan({
    template,
    result,
    unitName,
    level: template.levels[0],
    generatorVersion: "test",
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  return { bytes: await summaryToBuffer(plan), result };
}

function parsedOf(value: MergedIndicator["value"]): ParsedValue {
  if (value === undefined) return { status: "missing" };
  if (typeof value === "number") return { status: "value", value };
  return value === "-" ? { status: "notApplicable" } : { status: "text", text: value };
}

/** What a summary workbook of `result` reads back as: its totals, its statistics and the units it covers. */
export function summaryAsSubmission(result: MergeResult, file: string, unitName: string): Submission {
  return {
    file,
    readAs: "workbook",
    sheetName: INDICATOR_SHEET,
    templateId: result.templateId,
    templateVersion: result.templateVersion,
    period: result.period,
    unitName,
    kind: "summary",
    values: new Map(
      [...result.indicators].map(([code, m]) => [code, { parsed: parsedOf(m.value), cell: `${INDICATOR_SHEET}!${definedNameFor(code)}` }]),
    ),
    aggregates: new Map(result.aggregates),
    units: [...result.units],
    counts: { error: 0, warning: 0, info: 0 },
    stamp: "none",
    notes: [],
  };
}
