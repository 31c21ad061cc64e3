// Files as they arrive at the agency that merges: forms retyped by hand from the seeds in another
// layout, and the bad kinds (an .xls, a password-protected workbook, a CSV, random bytes, a damaged or
// oversized zip, a zip bomb, empty workbooks) built byte by byte, so each reader message can be tested.
import ExcelJS from "exceljs";
import { constants, crc32 as zlibCrc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { parsePeriod } from "../../src/domain/period";
import { Indicator, Template } from "../../src/domain/template/schema";
import { ParsedValue, parseValue } from "../../src/domain/values";
import { random } from "./random";
import { readSeedTable, SEED_FORMS } from "./seeds";

// ---- zip archives, written and rewritten by hand (the reader must not trust what they declare) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipItem {
  name: string;
  data: Uint8Array;
  /** Deflate the data (method 8); otherwise stored */
  deflate?: boolean;
}

interface RawEntry {
  name: Buffer;
  method: number;
  crc: number;
  compressed: Buffer;
  size: number;
}

function writeZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(e.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, e.name, e.compressed);
    centrals.push(central, e.name);
    offset += local.length + e.name.length + e.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function rawEntry(it: ZipItem): RawEntry {
  return {
    name: Buffer.from(it.name, "utf8"),
    method: it.deflate ? 8 : 0,
    crc: crc32(it.data),
    compressed: it.deflate ? deflateRawSync(it.data) : Buffer.from(it.data),
    size: it.data.length,
  };
}

export function zipArchive(items: ZipItem[]): Buffer {
  return writeZip(items.map(rawEntry));
}

/** The entries of an archive, their compressed data copied byte for byte. */
function entriesOf(zip: Uint8Array): RawEntry[] {
  const b = Buffer.from(zip);
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries: RawEntry[] = [];
  for (let i = 0, at = b.readUInt32LE(eocd + 16); i < b.readUInt16LE(eocd + 10); i++) {
    const nameLength = b.readUInt16LE(at + 28);
    const local = b.readUInt32LE(at + 42);
    const dataStart = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    entries.push({
      name: Buffer.from(b.subarray(at + 46, at + 46 + nameLength)),
      method: b.readUInt16LE(at + 10),
      crc: b.readUInt32LE(at + 16),
      compressed: Buffer.from(b.subarray(dataStart, dataStart + b.readUInt32LE(at + 20))),
      size: b.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
  }
  return entries;
}

/** The same archive without one entry, nothing re-compressed. */
export function withoutZipEntry(zip: Uint8Array, name: string): Buffer {
  return writeZip(entriesOf(zip).filter((e) => e.name.toString("utf8") !== name));
}

/** The archive with one entry's content replaced or added (deflated), and every size it declares set to `declare` when given. */
export function withEntry(zip: Uint8Array, name: string, data: Uint8Array, declare?: number): Buffer {
  const entries = entriesOf(zip).filter((e) => e.name.toString("utf8") !== name);
  return writeZip([...entries, rawEntry({ name, data, deflate: true })].map((e) => (declare === undefined ? e : { ...e, size: declare })));
}

/** The archive with one entry's CRC-32 (in both its headers) replaced, its data untouched: damaged, as a flipped bit would leave it. */
export function withEntryCrc(zip: Uint8Array, name: string, crc: number): Buffer {
  return writeZip(entriesOf(zip).map((e) => (e.name.toString("utf8") === name ? { ...e, crc } : e)));
}

/**
 * The archive with one entry holding `head`, then `unit` repeated `times` times, then `tail` — built without
 * deflating the whole (hundreds of megabytes): each piece is deflated once with a full flush, which makes
 * the pieces independent, and the repeated one is copied. Sizes declared as `declare` when given.
 */
export function withRepeatedEntry(
  zip: Uint8Array,
  name: string,
  head: string,
  unit: string,
  times: number,
  tail: string,
  declare?: number,
): Buffer {
  const flush = (text: string, final: boolean) =>
    deflateRawSync(Buffer.from(text), { level: 1, finishFlush: final ? constants.Z_FINISH : constants.Z_FULL_FLUSH });
  const block = unit.repeat(Math.max(1, Math.floor((1024 * 1024) / unit.length)));
  const blocks = Math.floor(times / (block.length / unit.length));
  const rest = unit.repeat(times - blocks * (block.length / unit.length));
  const packed = flush(block, false);
  const compressed = Buffer.concat([flush(head, false), ...Array.from({ length: blocks }, () => packed), flush(rest + tail, true)]);
  let crc = zlibCrc32(head);
  for (let i = 0; i < blocks; i++) crc = zlibCrc32(block, crc);
  crc = zlibCrc32(rest + tail, crc);
  const size = Buffer.byteLength(head) + blocks * Buffer.byteLength(block) + Buffer.byteLength(rest + tail);
  const entry: RawEntry = { name: Buffer.from(name), method: 8, crc, compressed, size: declare ?? size };
  return writeZip([...entriesOf(zip).filter((e) => e.name.toString("utf8") !== name), entry]);
}

/** The text of one entry of an archive. */
export function entryText(zip: Uint8Array, name: string): string {
  const e = entriesOf(zip).find((x) => x.name.toString("utf8") === name)!;
  return (e.method === 8 ? inflateRawSync(e.compressed) : e.compressed).toString("utf8");
}

/** The same archive in zip64 form: sizes and offsets in zip64 extra fields, a zip64 end record. */
export function asZip64(zip: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entriesOf(zip)) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(20, 28);
    const localExtra = Buffer.alloc(20);
    localExtra.writeUInt16LE(1, 0);
    localExtra.writeUInt16LE(16, 2);
    localExtra.writeBigUInt64LE(BigInt(e.size), 4);
    localExtra.writeBigUInt64LE(BigInt(e.compressed.length), 12);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(e.name.length, 28);
    central.writeUInt16LE(28, 30);
    central.writeUInt32LE(0xffffffff, 42);
    const extra = Buffer.alloc(28);
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(e.size), 4);
    extra.writeBigUInt64LE(BigInt(e.compressed.length), 12);
    extra.writeBigUInt64LE(BigInt(offset), 20);
    parts.push(local, e.name, localExtra, e.compressed);
    centrals.push(central, e.name, extra);
    offset += 30 + e.name.length + 20 + e.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const count = BigInt(centrals.length / 3);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(count, 24);
  record.writeBigUInt64LE(count, 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...parts, directory, record, locator, end]);
}

