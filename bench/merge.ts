// Merge benchmark (issue 5): generates unit workbooks of the largest template on disk and merges them
// with `cchc merge`'s steps — one file at a time, only its parsed Submission kept — reporting
// throughput, peak memory, the share of reading versus merging, and a national roll-up projection.
// Figures only, never a pass/fail on timing. Standalone: `npx tsx bench/merge.ts [200,2000]`.
import ExcelJS from "exceljs";
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { fileSource } from "../src/cli/merge";
import { runCli } from "../src/cli/run";
import { buildSummaryPlan } from "../src/domain/merge/summaryPlan";
import { METADATA_SHEET } from "../src/domain/sheet/plan";
import { RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { mergeReceived, readReceivedFiles } from "../src/xlsx/mergeFiles";
import { summaryToBuffer } from "../src/xlsx/renderPlan";
import { filledWorkbook, planFor, randomValue } from "../test/support/fill";
import { random } from "../test/support/random";

const TEMPLATE_ID = "soc-trang-2021";
const PERIOD = "2021-Y";
/** Distinct value sets; files differ in their unit name on top of that. */
const VALUE_SETS = 10;
const COMMUNES = 10_600;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

/** Peak RSS and heap, sampled every 10 ms and at every file. */
class MemorySampler {
  rss = 0;
  heap = 0;
  private timer?: NodeJS.Timeout;
  start(): void {
    this.rss = 0;
    this.heap = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), 10);
  }
  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }
  stop(): { rss: number; heap: number } {
    clearInterval(this.timer);
    this.sample();
    return { rss: this.rss, heap: this.heap };
  }
}

/** Writes `count` unit workbooks (distinct unit names over VALUE_SETS value sets) into `dir`. */
async function generate(dir: string, count: number): Promise<void> {
  const template = builtInRegistry().get(TEMPLATE_ID);
  const plan = planFor(template, PERIOD, "UBND xã mẫu");
  const books: ExcelJS.Workbook[] = [];
  for (let k = 0; k < VALUE_SETS; k++) {
    const rnd = random(1000 + k);
    const values = new Map<string, RawValue>();
    for (const ind of template.indicators) if (ind.kind !== "header" && !ind.compute) values.set(ind.code, randomValue(ind, rnd));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await filledWorkbook(plan, values)) as unknown as ArrayBuffer);
    books.push(wb);
  }
  // Where the unit's name is written: the title block and the `_cchc` keys unitName and units.
  const meta = books.map((wb) => {
    const rows = new Map<string, number>();
    wb.getWorksheet(METADATA_SHEET)!.eachRow((row, n) => rows.set(row.getCell(1).text, n));
    return rows;
  });
  for (let i = 0; i < count; i++) {
    const k = i % VALUE_SETS;
    const wb = books[k];
    const unit = `UBND xã Số ${i + 1}`;
    wb.getWorksheet(plan.sheetName)!.getCell(2, 1).value = unit.toLocaleUpperCase("vi");
    const sheet = wb.getWorksheet(METADATA_SHEET)!;
    sheet.getCell(meta[k].get("unitName")!, 2).value = unit;
    sheet.getCell(meta[k].get("units")!, 2).value = JSON.stringify([unit]);
    writeFileSync(path.join(dir, `xa-${String(i + 1).padStart(5, "0")}.xlsx`), Buffer.from(await wb.xlsx.writeBuffer()));
  }
}

interface Figures {
  files: number;
  readMs: number;
  mergeMs: number;
  writeMs: number;
  readPeak: { rss: number; heap: number };
  writePeak: { rss: number; heap: number };
  /** heap kept per file once read (after GC) */
  retainedPerFile: number;
  merged: number;
}

/** `cchc merge`'s steps, timed one by one: read each file into a Submission, merge, write the summary. */
async function mergeFiles(files: string[], out: string): Promise<Figures> {
  const registry = builtInRegistry();
  const sampler = new MemorySampler();
  sampler.start();
  // What each Submission keeps: the heap's growth (after GC) from a tenth of the files to the end,
  // so that one-time costs (modules, caches) do not count.
  const tenth = Math.max(1, Math.floor(files.length / 10));
  let heapAtTenth = 0;
  let t0 = performance.now();
  const read = await readReceivedFiles(files.map((full) => fileSource({ shown: path.basename(full), full })), registry, {
    onFile: (index) => {
      sampler.sample();
      if (index !== tenth) return;
      gc();
      heapAtTenth = process.memoryUsage().heapUsed;
    },
  });
  const readMs = performance.now() - t0;
  if (read.rejected.length > 0) throw new Error(read.rejected.map((r) => r.reason.en).join("\n"));
  gc();
  const retainedPerFile = (process.memoryUsage().heapUsed - heapAtTenth) / (files.length - tenth);
  t0 = performance.now();
  const { template, result, level } = mergeReceived(registry, read.submissions);
  const mergeMs = performance.now() - t0;
  const readPeak = sampler.stop();

  sampler.start();
  t0 = performance.now();
  const plan = buildSummaryPlan({ template, result, unitName: "UBND tỉnh Sóc Trăng", level, generatorVersion: "bench", createdAt: new Date().toISOString() });
  writeFileSync(out, await summaryToBuffer(plan));
  const writeMs = performance.now() - t0;
  const writePeak = sampler.stop();
  const merged = result.sources.filter((s) => s.status === "merged" || s.status === "flagged").length;
  return { files: files.length, readMs, mergeMs, writeMs, readPeak, writePeak, retainedPerFile, merged };
}

