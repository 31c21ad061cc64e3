// `cchc merge` end to end, in-process, on real files: unit workbooks written from the same plan as
// `cchc new` and filled, every kind of bad file the issue lists (each named with its message while
// the rest is merged), the summary read back with ExcelJS, roll-up of summaries, rosters, and the
// summary's own check column recalculated by LibreOffice.
import ExcelJS from "exceljs";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { deflateRawSync } from "node:zlib";
import { CliIo, runCli } from "../src/cli/run";
import { aggregatesFromMetadata } from "../src/domain/merge/metadata";
import { SOURCES_SHEET, UNITS_SHEET } from "../src/domain/merge/summaryPlan";
import { periodType } from "../src/domain/period";
import { checkSheet } from "../src/domain/rules/check";
import { Severity } from "../src/domain/rules/model";
import { Template } from "../src/domain/template/schema";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { cellRaw, readCchcWorkbook, readMetadata } from "./support/exceljsRead";
import { filledWorkbook, planFor, randomValue } from "./support/fill";
import { retypedSeed } from "./support/receivedFiles";
import { describeWithLibreOffice, recalculate } from "./support/libreoffice";
import { random } from "./support/random";

const NOW = "2026-01-01T00:00:00.000Z";
const registry = builtInRegistry();
const quangNgai = registry.get("quang-ngai-2021");
const PERIOD = "2021-H1";

const root = mkdtempSync(path.join(os.tmpdir(), "cchc-merge-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
function freshDir(): string {
  const dir = path.join(root, `d${dirCount++}`);
  mkdirSync(dir);
  return dir;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cchc(argv: string[], cwd: string): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, now: () => NOW };
  const code = await runCli(argv, io);
  // Whatever arrives, the user never sees a stack trace.
  expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at /);
  return { code, stdout, stderr };
}

/** A unit's workbook as `cchc new` writes it, with `values` typed into it. */
async function unitFile(
  dir: string,
  name: string,
  unit: string,
  values: Record<string, RawValue> | Map<string, RawValue>,
  template: Template = quangNgai,
  period = PERIOD,
): Promise<string> {
  const file = path.join(dir, name);
  const typed = values instanceof Map ? values : new Map(Object.entries(values));
  writeFileSync(file, await filledWorkbook(planFor(template, period, unit), typed));
  return file;
}

/** Everything a summary says, read back: totals by code (cached results for formulas), notes, unit columns, metadata. */
async function readSummary(file: string) {
  const buffer = readFileSync(file);
  const read = await readCchcWorkbook(buffer, file, registry);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(read.sheetName)!;
  const headerRow = (ws: ExcelJS.Worksheet) => Array.from({ length: 40 }, (_, i) => i + 1).find((r) => ws.getCell(r, 1).value === "STT")!;
  const headers = (sheet.getRow(headerRow(sheet)).values as unknown[]).slice(1).map(String);
  const noteCol = headers.indexOf("Ghi chú") + 1;
  const totals = new Map([...read.cells].map(([code, c]) => [code, c.raw]));
  const notes = new Map<string, string>();
  for (const [code, c] of read.cells) {
    const note = cellRaw(sheet.getCell(sheet.getCell(c.address).row, noteCol)).raw;
    if (note) notes.set(code, String(note));
  }
  // Each unit's figures: the per-unit table, one row per indicator of the form in order, a column per report.
  const unitSheet = wb.getWorksheet(UNITS_SHEET)!;
  const tableHeader = headerRow(unitSheet);
  const unitHeaders = (unitSheet.getRow(tableHeader).values as unknown[]).slice(5).map(String);
  const units = new Map<string, Map<string, RawValue>>(unitHeaders.map((u) => [u, new Map()]));
  registry.get(read.meta.templateId).indicators.forEach((ind, i) => {
    if (!read.cells.has(ind.code)) return;
    unitHeaders.forEach((u, j) => {
      const v = cellRaw(unitSheet.getCell(tableHeader + 1 + i, 5 + j)).raw;
      if (v !== null && v !== undefined && v !== "") units.get(u)!.set(ind.code, v);
    });
  });
  const sources: unknown[][] = [];
  // Each row's cells, a merged range once, a blank one as "" (an empty field is written blank).
  wb.getWorksheet(SOURCES_SHEET)!.eachRow((row) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (c) => {
      if (c.master.address === c.address) cells.push(c.value ?? "");
    });
    sources.push(cells);
  });
  return { read, wb, meta: read.meta, totals, notes, unitHeaders, units, sources };
}

