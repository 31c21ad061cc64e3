// The consolidation engine: what the summary says for each kind of indicator, what it does with the
// files it receives (duplicates, overlaps, reports with errors, a roster, other forms or periods), and
// properties over generated reports of all four templates: sums are preserved, merging summaries of
// parts equals merging every unit at once, the order of the files does not matter, nothing is lost.
import fc from "fast-check";
import {
  Aggregate,
  combine,
  combineAll,
  readAggregate,
  Statistics,
  SumAggregate,
  unitAggregate,
  unitCount,
} from "../src/domain/merge/aggregate";
import { mergeSubmissions } from "../src/domain/merge/engine";
import { aggregatesFromMetadata, aggregatesToMetadata } from "../src/domain/merge/metadata";
import { MergeResult, Submission } from "../src/domain/merge/model";
import { parseRoster } from "../src/domain/merge/units";
import { UserError } from "../src/domain/messages";
import { FormulaResult } from "../src/domain/compute";
import { Indicator, Template } from "../src/domain/template/schema";
import { formatParsed, MAX_FIGURE, parseValue, RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { allowedPeriods, randomValue, violatingValue } from "./support/fill";
import { summaryAsSubmission, unitSubmission } from "./support/merge";
import { random } from "./support/random";

const registry = builtInRegistry();
const qn = registry.get("quang-ngai-2021");
const qt = registry.get("quang-tri-2023");
const ALL = ["quang-ngai-2021", "ha-tinh-2021-xa", "quang-tri-2023", "soc-trang-2021"].map((id) => registry.get(id));
const CLEAN = { error: 0, warning: 0, info: 0 };

function report(unit: string, values: Record<string, RawValue>, extra: Partial<Submission> = {}, template: Template = qn): Submission {
  const period = template === qn ? "2021-Y" : "2023-Q3";
  return unitSubmission(template, period, unit, new Map(Object.entries(values)), { counts: CLEAN, ...extra });
}

/** A value for every input indicator of the form: a unit that left nothing blank. */
function filledValues(template: Template): Record<string, RawValue> {
  const values: Record<string, RawValue> = {};
  for (const ind of template.indicators) {
    if (ind.kind === "header" || ind.compute) continue;
    values[ind.code] = ind.kind === "choice" ? ind.options![0].value : ind.kind === "text" ? "Đã kết nối" : 1;
  }
  return values;
}

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error("no UserError thrown");
}

const A = "Sở Công Thương";
const B = "Sở Tư pháp";
const C = "Sở Xây dựng";
const D = "Sở Y tế";

