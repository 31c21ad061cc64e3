// The targeted reader for our own workbooks: from the zip it inflates only workbook.xml and its rels,
// sharedStrings, styles.xml (number formats), core.xml, `_cchc` and the sheets the defined names point
// at, and scans each of those sheets once for the cells asked for. It reads a cell the way ExcelJS does
// (readWorkbook.ts stays the reference, a differential test keeps them equal): shared and inline strings,
// rich text, booleans, errors, cached formula results and their absence, shared formulas, number formats
// (percent scaling, dates), `_xHHHH_` escapes, absolute relationship targets (openpyxl writes them).
// No ExcelJS and no Node APIs: the CLI and the task pane's Web Worker both use it.
import { UserError } from "../domain/messages";
import { GRID_COLUMNS, GRID_ROWS, GridCell, GridRange, GridSheet, GridValue } from "../domain/retyped/grid";
import { TemplateRegistry } from "../domain/template/registry";
import { fromCellNumber, RawValue } from "../domain/values";
import { METADATA_SHEET } from "../domain/workbookContract";
import { remembered } from "../domain/text";
import { CellAt, ReadCell, ReadWorkbook, resolveCchcWorkbook, WorkbookSource } from "./cchcWorkbook";
import {
  damagedWorkbook,
  Deadline,
  openReceivedZip,
  OWN_WORKBOOK_LIMITS,
  TimeLimitError,
  tooMuchData,
  tooSlow,
  zipProblem,
} from "./fileGuard";
import { latin1, utf8Piece, utf8Range } from "./xmlBytes";
import { InflateBudget, ZipArchive, ZipError } from "./zip";

/** Thrown when the sheets scanned hold more cells than the limit. */
export class CellLimitError extends Error {
  constructor(readonly cells: number) {
    super(`more than ${cells} cells`);
    this.name = "CellLimitError";
  }
}

// ---- XML text ----

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

const ENTITY = /^(?:#x[0-9a-fA-F]+|#[0-9]+|[a-z]+)$/;

/** What /&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g replaces, without the regex and its callback (every defined name has &apos;). */
function decodeXml(text: string): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = text.indexOf(";", amp + 1);
    if (semi < 0) break;
    const e = text.slice(amp + 1, semi);
    const decoded = ENTITY.test(e) ? entity(e) : undefined;
    if (decoded === undefined) {
      amp = text.indexOf("&", amp + 1);
      continue;
    }
    out += text.slice(from, amp) + decoded;
    from = semi + 1;
    amp = text.indexOf("&", from);
  }
  return out + text.slice(from);
}

function entity(e: string): string | undefined {
  if (e[0] !== "#") return Object.hasOwn(ENTITIES, e) ? ENTITIES[e] : undefined;
  const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** ExcelJS decodes the `_x000D_` escapes of shared strings (not of inline strings). */
function decodeEscapes(text: string): string {
  return text.includes("_x") ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * What /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g finds, name → value (the last one wins), read
 * character by character in one pass: it runs for every wanted cell, and on hostile text the pattern is quadratic.
 */
function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = text.length;
  // A quote never closed is searched for once: each later search would scan to the end again.
  let unclosed = 0;
  for (let at = 0; at < n;) {
    const c = text.charCodeAt(at);
    if (!isNameStart(c)) {
      at++;
      continue;
    }
    let i = at + 1;
    while (i < n && isNameRest(text.charCodeAt(i))) i++;
    const nameEnd = i;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === EQUALS) {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      const bit = quote === DOUBLE_QUOTE ? 1 : quote === SINGLE_QUOTE ? 2 : 0;
      const close = bit && !(unclosed & bit) ? text.indexOf(bit === 1 ? '"' : "'", i + 1) : -1;
      if (close < 0) unclosed |= bit;
      else {
        out[text.slice(at, nameEnd)] = decodeXml(text.slice(i + 1, close));
        at = close + 1;
        continue;
      }
    }
    // No match here: the pattern tries again from the next character (inside the name, where it fails the same way).
    at = nameEnd;
  }
  return out;
}

/** A tag's attributes as attributes() reads them, shared: never changed. */
type Attributes = Readonly<Record<string, string>>;

/** What a cell's tag says of it besides its address: its style (s) and type (t). */
type CellTag = Readonly<{ s?: string; t?: string }>;

/**
 * A cell tag's style and type straight from the scanned text, as attributes() reads them, when the tag
 * is name="value" pairs of plain ASCII (no entity, one space apart), as Excel and every library write
 * them; undefined for any other tag, which attributes() reads. No string is made but the two values.
 */
function plainCellTag(xml: string, start: number, end: number): CellTag | undefined {
  let s: string | undefined;
  let t: string | undefined;
  for (let i = start; i < end;) {
    if (xml.charCodeAt(i) !== SPACE) return undefined;
    const name = ++i;
    if (!isNameStart(xml.charCodeAt(i))) return undefined;
    while (++i < end && isNameRest(xml.charCodeAt(i)));
    if (xml.charCodeAt(i) !== EQUALS || xml.charCodeAt(i + 1) !== DOUBLE_QUOTE) return undefined;
    const value = i + 2;
    const close = xml.indexOf('"', value);
    if (close < 0 || close >= end) return undefined;
    for (let k = value; k < close; k++) {
      const c = xml.charCodeAt(k);
      if (c === AMPERSAND || c >= 0x80) return undefined;
    }
    const letter = i - name === 1 ? xml.charCodeAt(name) : 0;
    if (letter === 0x73) s = xml.slice(value, close);
    else if (letter === 0x74) t = xml.slice(value, close);
    i = close + 1;
  }
  return { s, t };
}

/**
 * A cell's or formula's tag attributes (r="D22" s="5" t="s"), remembered: a form's wanted cells have the same
 * tags in every file (~500 a form; a few forms' worth kept, so a hostile file's millions of tags hold little).
 */
const tagAttributes: (text: string) => Attributes = remembered(attributes, 8192);

