// A small .xlsx writer that streams each sheet's XML into the zip row by row, so that time and memory
// grow with the output whatever its size (ExcelJS holds its whole model and checks every new merge
// against all earlier ones: quadratic in the merges of a sources sheet with thousands of rows). It
// writes only what our workbooks use: shared strings, numbers, formulas with their cached results,
// cell styles, merges, row heights, columns, conditional fills, data validations, sheet protection,
// page setup and defined names. No Node APIs (fflate), like the rest of src/xlsx.
import { Zip, ZipDeflate, ZipInputFile } from "fflate";
import { columnLetter } from "../domain/sheet/plan";

export interface XlsxStyle {
  /** Undefined: the workbook's default font (Calibri 11). */
  font?: { name: string; size: number; bold?: boolean; italic?: boolean; underline?: boolean };
  horizontal?: "left" | "center" | "right";
  vertical?: "top" | "middle" | "bottom";
  wrap?: boolean;
  /** A thin black border on every side. */
  border?: boolean;
  /** Solid background, RRGGBB. */
  fill?: string;
  numFmt?: string;
  /** Unlocked cells stay editable under sheet protection. */
  unlocked?: boolean;
  /** Writes applyProtection (as ExcelJS does for every cell given a protection). */
  protection?: boolean;
}

export interface XlsxCell {
  col: number;
  /** A string is always text, never a formula, whatever it looks like. */
  value?: string | number;
  /** Without "="; `value` is then its cached result. */
  formula?: string;
  /** A style id from XlsxWriter.style; 0 (the default style) when undefined. */
  style?: number;
}

export interface XlsxColumn {
  width?: number;
  hidden?: boolean;
  style?: number;
}

export interface XlsxSheetOptions {
  name: string;
  state?: "visible" | "hidden" | "veryHidden";
  /** Index i describes column i + 1. */
  columns?: XlsxColumn[];
  defaultRowHeight?: number;
  /** Rows and columns kept in view while scrolling (the table header, the unit names). */
  frozenRows?: number;
  frozenColumns?: number;
  /** Used part of the sheet, e.g. "A1:O136". */
  dimension?: string;
  page?: {
    paperSize?: number;
    orientation: "portrait" | "landscape";
    fitToWidth?: number;
    fitToHeight?: number;
    horizontalCentered?: boolean;
    blackAndWhite?: boolean;
    /** Print scale in percent, for a sheet not fitted to the page. */
    scale?: number;
    margins?: { top: number; bottom: number; left: number; right: number; header: number; footer: number };
    /** Centre footer in Excel's header/footer codes. */
    footer?: string;
  };
}

export interface XlsxValidation {
  range: string;
  type: "list" | "custom";
  /** Without "=" (a list as Excel writes it, in quotes). */
  formula: string;
  promptTitle: string;
  prompt: string;
  errorTitle: string;
  error: string;
  errorStyle: "stop" | "warning";
}

/** What follows a sheet's rows in its XML. */
export interface XlsxSheetEnd {
  /** Protection without a password; formatting columns and rows stays allowed. */
  protect?: boolean;
  /** A1 ranges; they must not overlap (not checked: our layouts never overlap them). */
  merges?: Iterable<string>;
  /** A fill (RRGGBB), a number format or both where a formula, relative to the range's top-left cell, is TRUE. */
  conditionalFormats?: { range: string; formula: string; fill?: string; numFmt?: string }[];
  validations?: XlsxValidation[];
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Excel's built-in number formats that our sheets use; any other gets an id from 164 up. */
const BUILTIN_FORMATS: Record<string, number> = { General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49 };
/** Sheet XML is pushed to the deflater in pieces of about this many characters. */
const CHUNK = 1 << 18;

/** A zip entry that compresses what is pushed into it (fflate's ZipDeflate, or Node's zlib in the CLI: src/cli/nativeZip.ts). */
export interface ZipEntry extends ZipInputFile {
  push(chunk: Uint8Array, final?: boolean): void;
}

/** fflate, in the browser and wherever nothing faster is given. */
export const fflateEntry = (filename: string): ZipEntry => new ZipDeflate(filename, { level: 3 });

/** A part's bytes already deflated elsewhere (the CLI's units sheet, on its thread): the stream, the bytes' CRC-32 and size. */
export interface DeflatedPart {
  deflated: Uint8Array<ArrayBuffer>;
  crc: number;
  size: number;
}

/** A zip entry in its place among the others whose bytes come later, to deflate (`raw`'s entry does) or deflated. */
class LaterEntry implements ZipInputFile {
  crc = 0;
  size = 0;
  readonly compression = 8;
  ondata?: ZipEntry["ondata"];
  mtime?: Date;
  constructor(
    readonly filename: string,
    private readonly raw: (filename: string) => ZipEntry,
  ) {}

