// Merge benchmark (issue 15): the real `cchc merge` (dist/cli/main.js, built first) and an openpyxl peer over
// the same realistic commune reports (bench/data.ts) at 200 and 2,000 files, and 10,600 (a national flat
// merge) with BENCH_FULL=1, each run a process of its own timed from outside (wall, CPU, peak RSS), so both
// figures are whole programs: start, read, merge, write; ours is the median of 3 runs up to 2,000 files.
// Then the same steps of the compiled CLI timed one by one (bench/mergeRun.ts) for the read / merge / write
// split, and how peak RSS grows with the files. Figures only, never a pass/fail. Standalone:
// `npx tsx bench/merge.ts [200,2000]`.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BENCH_PERIOD, BENCH_TEMPLATE, benchFiles, FileKind, kindOf } from "./data";

const PYTHON = "/usr/bin/python3";
const TIME = "/usr/bin/time";
const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const COUNTS = process.env.BENCH_FULL === "1" ? [200, 2000, 10_600] : [200, 2000];
/** Runs of cchc merge per count up to 2,000 files (BENCH_RUNS to change), of which the median is shown. */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS) || 3);

interface Steps {
  files: number;
  merged: number;
  rejected: number;
  notMerged: number;
  findings: number;
  readMs: number;
  mergeMs: number;
  planMs: number;
  writeMs: number;
  cpuMs: number;
  summaryMB: number;
  peakRssMB: number;
}

/** A whole program's run as the operating system saw it. */
interface Timed {
  wallMs: number;
  cpuMs: number;
  peakRssMB: number;
}

