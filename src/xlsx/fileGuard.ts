// Checks on a received file before anything reads its cells: what it really is when it is not an .xlsx
// (an .xls, a password-protected workbook, a CSV, random bytes), whether it is too big, and the budget of
// one file: what its zip entries may unpack to and how many cells its sheets may hold, counted while
// inflating whatever the zip headers say (zip.ts), and how long reading it may take. Runs in the task
// pane's Web Worker too: no Node APIs.
import { Message, msg } from "../domain/messages";
import { decodeTextFile } from "../domain/textFile";
import { formatNumber } from "../domain/values";
import { InflateBudget, ReadStopped, ZipArchive, ZipError } from "./zip";

/** A statistical appendix is tens of kilobytes; 20 MB leaves room for pasted images. */
export const MAX_SUBMISSION_BYTES = 20 * 1024 * 1024;
/** Time one file may take to read: a unit's report takes a few milliseconds, a summary of 10.000 units a few seconds. */
export const READ_TIME_LIMIT_MS = 20_000;

/** What one file may unpack to (the parts read, in total), how many cells the sheets read may hold, how long it may take. */
export interface ReadLimits {
  bytes: number;
  cells: number;
  /** Milliseconds (READ_TIME_LIMIT_MS unless given) */
  ms?: number;
  /** The clock the time is measured by (tests give their own) */
  now?: () => number;
}

/** Thrown when a file has taken its time. */
export class TimeLimitError extends ReadStopped {
  constructor(readonly ms: number) {
    super(`more than ${ms} ms`);
    this.name = "TimeLimitError";
  }
}

/** One file's time, checked between the steps of reading it (each entry inflated, every few thousand cells). */
export class Deadline {
  readonly ms: number;
  private readonly now: () => number;
  private readonly end: number;

  constructor(limits: Pick<ReadLimits, "ms" | "now"> = {}) {
    this.ms = limits.ms ?? READ_TIME_LIMIT_MS;
    this.now = limits.now ?? Date.now;
    this.end = this.now() + this.ms;
  }

  check(): void {
    if (this.now() > this.end) throw new TimeLimitError(this.ms);
  }
}

/** A file that took its time: one message, and the other files go on. */
export function tooSlow(file: string, ms: number): Message {
  const seconds = { vi: formatNumber(ms / 1000, ms < 1000 ? 1 : 0), en: String(Math.round(ms / 100) / 10) };
  return reject(
    file,
    `đọc tệp quá ${seconds.vi} giây nên đã dừng để đọc tiếp các tệp khác; tệp lớn hoặc hỏng bất thường — hãy mở bằng Excel, lưu lại (bỏ trang và hình thừa) rồi gửi lại`,
    `reading took more than ${seconds.en} s, so it was stopped and the other files go on; the file is unusually large or damaged — open it in Excel, save it again (without extra sheets and images) and send it again`,
  );
}

/** The targeted reader (our own workbooks): a unit's form is ~250 KB and ~1,500 cells, a summary of 10,000 units ~60 MB and ~2 million. */
export const OWN_WORKBOOK_LIMITS: ReadLimits = { bytes: 128 * 1024 * 1024, cells: 3_000_000 };
/** ExcelJS (forms retyped by hand) holds ~20 times the XML in memory: every part together, and the cells of every sheet. */
export const EXCELJS_LIMITS: ReadLimits = { bytes: 32 * 1024 * 1024, cells: 250_000 };

const MB = 1024 * 1024;

function reject(file: string, vi: string, en: string): Message {
  return msg(`${file}: ${vi}`, `${file}: ${en}`);
}

