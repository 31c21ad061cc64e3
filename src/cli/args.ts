// A small, strict argument parser: unknown options are an error, never silently ignored.
import { msg, UserError } from "../domain/messages";

export interface OptionSpec {
  /** Takes a value (`--out FILE`) or is a switch (`--json`). */
  [name: string]: "value" | "switch";
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  switches: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || arg === "--") {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UserError(msg(`Không có tùy chọn --${name}; xem --help`, `Unknown option --${name}; see --help`));
    if (kind === "switch") {
      parsed.switches.add(name);
      continue;
    }
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq === -1 && value.startsWith("--"))) {
      throw new UserError(msg(`Tùy chọn --${name} cần một giá trị`, `Option --${name} needs a value`));
    }
    parsed.values.set(name, value);
  }
  return parsed;
}

export function required(args: ParsedArgs, name: string): string {
  const v = args.values.get(name);
  if (v === undefined || v.trim() === "") {
    throw new UserError(msg(`Thiếu tùy chọn --${name}; xem --help`, `Missing option --${name}; see --help`));
  }
  return v;
}
