// A checked report as people read it: each finding located on the sheet (cell, STT, indicator name)
// and counted by severity. `cchc check`, the task pane and the merge all show findings this way.
import { SheetCell, SheetValue } from "../export";
import { periodType } from "../period";
import { UNIT_LEVELS, UnitLevel } from "../template/kinds";
import { indicatorsByCode } from "../template/lookup";
import { Template } from "../template/schema";
import { Message, msg } from "../messages";
import { formatNumber } from "../values";
import { checkSheet } from "./check";
import { Finding, Severity } from "./model";

export const SEVERITY_LABELS: Record<Severity, { vi: string; en: string }> = {
  error: { vi: "Lỗi", en: "Errors" },
  warning: { vi: "Cảnh báo", en: "Warnings" },
  info: { vi: "Thông tin", en: "Information" },
};

export interface LocatedFinding extends Finding {
  /** A1 address of the indicator's value cell on the indicator sheet. */
  address: string;
  /** "Phụ lục!D23" */
  cell: string;
  stt: string;
  name: string;
}

export type SeverityCounts = Record<Severity, number>;

export interface CheckedReport {
  findings: LocatedFinding[];
  counts: SeverityCounts;
  /** Indicators the unit types (not computed, not headers, meant for its level) and how many are still blank. */
  filled: FilledCount;
}

export interface FilledCount {
  blank: number;
  total: number;
}

/**
 * How many of the indicators the unit has to type are still blank ("-" counts as filled: the unit
 * said there is nothing to report). A report with blanks is not ready to send.
 */
export function countBlanks(template: Template, cells: ReadonlyMap<string, SheetCell>, level: UnitLevel | undefined): FilledCount {
  let blank = 0;
  let total = 0;
  for (const ind of template.indicators) {
    if (ind.kind === "header" || ind.compute) continue;
    if (level && ind.levels && !ind.levels.includes(level)) continue;
    total++;
    const raw = cells.get(ind.code)?.raw;
    if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "")) blank++;
  }
  return { blank, total };
}

/** "còn 37/95 chỉ tiêu chưa nhập" */
export function blanksText(filled: FilledCount): Message {
  return msg(
    `còn ${formatNumber(filled.blank)}/${formatNumber(filled.total)} chỉ tiêu chưa nhập`,
    `${formatNumber(filled.blank)} of ${formatNumber(filled.total)} indicators are still blank`,
  );
}

export function countBySeverity(findings: readonly { severity: Severity }[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** The unit level written in `_cchc`, when it is one we know. */
export function unitLevelOf(text: string | undefined): UnitLevel | undefined {
  return (UNIT_LEVELS as readonly string[]).includes(text ?? "") ? (text as UnitLevel) : undefined;
}

/** Each finding with its cell, STT and indicator name. */
export function locate(
  template: Template,
  sheetName: string,
  cells: ReadonlyMap<string, Pick<SheetCell, "address">>,
  findings: Finding[],
): LocatedFinding[] {
  const byCode = indicatorsByCode(template);
  return findings.map((f): LocatedFinding => {
    const ind = byCode.get(f.codes[0]);
    const address = cells.get(f.codes[0])?.address ?? "";
    // Not { ...f, address, … }: V8 adds each property after a spread the slow way (~3 µs a finding, dozens a file).
    return Object.assign({}, f, { address, cell: `${sheetName}!${address}`, stt: ind?.stt ?? "", name: ind?.name ?? "" });
  });
}

/** The unit's name is its identity for the merge: a report without one cannot be sent. */
export const BLANK_UNIT_RULE = "unit:blank";

function blankUnit(sheetName: string, unit: { name: string; cell?: string }): LocatedFinding[] {
  if (unit.name !== "") return [];
  const [sheet, address] = unit.cell?.includes("!") ? unit.cell.split("!") : [sheetName, ""];
  const where = unit.cell ?? `${sheetName} (CCHC_DonVi)`;
  return [
    {
      ruleId: BLANK_UNIT_RULE,
      severity: "error",
      codes: [],
      message: msg(
        `Chưa ghi tên đơn vị báo cáo ở ô ${where}; hãy ghi tên đơn vị rồi lưu lại, nếu không bảng tổng hợp không nhận báo cáo này`,
        `The reporting unit's name is empty in cell ${where}; type the unit's name and save, otherwise the merge cannot take this report`,
      ),
      address: sheet === sheetName ? address : "",
      cell: where,
      stt: "",
      name: "",
    },
  ];
}

/**
 * Checks a sheet's cells (by code) and locates every finding, in sheet order (a blank unit name, the
 * title block's, first). With `meta.unit` (the name read from CCHC_DonVi), a blank name is an error too.
 */
export function checkReport(
  template: Template,
  sheetName: string,
  cells: ReadonlyMap<string, SheetCell>,
  meta: { unitLevel?: string; period?: string; unit?: { name: string; cell?: string } },
  values?: ReadonlyMap<string, SheetValue>,
  counting = false,
): CheckedReport {
  const level = unitLevelOf(meta.unitLevel);
  const findings = checkSheet(template, cells, { level, periodType: periodType(meta.period ?? ""), counting }, values);
  const located = locate(template, sheetName, cells, findings);
  if (meta.unit) located.unshift(...blankUnit(sheetName, meta.unit));
  return { findings: located, counts: countBySeverity(located), filled: countBlanks(template, cells, level) };
}