/** "25,3 MB" / "25.3 MB"; below a megabyte in KB. */
function sizeText(n: number): { vi: string; en: string } {
  if (n < MB) return { vi: `${formatNumber(Math.ceil(n / 1024))} KB`, en: `${Math.ceil(n / 1024)} KB` };
  return { vi: `${formatNumber(n / MB, 1)} MB`, en: `${Math.round((n / MB) * 10) / 10} MB` };
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;

function startsWith(b: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((x, i) => b[i] === x);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** A file over the limit, refused from its size alone (the CLI and the pane check it before reading). */
export function tooLarge(file: string, byteCount: number): Message {
  const size = sizeText(byteCount);
  return reject(
    file,
    `tệp quá lớn (${size.vi}, tối đa ${MAX_SUBMISSION_BYTES / MB} MB); một phụ lục thống kê chỉ vài chục KB — hãy kiểm tra đúng tệp, xóa hình ảnh và trang thừa rồi lưu lại`,
    `the file is too large (${size.en}, at most ${MAX_SUBMISSION_BYTES / MB} MB); a statistical appendix is a few tens of KB — check it is the right file, remove images and extra sheets, and save it again`,
  );
}

/** Why the bytes cannot be opened as an .xlsx workbook, naming the file and what to do; else its zip. */
export function openReceivedZip(file: string, bytes: Uint8Array): { zip: ZipArchive } | { problem: Message } {
  if (bytes.length === 0) {
    return {
      problem: reject(
        file,
        "tệp rỗng (0 byte); hãy đề nghị đơn vị gửi lại tệp",
        "the file is empty (0 bytes); ask the unit to send the file again",
      ),
    };
  }
  if (bytes.length > MAX_SUBMISSION_BYTES) return { problem: tooLarge(file, bytes.length) };
  if (startsWith(bytes, OLE_MAGIC)) return { problem: describeOle(file, bytes) };
  if (!startsWith(bytes, ZIP_MAGIC) && !startsWith(bytes, EMPTY_ZIP_MAGIC)) return { problem: describeOther(file, bytes) };
  const zip = ZipArchive.open(bytes);
  if (!zip) return { problem: damagedZip(file) };
  // Excel opens no package without its list of parts: such a file was damaged or put together by hand.
  if (zip.has("xl/workbook.xml"))
    return zip.has("[Content_Types].xml") ? { zip } : { problem: damagedWorkbook(file, "[Content_Types].xml") };
  const what =
    zip.has("mimetype") && zip.has("content.xml")
      ? { vi: "tệp OpenDocument (.ods/.odt của LibreOffice)", en: "an OpenDocument file (LibreOffice .ods/.odt)" }
      : zip.has("word/document.xml")
        ? { vi: "tài liệu Word (.docx)", en: "a Word document (.docx)" }
        : zip.has("ppt/presentation.xml")
          ? { vi: "tệp PowerPoint (.pptx)", en: "a PowerPoint file (.pptx)" }
          : { vi: "tệp nén .zip", en: "a .zip archive" };
  return {
    problem: reject(
      file,
      `${what.vi}, không phải sổ Excel .xlsx; hãy mở bảng số liệu bằng Excel hoặc LibreOffice và lưu dạng Excel Workbook (.xlsx)`,
      `${what.en}, not an Excel .xlsx workbook; open the table in Excel or LibreOffice and save it as Excel Workbook (.xlsx)`,
    ),
  };
}

function damagedZip(file: string): Message {
  return reject(
    file,
    "tệp .xlsx bị hỏng (không đọc được mục lục của tệp nén; có thể tệp tải về chưa hết); hãy đề nghị đơn vị gửi lại tệp",
    "the .xlsx file is damaged (its zip directory cannot be read; it may not have downloaded completely); ask the unit to send the file again",
  );
}

/** A part of the workbook cannot be read (broken XML, a broken zip entry): the detail names it, or says what is wrong. */
export function damagedWorkbook(file: string, detail: string | Message): Message {
  const d = typeof detail === "string" ? { vi: detail, en: detail } : detail;
  return reject(
    file,
    `tệp .xlsx bị hỏng, không đọc được (${d.vi}); hãy đề nghị đơn vị gửi lại tệp`,
    `the .xlsx file is damaged and cannot be read (${d.en}); ask the unit to send the file again`,
  );
}

/** More data than any appendix holds: reading stopped at the limit, whatever the zip declared. */
export function tooMuchData(file: string, fileSize: number, limit: { bytes: number } | { cells: number }): Message {
  const size = sizeText(fileSize);
  const what =
    "bytes" in limit
      ? { vi: `giải nén ra hơn ${sizeText(limit.bytes).vi}`, en: `unpacks to more than ${sizeText(limit.bytes).en}` }
      : { vi: `có hơn ${formatNumber(limit.cells)} ô`, en: `holds more than ${limit.cells.toLocaleString("en-US")} cells` };
  return reject(
    file,
    `tệp ${size.vi} nhưng ${what.vi}; đã dừng đọc để bảo vệ máy tính — một phụ lục thật nhỏ hơn nhiều, hãy đề nghị đơn vị gửi lại tệp`,
    `the ${size.en} file ${what.en}; reading stopped to protect this computer — a real appendix is far smaller, ask the unit to send the file again`,
  );
}

/** A ZipError as the message for the file. */
export function zipProblem(file: string, fileSize: number, e: ZipError, limit: number): Message {
  return e.kind === "limit" ? tooMuchData(file, fileSize, { bytes: limit }) : damagedWorkbook(file, e.message);
}

/**
 * Before ExcelJS gets the bytes: inflates every entry within EXCELJS_LIMITS and counts the
 * sheets' cells, so that ExcelJS only ever sees what it can hold.
 */
export function checkForExcelJS(
  file: string,
  fileSize: number,
  zip: ZipArchive,
  limits = EXCELJS_LIMITS,
  deadline = new Deadline(limits),
): Message | undefined {
  const budget = new InflateBudget(limits.bytes, () => deadline.check());
  let cells = 0;
  try {
    for (const entry of zip.entries) {
      const data = zip.inflate(entry, budget);
      if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) cells += countCells(data);
    }
  } catch (e) {
    if (e instanceof ZipError) return zipProblem(file, fileSize, e, limits.bytes);
    if (e instanceof TimeLimitError) return tooSlow(file, e.ms);
    throw e;
  }
  return cells > limits.cells ? tooMuchData(file, fileSize, { cells: limits.cells }) : undefined;
}

/** Occurrences of `<c ` / `<c>` / `<c/>` in a sheet's bytes. */
function countCells(b: Uint8Array): number {
  let n = 0;
  for (let i = b.indexOf(0x3c); i >= 0 && i + 2 < b.length; i = b.indexOf(0x3c, i + 1)) {
    if (b[i + 1] === 0x63 && (b[i + 2] === 0x20 || b[i + 2] === 0x3e || b[i + 2] === 0x2f)) n++;
  }
  return n;
}

// ---- OLE compound files: an .xls, or an .xlsx encrypted with a password (MS-CFB, MS-OFFCRYPTO) ----

const FREE_SECTOR = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;

/** The names in an OLE compound file's directory; undefined when the structure cannot be read. */
function oleEntryNames(b: Uint8Array): string[] | undefined {
  if (b.length < 512) return undefined;
  const shift = u16(b, 0x1e);
  if (shift !== 9 && shift !== 12) return undefined;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((b.length - sectorSize) / sectorSize) + 1;
  const sectorStart = (n: number) => (n + 1) * sectorSize;
  const perSector = sectorSize / 4;

  // The sectors that hold the allocation table: 109 listed in the header, the rest in a DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(u32(b, 0x4c + i * 4));
  let difat = u32(b, 0x44);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE_SECTOR; guard++) {
    if (guard > sectorCount || sectorStart(difat) + sectorSize > b.length) return undefined;
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(u32(b, sectorStart(difat) + i * 4));
    difat = u32(b, sectorStart(difat) + (perSector - 1) * 4);
  }
  const fatCount = u32(b, 0x2c);
  const next = (sector: number): number | undefined => {
    const fatSector = fatSectors[Math.floor(sector / perSector)];
    if (Math.floor(sector / perSector) >= fatCount || fatSector === undefined) return undefined;
    const at = sectorStart(fatSector) + (sector % perSector) * 4;
    return at + 4 <= b.length ? u32(b, at) : undefined;
  };

  const names: string[] = [];
  let sector: number | undefined = u32(b, 0x30);
  for (let guard = 0; sector !== END_OF_CHAIN; guard++) {
    if (sector === undefined || guard > sectorCount || sectorStart(sector) + sectorSize > b.length) return undefined;
    for (let entry = sectorStart(sector); entry < sectorStart(sector) + sectorSize; entry += 128) {
      const length = u16(b, entry + 0x40);
      if (length < 2 || length > 64) continue;
      let name = "";
      for (let i = 0; i < length - 2; i += 2) name += String.fromCharCode(u16(b, entry + i));
      names.push(name);
    }
    sector = next(sector);
  }
  return names;
}

