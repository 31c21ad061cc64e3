// Round trip through LibreOffice, an independent spreadsheet engine: every template × allowed period
// is generated, filled, recalculated by LibreOffice, and every formula result must equal what the
// TypeScript core computes; defined names and the metadata sheet must survive.
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { computeAll, FormulaResult } from "../src/domain/compute";
import { exportValues } from "../src/domain/export";
import { SheetPlan } from "../src/domain/sheet/plan";
import { Template } from "../src/domain/template/schema";
import { RawValue, SPREADSHEET_ERRORS } from "../src/domain/values";
import { definedNameFor, METADATA_SHEET } from "../src/domain/workbookContract";
import { builtInRegistry } from "../src/templates";
import { cellRaw, readCchcWorkbook } from "./support/exceljsRead";
import { allowedPeriods, filledWorkbook, planFor, randomValue, seedTyped } from "./support/fill";
import { random } from "./support/random";
import { describeWithLibreOffice, recalculate } from "./support/libreoffice";
import { SEED_FORMS } from "./support/seeds";

const registry = builtInRegistry();

interface Case {
  name: string;
  template: Template;
  plan: SheetPlan;
  inputs: Map<string, RawValue>;
  file: string;
}

function sameResult(actual: RawValue, expected: FormulaResult): boolean {
  if (expected === "") return actual === null || actual === undefined || actual === "";
  if (expected === "-") return actual === "-";
  return typeof actual === "number" && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describeWithLibreOffice("LibreOffice recalculates every generated workbook as the core computes it", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-roundtrip-"));
  const cases: Case[] = [];
  let recalculated: string[] = [];

  beforeAll(async () => {
    let seed = 1;
    for (const template of registry.list()) {
      for (const periodCode of allowedPeriods(template, 2023)) {
        const plan = planFor(template, periodCode);
        const rnd = random(seed++);
        const inputs = new Map<string, RawValue>();
        for (const ind of template.indicators) if (ind.kind !== "header" && !ind.compute) inputs.set(ind.code, randomValue(ind, rnd));
        cases.push({ name: `${template.id} ${periodCode} (generated values)`, template, plan, inputs, file: "" });
      }
    }
    for (const { templateId: id, stem, period: periodCode, skipSeqs: skip } of SEED_FORMS) {
      const template = registry.get(id);
      cases.push({
        name: `${id} ${periodCode} (seed ${stem.slice(0, 3)})`,
        template,
        plan: planFor(template, periodCode),
        inputs: seedTyped(template, stem, skip, { overFormulas: false }),
        file: "",
      });
    }
    for (const [i, c] of cases.entries()) {
      c.file = path.join(dir, `case-${i}.xlsx`);
      writeFileSync(c.file, await filledWorkbook(c.plan, c.inputs));
    }
    recalculated = recalculate(cases.map((c) => c.file));
  });

  it("covers every template and every period it allows", () => {
    for (const t of registry.list()) {
      expect(cases.filter((c) => c.template.id === t.id && c.name.includes("generated")).length).toBe(allowedPeriods(t, 2023).length);
    }
  });

  it("every formula result equals the TypeScript computation, and no cell shows an error", async () => {
    let compared = 0;
    for (const [i, c] of cases.entries()) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(recalculated[i]);
      const sheet = wb.getWorksheet(c.plan.sheetName)!;
      const expected = computeAll(c.template, c.inputs);
      const mismatches: string[] = [];
      for (const cell of c.plan.indicatorCells.filter((x) => x.computed)) {
        const actual = cellRaw(sheet.getCell(cell.address)).raw;
        if (!sameResult(actual, expected.get(cell.code)!))
          mismatches.push(`${cell.code}: LibreOffice ${JSON.stringify(actual)}, core ${JSON.stringify(expected.get(cell.code))}`);
        compared++;
      }
      const errors: string[] = [];
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cellRaw(cell).raw;
          if (typeof v === "string" && SPREADSHEET_ERRORS.includes(v)) errors.push(`${cell.address}: ${v}`);
        }),
      );
      expect({ case: c.name, mismatches, errors }).toEqual({ case: c.name, mismatches: [], errors: [] });
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("keeps every defined name on its cell and the metadata sheet, hidden", async () => {
    for (const [i, c] of cases.entries()) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(recalculated[i]);
      for (const cell of c.plan.indicatorCells) {
        const ranges = wb.definedNames.getRanges(definedNameFor(cell.code)).ranges;
        expect({ code: cell.code, ranges }).toEqual({
          code: cell.code,
          ranges: [`'${c.plan.sheetName}'!$${cell.address.replace(/(\d+)/, "$$$1")}`],
        });
      }
      const meta = wb.getWorksheet(METADATA_SHEET)!;
      expect(["hidden", "veryHidden"]).toContain(meta.state);
      const entries = c.plan.metadata.entries.map(([k], row) => [k, meta.getCell(row + 1, 2).text]);
      expect(entries).toEqual(c.plan.metadata.entries);
    }
  });

  it("reads the recalculated files back to the same values that were typed", async () => {
    for (const [i, c] of cases.entries()) {
      const wb = await readCchcWorkbook(readFileSync(recalculated[i]), `case-${i}.xlsx`, registry);
      const exported = exportValues(c.template, wb.cells);
      const typed = exportValues(
        c.template,
        new Map(
          c.plan.indicatorCells.map((cell) => [
            cell.code,
            { address: cell.address, raw: cell.computed ? null : (c.inputs.get(cell.code) ?? null), formula: cell.formula },
          ]),
        ),
      );
      expect(exported).toEqual(typed);
    }
  });
});
