// The summary workbook from a merge result: the plan (totals, unit columns, notes, `_cchc`) and the
// written file read back with ExcelJS, including text from received files that looks like a formula.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { aggregatesFromMetadata } from "../src/domain/merge/metadata";
import { MergeResult } from "../src/domain/merge/model";
import { sourcesRows } from "../src/domain/merge/sourcesLayout";
import { buildSummaryPlan, SOURCES_SHEET, SourcesSheetPlan, UNITS_SHEET } from "../src/domain/merge/summaryPlan";
import { formatVietnamTime } from "../src/domain/period";
import { msg } from "../src/domain/messages";
import { wrappedHeight, wrappedRowHeight } from "../src/domain/sheet/build";
import { address } from "../src/domain/sheet/plan";
import { builtInRegistry } from "../src/templates";
import { readCchcWorkbook } from "./support/exceljsRead";
import { summaryToBuffer } from "../src/xlsx/renderPlan";

const template = builtInRegistry().get("quang-ngai-2021");
const NOW = "2026-01-01T03:04:00.000Z";

/** Formula-looking text as it may arrive in received files. */
const INJECTED = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)"];

function handMadeResult(): MergeResult {
  const none = { error: 0, warning: 0, info: 0 };
  return {
    templateId: template.id,
    templateVersion: template.version,
    period: "2021-H1",
    indicators: new Map([
      ["1.1.1", { code: "1.1.1", value: 30, estimate: false, reported: 3, missing: [] }],
      [
        "3.1.3.a",
        {
          code: "3.1.3.a",
          value: 12,
          estimate: false,
          reported: 2,
          missing: ["UBND xã C"],
          note: msg("1/3 đơn vị chưa báo cáo chỉ tiêu 3.1.3.a: UBND xã C", "1 of 3 units have not reported 3.1.3.a: UBND xã C"),
        },
      ],
      ["3.1.3", { code: "3.1.3", value: 12, estimate: false, reported: 2, missing: [] }],
      [
        "3.3.3",
        {
          code: "3.3.3",
          value: 87.5,
          estimate: true,
          reported: 3,
          missing: [],
          note: msg("Ước tính: trung bình cộng (thấp nhất 80 – UBND xã A; cao nhất 95 – UBND xã B)", "Estimate: plain mean"),
        },
      ],
      [
        "1.5",
        {
          code: "1.5",
          value: undefined,
          estimate: false,
          reported: 3,
          missing: [],
          note: msg("Có: 2 đơn vị; Không: 1 đơn vị", "Yes: 2 units; No: 1 unit"),
        },
      ],
      ["7.6.1", { code: "7.6.1", value: `UBND xã A: ${INJECTED[0]}`, estimate: false, reported: 1, missing: [] }],
    ]),
    aggregates: new Map([
      ["1.1.1", { method: "sum", sum: 30, n: 3 }],
      ["1.5", { method: "distribution", counts: { "0": 1, "1": 2 } }],
    ]),
    columns: [
      {
        label: "UBND xã A",
        file: "a.xlsx",
        values: new Map<string, number | string>([
          ["1.1.1", 10],
          ["3.1.3.a", 5],
          ["1.5", 1],
          ["7.6.1", INJECTED[0]],
        ]),
      },
      {
        label: "UBND xã B",
        file: "b.xlsx",
        values: new Map<string, number | string>([
          ["1.1.1", 20],
          ["3.1.3.a", 7],
          ["1.5", 1],
        ]),
      },
      {
        label: INJECTED[1],
        file: "c.xlsx",
        values: new Map<string, number | string>([
          ["1.1.1", "-"],
          ["1.5", 0],
        ]),
      },
    ],
    sources: [
      {
        file: "a.xlsx",
        unitName: "UBND xã A",
        readAs: "workbook",
        kind: "submission",
        createdAt: "2021-06-14T02:00:00.000Z",
        counts: none,
        stamp: "valid",
        status: "merged",
        notes: [],
      },
      {
        file: "b.xlsx",
        unitName: "UBND xã B",
        readAs: "retyped",
        kind: "submission",
        counts: { error: 2, warning: 1, info: 0 },
        stamp: "stale",
        status: "flagged",
        reason: msg("Báo cáo có 2 lỗi", "The report has 2 errors"),
        notes: [msg("Dòng 12 khớp theo tên", "Row 12 matched by name")],
      },
      {
        file: "c.xlsx",
        unitName: INJECTED[1],
        readAs: "workbook",
        kind: "submission",
        counts: none,
        stamp: "none",
        status: "merged",
        notes: [],
      },
    ],
    notMerged: [
      {
        file: `${INJECTED[2]}.xlsx`,
        cell: "Phụ lục!D14",
        code: "1.1.2",
        raw: INJECTED[3],
        reason: msg("Không phải là số", "Not a number"),
      },
    ],
    findings: [
      {
        severity: "warning",
        topic: "unit",
        unit: "UBND xã C",
        message: msg("1/3 đơn vị chưa báo cáo chỉ tiêu 3.1.3.a", "1 of 3 units have not reported 3.1.3.a"),
      },
    ],
    units: ["UBND xã A", "UBND xã B", INJECTED[1]],
    roster: {
      due: "2021-06-20",
      entries: [
        { unit: "UBND xã A", status: "onTime", file: "a.xlsx", savedAt: "2021-06-14T02:00:00.000Z", errors: 0, merged: true },
        { unit: "UBND xã B", status: "undated", file: "b.xlsx", errors: 2, merged: true },
        { unit: "UBND xã D", status: "missing", errors: 0, merged: false },
      ],
      expected: ["UBND xã A", "UBND xã B", "UBND xã D"],
      received: ["UBND xã A", "UBND xã B"],
      onTime: ["UBND xã A"],
      late: [],
      undated: ["UBND xã B"],
      missing: ["UBND xã D"],
      withErrors: ["UBND xã B"],
      unexpected: [INJECTED[1]],
    },
  };
}

