// `npm run bench`: prints figures, never fails on a slow machine.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runCli } from "../src/cli/run";
import { SheetCell } from "../src/domain/export";
import { checkSheet } from "../src/domain/rules/check";
import { allRules } from "../src/domain/rules/derive";
import { findOutliers, UnitNumbers } from "../src/domain/merge/outliers";
import { parsePeriod } from "../src/domain/period";
import { buildSheetPlan } from "../src/domain/sheet/build";
import { builtInRegistry } from "../src/templates";
import { planToBuffer } from "../src/xlsx/renderPlan";
import { benchAddin } from "./addin";
import { benchMerge } from "./merge";
import { random } from "../test/support/random";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main() {
  const registry = builtInRegistry();
  const largest = registry.list().reduce((a, b) => (b.indicators.length > a.indicators.length ? b : a));
  const period = parsePeriod("2023-Y", largest.dueDay);
  const options = {
    template: largest,
    period,
    unit: { name: "Đơn vị đo", level: largest.levels[0] },
    generatorVersion: "bench",
    createdAt: new Date().toISOString(),
  };
  const runs = 30;
  const planMs = await measure(runs, () => buildSheetPlan(options));
  const writeMs = await measure(runs, async () => planToBuffer(buildSheetPlan(options)));
  const size = (await planToBuffer(buildSheetPlan(options))).length;
  console.log(`Largest template: ${largest.id} (${largest.indicators.length} rows)`);
  console.log(`  build sheet plan:            median ${planMs.toFixed(2)} ms over ${runs} runs`);
  console.log(`  build plan + write .xlsx:    median ${writeMs.toFixed(1)} ms over ${runs} runs (${(size / 1024).toFixed(1)} KiB)`);

  // Rules: every value filled, so that every rule is evaluated.
  const plan = buildSheetPlan(options);
  const cells = new Map<string, SheetCell>(
    plan.indicatorCells.map((c, i) => [c.code, { address: c.address, raw: c.computed ? null : i % 7, formula: c.formula }]),
  );
  const checkRuns = 2000;
  const fullMs = await measure(checkRuns, () => checkSheet(largest, cells));
  const edited = plan.indicatorCells.find((c) => !c.computed)!;
  let n = 0;
  const editMs = await measure(checkRuns, () => {
    cells.set(edited.code, { ...cells.get(edited.code)!, raw: n++ % 50 });
    return checkSheet(largest, cells);
  });
  const findings = checkSheet(largest, cells).length;
  console.log(
    `  check (${allRules(largest).length} rules + kind and formula checks, ${findings} findings): median ${(fullMs * 1000).toFixed(0)} µs over ${checkRuns} runs`,
  );
  console.log(`  re-check after one cell changes (full re-evaluation): median ${(editMs * 1000).toFixed(0)} µs`);

  // Outliers across units in a merge: every numeric indicator of 2,000 units, spread around a level per indicator.
  const rnd = random(11);
  const spread = () => [0, 1, 2, 3, 4, 5].reduce((s) => s + rnd(), 0) / 6 - 0.5;
  const numeric = largest.indicators.filter((i) => i.kind === "count" || i.kind === "amount" || i.kind === "percent");
  const level = new Map(numeric.map((i) => [i.code, 5 + rnd() * 300]));
  const units = new UnitNumbers();
  for (let u = 0; u < 2000; u++) {
    const at = units.addUnit(`Đơn vị ${u}`, `${u}.xlsx`);
    for (const i of numeric)
      units.put(at, i.code, i.kind === "percent" ? Math.min(100, 90 + spread() * 10) : Math.round(level.get(i.code)! * (1 + spread())));
  }
  const outlierMs = await measure(10, () => findOutliers(largest, units));
  console.log(
    `  outlier pass over 2,000 units (${numeric.length} numeric indicators, modified z-score, ${findOutliers(largest, units).length} flagged): median ${outlierMs.toFixed(0)} ms over 10 runs`,
  );

  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-bench-"));
  const file = path.join(dir, "unit.xlsx");
  writeFileSync(file, await planToBuffer(plan));
  const quiet = { stdout: () => undefined, stderr: () => undefined, cwd: dir, now: () => new Date().toISOString() };
  const cliMs = await measure(30, () => runCli(["check", file], quiet));
  console.log(`  cchc check on one file (read .xlsx + check, in-process): median ${cliMs.toFixed(1)} ms over 30 runs`);

  await benchAddin();
  await benchMerge();
}

void main();
