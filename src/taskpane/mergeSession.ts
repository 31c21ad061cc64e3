// The Tổng hợp tab's session as a pure reducer, testable without a DOM: the chosen files (each
// removable on its own), the roster, the options, reading with progress and cancel, what was read,
// the merge computed from it, and writing the summary. The panel dispatches; effects (reading files,
// merging, writing) live in the panel and report back with actions.
import type { Merged, ReadFiles } from "../xlsx/mergeFiles";
import { Message } from "../domain/messages";

/** What the session needs of a chosen file (a DOM File in the pane). */
export interface ChosenFile {
  name: string;
  size: number;
  lastModified: number;
}

export type Phase =
  { kind: "idle" } | { kind: "reading"; index: number; total: number; file: string } | { kind: "cancelled"; read: number; total: number };

export interface Roster {
  file: string;
  names: string[];
}

/** A merge of `files` with the options it was computed with: a change of options recomputes it. */
export interface Outcome {
  files: ReadFiles;
  excludeFlagged: boolean;
  roster: Roster | undefined;
  merged?: Merged;
  failure?: Message;
}

export interface MergeSession<F extends ChosenFile = ChosenFile> {
  files: F[];
  roster?: Roster;
  rosterError?: Message;
  excludeFlagged: boolean;
  /** undefined until the user types: the open report's unit is the default */
  unitName?: string;
  phase: Phase;
  stopping: boolean;
  /** What the last reading gave, for the files still chosen */
  read?: ReadFiles;
  outcome?: Outcome;
  error?: Message;
  showValidation: boolean;
  writing: boolean;
  written?: { for: Outcome; sheets: string[]; notes: Message[] };
  askReplace?: string[];
}

export type MergeAction<F extends ChosenFile = ChosenFile> =
  | { type: "add"; files: F[] }
  | { type: "remove"; index: number }
  | { type: "clear" }
  | { type: "roster"; roster: Roster }
  | { type: "rosterError"; error: Message }
  | { type: "removeRoster" }
  | { type: "excludeFlagged"; value: boolean }
  | { type: "unitName"; value: string }
  | { type: "needFiles" }
  | { type: "reading"; index: number; file: string; total: number }
  | { type: "stop" }
  | { type: "cancelled"; read: number; total: number }
  | { type: "read"; files: ReadFiles }
  | { type: "failed"; error: Message }
  | { type: "merged"; outcome: Outcome }
  | { type: "writing" }
  | { type: "written"; sheets: string[]; notes: Message[] }
  | { type: "askReplace"; sheets: string[] }
  | { type: "closeReplace" }
  | { type: "writeFailed"; error: Message }
  | { type: "needUnit" };

export function initialSession<F extends ChosenFile>(): MergeSession<F> {
  return { files: [], excludeFlagged: false, phase: { kind: "idle" }, stopping: false, showValidation: false, writing: false };
}

export const sameFile = (a: ChosenFile, b: ChosenFile) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

/** The read results without one file: kept when its name is unique, so the rest merge again without being read again. */
function withoutFile(read: ReadFiles | undefined, files: readonly ChosenFile[], removed: ChosenFile): ReadFiles | undefined {
  if (!read) return undefined;
  if (files.filter((f) => f.name === removed.name).length > 1) return undefined;
  return {
    ...read,
    read: read.read - 1,
    submissions: read.submissions.filter((s) => s.file !== removed.name),
    rejected: read.rejected.filter((r) => r.file !== removed.name),
  };
}

export function mergeSession<F extends ChosenFile>(state: MergeSession<F>, action: MergeAction<F>): MergeSession<F> {
  switch (action.type) {
    case "add": {
      const added = action.files.filter(
        (f, i) => !state.files.some((p) => sameFile(p, f)) && action.files.findIndex((g) => sameFile(g, f)) === i,
      );
      if (added.length === 0) return state;
      // The results were for the old list.
      return {
        ...state,
        files: [...state.files, ...added],
        read: undefined,
        outcome: undefined,
        phase: { kind: "idle" },
        error: undefined,
      };
    }
    case "remove": {
      const removed = state.files[action.index];
      if (!removed || state.phase.kind === "reading") return state;
      const read = withoutFile(state.read, state.files, removed);
      const files = state.files.filter((_, i) => i !== action.index);
      return {
        ...state,
        files,
        read: files.length > 0 && read && read.submissions.length + read.rejected.length > 0 ? read : undefined,
        error: undefined,
      };
    }
    case "clear":
      return { ...state, files: [], read: undefined, outcome: undefined, phase: { kind: "idle" }, error: undefined };
    case "roster":
      return { ...state, roster: action.roster, rosterError: undefined };
    case "rosterError":
      return { ...state, roster: undefined, rosterError: action.error };
    case "removeRoster":
      return { ...state, roster: undefined, rosterError: undefined };
    case "excludeFlagged":
      return { ...state, excludeFlagged: action.value };
    case "unitName":
      return { ...state, unitName: action.value };
    case "needFiles":
      return { ...state, showValidation: true };
    case "reading":
      return {
        ...state,
        phase: { kind: "reading", index: action.index, total: action.total, file: action.file },
        ...(action.index === 0 ? { stopping: false, error: undefined, read: undefined } : {}),
      };
    case "stop":
      return { ...state, stopping: true };
    case "cancelled":
      return { ...state, phase: { kind: "cancelled", read: action.read, total: action.total } };
    case "read":
      return { ...state, phase: { kind: "idle" }, read: action.files };
    case "failed":
      return { ...state, phase: { kind: "idle" }, error: action.error };
    case "merged":
      return { ...state, outcome: action.outcome };
    case "writing":
      return { ...state, writing: true, error: undefined };
    case "written":
      return { ...state, writing: false, written: state.outcome && { for: state.outcome, sheets: action.sheets, notes: action.notes } };
    case "askReplace":
      return { ...state, writing: false, askReplace: action.sheets };
    case "closeReplace":
      return { ...state, askReplace: undefined };
    case "writeFailed":
      return { ...state, writing: false, error: action.error };
    case "needUnit":
      return { ...state, showValidation: true };
  }
}

/** The merge for what is chosen now, or undefined while it is being (re)computed. */
export function currentOutcome(state: MergeSession<ChosenFile>): Outcome | undefined {
  const o = state.outcome;
  return o && state.read && o.files === state.read && o.excludeFlagged === state.excludeFlagged && o.roster === state.roster
    ? o
    : undefined;
}
