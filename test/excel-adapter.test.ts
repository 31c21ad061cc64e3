// The Office.js adapter against the in-memory Excel host (DESIGN §6): it writes the same sheet as
// the ExcelJS renderer, in a constant number of syncs, and its live check finds what `cchc check`
// finds in the same values saved to a file.
import { createOfficeReportHost } from "../src/excel/officeReportHost";
import { toHostError } from "../src/excel/errors";
import { checkReport } from "../src/domain/rules/report";
import { parseCellRef } from "../src/domain/sheet/plan";
import { TemplateRegistry, templateSummary } from "../src/domain/template/registry";
import { builtInRegistry } from "../src/templates";
import { HostError, ReportState } from "../src/host/reportHost";
import { createInMemoryExcel, InMemoryExcel } from "../src/workbench/host";
import { readCchcWorkbook } from "./support/exceljsRead";
import { filledWorkbook, planFor, seedCellValue } from "./support/fill";
import { readSeedTable, SEED_FORMS } from "./support/seeds";

const registry = builtInRegistry();
const UNIT = "Sở Khoa học và Công nghệ";

function adapterOn(excel: InMemoryExcel) {
  return createOfficeReportHost(excel.run, excel.requirements, {
    registry,
    generatorVersion: "test",
    debounceMs: 0,
    now: () => new Date("2026-01-01T00:00:00.000Z"),
  });
}

async function insert(excel: InMemoryExcel, templateId: string, period: string) {
  const host = adapterOn(excel);
  const template = registry.get(templateId);
  const outcome = await host.insert({ templateId, period, unitName: UNIT, unitLevel: template.levels[0], replace: false });
  return { host, outcome };
}

/** Resolves with the next state the adapter publishes. */
function nextState(host: ReturnType<typeof adapterOn>): Promise<ReportState> {
  return new Promise((resolve) => {
    const off = host.subscribe((s) => {
      off();
      resolve(s);
    });
  });
}

describe("templates that load on demand (the task pane's registry)", () => {
  it("insert and open load the one form they need", async () => {
    const loaded: string[] = [];
    const lazy = new TemplateRegistry(
      registry.list().map((t) => ({
        summary: templateSummary(t),
        load: async () => {
          loaded.push(t.id);
          return t;
        },
      })),
    );
    const excel = createInMemoryExcel();
    const host = createOfficeReportHost(excel.run, excel.requirements, { registry: lazy, generatorVersion: "test", debounceMs: 0 });
    const template = registry.get("quang-tri-2023");
    const outcome = await host.insert({
      templateId: template.id,
      period: "2023-Q3",
      unitName: UNIT,
      unitLevel: template.levels[0],
      replace: false,
    });
    expect(outcome.status).toBe("inserted");
    expect(loaded).toEqual(["quang-tri-2023"]);
    const opened = await createOfficeReportHost(excel.run, excel.requirements, { registry: lazy, generatorVersion: "test" }).open();
    expect(opened?.templateId).toBe("quang-tri-2023");
    expect(loaded).toEqual(["quang-tri-2023"]);
  });
});

