// The corpus of hand-retyped forms (test/fixtures/retyped, built by test/support/buildRetypedCorpus.ts):
// all five seeds in five layouts, written by ExcelJS and openpyxl, some through LibreOffice, as Excel
// stores what clerks type under Vietnamese or US settings or in Text cells. Each file is read as a unit's
// report and compared with the seed's own table.
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliIo, runCli } from "../src/cli/run";
import { ParsedValue, parseValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { readRetypedWorkbook } from "../src/xlsx/retypedForm";
import { readSubmission } from "../src/xlsx/readSubmission";
import { CorpusEntry, CORPUS_SEEDS, seedRows } from "./support/retypedCorpus";
import { FIXTURES_DIR } from "./support/seeds";

const registry = builtInRegistry();
const DIR = path.join(FIXTURES_DIR, "retyped");
const manifest: CorpusEntry[] = JSON.parse(readFileSync(path.join(DIR, "manifest.json"), "utf8"));

/** A parsed value without its message's wording: what must agree. */
const essence = (p: ParsedValue | undefined) =>
  p === undefined || p.status === "missing" ? { status: "missing" } : p.status === "invalid" ? { status: "invalid", raw: p.raw } : p;

/** What the seed's unit meant, by code: the seed's text parsed for its indicator. */
function meant(entry: CorpusEntry): Map<string, ParsedValue> {
  const seed = CORPUS_SEEDS.find((s) => s.stem === entry.stem)!;
  const template = registry.get(entry.templateId);
  return new Map(
    seedRows(seed.stem, template, seed.skipSeqs)
      .filter((x) => x.ind.kind !== "header")
      .map((x) => [x.ind.code, parseValue(x.row.value, x.ind)]),
  );
}

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path.join(DIR, file)) as unknown as ArrayBuffer);
  return wb;
}

describe("the corpus", () => {
  it("has every seed in at least four layouts, some written by openpyxl and some through LibreOffice", () => {
    for (const seed of CORPUS_SEEDS) expect(manifest.filter((e) => e.stem === seed.stem).length).toBeGreaterThanOrEqual(4);
    expect(new Set(manifest.map((e) => e.writer))).toEqual(new Set(["exceljs", "openpyxl"]));
    expect(manifest.some((e) => e.libreOffice)).toBe(true);
  });
});

describe.each(manifest.map((e) => [e.file, e] as const))("%s", (_file, entry) => {
  it("is read as its template, period and whole unit name, every value as the clerk meant it", async () => {
    const result = await readSubmission({ file: entry.file, bytes: readFileSync(path.join(DIR, entry.file)) }, registry);
    if ("rejected" in result) throw new Error(result.rejected.reason.en);
    const s = result.submission;
    expect({ templateId: s.templateId, period: s.period, unitName: s.unitName, sheetName: s.sheetName }).toEqual({
      templateId: entry.templateId,
      period: entry.period,
      unitName: entry.unitName,
      sheetName: entry.sheet,
    });
    const expected = meant(entry);
    const typed = new Set(Object.values(entry.rows));
    const codes = [...expected.keys()].filter((c) => typed.has(c));
    const wrong = codes.filter((c) => JSON.stringify(essence(s.values.get(c)?.parsed)) !== JSON.stringify(essence(expected.get(c))));
    expect(wrong.map((c) => ({ code: c, read: essence(s.values.get(c)?.parsed), meant: essence(expected.get(c)) }))).toEqual([]);
  });

  it("matches no row to a wrong indicator and lists every row it did not read", async () => {
    const { form } = readRetypedWorkbook(await open(entry.file), entry.file, registry);
    const wrongMatches = form.matched.filter((m) => entry.rows[String(m.row)] !== m.indicator.code);
    expect(wrongMatches.map((m) => ({ row: m.row, got: m.indicator.code, typed: entry.rows[String(m.row)] }))).toEqual([]);
    const read = new Set([...form.matched, ...form.unmatched].map((r) => r.row));
    const headings = new Set(
      registry
        .get(entry.templateId)
        .indicators.filter((i) => i.kind === "header")
        .map((i) => i.code),
    );
    // Every typed indicator row is either read or listed (heading rows may be taken as the form's structure).
    const lost = Object.entries(entry.rows).filter(([row, code]) => !read.has(Number(row)) && !headings.has(code));
    expect(lost).toEqual([]);
  });

  it("is to be reviewed, with the reason, when under half of the form's indicators were read", async () => {
    const result = await readSubmission({ file: entry.file, bytes: readFileSync(path.join(DIR, entry.file)) }, registry);
    if ("rejected" in result) throw new Error(result.rejected.reason.en);
    const s = result.submission;
    const template = registry.get(entry.templateId);
    const total = template.indicators.filter((i) => i.kind !== "header").length;
    const read = [...s.values.keys()].filter((c) => template.indicators.find((i) => i.code === c)!.kind !== "header").length;
    expect(s.review !== undefined).toBe(read < total / 2);
    if (s.review) expect(s.review.vi).toContain(`chỉ đọc được ${read}/${total} chỉ tiêu`);
  });
});

describe("merging a retyped form read with too little certainty", () => {
  it("merges it flagged 'cần xem lại' with the reason, its values accounted for, and exits 1", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-corpus-"));
    let stdout = "";
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t), cwd: dir, now: () => "2026-01-01T00:00:00.000Z" };
    const file = path.join(DIR, "004-seed-two-row-header.xlsx");
    expect(await runCli(["merge", file, "--out", "tong-hop.xlsx", "--unit", "SỞ NỘI VỤ", "--level", "tinh", "--json"], io)).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.files).toEqual([
      expect.objectContaining({
        status: "flagged",
        reason: expect.objectContaining({ vi: expect.stringContaining("Cần xem lại: chỉ đọc được 27/") }),
      }),
    ]);
    expect(report.units).toEqual(["VĂN PHÒNG UBND TỈNH QUẢNG NGÃI"]);
  });
});
