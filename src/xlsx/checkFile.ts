// What `cchc check` checks in a file: our own workbook (its `_cchc` sheet, defined names and formulas),
// or a form retyped by hand (findings by row, no formula-integrity family, with how it was read).
import { Message } from "../domain/messages";
import { parsePeriod } from "../domain/period";
import { SheetCell } from "../domain/export";
import { FilledCount, LocatedFinding, SeverityCounts } from "../domain/rules/report";
import { validateWorkbook } from "../domain/trust";
import { Template } from "../domain/template/schema";
import { TemplateRegistry } from "../domain/template/registry";
import { readOwnWorkbook } from "./ownWorkbook";
import { readRetypedFile } from "./readSubmission";

export interface CheckedFile {
  readAs: "workbook" | "retyped";
  template: Template;
  /** The indicators' value cells as the check read them (by code) */
  cells: Map<string, SheetCell>;
  filled: FilledCount;
  templateId: string;
  period: string;
  periodLabel: string;
  unitName: string;
  sheetName: string;
  findings: LocatedFinding[];
  counts: SeverityCounts;
  /** How a retyped form was read (rows matched, conversions undone, rows not read) */
  notes: Message[];
  /** A retyped form read with too little certainty: why it is to be reviewed */
  review?: Message;
}

export async function checkFile(bytes: Uint8Array, file: string, registry: TemplateRegistry): Promise<CheckedFile> {
  const own = readOwnWorkbook(bytes, file, registry);
  if (own.read) {
    const wb = own.read;
    // The same validation as the merge: what it would flag is an error here, what it would refuse is exit 2.
    const { findings, counts, filled } = validateWorkbook(wb);
    const { meta } = wb;
    return {
      readAs: "workbook",
      template: wb.template,
      cells: wb.cells,
      filled,
      templateId: wb.template.id,
      period: meta.period,
      periodLabel: meta.periodLabel ?? meta.period,
      unitName: wb.unit.name,
      sheetName: wb.sheetName,
      findings,
      counts,
      notes: [],
    };
  }
  const { submission: s, findings, cells, filled, form } = await readRetypedFile({ file, bytes }, own, registry, {});
  return {
    readAs: "retyped",
    template: form.template,
    cells,
    filled,
    templateId: s.templateId,
    period: s.period,
    periodLabel: parsePeriod(s.period).label.vi,
    unitName: s.unitName,
    sheetName: s.sheetName,
    findings,
    counts: s.counts,
    notes: s.notes,
    ...(s.review ? { review: s.review } : {}),
  };
}
