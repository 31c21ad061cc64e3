// What the merge takes in and gives out (DESIGN §1 step 4). Pure data: the readers in src/xlsx turn
// received workbooks into Submissions; the engine turns Submissions into a MergeResult; the writers
// turn that into a summary sheet. Nothing here touches files, Office or the DOM.
import { Message } from "../messages";
import type { Outlier } from "./outliers";
import { SeverityCounts } from "../rules/report";
import { StampState } from "../stamp";
import { UnitLevel } from "../template/schema";
import { ParsedValue } from "../values";

/** How a received workbook was read. */
export type ReadMethod =
  /** our own workbook: found by its `_cchc` sheet and the CT_ defined names */
  | "workbook"
  /** a form retyped by hand: recognised by its header row, rows matched by STT and name */
  | "retyped";

/** One value as read from a unit's sheet, with where it came from. */
export interface SubmittedValue {
  parsed: ParsedValue;
  /** "Phụ lục!D23" — the sheet and cell the value was read from */
  cell: string;
}

/**
 * Exact, mergeable statistics of one indicator over a set of units. A summary carries them in its
 * `_cchc` sheet, so merging summaries of parts gives exactly what merging all units at once gives.
 * The engine defines the variants (src/domain/merge/aggregate.ts); they are plain JSON.
 */
export type AggregateJson = { method: string } & Record<string, unknown>;

export interface Submission {
  /** The file as the user named it (path or file name), for messages */
  file: string;
  readAs: ReadMethod;
  /** The sheet the values were read from */
  sheetName: string;
  templateId: string;
  templateVersion: string;
  /** Period code, "2023-Q3" */
  period: string;
  unitName: string;
  unitLevel?: UnitLevel;
  kind: "submission" | "summary";
  /**
   * When the workbook was last saved, as it records it (ISO; else the file's time, else `_cchc`
   * createdAt): the newest of duplicates is kept, and a report saved after the due date is late.
   */
  createdAt?: string;
  /** The file system's modification time (ISO): decides between duplicates saved at the same time */
  fileModifiedAt?: string;
  /** Every non-header indicator found on the sheet, by canonical code */
  values: Map<string, SubmittedValue>;
  /** Summaries only: the statistics they carry, by code */
  aggregates?: Map<string, AggregateJson>;
  /** Units this submission covers: [unitName] for a unit's own report, every unit for a summary */
  units: string[];
  /** The report's own check (kind checks, rules, formula integrity) */
  counts: SeverityCounts;
  stamp: StampState;
  /** How the file was read: rows matched by STT or name, rows not matched, repaired values */
  notes: Message[];
  /** A retyped form read with too little certainty to merge as fine: why it is to be reviewed */
  review?: Message;
}

/** A received file that could not be read as a submission. */
export interface RejectedFile {
  file: string;
  reason: Message;
  /** A report of another version of a known form: the merge as a whole is refused, as for another period */
  otherForm?: boolean;
}

/** What happened to a received submission in the merge. */
export type SourceStatus =
  /** merged, no errors, stamp valid or absent */
  | "merged"
  /** merged but flagged: the report has errors or a stale stamp */
  | "flagged"
  /** not merged: excluded by --exclude-errors */
  | "excluded"
  /** not merged: an older duplicate of a unit's report (the newest is kept), or a summary whose units all sent newer reports */
  | "replaced"
  /** not merged: its units are already counted through another submission (a unit reached twice) */
  | "overlap";

export interface SourceReport {
  file: string;
  unitName: string;
  readAs: ReadMethod;
  kind: Submission["kind"];
  createdAt?: string;
  fileModifiedAt?: string;
  counts: SeverityCounts;
  stamp: StampState;
  status: SourceStatus;
  /** Why it was flagged, excluded, replaced or found overlapping */
  reason?: Message;
  notes: Message[];
}

export interface MergedIndicator {
  code: string;
  /** For the summary's value cell: a number, a text, "-" (every reporting unit wrote "-"), or undefined (blank) */
  value: number | string | undefined;
  /** Plain mean of typed rates with no weight: an estimate */
  estimate: boolean;
  /** For the Ghi chú column: distribution in words, "ước tính (min … max …)", who has not reported */
  note?: Message;
  /** Units that reported a value (or "-") */
  reported: number;
  /** Units that left it blank */
  missing: string[];
}

/** One merged submission's values, for the side-by-side columns of the summary. */
export interface UnitColumn {
  label: string;
  file: string;
  /** What the unit reported (its totals for a summary), ready to write: number, text or "-" */
  values: Map<string, number | string>;
}

/** A non-empty input value that is not in the summary, and why. */
export interface NotMergedValue {
  file: string;
  /** "Phụ lục!D23" */
  cell: string;
  code: string;
  /** The value as it was in the file */
  raw: string;
  reason: Message;
}

/**
 * A finding about the merge. `topic` says where readers show it: with its file ("source": why the
 * file is left out or flagged), with the values not merged ("value"), under its unit ("unit": the
 * indicators it left blank, its data lost), with the roster ("roster"), or on its own ("merge").
 */
export interface MergeFinding {
  severity: "error" | "warning" | "info";
  topic: "source" | "value" | "unit" | "roster" | "merge";
  message: Message;
  /** About one received file (why it is left out or flagged, a value not merged) */
  file?: string;
  /** About one unit (the indicators it has not reported, its data left out) */
  unit?: string;
}

/** How a unit on the roster stands: sent on time, late, at an unknown time, or not at all. */
export type RosterStatus = "onTime" | "late" | "undated" | "missing";

export interface RosterEntry {
  /** As the roster spells it */
  unit: string;
  status: RosterStatus;
  /** The file its figures come from (or, if none is merged, the newest that names it) */
  file?: string;
  /** When that file was saved (ISO) */
  savedAt?: string;
  /** Errors in that report */
  errors: number;
  /** Whether its figures are in the summary */
  merged: boolean;
}

/**
 * Completeness and timeliness against the roster (what DHIS2 calls reporting rate and on-time rate):
 * every expected unit in the roster's order, and the lists by status.
 */
export interface Completeness {
  /** The due date, "2023-09-20": a report saved by the end of that day (Vietnam time) is on time */
  due: string;
  entries: RosterEntry[];
  expected: string[];
  /** Sent a report that was read (on time, late or undated) */
  received: string[];
  onTime: string[];
  late: string[];
  /** Sent, but the file records no time */
  undated: string[];
  missing: string[];
  /** Sent a report with errors */
  withErrors: string[];
  /** Sent a report without being on the roster */
  unexpected: string[];
}

export interface MergeResult {
  templateId: string;
  templateVersion: string;
  period: string;
  /** Every non-header indicator, by code */
  indicators: Map<string, MergedIndicator>;
  /** The statistics a summary carries in `_cchc`, by code */
  aggregates: Map<string, AggregateJson>;
  columns: UnitColumn[];
  sources: SourceReport[];
  notMerged: NotMergedValue[];
  /** Findings about the merge itself: missing reports per indicator, duplicates, overlaps, flagged reports */
  findings: MergeFinding[];
  /** Every unit the summary covers (names as reported) */
  units: string[];
  /** With a roster: who was expected, who sent on time or late, who has not, whose report has errors */
  roster?: Completeness;
  /** Units far from the others on an indicator, or outside the template's bounds: "cần xem lại" */
  review?: Outlier[];
}