describe("inserting the sheet", () => {
  it.each(registry.list().map((t) => t.id))("%s: writes the same sheet as the plan, in two syncs", async (templateId) => {
    const template = registry.get(templateId);
    const period = template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`;
    const excel = createInMemoryExcel();
    excel.resetSyncCount();
    const { outcome } = await insert(excel, templateId, period);
    expect(outcome).toEqual({ status: "inserted", sheetName: "Phụ lục", syncs: 2, notes: [] });

    const plan = planFor(template, period, UNIT);
    const sheet = excel.workbook.sheet(plan.sheetName)!;
    for (const c of plan.cells) {
      const cell = sheet.cell(c.row, c.col);
      if (c.formula !== undefined) expect(cell.formula).toBe(`=${c.formula}`);
      else if (c.value !== undefined) expect(cell.value ?? "").toBe(c.value);
      if (c.style.unlocked) expect(cell.locked).toBe(false);
      if (c.style.numFmt) expect(cell.numberFormat).toBe(c.style.numFmt);
    }
    expect(
      sheet
        .merges()
        .map((m) => m.address)
        .sort(),
    ).toEqual([...plan.merges].sort());
    for (const col of plan.hiddenColumns) expect(sheet.columnHidden(col)).toBe(true);
    expect(sheet.protected).toBe(true);
    expect(sheet.dataValidations()).toHaveLength(plan.validations.length);
    expect(sheet.conditionalFormats().map((f) => [f.address, f.formula, f.fill, f.numberFormat])).toEqual(
      plan.conditionalFormats.map((f) => [f.range, `=${f.formula}`, f.fill && `#${f.fill}`, f.numFmt]),
    );
    const names = new Map(excel.workbook.names().map((n) => [n.name, parseCellRef(n.formula)]));
    for (const n of plan.definedNames) expect(names.get(n.name)).toEqual(parseCellRef(n.ref));
    expect(sheet.pageLayout()).toMatchObject({ orientation: "Portrait", paperSize: "A4" });

    const meta = excel.workbook.sheet("_cchc")!;
    expect(meta.visibility).toBe("VeryHidden");
    plan.metadata.entries.forEach(([key, value], i) => {
      if (key === "createdAt" || key === "generatorVersion") return;
      expect([meta.cell(i + 1, 1).value, meta.cell(i + 1, 2).value ?? ""]).toEqual([key, value]);
    });
  });

  it("costs the same number of round trips whatever the template's size", async () => {
    const counts = [];
    for (const t of registry.list()) {
      const excel = createInMemoryExcel();
      excel.resetSyncCount();
      const period = t.periods.includes("Q") ? "2023-Q3" : `2023-${t.periods[0]}`;
      await insert(excel, t.id, period);
      counts.push(excel.syncCount());
    }
    // insert (check + write) and open (read + attach the listener)
    expect(new Set(counts)).toEqual(new Set([4]));
  });

  it("asks before replacing an existing sheet and keeps its data until told to replace", async () => {
    const excel = createInMemoryExcel();
    const { host } = await insert(excel, "quang-tri-2023", "2023-Q3");
    const plan = planFor(registry.get("quang-tri-2023"), "2023-Q3", UNIT);
    const first = plan.indicatorCells.find((c) => !c.computed)!;
    expect(excel.userEdit("Phụ lục", first.address, "12")).toEqual({ ok: true });

    const again = await host.insert({ templateId: "quang-tri-2023", period: "2023-Q4", unitName: UNIT, unitLevel: "so", replace: false });
    expect(again).toEqual({ status: "exists", sheetName: "Phụ lục" });
    expect(excel.workbook.sheet("Phụ lục")!.cellAt(first.address).value).toBe(12);

    const replaced = await host.insert({ templateId: "quang-tri-2023", period: "2023-Q4", unitName: UNIT, unitLevel: "so", replace: true });
    expect(replaced.status).toBe("inserted");
    expect(excel.workbook.sheet("Phụ lục")!.cellAt(first.address).value).toBeNull();
    expect(excel.workbook.sheetNames().filter((n) => n === "_cchc")).toHaveLength(1);
  });

  it("in Excel 2019 (ExcelApi 1.8) leaves the print setup to the user and says so", async () => {
    const excel = createInMemoryExcel({ apiVersion: "1.8" });
    const { outcome } = await insert(excel, "quang-ngai-2021", "2021-H1");
    expect(outcome.status === "inserted" && outcome.notes[0].vi).toMatch(/A4/);
  });

  it("turns a bad request into a message, not a crash", async () => {
    const excel = createInMemoryExcel();
    const host = adapterOn(excel);
    await expect(
      host.insert({ templateId: "quang-tri-2023", period: "2023-Q5", unitName: UNIT, unitLevel: "so", replace: false }),
    ).rejects.toThrow(HostError);
  });
});

