// The in-memory workbook behind the host: sheets of sparse cells with values, formulas and layered
// formats (sheet → column → row → cell, the later write winning as in Excel), merges, names,
// stored data validations and conditional formats, protection, print setup, selection and
// change notifications. It never calculates: formula values come from `evaluate`.
import { Area, MAX_COLUMNS, cellAddress, cellCount, contains, formatArea, overlaps, quoteSheet, wholeColumns, wholeRows } from "./address";
import { OfficeError } from "./errors";
import { CellValue } from "./locale";

export type { CellValue };

export interface Border {
  style: string;
  color: string;
  weight: string;
}

export interface Style {
  numberFormat?: string;
  /** "#RRGGBB", or null for no fill */
  fill?: string | null;
  fontName?: string;
  fontSize?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  fontColor?: string;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  locked?: boolean;
  top?: Border;
  bottom?: Border;
  left?: Border;
  right?: Border;
}

export type ResolvedStyle = Required<Omit<Style, "top" | "bottom" | "left" | "right">> & Pick<Style, "top" | "bottom" | "left" | "right">;

const DEFAULT_STYLE: ResolvedStyle = {
  numberFormat: "General",
  fill: null,
  fontName: "Calibri",
  fontSize: 11,
  bold: false,
  italic: false,
  underline: "None",
  fontColor: "#000000",
  horizontal: "General",
  vertical: "Bottom",
  wrap: false,
  locked: true,
};

/** Excel's defaults in points: 8.43 characters of Calibri 11, and 15 pt rows. */
const DEFAULT_COLUMN_WIDTH = 48;
const DEFAULT_ROW_HEIGHT = 15;

interface CellRecord {
  value: CellValue;
  /** With the leading "=", as Office.js returns it */
  formula?: string;
  style: Style;
}

export interface ValidationEntry {
  area: Area;
  rule?: Record<string, unknown>;
  prompt: { showPrompt: boolean; title: string; message: string };
  errorAlert: { showAlert: boolean; style: string; title: string; message: string };
  ignoreBlanks: boolean;
}

export interface ConditionalFormatEntry {
  area: Area;
  type: "Custom";
  formula?: string;
  fill?: string | null;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  numberFormat?: string;
}

export interface PageSetup {
  orientation: string;
  paperSize: string;
  leftMargin: number;
  rightMargin: number;
  topMargin: number;
  bottomMargin: number;
  headerMargin: number;
  footerMargin: number;
  centerHorizontally: boolean;
  centerVertically: boolean;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  printArea?: string;
  printTitleRows?: string;
  printTitleColumns?: string;
  blackAndWhite?: boolean;
  /** The footer's centre part, in Excel's codes ("Trang &P/&N") */
  centerFooter?: string;
}

/** What a change event carries before it is dressed as WorksheetChangedEventArgs. */
export interface Change {
  sheet: Sheet;
  area: Area;
  /** Set when one cell changed, as Excel does */
  before?: CellValue;
  after?: CellValue;
}

export interface ChangeSubscription {
  handler: unknown;
  invoke(change: Change): unknown;
}

export type Evaluate = (sheet: string, address: string, formula: string) => unknown;

const key = (r: number, c: number) => r * MAX_COLUMNS + c;

/** Areas larger than this are walked through their distinct format layers instead of cell by cell. */
const WALK_LIMIT = 200_000;

let idCounter = 0;

function sheetId(): string {
  const n = (++idCounter).toString(16).toUpperCase().padStart(12, "0");
  return `{00000000-0001-0000-0000-${n}}`;
}

export class Sheet {
  readonly id = sheetId();
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  deleted = false;
  readonly cells = new Map<number, CellRecord>();
  readonly rowStyles = new Map<number, Style>();
  readonly colStyles = new Map<number, Style>();
  sheetStyle: Style = {};
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  readonly hiddenColumns = new Set<number>();
  readonly hiddenRows = new Set<number>();
  merges: Area[] = [];
  readonly validations: ValidationEntry[] = [];
  conditionalFormats: ConditionalFormatEntry[] = [];
  protection: { protected: boolean; options: Record<string, unknown>; password?: string } = { protected: false, options: {} };
  frozenRows = 0;
  readonly page: PageSetup = {
    orientation: "Portrait",
    paperSize: "Letter",
    leftMargin: 50.4,
    rightMargin: 50.4,
    topMargin: 54,
    bottomMargin: 54,
    headerMargin: 21.6,
    footerMargin: 21.6,
    centerHorizontally: false,
    centerVertically: false,
    zoom: { scale: 100 },
  };
  readonly changeSubscriptions: ChangeSubscription[] = [];

  constructor(
    readonly workbook: Workbook,
    public name: string,
  ) {}