// ---------------------------------------------------------------------------------------------
// Bad files, as they arrive

/** An OLE compound file (what .xls and password-protected .xlsx files are) whose directory names the given streams. */
function oleFile(streams: string[]): Buffer {
  const FREE = 0xffffffff;
  const END_OF_CHAIN = 0xfffffffe;
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e); // 512-byte sectors
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c); // one FAT sector…
  header.writeUInt32LE(1, 0x30); // …and the directory in sector 1
  header.writeUInt32LE(0x1000, 0x38);
  header.writeUInt32LE(END_OF_CHAIN, 0x3c);
  header.writeUInt32LE(END_OF_CHAIN, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0); // sector 0 holds the FAT
  fat.writeUInt32LE(END_OF_CHAIN, 4); // sector 1, the directory, ends its chain
  const directory = Buffer.alloc(512, 0);
  ["Root Entry", ...streams].forEach((name, i) => {
    directory.write(name, i * 128, "utf16le");
    directory.writeUInt16LE((name.length + 1) * 2, i * 128 + 0x40);
    directory.writeUInt8(i === 0 ? 5 : 2, i * 128 + 0x42);
  });
  return Buffer.concat([header, fat, directory]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of deflated entries, written by hand so that an entry can be a bomb. */
function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An .xlsx whose one sheet expands from a few hundred KB to 300 MB. */
function zipBomb(): Buffer {
  const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
  const filler = Buffer.alloc(300 * 1024 * 1024, 0x20);
  Buffer.from("<worksheet><sheetData>").copy(filler);
  return zipOf([
    {
      name: "[Content_Types].xml",
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
      ),
    },
    {
      name: "xl/workbook.xml",
      data: xml(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Phụ lục" sheetId="1"/></sheets></workbook>',
      ),
    },
    { name: "xl/worksheets/sheet1.xml", data: filler },
  ]);
}