function plan(result = handMadeResult()) {
  return buildSummaryPlan({
    template,
    result,
    unitName: "UBND huyện Mộ Đức",
    level: "huyen",
    generatorVersion: "test",
    createdAt: NOW,
    rejected: [{ file: "hong.xlsx", reason: msg("hong.xlsx: tệp .xlsx bị hỏng", "hong.xlsx: the .xlsx file is damaged") }],
  });
}

describe("summary plan", () => {
  const { sheet, units, sources } = plan();
  const cell = (row: number, col: number) => sheet.cells.find((c) => c.row === row && c.col === col);
  const rowOf = (code: string) => sheet.indicatorCells.find((c) => c.code === code)!.row;
  const noteCol = sheet.columns.findIndex((c) => c.header === "Ghi chú") + 1;

  it("says in its title block that it consolidates, and of how many units", () => {
    const texts = sheet.cells.filter((c) => c.row < sheet.headerRows.first).map((c) => c.value);
    expect(texts).toContain("PHỤ LỤC TỔNG HỢP");
    expect(texts).toContain("Tổng hợp từ 3 đơn vị; 1 đơn vị trong danh sách chưa báo cáo");
    expect(texts).toContain("UBND huyện Mộ Đức");
  });

  it("puts the totals in the value column, computed rows keeping their formula with the total as cached result", () => {
    expect(cell(rowOf("1.1.1"), sheet.valueCol)).toMatchObject({ value: 30, formula: undefined });
    expect(cell(rowOf("3.1.3"), sheet.valueCol)).toMatchObject({
      value: 12,
      formula: sheet.indicatorCells.find((c) => c.code === "3.1.3")!.formula,
    });
    expect(cell(rowOf("3.3.3"), sheet.valueCol)!.style.italic).toBe(true);
    expect(cell(rowOf("1.5"), sheet.valueCol)!.value).toBeUndefined();
    // Totals come from the merge: locked, no input prompts (only the title-block inputs have one).
    expect(cell(rowOf("1.1.1"), sheet.valueCol)!.style.unlocked).toBeFalsy();
    expect(sheet.validations.map((v) => v.range).sort()).toEqual(Object.values(sheet.titleBlock.inputs).sort());
  });

  it("writes the notes on the form, and each merged report's figures in a table of their own", () => {
    expect(cell(rowOf("1.5"), noteCol)!.value).toBe("Có: 2 đơn vị; Không: 1 đơn vị");
    expect(cell(rowOf("3.1.3.a"), noteCol)!.value).toContain("UBND xã C");
    // The form prints alone: its check columns follow it, no unit column in between.
    expect(sheet.checkColumns.text).toBe(sheet.lastCol + 1);
    expect(sheet.printArea).toBe(`A1:${address(sheet.lastRow, sheet.lastCol)}`);
    const [table] = units.tables;
    expect(table.headers).toEqual(["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Tổng hợp", "UBND xã A", "UBND xã B", INJECTED[1]]);
    const rowFor = (code: string) =>
      table.rows[
        builtInRegistry()
          .get("quang-ngai-2021")
          .indicators.findIndex((i) => i.code === code)
      ];
    expect(rowFor("1.1.1").slice(3)).toEqual([30, 10, 20, "-"]);
    expect(rowFor("3.1.3.a").slice(3)).toEqual([12, 5, 7, ""]);
    expect(units.repeatColumns).toBe(4);
  });

  it("marks the workbook as a summary of its units and carries the statistics", () => {
    const meta = new Map(sheet.metadata.entries);
    expect(meta.get("kind")).toBe("summary");
    expect(JSON.parse(meta.get("units")!)).toEqual(["UBND xã A", "UBND xã B", INJECTED[1]]);
    expect(meta.get("unitLevel")).toBe("huyen");
    expect(aggregatesFromMetadata(sheet.metadata.entries).aggregates).toEqual(handMadeResult().aggregates);
  });

  it("lists every received file, the values not merged, the findings, the reporting counts and the roster gaps", () => {
    const [files, notMerged, findings, counts, roster] = sources.tables;
    expect(files.rows).toEqual([
      [
        1,
        "a.xlsx",
        "UBND xã A",
        "Biểu của Biểu mẫu CCHC",
        "Báo cáo của đơn vị",
        "Đã tổng hợp",
        0,
        0,
        "Đã kiểm tra, còn hiệu lực",
        "",
        "",
        "14/06/2021 09:00",
      ],
      [
        2,
        "b.xlsx",
        "UBND xã B",
        "Biểu nhập lại, khớp theo STT và tên",
        "Báo cáo của đơn vị",
        "Đã tổng hợp, cần xem lại",
        2,
        1,
        "Đã sửa sau khi kiểm tra",
        "Báo cáo có 2 lỗi",
        "Dòng 12 khớp theo tên",
        "",
      ],
      [3, "c.xlsx", INJECTED[1], "Biểu của Biểu mẫu CCHC", "Báo cáo của đơn vị", "Đã tổng hợp", 0, 0, "Chưa xác nhận kiểm tra", "", "", ""],
      [4, "hong.xlsx", "", "", "", "Không đọc được", "", "", "", "hong.xlsx: tệp .xlsx bị hỏng", "", ""],
    ]);
    expect(notMerged.rows).toEqual([[1, `${INJECTED[2]}.xlsx`, "Phụ lục!D14", "1.1.2", INJECTED[3], "Không phải là số"]]);
    expect(findings.rows).toEqual([[1, "Cảnh báo", "1/3 đơn vị chưa báo cáo chỉ tiêu 3.1.3.a"]]);
    expect(counts.title).toBe("4. Tình hình gửi báo cáo (hạn 20/06/2021; đúng hạn là lưu trước hết ngày 20/06/2021)");
    expect(counts.rows).toEqual([
      [1, "Phải báo cáo", 3, "", "UBND xã A, UBND xã B, UBND xã D"],
      [2, "Đã gửi", 2, "66,7", "UBND xã A, UBND xã B"],
      [3, "Đúng hạn", 1, "33,3", "UBND xã A"],
      [4, "Gửi muộn", 0, "0", ""],
      [5, "Không rõ thời điểm gửi", 1, "33,3", "UBND xã B"],
      [6, "Chưa gửi", 1, "33,3", "UBND xã D"],
      [7, "Có lỗi", 1, "33,3", "UBND xã B"],
      [8, "Ngoài danh sách", 1, "", INJECTED[1]],
    ]);
    expect(roster.rows).toEqual([
      [1, "UBND xã A", "Đã gửi, đúng hạn", "a.xlsx", "14/06/2021 09:00", 0],
      [2, "UBND xã B", "Đã gửi, không rõ thời điểm", "b.xlsx", "", 2],
      [3, "UBND xã D", "Chưa gửi", "", "", ""],
      [4, INJECTED[1], "Có báo cáo nhưng không có trong danh sách", "", "", ""],
    ]);
  });

  it("clips merged texts longer than a cell holds, and says so", () => {
    const result = handMadeResult();
    const long = Array.from({ length: 3000 }, (_, i) => `UBND xã Số ${i + 1}: Đã kết nối`).join("; ");
    result.indicators.set("7.6.1", { code: "7.6.1", value: long, estimate: false, reported: 3000, missing: [] });
    const value = plan(result).sheet.cells.find((c) => c.row === rowOf("7.6.1") && c.col === sheet.valueCol)!.value as string;
    expect(long.length).toBeGreaterThan(32767);
    expect(value.length).toBeLessThanOrEqual(32767);
    expect(value).toMatch(/^UBND xã Số 1: Đã kết nối; .*… \(rút gọn: ô Excel chứa tối đa 32\.767 ký tự\)$/);
  });

  it("refuses a result of another template", () => {
    expect(() =>
      buildSummaryPlan({
        template: builtInRegistry().get("quang-tri-2023"),
        result: handMadeResult(),
        unitName: "X",
        level: "huyen",
        generatorVersion: "t",
        createdAt: NOW,
      }),
    ).toThrow(/quang-ngai-2021/);
  });

  it("shows times in Vietnam's time", () => {
    expect(formatVietnamTime("2023-09-14T17:30:00Z")).toBe("15/09/2023 00:30");
    expect(formatVietnamTime(undefined)).toBe("");
  });
});

