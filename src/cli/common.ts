// What every command shares: the I/O it is given, exit codes, the language, reading input files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { isOfficeLockFile, lockFileNote } from "../domain/lockFile";
import { parseRoster } from "../domain/merge/units";
import { Lang, msg, UserError } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { UNIT_LEVELS, UnitLevel } from "../domain/template/kinds";
import { Template } from "../domain/template/schema";
import { decodeTextFile, SAVE_ROSTER } from "../domain/textFile";
import { builtInRegistry } from "../templates";
import { MAX_SUBMISSION_BYTES } from "../xlsx/fileGuard";
import { ParsedArgs } from "./args";
import { checkOutputPath, readRegularFile } from "./files";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** ISO timestamp for the workbook metadata. */
  now: () => string;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** Control characters (a terminal's escape sequences among them) and bidi overrides in a file's text, shown as "�". */
// eslint-disable-next-line no-control-regex -- control characters are what is replaced
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The I/O with what received files say made harmless for a terminal: no text from a file moves the cursor or runs a command. */
export function printableIo(io: CliIo): CliIo {
  const clean = (text: string) => text.replace(UNPRINTABLE, "\ufffd");
  return { ...io, stdout: (t) => io.stdout(clean(t)), stderr: (t) => io.stderr(clean(t)) };
}

export function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Text inputs (a template's JSON, a roster) are far smaller than this. */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;

/** An input file's bytes (a regular file, at most `limit` bytes), or a UserError that names it and says what to do. */
export function readFileOrFail(file: string, shown = file, limit = MAX_SUBMISSION_BYTES): Buffer {
  return readRegularFile(file, shown, limit);
}

/** A workbook named on the command line: Excel's `~$` lock file beside it is not one. */
export function readWorkbookFile(file: string, shown: string): Buffer {
  if (isOfficeLockFile(file)) throw new UserError(lockFileNote(shown));
  return readFileOrFail(file, shown);
}

/** A text file as text, whatever Notepad or Excel saved it as (BOM, UTF-16); binary files are refused. */
export function readTextFile(file: string, shown: string, howToSave?: Parameters<typeof decodeTextFile>[2]): string {
  const decoded = decodeTextFile(readFileOrFail(file, shown, MAX_TEXT_BYTES), shown, howToSave);
  if (!decoded.ok) throw new UserError(decoded.problem);
  return decoded.text;
}

/** The units of a roster file (`merge --roster`, `new --roster`); a roster without a name is refused. */
export function readRoster(io: CliIo, file: string): string[] {
  const names = parseRoster(readTextFile(path.resolve(io.cwd, file), file, SAVE_ROSTER));
  if (names.length === 0) {
    throw new UserError(
      msg(
        `${file}: danh sách đơn vị không có tên nào; hãy ghi mỗi dòng một tên đơn vị, hoặc dùng tệp CSV có cột "Tên đơn vị"`,
        `${file}: the roster holds no names; write one unit name per line, or use a CSV file with a "Tên đơn vị" column`,
      ),
    );
  }
  return names;
}

/** Loads a user's template file into the registry, reporting every problem by path. */
export function addTemplateFile(registry: TemplateRegistry, file: string, shownName = file): Template {
  const text = readTextFile(file, shownName, msg("hãy lưu lại tệp JSON dạng UTF-8", "save the JSON file again as UTF-8"));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(
      msg(
        `${shownName}: không phải JSON hợp lệ (${(e as Error).message}); sửa tệp theo thông báo hoặc lấy lại bản gốc`,
        `${shownName}: not valid JSON (${(e as Error).message}); fix the file where the message says, or take the original again`,
      ),
    );
  }
  // A file that reuses a built-in id would shadow that form: say what to change.
  const id = raw !== null && typeof raw === "object" && "id" in raw ? raw.id : undefined;
  if (typeof id === "string" && registry.has(id)) {
    throw new UserError(
      msg(
        `${shownName}: đã có biểu mẫu mã "${id}"; hãy đổi "id" trong tệp thành một mã khác (ví dụ "${id}-rieng")`,
        `${shownName}: a template with id "${id}" already exists; change the file's "id" to another code (e.g. "${id}-rieng")`,
      ),
    );
  }
  // The validator (zod) loads only for a user's template file, not at every start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addTemplate } = require("../domain/template/load") as typeof import("../domain/template/load");
  return addTemplate(registry, raw, shownName);
}

export function registryWith(args: ParsedArgs, io: CliIo): TemplateRegistry {
  const registry = builtInRegistry();
  const file = args.values.get("template-file");
  if (file) addTemplateFile(registry, path.resolve(io.cwd, file));
  return registry;
}

export function langOf(args: ParsedArgs): Lang {
  const lang = args.values.get("lang") ?? "vi";
  if (lang !== "vi" && lang !== "en")
    throw new UserError(msg(`Ngôn ngữ "${lang}" không có; dùng vi hoặc en`, `No language "${lang}"; use vi or en`));
  return lang;
}

/** The --level option, checked; undefined when absent. */
export function levelOf(args: ParsedArgs): UnitLevel | undefined {
  const level = args.values.get("level");
  if (level !== undefined && !(UNIT_LEVELS as readonly string[]).includes(level)) {
    throw new UserError(
      msg(
        `Cấp "${level}" không hợp lệ; dùng một trong: ${UNIT_LEVELS.join(", ")}`,
        `Invalid level "${level}"; use one of: ${UNIT_LEVELS.join(", ")}`,
      ),
    );
  }
  return level as UnitLevel | undefined;
}

/** An output file is never overwritten without --force. */
export function refuseOverwrite(out: string, args: ParsedArgs): void {
  checkOutputPath(out, out, args.switches.has("force"));
}
