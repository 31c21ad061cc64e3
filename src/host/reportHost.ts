// The host port: what the task pane needs from the workbook it sits beside. The Office.js adapter
// (src/excel) implements it for Excel and, through the in-memory host, for the browser workbench.
// It depends on the domain only, so the pane and the adapters depend on it and not on each other.
import { MergeResult, RejectedFile } from "../domain/merge/model";
import { Message } from "../domain/messages";
import { LocatedFinding, SeverityCounts } from "../domain/rules/report";
import { StampState, ValidationStamp } from "../domain/stamp";
import { UnitLevel } from "../domain/template/schema";

export interface InsertRequest {
  templateId: string;
  /** "2023-Q3" */
  period: string;
  unitName: string;
  unitLevel: UnitLevel;
  superiorName?: string;
  /** Replace an existing sheet of the same name (only after the user said so). */
  replace: boolean;
}

export type InsertOutcome =
  /** `notes`: what the user should know, e.g. print setup left to them in Excel 2019 */
  | { status: "inserted"; sheetName: string; syncs: number; notes: Message[] }
  /** A sheet with that name exists: ask the user, then call insert again with replace: true. */
  | { status: "exists"; sheetName: string };

/** The summary of a merge, to write into the open workbook. */
export interface SummaryRequest {
  result: MergeResult;
  /** Received files that could not be read: listed with the sources */
  rejected: RejectedFile[];
  /** The body that writes the summary (printed in the title block; its unit name at the next level) */
  unitName: string;
  /** The level of the merged reports: the summary's rules are theirs */
  level: UnitLevel;
  /** Replace existing sheets of the same names (only after the user said so). */
  replace: boolean;
}

export type SummaryOutcome =
  /** `sheetNames`: the summary sheet, then the sources sheet */
  | { status: "written"; sheetNames: string[]; syncs: number; notes: Message[] }
  /** Sheets with these names exist: ask the user, then call writeSummary again with replace: true. */
  | { status: "exists"; sheetNames: string[] };

/** The report in the open workbook, as the pane shows it. */
export interface ReportState {
  templateId: string;
  templateVersion: string;
  period: string;
  periodLabel: string;
  unitName: string;
  sheetName: string;
  findings: LocatedFinding[];
  counts: SeverityCounts;
  stamp: { state: StampState; stamp?: ValidationStamp };
  /** ms since epoch when the findings were computed */
  checkedAt: number;
}

/** A failure the user can act on (old Excel, protected sheet, lost connection), in both languages. */
export class HostError extends Error {
  constructor(readonly userMessage: Message) {
    super(userMessage.en);
    this.name = "HostError";
  }
}

export interface ReportHost {
  /** Finds the report in the open workbook (by its `_cchc` sheet), checks it and starts the live check. */
  open(): Promise<ReportState | undefined>;
  insert(request: InsertRequest): Promise<InsertOutcome>;
  /** Called with fresh findings after each edit (debounced) and after insert / stamp. Returns unsubscribe. */
  subscribe(listener: (state: ReportState) => void): () => void;
  /** Selects a cell of the indicator sheet in Excel ("D23"). */
  select(address: string): Promise<void>;
  /** Marks the report validated; refused (HostError) while it has errors. */
  stampValidated(): Promise<ReportState>;
  /** Writes a merge's summary sheet (with its `_cchc`) and its sources sheet, then checks it as the open report. */
  writeSummary(request: SummaryRequest): Promise<SummaryOutcome>;
}
