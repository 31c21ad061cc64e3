// Hostile input (issue 11), what arrives instead of a report and what tries to exhaust the machine: zip
// bombs whose headers lie, huge parts, deep nesting, special files, damaged zips, other formats. Each case
// is one cchc command over files built here; runCase (support/hostile.ts) checks what every case keeps.
import { strToU8, unzipSync } from "fflate";
import { inflateRawSync } from "node:zlib";
import { InflateBudget, ZipArchive } from "../src/xlsx/zip";
import { Bytes, checkCase, GOOD_UNIT, HostileCase, mergeBeside, report, runCase, utf16 } from "./support/hostile";
import {
  asZip64,
  compoundFile,
  csvFile,
  encryptedXlsx,
  entryText,
  randomBytes,
  truncated,
  withEntry,
  withoutZipEntry,
  withRepeatedEntry,
  workbookBytes,
  xlsFile,
  zipArchive,
} from "./support/receivedFiles";

const SHEET = "xl/worksheets/sheet1.xml";
const MB = 1024 * 1024;
const GOOD = () => report(GOOD_UNIT);

/** Our report's sheet with `unit` repeated `times` times just before </sheetData>. */
function withSheetRepeat(head: string, unit: string, times: number, declare?: number, tail = ""): Buffer {
  const bytes = GOOD();
  const sheet = entryText(bytes, SHEET);
  const at = sheet.indexOf("</sheetData>");
  return withRepeatedEntry(bytes, SHEET, sheet.slice(0, at) + head, unit, times, tail + sheet.slice(at), declare);
}

/** The report with one part replaced. */
const withPart = (name: string, text: string | Uint8Array) => withEntry(GOOD(), name, typeof text === "string" ? strToU8(text) : text);

/** One bit flipped in the compressed data of an entry, far enough in that the stream still inflates. */
function flipped(bytes: Uint8Array, name: string, stored = false): Buffer {
  const source = stored ? storedCopy(bytes) : Buffer.from(bytes);
  const zip = ZipArchive.open(source)!;
  const e = zip.entries.find((x) => x.name === name)!;
  const start = e.localOffset + 30 + source.readUInt16LE(e.localOffset + 26) + source.readUInt16LE(e.localOffset + 28);
  const data = source.subarray(start, start + e.compressedSize);
  const original = stored ? Buffer.from(data) : inflateRawSync(data);
  for (let at = Math.floor(data.length / 2); at < data.length; at++) {
    data[at] ^= 0x04;
    try {
      if (stored || Buffer.compare(inflateRawSync(data), original) !== 0) return source;
    } catch {
      // not a valid stream any more: the next byte
    }
    data[at] ^= 0x04;
  }
  throw new Error("no bit flip leaves a valid stream");
}

/** The same workbook with every entry stored (no compression). */
function storedCopy(bytes: Uint8Array): Buffer {
  const zip = ZipArchive.open(bytes)!;
  return zipArchive(zip.entries.map((e) => ({ name: e.name, data: zip.inflate(e, new InflateBudget(64 * MB)) })));
}

/** Merge a good report with the hostile one: the hostile file costs one message, the good one is merged. */
const mergeWith = (name: string, bytes: Bytes, extra: Partial<HostileCase> = {}) =>
  mergeBeside(name, bytes, { units: [GOOD_UNIT], ...extra });
const check = checkCase;

const bomb = () => withSheetRepeat("", " ", 140 * MB, 1000);
/** The report's shared strings with `unit` added `times` times at the end. */
function withStrings(unit: string, times: number): Buffer {
  const bytes = GOOD();
  const [head, tail] = entryText(bytes, "xl/sharedStrings.xml").split("</sst>");
  return withRepeatedEntry(bytes, "xl/sharedStrings.xml", head, unit, times, `</sst>${tail}`);
}
const manyStrings = () => withStrings("<si><t>x</t></si>", 4_000_000);
const manyCells = () => withSheetRepeat('<row r="900">', '<c r="Z900"/>', 3_100_000, undefined, "</row>");
/** The value cell of 1.1.1 holding 200.000 nested rich-text runs, never closed. */
function deepInValueCell(): Buffer {
  const bytes = report("UBND huyện Tốt", { "1.1.1": null });
  const sheet = entryText(bytes, SHEET);
  const cell = sheet.match(/<c r="D16"[^>]*\/>/)![0];
  const deep = cell.replace("/>", ` t="inlineStr"><is>${"<r><t>1</t>".repeat(200_000)}</is></c>`);
  return withEntry(bytes, SHEET, Buffer.from(sheet.replace(cell, deep)));
}
const unclosedCells = () => withSheetRepeat('<row r="900">', '<c r="Z900"><v>1</v>', 200_000);
const unclosedStrings = () => withStrings("<si><t>x</t>", 200_000);
const unclosedNames = () =>
  withPart(
    "xl/workbook.xml",
    entryText(GOOD(), "xl/workbook.xml").replace("</definedNames>", `${'<definedName name="x">'.repeat(100_000)}</definedNames>`),
  );
