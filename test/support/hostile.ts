// Hostile and broken inputs built at test time (issue 11): every case is a set of files in a fresh
// folder and one cchc command over them. What must hold for all of them is in test/hostile.test.ts.
import ExcelJS from "exceljs";
import { strToU8, strFromU8, unzipSync, zipSync } from "fflate";
import { execFileSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { SaxesParser } from "saxes";
import { CliIo, runCli } from "../../src/cli/run";
import { Lang } from "../../src/domain/messages";
import { SheetPlan } from "../../src/domain/sheet/plan";
import { planBytes } from "../../src/xlsx/renderPlan";
import { Template } from "../../src/domain/template/schema";
import { RawValue } from "../../src/domain/values";
import { METADATA_SHEET } from "../../src/domain/workbookContract";
import { builtInRegistry } from "../../src/templates";
import { filledWorkbook, planFor } from "./fill";
import { summaryWorkbook } from "./merge";

export const FORM: Template = builtInRegistry().get("quang-ngai-2021");
export const PERIOD = "2021-Q2";

/** A unit's report as `cchc new` wrote it and the unit filled it in. */
export function unitWorkbook(unit: string, values: Record<string, RawValue>): Promise<Buffer> {
  return filledWorkbook(planFor(FORM, PERIOD, unit), new Map(Object.entries(values)));
}

export const GOOD_VALUES: Record<string, RawValue> = {
  "1.1.1": 12,
  "1.1.2": 10,
  "3.1.3.a": 40,
  "3.1.3.b": 30,
  "3.1.3.c": 30,
  "3.3.3": 80,
  "7.6.1": "Đã kết nối",
};

/** The zip's parts, edited as text or bytes, zipped again (deflated). */
export function rezip(bytes: Uint8Array, edit: (parts: Record<string, Uint8Array>) => void): Buffer {
  const parts = unzipSync(bytes);
  edit(parts);
  return Buffer.from(zipSync(parts, { level: 6 }));
}

export function editXml(bytes: Uint8Array, part: string, edit: (xml: string) => string): Buffer {
  return rezip(bytes, (parts) => {
    parts[part] = strToU8(edit(strFromU8(parts[part])));
  });
}

/** Edits a workbook with ExcelJS (load, change, save). */
export async function edited(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sets `_cchc` keys (adding the ones it lacks). */
export function setMeta(wb: ExcelJS.Workbook, entries: [string, string][]): void {
  const sheet = wb.getWorksheet(METADATA_SHEET)!;
  for (const [key, value] of entries) {
    let row = 0;
    sheet.eachRow((r, n) => (r.getCell(1).value === key ? (row = n) : undefined));
    sheet.getRow(row || sheet.rowCount + 1).values = [key, value];
  }
}

export function getMeta(wb: ExcelJS.Workbook, key: string): string | undefined {
  let value: string | undefined;
  wb.getWorksheet(METADATA_SHEET)!.eachRow((r) => {
    if (r.getCell(1).value === key) value = r.getCell(2).text;
  });
  return value;
}

/** The defined name's target changed, in xl/workbook.xml: a CT_ name moved to another cell ("$D$20", or "Sheet!$B$2"). */
export function moveName(bytes: Uint8Array, name: string, to: string): Buffer {
  return editXml(bytes, "xl/workbook.xml", (xml) => {
    const re = new RegExp(`(<definedName name="${name}"[^>]*>)([^<]*)(</definedName>)`);
    if (!re.test(xml)) throw new Error(`no defined name ${name}`);
    return xml.replace(re, (_, open, ref: string, close) => `${open}${to.includes("!") ? to : ref.replace(/!.*$/, `!${to}`)}${close}`);
  });
}

/** The cell address a CT_ name points at. */
export function nameTarget(bytes: Uint8Array, name: string): string {
  const xml = strFromU8(unzipSync(bytes)["xl/workbook.xml"]);
  return new RegExp(`<definedName name="${name}"[^>]*>[^<]*!\\$?([A-Z]+)\\$?(\\d+)</definedName>`).exec(xml)!.slice(1, 3).join("");
}

/** A summary of three units of FORM, as `cchc merge` writes it. */
export function threeUnitSummary(): Promise<Uint8Array> {
  const units = new Map<string, Map<string, RawValue>>([
    ["UBND huyện A", new Map(Object.entries({ ...GOOD_VALUES, "1.1.1": 4 }))],
    ["UBND huyện B", new Map(Object.entries({ ...GOOD_VALUES, "1.1.1": 5 }))],
    ["UBND huyện C", new Map(Object.entries({ ...GOOD_VALUES, "1.1.1": 3 }))],
  ]);
  return summaryWorkbook(FORM, PERIOD, "UBND tỉnh", units).then((s) => s.bytes);
}

/** Every XML part of a written workbook, as text, to look for what must never be in one. */
export function xmlText(bytes: Uint8Array): string {
  const parts = unzipSync(bytes);
  return Object.entries(parts)
    .filter(([n]) => n.endsWith(".xml"))
    .map(([, b]) => strFromU8(b))
    .join("\n");
}

/** The text of a UTF-16 file, with or without its byte-order mark. */
export function utf16(text: string, order: "le" | "be", bom: boolean): Buffer {
  const le = Buffer.from(text, "utf16le");
  const body = order === "le" ? le : Buffer.from(le.map((_, i) => le[i ^ 1]));
  return Buffer.concat([bom ? Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), body]);
}

// ---- fast builders: our writer's form, edited in its XML (no ExcelJS round trip) ----

const plans = new Map<string, SheetPlan>();
function formPlan(): SheetPlan {
  if (!plans.has("form")) plans.set("form", planFor(FORM, PERIOD, ""));
  return plans.get("form")!;
}

let blankForm: Uint8Array | undefined;
/** The blank form `cchc new` writes (no unit name), cached. */
function blank(): Uint8Array {
  return (blankForm ??= planBytes(formPlan()));
}

/** What a test types into a cell: a value, or the cell's XML as a hostile file may hold it. */
export type Typed =
  | number
  | string
  | boolean
  | null
  /** `<v>` text as written, with the cell type (t="n" when absent) and a style (the cell's own when absent) */
  | { v: string; t?: string; s?: number }
  /** a formula (without "="), with or without a cached result */
  | { f: string; v?: string; t?: string; s?: number };

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function cellXml(address: string, style: string, value: Typed): string {
  if (value === null) return `<c r="${address}"${style}/>`;
  if (typeof value === "number") return `<c r="${address}"${style}><v>${value}</v></c>`;
  if (typeof value === "boolean") return `<c r="${address}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === "string")
    return `<c r="${address}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  const t = value.t ? ` t="${value.t}"` : "";
  const s = value.s === undefined ? style : ` s="${value.s}"`;
  const v = value.v === undefined ? "" : `<v>${value.v}</v>`;
  return "f" in value ? `<c r="${address}"${s}${t}><f>${escapeXml(value.f)}</f>${v}</c>` : `<c r="${address}"${s}${t}>${v}</c>`;
}

/** The sheet part's cells set (each must exist in the XML, as our writer writes every styled cell). */
export function setCells(bytes: Uint8Array, cells: Record<string, Typed>, part = "xl/worksheets/sheet1.xml"): Buffer {
  return editXml(bytes, part, (xml) => {
    for (const [address, value] of Object.entries(cells)) {
      const re = new RegExp(`<c r="${address}"( s="\\d+")?[^>]*?(?:/>|>[\\s\\S]*?</c>)`);
      const m = re.exec(xml);
      if (!m) throw new Error(`no cell ${address} in ${part}`);
      xml = xml.slice(0, m.index) + cellXml(address, m[1] ?? "", value) + xml.slice(m.index + m[0].length);
    }
    return xml;
  });
}

/** The value cell of an indicator code, and the unit-name input cell. */
export const cellOf = (code: string) => formPlan().indicatorCells.find((c) => c.code === code)!.address;
export const UNIT_CELL = () => formPlan().titleBlock.inputs.unitName;
export const REPORT_DATE = () => formPlan().titleBlock.inputs.reportDate;

/**
 * A unit's report as our writer writes it and the unit typed it: the unit name in CCHC_DonVi, the values
 * by indicator code; `saved` sets the package's modified time (which of two copies is newer).
 */
export function report(unit: string | null, values: Record<string, Typed> = GOOD_VALUES as Record<string, Typed>, saved?: string): Buffer {
  const cells: Record<string, Typed> = { [UNIT_CELL()]: unit };
  for (const [code, v] of Object.entries(values)) cells[cellOf(code)] = v;
  const bytes = setCells(blank(), cells);
  return saved ? editXml(bytes, "docProps/core.xml", (xml) => xml.replace(/(<dcterms:modified\b[^>]*>)[^<]*/, `$1${saved}`)) : bytes;
}

/** A summary of `units` (name → typed values) as `cchc merge` writes it. */
export async function summary(units: Record<string, Record<string, RawValue>>, unitName = "UBND tỉnh"): Promise<Uint8Array> {
  const map = new Map(Object.entries(units).map(([u, v]) => [u, new Map(Object.entries(v))]));
  return (await summaryWorkbook(FORM, PERIOD, unitName, map)).bytes;
}

// ---- the two usual shapes of a case ----

/** The bytes of the file at fault, built when the case runs. */
export type Bytes = () => Uint8Array | string | Promise<Uint8Array>;

export const GOOD_UNIT = "UBND huyện Tốt";
export const MERGE_ARGS = ["merge", "nhan", "--out", "tong-hop.xlsx", "--unit", "UBND tỉnh"];

/** `cchc check` on one file named x.xlsx: refused (exit 2) unless `extra` says otherwise. */
export function checkCase(name: string, bytes: Bytes, extra: Partial<HostileCase> = {}): HostileCase {
  return {
    name: `check: ${name}`,
    files: async () => ({ "x.xlsx": await bytes() }),
    argv: ["check", "x.xlsx"],
    code: 2,
    names: ["x.xlsx"],
    ...extra,
  };
}

/** A merge of a good report and the file at fault: the file costs one message, the good report is merged. */
export function mergeBeside(name: string, bytes: Bytes, extra: Partial<HostileCase> = {}): HostileCase {
  return {
    name: `merge: ${name}, beside a good report`,
    files: async () => ({ "nhan/tot.xlsx": report(GOOD_UNIT), "nhan/xau.xlsx": await bytes() }),
    argv: MERGE_ARGS,
    code: 1,
    names: ["nhan/xau.xlsx"],
    merged: ["nhan/tot.xlsx"],
    ...extra,
  };
}

// ---- the harness: one case, a fresh folder per language, the promises every case must keep ----

export type FileSpec = Uint8Array | string | { fifo: true } | { dir: true } | { symlink: string } | { sparse: number };

export interface HostileCase {
  name: string;
  /** The files of the case's folder, by relative path (built once, laid out for each run) */
  files: () => Record<string, FileSpec> | Promise<Record<string, FileSpec>>;
  /** One cchc command, run in the folder; the English run adds --lang en */
  argv: string[];
  /** The exit code the README promises */
  code: 0 | 1 | 2;
  /** What the output must name, in both languages: the file at fault first, then its sheet or cell */
  names?: string[];
  /** The reason, in each language (patterns the output must match) */
  says?: { vi: RegExp; en: RegExp };
  /** A merge: the files merged (merged or flagged) and the units the summary covers */
  merged?: string[];
  units?: string[];
  /** More checks, after each run (the folder as the command left it) */
  after?: (dir: string, run: CliRun) => void | Promise<void>;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  lang: Lang;
}

/** A fresh folder, removed once the case is done. */
function freshFolder(folders: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-hostile-"));
  folders.push(dir);
  return dir;
}

export async function cchc(argv: string[], cwd: string, lang: Lang = "vi"): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, now: () => "2026-01-01T00:00:00.000Z" };
  const code = await runCli(lang === "en" ? [...argv, "--lang", "en"] : argv, io);
  return { code, stdout, stderr, lang };
}

