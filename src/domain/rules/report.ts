// A checked report as people read it: each finding located on the sheet (cell, STT, indicator name)
// and counted by severity. `cchc check`, the task pane and the merge all show findings this way.
import { SheetCell } from "../export";
import { msg } from "../messages";
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

/** The unit's name is its identity for the merge: a report without one cannot be sent. */
export const BLANK_UNIT_RULE = "unit:blank";

function blankUnit(sheetName: string, unit: { name: string; cell?: string }): LocatedFinding[] {
  if (unit.name !== "") return [];
  const [sheet, address] = unit.cell?.includes("!") ? unit.cell.split("!") : [sheetName, ""];
  const where = unit.cell ?? `${sheetName} (CCHC_DonVi)`;
  return [{
    ruleId: BLANK_UNIT_RULE,
    severity: "error",
    codes: [],
    message: msg(`Chưa ghi tên đơn vị báo cáo ở ô ${where}; hãy ghi tên đơn vị rồi lưu lại, nếu không bảng tổng hợp không nhận báo cáo này`,
      `The reporting unit's name is empty in cell ${where}; type the unit's name and save, otherwise the merge cannot take this report`),
    address: sheet === sheetName ? address : "",
    cell: where,
    stt: "",
    name: "",
  }];
}

/**
 * Checks a sheet's cells (by code) and locates every finding, most severe first. With `meta.unit`
 * (the name read from CCHC_DonVi), a blank name is an error too.
 */
export function checkReport(
  template: Template,
  sheetName: string,
  cells: ReadonlyMap<string, SheetCell>,
  meta: { unitLevel?: string; period?: string; unit?: { name: string; cell?: string } },
): CheckedReport {
  const findings = checkSheet(template, cells, { level: unitLevelOf(meta.unitLevel), periodType: periodType(meta.period ?? "") });
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const located = findings.map((f): LocatedFinding => {
    const ind = byCode.get(f.codes[0]);
    const address = cells.get(f.codes[0])?.address ?? "";
    return { ...f, address, cell: `${sheetName}!${address}`, stt: ind?.stt ?? "", name: ind?.name ?? "" };
  });
  if (meta.unit) located.unshift(...blankUnit(sheetName, meta.unit));
  located.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  return { findings: located, counts: countBySeverity(located) };
}
