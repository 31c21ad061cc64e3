// What the merge takes in and gives out (DESIGN §1 step 4). Pure data: the readers in src/xlsx turn
// received workbooks into Submissions; the engine turns Submissions into a MergeResult; the writers
// turn that into a summary sheet. Nothing here touches files, Office or the DOM.
import { Message } from "../messages";
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
  /** When the report was made or last saved (ISO), to keep the newest of duplicate submissions */
  createdAt?: string;
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
  /** not merged: an older duplicate of a unit's report (the newest is kept) */
  | "replaced"
  /** not merged: its units are already counted through another submission (a unit reached twice) */
  | "overlap";

export interface SourceReport {
  file: string;
  unitName: string;
  readAs: ReadMethod;
  kind: Submission["kind"];
  createdAt?: string;
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
  findings: { severity: "error" | "warning" | "info"; message: Message }[];
  /** Every unit the summary covers (names as reported) */
  units: string[];
  /** With a roster: expected units without a report, and units not on the roster */
  roster?: { missing: string[]; unexpected: string[] };
}