const MB = 1024 * 1024;

/** Really inflates to `entries` × 10 MB of zeros from ~10 KB each. */
export function zipBomb(entries: number): Buffer {
  const part = rawEntry({ name: "", data: new Uint8Array(10 * MB), deflate: true });
  return writeZip(Array.from({ length: entries }, (_, i) => ({ ...part, name: Buffer.from(`xl/worksheets/sheet${i + 1}.xml`) })));
}

/** A real workbook with one more part of 5 MB of zeros: small in total, but about 1000:1. */
export async function highRatioWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1").getCell("A1").value = 1;
  const padding = zipArchive([{ name: "xl/media/padding.bin", data: new Uint8Array(5 * MB), deflate: true }]);
  return writeZip([...entriesOf(Buffer.from(await wb.xlsx.writeBuffer())), ...entriesOf(padding)]);
}

// ---- OLE compound files (MS-CFB version 3): what an .xls and an encrypted .xlsx are made of ----

/**
 * A compound file whose directory lists the given streams (empty), four entries per 512-byte sector,
 * so that more than three names spread the directory over a chain of sectors.
 */
export function compoundFile(streamNames: string[]): Buffer {
  const names = ["Root Entry", ...streamNames];
  const dirSectors = Math.ceil(names.length / 4);
  const sector = (n: number) => 512 + n * 512;
  const out = Buffer.alloc(sector(1 + dirSectors), 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.writeUInt16LE(0x3e, 0x18);
  out.writeUInt16LE(3, 0x1a);
  out.writeUInt16LE(0xfffe, 0x1c);
  out.writeUInt16LE(9, 0x1e);
  out.writeUInt16LE(6, 0x20);
  out.writeUInt32LE(1, 0x2c); // one FAT sector
  out.writeUInt32LE(1, 0x30); // the directory starts at sector 1
  out.writeUInt32LE(4096, 0x38);
  out.writeUInt32LE(0xfffffffe, 0x3c);
  out.writeUInt32LE(0xfffffffe, 0x44);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i === 0 ? 0 : 0xffffffff, 0x4c + i * 4);
  // FAT: sector 0 is the FAT itself, then the directory chain 1 → 2 → … → end.
  for (let i = 0; i < 128; i++) {
    const value = i === 0 ? 0xfffffffd : i <= dirSectors ? (i === dirSectors ? 0xfffffffe : i + 1) : 0xffffffff;
    out.writeUInt32LE(value, sector(0) + i * 4);
  }
  names.forEach((name, i) => {
    const at = sector(1) + i * 128;
    const utf16 = Buffer.from(`${name}\0`, "utf16le");
    utf16.copy(out, at);
    out.writeUInt16LE(utf16.length, at + 0x40);
    out[at + 0x42] = i === 0 ? 5 : 2; // root storage, stream
    out[at + 0x43] = 1;
    out.writeUInt32LE(0xffffffff, at + 0x44);
    out.writeUInt32LE(i > 0 && i < names.length - 1 ? i + 1 : 0xffffffff, at + 0x48);
    out.writeUInt32LE(i === 0 && names.length > 1 ? 1 : 0xffffffff, at + 0x4c);
    out.writeUInt32LE(0xfffffffe, at + 0x74);
  });
  return out;
}

