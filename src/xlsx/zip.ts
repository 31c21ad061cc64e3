// Reading a received .xlsx as a zip: its central directory (zip64 too), and only the entries asked for,
// inflated with the bytes counted as they come out. What the headers declare is never trusted: an entry
// stops inflating as soon as the file's budget is spent, so a zip bomb costs at most the budget; and what
// comes out must have the CRC-32 the directory records, so a damaged file is never read as another one.
// Browser-safe (no Node APIs): the task pane's Web Worker reads files with it too. The inflater is
// installed by the program: fflate's in the pane (fflateInflate.ts), node:zlib's in the CLI, which
// then never loads fflate (15–20 ms of its start).
import { latin1, utf8Text } from "./xmlBytes";

export interface ZipEntry {
  /** The name without a leading "/" */
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** CRC-32 of the uncompressed data, as the central directory records it */
  crc: number;
  /** As the directory declares it: a hint, never a limit */
  declaredSize: number;
  localOffset: number;
}

/** Why an entry could not be read: the zip is broken, or it expands past the budget. */
export class ZipError extends Error {
  constructor(
    readonly kind: "damaged" | "limit",
    detail: string,
  ) {
    super(detail);
    this.name = "ZipError";
  }
}

/** Thrown by a budget's step to stop reading the file (its time is up): passed through as it is. */
export class ReadStopped extends Error {}

/** Uncompressed bytes one file may produce, across every entry read from it; `step` is called at each spend (the file's clock). */
export class InflateBudget {
  used = 0;
  constructor(
    readonly limit: number,
    private readonly step?: () => void,
  ) {}
  get left(): number {
    return this.limit - this.used;
  }
  spend(n: number): void {
    this.step?.();
    this.used += n;
    if (this.used > this.limit) throw new ZipError("limit", `more than ${this.limit} bytes unpacked`);
  }
}

/**
 * Inflates raw deflate data, spending every byte that comes out on the budget (which throws once the file's
 * limit is passed, or its time is up); `declaredSize` is the directory's size, a hint only.
 */
export type RawInflater = (data: Uint8Array, budget: InflateBudget, declaredSize: number) => Uint8Array;

let rawInflater: RawInflater | undefined;

/** Installs the program's inflater: fflate's in the task pane (fflateInflate.ts), node:zlib's in the CLI. */
export function setRawInflater(inflater: RawInflater): void {
  rawInflater = inflater;
}

/** CRC-32 (the zip polynomial), by slices of 8 bytes: the browser's; the CLI installs node:zlib's (setCrc32). */
const CRC_TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  return t;
})();