async function otherSpreadsheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(["Họ và tên", "Năm sinh", "Chức vụ"]);
  ws.addRow(["Nguyễn Văn A", 1980, "Chủ tịch"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One of our workbooks, for a form this program does not have. */
async function unknownTemplate(good: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(good as unknown as ArrayBuffer);
  wb.getWorksheet("_cchc")!.eachRow((row) => {
    if (row.getCell(1).value === "templateId") row.getCell(2).value = "bac-giang-2030";
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------

/** Three communes' reports with totals easy to check by hand. */
const UNITS: [string, string, Record<string, RawValue>][] = [
  [
    "xa-a.xlsx",
    "UBND xã A",
    { "1.1.1": 10, "1.1.2": 8, "3.1.3.a": 100, "3.1.3.b": 20, "3.1.3.c": 5, "3.3.3": 80, "1.5": 1, "7.6.1": "Đã kết nối" },
  ],
  // Text from a received file that a spreadsheet would take for a formula.
  [
    "xa-b.xlsx",
    "UBND xã B",
    { "1.1.1": 20, "1.1.2": 20, "3.1.3.a": 50, "3.1.3.b": 10, "3.1.3.c": 15, "3.3.3": 100, "1.5": 1, "7.6.1": "=1+2" },
  ],
  ["xa-c.xlsx", "UBND xã C", { "1.1.1": "-", "1.5": 0, "1.1.3": "abc" }],
];

describe("cchc merge: units and every kind of bad file", () => {
  const dir = freshDir();
  let run: RunResult;
  const bad: Record<string, RegExp> = {
    "bao-cao-cu.xls": /\.xls|97-2003/,
    "co-mat-khau.xlsx": /mật khẩu/,
    "bao-cao.csv": /không phải tệp Excel|\.csv/,
    "ngau-nhien.xlsx": /không phải tệp Excel/,
    "hong.xlsx": /bị hỏng/,
    "rong.xlsx": /tệp rỗng/,
    "bom.xlsx": /giải nén ra hơn 32 MB/,
    "qua-lon.xlsx": /hơn 20 MB/,
    "bang-khac.xlsx": /không tìm thấy bảng chỉ tiêu/,
    "bieu-la.xlsx": /"bac-giang-2030"/,
  };

  beforeAll(async () => {
    const files: string[] = [];
    for (const [name, unit, values] of UNITS) files.push(await unitFile(dir, name, unit, values));
    const good = readFileSync(files[0]);
    const rnd = random(7);
    writeFileSync(path.join(dir, "bao-cao-cu.xls"), oleFile(["Workbook", "\u0005SummaryInformation"]));
    writeFileSync(path.join(dir, "co-mat-khau.xlsx"), oleFile(["EncryptionInfo", "EncryptedPackage", "\u0006DataSpaces"]));
    writeFileSync(
      path.join(dir, "bao-cao.csv"),
      "\ufeffSTT;Chỉ tiêu thống kê;Đơn vị tính;Số liệu\n1.1.1;Số nhiệm vụ đề ra trong kế hoạch;Nhiệm vụ;12\n",
    );
    writeFileSync(path.join(dir, "ngau-nhien.xlsx"), Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rnd() * 256))));
    writeFileSync(path.join(dir, "hong.xlsx"), good.subarray(0, Math.floor(good.length / 2)));
    writeFileSync(path.join(dir, "rong.xlsx"), Buffer.alloc(0));
    writeFileSync(path.join(dir, "bom.xlsx"), zipBomb());
    writeFileSync(path.join(dir, "qua-lon.xlsx"), Buffer.concat([good, Buffer.alloc(21 * 1024 * 1024)]));
    writeFileSync(path.join(dir, "bang-khac.xlsx"), await otherSpreadsheet());
    writeFileSync(path.join(dir, "bieu-la.xlsx"), await unknownTemplate(good));
    writeFileSync(path.join(dir, "danh-sach.txt"), "UBND xã A\nUBND xã B\nUBND xã C\nUBND xã D\n");
    run = await cchc(
      [
        "merge",
        ...UNITS.map(([n]) => n),
        ...Object.keys(bad),
        "--out",
        "tong-hop.xlsx",
        "--unit",
        "UBND huyện Mộ Đức",
        "--roster",
        "danh-sach.txt",
      ],
      dir,
    );
  }, 60_000);

  it("names every bad file with its message, merges the rest, writes the summary and exits 1", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    for (const [name, message] of Object.entries(bad)) {
      const line = lines.find((l) => l.includes("[Không đọc được]") && l.includes(name));
      expect({ name, line }).toEqual({ name, line: expect.stringMatching(message) });
    }
    // The clean files as one list of units; the one with an error on a line of its own.
    expect(lines).toContain("Đã tổng hợp (2): UBND xã A; UBND xã B");
    expect(lines.find((l) => l.includes("xa-c.xlsx"))).toMatch(
      /^ {2}\[Đã tổng hợp, cần xem lại\] xa-c\.xlsx — UBND xã C .*Cần xem lại: báo cáo có 1 lỗi$/,
    );
    expect(lines[1]).toBe("13 tệp: 3 đã tổng hợp (1 cần xem lại), 0 không tổng hợp, 10 không đọc được.");
    expect(run.stdout).toContain(
      `Đã ghi ${path.join(dir, "tong-hop.xlsx")}: tổng hợp 3 đơn vị từ 3 tệp; ${Object.keys(bad).length} tệp không đọc được`,
    );
  });

  it("writes the totals in the value column: sums, the recomputed total and the weighted rate", async () => {
    const { totals, meta } = await readSummary(path.join(dir, "tong-hop.xlsx"));
    expect(meta.kind).toBe("summary");
    expect(totals.get("1.1.1")).toBe(30);
    expect(totals.get("1.1.2")).toBe(28);
    expect(totals.get("3.1.3.a")).toBe(150);
    // 3.1.3 keeps its formula; the recomputed total is its cached result: 125 + 75.
    expect(totals.get("3.1.3")).toBe(200);
    // 3.3.3 is weighted by 3.1.3: (125 × 80 + 75 × 100) / 200.
    expect(totals.get("3.3.3")).toBe(87.5);
    // Two communes said yes, one no: no single answer in the cell, the distribution in the note.
    expect(totals.get("1.5")).toBeNull();
  });

  it("puts the distribution, the missing units and the unit texts in words", async () => {
    const { notes, totals } = await readSummary(path.join(dir, "tong-hop.xlsx"));
    expect(notes.get("1.5")).toMatch(/Có: 2 đơn vị.*Không: 1 đơn vị|Không: 1 đơn vị.*Có: 2 đơn vị/);
    expect(notes.get("3.1.3.a")).toMatch(/1\/3 đơn vị chưa báo cáo: UBND xã C/);
    expect(totals.get("7.6.1")).toBe("UBND xã A: Đã kết nối; UBND xã B: =1+2");
  });

  it("shows each unit's figures in its own column", async () => {
    const { unitHeaders, units } = await readSummary(path.join(dir, "tong-hop.xlsx"));
    expect(unitHeaders).toEqual(["UBND xã A", "UBND xã B", "UBND xã C"]);
    expect(["UBND xã A", "UBND xã B", "UBND xã C"].map((u) => units.get(u)!.get("1.1.1"))).toEqual([10, 20, "-"]);
    expect(units.get("UBND xã B")!.get("7.6.1")).toBe("=1+2");
    expect(units.get("UBND xã C")!.has("3.1.3.a")).toBe(false);
  });

  it("lists the sources: each file with its status, the value not merged, the findings and the roster gap", async () => {
    const { sources } = await readSummary(path.join(dir, "tong-hop.xlsx"));
    const row = (file: string) => sources.find((r) => r[1] === file);
    expect(row("xa-a.xlsx")!.slice(0, 6)).toEqual([
      1,
      "xa-a.xlsx",
      "UBND xã A",
      "Biểu của Biểu mẫu CCHC",
      "Báo cáo của đơn vị",
      expect.stringMatching(/^Đã tổng hợp/),
    ]);
    for (const name of Object.keys(bad))
      expect(row(name)).toEqual(expect.arrayContaining([name, "Không đọc được", expect.stringMatching(bad[name])]));
    // "abc" typed in a count cell of UBND xã C: not in the total, listed with its cell.
    expect(sources).toContainEqual([
      expect.any(Number),
      "xa-c.xlsx",
      expect.stringMatching(/^Phụ lục!D\d+$/),
      "1.1.3",
      "abc",
      expect.any(String),
    ]);
    expect(sources).toContainEqual([expect.any(Number), "UBND xã D", "Chưa gửi", "", "", ""]);
    expect(sources).toContainEqual([expect.any(Number), "Chưa gửi", 1, "25", "UBND xã D"]);
    expect(sources.some((r) => r[1] === "Cảnh báo" && /UBND xã C/.test(String(r[2])))).toBe(true);
  });

  it("carries the units and the exact statistics in _cchc, so the summary merges again", async () => {
    const { meta, read } = await readSummary(path.join(dir, "tong-hop.xlsx"));
    expect(meta.units).toEqual(["UBND xã A", "UBND xã B", "UBND xã C"]);
    expect(meta.unitName).toBe("UBND huyện Mộ Đức");
    const { aggregates, damaged } = aggregatesFromMetadata(meta.aggregates);
    expect(damaged).toEqual([]);
    expect(aggregates.get("1.1.1")).toMatchObject({ method: "sum", total: "30" });
    expect(aggregates.get("1.5")).toMatchObject({ method: "distribution", counts: { "0": 1, "1": 2 } });
    expect([...aggregates.keys()].sort()).toEqual(
      quangNgai.indicators
        .filter((i) => i.merge !== "none")
        .map((i) => i.code)
        .sort(),
    );
    expect(read.template.id).toBe("quang-ngai-2021");
  });

  it("prints the roster gap, the late units and those with errors", () => {
    // The files were saved today, long after the due date of 6 tháng đầu năm 2021.
    expect(run.stdout).toContain(
      "\nTình hình gửi báo cáo (hạn 20/06/2021): phải báo cáo 4, đã gửi 3 (75%), đúng hạn 0 (0%), gửi muộn 3 (75%), chưa gửi 1 (25%), có lỗi 1 (25%)\n" +
        "  Gửi muộn: UBND xã A; UBND xã B; UBND xã C\n  Chưa gửi: UBND xã D\n  Có lỗi: UBND xã C\n",
    );
  });
});

describe("cchc merge: text from received files stays text", () => {
  it("writes unit names and texts starting with =, +, - or @ as text, never as formulas", async () => {
    const dir = freshDir();
    const injected = ['=HYPERLINK("http://example.com","x")', "+1+1", "-1+1", "@SUM(1)"];
    await unitFile(dir, "a.xlsx", injected[0], { "1.1.1": 1, "7.6.1": injected[2] });
    await unitFile(dir, "b.xlsx", injected[1], { "1.1.1": 2, "7.6.1": injected[3], "1.1.2": injected[3] });
    const r = await cchc(["merge", "a.xlsx", "b.xlsx", "--out", "out.xlsx", "--unit", "UBND huyện"], dir);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, "out.xlsx"));
    const found = new Set<string>();
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) expect(injected.some((t) => String(c.formula).includes(t.slice(1)))).toBe(false);
          if (typeof c.value === "string") for (const t of injected) if (c.value.includes(t)) found.add(t);
        }),
      );
    }
    expect([...found].sort()).toEqual([...injected].sort());
  });
});