  put(part: Uint8Array | DeflatedPart): void {
    if (!(part instanceof Uint8Array)) {
      [this.crc, this.size] = [part.crc, part.size];
      this.ondata!(null, part.deflated, true);
      return;
    }
    const entry = this.raw(this.filename);
    entry.ondata = (error, data, final) => {
      if (final) [this.crc, this.size] = [entry.crc, entry.size];
      this.ondata!(error, data, final);
    };
    entry.push(part, true);
  }
}

/**
 * XML text: the five entities escaped, and what XML 1.0 cannot hold dropped (control characters, as ExcelJS
 * does; the noncharacters U+FFFE and U+FFFF and half a surrogate pair, which Excel and openpyxl refuse).
 */
export function xmlText(text: string): string {
  ESCAPED.lastIndex = 0;
  return ESCAPED.test(text) ? text.replace(ESCAPED, (ch) => ENTITIES[ch] ?? "") : text;
}
const ESCAPED =
  // eslint-disable-next-line no-control-regex -- control characters are what is dropped
  /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

const attrs = (pairs: Record<string, string | number | undefined>) =>
  Object.entries(pairs)
    .map(([k, v]) => (v === undefined ? "" : ` ${k}="${xmlText(String(v))}"`))
    .join("");

/** The style table (fonts, fills, borders, number formats, cell formats, conditional fills), deduplicated. */
class Styles {
  private fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  private fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private borders = ["<border><left/><right/><top/><bottom/><diagonal/></border>"];
  private formats: string[] = [];
  private xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private dxfs: string[] = [];
  private index = new Map<string, number>();

  /** Each list's entries start with their own tag, so one index serves them all. */
  private id(list: string[], xml: string): number {
    let i = this.index.get(xml);
    if (i === undefined) {
      i = list.push(xml) - 1;
      this.index.set(xml, i);
    }
    return i;
  }

  private numFmtId(format: string | undefined): number {
    if (format === undefined) return 0;
    if (format in BUILTIN_FORMATS) return BUILTIN_FORMATS[format];
    const xml = `<numFmt formatCode="${xmlText(format)}"/>`;
    return 164 + this.id(this.formats, xml);
  }

  xf(s: XlsxStyle): number {
    const fontId = s.font
      ? this.id(
          this.fonts,
          `<font>${s.font.bold ? "<b/>" : ""}${s.font.italic ? "<i/>" : ""}${s.font.underline ? "<u/>" : ""}<sz val="${s.font.size}"/><name val="${xmlText(s.font.name)}"/></font>`,
        )
      : 0;
    const fillId = s.fill
      ? this.id(this.fills, `<fill><patternFill patternType="solid"><fgColor rgb="FF${s.fill}"/></patternFill></fill>`)
      : 0;
    const borderSide = (side: string) => `<${side} style="thin"><color rgb="FF000000"/></${side}>`;
    const borderId = s.border
      ? this.id(this.borders, `<border>${["left", "right", "top", "bottom"].map(borderSide).join("")}<diagonal/></border>`)
      : 0;
    const numFmtId = this.numFmtId(s.numFmt);
    const vertical = s.vertical === "middle" ? "center" : s.vertical;
    const aligned = s.horizontal !== undefined || vertical !== undefined || s.wrap;
    const alignment = aligned ? `<alignment${attrs({ horizontal: s.horizontal, vertical, wrapText: s.wrap ? 1 : undefined })}/>` : "";
    const protection = s.unlocked ? '<protection locked="0"/>' : "";
    const applied = attrs({
      applyNumberFormat: numFmtId ? 1 : undefined,
      applyFont: fontId ? 1 : undefined,
      applyFill: fillId ? 1 : undefined,
      applyBorder: borderId ? 1 : undefined,
      applyAlignment: aligned ? 1 : undefined,
      applyProtection: s.protection || s.unlocked ? 1 : undefined,
    });
    const head = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"${applied}`;
    return this.id(this.xfs, alignment || protection ? `${head}>${alignment}${protection}</xf>` : `${head}/>`);
  }

