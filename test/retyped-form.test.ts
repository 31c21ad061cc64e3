// Forms retyped by hand: each seed's table typed again by its unit in a layout of its own (title block,
// header row and columns moved, an extra column, names with typos or without diacritics, a reworded
// row, a row left out, a row the form does not have) is recognised as its template and read with the
// one value parser; rows that do not match are reported, never dropped silently.
import ExcelJS from "exceljs";
import fc from "fast-check";
import { SubmittedValue, Submission } from "../src/domain/merge/model";
import { periodFromText } from "../src/domain/period";
import { checkReport, countBySeverity } from "../src/domain/rules/report";
import { columnLetter } from "../src/domain/sheet/plan";
import { builtInRegistry } from "../src/templates";
import { readCchcWorkbook } from "./support/exceljsRead";
import { readSubmission } from "../src/xlsx/readSubmission";
import { readRetypedWorkbook } from "../src/xlsx/retypedForm";
import { keyRows, matchTemplate, scoreBound } from "../src/domain/retyped/match";
import { filledWorkbook, planFor, seedTyped } from "./support/fill";
import { RetypedLayout, retypedSeed, workbookBytes } from "./support/receivedFiles";
import { SEED_FORMS } from "./support/seeds";

const registry = builtInRegistry();

const LAYOUTS: Record<string, RetypedLayout> = {
  "quang-ngai-2021": {
    headerRow: 9,
    firstCol: 2,
    extraColumn: "Kế hoạch năm",
    headers: { stt: "STT", name: "Chỉ tiêu thống kê", unit: "Đơn vị tính", value: "Số liệu" },
    periodLine: (label) => `(Kèm theo Báo cáo số 52/BC-SKHCN ngày 15/6/2021) ${label}`,
    superior: "UBND TỈNH QUẢNG NGÃI",
    unit: "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
  },
  "ha-tinh-2021-xa": {
    headerRow: 12,
    firstCol: 1,
    headers: { stt: "TT", name: "Nội dung chỉ tiêu", unit: "ĐVT", value: "Kết quả" },
    periodLine: (label) => label.toLocaleUpperCase("vi"),
    superior: "UBND HUYỆN HƯƠNG SƠN",
    unit: "UBND XÃ SƠN PHÚ",
  },
  "quang-tri-2023": {
    headerRow: 8,
    firstCol: 3,
    headers: { stt: "Số TT", name: "Chỉ tiêu", unit: "Đơn vị  tính", value: "Số liệu thống kê" },
    periodLine: (label) => label,
    superior: "UBND TỈNH QUẢNG TRỊ",
    unit: "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
  },
  "soc-trang-2021": {
    headerRow: 10,
    firstCol: 2,
    extraColumn: "Kế hoạch",
    headers: { stt: "STT", name: "CHỈ TIÊU THỐNG KÊ", unit: "Đơn vị tính", value: "Số liệu" },
    periodLine: (label) => `KẾT QUẢ THỰC HIỆN ${label.toLocaleUpperCase("vi")}`,
    superior: "UBND TỈNH SÓC TRĂNG",
    unit: "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
  },
};

async function read(bytes: Uint8Array, file = "don-vi.xlsx", period?: string): Promise<Submission> {
  const result = await readSubmission({ file, bytes }, registry, { period });
  if ("rejected" in result) throw new Error(result.rejected.reason.en);
  return result.submission;
}

