// `cchc check` on real files: a fresh sheet, the Quảng Trị seed as its unit typed it (rates typed over
// their formulas), and files that are not ours.
import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliIo, runCli } from "../src/cli/run";
import { builtInRegistry } from "../src/templates";
import { filledWorkbook, planFor, seedTyped } from "./support/fill";
import { FIXTURES_DIR, readSeedTable, SEEDS } from "./support/seeds";

function io(cwd: string) {
  const out = { stdout: "", stderr: "" };
  const value: CliIo = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), cwd, now: () => "2026-01-01T00:00:00.000Z" };
  return { io: value, out };
}

const template = builtInRegistry().get("quang-tri-2023");
const plan = planFor(template, "2023-Q3", "Sở Khoa học và Công nghệ");
const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-check-"));

/** The seed as the unit filled it: its rates typed by hand over the sheet's formulas. */
async function seedAsTyped(): Promise<string> {
  const file = path.join(dir, "seed-002.xlsx");
  writeFileSync(file, await filledWorkbook(plan, seedTyped(template, SEEDS.quangTri2023Q3, [], { overFormulas: true })));
  return file;
}

describe("cchc check", () => {
  it("passes a freshly generated sheet with exit 0", async () => {
    const file = path.join(dir, "fresh.xlsx");
    writeFileSync(file, await filledWorkbook(plan, new Map()));
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file], cli)).toBe(0);
    expect(out.stdout).toContain("sẵn sàng gửi");
  });

  it("finds the seed's contradicting rates and its overwritten formulas, with cells, and exits 1", async () => {
    const file = await seedAsTyped();
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file, "--json"], cli)).toBe(1);
    const report = JSON.parse(out.stdout) as { errors: number; findings: { ruleId: string; cell: string; codes: string[]; message: { vi: string } }[] };
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(["rate:BM6.1", "rate:BM7.6.5", "rate:BM7.6.7", "part:BM7.6.5.2<=BM7.6.5.1", "formula:overwritten"]));
    const bm61 = report.findings.find((f) => f.ruleId === "rate:BM6.1")!;
    const row = plan.indicatorCells.find((c) => c.code === "BM6.1")!;
    expect(bm61.cell).toBe(`Phụ lục!${row.address}`);
    expect(bm61.message.vi).toContain("81,51");
    // Every computed cell the unit typed over is reported, and nothing else is called overwritten.
    const overwritten = report.findings.filter((f) => f.ruleId === "formula:overwritten").map((f) => f.codes[0]).sort();
    const typedComputed = readSeedTable(SEEDS.quangTri2023Q3).flatMap((r, i) => (template.indicators[i].compute && r.value !== "" ? [template.indicators[i].code] : [])).sort();
    expect(overwritten).toEqual(typedComputed);
  });

  it("prints findings grouped by severity, in English on request", async () => {
    const file = await seedAsTyped();
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file, "--lang", "en"], cli)).toBe(1);
    expect(out.stdout).toMatch(/Errors \(\d+\):/);
    expect(out.stdout).toContain("BM6.1  STT 1.");
  });

  it("exits 2 with the reason for a file that is not one of ours", async () => {
    const file = path.join(dir, "plain.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = 1;
    await wb.xlsx.writeFile(file);
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file], cli)).toBe(2);
    expect(out.stderr).toContain("không tìm thấy bảng chỉ tiêu");
  });

  const retyped = (name: string) => path.join(FIXTURES_DIR, "retyped", name);

  it("checks a form retyped by hand by row, without the formula-integrity family, saying how it was read", async () => {
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", retyped("002-seed-two-row-header.xlsx"), "--json"], cli)).toBe(1);
    const report = JSON.parse(out.stdout);
    expect({ template: report.template, period: report.period, unit: report.unit, readAs: report.readAs }).toEqual({
      template: "quang-tri-2023", period: "2023-Q3", unit: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", readAs: "retyped",
    });
    expect(report.errors).toBeGreaterThan(0);
    expect(report.findings.every((f: { ruleId: string; cell: string }) => !f.ruleId.startsWith("formula:") && /^Phụ lục!D\d+$/.test(f.cell))).toBe(true);
    expect(report.notes[0]).toContain("đọc theo biểu mẫu quang-tri-2023");
  });

  it("exits 1 for a retyped form it is not sure of, with the reason", async () => {
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", retyped("004-clerk-column-order.xlsx")], cli)).toBe(1);
    expect(out.stdout).toContain("Cần xem lại: chỉ đọc được 27/");
    expect(out.stdout).not.toContain("sẵn sàng gửi");
  });
});
