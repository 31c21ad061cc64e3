// Seeds 000 (Sở Khoa học và Công nghệ) and 004 (Văn phòng UBND tỉnh) are both Quảng Ngãi 2021
// reports. Each is typed into its sheet from ../shared/seed-tables and the two are merged; the
// expected totals below are added up by hand from the two TSV files.
import { mergeSubmissions } from "../src/domain/merge/engine";
import { Submission } from "../src/domain/merge/model";
import { UserError } from "../src/domain/messages";
import { builtInRegistry } from "../src/templates";
import { partialSeedTyped, seedTyped } from "./support/fill";
import { unitSubmission } from "./support/merge";
import { SEEDS } from "./support/seeds";

const qn = builtInRegistry().get("quang-ngai-2021");

const SKHCN = "Sở Khoa học và Công nghệ";
const VP = "Văn phòng UBND tỉnh";

/** Both reports as units send them; `periods` as printed on each (000: 6 tháng, 004: năm). */
function seedSubmissions(periods: [string, string]): Submission[] {
  return [
    unitSubmission(qn, periods[0], SKHCN, seedTyped(qn, SEEDS.quangNgai2021H1, [], { overFormulas: false }), {
      file: "000_3bd0c7f7a92d57ed.xlsx",
    }),
    unitSubmission(qn, periods[1], VP, partialSeedTyped(qn, SEEDS.quangNgai2021Y), { file: "004_32c1fbee4a83c899.xlsx" }),
  ];
}

