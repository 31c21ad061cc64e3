// The printed appendix is the official document a unit signs and stamps: each template filled with
// its seed's figures and title inputs, and a 20-unit summary, printed to PDF by LibreOffice as a unit
// would print them. Page 1 of each is kept in test-artifacts/print/ for a person to look at.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mergeSubmissions } from "../src/domain/merge/engine";
import { buildSummaryPlan } from "../src/domain/merge/summaryPlan";
import { TitleInputValues } from "../src/domain/sheet/titleBlock";
import { builtInRegistry } from "../src/templates";
import { summaryToBuffer } from "../src/xlsx/renderPlan";
import { filledWorkbook, planFor, randomValue, seedTyped } from "./support/fill";
import { describeWithLibreOffice, toPdf } from "./support/libreoffice";
import { unitSubmission } from "./support/merge";
import { random } from "./support/random";
import { SEED_FORMS } from "./support/seeds";

const registry = builtInRegistry();
const ARTIFACTS = path.resolve(__dirname, "../test-artifacts/print");

/** What each seed's unit prints in its title block (the seeds leave some numbers to write by hand). */
const SEED_TITLES: Record<string, TitleInputValues> = {
  "quang-ngai-2021": { unitName: "Sở Khoa học và Công nghệ" },
  "ha-tinh-2021-xa": {
    superior: "UBND huyện Hương Sơn",
    unitName: "UBND xã Sơn Phú",
    place: "Sơn Phú",
    reportNumber: "52/BC-UBND",
    reportDate: 44453,
  },
  "quang-tri-2023": { unitName: "Sở Khoa học và Công nghệ Quảng Trị", reportNumber: "122/BC-SKHCN", reportDate: 45184 },
  "soc-trang-2021": { unitName: "Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng" },
};

interface Word {
  page: number;
  text: string;
  yMin: number;
  height: number;
}
interface Page {
  width: number;
  height: number;
  words: Word[];
}

/** Words and their boxes, page by page, as poppler's pdftotext -bbox reports them. */
function pdfPages(pdf: string): Page[] {
  const html = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const pages: Page[] = [];
  for (const block of html.split("<page ").slice(1)) {
    const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(block)!;
    const words = [...block.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      page: pages.length + 1,
      text: m[3]
        .replace(/&amp;/g, "&")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"'),
      yMin: Number(m[1]),
      height: Number(m[2]) - Number(m[1]),
    }));
    pages.push({ width: Number(width), height: Number(height), words });
  }
  return pages;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const isA4 = (p: Page) => [Math.round(p.width), Math.round(p.height)].sort().join("x") === "595x842";

/** The table's words: below the header's "STT" on the page that has one, every word but the footer elsewhere. */
function tableWords(pages: Page[]): Word[] {
  return pages.flatMap((p) => {
    const stt = p.words.find((w) => w.text === "STT");
    return p.words.filter((w) => (stt ? w.yMin >= stt.yMin : true) && !/^Trang$|^\d+\/\d+$/.test(w.text));
  });
}

// pdftotext splits a word at each glyph with a separate diacritic ("S Ơ N"): texts are compared without spaces.
const squeeze = (s: string) => s.replace(/\s+/g, "");
const textOf = (words: Word[]) => squeeze(words.map((w) => w.text).join(""));
const SELF_CHECK = [/Tựkiểmtra/, /lỗi,/, /cảnhbáo/, /khôngin/, /•/];
const PLACEHOLDERS = [/Khôngrõ/, /Khôngghitrongbiểu/, /…/, /\.\.\./];
const found = (text: string, patterns: RegExp[]) => patterns.map((re) => re.exec(text)?.[0]).find(Boolean) ?? null;

interface Printed {
  name: string;
  pages: Page[];
}

