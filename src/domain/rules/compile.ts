// Compiles the checks into plain spreadsheet formulas (Excel 2010+ and LibreOffice: no LET, LAMBDA
// or dynamic arrays), so a unit without the add-in sees the same problems in its sheet. Each check
// mirrors one finding of the TypeScript engine (engine.ts); formula integrity cannot be seen by a
// formula in Excel 2010 and stays with the add-in and `cchc check`.
import { Template } from "../template/schema";
import { definedNameFor } from "../workbookContract";
import { toSpreadsheetFormula } from "./expression";
import { CheckContext, ruleApplies, SMALL_RATE } from "./engine";
import { allRules } from "./derive";
import { Rule, Severity } from "./model";

export interface CompiledCheck {
  /** The indicator whose row shows the check. */
  target: string;
  severity: Severity;
  /** A formula (without "=") that is TRUE when the check is violated, FALSE otherwise, never an error. */
  violated: string;
  /** Short Vietnamese text for the check column. */
  text: string;
}

/** Excel refuses string literals longer than 255 characters. */
function literal(text: string): string {
  const clipped = text.length > 200 ? `${text.slice(0, 199)}…` : text;
  return `"${clipped.replace(/"/g, '""')}"`;
}

/** Text other than "-" where a number belongs (mirrors isTextEntry). */
function textEntry(name: string): string {
  return `AND(ISTEXT(${name}),TRIM(${name})<>"-",TRIM(${name})<>"")`;
}

function compileRule(rule: Rule): CompiledCheck {
  const names = rule.codes.map(definedNameFor);
  const tolerance = { tolerance: rule.tolerance, blankRef: definedNameFor };
  let violated: string;
  if (rule.missing === "skipIfAnyMissing") {
    const holds = toSpreadsheetFormula(rule.expression, definedNameFor, tolerance);
    violated = `AND(${names.map((n) => `ISNUMBER(${n})`).join(",")},IFERROR(NOT(${holds}),FALSE))`;
  } else {
    // Missing values count as 0: N() turns blanks, "-" and text into 0.
    const holds = toSpreadsheetFormula(rule.expression, (c) => `N(${definedNameFor(c)})`, tolerance);
    const guards = [`NOT(OR(${names.map(textEntry).join(",")}))`];
    if (rule.missing === "skipIfAllMissing") guards.push(`OR(${names.map((n) => `ISNUMBER(${n})`).join(",")})`);
    violated = `AND(${guards.join(",")},IFERROR(NOT(${holds}),FALSE))`;
  }
  return { target: rule.target, severity: rule.severity, violated, text: rule.message.vi };
}

/** The check column's formula for one row: the texts of the violated checks, one after another. */
export function checkColumnFormula(checks: readonly CompiledCheck[]): string {
  if (checks.length === 0) return '""';
  return `TRIM(${checks.map((c) => `IF(${c.violated},${literal(`• ${c.text} `)},"")`).join("&")})`;
}

/** A row's count of violated checks of one severity. */
export function checkCountFormula(checks: readonly CompiledCheck[], severity: Severity): string {
  const own = checks.filter((c) => c.severity === severity);
  return own.length === 0 ? "0" : own.map((c) => `IF(${c.violated},1,0)`).join("+");
}

/** Every check of a sheet for the given level and period, as spreadsheet formulas. */
export function compileChecks(template: Template, ctx: CheckContext = {}): CompiledCheck[] {
  const checks: CompiledCheck[] = [];
  for (const ind of template.indicators) {
    if (ind.kind === "header" || ind.kind === "text") continue;
    const x = definedNameFor(ind.code);
    const add = (severity: Severity, violated: string, text: string) => checks.push({ target: ind.code, severity, violated, text });
    if (ind.compute && "rate" in ind.compute) add("info", `AND(ISTEXT(${x}),TRIM(${x})="-")`, "Mẫu số bằng 0: tỷ lệ không áp dụng");
    add("error", textEntry(x), "Ô có chữ thay vì một con số");
    // IF, not AND: spreadsheets evaluate every AND argument, and INT("abc") is #VALUE!.
    const ifNumber = (condition: string) => `IF(ISNUMBER(${x}),${condition},FALSE)`;
    // A computed cell is checked through its parts and the rule about it (engine.ts checkValues).
    if (ind.compute) continue;
    if (ind.kind === "count") add("error", ifNumber(`OR(${x}<0,${x}<>INT(${x}))`), "Số đếm phải là số nguyên không âm");
    if (ind.kind === "amount") add("error", ifNumber(`${x}<0`), "Số tiền không được âm");
    if (ind.kind === "percent") add("error", ifNumber(`OR(${x}<0,${x}>100)`), "Tỷ lệ phải từ 0 đến 100");
    if (ind.kind === "percent")
      add("warning", ifNumber(`AND(${x}>0,${x}<=${SMALL_RATE})`), "Tỷ lệ ghi theo phần trăm: 100 % ghi 100, không ghi 1");
    if (ind.kind === "choice") {
      const options = ind.options ?? [];
      add(
        "error",
        ifNumber(`AND(${options.map((o) => `${x}<>${o.value}`).join(",")})`),
        `Chỉ nhập một mã: ${options.map((o) => `${o.label} = ${o.value}`).join("; ")}`,
      );
    }
  }
  for (const rule of allRules(template)) if (ruleApplies(rule, ctx)) checks.push(compileRule(rule));
  return checks;
}