function describeOle(file: string, bytes: Uint8Array): Message {
  const names = oleEntryNames(bytes) ?? [];
  if (names.includes("EncryptedPackage") || names.includes("EncryptionInfo")) {
    return reject(
      file,
      "sổ Excel có đặt mật khẩu mở tệp; hãy mở bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu) rồi lưu lại, hoặc đề nghị đơn vị gửi bản không đặt mật khẩu",
      "the workbook is protected with a password to open; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again, or ask the unit for a copy without a password",
    );
  }
  if (names.includes("Workbook") || names.includes("Book")) {
    return reject(
      file,
      "tệp Excel 97-2003 (.xls); hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng Excel Workbook (.xlsx)",
      "an Excel 97-2003 (.xls) file; open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
    );
  }
  return reject(
    file,
    "tệp Office cũ không phải sổ Excel (ví dụ .doc, .ppt) hoặc tệp bị hỏng; hãy lưu bảng số liệu dạng Excel Workbook (.xlsx)",
    "an old Office file that is not an Excel workbook (e.g. .doc, .ppt) or a damaged file; save the table as Excel Workbook (.xlsx)",
  );
}

// ---- anything else: say what it looks like ----

function looksLikeText(sample: Uint8Array): boolean {
  if (sample.includes(0)) return false;
  let printable = 0;
  for (const c of sample) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) printable++;
  if (printable / sample.length >= 0.95) return true;
  // Vietnamese text in UTF-8 is mostly multi-byte: accept it when it decodes cleanly.
  const text = new TextDecoder().decode(sample);
  const bad = text.split("").filter((ch) => ch === "\ufffd" || (ch < " " && !"\t\n\r".includes(ch))).length;
  return bad <= 2; // a cut multi-byte character at the end of the sample
}

