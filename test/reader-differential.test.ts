// The targeted reader (ownWorkbook.ts) against ExcelJS (readWorkbook.ts), the reader it replaces for our
// own workbooks: randomized files written by ExcelJS, by openpyxl and by LibreOffice must read identically
// (every cell, formula, unit, metadata field, saved time), and so must the summaries merged from them.
import ExcelJS from "exceljs";
import { unzipSync, zipSync } from "fflate";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Submission } from "../src/domain/merge/model";
import { buildSummaryPlan } from "../src/domain/merge/summaryPlan";
import { Template } from "../src/domain/template/schema";
import { RawValue } from "../src/domain/values";
import { TITLE_INPUT_NAMES } from "../src/domain/workbookContract";
import { builtInRegistry } from "../src/templates";
import { ReadWorkbook } from "../src/xlsx/cchcWorkbook";
import { mergeReceived } from "../src/xlsx/mergeFiles";
import { readOwnWorkbook } from "../src/xlsx/ownWorkbook";
import { workbookSubmission } from "../src/xlsx/readSubmission";
import { openWorkbook } from "../src/xlsx/readWorkbook";
import { readCchcSheet } from "./support/exceljsRead";
import { planToBuffer, summaryToBuffer } from "../src/xlsx/renderPlan";
import { planFor, randomValue, violatingValue } from "./support/fill";
import { libreOfficeAvailable, openpyxlAvailable, PYTHON, recalculate } from "./support/libreoffice";
import { random } from "./support/random";
import { entryText } from "./support/receivedFiles";

const registry = builtInRegistry();
const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-differential-"));

/** A cell value of every kind a unit's file may hold, chosen at random. */
function oddValue(rnd: () => number, template: Template, code: string): ExcelJS.CellValue {
  const ind = template.indicators.find((i) => i.code === code)!;
  const r = rnd();
  if (r < 0.45) return randomValue(ind, rnd);
  if (r < 0.65) return violatingValue(ind, rnd);
  const odd: ExcelJS.CellValue[] = [
    { richText: [{ text: "1" }, { text: "2", font: { bold: true } }] },
    new Date(Date.UTC(2023, 8, 14)),
    true,
    { formula: "2+3", result: 5 },
    { formula: "1/0", result: { error: "#DIV/0!" } },
    { formula: '"a"&"b"', result: "ab" },
    { formula: "4*2" },
    'Tốt & <rất> "tốt" _x000D_',
    "  98,4 ",
    "=1+1",
    "1.755",
    "",
    -0,
    1e21,
    0.1 + 0.2,
  ];
  return odd[Math.floor(rnd() * odd.length)];
}

interface Written {
  name: string;
  file: string;
}

/** ExcelJS-written unit files: random values over the value cells (formulas overwritten too), odd kinds, percent formats. */
async function excelJsFiles(count: number, seed: number): Promise<Written[]> {
  const rnd = random(seed);
  const templates = registry.list();
  const out: Written[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    const period = template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`;
    const plan = planFor(template, period, `Đơn vị ${i}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await planToBuffer(plan)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(plan.sheetName)!;
    for (const cell of plan.indicatorCells) {
      if (cell.computed && rnd() < 0.7) continue;
      if (rnd() < 0.15) continue;
      const target = sheet.getCell(cell.address);
      target.value = oddValue(rnd, template, cell.code);
      if (rnd() < 0.1) target.numFmt = ["0%", "0.0%", "dd/mm/yyyy", "#,##0", "@"][Math.floor(rnd() * 5)];
    }
    const unit = wb.definedNames.getRanges(TITLE_INPUT_NAMES.unitName).ranges[0].split("!")[1].replace(/\$/g, "");
    const names: ExcelJS.CellValue[] = [
      `  UBND xã\u00a0Số ${i}\u200b `,
      { richText: [{ text: "UBND " }, { text: `phường ${i}` }] },
      12345,
      null,
    ];
    sheet.getCell(unit).value = names[i % names.length];
    if (i % 5 === 4) wb.modified = new Date(Date.UTC(2023, 8, 10 + i, 7, 30));
    const file = path.join(dir, `exceljs-${i}.xlsx`);
    await wb.xlsx.writeFile(file);
    out.push({ name: `exceljs-${i}`, file });
  }
  return out;
}

/**
 * Forms whose sheet XML is far larger than the reader's 64 KB window: thousands of cells beside the form,
 * a cell (a long formula) larger than two windows, shared formulas whose cells lie windows apart, and
 * hyperlinks at the end, behind the rest.
 */
