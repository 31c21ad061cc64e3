// One parser for every value staff type or another file brings ("1.755", "98,4", "83%", "02/02",
// "-", blank), and one formatter that writes numbers the Vietnamese way.
import { Message, msg } from "./messages";
import { Indicator } from "./template/schema";
import { quoted } from "./text";

/** A cell's content as a spreadsheet hands it over. */
export type RawValue = number | string | boolean | Date | null | undefined;

export type ParsedValue =
  /** A number (counts, amounts, percents in 0–100 units, choice codes). `outOf` keeps the y of "x/y". */
  | { status: "value"; value: number; outOf?: number }
  | { status: "text"; text: string }
  /** Blank: the unit has not reported this indicator. */
  | { status: "missing" }
  /** "-": nothing to report / not applicable, which is neither zero nor missing. */
  | { status: "notApplicable" }
  | { status: "invalid"; raw: string; reason: Message };

export const SPREADSHEET_ERRORS = ["#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"];

/** The largest figure a report takes: 15 significant digits, what Excel keeps exactly (sums of them stay finite). */
export const MAX_FIGURE = 1e15;

const DASHES = new Set(["-", "–", "—", "--"]);

/** Vietnamese grouping: dots between thousands, comma before decimals, spaces tolerated in groups. */
const VN_NUMBER = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+(,\d+)?$/;

function label(ind: Pick<Indicator, "code">): string {
  return ind.code;
}

function invalid(raw: string, ind: Pick<Indicator, "code">, vi: string, en: string): ParsedValue {
  return { status: "invalid", raw, reason: msg(`Chỉ tiêu ${label(ind)}: ${vi}`, `Indicator ${label(ind)}: ${en}`) };
}

/** Reads a number written the Vietnamese way; undefined when the text is not such a number. */
export function parseVietnameseNumber(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0]/g, "");
  if (!VN_NUMBER.test(compact)) return undefined;
  return Number(compact.replace(/\./g, "").replace(",", "."));
}

function describeRaw(raw: RawValue): string {
  // A serial no calendar holds (1e308 in a date cell): Excel shows ########.
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? "########" : formatDateValue(raw);
  // A number no spreadsheet holds (1e999, NaN in the cell's XML): Excel shows #NUM!, never "Infinity".
  if (typeof raw === "number" && !Number.isFinite(raw)) return "#NUM!";
  return String(raw);
}

function formatDateValue(d: Date): string {
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
}

/**
 * Parses one cell for one indicator. Never throws: what cannot be read is `invalid` with a reason
 * that names the indicator and says what to type instead.
 */
export function parseValue(raw: RawValue, ind: Pick<Indicator, "code" | "kind" | "options">): ParsedValue {
  if (raw === null || raw === undefined) return { status: "missing" };
  // The usual case, as the steps below end for it.
  if (typeof raw === "number" && Number.isFinite(raw) && (ind.kind === "count" || ind.kind === "amount" || ind.kind === "percent"))
    return { status: "value", value: raw };
  if (typeof raw === "string" && raw.trim() === "") return { status: "missing" };
  const text = describeRaw(raw).trim();

  if (ind.kind === "header") {
    return invalid(
      text,
      ind,
      `dòng tiêu đề không nhập số liệu (đang có ${quoted(text)})`,
      `a heading row holds no value (found ${quoted(text)})`,
    );
  }
  if (typeof raw !== "boolean" && SPREADSHEET_ERRORS.includes(text.toUpperCase())) {
    return invalid(
      text,
      ind,
      `ô đang báo lỗi ${text}; kiểm tra lại công thức hoặc số liệu`,
      `the cell shows the error ${text}; check its formula or inputs`,
    );
  }
  if (ind.kind === "text") return { status: "text", text: text };
  if (typeof raw === "string" && DASHES.has(text)) return { status: "notApplicable" };

  if (raw instanceof Date) {
    return invalid(
      text,
      ind,
      `Excel đã hiểu giá trị thành ngày ${text}; định dạng ô là Số rồi nhập lại con số`,
      `Excel turned the value into the date ${text}; format the cell as Number and type the figure again`,
    );
  }
  if (typeof raw === "boolean") {
    return invalid(text, ind, `giá trị ${text} không phải là số`, `the value ${text} is not a number`);
  }

  const value = typeof raw === "number" ? raw : readNumberText(text, ind);
  if (typeof value === "object") return value;
  if (!Number.isFinite(value)) return invalid(text, ind, `${quoted(text)} không phải là số`, `${quoted(text)} is not a number`);

  if (ind.kind === "choice") return checkChoice(value, text, ind);
  return { status: "value", value, ...(typeof raw === "string" ? outOf(text) : {}) };
}

