// `cchc merge`: reads the workbooks units sent (one file at a time: only its parsed values stay in
// memory), merges them with the same engine as the task pane, writes the summary workbook and says
// what happened to every file.
import { Dirent, readdirSync } from "node:fs";
import path from "node:path";
import { compareWithPrevious } from "../domain/compare";
import { CompletenessLine, completenessLines } from "../domain/merge/completeness";
import { Completeness, MergeResult, RejectedFile, SourceStatus, Submission } from "../domain/merge/model";
import {
  buildSummaryPlan,
  fileCounts,
  fileCountsLine,
  KIND_LABELS,
  READ_AS_LABELS,
  SOURCE_STATUS_LABELS,
  SOURCES_SHEET,
  UNITS_SHEET,
  STAMP_LABELS,
} from "../domain/merge/summaryPlan";
import { isOfficeLockFile, lockFileNote } from "../domain/lockFile";
import { Lang, Message, msg, UserError } from "../domain/messages";
import { formatIsoDate, parsePeriod, periodType } from "../domain/period";
import { Finding } from "../domain/rules/model";
import { quoted } from "../domain/text";
import { formatNumber } from "../domain/values";
import { SEVERITY_LABELS } from "../domain/rules/report";
import { indicatorsByCode } from "../domain/template/lookup";
import { TemplateRegistry } from "../domain/template/registry";
import { Template } from "../domain/template/schema";
import { Merged, mergeReceived } from "../xlsx/mergeFiles";
import { threadPoolZipEntry } from "./nativeZip";
import { parseArgs, required } from "./args";
import { CliIo, EXIT, generatorVersion, langOf, levelOf, readRoster, refuseOverwrite, registryWith } from "./common";
import { osErrorMessage, statOrFail, writeFileSafely } from "./files";
import { comparedWithPrevious, readPrevious } from "./previous";
import { fileSource, InputFile, readInputFiles } from "./readFiles";
import type { WriteOptions } from "../xlsx/renderPlan";

export { fileSource };
export type { InputFile };

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
        throw new UserError(
          msg(
            `${arg} vừa là tệp cần tổng hợp vừa là tệp kết quả (--out); chọn tệp kết quả khác`,
            `${arg} is both an input and the output (--out); choose another output file`,
          ),
        );
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
        skipped.push(
          rejection(
            shown,
            "thư mục con, không đọc; ghi tên nó vào lệnh nếu cần tổng hợp các tệp trong đó",
            "a subfolder, not read; name it on the command line to merge its files",
          ),
        );
      } else if (entry.name.toLowerCase().endsWith(".xlsx")) {
        add(shown, path.join(full, entry.name));
      } else {
        const ext = path.extname(entry.name) || "(không có đuôi)";
        skipped.push(
          rejection(
            shown,
            `không phải tệp .xlsx (đuôi ${ext}), không đọc; nếu đây là một báo cáo, hãy mở bằng Excel và lưu lại dạng "Excel Workbook (.xlsx)"`,
            `not an .xlsx file (${path.extname(entry.name) || "no extension"}), not read; if it is a report, open it in Excel and save it as "Excel Workbook (.xlsx)"`,
          ),
        );
      }
    }
  }
  return { files, skipped, notes };
}

function countsText(c: { error: number; warning: number }, lang: Lang): string {
  return msg(`${c.error} lỗi, ${c.warning} cảnh báo`, `${c.error} errors, ${c.warning} warnings`)[lang];
}

/** Notes after the first one (how a retyped form was read) are in the sources sheet and --json. */
const NOTES_SHOWN = 1;

/**
 * Lines a list shows before "… và N … khác": a national merge's lists run to thousands of lines (3,5 MB
 * for 2.000 files), which no one reads in a terminal; each list is whole in the summary's sources sheet
 * and in --json.
 */
const LISTED = 30;

/** The first LISTED items, then where the rest are; `where` is undefined when there is no summary to look in (all are shown). */
function listed<T>(
  line: (text: string) => void,
  lang: Lang,
  items: readonly T[],
  show: (item: T) => void,
  rest: (more: Message) => Message,
  where: Message | undefined,
): void {
  const shown = where ? items.slice(0, LISTED) : items;
  shown.forEach(show);
  const more = items.length - shown.length;
  if (more > 0 && where) line(`  … ${rest(msg(formatNumber(more), more.toLocaleString("en")))[lang]} ${where[lang]}`);
}

/** Where a list of the sources sheet's section is in full. */
const inSection = (section: number) =>
  msg(
    `ở mục ${section} trang "${SOURCES_SHEET}" của bảng tổng hợp (hoặc --json)`,
    `in section ${section} of the "${SOURCES_SHEET}" sheet of the summary (or --json)`,
  );

