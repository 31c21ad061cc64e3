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
  it("passes a freshly generated sheet with exit 0, but not as ready to send: every indicator is blank", async () => {
    const file = path.join(dir, "fresh.xlsx");
    writeFileSync(file, await filledWorkbook(plan, new Map()));
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file], cli)).toBe(0);
    const inputs = template.indicators.filter((i) => i.kind !== "header" && !i.compute).length;
    expect(out.stdout).toContain(`Chưa sẵn sàng gửi; còn ${inputs}/${inputs} chỉ tiêu chưa nhập.`);
    expect(out.stdout).toContain("Quảng Trị 2023: Thống kê số liệu");
  });

  it("finds the seed's contradicting rates, one finding per typed-over cell, in sheet order, and exits 1", async () => {
    const file = await seedAsTyped();
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file, "--json"], cli)).toBe(1);
    const report = JSON.parse(out.stdout) as {
      errors: number;
      blank: number;
      findings: { ruleId: string; severity: string; cell: string; address: string; codes: string[]; message: { vi: string } }[];
    };
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toEqual(
      expect.arrayContaining(["rate:BM6.1", "rate:BM7.6.5", "rate:BM7.6.7", "part:BM7.6.5.2<=BM7.6.5.1", "formula:overwritten"]),
    );
    const bm61 = report.findings.find((f) => f.ruleId === "rate:BM6.1")!;
    const row = plan.indicatorCells.find((c) => c.code === "BM6.1")!;
    expect(bm61.cell).toBe(`Phụ lục!${row.address}`);
    expect(bm61.message.vi).toBe(
      "Tỷ lệ đã nhập 1,34 %; theo dòng 1.2 và 1.1 là 81,5 %: ô này có công thức nhưng đã bị ghi đè, hãy xóa số đã nhập để biểu tự tính",
    );
    // Every computed cell the unit typed over is reported once: on its own, or in the rule about it.
    const typedComputed = readSeedTable(SEEDS.quangTri2023Q3)
      .flatMap((r, i) => (template.indicators[i].compute && r.value !== "" ? [template.indicators[i].code] : []))
      .sort();
    const overwritten = report.findings
      .filter((f) => f.ruleId === "formula:overwritten" || f.message.vi.includes("bị ghi đè"))
      .map((f) => f.codes[0])
      .sort();
    expect(overwritten).toEqual(typedComputed);
    // Typed as the formula gives it: a warning, not an error.
    expect(report.findings.find((f) => f.codes[0] === "BM1.2")).toMatchObject({ ruleId: "formula:overwritten", severity: "warning" });
    const rowsInOrder = report.findings.map((f) => plan.indicatorCells.find((c) => c.code === f.codes[0])!.row);
    expect(rowsInOrder).toEqual([...rowsInOrder].sort((a, b) => a - b));
    for (const f of report.findings) expect(f.message.vi).not.toMatch(/\[|BM\d|quang-tri/);
  });

  it("prints findings in sheet order with their severity, in English on request", async () => {
    const file = await seedAsTyped();
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file, "--lang", "en"], cli)).toBe(1);
    expect(out.stdout).toMatch(/Not ready to send: \d+ errors to fix/);
    expect(out.stdout).toMatch(/Error {2}Phụ lục!D\d+ {2}STT 1\. {2}Tỷ lệ thực hiện Kế hoạch giải ngân/);
  });

  it("compares with the previous period's report given with --previous", async () => {
    const file = await seedAsTyped();
    const earlier = path.join(dir, "seed-002-q2.xlsx");
    const typed = seedTyped(template, SEEDS.quangTri2023Q3, [], { overFormulas: true });
    const seedValue = (code: string) => Number(typed.get(code));
    // Quarter II: more leaders appointed to date than in quarter III (a cumulative figure), ten times the level 3 procedures.
    typed.set("BM5.3", seedValue("BM5.3") + 3);
    typed.set("BM7.6.4.2", seedValue("BM7.6.4.2") * 10);
    writeFileSync(earlier, await filledWorkbook(planFor(template, "2023-Q2", "Sở Khoa học và Công nghệ"), typed));
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", file, "--previous", earlier, "--json"], cli)).toBe(1);
    const report = JSON.parse(out.stdout) as {
      previous: { period: string; findings: { ruleId: string; codes: string[]; cell: string }[] };
    };
    expect(report.previous.period).toBe("2023-Q2");
    expect(report.previous.findings.map((f) => [f.ruleId, f.codes[0]])).toEqual([
      ["previous:cumulative", "BM5.3"],
      ["previous:change", "BM7.6.4.2"],
    ]);
    const text = io(dir);
    await runCli(["check", file, "--previous", earlier], text.io);
    expect(text.out.stdout).toContain(`So với kỳ trước (Quý II năm 2023, ${earlier}):`);
    expect(text.out.stdout).toContain("Số lũy kế giảm so với kỳ trước (Quý II năm 2023:");
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
      template: "quang-tri-2023",
      period: "2023-Q3",
      unit: "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
      readAs: "retyped",
    });
    expect(report.errors).toBeGreaterThan(0);
    expect(
      report.findings.every((f: { ruleId: string; cell: string }) => !f.ruleId.startsWith("formula:") && /^Phụ lục!D\d+$/.test(f.cell)),
    ).toBe(true);
    expect(report.notes[0]).toContain('đọc theo biểu mẫu "Quảng Trị 2023: ');
  });

  it("exits 1 for a retyped form it is not sure of, with the reason", async () => {
    const { io: cli, out } = io(dir);
    expect(await runCli(["check", retyped("004-clerk-column-order.xlsx")], cli)).toBe(1);
    expect(out.stdout).toContain("Cần xem lại: chỉ đọc được 27/");
    expect(out.stdout).toContain("Chưa sẵn sàng gửi");
  });
});
