// Excel with Vietnamese regional settings: how it shows a cell (decimal comma, dot between
// thousands) and how it reads what a user types ("1.755", "98,4", "83%", "=ROUND(A1;1)").
import { parseVietnameseNumber } from "../../domain/values";

export type CellValue = number | string | boolean | null;

const formats = new Map<string, Intl.NumberFormat>();

function vi(minFraction: number, maxFraction: number, grouping: boolean, minInteger: number): Intl.NumberFormat {
  const key = `${minFraction}/${maxFraction}/${grouping}/${minInteger}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat("vi-VN", {
      minimumFractionDigits: minFraction,
      maximumFractionDigits: maxFraction,
      minimumIntegerDigits: minInteger,
      useGrouping: grouping,
    });
    formats.set(key, f);
  }
  return f;
}

/** Excel's "General": up to 10 significant digits, no grouping, scientific beyond that. */
function general(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9)) {
    const [mantissa, exponent] = n.toExponential(5).split("e");
    const m = mantissa.replace(/\.?0+$/, "").replace(".", ",");
    const e = Number(exponent);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const integerDigits = abs < 1 ? 1 : Math.floor(Math.log10(abs)) + 1;
  return vi(0, Math.max(0, 10 - integerDigits), false, 1).format(n);
}

/** Splits a format on ";" outside quotes. */
function sections(format: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of format) {
    if (ch === '"') quoted = !quoted;
    if (ch === ";" && !quoted) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** One section of a number format ("#,##0", "0.0#", "0%", `#,##0 "đ"`) applied to a number ≥ 0. */
function applySection(n: number, section: string): string {
  let prefix = "";
  let suffix = "";
  let core = "";
  let seenDigit = false;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    let literal: string | undefined;
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      literal = section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
    } else if (ch === "\\") {
      literal = section[++i] ?? "";
    } else if (ch === "_") {
      i++;
      literal = " ";
    } else if (ch === "*") {
      i++;
      literal = "";
    } else if (ch === "[") {
      i = Math.max(i, section.indexOf("]", i));
      literal = "";
    } else if ("0#?.,".includes(ch)) {
      core += ch;
      seenDigit = true;
    } else literal = ch;
    if (literal !== undefined) {
      if (seenDigit) suffix += literal;
      else prefix += literal;
    }
  }
  const percent = (prefix + suffix).includes("%");
  const value = percent ? n * 100 : n;
  if (core === "") return prefix + suffix;
  const [integer, fraction = ""] = core.split(".");
  const grouping = /[0#?],[0#?]/.test(integer);
  const minInteger = Math.max(1, (integer.match(/0/g) ?? []).length);
  const minFraction = (fraction.match(/0/g) ?? []).length;
  const maxFraction = (fraction.match(/[0#?]/g) ?? []).length;
  return prefix + vi(minFraction, maxFraction, grouping, minInteger).format(value) + suffix;
}

function formatNumberAs(n: number, format: string): string {
  const parts = sections(format);
  const chosen = n < 0 && parts.length > 1 ? parts[1] : n === 0 && parts.length > 2 ? parts[2] : parts[0];
  if (/^\s*(general|@)?\s*$/i.test(chosen)) return general(n);
  const text = applySection(Math.abs(n), chosen);
  // A negative number without its own section gets a minus sign, unless it rounds to zero.
  return n < 0 && parts.length < 2 && /[1-9]/.test(text) ? `-${text}` : text;
}

/** What the cell shows: its value through its number format, with the vi-VN separators. */
export function displayText(value: CellValue, numberFormat: string): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  return formatNumberAs(value, numberFormat);
}

/** Maps the parts of a formula outside string literals and quoted sheet names. */
function mapOutsideQuotes(formula: string, map: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*"|'(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : map(part)))
    .join("");
}

/** "=ROUND(A1*0,5;1)" as typed with vi-VN settings → "=ROUND(A1*0.5,1)" as Office.js returns it. */
function delocalizeFormula(formula: string): string {
  return mapOutsideQuotes(formula, (code) => code.replace(/(\d),(\d)/g, "$1.$2").replace(/;/g, ","));
}

/** The reverse, for the formula bar. */
function localizeFormula(formula: string): string {
  return mapOutsideQuotes(formula, (code) => code.replace(/,/g, ";").replace(/(\d)\.(\d)/g, "$1,$2"));
}

type Typed = { kind: "empty" } | { kind: "formula"; formula: string } | { kind: "value"; value: number | string; numberFormat?: string };

const GENERAL = /^general$/i;

/**
 * What Excel (vi-VN) makes of text typed into a cell with the given number format. A text-formatted
 * cell keeps what was typed; "'" forces text; "83%" is 0.83 shown as a percentage (an entry that
 * carries its format overrides the cell's number format, as typed dates do); a thousands separator
 * formats a General cell; a number typed into a percent cell is a percentage (automatic percent
 * entry, KB 215203: "83" → 0.83, "0,1" → 0.001, ",1" → 0.1).
 */
export function parseTyped(text: string, numberFormat: string): Typed {
  if (text === "") return { kind: "empty" };
  if (numberFormat === "@") return { kind: "value", value: text };
  if (text.startsWith("'")) return { kind: "value", value: text.slice(1) };
  if (text.startsWith("=") && text.length > 1) return { kind: "formula", formula: delocalizeFormula(text) };
  const trimmed = text.trim();
  if (trimmed.endsWith("%")) {
    const n = parseVietnameseNumber(trimmed.slice(0, -1));
    if (n !== undefined) {
      const format = numberFormat.includes("%") ? undefined : trimmed.includes(",") ? "0.00%" : "0%";
      return { kind: "value", value: n / 100, ...(format ? { numberFormat: format } : {}) };
    }
  }
  const n = /^[+-]?,\d+$/.test(trimmed) ? parseVietnameseNumber(trimmed.replace(",", "0,")) : parseVietnameseNumber(trimmed);
  if (n === undefined) return { kind: "value", value: text };
  if (numberFormat.includes("%")) return { kind: "value", value: Math.abs(n) < 1 && /^[+-]?,/.test(trimmed) ? n : n / 100 };
  const grouped = /\d\.\d{3}/.test(trimmed);
  const format = grouped && GENERAL.test(numberFormat) ? (trimmed.includes(",") ? "#,##0.00" : "#,##0") : undefined;
  return { kind: "value", value: n, ...(format ? { numberFormat: format } : {}) };
}

/** What Excel puts in the formula bar / cell editor for a cell. */
export function editText(value: CellValue, formula: string | undefined, numberFormat: string): string {
  if (formula !== undefined) return localizeFormula(formula);
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    const percent = numberFormat.includes("%");
    const shown = vi(0, 15, false, 1).format(percent ? Math.round(value * 100 * 1e12) / 1e12 : value);
    return percent ? `${shown}%` : shown;
  }
  // Text that Excel would read as a number or formula is shown with its quote prefix.
  const reread = numberFormat === "@" ? undefined : parseTyped(value, "General");
  return reread && !(reread.kind === "value" && reread.value === value) ? `'${value}` : value;
}