describe("what the summary says for each kind of indicator", () => {
  it("sums counts exactly, keeps '-' apart from zero and names the units that left a row blank", () => {
    const r = mergeSubmissions(qn, [
      report(A, { "3.1.1": 7, "2.1": "-" }),
      report(B, { "3.1.1": "-", "2.1": "-" }),
      report(C, { "2.1": "-" }),
      report(D, { "3.1.1": "1.755", "2.1": "-" }),
    ]);
    expect(r.indicators.get("3.1.1")).toEqual({
      code: "3.1.1",
      value: 1762, // 7 + 1.755; "-" adds nothing
      estimate: false,
      reported: 3,
      missing: [C],
      note: { vi: "1/4 đơn vị chưa báo cáo: Sở Xây dựng", en: "1 of 4 units have not reported: Sở Xây dựng" },
    });
    expect(r.indicators.get("2.1")).toMatchObject({ value: "-", reported: 4, missing: [] });
    expect(r.indicators.get("2.2")).toMatchObject({ value: undefined, reported: 0, missing: [A, B, C, D] });
  });

  it("names the blanks once per unit, with how many of the form's indicators it left blank and which", () => {
    const full = filledValues(qn);
    const counted = qn.indicators.filter((i) => i.merge !== "none" && i.merge !== "recompute").length;
    const r = mergeSubmissions(qn, [report(A, full), report(B, { ...full, "3.1.1": null, "3.1.2": null }), report(C, {})]);
    const blanks = r.findings.filter((f) => f.unit !== undefined);
    expect(blanks).toEqual([
      {
        severity: "warning",
        topic: "unit",
        unit: B,
        message: {
          vi: `${B} chưa báo cáo 2/${counted} chỉ tiêu: dòng 3.1.1 và 3.1.2`,
          en: `${B} has not reported 2 of ${counted} indicators: rows 3.1.1 and 3.1.2`,
        },
      },
      {
        severity: "warning",
        topic: "unit",
        unit: C,
        message: {
          vi: `${C} chưa nhập số liệu nào (${counted}/${counted} chỉ tiêu để trống)`,
          en: `${C} has entered no figures (${counted} of ${counted} indicators blank)`,
        },
      },
    ]);
  });

  it("names a blank unnumbered row by its cell in the first workbook that has it, not in a retyped form", () => {
    const ht = registry.get("ha-tinh-2021-xa");
    const full = filledValues(ht);
    const htReport = (unit: string, values: Record<string, RawValue>, extra: Partial<Submission> = {}) =>
      unitSubmission(ht, "2021-Y", unit, new Map(Object.entries(values)), { counts: CLEAN, ...extra });
    const workbook = htReport(A, full);
    const retyped = htReport(C, full, { readAs: "retyped" });
    retyped.values.set("3.1.3.b", { ...retyped.values.get("3.1.3.b")!, cell: "Biểu 1!Z99" });
    const r = mergeSubmissions(ht, [retyped, workbook, htReport(B, { ...full, "3.1.3.b": null })]);
    const cell = workbook.values.get("3.1.3.b")!.cell.split("!")[1];
    expect(r.findings.find((f) => f.unit === B)?.message.vi).toMatch(new RegExp(`chưa báo cáo 1/\\d+ chỉ tiêu: ô ${cell}$`));
  });

  it("adds amounts without floating-point drift", () => {
    const r = mergeSubmissions(qt, [report(A, { "BM6.1.1": 0.1 }, {}, qt), report(B, { "BM6.1.1": 0.2 }, {}, qt)]);
    expect(r.indicators.get("BM6.1.1")!.value).toBe(0.3); // 0.1 + 0.2 in floating point is 0.30000000000000004
  });

  it("recomputes a computed total from the merged parts and shows what a unit typed over the formula in its column", () => {
    const r = mergeSubmissions(qn, [
      report(A, { "3.1.3.a": 10, "3.1.3.b": 5, "3.1.3.c": 0 }),
      // B typed 100 over the formula, but its parts add up to 20
      report(B, { "3.1.3": 100, "3.1.3.a": 20 }),
    ]);
    expect(r.indicators.get("3.1.3")).toMatchObject({
      value: 35, // (10 + 20) + 5 + 0
      reported: 2,
      note: {
        vi: "tính lại từ các thành phần; 1 đơn vị tự ghi số khác với các thành phần của mình: Sở Tư pháp",
        en: "recomputed from the parts; 1 unit typed a figure that differs from their own parts: Sở Tư pháp",
      },
    });
    expect(r.columns.map((c) => c.values.get("3.1.3"))).toEqual([15, 100]);
  });

  it("recomputes a rate from the merged numerator and denominator, never by averaging, and a zero denominator gives '-'", () => {
    const r = mergeSubmissions(qt, [
      report(A, { "BM1.2.1": 10, "BM1.2.2": 9, "BM1.3.3.1": 0, "BM1.3.3.2": 0 }, {}, qt),
      report(B, { "BM1.2.1": 30, "BM1.2.2": 21, "BM1.3.3.1": 0, "BM1.3.3.2": 0 }, {}, qt),
    ]);
    expect(r.columns.map((c) => c.values.get("BM1.2"))).toEqual([90, 70]);
    expect(r.indicators.get("BM1.2")!.value).toBe(75); // 30 / 40 × 100, not (90 + 70) / 2
    expect(r.indicators.get("BM1.3.3")!.value).toBe("-");
  });

  it("weights a typed rate by the indicator the template names", () => {
    const r = mergeSubmissions(qn, [
      report(A, { "3.3.3": 100, "3.1.3.a": 60 }),
      report(B, { "3.3.3": 50, "3.1.3.a": 40 }),
      report(C, { "3.3.3": "-" }),
    ]);
    expect(r.indicators.get("3.3.3")).toMatchObject({
      value: 80, // (100 × 60 + 50 × 40) / (60 + 40)
      estimate: false,
      reported: 3,
      note: {
        vi: "bình quân gia quyền theo chỉ tiêu 3.1.3 của 2 đơn vị; thấp nhất 50 (Sở Tư pháp), cao nhất 100 (Sở Công Thương)",
        en: "mean weighted by indicator 3.1.3 over 2 units; lowest 50 (Sở Tư pháp), highest 100 (Sở Công Thương)",
      },
    });
  });

  it("falls back to a plain mean, marked as an estimate, when a unit lacks the weight", () => {
    const r = mergeSubmissions(qn, [
      report(A, { "3.3.3": 100, "3.1.3.a": 60 }),
      report(B, { "3.3.3": 50, "3.1.3.a": 40 }),
      report(C, { "3.3.3": 70 }),
    ]);
    expect(r.indicators.get("3.3.3")).toMatchObject({
      value: 220 / 3,
      estimate: true,
      note: {
        vi: "ước tính: trung bình cộng của 3 đơn vị (1 đơn vị thiếu chỉ tiêu 3.1.3 để tính bình quân gia quyền: Sở Xây dựng); thấp nhất 50 (Sở Tư pháp), cao nhất 100 (Sở Công Thương)",
        en: "estimate: plain mean of 3 units (indicator 3.1.3, needed for a weighted mean, is missing for 1 unit: Sở Xây dựng); lowest 50 (Sở Tư pháp), highest 100 (Sở Công Thương)",
      },
    });
  });

  it("gives a plain mean with min, max and their units for a rate the form cannot weight", () => {
    const r = mergeSubmissions(qn, [
      report(A, { "3.4.1": "98,4" }),
      report(B, { "3.4.1": 99 }),
      report(C, { "3.4.1": "-" }),
      report(D, { "3.4.1": 99 }),
    ]);
    expect(r.indicators.get("3.4.1")).toMatchObject({
      value: 98.8, // (98,4 + 99 + 99) / 3
      estimate: true,
      reported: 4,
      note: {
        vi: "ước tính: trung bình cộng của 3 đơn vị (biểu không có chỉ tiêu làm trọng số); thấp nhất 98,4 (Sở Công Thương), cao nhất 99 (Sở Tư pháp, Sở Y tế)",
        en: "estimate: plain mean of 3 units (the form has no indicator to weight it by); lowest 98,4 (Sở Công Thương), highest 99 (Sở Tư pháp, Sở Y tế)",
      },
    });
    const one = mergeSubmissions(qn, [report(A, { "3.4.1": "98,4" }), report(B, {})]);
    expect(one.indicators.get("3.4.1")).toMatchObject({
      value: 98.4,
      estimate: false,
      note: {
        vi: "số của 1 đơn vị: Sở Công Thương; 1/2 đơn vị chưa báo cáo: Sở Tư pháp",
        en: "the figure of one unit: Sở Công Thương; 1 of 2 units have not reported: Sở Tư pháp",
      },
    });
  });

  it("counts how many units chose each option, in words", () => {
    const r = mergeSubmissions(qn, [
      report(A, { "1.5": 1, "7.3": 2 }),
      report(B, { "1.5": "Có", "7.3": 2 }),
      report(C, { "1.5": 0, "7.3": 2 }),
      report(D, {}),
    ]);
    expect(r.indicators.get("1.5")).toMatchObject({
      value: undefined,
      reported: 3,
      note: {
        vi: "Không: 1 đơn vị; Có: 2 đơn vị; 1/4 đơn vị chưa báo cáo: Sở Y tế",
        en: "Không: 1 unit; Có: 2 units; 1 of 4 units have not reported: Sở Y tế",
      },
    });
    // Every reporting unit gave the same answer: it is the summary's answer too.
    expect(r.indicators.get("7.3")).toMatchObject({ value: 2, note: { vi: "Hoàn thành: 3 đơn vị; 1/4 đơn vị chưa báo cáo: Sở Y tế" } });
    expect(r.aggregates.get("1.5")).toEqual({
      method: "distribution",
      counts: { "0": 1, "1": 2 },
      dashes: 0,
      missing: [D],
      unreadable: [],
    });
  });

  it("labels each unit's text with the unit", () => {
    const r = mergeSubmissions(qn, [report(B, { "7.6.1": "Chưa kết nối" }), report(A, { "7.6.1": "Đã kết nối" })]);
    expect(r.indicators.get("7.6.1")!.value).toBe("Sở Công Thương: Đã kết nối; Sở Tư pháp: Chưa kết nối");
  });

  it("lists values it cannot merge with file, cell and reason, and says so in the note", () => {
    const header = qn.indicators.find((i) => i.code === "3.1")!;
    const a = report(A, { "3.1.1": "abc", "3.1.2": 4 });
    a.values.set("3.1", { parsed: parseValue("Thống kê", { ...header, kind: "count" }), cell: "Phụ lục!D30" });
    a.values.set("9.9", { parsed: { status: "value", value: 3 }, cell: "Phụ lục!D200" });
    a.values.set("3.1.2", { parsed: { status: "text", text: "bốn" }, cell: a.values.get("3.1.2")!.cell });
    const r = mergeSubmissions(qn, [a, report(B, { "3.1.1": 5 })]);
    const cell = a.values.get("3.1.1")!.cell;
    const reason = (
      parseValue(
        "abc",
        qn.indicators.find((i) => i.code === "3.1.1")!,
      ) as { reason: unknown }
    ).reason;
    expect(r.notMerged).toEqual([
      { file: "Sở Công Thương.xlsx", cell, code: "3.1.1", raw: "abc", reason },
      {
        file: "Sở Công Thương.xlsx",
        cell: a.values.get("3.1.2")!.cell,
        code: "3.1.2",
        raw: "bốn",
        reason: {
          vi: 'Chỉ tiêu 3.1.2: "bốn" là chữ trong dòng số liệu, không cộng được',
          en: 'Indicator 3.1.2: "bốn" is text in a row of figures and cannot be added up',
        },
      },
      {
        file: "Sở Công Thương.xlsx",
        cell: "Phụ lục!D30",
        code: "3.1",
        raw: "Thống kê",
        reason: {
          vi: "Chỉ tiêu 3.1 là dòng tiêu đề, không có số liệu để tổng hợp",
          en: "Indicator 3.1 is a heading row with no figure to merge",
        },
      },
      {
        file: "Sở Công Thương.xlsx",
        cell: "Phụ lục!D200",
        code: "9.9",
        raw: "3",
        reason: { vi: "Biểu mẫu quang-ngai-2021 không có chỉ tiêu mã 9.9", en: "Template quang-ngai-2021 has no indicator 9.9" },
      },
    ]);
    expect(r.indicators.get("3.1.1")).toMatchObject({
      value: 5,
      reported: 1,
      note: {
        vi: "1/2 đơn vị ghi số liệu không đọc được, không tính: Sở Công Thương",
        en: "1 of 2 units wrote a value that cannot be read, left out: Sở Công Thương",
      },
    });
    expect(r.columns[0].values.has("3.1.1")).toBe(false);
    expect(r.findings).toContainEqual({
      severity: "warning",
      topic: "value",
      file: "Sở Công Thương.xlsx",
      message: {
        vi: `Sở Công Thương.xlsx, ${cell}: Chỉ tiêu 3.1.1: "abc" không phải là số; nhập số (ví dụ 1.755 hoặc 98,4), "-" nếu không phát sinh, hoặc để trống nếu chưa có số liệu; không đưa vào tổng hợp`,
        en: `Sở Công Thương.xlsx, ${cell}: Indicator 3.1.1: "abc" is not a number; type a number (e.g. 1.755 or 98,4), "-" if there is nothing to report, or leave it blank if not known yet; not merged`,
      },
    });
  });
});

