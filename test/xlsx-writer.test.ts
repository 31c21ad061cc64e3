// The streaming writer (src/xlsx/renderPlan.ts over xlsxWriter.ts) against the ExcelJS renderer it
// replaced (test/support/exceljsRender.ts): forms of every template and summaries (formula-looking and
// control-character text from received files, values not merged, rosters, unreadable files, dozens of
// unit columns) come out with the same content cell by cell when ExcelJS reads both files back, and
// openpyxl reads the new file to the same values. LibreOffice recalculates the new summaries in
// test/cli-merge.test.ts.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { mergeSubmissions } from "../src/domain/merge/engine";
import { RejectedFile } from "../src/domain/merge/model";
import { buildSummaryPlan, SOURCES_SHEET, SummaryPlan, UNITS_SHEET } from "../src/domain/merge/summaryPlan";
import { msg } from "../src/domain/messages";
import { SheetPlan } from "../src/domain/sheet/plan";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { planToBuffer, sourcesSheetBytes, summaryToBuffer } from "../src/xlsx/renderPlan";
import { nativeZipEntry, threadPoolZipEntry } from "../src/cli/nativeZip";
import { sheetPartBytes, XlsxWriter } from "../src/xlsx/xlsxWriter";
import { exceljsPlanToBuffer, exceljsSummaryToBuffer } from "./support/exceljsRender";
import { allowedPeriods, planFor, randomValue } from "./support/fill";
import { unitSubmission } from "./support/merge";
import { random } from "./support/random";
import { workbookContent } from "./support/workbookContent";

const registry = builtInRegistry();
const NOW = "2026-01-01T03:04:00.000Z";
/** Text as it may arrive in received files: formula-looking, with XML's special and control characters. */
const ODD_TEXT = ['=HYPERLINK("http://x","y")', "+1+2", "@SUM(A1)", "a < b & \"c\" 'd'", "  leading space", "bell\u0007 and tab\t"];

/** A summary of `count` generated reports of the template, some values typed the way units mistype them. */
function summaryPlan(
  templateId: string,
  count: number,
  seed: number,
  extra: { roster?: boolean; rejected?: RejectedFile[] } = {},
): SummaryPlan {
  const template = registry.get(templateId);
  const period = allowedPeriods(template, 2023)[0];
  const rnd = random(seed);
  const submissions = Array.from({ length: count }, (_, i) => {
    const typed = new Map<string, RawValue>();
    for (const ind of template.indicators) {
      if (ind.kind === "header" || ind.compute) continue;
      const r = rnd();
      // Out-of-range codes, text in number cells and odd text: each lands in the "not merged" table.
      typed.set(ind.code, r < 0.03 ? 7 : r < 0.06 ? ODD_TEXT[i % ODD_TEXT.length] : r < 0.08 ? "98,4 %" : randomValue(ind, rnd));
    }
    const unit = i < ODD_TEXT.length ? ODD_TEXT[i] : `UBND xã Số ${i + 1}`;
    return unitSubmission(template, period, unit, typed);
  });
  const roster = extra.roster ? [...submissions.slice(1).map((s) => s.unitName), "UBND xã Chưa Gửi"] : undefined;
  const result = mergeSubmissions(template, submissions, { roster });
  return buildSummaryPlan({
    template,
    result,
    unitName: "UBND huyện Thử",
    level: template.levels[0],
    generatorVersion: "test",
    createdAt: NOW,
    rejected: extra.rejected,
  });
}

type Content = Awaited<ReturnType<typeof workbookContent>>;
interface ReadRule {
  formulae: string[];
  style: { numFmt: unknown };
}

/**
 * What the old renderer's file would hold if ExcelJS could write a conditional number format of General:
 * it skips a dxf number format whose id is 0, which the new writer writes as Excel does.
 */
