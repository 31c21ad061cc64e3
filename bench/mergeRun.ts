// One measured `cchc merge` in a process of its own (so that its peak RSS is its own), spawned by
// bench/merge.ts: `cchc merge`'s steps over the .xlsx files of a directory, timed one by one — read
// each file into a Submission, merge, build the summary plan, write the summary — with the RSS at a
// few points of the reading to show how memory grows. Prints one JSON line.
// Usage: node --expose-gc --import tsx bench/mergeRun.ts DIRECTORY OUT.xlsx
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileSource } from "../src/cli/merge";
import { buildSummaryPlan } from "../src/domain/merge/summaryPlan";
import { builtInRegistry } from "../src/templates";
import { mergeReceived, readReceivedFiles } from "../src/xlsx/mergeFiles";
import { useNodeInflater } from "../src/cli/inflate";
import { nativeZipEntry } from "../src/cli/nativeZip";
import { summaryToBuffer } from "../src/xlsx/renderPlan";

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main() {
  const [dir, out] = process.argv.slice(2);
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".xlsx"))
    .sort();
  const registry = builtInRegistry();
  // As the CLI does: node:zlib inflates the received files' parts (fflate is the browser's).
  useNodeInflater();
  // RSS and heap (after GC) when a tenth, a quarter, half and all of the files are read.
  const checkpoints = new Set([0.1, 0.25, 0.5].map((f) => Math.floor(names.length * f)));
  const growth: { files: number; rssMB: number; heapMB: number }[] = [];
  const sample = (files: number) => {
    gc();
    const m = process.memoryUsage();
    growth.push({ files, rssMB: m.rss / MB, heapMB: m.heapUsed / MB });
  };
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const read = await readReceivedFiles(
    names.map((n) => fileSource({ shown: n, full: path.join(dir, n) })),
    registry,
    {
      onFile: (index) => {
        if (checkpoints.has(index)) sample(index);
      },
    },
  );
  const readMs = performance.now() - t0;
  sample(names.length);
  t0 = performance.now();
  const { template, result, level } = mergeReceived(registry, read.submissions);
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
  const bytes = await summaryToBuffer(plan, { zipEntry: nativeZipEntry });
  writeFileSync(out, bytes);
  const writeMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const merged = result.sources.filter((s) => s.status === "merged" || s.status === "flagged").length;
  console.log(
    JSON.stringify({
      files: names.length,
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
      growth,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();
