// Runs the checks over a parsed sheet: what each value must be on its own (kind checks), and the
// rules relating values to each other. Pure and fast enough to run on every edit.
import { isTextEntry, SheetValue, sheetNumber } from "../export";
import { msg } from "../messages";
import { PeriodType, Template, UnitLevel } from "../template/schema";
import { formatNumber, MAX_FIGURE } from "../values";
import { compare, evaluate, Expr, formatExpression } from "./expression";
import { Finding, Rule } from "./model";

export interface CheckContext {
  level?: UnitLevel;
  periodType?: PeriodType;
}

/**
 * Checks each value against its indicator's kind, as the sheet sees it: text where a number belongs
 * is one error (formulas ignore it, even "1.755"), numbers are checked against the kind.
 */
export function checkValues(template: Template, values: ReadonlyMap<string, SheetValue>): Finding[] {
  const findings: Finding[] = [];
  const add = (ruleId: string, severity: Finding["severity"], code: string, message: Finding["message"]) =>
    findings.push({ ruleId, severity, codes: [code], message });
  for (const ind of template.indicators) {
    const v = values.get(ind.code);
    if (!v || ind.kind === "text") continue;
    const p = v.parsed;
    if (ind.compute && "rate" in ind.compute && p.status === "notApplicable") {
      add("rate:notApplicable", "info", ind.code,
        msg(`Chỉ tiêu ${ind.code}: mẫu số ${ind.compute.rate.denominator} bằng 0 nên tỷ lệ là "không áp dụng"`,
          `Indicator ${ind.code}: the denominator ${ind.compute.rate.denominator} is 0, so the rate is "not applicable"`));
    }
    if (isTextEntry(v)) {
      if (p.status === "invalid") add("value:unparsable", "error", ind.code, p.reason);
      else {
        const shown = typeof v.shown === "string" ? v.shown.trim() : "";
        add("value:text", "error", ind.code,
          msg(`Chỉ tiêu ${ind.code}: "${shown}" được nhập dạng văn bản nên công thức của biểu bỏ qua; nhập một con số (định dạng ô là Số)`,
            `Indicator ${ind.code}: "${shown}" was typed as text, so the sheet's formulas ignore it; type one number (cell formatted as Number)`));
      }
      continue;
    }
    const x = sheetNumber(v);
    if (p.status === "invalid") {
      add("value:unparsable", "error", ind.code, p.reason);
      continue;
    }
    if (x === undefined) continue;
    const shown = () => formatNumber(x, ind.kind === "percent" ? 2 : 6);
    if (Math.abs(x) > MAX_FIGURE) {
      add("value:tooLarge", "error", ind.code,
        msg(`Chỉ tiêu ${ind.code}: ${shown()} quá lớn (quá 15 chữ số), không phải số liệu thật; kiểm tra lại`,
          `Indicator ${ind.code}: ${shown()} is too large (over 15 digits) to be a real figure; check it`));
      continue;
    }
    if (ind.kind === "count" && (x < 0 || !Number.isInteger(x))) {
      add("value:count", "error", ind.code,
        msg(`Chỉ tiêu ${ind.code}: số đếm phải là số nguyên không âm (đang là ${shown()})`, `Indicator ${ind.code}: a count must be a whole number ≥ 0 (found ${shown()})`));
    }
    if (ind.kind === "amount" && x < 0) {
      add("value:amount", "error", ind.code,
        msg(`Chỉ tiêu ${ind.code}: số tiền không được âm (đang là ${shown()})`, `Indicator ${ind.code}: an amount cannot be negative (found ${shown()})`));
    }
    if (ind.kind === "percent" && (x < 0 || x > 100)) {
      add("value:percent", "error", ind.code,
        msg(`Chỉ tiêu ${ind.code}: tỷ lệ phải từ 0 đến 100 (đang là ${shown()})`, `Indicator ${ind.code}: a rate must be between 0 and 100 (found ${shown()})`));
    }
  }
  return findings;
}

/** Whether a rule is meant for this unit level and period type. */
export function ruleApplies(rule: Rule, ctx: CheckContext): boolean {
  if (rule.levels && ctx.level && !rule.levels.includes(ctx.level)) return false;
  if (rule.periods && ctx.periodType && !rule.periods.includes(ctx.periodType)) return false;
  return true;
}

function describe(e: Expr, value: number): string {
  const text = formatExpression(e);
  const shown = formatNumber(value, 2);
  return e.kind === "number" ? shown : `${text} = ${shown}`;
}

/** Evaluates one rule; undefined when it holds or cannot be evaluated. */
export function evaluateRule(rule: Rule, values: ReadonlyMap<string, SheetValue>): Finding | undefined {
  const codes = rule.codes;
  // Text in a number cell is reported on its own; a rule over it would only add noise.
  if (codes.some((c) => isTextEntry(values.get(c)))) return undefined;
  const present = codes.filter((c) => sheetNumber(values.get(c)) !== undefined);
  if (rule.missing === "skipIfAnyMissing" && present.length < codes.length) return undefined;
  if (rule.missing === "skipIfAllMissing" && present.length === 0) return undefined;
  const lookup = (code: string) => sheetNumber(values.get(code)) ?? 0;
  // Blank as the sheet's `x=""` sees it: an empty cell (not "-", not 0).
  const blank = (code: string) => {
    const shown = values.get(code)?.shown;
    return shown === null || shown === undefined || shown === "";
  };
  const left = evaluate(rule.expression.left, lookup, blank);
  const right = evaluate(rule.expression.right, lookup, blank);
  if (left === undefined || right === undefined) return undefined;
  if (compare(rule.expression.op, left, right, rule.tolerance)) return undefined;
  const detail = `${describe(rule.expression.left, left)}; ${describe(rule.expression.right, right)}`;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    codes: [rule.target, ...codes.filter((c) => c !== rule.target)],
    message: msg(`${rule.message.vi} (${detail})`, `${rule.message.en} (${detail})`),
    left,
    right,
  };
}

export function runRules(rules: readonly Rule[], values: ReadonlyMap<string, SheetValue>, ctx: CheckContext = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!ruleApplies(rule, ctx)) continue;
    const f = evaluateRule(rule, values);
    if (f) findings.push(f);
  }
  return findings;
}
