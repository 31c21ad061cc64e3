// The `cchc` command-line tool: the same core as the add-in, for batch work and machines without Excel.
import path from "node:path";
import { csvLine } from "../domain/csv";
import { exportValues, ExportedValue } from "../domain/export";
import { Lang, msg, UserError } from "../domain/messages";
import { parsePeriod, PERIOD_TYPE_LABELS } from "../domain/period";
import { SEVERITY_ORDER } from "../domain/rules/check";
import { SEVERITY_LABELS } from "../domain/rules/report";
import { validateWorkbook } from "../domain/trust";
import { buildSheetPlan, UNIT_LEVEL_LABELS } from "../domain/sheet/build";
import { TemplateRegistry } from "../domain/template/registry";
import { formatNumber } from "../domain/values";
import { builtInRegistry } from "../templates";
import { readCchcWorkbook } from "../xlsx/readWorkbook";
import { planToBuffer } from "../xlsx/renderPlan";
import { parseArgs, required } from "./args";
import { addTemplateFile, CliIo, EXIT, generatorVersion, langOf, levelOf, readWorkbookFile, refuseOverwrite, registryWith } from "./common";
import { osErrorMessage, writeFileSafely } from "./files";
import { HELP } from "./help";
import { cmdMerge } from "./merge";

export type { CliIo };
export { EXIT, generatorVersion };

function cmdTemplates(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { json: "switch", check: "value", lang: "value", help: "switch" });
  const lang = langOf(args);
  const check = args.values.get("check");
  if (check) {
    // A registry of its own, so that checking a copy of a built-in template is not refused for its id.
    const template = addTemplateFile(new TemplateRegistry([]), path.resolve(io.cwd, check), check);
    io.stdout(lang === "vi" ? `${check}: biểu mẫu hợp lệ (${template.id}, ${template.indicators.length} dòng)\n`
      : `${check}: valid template (${template.id}, ${template.indicators.length} rows)\n`);
    return EXIT.ok;
  }
  const list = builtInRegistry().list().map((t) => ({
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
      lang === "vi"
        ? `${t.id} (phiên bản ${t.version})\n  ${t.title}\n  Tỉnh: ${t.province}; văn bản: ${t.issuingDocument.number}\n  Cấp: ${levels}\n  Kỳ: ${t.periods.map((p) => PERIOD_TYPE_LABELS[p].vi).join(", ")}; ${t.indicators} chỉ tiêu\n`
        : `${t.id} (version ${t.version})\n  ${t.title}\n  Province: ${t.province}; document: ${t.issuingDocument.number}\n  Levels: ${levels}\n  Periods: ${t.periods.map((p) => PERIOD_TYPE_LABELS[p].en).join(", ")}; ${t.indicators} indicators\n`,
    );
  }
  return EXIT.ok;
}

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

async function cmdNew(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    template: "value", "template-file": "value", period: "value", unit: "value", level: "value",
    superior: "value", out: "value", force: "switch", lang: "value", help: "switch",
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
    throw new UserError(msg(`Biểu mẫu ${template.id} dùng cho nhiều cấp; chọn --level: ${options}`,
      `Template ${template.id} is for several levels; choose --level: ${optionsEn}`));
  }
  const level = levelArg ?? template.levels[0];
  const period = parsePeriod(required(args, "period"), template.dueDay);
  const plan = buildSheetPlan({
    template,
    period,
    unit: { name: unitName, level, superiorName: args.values.get("superior") },
    generatorVersion: generatorVersion(),
    createdAt: io.now(),
  });
  const out = path.resolve(io.cwd, args.values.get("out") ?? `${template.id}_${period.code}${unitName ? `_${slug(unitName)}` : ""}.xlsx`);
  refuseOverwrite(out, args);
  writeFileSafely(out, out, await planToBuffer(plan));
  io.stdout(
    lang === "vi"
      ? `Đã tạo ${out}\n  ${template.title} — ${period.label.vi}, ${unitName || "biểu trống, đơn vị tự ghi tên"} (${UNIT_LEVEL_LABELS[level].vi})\n  ${plan.indicatorCells.length} chỉ tiêu; hạn nộp ${String(period.due.day).padStart(2, "0")}/${String(period.due.month).padStart(2, "0")}/${period.due.year}\n`
      : `Wrote ${out}\n  ${template.title} — ${period.label.en}, ${unitName || "blank form, each unit types its name"} (${UNIT_LEVEL_LABELS[level].en})\n  ${plan.indicatorCells.length} indicators; due ${String(period.due.day).padStart(2, "0")}/${String(period.due.month).padStart(2, "0")}/${period.due.year}\n`,
  );
  return EXIT.ok;
}

const STATUS_LABELS: Record<ExportedValue["status"], { vi: string; en: string }> = {
  value: { vi: "có số liệu", en: "value" },
  text: { vi: "văn bản", en: "text" },
  missing: { vi: "chưa nhập", en: "missing" },
  notApplicable: { vi: "không phát sinh/không áp dụng", en: "not applicable" },
  invalid: { vi: "không đọc được", en: "unparsable" },
};

