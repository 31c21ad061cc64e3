// Bounded reading of received files: what a file unpacks to is counted while inflating, whatever its zip
// headers declare, and a file past its budget (bytes, cells or time) costs one message while the rest go on.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { useNodeInflater } from "../src/cli/inflate";
import { readInputFiles } from "../src/cli/readFiles";
import { builtInRegistry } from "../src/templates";
import { checkForExcelJS, Deadline, EXCELJS_LIMITS, OWN_WORKBOOK_LIMITS, READ_TIME_LIMIT_MS, ReadLimits } from "../src/xlsx/fileGuard";
import { readOwnWorkbook } from "../src/xlsx/ownWorkbook";
import { readSubmission } from "../src/xlsx/readSubmission";
import { fflateInflater } from "../src/xlsx/fflateInflate";
import { InflateBudget, setRawInflater, ZipArchive, ZipError } from "../src/xlsx/zip";
import { filledWorkbook, planFor } from "./support/fill";
import { asZip64, entryText, withEntry, withEntryCrc, withRepeatedEntry, workbookBytes, zipArchive } from "./support/receivedFiles";

const registry = builtInRegistry();
const template = registry.get("quang-tri-2023");
const plan = planFor(template, "2023-Q3", "UBND xã Thử");
const SHEET = "xl/worksheets/sheet1.xml";
const MB = 1024 * 1024;
/** Small budgets, so that the mechanism is tested without inflating hundreds of megabytes. */
const SMALL: ReadLimits = { bytes: 2 * MB, cells: 5000 };

let ours: Buffer;
beforeAll(async () => {
  const first = plan.indicatorCells.find((c) => !c.computed)!;
  ours = await filledWorkbook(plan, new Map([[first.code, 12]]));
});
afterEach(() => setRawInflater(fflateInflater));

/** Our sheet with `padding` more bytes (spaces between cells: valid XML that inflates from almost nothing). */
const padded = (padding: number, declare?: number) => {
  const xml = entryText(ours, SHEET);
  const at = xml.indexOf("</sheetData>");
  return withEntry(
    ours,
    SHEET,
    Buffer.concat([Buffer.from(xml.slice(0, at)), Buffer.alloc(padding, 0x20), Buffer.from(xml.slice(at))]),
    declare,
  );
};

async function reasonFor(file: string, bytes: Uint8Array, limits?: ReadLimits) {
  const r = await readSubmission({ file, bytes }, registry, { limits });
  if (!("rejected" in r)) throw new Error(`${file} was read`);
  return r.rejected.reason;
}