/**
 * The merge in a screenful: the counts, the files merged as one list of units, one line for each file
 * that needs a look (flagged, left out, duplicate, unreadable, retyped), the values not merged, the
 * findings grouped per unit, then completeness against the roster; each list up to LISTED lines, the
 * detail in the sources sheet and --json. Without a result (the merge was refused, nothing written),
 * each file read is listed as read, all of them.
 */
function printReport(
  io: CliIo,
  lang: Lang,
  result: MergeResult | undefined,
  rejected: RejectedFile[],
  read: readonly Submission[] = [],
): void {
  const line = (text: string) => io.stdout(`${text}\n`);
  const sources = result?.sources ?? [];
  if (result) line(fileCountsLine(fileCounts(sources, rejected.length))[lang]);
  const clean = sources.filter((s) => s.status === "merged" && s.readAs === "workbook");
  if (clean.length > 0) {
    const names = clean.slice(0, LISTED).map((s) => s.unitName);
    const more = clean.length - names.length;
    const rest =
      more > 0
        ? msg(
            ` … và ${formatNumber(more)} đơn vị khác (trang "${UNITS_SHEET}")`,
            ` … and ${more.toLocaleString("en")} more units (the "${UNITS_SHEET}" sheet)`,
          )
        : msg("", "");
    line(`${msg("Đã tổng hợp", "Merged")[lang]} (${formatNumber(clean.length)}): ${names.join("; ")}${rest[lang]}`);
  }
  const attention = result ? sources.filter((s) => !clean.includes(s)) : read.map((s) => ({ ...s, status: undefined, reason: undefined }));
  if (attention.length + rejected.length > 0) line(msg("\nCần chú ý:", "\nNeeds a look:")[lang]);
  // What is not in the totals first (unreadable, left out), then what is in them to be reviewed: the first lines are the ones to act on.
  const rank = (status: SourceStatus | undefined) => (status === "flagged" ? 1 : status === "merged" ? 2 : 0);
  const files: ({ source: (typeof attention)[number] } | { rejected: RejectedFile })[] = [
    ...rejected.map((r) => ({ rejected: r })),
    ...attention.map((source, i) => ({ source, i })).sort((a, b) => rank(a.source.status) - rank(b.source.status) || a.i - b.i),
  ];
  const showFile = (file: (typeof files)[number]) => {
    if ("rejected" in file) {
      line(`  [${SOURCE_STATUS_LABELS.rejected[lang]}] ${file.rejected.reason[lang]}`);
      return;
    }
    const s = file.source;
    const status = s.status ? SOURCE_STATUS_LABELS[s.status][lang] : msg("Đã đọc", "Read")[lang];
    const reason = s.reason ? ` — ${s.reason[lang]}` : "";
    line(
      `  [${status}] ${s.file} — ${s.unitName} (${KIND_LABELS[s.kind][lang]}; ${READ_AS_LABELS[s.readAs][lang]}); ${countsText(s.counts, lang)}; ${STAMP_LABELS[s.stamp][lang]}${reason}`,
    );
    for (const n of s.notes.slice(0, NOTES_SHOWN)) line(`      ${n[lang]}`);
    const more = s.notes.length - NOTES_SHOWN;
    if (more > 0)
      line(
        msg(
          `      … và ${more} ghi chú khác trong trang "${SOURCES_SHEET}"`,
          `      … and ${more} more notes in the "${SOURCES_SHEET}" sheet`,
        )[lang],
      );
  };
  const where = (section: number) => (result ? inSection(section) : undefined);
  listed(line, lang, files, showFile, (n) => msg(`và ${n.vi} tệp khác`, `and ${n.en} more files`), where(1));
  if (!result) return;

  // Values of files left out are not listed one by one: their file's line says why.
  const included = new Set(sources.filter((s) => s.status === "merged" || s.status === "flagged").map((s) => s.file));
  const values = result.notMerged.filter((v) => included.has(v.file));
  if (values.length > 0) {
    line(msg(`\nGiá trị không được tổng hợp (${formatNumber(values.length)}):`, `\nValues not merged (${values.length}):`)[lang]);
    const showValue = (v: (typeof values)[number]) => line(`  ${v.file}  ${v.cell}  ${v.code}  ${quoted(v.raw)} — ${v.reason[lang]}`);
    listed(line, lang, values, showValue, (n) => msg(`và ${n.vi} giá trị khác`, `and ${n.en} more values`), where(2));
  }
  const showFinding = (f: MergeResult["findings"][number]) => line(`  ${SEVERITY_LABELS[f.severity][lang]}: ${f.message[lang]}`);
  const byUnit = result.findings.filter((f) => f.topic === "unit");
  if (byUnit.length > 0) {
    line(msg(`\nTheo đơn vị (${formatNumber(byUnit.length)}):`, `\nBy unit (${byUnit.length}):`)[lang]);
    listed(line, lang, byUnit, showFinding, (n) => msg(`và ${n.vi} nhận xét khác`, `and ${n.en} more findings`), where(3));
  }
  const other = result.findings.filter((f) => f.topic === "merge");
  if (other.length > 0) {
    line(msg(`\nNhận xét khác (${formatNumber(other.length)}):`, `\nOther findings (${other.length}):`)[lang]);
    listed(line, lang, other, showFinding, (n) => msg(`và ${n.vi} nhận xét khác`, `and ${n.en} more findings`), where(3));
  }
  if (result.roster) printCompleteness(line, lang, result.roster);
}