  dxf(format: { fill?: string; numFmt?: string }): number {
    // A dxf's parts in the schema's order: numFmt before fill.
    const numFmt =
      format.numFmt === undefined ? "" : `<numFmt numFmtId="${this.numFmtId(format.numFmt)}" formatCode="${xmlText(format.numFmt)}"/>`;
    const fill =
      format.fill === undefined ? "" : `<fill><patternFill patternType="solid"><bgColor rgb="FF${format.fill}"/></patternFill></fill>`;
    return this.id(this.dxfs, `<dxf>${numFmt}${fill}</dxf>`);
  }

  xml(): string {
    const list = (tag: string, items: string[]) => (items.length ? `<${tag} count="${items.length}">${items.join("")}</${tag}>` : "");
    const formats = this.formats.map((f, i) => f.replace("<numFmt ", `<numFmt numFmtId="${164 + i}" `));
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">${list("numFmts", formats)}${list("fonts", this.fonts)}${list("fills", this.fills)}` +
      `${list("borders", this.borders)}<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `${list("cellXfs", this.xfs)}<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join("")}</dxfs></styleSheet>`
    );
  }
}

/** What a sheet being written takes from its workbook. */
interface SheetBook {
  readonly encoder: TextEncoder;
  letter(col: number): string;
  /** Undefined: the sheet's strings are written in their cells (inline), not in the workbook's shared table */
  sharedString?(text: string): number;
  dxf(format: { fill?: string; numFmt?: string }): number;
}

/** The start of a sheet's XML, up to its first row. */
function sheetHead(o: XlsxSheetOptions, index: number): string {
  const fit = o.page && (o.page.fitToWidth !== undefined || o.page.fitToHeight !== undefined);
  const rows = o.frozenRows ?? 0;
  const cols = o.frozenColumns ?? 0;
  const active = rows && cols ? "bottomRight" : rows ? "bottomLeft" : "topRight";
  const pane =
    rows || cols
      ? `<pane${attrs({ xSplit: cols || undefined, ySplit: rows || undefined })} topLeftCell="${columnLetter(cols + 1)}${rows + 1}" activePane="${active}" state="frozen"/>` +
        `<selection pane="${active}"/>`
      : "";
  const view = `<sheetViews><sheetView workbookViewId="0"${index === 0 ? ' tabSelected="1"' : ""}${pane ? `>${pane}</sheetView>` : "/>"}</sheetViews>`;
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${fit ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : ""}` +
    `${o.dimension ? `<dimension ref="${o.dimension}"/>` : ""}${view}` +
    `<sheetFormatPr defaultRowHeight="${o.defaultRowHeight ?? 15}"${o.defaultRowHeight ? ' customHeight="1"' : ""}/>` +
    `${colsXml(o.columns ?? [])}<sheetData>`
  );
}

/** Page margins, print options and page setup. */
function pageXml(p: XlsxSheetOptions["page"]): string {
  const m = p?.margins ?? { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };
  return (
    `${p?.horizontalCentered ? '<printOptions horizontalCentered="1"/>' : ""}` +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    `<pageSetup${attrs({
      paperSize: p?.paperSize,
      scale: p?.scale,
      orientation: p?.orientation ?? "portrait",
      fitToWidth: p?.fitToWidth,
      fitToHeight: p?.fitToHeight,
      blackAndWhite: p?.blackAndWhite ? 1 : undefined,
    })}/>` +
    `${p?.footer ? `<headerFooter><oddFooter>${xmlText(p.footer)}</oddFooter></headerFooter>` : ""}`
  );
}

/** A text cell's type and value after its reference and style: in the shared table, or inline (kept whole, spaces too). */
function textCell(book: SheetBook, text: string): string {
  if (book.sharedString) return ` t="s"><v>${book.sharedString(text)}</v>`;
  return PRESERVE.test(text)
    ? ` t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is>`
    : ` t="inlineStr"><is><t>${xmlText(text)}</t></is>`;
}
/** Texts whose leading or trailing spaces and line breaks XML would otherwise let go. */
const PRESERVE = /^\s|\n|\s$/;

/** One sheet being written: its rows go straight into the zip, in ascending order. */
export class XlsxSheetWriter {
  private pending: string[] = [];
  private pendingLength = 0;
  private lastRow = 0;
  private ended = false;

  constructor(
    private readonly book: SheetBook,
    private readonly file: Pick<ZipEntry, "push">,
    readonly index: number,
    private readonly options: XlsxSheetOptions,
  ) {
    this.write(sheetHead(options, index));
  }

