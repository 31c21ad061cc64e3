// The `cchc` command-line tool, run in-process: listing and checking templates, writing a workbook,
// and exporting a filled-in workbook's values. Exit codes: 0 success, 2 bad arguments or input.
import ExcelJS from "exceljs";
import { parseCellRef } from "../src/domain/sheet/plan";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliIo, runCli } from "../src/cli/run";
import { definedNameFor } from "../src/domain/workbookContract";
import { builtInRegistry } from "../src/templates";
import quangTri2023 from "../src/templates/quang-tri-2023.json";

const NOW = "2026-01-01T00:00:00.000Z";
const TEMPLATE_IDS = ["quang-ngai-2021", "ha-tinh-2021-xa", "quang-tri-2023", "soc-trang-2021"];

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-cli-test-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function cchc(argv: string[], cwd: string = freshDir()): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, now: () => NOW };
  const code = await runCli(argv, io);
  // Whatever happens, the user never sees a stack trace.
  expect(stderr).not.toContain("    at ");
  expect(stdout).not.toContain("    at ");
  return { code, stdout, stderr };
}

/** Writes a workbook with `cchc new` and returns its path. */
async function newWorkbook(dir: string, args: string[] = []): Promise<string> {
  const out = path.join(dir, "bieu.xlsx");
  const r = await cchc(
    [
      "new",
      "--template",
      "quang-tri-2023",
      "--period",
      "2023-Q3",
      "--unit",
      "Sở Khoa học và Công nghệ",
      "--level",
      "so",
      "--out",
      "bieu.xlsx",
      ...args,
    ],
    dir,
  );
  expect(r).toMatchObject({ code: 0, stderr: "" });
  return out;
}

/** Opens a workbook, lets `edit` type into value cells found by their defined names, and saves it. */
async function fillIn(file: string, values: Record<string, ExcelJS.CellValue>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  for (const [code, value] of Object.entries(values)) {
    const ranges = wb.definedNames.getRanges(definedNameFor(code)).ranges;
    expect(ranges).toHaveLength(1);
    const m = /^'?(.*?)'?!\$?([A-Z]+)\$?(\d+)$/.exec(ranges[0])!;
    wb.getWorksheet(m[1])!.getCell(`${m[2]}${m[3]}`).value = value;
  }
  await wb.xlsx.writeFile(file);
}

async function readMeta(file: string): Promise<{ wb: ExcelJS.Workbook; meta: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const meta: Record<string, string> = {};
  wb.getWorksheet("_cchc")?.eachRow((row) => {
    meta[row.getCell(1).text] = row.getCell(2).text;
  });
  return { wb, meta };
}

function expectOneLineError(r: RunResult, file: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
}

// ---------------------------------------------------------------------------------------------

