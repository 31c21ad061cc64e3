// A summary's subtitle ("Tổng hợp từ 12 đơn vị"), written by the summary plan and read back by the checks
// of a summary (trust.ts), which the task pane loads without the rest of the merge.
import { formatNumber } from "../values";
import { MergeResult } from "./model";

/** How many units a summary's subtitle says it covers; undefined when the text is not one of ours. */
export function unitsInSubtitle(text: string): number | undefined {
  const m = /^Tổng hợp từ ([\d.]+) đơn vị/.exec(text.normalize("NFC").trim());
  return m ? Number(m[1].replace(/\./g, "")) : undefined;
}

export function subtitleOf(result: Pick<MergeResult, "units" | "roster">): string {
  const units = `Tổng hợp từ ${formatNumber(result.units.length)} đơn vị`;
  const missing = result.roster?.missing.length ?? 0;
  return missing > 0 ? `${units}; ${formatNumber(missing)} đơn vị trong danh sách chưa báo cáo` : units;
}