describe("cchc merge: roll-up", () => {
  it("merging the summaries of two districts gives exactly what merging all their communes gives", async () => {
    const dir = freshDir();
    const rnd = random(42);
    const names: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const values = new Map<string, RawValue>();
      for (const ind of quangNgai.indicators) if (ind.kind !== "header" && !ind.compute) values.set(ind.code, randomValue(ind, rnd));
      names.push(path.basename(await unitFile(dir, `xa-${i}.xlsx`, `UBND xã Số ${i}`, values)));
    }
    const ok = async (args: string[]) => expect((await cchc(["merge", ...args], dir)).code).toBe(0);
    await ok([...names.slice(0, 2), ...names.slice(4), "--out", "huyen-1.xlsx", "--unit", "UBND huyện Một"]);
    await ok([...names.slice(2, 4), "--out", "huyen-2.xlsx", "--unit", "UBND huyện Hai"]);
    await ok(["huyen-1.xlsx", "huyen-2.xlsx", "--out", "tinh-cuon.xlsx", "--unit", "UBND tỉnh"]);
    await ok([...names, "--out", "tinh-phang.xlsx", "--unit", "UBND tỉnh"]);
    const rolled = await readSummary(path.join(dir, "tinh-cuon.xlsx"));
    const flat = await readSummary(path.join(dir, "tinh-phang.xlsx"));
    expect(rolled.totals).toEqual(flat.totals);
    expect(rolled.notes).toEqual(flat.notes);
    expect(rolled.meta.units).toEqual(flat.meta.units);
    expect(rolled.meta.aggregates).toEqual(flat.meta.aggregates);
    expect(rolled.unitHeaders).toEqual(["UBND huyện Một", "UBND huyện Hai"]);
    expect(flat.unitHeaders).toHaveLength(6);
  });
});

