// A sheet plan is a plain description of the indicator sheet: cells, formulas, styles, names,
// validations, protection and print setup. One plan, two renderers (ExcelJS for files, Office.js
// for the open workbook), so both write exactly the same sheet.
import { METADATA_SHEET, type TitleInput } from "../workbookContract";
import type { DerivedLine } from "./titleBlock";

export type HorizontalAlign = "left" | "center" | "right";

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  size?: number;
  align?: HorizontalAlign;
  vertical?: "top" | "middle" | "bottom";
  wrap?: boolean;
  border?: boolean;
  /** Background colour as RRGGBB */
  fill?: string;
  numFmt?: string;
  /** Input cells are unlocked; everything else stays locked under sheet protection. */
  unlocked?: boolean;
}

export interface PlannedCell {
  /** 1-based row and column */
  row: number;
  col: number;
  value?: string | number;
  /** Formula without the leading "=" */
  formula?: string;
  style: CellStyle;
}

export interface DataValidationPlan {
  /** A1 range on the indicator sheet, e.g. "D12" or "D12:D14" */
  range: string;
  type: "list" | "custom";
  /** For list: a comma-separated list; for custom: a formula without "=" */
  formula: string;
  prompt: { title: string; text: string };
  error: { title: string; text: string };
  /** "stop" refuses the value; "warning" lets staff keep it after a question. */
  errorStyle: "stop" | "warning";
}

export interface DefinedNamePlan {
  name: string;
  /** Absolute reference with the quoted sheet name, e.g. 'Phụ lục'!$D$12 */
  ref: string;
}

/** Where an indicator lives on the sheet, for readers and the live check. */
export interface IndicatorCellPlan {
  code: string;
  row: number;
  /** A1 address of the value cell */
  address: string;
  computed: boolean;
  /** The formula the cell must hold when computed (without "="), for formula-integrity checks. */
  formula?: string;
}

/** Formats a range where a formula (relative to the range's top-left cell) is TRUE: a fill, a number format or both. */
export interface ConditionalFormatPlan {
  range: string;
  formula: string;
  /** Fill colour RRGGBB */
  fill?: string;
  /** Number format code (en-US, as Office.js and the file hold it) */
  numFmt?: string;
}

/** The self-check columns: the check text, and the hidden per-row counts by severity. */
export interface CheckColumnsPlan {
  text: number;
  errors: number;
  warnings: number;
  infos: number;
  /** The cell that counts the sheet's errors and warnings (beside the form, never printed). */
  summaryCell: string;
}

/**
 * The title block: the unit types into input cells beside the printed form (outside the print area, so
 * their fill never prints), and the printed lines are formulas over them.
 */
export interface TitleBlockPlan {
  /** A1 address of each input cell (its workbook-level name is TITLE_INPUT_NAMES[key]). */
  inputs: Record<TitleInput, string>;
  /** Printed cells computed from the inputs, for hosts that do not calculate. */
  derived: { address: string; line: DerivedLine }[];
}

export interface SheetPlan {
  sheetName: string;
  columns: { header: string; width: number }[];
  cells: PlannedCell[];
  /** A1 ranges to merge */
  merges: string[];
  rowHeights: { row: number; height: number }[];
  definedNames: DefinedNamePlan[];
  validations: DataValidationPlan[];
  conditionalFormats: ConditionalFormatPlan[];
  checkColumns: CheckColumnsPlan;
  titleBlock: TitleBlockPlan;
  /** Columns hidden from view (the per-row check counts). */
  hiddenColumns: number[];
  /** The printed part of the sheet ("A1:F136"): the form, without the inputs and the check columns. */
  printArea: string;
  indicatorCells: IndicatorCellPlan[];
  /** Last row of the title block + table header; the table header rows repeat on every printed page. */
  headerRows: { first: number; last: number };
  lastRow: number;
  lastCol: number;
  valueCol: number;
  print: {
    paper: "A4";
    orientation: "portrait" | "landscape";
    fitToWidth: true;
    /** Margins in inches (Vietnamese administrative documents: top/bottom 2 cm, left 3 cm, right 1.5 cm). */
    margins: { top: number; bottom: number; left: number; right: number; header: number; footer: number };
    /** Centre footer in Excel's header/footer codes ("Trang &P/&N": page 1 of 3). */
    footer: string;
    /** Excel prints without fills (the input and formula shading stay on screen). */
    blackAndWhite: true;
  };
  font: { name: string; size: number };
  /** Sheet protection without a password: it prevents accidents, it is not security. */
  protect: true;
  metadata: MetadataSheetPlan;
}

export { METADATA_SHEET };

/** "Trang 1/3" centred at the foot of every printed page (Excel's header/footer codes). */
export const PAGE_FOOTER = "Trang &P/&N";
/** Margins of the landscape tables beside the form, in inches (2 cm, 1.5 cm at the sides). */
export const SOURCES_MARGINS = { top: 0.79, bottom: 0.79, left: 0.59, right: 0.59, header: 0.3, footer: 0.3 };

export interface MetadataSheetPlan {
  sheetName: typeof METADATA_SHEET;
  /** Key/value rows; the sheet is very hidden. */
  entries: [string, string][];
}

export function columnLetter(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function address(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function absoluteRef(sheetName: string, row: number, col: number): string {
  return `'${sheetName.replace(/'/g, "''")}'!$${columnLetter(col)}$${row}`;
}

/** Reads back an absolute single-cell reference as absoluteRef writes it ("='Phụ lục'!$D$12", "Sheet1!D12"). */
export function parseCellRef(ref: string): { sheet: string; address: string } | undefined {
  const m = /^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim());
  return m ? { sheet: (m[1] ?? m[2]).replace(/''/g, "'"), address: `${m[3]}${m[4]}` } : undefined;
}

/** "D12" → 1-based row and column. */
export function cellPosition(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(a1);
  if (!m) throw new Error(`not a cell address: ${a1}`);
  const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]), col };
}