const EQUALS = 0x3d;
const SPACE = 0x20;
const AMPERSAND = 0x26;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const isNameStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
/** [\w:.-] */
const isNameRest = (c: number) => isNameChar(c) || c === 0x3a || c === 0x2e || c === 0x2d;
/** \s, as far as XML attributes go (and the rarer Unicode spaces, which \s also takes) */
const isSpace = (c: number) =>
  c === 0x20 ||
  (c >= 0x09 && c <= 0x0d) ||
  c === 0xa0 ||
  c === 0xfeff ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x1680 ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000;

// The XML is scanned in linear time, whatever it holds: patterns such as `<c\b[^>]*>[\s\S]*?</c>` rescan the
// rest of the text from every start when hostile XML never closes its elements (minutes for a few MB).

interface XmlElement {
  attrs: string;
  /** Undefined when self-closed */
  inner?: string;
  start: number;
  end: number;
}

/** XML that cannot be read: a start tag never ended, an element never closed. */
export class XmlError extends Error {
  constructor(readonly tag: string) {
    super(`<${tag}> not closed`);
    this.name = "XmlError";
  }
}

/**
 * Each `<tag …>…</tag>` or `<tag …/>` in order, as /<tag\b([^>]*?)(?:\/>|>([\s\S]*?)<\/tag>)/g matches
 * them in well-formed XML: its attributes and inner text. One pass; an element never closed throws XmlError.
 */
function* elements(xml: string, tag: string): Generator<XmlElement> {
  for (let e = elementFrom(xml, tag, 0); e; e = elementFrom(xml, tag, e.end)) yield e;
}

/** The first such element. */
function firstElement(xml: string, tag: string): XmlElement | undefined {
  return elementFrom(xml, tag, 0);
}

/** The first such element starting at or after `from` (no generator: a wanted cell's value is looked up this way). */
function elementFrom(xml: string, tag: string, from: number): XmlElement | undefined {
  const open = `<${tag}`;
  for (let at = xml.indexOf(open, from); at >= 0; at = xml.indexOf(open, at + 1)) {
    const after = at + open.length;
    if (isNameChar(xml.charCodeAt(after))) continue;
    const gt = xml.indexOf(">", after);
    if (gt < 0) throw new XmlError(tag);
    if (gt > after && xml.charCodeAt(gt - 1) === SLASH) return { attrs: xml.slice(after, gt - 1), start: at, end: gt + 1 };
    const close = `</${tag}>`;
    const end = xml.indexOf(close, gt + 1);
    if (end < 0) throw new XmlError(tag);
    return { attrs: xml.slice(after, gt), inner: xml.slice(gt + 1, end), start: at, end: end + close.length };
  }
  return undefined;
}

/** The text without the given elements. */
function without(xml: string, tag: string): string {
  let out = "";
  let from = 0;
  for (const e of elements(xml, tag)) {
    out += xml.slice(from, e.start);
    from = e.end;
  }
  return out + xml.slice(from);
}

/**
 * A string item (`<si>` or `<is>`): plain text, or the runs' text joined (ExcelJS keeps runs as rich text).
 * ExcelJS decodes `_xHHHH_` in runs and in shared strings, not in an inline string's plain text.
 */
interface StringItem {
  text: string;
  rich: boolean;
}

function stringItem(inner: string, plainEscapes: boolean): StringItem {
  const sole = soleText(inner);
  if (sole !== undefined) return { text: plainEscapes ? decodeEscapes(decodeXml(sole)) : decodeXml(sole), rich: false };
  // Phonetic runs (<rPh>) are not part of the text.
  const body = inner.includes("<rPh") ? without(inner, "rPh") : inner;
  if (/<r\b/.test(body)) {
    let text = "";
    for (const r of elements(body, "r")) for (const t of elements(r.inner ?? "", "t")) text += decodeEscapes(decodeXml(t.inner ?? ""));
    return { text, rich: true };
  }
  let text = "";
  for (const t of elements(body, "t")) text += plainEscapes ? decodeEscapes(decodeXml(t.inner ?? "")) : decodeXml(t.inner ?? "");
  return { text, rich: false };
}

/** The text of an item that is one `<t>` and nothing else (as we and Excel write nearly all of them); undefined otherwise. */
function soleText(inner: string): string | undefined {
  const open = inner.startsWith("<t>") ? 3 : inner.startsWith('<t xml:space="preserve">') ? 24 : 0;
  if (!open || !inner.endsWith("</t>")) return undefined;
  const text = inner.slice(open, -4);
  return text.includes("<") ? undefined : text;
}

const SLASH = 0x2f;

