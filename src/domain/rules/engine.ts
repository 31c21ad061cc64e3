// Runs the checks over a parsed sheet: what each value must be on its own (kind checks), and the
// rules relating values to each other. Pure and fast enough to run on every edit.
import { isTextEntry, SheetValue, sheetNumber } from "../export";
import { Message, msg } from "../messages";
import { quoted } from "../text";
import { PeriodType, Template, UnitLevel } from "../template/schema";
import { formatNumber, MAX_FIGURE } from "../values";
import { compare, evaluate } from "./expression";
import { Finding, Rule, RuleShape } from "./model";
import { rateText, valueText, Wording } from "./words";

export interface CheckContext {
  level?: UnitLevel;
  periodType?: PeriodType;
  /**
   * Only how many findings there are of each kind is wanted (a merge keeps a file's counts, never its
   * findings' words): the rules' findings are then found as always but not worded (UNWORDED).
   */
  counting?: boolean;
}

/** The message of a finding made for counting only: never shown. */
export const UNWORDED: Message = Object.freeze(msg("", ""));

/** values.ts names the indicator in front of each reason; the finding already points at its row. */
function withoutSubject(m: Message, code: string): Message {
  return msg(m.vi.replace(`Chỉ tiêu ${code}: `, ""), m.en.replace(`Indicator ${code}: `, ""));
}

/** A typed rate between 0 and 1: usually a fraction (1 for 100 %) or a count ("01") in the rate row. */
export const SMALL_RATE = 1;

/**
 * Checks each value against its indicator's kind, as the sheet sees it: text where a number belongs
 * is one error (formulas ignore it, even "1.755"), numbers are checked against the kind. A cell that
 * the sheet computes is not checked on its own: what makes it wrong is in its parts, or (typed over)
 * in the sum or rate rule about it.
 */