async function largeSheetFiles(count: number, seed: number): Promise<Written[]> {
  const rnd = random(seed);
  const out: Written[] = [];
  for (let i = 0; i < count; i++) {
    const template = registry.list()[i % registry.list().length];
    const period = template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`;
    const plan = planFor(template, period, `Đơn vị lớn ${i}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await planToBuffer(plan)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(plan.sheetName)!;
    const cells = plan.indicatorCells.filter((c) => !c.computed);
    // Columns of figures beside the form, up to row 1500: the sheet's cells, in row order, run through many windows.
    for (let row = 1; row <= 1500; row++) for (const col of ["K", "L", "M"]) sheet.getCell(`${col}${row}`).value = Math.floor(rnd() * 1e6);
    const [master, ...rest] = cells;
    sheet.getCell(master.address).value = {
      formula: `${master.address.replace(/\d+/, "")}1+1`,
      shareType: "shared",
      ref: `${master.address}:${cells.at(-1)!.address}`,
      result: 2,
    } as ExcelJS.CellValue;
    for (const c of rest.filter(() => rnd() < 0.3)) sheet.getCell(c.address).value = { sharedFormula: master.address, result: 7 };
    // A formula longer than two windows, in a wanted cell and in one beside the form.
    const long = `LEN("${"Nội dung dài ".repeat(12_000)}")`;
    sheet.getCell(rest[Math.floor(rest.length / 2)].address).value = { formula: long, result: 156000 };
    sheet.getCell("L700").value = { formula: long, result: 156000 };
    for (const c of rest.filter(() => rnd() < 0.1))
      sheet.getCell(c.address).value = { text: String(Math.floor(rnd() * 100)), hyperlink: "https://example.org/bao-cao" };
    const file = path.join(dir, `large-${i}.xlsx`);
    await wb.xlsx.writeFile(file);
    out.push({ name: `large-${i}`, file });
  }
  return out;
}

/** The same forms filled in by openpyxl (inline strings, absolute relationship targets, no cached results). */
function openpyxlFiles(sources: Written[], seed: number): Written[] {
  const script = `
import json, random, sys, openpyxl
jobs = json.loads(sys.argv[1])
for job in jobs:
    rnd = random.Random(job["seed"])
    wb = openpyxl.load_workbook(job["source"])
    sheet = wb[job["sheet"]]
    for address in job["cells"]:
        r = rnd.random()
        cell = sheet[address]
        if r < 0.3: cell.value = rnd.randint(0, 5000)
        elif r < 0.4: cell.value = round(rnd.random() * 100, 1)
        elif r < 0.5: cell.value = "-"
        elif r < 0.55: cell.value = None
        elif r < 0.6: cell.value = "=1+2"
        elif r < 0.65: cell.value = "98,4"
        elif r < 0.7:
            cell.value = 0.5
            cell.number_format = "0.0%"
        elif r < 0.75: cell.value = True
    wb.save(job["out"])
`;
  const jobs = sources.map((s, i) => {
    const wb = readCchcWorkbookSync(s.file);
    return {
      source: s.file,
      out: path.join(dir, `openpyxl-${i}.xlsx`),
      sheet: wb.sheetName,
      seed: seed + i,
      cells: [...wb.cells.values()].map((c) => c.address),
    };
  });
  execFileSync(PYTHON, ["-c", script, JSON.stringify(jobs)], { stdio: "pipe" });
  return jobs.map((j, i) => ({ name: `openpyxl-${i}`, file: j.out }));
}

/** Whether the file's unit typed its name (a blank one is refused by both readers alike). */
const named = (file: string) => readCchcWorkbookSync(file).unit.name !== "";

function readCchcWorkbookSync(file: string): ReadWorkbook {
  return readOwnWorkbook(readFileSync(file), file, registry).read!;
}

async function byExcelJs(bytes: Uint8Array, file: string): Promise<{ read: ReadWorkbook; savedAt?: string }> {
  const wb = await openWorkbook(bytes, file);
  const d = wb.modified as Date | undefined;
  return {
    read: readCchcSheet(wb, file, registry),
    savedAt: d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined,
  };
}

function byTargeted(bytes: Uint8Array, file: string): { read: ReadWorkbook; savedAt?: string } {
  const own = readOwnWorkbook(bytes, file, registry);
  if (!own.read) throw new Error(`${file}: not read as ours`);
  return { read: own.read, savedAt: own.modifiedAt };
}

