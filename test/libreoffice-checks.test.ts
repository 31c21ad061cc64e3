// Differential test of the self-checking sheet: for every template, the findings of the TypeScript
// engine equal what the compiled check formulas show after LibreOffice recalculates — for valid
// values, values with every kind of violation injected, and each seed's values as its unit typed them.
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { periodType } from "../src/domain/period";
import { checkSheet } from "../src/domain/rules/check";
import { Severity } from "../src/domain/rules/model";
import { SheetPlan } from "../src/domain/sheet/plan";
import { Template } from "../src/domain/template/schema";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { cellRaw, readCchcWorkbook } from "./support/exceljsRead";
import { filledWorkbook, planFor, randomValue, seedTyped, violatingValue } from "./support/fill";
import { describeWithLibreOffice, recalculate } from "./support/libreoffice";
import { random } from "./support/random";
import { SEED_FORMS } from "./support/seeds";

const registry = builtInRegistry();
const SEVERITIES: Severity[] = ["error", "warning", "info"];

interface Case {
  name: string;
  template: Template;
  plan: SheetPlan;
  period: string;
  /** Values typed per indicator; for a computed indicator, a value typed over its formula. */
  typed: Map<string, RawValue>;
  file: string;
}

describeWithLibreOffice("the sheet's own check formulas agree with the rule engine (LibreOffice)", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-checks-"));
  const cases: Case[] = [];
  let recalculated: string[] = [];

  beforeAll(async () => {
    let seed = 100;
    for (const template of registry.list()) {
      const period = template.periods.includes("Y") ? "2023-Y" : `2023-${template.periods[0] === "Q" ? "Q1" : template.periods[0]}`;
      for (const variant of ["valid", "violations", "violations-2", "violations-3"]) {
        const rnd = random(seed++);
        const typed = new Map<string, RawValue>();
        for (const ind of template.indicators) {
          if (ind.kind === "header") continue;
          const violate = variant !== "valid" && rnd() < 0.2;
          if (ind.compute && !violate) continue; // keep the formula
          typed.set(ind.code, violate ? violatingValue(ind, rnd) : randomValue(ind, rnd));
        }
        cases.push({ name: `${template.id} ${variant}`, template, plan: planFor(template, period), period, typed, file: "" });
      }
    }
    for (const { templateId: id, stem, period, skipSeqs: skip } of SEED_FORMS) {
      const template = registry.get(id);
      const typed = seedTyped(template, stem, skip, { overFormulas: true });
      cases.push({ name: `${id} seed ${stem.slice(0, 3)}`, template, plan: planFor(template, period), period, typed, file: "" });
    }
    for (const [i, c] of cases.entries()) {
      c.file = path.join(dir, `checks-${i}.xlsx`);
      writeFileSync(c.file, await filledWorkbook(c.plan, c.typed));
    }
    recalculated = recalculate(cases.map((c) => c.file));
  });

  it("shows, row by row and per severity, exactly the findings of the engine", async () => {
    let findingsSeen = 0;
    for (const [i, c] of cases.entries()) {
      const read = await readCchcWorkbook(readFileSync(recalculated[i]), c.name, registry);
      const findings = checkSheet(c.template, read.cells, { level: c.template.levels[0], periodType: periodType(c.period) })
        // Formula integrity needs ISFORMULA (Excel 2013+): the add-in and `cchc check` report it, not the sheet.
        .filter((f) => !f.ruleId.startsWith("formula:"));
      findingsSeen += findings.length;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(recalculated[i]);
      const sheet = wb.getWorksheet(c.plan.sheetName)!;
      const cols = c.plan.checkColumns;
      const differences: string[] = [];
      for (const cell of c.plan.indicatorCells) {
        const expected = SEVERITIES.map((s) => findings.filter((f) => f.codes[0] === cell.code && f.severity === s).length);
        const shown = [cols.errors, cols.warnings, cols.infos].map((col) => cellRaw(sheet.getCell(cell.row, col)).raw);
        const text = cellRaw(sheet.getCell(cell.row, cols.text)).raw;
        if (JSON.stringify(expected) !== JSON.stringify(shown)) {
          differences.push(
            `${cell.code}: engine ${expected.join("/")}, sheet ${shown.join("/")} — ${findings
              .filter((f) => f.codes[0] === cell.code)
              .map((f) => f.ruleId)
              .join(", ")} | ${String(text)}`,
          );
        }
        if (expected.some((n) => n > 0) !== (typeof text === "string" && text.length > 0))
          differences.push(`${cell.code}: check text "${String(text)}"`);
      }
      const errors = findings.filter((f) => f.severity === "error").length;
      const warnings = findings.filter((f) => f.severity === "warning").length;
      const summary = cellRaw(sheet.getCell(c.plan.checkColumns.summaryCell)).raw;
      expect({ case: c.name, differences, summary }).toEqual({
        case: c.name,
        differences: [],
        summary: `Tự kiểm tra: ${errors} lỗi, ${warnings} cảnh báo`,
      });
    }
    expect(findingsSeen).toBeGreaterThan(100);
  });
});