function layOut(dir: string, files: Record<string, FileSpec>): void {
  for (const [name, spec] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    if (spec instanceof Uint8Array || typeof spec === "string") writeFileSync(full, spec);
    else if ("fifo" in spec) execFileSync("mkfifo", [full]);
    else if ("dir" in spec) mkdirSync(full, { recursive: true });
    else if ("symlink" in spec) symlinkSync(spec.symlink, full);
    else truncateSync((writeFileSync(full, ""), full), spec.sparse);
  }
}

/** Every path under the folder with its size (what a refusal must leave as it was). */
function listing(dir: string, under = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, under)).sort()) {
    const rel = path.join(under, name);
    const st = lstatSync(path.join(dir, rel));
    out.push(`${rel} ${st.isFile() ? st.size : st.isDirectory() ? "dir" : "other"}`);
    if (st.isDirectory()) out.push(...listing(dir, rel));
  }
  return out;
}

/** Words that say what to do, in each language. */
const ACTION = {
  vi: /(?<!\p{L})(hãy|đề nghị|chọn|kiểm tra|lưu|sửa|ghi|xóa|bỏ|mở|thêm|dùng|cập nhật|nhập|tạo|chép|đóng|xin|giải phóng|tổng hợp lại|gửi lại|lấy lại|xem|đổi)(?!\p{L})/iu,
  en: /(?<!\p{L})(ask|choose|check|save|fix|type|remove|delete|open|add|use|update|merge|give|copy|close|free|recreate|take|write|send|see|name|fill|change)(?!\p{L})/iu,
};
/** Words of the other language that a message line must not hold (outside quotes and parentheses). */
const FOREIGN = {
  vi: /(?<!\p{L})(the|please|cannot|should|does not|is not|was not)(?!\p{L})/iu,
  en: /(?<!\p{L})(hãy|không|được|tệp|đề nghị|chưa|của)(?!\p{L})/iu,
};
/** What a user must never see: a stack trace, a raw error code of the system or of Node, an unfilled value. */
const NEVER =
  /\n\s+at \S+ \(|\b(ENOENT|EISDIR|ENOTDIR|EACCES|EPERM|EROFS|ENOSPC|EBUSY|EAGAIN|EMFILE|ENFILE|ELOOP|ENAMETOOLONG|EIO|ENXIO|ENODEV|EINVAL|EEXIST|EFBIG|ESPIPE|EPIPE)\b|ERR_[A-Z_]{3,}|Lỗi ngoài dự kiến|Unexpected error|\bundefined\b|\[object Object\]|Maximum call stack|TypeError|RangeError|SyntaxError|NaN\/NaN|Invalid Date|Cannot (read|set) properties|is not a function|is not defined/;

/** A message line without what it quotes (file names, sheet names, a unit's text). */
const unquoted = (line: string, names: readonly string[]) =>
  names
    .reduce((l, n) => l.split(n).join(" "), line)
    .replace(/"[^"]*"|“[^”]*”|\([^)]*\)/g, " ")
    .replace(/\S+\.(xlsx|xls|json|csv|txt)\b/g, " ");

/** The input files a merge was given: each file argument, each entry of a folder argument (as the CLI shows them). */
function mergeInputs(dir: string, argv: string[]): string[] {
  const inputs: string[] = [];
  const out = argv[argv.indexOf("--out") + 1];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      if (!["--exclude-errors", "--json", "--force"].includes(a)) i++;
      continue;
    }
    const full = path.resolve(dir, a);
    let st;
    try {
      st = statSync(full);
    } catch {
      inputs.push(a);
      continue;
    }
    if (!st.isDirectory()) inputs.push(a);
    else
      inputs.push(
        ...readdirSync(full)
          .map((e) => path.join(a, e))
          .filter((e) => e !== out),
      );
  }
  return inputs;
}

