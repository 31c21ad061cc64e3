// The task pane's merge in the workbench in Chromium: 200 generated unit workbooks set on the
// "Tổng hợp" tab's file input, timed from Start to the results, a card per file (reading vs merging), how long
// the page's main thread was blocked meanwhile (long tasks, longest gap between frames), how soon
// Cancel stops the reading, and the time to write the summary. Figures only, never a pass/fail.
// Needs the built add-in (`npm run build:addin` or `npx webpack --mode development`) and Chromium.
// Standalone: `npx tsx bench/mergePane.ts [200]`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { launchChromium, serveAddin } from "../test/e2e/browser";
import { filledWorkbook, planFor, randomValue } from "../test/support/fill";
import { random } from "../test/support/random";

const TEMPLATE_ID = "quang-tri-2023";
const PERIOD = "2023-Q3";

async function generate(dir: string, count: number): Promise<string[]> {
  const template = builtInRegistry().get(TEMPLATE_ID);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const rnd = random(9000 + i);
    const values = new Map<string, RawValue>();
    for (const ind of template.indicators) if (ind.kind !== "header" && !ind.compute) values.set(ind.code, randomValue(ind, rnd));
    const file = path.join(dir, `don-vi-${String(i + 1).padStart(3, "0")}.xlsx`);
    writeFileSync(file, await filledWorkbook(planFor(template, PERIOD, `Đơn vị số ${i + 1}`), values));
    files.push(file);
  }
  return files;
}

/**
 * In the page: long tasks, the longest gap between animation frames, and when each label first
 * showed. Source text, not a function: tsx wraps named functions in a helper the page lacks.
 */
const WATCH_PAGE = `(() => {
  const bench = { longTasks: [], maxFrameGap: 0, marks: {} };
  window.bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push(e.duration);
  }).observe({ type: "longtask" });
  let last = performance.now();
  const frame = (now) => {
    bench.maxFrameGap = Math.max(bench.maxFrameGap, now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const mark = (name) => {
    if (!(name in bench.marks)) bench.marks[name] = performance.now();
  };
  new MutationObserver(() => {
    const text = document.body.textContent || "";
    if (/Đang đọc tệp 1\\//.test(text)) mark("firstFile");
    if (/Đang tổng hợp \\d/.test(text)) mark("merging");
    if (document.querySelector('ul[aria-labelledby$="-results"] li')) mark("results");
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

interface PageFigures {
  longTasks: number[];
  maxFrameGap: number;
  marks: Record<string, number>;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200);
  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-bench-pane-"));
  const server = await serveAddin();
  const browser = await launchChromium();
  try {
    let t0 = performance.now();
    const files = await generate(dir, count);
    console.log(
      `Task pane merge in Chromium (${TEMPLATE_ID}, ${count} files; generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/workbench.html`);
    const pane = page.getByRole("complementary");
    await page.getByRole("tab", { name: "Tổng hợp" }).click();
    const input = pane.getByLabel("Các tệp báo cáo của đơn vị (.xlsx)", { exact: true });

    // Cancel: how soon the reading stops once asked.
    await input.setInputFiles(files);
    await pane.getByRole("button", { name: "Bắt đầu tổng hợp" }).click();
    // A label shows for a tenth of a second: polled on a timer (a locator would miss it).
    await page.waitForFunction(`(/Đang đọc tệp (\\d+)\\//.exec(document.body.innerText)?.[1] ?? 0) >= 20`, undefined, { polling: 10 });
    t0 = performance.now();
    await pane.getByRole("button", { name: "Hủy" }).click();
    const stopped = await pane.getByText(/^Đã dừng sau/).textContent({ timeout: 60000 });
    console.log(`  cancel: stopped ${(performance.now() - t0).toFixed(0)} ms after the click (${stopped?.replace(/;.*/, "")})`);

    await page.evaluate(WATCH_PAGE);
    t0 = performance.now();
    await pane.getByRole("button", { name: "Bắt đầu tổng hợp" }).click();
    await pane.getByRole("list", { name: "Kết quả theo tệp" }).waitFor({ timeout: 600000 });
    const totalMs = performance.now() - t0;
    const bench = await page.evaluate<PageFigures>("window.bench");
    const { marks } = bench;
    const readMs = marks.merging - marks.firstFile;
    const mergeMs = marks.results - marks.merging;
    const long = [...bench.longTasks].sort((a, b) => b - a);
    console.log(
      `  read + merge: ${(totalMs / 1000).toFixed(1)} s from Start to the results (${(count / (totalMs / 1000)).toFixed(0)} files/s)`,
    );
    console.log(
      `    reading ${(readMs / 1000).toFixed(1)} s (${(readMs / count).toFixed(0)} ms per file), merging and showing the results ${mergeMs.toFixed(0)} ms`,
    );
    console.log(
      `    main thread: ${long.length} long tasks (> 50 ms), longest ${long[0]?.toFixed(0) ?? 0} ms, median ${long[Math.floor(long.length / 2)]?.toFixed(0) ?? 0} ms; longest gap between frames ${bench.maxFrameGap.toFixed(0)} ms`,
    );

    t0 = performance.now();
    await pane.getByRole("textbox", { name: /^Đơn vị lập bảng tổng hợp/ }).fill("Sở Nội vụ tỉnh Quảng Trị");
    await pane.getByRole("button", { name: "Ghi bảng tổng hợp vào sổ" }).click();
    await pane.getByText(/^Đã ghi bảng tổng hợp/).waitFor({ timeout: 600000 });
    console.log(
      `  write the summary (${count} unit columns) into the in-memory workbook and show it: ${(performance.now() - t0).toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