/** An Excel 97-2003 file as LibreOffice writes one (its stream names). */
export const xlsFile = () => compoundFile(["Workbook", "\u0001CompObj", "\u0005SummaryInformation", "\u0005DocumentSummaryInformation"]);

/** An .xlsx saved with a password to open (MS-OFFCRYPTO): the package is an encrypted stream. */
export const encryptedXlsx = () =>
  compoundFile(["\u0006DataSpaces", "DataSpaceMap", "DataSpaceInfo", "TransformInfo", "EncryptionInfo", "EncryptedPackage"]);

// ---- other things that arrive ----

export function randomBytes(length: number, seed: number): Buffer {
  const rnd = random(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(rnd() * 256);
  bytes[0] = 0x00; // not by chance a zip or OLE signature
  return bytes;
}

export const csvFile = () =>
  Buffer.from(
    "STT;Chỉ tiêu thống kê;Đơn vị tính;Số liệu\r\n1.;Số văn bản chỉ đạo CCHC đã ban hành;Văn bản;14\r\n2.;Tỷ lệ hoàn thành Kế hoạch CCHC năm;%;83%\r\n",
    "utf8",
  );

/** A valid workbook cut off halfway, as a download that stopped. */
export function truncated(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.length / 2)));
}

export async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- forms retyped by hand from the seeds ----

export interface RetypedLayout {
  /** 1-based row of the table header */
  headerRow: number;
  /** 1-based column of the STT column */
  firstCol: number;
  headers: { stt: string; name: string; unit: string; value: string };
  /** A column the form does not have, between the unit and the value */
  extraColumn?: string;
  /** How the title names the period */
  periodLine: (label: string) => string;
  superior: string;
  unit: string;
}

export interface RetypedCase {
  templateId: string;
  period: string;
  bytes: Buffer;
  unit: string;
  sheetName: string;
  /** Every indicator row kept on the sheet: the parse of the seed's text, by code */
  expected: Map<string, ParsedValue>;
  /** Row numbers on the sheet, by code */
  rowOf: Map<string, number>;
  /** Rows whose names were changed and how they must be matched */
  changed: { code: string; how: "diacritics" | "typo" | "renamed" }[];
  /** The indicator left out of the sheet */
  dropped?: Indicator;
  /** The sheet row of a row that is not in the form */
  extraRow?: number;
}

const SHEET = "Bieu so lieu";

function stripDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