describe.each(SEED_FORMS.map((f) => f.templateId))("a retyped %s seed", (templateId) => {
  const template = registry.get(templateId);
  const layout = LAYOUTS[templateId];
  const made = retypedSeed(template, layout);

  it("is recognised as its template, with the period and the unit of its title block", async () => {
    const c = await made;
    const s = await read(c.bytes);
    expect({
      readAs: s.readAs,
      templateId: s.templateId,
      templateVersion: s.templateVersion,
      period: s.period,
      unitName: s.unitName,
      sheetName: s.sheetName,
    }).toEqual({
      readAs: "retyped",
      templateId,
      templateVersion: template.version,
      period: c.period,
      unitName: layout.unit,
      sheetName: c.sheetName,
    });
    expect({ kind: s.kind, units: s.units, stamp: s.stamp }).toEqual({ kind: "submission", units: [layout.unit], stamp: "none" });
  });

  it("reads every row's value with the value parser, from the cell it is in", async () => {
    const c = await made;
    const s = await read(c.bytes);
    const valueCol = columnLetter(layout.firstCol + (layout.extraColumn ? 4 : 3));
    const expected = new Map<string, SubmittedValue>(
      [...c.expected].map(([code, parsed]) => [code, { parsed, cell: `${c.sheetName}!${valueCol}${c.rowOf.get(code)}` }]),
    );
    const nonBlank = new Map([...s.values].filter(([code, v]) => v.parsed.status !== "missing" || expected.has(code)));
    expect(nonBlank).toEqual(expected);
    expect(s.values.has(c.dropped!.code)).toBe(false);
  });

  it("reports how each changed row was matched, the row it could not match and the row left out", async () => {
    const c = await made;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(c.bytes as unknown as ArrayBuffer);
    const { form } = readRetypedWorkbook(wb, "don-vi.xlsx", registry);
    const method = new Map(form.matched.map((m) => [m.indicator.code, m.method]));
    for (const { code, how } of c.changed) {
      const hasStt = template.indicators.find((i) => i.code === code)!.stt.trim() !== "";
      expect([code, method.get(code)]).toEqual([code, how === "renamed" ? "stt" : hasStt ? "sttName" : "name"]);
    }
    expect(form.unmatched.map((r) => r.row)).toEqual([c.extraRow]);
    expect(form.missing.map((i) => i.code)).toEqual([c.dropped!.code]);

    const s = await read(c.bytes);
    const notes = s.notes.map((n) => n.vi);
    const count = (m: string) => form.matched.filter((x) => x.method === m).length;
    expect(notes[0]).toContain(
      `${form.matched.length} dòng khớp — ${count("sttName")} theo STT và tên, ${count("name")} theo tên, ${count("stt")} theo STT; 1 dòng không khớp; 1 chỉ tiêu`,
    );
    expect(
      notes.some(
        (n) =>
          n.includes(`dòng ${c.extraRow} (`) &&
          n.includes("Số cuộc họp giao ban chuyên đề") &&
          n.includes(`số liệu "5" không được tổng hợp`),
      ),
    ).toBe(true);
    // The row left out is named by its STT (or its name where the form prints none), not its code.
    const dropped = template.indicators.find((i) => i.code === c.dropped!.code)!;
    const named = dropped.stt && dropped.stt !== "Trong đó" ? `STT ${dropped.stt}` : `"${dropped.name}"`;
    expect(notes.some((n) => n.includes("không có trên trang") && n.endsWith(`: ${named}`))).toBe(true);
    expect(s.notes.every((n) => n.en.length > 0)).toBe(true);
  });
});

describe("a retyped form's own check", () => {
  it("finds what `cchc check` finds in the same figures typed into our sheet, formula integrity aside", async () => {
    const form = SEED_FORMS.find((f) => f.templateId === "quang-tri-2023")!;
    const template = registry.get(form.templateId);
    const ours = await filledWorkbook(
      planFor(template, form.period),
      seedTyped(template, form.stem, form.skipSeqs, { overFormulas: true }),
    );
    const wb = await readCchcWorkbook(ours, "ours.xlsx", registry);
    // A retyped form does not say its unit's level: check ours without one too.
    const counts = countBySeverity(
      checkReport(template, wb.sheetName, wb.cells, { period: form.period }).findings.filter((f) => !f.ruleId.startsWith("formula:")),
    );
    expect(counts.error).toBeGreaterThan(0);
    const s = await read((await retypedSeed(template, LAYOUTS[template.id], { faithful: true })).bytes);
    expect(s.counts).toEqual(counts);
  });
});