  private write(xml: string): void {
    this.pending.push(xml);
    this.pendingLength += xml.length;
    if (this.pendingLength >= CHUNK) this.flush(false);
  }

  private flush(final: boolean): void {
    this.file.push(this.book.encoder.encode(this.pending.join("")), final);
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Row `row` (1-based, above every earlier one) with its cells in ascending column order. */
  row(row: number, cells: readonly XlsxCell[], height?: number): void {
    if (row <= this.lastRow) throw new Error(`xlsx writer: row ${row} after row ${this.lastRow}`);
    this.lastRow = row;
    if (cells.length === 0 && height === undefined) return;
    let xml = height === undefined ? `<row r="${row}">` : `<row r="${row}" ht="${height}" customHeight="1">`;
    let lastCol = 0;
    for (const c of cells) {
      if (c.col <= lastCol) throw new Error(`xlsx writer: cell ${columnLetter(c.col)}${row} after column ${columnLetter(lastCol)}`);
      lastCol = c.col;
      const ref = `${this.book.letter(c.col)}${row}`;
      const s = c.style ? ` s="${c.style}"` : "";
      // A non-finite number would be written as <v>Infinity</v>, which no spreadsheet opens: never a cell's value.
      const v = typeof c.value === "number" && !Number.isFinite(c.value) ? undefined : c.value;
      if (c.formula !== undefined) {
        const f = `<f>${xmlText(c.formula)}</f>`;
        if (v === undefined) xml += `<c r="${ref}"${s}>${f}</c>`;
        else if (typeof v === "number") xml += `<c r="${ref}"${s}>${f}<v>${v}</v></c>`;
        else xml += `<c r="${ref}"${s} t="str">${f}<v>${xmlText(v)}</v></c>`;
      } else if (v === undefined) xml += `<c r="${ref}"${s}/>`;
      else if (typeof v === "number") xml += `<c r="${ref}"${s}><v>${v}</v></c>`;
      else xml += `<c r="${ref}"${s}${textCell(this.book, v)}</c>`;
      if (xml.length >= CHUNK) {
        this.write(xml);
        xml = "";
      }
    }
    this.write(`${xml}</row>`);
  }

  /** Closes the rows and writes what follows them. */
  end(tail: XlsxSheetEnd = {}): void {
    if (this.ended) return;
    this.ended = true;
    let xml = "</sheetData>";
    if (tail.protect) xml += '<sheetProtection sheet="1" formatColumns="0" formatRows="0"/>';
    this.write(xml);
    const merges = [...(tail.merges ?? [])];
    if (merges.length > 0) {
      this.write(`<mergeCells count="${merges.length}">`);
      for (const m of merges) this.write(`<mergeCell ref="${m}"/>`);
      this.write("</mergeCells>");
    }
    (tail.conditionalFormats ?? []).forEach((cf, i) => {
      this.write(
        `<conditionalFormatting sqref="${cf.range}"><cfRule type="expression" dxfId="${this.book.dxf(cf)}" priority="${i + 1}">` +
          `<formula>${xmlText(cf.formula)}</formula></cfRule></conditionalFormatting>`,
      );
    });
    const validations = tail.validations ?? [];
    if (validations.length > 0) {
      this.write(`<dataValidations count="${validations.length}">`);
      for (const v of validations) {
        this.write(
          `<dataValidation${attrs({
            type: v.type,
            allowBlank: 1,
            showInputMessage: 1,
            showErrorMessage: 1,
            errorStyle: v.errorStyle,
            errorTitle: v.errorTitle,
            error: v.error,
            promptTitle: v.promptTitle,
            prompt: v.prompt,
            sqref: v.range,
          })}><formula1>${xmlText(v.formula)}</formula1></dataValidation>`,
        );
      }
      this.write("</dataValidations>");
    }
    this.write(pageXml(this.options.page));
    this.write("</worksheet>");
    this.flush(true);
  }
}

/**
 * Writes a workbook part by part: sheets one after the other (each closed before the next begins),
 * then `finish()` adds the shared strings, styles, workbook and package parts and returns the bytes.
 */
export class XlsxWriter implements SheetBook {
  readonly styles = new Styles();
  readonly encoder = new TextEncoder();
  private readonly zip: Zip;
  private readonly chunks: Uint8Array[] = [];
  private readonly strings = new Map<string, number>();
  private stringCount = 0;
  private readonly sheets: XlsxSheetOptions[] = [];
  private readonly names: { name: string; ref: string; sheet?: number }[] = [];
  private current?: XlsxSheetWriter;
  /** Sheets whose bytes are made elsewhere, pushed once they come */
  private readonly parts: Promise<void>[] = [];
  private readonly letters: string[] = [];
  private failure?: Error;
  /** The zip's last bytes are out (at once when its entries compress as they are pushed). */
  private ended = false;
  private onEnded?: () => void;