/** The y of a count written "x/y" ("02/02": 2 of 2 units), kept so that nothing typed is lost. */
function outOf(text: string): { outOf?: number } {
  const m = /^\s*\d+\s*\/\s*(\d+)\s*$/.exec(text);
  return m ? { outOf: Number(m[1]) } : {};
}

function readNumberText(text: string, ind: Pick<Indicator, "code" | "kind" | "options">): number | ParsedValue {
  if (ind.kind === "choice") {
    const byLabel = ind.options?.find((o) => o.label.toLocaleLowerCase("vi") === text.toLocaleLowerCase("vi"));
    if (byLabel) return byLabel.value;
  }
  if (text.endsWith("%")) {
    if (ind.kind !== "percent") {
      return invalid(
        text,
        ind,
        `${quoted(text)} là tỷ lệ nhưng chỉ tiêu này không tính bằng %`,
        `${quoted(text)} is a percentage but this indicator is not in %`,
      );
    }
    const n = parseVietnameseNumber(text.slice(0, -1));
    return (
      n ??
      invalid(
        text,
        ind,
        `${quoted(text)} không phải là tỷ lệ hợp lệ; nhập số như 98,4`,
        `${quoted(text)} is not a valid percentage; type a number such as 98,4`,
      )
    );
  }
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (fraction) {
    if (ind.kind !== "count") {
      return invalid(
        text,
        ind,
        `${quoted(text)} chỉ dùng cho số đếm (x/y); hãy nhập một con số`,
        `${quoted(text)} is only for counts (x of y); type one figure`,
      );
    }
    return Number(fraction[1]);
  }
  const n = parseVietnameseNumber(text);
  if (n !== undefined) return n;
  if (/^[+-]?\d+\.\d{1,2}$|^[+-]?\d+\.\d{4,}$/.test(text)) {
    return invalid(
      text,
      ind,
      `${quoted(text)} không rõ: dấu chấm phân cách hàng nghìn, số thập phân viết bằng dấu phẩy (ví dụ ${text.replace(".", ",")})`,
      `${quoted(text)} is ambiguous: a dot separates thousands, decimals take a comma (e.g. ${text.replace(".", ",")})`,
    );
  }
  return invalid(
    text,
    ind,
    `${quoted(text)} không phải là số; nhập số (ví dụ 1.755 hoặc 98,4), "-" nếu không phát sinh, hoặc để trống nếu chưa có số liệu`,
    `${quoted(text)} is not a number; type a number (e.g. 1.755 or 98,4), "-" if there is nothing to report, or leave it blank if not known yet`,
  );
}

function checkChoice(value: number, text: string, ind: Pick<Indicator, "code" | "options">): ParsedValue {
  const options = ind.options ?? [];
  if (options.some((o) => o.value === value)) return { status: "value", value };
  const list = options.map((o) => `${o.label} = ${o.value}`).join("; ");
  return invalid(text, ind, `${quoted(text)} không thuộc các lựa chọn (${list})`, `${quoted(text)} is not one of the options (${list})`);
}

