// The five seeds typed into their sheets as their units typed them (computed cells typed over, as
// staff do): consistent figures give no error, and each inconsistency a domain reading of the seeds
// found is flagged once, on a cell the unit can edit, in plain words.
import { checkReport } from "../src/domain/rules/report";
import { Template } from "../src/domain/template/schema";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { partialSeedTyped, planFor, seedTyped } from "./support/fill";
import { cellsOf } from "./support/merge";
import { SEEDS } from "./support/seeds";

const registry = builtInRegistry();

interface SeedCase {
  name: string;
  templateId: string;
  typed: (t: Template) => Map<string, RawValue>;
  period: string;
  level: string;
  /** [code, rule] of each inconsistency the seed holds */
  flags: [string, string][];
  /** What makes the figures consistent (a typed-over rate set to what its parts give, a slip corrected) */
  fixes: Record<string, RawValue>;
}

const CASES: SeedCase[] = [
  {
    name: "000 Quảng Ngãi, Sở KH&CN, 6 tháng 2021",
    templateId: "quang-ngai-2021",
    typed: (t) => seedTyped(t, SEEDS.quangNgai2021H1, [], { overFormulas: true }),
    period: "2021-H1",
    level: "so",
    flags: [
      ["3.4.2", "QN-3.4.2-not-for-so"], // 0 % for district files, which a department does not receive
      ["3.4.3", "QN-3.4.3-not-for-so"],
      ["7.4", "value:smallRate"], // a rate typed "01"
    ],
    fixes: { "3.4.2": "-", "3.4.3": "-", "7.4": 100 },
  },
  {
    name: "001 Hà Tĩnh, UBND xã Sơn Phú, quý III 2021",
    templateId: "ha-tinh-2021-xa",
    typed: (t) => seedTyped(t, SEEDS.haTinh2021Q3, [], { overFormulas: true }),
    period: "2021-Q3",
    level: "xa",
    flags: [
      ["1.4.1", "HT-1.4-survey-needs-forms"], // survey form coded, number of forms blank
      ["3.2.2", "HT-3.2.2-ge-level3-plus-level4"], // 58 against 58 + 56
      ["3.3.3", "HT-3.3.3-rate-of-processes"], // 100 % against 150 of 175
      ["4.2.2", "HT-4.2-present-le-quota"],
    ],
    fixes: { "1.4.1": 30, "3.2.2": 114, "3.3.3": 85.7, "4.2.2": 18 },
  },
  {
    name: "002 Quảng Trị, Sở KH&CN, quý III 2023",
    templateId: "quang-tri-2023",
    typed: (t) => seedTyped(t, SEEDS.quangTri2023Q3, [], { overFormulas: true }),
    period: "2023-Q3",
    level: "so",
    flags: [
      ["BM1.6.1", "QT-BM1.6-survey-needs-forms"], // survey held (Có = 1), forms blank
      ["BM4.1.2", "QT-BM4.1.2-not-for-so"],
      ["BM4.2.5", "QT-BM4.2-cut-not-all"],
      ["BM4.3.4", "QT-BM4.3-cut-not-all"],
      ["BM6.1", "rate:BM6.1"], // typed 1,34 over the formula; 81,5 from its rows
      ["BM7.6.4.3", "QT-BM7.6-files-ge-procs-with-files"],
      ["BM7.6.5", "rate:BM7.6.5"],
      ["BM7.6.5.2", "part:BM7.6.5.2<=BM7.6.5.1"], // 19 of 12
      ["BM7.6.6.1", "QT-BM7.6.6-total-ge-l3-plus-l4"],
      ["BM7.6.7", "rate:BM7.6.7"],
    ],
    fixes: { "BM1.6.1": 50, "BM4.1.2": "-", "BM4.2.5": 10, "BM4.3.4": 10, "BM6.1": 81.51, "BM7.6.5.2": 12, "BM7.6.7.2": 6, "BM7.6.7": 25 },
  },
  {
    name: "003 Sóc Trăng, Ban Quản lý các KCN, năm 2021",
    templateId: "soc-trang-2021",
    typed: (t) => seedTyped(t, SEEDS.socTrang2021Y, [29], { overFormulas: true }),
    period: "2021-Y",
    level: "so",
    flags: [
      ["I.3.4", "ST-I.3-media-ge-posts"], // 21 posts where 3 + 19 = 22
      ["IV.1.7", "ST-IV.1-cut-rate-needs-cut"],
    ],
    fixes: { "I.3.4": 22, "IV.1.7": 0 },
  },
  {
    name: "004 Quảng Ngãi, Văn phòng UBND tỉnh, năm 2021",
    templateId: "quang-ngai-2021",
    typed: (t) => partialSeedTyped(t, SEEDS.quangNgai2021Y, { overFormulas: true }),
    period: "2021-Y",
    level: "so",
    flags: [],
    fixes: {},
  },
];