function withGeneralDxf(content: Content, plan: SheetPlan): Content {
  const general = new Set(plan.conditionalFormats.filter((cf) => cf.numFmt === "General").map((cf) => cf.formula));
  const sheet = content.sheets.find((s) => s.name === plan.sheetName) as { conditionalFormats?: { rules: ReadRule[] }[] };
  for (const rule of (sheet.conditionalFormats ?? []).flatMap((cf) => cf.rules)) {
    if (general.has(rule.formulae[0]) && rule.style.numFmt === null) rule.style.numFmt = { formatCode: "General", id: 0 };
  }
  return content;
}

describe("the streaming writer writes what the ExcelJS renderer wrote", () => {
  it.each(registry.list().map((t) => [t.id]))("the blank form of %s", async (id) => {
    const template = registry.get(id);
    const plan = planFor(template, allowedPeriods(template, 2023)[0]);
    expect(await workbookContent(await planToBuffer(plan))).toEqual(
      withGeneralDxf(await workbookContent(await exceljsPlanToBuffer(plan)), plan),
    );
  });

  const rejected = [{ file: "hong.xlsx", reason: msg("hong.xlsx: tệp .xlsx bị hỏng", "hong.xlsx: the .xlsx file is damaged") }];
  it.each([
    ["quang-ngai-2021", 8, { roster: true, rejected }],
    ["quang-tri-2023", 3, {}],
    ["soc-trang-2021", 40, { rejected }],
  ] as const)("a summary of %s from %i reports", async (id, count, extra) => {
    const plan = summaryPlan(id, count, count, extra);
    // The generated reports do reach every table of the sources sheet.
    expect(plan.sources.tables.slice(0, 3).every((t) => t.rows.length > 0)).toBe(true);
    expect(await workbookContent(await summaryToBuffer(plan))).toEqual(
      withGeneralDxf(await workbookContent(await exceljsSummaryToBuffer(plan)), plan.sheet),
    );
  });
});

const python = "/usr/bin/python3";
const openpyxl = spawnSync(python, ["-c", "import openpyxl"]).status === 0;

