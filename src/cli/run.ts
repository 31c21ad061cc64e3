// The `cchc` command-line tool: the same core as the add-in, for batch work and machines without Excel.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { csvLine } from "../domain/csv";
import { exportValues, ExportedValue, parseSheet } from "../domain/export";
import { Message, msg, UserError } from "../domain/messages";
import { formatDate, parsePeriod, Period, PERIOD_TYPE_LABELS } from "../domain/period";
import { SEVERITY_ORDER } from "../domain/rules/check";
import { compareWithPrevious, sheetFigures } from "../domain/compare";
import { blanksText, locate, SEVERITY_LABELS } from "../domain/rules/report";
import { formName } from "../domain/rules/words";
import { validateWorkbook } from "../domain/trust";
import { buildSheetPlan } from "../domain/sheet/build";
import { UNIT_LEVEL_LABELS } from "../domain/sheet/layout";
import { TemplateRegistry } from "../domain/template/registry";
import { Template, UnitLevel } from "../domain/template/schema";
import { fileStem } from "../domain/unitFiles";
import { quoted } from "../domain/text";
import { formatNumber } from "../domain/values";
import { TITLE_INPUT_NAMES } from "../domain/workbookContract";
import { builtInRegistry } from "../templates";
import { checkFile } from "../xlsx/checkFile";
import { readCchcFile } from "../xlsx/ownWorkbook";
import { ParsedArgs, parseArgs, required } from "./args";
import {
  addTemplateFile,
  CliIo,
  EXIT,
  generatorVersion,
  langOf,
  levelOf,
  printableIo,
  readRoster,
  readWorkbookFile,
  refuseOverwrite,
  registryWith,
} from "./common";
import { nativeZipEntry } from "./nativeZip";
import { osErrorMessage, writeFileSafely } from "./files";
import { helpRequest, requestedLang } from "./help";
import { useNodeInflater } from "./inflate";
import { comparedWithPrevious, readPrevious } from "./previous";

export type { CliIo };
export { EXIT, generatorVersion };

function cmdTemplates(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { json: "switch", check: "value", lang: "value", help: "switch" });
  const lang = langOf(args);
  const check = args.values.get("check");
  if (check) {
    // A registry of its own, so that checking a copy of a built-in template is not refused for its id.
    const template = addTemplateFile(new TemplateRegistry([]), path.resolve(io.cwd, check), check);
    io.stdout(
      msg(
        `${check}: biểu mẫu hợp lệ (${template.id}, ${template.indicators.length} dòng)\n`,
        `${check}: valid template (${template.id}, ${template.indicators.length} rows)\n`,
      )[lang],
    );
    return EXIT.ok;
  }
  const list = builtInRegistry()
    .list()
    .map((t) => ({
      id: t.id,
      version: t.version,
      title: t.title,
      province: t.province,
      issuingDocument: t.issuingDocument,
      levels: t.levels,
      periods: t.periods,
      indicators: t.indicators.filter((i) => i.kind !== "header").length,
      rows: t.indicators.length,
    }));
  if (args.switches.has("json")) {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const t of list) {
    const levels = t.levels.map((l) => UNIT_LEVEL_LABELS[l][lang]).join("; ");
    io.stdout(
      msg(
        `${t.id} (phiên bản ${t.version})\n  ${t.title}\n  Tỉnh: ${t.province}; văn bản: ${t.issuingDocument.number}\n  Cấp: ${levels}\n  Kỳ: ${t.periods.map((p) => PERIOD_TYPE_LABELS[p].vi).join(", ")}; ${t.indicators} chỉ tiêu\n`,
        `${t.id} (version ${t.version})\n  ${t.title}\n  Province: ${t.province}; document: ${t.issuingDocument.number}\n  Levels: ${levels}\n  Periods: ${t.periods.map((p) => PERIOD_TYPE_LABELS[p].en).join(", ")}; ${t.indicators} indicators\n`,
      )[lang],
    );
  }
  return EXIT.ok;
}

