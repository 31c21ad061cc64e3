// `cchc merge`'s steps, timed one by one, in a process of its own, spawned by bench/merge.ts: the compiled
// CLI's own functions (dist/, built by `npm run build:cli`), called as cmdMerge calls them — the threaded
// reader (readInputFiles, worker threads from 1.000 files), the merge, the summary plan, the writer (its units
// sheet on a thread of its own then, its entries deflated on the thread pool) — so the split is of the
// product's code, not of a copy run under tsx. Prints one JSON line.
// Usage: node --import tsx bench/mergeRun.ts DIRECTORY OUT.xlsx
/* eslint-disable @typescript-eslint/no-require-imports -- the compiled modules, typed by their sources */
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const dist = path.join(__dirname, "..", "dist");
const { readInputFiles } = require(path.join(dist, "cli/readFiles")) as typeof import("../src/cli/readFiles");
const { startSheetThread } = require(path.join(dist, "cli/sheetThread")) as typeof import("../src/cli/sheetThread");
const { threadPoolZipEntry } = require(path.join(dist, "cli/nativeZip")) as typeof import("../src/cli/nativeZip");
const { buildSummaryPlan } = require(path.join(dist, "domain/merge/summaryPlan")) as typeof import("../src/domain/merge/summaryPlan");
const { builtInRegistry } = require(path.join(dist, "templates")) as typeof import("../src/templates");
const { mergeReceived } = require(path.join(dist, "xlsx/mergeFiles")) as typeof import("../src/xlsx/mergeFiles");
const { summaryToBuffer } = require(path.join(dist, "xlsx/renderPlan")) as typeof import("../src/xlsx/renderPlan");
const { useNodeInflater } = require(path.join(dist, "cli/inflate")) as typeof import("../src/cli/inflate");

const MB = 1024 * 1024;

async function main() {
  const [dir, out] = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((n) => n.endsWith(".xlsx"))
    .sort()
    .map((n) => ({ shown: path.join(dir, n), full: path.join(dir, n) }));
  const registry = builtInRegistry();
  useNodeInflater();
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const read = await readInputFiles(files, registry);
  const readMs = performance.now() - t0;
  const unitsSheet = startSheetThread(files.length);
  t0 = performance.now();
  const { template, result, level } = mergeReceived(registry, read.submissions, { rejected: read.rejected });
  const mergeMs = performance.now() - t0;
  t0 = performance.now();
  const plan = buildSummaryPlan({
    template,
    result,
    unitName: "UBND tỉnh Sóc Trăng",
    level,
    generatorVersion: "bench",
    createdAt: new Date().toISOString(),
    rejected: read.rejected,
  });
  const planMs = performance.now() - t0;
  t0 = performance.now();
  const bytes = await summaryToBuffer(plan, { zipEntry: threadPoolZipEntry, unitsSheet });
  writeFileSync(out, bytes);
  const writeMs = performance.now() - t0;
  // Worker threads count in process.cpuUsage (one process).
  const cpu = process.cpuUsage(cpu0);
  const merged = result.sources.filter((s) => s.status === "merged" || s.status === "flagged").length;
  console.log(
    JSON.stringify({
      files: files.length,
      merged,
      rejected: read.rejected.length,
      notMerged: result.notMerged.length,
      findings: result.findings.length,
      readMs,
      mergeMs,
      planMs,
      writeMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      summaryMB: bytes.length / MB,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();