describe("the zip budget", () => {
  it.each([
    ["fflate (the task pane)", () => setRawInflater(fflateInflater)],
    ["node:zlib (the CLI)", useNodeInflater],
  ])("an entry that unpacks past the budget stops there, whatever the headers declare: %s", (_, install) => {
    install();
    const bomb = padded(8 * SMALL.bytes, 1000);
    const zip = ZipArchive.open(bomb)!;
    expect(zip.entries.find((e) => e.name === SHEET)!.declaredSize).toBe(1000);
    const budget = new InflateBudget(SMALL.bytes);
    expect(() => zip.read(SHEET, budget)).toThrow(ZipError);
    // Stopped within one step of the limit, not after inflating all of it.
    expect(budget.used).toBeLessThan(3 * SMALL.bytes);
    // Within the budget, the same entry reads in full.
    expect(zip.read(SHEET, new InflateBudget(16 * SMALL.bytes))!.length).toBeGreaterThan(8 * SMALL.bytes);
  });

  it("one of our workbooks holding far more than it declares: one message naming the file, the size and what to do", async () => {
    for (const declare of [undefined, 1000]) {
      const bomb = padded(SMALL.bytes, declare);
      const kb = Math.ceil(bomb.length / 1024);
      expect(await reasonFor("bom.xlsx", bomb, SMALL)).toEqual({
        vi: `bom.xlsx: tệp ${kb.toLocaleString("vi-VN")} KB nhưng giải nén ra hơn 2 MB; đã dừng đọc để bảo vệ máy tính — một phụ lục thật nhỏ hơn nhiều, hãy đề nghị đơn vị gửi lại tệp`,
        en: `bom.xlsx: the ${kb} KB file unpacks to more than 2 MB; reading stopped to protect this computer — a real appendix is far smaller, ask the unit to send the file again`,
      });
    }
  });

  it("a workbook that is not ours goes to ExcelJS only once every part has been inflated within ExcelJS's budget", async () => {
    expect(EXCELJS_LIMITS.bytes).toBeLessThan(OWN_WORKBOOK_LIMITS.bytes);
    const plain = await workbookBytes((wb) => (wb.addWorksheet("Sheet1").getCell("A1").value = 1));
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${" ".repeat(SMALL.bytes)}</sheetData></worksheet>`;
    const bytes = withEntry(plain, SHEET, Buffer.from(sheet), 500);
    expect(checkForExcelJS("khac.xlsx", bytes.length, ZipArchive.open(bytes)!, SMALL)!.en).toMatch(
      /^khac\.xlsx: the \d+ KB file unpacks to more than 2 MB; reading stopped/,
    );
    expect(checkForExcelJS("khac.xlsx", bytes.length, ZipArchive.open(bytes)!)).toBeUndefined();
  });

  it("sheets with more cells than any appendix: refused by their cell count", async () => {
    const xml = entryText(ours, SHEET);
    const at = xml.indexOf("</sheetData>");
    const many = withEntry(
      ours,
      SHEET,
      Buffer.from(xml.slice(0, at) + `<row r="2000">${'<c r="Z2000"/>'.repeat(SMALL.cells)}</row>` + xml.slice(at)),
    );
    expect((await reasonFor("o.xlsx", many, SMALL)).en).toMatch(/^o\.xlsx: the \d+ KB file holds more than 5,000 cells; reading stopped/);

    const plain = await workbookBytes((wb) => (wb.addWorksheet("Sheet1").getCell("A1").value = 1));
    const wide = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${'<c r="A1"/>'.repeat(EXCELJS_LIMITS.cells + 1)}</row></sheetData></worksheet>`;
    expect((await reasonFor("rong.xlsx", withEntry(plain, SHEET, Buffer.from(wide)))).vi).toMatch(
      /^rong\.xlsx: tệp [\d.]+ KB nhưng có hơn 250\.000 ô; đã dừng đọc/,
    );
  });

  it("a damaged entry names the file and asks for it again", async () => {
    const bytes = Buffer.from(ours);
    const zip = ZipArchive.open(bytes)!;
    const entry = zip.entries.find((e) => e.name === SHEET)!;
    // Garbage in the middle of the deflated sheet.
    const start = entry.localOffset + 30 + bytes.readUInt16LE(entry.localOffset + 26) + bytes.readUInt16LE(entry.localOffset + 28);
    bytes.fill(0xff, start + 10, start + 400);
    expect((await reasonFor("hong.xlsx", bytes)).vi).toMatch(
      /^hong\.xlsx: tệp \.xlsx bị hỏng, không đọc được \(.+\); hãy đề nghị đơn vị gửi lại tệp$/,
    );
  });

  it("zip64 archives and stored (uncompressed) entries are read like any other", () => {
    const expected = readOwnWorkbook(ours, "a.xlsx", registry).read!;
    expect(expected.cells.get(plan.indicatorCells.find((c) => !c.computed)!.code)!.raw).toBe(12);
    expect(readOwnWorkbook(asZip64(ours), "a.xlsx", registry).read).toEqual(expected);
    const zip = ZipArchive.open(ours)!;
    const stored = zipArchive(zip.entries.map((e) => ({ name: e.name, data: zip.inflate(e, new InflateBudget(MB * 10)) })));
    expect(readOwnWorkbook(stored, "a.xlsx", registry).read).toEqual(expected);
  });
});