  /** `modified`: ISO time for the package properties and zip entries (deterministic output). */
  constructor(private readonly options: { creator: string; modified: string; zipEntry?: (filename: string) => ZipEntry }) {
    this.zip = new Zip((err, data, final) => {
      if (err) this.failure = err;
      else this.chunks.push(data);
      if (err || final) {
        this.ended = true;
        this.onEnded?.();
      }
    });
  }

  /** The id of a cell style, the same for equal styles. */
  style(s: XlsxStyle): number {
    return this.styles.xf(s);
  }

  letter(col: number): string {
    return (this.letters[col] ??= columnLetter(col));
  }

  sharedString(text: string): number {
    this.stringCount++;
    let i = this.strings.get(text);
    if (i === undefined) {
      i = this.strings.size;
      this.strings.set(text, i);
    }
    return i;
  }

  private part(path: string, xml: string): void {
    const file = this.entry(path);
    file.push(this.encoder.encode(xml), true);
  }

  private entry(path: string): ZipEntry {
    return this.added((this.options.zipEntry ?? fflateEntry)(path));
  }

  /** The file as the zip's next entry, with the workbook's time. */
  private added<F extends ZipInputFile>(file: F): F {
    file.mtime = new Date(this.options.modified);
    this.zip.add(file);
    return file;
  }

  dxf(format: { fill?: string; numFmt?: string }): number {
    return this.styles.dxf(format);
  }

  /** Starts the next sheet (the previous one is ended first). */
  sheet(options: XlsxSheetOptions): XlsxSheetWriter {
    this.current?.end();
    const index = this.sheets.push(options) - 1;
    this.current = new XlsxSheetWriter(this, this.entry(`xl/worksheets/sheet${index + 1}.xml`), index, options);
    return this.current;
  }

  /**
   * The next sheet, its part's bytes made elsewhere (sheetPartBytes, maybe on another thread) from its
   * index: the sheets after it are written meanwhile.
   */
  sheetPart(options: XlsxSheetOptions, bytes: (index: number) => Promise<Uint8Array | DeflatedPart>): number {
    this.current?.end();
    this.current = undefined;
    const index = this.sheets.push(options) - 1;
    const entry = this.added(new LaterEntry(`xl/worksheets/sheet${index + 1}.xml`, this.options.zipEntry ?? fflateEntry));
    this.parts.push(bytes(index).then((part) => entry.put(part)));
    return index;
  }

  /** A workbook-level name, or one local to the sheet at `sheet` (print area and titles). */
  definedName(name: string, ref: string, sheet?: number): void {
    this.names.push({ name, ref, sheet });
  }

  /** The workbook's bytes, its zip entries compressing as they are pushed. */
  finish(): Uint8Array {
    if (this.parts.length > 0) throw new Error("XlsxWriter.finish: sheets made elsewhere; use finished()");
    this.end();
    if (!this.ended) throw new Error("XlsxWriter.finish: entries still compressing; use finished()");
    return this.bytes();
  }

  /** The workbook's bytes once every entry has compressed (entries that compress elsewhere, ThreadPoolZipEntry). */
  async finished(): Promise<Uint8Array> {
    this.end();
    await Promise.all(this.parts);
    if (!this.ended) await new Promise<void>((resolve) => (this.onEnded = resolve));
    return this.bytes();
  }

  private bytes(): Uint8Array {
    if (this.failure) throw this.failure;
    return concat(this.chunks);
  }

