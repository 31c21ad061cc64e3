// The rule engine on real data: the derived rules find the seeds' own mistakes, and kind checks
// catch what a value cannot be on its own.
import { parseSheet, SheetCell } from "../src/domain/export";
import { compileChecks } from "../src/domain/rules/compile";
import { allRules, deriveRules } from "../src/domain/rules/derive";
import { checkValues, runRules, UNWORDED } from "../src/domain/rules/engine";
import { checkReport } from "../src/domain/rules/report";
import { formulaFor } from "../src/domain/sheet/formulas";
import { Template } from "../src/domain/template/schema";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { randomValue, seedTyped, violatingValue } from "./support/fill";
import { random } from "./support/random";
import { SEEDS } from "./support/seeds";
import { wording } from "../src/domain/rules/words";

const registry = builtInRegistry();

/** The sheet as the seed's unit filled it: every printed value typed, formulas kept where nothing was typed. */
function seedSheet(template: Template, stem: string, skip: number[] = []): Map<string, SheetCell> {
  return sheetOf(template, Object.fromEntries(seedTyped(template, stem, skip, { overFormulas: true })));
}

/** Cells holding the given values; computed cells not given a value keep their formula. */
function sheetOf(template: Template, values: Record<string, RawValue>): Map<string, SheetCell> {
  const cells = new Map<string, SheetCell>();
  for (const ind of template.indicators) {
    if (ind.kind === "header") continue;
    cells.set(ind.code, {
      address: ind.code,
      raw: values[ind.code] ?? null,
      formula: ind.compute && !(ind.code in values) ? formulaFor(ind) : undefined,
    });
  }
  return cells;
}

function findingsFor(template: Template, cells: Map<string, SheetCell>) {
  const values = parseSheet(template, cells);
  const words = wording(template, () => undefined);
  return [...checkValues(template, values, words), ...runRules(deriveRules(template), values, words)];
}

describe("derived rules on the seeds", () => {
  it("find the Quảng Trị report's rates that contradict their own numerator and denominator", () => {
    const t = registry.get("quang-tri-2023");
    const findings = findingsFor(t, seedSheet(t, SEEDS.quangTri2023Q3));
    expect(findings.map((f) => [f.ruleId, f.severity, f.codes[0]])).toEqual([
      ["rate:notApplicable", "info", "BM1.3.3"], // typed "-": no problem found, so nothing to resolve
      ["rate:BM6.1", "error", "BM6.1"], // typed 1,34; 6.786,875 / 8.326 gives 81,51
      ["rate:BM7.6.5", "error", "BM7.6.5"], // typed 100; 19 / 12 gives 158,33
      ["part:BM7.6.5.2<=BM7.6.5.1", "error", "BM7.6.5.2"], // 19 procedures offered of 12 eligible
      ["rate:BM7.6.7", "error", "BM7.6.7"], // typed 35,08; 5 / 24 gives 20,83
    ]);
    expect(findings[1].message.vi).toContain("1,34");
    expect(findings[1].message.vi).toContain("theo dòng 1.2 và 1.1 là 81,5 %");
    expect(findings[1].message.en).toContain("rows 1.2 and 1.1 give 81,5 %");
  });

  it("accept a rate rounded to a whole percent (83% for 31 of 37)", () => {
    const t = registry.get("quang-tri-2023");
    const codes = findingsFor(t, seedSheet(t, SEEDS.quangTri2023Q3)).flatMap((f) => f.codes);
    expect(codes).not.toContain("BM1.2");
  });

  it.each([
    // 7.4 is a rate the seed typed as "01": a count, or 1 for 100 %.
    ["quang-ngai-2021", SEEDS.quangNgai2021H1, [], [["value:smallRate", "7.4"]]],
    ["ha-tinh-2021-xa", SEEDS.haTinh2021Q3, [], []],
    ["soc-trang-2021", SEEDS.socTrang2021Y, [29], []],
  ])("find nothing structural in %s's seed", (id, stem, skip, expected) => {
    const t = registry.get(id);
    expect(findingsFor(t, seedSheet(t, stem, skip as number[])).map((f) => [f.ruleId, f.codes[0]])).toEqual(expected);
  });
});

describe("checks on one sheet", () => {
  const t = registry.get("quang-ngai-2021");

  it("a total typed over its formula must equal its parts", () => {
    const f = findingsFor(t, sheetOf(t, { "3.1.3": 1755, "3.1.3.a": 1291, "3.1.3.b": 328, "3.1.3.c": 135 }));
    expect(f.map((x) => x.ruleId)).toEqual(["sum:3.1.3"]);
    expect(f[0].left).toBe(1755);
    expect(f[0].right).toBe(1754);
    expect(f[0].codes[0]).toBe("3.1.3");
  });

  it("a total left blank is computed by its formula, so parts alone raise nothing", () => {
    expect(findingsFor(t, sheetOf(t, { "3.1.3.a": 1291, "3.1.3.b": 328, "3.1.3.c": 136 }))).toEqual([]);
  });

  it("values that cannot be what their kind says", () => {
    const f = findingsFor(t, sheetOf(t, { "1.1.1": -3, "1.1.2": 2.5, "3.3.3": 120, "1.4.2": 7, "2.1": "abc", "1.1.3": "1.755" }));
    expect(f.map((x) => [x.ruleId, x.codes[0]]).sort()).toEqual(
      [
        ["value:count", "1.1.1"],
        ["value:count", "1.1.2"],
        ["value:percent", "3.3.3"],
        ["value:text", "1.1.3"],
        ["value:unparsable", "1.4.2"],
        ["value:unparsable", "2.1"],
      ].sort(),
    );
  });
});