/** Everything a reader found, in plain data (the template by id: the same object in both). */
function plain(r: { read: ReadWorkbook; savedAt?: string }) {
  const { read, savedAt } = r;
  // A date cell as its time (two invalid dates, from 1e21 in a date format, are not equal to each other).
  const raw = (v: RawValue) => (v instanceof Date ? `date ${Number.isNaN(v.getTime()) ? "invalid" : v.toISOString()}` : v);
  const cells = [...read.cells].map(([code, c]) => [code, c.address, raw(c.raw), c.formula ?? null]);
  return { ...read, template: read.template.id, cells, savedAt };
}

/** The submission, or the message that refuses it (an empty unit name, …). */
function submissionOr(r: { read: ReadWorkbook; savedAt?: string }): Submission | string {
  try {
    return workbookSubmission(r.read, r.savedAt);
  } catch (e) {
    return (e as Error).message;
  }
}

const expectSameReads = async (files: Written[]) => {
  const submissions: { excel: Submission[]; targeted: Submission[] } = { excel: [], targeted: [] };
  for (const { name, file } of files) {
    const bytes = readFileSync(file);
    let reference;
    try {
      reference = await byExcelJs(bytes, name);
    } catch (e) {
      // What ExcelJS refuses, the targeted reader must refuse with the same message.
      expect(() => byTargeted(bytes, name)).toThrow((e as Error).message);
      continue;
    }
    const targeted = byTargeted(bytes, name);
    // ExcelJS turns a text or error formula result in a date-formatted cell into an invalid date; the
    // targeted reader keeps the text the cell shows.
    for (const [code, cell] of reference.read.cells) {
      const ours = targeted.read.cells.get(code)?.raw;
      if (cell.raw instanceof Date && Number.isNaN(cell.raw.getTime()) && typeof ours === "string") cell.raw = ours;
    }
    expect(plain(targeted)).toEqual(plain(reference));
    const [x, y] = [submissionOr(reference), submissionOr(targeted)];
    expect(y).toEqual(x);
    if (typeof x === "string" || typeof y === "string") continue;
    submissions.excel.push(x);
    submissions.targeted.push(y);
  }
  return submissions;
};

/** Merged by template, as `cchc merge` would: the results (values, notes, aggregates) of both readers must be equal. */
async function expectSameMerges(s: { excel: Submission[]; targeted: Submission[] }): Promise<Written[]> {
  const summaries: Written[] = [];
  for (const template of registry.list()) {
    const pick = (list: Submission[]) => list.filter((x) => x.templateId === template.id);
    if (pick(s.excel).length === 0) continue;
    const a = mergeReceived(registry, pick(s.excel));
    const b = mergeReceived(registry, pick(s.targeted));
    expect(b).toEqual(a);
    const plan = buildSummaryPlan({
      template,
      result: a.result,
      unitName: `Tổng hợp ${template.id}`,
      level: a.level,
      generatorVersion: "test",
      createdAt: "2026-01-01T00:00:00.000Z",
      rejected: [],
    });
    const file = path.join(dir, `summary-${template.id}.xlsx`);
    writeFileSync(file, await summaryToBuffer(plan));
    summaries.push({ name: `summary-${template.id}`, file });
  }
  return summaries;
}