describe("what the engine does with the files it receives", () => {
  it("keeps the newest of two reports of one unit, matching names whatever their spacing, case or Unicode form", () => {
    const old = report(B, { "3.1.1": 5 }, { file: "tu-phap.xlsx", createdAt: "2021-12-10T02:00:00.000Z" });
    const fresh = report(
      "  sở  TƯ PHÁP ".normalize("NFD"),
      { "3.1.1": 7 },
      { file: "tu-phap-sua.xlsx", createdAt: "2021-12-12T03:30:00.000Z" },
    );
    const r = mergeSubmissions(qn, [old, fresh, report(C, { "3.1.1": 1 })]);
    const reason = {
      vi: "Sở Tư pháp gửi trùng báo cáo: dùng tệp tu-phap-sua.xlsx (lưu 12/12/2021 10:30), không dùng tệp tu-phap.xlsx (lưu 10/12/2021 09:00)",
      en: "Duplicate report of Sở Tư pháp: tu-phap-sua.xlsx (saved 12/12/2021 10:30) is used, not tu-phap.xlsx (saved 10/12/2021 09:00)",
    };
    expect(r.sources.map((s) => [s.file, s.status, s.reason])).toEqual([
      ["tu-phap.xlsx", "replaced", reason],
      ["tu-phap-sua.xlsx", "merged", undefined],
      ["Sở Xây dựng.xlsx", "merged", undefined],
    ]);
    expect(r.indicators.get("3.1.1")!.value).toBe(8); // 7 + 1
    expect(r.notMerged).toEqual([{ file: "tu-phap.xlsx", cell: old.values.get("3.1.1")!.cell, code: "3.1.1", raw: "5", reason }]);
    expect(r.findings.filter((f) => f.file === "tu-phap.xlsx")).toEqual([
      {
        severity: "warning",
        topic: "source",
        file: "tu-phap.xlsx",
        message: { vi: `tu-phap.xlsx: ${reason.vi}`, en: `tu-phap.xlsx: ${reason.en}` },
      },
    ]);
  });

  it("matches a unit's name whatever invisible characters, bidi marks or old-style tone marks it carries", () => {
    const r = mergeSubmissions(
      qn,
      [
        report("UBND xã Hòa\u200B Châu", { "3.1.1": 1 }, { file: "a.xlsx", createdAt: "2021-12-10T02:00:00.000Z" }),
        report("\u202Aubnd XÃ HOÀ CHÂU\u202C", { "3.1.1": 2 }, { file: "b.xlsx", createdAt: "2021-12-11T02:00:00.000Z" }),
        report("UBND xã Hoà Khương\u00A0", { "3.1.1": 4 }, { file: "c.xlsx" }),
      ],
      { roster: ["UBND xã Hòa Châu", "UBND xã Hòa Khương"] },
    );
    expect(r.sources.map((s) => s.status)).toEqual(["replaced", "merged", "merged"]);
    expect(r.units).toHaveLength(2);
    expect(r.indicators.get("3.1.1")!.value).toBe(6);
    expect(r.roster!.missing).toEqual([]);
    expect(r.roster!.unexpected).toEqual([]);
  });

  it("decides between duplicates saved at the same time by the file's time, then by the order of the files, one line each", () => {
    const saved = "2021-12-10T02:00:00.000Z";
    const r = mergeSubmissions(qn, [
      report(B, { "3.1.1": 5 }, { file: "a.xlsx", createdAt: saved, fileModifiedAt: "2021-12-15T01:00:00.000Z" }),
      report(B, { "3.1.1": 7 }, { file: "b.xlsx", createdAt: saved, fileModifiedAt: "2021-12-14T01:00:00.000Z" }),
      report(C, { "3.1.1": 1 }, { file: "c.xlsx" }),
      report(C, { "3.1.1": 2 }, { file: "d.xlsx" }),
    ]);
    expect(r.sources.map((s) => s.status)).toEqual(["merged", "replaced", "replaced", "merged"]);
    expect(r.sources[1].reason!.vi).toBe(
      "Sở Tư pháp gửi trùng báo cáo: dùng tệp a.xlsx (lưu 10/12/2021 09:00, tệp sửa 15/12/2021 08:00), không dùng tệp b.xlsx (lưu 10/12/2021 09:00, tệp sửa 14/12/2021 08:00)",
    );
    expect(r.sources[2].reason!.vi).toBe(
      "Sở Xây dựng gửi trùng báo cáo: dùng tệp d.xlsx (không rõ thời điểm lưu), không dùng tệp c.xlsx (không rõ thời điểm lưu)",
    );
    expect(r.indicators.get("3.1.1")!.value).toBe(7); // 5 + 2
  });

  it("detects a unit reached twice, directly and through a summary, and counts it once", () => {
    const anHai = report("UBND xã An Hải", { "3.1.1": 2 }, { file: "an-hai.xlsx" });
    const binhChau = report("UBND xã Bình Châu", { "3.1.1": 3 });
    const huyen = summaryAsSubmission(mergeSubmissions(qn, [anHai, binhChau]), "tong-hop-binh-son.xlsx", "Phòng Nội vụ huyện Bình Sơn");
    const r = mergeSubmissions(qn, [anHai, huyen, report("UBND xã Tịnh Kỳ", { "3.1.1": 4 })]);
    expect(r.sources.map((s) => s.status)).toEqual(["overlap", "merged", "merged"]);
    expect(r.sources[0].reason).toEqual({
      vi: "Không tính để không đếm một đơn vị hai lần: UBND xã An Hải đã được tính qua tệp tong-hop-binh-son.xlsx",
      en: "Left out so that no unit is counted twice: UBND xã An Hải already counted through tong-hop-binh-son.xlsx",
    });
    expect(r.units).toEqual(["UBND xã An Hải", "UBND xã Bình Châu", "UBND xã Tịnh Kỳ"]);
    expect(r.indicators.get("3.1.1")!.value).toBe(9); // 2 + 3 through the summary, + 4
    expect(r.columns.map((c) => [c.label, c.values.get("3.1.1")])).toEqual([
      ["Phòng Nội vụ huyện Bình Sơn", 5],
      ["UBND xã Tịnh Kỳ", 4],
    ]);
  });

  it("keeps one of two summaries that share a unit and names the unit that is lost with the other", () => {
    const [x, y, z] = ["UBND xã An Hải", "UBND xã Bình Châu", "UBND xã Tịnh Kỳ"].map((u) => report(u, { "3.1.1": 1 }));
    const s1 = summaryAsSubmission(mergeSubmissions(qn, [x, y]), "s1.xlsx", "Phòng Nội vụ huyện Bình Sơn");
    const s2 = summaryAsSubmission(mergeSubmissions(qn, [y, z]), "s2.xlsx", "Phòng Nội vụ TP Quảng Ngãi");
    const r = mergeSubmissions(qn, [s1, s2]);
    expect(r.sources.map((s) => [s.status, s.reason?.vi])).toEqual([
      [
        "overlap",
        "Không tính để không đếm một đơn vị hai lần: UBND xã Bình Châu đã được tính qua tệp s2.xlsx; vì vậy UBND xã An Hải không có trong tổng hợp; hãy đề nghị gửi báo cáo riêng của các đơn vị này",
      ],
      ["merged", undefined],
    ]);
    expect(r.units).toEqual(["UBND xã Bình Châu", "UBND xã Tịnh Kỳ"]);
    expect(r.findings).toContainEqual({
      severity: "error",
      topic: "unit",
      unit: "UBND xã An Hải",
      file: "s1.xlsx",
      message: {
        vi: "UBND xã An Hải không có trong tổng hợp: chỉ có trong tệp s1.xlsx, tệp này trùng đơn vị với tệp s2.xlsx",
        en: "UBND xã An Hải is not in the totals: it is only in s1.xlsx, which shares units with s2.xlsx",
      },
    });
    // With An Hải's own report the summary that lost it is no longer needed for it.
    const again = mergeSubmissions(qn, [s1, s2, report("UBND xã An Hải", { "3.1.1": 1 }, { file: "an-hai.xlsx" })]);
    expect(again.units).toEqual(["UBND xã An Hải", "UBND xã Bình Châu", "UBND xã Tịnh Kỳ"]);
    expect(again.indicators.get("3.1.1")!.value).toBe(3);
    expect(again.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("takes the newer reports of every unit of a summary instead of it, and says so", () => {
    const old = "2021-12-01T02:00:00.000Z";
    const newer = "2021-12-05T02:00:00.000Z";
    const [x, y] = ["UBND xã An Hải", "UBND xã Bình Châu"].map((u) => report(u, { "3.1.1": 1 }));
    const s = { ...summaryAsSubmission(mergeSubmissions(qn, [x, y]), "s.xlsx", "Phòng Nội vụ huyện Bình Sơn"), createdAt: old };
    const r = mergeSubmissions(qn, [
      s,
      report("UBND xã An Hải", { "3.1.1": 5 }, { file: "x2.xlsx", createdAt: newer }),
      report("UBND xã Bình Châu", { "3.1.1": 6 }, { file: "y2.xlsx", createdAt: newer }),
    ]);
    expect(r.sources.map((x) => [x.file, x.status])).toEqual([
      ["s.xlsx", "replaced"],
      ["x2.xlsx", "merged"],
      ["y2.xlsx", "merged"],
    ]);
    expect(r.sources[0].reason!.vi).toBe(
      "mọi đơn vị của bảng tổng hợp này đã gửi báo cáo mới hơn (x2.xlsx, y2.xlsx); dùng các báo cáo đó thay cho bảng tổng hợp",
    );
    expect(r.indicators.get("3.1.1")!.value).toBe(11);
  });

  it("keeps a summary over a newer report of one of its units, naming the newer report and what to do", () => {
    const [x, y] = ["UBND xã An Hải", "UBND xã Bình Châu"].map((u) => report(u, { "3.1.1": 1 }));
    const s = {
      ...summaryAsSubmission(mergeSubmissions(qn, [x, y]), "s.xlsx", "Phòng Nội vụ huyện Bình Sơn"),
      createdAt: "2021-12-01T02:00:00.000Z",
    };
    const r = mergeSubmissions(qn, [
      s,
      report("UBND xã Bình Châu", { "3.1.1": 6 }, { file: "y2.xlsx", createdAt: "2021-12-05T02:00:00.000Z" }),
    ]);
    expect(r.sources.map((x) => x.status)).toEqual(["merged", "overlap"]);
    expect(r.sources[1].reason!.vi).toBe(
      "Không tính để không đếm một đơn vị hai lần: UBND xã Bình Châu đã được tính qua tệp s.xlsx; tệp này mới hơn (lưu 05/12/2021 09:00) nhưng bảng tổng hợp không tách riêng từng đơn vị được; muốn dùng số liệu mới, hãy lập lại bảng tổng hợp đó với báo cáo này",
    );
    expect(r.units).toEqual(["UBND xã An Hải", "UBND xã Bình Châu"]);
    expect(r.indicators.get("3.1.1")!.value).toBe(2);
  });

  it("merges reports with errors or a stale stamp but flags them, or leaves them out when asked", () => {
    const withErrors = report(A, { "3.1.1": 5 }, { counts: { error: 2, warning: 1, info: 0 } });
    const stale = report(B, { "3.1.1": 6 }, { stamp: "stale" });
    const both = report(C, { "3.1.1": 7 }, { counts: { error: 1, warning: 0, info: 0 }, stamp: "stale" });
    const clean = report(D, { "3.1.1": 8 }, { stamp: "valid" });
    const flagged = mergeSubmissions(qn, [withErrors, stale, both, clean]);
    expect(flagged.sources.map((s) => [s.status, s.reason])).toEqual([
      ["flagged", { vi: "Cần xem lại: báo cáo có 2 lỗi", en: "To be reviewed: the report has 2 errors" }],
      [
        "flagged",
        {
          vi: "Cần xem lại: số liệu đã sửa sau khi kiểm tra, dấu xác nhận không còn đúng",
          en: "To be reviewed: values were edited after validation, so the stamp is stale",
        },
      ],
      [
        "flagged",
        {
          vi: "Cần xem lại: báo cáo có 1 lỗi; số liệu đã sửa sau khi kiểm tra, dấu xác nhận không còn đúng",
          en: "To be reviewed: the report has 1 error; values were edited after validation, so the stamp is stale",
        },
      ],
      ["merged", undefined],
    ]);
    expect(flagged.indicators.get("3.1.1")!.value).toBe(26);

    const excluded = mergeSubmissions(qn, [withErrors, stale, both, clean], { excludeFlagged: true });
    expect(excluded.sources.map((s) => s.status)).toEqual(["excluded", "excluded", "excluded", "merged"]);
    expect(excluded.sources[0].reason).toEqual({
      vi: "Không tổng hợp vì báo cáo có 2 lỗi",
      en: "Not merged because the report has 2 errors",
    });
    expect(excluded.indicators.get("3.1.1")).toMatchObject({ value: 8, missing: [] });
    expect(excluded.units).toEqual([D]);
    expect(excluded.notMerged.map((n) => [n.file, n.code, n.raw, n.reason.vi])).toEqual([
      ["Sở Công Thương.xlsx", "3.1.1", "5", "Không tổng hợp vì báo cáo có 2 lỗi"],
      ["Sở Tư pháp.xlsx", "3.1.1", "6", "Không tổng hợp vì số liệu đã sửa sau khi kiểm tra, dấu xác nhận không còn đúng"],
      [
        "Sở Xây dựng.xlsx",
        "3.1.1",
        "7",
        "Không tổng hợp vì báo cáo có 1 lỗi; số liệu đã sửa sau khi kiểm tra, dấu xác nhận không còn đúng",
      ],
    ]);
  });

  it("lists who on the roster has not reported and who is not on it, and orders the columns as the roster does", () => {
    const roster = parseRoster(
      'STT;Tên đơn vị;Ghi chú\n1;UBND xã An Hải;\n2;"UBND xã Bình Châu, huyện Bình Sơn";\n3;UBND xã Tịnh Kỳ;\n4;UBND xã Nghĩa Hà;\n',
    );
    const r = mergeSubmissions(
      qn,
      [
        report("ubnd xã bình châu, huyện bình sơn", { "3.1.1": 1 }),
        report("UBND xã An Hải", { "3.1.1": 1 }),
        report("UBND phường Trần Phú", { "3.1.1": 1 }),
      ],
      { roster },
    );
    expect(r.roster).toMatchObject({ missing: ["UBND xã Tịnh Kỳ", "UBND xã Nghĩa Hà"], unexpected: ["UBND phường Trần Phú"] });
    expect(r.columns.map((c) => c.label)).toEqual(["UBND xã An Hải", "ubnd xã bình châu, huyện bình sơn", "UBND phường Trần Phú"]);
    expect(r.findings).toContainEqual({
      severity: "warning",
      topic: "roster",
      message: {
        vi: "2/4 đơn vị trong danh sách chưa gửi báo cáo: UBND xã Tịnh Kỳ, UBND xã Nghĩa Hà",
        en: "2 of 4 units on the roster have not sent a report: UBND xã Tịnh Kỳ, UBND xã Nghĩa Hà",
      },
    });
    expect(r.findings).toContainEqual({
      severity: "info",
      topic: "roster",
      message: { vi: "1 đơn vị không có trong danh sách: UBND phường Trần Phú", en: "1 unit not on the roster: UBND phường Trần Phú" },
    });
  });

  it("counts who sent on time and who late against the due date (end of the due day, Vietnam time), and whose report has errors", () => {
    // quang-ngai-2021, năm 2021: due 20/12/2021; 16:59 UTC is 23:59 in Vietnam.
    const roster = [A, B, C, D, "Sở Nội vụ"];
    const r = mergeSubmissions(
      qn,
      [
        report(A, { "3.1.1": 1 }, { createdAt: "2021-12-19T03:00:00.000Z" }),
        report(B, { "3.1.1": 1 }, { createdAt: "2021-12-20T16:59:00.000Z", counts: { error: 2, warning: 0, info: 0 } }),
        report(C, { "3.1.1": 1 }, { createdAt: "2021-12-20T17:00:00.000Z" }),
        report(D, { "3.1.1": 1 }, { createdAt: "2022-01-05T01:00:00.000Z", counts: { error: 1, warning: 0, info: 0 } }),
      ],
      { roster },
    );
    expect(r.roster).toMatchObject({
      due: "2021-12-20",
      expected: roster,
      received: [A, B, C, D],
      onTime: [A, B],
      late: [C, D],
      undated: [],
      missing: ["Sở Nội vụ"],
      withErrors: [B, D],
      unexpected: [],
    });
    expect(r.roster!.entries[2]).toEqual({
      unit: C,
      status: "late",
      file: `${C}.xlsx`,
      savedAt: "2021-12-20T17:00:00.000Z",
      errors: 0,
      merged: true,
    });
    expect(r.findings).toContainEqual({
      severity: "info",
      topic: "roster",
      message: {
        vi: `2/5 đơn vị gửi muộn, lưu sau hạn 20/12/2021: ${C} (21/12/2021 00:00), ${D} (05/01/2022 08:00)`,
        en: `2 of 5 units reported late, saved after the due date 20/12/2021: ${C} (21/12/2021 00:00), ${D} (05/01/2022 08:00)`,
      },
    });
  });

  it("refuses to merge other forms, versions or periods, naming each file and what differs", () => {
    const e = userError(() =>
      mergeSubmissions(qn, [
        report(A, {}, { file: "a.xlsx" }),
        report(B, {}, { file: "b.xlsx" }),
        report(C, {}, { file: "c.xlsx", period: "2021-H1" }),
        report(D, {}, { file: "d.xlsx", templateVersion: "1.1.0" }),
        report("Sở Nội vụ", {}, { file: "e.xlsx", templateId: "ha-tinh-2021-xa", period: "2021-Q3" }),
      ]),
    );
    expect(e.userMessage).toEqual({
      vi: "Không tổng hợp được: các báo cáo phải cùng biểu mẫu, cùng phiên bản và cùng kỳ. 2/5 tệp là biểu mẫu quang-ngai-2021 phiên bản 1.0.0, kỳ năm 2021; các tệp khác: c.xlsx (kỳ 6 tháng đầu năm 2021); d.xlsx (phiên bản 1.1.0); e.xlsx (biểu mẫu ha-tinh-2021-xa phiên bản 1.0.0, kỳ quý III năm 2021). Hãy bỏ các tệp này ra hoặc tổng hợp chúng riêng.",
      en: "Cannot merge: the reports must share the template, its version and the period. 2 of 5 files use template quang-ngai-2021 version 1.0.0, period Year 2021; the others: c.xlsx (period First six months of 2021); d.xlsx (version 1.1.0); e.xlsx (template ha-tinh-2021-xa version 1.0.0, period Quarter 3 2021). Remove these files or merge them separately.",
    });
    expect(userError(() => mergeSubmissions(qn, [])).userMessage.vi).toBe(
      "Không có báo cáo nào để tổng hợp; hãy chọn các tệp .xlsx của các đơn vị",
    );
  });

  it("falls back to a summary's own totals where its stored statistics are damaged, and says so", () => {
    const s = summaryAsSubmission(
      mergeSubmissions(qn, [report(A, { "3.1.1": 2 }), report(B, { "3.1.1": 3 })]),
      "tong-hop.xlsx",
      "Sở Nội vụ",
    );
    s.aggregates!.set("3.1.1", { method: "sum", total: "abc" });
    const r = mergeSubmissions(qn, [s, report(C, { "3.1.1": 4 })]);
    expect(r.indicators.get("3.1.1")).toMatchObject({ value: 9, reported: 2 });
    expect(r.findings).toContainEqual({
      severity: "warning",
      topic: "merge",
      file: "tong-hop.xlsx",
      message: {
        vi: "tong-hop.xlsx: bảng tổng hợp thiếu hoặc hỏng số liệu chi tiết (trang _cchc) của 1 chỉ tiêu (3.1.1); các chỉ tiêu này lấy số tổng của tệp như số của một đơn vị, nên không biết đơn vị nào trong đó chưa báo cáo",
        en: "tong-hop.xlsx: the summary's detailed statistics (sheet _cchc) are missing or damaged for 1 indicator (3.1.1); for these its totals count as one unit's figures, so it is not known which of its units have not reported",
      },
    });
  });
});

describe("parseRoster", () => {
  it("reads one name per line, commas included, dropping blanks and repeats", () => {
    expect(parseRoster("UBND xã An Hải\r\nUBND xã Tịnh Kỳ, TP Quảng Ngãi\n\n  UBND  xã Nghĩa Hà \nubnd xã an hải\n")).toEqual([
      "UBND xã An Hải",
      "UBND xã Tịnh Kỳ, TP Quảng Ngãi",
      "UBND xã Nghĩa Hà",
    ]);
    expect(parseRoster("Đơn vị sự nghiệp A\nĐơn vị sự nghiệp B")).toEqual(["Đơn vị sự nghiệp A", "Đơn vị sự nghiệp B"]);
    expect(parseRoster(" \n")).toEqual([]);
  });

  it("reads the name column of a CSV export with a header (comma, semicolon or tab; quotes; byte-order mark)", () => {
    expect(parseRoster('\uFEFFSTT,Tên đơn vị,Ghi chú\n1,"UBND xã Bình Châu, huyện Bình Sơn",mới\n2,"Sở ""A""",\n')).toEqual([
      "UBND xã Bình Châu, huyện Bình Sơn",
      'Sở "A"',
    ]);
    expect(parseRoster("Mã\tCơ quan\n01\tSở Y tế\n")).toEqual(["Sở Y tế"]);
    expect(parseRoster("Tên đơn vị\nUBND xã A, huyện B\n")).toEqual(["UBND xã A, huyện B"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated reports

const TEXTS = ["Đã kết nối", "Chưa kết nối", "QĐ 15/2021/QĐ-UBND"];

/** What a unit types: plausible values, blanks, "-", a formula typed over now and then, rarely an unreadable value. */
function typedValues(t: Template, rnd: () => number): Map<string, RawValue> {
  const typed = new Map<string, RawValue>();
  for (const ind of t.indicators) {
    if (ind.kind === "header" || (ind.compute && rnd() < 0.85)) continue;
    const v =
      rnd() < 0.03 ? violatingValue(ind, rnd) : ind.kind === "text" && rnd() < 0.9 ? TEXTS[Math.floor(rnd() * 3)] : randomValue(ind, rnd);
    typed.set(ind.code, v);
  }
  return typed;
}

function units(t: Template, rnd: () => number, n: number, prefix: string): Submission[] {
  const period = allowedPeriods(t, 2024)[0];
  return Array.from({ length: n }, (_, i) =>
    unitSubmission(t, period, `${prefix} ${i + 1}`, typedValues(t, rnd), { counts: CLEAN, file: `${prefix}-${i + 1}.xlsx` }),
  );
}

function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Random groups, each merged into a summary; sometimes the summaries are grouped again. */
function rollUp(t: Template, subs: Submission[], rnd: () => number, level = 1): Submission[] {
  const groups = new Map<number, Submission[]>();
  const k = 1 + Math.floor(rnd() * Math.min(4, subs.length));
  for (const s of subs) {
    const g = Math.floor(rnd() * k);
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  const summaries = [...groups.values()].map((group, g) =>
    summaryAsSubmission(mergeSubmissions(t, shuffle(group, rnd)), `tong-hop-${level}-${g}.xlsx`, `Tổng hợp cấp ${level} số ${g + 1}`),
  );
  return level < 3 && summaries.length > 2 && rnd() < 0.5 ? rollUp(t, summaries, rnd, level + 1) : summaries;
}

/** What must not depend on how the units were grouped or ordered. */
function outcome(r: MergeResult) {
  return {
    indicators: [...r.indicators.values()],
    aggregates: Object.fromEntries(r.aggregates),
    units: r.units,
  };
}

describe("properties over generated reports of all four templates", () => {
  it.each(ALL.map((t) => [t.id, t] as const))("%s: each sum is the exact sum of the units' figures", (_, t) => {
    const rnd = random(11);
    for (let round = 0; round < 10; round++) {
      const subs = units(t, rnd, 2 + Math.floor(rnd() * 8), "Đơn vị");
      const r = mergeSubmissions(t, subs);
      const sums = t.indicators.filter((i) => i.merge === "sum");
      // One comparison per round, not one per indicator: a failure still names the indicator.
      const merged = sums.map((ind) => {
        const m = r.indicators.get(ind.code)!;
        return { code: ind.code, value: m.value, reported: m.reported, missing: m.missing.length };
      });
      const expected = sums.map((ind) => {
        const parsed = subs.map((s) => s.values.get(ind.code)!.parsed);
        // A negative count or amount is an error and never enters a total (it is listed as not merged).
        const numbers = parsed.flatMap((p) => (p.status === "value" && p.value >= 0 ? [p.value] : []));
        const thousandths = numbers.reduce((a, v) => a + BigInt(Math.round(v * 1000)), 0n);
        return {
          code: ind.code,
          value: numbers.length > 0 ? Number(thousandths) / 1000 : parsed.some((p) => p.status === "notApplicable") ? "-" : undefined,
          reported: parsed.filter((p) => (p.status === "value" && p.value >= 0) || p.status === "notApplicable").length,
          missing: parsed.filter((p) => p.status === "missing").length,
        };
      });
      expect(merged).toEqual(expected);
    }
  });

  it.each(ALL.map((t) => [t.id, t] as const))("%s: merging summaries of parts gives exactly the flat merge", (_, t) => {
    const rnd = random(22);
    for (let round = 0; round < 20; round++) {
      const subs = units(t, rnd, 2 + Math.floor(rnd() * 10), "UBND xã");
      const flat = mergeSubmissions(t, subs);
      const summaries = rollUp(t, subs, rnd);
      expect(outcome(mergeSubmissions(t, summaries))).toEqual(outcome(flat));
    }
  });

  it("a merge of 700 units gives what merging summaries of its parts gives", () => {
    const t = ALL.find((x) => x.id === "soc-trang-2021")!;
    const rnd = random(77);
    const subs = units(t, rnd, 700, "UBND xã");
    const flat = mergeSubmissions(t, subs);
    const parts = Array.from({ length: 7 }, (_, g) =>
      summaryAsSubmission(mergeSubmissions(t, subs.slice(g * 100, (g + 1) * 100)), `tong-hop-${g}.xlsx`, `Tổng hợp số ${g + 1}`),
    );
    expect(outcome(mergeSubmissions(t, parts))).toEqual(outcome(flat));
    expect(flat.units).toHaveLength(700);
    for (const agg of flat.aggregates.values()) expect(unitCount(agg as Aggregate)).toBe(700);
  });

  it.each(ALL.map((t) => [t.id, t] as const))("%s: the order of the files does not change the summary", (_, t) => {
    const rnd = random(33);
    for (let round = 0; round < 12; round++) {
      const subs = units(t, rnd, 2 + Math.floor(rnd() * 10), "Sở");
      expect(outcome(mergeSubmissions(t, shuffle(subs, rnd)))).toEqual(outcome(mergeSubmissions(t, subs)));
    }
  });

  it.each(ALL.map((t) => [t.id, t] as const))("%s: every non-empty value is merged or listed as not merged, never both", (_, t) => {
    const rnd = random(44);
    for (let round = 0; round < 10; round++) {
      const base = units(t, rnd, 3 + Math.floor(rnd() * 6), "Đơn vị");
      const subs: Submission[] = [...base];
      // a second, older report of a unit
      const again = base[Math.floor(rnd() * base.length)];
      subs.push({
        ...units(t, rnd, 1, "x")[0],
        unitName: again.unitName.toUpperCase(),
        units: [again.unitName],
        file: `${again.file}.cu.xlsx`,
        createdAt: "2000-01-01T00:00:00Z",
      });
      // a summary of some units whose own files are also here
      const part = base.filter(() => rnd() < 0.5);
      if (part.length > 0) subs.push(summaryAsSubmission(mergeSubmissions(t, part), "tong-hop.xlsx", "Phòng Nội vụ"));
      // a report with errors, a value in a heading row and a code the template does not have
      const odd = units(t, rnd, 1, "Đơn vị lỗi")[0];
      odd.counts = { error: 3, warning: 0, info: 0 };
      const header = t.indicators.find((i) => i.kind === "header")!;
      odd.values.set(header.code, { parsed: { status: "text", text: "ghi nhầm" }, cell: "Phụ lục!D5" });
      odd.values.set("ZZ.1", { parsed: { status: "value", value: 1 }, cell: "Phụ lục!D999" });
      subs.push(odd);

      const shuffled = shuffle(subs, rnd);
      const r = mergeSubmissions(t, shuffled, { excludeFlagged: rnd() < 0.5 });
      // One comparison per round, not one per value: a failure still names the file and the code.
      const places: { file: string; code: string; places: number; raw: string }[] = [];
      const expected: typeof places = [];
      shuffled.forEach((s, i) => {
        const included = r.sources[i].status === "merged" || r.sources[i].status === "flagged";
        const column = r.columns.find((c) => c.file === s.file);
        expect({ file: s.file, column: column !== undefined }).toEqual({ file: s.file, column: included });
        for (const [code, v] of s.values) {
          if (v.parsed.status === "missing") continue;
          const listed = r.notMerged.filter((n) => n.file === s.file && n.cell === v.cell && n.code === code);
          const merged = column?.values.has(code) ?? false;
          const raw = formatParsed(v.parsed);
          places.push({ file: s.file, code, places: listed.length + (merged ? 1 : 0), raw: listed.length > 0 ? listed[0].raw : raw });
          expected.push({ file: s.file, code, places: 1, raw });
        }
      });
      expect(places).toEqual(expected);
      // …and each indicator's statistics cover every unit of the summary exactly once.
      const covered = [...r.aggregates].map(([code, agg]) => ({ code, units: unitCount(agg as Aggregate) }));
      expect(covered).toEqual([...r.aggregates.keys()].map((code) => ({ code, units: r.units.length })));
    }
  });

  it("a sum is exact up to the largest figures, whole or not, however many units, combined or gathered (figures add as doubles only while exact)", () => {
    const amount = qt.indicators.find((i) => i.merge === "sum" && i.kind === "amount")!;
    // Whole figures up to MAX_FIGURE (a thousand of them pass 2^53), and figures with 1 to 7 decimals among
    // them (past the 6 places added as doubles); each with its exact value in units of 10^-7.
    const PLACES = 7;
    const decimals = (places: number, max: number) =>
      fc.integer({ min: 0, max }).map((n) => ({ value: n / 10 ** places, units: BigInt(n) * 10n ** BigInt(PLACES - places) }));
    const figure = fc.oneof(
      {
        arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => ({
          value: n % (MAX_FIGURE + 1),
          units: BigInt(n % (MAX_FIGURE + 1)) * 10n ** BigInt(PLACES),
        })),
        weight: 8,
      },
      { arbitrary: decimals(0, 10 ** 6), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: PLACES }).chain((places) => decimals(places, 10 ** 9)), weight: 2 },
    );
    const text = (units: bigint) => {
      const negative = units < 0n;
      const digits = String(negative ? -units : units).padStart(PLACES + 1, "0");
      const fraction = digits.slice(-PLACES).replace(/0+$/, "");
      return `${negative ? "-" : ""}${digits.slice(0, -PLACES)}${fraction ? `.${fraction}` : ""}`;
    };
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 1200, size: "large" }), fc.integer({ min: 1, max: 40 }), (figures, part) => {
        const aggs = figures.map((f, k) => unitAggregate(amount, `Xã ${k}`, parseValue(f.value, amount)));
        // Combined in parts (as a summary of summaries is) and all at once: both the exact total.
        const parts: Aggregate[] = [];
        for (let k = 0; k < aggs.length; k += part) parts.push(combineAll(aggs.slice(k, k + part)));
        // And gathered in place, as the engine does (Statistics).
        const gathered = new Statistics(amount);
        figures.forEach((f, k) => gathered.addUnit(`Xã ${k}`, parseValue(f.value, amount)));
        const exact = text(figures.reduce((a, f) => a + f.units, 0n));
        for (const total of [combineAll(parts), combineAll(aggs), gathered.result()]) expect((total as SumAggregate).total).toBe(exact);
      }),
      { numRuns: 60, endOnFailure: true },
    );
  });

  it("gathered a unit at a time, the statistics are what combining each unit's own gives: every method, with blanks, dashes, text, figures out of range, ties, weights", () => {
    const merged = ALL.flatMap((t) => t.indicators.filter((i) => i.merge !== "none"));
    const byCode = new Map(ALL.flatMap((t) => t.indicators.map((i) => [`${t.id} ${i.code}`, i] as const)));
    const weightOf = (ind: Indicator) => ALL.map((t) => byCode.get(`${t.id} ${ind.weight}`)).find((w) => w) ?? ind;
    const raw = (ind: Indicator): fc.Arbitrary<RawValue> =>
      fc.oneof(
        fc.constantFrom<RawValue>(null, "-", "không rõ", 0, -0, 1e-7, 98.4, MAX_FIGURE, MAX_FIGURE * 10),
        fc.integer({ min: -3, max: 6 }),
        fc.double({ min: -50, max: 250, noNaN: true }),
        fc.constantFrom<RawValue>(...(ind.options ?? []).map((o) => o.value), 1),
      );
    const recomputed = fc.oneof(
      fc.constantFrom<FormulaResult>("", "-"),
      fc.integer({ min: 0, max: 6 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
    );
    const cases = fc
      .constantFrom(...merged)
      .chain((ind) =>
        fc.tuple(
          fc.constant(ind),
          fc.array(fc.record({ value: raw(ind), weight: raw(weightOf(ind)), recomputed }), { minLength: 1, maxLength: 80 }),
        ),
      );
    fc.assert(
      fc.property(cases, ([ind, units]) => {
        const gathered = new Statistics(ind);
        const each = units.map(({ value, weight, recomputed }, k) => {
          const ctx = { weight: ind.weight ? parseValue(weight, weightOf(ind)) : undefined, recomputed };
          gathered.addUnit(`Xã ${k}`, parseValue(value, ind), ctx);
          return unitAggregate(ind, `Xã ${k}`, parseValue(value, ind), ctx);
        });
        expect(gathered.result()).toEqual(combineAll(each));
      }),
      { numRuns: 1500 },
    );
  });

  it.each(ALL.map((t) => [t.id, t] as const))("%s: statistics combine in any order and survive the summary's _cchc sheet", (_, t) => {
    const rnd = random(55);
    const inds = t.indicators.filter((i) => i.merge !== "none");
    const one = (ind: Indicator, unit: string): Aggregate =>
      unitAggregate(ind, unit, parseValue(randomValue(ind, rnd), ind), {
        weight: ind.weight ? parseValue(Math.floor(rnd() * 50), ind) : undefined,
        recomputed: rnd() < 0.5 ? "" : Math.floor(rnd() * 100),
      });
    for (const ind of inds) {
      const [a, b, c] = ["Xã A", "Xã B", "Xã C"].map((u) => one(ind, u));
      expect(combine(a, b)).toEqual(combine(b, a));
      expect(combine(combine(a, b), c)).toEqual(combine(a, combine(b, c)));
      const abc = combine(combine(a, b), c);
      const { aggregates, damaged } = aggregatesFromMetadata(aggregatesToMetadata(new Map([[ind.code, abc]])));
      expect(damaged).toEqual([]);
      expect(readAggregate(ind, aggregates.get(ind.code))).toEqual(abc);
    }
    const subs = units(t, rnd, 6, "Xã");
    const flat = mergeSubmissions(t, subs);
    const summary = summaryAsSubmission(mergeSubmissions(t, subs.slice(0, 3)), "th.xlsx", "Huyện");
    summary.aggregates = aggregatesFromMetadata(aggregatesToMetadata(summary.aggregates!)).aggregates;
    expect(outcome(mergeSubmissions(t, [summary, ...subs.slice(3)]))).toEqual(outcome(flat));
  });
});
