// Runs the checks over a parsed sheet: what each value must be on its own (kind checks), and the
// rules relating values to each other. Pure and fast enough to run on every edit.
import { SheetValue } from "../export";
import { msg } from "../messages";
import { PeriodType, Template, UnitLevel } from "../template/schema";
import { formatNumber } from "../values";
import { compare, evaluate, Expr, formatExpression, referencedCodes } from "./expression";
import { Finding, Rule } from "./model";

export interface CheckContext {
  level?: UnitLevel;
  periodType?: PeriodType;
}

function numberOf(v: SheetValue | undefined): number | undefined {
  return v?.parsed.status === "value" ? v.parsed.value : undefined;
}

/** Checks each value against its indicator's kind. */
export function checkValues(template: Template, values: ReadonlyMap<string, SheetValue>): Finding[] {
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, "codes"> & { code: string }) => {
    const { code, ...rest } = f;
    findings.push({ ...rest, codes: [code] });
  };
  for (const ind of template.indicators) {
    const v = values.get(ind.code);
    if (!v) continue;
    const p = v.parsed;
    if (p.status === "invalid") {
      add({ ruleId: "value:unparsable", severity: "error", code: ind.code, message: p.reason });
      continue;
    }
    if (v.typedAsText) {
      add({
        ruleId: "value:text", severity: "warning", code: ind.code,
        message: msg(`Chỉ tiêu ${ind.code}: số được nhập dạng văn bản nên công thức của biểu bỏ qua; định dạng ô là Số và nhập lại`,
          `Indicator ${ind.code}: the number was typed as text, so the sheet's formulas ignore it; format the cell as Number and type it again`),
      });
    }
    if (p.status === "notApplicable" && ind.compute && "rate" in ind.compute && v.computed) {
      add({
        ruleId: "rate:notApplicable", severity: "info", code: ind.code,
        message: msg(`Chỉ tiêu ${ind.code}: mẫu số ${ind.compute.rate.denominator} bằng 0 nên tỷ lệ là "không áp dụng"`,
          `Indicator ${ind.code}: the denominator ${ind.compute.rate.denominator} is 0, so the rate is "not applicable"`),
      });
    }
    if (p.status !== "value") continue;
    const x = p.value;
    const shown = formatNumber(x, 6);
    if (ind.kind === "count" && (x < 0 || !Number.isInteger(x))) {
      add({ ruleId: "value:count", severity: "error", code: ind.code,
        message: msg(`Chỉ tiêu ${ind.code}: số đếm phải là số nguyên không âm (đang là ${shown})`, `Indicator ${ind.code}: a count must be a whole number ≥ 0 (found ${shown})`) });
    }
    if (ind.kind === "amount" && x < 0) {
      add({ ruleId: "value:amount", severity: "error", code: ind.code,
        message: msg(`Chỉ tiêu ${ind.code}: số tiền không được âm (đang là ${shown})`, `Indicator ${ind.code}: an amount cannot be negative (found ${shown})`) });
    }
    if (ind.kind === "percent" && (x < 0 || x > 100)) {
      add({ ruleId: "value:percent", severity: "error", code: ind.code,
        message: msg(`Chỉ tiêu ${ind.code}: tỷ lệ phải từ 0 đến 100 (đang là ${shown})`, `Indicator ${ind.code}: a rate must be between 0 and 100 (found ${shown})`) });
    }
    if (p.outOf !== undefined) {
      add({ ruleId: "value:outOf", severity: "warning", code: ind.code,
        message: msg(`Chỉ tiêu ${ind.code}: giá trị viết dạng ${formatNumber(x)}/${formatNumber(p.outOf)}; biểu chỉ lấy ${formatNumber(x)}, hãy nhập một con số`,
          `Indicator ${ind.code}: the value is written as ${formatNumber(x)}/${formatNumber(p.outOf)}; the sheet takes ${formatNumber(x)}, type one figure`) });
    }
  }
  return findings;
}

function applies(rule: Rule, ctx: CheckContext): boolean {
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
  const codes = referencedCodes(rule.expression);
  // A value that could not be read is reported on its own; a rule over it would only add noise.
  if (codes.some((c) => values.get(c)?.parsed.status === "invalid")) return undefined;
  const present = codes.filter((c) => numberOf(values.get(c)) !== undefined);
  if (rule.missing === "skipIfAnyMissing" && present.length < codes.length) return undefined;
  if (rule.missing === "skipIfAllMissing" && present.length === 0) return undefined;
  const lookup = (code: string) => numberOf(values.get(code)) ?? 0;
  const left = evaluate(rule.expression.left, lookup);
  const right = evaluate(rule.expression.right, lookup);
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
    if (!applies(rule, ctx)) continue;
    const f = evaluateRule(rule, values);
    if (f) findings.push(f);
  }
  return findings;
}
