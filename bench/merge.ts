// Merge benchmark (issue 15): `cchc merge` and an openpyxl peer over the same realistic commune
// reports (bench/data.ts) at 200 and 2,000 files, and 10,600 (a national flat merge) with BENCH_FULL=1;
// each run in a process of its own so that its peak RSS is its own. Prints files/s, the read / merge /
// write split, peak RSS and its growth, and the peer side by side as a ratio. Figures only, never a
// pass/fail. Standalone: `npx tsx bench/merge.ts [200,2000]`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_PERIOD, BENCH_TEMPLATE, benchFiles, FileKind, kindOf } from "./data";

const PYTHON = "/usr/bin/python3";
const COUNTS = process.env.BENCH_FULL === "1" ? [200, 2000, 10_600] : [200, 2000];

interface Ours {
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
  growth: { files: number; rssMB: number; heapMB: number }[];
  peakRssMB: number;
}

interface Peer {
  files: number;
  withNames: number;
  ms: number;
  cpuMs: number;
  peakRssMB: number;
}

function runJson<T>(command: string, args: string[]): T {
  const run = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as T;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const n = (x: number) => x.toLocaleString("en");

export async function benchMerge(counts: number[] = COUNTS): Promise<void> {
  // BENCH_PEER=0 leaves the peer out (e.g. to re-measure cchc alone).
  const peerWanted = process.env.BENCH_PEER !== "0";
  const peerAvailable = peerWanted && spawnSync(PYTHON, ["-c", "import openpyxl"]).status === 0;
  console.log(`\nMerge (${BENCH_TEMPLATE}, ${BENCH_PERIOD}): cchc merge's steps vs an openpyxl peer, same files, one process per run`);
  if (!peerAvailable) console.log(`  openpyxl peer skipped: ${peerWanted ? `${PYTHON} cannot import openpyxl` : "BENCH_PEER=0"}`);
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

  const scratch = mkdtempSync(path.join(os.tmpdir(), "cchc-bench-merge-"));
  try {
    for (const count of counts) {
      const dir = dirs.get(count)!;
      const ours = runJson<Ours>(process.execPath, [
        "--expose-gc",
        "--import",
        "tsx",
        path.join(__dirname, "mergeRun.ts"),
        dir,
        path.join(scratch, `ours-${count}.xlsx`),
      ]);
      const total = ours.readMs + ours.mergeMs + ours.planMs + ours.writeMs;
      const share = (ms: number) => `${((ms / total) * 100).toFixed(0)} %`;
      console.log(
        `  ${n(count)} files: cchc merge ${seconds(total)}, ${(count / (total / 1000)).toFixed(0)} files/s (CPU ${seconds(ours.cpuMs)}) ` +
          `(${n(ours.merged)} merged, ${n(ours.rejected)} not readable, ${n(ours.notMerged)} values not merged, ${n(ours.findings)} findings; summary ${ours.summaryMB.toFixed(1)} MB)`,
      );
      console.log(
        `    read ${seconds(ours.readMs)} (${share(ours.readMs)}, ${(ours.readMs / count).toFixed(1)} ms/file) · merge ${seconds(ours.mergeMs)} (${share(ours.mergeMs)}) · ` +
          `summary plan ${seconds(ours.planMs)} (${share(ours.planMs)}) · write ${seconds(ours.writeMs)} (${share(ours.writeMs)})`,
      );
      const g = ours.growth;
      const first = g[0];
      const last = g[g.length - 1];
      const perFile = (mb: (p: Ours["growth"][number]) => number) =>
        last.files > first.files ? ((mb(last) - mb(first)) / (last.files - first.files)) * 1024 : 0;
      console.log(
        `    peak RSS ${ours.peakRssMB.toFixed(0)} MB; RSS/heap after GC with ${g.map((p) => `${n(p.files)} files read ${p.rssMB.toFixed(0)}/${p.heapMB.toFixed(0)}`).join(", ")} MB ` +
          `(from ${n(first.files)} to ${n(last.files)} files: ${perFile((p) => p.rssMB).toFixed(0)} KiB RSS, ${perFile((p) => p.heapMB).toFixed(0)} KiB heap per file)`,
      );
      if (!peerAvailable) continue;
      const peer = runJson<Peer>(PYTHON, [path.join(__dirname, "peer_openpyxl.py"), dir, path.join(scratch, `peer-${count}.xlsx`)]);
      console.log(
        `    openpyxl peer ${seconds(peer.ms)}, ${(count / (peer.ms / 1000)).toFixed(0)} files/s (CPU ${seconds(peer.cpuMs)}), peak RSS ${peer.peakRssMB.toFixed(0)} MB ` +
          `(${n(peer.withNames)} files with CT_ names) → cchc merge is ${(peer.ms / total).toFixed(1)}× the peer (${(peer.cpuMs / ours.cpuMs).toFixed(1)}× in CPU time)`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const arg = process.argv[2];
  void benchMerge(arg ? arg.split(",").map(Number) : undefined);
}
