// The small expression language of consistency rules (DESIGN §4). Template authors write rules
// such as `[1.3.2] + [1.3.3] <= [1.3.1]` in JSON; this module reads them with its own tokenizer
// and recursive-descent parser (never eval, never the Function constructor), evaluates them,
// prints them back, and turns them into spreadsheet formulas.
//
// Grammar:
//   rule    := sum COMPARISON sum EOF            COMPARISON is one of = <> < <= > >=
//   sum     := product (("+" | "-") product)*
//   product := unary (("*" | "/") unary)*
//   unary   := "-" unary | primary
//   primary := NUMBER | "[" CODE "]" | NAME "(" sum ("," sum)* ")" | "(" sum ")"
//   CODE    := [A-Za-z0-9]+ ("." [A-Za-z0-9]+)*    (same shape as an indicator code)
//   NUMBER  := [0-9]+ ("." [0-9]+)?
//
// Limits: a template file is untrusted input, so the text is at most MAX_EXPRESSION_LENGTH characters
// and parentheses, unary minus and calls nest at most MAX_NESTING deep (recursion stays far from the
// stack's end however the text is built).
import { Message, msg } from "../messages";

export type ArithmeticOp = "+" | "-" | "*" | "/";
export type ComparisonOp = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type FunctionName = "sum" | "pct" | "isBlank" | "abs" | "min" | "max";

export type Expr =
  | { kind: "number"; value: number }
  | { kind: "ref"; code: string }
  | { kind: "unary"; op: "-"; operand: Expr }
  | { kind: "binary"; op: ArithmeticOp; left: Expr; right: Expr }
  | { kind: "call"; fn: FunctionName; args: Expr[] };

export interface RuleExpression {
  left: Expr;
  op: ComparisonOp;
  right: Expr;
}

export interface ParseError {
  /** 0-based character position in the text. */
  position: number;
  message: Message;
}

export type ParseResult = { ok: true; expr: RuleExpression } | { ok: false; error: ParseError };

interface FunctionSpec {
  min: number;
  /** Maximum number of arguments; Infinity for variadic functions. */
  max: number;
}

const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  sum: { min: 1, max: Infinity },
  pct: { min: 2, max: 2 },
  isBlank: { min: 1, max: 1 },
  abs: { min: 1, max: 1 },
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Real rules are under 100 characters and 3 levels deep. */
export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_NESTING = 40;