  /** The last parts (shared strings, styles, workbook and package parts) after the last sheet. */
  private end(): void {
    this.current?.end();
    const sheets = this.sheets;
    const strings: string[] = ["<sst", ` xmlns="${MAIN_NS}" count="${this.stringCount}" uniqueCount="${this.strings.size}">`];
    for (const text of this.strings.keys())
      strings.push(PRESERVE.test(text) ? `<si><t xml:space="preserve">${xmlText(text)}</t></si>` : `<si><t>${xmlText(text)}</t></si>`);
    strings.push("</sst>");
    const sst = this.entry("xl/sharedStrings.xml");
    sst.push(this.encoder.encode(XML_HEAD + strings.join("")), true);
    this.part("xl/styles.xml", this.styles.xml());
    const names = this.names.map(
      (n) =>
        `<definedName name="${xmlText(n.name)}"${n.sheet === undefined ? "" : ` localSheetId="${n.sheet}"`}>${xmlText(n.ref)}</definedName>`,
    );
    this.part(
      "xl/workbook.xml",
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        sheets
          .map(
            (s, i) =>
              `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}"${s.state && s.state !== "visible" ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`,
          )
          .join("") +
        `</sheets>${names.length ? `<definedNames>${names.join("")}</definedNames>` : ""}<calcPr calcId="171027"/></workbook>`,
    );
    const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
    this.part(
      "xl/_rels/workbook.xml.rels",
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        sheets.map((_, i) => rel(`rId${i + 1}`, "worksheet", `worksheets/sheet${i + 1}.xml`)).join("") +
        rel(`rId${sheets.length + 1}`, "styles", "styles.xml") +
        rel(`rId${sheets.length + 2}`, "sharedStrings", "sharedStrings.xml") +
        "</Relationships>",
    );
    const type = (part: string, kind: string) => `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-${kind}"/>`;
    this.part(
      "[Content_Types].xml",
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        type("/xl/workbook.xml", "officedocument.spreadsheetml.sheet.main+xml") +
        sheets.map((_, i) => type(`/xl/worksheets/sheet${i + 1}.xml`, "officedocument.spreadsheetml.worksheet+xml")).join("") +
        type("/xl/styles.xml", "officedocument.spreadsheetml.styles+xml") +
        type("/xl/sharedStrings.xml", "officedocument.spreadsheetml.sharedStrings+xml") +
        type("/docProps/core.xml", "package.core-properties+xml") +
        type("/docProps/app.xml", "officedocument.extended-properties+xml") +
        "</Types>",
    );
    this.part(
      "_rels/.rels",
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        rel("rId1", "officeDocument", "xl/workbook.xml") +
        `<Relationship Id="rId2" Type="${PKG_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>` +
        rel("rId3", "extended-properties", "docProps/app.xml") +
        "</Relationships>",
    );
    const time = new Date(this.options.modified).toISOString().replace(/\.\d{3}Z$/, "Z");
    this.part(
      "docProps/core.xml",
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:creator>${xmlText(this.options.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${time}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${time}</dcterms:modified></cp:coreProperties>`,
    );
    this.part(
      "docProps/app.xml",
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
        `<Application>${xmlText(this.options.creator)}</Application></Properties>`,
    );
    this.zip.end();
  }
}

/**
 * A sheet written on its own as its part's bytes (XlsxWriter.sheetPart takes them), its strings in its
 * cells: another thread can write it while this one writes the rest of the workbook. Its styles are ids
 * the workbook gave; it has no conditional formats (they need the workbook's styles).
 */
export function sheetPartBytes(options: XlsxSheetOptions, index: number, write: (sheet: XlsxSheetWriter) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  const letters: string[] = [];
  const book: SheetBook = {
    encoder: new TextEncoder(),
    letter: (col) => (letters[col] ??= columnLetter(col)),
    dxf: () => {
      throw new Error("sheetPartBytes: a conditional format needs the workbook's styles");
    },
  };
  const sheet = new XlsxSheetWriter(book, { push: (chunk) => chunks.push(chunk) }, index, options);
  write(sheet);
  sheet.end();
  return concat(chunks);
}

/** `<cols>`, runs of equal neighbouring columns written as one range. */
function colsXml(columns: XlsxColumn[]): string {
  const key = (c: XlsxColumn) => `${c.width}|${c.hidden}|${c.style}`;
  let xml = "";
  for (let i = 0; i < columns.length;) {
    let j = i;
    while (j + 1 < columns.length && key(columns[j + 1]) === key(columns[i])) j++;
    const c = columns[i];
    if (c.width !== undefined || c.hidden || c.style) {
      xml +=
        `<col min="${i + 1}" max="${j + 1}"${attrs({ width: c.width ?? 9.140625, style: c.style || undefined, hidden: c.hidden ? 1 : undefined })}` +
        `${c.width !== undefined ? ' customWidth="1"' : ""}/>`;
    }
    i = j + 1;
  }
  return xml ? `<cols>${xml}</cols>` : "";
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
