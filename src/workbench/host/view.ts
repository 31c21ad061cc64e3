// The read-only face of the in-memory workbook for the grid and for tests: 1-based rows and
// columns, values as Excel shows them (vi-VN), formats resolved, stored rules as written.
import { Area, cellAddress, formatArea, parseArea } from "./address";
import { CellValue, displayText, editText } from "./locale";
import { Border, ConditionalFormatEntry, PageSetup, Sheet, ValidationEntry, Workbook, nameFormula } from "./model";

export interface CellView {
  /** "D23" */
  address: string;
  /** The value (a formula's value from `evaluate`, null when there is none) */
  value: CellValue;
  /** "=…" as Office.js returns it */
  formula?: string;
  /** What the cell shows */
  text: string;
  /** What the cell editor and the formula bar show (vi-VN separators, "'" before text that looks like a number) */
  editText: string;
  numberFormat: string;
  locked: boolean;
  style: {
    /** "#RRGGBB" or undefined for no fill */
    fill?: string;
    fontName: string;
    /** points */
    fontSize: number;
    bold: boolean;
    italic: boolean;
    color: string;
    horizontal: string;
    vertical: string;
    wrap: boolean;
    borders: { top?: Border; bottom?: Border; left?: Border; right?: Border };
  };
}

export interface MergeView {
  row: number;
  column: number;
  rows: number;
  columns: number;
  address: string;
}

export interface SheetView {
  id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  protected: boolean;
  protectionOptions: Record<string, unknown>;
  frozenRows: number;
  /** Last row and column that hold content, formats or merges (0 on an empty sheet) */
  extent(): { rows: number; columns: number };
  cell(row: number, column: number): CellView;
  cellAt(address: string): CellView;
  /** What the cell holds, formulas not evaluated (value null for a formula or an empty cell): for the engine behind `evaluate` */
  content(address: string): { value: CellValue; formula?: string; numberFormat: string };
  /** Points, as Excel stores them (px = pt × 4/3) */
  columnWidth(column: number): number;
  rowHeight(row: number): number;
  columnHidden(column: number): boolean;
  rowHidden(row: number): boolean;
  merges(): MergeView[];
  /** Stored, not evaluated: the workbench colours cells itself */
  conditionalFormats(): (Omit<ConditionalFormatEntry, "area" | "type"> & { address: string; type: string })[];
  dataValidations(): {
    address: string;
    rule?: Record<string, unknown>;
    prompt: ValidationEntry["prompt"];
    errorAlert: ValidationEntry["errorAlert"];
  }[];
  pageLayout(): PageSetup;
}

export interface WorkbookView {
  /** Changes when content, formats, sheets or names change; a new selection or active sheet leaves it */
  readonly version: number;
  /** Called after every change, selection and active sheet included (a property: useSyncExternalStore takes it as is) */
  subscribe: (listener: () => void) => () => void;
  /** Names of the visible sheets, in tab order */
  visibleSheets(): string[];
  /** All sheets, hidden ones included */
  sheetNames(): string[];
  activeSheet(): string;
  sheet(name: string): SheetView | undefined;
  /** The selected range as Excel would report it ("D23", "A1:B2") */
  selection(): { sheet: string; address: string };
  names(): { name: string; formula: string }[];
}

/** A class rather than a literal: the grid builds thousands per render, and editText is lazy. */
class Cell implements CellView {
  readonly address: string;
  readonly value: CellValue;
  readonly formula?: string;
  readonly text: string;
  readonly numberFormat: string;
  readonly locked: boolean;
  readonly style: CellView["style"];

  constructor(sheet: Sheet, r: number, c: number) {
    const style = sheet.styleAt(r, c);
    this.address = cellAddress(r, c);
    this.value = sheet.valueAt(r, c);
    this.formula = sheet.formulaAt(r, c);
    this.numberFormat = style.numberFormat;
    this.text = displayText(this.value, style.numberFormat);
    this.locked = style.locked;
    this.style = {
      fill: style.fill ?? undefined,
      fontName: style.fontName,
      fontSize: style.fontSize,
      bold: style.bold,
      italic: style.italic,
      color: style.fontColor,
      horizontal: style.horizontal,
      vertical: style.vertical,
      wrap: style.wrap,
      borders: { top: style.top, bottom: style.bottom, left: style.left, right: style.right },
    };
  }

  get editText(): string {
    return editText(this.value, this.formula, this.numberFormat);
  }
}

function sheetView(sheet: Sheet): SheetView {
  const position = (address: string): { r: number; c: number } => {
    const a = parseArea(address);
    if (!a) throw new Error(`not a cell address: ${address}`);
    return { r: a.r1, c: a.c1 };
  };
  const mergeView = (m: Area): MergeView => ({
    row: m.r1 + 1,
    column: m.c1 + 1,
    rows: m.r2 - m.r1 + 1,
    columns: m.c2 - m.c1 + 1,
    address: formatArea(m),
  });
  return {
    id: sheet.id,
    name: sheet.name,
    visibility: sheet.visibility,
    protected: sheet.protection.protected,
    protectionOptions: { ...sheet.protection.options },
    frozenRows: sheet.frozenRows,
    extent() {
      const used = sheet.usedArea(false);
      let rows = used ? used.r2 + 1 : 0;
      let columns = used ? used.c2 + 1 : 0;
      for (const m of sheet.merges) {
        rows = Math.max(rows, m.r2 + 1);
        columns = Math.max(columns, m.c2 + 1);
      }
      return { rows, columns };
    },
    cell: (row, column) => new Cell(sheet, row - 1, column - 1),
    cellAt: (address) => {
      const { r, c } = position(address);
      return new Cell(sheet, r, c);
    },
    content: (address) => {
      const { r, c } = position(address);
      const rec = sheet.record(r, c);
      const numberFormat = sheet.styleAt(r, c).numberFormat;
      return rec?.formula !== undefined ? { value: null, formula: rec.formula, numberFormat } : { value: rec?.value ?? null, numberFormat };
    },
    columnWidth: (column) => sheet.columnWidth(column - 1),
    rowHeight: (row) => sheet.rowHeight(row - 1),
    columnHidden: (column) => sheet.hiddenColumns.has(column - 1),
    rowHidden: (row) => sheet.hiddenRows.has(row - 1),
    merges: () => sheet.merges.map(mergeView),
    conditionalFormats: () => sheet.conditionalFormats.map(({ area, ...rest }) => ({ address: formatArea(area), ...rest })),
    dataValidations: () =>
      sheet.validations.map((v) => ({
        address: formatArea(v.area),
        ...(v.rule ? { rule: structuredClone(v.rule) } : {}),
        prompt: { ...v.prompt },
        errorAlert: { ...v.errorAlert },
      })),
    pageLayout: () => structuredClone(sheet.page),
  };
}

export function workbookView(wb: Workbook): WorkbookView {
  return {
    get version() {
      return wb.version;
    },
    subscribe: (listener) => wb.subscribe(listener),
    visibleSheets: () => wb.visibleSheets().map((s) => s.name),
    sheetNames: () => wb.sheets.map((s) => s.name),
    activeSheet: () => wb.active.name,
    sheet: (name) => {
      const s = wb.findSheet(name);
      return s ? sheetView(s) : undefined;
    },
    selection: () => ({ sheet: wb.selection.sheet.name, address: formatArea(wb.selection.area) }),
    names: () => wb.names.map((n) => ({ name: n.name, formula: nameFormula(n) })),
  };
}
