// Checks on a received file's raw bytes before ExcelJS touches them: what it really is when it is not
// an .xlsx (an .xls, a password-protected workbook, a CSV, random bytes), whether it is too big, and
// whether its zip directory promises far more data than the file holds (a zip bomb), which is refused
// before anything is inflated. Runs in the task pane's Web Worker too: no Node APIs.
import { Message, msg } from "../domain/messages";
import { formatNumber } from "../domain/values";

/** A statistical appendix is tens of kilobytes; 20 MB leaves room for pasted images. */
export const MAX_SUBMISSION_BYTES = 20 * 1024 * 1024;
/** What the zip directory may declare once inflated, in total. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** Declared inflated size over file size. Real workbooks stay far below (measured: 6–8 for ours, written by ExcelJS or LibreOffice). */
export const MAX_ZIP_RATIO = 100;

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
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x100000000;

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

/**
 * Why the bytes cannot be opened as an .xlsx workbook, naming the file and what to do; undefined
 * when they look like an .xlsx whose declared size is safe to inflate.
 */
export function checkReceivedBytes(file: string, bytes: Uint8Array): Message | undefined {
  if (bytes.length === 0) {
    return reject(file, "tệp rỗng (0 byte); hãy đề nghị đơn vị gửi lại tệp", "the file is empty (0 bytes); ask the unit to send the file again");
  }
  if (bytes.length > MAX_SUBMISSION_BYTES) return tooLarge(file, bytes.length);
  if (startsWith(bytes, OLE_MAGIC)) return describeOle(file, bytes);
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) return checkZip(file, bytes);
  return describeOther(file, bytes);
}

// ---- zip: read the central directory from the bytes, as an unzipper would, without inflating ----

interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

function damagedZip(file: string): Message {
  return reject(
    file,
    "tệp .xlsx bị hỏng (không đọc được mục lục của tệp nén; có thể tệp tải về chưa hết); hãy đề nghị đơn vị gửi lại tệp",
    "the .xlsx file is damaged (its zip directory cannot be read; it may not have downloaded completely); ask the unit to send the file again",
  );
}

/** The zip's entries from its central directory; undefined when the directory is missing or broken. */
function zipDirectory(b: Uint8Array): ZipEntry[] | undefined {
  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  let count = u16(b, eocd + 10);
  let offset = u32(b, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    // ZIP64: the real count and offset are in the zip64 end record, found through its locator.
    const locator = eocd - 20;
    if (locator < 0 || u32(b, locator) !== 0x07064b50) return undefined;
    const record = u64(b, locator + 8);
    if (record + 56 > b.length || u32(b, record) !== 0x06064b50) return undefined;
    count = u64(b, record + 32);
    offset = u64(b, record + 48);
  }
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) return undefined;
    let compressed = u32(b, at + 20);
    let uncompressed = u32(b, at + 24);
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    const commentLength = u16(b, at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > b.length) return undefined;
    const name = decoder.decode(b.subarray(at + 46, at + 46 + nameLength));
    if (uncompressed === 0xffffffff || compressed === 0xffffffff) {
      // ZIP64 extra field (id 1): the 8-byte sizes, in this order, for the fields that overflowed.
      const sizes = zip64Sizes(b, at + 46 + nameLength, extraLength);
      if (!sizes) return undefined;
      let i = 0;
      if (uncompressed === 0xffffffff) uncompressed = sizes[i++] ?? NaN;
      if (compressed === 0xffffffff) compressed = sizes[i++] ?? NaN;
      if (Number.isNaN(uncompressed) || Number.isNaN(compressed)) return undefined;
    }
    entries.push({ name, compressed, uncompressed });
    at = end;
  }
  return entries;
}

function zip64Sizes(b: Uint8Array, start: number, length: number): number[] | undefined {
  for (let at = start; at + 4 <= start + length; ) {
    const id = u16(b, at);
    const size = u16(b, at + 2);
    if (id === 0x0001) {
      const sizes: number[] = [];
      for (let i = 0; i + 8 <= size; i += 8) sizes.push(u64(b, at + 4 + i));
      return sizes;
    }
    at += 4 + size;
  }
  return undefined;
}

function checkZip(file: string, bytes: Uint8Array): Message | undefined {
  const entries = zipDirectory(bytes);
  if (!entries) return damagedZip(file);
  const total = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  if (total > MAX_UNZIPPED_BYTES || total / bytes.length > MAX_ZIP_RATIO) {
    const declared = sizeText(total);
    const size = sizeText(bytes.length);
    return reject(
      file,
      `tệp nén khai báo giải nén ra ${declared.vi} từ ${size.vi} (giới hạn: ${MAX_UNZIPPED_BYTES / MB} MB và gấp ${MAX_ZIP_RATIO} lần kích thước tệp); không mở để bảo vệ máy tính — một phụ lục thật không lớn như vậy, hãy đề nghị đơn vị gửi lại tệp`,
      `the zip declares ${declared.en} unpacked from ${size.en} (limits: ${MAX_UNZIPPED_BYTES / MB} MB and ${MAX_ZIP_RATIO} times the file size); not opened, to protect this computer — a real appendix is nowhere near that size, ask the unit to send the file again`,
    );
  }
  const names = new Set(entries.map((e) => e.name.replace(/^\//, "")));
  if (names.has("xl/workbook.xml")) return undefined;
  const what = names.has("mimetype") && names.has("content.xml")
    ? { vi: "tệp OpenDocument (.ods/.odt của LibreOffice)", en: "an OpenDocument file (LibreOffice .ods/.odt)" }
    : names.has("word/document.xml")
      ? { vi: "tài liệu Word (.docx)", en: "a Word document (.docx)" }
      : names.has("ppt/presentation.xml")
        ? { vi: "tệp PowerPoint (.pptx)", en: "a PowerPoint file (.pptx)" }
        : { vi: "tệp nén .zip", en: "a .zip archive" };
  return reject(
    file,
    `${what.vi}, không phải sổ Excel .xlsx; hãy mở bảng số liệu bằng Excel hoặc LibreOffice và lưu dạng Excel Workbook (.xlsx)`,
    `${what.en}, not an Excel .xlsx workbook; open the table in Excel or LibreOffice and save it as Excel Workbook (.xlsx)`,
  );
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
  const head = new TextDecoder().decode(sample.subarray(0, 16)).replace(/^\ufeff/, "").trimStart();
  if (head.startsWith("%PDF")) {
    return reject(file, "tệp PDF, không phải sổ Excel .xlsx; hãy đề nghị đơn vị gửi tệp Excel của phụ lục", "a PDF file, not an Excel .xlsx workbook; ask the unit for the Excel file of the appendix");
  }
  if (looksLikeText(sample)) {
    const html = head.startsWith("<");
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