/** Function names are matched without regard to case (`SUM`, `IsBlank`) and stored in canonical spelling. */
function canonicalFunction(name: string): FunctionName | undefined {
  const lower = name.toLowerCase();
  return FUNCTION_NAMES.find((f) => f.toLowerCase() === lower);
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { type: "number"; value: number; pos: number }
  | { type: "ref"; code: string; pos: number }
  | { type: "name"; name: string; pos: number }
  | { type: "op"; op: ArithmeticOp; pos: number }
  | { type: "cmp"; op: ComparisonOp; pos: number }
  | { type: "("; pos: number }
  | { type: ")"; pos: number }
  | { type: ","; pos: number }
  | { type: "eof"; pos: number }
  /** The tokenizer stops at the first malformed piece; the parser reports it when it gets there. */
  | { type: "error"; error: ParseError; pos: number };

class ExpressionSyntaxError extends Error {
  constructor(readonly error: ParseError) {
    super(error.message.en);
  }
}

function at(position: number, vi: string, en: string): ParseError {
  return { position, message: msg(`vị trí ${position}: ${vi}`, `position ${position}: ${en}`) };
}

function expected(position: number, viWhat: string, enWhat: string): ParseError {
  return at(position, `cần ${viWhat}`, `expected ${enWhat}`);
}

const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isCodeChar = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isNameStart = (c: string): boolean => /^[A-Za-z_]$/.test(c);
const isNameChar = (c: string): boolean => /^[A-Za-z0-9_]$/.test(c);
const isSpace = (c: string): boolean => /^\s$/.test(c);

/** What the user sees for a character in an error: quoted, or spelled out when invisible. */
function showChar(c: string): string {
  return /^[\x21-\x7e\u00a0-\uffff]$/.test(c) && !isSpace(c)
    ? `"${c}"`
    : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (error: ParseError): Token[] => {
    tokens.push({ type: "error", error, pos: error.position });
    return tokens;
  };
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "[") {
      i++;
      if (text[i] === "]") return fail(expected(i, "mã chỉ tiêu giữa [ và ]", "an indicator code between [ and ]"));
      // Segments of letters/digits separated by single dots.
      for (;;) {
        if (i >= text.length || !isCodeChar(text[i])) {
          return fail(expected(i, "chữ cái hoặc chữ số của mã chỉ tiêu", "a letter or digit of an indicator code"));
        }
        while (i < text.length && isCodeChar(text[i])) i++;
        if (text[i] !== ".") break;
        i++;
      }
      if (text[i] !== "]") return fail(expected(i, '"]"', '"]"'));
      tokens.push({ type: "ref", code: text.slice(start + 1, i), pos: start });
      i++;
      continue;
    }
    if (isDigit(c)) {
      while (i < text.length && isDigit(text[i])) i++;
      if (text[i] === ".") {
        i++;
        if (i >= text.length || !isDigit(text[i])) return fail(expected(i, 'chữ số sau "."', 'a digit after "."'));
        while (i < text.length && isDigit(text[i])) i++;
      }
      tokens.push({ type: "number", value: Number(text.slice(start, i)), pos: start });
      continue;
    }
    if (isNameStart(c)) {
      while (i < text.length && isNameChar(text[i])) i++;
      tokens.push({ type: "name", name: text.slice(start, i), pos: start });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "<>") {
      tokens.push({ type: "cmp", op: two, pos: start });
      i += 2;
      continue;
    }
    if (two === "==") return fail(at(i, 'dùng "=" thay cho "=="', 'use "=" instead of "=="'));
    if (two === "!=") return fail(at(i, 'dùng "<>" thay cho "!="', 'use "<>" instead of "!="'));
    if (c === "=" || c === "<" || c === ">") {
      tokens.push({ type: "cmp", op: c, pos: start });
      i++;
      continue;
    }
    if (c === "+" || c === "-" || c === "*" || c === "/") {
      tokens.push({ type: "op", op: c, pos: start });
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: c, pos: start });
      i++;
      continue;
    }
    return fail(at(i, `ký tự không hợp lệ ${showChar(c)}`, `unexpected character ${showChar(c)}`));
  }
  tokens.push({ type: "eof", pos: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    const t = this.tokens[this.index];
    if (t.type === "error") throw new ExpressionSyntaxError(t.error);
    return t;
  }

  private advance(): Token {
    const t = this.peek();
    if (t.type !== "eof") this.index++;
    return t;
  }

  private fail(error: ParseError): never {
    throw new ExpressionSyntaxError(error);
  }

  parseRule(): RuleExpression {
    const left = this.parseSum();
    const cmp = this.peek();
    if (cmp.type !== "cmp") {
      this.fail(expected(cmp.pos, "phép so sánh (=, <>, <, <=, >, >=)", "a comparison (=, <>, <, <=, >, >=)"));
    }
    this.advance();
    const right = this.parseSum();
    const end = this.peek();
    if (end.type === "cmp") {
      this.fail(
        at(
          end.pos,
          "chỉ được có một phép so sánh; cần kết thúc biểu thức",
          "only one comparison is allowed; expected the end of the expression",
        ),
      );
    }
    if (end.type !== "eof") this.fail(expected(end.pos, "kết thúc biểu thức", "the end of the expression"));
    return { left, op: cmp.op, right };
  }

  parseSum(): Expr {
    let left = this.parseProduct();
    for (;;) {
      const t = this.peek();
      if (t.type !== "op" || (t.op !== "+" && t.op !== "-")) return left;
      this.advance();
      left = { kind: "binary", op: t.op, left, right: this.parseProduct() };
    }
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.type !== "op" || (t.op !== "*" && t.op !== "/")) return left;
      this.advance();
      left = { kind: "binary", op: t.op, left, right: this.parseUnary() };
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    this.enter(t.pos);
    try {
      if (t.type === "op" && t.op === "-") {
        this.advance();
        return { kind: "unary", op: "-", operand: this.parseUnary() };
      }
      return this.parsePrimary();
    } finally {
      this.depth--;
    }
  }

  /** One level deeper into parentheses, a unary minus or a call. */
  private enter(pos: number): void {
    if (++this.depth > MAX_NESTING) {
      this.fail(
        at(
          pos,
          `biểu thức lồng nhau quá sâu (quá ${MAX_NESTING} cấp ngoặc, dấu trừ hoặc hàm); hãy viết gọn lại`,
          `the expression nests too deep (over ${MAX_NESTING} levels of parentheses, minus signs or functions); write it more simply`,
        ),
      );
    }
  }

  private parsePrimary(): Expr {
    const t = this.advance();
    switch (t.type) {
      case "number":
        return { kind: "number", value: t.value };
      case "ref":
        return { kind: "ref", code: t.code };
      case "(": {
        const inner = this.parseSum();
        const close = this.peek();
        if (close.type !== ")") this.fail(expected(close.pos, '")"', '")"'));
        this.advance();
        return inner;
      }
      case "name":
        return this.parseCall(t.name, t.pos);
      default:
        return this.fail(
          expected(t.pos, 'một số, một mã chỉ tiêu trong [ ], một hàm hoặc "("', 'a number, an indicator code in [ ], a function or "("'),
        );
    }
  }

  private parseCall(name: string, pos: number): Expr {
    const fn = canonicalFunction(name);
    if (fn === undefined) {
      const list = FUNCTION_NAMES.join(", ");
      this.fail(
        at(
          pos,
          `không có hàm "${name}"; cần một trong ${list} (mã chỉ tiêu phải đặt trong [ ])`,
          `unknown function "${name}"; expected one of ${list} (indicator codes go in [ ])`,
        ),
      );
    }
    const open = this.peek();
    if (open.type !== "(") this.fail(expected(open.pos, `"(" sau ${fn}`, `"(" after ${fn}`));
    this.advance();
    const args: Expr[] = [];
    const argStarts: number[] = [];
    // `sum()` is read as a call with no arguments so that the argument count is what gets reported.
    let closed = this.peek().type === ")";
    if (closed) this.advance();
    while (!closed) {
      argStarts.push(this.peek().pos);
      args.push(this.parseSum());
      const t = this.peek();
      if (t.type === ")") closed = true;
      else if (t.type !== ",") this.fail(expected(t.pos, '"," hoặc ")"', '"," or ")"'));
      this.advance();
    }
    const spec = FUNCTIONS[fn];
    if (args.length < spec.min || args.length > spec.max) {
      const [vi, en] =
        spec.min === spec.max
          ? [`đúng ${spec.min} đối số`, `exactly ${spec.min} argument${spec.min === 1 ? "" : "s"}`]
          : [`ít nhất ${spec.min} đối số`, `at least ${spec.min} argument${spec.min === 1 ? "" : "s"}`];
      this.fail(at(pos, `hàm ${fn} cần ${vi}, có ${args.length}`, `${fn} expects ${en}, got ${args.length}`));
    }
    if (fn === "isBlank" && args[0].kind !== "ref") {
      this.fail(
        expected(argStarts[0], "một mã chỉ tiêu trong [ ] làm đối số của isBlank", "an indicator code in [ ] as the argument of isBlank"),
      );
    }
    return { kind: "call", fn, args };
  }
}