describeWithLibreOffice("the printed appendix (LibreOffice PDF)", () => {
  const printed: Printed[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-print-"));
    const files: { name: string; file: string }[] = [];
    for (const form of SEED_FORMS) {
      const template = registry.get(form.templateId);
      const bytes = await filledWorkbook(
        planFor(template, form.period, String(SEED_TITLES[template.id].unitName)),
        seedTyped(template, form.stem, form.skipSeqs, { overFormulas: true }),
        SEED_TITLES[template.id],
      );
      files.push({ name: `${template.id}_${form.period}`, file: path.join(dir, `${template.id}_${form.period}.xlsx`) });
      writeFileSync(files[files.length - 1].file, bytes);
    }
    // A district merging its 20 communes.
    const template = registry.get("ha-tinh-2021-xa");
    const rnd = random(14);
    const units = Array.from(
      { length: 20 },
      (_, i) => `UBND xã ${["Sơn Phú", "Sơn Hàm", "Sơn Trung", "Sơn Bằng", "Sơn Tây"][i % 5]} ${i + 1}`,
    );
    const submissions = units.map((u) => {
      const typed = new Map(
        template.indicators.filter((i) => i.kind !== "header" && !i.compute).map((i) => [i.code, randomValue(i, rnd)] as const),
      );
      return unitSubmission(template, "2021-Q3", u, typed);
    });
    const result = mergeSubmissions(template, submissions);
    const summary = buildSummaryPlan({
      template,
      result,
      unitName: "UBND huyện Hương Sơn",
      level: "xa",
      generatorVersion: "test",
      createdAt: "2021-09-20T02:00:00.000Z",
    });
    files.push({ name: "summary-20-units", file: path.join(dir, "summary-20-units.xlsx") });
    writeFileSync(files[files.length - 1].file, await summaryToBuffer(summary));

    const pdfs = toPdf(files.map((f) => f.file));
    mkdirSync(ARTIFACTS, { recursive: true });
    files.forEach((f, i) => {
      printed.push({ name: f.name, pages: pdfPages(pdfs[i]) });
      execFileSync("pdftoppm", ["-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdfs[i], path.join(ARTIFACTS, f.name)]);
    });
  }, 300_000);

  it("prints every page on A4", () => {
    for (const p of printed)
      expect({ name: p.name, pages: p.pages.filter((page) => !isA4(page)).length }).toEqual({ name: p.name, pages: 0 });
  });

  it("prints nothing of the self-check: no check line, no check column", () => {
    for (const p of printed.filter((x) => !x.name.startsWith("summary"))) {
      const text = textOf(p.pages.flatMap((page) => page.words));
      expect(text).toContain(squeeze("Độc lập - Tự do - Hạnh phúc")); // the words are read at all
      expect({ name: p.name, found: found(text, SELF_CHECK) }).toEqual({ name: p.name, found: null });
    }
  });

  it("prints the table at 11 pt or more (median word box height)", () => {
    for (const p of printed) {
      // Every sheet: the form, the per-unit table and the sources sheet all print at full size.
      expect({ name: p.name, height: Math.round(median(tableWords(p.pages).map((w) => w.height)) * 10) / 10 >= 11 }).toEqual({
        name: p.name,
        height: true,
      });
    }
  });

  it("prints no placeholder words in the title block, and the unit's name, number and date where they were typed", () => {
    for (const p of printed) {
      const [first] = p.pages;
      const stt = first.words.find((w) => w.text === "STT")!;
      const title = textOf(first.words.filter((w) => w.yMin < stt.yMin));
      expect({ name: p.name, found: found(title, PLACEHOLDERS) }).toEqual({ name: p.name, found: null });
      expect(title).toContain("(KèmtheoBáocáosố");
    }
    const haTinh = textOf(printed.find((p) => p.name.startsWith("ha-tinh"))!.pages[0].words);
    for (const line of [
      "UBND HUYỆN HƯƠNG SƠN",
      "UBND XÃ SƠN PHÚ",
      "Sơn Phú, ngày 14 tháng 9 năm 2021",
      "Phụ lục 2B",
      "QUÝ III NĂM 2021 CỦA UBND XÃ SƠN PHÚ",
      "(Kèm theo Báo cáo số 52/BC-UBND ngày 14/9/2021 của UBND xã Sơn Phú)",
      "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
    ])
      expect(haTinh).toContain(squeeze(line));
    // A field left empty prints blanks to write in by hand.
    const socTrang = textOf(printed.find((p) => p.name.startsWith("soc-trang"))!.pages[0].words);
    expect(socTrang).toContain(squeeze("(Kèm theo Báo cáo số")); // the line wraps: pdftotext reads it in two parts
    expect(socTrang).toContain(squeeze("của Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng)"));
  });

  it("prints a summary's per-unit figures as landscape pages that repeat STT and the indicator names", () => {
    const { pages } = printed.find((p) => p.name === "summary-20-units")!;
    const unitPages = pages.filter((page) => textOf(page.words).includes("SỐLIỆUBÁOCÁOCỦATỪNGĐƠNVỊ"));
    expect(unitPages.length).toBeGreaterThanOrEqual(4);
    // Every page repeats STT, the names and the header; the last unit's column is printed too.
    for (const page of unitPages) {
      expect(page.width).toBeGreaterThan(page.height);
      const text = textOf(page.words);
      expect(text).toContain("STTChỉtiêuthốngkê");
      expect(text).toContain("Tổnghợp");
    }
    // The header wraps "UBND xã Sơn" over "Tây 20": the last unit's column is printed.
    expect(textOf(unitPages.flatMap((page) => page.words))).toContain("Tây20");
    // The form with the totals prints on its own, portrait, as the template prints it.
    expect(pages[0].width).toBeLessThan(pages[0].height);
    expect(textOf(pages[0].words)).toContain(squeeze("Phụ lục 2B TỔNG HỢP"));
  });
});
