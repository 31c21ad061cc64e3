// Rules that follow from the template's structure: totals equal the sum of their parts, parts are
// not larger than their whole, computed rates equal numerator / denominator × 100.
import { msg } from "../messages";
import { Indicator, Template } from "../template/schema";
import { ComparisonOp, Expr, formatExpression, parseRuleExpression, referencedCodes, RuleExpression } from "./expression";
import { Rule } from "./model";

/** Rates typed by hand are often rounded to whole percent: accept up to one percentage point. */
export const RATE_TOLERANCE = 1;
const EXACT = 1e-9;

const ref = (code: string): Expr => ({ kind: "ref", code });
const sumOf = (codes: string[]): Expr => (codes.length === 1 ? ref(codes[0]) : { kind: "call", fn: "sum", args: codes.map(ref) });

function rule(id: string, target: Indicator, left: Expr, op: ComparisonOp, right: Expr, extra: Partial<Rule> & Pick<Rule, "message">): Rule {
  const expression: RuleExpression = { left, op, right };
  return {
    id,
    severity: "error",
    expression,
    text: formatExpression(expression),
    codes: referencedCodes(expression),
    missing: "skipIfAllMissing",
    tolerance: EXACT,
    target: target.code,
    source: "derived",
    ...extra,
  };
}

function name(ind: Indicator): string {
  return `${ind.code} "${ind.name}"`;
}

export function deriveRules(template: Template): Rule[] {
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const rules: Rule[] = [];
  for (const ind of template.indicators) {
    if (ind.compute && "sum" in ind.compute) {
      rules.push(
        rule(`sum:${ind.code}`, ind, ref(ind.code), "=", sumOf(ind.compute.sum), {
          message: msg(`${name(ind)} phải bằng tổng các thành phần (${ind.compute.sum.join(" + ")})`,
            `${ind.code} must equal the sum of its parts (${ind.compute.sum.join(" + ")})`),
        }),
      );
    }
    if (ind.compute && "rate" in ind.compute) {
      const { numerator, denominator } = ind.compute.rate;
      rules.push(
        rule(`rate:${ind.code}`, ind, ref(ind.code), "=", { kind: "call", fn: "pct", args: [ref(numerator), ref(denominator)] }, {
          missing: "skipIfAnyMissing",
          tolerance: RATE_TOLERANCE,
          message: msg(`${name(ind)} phải bằng ${numerator} / ${denominator} × 100`, `${ind.code} must equal ${numerator} / ${denominator} × 100`),
        }),
      );
      rules.push(
        rule(`part:${numerator}<=${denominator}`, byCode.get(numerator)!, ref(numerator), "<=", ref(denominator), {
          missing: "skipIfAnyMissing",
          message: msg(`${numerator} (tử số của tỷ lệ ${ind.code}) không được lớn hơn ${denominator} (mẫu số)`,
            `${numerator} (numerator of rate ${ind.code}) cannot exceed ${denominator} (its denominator)`),
        }),
      );
    }
    if (ind.parts) {
      const { codes, relation } = ind.parts;
      if (relation === "sum") {
        rules.push(
          rule(`sum:${ind.code}`, ind, ref(ind.code), "=", sumOf(codes), {
            message: msg(`${name(ind)} phải bằng tổng các thành phần (${codes.join(" + ")})`,
              `${ind.code} must equal the sum of its parts (${codes.join(" + ")})`),
          }),
        );
      } else {
        for (const part of codes) {
          rules.push(
            rule(`part:${part}<=${ind.code}`, byCode.get(part)!, ref(part), "<=", ref(ind.code), {
              missing: "skipIfAnyMissing",
              message: msg(`${part} là một phần của ${ind.code} nên không được lớn hơn ${ind.code}`, `${part} is part of ${ind.code} and cannot exceed it`),
            }),
          );
        }
        if (codes.length > 1) {
          rules.push(
            rule(`parts:${ind.code}`, ind, sumOf(codes), "<=", ref(ind.code), {
              missing: "skipIfAnyMissing",
              message: msg(`Tổng các phần (${codes.join(" + ")}) không được lớn hơn ${ind.code}`, `The parts (${codes.join(" + ")}) cannot add up to more than ${ind.code}`),
            }),
          );
        }
      }
    }
  }
  return rules;
}

/** The rules written in the template file (already validated when the template was loaded). */
export function writtenRules(template: Template): Rule[] {
  return template.rules.map((r) => {
    const parsed = parseRuleExpression(r.expression);
    if (!parsed.ok) throw new Error(`template ${template.id} rule ${r.id} does not parse: validate templates with loadTemplate`);
    return {
      id: r.id,
      severity: r.severity,
      expression: parsed.expr,
      text: formatExpression(parsed.expr),
      codes: referencedCodes(parsed.expr),
      missing: r.missing,
      tolerance: r.tolerance,
      levels: r.levels,
      periods: r.periods,
      message: r.message,
      target: referencedCodes(parsed.expr)[0],
      source: "template",
    };
  });
}

const RULES_BY_TEMPLATE = new WeakMap<Template, Rule[]>();

/** Every rule of a template: derived from its structure, then written in its file (built once per template). */
export function allRules(template: Template): Rule[] {
  let rules = RULES_BY_TEMPLATE.get(template);
  if (!rules) {
    rules = [...deriveRules(template), ...writtenRules(template)];
    RULES_BY_TEMPLATE.set(template, rules);
  }
  return rules;
}
