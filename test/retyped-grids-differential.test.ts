// The targeted reader's grids of a form retyped by hand (ownWorkbook.ts grids) against ExcelJS's
// (retypedForm.ts sheetGrid), which they replace: the corpus of retyped forms and randomized sheets
// written by ExcelJS, by openpyxl and through LibreOffice must give the same grids and the same reports,
// and a file the targeted reader leaves to ExcelJS is still read, by ExcelJS.
import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync } from "fflate";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GridSheet } from "../src/domain/retyped/grid";
import { readRetypedReport } from "../src/domain/retyped/read";
import { builtInRegistry } from "../src/templates";
import { readOwnWorkbook } from "../src/xlsx/ownWorkbook";
import { readSubmission } from "../src/xlsx/readSubmission";
import { sheetGrid } from "../src/xlsx/retypedForm";
import { libreOfficeAvailable, openpyxlAvailable, PYTHON, recalculate } from "./support/libreoffice";
import { random } from "./support/random";
import { entryText } from "./support/receivedFiles";
import { corpusSpecs, SheetSpec, SpecValue } from "./support/retypedCorpus";
import { FIXTURES_DIR } from "./support/seeds";

const registry = builtInRegistry();
const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-grids-"));
const CORPUS = path.join(FIXTURES_DIR, "retyped");

async function byExcelJs(bytes: Uint8Array): Promise<GridSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map(sheetGrid);
}

function byTargeted(bytes: Uint8Array): GridSheet[] | undefined {
  const own = readOwnWorkbook(bytes, "form.xlsx", registry);
  expect(own.read).toBeUndefined();
  return own.grids!();
}

/** A grid as comparable data: each cell as [row, column, value, format], a date as its time, the merges. */
function plain(sheets: GridSheet[]) {
  return sheets.map((s) => ({
    name: s.name,
    cells: s.rows.flatMap((row, r) =>
      (row ?? []).flatMap((c, col) =>
        c ? [[r + 1, col + 1, c.value instanceof Date ? `date ${c.value.getTime()}` : c.value, c.numFmt]] : [],
      ),
    ),
    merges: s.merges,
  }));
}

/**
 * The same grids, and the same report read from them (or the same refusal). One difference is ours: a
 * formula's text or error in a date-formatted cell stays that text, where ExcelJS makes an invalid date.
 */
async function expectSameGrids(bytes: Uint8Array): Promise<GridSheet[]> {
  const targeted = byTargeted(bytes);
  if (!targeted) throw new Error("left to ExcelJS");
  const excel = await byExcelJs(bytes);
  excel.forEach((sheet, s) =>
    sheet.rows.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!(cell?.value instanceof Date && Number.isNaN(cell.value.getTime()))) return;
        const ours = targeted[s]?.rows[r]?.[c];
        expect(typeof ours?.value).toBe("string");
        cell.value = ours!.value;
      }),
    ),
  );
  expect(plain(targeted)).toEqual(plain(excel));
  const report = (g: GridSheet[]) => {
    try {
      return readRetypedReport(g, "form.xlsx", registry, { period: "2023-Q3" });
    } catch (e) {
      return (e as Error).message;
    }
  };
  expect(report(targeted)).toEqual(report(excel));
  return targeted;
}

const TEXTS = ['Tốt & <rất> "tốt"', "  98,4 ", "1.755", "", "=1+1", "x_x000D_y", "Số TTHC tiếp nhận", "83%", "02/02"];
const FORMATS = ["0%", "0.0%", "dd/mm/yyyy", "#,##0", "@", "0.00", "General", "mm-dd-yy", '#,##0.0" người"'];

/** A random sheet: numbers, texts, dates, percentages and codes in any format, merged titles and cells. */
function randomSpec(rnd: () => number, name: string): SheetSpec {
  const cells: SheetSpec["cells"] = [];
  const rows = 5 + Math.floor(rnd() * 40);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  for (let r = 1; r <= rows; r++)
    for (let c = 1; c <= 8; c++) {
      if (rnd() < 0.35) continue;
      const x = rnd();
      const v: SpecValue =
        x < 0.3
          ? Math.round(rnd() * 2000)
          : x < 0.45
            ? Math.round(rnd() * 1000) / 1000
            : x < 0.75
              ? pick(TEXTS)
              : x < 0.85
                ? { date: `2023-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}` }
                : x < 0.92
                  ? `=${pick(["1+1", "A1*2", '"a"&"b"', "1/0", "SUM(B1:B3)"])}`
                  : -Math.round(rnd() * 50);
      cells.push({ r, c, v, ...(rnd() < 0.3 ? { fmt: pick(FORMATS) } : {}) });
    }
  // Far cells: past the columns and the rows the recogniser reads.
  cells.push({ r: 2, c: 70, v: 5 }, { r: 3100, c: 2, v: "cuối" });
  // Merges that never overlap: a title across the sheet, then pieces of rows below.
  const merges = [`A1:${pick(["D", "F", "H"])}1`];
  for (let r = 3; r < rows; r += 2 + Math.floor(rnd() * 5)) {
    const c = 1 + Math.floor(rnd() * 5);
    merges.push(
      `${String.fromCharCode(64 + c)}${r}:${String.fromCharCode(64 + c + 1 + Math.floor(rnd() * 2))}${r + Math.floor(rnd() * 2)}`,
    );
  }
  return { name, cells, merges };
}