/** Parse a rule `left OP right`; errors carry the 0-based position and say what was expected. */
export function parseRuleExpression(text: string): ParseResult {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return {
      ok: false,
      error: at(
        MAX_EXPRESSION_LENGTH,
        `biểu thức quá dài (${text.length} ký tự, tối đa ${MAX_EXPRESSION_LENGTH}); hãy tách thành nhiều quy tắc`,
        `the expression is too long (${text.length} characters, at most ${MAX_EXPRESSION_LENGTH}); split it into several rules`,
      ),
    };
  }
  try {
    return { ok: true, expr: new Parser(tokenize(text)).parseRule() };
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { ok: false, error: e.error };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis and evaluation

/** Indicator codes the rule refers to, each once, in order of first appearance. */
export function referencedCodes(expr: RuleExpression): string[] {
  const seen = new Set<string>();
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case "ref":
        seen.add(e.code);
        return;
      case "number":
        return;
      case "unary":
        walk(e.operand);
        return;
      case "binary":
        walk(e.left);
        walk(e.right);
        return;
      case "call":
        e.args.forEach(walk);
        return;
    }
  };
  walk(expr.left);
  walk(expr.right);
  return [...seen];
}

const finite = (n: number): number | undefined => (Number.isFinite(n) ? n : undefined);

/**
 * The value of an expression, or undefined when it cannot be computed: a referenced value is
 * missing (lookup gives undefined or a non-finite number) or a division by zero. `isBlank([x])`
 * gives 1 when x is missing and 0 otherwise, so it is always computable. How missing values are
 * treated (skip the rule, count as 0) is the caller's choice, made through `lookup`.
 */