function check(c: SeedCase, typed: Map<string, RawValue>) {
  const template = registry.get(c.templateId);
  return {
    template,
    report: checkReport(template, "Phụ lục", cellsOf(template, c.period, typed), { unitLevel: c.level, period: c.period }),
  };
}

describe.each(CASES)("seed $name typed into its sheet", (c) => {
  const template = registry.get(c.templateId);

  it("flags each inconsistency once, in sheet order, on a cell the unit types in", () => {
    const { report } = check(c, c.typed(template));
    const flagged = report.findings.filter((f) => f.ruleId !== "formula:overwritten" && f.ruleId !== "rate:notApplicable");
    expect(flagged.map((f) => [f.codes[0], f.ruleId])).toEqual(c.flags);
    const rows = planFor(template, c.period).indicatorCells;
    const rowOf = (code: string) => rows.find((r) => r.code === code)!;
    const order = report.findings.map((f) => rowOf(f.codes[0]).row);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // A finding on a computed cell is about that cell being typed over.
    for (const f of flagged) if (rowOf(f.codes[0]).computed) expect(f.message.vi).toContain("ghi đè");
  });

  it("says it in plain words: no rule syntax, codes or template ids", () => {
    const { report } = check(c, c.typed(template));
    for (const f of report.findings) {
      for (const text of [f.message.vi, f.message.en]) {
        expect(text).not.toMatch(/\[|\]|pct\(|min\(|BM\d|[IVX]+\.\d+\.\d|quang-|ha-tinh|soc-trang/);
      }
    }
  });

  it("gives no error once the figures are consistent; typed-over cells that agree are warnings", () => {
    const typed = c.typed(template);
    for (const [code, v] of Object.entries(c.fixes)) typed.set(code, v);
    const { report } = check(c, typed);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(report.findings.filter((f) => f.severity === "warning").map((f) => f.ruleId)).toEqual(
      report.findings.filter((f) => f.severity === "warning").map(() => "formula:overwritten"),
    );
  });
});

describe("the wording of one typed-over rate", () => {
  it("names what was typed and what its rows give, once", () => {
    const template = registry.get("quang-tri-2023");
    const typed = new Map<string, RawValue>([
      ["BM1.2", 80],
      ["BM1.2.1", 40],
      ["BM1.2.2", 30],
    ]);
    const { report } = check({ ...CASES[2], typed: () => typed }, typed);
    const onRate = report.findings.filter((f) => f.codes[0] === "BM1.2");
    expect(onRate.map((f) => [f.severity, f.message.vi])).toEqual([
      [
        "error",
        "Tỷ lệ đã nhập 80 %; theo dòng 2.2 và 2.1 là 75,0 %: ô này có công thức nhưng đã bị ghi đè, hãy xóa số đã nhập để biểu tự tính",
      ],
    ]);
    expect(template.indicators.find((i) => i.code === "BM1.2")!.compute).toEqual({
      rate: { numerator: "BM1.2.2", denominator: "BM1.2.1" },
    });
  });

  it("a numerator larger than its denominator is one finding, on the numerator, not on the locked rate", () => {
    const typed = new Map<string, RawValue>([
      ["BM1.2.1", 30],
      ["BM1.2.2", 40],
    ]);
    const { report } = check({ ...CASES[2] }, typed);
    expect(report.findings.filter((f) => f.severity === "error").map((f) => [f.codes[0], f.ruleId])).toEqual([
      ["BM1.2.2", "part:BM1.2.2<=BM1.2.1"],
    ]);
  });
});
