// Validates a template version: its shape (zod) and its meaning (codes unique, references exist,
// kinds and merge methods agree). Every problem is reported with its path, never thrown.
import { z } from "zod";
import { Message, msg, UserError } from "../messages";
import { parseRuleExpression, referencedCodes } from "../rules/expression";
import { TemplateRegistry } from "./registry";
import { Indicator, Template, templateSchema } from "./schema";

export interface TemplateProblem {
  /** Path inside the file, e.g. `indicators[12].code`. */
  path: string;
  message: Message;
}

export type TemplateResult = { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`)).join("");
}

/** zod's messages in a language, a field that is not there said in plain words (not "received undefined"). */
function errorsIn(lang: "vi" | "en"): z.core.$ZodErrorMap {
  const locale = z.locales[lang]().localeError;
  return (issue) =>
    issue.code === "invalid_type" && issue.input === undefined ? (lang === "vi" ? "thiếu, cần có" : "missing, required") : locale(issue);
}

/** Parses untrusted JSON data as a template version. */
export function loadTemplate(raw: unknown): TemplateResult {
  const vi = templateSchema.safeParse(raw, { error: errorsIn("vi") });
  if (!vi.success) {
    const en = templateSchema.safeParse(raw, { error: errorsIn("en") });
    const enIssues = en.success ? [] : en.error.issues;
    return {
      ok: false,
      problems: vi.error.issues.map((issue, i) => ({
        path: formatPath(issue.path),
        message: msg(issue.message, enIssues[i]?.message ?? issue.message),
      })),
    };
  }
  const problems = checkMeaning(vi.data);
  return problems.length ? { ok: false, problems } : { ok: true, template: vi.data };
}

/** Validates a user's template version and adds it to the registry; throws a UserError listing every problem in it. */
export function addTemplate(registry: TemplateRegistry, raw: unknown, source: string): Template {
  const result = loadTemplate(raw);
  if (!result.ok) throw new UserError(describeProblems(source, result.problems));
  return registry.add(result.template, source);
}

export function describeProblems(source: string, problems: TemplateProblem[]): Message {
  const lines = (lang: "vi" | "en") => problems.map((p) => `  ${p.path || msg("(gốc)", "(root)")[lang]}: ${p.message[lang]}`).join("\n");
  return msg(
    `${source}: biểu mẫu không hợp lệ (${problems.length} lỗi), hãy sửa tệp theo các lỗi dưới đây rồi nạp lại:\n${lines("vi")}`,
    `${source}: invalid template (${problems.length} problems), fix the file as listed below and load it again:\n${lines("en")}`,
  );
}

const NUMERIC_KINDS = new Set(["count", "amount", "percent"]);

/** The merge method each kind takes, with `recompute` for computed cells. */
function expectedMerge(ind: Indicator): Indicator["merge"][] {
  if (ind.compute) return ["recompute"];
  switch (ind.kind) {
    case "header":
      return ["none"];
    case "count":
    case "amount":
      return ["sum"];
    case "percent":
      return ["mean"];
    case "choice":
      return ["distribution"];
    case "text":
      return ["text"];
  }
}

function checkMeaning(t: Template): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const add = (path: string, vi: string, en: string) => problems.push({ path, message: msg(vi, en) });
  const byCode = new Map<string, Indicator>();
  const sections = new Set<string>();

  t.sections.forEach((s, i) => {
    if (sections.has(s.code)) add(`sections[${i}].code`, `trùng mã phần ${s.code}`, `duplicate section code ${s.code}`);
    sections.add(s.code);
  });
  t.indicators.forEach((ind, i) => {
    if (byCode.has(ind.code)) add(`indicators[${i}].code`, `trùng mã ${ind.code}`, `duplicate code ${ind.code}`);
    else byCode.set(ind.code, ind);
  });

  t.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    const numeric = (ref: string, path: string) => {
      const target = byCode.get(ref);
      if (!target) add(path, `không có chỉ tiêu mã ${ref}`, `no indicator with code ${ref}`);
      else if (!NUMERIC_KINDS.has(target.kind))
        add(path, `chỉ tiêu ${ref} không phải số liệu (loại ${target.kind})`, `indicator ${ref} is not numeric (kind ${target.kind})`);
    };
    if (!sections.has(ind.section)) add(`${at}.section`, `không có phần mã ${ind.section}`, `no section with code ${ind.section}`);
    if (ind.parent !== undefined && !byCode.has(ind.parent))
      add(`${at}.parent`, `không có chỉ tiêu cha mã ${ind.parent}`, `no parent indicator with code ${ind.parent}`);
    if (ind.parent === ind.code) add(`${at}.parent`, "chỉ tiêu không thể là cha của chính nó", "an indicator cannot be its own parent");

    if (ind.kind === "choice" && !ind.options)
      add(`${at}.options`, "chỉ tiêu lựa chọn cần danh sách phương án", "a choice indicator needs its options");
    if (ind.kind !== "choice" && ind.options)
      add(`${at}.options`, "chỉ chỉ tiêu lựa chọn mới có phương án", "only choice indicators have options");
    if (ind.options) {
      const values = ind.options.map((o) => o.value);
      if (new Set(values).size !== values.length) add(`${at}.options`, "trùng giá trị phương án", "duplicate option values");
    }

    if (ind.compute) {
      if ("rate" in ind.compute) {
        if (ind.kind !== "percent") add(`${at}.compute`, "chỉ tiêu tỷ lệ phải có loại percent", "a rate must be of kind percent");
        numeric(ind.compute.rate.numerator, `${at}.compute.rate.numerator`);
        numeric(ind.compute.rate.denominator, `${at}.compute.rate.denominator`);
      } else {
        if (ind.kind !== "count" && ind.kind !== "amount")
          add(`${at}.compute`, "chỉ tiêu tổng phải có loại count hoặc amount", "a total must be of kind count or amount");
        ind.compute.sum.forEach((c, j) => numeric(c, `${at}.compute.sum[${j}]`));
      }
    }
    ind.parts?.codes.forEach((c, j) => numeric(c, `${at}.parts.codes[${j}]`));
    if (ind.parts && ind.compute)
      add(`${at}.parts`, "chỉ tiêu tính bằng công thức không cần parts", "a computed indicator does not take parts");

    const merges = expectedMerge(ind);
    if (!merges.includes(ind.merge))
      add(
        `${at}.merge`,
        `cách tổng hợp ${ind.merge} không hợp với chỉ tiêu này (cần ${merges.join(", ")})`,
        `merge ${ind.merge} does not fit this indicator (expected ${merges.join(", ")})`,
      );
    if (ind.weight !== undefined) {
      if (ind.merge !== "mean") add(`${at}.weight`, "chỉ dùng trọng số với cách tổng hợp mean", "a weight goes only with merge mean");
      numeric(ind.weight, `${at}.weight`);
    }
    if (ind.agency !== undefined && !t.columns.agency)
      add(`${at}.agency`, "biểu mẫu không có cột cơ quan chủ trì", "the form has no agency column");
    ind.levels?.forEach((lv, j) => {
      if (!t.levels.includes(lv)) add(`${at}.levels[${j}]`, `cấp ${lv} không thuộc biểu mẫu`, `level ${lv} is not one of the template's`);
    });
  });

  problems.push(...findComputeCycles(t));
  problems.push(...checkRules(t, byCode));
  const plausible = (code: string, at: string) => {
    const ind = byCode.get(code);
    if (!ind || !["count", "amount", "percent"].includes(ind.kind))
      problems.push({ path: at, message: msg(`${code} không phải chỉ tiêu số`, `${code} is not a numeric indicator`) });
  };
  t.plausibility.cumulative.forEach((c, i) => plausible(c, `plausibility.cumulative[${i}]`));
  t.plausibility.bounds.forEach((b, i) => plausible(b.code, `plausibility.bounds[${i}].code`));
  return problems;
}