  record(r: number, c: number): CellRecord | undefined {
    return this.cells.get(key(r, c));
  }

  private ensure(r: number, c: number): CellRecord {
    let rec = this.cells.get(key(r, c));
    if (!rec) {
      rec = { value: null, style: {} };
      this.cells.set(key(r, c), rec);
    }
    return rec;
  }

  styleAt(r: number, c: number): ResolvedStyle {
    const s: ResolvedStyle = Object.assign({}, DEFAULT_STYLE, this.sheetStyle);
    const col = this.colStyles.get(c);
    if (col) Object.assign(s, col);
    const row = this.rowStyles.get(r);
    if (row) Object.assign(s, row);
    const cell = this.record(r, c);
    if (cell) Object.assign(s, cell.style);
    return s;
  }

  /** The cell's value as Office.js `values` has it: constants as stored, formulas as evaluated. */
  valueAt(r: number, c: number): CellValue {
    const rec = this.record(r, c);
    if (!rec) return null;
    return rec.formula !== undefined ? this.workbook.evaluated(this, r, c, rec.formula) : rec.value;
  }

  formulaAt(r: number, c: number): string | undefined {
    return this.record(r, c)?.formula;
  }

  /**
   * Calls `fn` for enough cells of the area to see every distinct (value, format) it holds: each
   * cell of a small area; for whole columns and rows, the stored cells plus one cell per format layer.
   * Stops when `fn` returns true.
   */
  someCell(area: Area, fn: (r: number, c: number) => boolean): boolean {
    if (cellCount(area) <= WALK_LIMIT) {
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) if (fn(r, c)) return true;
      return false;
    }
    for (const k of this.cells.keys()) {
      const r = Math.floor(k / MAX_COLUMNS);
      const c = k % MAX_COLUMNS;
      if (r >= area.r1 && r <= area.r2 && c >= area.c1 && c <= area.c2 && fn(r, c)) return true;
    }
    const styledRows = [...this.rowStyles.keys()].filter((r) => r >= area.r1 && r <= area.r2);
    const styledCols = [...this.colStyles.keys()].filter((c) => c >= area.c1 && c <= area.c2);
    const plainRow = (c: number) => {
      for (let r = area.r1; r <= area.r2; r++) if (!this.rowStyles.has(r) && !this.record(r, c)) return r;
      return undefined;
    };
    // Columns without their own format all look alike; so do rows.
    const firstPlainCol = (() => {
      for (let c = area.c1; c <= area.c2; c++) if (!this.colStyles.has(c)) return c;
      return undefined;
    })();
    const cols = firstPlainCol === undefined ? styledCols : [...styledCols, firstPlainCol];
    for (const c of cols) {
      for (const r of styledRows) if (!this.record(r, c) && fn(r, c)) return true;
      const r = plainRow(c);
      if (r !== undefined && fn(r, c)) return true;
    }
    return false;
  }

  /** One value when the whole area agrees, null otherwise (Office.js's answer for mixed formats). */
  uniform<T>(area: Area, read: (r: number, c: number) => T): T | null {
    let first: { v: T } | undefined;
    const mixed = this.someCell(area, (r, c) => {
      const v = read(r, c);
      if (!first) {
        first = { v };
        return false;
      }
      return JSON.stringify(v) !== JSON.stringify(first.v);
    });
    return mixed || !first ? null : first.v;
  }

  lockedIn(area: Area): boolean {
    return this.someCell(area, (r, c) => this.styleAt(r, c).locked);
  }

  setStyle(area: Area, patch: Style): void {
    const apply = (s: Style) => Object.assign(s, patch);
    const inArea = (k: number) => {
      const r = Math.floor(k / MAX_COLUMNS);
      const c = k % MAX_COLUMNS;
      return r >= area.r1 && r <= area.r2 && c >= area.c1 && c <= area.c2;
    };
    const cols = wholeColumns(area);
    const rows = wholeRows(area);
    if (cols && rows) {
      apply(this.sheetStyle);
      for (const s of [...this.rowStyles.values(), ...this.colStyles.values()]) apply(s);
      for (const rec of this.cells.values()) apply(rec.style);
    } else if (cols || rows) {
      const own = cols ? this.colStyles : this.rowStyles;
      const [from, to] = cols ? [area.c1, area.c2] : [area.r1, area.r2];
      for (let i = from; i <= to; i++) own.set(i, apply({ ...own.get(i) }));
      for (const [k, rec] of this.cells) if (inArea(k)) apply(rec.style);
      // Where a formatted row crosses a formatted column, the later format wins: keep it on the cell.
      const crossing = cols ? this.rowStyles : this.colStyles;
      for (const j of crossing.keys()) {
        for (let i = from; i <= to; i++) apply(cols ? this.ensure(j, i).style : this.ensure(i, j).style);
      }
    } else {
      for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) apply(this.ensure(r, c).style);
    }
    this.workbook.changed();
  }

  /** Writes one cell from Office.js `values`/`formulas` or from typing; null leaves the cell as it is. */
  setContent(r: number, c: number, content: { value: CellValue; formula?: string } | null): void {
    if (content === null) return;
    const rec = this.ensure(r, c);
    rec.value = content.formula !== undefined ? null : content.value;
    if (content.formula !== undefined) rec.formula = content.formula;
    else delete rec.formula;
    this.workbook.changed();
  }

  /** The area of stored cells (with content, or also with formats); undefined on an empty sheet. */
  usedArea(valuesOnly: boolean): Area | undefined {
    let a: Area | undefined;
    for (const [k, rec] of this.cells) {
      if (valuesOnly && rec.value === null && rec.formula === undefined) continue;
      const r = Math.floor(k / MAX_COLUMNS);
      const c = k % MAX_COLUMNS;
      a = a
        ? { r1: Math.min(a.r1, r), c1: Math.min(a.c1, c), r2: Math.max(a.r2, r), c2: Math.max(a.c2, c) }
        : { r1: r, c1: c, r2: r, c2: c };
    }
    return a;
  }

  mergeAt(r: number, c: number): Area | undefined {
    return this.merges.find((m) => r >= m.r1 && r <= m.r2 && c >= m.c1 && c <= m.c2);
  }

  /** Merging keeps the upper-left value only, as Excel does. */
  merge(area: Area, across: boolean): void {
    const parts = across
      ? Array.from({ length: area.r2 - area.r1 + 1 }, (_, i) => ({ ...area, r1: area.r1 + i, r2: area.r1 + i }))
      : [area];
    for (const part of parts) {
      if (cellCount(part) < 2) continue;
      this.merges = this.merges.filter((m) => !overlaps(m, part));
      for (let r = part.r1; r <= part.r2; r++) {
        for (let c = part.c1; c <= part.c2; c++)
          if ((r !== part.r1 || c !== part.c1) && this.record(r, c)) this.setContent(r, c, { value: null });
      }
      this.merges.push(part);
    }
    this.workbook.changed();
  }

  columnWidth(c: number): number {
    return this.columnWidths.get(c) ?? DEFAULT_COLUMN_WIDTH;
  }

  rowHeight(r: number): number {
    return this.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT;
  }

  validationFor(area: Area): ValidationEntry | undefined {
    return this.validations.find((v) => contains(v.area, area));
  }

  /** The entry for exactly this area, made on first use. */
  validationEntry(area: Area): ValidationEntry {
    let entry = this.validations.find((v) => formatArea(v.area) === formatArea(area));
    if (!entry) {
      entry = {
        area,
        prompt: { showPrompt: true, title: "", message: "" },
        errorAlert: { showAlert: true, style: "Stop", title: "", message: "" },
        ignoreBlanks: true,
      };
      this.validations.push(entry);
    }
    return entry;
  }

  clearValidations(area: Area): void {
    for (let i = this.validations.length - 1; i >= 0; i--) if (overlaps(this.validations[i].area, area)) this.validations.splice(i, 1);
    this.workbook.changed();
  }
}

