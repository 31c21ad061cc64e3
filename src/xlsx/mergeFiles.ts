// The merge's steps over received files, for any caller that holds them (the task pane's dropped
// File objects, files on disk): read them one at a time — each file's bytes are dropped once it is
// parsed — reporting progress, pausing between files and stopping when cancelled; then merge what was
// read. No Node APIs: the task pane loads this module only when a merge starts (ExcelJS only for a form
// retyped by hand).
import { mergeSubmissions, MergeOptions } from "../domain/merge/engine";
import { MergeResult, RejectedFile, Submission } from "../domain/merge/model";
import { isOfficeLockFile, lockFileNote } from "../domain/lockFile";
import { msg, UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { Template, UnitLevel } from "../domain/template/schema";
import { MAX_SUBMISSION_BYTES, readSubmission, ReadResult } from "./readSubmission";
import { ReadLimits, tooLarge } from "./fileGuard";

export interface FileSource {
  /** As the user named it, for messages */
  name: string;
  /** Known before reading: a file over the limit is refused without being loaded */
  size?: number;
  /** ISO time the file was last modified, when the workbook does not say when it was saved */
  modifiedAt?: string;
  read(): Promise<Uint8Array>;
}

export interface ReadFilesOptions {
  /** Period code for retyped forms whose title names none */
  period?: string;
  /** Each file's budget (fileGuard.ts limits unless given): a file past it is one message, the others go on */
  limits?: ReadLimits;
  /** Checked before each file is read: once aborted, no further file is read */
  signal?: AbortSignal;
  /** Called before each file is read, with its position (0-based) */
  onFile?: (index: number, name: string) => void;
  /** Awaited before each file is read, so that a page can show its progress and take clicks (Cancel) */
  pause?: () => Promise<void>;
}

/** How far a list of files was read. */
export interface ReadProgress {
  /** The list was cancelled before every file was read */
  cancelled: boolean;
  /** How many files were read (or refused) */
  read: number;
}

export interface ReadFiles extends ReadProgress {
  submissions: Submission[];
  rejected: RejectedFile[];
}

/** Files read one by one: each outcome in the files' order, whatever thread read it. */
export function collectOutcomes(outcomes: Iterable<ReadResult>, into: Pick<ReadFiles, "submissions" | "rejected">): void {
  for (const outcome of outcomes) {
    if ("submission" in outcome) into.submissions.push(outcome.submission);
    else into.rejected.push(outcome.rejected);
  }
}

/**
 * Reads the files in order into submissions, and names every file that is not one with its reason. Without
 * a signal to cancel (the CLI, the pane's worker), the next file's bytes are fetched while the current one
 * is parsed; with one, a file is read only when its turn comes, so that nothing more is read once cancelled.
 */
export async function readReceivedFiles(
  sources: readonly FileSource[],
  registry: TemplateRegistry,
  options: ReadFilesOptions = {},
): Promise<ReadFiles> {
  const read: ReadFiles = { cancelled: false, read: 0, submissions: [], rejected: [] };
  const progress = await readEachFile(sources, registry, options, (_, outcome) => collectOutcomes([outcome], read));
  return Object.assign(read, progress);
}

/** readReceivedFiles one file at a time: `each` gets every file's outcome, with its place in `sources`. */
export async function readEachFile(
  sources: readonly FileSource[],
  registry: TemplateRegistry,
  options: ReadFilesOptions,
  each: (index: number, outcome: ReadResult) => void,
): Promise<ReadProgress> {
  const fetch = (source: FileSource | undefined): Promise<Uint8Array | { error: unknown }> | undefined => {
    if (!source || isOfficeLockFile(source.name) || (source.size !== undefined && source.size > MAX_SUBMISSION_BYTES)) return undefined;
    return source.read().catch((error: unknown) => ({ error }));
  };
  const ahead = options.signal === undefined;
  let next = ahead ? fetch(sources[0]) : undefined;
  for (const [index, source] of sources.entries()) {
    options.onFile?.(index, source.name);
    await options.pause?.();
    if (options.signal?.aborted) return { cancelled: true, read: index };
    const pending = ahead ? next : fetch(source);
    next = ahead ? fetch(sources[index + 1]) : undefined;
    if (isOfficeLockFile(source.name)) {
      each(index, { rejected: { file: source.name, reason: lockFileNote(source.name) } });
      continue;
    }
    if (!pending) {
      // A file over the limit is refused without being loaded.
      each(index, { rejected: { file: source.name, reason: tooLarge(source.name, source.size ?? 0) } });
      continue;
    }
    const bytes = await pending;
    if (!(bytes instanceof Uint8Array)) {
      const e = bytes.error;
      // A reader that knows why (not a regular file, over the limit while reading) says so itself.
      if (e instanceof UserError) {
        each(index, { rejected: { file: source.name, reason: e.userMessage } });
        continue;
      }
      // The file was moved, deleted or locked after it was chosen.
      const detail = e instanceof Error ? e.message : String(e);
      each(index, {
        rejected: {
          file: source.name,
          reason: msg(
            `${source.name}: không đọc được tệp (${detail}); hãy chọn lại tệp`,
            `${source.name}: cannot read the file (${detail}); choose the file again`,
          ),
        },
      });
      continue;
    }
    const input = { file: source.name, bytes, modifiedAt: source.modifiedAt };
    each(index, await readSubmission(input, registry, { period: options.period, limits: options.limits }));
  }
  return { cancelled: false, read: sources.length };
}

/** The level whose rules apply to the summary: the one level every merged report has, else the template's first. */
export function summaryLevel(submissions: readonly Submission[], template: Template): UnitLevel {
  const levels = new Set(submissions.map((s) => s.unitLevel));
  const [only] = levels;
  return levels.size === 1 && only ? only : template.levels[0];
}

export interface MergeReceivedOptions extends MergeOptions {
  /** The files that could not be read: one of another version of the form refuses the whole merge */
  rejected?: readonly RejectedFile[];
}

export interface Merged {
  template: Template;
  result: MergeResult;
  level: UnitLevel;
}

/**
 * Merges what was read: the template is the one the reports use; a UserError says why there is
 * nothing to merge or why the reports cannot be merged together (different forms or periods).
 */
export function mergeReceived(registry: TemplateRegistry, submissions: Submission[], options: MergeReceivedOptions = {}): Merged {
  const otherForms = (options.rejected ?? []).filter((r) => r.otherForm);
  if (otherForms.length > 0) {
    const vi = otherForms.map((r) => r.reason.vi).join("; ");
    const en = otherForms.map((r) => r.reason.en).join("; ");
    throw new UserError(
      msg(
        `Không tổng hợp được: các báo cáo phải cùng biểu mẫu và cùng phiên bản; ${otherForms.length} tệp dùng phiên bản khác: ${vi}. Hãy bỏ các tệp này ra hoặc tổng hợp chúng riêng.`,
        `Cannot merge: the reports must share the template and its version; ${otherForms.length} files use another version: ${en}. Remove these files or merge them separately.`,
      ),
    );
  }
  if (submissions.length === 0) {
    throw new UserError(
      msg(
        "Không có tệp nào đọc được thành báo cáo, nên chưa có gì để tổng hợp; lý do của từng tệp có trong danh sách kết quả",
        "None of the files could be read as a report, so there is nothing to merge; the reason for each file is in the results",
      ),
    );
  }
  const template = registry.get(submissions[0].templateId);
  const result = mergeSubmissions(template, submissions, options);
  return { template, result, level: summaryLevel(submissions, template) };
}