/** A workbook the CLI wrote: every XML part well-formed XML 1.0 (what Excel and openpyxl require), opened by ExcelJS. */
export async function expectValidXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const parser = new SaxesParser();
    let error: Error | undefined;
    parser.on("error", (e) => (error ??= e));
    parser.write(strFromU8(data)).close();
    expect([name, error?.message]).toEqual([name, undefined]);
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/**
 * Runs a case in Vietnamese and in English, each in a fresh folder, and checks what every case must keep:
 * the exit code; no stack trace, raw error code or unfilled text; the file (and cell) named, with what to
 * do, in the run's language; nothing written on a refusal; a merge that names every input file and
 * writes a valid workbook. Then the case's own checks.
 */
export async function runCase(c: HostileCase): Promise<void> {
  const folders: string[] = [];
  try {
    await runIn(c, folders);
  } finally {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(c: HostileCase, folders: string[]): Promise<void> {
  const files = await c.files();
  const names = c.names ?? [];
  for (const lang of ["vi", "en"] as const) {
    const dir = freshFolder(folders);
    layOut(dir, files);
    const before = listing(dir);
    const run = await cchc(c.argv, dir, lang);
    const text = `${run.stdout}\n${run.stderr}`;
    const context = `${c.name} [${lang}]\n${text}`;
    expect([context, run.code]).toEqual([context, c.code]);
    expect([context, NEVER.exec(text)?.[0]]).toEqual([context, undefined]);
    for (const n of names) expect([context, text.includes(n)]).toEqual([context, true]);
    if (c.says) expect(text).toMatch(c.says[lang]);
    // The lines that name the file at fault: one of them says what to do, none in the other language.
    const lines = names.length > 0 ? text.split("\n").filter((l) => l.includes(names[0])) : [];
    const findings = c.argv[0] === "check" && c.code === 1;
    const actionIn = findings || names.length === 0 ? [text] : lines;
    if (c.code !== 0) expect([context, actionIn.some((l) => ACTION[lang].test(unquoted(l, names)))]).toEqual([context, true]);
    for (const l of lines) expect([context, l, FOREIGN[lang].exec(unquoted(l, names))?.[0]]).toEqual([context, l, undefined]);
    // Nothing written on a refusal, and never a temporary file left behind.
    const after = listing(dir);
    if (c.code === 2) expect(after).toEqual(before);
    expect(after.filter((l) => /\.tmp /.test(l))).toEqual([]);
    if (c.argv[0] === "merge" && c.code !== 2) await checkMerge(c, files, dir, run, freshFolder(folders));
    await c.after?.(dir, run);
  }
}

/** A merge that wrote its summary: a valid workbook, and every input file accounted for (--json, in a third folder). */
async function checkMerge(c: HostileCase, files: Record<string, FileSpec>, dir: string, run: CliRun, jsonDir: string): Promise<void> {
  const out = path.resolve(dir, c.argv[c.argv.indexOf("--out") + 1]);
  await expectValidXlsx(readFileSync(out));
  if (run.lang === "en") return;
  layOut(jsonDir, files);
  const r = await cchc([...c.argv, "--json"], jsonDir);
  expect(r.code).toBe(c.code);
  const report = JSON.parse(r.stdout) as {
    units: string[];
    files: { file: string; status: string; unitName: string; kind: string; reason?: unknown }[];
    rejected: { file: string }[];
    skipped: { vi: string }[];
  };
  // A file named twice (as itself and within its folder) is read once, under either name.
  const same = (a: string, b: string) => path.resolve(jsonDir, a) === path.resolve(jsonDir, b);
  const accounted = (f: string) =>
    report.files.some((s) => same(s.file, f)) ||
    report.rejected.some((s) => same(s.file, f)) ||
    report.skipped.some((s) => s.vi.includes(f));
  for (const f of mergeInputs(jsonDir, c.argv)) expect([c.name, f, accounted(f)]).toEqual([c.name, f, true]);
  // A file not merged says why; a unit's report merged is a unit of the summary.
  for (const s of report.files) {
    if (s.status !== "merged" && s.status !== "flagged") expect([c.name, s.file, s.reason !== undefined]).toEqual([c.name, s.file, true]);
    else if (s.kind === "submission") expect(report.units).toContain(s.unitName);
  }
  if (c.merged)
    expect(
      report.files
        .filter((s) => s.status === "merged" || s.status === "flagged")
        .map((s) => s.file)
        .sort(),
    ).toEqual([...c.merged].sort());
  if (c.units) expect([...report.units].sort()).toEqual([...c.units].sort());
}

// ---- `_cchc` edited in its XML ----

const META_PART = "xl/worksheets/sheet2.xml";

/** The text of each shared string, in order. */
function sharedStrings(parts: Record<string, Uint8Array>): string[] {
  const xml = strFromU8(parts["xl/sharedStrings.xml"]);
  const decode = (t: string) =>
    t.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]!);
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    decode([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join("")),
  );
}

