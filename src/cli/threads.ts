// When the CLI uses worker threads and how they start (the files read in parallel, readFiles.ts; the units
// sheet written beside the rest of the summary, sheetThread.ts).
import os from "node:os";

/** Below this many files, one thread reads them all. */
export const PARALLEL_FROM = 1000;

/** How many worker threads read besides this one: CCHC_THREADS when set, else one per other core (at most 3), none for small merges. */
export function threadCount(files: number): number {
  const set = Number(process.env.CCHC_THREADS);
  if (Number.isInteger(set) && set >= 0) return set;
  return files < PARALLEL_FROM ? 0 : Math.min(3, os.availableParallelism() - 1);
}

/**
 * How a worker runs `module` (its __filename): compiled, the .js itself; under tsx (tests, benchmarks) the
 * .ts behind tsx's require hook, which a worker thread does not inherit (nor its import() hook, which
 * Node 20 does not run in a worker: a form only ExcelJS can read fails in a worker under tsx, never in the
 * built CLI). Undefined when it can run in neither way.
 */
export function workerStart(module: string): { script: string; eval: boolean } | undefined {
  if (module.endsWith(".js")) return { script: module, eval: false };
  if (!process.execArgv.some((a) => a.includes("tsx"))) return undefined;
  const hook = require.resolve("tsx/cjs");
  return { script: `require(${JSON.stringify(hook)}); require(${JSON.stringify(module)});`, eval: true };
}
