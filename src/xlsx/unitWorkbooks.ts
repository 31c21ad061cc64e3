// One workbook per unit of a roster (DESIGN §1 step 1): each carries its unit's name in CCHC_DonVi and
// is named after it (unitFileNames). The CLI writes them to a folder; the task pane zips them for a
// download. No Node APIs: the task pane loads this module only when asked.
import { zipSync } from "fflate";
import { Period } from "../domain/period";
import { buildSheetPlan } from "../domain/sheet/build";
import { Template, UnitLevel } from "../domain/template/schema";
import { unitFileNames } from "../domain/unitFiles";
import { planBytes, WriteOptions } from "./renderPlan";

export interface UnitWorkbooksRequest {
  template: Template;
  period: Period;
  level: UnitLevel;
  superiorName?: string;
  /** The roster's names, cleaned and without repeats (parseRoster) */
  units: readonly string[];
  generatorVersion: string;
  /** ISO time written in each workbook's `_cchc` */
  createdAt: string;
  /** Called before each workbook is written, with its position (0-based) */
  onFile?: (index: number, unit: string) => void;
  /** Awaited before each workbook, so that a page can paint its progress */
  pause?: () => Promise<void>;
}

export interface UnitWorkbook {
  unit: string;
  /** File name, unique within the set */
  file: string;
  bytes: Uint8Array;
}

export async function unitWorkbooks(request: UnitWorkbooksRequest, options: WriteOptions = {}): Promise<UnitWorkbook[]> {
  const { template, period, level, superiorName, units } = request;
  const files = unitFileNames(units);
  const out: UnitWorkbook[] = [];
  for (const [i, unit] of units.entries()) {
    request.onFile?.(i, unit);
    await request.pause?.();
    const plan = buildSheetPlan({
      template,
      period,
      unit: { name: unit, level, superiorName },
      generatorVersion: request.generatorVersion,
      createdAt: request.createdAt,
    });
    out.push({ unit, file: files[i], bytes: planBytes(plan, options) });
  }
  return out;
}

/** The workbooks in one .zip, stored as they are (an .xlsx is already compressed). */
export function zipWorkbooks(workbooks: readonly UnitWorkbook[]): Uint8Array {
  return zipSync(Object.fromEntries(workbooks.map((w) => [w.file, [w.bytes, { level: 0 }]])));
}