(openpyxl || process.env.CI === "true" ? describe : describe.skip)("openpyxl reads the written summary", () => {
  it("to the values, formulas, sheet states and names ExcelJS reads from the old renderer's file", async () => {
    const plan = summaryPlan("quang-ngai-2021", 8, 3, { roster: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-writer-"));
    try {
      const file = path.join(dir, "tong-hop.xlsx");
      writeFileSync(file, await summaryToBuffer(plan));
      const script = [
        "import json, sys, openpyxl",
        "wb = openpyxl.load_workbook(sys.argv[1])",
        // openpyxl 3.1 keeps names in a dict, 3.0 in a list.
        "d = wb.defined_names",
        "names = list(d.keys()) if hasattr(d, 'keys') else [n.name for n in d.definedName]",
        "out = {'names': sorted(n for n in names if not n.startswith('_xlnm')), 'sheets': []}",
        "for ws in wb.worksheets:",
        "    cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}",
        "    out['sheets'].append({'name': ws.title, 'state': ws.sheet_state, 'cells': cells})",
        "print(json.dumps(out))",
      ].join("\n");
      const read = JSON.parse(execFileSync(python, ["-c", script, file], { encoding: "utf8", maxBuffer: 1 << 28 }));
      const old = await workbookContent(await exceljsSummaryToBuffer(plan));
      const expected = old.sheets.map((s) => {
        const cells: Record<string, unknown> = {};
        for (const [a, c] of Object.entries(s.cells)) {
          const v = c.value as { formula?: string } | string | number | null | undefined;
          if (v === undefined || v === null || (typeof v === "object" && !("formula" in v))) continue;
          cells[a] = typeof v === "object" ? `=${v.formula}` : v;
        }
        return { name: s.name, state: s.state ?? "visible", cells };
      });
      expect(read.sheets).toEqual(expected);
      expect(read.names).toEqual(
        old.names
          .filter((n) => !n.name.startsWith("_xlnm"))
          .map((n) => n.name)
          .sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the xlsx writer", () => {
  it("refuses rows or cells out of order instead of writing a file spreadsheets repair", () => {
    const book = new XlsxWriter({ creator: "t", modified: NOW });
    const sheet = book.sheet({ name: "A" });
    sheet.row(2, [{ col: 1, value: 1 }]);
    expect(() => sheet.row(2, [])).toThrow(/row 2 after row 2/);
    expect(() =>
      sheet.row(3, [
        { col: 2, value: 1 },
        { col: 1, value: 2 },
      ]),
    ).toThrow(/A3 after column B/);
  });

  it("never writes a non-finite number, which no spreadsheet opens", async () => {
    const book = new XlsxWriter({ creator: "t", modified: NOW });
    book.sheet({ name: "A" }).row(1, [
      { col: 1, value: Infinity },
      { col: 2, value: NaN, formula: "1/0" },
      { col: 3, value: 2.5 },
    ]);
    const [sheet] = (await workbookContent(book.finish())).sheets;
    expect(sheet.cells).toEqual({
      A1: { type: 0, value: null },
      B1: { type: 6, value: { formula: "1/0", result: null } },
      C1: { type: 2, value: 2.5 },
    });
  });

  it("deflating on the thread pool gives the same bytes as deflating in turn, a sheet of many pieces in order", async () => {
    const write = (zipEntry: typeof nativeZipEntry) => {
      const book = new XlsxWriter({ creator: "t", modified: NOW, zipEntry });
      const sheet = book.sheet({ name: "A" });
      // About a megabyte of XML: several pieces, each deflated on its own.
      for (let row = 1; row <= 15000; row++)
        sheet.row(row, [
          { col: 1, value: row },
          { col: 2, value: `Đơn vị ${row % 977} & "xã" ${row}` },
        ]);
      return book;
    };
    const inTurn = write(nativeZipEntry).finish();
    expect(() => write(threadPoolZipEntry).finish()).toThrow(/still compressing/);
    const pooled = await write(threadPoolZipEntry).finished();
    expect(Buffer.from(pooled).equals(Buffer.from(inTurn))).toBe(true);
    const [sheet] = (await workbookContent(pooled)).sheets;
    expect([sheet.cells.A15000.value, sheet.cells.B14999.value]).toEqual([15000, `Đơn vị ${14999 % 977} & "xã" 14999`]);
  });

  it("writes the units sheet elsewhere (as another thread does, from a copy of its job) to the same bytes, after the sheets written meanwhile", async () => {
    const plan = summaryPlan("quang-ngai-2021", 12, 9);
    const here = await summaryToBuffer(plan, { zipEntry: nativeZipEntry });
    let jobs = 0;
    const elsewhere = await summaryToBuffer(plan, {
      zipEntry: nativeZipEntry,
      unitsSheet: async (job, index) => {
        jobs++;
        // Later than the sources sheet after it is written: the zip keeps the sheets' order.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return sourcesSheetBytes(deserialize(serialize(job)), index);
      },
    });
    expect(jobs).toBe(1);
    expect(Buffer.from(elsewhere).equals(Buffer.from(here))).toBe(true);
    expect((await workbookContent(elsewhere)).sheets.map((s) => s.name)).toEqual(["Phụ lục", "_cchc", UNITS_SHEET, SOURCES_SHEET]);
  });

  it("writes a sheet on its own with its strings in their cells, spaces, line breaks and XML's characters kept", async () => {
    const texts = ["  hai dấu cách đầu", "cuối ", "dòng 1\ndòng 2", 'a < b & "c"', "=SUM(A1)"];
    const book = new XlsxWriter({ creator: "t", modified: NOW });
    book.sheetPart({ name: "Riêng" }, async (index) =>
      sheetPartBytes({ name: "Riêng" }, index, (sheet) => texts.forEach((value, i) => sheet.row(i + 1, [{ col: 1, value }]))),
    );
    book.sheet({ name: "Sau" }).row(1, [{ col: 1, value: "sau" }]);
    const [own, after] = (await workbookContent(await book.finished())).sheets;
    expect(texts.map((_, i) => own.cells[`A${i + 1}`].value)).toEqual(texts);
    expect(after.cells.A1.value).toBe("sau");
  });
});