/** Swaps two different letters near the middle of the name: the kind of slip a typist makes. */
function typo(text: string): string {
  let i = Math.floor(text.length / 2);
  while (!(/\p{L}/u.test(text[i]) && /\p{L}/u.test(text[i + 1]) && text[i] !== text[i + 1])) i++;
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

/** What a cell holds after typing the seed's text: Excel turns plain whole numbers into numbers. */
function typed(text: string): string | number | null {
  if (text === "") return null;
  return /^(0|[1-9]\d{0,14})$/.test(text) ? Number(text) : text;
}

/**
 * The seed's table retyped by its unit in a layout of its own: title block, header elsewhere, columns
 * shifted, an extra column; unless `faithful`, also one name without diacritics, two with typos, one
 * reworded (keeping its STT), one row left out and one row added that the form does not have.
 */
export async function retypedSeed(template: Template, layout: RetypedLayout, { faithful = false } = {}): Promise<RetypedCase> {
  const form = SEED_FORMS.find((f) => f.templateId === template.id)!;
  const seedRows = readSeedTable(form.stem).filter((r) => !form.skipSeqs.includes(r.seq));
  const rows = seedRows.map((r, i) => ({ ...r, ind: template.indicators[i] }));

  const withValue = rows.filter((r) => r.ind.kind !== "header" && r.value !== "");
  const pickFrom = (list: typeof rows, at: number) => list[Math.floor(list.length * at)];
  const diacritics = pickFrom(
    withValue.filter((r) => stripDiacritics(r.name) !== r.name),
    0.1,
  );
  const typos = withValue.filter((r) => r.name.length >= 30 && r !== diacritics);
  const typoRows = [pickFrom(typos, 0.3), pickFrom(typos, 0.6)];
  const numbered = rows.filter((r) => r.stt.trim() !== "" && ![diacritics, ...typoRows].includes(r));
  const renamed = pickFrom(
    numbered.filter((r) => r.ind.kind !== "header").length > 0 ? numbered.filter((r) => r.ind.kind !== "header") : numbered,
    0.45,
  );
  const droppable = withValue.filter((r) => ![diacritics, ...typoRows, renamed].includes(r));
  const dropped = pickFrom(droppable, 0.8);
  const extraAfter = pickFrom(rows, 0.35);
  const changes = !faithful;

  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Bao cao").getCell("A1").value = "Báo cáo kết quả thực hiện công tác cải cách hành chính (phần lời)";
  const sheet = wb.addWorksheet(SHEET);
  const c0 = layout.firstCol;
  const valueCol = c0 + (layout.extraColumn ? 4 : 3);
  const lastCol = valueCol + 1;
  const put = (row: number, col: number, value: ExcelJS.CellValue) => (sheet.getCell(row, col).value = value);

  put(1, c0, layout.superior);
  put(1, c0 + 2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  put(2, c0, layout.unit);
  put(2, c0 + 2, "Độc lập - Tự do - Hạnh phúc");
  put(3, c0, "Số:      /BC-UBND");
  put(3, c0 + 2, `${template.province}, ngày 14 tháng 9 năm 2021`);
  sheet.mergeCells(layout.headerRow - 4, c0, layout.headerRow - 4, lastCol);
  put(layout.headerRow - 4, c0, "PHỤ LỤC");
  put(layout.headerRow - 3, c0, "THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH");
  put(layout.headerRow - 2, c0, layout.periodLine(parsePeriod(form.period).label.vi));

  const headerCells = [
    layout.headers.stt,
    layout.headers.name,
    layout.headers.unit,
    ...(layout.extraColumn ? [layout.extraColumn] : []),
    layout.headers.value,
    "Ghi chú",
  ];
  const writeHeader = (row: number) => {
    headerCells.forEach((h, i) => put(row, c0 + i, h));
    headerCells.forEach((_, i) => put(row + 1, c0 + i, `(${i + 1})`));
    return row + 2;
  };
  let row = writeHeader(layout.headerRow);

  const expected = new Map<string, ParsedValue>();
  const rowOf = new Map<string, number>();
  let section = "";
  let extraRow: number | undefined;
  for (const r of rows) {
    const sec = template.sections.find((s) => s.code === r.ind.section)!;
    if (sec.heading && sec.code !== section) {
      if (section !== "") row = writeHeader(row);
      sheet.mergeCells(row, c0, row, lastCol);
      put(row++, c0, sec.title);
    }
    section = sec.code;
    if (!changes || r !== dropped) {
      const name = !changes
        ? r.name
        : r === diacritics
          ? stripDiacritics(r.name)
          : typoRows.includes(r)
            ? typo(r.name)
            : r === renamed
              ? "Nội dung khác do đơn vị tự ghi"
              : r.name;
      put(row, c0, r.stt);
      put(row, c0 + 1, name);
      put(row, c0 + 2, r.unit);
      if (layout.extraColumn) put(row, c0 + 3, 100);
      put(row, valueCol, typed(r.value));
      put(row, valueCol + 1, r.note || null);
      const parsed = parseValue(r.value, r.ind);
      if (r.ind.kind !== "header" || parsed.status !== "missing") expected.set(r.ind.code, parsed);
      rowOf.set(r.ind.code, row);
      row++;
    }
    if (changes && r === extraAfter) {
      extraRow = row;
      put(row, c0 + 1, "Số cuộc họp giao ban chuyên đề do đơn vị tự bổ sung");
      put(row, c0 + 2, "Cuộc");
      put(row, valueCol, 5);
      row++;
    }
  }
  row++;
  put(row, c0 + 1, "NGƯỜI LẬP BIỂU");
  put(row, valueCol, "THỦ TRƯỞNG ĐƠN VỊ");

  return {
    templateId: template.id,
    period: form.period,
    bytes: Buffer.from(await wb.xlsx.writeBuffer()),
    unit: layout.unit,
    sheetName: SHEET,
    expected,
    rowOf,
    changed: changes
      ? [
          { code: diacritics.ind.code, how: "diacritics" },
          ...typoRows.map((r) => ({ code: r.ind.code, how: "typo" as const })),
          { code: renamed.ind.code, how: "renamed" },
        ]
      : [],
    dropped: changes ? dropped.ind : undefined,
    extraRow: changes ? extraRow : undefined,
  };
}