describe("live check", () => {
  const form = SEED_FORMS.find((f) => f.templateId === "quang-tri-2023")!;
  const template = registry.get(form.templateId);

  it("finds in the open workbook what cchc check finds in the same values saved to a file", async () => {
    const excel = createInMemoryExcel();
    const { host } = await insert(excel, form.templateId, form.period);
    const plan = planFor(template, form.period, UNIT);
    const rows = readSeedTable(form.stem);
    // Type what the unit typed, including the rates typed over their formulas (protection off, as units do).
    await excel.run(async (context) => {
      context.workbook.worksheets.getItem("Phụ lục").protection.unprotect();
      await context.sync();
    });
    const typed = new Map<string, ReturnType<typeof seedCellValue>>();
    let last: Promise<ReportState> | undefined;
    rows.forEach((row, i) => {
      const ind = template.indicators[i];
      if (ind.kind === "header" || row.value === "") return;
      const cell = plan.indicatorCells.find((c) => c.code === ind.code)!;
      last = nextState(host);
      expect(excel.userEdit("Phụ lục", cell.address, row.value)).toEqual({ ok: true });
      typed.set(ind.code, seedCellValue(row, ind));
    });
    await excel.idle();
    const state = await last!;

    const file = await readCchcWorkbook(await filledWorkbook(plan, typed), "seed.xlsx", registry);
    const expected = checkReport(file.template, file.sheetName, file.cells, file.meta);
    expect(state.findings.map((f) => [f.ruleId, f.cell, f.message.vi])).toEqual(
      expected.findings.map((f) => [f.ruleId, f.cell, f.message.vi]),
    );
    expect(state.counts.error).toBeGreaterThan(0);
  });

  it("re-checks an edit with one read and no write to the workbook", async () => {
    const excel = createInMemoryExcel();
    const { host } = await insert(excel, form.templateId, form.period);
    const plan = planFor(template, form.period, UNIT);
    const cell = plan.indicatorCells.find((c) => !c.computed && template.indicators.find((i) => i.code === c.code)!.kind === "count")!;
    const next = nextState(host);
    excel.userEdit("Phụ lục", cell.address, "abc");
    const edited = excel.workbook.version;
    excel.resetSyncCount();
    await excel.idle();
    const state = await next;
    expect(state.findings.some((f) => f.address === cell.address && f.severity === "error")).toBe(true);
    expect(excel.syncCount()).toBe(1);
    // Office.js writes would clear Excel's undo history: the check only reads.
    expect(excel.workbook.version).toBe(edited);
  });

  it("picks up the report again when the pane reopens, and keeps checking", async () => {
    const excel = createInMemoryExcel();
    await insert(excel, form.templateId, form.period);
    const reopened = adapterOn(excel);
    const state = await reopened.open();
    expect(state).toMatchObject({ templateId: form.templateId, period: form.period, unitName: UNIT });
    const plan = planFor(template, form.period, UNIT);
    const cell = plan.indicatorCells.find((c) => !c.computed)!;
    const next = nextState(reopened);
    excel.userEdit("Phụ lục", cell.address, "-5");
    await excel.idle();
    expect((await next).counts.error).toBeGreaterThan(0);
  });

  it("shows a failed re-check with Excel's reason, keeping the last findings as such, and clears it once a check succeeds", async () => {
    const excel = createInMemoryExcel();
    const { host } = await insert(excel, form.templateId, form.period);
    const opened = (await host.open())!;
    const cell = planFor(template, form.period, UNIT).indicatorCells.find((c) => !c.computed)!;
    const rename = (from: string, to: string) =>
      excel.run(async (context) => {
        context.workbook.worksheets.getItem(from).name = to;
        await context.sync();
      });
    // The user renames the sheet in Excel, then types into it: the check can no longer find the sheet.
    await rename("Phụ lục", "Phụ lục (2)");
    let next = nextState(host);
    expect(excel.userEdit("Phụ lục (2)", cell.address, "-5")).toEqual({ ok: true });
    await excel.idle();
    const failed = await next;
    expect(failed.recheckError?.vi).toMatch(/^Chưa kiểm tra lại được sau lần sửa cuối; .*đã bị xóa hoặc đổi tên/);
    expect(failed.recheckError?.en).toMatch(/^The check after the last edit failed; .*deleted or renamed/);
    expect({ ...failed, recheckError: undefined }).toEqual({ ...opened, recheckError: undefined });

    await rename("Phụ lục (2)", "Phụ lục");
    next = nextState(host);
    excel.userEdit("Phụ lục", cell.address, "-6");
    await excel.idle();
    const recovered = await next;
    expect(recovered.recheckError).toBeUndefined();
    expect(recovered.counts.error).toBeGreaterThan(0);
  });

  it("finds nothing in a workbook without a report", async () => {
    expect(await adapterOn(createInMemoryExcel()).open()).toBeUndefined();
  });
});

describe("validation stamp", () => {
  it("is refused while there are errors, stored when there are none, and goes stale after an edit", async () => {
    const excel = createInMemoryExcel();
    const { host } = await insert(excel, "quang-ngai-2021", "2021-H1");
    const plan = planFor(registry.get("quang-ngai-2021"), "2021-H1", UNIT);
    const cell = plan.indicatorCells.find((c) => !c.computed)!;
    excel.userEdit("Phụ lục", cell.address, "abc");
    await excel.idle();
    await expect(host.stampValidated()).rejects.toMatchObject({ userMessage: { vi: expect.stringMatching(/còn 1 lỗi/) } });

    excel.userEdit("Phụ lục", cell.address, "3");
    await excel.idle();
    const stamped = await host.stampValidated();
    expect(stamped.stamp.state).toBe("valid");
    expect(stamped.stamp.stamp).toMatchObject({ at: "2026-01-01T00:00:00.000Z", counts: { error: 0 } });

    const next = nextState(host);
    excel.userEdit("Phụ lục", cell.address, "4");
    await excel.idle();
    expect((await next).stamp.state).toBe("stale");
  });
});

describe("Office errors", () => {
  it.each([
    ["ApiNotFound", /Excel 2019/],
    ["AccessDenied", /bảo vệ/],
    ["InvalidOperationInCellEditMode", /Enter/],
  ])("%s becomes a message the user can act on", (code, text) => {
    const e = toHostError({ code, message: "x" });
    expect(e).toBeInstanceOf(HostError);
    expect(e.userMessage.vi).toMatch(text);
    expect(e.userMessage.en).not.toBe("");
  });
});
