// Rules that follow from the template's structure: totals equal the sum of their parts, parts are
// not larger than their whole, computed rates equal numerator / denominator × 100.
import { msg } from "../messages";
import { indicatorsByCode } from "../template/lookup";
import { Indicator, Template } from "../template/schema";
import { ComparisonOp, Expr, formatExpression, parseRuleExpression, referencedCodes, RuleExpression } from "./expression";
import { Rule } from "./model";

/** Rates typed by hand are often rounded to whole percent: accept up to one percentage point. */
export const RATE_TOLERANCE = 1;
const EXACT = 1e-9;

const ref = (code: string): Expr => ({ kind: "ref", code });
const sumOf = (codes: string[]): Expr => (codes.length === 1 ? ref(codes[0]) : { kind: "call", fn: "sum", args: codes.map(ref) });

function rule(
  id: string,
  target: Indicator,
  left: Expr,
  op: ComparisonOp,
  right: Expr,
  extra: Partial<Rule> & Pick<Rule, "message">,
): Rule {
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

export function deriveRules(template: Template): Rule[] {
  const byCode = indicatorsByCode(template);
  const rules: Rule[] = [];
  for (const ind of template.indicators) {
    if (ind.compute && "sum" in ind.compute) {
      rules.push(
        rule(`sum:${ind.code}`, ind, ref(ind.code), "=", sumOf(ind.compute.sum), {
          message: msg("Tổng phải bằng tổng các thành phần", "The total must equal the sum of its parts"),
          shape: { kind: "sum", total: ind.code, parts: ind.compute.sum },
        }),
      );
    }
    if (ind.compute && "rate" in ind.compute) {
      const { numerator, denominator } = ind.compute.rate;
      rules.push(
        rule(
          `rate:${ind.code}`,
          ind,
          ref(ind.code),
          "=",
          { kind: "call", fn: "pct", args: [ref(numerator), ref(denominator)] },
          {
            missing: "skipIfAnyMissing",
            tolerance: RATE_TOLERANCE,
            message: msg(
              "Tỷ lệ phải bằng tử số chia mẫu số nhân 100",
              "The rate must equal the numerator divided by the denominator × 100",
            ),
            shape: { kind: "rate", rate: ind.code, numerator, denominator },
          },
        ),
      );
      rules.push(
        rule(`part:${numerator}<=${denominator}`, byCode.get(numerator)!, ref(numerator), "<=", ref(denominator), {
          missing: "skipIfAnyMissing",
          message: msg("Tử số không được lớn hơn mẫu số", "The numerator cannot exceed the denominator"),
          shape: { kind: "numerator", rate: ind.code, numerator, denominator },
        }),
      );
    }
    if (ind.parts) {
      const { codes, relation } = ind.parts;
      if (relation === "sum") {
        rules.push(
          rule(`sum:${ind.code}`, ind, ref(ind.code), "=", sumOf(codes), {
            message: msg("Tổng phải bằng tổng các thành phần", "The total must equal the sum of its parts"),
            shape: { kind: "sum", total: ind.code, parts: codes },
          }),
        );
      } else {
        for (const part of codes) {
          rules.push(
            rule(`part:${part}<=${ind.code}`, byCode.get(part)!, ref(part), "<=", ref(ind.code), {
              missing: "skipIfAnyMissing",
              message: msg("Một phần không được lớn hơn tổng", "A part cannot exceed its whole"),
              shape: { kind: "part", whole: ind.code, parts: [part] },
            }),
          );
        }
        if (codes.length > 1) {
          rules.push(
            rule(`parts:${ind.code}`, ind, sumOf(codes), "<=", ref(ind.code), {
              missing: "skipIfAnyMissing",
              message: msg("Các phần cộng lại không được lớn hơn tổng", "The parts cannot add up to more than the whole"),
              shape: { kind: "part", whole: ind.code, parts: codes },
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
  const computed = new Set(template.indicators.filter((i) => i.compute).map((i) => i.code));
  return template.rules.map((r) => {
    const parsed = parseRuleExpression(r.expression);
    if (!parsed.ok) throw new Error(`template ${template.id} rule ${r.id} does not parse: validate templates with loadTemplate`);
    const codes = referencedCodes(parsed.expr);
    return {
      id: r.id,
      severity: r.severity,
      expression: parsed.expr,
      text: formatExpression(parsed.expr),
      codes,
      missing: r.missing,
      tolerance: r.tolerance,
      levels: r.levels,
      periods: r.periods,
      message: r.message,
      // The finding points at a cell the unit types in, not at a locked formula cell.
      target: codes.find((c) => !computed.has(c)) ?? codes[0],
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