/** A word character (\\w), which the patterns' \\b rules out after a tag name: "<col" is not "<c". */
function isNameChar(c: number): boolean {
  return isDigit(c) || isUpper(c) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Where the address the pattern \\br="([A-Z]+\\d+)" finds in xml[start, end) (a cell's attributes) begins, -1 when none. */
function cellAddressStart(xml: string, start: number, end: number): number {
  for (let at = xml.indexOf('r="', start); at >= 0 && at + 3 < end; at = xml.indexOf('r="', at + 1)) {
    if (at > start && isNameChar(xml.charCodeAt(at - 1))) continue;
    let i = at + 3;
    while (i < end && isUpper(xml.charCodeAt(i))) i++;
    const letters = i;
    while (i < end && isDigit(xml.charCodeAt(i))) i++;
    if (i > letters && letters > at + 3 && xml.charCodeAt(i) === 0x22 && i < end) return at + 3;
  }
  return -1;
}

/** A cell's address from its tag's attributes, as ExcelJS reads it; undefined when it has none of the form D22. */
function writtenAddress(attrs: string): string | undefined {
  const r = tagAttributes(attrs).r;
  return r !== undefined && /^[A-Z]+\d+$/.test(r) ? r : undefined;
}

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Where the address starting at `from` (letters, then digits) ends. */
function addressEnd(text: string, from: number): number {
  let i = from;
  while (isUpper(text.charCodeAt(i))) i++;
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** The column number (A = 1) of the letters starting at `from`. */
function columnAt(text: string, from: number): number {
  let n = 0;
  for (let i = from, c = text.charCodeAt(i); isUpper(c); c = text.charCodeAt(++i)) n = n * 26 + c - 64;
  return n;
}

// ---- numbers and dates, as ExcelJS reads them ----

const BUILT_IN_FORMATS: Record<number, string> = {
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

function isDateFormat(format: string): boolean {
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

// ---- shared formulas: ExcelJS's slideFormula ----

function columnLetters(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function position(address: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { row: Number(m[2]), col: columnAt(m[1], 0) };
}

const SHEET_CHAR = /[a-z_\-0-9]/i;
const REF_CHAR = /[a-z0-9_$]/i;

/**
 * Each match of /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi replaced, in one pass (the pattern itself
 * rescans a long run of letters from each of them): the runs of both kinds are measured once, backwards.
 */
function replaceReferences(
  formula: string,
  replace: (all: string, sheet: string | undefined, part: string, paren: boolean) => string,
): string {
  const n = formula.length;
  const sheetRun = new Int32Array(n + 1);
  const refRun = new Int32Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    sheetRun[i] = SHEET_CHAR.test(formula[i]) ? sheetRun[i + 1] + 1 : 0;
    refRun[i] = REF_CHAR.test(formula[i]) ? refRun[i + 1] + 1 : 0;
  }
  let out = "";
  let copied = 0;
  for (let p = 0; p < n;) {
    let sheet: string | undefined;
    let q = p;
    if (formula[p + sheetRun[p]] === "!") {
      sheet = formula.slice(p, p + sheetRun[p] + 1);
      q = p + sheetRun[p] + 1;
    }
    if (sheet !== undefined && refRun[q] < 2) [sheet, q] = [undefined, p];
    if (refRun[q] < 2) {
      p++;
      continue;
    }
    let end = q + refRun[q];
    const paren = formula[end] === "(";
    if (paren) end++;
    out += formula.slice(copied, p) + replace(formula.slice(p, end), sheet, formula.slice(q, q + refRun[q]), paren);
    copied = p = end;
  }
  return out + formula.slice(copied);
}

function slideFormula(formula: string, from: string, to: string): string {
  const a = position(from);
  const b = position(to);
  return replaceReferences(formula, (all, sheet, part, paren) => {
    if (paren) return all;
    const m = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i.exec(part);
    if (!m) return all;
    const letters = m[2].toUpperCase();
    if (letters.length > 3 || (letters.length === 3 && letters > "XFD")) return all;
    const col = columnAt(letters, 0) + (m[1] ? 0 : b.col - a.col);
    const row = Number(m[4]) + (m[3] ? 0 : b.row - a.row);
    return `${sheet ?? ""}${m[1] ?? ""}${columnLetters(col)}${m[3] ?? ""}${row}`;
  });
}

// ---- the workbook ----

interface Styles {
  /** Number format of each cell style (cellXfs index), undefined for General */
  formats: (string | undefined)[];
}

/** The cell styles' number formats, as styles.xml lists them. */
function parseNumberFormats(xml: string): Styles {
  const custom = new Map<number, string>();
  // Only the cell formats' list: the conditional formats' own (<dxfs>) may reuse the same ids.
  for (const f of elements(firstElement(xml, "numFmts")?.inner ?? "", "numFmt")) {
    const a = attributes(f.attrs);
    // Excel's formats are at most 255 characters: a longer one is no format Excel wrote (General).
    if (a.formatCode !== undefined && a.formatCode.length <= 255) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const xfs = firstElement(xml, "cellXfs")?.inner ?? "";
  const formats = [...elements(xfs, "xf")].map((xf) => {
    const id = Number(attributes(xf.attrs).numFmtId ?? 0);
    return id ? (custom.get(id) ?? BUILT_IN_FORMATS[id]) : undefined;
  });
  return { formats };
}

interface WorkbookParts {
  /** Each sheet's name and part, in workbook order (whether the zip holds the part is each file's own) */
  sheets: [string, string][];
  /** Each defined name's one cell, undefined when it points at none or several */
  names: ReadonlyMap<string, CellAt | undefined>;
  date1904: boolean;
}

// One form sent to many units comes back as many workbooks whose workbook.xml (144 defined names) and
// styles.xml are stored alike: each distinct stored form (compressed bytes, CRC) is inflated and parsed
// once. Equal stored bytes unpack to equal text, so a file gets exactly what parsing its own part would
// give, and its budget is spent as if it had been inflated; a few are kept (a round uses one or two
// templates), and none larger than ours ever are (a hostile file's huge part is not held after it).
const PARTS_KEPT = { texts: 8, chars: 1 << 20 };
const workbookParts = new Map<string, { parsed: WorkbookParts; size: number }>();
const parsedStyles = new Map<string, { parsed: Styles; size: number }>();
// So are the shared strings of its labels (the rows' names, the title block): each distinct item's
// bytes (as latin1) are decoded once, a few forms' worth kept.
const ITEMS_KEPT = { texts: 8192, chars: 2000 };
const sharedItems = new Map<string, StringItem>();

/** Keeps `value` under `key`, the oldest forgotten once `texts` are kept. */
function keep<V>(cache: Map<string, V>, key: string, value: V, texts: number): void {
  if (cache.size >= texts) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

function parsedOnce<T>(cache: Map<string, T>, text: string, parse: () => T, kept: { texts: number; chars: number }): T {
  const known = cache.get(text);
  if (known !== undefined) return known;
  const parsed = parse();
  if (text.length <= kept.chars) keep(cache, text, parsed, kept.texts);
  return parsed;
}

/** The parts' texts ("" for one the zip does not have) parsed, once per distinct stored form of them. */
function storedOnce<T>(
  cache: Map<string, { parsed: T; size: number }>,
  zip: ZipArchive,
  parts: readonly string[],
  budget: InflateBudget,
  parse: (texts: string[]) => T,
): T {
  const keys = parts.map((part) => zip.storedKey(part));
  // Each key with its length: no two lists of keys join to the same text.
  const key = keys.every((k) => k !== undefined) ? keys.map((k) => `${k.length}:${k}`).join("") : undefined;
  const known = key === undefined ? undefined : cache.get(key);
  if (known) {
    budget.spend(known.size);
    return known.parsed;
  }
  const before = budget.used;
  const parsed = parse(parts.map((part) => zip.text(part, budget) ?? ""));
  const size = budget.used - before;
  if (key !== undefined && size <= PARTS_KEPT.chars) keep(cache, key, { parsed, size }, PARTS_KEPT.texts);
  return parsed;
}

/** The cells a scan reads: `has` decides, and no cell outside `columns` (column numbers, A = 1) is one. */
interface WantedCells {
  columns: ReadonlySet<number>;
  has(address: string): boolean;
  /** Percentages as stored (0,984), not as shown (98,4): the retyped-form recogniser scales them itself */
  unscaled?: boolean;
}

/** How a scanned cell was written, besides its value. */
interface CellHow {
  /** Rich text (runs): ExcelJS gives it as an object */
  rich: boolean;
  /** The cell's number format, undefined for General */
  format?: string;
  /** A formula's cell (not one with a hyperlink, which ExcelJS gives as its text) */
  formula: boolean;
}

/** Where a sheet's cells start and end in its part's bytes, and how many had no address. */
interface ScannedSheet {
  bytes: Uint8Array;
  cells: { start: number; end: number };
  unaddressed: number;
}

/** The cells asked for as the scan takes them, per list of addresses (a form's list is the same for each of its files). */
const askedCells = new WeakMap<readonly string[], { want: Set<string>; asked: WantedCells }>();

function wantedCells(addresses: readonly string[]): { want: Set<string>; asked: WantedCells } {
  let cells = askedCells.get(addresses);
  if (!cells) {
    const want = new Set(addresses);
    cells = { want, asked: { columns: new Set(addresses.map((a) => columnAt(a, 0))), has: (a) => want.has(a) } };
    askedCells.set(addresses, cells);
  }
  return cells;
}

class OwnWorkbook implements WorkbookSource {
  private readonly sheetPaths = new Map<string, string>();
  /** Shared with the other workbooks whose workbook.xml is the same text: never changed */
  private readonly names: ReadonlyMap<string, CellAt | undefined>;
  private readonly date1904: boolean;
  /** sharedStrings.xml's bytes and their latin1 text, where each item's inner text starts and ends (two numbers per item), the items parsed */
  private strings?: { bytes: Uint8Array; xml: string; items: number[]; parsed: Map<number, StringItem> };
  private styles?: Styles;
  private cellCount = 0;
  private steps = 0;

  constructor(
    private readonly zip: ZipArchive,
    private readonly budget: InflateBudget,
    private readonly maxCells: number,
    private readonly deadline: Deadline,
  ) {
    const parts = storedOnce(workbookParts, zip, ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"], budget, ([workbook, rels]) =>
      this.workbookParts(workbook, rels),
    );
    for (const [name, part] of parts.sheets) if (zip.has(part) && !this.sheetPaths.has(name)) this.sheetPaths.set(name, part);
    this.names = parts.names;
    this.date1904 = parts.date1904;
  }

  /** What workbook.xml and its rels say: the sheets' parts, the defined names' cells, the date system. */
  private workbookParts(workbook: string, relsXml: string): WorkbookParts {
    const rels = new Map<string, string>();
    for (const r of elements(relsXml, "Relationship")) {
      const a = attributes(r.attrs);
      if (a.Id && a.Target) rels.set(a.Id, a.Target);
    }
    const sheets: [string, string][] = [];
    for (const s of elements(workbook, "sheet")) {
      const a = attributes(s.attrs);
      const target = rels.get(a["r:id"]);
      // As ExcelJS resolves it: relative to xl/, or absolute (/xl/worksheets/sheet1.xml, as openpyxl writes).
      if (a.name !== undefined && target !== undefined) sheets.push([a.name, `xl/${target.replace(/^(\s|\/xl\/)+/, "")}`]);
    }
    const date1904 = [...elements(workbook, "workbookPr")].some((w) => attributes(w.attrs).date1904 === "1");
    const names = new Map<string, Set<string>>();
    for (const d of elements(workbook, "definedName")) {
      this.tick();
      const quoted = /\bname=(?:"([^"]*)"|'([^']*)')/.exec(d.attrs);
      const name = quoted && decodeXml(quoted[1] ?? quoted[2]);
      if (!name || name === "_xlnm.Print_Area" || name === "_xlnm.Print_Titles") continue;
      const cells = names.get(name) ?? new Set<string>();
      for (const at of nameCells(decodeXml(d.inner ?? ""))) cells.add(at);
      names.set(name, cells);
    }
    const oneCell = new Map<string, CellAt | undefined>();
    for (const [name, cells] of names) {
      const [key] = cells;
      const cut = key?.lastIndexOf("!") ?? -1;
      oneCell.set(name, cells.size === 1 ? { sheet: key.slice(0, cut), address: key.slice(cut + 1) } : undefined);
    }
    return { sheets, names: oneCell, date1904 };
  }

  /** Every few thousand elements read: the file's time is checked. */
  private tick(): void {
    if ((++this.steps & 4095) === 0) this.deadline.check();
  }

  /** One more cell or string held: the file's cell budget. */
  private countCell(): void {
    if (++this.cellCount > this.maxCells) throw new CellLimitError(this.maxCells);
    this.tick();
  }

  hasSheet(name: string): boolean {
    return this.sheetPaths.has(name);
  }

  /** docProps/core.xml's modified time (ISO), undefined when absent or not a date. */
  modified(): string | undefined {
    const core = this.zip.text("docProps/core.xml", this.budget);
    const m = core ? firstElement(core, "dcterms:modified")?.inner : undefined;
    const d = m !== undefined && !m.includes("<") ? new Date(decodeXml(m)) : undefined;
    return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
  }

  nameCell(name: string): CellAt | undefined {
    // Shared by the workbooks with this workbook.xml: never changed.
    const at = this.names.get(name);
    return at && this.sheetPaths.has(at.sheet) ? at : undefined;
  }

  metadataRows(): [string, string][] | undefined {
    if (!this.sheetPaths.has(METADATA_SHEET)) return undefined;
    const rows = new Map<number, { key?: RawValue; keyRich?: boolean; value?: RawValue }>();
    this.scan(METADATA_SHEET, { columns: new Set([1, 2]), has: (address) => /^[AB]\d+$/.test(address) }, (address, cell, { rich }) => {
      const row = Number(address.slice(1));
      const entry = rows.get(row) ?? {};
      if (address[0] === "A") {
        entry.key = cell.formula === undefined ? cell.raw : undefined;
        entry.keyRich = rich;
      } else entry.value = cell.raw;
      rows.set(row, entry);
    });
    const out: [string, string][] = [];
    for (const [, r] of [...rows].sort((x, y) => x[0] - y[0])) {
      // ExcelJS gives rich text as an object, not a string: such a key is skipped, as there.
      if (typeof r.key === "string" && r.key !== "" && !r.keyRich)
        out.push([r.key, r.value === null || r.value === undefined ? "" : String(r.value)]);
    }
    return out;
  }

  cells(wanted: ReadonlyMap<string, readonly string[]>): Map<string, Map<string, ReadCell>> {
    const found = new Map<string, Map<string, ReadCell>>();
    for (const [sheet, addresses] of wanted) {
      const { want, asked } = wantedCells(addresses);
      const cells = new Map<string, ReadCell>();
      this.scan(sheet, asked, (address, cell) => cells.set(address, cell));
      for (const address of want) if (!cells.has(address)) cells.set(address, { address, raw: null });
      found.set(sheet, cells);
    }
    return found;
  }

  /**
   * Every worksheet as the retyped-form recogniser takes it, as retypedForm.ts's sheetGrid gets it from
   * ExcelJS: values as stored (percentages unscaled) with their number formats, the cells a merge covers
   * showing its first cell's value (none for a formula's), the first GRID_ROWS rows and GRID_COLUMNS
   * columns. Undefined for what ExcelJS reads its own way (no worksheet at all, a cell without an address,
   * merges that overlap or too many to compare): ExcelJS reads that file.
   */
  grids(): GridSheet[] | undefined {
    // A chart sheet is no worksheet to ExcelJS.
    const worksheets = [...this.sheetPaths].filter(([, part]) => part.includes("/worksheets/"));
    if (worksheets.length === 0) return undefined;
    const columns = new Set(Array.from({ length: GRID_COLUMNS }, (_, i) => i + 1));
    const wanted: WantedCells = { columns, has: (address) => position(address).row <= GRID_ROWS, unscaled: true };
    const sheets: GridSheet[] = [];
    for (const [name] of worksheets) {
      const found = new Map<string, { cell: ReadCell; how: CellHow }>();
      const scanned = this.scan(name, wanted, (address, cell, how) => found.set(address, { cell, how }));
      // A sheet cut short is damaged, as ExcelJS finds it (the scan itself needs only whole cells).
      if (!latin1(scanned.bytes.subarray(-64)).trimEnd().endsWith("worksheet>")) throw new XmlError("worksheet");
      const merges = scanned.unaddressed === 0 ? mergedRanges(scanned) : undefined;
      if (!merges) return undefined;
      // ExcelJS gives each cell a merge covers the merge's first cell's value (not a formula's result), the cell keeping its own format.
      const covered = new Map<string, GridValue | undefined>();
      for (const m of merges) {
        const first = found.get(`${columnLetters(m.left)}${m.top}`);
        const value = first && !first.how.formula ? first.cell.raw : null;
        for (let row = m.top; row <= Math.min(m.bottom, GRID_ROWS); row++)
          for (let col = m.left; col <= Math.min(m.right, GRID_COLUMNS); col++)
            if (row !== m.top || col !== m.left) covered.set(`${columnLetters(col)}${row}`, value);
      }
      const rows: GridCell[][] = [];
      const put = (address: string, value: GridValue | undefined, format: string | undefined) => {
        if (value === null || value === undefined) return;
        const { row, col } = position(address);
        (rows[row - 1] ??= [])[col - 1] = format === undefined ? { value } : { value, numFmt: format };
      };
      for (const [address, { cell, how }] of found) if (!covered.has(address)) put(address, cell.raw, how.format);
      for (const [address, value] of covered) put(address, value, found.get(address)?.how.format);
      sheets.push({ name, rows, merges });
    }
    return sheets;
  }

  /** Shared string `index`; the table is indexed once, an item parsed only when a wanted cell uses it. */
  private sharedString(index: number): StringItem | undefined {
    if (!this.strings) {
      // Scanned as latin1, like a sheet: only the items a wanted cell uses are decoded as UTF-8.
      const bytes = this.zip.read("xl/sharedStrings.xml", this.budget) ?? new Uint8Array(0);
      const xml = latin1(bytes);
      this.strings = { bytes, xml, items: [], parsed: new Map() };
      // As the pattern <si\b([^>]*?)(?:\/>|>([\s\S]*?)<\/si>) finds them: [inner start, inner end], empty when self-closed.
      // Each string counts as a cell: four million tiny strings cost as much to hold as four million cells.
      for (let at = xml.indexOf("<si"); at >= 0; at = xml.indexOf("<si", at)) {
        if (isNameChar(xml.charCodeAt(at + 3))) {
          at += 3;
          continue;
        }
        const tagEnd = xml.indexOf(">", at);
        if (tagEnd < 0) throw new XmlError("si");
        this.countCell();
        if (xml.charCodeAt(tagEnd - 1) === SLASH) {
          this.strings.items.push(tagEnd, tagEnd);
          at = tagEnd + 1;
          continue;
        }
        const close = xml.indexOf("</si>", tagEnd);
        if (close < 0) throw new XmlError("si");
        this.strings.items.push(tagEnd + 1, close);
        at = close + 5;
      }
    }
    const { bytes, xml, items, parsed } = this.strings;
    if (!(index >= 0 && index < items.length / 2)) return undefined;
    let item = parsed.get(index);
    if (!item) {
      const [start, end] = [items[2 * index], items[2 * index + 1]];
      item = sharedItems.get(xml.slice(start, end));
      if (!item) {
        // Kept past this file: decoded afresh from the bytes, not cut from this file's text (which it would keep alive).
        const piece = bytes.subarray(start, end);
        item = parsedOnce(sharedItems, latin1(piece), () => stringItem(utf8Piece(piece), true), ITEMS_KEPT);
      }
      parsed.set(index, item);
    }
    return item;
  }

  private numberFormats(): Styles {
    if (!this.styles) {
      this.styles = storedOnce(parsedStyles, this.zip, ["xl/styles.xml"], this.budget, ([xml]) => parseNumberFormats(xml));
    }
    return this.styles;
  }

  /**
   * One pass over a sheet: every cell is counted (the file's cell budget), the wanted ones are read, and
   * shared-formula masters are remembered so that the cells sharing them get their formula translated.
   */
  private scan(sheet: string, wanted: WantedCells, take: (address: string, cell: ReadCell, how: CellHow) => void): ScannedSheet {
    const part = this.sheetPaths.get(sheet)!;
    const bytes = this.zip.read(part, this.budget) ?? new Uint8Array(0);
    const masters = new Map<string, { address: string; formula: string }>();
    const slaves: { address: string; si: string; cell: ReadCell; how: CellHow }[] = [];
    // The wanted cells, read once the hyperlinks (after the cells) are known.
    const pending: {
      address: string;
      tag: CellTag;
      inner?: string;
      f?: XmlElement;
      fa?: Attributes;
      formula?: string;
    }[] = [];
    // Where the cells start and end in the part's bytes.
    let cellsStart = -1;
    let cellsEnd = 0;
    let unaddressed = 0;
    const window = new TextWindow(bytes);
    // Each <c …/> or <c …>…</c>, as the pattern <c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>) finds them; a cell
    // that runs past the window is looked for again in the next one, which starts where it starts.
    for (let at = 0; ;) {
      const { text: xml, base } = window;
      const open = xml.indexOf("<c", at);
      // No cell after </sheetData> (ExcelJS reads none there), so the rest of the part (a form's conditional
      // formats and validations, a third of its sheet) is not scanned: the text between two "<c" is looked at.
      if (endsCells(xml, at, open < 0 ? xml.length : open)) break;
      if (open < 0) {
        if (window.last) break;
        // A "<" at the window's end may start a cell, its last characters an end of the cells.
        window.moveTo(Math.max(at, xml.length - SHEET_DATA_END.length));
        at = 0;
        continue;
      }
      at = open;
      if (isNameChar(xml.charCodeAt(at + 2))) {
        at += 2; // <col, <cfRule, …
        continue;
      }
      const tagEnd = xml.indexOf(">", at);
      const selfClosed = tagEnd >= 0 && xml.charCodeAt(tagEnd - 1) === SLASH;
      const close = selfClosed || tagEnd < 0 ? tagEnd : xml.indexOf("</c>", tagEnd);
      if (close < 0) {
        if (window.last) throw new XmlError("c");
        window.moveTo(at);
        at = 0;
        continue;
      }
      this.countCell();
      if (cellsStart < 0) cellsStart = base + at;
      const start = at + 2;
      const attrsEnd = selfClosed ? tagEnd - 1 : tagEnd;
      at = selfClosed ? tagEnd + 1 : close + 4;
      cellsEnd = base + at;
      const from = cellAddressStart(xml, start, attrsEnd);
      // An address written otherwise (in single quotes, spaces around "=", a character reference) is read from the tag's attributes.
      const written = from < 0 ? writtenAddress(window.utf8(start, attrsEnd)) : undefined;
      if (from < 0 && written === undefined) {
        unaddressed++;
        continue;
      }
      // Most of a sheet lies in columns with no wanted cell: those cells are not made into text and looked up.
      const inColumns = wanted.columns.has(written === undefined ? columnAt(xml, from) : columnAt(written, 0));
      if (!inColumns && !window.sharesFormulas) continue;
      const address = written ?? xml.slice(from, addressEnd(xml, from));
      const want = inColumns && wanted.has(address);
      if (!want && !(window.sharesFormulas && !selfClosed && SHARED_INDEX.test(xml.slice(tagEnd + 1, close)))) continue;
      const inner = selfClosed ? undefined : window.utf8(tagEnd + 1, close);
      const f = inner === undefined ? undefined : firstElement(inner, "f");
      const fa = f ? tagAttributes(f.attrs) : undefined;
      const formula = f?.inner ? decodeXml(f.inner) : undefined;
      if (fa?.t === "shared" && fa.ref !== undefined && fa.si !== undefined && formula !== undefined)
        masters.set(fa.si, { address, formula });
      if (want)
        pending.push({
          address,
          tag: plainCellTag(xml, start, attrsEnd) ?? tagAttributes(window.utf8(start, attrsEnd)),
          inner,
          f,
          fa,
          formula,
        });
    }
    const span = { start: cellsStart, end: cellsEnd };
    const hyperlinked = linkedCells(bytes, span, this.relationshipIds(part));
    for (const { address, tag, inner, f, fa, formula } of pending) {
      const linked = hyperlinked.has(address);
      const isFormula = f !== undefined && (formula !== undefined || fa?.t !== undefined);
      const format = this.formatOf(tag);
      const { cell, rich } = this.readCell(address, tag, inner, isFormula, formula, linked || wanted.unscaled === true, format);
      if (linked) {
        // ExcelJS shows a linked cell as its text, unscaled, formula or not.
        take(address, { address, raw: cell.raw === null ? null : String(cell.raw) }, { rich: false, format, formula: false });
        continue;
      }
      const how = { rich, format, formula: isFormula };
      if (fa?.t === "shared" && fa.ref === undefined && fa.si !== undefined && formula === undefined)
        slaves.push({ address, si: fa.si, cell, how });
      else take(address, cell, how);
    }
    for (const s of slaves) {
      const master = masters.get(s.si);
      const formula = master ? slideFormula(master.formula, master.address, s.address) : undefined;
      // Not { ...s.cell, formula }: V8 adds a property after a spread the slow way (Excel shares formulas down whole columns).
      take(s.address, Object.assign({}, s.cell, { formula }), s.how);
    }
    return { bytes, cells: span, unaddressed };
  }

  /** The ids of a part's relationships (its _rels part), none when it has none. */
  private relationshipIds(part: string): Set<string> {
    const slash = part.lastIndexOf("/") + 1;
    const ids = new Set<string>();
    for (const r of elements(this.zip.text(`${part.slice(0, slash)}_rels/${part.slice(slash)}.rels`, this.budget) ?? "", "Relationship")) {
      const id = attributes(r.attrs).Id;
      if (id) ids.add(id);
    }
    return ids;
  }

  /** A cell's number format, undefined for General. */
  private formatOf(a: CellTag): string | undefined {
    const style = a.s ? Number(a.s) : 0;
    return style ? this.numberFormats().formats[style] : undefined;
  }

  /** A number as its format shows it: a date, a percentage as shown (98,4) unless `unscaled`. Not a closure in readCell: one per cell read. */
  private number(text: string, format: string | undefined, unscaled: boolean): RawValue {
    const n = parseFloat(text);
    if (format && isDateFormat(format)) return excelToDate(n, this.date1904);
    return unscaled ? n : fromCellNumber(n, format);
  }

  private readCell(
    address: string,
    a: CellTag,
    inner: string | undefined,
    isFormula: boolean,
    formula: string | undefined,
    unscaled: boolean,
    format: string | undefined,
  ): { cell: ReadCell; rich: boolean } {
    const v = inner === undefined ? undefined : firstElement(inner, "v")?.inner;
    if (isFormula) {
      let raw: RawValue = null;
      if (v) {
        const text = decodeXml(v);
        // Text or an error stays what it is in a date-formatted cell (ExcelJS turns it into an invalid date).
        if (a.t === "str") raw = decodeXml(text);
        else if (a.t === "b") raw = parseInt(text, 10) !== 0;
        else if (a.t === "e") raw = text;
        else raw = this.number(text, format, unscaled);
      }
      return { cell: { address, raw, formula }, rich: false };
    }
    if (a.t === "inlineStr") {
      const is = inner === undefined ? undefined : firstElement(inner, "is")?.inner;
      const item = is !== undefined ? stringItem(is, false) : { text: v === undefined ? "" : decodeXml(v), rich: false };
      return { cell: { address, raw: item.text === "" && !item.rich ? null : item.text }, rich: item.rich };
    }
    if (v === undefined || v === "") return { cell: { address, raw: null }, rich: false };
    const text = decodeXml(v);
    switch (a.t) {
      case "s": {
        const item = this.sharedString(parseInt(text, 10));
        return { cell: { address, raw: item ? item.text : null }, rich: item?.rich ?? false };
      }
      case "str":
        return { cell: { address, raw: decodeXml(text) }, rich: false };
      case "b":
        return { cell: { address, raw: parseInt(text, 10) !== 0 }, rich: false };
      case "e":
        return { cell: { address, raw: text }, rich: false };
      default:
        return { cell: { address, raw: this.number(text, format, unscaled) }, rich: false };
    }
  }
}

/**
 * Cells with an external hyperlink, one whose r:id is one of the sheet's relationships (ExcelJS reads those
 * as link text): a sheet without relationships (every form of ours) has none, and its tail is not searched.
 */
function linkedCells(bytes: Uint8Array, cells: { start: number; end: number }, relationships: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (relationships.size === 0) return out;
  for (const h of elements(partTail(bytes, cells, "hyperlinks") ?? "", "hyperlink")) {
    const a = attributes(h.attrs);
    if (relationships.has(a["r:id"]) && a.ref) out.add(a.ref);
  }
  return out;
}

/** More merges than this in one sheet are left to ExcelJS (comparing each with each for overlaps). */
const MERGES_COMPARED = 2000;

/** A sheet's merged ranges in order, undefined when one is unreadable or two overlap (ExcelJS refuses those). */
function mergedRanges(sheet: ScannedSheet): GridRange[] | undefined {
  const ranges: GridRange[] = [];
  for (const m of elements(partTail(sheet.bytes, sheet.cells, "mergeCells") ?? "", "mergeCell")) {
    const ref = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(attributes(m.attrs).ref ?? "");
    if (!ref || ranges.length >= MERGES_COMPARED) return undefined;
    const [a, b] = [Number(ref[2]), Number(ref[4])];
    const [l, r] = [columnAt(ref[1], 0), columnAt(ref[3], 0)];
    const range = { top: Math.min(a, b), left: Math.min(l, r), bottom: Math.max(a, b), right: Math.max(l, r) };
    const overlaps = (o: GridRange) => o.top <= range.bottom && range.top <= o.bottom && o.left <= range.right && range.left <= o.right;
    if (ranges.some(overlaps)) return undefined;
    ranges.push(range);
  }
  return ranges;
}

/**
 * A sheet part's text from its last `<tag` (hyperlinks, merged cells: they follow the cells, so not searched
 * through them, nor before them in a part in order) to its end; undefined when it has none. The cells span
 * bytes [cells.start, cells.end).
 */
function partTail(bytes: Uint8Array, cells: { start: number; end: number }, tag: string): string | undefined {
  const open = `<${tag}`;
  const after = latin1(bytes.subarray(cells.end));
  let tail = -1;
  for (let at = after.indexOf(open); at >= 0; at = after.indexOf(open, at + 1)) tail = at;
  if (tail >= 0) return after.slice(tail);
  if (cells.start <= 0) return undefined;
  // From there to the part's end, cells and all.
  tail = latin1(bytes.subarray(0, cells.start)).lastIndexOf(open);
  return tail < 0 ? undefined : latin1(bytes.subarray(tail));
}

const SHEET_DATA_END = "</sheetData>";

/** Text [from, to) holds the end of the cells: mostly a row's end and the next one's start, not searched past. */
function endsCells(xml: string, from: number, to: number): boolean {
  return to - from >= SHEET_DATA_END.length && xml.slice(from, to).includes(SHEET_DATA_END);
}

/** A shared formula's index attribute, however spaced (si="0", si = '0'), in a cell's inner text. */
const SHARED_INDEX = /\ssi\s*=/;

/**
 * A part's latin1 text a window at a time (the scan moves it on): V8 keeps a string over 128 KB in its
 * large-object space, fresh memory mapped for each (~0,2 ms of page faults for a 250 KB sheet, and the
 * reading threads wait on each other's), where a window's text is allocated like any small string.
 */
class TextWindow {
  static readonly SIZE = 1 << 16;
  text = "";
  /** Where the text starts in the bytes */
  base = 0;
  /** The window reaches the part's end */
  last = false;
  /** The window's text holds "shared" (a shared formula's cell does): only then are cells outside the wanted columns looked at */
  sharesFormulas = false;
  private size = TextWindow.SIZE;
  /** The window's bytes */
  private view: Uint8Array = new Uint8Array(0);

  constructor(private readonly bytes: Uint8Array) {
    this.load(0);
  }

  /** The next window starts at `from` (a position in this one); at its start, nothing fitted, so the window grows. */
  moveTo(from: number): void {
    this.size = from === 0 ? this.size * 2 : TextWindow.SIZE;
    this.load(this.base + from);
  }

  /** Text [start, end) of this window as UTF-8. */
  utf8(start: number, end: number): string {
    return utf8Range(this.view, this.text, start, end);
  }

  private load(base: number): void {
    const end = Math.min(this.bytes.length, base + this.size);
    this.base = base;
    this.view = this.bytes.subarray(base, end);
    this.text = latin1(this.view);
    this.last = end === this.bytes.length;
    this.sharesFormulas = this.text.includes("shared");
  }
}

/**
 * "'Phụ lục'!$D$16" or "Sheet1!$D$16" and nothing else (every CT_ name), as nameCells reads it, without
 * the pattern; undefined for any other text (nameCells then takes the pattern's way).
 */
function oneCell(text: string): string | undefined {
  let sheet: string;
  let at: number;
  if (text.charCodeAt(0) === 0x27) {
    // A quoted name: '' is a quote inside it.
    let i = 1;
    for (; i < text.length; i++) {
      if (text.charCodeAt(i) !== 0x27) continue;
      if (text.charCodeAt(i + 1) === 0x27) i++;
      else break;
    }
    if (i >= text.length) return undefined;
    sheet = text.slice(1, i).replace(/''/g, "'");
    at = i + 1;
  } else {
    at = text.indexOf("!");
    if (at < 0) return undefined;
    sheet = text.slice(0, at);
    if (/['^ !,]/.test(sheet)) return undefined;
  }
  if (text.charCodeAt(at) !== 0x21 || text.charCodeAt(at + 1) !== 0x24) return undefined;
  let i = at + 2;
  const letters = i;
  while (isUpper(text.charCodeAt(i))) i++;
  if (i === letters || text.charCodeAt(i) !== 0x24) return undefined;
  const col = text.slice(letters, i);
  const digits = ++i;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === digits || i !== text.length) return undefined;
  return `${sheet}!${col}${Number(text.slice(digits))}`;
}

/** The cells a defined name's text points at ("'Phụ lục'!$D$14", several separated by commas), as "sheet!A1". */
function nameCells(text: string): string[] {
  const one = oneCell(text);
  if (one !== undefined) return [one];
  const out: string[] = [];
  // No reference to one cell is this long (the pattern below would rescan a long one from each character).
  if (text.length > 1000) return ["", "", ""];
  // Only absolute references count, as in ExcelJS; a quoted sheet name may hold commas.
  // A reference without a sheet counts as a cell no sheet has (ExcelJS keeps it, so the name is not one cell).
  for (const m of text.matchAll(/(?:(?:'((?:[^']|'')*)'|([^'^ !,]*))!)?\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?/g)) {
    const sheet = (m[1] ?? m[2] ?? "").replace(/''/g, "'");
    if (!m[5]) {
      // One cell (every CT_ name): its address as written.
      if (out.length <= 2) out.push(`${sheet}!${m[3]}${Number(m[4])}`);
      continue;
    }
    const [c1, r1] = [columnAt(m[3], 0), Number(m[4])];
    const [c2, r2] = m[5] ? [columnAt(m[5], 0), Number(m[6])] : [c1, r1];
    for (let c = Math.min(c1, c2); c <= Math.max(c1, c2) && out.length <= 2; c++) {
      for (let r = Math.min(r1, r2); r <= Math.max(r1, r2) && out.length <= 2; r++) out.push(`${sheet}!${columnLetters(c)}${r}`);
    }
  }
  return out;
}

export interface OwnWorkbookFile {
  zip: ZipArchive;
  /** Undefined when the workbook has no `_cchc` sheet: not one of ours (perhaps a form retyped by hand). */
  read?: ReadWorkbook;
  /** docProps/core.xml's modified time (ISO) */
  modifiedAt?: string;
  /** Not one of ours: its worksheets for the retyped-form recogniser, undefined when ExcelJS is to read them (OwnWorkbook.grids) */
  grids?: () => GridSheet[] | undefined;
}

/**
 * Reads a received file as one of our workbooks; `read` is undefined when it has no `_cchc` sheet.
 * Throws UserError, naming the file, for what is wrong with it (not an .xlsx, damaged, past its budget).
 */
export function readOwnWorkbook(
  bytes: Uint8Array,
  file: string,
  registry: TemplateRegistry,
  limits = OWN_WORKBOOK_LIMITS,
  deadline = new Deadline(limits),
): OwnWorkbookFile {
  const opened = openReceivedZip(file, bytes);
  if ("problem" in opened) throw new UserError(opened.problem);
  const { zip } = opened;
  const told = <T>(read: () => T): T => {
    try {
      return read();
    } catch (e) {
      if (e instanceof ZipError) throw new UserError(zipProblem(file, bytes.length, e, limits.bytes));
      if (e instanceof CellLimitError) throw new UserError(tooMuchData(file, bytes.length, { cells: limits.cells }));
      if (e instanceof XmlError) throw new UserError(damagedWorkbook(file, `XML ${e.message}`));
      if (e instanceof TimeLimitError) throw new UserError(tooSlow(file, e.ms));
      throw e;
    }
  };
  return told(() => {
    const workbook = new OwnWorkbook(zip, new InflateBudget(limits.bytes, () => deadline.check()), limits.cells, deadline);
    const modifiedAt = workbook.modified();
    if (!workbook.hasSheet(METADATA_SHEET)) return { zip, grids: () => told(() => workbook.grids()), modifiedAt };
    return { zip, read: resolveCchcWorkbook(workbook, file, registry), modifiedAt };
  });
}

/** One of our workbooks, refused when it is not one (for `cchc check` and `export`). */
export function readCchcFile(bytes: Uint8Array, file: string, registry: TemplateRegistry): ReadWorkbook {
  // No `_cchc` sheet: the shared checks give the "not a Biểu mẫu CCHC workbook" message.
  return (
    readOwnWorkbook(bytes, file, registry).read ??
    resolveCchcWorkbook({ metadataRows: () => undefined, nameCell: () => undefined, cells: () => new Map() }, file, registry)
  );
}
