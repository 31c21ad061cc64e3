// The add-in end to end in a real browser: the workbench page (the real task pane beside the
// in-memory workbook) in Debian's Chromium. Screenshots of each step go to test-artifacts/e2e.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { Browser, Page } from "playwright-core";
import { RawValue } from "../../src/domain/values";
import { unitFileNames } from "../../src/domain/unitFiles";
import { builtInRegistry } from "../../src/templates";
import { readSubmission } from "../../src/xlsx/readSubmission";
import { filledWorkbook, planFor, randomValue, seedTyped } from "../support/fill";
import { random } from "../support/random";
import { randomBytes } from "../support/receivedFiles";
import { readSeedTable, SEED_FORMS } from "../support/seeds";
import { describeInChromium, launchChromium, serveAddin } from "./browser";

const ARTIFACTS = path.resolve(__dirname, "../../test-artifacts/e2e");
const PANE_WIDTH = 350;
const UNIT = "Sở Khoa học và Công nghệ";
const form = SEED_FORMS.find((f) => f.templateId === "quang-tri-2023")!;
const template = builtInRegistry().get(form.templateId);
const plan = planFor(template, form.period, UNIT);
const addressOf = (code: string) => plan.indicatorCells.find((c) => c.code === code)!.address;
/** The count one department of the merge typed far from the others: directives issued. */
const FAR = template.indicators.find((i) => i.code === "BM1.1")!;

