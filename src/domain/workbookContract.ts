// What other tools may rely on in a workbook we write (documented in the README).
import { METADATA_SHEET } from "./sheet/plan";

export { METADATA_SHEET };

export const GENERATOR = "bieu-mau-cchc";
export const WORKBOOK_FORMAT = "cchc-workbook";
export const WORKBOOK_FORMAT_VERSION = "1";

/** Workbook-level defined name of an indicator's value cell: CT_ + code, non-alphanumerics → "_". */
export function definedNameFor(code: string): string {
  return `CT_${code.replace(/[^A-Za-z0-9]/g, "_")}`;
}

export type WorkbookKind = "submission" | "summary";