describe("a computed rate whose denominator is 0", () => {
  it("is reported as not applicable, not as 0", () => {
    const t = registry.get("quang-tri-2023");
    const f = findingsFor(t, sheetOf(t, { "BM1.2.1": 0, "BM1.2.2": 0 }));
    expect(f.map((x) => [x.ruleId, x.severity, x.codes[0]])).toEqual([["rate:notApplicable", "info", "BM1.2"]]);
  });
});

describe("a written rule using isBlank", () => {
  const t = registry.get("quang-ngai-2021");
  const rule = {
    id: "done-needs-plan",
    severity: "warning" as const,
    missing: "missingAsZero" as const,
    tolerance: 0,
    expression: "[1.1.2] * isBlank([1.1.1]) = 0",
    message: { vi: "v", en: "e" },
    why: "w",
  };
  const withRule = { ...t, rules: [rule] };

  it("sees a blank cell as blank even though missing values count as 0", () => {
    const f = runRules(
      allRules(withRule).filter((r) => r.id === rule.id),
      parseSheet(withRule, sheetOf(withRule, { "1.1.2": 5 })),
      wording(withRule, () => undefined),
    );
    expect(f.map((x) => [x.ruleId, x.left, x.right])).toEqual([["done-needs-plan", 5, 0]]);
  });

  it('does not fire when the plan is filled, or is written as "-" (not blank)', () => {
    for (const plan of [7, "-"]) {
      const f = runRules(
        allRules(withRule).filter((r) => r.id === rule.id),
        parseSheet(withRule, sheetOf(withRule, { "1.1.1": plan, "1.1.2": 5 })),
        wording(withRule, () => undefined),
      );
      expect({ plan, f }).toEqual({ plan, f: [] });
    }
  });

  it("compiles to a sheet formula that tests the cell itself, not its N() value", () => {
    const check = compileChecks(withRule).find((c) => c.text === "v")!;
    expect(check.violated).toContain('IF(CT_1_1_1="",1,0)');
    expect(check.violated).not.toContain('N(CT_1_1_1)=""');
  });
});

describe("rows named across the form's parts", () => {
  it("name each part once, its rows by their printed numbers, an unnumbered row by its cell", () => {
    const qt = wording(registry.get("quang-tri-2023"), () => undefined);
    expect(qt.rowsByPart(["BM1.3.3.2", "BM3.2.1", "BM3.3.4.1", "BM7.1"])).toEqual({
      vi: "Biểu mẫu 1: dòng 3.3.2; Biểu mẫu 3: dòng 2.1 và 3.4.1; Biểu mẫu 7: dòng 1",
      en: "Biểu mẫu 1: row 3.3.2; Biểu mẫu 3: rows 2.1 and 3.4.1; Biểu mẫu 7: row 1",
    });
    const st = wording(registry.get("soc-trang-2021"), (code) => ({ "I.1.1": "D16", "I.1.2": "D17" })[code]);
    expect(st.rowsByPart(["I.1.1", "I.1.2"]).vi).toBe("ô D16 và ô D17");
  });
});

describe("counting findings, as a merge does", () => {
  it("finds what the check finds, of the same kinds on the same cells, only not worded", () => {
    const rnd = random(4711);
    let unworded = 0;
    for (const template of registry.list()) {
      for (let round = 0; round < 25; round++) {
        const values: Record<string, RawValue> = {};
        for (const ind of template.indicators) {
          if (ind.kind === "header" || rnd() < 0.3) continue;
          values[ind.code] = rnd() < 0.25 ? violatingValue(ind, rnd) : randomValue(ind, rnd);
        }
        const cells = sheetOf(template, values);
        const unit = { name: round % 5 === 0 ? "" : "UBND xã Một" };
        const meta = { unitLevel: template.levels[0], period: `2023-${template.periods[0]}`, unit };
        const checked = checkReport(template, "Phụ lục", cells, meta);
        const counted = checkReport(template, "Phụ lục", cells, meta, undefined, true);
        const kinds = (r: typeof checked) => r.findings.map((f) => [f.ruleId, f.severity, f.codes, f.cell]);
        expect(kinds(counted)).toEqual(kinds(checked));
        expect(counted.counts).toEqual(checked.counts);
        expect(counted.filled).toEqual(checked.filled);
        // The rules' findings are there to be counted, not read.
        const ruled = counted.findings.filter((f) => f.message === UNWORDED);
        expect(ruled.every((f) => !f.ruleId.startsWith("value:"))).toBe(true);
        expect(checked.findings.every((f) => f.message.vi !== "")).toBe(true);
        unworded += ruled.length;
      }
    }
    expect(unworded).toBeGreaterThan(50);
  });
});
