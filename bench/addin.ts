// The add-in's figures: production bundle size (gzip), Office.js round trips per insert, and the
// time from an edit to updated findings in the workbench in Chromium. Figures only, no pass/fail.
// Standalone: `npx tsx bench/addin.ts` (the bundle figures need `npm run build:addin` first).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { createOfficeReportHost } from "../src/excel/officeReportHost";
import { buildSheetPlan } from "../src/domain/sheet/build";
import { parsePeriod } from "../src/domain/period";
import { builtInRegistry } from "../src/templates";
import { createInMemoryExcel } from "../src/workbench/host";
import { ADDIN_DIR, CHROMIUM, launchChromium, serveAddin } from "../test/e2e/browser";

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

function bundleSizes(): void {
  const html = path.join(ADDIN_DIR, "taskpane.html");
  if (!existsSync(html)) {
    console.log("  bundle: dist/addin is missing — run `npm run build:addin` first");
    return;
  }
  // The initial load is what taskpane.html references; other chunks load on demand (ExcelJS for the merge).
  const initial = [...readFileSync(html, "utf8").matchAll(/<script[^>]+src="?([^"\s>]+\.js)/g)]
    .map((m) => m[1])
    .filter((s) => !s.startsWith("http"));
  let raw = 0;
  let gz = 0;
  for (const file of initial) {
    const bytes = readFileSync(path.join(ADDIN_DIR, file));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  const lazy = readdirSync(ADDIN_DIR).filter((f) => f.endsWith(".js") && !initial.includes(f) && !f.startsWith("workbench"));
  const text = (f: string) => readFileSync(path.join(ADDIN_DIR, f), "utf8");
  const exceljsInitial = initial.some((f) => text(f).includes("xl/sharedStrings.xml"));
  // zod by its messages; a template file by its "decisions" (each form is a chunk of its own).
  const zodInitial = initial.some((f) => text(f).includes("Invalid input"));
  const templatesInitial = initial.some((f) => text(f).includes(`"decisions":`));
  console.log(`  task pane initial JS: ${kib(raw)}, gzip -9 ${kib(gz)} = ${gz.toLocaleString("en")} bytes (${initial.join(", ")})`);
  const gzOf = (f: string) => gzipSync(readFileSync(path.join(ADDIN_DIR, f)), { level: 9 }).length;
  console.log(
    `  chunks loaded on demand (gzip -9): ${lazy.length ? lazy.map((f) => `${f} ${kib(gzOf(f))}`).join(", ") : "none"}; ` +
      `in the initial load: ExcelJS ${exceljsInitial ? "YES" : "no"}, zod ${zodInitial ? "YES" : "no"}, the templates' rows ${templatesInitial ? "YES" : "no"}`,
  );
}

async function syncsPerInsert(): Promise<void> {
  const registry = builtInRegistry();
  for (const template of registry.list()) {
    const excel = createInMemoryExcel();
    const host = createOfficeReportHost(excel.run, excel.requirements, { registry, generatorVersion: "bench" });
    const periodCode = template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`;
    excel.resetSyncCount();
    const t0 = performance.now();
    const outcome = await host.insert({
      templateId: template.id,
      period: periodCode,
      unitName: "Đơn vị đo",
      unitLevel: template.levels[0],
      replace: false,
    });
    const ms = performance.now() - t0;
    const plan = buildSheetPlan({
      template,
      period: parsePeriod(periodCode, template.dueDay),
      unit: { name: "Đơn vị đo", level: template.levels[0] },
      generatorVersion: "bench",
      createdAt: "",
    });
    const commands = excel.syncs().map((s) => s.operations);
    console.log(
      `  ${template.id.padEnd(16)} ${String(plan.indicatorCells.length).padStart(3)} indicators: insert ${outcome.status === "inserted" ? outcome.syncs : "?"} syncs` +
        ` (+ ${excel.syncCount() - (outcome.status === "inserted" ? outcome.syncs : 0)} to open and listen), commands per sync ${commands.join("/")}, ${ms.toFixed(0)} ms in Node`,
    );
  }
}

async function editToFindings(): Promise<void> {
  if (!existsSync(CHROMIUM) || !existsSync(path.join(ADDIN_DIR, "workbench.html"))) {
    console.log("  edit → findings: needs Chromium and `npm run build:addin`");
    return;
  }
  const server = await serveAddin();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/workbench.html`);
    const pane = page.getByRole("complementary");
    await pane.getByLabel("Biểu mẫu (phiên bản)", { exact: true }).selectOption("soc-trang-2021");
    await pane.getByRole("textbox", { name: /^Tên đơn vị báo cáo/ }).fill("Đơn vị đo");
    await pane.getByRole("button", { name: "Chèn biểu mẫu", exact: true }).click();
    await pane
      .getByText(/chỉ tiêu chưa nhập/)
      .first()
      .waitFor();
    const template = builtInRegistry().get("soc-trang-2021");
    const plan = buildSheetPlan({
      template,
      period: parsePeriod("2023-Y"),
      unit: { name: "x", level: template.levels[0] },
      generatorVersion: "",
      createdAt: "",
    });
    const target = plan.indicatorCells.find((c) => !c.computed && template.indicators.find((i) => i.code === c.code)?.kind === "count")!;
    // In the page, as a user types: select the cell, type a wrong then a right value into the grid's
    // editor, press Enter. Timed from that Enter (the committed edit) to the mutation that changes the
    // pane's error badge, and to the next frame after it (when the browser paints it). A string, not a
    // function: tsx would add helpers the page does not have.
    const times = await page.evaluate<{ dom: number[]; frame: number[] }>(`(async () => {
      const cell = document.querySelector('[data-address="${target.address}"]');
      const pane = document.querySelector("aside");
      const badge = () => [...pane.querySelectorAll("[role=group] *")].map((e) => e.textContent).find((t) => /^Lỗi \\d+$/.test(t || "")) || "";
      const tick = () => new Promise((r) => setTimeout(r, 0));
      const key = (el, k) => el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
      const dom = [];
      const frame = [];
      for (let i = 0; i < 20; i++) {
        const text = i % 2 === 0 ? "abc" : "5";
        cell.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
        await tick();
        key(cell, text[0]);
        await tick();
        const editor = cell.querySelector("input");
        setValue.call(editor, text);
        editor.dispatchEvent(new Event("input", { bubbles: true }));
        await tick();
        const before = badge();
        const shown = new Promise((resolve) => {
          const seen = new MutationObserver(() => {
            if (badge() === before) return;
            seen.disconnect();
            const at = performance.now();
            requestAnimationFrame(() => setTimeout(() => resolve([at, performance.now()]), 0));
          });
          seen.observe(pane, { subtree: true, childList: true, characterData: true });
        });
        const t0 = performance.now();
        key(editor, "Enter");
        const [atDom, atFrame] = await shown;
        dom.push(atDom - t0);
        frame.push(atFrame - t0);
        await new Promise((r) => setTimeout(r, 50));
      }
      return { dom, frame };
    })()`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `  edit → findings in the workbench (Chromium, soc-trang-2021, ${times.dom.length} edits typed into the grid): median ${median(times.dom).toFixed(0)} ms` +
        ` from Enter to the pane's new counts in the DOM (max ${Math.max(...times.dom).toFixed(0)} ms), ${median(times.frame).toFixed(0)} ms to the frame that shows them`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function benchAddin(): Promise<void> {
  console.log("Add-in:");
  bundleSizes();
  await syncsPerInsert();
  await editToFindings();
}

if (require.main === module) void benchAddin();