const htmlFile = () => "<!DOCTYPE html><html><head><title>Báo cáo</title></head><body><table><tr><td>1</td></tr></table></body></html>";
const ods = () =>
  zipArchive([
    { name: "mimetype", data: strToU8("application/vnd.oasis.opendocument.spreadsheet") },
    { name: "content.xml", data: strToU8("<office:document-content/>"), deflate: true },
  ]);
const docx = () => zipArchive([{ name: "word/document.xml", data: strToU8("<w:document/>"), deflate: true }]);
const noWorkbookPart = () => withoutZipEntry(GOOD(), "xl/workbook.xml");
const zip64Garbage = () => {
  const b = asZip64(GOOD());
  // The zip64 end record's offset of the central directory, pointed past the end of the file.
  const record = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
  b.writeBigUInt64LE(0xffffffffffffn, record + 48);
  return b;
};
const zip64Count = () => {
  const b = asZip64(GOOD());
  const record = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
  b.writeBigUInt64LE(0xffffffffffn, record + 32);
  return b;
};
const badMethod = () => {
  const b = Buffer.from(GOOD());
  const zip = ZipArchive.open(b)!;
  const e = zip.entries.find((x) => x.name === "xl/workbook.xml")!;
  // Compression method 12 (bzip2) in both headers.
  b.writeUInt16LE(12, e.localOffset + 8);
  const central = b.lastIndexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]));
  for (
    let at = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    at >= 0 && at <= central;
    at = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
  ) {
    if (b.readUInt32LE(at + 42) === e.localOffset) b.writeUInt16LE(12, at + 10);
  }
  return b;
};
const zipEncrypted = () => {
  const b = Buffer.from(GOOD());
  for (let at = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    b.writeUInt16LE(b.readUInt16LE(at + 8) | 1, at + 8);
  }
  return b;
};
const plainWorkbook = () => workbookBytes((wb) => (wb.addWorksheet("Sheet1").getCell("A1").value = "Xin chào"));
const emptyWorkbook = () => workbookBytes((wb) => wb.addWorksheet("Sheet1"));