/** `_cchc` keys set to values (a key the sheet lacks is added; null removes the key's row), in our writer's XML. */
export function setMetaXml(bytes: Uint8Array, entries: Record<string, string | null>): Buffer {
  return rezip(bytes, (parts) => {
    const strings = sharedStrings(parts);
    let xml = strFromU8(parts[META_PART]);
    let added = 9000;
    for (const [key, value] of Object.entries(entries)) {
      const index = strings.indexOf(key);
      const row =
        index < 0
          ? undefined
          : new RegExp(`<row r="(\\d+)"[^>]*><c r="A\\d+"[^>]*t="s"[^>]*><v>${index}</v></c>[\\s\\S]*?</row>`).exec(xml);
      const cell = (col: string, n: string, text: string) =>
        `<c r="${col}${n}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;
      if (row && value === null) xml = xml.replace(row[0], "");
      else if (row) xml = xml.replace(row[0], `<row r="${row[1]}">${cell("A", row[1], key)}${cell("B", row[1], value!)}</row>`);
      else if (value !== null) {
        const n = String(++added);
        xml = xml.replace("</sheetData>", `<row r="${n}">${cell("A", n, key)}${cell("B", n, value)}</row></sheetData>`);
      }
    }
    parts[META_PART] = strToU8(xml);
  });
}
