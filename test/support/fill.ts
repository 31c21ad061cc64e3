// Makes filled-in workbooks for integration tests: generated value sets and the seeds' own values.
import ExcelJS from "exceljs";
import { parsePeriod } from "../../src/domain/period";
import { buildSheetPlan } from "../../src/domain/sheet/build";
import { SheetPlan } from "../../src/domain/sheet/plan";
import { Indicator, Template } from "../../src/domain/template/schema";
import { cellValueOf, parseValue, RawValue } from "../../src/domain/values";
import { TitleInputValues } from "../../src/domain/sheet/titleBlock";
import { TitleInput } from "../../src/domain/workbookContract";
import { planToBuffer } from "../../src/xlsx/renderPlan";
import { exceljsPrintArea } from "./exceljsRender";
import { readSeedTable, SeedRow } from "./seeds";

export function planFor(template: Template, periodCode: string, unitName = "Đơn vị thử nghiệm"): SheetPlan {
  return buildSheetPlan({
    template,
    period: parsePeriod(periodCode, template.dueDay),
    unit: { name: unitName, level: template.levels[0] },
    generatorVersion: "test",
    createdAt: "2026-01-01T00:00:00.000Z",
  });
}

/** Every period code a template allows, in a given year. */
export function allowedPeriods(template: Template, year: number): string[] {
  return template.periods.flatMap((p) => (p === "Q" ? [1, 2, 3, 4].map((q) => `${year}-Q${q}`) : [`${year}-${p}`]));
}

/** A plausible value a unit might type for the indicator, including blanks, "-" and zeros. */
export function randomValue(ind: Indicator, rnd: () => number): RawValue {
  const r = rnd();
  if (r < 0.08) return null;
  if (r < 0.12 && ind.kind !== "text" && ind.kind !== "choice") return "-";
  if (r < 0.2 && ind.kind !== "text" && ind.kind !== "choice") return 0;
  switch (ind.kind) {
    case "count":
      return Math.floor(rnd() * 2000);
    case "amount":
      return Math.round(rnd() * 1e7) / 1000;
    case "percent":
      return Math.round(rnd() * 1000) / 10;
    case "choice": {
      const options = ind.options ?? [];
      return options[Math.floor(rnd() * options.length)].value;
    }
    case "text":
      return "Đã kết nối";
    default:
      return null;
  }
}

/** What a cell holds after a user typed the seed's value in Vietnamese Excel. */
export function seedCellValue(row: SeedRow, ind: Indicator): RawValue {
  return cellValueOf(parseValue(row.value, ind));
}

/**
 * What the seed's unit typed, by code (template rows are in seed order): with `overFormulas`, also
 * the values it typed where the sheet has a formula, as units do; without, the formulas are kept.
 */
export function seedTyped(
  template: Template,
  stem: string,
  skipSeqs: number[],
  { overFormulas }: { overFormulas: boolean },
): Map<string, RawValue> {
  const all = readSeedTable(stem);
  const rows = all.filter((r) => !skipSeqs.includes(r.seq));
  // A skipped row is a second data line of the row above (Sóc Trăng prints II.1 as "0 Nghị quyết" and
  // "1 Quyết định"); the form has one cell, where the unit types their total.
  for (const seq of skipSeqs) {
    const i = all.findIndex((r) => r.seq === seq);
    const above = rows.find((r) => r.seq === all[i - 1]?.seq);
    const [a, b] = [Number(above?.value), Number(all[i]?.value)];
    if (above && all[i].value !== "" && Number.isFinite(a) && Number.isFinite(b))
      rows[rows.indexOf(above)] = { ...above, value: String(a + b) };
  }
  const values = new Map<string, RawValue>();
  rows.forEach((row, i) => {
    const ind = template.indicators[i];
    if (ind.kind === "header" || (ind.compute && !overFormulas) || row.value === "") return;
    values.set(ind.code, seedCellValue(row, ind));
  });
  return values;
}

/**
 * Seed 004 prints only part of the form: each of its rows is the next template row with the same
 * STT (trailing dot aside) and name (it misprints "Cổng DVC" as "Công DVC"), as templates.seed.test.ts checks.
 */
export function partialSeedTyped(
  template: Template,
  stem: string,
  { overFormulas }: { overFormulas: boolean } = { overFormulas: false },
): Map<string, RawValue> {
  const bare = (stt: string) => stt.replace(/\.$/, "");
  const typed = new Map<string, RawValue>();
  let from = 0;
  for (const row of readSeedTable(stem)) {
    const idx = template.indicators.findIndex(
      (ind, i) =>
        i >= from && bare(ind.asPrinted?.stt ?? ind.stt) === bare(row.stt) && row.name.replace(/Công DVC/g, "Cổng DVC") === ind.name,
    );
    if (idx < 0) throw new Error(`seed row ${row.seq} is not a template row`);
    from = idx + 1;
    const ind = template.indicators[idx];
    if (ind.kind !== "header" && (!ind.compute || overFormulas) && row.value !== "") typed.set(ind.code, seedCellValue(row, ind));
  }
  return typed;
}

/**
 * Writes the plan's workbook with the given values typed into their cells (over a formula too, if
 * given one) and, if given, the title-block inputs.
 */
export async function filledWorkbook(
  plan: SheetPlan,
  values: ReadonlyMap<string, RawValue>,
  inputs: TitleInputValues = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await planToBuffer(plan)) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(plan.sheetName)!;
  // ExcelJS reads the print area back as "A1:F9" and would write it with relative rows again.
  sheet.pageSetup.printArea = exceljsPrintArea(plan.printArea);
  for (const [key, value] of Object.entries(inputs) as [TitleInput, string | number | undefined][]) {
    sheet.getCell(plan.titleBlock.inputs[key]).value = value ?? null;
  }
  for (const cell of plan.indicatorCells) {
    if (!values.has(cell.code)) continue;
    const v = values.get(cell.code);
    sheet.getCell(cell.address).value = v === undefined ? null : v;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A value that breaks a check: wrong for the kind, text in a number cell, or a plausible-looking wrong number. */
export function violatingValue(ind: Indicator, rnd: () => number): RawValue {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  switch (ind.kind) {
    case "count":
      return pick<RawValue>([-5, 2.5, "abc", "1.755", Math.floor(rnd() * 5000)]);
    case "amount":
      return pick<RawValue>([-3, "n/a", Math.round(rnd() * 1e6) / 100]);
    case "percent":
      return pick<RawValue>([120, -1, "98,4", Math.round(rnd() * 1000) / 10]);
    case "choice":
      return pick<RawValue>([9, 1.5, (ind.options ?? [])[0]?.value ?? 0]);
    default:
      return randomValue(ind, rnd);
  }
}