describe("our sheet copied into another workbook (its `_cchc` sheet left behind)", () => {
  it("is read as a retyped form: every row matched, the same values as from our workbook", async () => {
    const form = SEED_FORMS.find((f) => f.templateId === "quang-tri-2023")!;
    const template = registry.get(form.templateId);
    const ours = await filledWorkbook(
      planFor(template, form.period, "Sở Khoa học và Công nghệ"),
      seedTyped(template, form.stem, form.skipSeqs, { overFormulas: true }),
    );
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.load(ours as unknown as ArrayBuffer);
    copy.removeWorksheet(copy.getWorksheet("_cchc")!.id);
    const s = await read(Buffer.from(await copy.xlsx.writeBuffer()), "skhcn.xlsx");
    expect({ readAs: s.readAs, templateId: s.templateId, period: s.period, unitName: s.unitName }).toEqual({
      // Read from what the sheet prints: the unit line of the title block is in capitals (Nghị định 30/2020).
      readAs: "retyped",
      templateId: "quang-tri-2023",
      period: "2023-Q3",
      unitName: "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    });
    const rows = template.indicators.length;
    expect(s.notes[0].vi).toContain(`${rows} dòng khớp — ${rows} theo STT và tên, 0 theo tên, 0 theo STT; 0 dòng không khớp; 0 chỉ tiêu`);
    const own = await read(ours, "skhcn.xlsx");
    expect(s.values).toEqual(own.values);
  });
});

describe("the title block", () => {
  it.each([
    ["Quý III năm 2023", "2023-Q3"],
    ["QUÝ 3/2023", "2023-Q3"],
    ["6 tháng đầu năm 2021", "2021-H1"],
    ["06 THÁNG ĐẦU NĂM 2021", "2021-H1"],
    ["9 tháng năm 2021", "2021-9M"],
    ["Năm 2021", "2021-Y"],
    ["THỐNG KÊ SỐ LIỆU VÀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2021", "2021-Y"],
    ["Quý III và phương hướng nhiệm vụ Quý IV năm 2023", "2023-Q3"],
  ])("names the period in %j", (text, code) => {
    expect(periodFromText(text)).toBe(code);
  });

  it.each([
    "Quảng Ngãi, ngày 15 tháng 6 năm 2021",
    "Thời gian chốt số liệu: từ ngày 15/12/2020 đến ngày 14/6/2021",
    "6 tháng cuối năm 2023",
    "PHỤ LỤC",
  ])("does not take %j for a period", (text) => expect(periodFromText(text)).toBeUndefined());

  const minimalForm = (title: string[]) =>
    workbookBytes((wb) => {
      const s = wb.addWorksheet("Sheet1");
      title.forEach((t, i) => (s.getCell(i + 1, 1).value = t));
      const h = title.length + 2;
      ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"].forEach((t, i) => (s.getCell(h, i + 1).value = t));
      const rows: [string, string, string, number][] = [
        ["1.", "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)", "Văn bản", 14],
        ["2.", "Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)", "%", 83],
        ["2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", 37],
        ["2.2.", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", 31],
      ];
      rows.forEach((r, i) => r.forEach((v, j) => (s.getCell(h + 1 + i, j + 1).value = v)));
    });

  it("takes the period chosen for the merge when the title names none, and says so", async () => {
    const s = await read(await minimalForm(["SỞ Y TẾ"]), "so-y-te.xlsx", "2023-Q3");
    expect(s.templateId).toBe("quang-tri-2023");
    expect(s.period).toBe("2023-Q3");
    expect(s.notes[0].vi).toContain("lấy kỳ đã chọn khi tổng hợp (Quý III năm 2023)");
    expect(s.unitName).toBe("SỞ Y TẾ");
  });

  it("refuses a form with no period anywhere, telling which cell to fill", async () => {
    const result = await readSubmission({ file: "so-y-te.xlsx", bytes: await minimalForm(["SỞ Y TẾ", "", ""]) }, registry);
    expect(result).toEqual({
      rejected: {
        file: "so-y-te.xlsx",
        reason: {
          vi: 'so-y-te.xlsx: không xác định được kỳ báo cáo: phần đầu biểu không ghi kỳ; hãy ghi kỳ (ví dụ "Quý III năm 2023") vào ô Sheet1!B4 phía trên bảng, hoặc chọn kỳ báo cáo khi tổng hợp',
          en: 'so-y-te.xlsx: the reporting period is unknown: the title block names none; write it (e.g. "Quý III năm 2023") in cell Sheet1!B4 above the table, or choose the period for the merge',
        },
      },
    });
  });

  it("keeps a figure it cannot read, and one typed on a heading row, as unreadable values", async () => {
    const bytes = await workbookBytes((wb) => {
      const s = wb.addWorksheet("Sheet1");
      s.addRows([
        ["UBND TỈNH QUẢNG TRỊ"],
        ["SỞ Y TẾ"],
        ["Quý III năm 2023"],
        [],
        ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
        ["1.", "Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)", "Văn bản", "mười bốn"],
        ["2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", 37],
        ["2.2.", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", 31],
        ["3.", "Kiểm tra CCHC", "", 4],
      ]);
    });
    const s = await read(bytes);
    expect(s.values.get("BM1.1")).toEqual({ parsed: expect.objectContaining({ status: "invalid", raw: "mười bốn" }), cell: "Sheet1!D6" });
    expect(s.values.get("BM1.3")).toEqual({ parsed: expect.objectContaining({ status: "invalid", raw: "4" }), cell: "Sheet1!D9" });
    expect(s.counts.error).toBeGreaterThan(0);
  });

  it("takes the unit from the file name when the title block has none, and says so", async () => {
    const s = await read(await minimalForm(["PHỤ LỤC", "Quý III năm 2023"]), "bao-cao/So Y te.xlsx");
    expect(s.unitName).toBe("So Y te");
    expect(s.notes[0].vi).toBe('Phần đầu biểu không ghi tên đơn vị; lấy theo tên tệp: "So Y te"');
  });
});

describe("choosing the template", () => {
  // Recognising a form stops matching templates once none left can score as high as the best so far: what
  // each can score at most must never be below what it scores.
  it("never scores a template above the bound its search is cut by", () => {
    const templates = registry.list();
    const rowOf = (t: number, i: number, typo: boolean) => {
      const ind = templates[t].indicators[i % templates[t].indicators.length];
      const name = typo ? `${ind.name.slice(0, -2)}x` : ind.name;
      return { row: 0, stt: ind.stt, name, unit: ind.unit, address: "D1", raw: 1 };
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(templates.length - 1), fc.nat(200), fc.boolean(), fc.boolean()), { maxLength: 220 }),
        (picks) => {
          const rows = keyRows(
            picks.map(([t, i, typo, blank], k) => ({ ...rowOf(t, i, typo), row: k + 1, ...(blank ? { stt: "" } : {}) })),
          );
          for (const template of templates) expect(matchTemplate(template, rows).score).toBeLessThanOrEqual(scoreBound(template, rows));
        },
      ),
      { numRuns: 60 },
    );
  });
});