describe("the targeted reader reads our workbooks exactly as ExcelJS does", () => {
  let excel: Written[] = [];
  beforeAll(async () => {
    excel = await excelJsFiles(12, 20260);
  });

  it("files written by ExcelJS, and the summaries merged from them (read again as inputs)", async () => {
    const summaries = await expectSameMerges(await expectSameReads(excel));
    // Every template but the one whose files all left the unit's name blank (those are refused by both).
    expect(summaries.length).toBe(new Set(excel.filter((f) => named(f.file)).map((f) => readCchcWorkbookSync(f.file).template.id)).size);
    expect(summaries.length).toBeGreaterThanOrEqual(3);
    await expectSameReads(summaries);
  });

  it("sheets many times the reader's window, with shared formulas, hyperlinks and a cell larger than two windows", async () => {
    const files = await largeSheetFiles(4, 4242);
    const xml = entryText(readFileSync(files[0].file), "xl/worksheets/sheet1.xml");
    expect(xml.length).toBeGreaterThan(8 * 65536);
    expect(xml).toContain('t="shared"');
    expect(xml).toContain("<hyperlinks>");
    const reads = await expectSameReads(files);
    expect(reads.targeted.length).toBe(files.length);
    // The shared formulas' cells and the hyperlinks were read, not left out.
    const first = byTargeted(readFileSync(files[0].file), files[0].name).read;
    expect([...first.cells.values()].some((c) => c.formula?.endsWith("+1") && c.raw === 7)).toBe(true);
    expect([...first.cells.values()].some((c) => c.formula?.startsWith("LEN("))).toBe(true);

    // The same sheet with blanks before a wanted cell (no reader keeps them), so that the first window ends at
    // each place in that cell and the next: in its tag, a "<" on its own, its value, its "</c>". Stored, not
    // deflated, to be quick.
    const part = "xl/worksheets/sheet1.xml";
    const bytes = readFileSync(files[0].file);
    const expected = plain(byTargeted(bytes, files[0].name));
    const parts = unzipSync(bytes);
    const sheetXml = Buffer.from(parts[part]);
    const wanted = new Set(expected.cells.map(([, address]) => `<c r="${address}"`));
    // A wanted cell with a value (an empty one lost would read the same).
    const starts = [...sheetXml.toString("latin1").matchAll(/<c r="[A-Z]+\d+"[^>]*[^/]>/g)]
      .filter((m) => wanted.has(m[0].slice(0, m[0].indexOf('"', 6) + 1)))
      .map((m) => m.index);
    const before = starts.filter((q) => q <= 65536 - 400).at(-1)!;
    const length = sheetXml.indexOf("<c", before + 1) - before;
    for (let into = 1; into <= length + 8; into++) {
      const blanks = Buffer.alloc(65536 - into - before, " ");
      parts[part] = Buffer.concat([sheetXml.subarray(0, before), blanks, sheetXml.subarray(before)]);
      expect(plain(byTargeted(zipSync(parts, { level: 0 }), files[0].name))).toEqual(expected);
    }
  });

  it("cell and formula tags written as XML allows but Excel does not: single quotes, line breaks, spaces around =, character references", async () => {
    const rnd = random(515);
    const part = "xl/worksheets/sheet1.xml";
    const odd = (attrs: string, pick = rnd) =>
      attrs.replace(/ ([a-z]+)="([^"]*)"/g, (_, name: string, value: string) => {
        const r = pick();
        if (r < 0.2) return ` ${name}='${value}'`;
        if (r < 0.35) return `\n\t${name} = "${value}"`;
        if (r < 0.5 && name !== "r") return ` ${name}="${[...value].map((c) => `&#${c.charCodeAt(0)};`).join("")}"`;
        if (r < 0.6) return ` ${name}="${value}"  `;
        return ` ${name}="${value}"`;
      });
    // Besides the forms, sheets with shared formulas, one of them shared from a cell outside the columns read
    // (C, the unit column) down into the value cells: its master is found however its tag is written.
    const template = registry.list()[0];
    const plan = planFor(template, template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`, "Đơn vị chung");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await planToBuffer(plan)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(plan.sheetName)!;
    const typed = plan.indicatorCells.filter((c) => !c.computed);
    const [top, bottom] = [typed[0].address.replace(/\D+/, ""), typed.at(-1)!.address.replace(/\D+/, "")];
    sheet.getCell(`C${top}`).value = { formula: "1+1", shareType: "shared", ref: `C${top}:D${bottom}`, result: 2 } as ExcelJS.CellValue;
    for (const c of typed.slice(1, 6)) sheet.getCell(c.address).value = { sharedFormula: `C${top}`, result: 2 };
    const shared = path.join(dir, "shared-from-c.xlsx");
    await wb.xlsx.writeFile(shared);
    const sources = [...excel.slice(0, 6), ...(await largeSheetFiles(2, 616)), { name: "shared-from-c", file: shared }];
    const files = sources.map(({ name, file }) => {
      const parts = unzipSync(readFileSync(file));
      const xml = Buffer.from(parts[part]).toString("utf8");
      const changed = xml.replace(
        /<(c|f)( [^>]*?)(\/?)>/g,
        // The master shared from C: its attributes each on a line of their own, spaced around "=".
        (_, tag: string, attrs: string, slash: string) =>
          `<${tag}${name === "shared-from-c" && tag === "f" ? odd(attrs, () => 0.3) : odd(attrs)}${slash}>`,
      );
      expect(changed).not.toBe(xml);
      parts[part] = Buffer.from(changed, "utf8");
      const out = path.join(dir, `odd-tags-${name}.xlsx`);
      writeFileSync(out, zipSync(parts));
      return { name: `odd-tags-${name}`, file: out };
    });
    const reads = await expectSameReads(files);
    expect(reads.targeted.length).toBeGreaterThan(0);
  });

  it("a hyperlink is a link only when its r:id is one of the sheet's relationships, where ExcelJS finds its target", async () => {
    const [large] = await largeSheetFiles(1, 818);
    const bytes = readFileSync(large.file);
    const [sheet, rels] = ["xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"];
    // A value cell holding a number, given a link of its own (its relationship is an existing link's): read as
    // the link's text, as the reader reads a linked cell (ExcelJS itself fails on a linked number).
    const [code, cell] = [...byTargeted(bytes, large.name).read.cells].find(([, c]) => typeof c.raw === "number")!;
    const parts = unzipSync(bytes);
    const xml = Buffer.from(parts[sheet]).toString("utf8");
    const rid = /<hyperlink [^>]*r:id="([^"]+)"/.exec(xml)![1];
    parts[sheet] = Buffer.from(xml.replace("<hyperlinks>", `<hyperlinks><hyperlink ref="${cell.address}" r:id="${rid}"/>`), "utf8");
    const linked = path.join(dir, "linked-number.xlsx");
    writeFileSync(linked, zipSync(parts));
    expect(byTargeted(readFileSync(linked), "linked-number").read.cells.get(code)?.raw).toBe(String(cell.raw));
    // Without the sheet's relationships the link points nowhere: the cell is its number.
    expect(parts[rels]).toBeDefined();
    delete parts[rels];
    expect(byTargeted(zipSync(parts), "unlinked").read.cells.get(code)?.raw).toBe(cell.raw);
  });

  it("a cell written after the sheet's data (ExcelJS reads none there), before and after the conditional formats", async () => {
    const part = "xl/worksheets/sheet1.xml";
    const files = excel.slice(0, 4).map(({ name, file }, i) => {
      const bytes = readFileSync(file);
      // An indicator's value cell, taken over by the stray one if it were read.
      const { address } = [...byTargeted(bytes, name).read.cells.values()][0];
      const stray = `<c r="${address}"><v>987654</v></c>`;
      const parts = unzipSync(bytes);
      const xml = Buffer.from(parts[part]).toString("utf8");
      // Right after the cells, or before the part's end (after its conditional formats and validations).
      const changed =
        i % 2 === 0 ? xml.replace("</sheetData>", `</sheetData>${stray}`) : xml.replace("</worksheet>", `${stray}</worksheet>`);
      expect(changed).not.toBe(xml);
      parts[part] = Buffer.from(changed, "utf8");
      const out = path.join(dir, `stray-cell-${name}.xlsx`);
      writeFileSync(out, zipSync(parts));
      return { name: `stray-cell-${name}`, file: out };
    });
    expect(entryText(readFileSync(files[1].file), part)).toContain("<conditionalFormatting");
    const reads = await expectSameReads(files);
    expect(reads.targeted.length).toBeGreaterThan(0);
    for (const r of reads.targeted)
      expect([...r.values.values()].some((v) => v.parsed.status === "value" && v.parsed.value === 987654)).toBe(false);
  });

  const withPython = openpyxlAvailable();
  (withPython || process.env.CI === "true" ? it : it.skip)("files written by openpyxl", async () => {
    const files = openpyxlFiles(excel.slice(0, 8), 77);
    // What makes openpyxl's files different: absolute relationship targets and inline strings.
    const bytes = readFileSync(files[0].file);
    expect(entryText(bytes, "xl/_rels/workbook.xml.rels")).toContain('Target="/xl/worksheets/');
    expect(files.some((f) => entryText(readFileSync(f.file), "xl/worksheets/sheet1.xml").includes('t="inlineStr"'))).toBe(true);
    await expectSameMerges(await expectSameReads(files));
  });

  (libreOfficeAvailable() || process.env.CI === "true" ? it : it.skip)(
    "files saved by LibreOffice (shared strings, cached results, its own styles)",
    async () => {
      const sources = [...excel.slice(0, 6), ...(withPython ? openpyxlFiles(excel.slice(6, 10), 99) : [])];
      const saved = recalculate(sources.map((s) => s.file)).map((file, i) => ({ name: `libreoffice-${i}`, file }));
      const reads = await expectSameReads(saved);
      expect(reads.excel.length).toBe(saved.filter((f) => named(f.file)).length);
      await expectSameMerges(reads);
    },
  );
});
