// Reading what arrives for a merge: our own workbooks (values as `cchc export` reads them, the report's
// own check, the validation stamp, a summary's statistics), and every kind of bad file with its own
// message naming the file and what to do.
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SubmittedValue } from "../src/domain/merge/model";
import { checkReport } from "../src/domain/rules/report";
import { makeStamp, STAMP_KEY } from "../src/domain/stamp";
import { parseSheet } from "../src/domain/export";
import { formatNumber, RawValue } from "../src/domain/values";
import { METADATA_SHEET } from "../src/domain/workbookContract";
import { builtInRegistry } from "../src/templates";
import { MAX_SUBMISSION_BYTES, ReadResult, readSubmission } from "../src/xlsx/readSubmission";
import { readCchcWorkbook } from "./support/exceljsRead";
import { filledWorkbook, planFor, seedTyped } from "./support/fill";
import { summaryWorkbook } from "./support/merge";
import {
  compoundFile,
  csvFile,
  encryptedXlsx,
  highRatioWorkbook,
  randomBytes,
  truncated,
  withoutZipEntry,
  withEntry,
  workbookBytes,
  xlsFile,
  zipArchive,
  zipBomb,
} from "./support/receivedFiles";
import { SEEDS } from "./support/seeds";

const registry = builtInRegistry();
const template = registry.get("quang-tri-2023");
const UNIT = "Sở Khoa học và Công nghệ";
const plan = planFor(template, "2023-Q3", UNIT);

function submissionOf(result: ReadResult) {
  if ("rejected" in result) throw new Error(result.rejected.reason.en);
  return result.submission;
}