async function cmdNew(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    template: "value",
    "template-file": "value",
    period: "value",
    unit: "value",
    level: "value",
    superior: "value",
    out: "value",
    roster: "value",
    force: "switch",
    lang: "value",
    help: "switch",
  });
  const lang = langOf(args);
  const registry = builtInRegistry();
  const templateFile = args.values.get("template-file");
  const template = templateFile ? addTemplateFile(registry, path.resolve(io.cwd, templateFile)) : registry.get(required(args, "template"));
  // Without --unit: a blank form to send to every unit, each types its own name (CCHC_DonVi).
  const unitName = args.values.get("unit") ?? "";
  const levelArg = levelOf(args);
  if (levelArg === undefined && template.levels.length > 1) {
    const options = template.levels.map((l) => `${l} (${UNIT_LEVEL_LABELS[l].vi})`).join(", ");
    const optionsEn = template.levels.map((l) => `${l} (${UNIT_LEVEL_LABELS[l].en})`).join(", ");
    throw new UserError(
      msg(
        `Biểu mẫu ${template.id} dùng cho nhiều cấp; chọn --level: ${options}`,
        `Template ${template.id} is for several levels; choose --level: ${optionsEn}`,
      ),
    );
  }
  const level = levelArg ?? template.levels[0];
  const period = parsePeriod(required(args, "period"), template.dueDay);
  const rosterFile = args.values.get("roster");
  if (rosterFile !== undefined) return newPerUnit(args, io, { template, period, level, rosterFile });
  const plan = buildSheetPlan({
    template,
    period,
    unit: { name: unitName, level, superiorName: args.values.get("superior") },
    generatorVersion: generatorVersion(),
    createdAt: io.now(),
  });
  const out = path.resolve(
    io.cwd,
    args.values.get("out") ?? `${template.id}_${period.code}${unitName ? `_${fileStem(unitName)}` : ""}.xlsx`,
  );
  refuseOverwrite(out, args);
  // ExcelJS loads only for the commands that write a workbook: `--help` and `check` start without it.
  const { planToBuffer } = await import("../xlsx/renderPlan");
  writeFileSafely(out, out, await planToBuffer(plan, { zipEntry: nativeZipEntry }));
  io.stdout(
    msg(
      `Đã tạo ${out}\n  ${template.title} — ${period.label.vi}, ${unitName || "biểu trống, đơn vị tự ghi tên"} (${UNIT_LEVEL_LABELS[level].vi})\n  ${plan.indicatorCells.length} chỉ tiêu; hạn nộp ${String(period.due.day).padStart(2, "0")}/${String(period.due.month).padStart(2, "0")}/${period.due.year}\n`,
      `Wrote ${out}\n  ${template.title} — ${period.label.en}, ${unitName || "blank form, each unit types its name"} (${UNIT_LEVEL_LABELS[level].en})\n  ${plan.indicatorCells.length} indicators; due ${String(period.due.day).padStart(2, "0")}/${String(period.due.month).padStart(2, "0")}/${period.due.year}\n`,
    )[lang],
  );
  return EXIT.ok;
}

/** `cchc new --roster FILE --out DIR`: one workbook per roster line, named after its unit, the unit's name in CCHC_DonVi. */
async function newPerUnit(
  args: ParsedArgs,
  io: CliIo,
  o: { template: Template; period: Period; level: UnitLevel; rosterFile: string },
): Promise<number> {
  const lang = langOf(args);
  if (args.values.has("unit")) {
    throw new UserError(
      msg(
        "Dùng --unit hoặc --roster, không dùng cả hai: --roster tạo một tệp cho mỗi đơn vị trong danh sách",
        "Use --unit or --roster, not both: --roster writes one file for each unit on the list",
      ),
    );
  }
  const units = readRoster(io, o.rosterFile);
  const dir = path.resolve(io.cwd, args.values.get("out") ?? `${o.template.id}_${o.period.code}`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UserError(
      msg(
        `${dir}: đã có một tệp trùng tên; với --roster, --out là thư mục chứa các tệp của đơn vị — hãy chọn một thư mục bằng --out`,
        `${dir}: a file of that name exists; with --roster, --out is the folder for the units' files — choose a folder with --out`,
      ),
    );
  }
  const { unitWorkbooks } = await import("../xlsx/unitWorkbooks");
  const workbooks = await unitWorkbooks(
    {
      template: o.template,
      period: o.period,
      level: o.level,
      superiorName: args.values.get("superior"),
      units,
      generatorVersion: generatorVersion(),
      createdAt: io.now(),
    },
    { zipEntry: nativeZipEntry },
  );
  const existing = workbooks.filter((w) => existsSync(path.join(dir, w.file)));
  if (existing.length > 0 && !args.switches.has("force")) {
    const list =
      existing
        .slice(0, 5)
        .map((w) => w.file)
        .join(", ") + (existing.length > 5 ? ` … (${existing.length})` : "");
    throw new UserError(
      msg(
        `${dir}: đã có ${existing.length} tệp trùng tên (${list}); chọn thư mục khác bằng --out hoặc thêm --force để ghi đè`,
        `${dir}: ${existing.length} of the files exist (${list}); choose another folder with --out or add --force to overwrite them`,
      ),
    );
  }
  const shownDir = args.values.get("out") ?? path.basename(dir);
  for (const w of workbooks) writeFileSafely(path.join(dir, w.file), path.join(shownDir, w.file), w.bytes);
  io.stdout(
    msg(
      `Đã tạo ${workbooks.length} tệp trong ${dir}, mỗi đơn vị một tệp, tên đơn vị đã ghi sẵn (ô ${TITLE_INPUT_NAMES.unitName})\n  ${o.template.title} — ${o.period.label.vi}; hạn nộp ${formatDate(o.period.due)}\n`,
      `Wrote ${workbooks.length} files in ${dir}, one per unit, each with its unit's name (cell ${TITLE_INPUT_NAMES.unitName})\n  ${o.template.title} — ${o.period.label.en}; due ${formatDate(o.period.due)}\n`,
    )[lang],
  );
  for (const w of workbooks) io.stdout(`  ${w.file}\t${w.unit}\n`);
  return EXIT.ok;
}