describe("the sources and units sheets' rows", () => {
  const sheet = (rows: (string | number)[][], widths = [10, 20]): SourcesSheetPlan => ({
    sheetName: SOURCES_SHEET,
    title: "T",
    subtitle: "S",
    widths,
    tables: [{ title: "B", headers: ["A", "B"], rows, empty: "-" }],
  });
  const heightOf = (rows: (string | number)[][], widths?: number[]) => [...sourcesRows(sheet(rows, widths))][4].height;

  it("are as tall as their longest text, a line break starting a line", () => {
    expect(heightOf([["ngắn", 12]])).toBeUndefined();
    // 10 units of width hold about 9 characters: 30 take four lines.
    const four = heightOf([["x".repeat(30), 1]])!;
    expect(heightOf([["x".repeat(18), 1]])).toBeLessThan(four);
    expect(heightOf([["x\ny\nz\nw", 1]])).toBe(four);
    expect(heightOf([["x".repeat(9) + "\n" + "y".repeat(20), 1]])).toBe(four);
  });

  it("measure a number as the text it is written as (whole numbers that surely fit are not made text)", () => {
    const numbers = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.constantFrom(99_999_999, -99_999_999, 100_000_000, -100_000_000, 1e21, -0, 0.1 + 0.2),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(
        fc.array(numbers, { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0.95, 1.22),
        (values, width, perUnit) => {
          const texts = values.map((v): [string, number] => [String(v), width]);
          expect(wrappedRowHeight(values, () => width, perUnit)).toBe(wrappedHeight(texts, perUnit));
        },
      ),
    );
  });
});

