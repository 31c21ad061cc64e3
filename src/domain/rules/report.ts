// A checked report as people read it: each finding located on the sheet (cell, STT, indicator name)
// and counted by severity. `cchc check`, the task pane and the merge all show findings this way.
import { SheetCell } from "../export";
import { periodType } from "../period";
import { Template, UNIT_LEVELS, UnitLevel } from "../template/schema";
import { checkSheet, SEVERITY_ORDER } from "./check";
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

/** Checks a sheet's cells (by code) and locates every finding, most severe first. */
export function checkReport(
  template: Template,
  sheetName: string,
  cells: ReadonlyMap<string, SheetCell>,
  meta: { unitLevel?: string; period?: string },
): CheckedReport {
  const findings = checkSheet(template, cells, { level: unitLevelOf(meta.unitLevel), periodType: periodType(meta.period ?? "") });
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const located = findings.map((f): LocatedFinding => {
    const ind = byCode.get(f.codes[0]);
    const address = cells.get(f.codes[0])?.address ?? "";
    return { ...f, address, cell: `${sheetName}!${address}`, stt: ind?.stt ?? "", name: ind?.name ?? "" };
  });
  located.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return { findings: located, counts: countBySeverity(located) };
}
