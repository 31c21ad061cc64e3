// What a count or an amount shows, as LibreOffice prints the form with Vietnamese regional settings: the
// thousands separator on whole numbers and amounts ("1.755"), and a typed fraction as it is ("1,5", never
// "2"), also in a cell Excel has given "#,##0" because the unit once typed "1.755" into it. The cells are
// General under conditional number formats (src/domain/sheet/shownNumbers.ts); the PDF shows what they give.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PlannedCell } from "../src/domain/sheet/plan";
import { builtInRegistry } from "../src/templates";
import { planToBuffer } from "../src/xlsx/renderPlan";
import { planFor } from "./support/fill";
import { describeWithLibreOffice, toPdf } from "./support/libreoffice";

const template = builtInRegistry().get("quang-tri-2023");

/** The printed words of a PDF (pdftotext -bbox), a number with its separators being one word. */
function printedWords(pdf: string): string[] {
  const html = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return [...html.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((m) => m[1]);
}

describeWithLibreOffice("counts and amounts as printed with Vietnamese settings (LibreOffice PDF)", () => {
  it("show 1.755 for a whole number and 1,5 for a fraction typed into a count, whatever format Excel gave the cell", async () => {
    const plan = planFor(template, "2023-Q3");
    const cellOf = (code: string): PlannedCell => {
      const { row, address } = plan.indicatorCells.find((c) => c.code === code)!;
      const col = address.charCodeAt(0) - 64;
      return plan.cells.find((c) => c.row === row && c.col === col)!;
    };
    const typed: [code: string, value: number, shown: string, notShown: string, excelFormat?: string][] = [
      ["BM2.1.1", 1200, "1.200", "1200"],
      ["BM2.1.2", 34.5, "34,5", "35"],
      // BM2.1 sums them in the sheet.
      ["BM3.1.1", 2468024, "2.468.024", "2468024"],
      ["BM3.1.2", 1.5, "1,5", "2"],
      // Typed "1.755" once, Excel made the cell "#,##0"; then 4321,5 and 7,125 were typed.
      ["BM3.1.3", 4321.5, "4.321,5", "4.322", "#,##0"],
      ["BM3.2.1", 7.125, "7,125", "7", "#,##0"],
      ["BM6.1.1", 13579.25, "13.579,25", "13579,25"],
    ];
    for (const [code, value, , , excelFormat] of typed) {
      const cell = cellOf(code);
      expect(template.indicators.find((i) => i.code === code)?.kind).toMatch(/^(count|amount)$/);
      cell.value = value;
      if (excelFormat) cell.style = { ...cell.style, numFmt: excelFormat };
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-numbers-"));
    try {
      const file = path.join(dir, "so-lieu.xlsx");
      writeFileSync(file, await planToBuffer(plan));
      const words = printedWords(toPdf([file], { locale: "vi-VN" })[0]);
      for (const [code, , shown, notShown] of typed) {
        expect({ code, shown: words.includes(shown) }).toEqual({ code, shown: true });
        if (!/^\d$/.test(notShown)) expect({ code, notShown: words.includes(notShown) }).toEqual({ code, notShown: false });
      }
      expect(words).toContain("1.234,5"); // BM2.1 = 1.200 + 34,5, computed by LibreOffice
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