function printCompleteness(line: (text: string) => void, lang: Lang, c: Completeness): void {
  const lines = completenessLines(c);
  const count = (l: CompletenessLine) =>
    `${l.label[lang].toLocaleLowerCase(lang)} ${l.units.length}${l.percent === undefined ? "" : ` (${formatNumber(l.percent, 1)}%)`}`;
  line(
    msg(
      `\nTình hình gửi báo cáo (hạn ${formatIsoDate(c.due)}): ${lines.map(count).join(", ")}`,
      `\nReporting (due ${formatIsoDate(c.due)}): ${lines.map(count).join(", ")}`,
    )[lang],
  );
  for (const l of lines) {
    if (l.key === "expected" || l.key === "received" || l.key === "onTime" || l.units.length === 0) continue;
    line(`  ${l.label[lang]}: ${l.units.join("; ")}`);
  }
}

/** The merged totals as numbers, for the comparison with the previous summary. */
function mergedFigures(result: MergeResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const [code, m] of result.indicators) if (typeof m.value === "number") out.set(code, m.value);
  return out;
}

/** "Cần xem lại": units far from the others, then the totals against the previous period's summary. */
function printReview(
  io: CliIo,
  lang: Lang,
  template: Template,
  result: MergeResult,
  previous?: { label: string; file: string; findings: Finding[] },
) {
  const byCode = indicatorsByCode(template);
  const row = (code: string) => {
    const ind = byCode.get(code);
    const name = ind ? (ind.name.length > 70 ? `${ind.name.slice(0, 69)}…` : ind.name) : code;
    return ind?.stt && ind.stt !== "Trong đó" ? `STT ${ind.stt} ${name}` : name;
  };
  const review = result.review ?? [];
  if (review.length > 0) {
    io.stdout(
      msg(
        `\nCần xem lại (${formatNumber(review.length)}): đơn vị khác xa các đơn vị khác\n`,
        `\nTo review (${review.length}): units far from the others\n`,
      )[lang],
    );
    const line = (text: string) => io.stdout(`${text}\n`);
    const show = (o: (typeof review)[number]) => line(`  ${o.unit} — ${row(o.code)}: ${o.message[lang]}`);
    listed(
      line,
      lang,
      review,
      show,
      (n) => msg(`và ${n.vi} chỗ khác`, `and ${n.en} more`),
      msg("(xem đủ bằng --json)", "(all of them with --json)"),
    );
  }
  if (previous) {
    io.stdout(comparedWithPrevious(previous.label, previous.file, previous.findings.length)[lang]);
    for (const f of previous.findings) io.stdout(`  ${row(f.codes[0])}: ${f.message[lang]}\n`);
  }
}

