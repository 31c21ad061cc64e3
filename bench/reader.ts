// Per-file read time of one of our workbooks: the targeted reader (with fflate, as in the task pane's
// worker, and with node:zlib, as in the CLI) against ExcelJS, the reader it replaces. Figures only.
// Standalone: `npx tsx bench/reader.ts [files]`.
import { performance } from "node:perf_hooks";
import { useNodeInflater } from "../src/cli/inflate";
import { parsePeriod } from "../src/domain/period";
import { buildSheetPlan } from "../src/domain/sheet/build";
import { builtInRegistry } from "../src/templates";
import { readOwnWorkbook } from "../src/xlsx/ownWorkbook";
import { readCchcWorkbook } from "../test/support/exceljsRead";
import { planToBuffer } from "../src/xlsx/renderPlan";
import { fflateInflater } from "../src/xlsx/fflateInflate";
import { setRawInflater } from "../src/xlsx/zip";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchReader(count = 40): Promise<void> {
  const registry = builtInRegistry();
  const files: Uint8Array[] = [];
  for (const template of registry.list()) {
    const period = template.periods.includes("Q") ? "2023-Q3" : `2023-${template.periods[0]}`;
    const plan = buildSheetPlan({
      template,
      period: parsePeriod(period, template.dueDay),
      unit: { name: "Đơn vị đo", level: template.levels[0] },
      generatorVersion: "bench",
      createdAt: "",
    });
    files.push(await planToBuffer(plan));
  }
  const time = async (label: string, read: (b: Uint8Array) => unknown) => {
    for (const b of files) await read(b); // warm up
    const per: number[] = [];
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) await read(files[i % files.length]);
      per.push((performance.now() - t0) / count);
    }
    console.log(`  ${label.padEnd(34)} ${median(per).toFixed(2)} ms per file (median of 5 rounds of ${count})`);
    return median(per);
  };
  setRawInflater(fflateInflater);
  const exceljs = await time("ExcelJS (readCchcWorkbook)", (b) => readCchcWorkbook(b, "f.xlsx", registry));
  const fflate = await time("targeted, fflate (task pane)", (b) => readOwnWorkbook(b, "f.xlsx", registry));
  useNodeInflater();
  const zlib = await time("targeted, node:zlib (CLI)", (b) => readOwnWorkbook(b, "f.xlsx", registry));
  setRawInflater(fflateInflater);
  console.log(`  ExcelJS / targeted: ${(exceljs / fflate).toFixed(1)}× (fflate), ${(exceljs / zlib).toFixed(1)}× (zlib)`);
}

if (require.main === module) void benchReader(Number(process.argv[2]) || 40);