function crc32Js(b: Uint8Array): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = 0;
  for (const end = b.length - 7; i < end; i += 8) {
    const lo = c ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
    c =
      t[1792 + (lo & 0xff)] ^
      t[1536 + ((lo >>> 8) & 0xff)] ^
      t[1280 + ((lo >>> 16) & 0xff)] ^
      t[1024 + (lo >>> 24)] ^
      t[768 + b[i + 4]] ^
      t[512 + b[i + 5]] ^
      t[256 + b[i + 6]] ^
      t[b[i + 7]];
  }
  for (; i < b.length; i++) c = t[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

let crc32: (data: Uint8Array) => number = crc32Js;

/** Installs a faster CRC-32 (the CLI passes node:zlib's crc32); undefined puts back the browser's. */
export function setCrc32(fn: ((data: Uint8Array) => number) | undefined): void {
  crc32 = fn ?? crc32Js;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 0x100000000;
const MAX32 = 0xffffffff;
/** The zip's entries from its central directory; undefined when the directory is missing or broken. */
export function zipDirectory(b: Uint8Array): ZipEntry[] | undefined {
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
  if (count === 0xffff || offset === MAX32) {
    // ZIP64: the real count and offset are in the zip64 end record, found through its locator.
    const locator = eocd - 20;
    if (locator < 0 || u32(b, locator) !== 0x07064b50) return undefined;
    const record = u64(b, locator + 8);
    if (record + 56 > b.length || u32(b, record) !== 0x06064b50) return undefined;
    count = u64(b, record + 32);
    offset = u64(b, record + 48);
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) return undefined;
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    const end = at + 46 + nameLength + extraLength + u16(b, at + 32);
    if (end > b.length) return undefined;
    const entry: ZipEntry = {
      name: utf8Text(b.subarray(at + 46, at + 46 + nameLength)).replace(/^\//, ""),
      flags: u16(b, at + 8),
      method: u16(b, at + 10),
      compressedSize: u32(b, at + 20),
      crc: u32(b, at + 16),
      declaredSize: u32(b, at + 24),
      localOffset: u32(b, at + 42),
    };
    if (entry.declaredSize === MAX32 || entry.compressedSize === MAX32 || entry.localOffset === MAX32) {
      // ZIP64 extra field (id 1): 8-byte values, in this order, for the fields that overflowed.
      const values = zip64Extra(b, at + 46 + nameLength, extraLength);
      if (!values) return undefined;
      let i = 0;
      if (entry.declaredSize === MAX32) entry.declaredSize = values[i++] ?? NaN;
      if (entry.compressedSize === MAX32) entry.compressedSize = values[i++] ?? NaN;
      if (entry.localOffset === MAX32) entry.localOffset = values[i++] ?? NaN;
      if ([entry.declaredSize, entry.compressedSize, entry.localOffset].some(Number.isNaN)) return undefined;
    }
    entries.push(entry);
    at = end;
  }
  return entries;
}

function zip64Extra(b: Uint8Array, start: number, length: number): number[] | undefined {
  for (let at = start; at + 4 <= start + length;) {
    const id = u16(b, at);
    const size = u16(b, at + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let i = 0; i + 8 <= size; i += 8) values.push(u64(b, at + 4 + i));
      return values;
    }
    at += 4 + size;
  }
  return undefined;
}

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    private readonly bytes: Uint8Array,
    readonly entries: readonly ZipEntry[],
  ) {
    for (const e of entries) if (!this.byName.has(e.name)) this.byName.set(e.name, e);
  }

  /** Undefined when the bytes have no readable zip directory. */
  static open(bytes: Uint8Array): ZipArchive | undefined {
    const entries = zipDirectory(bytes);
    return entries ? new ZipArchive(bytes, entries) : undefined;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The entry's bytes, undefined when there is no such entry; throws ZipError when broken or past the budget. */
  read(name: string, budget: InflateBudget): Uint8Array | undefined {
    const entry = this.byName.get(name);
    return entry ? this.inflate(entry, budget) : undefined;
  }

  /** The entry as UTF-8 text. */
  text(name: string, budget: InflateBudget): string | undefined {
    const bytes = this.read(name, budget);
    return bytes && utf8Text(bytes);
  }

  /** The entry's bytes, checked against the CRC-32 the directory records (a flipped bit inflates to other text). */
  inflate(entry: ZipEntry, budget: InflateBudget): Uint8Array {
    const out = this.unpack(entry, budget);
    if (crc32(out) !== entry.crc) throw new ZipError("damaged", `${entry.name}: CRC`);
    return out;
  }

  /**
   * The entry as it is stored, as text: its method, CRC-32 and compressed bytes. Entries with equal keys
   * unpack to the same bytes (inflating is deterministic), so a key can stand for what they unpack to.
   * "" when there is no such entry, undefined when it cannot be unpacked at all.
   */
  storedKey(name: string): string | undefined {
    const entry = this.byName.get(name);
    if (!entry) return "";
    try {
      return `${entry.method} ${entry.crc} ${latin1(this.stored(entry))}`;
    } catch {
      return undefined;
    }
  }

  /** The entry's bytes as stored (compressed), found through its local header. */
  private stored(entry: ZipEntry): Uint8Array {
    const b = this.bytes;
    const at = entry.localOffset;
    if (at + 30 > b.length || u32(b, at) !== 0x04034b50) throw new ZipError("damaged", `${entry.name}: no local header`);
    if (entry.flags & 1) throw new ZipError("damaged", `${entry.name}: encrypted`);
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw new ZipError("damaged", `${entry.name}: truncated`);
    return b.subarray(start, end);
  }

  private unpack(entry: ZipEntry, budget: InflateBudget): Uint8Array {
    const data = this.stored(entry);
    if (entry.method === 0) {
      budget.spend(data.length);
      return data;
    }
    if (entry.method !== 8) throw new ZipError("damaged", `${entry.name}: compression method ${entry.method}`);
    if (!rawInflater) throw new Error("zip: no inflater installed (setRawInflater)");
    try {
      return rawInflater(data, budget, entry.declaredSize);
    } catch (e) {
      if (e instanceof ZipError || e instanceof ReadStopped) throw e;
      throw new ZipError("damaged", `${entry.name}: ${(e as Error).message}`);
    }
  }
}
