// `cchc merge`: reads the workbooks units sent (one file at a time: only its parsed values stay in
// memory), merges them with the same engine as the task pane, writes the summary workbook and says
// what happened to every file.
import { Dirent, readdirSync, statSync, Stats } from "node:fs";
import path from "node:path";
import { MergeResult, RejectedFile } from "../domain/merge/model";
import { buildSummaryPlan, KIND_LABELS, READ_AS_LABELS, SOURCE_STATUS_LABELS, STAMP_LABELS } from "../domain/merge/summaryPlan";
import { parseRoster } from "../domain/merge/units";
import { isOfficeLockFile, lockFileNote } from "../domain/lockFile";
import { Lang, Message, msg, UserError } from "../domain/messages";
import { parsePeriod, periodType } from "../domain/period";
import { SEVERITY_LABELS } from "../domain/rules/report";
import { FileSource, Merged, mergeReceived, readReceivedFiles } from "../xlsx/mergeFiles";
import { summaryToBuffer } from "../xlsx/renderPlan";
import { parseArgs, required } from "./args";
import { CliIo, EXIT, generatorVersion, langOf, levelOf, readFileOrFail, readTextFile, refuseOverwrite, registryWith } from "./common";
import { osErrorMessage, statOrFail, writeFileSafely } from "./files";
import { SAVE_ROSTER } from "../domain/textFile";

export interface InputFile {
  /** As the user named it (the directory argument joined with the file name), for messages */
  shown: string;
  full: string;
}

function rejection(file: string, vi: string, en: string): RejectedFile {
  return { file, reason: msg(`${file}: ${vi}`, `${file}: ${en}`) };
}

/**
 * The files to read: each file argument as given; in a directory, its .xlsx files, and every other
 * entry named as skipped (a report saved as .xls or .csv must not vanish silently). The output file
 * (an earlier summary in the same folder) is never read back as an input.
 */
function expandInputs(args: string[], cwd: string, out: string): { files: InputFile[]; skipped: RejectedFile[]; notes: Message[] } {
  const files: InputFile[] = [];
  const skipped: RejectedFile[] = [];
  const notes: Message[] = [];
  const seen = new Set<string>();
  const add = (shown: string, full: string) => {
    if (full === out || seen.has(full)) return;
    if (isOfficeLockFile(shown)) {
      notes.push(lockFileNote(shown));
      return;
    }
    seen.add(full);
    files.push({ shown, full });
  };
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    const stat = statOrFail(full, arg);
    if (!stat.isDirectory()) {
      if (full === out) {
        throw new UserError(msg(`${arg} vừa là tệp cần tổng hợp vừa là tệp kết quả (--out); chọn tệp kết quả khác`,
          `${arg} is both an input and the output (--out); choose another output file`));
      }
      add(arg, full);
      continue;
    }
    let listed: Dirent[];
    try {
      listed = readdirSync(full, { withFileTypes: true });
    } catch (e) {
      throw new UserError(osErrorMessage(e, arg, "list"));
    }
    const entries = listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const shown = path.join(arg, entry.name);
      if (entry.isDirectory()) {
        skipped.push(rejection(shown, "thư mục con, không đọc; ghi tên nó vào lệnh nếu cần tổng hợp các tệp trong đó",
          "a subfolder, not read; name it on the command line to merge its files"));
      } else if (entry.name.toLowerCase().endsWith(".xlsx")) {
        add(shown, path.join(full, entry.name));
      } else {
        const ext = path.extname(entry.name) || "(không có đuôi)";
        skipped.push(rejection(shown,
          `không phải tệp .xlsx (đuôi ${ext}), không đọc; nếu đây là một báo cáo, hãy mở bằng Excel và lưu lại dạng "Excel Workbook (.xlsx)"`,
          `not an .xlsx file (${path.extname(entry.name) || "no extension"}), not read; if it is a report, open it in Excel and save it as "Excel Workbook (.xlsx)"`));
      }
    }
  }
  return { files, skipped, notes };
}

/**
 * The files as the shared reader takes them, bytes read only when their turn comes: a regular file, at
 * most the reader's limit, counted as it is read (stat says 0 for /proc and nothing true for a device).
 */
export function fileSource(input: InputFile): FileSource {
  let stat: Stats | undefined;
  try {
    stat = statSync(input.full);
  } catch {
    // Gone since it was listed: read() says so for this file.
  }
  return { name: input.shown, modifiedAt: stat?.mtime.toISOString(), read: async () => readFileOrFail(input.full, input.shown) };
}

function countsText(c: { error: number; warning: number }, lang: Lang): string {
  return lang === "vi" ? `${c.error} lỗi, ${c.warning} cảnh báo` : `${c.error} errors, ${c.warning} warnings`;
}

