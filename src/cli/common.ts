// What every command shares: the I/O it is given, exit codes, the language, reading input files.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseRoster } from "../domain/merge/units";
import { Lang, msg, UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { Template, UNIT_LEVELS, UnitLevel } from "../domain/template/schema";
import { builtInRegistry } from "../templates";
import { ParsedArgs } from "./args";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** ISO timestamp for the workbook metadata. */
  now: () => string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function readFileOrFail(file: string): Buffer {
  if (!existsSync(file)) throw new UserError(msg(`${file}: không tìm thấy tệp`, `${file}: file not found`));
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UserError(msg(`${file}: không đọc được tệp (${(e as Error).message})`, `${file}: cannot read the file (${(e as Error).message})`));
  }
}

/** The units of a roster file (`merge --roster`, `new --roster`); a roster without a name is refused. */
export function readRoster(io: CliIo, file: string): string[] {
  const names = parseRoster(readFileOrFail(path.resolve(io.cwd, file)).toString("utf8"));
  if (names.length === 0) {
    throw new UserError(msg(`${file}: danh sách đơn vị không có tên nào (mỗi dòng một tên, hoặc CSV có cột "Tên đơn vị")`,
      `${file}: the roster holds no names (one name per line, or CSV with a "Tên đơn vị" column)`));
  }
  return names;
}

/** Loads a user's template file into the registry, reporting every problem by path. */
export function addTemplateFile(registry: TemplateRegistry, file: string, shownName = file): Template {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileOrFail(file).toString("utf8"));
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(msg(`${shownName}: không phải JSON hợp lệ (${(e as Error).message})`, `${shownName}: not valid JSON (${(e as Error).message})`));
  }
  return registry.add(raw, shownName);
}

export function registryWith(args: ParsedArgs, io: CliIo): TemplateRegistry {
  const registry = builtInRegistry();
  const file = args.values.get("template-file");
  if (file) addTemplateFile(registry, path.resolve(io.cwd, file));
  return registry;
}

export function langOf(args: ParsedArgs): Lang {
  const lang = args.values.get("lang") ?? "vi";
  if (lang !== "vi" && lang !== "en") throw new UserError(msg(`Ngôn ngữ "${lang}" không có; dùng vi hoặc en`, `No language "${lang}"; use vi or en`));
  return lang;
}

/** The --level option, checked; undefined when absent. */
export function levelOf(args: ParsedArgs): UnitLevel | undefined {
  const level = args.values.get("level");
  if (level !== undefined && !(UNIT_LEVELS as readonly string[]).includes(level)) {
    throw new UserError(msg(`Cấp "${level}" không hợp lệ; dùng một trong: ${UNIT_LEVELS.join(", ")}`,
      `Invalid level "${level}"; use one of: ${UNIT_LEVELS.join(", ")}`));
  }
  return level as UnitLevel | undefined;
}

/** An output file is never overwritten without --force. */
export function refuseOverwrite(out: string, args: ParsedArgs): void {
  if (existsSync(out) && !args.switches.has("force")) {
    throw new UserError(msg(`${out}: tệp đã có; chọn tên khác bằng --out hoặc thêm --force để ghi đè`,
      `${out}: the file exists; choose another name with --out or add --force to overwrite it`));
  }
}