describeInChromium("workbench in Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveAddin>>;
  let page: Page;
  const errors: string[] = [];
  let step = 0;
  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${String(++step).padStart(2, "0")}-${name}.png`) });
  /** The pane alone, its whole height, at its 350 px width. */
  const paneShot = async (name: string) => {
    const box = await pane().boundingBox();
    expect(Math.round(box!.width)).toBe(PANE_WIDTH);
    // Nothing in the pane is wider than the pane.
    expect(await pane().evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await pane().evaluate((el) => el.scrollTo(0, 0));
    const fullHeight = await pane().evaluate((el) => el.scrollHeight);
    await page.setViewportSize({ width: 1400, height: Math.max(900, fullHeight + 20) });
    await pane().screenshot({ path: path.join(ARTIFACTS, `${String(++step).padStart(2, "0")}-${name}.png`) });
    await page.setViewportSize({ width: 1400, height: 900 });
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveAddin();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on("pageerror", (e) => errors.push(e.message));
    // The pane at 350 px, as wide as Excel lets it be by default on a laptop.
    await page.goto(`${server.url}/workbench.html?pane=${PANE_WIDTH}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pane = () => page.getByRole("complementary");
  const cell = (address: string) => page.locator(`[data-address="${address}"]`);
  const typeInto = async (address: string, text: string) => {
    await cell(address).click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  };
  const badge = (label: RegExp) => pane().getByRole("group").getByText(label);

  it("inserts quang-tri-2023 for Quý III/2023", async () => {
    await pane().getByLabel("Biểu mẫu (phiên bản)", { exact: true }).selectOption(form.templateId);
    await pane().getByLabel("Kỳ báo cáo", { exact: true }).selectOption("Q3");
    await pane().getByLabel("Năm", { exact: true }).fill("2023");
    await pane()
      .getByRole("textbox", { name: /^Tên đơn vị báo cáo/ })
      .fill(UNIT);
    await pane().getByLabel("Cấp đơn vị", { exact: true }).selectOption("so");
    await pane().getByText("Thời gian chốt số liệu: từ ngày 15/06/2023 đến ngày 14/09/2023").waitFor();
    await shot("form");
    await pane().getByRole("button", { name: "Chèn biểu mẫu", exact: true }).click();

    await page.getByRole("tab", { name: "Kiểm tra" }).waitFor();
    await pane()
      .getByText(/^Chưa sẵn sàng gửi: còn \d+\/\d+ chỉ tiêu chưa nhập\.$/)
      .waitFor();
    expect(await cell("A8").textContent()).toContain("QUÝ III NĂM 2023");
    expect(await cell("A2").textContent()).toContain(UNIT.toLocaleUpperCase("vi"));
    await shot("inserted");
  });

  it("shows the findings of the seed's values as they are typed, a rate typed over its formula included", async () => {
    // Units unprotect the sheet to type over a formula (Review > Unprotect Sheet).
    await page.getByRole("button", { name: /Bỏ bảo vệ trang/ }).click();
    const rows = readSeedTable(form.stem);
    for (const [i, row] of rows.entries()) {
      const ind = template.indicators[i];
      if (ind.kind === "header" || row.value === "") continue;
      await typeInto(addressOf(ind.code), row.value);
    }
    // BM6.1 typed 1,34 over its formula; its parts give 81,5 %.
    const rate = pane().getByRole("button", { name: /Phụ lục!D108.*theo dòng 1\.2 và 1\.1 là 81,5 %/ });
    await rate.waitFor();
    expect(await badge(/^Lỗi \d+$/).textContent()).not.toBe("Lỗi 0");
    expect(await cell("D108").textContent()).toBe("1,34");
    await shot("findings");

    await rate.click();
    await expect(page.getByLabel("Ô đang chọn", { exact: true }).textContent()).resolves.toBe("D108");
    await shot("finding-selected");
  });

  it("drops a finding once the value is fixed", async () => {
    const part = addressOf("BM7.6.5.2");
    const finding = pane().getByRole("button", { name: new RegExp(`Phụ lục!${part}.*lớn hơn mẫu số`) });
    await finding.waitFor();
    const before = Number((await badge(/^Lỗi \d+$/).textContent())!.replace(/\D/g, ""));
    await typeInto(part, "12");
    await finding.waitFor({ state: "detached" });
    const after = Number((await badge(/^Lỗi \d+$/).textContent())!.replace(/\D/g, ""));
    expect(after).toBeLessThan(before);
    await shot("fixed");
  });

  it("lists the findings in sheet order, one per problem, in plain words", async () => {
    const list = pane().getByRole("region", { name: /^Phát hiện theo thứ tự trên trang/ });
    await list.waitFor();
    const texts = await list.getByRole("button").allTextContents();
    const rows = texts.map((t) => Number(/Phụ lục!D(\d+)/.exec(t)?.[1]));
    expect(rows.every((r) => r > 0)).toBe(true);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    for (const t of texts) expect(t).not.toMatch(/\[|pct\(|\bBM\d|quang-tri/);
    // A typed-over cell that agrees with its formula is a warning, not an error.
    expect(texts.find((t) => t.includes(`Phụ lục!${addressOf("BM1.2")}`))).toMatch(/^Cảnh báo · .*đúng bằng kết quả công thức/);
    // The pane scrolled to the list's heading: the first findings in sheet order, as the clerk reads them.
    await list.evaluate((el) => el.scrollIntoView({ block: "start" }));
    await pane().screenshot({ path: path.join(ARTIFACTS, `${String(++step).padStart(2, "0")}-findings-in-sheet-order.png`) });
  });

  it("switches to English", async () => {
    await pane().getByRole("button", { name: "EN", exact: true }).click();
    await page.getByRole("tab", { name: "Check" }).waitFor();
    await pane()
      .getByRole("button", { name: /Phụ lục!D108.*give 81,5 %/ })
      .waitFor();
    await shot("english");
    expect(errors).toEqual([]);
  });

  it("merges the units' files with a progress bar, names the bad file with its message and writes the summary", async () => {
    // The files a Sở receives: five departments' workbooks of the same form and period (the seed's figures,
    // larger or smaller by department; Sở số 4 typed 40 times its share of directives), and a damaged one.
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-e2e-merge-"));
    try {
      const files: string[] = [];
      const seed = seedTyped(template, form.stem, form.skipSeqs, { overFormulas: false });
      for (let i = 1; i <= 5; i++) {
        const values = new Map<string, RawValue>();
        for (const [code, v] of seed) {
          const count = template.indicators.find((ind) => ind.code === code)?.kind === "count" && typeof v === "number";
          values.set(code, count ? Math.round(v * (0.8 + 0.1 * (i - 1)) * (i === 4 && code === FAR.code ? 40 : 1)) : v);
        }
        files.push(path.join(dir, `so-${i}.xlsx`));
        writeFileSync(files[files.length - 1], await filledWorkbook(planFor(template, form.period, `Sở số ${i}`), values));
      }
      const bad = path.join(dir, "hong.xlsx");
      writeFileSync(bad, randomBytes(4000, 11));
      files.splice(2, 0, bad);
      const read = await readSubmission({ file: "hong.xlsx", bytes: readFileSync(bad) }, builtInRegistry());
      const badMessage = "rejected" in read ? read.rejected.reason.vi : "";
      expect(badMessage).toMatch(/^hong\.xlsx: /);

      await pane().getByRole("button", { name: "VI", exact: true }).click();
      await page.getByRole("tab", { name: "Tổng hợp" }).click();
      await pane().getByLabel("Các tệp báo cáo của đơn vị (.xlsx)", { exact: true }).setInputFiles(files);
      await pane().getByText("Đã chọn 6 tệp").waitFor();
      // Every label the progress bar shows, recorded in the page as the pane updates it.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { progressSeen: string[] }).progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"]');
          const label = bar ? document.getElementById(bar.getAttribute("aria-labelledby") ?? "")?.textContent : undefined;
          if (label && label !== seen[seen.length - 1]) seen.push(label);
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await shot("merge-files-chosen");
      await pane().getByRole("button", { name: "Bắt đầu tổng hợp" }).click();
      await pane().getByRole("progressbar").waitFor();
      await shot("merge-progress");

      const table = pane().getByRole("list", { name: "Kết quả theo tệp" });
      await table.waitFor();
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
      // The reading bar for each file in turn, then the spinner (also a progressbar) while the list merges.
      expect(seen).toEqual([...files.map((f, i) => `Đang đọc tệp ${i + 1}/6: ${path.basename(f)}`), "Đang tổng hợp 6 tệp…"]);
      const badRow = table.getByRole("listitem").filter({ hasText: "hong.xlsx" });
      await badRow.getByText("Không đọc được").waitFor();
      await badRow.locator("summary").click();
      await badRow.getByText(badMessage).waitFor();
      expect(await table.getByRole("listitem").count()).toBe(6);
      await pane().getByText("6 tệp: 5 đã tổng hợp", { exact: false }).first().waitFor();
      await shot("merge-results");
      // The department far from the others, with its figure and the others' median, in plain words.
      const review = pane().getByRole("region", { name: /^Cần xem lại \(\d+\): đơn vị khác xa các đơn vị khác$/ });
      const far = review.locator("details", { hasText: "Sở số 4:" });
      await far.getByText(`STT ${FAR.stt} · ${FAR.name}`).waitFor();
      expect(await far.textContent()).toMatch(/khác xa các đơn vị khác \(trung vị của 5 đơn vị là [\d.]+\)/);
      expect(await review.textContent()).not.toMatch(/BM\d|quang-tri|\[/);
      await review.scrollIntoViewIfNeeded();
      await pane().screenshot({ path: path.join(ARTIFACTS, `${String(++step).padStart(2, "0")}-merge-review.png`) });
      await paneShot("merge-results-pane");

      await pane().getByRole("button", { name: "Ghi bảng tổng hợp vào sổ" }).click();
      // The workbook holds the report inserted above: the pane asks before replacing it.
      const dialog = page.getByRole("alertdialog");
      await dialog.getByText("Sổ đã có trang 'Phụ lục'. Thay bằng bảng tổng hợp?", { exact: false }).waitFor();
      await dialog.getByRole("button", { name: "Thay thế" }).click();
      const written = pane().getByText("Đã ghi bảng tổng hợp vào các trang “Phụ lục”, “Số liệu từng đơn vị” và “Nguồn tổng hợp”.");
      await written.waitFor();
      await written.scrollIntoViewIfNeeded();
      await page.locator('[data-address="A6"]', { hasText: "PHỤ LỤC TỔNG HỢP" }).waitFor();
      expect(await cell("A11").textContent()).toBe("Tổng hợp từ 5 đơn vị");
      await shot("summary-written");

      // The sources sheet names every file, the damaged one with its message.
      await page.getByRole("tab", { name: "Nguồn tổng hợp" }).click();
      await page.locator('[data-address="A1"]', { hasText: "NGUỒN SỐ LIỆU TỔNG HỢP" }).scrollIntoViewIfNeeded();
      await page.locator("[data-address]", { hasText: badMessage }).waitFor();
      await shot("summary-sources");
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("makes one workbook per unit from a pasted list, and merges two of them back with the completeness table", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-e2e-units-"));
    try {
      const units = ["Sở Y tế", "UBND huyện Vĩnh Linh / Văn phòng", "Sở Giáo dục và Đào tạo"];
      await pane().getByRole("tab", { name: "Biểu mẫu", exact: true }).click();
      await pane()
        .getByRole("textbox", { name: /^Danh sách đơn vị/ })
        .fill(units.join("\n"));
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        pane().getByRole("button", { name: "Tạo 3 tệp (.zip)" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("quang-tri-2023_2023-Q3_3-don-vi.zip");
      const zipPath = path.join(dir, download.suggestedFilename());
      await download.saveAs(zipPath);
      await pane()
        .getByText(/^Đã tạo 3 tệp trong /)
        .waitFor();
      await paneShot("per-unit-made");

      const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
      const names = unitFileNames(units);
      expect(Object.keys(entries).sort()).toEqual([...names].sort());
      // Two units fill their own file: one saves it before the due date (20/09/2023), the other after.
      const filled: string[] = [];
      for (const [i, savedAt] of [
        [0, "2023-09-18T02:00:00.000Z"],
        [1, "2023-09-25T02:00:00.000Z"],
      ] as const) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(entries[names[i]] as unknown as ArrayBuffer);
        const sheet = wb.getWorksheet("Phụ lục")!;
        const [unitRef] = wb.definedNames.getRanges("CCHC_DonVi").ranges;
        expect(sheet.getCell(unitRef.split("!")[1].replace(/\$/g, "")).value).toBe(units[i]);
        const rnd = random(900 + i);
        for (const ind of template.indicators)
          if (ind.kind !== "header" && !ind.compute) sheet.getCell(addressOf(ind.code)).value = randomValue(ind, rnd);
        wb.modified = new Date(savedAt);
        filled.push(path.join(dir, names[i]));
        writeFileSync(filled[filled.length - 1], Buffer.from(await wb.xlsx.writeBuffer()));
      }
      const rosterPath = path.join(dir, "danh-sach.txt");
      writeFileSync(rosterPath, units.join("\r\n"));

      await pane().getByRole("tab", { name: "Tổng hợp", exact: true }).click();
      await pane().getByRole("button", { name: "Bỏ chọn tất cả" }).click();
      await pane().getByLabel("Các tệp báo cáo của đơn vị (.xlsx)", { exact: true }).setInputFiles(filled);
      await pane().getByLabel("Tệp danh sách đơn vị", { exact: true }).setInputFiles(rosterPath);
      await pane().getByText("danh-sach.txt: 3 đơn vị").waitFor();
      await pane().getByRole("button", { name: "Bắt đầu tổng hợp" }).click();
      const table = pane().getByRole("table", { name: "Tình hình gửi báo cáo (hạn 20/09/2023)" });
      await table.waitFor({ timeout: 30_000 });
      const row = async (label: string) =>
        (await table
          .getByRole("row")
          .filter({ has: page.getByRole("rowheader", { name: label, exact: true }) })
          .textContent())!;
      expect(await Promise.all(["Phải báo cáo", "Đã gửi", "Đúng hạn", "Gửi muộn", "Chưa gửi"].map(row))).toEqual([
        "Phải báo cáo3",
        "Đã gửi266,7%",
        "Đúng hạn133,3%",
        "Gửi muộn133,3%",
        "Chưa gửi133,3%",
      ]);
      await pane().locator("details", { hasText: "Chưa gửi (1)" }).getByText(units[2]).waitFor();
      await pane().getByText("Bảng tổng hợp gồm 2 đơn vị.").waitFor();
      await table.scrollIntoViewIfNeeded();
      await shot("merge-completeness");
      await paneShot("merge-completeness-pane");
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