describe("the time budget", () => {
  /** A clock that moves one tick each time it is read: a file's time is the number of steps reading it took. */
  const ticking = () => {
    let t = 0;
    return () => t++;
  };
  const FEW: ReadLimits = { ...OWN_WORKBOOK_LIMITS, ms: 100 };
  /** Our report with 600.000 more cells: about 150 steps of reading, against a dozen for the report alone. */
  const slow = () => {
    const xml = entryText(ours, SHEET);
    const at = xml.indexOf("</sheetData>");
    return withRepeatedEntry(ours, SHEET, xml.slice(0, at) + '<row r="900">', '<c r="Z900"/>', 600_000, `</row>${xml.slice(at)}`);
  };
  const SLOW_MESSAGE = {
    vi: "lento.xlsx: đọc tệp quá 0,1 giây nên đã dừng để đọc tiếp các tệp khác; tệp lớn hoặc hỏng bất thường — hãy mở bằng Excel, lưu lại (bỏ trang và hình thừa) rồi gửi lại",
    en: "lento.xlsx: reading took more than 0.1 s, so it was stopped and the other files go on; the file is unusually large or damaged — open it in Excel, save it again (without extra sheets and images) and send it again",
  };

  it("a file that takes longer than its time is one message naming it; a report within it is read", async () => {
    expect(await reasonFor("lento.xlsx", slow(), { ...FEW, now: ticking() })).toEqual(SLOW_MESSAGE);
    const read = await readSubmission({ file: "a.xlsx", bytes: ours }, registry, { limits: { ...FEW, now: ticking() } });
    expect("submission" in read).toBe(true);
  });

  it("a workbook for ExcelJS is stopped while its parts are inflated", () => {
    const many = zipArchive(
      Array.from({ length: 300 }, (_, i) => ({
        name: i === 0 ? "xl/workbook.xml" : `xl/media/p${i}.bin`,
        data: new Uint8Array(10),
        deflate: true,
      })),
    );
    const deadline = new Deadline({ ms: 100, now: ticking() });
    expect(checkForExcelJS("lento.xlsx", many.length, ZipArchive.open(many)!, EXCELJS_LIMITS, deadline)).toEqual(SLOW_MESSAGE);
  });

  it("in a merge, the slow file costs one message and the files after it are read", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-time-"));
    try {
      const files = ["a.xlsx", "lento.xlsx", "b.xlsx"].map((name) => ({ shown: name, full: path.join(dir, name) }));
      writeFileSync(files[0].full, ours);
      writeFileSync(files[1].full, slow());
      writeFileSync(files[2].full, ours);
      const read = await readInputFiles(files, registry, { limits: { ...FEW, now: ticking() } });
      expect(read.submissions.map((s) => s.file)).toEqual(["a.xlsx", "b.xlsx"]);
      expect(read.rejected).toEqual([{ file: "lento.xlsx", reason: SLOW_MESSAGE }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the default is 20 seconds a file", () => {
    expect(READ_TIME_LIMIT_MS).toBe(20_000);
    expect(new Deadline().ms).toBe(20_000);
  });
});

describe("the parts every file of a form shares (workbook.xml, styles.xml), parsed once per stored form", () => {
  const SHARED = ["xl/workbook.xml", "xl/styles.xml"];
  /** Every entry stored uncompressed (the same texts stored another way), the shared ones changed by `edit`. */
  const stored = (bytes: Uint8Array, edit = (xml: string) => xml) => {
    const zip = ZipArchive.open(bytes)!;
    return zipArchive(
      zip.entries.map((e) => {
        const data = zip.inflate(e, new InflateBudget(64 * MB));
        return { name: e.name, data: SHARED.includes(e.name) ? Buffer.from(edit(Buffer.from(data).toString("utf8"))) : data };
      }),
    );
  };
  const unitOf = (bytes: Uint8Array, limits?: ReadLimits) => readOwnWorkbook(bytes, "x.xlsx", registry, limits).read?.unit.name;
  const within = (bytes: number) => ({ bytes, cells: OWN_WORKBOOK_LIMITS.cells });

  it("a file stored byte for byte like an earlier one, but whose directory records another CRC, is damaged", async () => {
    expect(unitOf(ours)).toBe("UBND xã Thử");
    for (const part of SHARED) {
      const crc = ZipArchive.open(ours)!.entries.find((e) => e.name === part)!.crc;
      const reason = await reasonFor("hong.xlsx", withEntryCrc(ours, part, (crc ^ 1) >>> 0));
      expect(reason.vi).toMatch(/hong\.xlsx.*bị hỏng/);
    }
  });

  it("spends each file's budget as if it had inflated them, as a file whose parts were never seen does", () => {
    useNodeInflater();
    expect(unitOf(ours)).toBe("UBND xã Thử");
    // The fewest unpacked bytes the file reads within, its shared parts parsed already.
    let [low, high] = [0, 64 * MB];
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      try {
        unitOf(ours, within(mid));
        high = mid;
      } catch {
        low = mid;
      }
    }
    // Two files never seen (each its own stored form of texts as long, meaning the same) need just as many.
    const a = (xml: string) => xml.replace('standalone="yes"', "standalone='yes'");
    const b = (xml: string) => xml.replace('version="1.0"', "version='1.0'");
    for (const part of SHARED) expect(new Set([a, b].map((edit) => edit(entryText(ours, part)))).size).toBe(2);
    expect(unitOf(stored(ours, a), within(high))).toBe("UBND xã Thử");
    expect(() => unitOf(stored(ours, b), within(high - 1))).toThrow(/unpacks to more than/);
  });

  it("a workbook.xml whose names point elsewhere is read for itself, after files of the form were read", () => {
    expect(unitOf(ours)).toBe("UBND xã Thử");
    const xml = entryText(ours, "xl/workbook.xml");
    const moved = xml.replace(
      /(name="CCHC_DonVi"[^>]*>)([^<]*)/,
      (_, tag: string, ref: string) => `${tag}${ref.replace(/\$(\d+)$/, "$$99")}`,
    );
    expect(moved).not.toBe(xml);
    const other = withEntry(ours, "xl/workbook.xml", Buffer.from(moved));
    expect(unitOf(other)).not.toBe("UBND xã Thử");
  });
});