/** Written rules must parse, and may only name indicators that hold a value. */
function checkRules(t: Template, byCode: Map<string, Indicator>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const ids = new Set<string>();
  t.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (ids.has(rule.id)) problems.push({ path: `${at}.id`, message: msg(`trùng mã quy tắc ${rule.id}`, `duplicate rule id ${rule.id}`) });
    ids.add(rule.id);
    const parsed = parseRuleExpression(rule.expression);
    if (!parsed.ok) {
      problems.push({ path: `${at}.expression`, message: parsed.error.message });
      return;
    }
    for (const code of referencedCodes(parsed.expr)) {
      const ind = byCode.get(code);
      if (!ind) problems.push({ path: `${at}.expression`, message: msg(`không có chỉ tiêu mã ${code}`, `no indicator with code ${code}`) });
      else if (ind.kind === "header")
        problems.push({
          path: `${at}.expression`,
          message: msg(`${code} là dòng tiêu đề, không có số liệu`, `${code} is a heading row and holds no value`),
        });
    }
    rule.levels?.forEach((lv, j) => {
      if (!t.levels.includes(lv))
        problems.push({
          path: `${at}.levels[${j}]`,
          message: msg(`cấp ${lv} không thuộc biểu mẫu`, `level ${lv} is not one of the template's`),
        });
    });
  });
  return problems;
}

/** A computed cell that depends on itself, directly or through others, would be a circular formula. */
function findComputeCycles(t: Template): TemplateProblem[] {
  const deps = new Map<string, string[]>();
  for (const ind of t.indicators) {
    if (!ind.compute) continue;
    deps.set(ind.code, "rate" in ind.compute ? [ind.compute.rate.numerator, ind.compute.rate.denominator] : ind.compute.sum);
  }
  const inCycle = new Set<string>();
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (code: string): void => {
    if (done.has(code)) return;
    const onStack = stack.indexOf(code);
    if (onStack !== -1) {
      stack.slice(onStack).forEach((c) => inCycle.add(c));
      return;
    }
    stack.push(code);
    (deps.get(code) ?? []).forEach(visit);
    stack.pop();
    done.add(code);
  };
  [...deps.keys()].forEach(visit);
  const problems: TemplateProblem[] = [];
  t.indicators.forEach((ind, i) => {
    if (inCycle.has(ind.code))
      problems.push({
        path: `indicators[${i}].compute`,
        message: msg(`công thức của ${ind.code} tham chiếu vòng`, `the formula of ${ind.code} is circular`),
      });
  });
  return problems;
}