/**
 * 1755 → "1.755", 98.4 → "98,4", 6786.875 → "6.786,875": at most `maxDecimals` decimals, at least
 * `minDecimals`. Exactly what vi-VN's Intl.NumberFormat writes (rounding half away from zero on the
 * shortest decimal that reads back as the same double, so 1,005 → "1,01"), done by hand: constructing
 * the first Intl.NumberFormat loads ICU's locale data, 25–30 ms of every `cchc` command's start.
 */
export function formatNumber(n: number, maxDecimals = 3, minDecimals = 0): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n < 0 ? "-∞" : "∞";
  const sign = n < 0 || Object.is(n, -0) ? "-" : "";
  if (Number.isSafeInteger(n) && minDecimals === 0) return sign + grouped(String(Math.abs(n)));
  // The shortest decimal of |n| as digits and where its decimal point falls ("1.5e-7": "15", -6).
  const shortest = String(Math.abs(n));
  const e = shortest.indexOf("e");
  const mantissa = e < 0 ? shortest : shortest.slice(0, e);
  const dot = mantissa.indexOf(".");
  let digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let point = (dot < 0 ? mantissa.length : dot) + (e < 0 ? 0 : Number(shortest.slice(e + 1)));
  if (point <= 0) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  if (digits.length < point) digits += "0".repeat(point - digits.length);
  const kept = point + maxDecimals;
  if (digits.length > kept) {
    const roundUp = digits.charCodeAt(kept) >= 53; // "5"
    digits = digits.slice(0, kept);
    if (roundUp) {
      digits = plusOne(digits);
      if (digits.length > kept) point++;
    }
  }
  // Trailing zeros dropped down to the decimals asked for; the whole part is "0" or starts with a non-zero digit.
  let end = digits.length;
  while (end > point + minDecimals && digits.charCodeAt(end - 1) === 48) end--; // "0"
  const fraction = digits.slice(point, end).padEnd(minDecimals, "0");
  const whole = grouped(digits.slice(0, point));
  return sign + (fraction ? `${whole},${fraction}` : whole);
}

/** "1234567" → "1.234.567" */
function grouped(digits: string): string {
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `.${digits.slice(i, i + 3)}`;
  return out;
}

/** "0999" → "1000": a string of decimal digits plus one, carried. */
function plusOne(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === "9") i--;
  return i < 0
    ? `1${"0".repeat(digits.length)}`
    : digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + "0".repeat(digits.length - i - 1);
}

/** A parsed value as a Vietnamese user would read it. */
export function formatParsed(v: ParsedValue): string {
  switch (v.status) {
    case "value":
      return v.outOf !== undefined ? `${formatNumber(v.value)}/${formatNumber(v.outOf)}` : formatNumber(v.value);
    case "text":
      return v.text;
    case "missing":
      return "";
    case "notApplicable":
      return "-";
    case "invalid":
      return v.raw;
  }
}

/**
 * A number as a spreadsheet stores it → the number the user typed: "83%" typed in Excel is stored as
 * 0.83 in a %-formatted cell, while the sheet's rates are in 0–100.
 */
export function fromCellNumber(n: number, numberFormat: string | undefined): number {
  return numberFormat?.includes("%") ? Math.round(n * 100 * 1e9) / 1e9 : n;
}

/** Text written into a cell from elsewhere: never let "=…", "+…", "-…" or "@…" become a formula. */
export function asCellText(text: string): string {
  return /^[=+\-@]/.test(text) && text.length > 1 ? `'${text}` : text;
}

/** A parsed value as a cell holds it: the number for a figure, "-" as typed, what cannot be read as it was typed. */
export function cellValueOf(p: ParsedValue): RawValue {
  switch (p.status) {
    case "value":
      return p.value;
    case "text":
      return p.text;
    case "notApplicable":
      return "-";
    case "missing":
      return null;
    case "invalid":
      return p.raw;
  }
}
