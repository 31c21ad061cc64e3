// The corpus of hand-retyped forms (test/fixtures/retyped): each of the five seeds' tables typed again
// in the layouts offices use, as sheet specs (cells with what Excel stores for what the clerk typed,
// merges), written by ExcelJS or openpyxl (test/support/write_grid.py), some round-tripped through
// LibreOffice. `npx tsx test/support/buildRetypedCorpus.ts` rebuilds the files and their manifest.
import ExcelJS from "exceljs";
import { parsePeriod } from "../../src/domain/period";
import { Indicator, Template } from "../../src/domain/template/schema";
import { plainText } from "../../src/domain/text";
import { builtInRegistry } from "../../src/templates";
import { readSeedTable, SEED_FORMS, SEEDS, SeedRow } from "./seeds";

export type SpecValue = string | number | { date: string } | null;
export interface SpecCell {
  r: number;
  c: number;
  v: SpecValue;
  fmt?: string;
}
export interface SheetSpec {
  name: string;
  cells: SpecCell[];
  merges: string[];
}

export type Writer = "exceljs" | "openpyxl";
export interface CorpusEntry {
  file: string;
  stem: string;
  templateId: string;
  period: string;
  unitName: string;
  layout: string;
  writer: Writer;
  libreOffice: boolean;
  sheet: string;
  /** The indicator typed on each sheet row, by row number */
  rows: Record<string, string>;
}

/** How the clerk's Excel stored what was typed: Vietnamese regional settings, US settings, or cells formatted as Text. */
type Locale = "vi" | "us" | "text";

/** Every seed, its template and period, and each of its rows with the indicator it is. */
export const CORPUS_SEEDS = [
  ...SEED_FORMS,
  { templateId: "quang-ngai-2021", stem: SEEDS.quangNgai2021Y, period: "2021-Y", skipSeqs: [] as number[] },
];

const UNITS: Record<string, { superior: string; unit: string; whole: string }> = {
  [SEEDS.quangNgai2021H1]: { superior: "UBND TỈNH QUẢNG NGÃI", unit: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", whole: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" },
  [SEEDS.haTinh2021Q3]: { superior: "ỦY BAN NHÂN DÂN", unit: "XÃ SƠN PHÚ", whole: "ỦY BAN NHÂN DÂN XÃ SƠN PHÚ" },
  [SEEDS.quangTri2023Q3]: { superior: "UBND TỈNH QUẢNG TRỊ", unit: "SỞ KHOA HỌC VÀ CÔNG NGHỆ", whole: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" },
  [SEEDS.socTrang2021Y]: {
    superior: "UBND TỈNH SÓC TRĂNG",
    unit: "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
    whole: "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
  },
  [SEEDS.quangNgai2021Y]: { superior: "UBND TỈNH QUẢNG NGÃI", unit: "VĂN PHÒNG", whole: "VĂN PHÒNG UBND TỈNH QUẢNG NGÃI" },
};

/** The seed's rows with their indicators: in order for full seeds, by STT then order for the partial seed 004. */
export function seedRows(stem: string, template: Template, skipSeqs: readonly number[]): { row: SeedRow; ind: Indicator }[] {
  const rows = readSeedTable(stem).filter((r) => !skipSeqs.includes(r.seq));
  if (rows.length === template.indicators.length) return rows.map((row, i) => ({ row, ind: template.indicators[i] }));
  let at = -1;
  return rows.map((row) => {
    const stt = plainText(row.stt);
    const numbered = /^\d/.test(stt);
    const i = numbered ? template.indicators.findIndex((ind, k) => k > at && plainText(ind.stt) === stt) : at + 1;
    at = i;
    return { row, ind: template.indicators[i] };
  });
}

/** What a cell holds after the clerk typed the seed's text in an Excel of the given locale. */
function stored(text: string, kind: Indicator["kind"], locale: Locale): { v: SpecValue; fmt?: string } {
  const t = text.trim();
  if (t === "") return { v: null };
  if (locale === "text" || kind === "text") return { v: t, fmt: locale === "text" ? "@" : undefined };
  const pct = /^(\d+(?:,\d+)?)%$/.exec(t);
  if (pct) return { v: Number(pct[1].replace(",", ".")) / 100, fmt: "0%" };
  const fraction = /^(\d{1,2})\/(\d{1,2})$/.exec(t);
  if (fraction) {
    // Day first in Vietnamese Excel, month first in US Excel; "02/02" is the same either way.
    const [a, b] = [Number(fraction[1]), Number(fraction[2])];
    const [day, month] = locale === "vi" ? [a, b] : [b, a];
    if (month <= 12 && day <= 31)
      return {
        v: { date: `2021-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` },
        fmt: locale === "vi" ? "dd/mm" : "m/d",
      };
    return { v: t };
  }
  if (/^\d+$/.test(t)) return { v: Number(t) };
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
    if (locale === "vi") return { v: Number(t.replace(/\./g, "")) };
    // US Excel reads the dot as the decimal point, and shows as many decimals as were typed.
    return /^\d{1,3}\.\d{3}$/.test(t) ? { v: Number(t), fmt: "0.000" } : { v: t };
  }
  if (/^\d+,\d+$/.test(t)) return locale === "vi" ? { v: Number(t.replace(",", ".")) } : { v: t };
  if (/^\d{1,3}(\.\d{3})*,\d+$/.test(t)) return locale === "vi" ? { v: Number(t.replace(/\./g, "").replace(",", ".")) } : { v: t };
  return { v: t };
}