export async function cmdMerge(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    out: "value",
    roster: "value",
    "exclude-errors": "switch",
    json: "switch",
    unit: "value",
    level: "value",
    superior: "value",
    period: "value",
    "template-file": "value",
    force: "switch",
    lang: "value",
    help: "switch",
    previous: "value",
  });
  const lang = langOf(args);
  if (args.positional.length === 0) {
    throw new UserError(
      msg(
        'Cần ít nhất một tệp hoặc thư mục: cchc merge TỆP_HOẶC_THƯ_MỤC... --out TỆP.xlsx --unit "TÊN ĐƠN VỊ"',
        'At least one file or folder is needed: cchc merge FILES_OR_FOLDERS... --out FILE.xlsx --unit "UNIT NAME"',
      ),
    );
  }
  const out = path.resolve(io.cwd, required(args, "out"));
  const unitName = required(args, "unit");
  const level = levelOf(args);
  const period = args.values.get("period");
  if (period !== undefined && !periodType(period)) {
    throw new UserError(
      msg(
        `Kỳ "${period}" không hợp lệ; ví dụ 2023-Q3, 2021-H1, 2021-9M, 2021-Y`,
        `Invalid period "${period}"; e.g. 2023-Q3, 2021-H1, 2021-9M, 2021-Y`,
      ),
    );
  }
  refuseOverwrite(out, args);
  const rosterFile = args.values.get("roster");
  const roster = rosterFile === undefined ? undefined : readRoster(io, rosterFile);
  const registry = registryWith(args, io);
  const { files, skipped, notes } = expandInputs(args.positional, io.cwd, out);

  const json = args.switches.has("json");
  const { merged, rejected, toReview, unitsSheet } = await readAndMerge(io, lang, files, registry, {
    period,
    excludeFlagged: args.switches.has("exclude-errors"),
    roster,
    skipped,
    json,
  });
  const { template, result } = merged;
  const summaryLevelUsed = level ?? merged.level;
  const plan = buildSummaryPlan({
    template,
    result,
    unitName,
    level: summaryLevelUsed,
    superiorName: args.values.get("superior"),
    generatorVersion: generatorVersion(),
    createdAt: io.now(),
    rejected,
  });
  const { summaryToBuffer } = await import("../xlsx/renderPlan");
  writeFileSafely(out, out, await summaryToBuffer(plan, { zipEntry: threadPoolZipEntry, unitsSheet }));

  const mergedFiles = result.sources.filter((s) => s.status === "merged" || s.status === "flagged").length;
  const previousFile = args.values.get("previous");
  const previous = previousFile ? await readPrevious(previousFile, io, registry, template) : undefined;
  const overPeriods = previous ? compareWithPrevious(template, { period: result.period, values: mergedFigures(result) }, previous) : [];
  if (json) {
    io.stdout(
      `${JSON.stringify(
        {
          out,
          templateId: result.templateId,
          templateVersion: result.templateVersion,
          period: result.period,
          unitName,
          level: summaryLevelUsed,
          units: result.units,
          counts: fileCounts(result.sources, rejected.length),
          files: result.sources,
          rejected,
          notMerged: result.notMerged,
          findings: result.findings,
          roster: result.roster,
          skipped: notes,
          review: result.review ?? [],
          ...(previous ? { previous: { file: previous.file, period: previous.period, findings: overPeriods } } : {}),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout(
      msg(
        `Tổng hợp ${template.id} (phiên bản ${template.version}), ${parsePeriod(result.period, template.dueDay).label.vi}: ${files.length + skipped.length} tệp\n`,
        `Merging ${template.id} (version ${template.version}), ${parsePeriod(result.period, template.dueDay).label.en}: ${files.length + skipped.length} files\n`,
      )[lang],
    );
    printReport(io, lang, result, rejected);
    for (const n of notes) io.stdout(`  [${msg("Bỏ qua", "Skipped")[lang]}] ${n[lang]}\n`);
    printReview(
      io,
      lang,
      template,
      result,
      previous && { label: parsePeriod(previous.period).label[lang], file: previous.file, findings: overPeriods },
    );
    io.stdout(
      msg(
        `\nĐã ghi ${out}: tổng hợp ${result.units.length} đơn vị từ ${mergedFiles} tệp${rejected.length ? `; ${rejected.length} tệp không đọc được` : ""}\n`,
        `\nWrote ${out}: ${result.units.length} units from ${mergedFiles} files${rejected.length ? `; ${rejected.length} files could not be read` : ""}\n`,
      )[lang],
    );
  }
  return rejected.length > 0 || toReview ? EXIT.findings : EXIT.ok;
}

/**
 * Reads the files (one at a time: only their parsed values stay in memory) and merges them. The
 * submissions are not kept past the merge: at 10.600 files they are ~300 MB the writer can use.
 */
async function readAndMerge(
  io: CliIo,
  lang: Lang,
  files: InputFile[],
  registry: TemplateRegistry,
  options: { period?: string; excludeFlagged: boolean; roster?: string[]; skipped: RejectedFile[]; json: boolean },
): Promise<{ merged: Merged; rejected: RejectedFile[]; toReview: boolean; unitsSheet?: WriteOptions["unitsSheet"] }> {
  const read = await readInputFiles(files, registry, { period: options.period });
  // A large merge's units sheet is written on a core its reading used, which the merge leaves idle: the thread loads meanwhile.
  const unitsSheet = (await import("./sheetThread")).startSheetThread(files.length);
  const rejected = [...options.skipped, ...read.rejected];
  try {
    const merged = mergeReceived(registry, read.submissions, {
      excludeFlagged: options.excludeFlagged,
      roster: options.roster,
      rejected: read.rejected,
    });
    // A retyped form read with too little certainty is merged flagged "cần xem lại", never as fine.
    return { merged, rejected, toReview: read.submissions.some((s) => s.review), unitsSheet };
  } catch (e) {
    // Nothing is written: say what happened to each file, then why.
    if (e instanceof UserError && !options.json) printReport(io, lang, undefined, rejected, read.submissions);
    throw e;
  }
}
