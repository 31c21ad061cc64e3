// `npm run bench`: prints figures, never fails on a slow machine.
import { performance } from "node:perf_hooks";
import { parsePeriod } from "../src/domain/period";
import { buildSheetPlan } from "../src/domain/sheet/build";
import { builtInRegistry } from "../src/templates";
import { planToBuffer } from "../src/xlsx/renderPlan";

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
}

main();