/** Runs a program to its end, timed by /usr/bin/time when there is one (else wall time only); stdout is dropped. */
function timed(command: string, args: string[], scratch: string): Timed {
  const report = path.join(scratch, "time.txt");
  const withTime = existsSync(TIME);
  const t0 = performance.now();
  const run = spawnSync(withTime ? TIME : command, withTime ? ["-f", "%e %U %S %M", "-o", report, command, ...args] : args, {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  const wallMs = performance.now() - t0;
  // cchc merge exits 1 when some files could not be read or a retyped form is to be reviewed: still a run.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${command} ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
  if (!withTime) return { wallMs, cpuMs: NaN, peakRssMB: NaN };
  const [, user, sys, maxKb] = readFileSync(report, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, peakRssMB: maxKb / 1024 };
}

function runJson<T>(command: string, args: string[]): T {
  const run = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as T;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const n = (x: number) => x.toLocaleString("en");
const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} (1 / 5 / 15 min) on ${os.availableParallelism()} cores`;

export async function benchMerge(counts: number[] = COUNTS): Promise<void> {
  // BENCH_PEER=0 leaves the peer out (e.g. to re-measure cchc alone).
  const peerWanted = process.env.BENCH_PEER !== "0";
  const peerAvailable = peerWanted && spawnSync(PYTHON, ["-c", "import openpyxl"]).status === 0;
  console.log(`\nMerge (${BENCH_TEMPLATE}, ${BENCH_PERIOD}): cchc merge vs an openpyxl peer, same files, one process per run`);
  if (!peerAvailable) console.log(`  openpyxl peer skipped: ${peerWanted ? `${PYTHON} cannot import openpyxl` : "BENCH_PEER=0"}`);
  if (!existsSync(TIME)) console.log(`  ${TIME} is missing: wall times only`);
  // The product as it ships: the CLI compiled by tsc, not run under tsx.
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
  });
  const dirs = new Map<number, string>();
  for (const count of counts) dirs.set(count, await benchFiles(count, console.log));
  const largest = dirs.get(Math.max(...counts))!;
  const names = readdirSync(largest);
  const kinds = new Map<FileKind, number>();
  names.forEach((_, k) => kinds.set(kindOf(k + 1), (kinds.get(kindOf(k + 1)) ?? 0) + 1));
  const kib = names.slice(0, 50).reduce((s, f) => s + statSync(path.join(largest, f)).size, 0) / 50 / 1024;
  console.log(
    `  data set: ${[...kinds].map(([k, c]) => `${n(c)} ${k}`).join(", ")} (of ${n(names.length)}), ~${kib.toFixed(0)} KiB per file`,
  );
  console.log(`  at the start: ${load()}`);

  const scratch = mkdtempSync(path.join(os.tmpdir(), "cchc-bench-merge-"));
  const peaks: { files: number; rssMB: number }[] = [];
  try {
    for (const count of counts) {
      const dir = dirs.get(count)!;
      const out = path.join(scratch, `ours-${count}.xlsx`);
      // The median of a few runs (this 2-core VM's speed wanders by ±15 % from one run to the next), the national merge once.
      const runs = Array.from({ length: count <= 2000 ? RUNS : 1 }, () =>
        timed(process.execPath, [CLI, "merge", dir, "--out", out, "--unit", "UBND tỉnh Sóc Trăng", "--force"], scratch),
      );
      const ours = [...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1];
      peaks.push({ files: count, rssMB: ours.peakRssMB });
      const perSecond = (t: Timed) => `${(count / (t.wallMs / 1000)).toFixed(0)} files/s`;
      const figures = (t: Timed) =>
        `${seconds(t.wallMs)}, ${perSecond(t)} (CPU ${seconds(t.cpuMs)}, peak RSS ${t.peakRssMB.toFixed(0)} MB)`;
      const spread = runs.length > 1 ? ` [median of ${runs.length}: ${runs.map((r) => seconds(r.wallMs)).join(" / ")}]` : "";
      let line = `  ${n(count)} files: cchc merge ${figures(ours)}${spread}`;
      if (peerAvailable) {
        const peer = timed(PYTHON, [path.join(__dirname, "peer_openpyxl.py"), dir, path.join(scratch, `peer-${count}.xlsx`)], scratch);
        line +=
          ` · openpyxl peer ${figures(peer)}` +
          ` → cchc merge is ${(peer.wallMs / ours.wallMs).toFixed(1)}× the peer (${(peer.cpuMs / ours.cpuMs).toFixed(1)}× in CPU time)`;
      }
      console.log(line);

      const steps = runJson<Steps>(process.execPath, ["--import", "tsx", path.join(__dirname, "mergeRun.ts"), dir, out]);
      const total = steps.readMs + steps.mergeMs + steps.planMs + steps.writeMs;
      const share = (ms: number) => `${((ms / total) * 100).toFixed(0)} %`;
      console.log(
        `    its steps: read ${seconds(steps.readMs)} (${share(steps.readMs)}, ${(steps.readMs / count).toFixed(2)} ms/file) · merge ${seconds(steps.mergeMs)} (${share(steps.mergeMs)}) · ` +
          `summary plan ${seconds(steps.planMs)} (${share(steps.planMs)}) · write ${seconds(steps.writeMs)} (${share(steps.writeMs)}) = ${seconds(total)}, ` +
          `${(count / (total / 1000)).toFixed(0)} files/s (CPU ${seconds(steps.cpuMs)})`,
      );
      console.log(
        `    ${n(steps.merged)} merged, ${n(steps.rejected)} not readable, ${n(steps.notMerged)} values not merged, ${n(steps.findings)} findings; summary ${steps.summaryMB.toFixed(1)} MB`,
      );
    }
    if (peaks.length > 1 && peaks.every((p) => Number.isFinite(p.rssMB))) {
      const steps = peaks.slice(1).map((p, i) => {
        const before = peaks[i];
        const perFile = ((p.rssMB - before.rssMB) / (p.files - before.files)) * 1024;
        return `${n(before.files)} → ${n(p.files)} files: +${perFile.toFixed(0)} KiB per file, ${(p.rssMB / before.rssMB).toFixed(2)}× the RSS for ${(p.files / before.files).toFixed(1)}× the files`;
      });
      console.log(
        `  cchc merge peak RSS: ${peaks.map((p) => `${n(p.files)} files ${p.rssMB.toFixed(0)} MB`).join(", ")}; ${steps.join("; ")}`,
      );
    }
    console.log(`  at the end: ${load()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const arg = process.argv[2];
  void benchMerge(arg ? arg.split(",").map(Number) : undefined);
}
