// The collection round as offices run it, end to end through the CLI on real files: a blank form sent
// to every unit, each typing its name in the sheet; one workbook per unit made from a roster; duplicates,
// unnamed copies, completeness and timeliness against the due date; a merge output that fits a screen.
import ExcelJS from "exceljs";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliIo, runCli } from "../src/cli/run";
import { RawValue } from "../src/domain/values";
import { TITLE_INPUT_NAMES } from "../src/domain/workbookContract";
import { unitFileNames } from "../src/domain/unitFiles";
import { builtInRegistry } from "../src/templates";
import { readCchcWorkbook } from "./support/exceljsRead";
import { planFor, randomValue } from "./support/fill";
import { random } from "./support/random";

const registry = builtInRegistry();
const template = registry.get("quang-tri-2023");
const PERIOD = "2023-Q3"; // due 20/09/2023
const NOW = "2023-09-01T01:00:00.000Z";

const root = mkdtempSync(path.join(os.tmpdir(), "cchc-round-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  const dir = path.join(root, `d${dirs++}`);
  mkdirSync(dir);
  return dir;
}

async function cchc(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, now: () => NOW };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** The unit cell, where the sheet puts it ("Phụ lục!F4"): found by its defined name, as readers find it. */
const UNIT_CELL = (() => {
  const ref = planFor(template, PERIOD).definedNames.find((n) => n.name === TITLE_INPUT_NAMES.unitName)!.ref;
  return ref.replace(/\$/g, "").replace(/^'?(.*?)'?!/, "$1!");
})();

const inputs = template.indicators.filter((i) => i.kind !== "header" && !i.compute);
const addressOf = new Map(planFor(template, PERIOD).indicatorCells.map((c) => [c.code, c.address]));

/** Random figures a unit might type: counts and amounts always, so that totals can be checked exactly. */
function figures(seed: number): Map<string, RawValue> {
  const rnd = random(seed);
  return new Map(inputs.map((ind) => [ind.code, ind.kind === "count" ? Math.floor(rnd() * 500) : randomValue(ind, rnd)]));
}

/**
 * What a unit does with the form it received: types its name into the unit cell (found by its
 * defined name, as Excel users see it) and its figures, then saves at `savedAt`.
 */
async function fillIn(bytes: Buffer, unit: string | undefined, values: ReadonlyMap<string, RawValue>, savedAt: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet("Phụ lục")!;
  if (unit !== undefined) {
    const [ref] = wb.definedNames.getRanges(TITLE_INPUT_NAMES.unitName).ranges;
    sheet.getCell(ref.split("!")[1].replace(/\$/g, "")).value = unit;
  }
  for (const [code, v] of values) sheet.getCell(addressOf.get(code)!).value = v;
  wb.modified = new Date(savedAt);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const sumOf = (all: Map<string, RawValue>[], code: string) => all.reduce((a, m) => a + (m.get(code) as number), 0);
const countCodes = inputs.filter((i) => i.kind === "count" && i.merge === "sum").map((i) => i.code);

async function summaryTotals(file: string): Promise<Map<string, RawValue>> {
  const read = await readCchcWorkbook(readFileSync(file), file, registry);
  return new Map([...read.cells].map(([code, c]) => [code, c.raw]));
}

describe("one blank form sent to every unit", () => {
  const dir = freshDir();
  const units = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp"];
  const values = units.map((_, i) => figures(100 + i));
  let merge: Awaited<ReturnType<typeof cchc>>;

  beforeAll(async () => {
    expect((await cchc(["new", "--template", template.id, "--period", PERIOD, "--level", "so", "--out", "blank.xlsx"], dir)).code).toBe(0);
    const blank = readFileSync(path.join(dir, "blank.xlsx"));
    mkdirSync(path.join(dir, "received"));
    // Each unit got the same file, typed its name and figures; the file names say nothing about the unit.
    for (const [i, unit] of units.entries()) {
      writeFileSync(
        path.join(dir, "received", `bieu-mau (${i + 1}).xlsx`),
        await fillIn(blank, unit, values[i], "2023-09-15T03:00:00.000Z"),
      );
    }
    // One copy came back filled but without a name.
    writeFileSync(path.join(dir, "received", "khong-ten.xlsx"), await fillIn(blank, undefined, figures(999), "2023-09-16T03:00:00.000Z"));
    merge = await cchc(["merge", "received", "--out", "tong-hop.xlsx", "--unit", "Sở Nội vụ tỉnh Quảng Trị", "--json"], dir);
  }, 60_000);

  it("counts every unit that typed its name, with exact totals", async () => {
    const out = JSON.parse(merge.stdout);
    expect(out.units).toEqual([...units].sort((a, b) => a.localeCompare(b, "vi")));
    // Random figures break some rules: merged and flagged for review, never left out.
    expect(out.files.map((f: { status: string }) => f.status)).toEqual(units.map(() => expect.stringMatching(/^(merged|flagged)$/)));
    const totals = await summaryTotals(path.join(dir, "tong-hop.xlsx"));
    for (const code of countCodes) expect({ code, total: totals.get(code) }).toEqual({ code, total: sumOf(values, code) });
  });

  it("lists the unnamed copy with its reason and leaves it out of every total", () => {
    const out = JSON.parse(merge.stdout);
    expect(merge.code).toBe(1);
    expect(out.rejected).toEqual([
      {
        file: path.join("received", "khong-ten.xlsx"),
        reason: {
          vi: `${path.join("received", "khong-ten.xlsx")}: chưa ghi tên đơn vị báo cáo ở ô ${UNIT_CELL}; đề nghị đơn vị ghi tên rồi gửi lại (tệp này chưa được tổng hợp)`,
          en: expect.stringContaining(`the reporting unit's name is empty in cell ${UNIT_CELL}`),
        },
      },
    ]);
  });

  it("says in cchc check that the unit's name is missing, and where", async () => {
    const check = await cchc(["check", path.join("received", "khong-ten.xlsx")], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`Chưa ghi tên đơn vị báo cáo ở ô ${UNIT_CELL}`);
    const named = await cchc(["check", path.join("received", "bieu-mau (1).xlsx"), "--json"], dir);
    expect(JSON.parse(named.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("unit:blank");
  });
});

describe("one workbook per unit from a roster", () => {
  const roster = [
    "UBND xã Hải An",
    "UBND xã Hải Ba / huyện Hải Lăng",
    "Trung tâm Phục vụ hành chính công\\Bộ phận một cửa",
    "UBND phường Đông Lễ, thành phố Đông Hà",
    "Ban Quản lý Khu kinh tế tỉnh Quảng Trị và các khu công nghiệp, cụm công nghiệp trên địa bàn tỉnh (văn phòng đại diện)",
    "Ban Quản lý Khu kinh tế tỉnh Quảng Trị và các khu công nghiệp, cụm công nghiệp trên địa bàn tỉnh (trụ sở chính)",
    "CON",
    'Sở Y tế: "Phòng Nghiệp vụ"?*<>|',
    "SỞ Y TẾ: PHÒNG NGHIỆP VỤ",
  ];
  const dir = freshDir();
  let made: Awaited<ReturnType<typeof cchc>>;

  beforeAll(async () => {
    writeFileSync(
      path.join(dir, "danh-sach.csv"),
      `\ufeffSTT;Tên đơn vị\n${roster.map((u, i) => `${i + 1};"${u.replace(/"/g, '""')}"`).join("\n")}\n`,
    );
    made = await cchc(
      ["new", "--template", template.id, "--period", PERIOD, "--level", "so", "--roster", "danh-sach.csv", "--out", "gui-di"],
      dir,
    );
  }, 60_000);

  it("writes one file per roster line, each named after its unit, safe on Windows and unique", () => {
    expect(made.code).toBe(0);
    const files = readdirSync(path.join(dir, "gui-di")).sort();
    expect(files).toHaveLength(roster.length);
    for (const f of files) {
      expect(f).toMatch(/^[a-z0-9-]+\.xlsx$/);
      expect(f.length).toBeLessThanOrEqual(70);
      expect(f.replace(/\.xlsx$/, "")).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
    }
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(roster.length);
    expect(unitFileNames(roster)).toEqual(
      expect.arrayContaining([
        "ubnd-xa-hai-ba-huyen-hai-lang.xlsx",
        "don-vi-con.xlsx",
        "so-y-te-phong-nghiep-vu.xlsx",
        "so-y-te-phong-nghiep-vu-2.xlsx",
      ]),
    );
    expect(made.stdout).toContain(`Đã tạo ${roster.length} tệp`);
  });

  it("puts each unit's name in its unit cell", async () => {
    const names = await Promise.all(
      unitFileNames(roster).map(async (f) => (await readCchcWorkbook(readFileSync(path.join(dir, "gui-di", f)), f, registry)).unit.name),
    );
    expect(names).toEqual(roster);
  });

  it("merges the filled files back with nobody on the roster missing, on time or late by their save time", async () => {
    const files = unitFileNames(roster);
    mkdirSync(path.join(dir, "nhan-ve"));
    const values = roster.map((_, i) => figures(200 + i));
    // Saved by the end of 20/09/2023 in Vietnam (16:59 UTC) is on time; the last two came later.
    const saved = roster.map((_, i) => (i < roster.length - 2 ? "2023-09-20T16:59:00.000Z" : "2023-09-21T02:00:00.000Z"));
    for (const [i, f] of files.entries()) {
      writeFileSync(path.join(dir, "nhan-ve", f), await fillIn(readFileSync(path.join(dir, "gui-di", f)), undefined, values[i], saved[i]));
    }
    const r = await cchc(["merge", "nhan-ve", "--out", "tong-hop.xlsx", "--unit", "Sở Nội vụ", "--roster", "danh-sach.csv", "--json"], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.units).toHaveLength(roster.length);
    expect(out.roster).toMatchObject({
      expected: roster,
      missing: [],
      unexpected: [],
      onTime: roster.slice(0, -2),
      late: roster.slice(-2),
    });
    const totals = await summaryTotals(path.join(dir, "tong-hop.xlsx"));
    for (const code of countCodes) expect({ code, total: totals.get(code) }).toEqual({ code, total: sumOf(values, code) });
  }, 60_000);

  it("refuses to overwrite the files without --force, naming them", async () => {
    const again = await cchc(
      ["new", "--template", template.id, "--period", PERIOD, "--level", "so", "--roster", "danh-sach.csv", "--out", "gui-di"],
      dir,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/đã có 9 tệp trùng tên \(ubnd-xa-hai-an\.xlsx, .*--force/);
  });
});

describe("duplicates and timeliness", () => {
  it("keeps the newest of two reports of a unit by the workbook's save time, then the file's time, in one line", async () => {
    const dir = freshDir();
    expect((await cchc(["new", "--template", template.id, "--period", PERIOD, "--level", "so", "--out", "blank.xlsx"], dir)).code).toBe(0);
    const blank = readFileSync(path.join(dir, "blank.xlsx"));
    const a = figures(1);
    const b = figures(2);
    writeFileSync(path.join(dir, "y-te-lan-1.xlsx"), await fillIn(blank, "Sở Y tế", a, "2023-09-10T01:00:00.000Z"));
    writeFileSync(path.join(dir, "y-te-lan-2.xlsx"), await fillIn(blank, "SỞ Y TẾ\u200B", b, "2023-09-12T01:00:00.000Z"));
    // Same save time (a tool that does not update it): the file's time decides.
    const same = "2023-09-10T01:00:00.000Z";
    writeFileSync(path.join(dir, "tu-phap-a.xlsx"), await fillIn(blank, "Sở Tư pháp", a, same));
    writeFileSync(path.join(dir, "tu-phap-b.xlsx"), await fillIn(blank, "Sở Tư pháp", b, same));
    utimesSync(path.join(dir, "tu-phap-a.xlsx"), new Date("2023-09-14T01:00:00Z"), new Date("2023-09-14T01:00:00Z"));
    utimesSync(path.join(dir, "tu-phap-b.xlsx"), new Date("2023-09-13T01:00:00Z"), new Date("2023-09-13T01:00:00Z"));
    const r = await cchc(
      ["merge", "y-te-lan-1.xlsx", "y-te-lan-2.xlsx", "tu-phap-a.xlsx", "tu-phap-b.xlsx", "--out", "t.xlsx", "--unit", "Sở Nội vụ"],
      dir,
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const dup = lines.filter((l) => l.includes("gửi trùng"));
    expect(dup).toEqual([
      expect.stringMatching(
        /^ {2}\[Không tổng hợp: đã có bản mới hơn\] y-te-lan-1\.xlsx — .* dùng tệp y-te-lan-2\.xlsx \(lưu 12\/09\/2023 08:00\), không dùng tệp y-te-lan-1\.xlsx \(lưu 10\/09\/2023 08:00\)$/,
      ),
      expect.stringMatching(
        /tu-phap-b\.xlsx — .*dùng tệp tu-phap-a\.xlsx \(lưu 10\/09\/2023 08:00, tệp sửa 14\/09\/2023 08:00\), không dùng tệp tu-phap-b\.xlsx \(lưu 10\/09\/2023 08:00, tệp sửa 13\/09\/2023 08:00\)$/,
      ),
    ]);
    // The replaced files' values are not listed one by one.
    expect(r.stdout).not.toContain("Giá trị không được tổng hợp");
    const totals = await summaryTotals(path.join(dir, "t.xlsx"));
    for (const code of countCodes) expect(totals.get(code)).toBe((b.get(code) as number) + (a.get(code) as number));
  }, 60_000);
});

describe("the merge output", () => {
  it("fits one screen for 25 clean units", async () => {
    const dir = freshDir();
    const units = Array.from({ length: 25 }, (_, i) => `UBND xã Triệu ${["An", "Vân", "Trạch", "Phước", "Độ"][i % 5]} ${i + 1}`);
    writeFileSync(path.join(dir, "ds.txt"), units.join("\n"));
    expect(
      (await cchc(["new", "--template", template.id, "--period", PERIOD, "--level", "so", "--roster", "ds.txt", "--out", "gui"], dir)).code,
    ).toBe(0);
    mkdirSync(path.join(dir, "nhan"));
    const full = new Map(
      inputs.map((ind) => [ind.code, ind.kind === "choice" ? ind.options![0].value : ind.kind === "text" ? "Có" : 0] as [string, RawValue]),
    );
    for (const f of unitFileNames(units))
      writeFileSync(
        path.join(dir, "nhan", f),
        await fillIn(readFileSync(path.join(dir, "gui", f)), undefined, full, "2023-09-18T01:00:00.000Z"),
      );
    const r = await cchc(["merge", "nhan", "--out", "t.xlsx", "--unit", "UBND huyện Triệu Phong", "--roster", "ds.txt"], dir);
    expect(r.code).toBe(0);
    // On an 80-column terminal, every line wrapped.
    const rows = r.stdout
      .trimEnd()
      .split("\n")
      .reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 80)), 0);
    expect(rows).toBeLessThanOrEqual(24);
    expect(r.stdout).toContain("25 tệp: 25 đã tổng hợp, 0 không tổng hợp, 0 không đọc được.");
    expect(r.stdout).toContain("phải báo cáo 25, đã gửi 25 (100%), đúng hạn 25 (100%), gửi muộn 0 (0%), chưa gửi 0 (0%), có lỗi 0 (0%)");
  }, 120_000);
});