const CASES: HostileCase[] = [
  // ---- resource exhaustion ----
  check("a zip bomb whose headers declare 1 KB for 140 MB", bomb, {
    says: { vi: /giải nén ra hơn 128 MB/, en: /unpacks to more than 128 MB/ },
  }),
  mergeWith("a zip bomb whose headers lie", bomb),
  check("4 million shared strings", manyStrings, { says: { vi: /có hơn [\d.]+ ô/, en: /more than [\d,]+ cells/ } }),
  mergeWith("4 million shared strings", manyStrings),
  check("3,1 million cells", manyCells, { says: { vi: /có hơn 3\.000\.000 ô/, en: /more than 3,000,000 cells/ } }),
  check("200.000 nested rich-text runs in a value cell, never closed", deepInValueCell, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("200.000 cells never closed", unclosedCells, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("200.000 shared strings never closed", unclosedStrings, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("100.000 defined names never closed", unclosedNames, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  mergeWith("200.000 cells never closed", unclosedCells),
  check("a file of 25 MB (sparse, stat says 25 MB)", () => Buffer.alloc(0), {
    files: () => ({ "x.xlsx": { sparse: 25 * MB } }),
    says: { vi: /quá lớn/, en: /too large/ },
  }),
  check("a symlink to /dev/zero named .xlsx", () => "", {
    files: () => ({ "x.xlsx": { symlink: "/dev/zero" } }),
    says: { vi: /thiết bị/, en: /a device/ },
  }),
  check("a symlink to /dev/urandom", () => "", { files: () => ({ "x.xlsx": { symlink: "/dev/urandom" } }) }),
  check("a FIFO named .xlsx", () => "", { files: () => ({ "x.xlsx": { fifo: true } }), says: { vi: /FIFO/, en: /FIFO/ } }),
  {
    name: "merge: a FIFO and a symlink to /dev/zero in the folder, beside a good report",
    files: () => ({ "nhan/tot.xlsx": GOOD(), "nhan/ong.xlsx": { fifo: true }, "nhan/zero.xlsx": { symlink: "/dev/zero" } }),
    argv: ["merge", "nhan", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 1,
    names: ["nhan/ong.xlsx", "nhan/zero.xlsx"],
    merged: ["nhan/tot.xlsx"],
  },
  check("a folder named .xlsx", () => "", { files: () => ({ "x.xlsx": { dir: true } }), says: { vi: /thư mục/, en: /folder/ } }),
  mergeWith("a folder named .xlsx inside the folder", () => Buffer.alloc(0), {
    files: () => ({ "nhan/tot.xlsx": GOOD(), "nhan/xau.xlsx": { dir: true } }),
  }),
  {
    name: "check: /proc/self/status (a text file whose size stat gives as 0)",
    files: () => ({}),
    argv: ["check", "/proc/self/status"],
    code: 2,
    names: ["/proc/self/status"],
  },
  {
    name: "check: /proc/self/mem (reading fails)",
    files: () => ({}),
    argv: ["check", "/proc/self/mem"],
    code: 2,
    names: ["/proc/self/mem"],
  },
  {
    name: "merge: /proc/self/environ and /dev/null named on the command line, beside a good report",
    files: () => ({ "tot.xlsx": GOOD() }),
    argv: ["merge", "tot.xlsx", "/proc/self/environ", "/dev/null", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 1,
    names: ["/proc/self/environ", "/dev/null"],
    merged: ["tot.xlsx"],
  },
  {
    name: "check: /dev/stdin (a pipe or a device, never waited on)",
    files: () => ({}),
    argv: ["check", "/dev/stdin"],
    code: 2,
    names: ["/dev/stdin"],
  },
  check("a symlink to /proc/self/fd/0", () => "", { files: () => ({ "x.xlsx": { symlink: "/proc/self/fd/0" } }) }),
  {
    name: "merge: .xlsx links to stdin, the terminal, /proc/self/mem and /proc/self/pagemap, beside a good report",
    files: () => ({
      "nhan/tot.xlsx": GOOD(),
      "nhan/a.xlsx": { symlink: "/proc/self/fd/0" },
      "nhan/b.xlsx": { symlink: "/dev/tty" },
      "nhan/c.xlsx": { symlink: "/proc/self/mem" },
      "nhan/d.xlsx": { symlink: "/proc/self/pagemap" },
    }),
    argv: ["merge", "nhan", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 1,
    names: ["nhan/a.xlsx", "nhan/b.xlsx", "nhan/c.xlsx", "nhan/d.xlsx"],
    merged: ["nhan/tot.xlsx"],
  },
  // ---- damaged zips ----
  check("an empty file", () => Buffer.alloc(0), { says: { vi: /tệp rỗng/, en: /empty/ } }),
  check("a zip cut in half", () => truncated(GOOD()), { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("one bit flipped in the deflated sheet (bad CRC)", () => flipped(GOOD(), SHEET), { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("one bit flipped in a stored sheet (bad CRC)", () => flipped(GOOD(), SHEET, true), { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("one bit flipped in the deflated _cchc sheet (bad CRC)", () => flipped(GOOD(), "xl/worksheets/sheet2.xml"), {
    says: { vi: /bị hỏng/, en: /damaged/ },
  }),
  mergeWith("one bit flipped in the sheet (bad CRC)", () => flipped(GOOD(), SHEET)),
  check("no [Content_Types].xml", () => withoutZipEntry(GOOD(), "[Content_Types].xml"), { says: { vi: /bị hỏng/, en: /damaged/ } }),
  mergeWith("no [Content_Types].xml", () => withoutZipEntry(GOOD(), "[Content_Types].xml")),
  check("no xl/workbook.xml", noWorkbookPart),
  check("zip64: its end record points past the file", zip64Garbage, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("zip64: its end record declares a trillion entries", zip64Count, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("zip64: a valid zip64 archive is read", () => asZip64(GOOD()), { code: 0, names: ["x.xlsx"] }),
  check("a part compressed with bzip2 (method 12)", badMethod, { says: { vi: /bị hỏng/, en: /damaged/ } }),
  check("zip entries flagged as encrypted", zipEncrypted),
  check("random bytes", () => randomBytes(5000, 7), { says: { vi: /không phải tệp Excel/, en: /not an Excel/ } }),
  check("the zip's directory overwritten with random bytes", () => {
    const b = Buffer.from(GOOD());
    const dir = b.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    randomBytes(b.length - dir - 22, 3).copy(b, dir);
    return b;
  }),
  // ---- other formats ----
  check("an encrypted workbook (OLE, password to open)", encryptedXlsx, { says: { vi: /mật khẩu/, en: /password/ } }),
  check("an Excel 97-2003 .xls (BIFF in OLE)", xlsFile, { says: { vi: /Excel 97-2003/, en: /Excel 97-2003/ } }),
  check("a .doc (OLE without a workbook stream)", () => compoundFile(["WordDocument", "\u0001CompObj"])),
  check("an OLE file whose directory chain loops", () => {
    const b = compoundFile(["Workbook"]);
    b.writeUInt32LE(1, 512 + 1 * 4); // the directory sector points at itself
    return b;
  }),
  check("an .ods (OpenDocument)", ods, { says: { vi: /OpenDocument/, en: /OpenDocument/ } }),
  check("a .docx", docx, { says: { vi: /Word/, en: /Word/ } }),
  check("an HTML page saved as .xlsx", htmlFile, { says: { vi: /trang web/, en: /web page/ } }),
  check("a CSV saved as .xlsx", () => csvFile(), { says: { vi: /văn bản/, en: /text file/ } }),
  check("a CSV with a UTF-8 byte-order mark saved as .xlsx", () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csvFile()]), {
    says: { vi: /văn bản/, en: /text file/ },
  }),
  check(
    "a UTF-16 text file saved as .xlsx (Excel's Unicode Text)",
    () => utf16("STT\tChỉ tiêu\tSố liệu\r\n1\tSố văn bản\t14\r\n", "le", true),
    {
      says: { vi: /văn bản/, en: /text file/ },
    },
  ),
  check("a PDF", () => "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n", { says: { vi: /PDF/, en: /PDF/ } }),
  check("a workbook that is not a form (no _cchc, no indicator table)", plainWorkbook, {
    says: { vi: /không tìm thấy bảng/, en: /no indicator table found/ },
  }),
  check("a workbook with one empty sheet", emptyWorkbook),
  mergeWith("a workbook that is not a form", plainWorkbook),
  check(
    "a workbook that is not ours, its sheet never closed (ExcelJS reads it)",
    async () => {
      const bytes = await plainWorkbook();
      return withEntry(bytes, SHEET, strToU8(entryText(bytes, SHEET).replace(/<\/sheetData>[\s\S]*$/, '<row r="9">'.repeat(50_000))));
    },
    { says: { vi: /bị hỏng/, en: /damaged/ } },
  ),
  check("a workbook that is not ours, a cell nested 100.000 deep (ExcelJS reads it)", async () => {
    const bytes = await plainWorkbook();
    const deep = `<row r="9"><c r="A9" t="inlineStr"><is>${"<r>".repeat(100_000)}<t>x</t>${"</r>".repeat(100_000)}</is></c></row>`;
    return withEntry(bytes, SHEET, strToU8(entryText(bytes, SHEET).replace("</sheetData>", `${deep}</sheetData>`)));
  }),
  {
    name: "export --csv: a zip bomb",
    files: () => ({ "x.xlsx": bomb() }),
    argv: ["export", "x.xlsx", "--csv"],
    code: 2,
    names: ["x.xlsx"],
  },
  {
    name: "export: an encrypted workbook",
    files: () => ({ "x.xlsx": encryptedXlsx() }),
    argv: ["export", "x.xlsx"],
    code: 2,
    names: ["x.xlsx"],
  },
  {
    name: "merge: only bad files (nothing to merge: nothing written)",
    files: () => ({ "nhan/a.xlsx": Buffer.alloc(0), "nhan/b.xlsx": xlsFile(), "nhan/c.xlsx": { fifo: true } }),
    argv: ["merge", "nhan", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 2,
    names: ["nhan/a.xlsx", "nhan/b.xlsx", "nhan/c.xlsx"],
  },
  {
    name: "merge: a folder holding .xls, .csv, .ods and a file with no extension beside a good report",
    files: () => ({
      "nhan/tot.xlsx": GOOD(),
      "nhan/cu.xls": xlsFile(),
      "nhan/bang.csv": csvFile(),
      "nhan/lo.ods": ods(),
      "nhan/README": "x",
    }),
    argv: ["merge", "nhan", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"],
    code: 1,
    names: ["nhan/cu.xls", "nhan/bang.csv", "nhan/lo.ods", "nhan/README"],
    merged: ["nhan/tot.xlsx"],
  },
];

// The suite's own builders are what they say.
it("the bit flip changes the sheet but leaves a stream that inflates", () => {
  const bytes = flipped(GOOD(), SHEET);
  const good = unzipSync(GOOD())[SHEET];
  const zip = ZipArchive.open(bytes)!;
  const entry = zip.entries.find((e) => e.name === SHEET)!;
  const start = entry.localOffset + 30 + bytes.readUInt16LE(entry.localOffset + 26) + bytes.readUInt16LE(entry.localOffset + 28);
  const inflated = inflateRawSync(bytes.subarray(start, start + entry.compressedSize));
  expect(Buffer.compare(inflated, Buffer.from(good))).not.toBe(0);
});

describe("hostile files", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => runCase(c), 120_000);
});