export interface NameEntry {
  name: string;
  comment: string;
  visible: boolean;
  /** A reference to cells of a sheet (kept when the sheet is renamed), or any other formula */
  ref?: { sheet: Sheet; local: string };
  formula?: string;
}

export function nameFormula(n: NameEntry): string {
  if (!n.ref) return n.formula ?? "";
  return `=${n.ref.sheet.deleted ? "#REF!" : `${quoteSheet(n.ref.sheet.name)}!`}${n.ref.local}`;
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;

export class Workbook {
  readonly sheets: Sheet[] = [];
  readonly names: NameEntry[] = [];
  active: Sheet;
  selection: { sheet: Sheet; area: Area };
  /** Bumped when content, formats, sheets or names change (not on selection): formula values are re-evaluated on it */
  version = 0;
  private notifyPending = false;
  private readonly listeners = new Set<() => void>();
  private readonly cache = new Map<string, CellValue>();
  private cacheVersion = -1;
  private readonly evaluating = new Set<string>();
  private pendingChanges: Change[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private dispatchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    sheetNames: string[],
    private readonly evaluate?: Evaluate,
  ) {
    for (const name of sheetNames) this.addSheet(name);
    this.active = this.sheets[0];
    this.selection = { sheet: this.active, area: { r1: 0, c1: 0, r2: 0, c2: 0 } };
  }

  findSheet(name: string): Sheet | undefined {
    const wanted = name.toLocaleLowerCase();
    return this.sheets.find((s) => s.name.toLocaleLowerCase() === wanted);
  }

  /** Excel's rules for sheet names: 1–31 characters, none of []:*?/\, no quote at either end, unique. */
  checkSheetName(name: string, location: string, except?: Sheet): void {
    if (name.length === 0 || name.length > 31 || SHEET_NAME_FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw new OfficeError("InvalidArgument", location);
    }
    const other = this.findSheet(name);
    if (other && other !== except) throw new OfficeError("ItemAlreadyExists", location);
  }

  addSheet(name?: string): Sheet {
    let chosen = name;
    if (chosen === undefined) {
      let n = this.sheets.length + 1;
      while (this.findSheet(`Sheet${n}`)) n++;
      chosen = `Sheet${n}`;
    }
    this.checkSheetName(chosen, "WorksheetCollection.add");
    const sheet = new Sheet(this, chosen);
    this.sheets.push(sheet);
    this.changed();
    return sheet;
  }

  visibleSheets(): Sheet[] {
    return this.sheets.filter((s) => s.visibility === "Visible");
  }

  /** Excel keeps at least one visible sheet; the active sheet moves off a sheet that goes away. */
  private leave(sheet: Sheet, location: string): void {
    const others = this.visibleSheets().filter((s) => s !== sheet);
    if (others.length === 0) throw new OfficeError("InvalidOperation", location);
    if (this.active === sheet) {
      const i = this.sheets.indexOf(sheet);
      const next = others.find((s) => this.sheets.indexOf(s) > i) ?? others[others.length - 1];
      this.activate(next);
    }
  }

  deleteSheet(sheet: Sheet): void {
    if (sheet.visibility === "Visible") this.leave(sheet, "Worksheet.delete");
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    sheet.deleted = true;
    this.changed();
  }

  setVisibility(sheet: Sheet, visibility: Sheet["visibility"]): void {
    if (visibility !== "Visible" && sheet.visibility === "Visible") this.leave(sheet, "Worksheet.visibility");
    sheet.visibility = visibility;
    this.changed();
  }

  activate(sheet: Sheet): void {
    if (this.active === sheet) return;
    this.active = sheet;
    if (this.selection.sheet !== sheet) this.selection = { sheet, area: { r1: 0, c1: 0, r2: 0, c2: 0 } };
    this.notifyPending = true;
  }

  select(sheet: Sheet, area: Area): void {
    this.activate(sheet);
    this.selection = { sheet, area };
    this.notifyPending = true;
  }

  findName(name: string): NameEntry | undefined {
    const wanted = name.toLocaleLowerCase();
    return this.names.find((n) => n.name.toLocaleLowerCase() === wanted);
  }

  /** A formula's value from the workbench's engine; a cell that depends on itself shows 0, as in Excel. */
  evaluated(sheet: Sheet, r: number, c: number, formula: string): CellValue {
    if (!this.evaluate) return null;
    if (this.cacheVersion !== this.version) {
      this.cache.clear();
      this.cacheVersion = this.version;
    }
    const k = `${sheet.id}!${r}:${c}`;
    if (this.cache.has(k)) return this.cache.get(k)!;
    if (this.evaluating.has(k)) return 0;
    this.evaluating.add(k);
    try {
      const v = this.evaluate(sheet.name, cellAddress(r, c), formula);
      const value: CellValue =
        typeof v === "number" ? (Number.isFinite(v) ? v : "#NUM!") : typeof v === "string" || typeof v === "boolean" ? v : null;
      this.cache.set(k, value);
      return value;
    } finally {
      this.evaluating.delete(k);
    }
  }

  changed(): void {
    this.version++;
    this.notifyPending = true;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells subscribers once per batch of changes (a sync, a typed cell, a click). */
  notify(): void {
    if (!this.notifyPending) return;
    this.notifyPending = false;
    for (const l of [...this.listeners]) l();
  }

  /** Queues a WorksheetChanged event; Excel raises it after the change, not inside it. */
  raiseChange(change: Change): void {
    this.pendingChanges.push(change);
    this.dispatchTimer ??= setTimeout(() => this.dispatch(), 0);
  }

  private dispatch(): void {
    this.dispatchTimer = undefined;
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    for (const change of changes) {
      if (change.sheet.deleted) continue;
      for (const sub of [...change.sheet.changeSubscriptions]) {
        const p = Promise.resolve()
          .then(() => sub.invoke(change))
          .catch((e: unknown) => console.error("In-memory Excel host: an onChanged handler failed", e));
        this.inFlight.add(p);
        void p.finally(() => this.inFlight.delete(p));
      }
    }
  }

  /** Resolves once raised events have been delivered and their handlers have settled. */
  async idle(): Promise<void> {
    while (this.dispatchTimer !== undefined || this.pendingChanges.length > 0 || this.inFlight.size > 0) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 0));
    }
  }
}