const STATUS_LABELS: Record<ExportedValue["status"], Message> = {
  value: msg("có số liệu", "value"),
  text: msg("văn bản", "text"),
  missing: msg("chưa nhập", "missing"),
  notApplicable: msg("không phát sinh/không áp dụng", "not applicable"),
  invalid: msg("không đọc được", "unparsable"),
};

async function cmdExport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { json: "switch", csv: "switch", lang: "value", "template-file": "value", help: "switch" });
  const lang = langOf(args);
  const [file, ...extra] = args.positional;
  if (!file || extra.length > 0)
    throw new UserError(msg("Cần đúng một tệp: cchc export TỆP.xlsx", "Exactly one file is needed: cchc export FILE.xlsx"));
  const registry = registryWith(args, io);
  const wb = readCchcFile(readWorkbookFile(path.resolve(io.cwd, file), file), file, registry);
  // Refuses what cannot be trusted (a CT_ name moved to another row would export another row's figure); its findings are not shown.
  validateWorkbook(wb, { counting: true });
  const rows = exportValues(wb.template, wb.cells);
  if (args.switches.has("json")) {
    io.stdout(
      `${JSON.stringify({ file, template: wb.template.id, templateVersion: wb.template.version, period: wb.meta.period, unit: wb.unit.name, sheet: wb.sheetName, values: rows }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  if (args.switches.has("csv")) {
    const header = csvLine(["code", "stt", "name", "unit", "cell", "status", "value", "outOf", "text", "raw", "reason"]);
    const lines = rows.map((r) =>
      csvLine([r.code, r.stt, r.name, r.unit, `${wb.sheetName}!${r.cell}`, r.status, r.value, r.outOf, r.text, r.raw, r.reason?.[lang]]),
    );
    // The byte-order mark lets Excel open the UTF-8 file with Vietnamese letters intact.
    io.stdout(`\ufeff${[header, ...lines].join("\r\n")}\r\n`);
    return EXIT.ok;
  }
  io.stdout(`${file}: ${wb.template.id}, ${wb.meta.periodLabel ?? wb.meta.period}, ${wb.unit.name}\n`);
  for (const r of rows) {
    const shown =
      r.status === "value"
        ? formatNumber(r.value!) + (r.outOf !== undefined ? `/${formatNumber(r.outOf)}` : "")
        : r.status === "text"
          ? r.text
          : r.status === "invalid"
            ? quoted(r.raw ?? "")
            : "";
    const reason = r.reason ? ` — ${r.reason[lang]}` : "";
    io.stdout(`${wb.sheetName}!${r.cell}\t${r.code}\t${STATUS_LABELS[r.status][lang]}\t${shown ?? ""}${reason}\n`);
  }
  return EXIT.ok;
}

const SEVERITY_NAME = { error: msg("Lỗi", "Error"), warning: msg("Cảnh báo", "Warning"), info: msg("Thông tin", "Info") };

async function cmdCheck(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { json: "switch", lang: "value", "template-file": "value", previous: "value", help: "switch" });
  const lang = langOf(args);
  const [file, ...extra] = args.positional;
  if (!file || extra.length > 0)
    throw new UserError(msg("Cần đúng một tệp: cchc check TỆP.xlsx", "Exactly one file is needed: cchc check FILE.xlsx"));
  const registry = registryWith(args, io);
  // Our own workbook, or a form retyped by hand (findings by row; how it was read; exit 1 when it is to be reviewed).
  const wb = await checkFile(readWorkbookFile(path.resolve(io.cwd, file), file), file, registry);
  const { findings: located, counts, filled } = wb;
  const errors = counts.error;
  const exit = errors > 0 || wb.review ? EXIT.findings : EXIT.ok;
  const previousFile = args.values.get("previous");
  const previous = previousFile ? await readPrevious(previousFile, io, registry, wb.template) : undefined;
  const overPeriods = previous
    ? locate(
        wb.template,
        wb.sheetName,
        wb.cells,
        compareWithPrevious(wb.template, { period: wb.period, values: sheetFigures(parseSheet(wb.template, wb.cells)) }, previous),
      )
    : [];
  if (args.switches.has("json")) {
    const how = wb.readAs === "retyped" ? { readAs: wb.readAs, review: wb.review?.[lang], notes: wb.notes.map((n) => n[lang]) } : {};
    const report = {
      file,
      template: wb.templateId,
      form: formName(wb.template),
      period: wb.period,
      unit: wb.unitName,
      errors,
      blank: filled.blank,
      indicators: filled.total,
      ...how,
      findings: located,
      ...(previous ? { previous: { file: previous.file, period: previous.period, findings: overPeriods } } : {}),
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return exit;
  }
  io.stdout(
    `${file}: ${formName(wb.template)}, ${wb.periodLabel}, ${wb.unitName || msg("(chưa ghi tên đơn vị)", "(no unit name)")[lang]}\n`,
  );
  for (const note of wb.notes) io.stdout(`  ${note[lang]}\n`);
  const blanks = blanksText(filled)[lang];
  const verdict =
    errors > 0
      ? msg(`Chưa sẵn sàng gửi: ${errors} lỗi cần sửa`, `Not ready to send: ${errors} error${errors === 1 ? "" : "s"} to fix`)
      : filled.blank > 0 || wb.review
        ? msg("Chưa sẵn sàng gửi", "Not ready to send")
        : msg("Không có lỗi: sẵn sàng gửi", "No errors: ready to send");
  io.stdout(verdict[lang]);
  io.stdout(`${filled.blank > 0 ? `; ${blanks}` : ""}.\n`);
  const counted = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => `${SEVERITY_LABELS[s][lang]} ${counts[s]}`);
  if (counted.length > 0) io.stdout(`${counted.join(", ")}; ${msg("theo thứ tự trên trang", "in sheet order")[lang]}:\n`);
  for (const f of located) {
    io.stdout(`  ${SEVERITY_NAME[f.severity][lang]}  ${f.cell}  ${f.stt ? `STT ${f.stt}  ` : ""}${f.name}\n    ${f.message[lang]}\n`);
  }
  if (previous) {
    const label = parsePeriod(previous.period).label[lang];
    io.stdout(comparedWithPrevious(label, previous.file, overPeriods.length)[lang]);
    for (const f of overPeriods) io.stdout(`  ${f.cell}  ${f.stt ? `STT ${f.stt}  ` : ""}${f.name}\n    ${f.message[lang]}\n`);
  }
  return exit;
}

const COMMANDS: Record<string, (argv: string[], io: CliIo) => number | Promise<number>> = {
  templates: cmdTemplates,
  new: cmdNew,
  export: cmdExport,
  check: cmdCheck,
  // The merge's modules load only for a merge.
  merge: async (argv, io) => (await import("./merge")).cmdMerge(argv, io),
};

/** The start of a line saying that the command failed. */
const FAILED = msg("Lỗi", "Error");

export async function runCli(argv: readonly string[], terminal: CliIo): Promise<number> {
  const io = printableIo(terminal);
  useNodeInflater();
  const lang = requestedLang(argv);
  const [command, ...rest] = argv;
  const help = helpRequest(argv);
  if (help) {
    io.stdout(help.text);
    return help.code;
  }
  if (command === "--version") {
    io.stdout(`${generatorVersion()}\n`);
    return EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`${FAILED[lang]}: ${msg(`không có lệnh "${command}"; xem cchc --help`, `no command "${command}"; see cchc --help`)[lang]}\n`);
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`${FAILED[lang]}: ${e.userMessage[lang]}\n`);
      return EXIT.usage;
    }
    // A file-system error that no command turned into a message still names its path, never a raw code.
    const errno = e as NodeJS.ErrnoException;
    if (typeof errno?.code === "string" && /^E[A-Z]+$/.test(errno.code)) {
      const reading = ["open", "read", "stat", "lstat", "scandir", "opendir"].includes(errno.syscall ?? "");
      io.stderr(`${FAILED[lang]}: ${osErrorMessage(e, errno.path ?? "", reading ? "read" : "write")[lang]}\n`);
      return EXIT.usage;
    }
    const detail = process.env.CCHC_DEBUG ? `\n${(e as Error).stack}` : "";
    io.stderr(
      msg(
        `Lỗi ngoài dự kiến: ${(e as Error).message}. Hãy gửi lệnh đã chạy và tệp cho nhóm phát triển (đặt CCHC_DEBUG=1 để xem chi tiết).${detail}\n`,
        `Unexpected error: ${(e as Error).message}. Please send the command and the file to the developers (set CCHC_DEBUG=1 for details).${detail}\n`,
      )[lang],
    );
    return EXIT.internal;
  }
}
