// The retyped-form recogniser on plain grids, as both ExcelJS and Office.js hand them over: how it
// decides the value column, where the table ends, what it undoes of Excel's conversions, the unit's
// whole name, and when it says the reading is to be reviewed.
import { GridCell, GridSheet, GridValue } from "../src/domain/retyped/grid";
import { readRetypedReport } from "../src/domain/retyped/read";
import { builtInRegistry } from "../src/templates";
import { readSeedTable, SEEDS } from "./support/seeds";

const registry = builtInRegistry();

type Row = (GridValue | GridCell | undefined)[];
const cell = (v: GridValue | GridCell | undefined): GridCell | undefined =>
  v === undefined || v === null ? undefined : typeof v === "object" && !(v instanceof Date) ? v : { value: v };
const sheet = (rows: Row[], merges: GridSheet["merges"] = []): GridSheet => ({
  name: "Sheet1",
  rows: rows.map((r) => r.map(cell)),
  merges,
});

/** Seed 002's first form (Biểu mẫu 1), as [stt, name, unit, value] rows. */
const BM1 = readSeedTable(SEEDS.quangTri2023Q3)
  .filter((r) => r.seq <= 18)
  .map((r) => [r.stt, r.name, r.unit, r.value] as const);
const TITLE: Row[] = [
  ["UBND TỈNH QUẢNG TRỊ", undefined, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
  ["SỞ Y TẾ"],
  [],
  ["PHỤ LỤC"],
  ["THỐNG KÊ SỐ LIỆU QUÝ III NĂM 2023"],
  [],
];

const read = (s: GridSheet) => readRetypedReport([s], "so-y-te.xlsx", registry);

describe("the value column", () => {
  it("is not the unit column under a group label with no sub-labels: the content decides, and a note says so", () => {
    const rows: Row[] = [...TITLE, ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", undefined, "Ghi chú"]];
    for (const [stt, name, unit, value] of BM1) rows.push([stt, name, unit, value === "" ? undefined : value]);
    const { form, submission } = read(sheet(rows));
    expect(form.valueByContent).toEqual({ named: "C", chosen: "D" });
    expect(submission.values.get("BM1.1")).toEqual({ parsed: { status: "value", value: 14 }, cell: "Sheet1!D8" });
    expect(submission.notes.some((n) => n.vi.includes("Cột C có tiêu đề số liệu nhưng chứa đơn vị tính; số liệu được đọc ở cột D"))).toBe(
      true,
    );
  });

  it("reads a two-row header without merges, in any column order, beside an extra column", () => {
    const rows: Row[] = [
      ...TITLE,
      ["Ghi chú", "Kế hoạch", "Kết quả thống kê", undefined, "Chỉ tiêu thống kê", "TT"],
      [undefined, undefined, "Số liệu", "Đơn vị tính"],
    ];
    for (const [stt, name, unit, value] of BM1) rows.push([undefined, 100, value === "" ? undefined : value, unit, name, stt]);
    const { form, submission } = read(sheet(rows));
    expect({ templateId: form.template.id, matched: form.matched.length, unmatched: form.unmatched.length }).toEqual({
      templateId: "quang-tri-2023",
      matched: BM1.length,
      unmatched: 0,
    });
    expect(submission.values.get("BM1.2")?.parsed).toEqual({ status: "value", value: 83 });
  });
});

describe("the end of the table", () => {
  it("is never a signature-like text inside the agency column, only the signature block after the table", () => {
    const rows: Row[] = [...TITLE, ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Cơ quan chủ trì thống kê báo cáo"]];
    BM1.forEach(([stt, name, unit, value], i) =>
      rows.push([stt, name, unit, value === "" ? undefined : value, i === 2 ? "Thủ trưởng cơ quan, đơn vị địa phương" : undefined]),
    );
    rows.push([], [undefined, "NGƯỜI LẬP BIỂU", undefined, "THỦ TRƯỞNG ĐƠN VỊ"], [undefined, "Nguyễn Văn A", undefined, "Trần Văn B"]);
    const { form } = read(sheet(rows));
    expect(form.matched.length).toBe(BM1.length);
    expect(form.unmatched).toEqual([]);
  });
});

describe("what Excel did to what the clerk typed", () => {
  it("reads a count stored as a date, a decimal that was thousands, text figures and percent cells as meant, with a note", () => {
    const rows: Row[] = [
      ...TITLE,
      ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
      ["1.", "Số văn bản chỉ đạo CCHC đã ban hành", "Văn bản", { value: new Date("2023-02-02T00:00:00Z"), numFmt: "dd/mm" }],
      ["2.", "Tỷ lệ hoàn thành Kế hoạch CCHC năm", "%", { value: 0.834, numFmt: "0.0%" }],
      ["2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", 1.755],
      ["2.2.", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", { value: 42, numFmt: "0.000" }],
      ["3.1.", "Số đơn vị đã kiểm tra", "Cơ quan, đơn vị", "1.050"],
    ];
    const { submission } = read(sheet(rows));
    const value = (code: string) => submission.values.get(code)?.parsed;
    expect([value("BM1.1"), value("BM1.2"), value("BM1.2.1"), value("BM1.2.2"), value("BM1.3.1")]).toEqual([
      { status: "value", value: 2, outOf: 2 },
      { status: "value", value: 83.4 },
      { status: "value", value: 1755 },
      { status: "value", value: 42000 },
      { status: "value", value: 1050 },
    ]);
    const notes = submission.notes.map((n) => n.vi).join("\n");
    expect(notes).toContain("Excel đã đổi số đếm dạng x/y thành ngày; đọc lại là x/y (D8: 02/02/2023 → 2/2)");
    expect(notes).toContain("D10: 1,755 → 1.755; D11: 42,000 → 42.000");
    expect(notes).toContain("số liệu lưu dạng chữ (Excel không coi là số); đọc thành số (D12: 1.050 → 1.050)");
    expect(notes).toContain("ô định dạng %");
  });
});

describe("the unit's whole name", () => {
  const unitOf = (title: Row[]) => {
    const rows: Row[] = [
      ...title,
      [],
      ["PHỤ LỤC"],
      ["THỐNG KÊ SỐ LIỆU QUÝ III NĂM 2023"],
      ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
    ];
    for (const [stt, name, unit, value] of BM1) rows.push([stt, name, unit, value === "" ? undefined : value]);
    return read(sheet(rows)).submission.unitName;
  };
  it.each([
    [[["UBND TỈNH QUẢNG NGÃI", undefined, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["VĂN PHÒNG"]], "VĂN PHÒNG UBND TỈNH QUẢNG NGÃI"],
    [[["UBND TỈNH QUẢNG NGÃI\nVĂN PHÒNG", undefined, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]], "VĂN PHÒNG UBND TỈNH QUẢNG NGÃI"],
    [[["ỦY BAN NHÂN DÂN", undefined, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["XÃ SƠN PHÚ"]], "ỦY BAN NHÂN DÂN XÃ SƠN PHÚ"],
    [[["UBND TỈNH QUẢNG TRỊ"], ["SỞ KHOA HỌC VÀ"], ["CÔNG NGHỆ"], ["Số: 12/BC-SKHCN"]], "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
  ] as [Row[], string][])("%j → %s", (title, name) => expect(unitOf(title)).toBe(name));

  it("is the body the title names when there is no letterhead", () => {
    const rows: Row[] = [
      ["PHỤ LỤC"],
      ["THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2023 CỦA SỞ Y TẾ TỈNH QUẢNG TRỊ"],
      [],
    ];
    rows.push(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"]);
    for (const [stt, name, unit, value] of BM1) rows.push([stt, name, unit, value === "" ? undefined : value]);
    expect(read(sheet(rows)).submission.unitName).toBe("SỞ Y TẾ TỈNH QUẢNG TRỊ");
  });
});

describe("how sure the reading is", () => {
  it("says a file is to be reviewed when most values read do not fit their indicators, keeping every value", () => {
    const rows: Row[] = [...TITLE, ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"]];
    for (const [stt, name, unit] of BM1) rows.push([stt, name, unit, unit === "" ? undefined : "đã thực hiện"]);
    const { submission } = read(sheet(rows));
    expect(submission.review?.vi).toMatch(/^chỉ đọc được \d+\/118 chỉ tiêu.*; \d+\/\d+ số liệu đọc được không đúng loại của chỉ tiêu/);
    expect([...submission.values.values()].filter((v) => v.parsed.status === "invalid").length).toBeGreaterThan(10);
    expect(submission.notes[submission.notes.length - 1].vi).toMatch(/^Cần xem lại: /);
  });
});