function describeOther(file: string, bytes: Uint8Array): Message {
  const sample = bytes.subarray(0, 4096);
  const head = new TextDecoder()
    .decode(sample.subarray(0, 16))
    .replace(/^\ufeff/, "")
    .trimStart();
  if (head.startsWith("%PDF")) {
    return reject(
      file,
      "tệp PDF, không phải sổ Excel .xlsx; hãy đề nghị đơn vị gửi tệp Excel của phụ lục",
      "a PDF file, not an Excel .xlsx workbook; ask the unit for the Excel file of the appendix",
    );
  }
  // UTF-16 too (Excel's "Unicode Text" saved under an .xlsx name), with or without its byte-order mark.
  const decoded = decodeTextFile(sample.subarray(0, sample.length & ~1), file);
  if (looksLikeText(sample) || decoded.ok) {
    const html = (decoded.ok ? decoded.text.trimStart() : head).startsWith("<");
    return reject(
      file,
      `${html ? "trang web (HTML)" : "tệp văn bản (CSV/TXT)"}, không phải sổ Excel .xlsx; hãy mở bằng Excel và lưu lại dạng Excel Workbook (.xlsx)`,
      `${html ? "a web page (HTML)" : "a text file (CSV/TXT)"}, not an Excel .xlsx workbook; open it in Excel and save it as Excel Workbook (.xlsx)`,
    );
  }
  return reject(
    file,
    "không phải tệp Excel .xlsx (không nhận ra nội dung; tệp có thể bị hỏng hoặc sai định dạng); hãy đề nghị đơn vị gửi lại tệp .xlsx",
    "not an Excel .xlsx file (the content is not recognised; the file may be damaged or of another format); ask the unit to send the .xlsx file again",
  );
}
