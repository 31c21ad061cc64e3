// The indicator sheet's fixed places, known to everything that reads or writes it (the readers, the
// live check, the insert form), without the plan builder (build.ts), which loads only when a sheet is made.
import { UnitLevel } from "../template/schema";

export const INDICATOR_SHEET = "Phụ lục";
/** The indicator sheet's columns: STT, name, unit, then the value every CT_ name points at. */
export const STT_COLUMN = 1;
export const NAME_COLUMN = 2;
export const VALUE_COLUMN = 4;
/** Where a summary says how many units it covers ("Tổng hợp từ 12 đơn vị"). */
export const SUBTITLE_CELL = { row: 11, col: 1 } as const;

export const UNIT_LEVEL_LABELS: Record<UnitLevel, { vi: string; en: string }> = {
  tinh: { vi: "Cấp tỉnh (UBND, Văn phòng UBND tỉnh)", en: "Province (People's Committee)" },
  so: { vi: "Sở, ban, ngành", en: "Provincial department" },
  huyen: { vi: "UBND cấp huyện", en: "District" },
  xa: { vi: "UBND cấp xã", en: "Commune" },
};