function printReport(io: CliIo, lang: Lang, result: MergeResult | undefined, rejected: RejectedFile[]): void {
  const line = (text: string) => io.stdout(`${text}\n`);
  if (result) {
    for (const s of result.sources) {
      const reason = s.reason ? ` — ${s.reason[lang]}` : "";
      line(`  [${SOURCE_STATUS_LABELS[s.status][lang]}] ${s.file} — ${s.unitName} (${KIND_LABELS[s.kind][lang]}; ${READ_AS_LABELS[s.readAs][lang]}); ${countsText(s.counts, lang)}; ${STAMP_LABELS[s.stamp][lang]}${reason}`);
      for (const n of s.notes) line(`      ${n[lang]}`);
    }
  }
  for (const r of rejected) line(`  [${SOURCE_STATUS_LABELS.rejected[lang]}] ${r.reason[lang]}`);
  if (!result) return;
  if (result.notMerged.length > 0) {
    line(lang === "vi" ? `\nGiá trị không được tổng hợp (${result.notMerged.length}):` : `\nValues not merged (${result.notMerged.length}):`);
    for (const v of result.notMerged) line(`  ${v.file}  ${v.cell}  ${v.code}  "${v.raw}" — ${v.reason[lang]}`);
  }
  if (result.findings.length > 0) {
    line(lang === "vi" ? `\nNhận xét về việc tổng hợp (${result.findings.length}):` : `\nFindings about the merge (${result.findings.length}):`);
    for (const f of result.findings) line(`  ${SEVERITY_LABELS[f.severity][lang]}: ${f.message[lang]}`);
  }
  if (result.roster) {
    const { missing, unexpected } = result.roster;
    line(lang === "vi"
      ? `\nĐối chiếu danh sách: ${missing.length} đơn vị chưa báo cáo${missing.length ? `: ${missing.join("; ")}` : ""}`
      : `\nRoster: ${missing.length} units have not reported${missing.length ? `: ${missing.join("; ")}` : ""}`);
    if (unexpected.length > 0) {
      line(lang === "vi" ? `  ${unexpected.length} đơn vị không có trong danh sách: ${unexpected.join("; ")}`
        : `  ${unexpected.length} units are not on the roster: ${unexpected.join("; ")}`);
    }
  }
}

export async function cmdMerge(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    out: "value", roster: "value", "exclude-errors": "switch", json: "switch", unit: "value", level: "value",
    superior: "value", period: "value", "template-file": "value", force: "switch", lang: "value", help: "switch",
  });
  const lang = langOf(args);
  if (args.positional.length === 0) {
    throw new UserError(msg("Cần ít nhất một tệp hoặc thư mục: cchc merge TỆP_HOẶC_THƯ_MỤC... --out TỆP.xlsx --unit \"TÊN ĐƠN VỊ\"",
      "At least one file or folder is needed: cchc merge FILES_OR_FOLDERS... --out FILE.xlsx --unit \"UNIT NAME\""));
  }
  const out = path.resolve(io.cwd, required(args, "out"));
  const unitName = required(args, "unit");
  const level = levelOf(args);
  const period = args.values.get("period");
  if (period !== undefined && !periodType(period)) {
    throw new UserError(msg(`Kỳ "${period}" không hợp lệ; ví dụ 2023-Q3, 2021-H1, 2021-9M, 2021-Y`, `Invalid period "${period}"; e.g. 2023-Q3, 2021-H1, 2021-9M, 2021-Y`));
  }
  refuseOverwrite(out, args);
  const rosterFile = args.values.get("roster");
  const roster = rosterFile === undefined ? undefined : parseRoster(readTextFile(path.resolve(io.cwd, rosterFile), rosterFile, SAVE_ROSTER));
  if (roster && roster.length === 0) {
    throw new UserError(msg(`${rosterFile}: danh sách đơn vị không có tên nào (mỗi dòng một tên, hoặc CSV có cột "Tên đơn vị")`,
      `${rosterFile}: the roster holds no names (one name per line, or CSV with a "Tên đơn vị" column)`));
  }
  const registry = registryWith(args, io);
  const { files, skipped, notes } = expandInputs(args.positional, io.cwd, out);

  // One file at a time: only its parsed values stay in memory.
  const read = await readReceivedFiles(files.map(fileSource), registry, { period });
  const rejected = [...skipped, ...read.rejected];
  const json = args.switches.has("json");
  let merged: Merged;
  try {
    merged = mergeReceived(registry, read.submissions, { excludeFlagged: args.switches.has("exclude-errors"), roster, rejected: read.rejected });
  } catch (e) {
    // Nothing is written: say what happened to each file, then why.
    if (e instanceof UserError && !json) printReport(io, lang, undefined, rejected);
    throw e;
  }
  const { template, result } = merged;
  const summaryLevelUsed = level ?? merged.level;
  const plan = buildSummaryPlan({
    template, result, unitName, level: summaryLevelUsed, superiorName: args.values.get("superior"),
    generatorVersion: generatorVersion(), createdAt: io.now(), rejected,
  });
  writeFileSafely(out, out, await summaryToBuffer(plan));

  const mergedFiles = result.sources.filter((s) => s.status === "merged" || s.status === "flagged").length;
  if (json) {
    io.stdout(`${JSON.stringify({
      out, templateId: result.templateId, templateVersion: result.templateVersion, period: result.period,
      unitName, level: summaryLevelUsed, units: result.units, files: result.sources, rejected,
      notMerged: result.notMerged, findings: result.findings, roster: result.roster, skipped: notes,
    }, null, 2)}\n`);
  } else {
    io.stdout(lang === "vi"
      ? `Tổng hợp ${template.id} (phiên bản ${template.version}), ${parsePeriod(result.period, template.dueDay).label.vi}: ${files.length + skipped.length} tệp\n`
      : `Merging ${template.id} (version ${template.version}), ${parsePeriod(result.period, template.dueDay).label.en}: ${files.length + skipped.length} files\n`);
    printReport(io, lang, result, rejected);
    for (const n of notes) io.stdout(`  [${lang === "vi" ? "Bỏ qua" : "Skipped"}] ${n[lang]}\n`);
    io.stdout(lang === "vi"
      ? `\nĐã ghi ${out}: tổng hợp ${result.units.length} đơn vị từ ${mergedFiles} tệp${rejected.length ? `; ${rejected.length} tệp không đọc được` : ""}\n`
      : `\nWrote ${out}: ${result.units.length} units from ${mergedFiles} files${rejected.length ? `; ${rejected.length} files could not be read` : ""}\n`);
  }
  return rejected.length > 0 ? EXIT.findings : EXIT.ok;
}