describe("cchc templates", () => {
  it("lists all four template versions", async () => {
    const r = await cchc(["templates"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    for (const id of TEMPLATE_IDS) expect(r.stdout).toContain(id);
    expect(r.stdout).toContain("Quảng Trị");
  });

  it("--json prints the list as JSON", async () => {
    const r = await cchc(["templates", "--json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      id: string;
      title: string;
      province: string;
      levels: string[];
      periods: string[];
      indicators: number;
    }[];
    expect(list.map((t) => t.id).sort()).toEqual([...TEMPLATE_IDS].sort());
    const registry = builtInRegistry();
    for (const t of list) {
      const real = registry.get(t.id);
      expect(t).toMatchObject({ title: real.title, province: real.province, levels: real.levels, periods: real.periods });
      expect(t.indicators).toBe(real.indicators.filter((i) => i.kind !== "header").length);
      expect(t.indicators).toBeGreaterThan(0);
    }
    expect(list.find((t) => t.id === "quang-tri-2023")).toMatchObject({ province: "Quảng Trị", levels: ["tinh", "so", "huyen"] });
  });

  it("--check accepts a good template file", async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "mine.json"), JSON.stringify(quangTri2023));
    const r = await cchc(["templates", "--check", "mine.json"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("mine.json");
    expect(r.stdout).toContain("hợp lệ");
    expect(r.stdout).toContain("quang-tri-2023");
  });

  it("--check reports every problem of a broken file by path", async () => {
    const dir = freshDir();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const broken: any = structuredClone(quangTri2023);
    broken.indicators[5].code = broken.indicators[2].code;
    broken.indicators[3].parent = "NOPE";
    writeFileSync(path.join(dir, "broken.json"), JSON.stringify(broken));
    const r = await cchc(["templates", "--check", "broken.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("broken.json");
    expect(r.stderr).toContain("indicators[5].code");
    expect(r.stderr).toContain("indicators[3].parent");
    expect(r.stderr).toContain("trùng mã BM1.2.1");

    const en = await cchc(["templates", "--check", "broken.json", "--lang", "en"], dir);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("duplicate code BM1.2.1");
    expect(en.stderr).toContain("indicators[3].parent");
  });

  it("--check refuses a file that is not JSON, or is missing", async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "bad.json"), "{ not json");
    const bad = await cchc(["templates", "--check", "bad.json"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.json");
    const missing = await cchc(["templates", "--check", "nothere.json"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nothere.json");
  });
});

describe("cchc new", () => {
  it("writes the workbook with the indicator sheet and the very hidden metadata sheet", async () => {
    const dir = freshDir();
    const file = await newWorkbook(dir);
    expect(existsSync(file)).toBe(true);
    const { wb, meta } = await readMeta(file);
    expect(wb.getWorksheet("Phụ lục")).toBeDefined();
    expect(wb.getWorksheet("_cchc")!.state).toBe("veryHidden");
    expect(meta).toMatchObject({
      format: "cchc-workbook",
      templateId: "quang-tri-2023",
      period: "2023-Q3",
      periodLabel: "Quý III năm 2023",
      unitName: "Sở Khoa học và Công nghệ",
      unitLevel: "so",
      kind: "submission",
      createdAt: NOW,
    });
    // the title block shows the period and its data window
    const sheet = wb.getWorksheet("Phụ lục")!;
    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((c) => typeof c.value === "string" && texts.push(c.value)));
    // The period line names the unit: a formula over CCHC_DonVi, its result cached for readers that do not calculate.
    const results: unknown[] = [];
    sheet.eachRow((row) => row.eachCell((c) => c.formula && results.push(c.result)));
    expect(results).toContainEqual(expect.stringMatching(/^QUÝ III NĂM 2023 CỦA /));
    expect(texts).toContain("Thời gian chốt số liệu: từ ngày 15/06/2023 đến ngày 14/09/2023");
    // every value cell has its defined name
    const inputs = builtInRegistry()
      .get("quang-tri-2023")
      .indicators.filter((i) => i.kind !== "header");
    for (const ind of inputs) expect(wb.definedNames.getRanges(definedNameFor(ind.code)).ranges).toHaveLength(1);
  });

  it("tells what it wrote, with the due date", async () => {
    const dir = freshDir();
    const r = await cchc(
      ["new", "--template", "quang-tri-2023", "--period", "2023-Q3", "--unit", "Sở Y tế", "--level", "so", "--out", "a.xlsx"],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join(dir, "a.xlsx"));
    expect(r.stdout).toContain("Quý III năm 2023");
    expect(r.stdout).toContain("20/09/2023");
  });

  it("names the file after template, period and unit when --out is not given", async () => {
    const dir = freshDir();
    const r = await cchc(["new", "--template", "soc-trang-2021", "--period", "2021-Y", "--unit", "Ban Quản lý các khu công nghiệp"], dir);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, "soc-trang-2021_2021-Y_ban-quan-ly-cac-khu-cong-nghiep.xlsx"))).toBe(true);
  });

  it("needs --level for a template used at several levels", async () => {
    const dir = freshDir();
    const r = await cchc(["new", "--template", "quang-tri-2023", "--period", "2023-Q3", "--unit", "Sở Y tế", "--out", "x.xlsx"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--level");
    expect(r.stderr).toContain("so");
    expect(r.stderr).toContain("huyen");
    expect(existsSync(path.join(dir, "x.xlsx"))).toBe(false);
  });

  it("refuses a level the template is not for", async () => {
    const r = await cchc(["new", "--template", "quang-tri-2023", "--period", "2023-Q3", "--unit", "UBND xã A", "--level", "xa"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("xa");
  });

  it("refuses a bad period, in Vietnamese by default and in English with --lang en", async () => {
    const args = ["new", "--template", "quang-tri-2023", "--period", "2023-Q5", "--unit", "Sở Y tế", "--level", "so"];
    const vi = await cchc(args);
    expect(vi.code).toBe(2);
    expect(vi.stderr).toMatch(/^Lỗi: /);
    expect(vi.stderr).toContain('Mã kỳ báo cáo "2023-Q5" không hợp lệ');
    const en = await cchc([...args, "--lang", "en"]);
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/^Error: /);
    expect(en.stderr).toContain('Invalid period code "2023-Q5"');
  });

  it("refuses a period type the template does not use", async () => {
    const r = await cchc(["new", "--template", "quang-tri-2023", "--period", "2023-9M", "--unit", "Sở Y tế", "--level", "so"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("2023-9M");
  });

  it("refuses an unknown template, listing the known ones", async () => {
    const r = await cchc(["new", "--template", "nope", "--period", "2023-Q3", "--unit", "Sở Y tế"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"nope"');
    for (const id of TEMPLATE_IDS) expect(r.stderr).toContain(id);
  });

  it("refuses an unknown option and a missing required one", async () => {
    const unknown = await cchc(["new", "--template", "quang-tri-2023", "--colour", "red"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--colour");
    const missing = await cchc(["new", "--template", "quang-tri-2023", "--level", "so"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--period");
  });

  it("without --unit writes a blank form whose unit cell (CCHC_DonVi) each unit fills in", async () => {
    const dir = freshDir();
    const r = await cchc(["new", "--template", "quang-tri-2023", "--period", "2023-Q3", "--level", "so", "--out", "trong.xlsx"], dir);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, "trong.xlsx"));
    const [ref] = wb.definedNames.getRanges("CCHC_DonVi").ranges;
    const cell = wb.getWorksheet("Phụ lục")!.getCell(parseCellRef(ref)!.address);
    expect(cell.value ?? null).toBeNull();
    expect(cell.protection?.locked).toBe(false);
  });

  it("does not overwrite an existing file without --force", async () => {
    const dir = freshDir();
    const file = await newWorkbook(dir);
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const r = await cchc(
      ["new", "--template", "quang-tri-2023", "--period", "2023-Q4", "--unit", "Sở Y tế", "--level", "so", "--out", "bieu.xlsx"],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--force");
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);

    const forced = await cchc(
      ["new", "--template", "quang-tri-2023", "--period", "2023-Q4", "--unit", "Sở Y tế", "--level", "so", "--out", "bieu.xlsx", "--force"],
      dir,
    );
    expect(forced.code).toBe(0);
    expect((await readMeta(file)).meta).toMatchObject({ period: "2023-Q4", unitName: "Sở Y tế" });
  });
});

describe("cchc export", () => {
  interface Row {
    code: string;
    cell: string;
    computed: boolean;
    status: string;
    value?: number;
    outOf?: number;
    text?: string;
    raw?: string;
    reason?: { vi: string; en: string };
  }
  const exportJson = async (dir: string, file = "bieu.xlsx") => {
    const r = await cchc(["export", file, "--json"], dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    return JSON.parse(r.stdout) as { file: string; template: string; period: string; unit: string; sheet: string; values: Row[] };
  };

  it("reads every value of a fresh workbook as missing", async () => {
    const dir = freshDir();
    await newWorkbook(dir);
    const out = await exportJson(dir);
    expect(out).toMatchObject({ template: "quang-tri-2023", period: "2023-Q3", unit: "Sở Khoa học và Công nghệ", sheet: "Phụ lục" });
    const inputs = builtInRegistry()
      .get("quang-tri-2023")
      .indicators.filter((i) => i.kind !== "header");
    expect(out.values.map((v) => v.code)).toEqual(inputs.map((i) => i.code));
    expect(new Set(out.values.map((v) => v.status))).toEqual(new Set(["missing"]));

    const text = await cchc(["export", "bieu.xlsx"], dir);
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toContain("Quý III năm 2023");
    expect(text.stdout).toContain("chưa nhập");
  });

  it("returns the parsed values and statuses of a filled-in workbook", async () => {
    const dir = freshDir();
    const file = await newWorkbook(dir);
    await fillIn(file, {
      "BM1.1": "1.755",
      "BM1.2.1": 37,
      "BM1.2.2": 31,
      "BM1.3.1": "-",
      "BM1.5.1": "02/02",
      "BM1.5.2": "abc",
      "BM1.6": 1,
      "BM1.6.2": 5,
      "BM6.1.1": 8326,
      "BM6.1.2": "6.786,875",
      "BM2.1": 12, // a total whose formula the unit overwrote
    });
    const out = await exportJson(dir);
    const row = (code: string) => out.values.find((v) => v.code === code)!;

    expect(row("BM1.1")).toMatchObject({ status: "value", value: 1755, computed: false });
    expect(row("BM1.2")).toMatchObject({ status: "value", computed: true });
    expect(row("BM1.2").value).toBeCloseTo((31 / 37) * 100, 9);
    expect(row("BM1.3.1")).toMatchObject({ status: "notApplicable" });
    expect(row("BM1.3.1").value).toBeUndefined();
    expect(row("BM1.5.1")).toMatchObject({ status: "value", value: 2, outOf: 2 });
    expect(row("BM1.5.2")).toMatchObject({ status: "invalid", raw: "abc" });
    expect(row("BM1.5.2").reason!.vi).toContain("BM1.5.2");
    expect(row("BM1.5.2").reason!.en).toContain("not a number");
    expect(row("BM1.6")).toMatchObject({ status: "value", value: 1 });
    expect(row("BM1.6.2")).toMatchObject({ status: "invalid", raw: "5" });
    expect(row("BM1.6.2").reason!.vi).toContain("Kết hợp = 2");
    expect(row("BM6.1.2")).toMatchObject({ status: "value", value: 6786.875 });
    // the rate's numerator is text, which a spreadsheet's COUNT() ignores, so the rate is not computable yet
    expect(row("BM6.1")).toMatchObject({ status: "missing", computed: true });
    expect(row("BM2.1")).toMatchObject({ status: "value", value: 12, computed: false });
    expect(row("BM1.3.3")).toMatchObject({ status: "missing", computed: true });
    expect(row("BM1.5.3")).toMatchObject({ status: "missing" });
    expect(row("BM1.1").cell).toMatch(/^D\d+$/);

    const text = await cchc(["export", "bieu.xlsx"], dir);
    expect(text.stdout).toMatch(/BM1\.1\tcó số liệu\t1\.755/);
    expect(text.stdout).toMatch(/BM1\.5\.2\tkhông đọc được\t"abc" — Chỉ tiêu BM1\.5\.2/);
    const en = await cchc(["export", "bieu.xlsx", "--lang", "en"], dir);
    expect(en.stdout).toMatch(/BM1\.3\.1\tnot applicable/);
  });

  it("keeps text and computes totals by formula", async () => {
    const dir = freshDir();
    const made = await cchc(
      [
        "new",
        "--template",
        "quang-ngai-2021",
        "--period",
        "2021-H1",
        "--unit",
        "Sở Khoa học và Công nghệ",
        "--level",
        "so",
        "--out",
        "qn.xlsx",
      ],
      dir,
    );
    expect(made.code).toBe(0);
    await fillIn(path.join(dir, "qn.xlsx"), {
      "7.6.1": "Đã kết nối",
      "3.1.3.a": "1.291",
      "3.1.3.b": 328,
      "3.1.3.c": 136,
      "5.1.1": "02/02",
    });
    const out = await exportJson(dir, "qn.xlsx");
    const row = (code: string) => out.values.find((v) => v.code === code)!;
    expect(row("7.6.1")).toMatchObject({ status: "text", text: "Đã kết nối" });
    // "1.291" typed as text is not a number to SUM(), as in the spreadsheet
    expect(row("3.1.3")).toMatchObject({ status: "value", value: 328 + 136, computed: true });
    expect(row("3.1.3.a")).toMatchObject({ status: "value", value: 1291 });
    expect(row("5.1.1")).toMatchObject({ status: "value", value: 2, outOf: 2 });
    expect(out.period).toBe("2021-H1");
  });

  it("--csv writes UTF-8 with a BOM and a header row", async () => {
    const dir = freshDir();
    const file = await newWorkbook(dir);
    await fillIn(file, { "BM1.1": "1.755", "BM1.5.2": "abc" });
    const r = await cchc(["export", "bieu.xlsx", "--csv"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("\ufeff")).toBe(true);
    const lines = r.stdout.slice(1).split("\r\n");
    expect(lines[0]).toBe("code,stt,name,unit,cell,status,value,outOf,text,raw,reason");
    const inputs = builtInRegistry()
      .get("quang-tri-2023")
      .indicators.filter((i) => i.kind !== "header");
    expect(lines.filter((l) => l !== "")).toHaveLength(inputs.length + 1);
    const bm11 = lines.find((l) => l.startsWith("BM1.1,"))!;
    expect(bm11).toMatch(/,Phụ lục!D\d+,value,1755,/);
    const bm152 = lines.find((l) => l.startsWith("BM1.5.2,"))!;
    expect(bm152).toContain(",invalid,");
    expect(bm152).toContain("abc");
  });

  it("refuses a file that is not an xlsx, naming it in one line", async () => {
    const dir = freshDir();
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    writeFileSync(path.join(dir, "random.xlsx"), bytes);
    expectOneLineError(await cchc(["export", "random.xlsx"], dir), "random.xlsx");
  });

  it("refuses a damaged xlsx (a zip header and garbage), naming it in one line", async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "damaged.xlsx"), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]));
    expectOneLineError(await cchc(["export", "damaged.xlsx"], dir), "damaged.xlsx");
  });

  it("refuses an empty file, naming it in one line", async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "empty.xlsx"), "");
    const r = await cchc(["export", "empty.xlsx"], dir);
    expectOneLineError(r, "empty.xlsx");
    expect(r.stderr).toContain("rỗng");
  });

  it("refuses a missing file, naming it in one line", async () => {
    const r = await cchc(["export", "khong-co.xlsx"]);
    expectOneLineError(r, "khong-co.xlsx");
    expect(r.stderr).toContain("không tìm thấy");
  });

  it("refuses an xlsx that is not one of ours, in Vietnamese and English", async () => {
    const dir = freshDir();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = 42;
    await wb.xlsx.writeFile(path.join(dir, "other.xlsx"));
    const vi = await cchc(["export", "other.xlsx"], dir);
    expectOneLineError(vi, "other.xlsx");
    expect(vi.stderr).toContain("_cchc");
    const en = await cchc(["export", "other.xlsx", "--lang", "en"], dir);
    expectOneLineError(en, "other.xlsx");
    expect(en.stderr).toContain("not a Biểu mẫu CCHC workbook");
  });

  it("needs exactly one file", async () => {
    expect((await cchc(["export"])).code).toBe(2);
    expect((await cchc(["export", "a.xlsx", "b.xlsx"])).code).toBe(2);
  });
});

describe("help and usage", () => {
  it.each(["templates", "new", "export"])("%s --help prints the command's help", async (command) => {
    const r = await cchc([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`cchc ${command}`);
    const en = await cchc([command, "--help", "--lang", "en"]);
    expect(en.code).toBe(0);
    expect(en.stdout.length).toBeGreaterThan(0);
    expect(en.stdout).not.toBe(r.stdout);
  });

  it("--help lists the commands", async () => {
    const r = await cchc(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["templates", "new", "export"]) expect(r.stdout).toContain(c);
  });

  it("no command prints help and exits 2", async () => {
    const r = await cchc([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("cchc");
  });

  it("an unknown command exits 2", async () => {
    const r = await cchc(["merge-all"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("merge-all");
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../package.json"), "utf8")) as { version: string };
    const r = await cchc(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("an unknown language is refused", async () => {
    const r = await cchc(["templates", "--lang", "fr"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("fr");
  });
});