const col = (n: number) => String.fromCharCode(64 + n);
const range = (r1: number, c1: number, r2: number, c2: number) => `${col(c1)}${r1}:${col(c2)}${r2}`;

interface Layout {
  name: string;
  locale: Locale;
  writer: Writer;
  libreOffice: boolean;
  build: (ctx: LayoutContext) => void;
}

class SheetBuilder {
  cells: SpecCell[] = [];
  merges: string[] = [];
  constructor(readonly name: string) {}
  put(r: number, c: number, v: SpecValue, fmt?: string) {
    if (v === null || v === "") return;
    this.cells.push({ r, c, v, ...(fmt ? { fmt } : {}) });
  }
  merge(r1: number, c1: number, r2: number, c2: number) {
    if (r1 !== r2 || c1 !== c2) this.merges.push(range(r1, c1, r2, c2));
  }
  spec(): SheetSpec {
    return { name: this.name, cells: this.cells, merges: this.merges };
  }
}

interface LayoutContext {
  template: Template;
  stem: string;
  period: string;
  rows: { row: SeedRow; ind: Indicator }[];
  sheet: SheetBuilder;
  /** Records which indicator is typed on a sheet row */
  typed: (sheetRow: number, ind: Indicator) => void;
  locale: Locale;
}

const hasAgency = (ctx: LayoutContext) => ctx.template.id === "quang-ngai-2021";
const titleLines = (ctx: LayoutContext) => {
  const label = parsePeriod(ctx.period).label.vi.toLocaleUpperCase("vi");
  return [
    "PHỤ LỤC",
    `THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH ${label}`,
    "(Kèm theo Báo cáo số      /BC-UBND ngày      của đơn vị)",
  ];
};