export function evaluate(
  expr: Expr,
  lookup: (code: string) => number | undefined,
  /** Whether a cell is blank, for isBlank(); by default, whatever lookup cannot give a number for. */
  isBlankCell: (code: string) => boolean = (code) => lookup(code) === undefined,
): number | undefined {
  const ev = (e: Expr): number | undefined => {
    switch (e.kind) {
      case "number":
        return e.value;
      case "ref": {
        const v = lookup(e.code);
        return v === undefined ? undefined : finite(v);
      }
      case "unary": {
        const v = ev(e.operand);
        return v === undefined ? undefined : -v;
      }
      case "binary": {
        const a = ev(e.left);
        const b = ev(e.right);
        if (a === undefined || b === undefined) return undefined;
        return arithmetic(e.op, a, b);
      }
      case "call": {
        if (e.fn === "isBlank") {
          const arg = e.args[0];
          return (arg.kind === "ref" ? isBlankCell(arg.code) : ev(arg) === undefined) ? 1 : 0;
        }
        const values: number[] = [];
        for (const arg of e.args) {
          const v = ev(arg);
          if (v === undefined) return undefined;
          values.push(v);
        }
        switch (e.fn) {
          case "sum":
            return finite(values.reduce((s, v) => s + v, 0));
          case "pct":
            return values[1] === 0 ? undefined : finite((values[0] / values[1]) * 100);
          case "abs":
            return Math.abs(values[0]);
          case "min":
            return Math.min(...values);
          case "max":
            return Math.max(...values);
        }
      }
    }
  };
  return ev(expr);
}

function arithmetic(op: ArithmeticOp, a: number, b: number): number | undefined {
  switch (op) {
    case "+":
      return finite(a + b);
    case "-":
      return finite(a - b);
    case "*":
      return finite(a * b);
    case "/":
      return b === 0 ? undefined : finite(a / b);
  }
}

/**
 * Compare within an absolute tolerance: `=` holds when |a − b| ≤ tolerance, `<=` when
 * a ≤ b + tolerance, `<` when a < b + tolerance, `>=` when a ≥ b − tolerance, `>` when
 * a > b − tolerance, `<>` when |a − b| > tolerance. A negative or NaN tolerance counts as 0.
 * The non-strict comparisons also forgive binary floating-point noise (0.1 + 0.2 = 0.3 holds
 * with tolerance 0); the strict ones do not, so `5 < 5` is false with tolerance 0.
 */