describe("summary workbook", () => {
  let wb: ExcelJS.Workbook;
  let buffer: Buffer;
  beforeAll(async () => {
    buffer = Buffer.from(await summaryToBuffer(plan()));
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  });

  it("is one of our workbooks: the totals are read back by their defined names", async () => {
    const read = await readCchcWorkbook(buffer, "tong-hop.xlsx", builtInRegistry());
    expect(read.meta.kind).toBe("summary");
    expect(read.cells.get("1.1.1")!.raw).toBe(30);
    expect(read.cells.get("3.1.3")).toMatchObject({ raw: 12, formula: expect.stringContaining("SUM(") });
    expect(read.cells.get("3.3.3")!.raw).toBe(87.5);
    expect(wb.getWorksheet("_cchc")!.state).toBe("veryHidden");
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Phụ lục", "_cchc", UNITS_SHEET, SOURCES_SHEET]);
  });

  it("keeps text that came from received files as text, never as a formula", () => {
    const seen: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => {
          const v = c.value;
          // the cells a span covers show its first cell's value
          if (c.type === ExcelJS.ValueType.Merge) return;
          if (typeof v === "string" && INJECTED.some((t) => v.includes(t))) {
            seen.push(v);
            expect(c.type).toBe(ExcelJS.ValueType.String);
          }
        }),
      );
    }
    for (const text of INJECTED) expect(seen.some((v) => v.includes(text))).toBe(true);
    // The unit column header and the sources rows hold the exact text.
    expect(seen).toEqual(
      expect.arrayContaining([INJECTED[1], `${INJECTED[2]}.xlsx`, INJECTED[3], `UBND xã A: ${INJECTED[0]}`, INJECTED[0]]),
    );
  });

  it("writes the sources sheet with its tables", () => {
    const ws = wb.getWorksheet(SOURCES_SHEET)!;
    const rows: unknown[][] = [];
    // A blank cell reads as "" (a unit's or a file's empty field is written blank).
    ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? "")));
    const titles = rows.map((r) => r[0]).filter((v) => typeof v === "string" && /^\d\. /.test(v));
    expect(titles).toEqual([
      "1. Các tệp đã nhận (4)",
      "2. Giá trị không được tổng hợp (1)",
      "3. Nhận xét về việc tổng hợp (1)",
      "4. Tình hình gửi báo cáo (hạn 20/06/2021; đúng hạn là lưu trước hết ngày 20/06/2021)",
      "5. Đối chiếu danh sách đơn vị (1 chưa báo cáo, 1 ngoài danh sách)",
    ]);
    const unread = rows.find((r) => r[1] === "hong.xlsx")!;
    expect(unread.slice(0, 10)).toEqual([4, "hong.xlsx", "", "", "", "Không đọc được", "", "", "", "hong.xlsx: tệp .xlsx bị hỏng"]);
    expect(unread.slice(10).every((v) => v === "")).toBe(true);
  });
});