describe("cchc merge on worker threads", () => {
  // A large merge reads on worker threads and this one, forms retyped by hand wherever they fall, and
  // writes the summary's units sheet on a thread of its own. Forced on for a few dozen files
  // (CCHC_THREADS), it must give what one thread gives, byte for byte.
  const cli = path.join(__dirname, "support", "cliProcess.ts");
  const merge = (dir: string, threads: number, out: string) =>
    spawnSync(process.execPath, ["--import", "tsx", cli, "merge", dir, "--out", out, "--unit", "UBND huyện Mộ Đức", "--json"], {
      encoding: "utf8",
      env: { ...process.env, CCHC_THREADS: String(threads) },
    });

  it("gives the same summary and the same list of files as one thread, retyped and broken files in their places", async () => {
    const dir = freshDir();
    const layout = {
      headerRow: 9,
      firstCol: 2,
      headers: { stt: "STT", name: "Chỉ tiêu thống kê", unit: "Đơn vị tính", value: "Số liệu" },
      periodLine: (label: string) => label,
      superior: "UBND HUYỆN MỘ ĐỨC",
    };
    const retyped = await Promise.all(
      ["UBND XÃ ĐỨC LỢI", "UBND XÃ ĐỨC THẮNG", "UBND XÃ ĐỨC CHÁNH"].map((unit) => retypedSeed(quangNgai, { ...layout, unit })),
    );
    const rnd = random(15);
    const name = (i: number) => `xa-${String(i).padStart(3, "0")}.xlsx`;
    const values = () =>
      new Map(quangNgai.indicators.filter((ind) => ind.kind !== "header" && !ind.compute).map((ind) => [ind.code, randomValue(ind, rnd)]));
    // A cluster's summary among the units' reports, first (the first batch is always a worker's): its stored statistics cross between threads too.
    const cluster = freshDir();
    for (const unit of ["UBND xã Đức Hòa", "UBND xã Đức Phú"])
      await unitFile(cluster, `${unit}.xlsx`, unit, values(), quangNgai, retyped[0].period);
    const clusterSummary = merge(cluster, 0, path.join(dir, name(1)));
    expect(clusterSummary.status).toBe(0);
    // Many batches, smaller towards the end: retyped forms first, in the middle and last, a broken file and a unit sent twice.
    for (let i = 1; i <= 70; i++) {
      const at = [3, 40, 68].indexOf(i);
      if (at >= 0) writeFileSync(path.join(dir, name(i)), retyped[at].bytes);
      else if (i === 50) writeFileSync(path.join(dir, name(i)), Buffer.from("PK\u0003\u0004 không phải tệp"));
      else if (i === 1) continue;
      else {
        await unitFile(dir, name(i), `UBND xã Số ${i === 61 ? 7 : i}`, values(), quangNgai, retyped[0].period);
      }
    }
    const one = merge(dir, 0, path.join(root, "one.xlsx"));
    const threaded = merge(dir, 1, path.join(root, "threaded.xlsx"));
    expect(one.stderr).toBe("");
    expect(threaded.stderr).toBe("");
    const summary = JSON.parse(one.stdout);
    expect(
      summary.files.filter((f: { readAs: string }) => f.readAs === "retyped").map((f: { file: string }) => path.basename(f.file)),
    ).toEqual([name(3), name(40), name(68)]);
    expect(summary.rejected.map((r: { file: string }) => path.basename(r.file))).toEqual([name(50)]);
    expect(summary.files.find((f: { file: string }) => path.basename(f.file) === name(1))).toMatchObject({ kind: "summary" });
    expect({ ...JSON.parse(threaded.stdout), out: summary.out }).toEqual(summary);
    expect(readFileSync(path.join(root, "threaded.xlsx")).equals(readFileSync(path.join(root, "one.xlsx")))).toBe(true);
  }, 120_000);
});