export function compare(op: ComparisonOp, a: number, b: number, tolerance: number): boolean {
  const tol = tolerance > 0 ? tolerance : 0;
  const noise = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  switch (op) {
    case "=":
      return Math.abs(a - b) <= tol + noise;
    case "<>":
      return Math.abs(a - b) > tol + noise;
    case "<=":
      return a <= b + tol + noise;
    case ">=":
      return a >= b - tol - noise;
    case "<":
      return a < b + tol;
    case ">":
      return a > b - tol;
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const PREC_SUM = 1;
const PREC_PRODUCT = 2;
const PREC_UNARY = 3;
const PREC_ATOM = 4;

function precedence(e: Expr): number {
  switch (e.kind) {
    case "binary":
      return e.op === "+" || e.op === "-" ? PREC_SUM : PREC_PRODUCT;
    case "unary":
      return PREC_UNARY;
    default:
      return PREC_ATOM;
  }
}

/** A number as a plain decimal with a dot and no exponent (what the grammar reads), e.g. 1e21 → "1000000000000000000000". */
export function formatNumberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const s = String(Math.abs(n));
  const sign = n < 0 ? "-" : "";
  const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return sign + s;
  const digits = m[1] + (m[2] ?? "");
  const point = m[1].length + Number(m[3]);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

interface Printer {
  number(n: number): string;
  ref(code: string): string;
  binary(op: ArithmeticOp, left: string, right: string): string;
  unary(operand: string): string;
  call(e: Extract<Expr, { kind: "call" }>, print: (e: Expr) => string): string;
}

/** Print with the fewest parentheses that keep the tree: operators are left-associative. */
function printExpr(e: Expr, p: Printer): string {
  const print = (x: Expr): string => printExpr(x, p);
  switch (e.kind) {
    case "number":
      // A negative number node (never produced by the parser) prints like a unary minus.
      return e.value < 0 ? p.unary(p.number(-e.value)) : p.number(e.value);
    case "ref":
      return p.ref(e.code);
    case "unary": {
      const inner = print(e.operand);
      return p.unary(precedence(e.operand) < PREC_UNARY ? `(${inner})` : inner);
    }
    case "binary": {
      const prec = precedence(e);
      const l = print(e.left);
      const r = print(e.right);
      return p.binary(e.op, precedence(e.left) < prec ? `(${l})` : l, precedence(e.right) <= prec ? `(${r})` : r);
    }
    case "call":
      return p.call(e, print);
  }
}

const canonicalPrinter: Printer = {
  number: formatNumberLiteral,
  ref: (code) => `[${code}]`,
  binary: (op, l, r) => `${l} ${op} ${r}`,
  unary: (operand) => `-${operand}`,
  call: (e, print) => `${e.fn}(${e.args.map(print).join(", ")})`,
};

/** The canonical text of an expression or rule; parsing it gives the same tree back. */
export function formatExpression(expr: Expr | RuleExpression): string {
  if (isRule(expr)) return `${printExpr(expr.left, canonicalPrinter)} ${expr.op} ${printExpr(expr.right, canonicalPrinter)}`;
  return printExpr(expr, canonicalPrinter);
}

function isRule(x: Expr | RuleExpression): x is RuleExpression {
  return !("kind" in x);
}

/**
 * The expression as an Excel/LibreOffice formula fragment without the leading "=", using only
 * what Excel 2010 and LibreOffice Calc both have: + - * /, SUM, ABS, MIN, MAX, IF. `pct(a, b)`
 * becomes `a/b*100` (parenthesized as needed); `isBlank([x])` becomes `IF(x="",1,0)` so it is a
 * number like in `evaluate` (a bare `x=""` is a boolean, and Excel does not treat TRUE as 1 in a
 * comparison). Given a rule, the two sides are joined by the comparison (spreadsheets spell
 * them the same way); with `tolerance` > 0 the comparison follows `compare` (e.g.
 * `ABS(A1-(B1+C1))<=0.5`). Note that spreadsheets count an empty cell as 0 in arithmetic.
 * `refFor` maps an indicator code to a cell reference or defined name, inserted as is.
 */
export function toSpreadsheetFormula(
  expr: Expr | RuleExpression,
  refFor: (code: string) => string,
  /** blankRef: the reference isBlank tests, when refFor wraps references (e.g. in N()). */
  options: { tolerance?: number; blankRef?: (code: string) => string } = {},
): string {
  const printer: Printer = {
    number: formatNumberLiteral,
    ref: refFor,
    binary: (op, l, r) => `${l}${op}${r}`,
    unary: (operand) => `-${operand}`,
    call: (e, print) => {
      // pct never gets here: spreadsheetShape has rewritten it into a/b*100.
      if (e.fn === "isBlank") {
        const arg = e.args[0];
        return `IF(${arg.kind === "ref" && options.blankRef ? options.blankRef(arg.code) : print(arg)}="",1,0)`;
      }
      return `${e.fn.toUpperCase()}(${e.args.map(print).join(",")})`;
    },
  };
  // pct prints as a product, so it must be parenthesized where a product would be.
  const print = (e: Expr): string => printExpr(spreadsheetShape(e), printer);
  if (!isRule(expr)) return print(expr);
  const l = print(expr.left);
  const r = print(expr.right);
  const tol = options.tolerance ?? 0;
  if (!(tol > 0)) return `${l}${expr.op}${r}`;
  const t = formatNumberLiteral(tol);
  const difference = (): string => print({ kind: "binary", op: "-", left: expr.left, right: expr.right });
  switch (expr.op) {
    case "=":
      return `ABS(${difference()})<=${t}`;
    case "<>":
      return `ABS(${difference()})>${t}`;
    case "<=":
    case "<":
      return `${l}${expr.op}${r}+${t}`;
    case ">=":
    case ">":
      return `${l}${expr.op}${r}-${t}`;
  }
}

/** Rewrite pct calls into the arithmetic they stand for, so the printer places parentheses right. */
function spreadsheetShape(e: Expr): Expr {
  switch (e.kind) {
    case "number":
    case "ref":
      return e;
    case "unary":
      return { ...e, operand: spreadsheetShape(e.operand) };
    case "binary":
      return { ...e, left: spreadsheetShape(e.left), right: spreadsheetShape(e.right) };
    case "call": {
      const args = e.args.map(spreadsheetShape);
      if (e.fn === "pct") {
        return {
          kind: "binary",
          op: "*",
          left: { kind: "binary", op: "/", left: args[0], right: args[1] },
          right: { kind: "number", value: 100 },
        };
      }
      return { ...e, args };
    }
  }
}