describe("merging seeds 000 and 004 (quang-ngai-2021)", () => {
  it("refuses them as printed, because 000 is a six-month report and 004 an annual one", () => {
    let error: unknown;
    try {
      mergeSubmissions(qn, seedSubmissions(["2021-H1", "2021-Y"]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).userMessage).toEqual({
      vi: "Không tổng hợp được: các báo cáo phải cùng biểu mẫu, cùng phiên bản và cùng kỳ. 1/2 tệp là biểu mẫu quang-ngai-2021 phiên bản 1.0.0, kỳ 6 tháng đầu năm 2021; các tệp khác: 004_32c1fbee4a83c899.xlsx (kỳ năm 2021). Hãy bỏ các tệp này ra hoặc tổng hợp chúng riêng.",
      en: "Cannot merge: the reports must share the template, its version and the period. 1 of 2 files use template quang-ngai-2021 version 1.0.0, period First six months of 2021; the others: 004_32c1fbee4a83c899.xlsx (period Year 2021). Remove these files or merge them separately.",
    });
  });

  // For the totals, both are taken as reports of the year 2021.
  const result = mergeSubmissions(qn, seedSubmissions(["2021-Y", "2021-Y"]));
  const total = (code: string) => result.indicators.get(code)!;

  it("merges both: neither report has errors", () => {
    expect(result.sources.map((s) => [s.unitName, s.status, s.counts.error])).toEqual([
      [SKHCN, "merged", 0],
      [VP, "merged", 0],
    ]);
    expect(result.units).toEqual([SKHCN, VP]);
    expect(result.notMerged).toEqual([]);
  });

  it("adds counts as typed by hand", () => {
    expect(total("1.3.1").value).toBe(57); //    000: 0   + 004: 57
    expect(total("1.4.1").value).toBe(42071); // 000: 71  + 004: 42.000
    expect(total("3.1.1").value).toBe(315); //   000: 07  + 004: 308
    expect(total("3.1.2").value).toBe(53); //    000: 07  + 004: 46
    expect(total("3.2.1").value).toBe(1392); //  000: 12  + 004: 1.380
    expect(total("3.2.2").value).toBe(391); //   000: 12  + 004: 379
    expect(total("3.3.1").value).toBe(228); //   000: 02  + 004: 226
    expect(total("3.3.2").value).toBe(114); //   000: 0   + 004: 114
    expect(total("3.5.1").value).toBe(1582); //  000: 60  + 004: 1.522
    expect(total("3.5.2").value).toBe(810); //   000: 12  + 004: 798
    expect(total("3.1.3.a").value).toBe(1356); // 000: 65 + 004: 1.291
    expect(total("3.1.3.b").value).toBe(328); //  000: 0  + 004: 328
    expect(total("3.1.3.c").value).toBe(136); //  000: 0  + 004: 136
    expect(result.columns.map((c) => [c.label, c.values.get("1.4.1")])).toEqual([
      [SKHCN, 71],
      [VP, 42000],
    ]);
  });

  it("recomputes the computed total 3.1.3 from the merged parts", () => {
    // 1.356 + 328 + 136 = 1.820 = 000: 65 (65 + 0 + 0) + 004: 1.755 (1.291 + 328 + 136)
    expect(total("3.1.3")).toMatchObject({ value: 1820, reported: 2, missing: [] });
    expect(result.columns.map((c) => c.values.get("3.1.3"))).toEqual([65, 1755]);
  });

  it("counts and names the unit that left a row blank", () => {
    // 000 leaves 1.3.2, 1.3.3, 3.5.3 blank; 004 does not print section 2 (2.3: 000 typed 04)
    expect(total("1.3.2")).toMatchObject({ value: 55, reported: 1, missing: [SKHCN] });
    expect(total("1.3.2").note).toEqual({
      vi: "1/2 đơn vị chưa báo cáo: Sở Khoa học và Công nghệ",
      en: "1 of 2 units have not reported: Sở Khoa học và Công nghệ",
    });
    expect(total("1.3.3")).toMatchObject({ value: 1, missing: [SKHCN] });
    expect(total("3.5.3")).toMatchObject({ value: 191, missing: [SKHCN] });
    expect(total("2.3")).toMatchObject({ value: 4, missing: [VP] });
    // One line per unit, naming what it left blank (the detail stays in the notes and the sources sheet).
    const skhcn = result.findings.find((f) => f.unit === SKHCN)!;
    expect(skhcn.severity).toBe("warning");
    expect(skhcn.message.vi).toMatch(/^Sở Khoa học và Công nghệ chưa báo cáo 17\/93 chỉ tiêu: .*3\.5\.3/);
    expect(skhcn.message.en).toMatch(/^Sở Khoa học và Công nghệ has not reported 17 of 93 indicators: .*3\.5\.3/);
  });

  it("averages typed rates: plain mean as an estimate, weighted where the form has the weight", () => {
    // 3.4.1: (000: 98,4 + 004: 99) / 2; no weight on the form
    expect(total("3.4.1")).toMatchObject({ value: 98.7, estimate: true });
    expect(total("3.4.1").note!.vi).toBe(
      "ước tính: trung bình cộng của 2 đơn vị (biểu không có chỉ tiêu làm trọng số); thấp nhất 98,4 (Sở Khoa học và Công nghệ), cao nhất 99 (Văn phòng UBND tỉnh)",
    );
    expect(total("3.4.2")).toMatchObject({ value: 49, estimate: true }); // (000: 0 + 004: 98) / 2
    expect(total("3.4.4")).toMatchObject({ value: 40, estimate: true }); // (000: 0 + 004: 80) / 2
    // 3.3.3 weighted by 3.1.3: (100 × 65 + 100 × 1.755) / (65 + 1.755)
    expect(total("3.3.3")).toMatchObject({ value: 100, estimate: false });
    expect(total("3.3.3").note!.vi).toBe("bình quân gia quyền theo chỉ tiêu 3.1.3 của 2 đơn vị; các đơn vị đều ghi 100");
    // 7.6.2.a: only 000 reports it (100, weight 7.6.2 = 1.050)
    expect(total("7.6.2.a")).toMatchObject({ value: 100, estimate: false, missing: [VP] });
  });

  it("gives the choices in words and the text labelled with its unit", () => {
    expect(total("1.4.2")).toMatchObject({ value: 0, note: { vi: "Trực tuyến: 2 đơn vị" } }); // 000: 0, 004: 0
    expect(total("1.5")).toMatchObject({ value: 1, note: { vi: "Có: 2 đơn vị" } }); //          000: 1, 004: 1
    expect(total("7.3")).toMatchObject({
      value: 2,
      note: { vi: "Hoàn thành: 1 đơn vị; 1/2 đơn vị chưa báo cáo: Sở Khoa học và Công nghệ" },
    }); // 004: 2
    expect(total("7.6.1").value).toBe("Sở Khoa học và Công nghệ: Đã kết nối");
  });
});
