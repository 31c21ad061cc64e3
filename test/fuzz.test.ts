// Property-based fuzzing (fast-check) of the parsers that take what others wrote: the value parser, the
// rule-expression parser, the roster decoder and parser, and the workbook reader over mutated zips and
// XML. None may throw anything but a message for the user, hang, or let a non-finite number through.
import fc from "fast-check";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { parseRoster } from "../src/domain/merge/units";
import { UserError } from "../src/domain/messages";
import { Expr, formatExpression, parseRuleExpression, RuleExpression } from "../src/domain/rules/expression";
import { decodeTextFile } from "../src/domain/textFile";
import { INDICATOR_KINDS } from "../src/domain/template/kinds";
import { formatNumber, parseValue, parseVietnameseNumber, RawValue } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { checkFile } from "../src/xlsx/checkFile";
import { readSubmission } from "../src/xlsx/readSubmission";
import { GOOD_VALUES, unitWorkbook, utf16 } from "./support/hostile";

jest.setTimeout(120_000);

const rawValue: fc.Arbitrary<RawValue> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.stringMatching(/^[ +-]?[\d.,]{1,20}%?$/),
  fc.stringMatching(/^\d{1,3}\s*\/\s*\d{1,3}$/),
  fc.double(),
  fc.constantFrom(Infinity, -Infinity, NaN, -0, 1e308, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constant(null),
  fc.constant(undefined),
);