/** The letterhead: superior and unit on the left, the motto on the right; returns the next free row. */
function letterhead(ctx: LayoutContext, at: number, motto: number, oneCell = false): number {
  const u = UNITS[ctx.stem];
  if (oneCell) ctx.sheet.put(at, 1, `${u.superior}\n${u.unit}`);
  else {
    ctx.sheet.put(at, 1, u.superior);
    ctx.sheet.put(at + 1, 1, u.unit);
  }
  ctx.sheet.put(at, motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  ctx.sheet.put(at + 1, motto, "Độc lập - Tự do - Hạnh phúc");
  ctx.sheet.put(at + 2, motto, `${ctx.template.province}, ngày      tháng      năm ${ctx.period.slice(0, 4)}`);
  return at + 4;
}

/** The value, unit, name, STT and note cells of one seed row, at the given columns. */
function typeRow(
  ctx: LayoutContext,
  r: number,
  cols: { stt?: number; name: number; unit: number; value: number; agency?: number; note?: number },
  stt: string,
  name: string,
  x: { row: SeedRow; ind: Indicator },
) {
  const { sheet } = ctx;
  if (cols.stt) sheet.put(r, cols.stt, stt);
  sheet.put(r, cols.name, name);
  sheet.put(r, cols.unit, x.row.unit);
  const s = stored(x.row.value, x.ind.kind, ctx.locale);
  sheet.put(r, cols.value, s.v, s.fmt);
  if (cols.agency) sheet.put(r, cols.agency, x.row.agency);
  if (cols.note) sheet.put(r, cols.note, x.row.note);
  ctx.typed(r, x.ind);
}

function signature(ctx: LayoutContext, r: number, left: number, right: number) {
  ctx.sheet.put(r, left, "NGƯỜI LẬP BIỂU");
  ctx.sheet.put(r, right, "THỦ TRƯỞNG ĐƠN VỊ");
  ctx.sheet.put(r + 1, right, "(Ký tên, đóng dấu)");
  ctx.sheet.put(r + 4, right, "Nguyễn Văn An");
}

/** A section of the template printed as its own heading ("Biểu mẫu 1: …"), before its first row. */
function sectionHeading(ctx: LayoutContext, i: number): string | undefined {
  const x = ctx.rows[i];
  const sec = ctx.template.sections.find((s) => s.code === x.ind.section);
  const previous = i > 0 ? ctx.rows[i - 1].ind.section : undefined;
  return sec?.heading && sec.code !== previous ? sec.title : undefined;
}

const LAYOUTS: Layout[] = [
  {
    // The seed's own print: STT and name over two rows, "Kết quả thống kê" over "Đơn vị tính | Số liệu",
    // the agency column where the form has it, the header repeated on every page.
    name: "seed-two-row-header",
    locale: "vi",
    writer: "exceljs",
    libreOffice: false,
    build(ctx) {
      const agency = hasAgency(ctx);
      const cols = { stt: 1, name: 2, unit: 3, value: 4, agency: agency ? 5 : undefined, note: agency ? 6 : 5 };
      const last = cols.note;
      let r = letterhead(ctx, 1, 4);
      for (const line of titleLines(ctx)) {
        ctx.sheet.put(r, 1, line);
        ctx.sheet.merge(r, 1, r, last);
        r++;
      }
      r++;
      const header = () => {
        const s = ctx.sheet;
        s.put(r, 1, "STT");
        s.merge(r, 1, r + 1, 1);
        s.put(r, 2, "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)");
        s.merge(r, 2, r + 1, 2);
        s.put(r, 3, "Kết quả thống kê");
        s.merge(r, 3, r, 4);
        s.put(r + 1, 3, "Đơn vị tính");
        s.put(r + 1, 4, "Số liệu");
        if (cols.agency) {
          s.put(r, cols.agency, "Cơ quan chủ trì thống kê báo cáo");
          s.merge(r, cols.agency, r + 1, cols.agency);
        }
        s.put(r, cols.note, "Ghi chú");
        s.merge(r, cols.note, r + 1, cols.note);
        r += 2;
      };
      header();
      ctx.rows.forEach((x, i) => {
        const heading = sectionHeading(ctx, i);
        if (heading) {
          if (i > 0) r++;
          ctx.sheet.put(r, 1, heading);
          ctx.sheet.merge(r, 1, r, last);
          r++;
          header();
        } else if (i > 0 && i % 28 === 0) header(); // a new printed page
        typeRow(ctx, r, cols, x.row.stt, x.row.name, x);
        r++;
      });
      signature(ctx, r + 1, 2, 4);
    },
  },
  {
    // The clerk's own order: value before unit, one header row with a numbering row, US Excel settings.
    name: "clerk-column-order",
    locale: "us",
    writer: "openpyxl",
    libreOffice: false,
    build(ctx) {
      const cols = { stt: 1, name: 2, value: 3, unit: 4, note: 5 };
      let r = letterhead(ctx, 1, 3, true);
      ctx.sheet.put(r++, 2, titleLines(ctx)[1]);
      r++;
      ["TT", "Nội dung", "Kết quả", "ĐVT", "Ghi chú"].forEach((h, i) => ctx.sheet.put(r, i + 1, h));
      r++;
      ["1", "2", "3", "4", "5"].forEach((h, i) => ctx.sheet.put(r, i + 1, h));
      r++;
      ctx.rows.forEach((x, i) => {
        const heading = sectionHeading(ctx, i);
        if (heading) ctx.sheet.put(r++, 2, heading);
        typeRow(ctx, r++, cols, x.row.stt, x.row.name, x);
      });
      signature(ctx, r + 2, 2, 4);
    },
  },
  {
    // Merged title cells, sections typed in one merged cell, STT without trailing dots; round-tripped through LibreOffice.
    name: "merged-title-stt-without-dots",
    locale: "vi",
    writer: "exceljs",
    libreOffice: true,
    build(ctx) {
      const cols = { stt: 1, name: 2, unit: 3, value: 4, note: 5 };
      let r = letterhead(ctx, 1, 3);
      for (const line of titleLines(ctx)) {
        ctx.sheet.put(r, 1, line);
        ctx.sheet.merge(r, 1, r, 5);
        r++;
      }
      ["STT", "Tên chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"].forEach((h, i) => ctx.sheet.put(r, i + 1, h));
      r++;
      ctx.rows.forEach((x, i) => {
        const heading = sectionHeading(ctx, i);
        if (heading) {
          ctx.sheet.put(r, 1, heading);
          ctx.sheet.merge(r, 1, r, 5);
          r++;
        }
        const stt = x.row.stt.replace(/\.$/, "");
        if (x.ind.kind === "header" && x.row.value === "" && x.row.unit === "" && stt !== "" && /^[\dIVX]/.test(stt)) {
          // A section or group row: its number and title in one cell across the table.
          ctx.sheet.put(r, 1, `${stt} ${x.row.name}`);
          ctx.sheet.merge(r, 1, r, 5);
          ctx.typed(r, x.ind);
        } else typeRow(ctx, r, cols, stt, x.row.name, x);
        r++;
      });
      signature(ctx, r + 1, 2, 4);
    },
  },
  {
    // The appendix far down the narrative report's own sheet, an extra column and Ghi chú before Số liệu, cells formatted as Text.
    name: "narrative-extra-column",
    locale: "text",
    writer: "openpyxl",
    libreOffice: false,
    build(ctx) {
      let r = letterhead(ctx, 1, 4);
      ctx.sheet.put(r++, 1, "BÁO CÁO");
      ctx.sheet.put(r++, 1, `Kết quả thực hiện công tác cải cách hành chính ${parsePeriod(ctx.period).label.vi}`);
      for (let p = 0; p < 45; p++) {
        ctx.sheet.put(
          r++,
          1,
          `${p + 1}. Trong kỳ, đơn vị đã triển khai các nhiệm vụ cải cách hành chính theo kế hoạch; kết quả cụ thể như sau (đoạn ${p + 1}), các số liệu chi tiết tại phụ lục kèm theo.`,
        );
      }
      ctx.sheet.put(r++, 4, "THỦ TRƯỞNG ĐƠN VỊ");
      r += 3;
      for (const line of titleLines(ctx)) ctx.sheet.put(r++, 1, line);
      r++;
      const cols = { stt: 1, name: 2, unit: 3, note: 5, value: 6 };
      ["STT", "Chỉ tiêu thống kê", "ĐVT", "Kế hoạch năm", "Ghi chú", "Số liệu"].forEach((h, i) => ctx.sheet.put(r, i + 1, h));
      r++;
      ctx.rows.forEach((x, i) => {
        const heading = sectionHeading(ctx, i);
        if (heading) ctx.sheet.put(r++, 1, heading);
        typeRow(ctx, r, cols, x.row.stt, x.row.name, x);
        if (x.ind.kind !== "header") ctx.sheet.put(r, 4, "Theo kế hoạch", "@");
        r++;
      });
      ctx.sheet.put(r + 1, 2, `${ctx.template.province}, ngày      tháng      năm ${ctx.period.slice(0, 4)}`);
      signature(ctx, r + 2, 2, 6);
    },
  },
  {
    // No STT column: the numbers typed at the start of the names; a two-row header with no merges (as
    // a sheet copied from a web page or a PDF arrives).
    name: "numbers-in-names-flat-header",
    locale: "vi",
    writer: "openpyxl",
    libreOffice: true,
    build(ctx) {
      let r = letterhead(ctx, 1, 3);
      for (const line of titleLines(ctx)) ctx.sheet.put(r++, 1, line);
      r++;
      ctx.sheet.put(r, 1, "Chỉ tiêu thống kê");
      ctx.sheet.put(r, 2, "Kết quả thống kê");
      ctx.sheet.put(r, 4, "Ghi chú");
      ctx.sheet.put(r + 1, 2, "Đơn vị tính");
      ctx.sheet.put(r + 1, 3, "Số liệu");
      r += 2;
      const cols = { name: 1, unit: 2, value: 3, note: 4 };
      ctx.rows.forEach((x, i) => {
        const heading = sectionHeading(ctx, i);
        if (heading) ctx.sheet.put(r++, 1, heading);
        const stt = x.row.stt.trim();
        const name = /^[\dIVX]/.test(stt) ? `${stt} ${x.row.name}` : x.row.name;
        typeRow(ctx, r++, cols, "", name, x);
      });
      signature(ctx, r + 1, 1, 3);
    },
  },
];

export const LAYOUT_NAMES = LAYOUTS.map((l) => l.name);

/** Every (seed, layout): the sheet spec and its manifest entry (file name without directory). */
export function corpusSpecs(): { entry: CorpusEntry; sheets: SheetSpec[] }[] {
  const registry = builtInRegistry();
  return CORPUS_SEEDS.flatMap((seed) =>
    LAYOUTS.map((layout) => {
      const template = registry.get(seed.templateId);
      const sheet = new SheetBuilder(layout.name.startsWith("narrative") ? "Báo cáo" : "Phụ lục");
      const rows: Record<string, string> = {};
      layout.build({
        template,
        stem: seed.stem,
        period: seed.period,
        rows: seedRows(seed.stem, template, seed.skipSeqs),
        sheet,
        typed: (r, ind) => (rows[String(r)] = ind.code),
        locale: layout.locale,
      });
      const entry: CorpusEntry = {
        file: `${seed.stem.slice(0, 3)}-${layout.name}.xlsx`,
        stem: seed.stem,
        templateId: seed.templateId,
        period: seed.period,
        unitName: UNITS[seed.stem].whole,
        layout: layout.name,
        writer: layout.writer,
        libreOffice: layout.libreOffice,
        sheet: sheet.name,
        rows,
      };
      return { entry, sheets: [sheet.spec()] };
    }),
  );
}

/** Writes sheet specs with ExcelJS. */
export async function writeWithExcelJS(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    for (const cell of spec.cells) {
      const c = ws.getCell(cell.r, cell.c);
      c.value = typeof cell.v === "object" && cell.v !== null ? new Date(`${cell.v.date}T00:00:00Z`) : cell.v;
      if (cell.fmt) c.numFmt = cell.fmt;
    }
    for (const m of spec.merges) ws.mergeCells(m);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