/** Edits a workbook's bytes with ExcelJS and returns the new bytes. */
async function edited(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function setMeta(wb: ExcelJS.Workbook, entries: [string, string][]): void {
  const sheet = wb.getWorksheet(METADATA_SHEET)!;
  for (const [key, value] of entries) {
    let row = 0;
    sheet.eachRow((r, n) => (r.getCell(1).value === key ? (row = n) : undefined));
    sheet.getRow(row || sheet.rowCount + 1).values = [key, value];
  }
}

describe("our own workbook", () => {
  const filled = filledWorkbook(plan, seedTyped(template, SEEDS.quangTri2023Q3, [], { overFormulas: false }));

  it("gives the values `cchc export` reads (computed cells as their formulas compute them), with their cells", async () => {
    const bytes = await filled;
    const s = submissionOf(await readSubmission({ file: "skhcn.xlsx", bytes }, registry));
    const wb = await readCchcWorkbook(bytes, "skhcn.xlsx", registry);
    const expected = new Map<string, SubmittedValue>();
    for (const [code, v] of parseSheet(template, wb.cells)) expected.set(code, { parsed: v.parsed, cell: `Phụ lục!${v.cell.address}` });
    expect(s.values).toEqual(expected);
    expect(s.values.size).toBe(template.indicators.filter((i) => i.kind !== "header").length);
    const rate = template.indicators.find((i) => i.compute && "rate" in i.compute)!;
    expect(s.values.get(rate.code)!.parsed.status).toBe("value");
  });

  it("says what the workbook is: template, period, unit, kind, its check and its stamp", async () => {
    const bytes = await filled;
    const s = submissionOf(await readSubmission({ file: "skhcn.xlsx", bytes, modifiedAt: "2020-01-01T00:00:00.000Z" }, registry));
    const wb = await readCchcWorkbook(bytes, "skhcn.xlsx", registry);
    const core = new ExcelJS.Workbook();
    await core.xlsx.load(bytes as unknown as ArrayBuffer);
    expect({ ...s, values: undefined }).toEqual({
      file: "skhcn.xlsx",
      readAs: "workbook",
      sheetName: "Phụ lục",
      templateId: "quang-tri-2023",
      templateVersion: template.version,
      period: "2023-Q3",
      unitName: UNIT,
      unitLevel: "tinh",
      kind: "submission",
      createdAt: core.modified.toISOString(),
      fileModifiedAt: "2020-01-01T00:00:00.000Z",
      values: undefined,
      aggregates: undefined,
      units: [UNIT],
      counts: checkReport(template, wb.sheetName, wb.cells, wb.meta).counts,
      stamp: "none",
      notes: [],
    });
    expect(s.counts.error).toBeGreaterThan(0);
  });

  it("keeps a value it cannot read, with the reason, so that the merge lists it as not merged", async () => {
    const bytes = await filledWorkbook(plan, new Map([["BM1.1", "mười bốn"]]));
    const s = submissionOf(await readSubmission({ file: "a.xlsx", bytes }, registry));
    expect(s.values.get("BM1.1")!.parsed).toEqual(expect.objectContaining({ status: "invalid", raw: "mười bốn" }));
  });

  it("dates the report by the file's time, then by `_cchc` createdAt, when the workbook records no save time", async () => {
    const bare = withoutZipEntry(await filled, "docProps/core.xml");
    const withTime = submissionOf(await readSubmission({ file: "a.xlsx", bytes: bare, modifiedAt: "2023-09-20T08:00:00.000Z" }, registry));
    expect(withTime.createdAt).toBe("2023-09-20T08:00:00.000Z");
    expect(submissionOf(await readSubmission({ file: "a.xlsx", bytes: bare }, registry)).createdAt).toBe("2026-01-01T00:00:00.000Z");
  });

  it("reads the validation stamp: valid while the values are those validated, stale after an edit", async () => {
    const bytes = await filledWorkbook(
      plan,
      new Map([
        ["BM1.1", 14],
        ["BM1.2.1", 37],
        ["BM1.2.2", 31],
      ]),
    );
    const wb = await readCchcWorkbook(bytes, "a.xlsx", registry);
    const stamp = makeStamp(template, wb.cells, checkReport(template, wb.sheetName, wb.cells, wb.meta).counts, "2023-09-20T08:00:00.000Z");
    const stamped = await edited(bytes, (w) => setMeta(w, [[STAMP_KEY, JSON.stringify(stamp)]]));
    expect(submissionOf(await readSubmission({ file: "a.xlsx", bytes: stamped }, registry)).stamp).toBe("valid");
    const address = plan.indicatorCells.find((c) => c.code === "BM1.1")!.address;
    const changed = await edited(stamped, (w) => (w.getWorksheet("Phụ lục")!.getCell(address).value = 15));
    expect(submissionOf(await readSubmission({ file: "a.xlsx", bytes: changed }, registry)).stamp).toBe("stale");
    expect(submissionOf(await readSubmission({ file: "a.xlsx", bytes }, registry)).stamp).toBe("none");
  });
});

describe("a summary", () => {
  // Long texts: the statistics of a text row are split over continuation keys (a cell holds 32,767 characters).
  const form = registry.get("soc-trang-2021");
  const textCode = form.indicators.find((i) => i.merge === "text")!.code;
  const sumCode = form.indicators.find((i) => i.merge === "sum")!.code;
  const typed = (n: number) =>
    new Map<string, RawValue>([
      [sumCode, n],
      [textCode, "Đã kết nối ".repeat(1500)],
    ]);
  const units = ["Sở Tài chính", "Sở Y tế", "UBND huyện Gio Linh"];
  const summary = summaryWorkbook(form, "2023-Q3", "Sở Nội vụ", new Map(units.map((u, i) => [u, typed(10 + i * 2)])));

  it("brings back the units it covers and its statistics exactly", async () => {
    const { bytes, result } = await summary;
    const s = submissionOf(await readSubmission({ file: "tong-hop.xlsx", bytes }, registry));
    expect({ kind: s.kind, units: s.units, unitName: s.unitName, counts: s.counts.error }).toEqual({
      kind: "summary",
      units,
      unitName: "Sở Nội vụ",
      counts: 0,
    });
    expect(JSON.stringify(result.aggregates.get(textCode)).length).toBeGreaterThan(32000);
    expect(s.aggregates).toEqual(result.aggregates);
  });

  it("flags a statistic in `_cchc` that is damaged, naming the indicator, and keeps the others", async () => {
    const damaged = await edited((await summary).bytes, (w) => setMeta(w, [[`aggregate:${sumCode}`, '{"method":"sum","total":']]));
    const s = submissionOf(await readSubmission({ file: "tong-hop.xlsx", bytes: damaged }, registry));
    expect(s.counts.error).toBe(1);
    expect(s.aggregates!.has(sumCode)).toBe(false);
    expect(s.aggregates!.has(textCode)).toBe(true);
  });
});

describe("workbooks of ours that cannot be read", () => {
  it("names a template this program does not have", async () => {
    const bytes = await edited(await filledWorkbook(plan, new Map()), (w) => setMeta(w, [["templateId", "quang-tri-2030"]]));
    const r = await readSubmission({ file: "moi.xlsx", bytes }, registry);
    expect(r).toEqual({
      rejected: {
        file: "moi.xlsx",
        reason: expect.objectContaining({ vi: expect.stringContaining('moi.xlsx: biểu mẫu "quang-tri-2030" không có trong danh sách') }),
      },
    });
  });

  it("names the indicators whose defined names were lost", async () => {
    const bytes = await edited(await filledWorkbook(plan, new Map()), (w) => {
      w.definedNames.model = w.definedNames.model.filter((n) => n.name !== "CT_BM1_1");
    });
    const r = await readSubmission({ file: "sua.xlsx", bytes }, registry);
    expect("rejected" in r && r.rejected.reason.en).toMatch(
      /^sua\.xlsx: \d+ indicators? (has|have) no defined name pointing at one cell: CT_/,
    );
  });

  it("refuses a `_cchc` with an impossible kind or period, saying which", async () => {
    const bytes = await edited(await filledWorkbook(plan, new Map()), (w) => setMeta(w, [["period", "2023-Q5"]]));
    const r = await readSubmission({ file: "k.xlsx", bytes }, registry);
    expect("rejected" in r && r.rejected.reason.vi).toBe(
      'k.xlsx: trang _cchc bị hỏng: giá trị "period" không hợp lệ ("2023-Q5"); hãy tạo lại biểu bằng "cchc new" hoặc add-in và nhập lại số liệu',
    );
  });
});

describe("bad files", () => {
  const MB = 1024 * 1024;
  const rejected = async (file: string, bytes: Uint8Array) => {
    const r = await readSubmission({ file, bytes }, registry);
    if (!("rejected" in r)) throw new Error(`${file} was read`);
    expect(r.rejected.file).toBe(file);
    return r.rejected.reason;
  };
  const plainSheet = (fill: (s: ExcelJS.Worksheet) => void) => workbookBytes((wb) => fill(wb.addWorksheet("Sheet1")));

  it("an empty file", async () => {
    expect(await rejected("trong.xlsx", new Uint8Array(0))).toEqual({
      vi: "trong.xlsx: tệp rỗng (0 byte); hãy đề nghị đơn vị gửi lại tệp",
      en: "trong.xlsx: the file is empty (0 bytes); ask the unit to send the file again",
    });
  });

  it("a file over 20 MB, before anything else is looked at", async () => {
    const big = new Uint8Array(MAX_SUBMISSION_BYTES + MB);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    expect(await rejected("lon.xlsx", big)).toEqual({
      vi: "lon.xlsx: tệp quá lớn (21 MB, tối đa 20 MB); một phụ lục thống kê chỉ vài chục KB — hãy kiểm tra đúng tệp, xóa hình ảnh và trang thừa rồi lưu lại",
      en: "lon.xlsx: the file is too large (21 MB, at most 20 MB); a statistical appendix is a few tens of KB — check it is the right file, remove images and extra sheets, and save it again",
    });
  });

  it("an Excel 97-2003 .xls file", async () => {
    expect(await rejected("cu.xls", xlsFile())).toEqual({
      vi: "cu.xls: tệp Excel 97-2003 (.xls); hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng Excel Workbook (.xlsx)",
      en: "cu.xls: an Excel 97-2003 (.xls) file; open it in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
    });
  });

  it("a workbook protected with a password to open (an OLE file too, told apart from an .xls)", async () => {
    expect(await rejected("mat-khau.xlsx", encryptedXlsx())).toEqual({
      vi: "mat-khau.xlsx: sổ Excel có đặt mật khẩu mở tệp; hãy mở bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu) rồi lưu lại, hoặc đề nghị đơn vị gửi bản không đặt mật khẩu",
      en: "mat-khau.xlsx: the workbook is protected with a password to open; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and save it again, or ask the unit for a copy without a password",
    });
  });

  it("another old Office file", async () => {
    expect((await rejected("van-ban.doc", compoundFile(["WordDocument", "1Table"]))).en).toBe(
      "van-ban.doc: an old Office file that is not an Excel workbook (e.g. .doc, .ppt) or a damaged file; save the table as Excel Workbook (.xlsx)",
    );
  });

  it("a CSV file", async () => {
    expect(await rejected("bang.csv", csvFile())).toEqual({
      vi: "bang.csv: tệp văn bản (CSV/TXT), không phải sổ Excel .xlsx; hãy mở bằng Excel và lưu lại dạng Excel Workbook (.xlsx)",
      en: "bang.csv: a text file (CSV/TXT), not an Excel .xlsx workbook; open it in Excel and save it as Excel Workbook (.xlsx)",
    });
  });

  it("random bytes", async () => {
    expect(await rejected("nhieu.xlsx", randomBytes(4096, 7))).toEqual({
      vi: "nhieu.xlsx: không phải tệp Excel .xlsx (không nhận ra nội dung; tệp có thể bị hỏng hoặc sai định dạng); hãy đề nghị đơn vị gửi lại tệp .xlsx",
      en: "nhieu.xlsx: not an Excel .xlsx file (the content is not recognised; the file may be damaged or of another format); ask the unit to send the .xlsx file again",
    });
  });

  it("a workbook cut off halfway (its zip directory is gone)", async () => {
    expect(await rejected("dang-tai.xlsx", truncated(await filledWorkbook(plan, new Map())))).toEqual({
      vi: "dang-tai.xlsx: tệp .xlsx bị hỏng (không đọc được mục lục của tệp nén; có thể tệp tải về chưa hết); hãy đề nghị đơn vị gửi lại tệp",
      en: "dang-tai.xlsx: the .xlsx file is damaged (its zip directory cannot be read; it may not have downloaded completely); ask the unit to send the file again",
    });
  });

  it("a zip whose parts are damaged", async () => {
    const bad = zipArchive([
      { name: "[Content_Types].xml", data: Buffer.from("<Types") },
      { name: "xl/workbook.xml", data: Buffer.from("not xml at all <<<") },
    ]);
    expect((await rejected("hong.xlsx", bad)).vi).toMatch(
      /^hong\.xlsx: tệp \.xlsx bị hỏng, không đọc được \(.+\); hãy đề nghị đơn vị gửi lại tệp$/,
    );
  });

  it("a zip that is not a workbook", async () => {
    const docx = zipArchive([{ name: "word/document.xml", data: Buffer.from("<w:document/>") }]);
    expect(await rejected("bao-cao.docx", docx)).toEqual({
      vi: "bao-cao.docx: tài liệu Word (.docx), không phải sổ Excel .xlsx; hãy mở bảng số liệu bằng Excel hoặc LibreOffice và lưu dạng Excel Workbook (.xlsx)",
      en: "bao-cao.docx: a Word document (.docx), not an Excel .xlsx workbook; open the table in Excel or LibreOffice and save it as Excel Workbook (.xlsx)",
    });
  });

  it("a zip bomb: reading stops at the budget, whatever its directory declares", async () => {
    // 21 sheets of 10 MB of zeros, in a workbook that is not ours: ExcelJS's budget (32 MB) is spent on the fourth.
    const bomb = withEntry(
      withEntry(zipBomb(21), "[Content_Types].xml", Buffer.from("<Types/>")),
      "xl/workbook.xml",
      Buffer.from("<workbook/>"),
      100,
    );
    const kb = Math.ceil(bomb.length / 1024);
    expect(await rejected("bom.xlsx", bomb)).toEqual({
      vi: `bom.xlsx: tệp ${formatNumber(kb)} KB nhưng giải nén ra hơn 32 MB; đã dừng đọc để bảo vệ máy tính — một phụ lục thật nhỏ hơn nhiều, hãy đề nghị đơn vị gửi lại tệp`,
      en: `bom.xlsx: the ${kb} KB file unpacks to more than 32 MB; reading stopped to protect this computer — a real appendix is far smaller, ask the unit to send the file again`,
    });
  });

  it("a workbook that expands 1000 times its size but stays small in total is read as usual", async () => {
    expect((await rejected("anh.xlsx", await highRatioWorkbook())).en).toMatch(/^anh\.xlsx: no indicator table found/);
  });

  it("a workbook with no sheet", async () => {
    expect(await rejected("khong-trang.xlsx", await workbookBytes(() => undefined))).toEqual({
      vi: "khong-trang.xlsx: sổ Excel không có trang tính nào; hãy đề nghị đơn vị gửi lại tệp phụ lục",
      en: "khong-trang.xlsx: the workbook has no sheet; ask the unit to send the appendix again",
    });
  });

  it("a workbook whose sheets are empty", async () => {
    expect(await rejected("rong.xlsx", await plainSheet(() => undefined))).toEqual({
      vi: "rong.xlsx: các trang tính đều trống, không có số liệu; hãy kiểm tra đã gửi đúng tệp chưa",
      en: "rong.xlsx: every sheet is empty, there are no figures; check that the right file was sent",
    });
  });

  it("a workbook with no indicator table", async () => {
    const bytes = await plainSheet((s) => s.addRows([["Danh sách cán bộ"], ["Họ tên", "Chức vụ"], ["Nguyễn Văn A", "Chuyên viên"]]));
    expect(await rejected("danh-sach.xlsx", bytes)).toEqual({
      vi: 'danh-sach.xlsx: không tìm thấy bảng chỉ tiêu: cần một dòng tiêu đề bảng có các cột STT, Chỉ tiêu thống kê, Đơn vị tính và Số liệu trong 600 dòng đầu của một trang; hãy nhập số liệu vào biểu mẫu đã gửi (tạo bằng "cchc new" hoặc add-in)',
      en: 'danh-sach.xlsx: no indicator table found: a sheet needs a table header row with the columns STT, Chỉ tiêu thống kê, Đơn vị tính and Số liệu within its first 600 rows; type the figures into the form that was sent (made with "cchc new" or the add-in)',
    });
  });

  it("a form we do not know", async () => {
    const bytes = await plainSheet((s) =>
      s.addRows([
        ["BÁO CÁO CÔNG TÁC PHÒNG CHÁY CHỮA CHÁY NĂM 2023"],
        [],
        ["STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu"],
        ["1.", "Số vụ cháy xảy ra trên địa bàn", "Vụ", 3],
        ["2.", "Số lần diễn tập phương án chữa cháy", "Lần", 2],
        ["3.", "Số bình chữa cháy được trang bị mới", "Bình", 40],
        ["4.", "Số cán bộ được tập huấn nghiệp vụ", "Người", 25],
      ]),
    );
    const reason = await rejected("pccc.xlsx", bytes);
    expect(reason.vi).toMatch(
      /^pccc\.xlsx: không nhận ra biểu mẫu: bảng ở trang "Sheet1" \(dòng tiêu đề 3\) có 4 dòng nhưng không khớp biểu mẫu nào đã biết \(gần nhất: "[^"]+", khớp tên 0\/4 dòng\); hãy nhập số liệu vào biểu mẫu đã gửi, hoặc nạp tệp biểu mẫu của tỉnh \(--template-file\)$/,
    );
    expect(reason.en).toMatch(
      /^pccc\.xlsx: form not recognised: the table on sheet "Sheet1" \(header row 3\) has 4 rows but matches no known form/,
    );
  });
});

describe("the reader in the task pane's Web Worker", () => {
  it("uses no Node API anywhere it reaches", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      expect([file, /\bBuffer\b|\bprocess\.|\brequire\(|from "node:|from "(fs|path|zlib|os|crypto)"/.test(code)]).toEqual([file, false]);
      for (const m of code.matchAll(/from "(\.[^"]+)"/g)) {
        const target = path.resolve(path.dirname(file), m[1]);
        if (!target.endsWith(".json")) visit(`${target}.ts`);
      }
    };
    visit(path.resolve(__dirname, "../src/xlsx/readSubmission.ts"));
    expect(seen.size).toBeGreaterThan(10);
  });
});