export function checkValues(template: Template, values: ReadonlyMap<string, SheetValue>, words: Wording): Finding[] {
  const findings: Finding[] = [];
  const add = (ruleId: string, severity: Finding["severity"], code: string, message: Finding["message"]) =>
    findings.push({ ruleId, severity, codes: [code], message });
  for (const ind of template.indicators) {
    const v = values.get(ind.code);
    if (!v || ind.kind === "text") continue;
    const p = v.parsed;
    if (ind.compute && "rate" in ind.compute && p.status === "notApplicable") {
      const den = words.row(ind.compute.rate.denominator, ind.code);
      add(
        "rate:notApplicable",
        "info",
        ind.code,
        sheetNumber(values.get(ind.compute.rate.denominator)) === 0
          ? msg(
              `Mẫu số (${den.vi}) bằng 0 nên tỷ lệ là "không áp dụng" (-)`,
              `The denominator (${den.en}) is 0, so the rate is "not applicable" (-)`,
            )
          : msg(
              `Tỷ lệ ghi "-" (không áp dụng): khi tổng hợp, đơn vị không được tính vào tỷ lệ chung`,
              `The rate is "-" (not applicable): a merge leaves this unit out of the common rate`,
            ),
      );
    }
    if (isTextEntry(v)) {
      if (p.status === "invalid") add("value:unparsable", "error", ind.code, withoutSubject(p.reason, ind.code));
      else {
        const shown = typeof v.shown === "string" ? v.shown.trim() : "";
        add(
          "value:text",
          "error",
          ind.code,
          msg(
            `${quoted(shown)} được nhập dạng văn bản nên công thức của biểu bỏ qua; nhập một con số (định dạng ô là Số)`,
            `${quoted(shown)} was typed as text, so the sheet's formulas ignore it; type one number (cell formatted as Number)`,
          ),
        );
      }
      continue;
    }
    const x = sheetNumber(v);
    if (p.status === "invalid") {
      add("value:unparsable", "error", ind.code, withoutSubject(p.reason, ind.code));
      continue;
    }
    if (x === undefined || ind.compute) continue;
    // Formatted only for a finding: every typed figure passes here.
    const shown = () => valueText(ind, x, ind.kind === "percent" ? 2 : 6);
    if (Math.abs(x) > MAX_FIGURE) {
      add(
        "value:tooLarge",
        "error",
        ind.code,
        msg(
          `${shown()} quá lớn (quá 15 chữ số), không phải số liệu thật; kiểm tra lại`,
          `${shown()} is too large (over 15 digits) to be a real figure; check it`,
        ),
      );
      continue;
    }
    if (ind.kind === "count" && (x < 0 || !Number.isInteger(x))) {
      add(
        "value:count",
        "error",
        ind.code,
        msg(
          `Số đếm phải là số nguyên không âm (đang là ${shown()}); nhập lại số đếm, ví dụ 12`,
          `A count must be a whole number ≥ 0 (found ${shown()}); type the count again, e.g. 12`,
        ),
      );
    }
    if (ind.kind === "amount" && x < 0) {
      add(
        "value:amount",
        "error",
        ind.code,
        msg(
          `Số tiền không được âm (đang là ${shown()}); nhập lại số tiền`,
          `An amount cannot be negative (found ${shown()}); type the amount again`,
        ),
      );
    }
    if (ind.kind === "percent" && (x < 0 || x > 100)) {
      add(
        "value:percent",
        "error",
        ind.code,
        msg(
          `Tỷ lệ phải từ 0 đến 100 (đang là ${shown()}); nhập lại tỷ lệ phần trăm, ví dụ 98,4, hoặc "-" nếu không áp dụng`,
          `A rate must be between 0 and 100 (found ${shown()}); type the percentage again, e.g. 98,4, or "-" if it does not apply`,
        ),
      );
    }
    if (ind.kind === "percent" && x > 0 && x <= SMALL_RATE) {
      add(
        "value:smallRate",
        "warning",
        ind.code,
        msg(
          `Tỷ lệ đang là ${shown()}: tỷ lệ ghi theo phần trăm (100 % ghi 100, không ghi 1); nếu đây là một số lượng (như "01") thì ghi tỷ lệ`,
          `The rate is ${shown()}: rates are written in percent (100 % is 100, not 1); if this is a count (such as "01"), write the rate`,
        ),
      );
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

/** What the sheet shows in a cell, in words: "19", "80 %", "trống", "-". */
function shownText(words: Wording, values: ReadonlyMap<string, SheetValue>, code: string): Message {
  const v = values.get(code);
  const x = sheetNumber(v);
  if (x !== undefined) {
    const t = valueText(words.indicator(code), x);
    return msg(t, t);
  }
  return v?.parsed.status === "notApplicable" ? msg("-", "-") : msg("trống", "blank");
}

/** The finding's own words for a derived rule: what is typed, and what the other rows say. */
function derivedDetail(
  rule: Rule,
  shape: RuleShape,
  words: Wording,
  values: ReadonlyMap<string, SheetValue>,
  left: number,
  right: number,
): Message {
  const at = rule.target;
  switch (shape.kind) {
    case "sum": {
      const parts = words.rows(shape.parts, at);
      const [a, b] = [valueText(words.indicator(shape.total), left), valueText(words.indicator(shape.total), right)];
      return msg(`Tổng đã nhập ${a}; cộng ${parts.vi} là ${b}`, `The total typed is ${a}; ${parts.en} add up to ${b}`);
    }
    case "rate": {
      const rows = words.rows([shape.numerator, shape.denominator], at);
      return msg(
        `Tỷ lệ đã nhập ${valueText(words.indicator(shape.rate), left)}; theo ${rows.vi} là ${rateText(right)}`,
        `The rate typed is ${valueText(words.indicator(shape.rate), left)}; ${rows.en} give ${rateText(right)}`,
      );
    }
    case "numerator": {
      const den = words.row(shape.denominator, at);
      const rate = words.row(shape.rate, at);
      const [n, d] = [formatNumber(left), formatNumber(right)];
      return msg(
        `Số này (${n}) lớn hơn mẫu số ở ${den.vi} (${d}) của tỷ lệ ở ${rate.vi}; tỷ lệ sẽ vượt 100 %`,
        `This figure (${n}) exceeds the denominator in ${den.en} (${d}) of the rate in ${rate.en}; the rate would pass 100 %`,
      );
    }
    case "part": {
      const whole = words.row(shape.whole, at);
      const w = shownText(words, values, shape.whole);
      if (shape.parts.length === 1) {
        return msg(
          `Số này (${formatNumber(left)}) là một phần của ${whole.vi} nhưng lớn hơn nó (${w.vi})`,
          `This figure (${formatNumber(left)}) is part of ${whole.en} but exceeds it (${w.en})`,
        );
      }
      const parts = words.rows(shape.parts, at);
      return msg(
        `${capitalize(parts.vi)} cộng lại là ${formatNumber(left)}, lớn hơn tổng ${w.vi}`,
        `${capitalize(parts.en)} add up to ${formatNumber(left)}, more than the total ${w.en}`,
      );
    }
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A written rule's message, then what each row it reads holds: "(đang có: dòng 4.2.2 là 19; dòng 4.2.1 là 18)". */
function writtenDetail(rule: Rule, words: Wording, values: ReadonlyMap<string, SheetValue>): Message {
  const parts = rule.codes.map((c) => ({ row: words.row(c, rule.target), value: shownText(words, values, c) }));
  const vi = parts.map((p) => `${p.row.vi} là ${p.value.vi}`).join("; ");
  const en = parts.map((p) => `${p.row.en} is ${p.value.en}`).join("; ");
  return msg(`${rule.message.vi} (đang có: ${vi})`, `${rule.message.en} (now: ${en})`);
}

/** Evaluates one rule; undefined when it holds or cannot be evaluated. */
export function evaluateRule(rule: Rule, values: ReadonlyMap<string, SheetValue>, words: Wording, worded = true): Finding | undefined {
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
  return {
    ruleId: rule.id,
    severity: rule.severity,
    codes: [rule.target, ...codes.filter((c) => c !== rule.target)],
    message: !worded
      ? UNWORDED
      : rule.shape
        ? derivedDetail(rule, rule.shape, words, values, left, right)
        : writtenDetail(rule, words, values),
    left,
    right,
  };
}

export function runRules(
  rules: readonly Rule[],
  values: ReadonlyMap<string, SheetValue>,
  words: Wording,
  ctx: CheckContext = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!ruleApplies(rule, ctx)) continue;
    const f = evaluateRule(rule, values, words, !ctx.counting);
    if (f) findings.push(f);
  }
  return findings;
}
