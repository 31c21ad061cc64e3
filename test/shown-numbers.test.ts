// Counts and amounts: General cells under conditional number formats, so that they show the thousands
// separator and never round what the check reads (LibreOffice prints them: libreoffice-number-formats.test.ts).
import { cellPosition } from "../src/domain/sheet/plan";
import { isGrouped, shownFormat } from "../src/domain/sheet/shownNumbers";
import { createOfficeReportHost } from "../src/excel/officeReportHost";
import { builtInRegistry } from "../src/templates";
import { buildModel } from "../src/workbench/Grid";
import { createInMemoryExcel } from "../src/workbench/host";
import { displayText } from "../src/workbench/host/locale";
import { createSheetEngine } from "../src/workbench/sheetEngine";
import { planFor } from "./support/fill";

const registry = builtInRegistry();

describe("how a count or an amount shows", () => {
  test.each([
    [1755, "1.755"],
    [1234567, "1.234.567"],
    [0, "0"],
    [-12, "-12"],
    [1.5, "1,5"],
    [1755.25, "1.755,25"],
    [1.234, "1,234"],
    [1755.125, "1755,125"],
  ])("%p shows as %p (vi-VN)", (n, shown) => {
    expect(displayText(n, shownFormat(n))).toBe(shown);
  });

  test.each(registry.list().map((t) => [t.id]))("%s: the conditional number formats cover its counts and amounts, nothing else", (id) => {
    const template = registry.get(id);
    const plan = planFor(template, template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`);
    const covered = new Map<string, string[]>();
    for (const cf of plan.conditionalFormats.filter((f) => f.numFmt)) {
      const [from, to = from] = cf.range.split(":").map(cellPosition);
      // Relative to the range's top-left cell, so that each cell tests itself.
      expect(cf.formula).toContain(`ISNUMBER(${cf.range.split(":")[0]})`);
      for (let r = from.row; r <= to.row; r++) covered.set(`D${r}`, [...(covered.get(`D${r}`) ?? []), cf.numFmt!]);
    }
    const kinds = new Map(template.indicators.map((i) => [i.code, i.kind]));
    const grouped = plan.indicatorCells.filter((c) => isGrouped(kinds.get(c.code)!)).map((c) => c.address);
    expect([...covered.keys()].sort()).toEqual([...grouped].sort());
    for (const formats of covered.values()) expect(formats).toEqual(["#,##0", "#,##0.0#", "General"]);
  });

  test("in the workbench, a count typed 1.755 then 1,5 shows 1,5, though Excel gave the cell #,##0", async () => {
    const engine = createSheetEngine(registry);
    const excel = createInMemoryExcel({ evaluate: engine.evaluate });
    engine.attach(excel.workbook);
    const host = createOfficeReportHost(excel.run, excel.requirements, { registry, generatorVersion: "test" });
    await host.insert({ templateId: "quang-tri-2023", period: "2023-Q3", unitName: "Sở Thử", unitLevel: "so", replace: false });
    const plan = planFor(registry.get("quang-tri-2023"), "2023-Q3");
    const at = (code: string) => plan.indicatorCells.find((c) => c.code === code)!.address;
    // What the grid shows: its model of the sheet, with the engine standing in for Excel's conditional formats.
    const shown = (address: string) =>
      buildModel(excel.workbook.sheet("Phụ lục")!, engine)
        .rows.flatMap((r) => r.cells)
        .find((c) => c.cell.address === address)!.text;

    excel.userEdit("Phụ lục", at("BM1.1"), "1.755");
    expect(excel.workbook.sheet("Phụ lục")!.cellAt(at("BM1.1")).numberFormat).toBe("#,##0");
    excel.userEdit("Phụ lục", at("BM2.1.1"), "1200");
    excel.userEdit("Phụ lục", at("BM2.1.2"), "34,5");
    await excel.idle();
    expect([shown(at("BM1.1")), shown(at("BM2.1.1")), shown(at("BM2.1.2")), shown(at("BM2.1"))]).toEqual([
      "1.755",
      "1.200",
      "34,5",
      "1.234,5",
    ]);

    excel.userEdit("Phụ lục", at("BM1.1"), "1,5");
    await excel.idle();
    expect(shown(at("BM1.1"))).toBe("1,5");
    // A rate keeps its own format.
    excel.userEdit("Phụ lục", at("BM1.2.1"), "8");
    excel.userEdit("Phụ lục", at("BM1.2.2"), "6");
    await excel.idle();
    expect(shown(at("BM1.2"))).toBe("75,0");
  });
});