/** Specs as ExcelJS writes them, with what a spec cannot say: rich text, hyperlinks, errors, booleans, cached results. */
async function excelJsFile(specs: SheetSpec[], rnd: () => number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of specs) {
    const ws = wb.addWorksheet(spec.name);
    for (const cell of spec.cells) {
      const c = ws.getCell(cell.r, cell.c);
      const v = cell.v;
      if (typeof v === "string" && v.startsWith("="))
        c.value = rnd() < 0.5 ? { formula: v.slice(1), result: rnd() < 0.5 ? 7 : "bảy" } : { formula: v.slice(1) };
      else c.value = typeof v === "object" && v !== null ? new Date(`${v.date}T00:00:00Z`) : v;
      if (cell.fmt) c.numFmt = cell.fmt;
    }
    ws.getCell("J1").value = { richText: [{ text: "Kết quả " }, { text: "thống kê", font: { bold: true } }] };
    ws.getCell("J2").value = { text: "12", hyperlink: "https://example.org/bao-cao" };
    ws.getCell("J3").value = { error: "#N/A" };
    ws.getCell("J4").value = true;
    ws.getCell("J5").value = { formula: "1/0", result: { error: "#DIV/0!" } };
    for (const m of spec.merges) ws.mergeCells(m);
    // A merge whose first cell is a formula's, one whose first cell is empty.
    ws.getCell("L1").value = { formula: "2*3", result: 6 };
    ws.mergeCells("L1:M2");
    ws.mergeCells("L4:M4");
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function openpyxlFile(specs: SheetSpec[], out: string): string {
  execFileSync(PYTHON, [path.resolve(__dirname, "support/write_grid.py")], { input: JSON.stringify({ out, sheets: specs }) });
  return out;
}

const withPython = openpyxlAvailable();

describe("the targeted reader gives a retyped form's sheets as ExcelJS does", () => {
  it("every form of the corpus (ExcelJS, openpyxl, LibreOffice), and its report", async () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith(".xlsx"));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) await expectSameGrids(readFileSync(path.join(CORPUS, f)));
  });

  it("randomized sheets written by ExcelJS: rich text, hyperlinks, errors, booleans, formulas with and without results, merges", async () => {
    const rnd = random(1515);
    for (let i = 0; i < 12; i++) {
      const bytes = await excelJsFile([randomSpec(rnd, "Phụ lục"), randomSpec(rnd, "Sheet2")], rnd);
      const grids = await expectSameGrids(bytes);
      // The merges' covered cells: the title's value across, nothing under a formula's merge.
      const title = grids[0].rows[0]!;
      expect(title[1]?.value ?? null).toEqual(title[0]?.value ?? null);
      expect(grids[0].rows[1]?.[12]).toBeUndefined();
    }
  });

  (withPython || process.env.CI === "true" ? it : it.skip)(
    "randomized sheets written by openpyxl (formulas without results), and the corpus's own specs",
    async () => {
      const rnd = random(2727);
      for (let i = 0; i < 8; i++)
        await expectSameGrids(readFileSync(openpyxlFile([randomSpec(rnd, "Biểu 1")], path.join(dir, `py-${i}.xlsx`))));
      for (const [i, { sheets }] of corpusSpecs().slice(0, 6).entries())
        await expectSameGrids(readFileSync(openpyxlFile(sheets, path.join(dir, `spec-${i}.xlsx`))));
    },
  );

  (libreOfficeAvailable() || process.env.CI === "true" ? it : it.skip)(
    "the same sheets saved by LibreOffice (its shared strings, styles, cached results)",
    async () => {
      const rnd = random(3838);
      const sources: string[] = [];
      for (let i = 0; i < 6; i++) {
        const file = path.join(dir, `lo-${i}.xlsx`);
        writeFileSync(file, await excelJsFile([randomSpec(rnd, "Phụ lục")], rnd));
        sources.push(file);
      }
      for (const saved of recalculate(sources)) await expectSameGrids(readFileSync(saved));
    },
  );
});

describe("what the targeted reader leaves to ExcelJS is read by ExcelJS", () => {
  /** A corpus form with its sheet's XML changed. */
  function edited(edit: (xml: string) => string): Uint8Array {
    const file = readdirSync(CORPUS).find(
      (f) => f.endsWith(".xlsx") && entryText(readFileSync(path.join(CORPUS, f)), "xl/worksheets/sheet1.xml").includes("<mergeCells"),
    )!;
    const parts = unzipSync(readFileSync(path.join(CORPUS, file)));
    const sheet = "xl/worksheets/sheet1.xml";
    parts[sheet] = strToU8(edit(Buffer.from(parts[sheet]).toString("utf8")));
    return zipSync(parts);
  }

  it.each([
    ["a cell with no address", (xml: string) => xml.replace(/<c r="[A-Z]+\d+"/, "<c")],
    ["two merges that overlap", (xml: string) => xml.replace(/<mergeCells[^>]*>/, '$&<mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/>')],
  ])("%s", async (_what, edit) => {
    const bytes = edited(edit);
    expect(readOwnWorkbook(bytes, "form.xlsx", registry).grids!()).toBeUndefined();
    const read = await readSubmission({ file: "form.xlsx", bytes }, registry);
    // What ExcelJS makes of it: read, or refused with a message naming the file.
    if ("rejected" in read) expect(read.rejected.reason.vi).toContain("form.xlsx");
    else expect(read.submission.readAs).toBe("retyped");
  });
});
