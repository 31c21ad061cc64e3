// Unit names as people type them: the same unit arrives as "UBND xã  Sơn Phú", "UBND Xã Sơn Phú ",
// "Hoà Vang" for "Hòa Vang", with a zero-width space pasted from a web page or in decomposed Unicode.
// One key per unit (every comparison of unit names goes through unitKey), one order for lists of
// units, and the roster of expected units read from the text the user gives (one name per line, or a
// CSV export with a name column).
import { remembered, withoutDiacritics } from "../text";
import { cleanUnitName } from "../workbookContract";

// The old and the new placement of the tone mark ("hoà"/"hòa", "thuỷ"/"thủy", "khoẻ"/"khỏe") spell the
// same syllable: in decomposed form, a tone after the a, e or y of oa, oe, uy moves to the o or u.
const OLD_TONE = /([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])/g;

/**
 * The key that says two names are the same unit: the cleaned name, lower case, the tone mark placed
 * one way. Two names with the same key are one unit everywhere (duplicates, overlaps, the roster).
 */
export const unitKey = remembered((name) =>
  cleanUnitName(name).toLocaleLowerCase("vi").normalize("NFD").replace(OLD_TONE, "$1$3$2").normalize("NFC"),
);

// Made on first use: constructing a collator loads ICU's data, 11–15 ms of a `cchc check` that sorts no units.
let collator: Intl.Collator | undefined;

/** Vietnamese alphabetical order; names the collator finds equal keep a fixed order, so lists are canonical. */
export function compareUnits(a: string, b: string): number {
  collator ??= new Intl.Collator("vi", { sensitivity: "base", numeric: true });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortUnits(names: Iterable<string>): string[] {
  return [...names].sort(compareUnits);
}

/** "1 unit", "3 units": English messages count units. */
export function unitsEn(n: number): string {
  return `${n} unit${n === 1 ? "" : "s"}`;
}

/** Header text without accents or case: "Tên đơn vị" → "ten don vi". */
function plain(text: string): string {
  return withoutDiacritics(text).replace(/\s+/g, " ").trim();
}

/**
 * A name column's header, matched whole so that a unit called "Đơn vị sự nghiệp …" is never taken
 * for a header: "Tên đơn vị", "Đơn vị", "Cơ quan, đơn vị", "Tên cơ quan", "Đơn vị báo cáo", "Tên", "Name".
 */
const NAME_HEADER = /^(ten )?(don vi|co quan|co quan, don vi|co quan\/don vi)( bao cao)?$|^(ten|name|unit|unit name)$/;

/** One CSV line: fields split on the delimiter, "quoted, fields" with "" for a quote. */
function csvFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      field = "";
      quoted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** The CSV layout of a roster, when its first line is a header with a name column. */
function csvLayout(header: string): { delimiter: string; column: number } | undefined {
  const delimiters = [",", ";", "\t"].filter((d) => header.includes(d));
  // A one-column file is a header over one name per line: split on nothing, commas stay in names.
  for (const delimiter of delimiters.length > 0 ? delimiters : ["\n"]) {
    const column = csvFields(header, delimiter)
      .map(plain)
      .findIndex((h) => NAME_HEADER.test(h));
    if (column >= 0) return { delimiter, column };
  }
  return undefined;
}

/**
 * The expected units from a roster file's text: one name per line, or CSV (comma, semicolon or tab)
 * whose header row has a name column (NAME_HEADER). Without such a header every line is one name,
 * commas included ("UBND xã A, huyện B"). Blank lines and repeated names (same unit key) are
 * dropped; names keep their first spelling.
 */
export function parseRoster(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0) return [];
  const layout = csvLayout(lines[first]);
  const names = layout ? lines.slice(first + 1).map((l) => csvFields(l, layout.delimiter)[layout.column] ?? "") : lines;
  const seen = new Set<string>();
  const roster: string[] = [];
  for (const raw of names) {
    const name = cleanUnitName(raw);
    if (name === "" || seen.has(unitKey(name))) continue;
    seen.add(unitKey(name));
    roster.push(name);
  }
  return roster;
}
