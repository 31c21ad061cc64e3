// The pane's check on an open workbook that has no `_cchc` but holds a form retyped by hand: the
// Office.js adapter against the in-memory host, fed the corpus files' cells (no merges: the adapter
// does not read them), finds what the file reader finds, by row, and re-checks after an edit.
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createOfficeReportHost } from "../src/excel/officeReportHost";
import { readRetypedInWorkbook } from "../src/excel/readRetyped";
import { ReportState } from "../src/host/reportHost";
import { builtInRegistry } from "../src/templates";
import { createInMemoryExcel, InMemoryExcel } from "../src/workbench/host";
import { readRetypedWorkbook, sheetGrid } from "../src/xlsx/retypedForm";
import { FIXTURES_DIR } from "./support/seeds";

const registry = builtInRegistry();
const fixture = (name: string) => path.join(FIXTURES_DIR, "retyped", name);

async function workbookOf(name: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(fixture(name)) as unknown as ArrayBuffer);
  return wb;
}

/** The file's cells typed into the in-memory workbook: values and number formats, dates as Excel's serial days. */
async function openInExcel(name: string): Promise<InMemoryExcel> {
  const sheet = sheetGrid((await workbookOf(name)).worksheets[0]);
  const excel = createInMemoryExcel({ sheets: [sheet.name] });
  await excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet.name);
    sheet.rows.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell) return;
        const range = ws.getRange(`${String.fromCharCode(65 + c)}${r + 1}`);
        if (cell.numFmt && cell.numFmt !== "General") range.numberFormat = [[cell.numFmt]];
        const v = cell.value instanceof Date ? cell.value.getTime() / 86400000 + 25569 : cell.value;
        range.values = [[typeof v === "string" && /^[=+@]/.test(v) ? `'${v}` : v]];
      }),
    );
    await context.sync();
  });
  return excel;
}

function hostOn(excel: InMemoryExcel) {
  return createOfficeReportHost(excel.run, excel.requirements, {
    registry,
    generatorVersion: "test",
    debounceMs: 0,
    now: () => new Date("2026-01-01T00:00:00Z"),
  });
}

describe("the pane on a workbook retyped by hand", () => {
  it("loads the sheet in one sync and finds, by row, what the file reader finds", async () => {
    const excel = await openInExcel("002-seed-two-row-header.xlsx");
    excel.resetSyncCount();
    const read = await excel.run((context) => readRetypedInWorkbook(context, registry));
    expect(excel.syncCount()).toBe(1);
    const file = readRetypedWorkbook(await workbookOf("002-seed-two-row-header.xlsx"), "Sổ này", registry);
    expect(read!.submission.values).toEqual(file.submission.values);
    expect(read!.findings).toEqual(file.findings);
    expect(read!.findings.length).toBeGreaterThan(0);
    expect(read!.findings.some((f) => f.ruleId.startsWith("formula:"))).toBe(false);
  });

  it("opens it as the report to check, with how it was read, and re-checks after an edit", async () => {
    const excel = await openInExcel("003-clerk-column-order.xlsx");
    const host = hostOn(excel);
    const state = (await host.open())!;
    expect({
      templateId: state.templateId,
      period: state.period,
      unitName: state.unitName,
      sheetName: state.sheetName,
      stamp: state.stamp,
    }).toEqual({
      templateId: "soc-trang-2021",
      period: "2021-Y",
      unitName: "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
      sheetName: "Phụ lục",
      stamp: { state: "none" },
    });
    expect(state.retyped?.notes[0].vi).toContain('đọc theo biểu mẫu "Sóc Trăng 2021: ');
    const before = state.counts.error;

    // A count typed as a negative number: an error at that row.
    const row = firstCountRow(excel);
    const next = new Promise<ReportState>((resolve) => {
      const off = host.subscribe((s) => {
        off();
        resolve(s);
      });
    });
    expect(excel.userEdit("Phụ lục", `C${row}`, "-5")).toEqual({ ok: true });
    await excel.idle();
    const after = await next;
    expect(after.counts.error).toBeGreaterThan(before);
    expect(after.findings.some((f) => f.cell === `Phụ lục!C${row}` && f.severity === "error")).toBe(true);
  });

  it("says nothing for a workbook with no table at all", async () => {
    const excel = createInMemoryExcel();
    expect(await hostOn(excel).open()).toBeUndefined();
  });
});

/** The first row whose unit column (D in the clerk's layout) says "Nhiệm vụ" and whose value is a number. */
function firstCountRow(excel: InMemoryExcel): number {
  const sheet = excel.workbook.sheet("Phụ lục")!;
  for (let r = 1; r < 300; r++) {
    if (sheet.cellAt(`D${r}`).value === "Nhiệm vụ" && typeof sheet.cellAt(`C${r}`).value === "number") return r;
  }
  throw new Error("no count row");
}
