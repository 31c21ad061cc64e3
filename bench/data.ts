// The merge benchmark's data set: commune reports of the largest template as units send them back,
// generated once into out/bench-data/ (gitignored) and reused. File i depends only on i, so a larger
// set extends a smaller one. Most files are the form filled in (written by our writer), every 10th was
// saved by ExcelJS (another writer's layout of the same workbook), every 50th is the seed's table
// retyped by hand in a layout of its own. Values carry what real reports carry: blanks, "-", text
// typed into number cells ("98,4", "1.755", "nhiều"), out-of-range codes and rates, typed-over
// formulas, and totals that do not match their parts (findings).
import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { RawValue } from "../src/domain/values";
import { Indicator } from "../src/domain/template/schema";
import { builtInRegistry } from "../src/templates";
import { planToBuffer } from "../src/xlsx/renderPlan";
import { filledWorkbook, planFor, randomValue } from "../test/support/fill";
import { random } from "../test/support/random";
import { RetypedLayout, retypedSeed } from "../test/support/receivedFiles";

export const BENCH_TEMPLATE = "soc-trang-2021";
export const BENCH_PERIOD = "2021-Y";
/** Bump when the generated files change, so that an old cache is not reused. */
const DATA_VERSION = 1;
const ROOT = path.join(__dirname, "..", "out", "bench-data", `${BENCH_TEMPLATE}_${BENCH_PERIOD}_v${DATA_VERSION}`);
const ALL = path.join(ROOT, "all");

const RETYPED: Omit<RetypedLayout, "unit"> = {
  headerRow: 10,
  firstCol: 2,
  extraColumn: "Kế hoạch",
  headers: { stt: "STT", name: "CHỈ TIÊU THỐNG KÊ", unit: "Đơn vị tính", value: "Số liệu" },
  periodLine: (label) => `KẾT QUẢ THỰC HIỆN ${label.toLocaleUpperCase("vi")}`,
  superior: "UBND HUYỆN MỸ TÚ",
};

export type FileKind = "form" | "exceljs" | "retyped";

export function kindOf(i: number): FileKind {
  return i % 50 === 0 ? "retyped" : i % 10 === 0 ? "exceljs" : "form";
}

const name = (i: number) => `xa-${String(i).padStart(5, "0")}.xlsx`;
const MISTYPED = ["98,4", "1.755", "nhiều", "02/02", "83%"];

/** What commune `i` typed, by code. */
function typedValues(indicators: Indicator[], i: number): Map<string, RawValue> {
  const rnd = random(7919 * i);
  const values = new Map<string, RawValue>();
  for (const ind of indicators) {
    if (ind.kind === "header") continue;
    const r = rnd();
    if (ind.compute) {
      // Now and then a unit types its own figure over a formula.
      if (r < 0.02) values.set(ind.code, Math.floor(rnd() * 500));
      continue;
    }
    const numeric = ind.kind === "count" || ind.kind === "amount" || ind.kind === "percent";
    if (r < 0.05) values.set(ind.code, null);
    else if (r < 0.08 && numeric) values.set(ind.code, "-");
    else if (r < 0.1 && numeric) values.set(ind.code, MISTYPED[Math.floor(rnd() * MISTYPED.length)]);
    else if (r < 0.11 && ind.kind !== "text") values.set(ind.code, ind.kind === "choice" ? 7 : ind.kind === "percent" ? 130 : -3);
    else values.set(ind.code, randomValue(ind, rnd));
  }
  return values;
}

async function fileBytes(i: number): Promise<Uint8Array> {
  const template = builtInRegistry().get(BENCH_TEMPLATE);
  const unit = `UBND xã Số ${i}`;
  const kind = kindOf(i);
  if (kind === "retyped") return (await retypedSeed(template, { ...RETYPED, unit: unit.toLocaleUpperCase("vi") })).bytes;
  const plan = planFor(template, BENCH_PERIOD, unit);
  const values = typedValues(template.indicators, i);
  if (kind === "exceljs") return filledWorkbook(plan, values);
  // Typed into the form: the value replaces the cell's formula, if it had one.
  const at = new Map(plan.indicatorCells.map((c) => [`${c.row}:${plan.valueCol}`, c.code]));
  for (const cell of plan.cells) {
    const code = at.get(`${cell.row}:${cell.col}`);
    if (code === undefined || !values.has(code)) continue;
    const v = values.get(code);
    if (v === null || v === undefined || v instanceof Date || typeof v === "boolean") continue;
    cell.value = v;
    cell.formula = undefined;
  }
  return planToBuffer(plan);
}

/** A directory holding exactly the first `count` files, generating what the cache lacks. */
export async function benchFiles(count: number, log: (line: string) => void): Promise<string> {
  mkdirSync(ALL, { recursive: true });
  const have = new Set(readdirSync(ALL));
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !have.has(name(i)));
  if (missing.length > 0) {
    const t0 = performance.now();
    for (const i of missing) writeFileSync(path.join(ALL, name(i)), await fileBytes(i));
    log(
      `  generated ${missing.length} files into ${path.relative(process.cwd(), ALL)} in ${((performance.now() - t0) / 1000).toFixed(0)} s (kept for the next run)`,
    );
  }
  const dir = path.join(ROOT, `first-${count}`);
  if (!existsSync(dir)) {
    rmSync(`${dir}.tmp`, { recursive: true, force: true });
    mkdirSync(`${dir}.tmp`);
    for (let i = 1; i <= count; i++) linkSync(path.join(ALL, name(i)), path.join(`${dir}.tmp`, name(i)));
    // Renamed when complete: an interrupted run never leaves a half-filled directory to reuse.
    renameSync(`${dir}.tmp`, dir);
  }
  return dir;
}