export async function benchMerge(counts: number[] = [200, 2000]): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), "cchc-bench-merge-"));
  try {
    const largest = Math.max(...counts);
    const all = path.join(root, `all-${largest}`);
    mkdirSync(all);
    let t0 = performance.now();
    await generate(all, largest);
    const names = readdirSync(all).sort();
    console.log(`\nMerge (${TEMPLATE_ID}, ${PERIOD}): generated ${largest} unit workbooks (${VALUE_SETS} value sets, distinct unit names) in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${(statSync(path.join(all, names[0])).size / 1024).toFixed(1)} KiB each`);

    let last: Figures | undefined;
    for (const count of counts) {
      // Smaller runs read their own directory of distinct files (hard links to the first ones).
      const dir = count === largest ? all : path.join(root, `first-${count}`);
      if (dir !== all) {
        mkdirSync(dir);
        for (const name of names.slice(0, count)) linkSync(path.join(all, name), path.join(dir, name));
      }
      const files = readdirSync(dir).sort().map((n) => path.join(dir, n));
      const f = await mergeFiles(files, path.join(root, `summary-${count}.xlsx`));
      const total = f.readMs + f.mergeMs + f.writeMs;
      const share = (ms: number) => `${((ms / total) * 100).toFixed(0)}%`;
      console.log(`  ${count} files: ${(count / (total / 1000)).toFixed(1)} files/s overall (${(total / 1000).toFixed(1)} s; ${f.merged} merged)`);
      console.log(`    read .xlsx → Submission: ${(f.readMs / 1000).toFixed(1)} s (${share(f.readMs)}, ${(f.readMs / count).toFixed(1)} ms/file); merge: ${(f.mergeMs / 1000).toFixed(2)} s (${share(f.mergeMs)}); write summary (${count} unit columns): ${(f.writeMs / 1000).toFixed(1)} s (${share(f.writeMs)})`);
      console.log(`    peak while reading and merging: RSS ${mb(f.readPeak.rss)}, heap ${mb(f.readPeak.heap)}; while writing the summary: RSS ${mb(f.writePeak.rss)}, heap ${mb(f.writePeak.heap)}`);
      console.log(`    heap kept per file after reading (its Submission, after GC): ${(f.retainedPerFile / 1024).toFixed(1)} KiB`);
      last = f;
    }

    if (last) {
      const scale = COMMUNES / last.files;
      console.log(`  National roll-up of ${COMMUNES.toLocaleString("en")} commune files, flat, at the ${last.files.toLocaleString("en")}-file rates: ` +
        `~${((scale * (last.readMs + last.mergeMs)) / 60000).toFixed(1)} min to read and merge, ~${((scale * last.writeMs) / 1000).toFixed(0)} s to write the summary ` +
        `(${COMMUNES.toLocaleString("en")} unit columns; ExcelJS holds the whole sheet: heap ${mb(last.writePeak.heap)} at ${last.files.toLocaleString("en")} columns), ` +
        `~${mb(COMMUNES * last.retainedPerFile)} of Submissions held. Rolled up by district and province instead, each merge reads a few dozen files.`);
    }

    const cliCount = Math.min(...counts);
    const cliDir = cliCount === largest ? all : path.join(root, `first-${cliCount}`);
    const quiet = { stdout: () => undefined, stderr: () => undefined, cwd: root, now: () => new Date().toISOString() };
    t0 = performance.now();
    const code = await runCli(["merge", cliDir, "--out", path.join(root, "cli-summary.xlsx"), "--unit", "UBND tỉnh Sóc Trăng"], quiet);
    console.log(`  cchc merge on ${cliCount} files (in-process, end to end): ${((performance.now() - t0) / 1000).toFixed(1)} s, exit ${code}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const arg = process.argv[2];
  void benchMerge(arg ? arg.split(",").map(Number) : undefined);
}