describe("the value parser", () => {
  it("never throws; a value is a finite number; a refusal names the indicator in both languages", () => {
    const indicator = fc.record({
      code: fc.stringMatching(/^[A-Z0-9]{1,4}(\.[a-z0-9]{1,3}){0,3}$/),
      kind: fc.constantFrom(...INDICATOR_KINDS),
      options: fc.constant<{ value: number; label: string }[]>([
        { value: 0, label: "Không" },
        { value: 1, label: "Có" },
      ]),
    });
    fc.assert(
      fc.property(rawValue, indicator, (raw, ind) => {
        const p = parseValue(raw, ind);
        if (p.status === "value") {
          expect(Number.isFinite(p.value)).toBe(true);
          if (p.outOf !== undefined) expect(Number.isFinite(p.outOf)).toBe(true);
        }
        if (p.status === "invalid") {
          expect(p.reason.vi).toContain(ind.code);
          expect(p.reason.en).toContain(ind.code);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("reads back every number written the Vietnamese way", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 999 }), (whole, thousandths) => {
        const n = whole + (Math.sign(whole || 1) * thousandths) / 1000;
        expect(parseVietnameseNumber(formatNumber(n))).toBeCloseTo(n, 6);
      }),
      { numRuns: 2000 },
    );
  });
});

const code = fc.stringMatching(/^[A-Z0-9]{1,3}(\.[a-z0-9]{1,2}){0,2}$/);
const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("number" as const), value: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e6, noNaN: true })) }),
    fc.record({ kind: fc.constant("ref" as const), code }),
    fc.record({ kind: fc.constant("unary" as const), op: fc.constant("-" as const), operand: tie("e") }),
    fc.record({
      kind: fc.constant("binary" as const),
      op: fc.constantFrom("+" as const, "-" as const, "*" as const, "/" as const),
      left: tie("e"),
      right: tie("e"),
    }),
    fc.record({
      kind: fc.constant("call" as const),
      fn: fc.constantFrom("sum" as const, "min" as const, "max" as const),
      args: fc.array(tie("e"), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).e;

describe("the rule-expression parser", () => {
  it("never throws on any text, and a refusal says where, in both languages", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 200 }),
      fc
        .array(
          fc.constantFrom("(", ")", "[1.1]", "-", "+", "*", "/", "=", "<=", "<>", "sum(", "pct(", ",", "1", "2.5", " ", "isBlank(", "abs("),
          { maxLength: 300 },
        )
        .map((t) => t.join("")),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = parseRuleExpression(t);
        if (!r.ok) {
          expect(r.error.position).toBeGreaterThanOrEqual(0);
          expect(r.error.position).toBeLessThanOrEqual(Math.max(t.length, 2000));
          expect(r.error.message.vi).toMatch(/^vị trí \d+: /);
          expect(r.error.message.en).toMatch(/^position \d+: /);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses, never overflows the stack, on nesting of any depth and any length", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200000 }), fc.constantFrom("(", "-", "sum(", "abs(", "min(1,"), (depth, open) => {
        const close = open === "-" ? "" : ")";
        const r = parseRuleExpression(`${open.repeat(depth)}1${close.repeat(depth)} = 1`);
        if (depth > 40) expect(r.ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it("reads back what it prints", () => {
    fc.assert(
      fc.property(expr, expr, fc.constantFrom("=", "<=", ">=", "<", ">", "<>" as const), (left, right, op) => {
        const rule: RuleExpression = { left, op: op, right };
        const text = formatExpression(rule);
        fc.pre(text.length <= 2000);
        const back = parseRuleExpression(text);
        if (!back.ok) throw new Error(`${text}: ${back.error.message.en}`);
        expect(formatExpression(back.expr)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("rosters", () => {
  it("any bytes: decoded as text or refused with a message naming the file, never garbage control characters", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.string({ unit: "grapheme", maxLength: 200 }).map((s) => strToU8(s)),
      fc.string({ unit: "grapheme", maxLength: 100 }).map((s) => utf16(s, "le", true)),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const d = decodeTextFile(b, "ds.txt");
        if (!d.ok) {
          expect(d.problem.vi).toMatch(/^ds\.txt: .*hãy lưu/);
          expect(d.problem.en).toMatch(/^ds\.txt: .*save/);
          return;
        }
        // eslint-disable-next-line no-control-regex -- control characters are exactly what must not get through
        expect(d.text).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u007f]/);
        const names = parseRoster(d.text);
        expect(names.every((n) => n.trim() === n && n !== "")).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads the same names whatever encoding Notepad or Excel saved them in", () => {
    const word = fc.constantFrom(
      "Sơn",
      "Phú",
      "Đức",
      "Thọ",
      "Hương",
      "Khê",
      "Kỳ",
      "Anh",
      "Lộc",
      "Hà",
      "Tĩnh",
      "Cẩm",
      "Xuyên",
      "Nghi",
      "Xuân",
    );
    const name = fc
      .tuple(fc.constantFrom("UBND xã", "UBND huyện", "Sở", "Phòng Nội vụ"), fc.array(word, { minLength: 1, maxLength: 3 }))
      .map(([a, b]) => `${a} ${b.join(" ")}`);
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 30 }), fc.constantFrom("\n", "\r\n"), (names, eol) => {
        const text = names.join(eol) + eol;
        const expected = parseRoster(text);
        for (const bytes of [
          strToU8(text),
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), strToU8(text)]),
          utf16(text, "le", true),
          utf16(text, "be", true),
          utf16(text, "le", false),
          utf16(text, "be", false),
        ]) {
          const d = decodeTextFile(bytes, "ds.txt");
          if (!d.ok) throw new Error(d.problem.en);
          expect(parseRoster(d.text)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the workbook reader over mutated files", () => {
  const registry = builtInRegistry();
  let good: Uint8Array;
  beforeAll(async () => {
    good = await unitWorkbook("UBND huyện D", GOOD_VALUES);
  });

  type Mutation =
    | { kind: "truncate"; at: number }
    | { kind: "flip"; at: number; mask: number; count: number }
    | { kind: "drop"; entry: number }
    | { kind: "rewrite"; entry: number; at: number; cut: number; insert: string };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      mask: fc.integer({ min: 1, max: 255 }),
      count: fc.integer({ min: 1, max: 64 }),
    }),
    fc.record({ kind: fc.constant("drop" as const), entry: fc.nat() }),
    fc.record({
      kind: fc.constant("rewrite" as const),
      entry: fc.nat(),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      cut: fc.nat({ max: 400 }),
      insert: fc.oneof(
        fc.constantFrom(
          "<",
          "</row>",
          '<c r="D1"><v>1e999</v></c>',
          "&bogus;",
          '<definedName name="CT_1_1_1">Phụ lục!$D$1</definedName>',
          "\u0000",
          "]]>",
          "<x>".repeat(50),
        ),
        fc.string({ maxLength: 30 }),
      ),
    }),
  );

  function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
    if (m.kind === "truncate") return bytes.subarray(0, Math.floor(bytes.length * m.at));
    if (m.kind === "flip") {
      const b = Uint8Array.from(bytes);
      const start = Math.floor(b.length * m.at);
      for (let i = start; i < Math.min(b.length, start + m.count); i++) b[i] ^= m.mask;
      return b;
    }
    let parts: ReturnType<typeof unzipSync>;
    try {
      parts = unzipSync(bytes);
    } catch {
      return bytes; // already cut or flipped beyond unzipping: the other mutations have nothing to edit
    }
    const names = Object.keys(parts).sort();
    const name = names[m.entry % names.length];
    if (m.kind === "drop") delete parts[name];
    else {
      const xml = strFromU8(parts[name]);
      const at = Math.floor(xml.length * m.at);
      parts[name] = strToU8(xml.slice(0, at) + m.insert + xml.slice(at + m.cut));
    }
    // The fastest deflate: still deflate streams for the next mutation to cut or flip.
    return zipSync(parts, { level: 1 });
  }

  it("gives a submission or a refusal naming the file in both languages, and check throws only messages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const bytes = mutations.reduce(mutate, good);
        const read = await readSubmission({ file: "x.xlsx", bytes }, registry);
        if ("rejected" in read) {
          expect(read.rejected.reason.vi.startsWith("x.xlsx: ")).toBe(true);
          expect(read.rejected.reason.en.startsWith("x.xlsx: ")).toBe(true);
        } else {
          for (const v of read.submission.values.values())
            if (v.parsed.status === "value") expect(Number.isFinite(v.parsed.value)).toBe(true);
        }
        try {
          await checkFile(bytes, "x.xlsx", registry); // what `cchc check` does with the file
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          expect(e.userMessage.vi.startsWith("x.xlsx: ")).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
