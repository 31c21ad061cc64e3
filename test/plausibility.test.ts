// What no manual consolidation sees: units far from the others in a merge, and figures that moved
// implausibly since the previous period.
import { compareWithPrevious } from "../src/domain/compare";
import { mergeSubmissions } from "../src/domain/merge/engine";
import fc from "fast-check";
import { findOutliers, medianInPlace, UnitNumbers } from "../src/domain/merge/outliers";
import { UserError } from "../src/domain/messages";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { unitSubmission } from "./support/merge";
import { random } from "./support/random";

const registry = builtInRegistry();
const qn = registry.get("quang-ngai-2021");
const qt = registry.get("quang-tri-2023");

function units(values: number[], code: string): UnitNumbers {
  const numbers = new UnitNumbers();
  values.forEach((v, i) => numbers.put(numbers.addUnit(`Đơn vị ${i + 1}`, `dv${i + 1}.xlsx`), code, v));
  return numbers;
}

describe("outliers across units", () => {
  it("lists the one unit whose rate is far from the others, with its value and the usual one", () => {
    const rates = [97.5, 98.4, 96, 99, 95.5, 98, 97, 12];
    const found = findOutliers(qn, units(rates, "3.4.1"));
    expect(found.map((o) => [o.unit, o.code, o.value])).toEqual([["Đơn vị 8", "3.4.1", 12]]);
    expect(found[0].message.vi).toBe("12 %, khác xa các đơn vị khác (trung vị của 8 đơn vị là 97,25 %)");
  });

  it("does not call a large unit an outlier for its counts, but a hundredfold slip it does", () => {
    const procedures = [120, 95, 180, 240, 60, 150, 210, 130];
    expect(findOutliers(qn, units(procedures, "3.1.1"))).toEqual([]);
    expect(findOutliers(qn, units([...procedures, 15000], "3.1.1")).map((o) => o.value)).toEqual([15000]);
  });

  it("does not flag the few units that have something where most report 0, nor small distances", () => {
    expect(findOutliers(qn, units([0, 0, 0, 0, 0, 0, 0, 0, 3, 2], "3.1.1"))).toEqual([]);
    expect(findOutliers(qn, units([2, 2, 2, 2, 2, 2, 9], "3.1.1"))).toEqual([]);
  });

  it("says nothing with fewer than five units, or when they all agree", () => {
    expect(findOutliers(qn, units([98, 97, 5, 99], "3.4.1"))).toEqual([]);
    expect(findOutliers(qn, units([100, 100, 100, 100, 100, 100], "3.4.1"))).toEqual([]);
  });

  it("takes the median as sorting gives it, for any numbers (ties, runs, odd and even counts)", () => {
    const figures = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(fc.array(figures, { minLength: 1, maxLength: 300 }), (xs) => {
        const sorted = Float64Array.from(xs).sort();
        const n = sorted.length;
        const expected = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        expect(medianInPlace(Float64Array.from(xs)) === expected).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("with most units alike (a zero median deviation), still finds the one that is not", () => {
    expect(findOutliers(qn, units([100, 100, 100, 100, 100, 100, 100, 20], "3.4.1")).map((o) => o.unit)).toEqual(["Đơn vị 8"]);
  });

  it("flags values outside the bounds a template gives, whatever the others say", () => {
    const bounded = { ...qn, plausibility: { ...qn.plausibility, bounds: [{ code: "1.4.1", max: 5000 }] } };
    const found = findOutliers(bounded, units([12000, 300], "1.4.1"));
    expect(found.map((o) => [o.unit, o.reason, o.message.vi])).toEqual([["Đơn vị 1", "bounds", "12.000, ngoài khoảng hợp lý …–5.000"]]);
  });

  it("a merge of 30 units lists the unit that typed 1 for 100 % as 'cần xem lại', with its value", () => {
    const rnd = random(7);
    const subs = Array.from({ length: 30 }, (_, i) => {
      const typed = new Map<string, RawValue>([
        ["3.4.1", i === 17 ? 1 : 90 + Math.round(rnd() * 100) / 10],
        ["3.1.1", 50 + Math.floor(rnd() * 100)],
      ]);
      return unitSubmission(qn, "2021-H1", `UBND xã số ${i + 1}`, typed);
    });
    const result = mergeSubmissions(qn, subs);
    expect((result.review ?? []).map((o) => [o.unit, o.code, o.value])).toEqual([["UBND xã số 18", "3.4.1", 1]]);
  });
});

describe("period over period", () => {
  const figures = (entries: [string, number][]) => new Map(entries);

  it("a cumulative figure must not go down within a year", () => {
    const found = compareWithPrevious(
      qt,
      { period: "2023-Q3", values: figures([["BM5.3", 2]]) },
      { period: "2023-Q2", values: figures([["BM5.3", 5]]) },
    );
    expect(found.map((f) => [f.ruleId, f.codes[0], f.severity])).toEqual([["previous:cumulative", "BM5.3", "warning"]]);
    expect(found[0].message.vi).toBe("Số lũy kế giảm so với kỳ trước (Quý II năm 2023: 5; kỳ này 2): số lũy kế không giảm, hãy xem lại");
    // a new year starts again from nothing
    expect(
      compareWithPrevious(
        qt,
        { period: "2024-Q1", values: figures([["BM5.3", 0]]) },
        { period: "2023-Y", values: figures([["BM5.3", 5]]) },
      ),
    ).toEqual([]);
  });

  it("a figure that moves by more than the template's factor between periods of the same length is flagged", () => {
    const now = {
      period: "2023-Q3",
      values: figures([
        ["BM3.1.1", 400],
        ["BM3.1.2", 12],
        ["BM1.1", 3],
        ["BM7.6.4", 20],
      ]),
    };
    const before = {
      period: "2023-Q2",
      values: figures([
        ["BM3.1.1", 40],
        ["BM3.1.2", 10],
        ["BM1.1", 1],
        ["BM7.6.4", 95],
      ]),
    };
    const found = compareWithPrevious(qt, now, before);
    expect(found.map((f) => [f.ruleId, f.codes[0]])).toEqual([
      ["previous:change", "BM3.1.1"],
      ["previous:change", "BM7.6.4"],
    ]);
    expect(found[0].message.vi).toBe("Thay đổi hơn 3 lần so với kỳ trước (Quý II năm 2023: 40; kỳ này 400): hãy xem lại");
    // a year against a quarter is not a change
    expect(compareWithPrevious(qt, { ...now, period: "2023-Y" }, before).map((f) => f.ruleId)).not.toContain("previous:change");
  });

  it("refuses a 'previous' file that is not of an earlier period", () => {
    expect(() => compareWithPrevious(qt, { period: "2023-Q2", values: new Map() }, { period: "2023-Q3", values: new Map() })).toThrow(
      UserError,
    );
  });
});
