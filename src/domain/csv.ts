// CSV for machines that others open in Excel: a field that starts like a formula (= + - @, or a tab or
// carriage return that Excel skips before one) is written as text with a leading apostrophe, the OWASP
// rule against CSV injection; fields with a delimiter, a quote or a line break are quoted. Numbers are
// written as numbers (a negative figure stays -5).

/** Starts a spreadsheet formula when Excel, LibreOffice or Google Sheets opens the file. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",;\r\n\t']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | undefined | null)[]): string {
  return fields.map(csvField).join(",");
}