describe("cchc merge: folders, output and arguments", () => {
  it("reads the .xlsx files of a folder and names every other entry as skipped", async () => {
    const dir = freshDir();
    const inbox = path.join(dir, "nhan");
    mkdirSync(path.join(inbox, "cu"), { recursive: true });
    await unitFile(inbox, "xa-a.xlsx", "UBND xã A", { "1.1.1": 1 });
    await unitFile(inbox, "xa-b.XLSX", "UBND xã B", { "1.1.1": 2 });
    writeFileSync(path.join(inbox, "xa-c.xls"), oleFile(["Workbook"]));
    writeFileSync(path.join(inbox, "cong-van.pdf"), "%PDF-1.4");
    const r = await cchc(["merge", "nhan", "--out", "nhan/tong-hop.xlsx", "--unit", "UBND huyện"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[Không đọc được\] nhan\/xa-c\.xls: không phải tệp \.xlsx \(đuôi \.xls\).*Excel Workbook/);
    expect(r.stdout).toMatch(/\[Không đọc được\] nhan\/cong-van\.pdf: không phải tệp \.xlsx \(đuôi \.pdf\)/);
    expect(r.stdout).toMatch(/\[Không đọc được\] nhan\/cu: thư mục con/);
    expect(r.stdout).toContain("tổng hợp 2 đơn vị từ 2 tệp");
    // Run again into the same folder: the earlier summary is the output, never an input.
    const again = await cchc(["merge", "nhan", "--out", "nhan/tong-hop.xlsx", "--unit", "UBND huyện", "--force"], dir);
    expect(again.stdout).toContain("tổng hợp 2 đơn vị từ 2 tệp");
    expect(again.stdout).not.toMatch(/tong-hop\.xlsx —/);
  });

  it("exits 0 when every file merged, with --json for machines and --lang en", async () => {
    const dir = freshDir();
    await unitFile(dir, "a.xlsx", "UBND xã A", { "1.1.1": 3 });
    await unitFile(dir, "b.xlsx", "UBND xã B", { "1.1.1": 4 });
    const r = await cchc(["merge", "a.xlsx", "b.xlsx", "--out", "t.xlsx", "--unit", "UBND huyện", "--json"], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ templateId: "quang-ngai-2021", period: PERIOD, units: ["UBND xã A", "UBND xã B"], rejected: [] });
    expect(out.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ["a.xlsx", "merged"],
      ["b.xlsx", "merged"],
    ]);
    const en = await cchc(["merge", "a.xlsx", "b.xlsx", "--out", "t.xlsx", "--unit", "UBND huyện", "--force", "--lang", "en"], dir);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain("Merged (2): UBND xã A; UBND xã B");
    expect(en.stdout).toContain("Wrote ");
  });

  it("leaves out reports with errors on --exclude-errors, and says so", async () => {
    const dir = freshDir();
    await unitFile(dir, "a.xlsx", "UBND xã A", { "1.1.1": 3 });
    await unitFile(dir, "b.xlsx", "UBND xã B", { "1.1.1": -4 });
    const r = await cchc(["merge", "a.xlsx", "b.xlsx", "--out", "t.xlsx", "--unit", "UBND huyện", "--exclude-errors"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[Không tổng hợp: loại vì có lỗi\] b\.xlsx — UBND xã B/);
    const { totals } = await readSummary(path.join(dir, "t.xlsx"));
    expect(totals.get("1.1.1")).toBe(3);
  });

  it("shows at most 30 lines of each list and says where the rest are, the summary holding them all", async () => {
    const dir = freshDir();
    const count = quangNgai.indicators.find((ind) => ind.kind === "count" && !ind.compute)!;
    // 33 units, each with a text where a count belongs (not merged) and a blank row (a finding by unit); the
    // last unit sends twice, so xa-33 is replaced by xa-34.
    for (let i = 1; i <= 34; i++)
      await unitFile(dir, `xa-${String(i).padStart(2, "0")}.xlsx`, `UBND xã Số ${Math.min(i, 33)}`, { [count.code]: "nhiều" });
    // Last by name, first in the list: files not in the totals at all come before those to review.
    writeFileSync(path.join(dir, "xa-99.xlsx"), Buffer.from("không phải tệp xlsx"));
    const out = path.join(freshDir(), "tong-hop.xlsx");
    const r = await cchc(["merge", dir, "--out", out, "--unit", "UBND huyện Mộ Đức"], dir);
    const lines = r.stdout.split("\n");
    const section = (title: string) => {
      const start = lines.findIndex((l) => l.startsWith(title));
      const end = lines.findIndex((l, i) => i > start && !l.startsWith("  "));
      return lines.slice(start + 1, end);
    };
    const values = section("Giá trị không được tổng hợp (33)");
    expect(values).toHaveLength(31);
    expect(values.slice(0, 30).every((l) => l.includes('"nhiều"'))).toBe(true);
    expect(values[30]).toBe(`  … và 3 giá trị khác ở mục 2 trang "${SOURCES_SHEET}" của bảng tổng hợp (hoặc --json)`);
    expect(section("Theo đơn vị (33)").at(-1)).toBe(
      `  … và 3 nhận xét khác ở mục 3 trang "${SOURCES_SHEET}" của bảng tổng hợp (hoặc --json)`,
    );
    // Every other file is flagged (the text is an error in its own check): the unreadable one, the replaced one, 28 of them, then the count of the rest.
    const files = section("Cần chú ý:");
    expect(files[0]).toContain("xa-99.xlsx");
    expect(files[1]).toContain("xa-33.xlsx");
    expect(files[2]).toContain("xa-01.xlsx");
    expect(files.at(-1)).toBe(`  … và 5 tệp khác ở mục 1 trang "${SOURCES_SHEET}" của bảng tổng hợp (hoặc --json)`);
    // The summary's sources sheet lists all 34 values, the replaced file's too.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const texts: string[] = [];
    wb.getWorksheet(SOURCES_SHEET)!.eachRow((row) => row.eachCell((c) => texts.push(c.text)));
    expect(texts.filter((t) => t === '"nhiều"' || t === "nhiều")).toHaveLength(34);
    const en = await cchc(["merge", dir, "--out", out, "--unit", "UBND huyện Mộ Đức", "--force", "--lang", "en"], dir);
    expect(en.stdout).toContain(`  … and 3 more values in section 2 of the "${SOURCES_SHEET}" sheet of the summary (or --json)`);
  });

  it("refuses reports of different periods with exit 2, naming the file, and writes nothing", async () => {
    const dir = freshDir();
    await unitFile(dir, "a.xlsx", "UBND xã A", { "1.1.1": 3 });
    await unitFile(dir, "b.xlsx", "UBND xã B", { "1.1.1": 4 });
    await unitFile(dir, "c.xlsx", "UBND xã C", { "1.1.1": 5 }, quangNgai, "2021-Y");
    const r = await cchc(["merge", "a.xlsx", "b.xlsx", "c.xlsx", "--out", "t.xlsx", "--unit", "UBND huyện"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Lỗi: Không tổng hợp được.*c\.xlsx/);
    expect(existsSync(path.join(dir, "t.xlsx"))).toBe(false);
  });

  it("answers bad arguments with exit 2 and one line", async () => {
    const dir = freshDir();
    await unitFile(dir, "a.xlsx", "UBND xã A", { "1.1.1": 3 });
    writeFileSync(path.join(dir, "t.xlsx"), "");
    writeFileSync(path.join(dir, "trong.txt"), "\n\n");
    const cases: [string[], RegExp][] = [
      [["--out", "x.xlsx", "--unit", "U"], /Cần ít nhất một tệp/],
      [["a.xlsx", "--unit", "U"], /Thiếu tùy chọn --out/],
      [["a.xlsx", "--out", "x.xlsx"], /Thiếu tùy chọn --unit/],
      [["khong-co.xlsx", "--out", "x.xlsx", "--unit", "U"], /khong-co\.xlsx: không tìm thấy/],
      [["a.xlsx", "--out", "t.xlsx", "--unit", "U"], /tệp đã có/],
      [["a.xlsx", "--out", "a.xlsx", "--unit", "U", "--force"], /a\.xlsx vừa là tệp cần tổng hợp vừa là tệp kết quả/],
      [["a.xlsx", "--out", "x.xlsx", "--unit", "U", "--level", "tinh-thanh"], /Cấp "tinh-thanh" không hợp lệ/],
      [["a.xlsx", "--out", "x.xlsx", "--unit", "U", "--period", "2021-Q5"], /Kỳ "2021-Q5" không hợp lệ/],
      [["a.xlsx", "--out", "x.xlsx", "--unit", "U", "--roster", "trong.txt"], /trong\.txt: danh sách đơn vị không có tên nào/],
      [["a.xlsx", "--out", "x.xlsx", "--unit", "U", "--frobnicate"], /Không có tùy chọn --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const r = await cchc(["merge", ...args], dir);
      expect({ args, code: r.code, lines: r.stderr.trimEnd().split("\n").length }).toEqual({ args, code: 2, lines: 1 });
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(path.join(dir, "x.xlsx"))).toBe(false);
  });

  it("says so with exit 2 when no file could be read", async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "rong.xlsx"), Buffer.alloc(0));
    const r = await cchc(["merge", "rong.xlsx", "--out", "t.xlsx", "--unit", "U"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/\[Không đọc được\] rong\.xlsx/);
    expect(r.stderr).toMatch(/Không có tệp nào đọc được thành báo cáo/);
    expect(existsSync(path.join(dir, "t.xlsx"))).toBe(false);
  });

  it("has help in Vietnamese and English", async () => {
    const dir = freshDir();
    expect((await cchc(["merge", "--help"], dir)).stdout).toContain("cchc merge TỆP_HOẶC_THƯ_MỤC");
    expect((await cchc(["merge", "--help", "--lang", "en"], dir)).stdout).toContain("cchc merge FILES_OR_FOLDERS");
  });
});