async function cmdExport(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { json: "switch", csv: "switch", lang: "value", "template-file": "value", help: "switch" });
  const lang = langOf(args);
  const [file, ...extra] = args.positional;
  if (!file || extra.length > 0) throw new UserError(msg("Cần đúng một tệp: cchc export TỆP.xlsx", "Exactly one file is needed: cchc export FILE.xlsx"));
  const registry = registryWith(args, io);
  const wb = await readCchcWorkbook(readWorkbookFile(path.resolve(io.cwd, file), file), file, registry);
  validateWorkbook(wb); // a CT_ name moved to another row would export another row's figure
  const rows = exportValues(wb.template, wb.cells);
  if (args.switches.has("json")) {
    io.stdout(`${JSON.stringify({ file, template: wb.template.id, templateVersion: wb.template.version, period: wb.meta.period, unit: wb.unit.name, sheet: wb.sheetName, values: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (args.switches.has("csv")) {
    const header = csvLine(["code", "stt", "name", "unit", "cell", "status", "value", "outOf", "text", "raw", "reason"]);
    const lines = rows.map((r) => csvLine([r.code, r.stt, r.name, r.unit, `${wb.sheetName}!${r.cell}`, r.status, r.value, r.outOf, r.text, r.raw, r.reason?.[lang]]));
    // The byte-order mark lets Excel open the UTF-8 file with Vietnamese letters intact.
    io.stdout(`\ufeff${[header, ...lines].join("\r\n")}\r\n`);
    return EXIT.ok;
  }
  io.stdout(`${file}: ${wb.template.id}, ${wb.meta.periodLabel ?? wb.meta.period}, ${wb.unit.name}\n`);
  for (const r of rows) {
    const shown = r.status === "value" ? formatNumber(r.value!) + (r.outOf !== undefined ? `/${formatNumber(r.outOf)}` : "")
      : r.status === "text" ? r.text : r.status === "invalid" ? `"${r.raw}"` : "";
    const reason = r.reason ? ` — ${r.reason[lang]}` : "";
    io.stdout(`${wb.sheetName}!${r.cell}\t${r.code}\t${STATUS_LABELS[r.status][lang]}\t${shown ?? ""}${reason}\n`);
  }
  return EXIT.ok;
}

async function cmdCheck(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { json: "switch", lang: "value", "template-file": "value", help: "switch" });
  const lang = langOf(args);
  const [file, ...extra] = args.positional;
  if (!file || extra.length > 0) throw new UserError(msg("Cần đúng một tệp: cchc check TỆP.xlsx", "Exactly one file is needed: cchc check FILE.xlsx"));
  const wb = await readCchcWorkbook(readWorkbookFile(path.resolve(io.cwd, file), file), file, registryWith(args, io));
  // The same validation as the merge: what it would flag is an error here, what it would refuse is exit 2.
  const { findings: located, counts } = validateWorkbook(wb);
  const errors = counts.error;
  if (args.switches.has("json")) {
    io.stdout(`${JSON.stringify({ file, template: wb.template.id, period: wb.meta.period, unit: wb.unit.name, errors, findings: located }, null, 2)}\n`);
    return errors > 0 ? EXIT.findings : EXIT.ok;
  }
  io.stdout(`${file}: ${wb.template.id}, ${wb.meta.periodLabel ?? wb.meta.period}, ${wb.unit.name}\n`);
  if (located.length === 0) io.stdout(lang === "vi" ? "Không phát hiện vấn đề nào: sẵn sàng gửi.\n" : "No problems found: ready to send.\n");
  for (const severity of SEVERITY_ORDER) {
    const group = located.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    io.stdout(`\n${SEVERITY_LABELS[severity][lang]} (${group.length}):\n`);
    for (const f of group) io.stdout(`  ${f.cell}  ${f.codes[0]}  STT ${f.stt || "-"}  ${f.name}\n    ${f.message[lang]}\n`);
  }
  return errors > 0 ? EXIT.findings : EXIT.ok;
}

/** The language for messages before the arguments are parsed (and when parsing them fails). */
function requestedLang(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  if (i === -1) return "vi";
  const value = argv[i].includes("=") ? argv[i].split("=")[1] : argv[i + 1];
  return value === "en" ? "en" : "vi";
}

const COMMANDS: Record<string, (argv: string[], io: CliIo) => number | Promise<number>> = {
  templates: cmdTemplates,
  new: cmdNew,
  export: cmdExport,
  check: cmdCheck,
  merge: cmdMerge,
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const lang = requestedLang(argv);
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.stdout(HELP.main[lang]);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === "--version") {
    io.stdout(`${generatorVersion()}\n`);
    return EXIT.ok;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(lang === "vi" ? `Lỗi: không có lệnh "${command}"; xem cchc --help\n` : `Error: no command "${command}"; see cchc --help\n`);
    return EXIT.usage;
  }
  if (wantsHelp) {
    io.stdout(HELP[command as keyof typeof HELP][lang]);
    return EXIT.ok;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.stderr(`${lang === "vi" ? "Lỗi" : "Error"}: ${e.userMessage[lang]}\n`);
      return EXIT.usage;
    }
    // A file-system error that no command turned into a message still names its path, never a raw code.
    const errno = e as NodeJS.ErrnoException;
    if (typeof errno?.code === "string" && /^E[A-Z]+$/.test(errno.code)) {
      const reading = ["open", "read", "stat", "lstat", "scandir", "opendir"].includes(errno.syscall ?? "");
      io.stderr(`${lang === "vi" ? "Lỗi" : "Error"}: ${osErrorMessage(e, errno.path ?? "", reading ? "read" : "write")[lang]}\n`);
      return EXIT.usage;
    }
    const detail = process.env.CCHC_DEBUG ? `\n${(e as Error).stack}` : "";
    io.stderr(
      lang === "vi"
        ? `Lỗi ngoài dự kiến: ${(e as Error).message}. Hãy gửi lệnh đã chạy và tệp cho nhóm phát triển (đặt CCHC_DEBUG=1 để xem chi tiết).${detail}\n`
        : `Unexpected error: ${(e as Error).message}. Please send the command and the file to the developers (set CCHC_DEBUG=1 for details).${detail}\n`,
    );
    return EXIT.internal;
  }
}