describeWithLibreOffice("the summary's own check column, recalculated by LibreOffice, agrees with the rule engine on the totals", () => {
  it("shows per row and per severity the findings of the engine on the summary's values", async () => {
    const dir = freshDir();
    const rnd = random(5);
    const names: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const values = new Map<string, RawValue>();
      for (const ind of quangNgai.indicators) if (ind.kind !== "header" && !ind.compute) values.set(ind.code, randomValue(ind, rnd));
      names.push(path.basename(await unitFile(dir, `xa-${i}.xlsx`, `UBND xã ${i}`, values)));
    }
    expect((await cchc(["merge", ...names, "--out", "t.xlsx", "--unit", "UBND huyện"], dir)).code).toBe(0);
    const [recalculated] = recalculate([path.join(dir, "t.xlsx")]);
    const read = await readCchcWorkbook(readFileSync(recalculated), "t.xlsx", registry);
    const findings = checkSheet(quangNgai, read.cells, { level: "tinh", periodType: periodType(PERIOD) }).filter(
      (f) => !f.ruleId.startsWith("formula:"),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(recalculated);
    const sheet = wb.getWorksheet(read.sheetName)!;
    const header = Array.from({ length: 40 }, (_, i) => i + 1).find((r) => sheet.getCell(r, 1).value === "STT")!;
    const headers = (sheet.getRow(header).values as unknown[]).slice(1).map(String);
    const errorsCol = headers.indexOf("Số lỗi") + 1;
    const differences: string[] = [];
    const severities: Severity[] = ["error", "warning", "info"];
    for (const [code, c] of read.cells) {
      const row = sheet.getCell(c.address).row;
      const expected = severities.map((s) => findings.filter((f) => f.codes[0] === code && f.severity === s).length);
      const shown = [0, 1, 2].map((i) => cellRaw(sheet.getCell(row, errorsCol + i)).raw);
      if (JSON.stringify(expected) !== JSON.stringify(shown)) differences.push(`${code}: engine ${expected.join()}, sheet ${shown.join()}`);
    }
    expect(differences).toEqual([]);
    // The totals LibreOffice computes for the kept formulas are the merge's.
    const before = await readSummary(path.join(dir, "t.xlsx"));
    for (const ind of quangNgai.indicators.filter((i) => i.compute)) {
      const lo = read.cells.get(ind.code)!.raw;
      const ours = before.totals.get(ind.code);
      if (typeof ours === "number") expect(lo).toBeCloseTo(ours, 9);
      else expect(lo ?? "").toBe(ours ?? "");
    }
    expect(readMetadata(wb)).toContainEqual(["kind", "summary"]);
  });
});
