// The value parser reads what staff type ("1.755", "98,4", "83%", "02/02", "-", blank) the way a
// Vietnamese civil servant means it, and the formatter writes numbers back the Vietnamese way.
import fc from "fast-check";
import { Indicator, Template } from "../src/domain/template/schema";
import { formatNumber, formatParsed, ParsedValue, parseValue, parseVietnameseNumber } from "../src/domain/values";
import { builtInRegistry } from "../src/templates";
import { readSeedTable, SEEDS } from "./support/seeds";

const registry = builtInRegistry();

type Ind = Pick<Indicator, "code" | "kind" | "options">;
const count: Ind = { code: "3.1.3", kind: "count" };
const amount: Ind = { code: "BM6.1.2", kind: "amount" };
const percent: Ind = { code: "3.4.1", kind: "percent" };
const text: Ind = { code: "7.6.1", kind: "text" };
const header: Ind = { code: "3.1", kind: "header" };
const choice: Ind = {
  code: "1.4.2",
  kind: "choice",
  options: [
    { value: 0, label: "Không" },
    { value: 1, label: "Có" },
  ],
};

function expectInvalid(p: ParsedValue): Extract<ParsedValue, { status: "invalid" }> {
  expect(p.status).toBe("invalid");
  if (p.status !== "invalid") throw new Error("not invalid");
  return p;
}

// ---------------------------------------------------------------------------------------------
// Every value typed in the five real reports

interface SeedValue {
  seed: string;
  seq: number;
  value: string;
  ind: Indicator;
}

/** Seed rows that are not template rows: seed 003 seq 29 is a second data row of indicator `1`. */
const NOT_FORM_ROWS: Record<string, number[]> = { [SEEDS.socTrang2021Y]: [29] };

function fullSeedValues(stem: string, template: Template): SeedValue[] {
  const rows = readSeedTable(stem).filter((r) => !(NOT_FORM_ROWS[stem] ?? []).includes(r.seq));
  expect(rows).toHaveLength(template.indicators.length);
  return rows.flatMap((r, i) => (r.value === "" ? [] : [{ seed: stem, seq: r.seq, value: r.value, ind: template.indicators[i] }]));
}

/** Seed 004 reports only part of quang-ngai-2021: numbered rows by code, "Trong đó" sub-rows by letter under their parent. */
function partialSeedValues(stem: string, template: Template): SeedValue[] {
  const bare = (stt: string) => stt.replace(/\.$/, "");
  const subRowsSeen = new Map<string, number>();
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const out: SeedValue[] = [];
  for (const r of readSeedTable(stem)) {
    let code: string;
    if (/^\d+(\.\d+)*\.?$/.test(r.stt)) {
      code = bare(r.stt);
    } else {
      const parent = bare(r.parentStt);
      const n = subRowsSeen.get(parent) ?? 0;
      subRowsSeen.set(parent, n + 1);
      code = `${parent}.${String.fromCharCode(97 + n)}`;
    }
    const ind = byCode.get(code);
    expect({ seq: r.seq, code, found: ind !== undefined }).toEqual({ seq: r.seq, code, found: true });
    // the mapping is right: same printed name (seed 004 misprints "Cổng DVC" as "Công DVC")
    expect({ seq: r.seq, name: ind!.name }).toEqual({ seq: r.seq, name: r.name.replace(/Công DVC/g, "Cổng DVC") });
    if (r.value !== "") out.push({ seed: stem, seq: r.seq, value: r.value, ind: ind! });
  }
  return out;
}

function allSeedValues(): SeedValue[] {
  return [
    ...fullSeedValues(SEEDS.quangNgai2021H1, registry.get("quang-ngai-2021")),
    ...fullSeedValues(SEEDS.haTinh2021Q3, registry.get("ha-tinh-2021-xa")),
    ...fullSeedValues(SEEDS.quangTri2023Q3, registry.get("quang-tri-2023")),
    ...fullSeedValues(SEEDS.socTrang2021Y, registry.get("soc-trang-2021")),
    ...partialSeedValues(SEEDS.quangNgai2021Y, registry.get("quang-ngai-2021")),
  ];
}

/**
 * What each distinct value in the seeds means, written down by hand: dots group thousands, a comma
 * starts the decimals, leading zeros are padding, "x/y" is x (of y units), "83%" is 83 on a rate.
 */
const EXPECTED_NUMBERS: Record<string, { value: number; outOf?: number }> = {
  "0": { value: 0 },
  "01": { value: 1 },
  "02": { value: 2 },
  "03": { value: 3 },
  "04": { value: 4 },
  "05": { value: 5 },
  "06": { value: 6 },
  "07": { value: 7 },
  "09": { value: 9 },
  "01/01": { value: 1, outOf: 1 },
  "02/02": { value: 2, outOf: 2 },
  "1": { value: 1 },
  "2": { value: 2 },
  "3": { value: 3 },
  "4": { value: 4 },
  "5": { value: 5 },
  "6": { value: 6 },
  "10": { value: 10 },
  "12": { value: 12 },
  "14": { value: 14 },
  "18": { value: 18 },
  "19": { value: 19 },
  "20": { value: 20 },
  "21": { value: 21 },
  "24": { value: 24 },
  "25": { value: 25 },
  "26": { value: 26 },
  "27": { value: 27 },
  "29": { value: 29 },
  "30": { value: 30 },
  "31": { value: 31 },
  "32": { value: 32 },
  "33": { value: 33 },
  "34": { value: 34 },
  "35": { value: 35 },
  "37": { value: 37 },
  "40": { value: 40 },
  "46": { value: 46 },
  "47": { value: 47 },
  "50": { value: 50 },
  "55": { value: 55 },
  "56": { value: 56 },
  "57": { value: 57 },
  "58": { value: 58 },
  "60": { value: 60 },
  "64": { value: 64 },
  "65": { value: 65 },
  "70": { value: 70 },
  "71": { value: 71 },
  "74": { value: 74 },
  "80": { value: 80 },
  "90": { value: 90 },
  "93": { value: 93 },
  "95": { value: 95 },
  "98": { value: 98 },
  "99": { value: 99 },
  "100": { value: 100 },
  "114": { value: 114 },
  "118": { value: 118 },
  "121": { value: 121 },
  "136": { value: 136 },
  "150": { value: 150 },
  "172": { value: 172 },
  "175": { value: 175 },
  "191": { value: 191 },
  "226": { value: 226 },
  "308": { value: 308 },
  "328": { value: 328 },
  "379": { value: 379 },
  "490": { value: 490 },
  "798": { value: 798 },
  "1654": { value: 1654 },
  "1.050": { value: 1050 },
  "1.291": { value: 1291 },
  "1.380": { value: 1380 },
  "1.522": { value: 1522 },
  "1.755": { value: 1755 },
  "8.326": { value: 8326 },
  "42.000": { value: 42000 },
  "1,34": { value: 1.34 },
  "7,89": { value: 7.89 },
  "21,1": { value: 21.1 },
  "21,8": { value: 21.8 },
  "26,3": { value: 26.3 },
  "35,08": { value: 35.08 },
  "43,8": { value: 43.8 },
  "98,25": { value: 98.25 },
  "98,4": { value: 98.4 },
  "6.786,875": { value: 6786.875 },
  "83%": { value: 83 },
  "100%": { value: 100 },
};

/**
 * Seed values that are rightly not read as a number, with the reason. None: every value the five
 * reports hold is one a civil servant would call valid for its row (the reports' mistakes are in
 * the relations between values, which the rules catch, not in how the values are written).
 */
const EXPECTED_INVALID: { seed: string; seq: number; reason: string }[] = [];

describe("every value in the seed tables", () => {
  const values = allSeedValues();

  it("covers all five seeds and every distinct value string", () => {
    const seeds = new Set(values.map((v) => v.seed));
    expect(seeds.size).toBe(5);
    const distinct = new Set(values.map((v) => v.value));
    const known = new Set([...Object.keys(EXPECTED_NUMBERS), "-", "Đã kết nối"]);
    expect([...distinct].filter((v) => !known.has(v))).toEqual([]);
    expect([...known].filter((v) => !distinct.has(v))).toEqual([]);
  });

  it("parses no seed value as invalid except the listed ones", () => {
    const invalid = values.filter((v) => parseValue(v.value, v.ind).status === "invalid").map((v) => ({ seed: v.seed, seq: v.seq }));
    expect(invalid).toEqual(EXPECTED_INVALID.map(({ seed, seq }) => ({ seed, seq })));
  });

  it("parses each value as expected for its row's kind", () => {
    for (const v of values) {
      const parsed = parseValue(v.value, v.ind);
      const where = `${v.seed} seq ${v.seq} ${v.ind.code} (${v.ind.kind}) "${v.value}"`;
      if (v.value === "-") {
        expect({ where, parsed }).toEqual({ where, parsed: { status: "notApplicable" } });
      } else if (v.ind.kind === "text") {
        expect({ where, parsed }).toEqual({ where, parsed: { status: "text", text: v.value } });
      } else {
        expect({ where, kind: v.ind.kind === "header" ? "header" : "value-row" }).toEqual({ where, kind: "value-row" });
        expect({ where, parsed }).toEqual({ where, parsed: { status: "value", ...EXPECTED_NUMBERS[v.value] } });
      }
      if (v.ind.kind === "choice" && parsed.status === "value") {
        expect(v.ind.options!.map((o) => o.value)).toContain(parsed.value);
      }
      if (v.ind.kind === "percent" && parsed.status === "value") {
        expect(parsed.value).toBeGreaterThanOrEqual(0);
        expect(parsed.value).toBeLessThanOrEqual(100);
      }
    }
  });

  it("reads the seed's typical forms on the rows they come from", () => {
    const at = (seed: string, value: string) => values.find((v) => v.seed === seed && v.value === value)!;
    expect(at(SEEDS.quangTri2023Q3, "83%").ind.kind).toBe("percent");
    expect(at(SEEDS.quangNgai2021Y, "1.755").ind.code).toBe("3.1.3");
    expect(parseValue("1.755", at(SEEDS.quangNgai2021Y, "1.755").ind)).toEqual({ status: "value", value: 1755 });
    expect(at(SEEDS.quangNgai2021H1, "02/02").ind.kind).toBe("count");
    expect(at(SEEDS.quangTri2023Q3, "6.786,875").ind.kind).toBe("amount");
  });
});

// ---------------------------------------------------------------------------------------------

describe("parseValue", () => {
  it("reads Vietnamese numbers: dots group thousands, a comma starts the decimals", () => {
    expect(parseValue("1.755", count)).toEqual({ status: "value", value: 1755 });
    expect(parseValue("6.786,875", amount)).toEqual({ status: "value", value: 6786.875 });
    expect(parseValue("98,4", percent)).toEqual({ status: "value", value: 98.4 });
    expect(parseValue("42.000", count)).toEqual({ status: "value", value: 42000 });
    expect(parseValue("1.234.567", count)).toEqual({ status: "value", value: 1234567 });
  });

  it("reads a percentage typed with % on a percent indicator", () => {
    expect(parseValue("83%", percent)).toEqual({ status: "value", value: 83 });
    expect(parseValue("100%", percent)).toEqual({ status: "value", value: 100 });
    expect(parseValue("98,4%", percent)).toEqual({ status: "value", value: 98.4 });
  });

  it("shows a number no spreadsheet holds (1e999, NaN in the cell XML) as Excel does, #NUM!, never Infinity", () => {
    for (const raw of [Infinity, -Infinity, NaN]) {
      const r = expectInvalid(parseValue(raw, count));
      expect(r.raw).toBe("#NUM!");
      expect(`${r.reason.vi} ${r.reason.en}`).not.toMatch(/infinity|nan/i);
      expect(r.reason.vi).toContain("kiểm tra lại công thức hoặc số liệu");
    }
  });

  it("drops leading zeros", () => {
    expect(parseValue("01", count)).toEqual({ status: "value", value: 1 });
    expect(parseValue("09", count)).toEqual({ status: "value", value: 9 });
  });

  it('keeps both parts of a count written "x/y"', () => {
    expect(parseValue("02/02", count)).toEqual({ status: "value", value: 2, outOf: 2 });
    expect(parseValue("1/3", count)).toEqual({ status: "value", value: 1, outOf: 3 });
  });

  it('reads "x/y" only on counts', () => {
    const r = expectInvalid(parseValue("1/2", percent));
    expect(r.raw).toBe("1/2");
    expect(r.reason.vi).toContain("3.4.1");
  });

  it('reads "-" as not applicable', () => {
    expect(parseValue("-", count)).toEqual({ status: "notApplicable" });
    expect(parseValue(" - ", percent)).toEqual({ status: "notApplicable" });
    expect(parseValue("–", amount)).toEqual({ status: "notApplicable" });
  });

  it("reads blanks as missing", () => {
    expect(parseValue("", count)).toEqual({ status: "missing" });
    expect(parseValue(null, count)).toEqual({ status: "missing" });
    expect(parseValue(undefined, count)).toEqual({ status: "missing" });
    expect(parseValue("   ", count)).toEqual({ status: "missing" });
    expect(parseValue("", header)).toEqual({ status: "missing" });
  });

  it("keeps zero, missing and not applicable distinct", () => {
    const zero = parseValue(0, count);
    const missing = parseValue("", count);
    const na = parseValue("-", count);
    expect(zero).toEqual({ status: "value", value: 0 });
    expect(parseValue("0", count)).toEqual({ status: "value", value: 0 });
    expect(new Set([zero.status, missing.status, na.status]).size).toBe(3);
    expect(formatParsed(zero)).toBe("0");
    expect(formatParsed(missing)).toBe("");
    expect(formatParsed(na)).toBe("-");
  });

  it("takes numbers from the spreadsheet as they are", () => {
    expect(parseValue(1755, count)).toEqual({ status: "value", value: 1755 });
    expect(parseValue(98.4, percent)).toEqual({ status: "value", value: 98.4 });
  });

  it("explains a non-number in Vietnamese and English, naming the indicator", () => {
    const r = expectInvalid(parseValue("abc", count));
    expect(r.raw).toBe("abc");
    expect(r.reason.vi).toContain("3.1.3");
    expect(r.reason.en).toContain("3.1.3");
    expect(r.reason.vi).toContain("Chỉ tiêu");
    expect(r.reason.vi).toContain("không phải là số");
    expect(r.reason.en).toContain("Indicator");
    expect(r.reason.en).toContain("not a number");
    expect(r.reason.vi).not.toEqual(r.reason.en);
  });

  it('refuses the ambiguous "1.5" and suggests "1,5"', () => {
    const r = expectInvalid(parseValue("1.5", percent));
    expect(r.reason.vi).toContain("1,5");
    expect(r.reason.en).toContain("1,5");
    expect(r.reason.en).toContain("ambiguous");
    expectInvalid(parseValue("12.25", amount));
  });

  it("refuses a percentage on an indicator that is not in %", () => {
    const r = expectInvalid(parseValue("83%", count));
    expect(r.raw).toBe("83%");
    expect(r.reason.vi).toContain("3.1.3");
    expect(r.reason.en).toContain("not in %");
  });

  it("reads a choice by its code or its label, and lists the options when it is neither", () => {
    expect(parseValue(1, choice)).toEqual({ status: "value", value: 1 });
    expect(parseValue("0", choice)).toEqual({ status: "value", value: 0 });
    expect(parseValue("Có", choice)).toEqual({ status: "value", value: 1 });
    expect(parseValue("không", choice)).toEqual({ status: "value", value: 0 });
    const r = expectInvalid(parseValue(5, choice));
    expect(r.reason.vi).toContain("Không = 0");
    expect(r.reason.vi).toContain("Có = 1");
    expect(r.reason.en).toContain("Không = 0; Có = 1");
    expect(r.reason.en).toContain("1.4.2");
  });

  it("refuses a value Excel turned into a date, and says which date", () => {
    const r = expectInvalid(parseValue(new Date(Date.UTC(2021, 1, 2)), count));
    expect(r.raw).toBe("02/02/2021");
    expect(r.reason.vi).toContain("02/02/2021");
    expect(r.reason.en).toContain("date 02/02/2021");
  });

  it("refuses spreadsheet error values", () => {
    for (const e of ["#DIV/0!", "#REF!", "#VALUE!", "#N/A"]) {
      const r = expectInvalid(parseValue(e, percent));
      expect(r.raw).toBe(e);
      expect(r.reason.vi).toContain(e);
      expect(r.reason.en).toContain(e);
    }
    // even on a text indicator an error value is an error, not text
    expect(parseValue("#DIV/0!", text).status).toBe("invalid");
  });

  it("refuses a value typed in a header row", () => {
    const r = expectInvalid(parseValue("12", header));
    expect(r.reason.vi).toContain("3.1");
    expect(r.reason.en).toContain("heading row");
    expect(expectInvalid(parseValue(5, header)).raw).toBe("5");
  });

  it("keeps text on a text indicator as typed, trimmed", () => {
    expect(parseValue("Đã kết nối", text)).toEqual({ status: "text", text: "Đã kết nối" });
    expect(parseValue("  Quyết định 15/2021/QĐ-UBND ", text)).toEqual({ status: "text", text: "Quyết định 15/2021/QĐ-UBND" });
    expect(parseValue("-", text)).toEqual({ status: "text", text: "-" });
  });

  it("refuses booleans", () => {
    expect(parseValue(true, count).status).toBe("invalid");
  });
});

describe("parseVietnameseNumber", () => {
  it("reads grouped and decimal numbers", () => {
    expect(parseVietnameseNumber("1.755")).toBe(1755);
    expect(parseVietnameseNumber("6.786,875")).toBe(6786.875);
    expect(parseVietnameseNumber("98,4")).toBe(98.4);
    expect(parseVietnameseNumber("1 755")).toBe(1755);
    expect(parseVietnameseNumber("0")).toBe(0);
  });

  it("refuses what is not a Vietnamese number", () => {
    expect(parseVietnameseNumber("abc")).toBeUndefined();
    expect(parseVietnameseNumber("1.5")).toBeUndefined();
    expect(parseVietnameseNumber("1.75.5")).toBeUndefined();
    expect(parseVietnameseNumber("")).toBeUndefined();
    expect(parseVietnameseNumber("1,2,3")).toBeUndefined();
  });
});

describe("formatNumber", () => {
  it("writes numbers the Vietnamese way", () => {
    expect(formatNumber(1755)).toBe("1.755");
    expect(formatNumber(98.4)).toBe("98,4");
    expect(formatNumber(6786.875)).toBe("6.786,875");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(42000)).toBe("42.000");
  });

  it("rounds to at most the given number of decimals", () => {
    expect(formatNumber(83.78378378)).toBe("83,784");
    expect(formatNumber(83.78378378, 1)).toBe("83,8");
  });

  it("writes whole figures of any size as vi-VN's number format does, whatever the decimals asked", () => {
    const vi = (decimals: number) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: decimals, useGrouping: true });
    const whole = fc.oneof(
      fc.integer({ min: -100_000, max: 100_000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, -0, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
    );
    fc.assert(
      fc.property(whole, fc.integer({ min: 0, max: 6 }), (n, decimals) => {
        expect(formatNumber(n, decimals)).toBe(vi(decimals).format(n));
      }),
      { numRuns: 500 },
    );
  });

  it("writes any number as vi-VN's number format does, at any decimals asked", () => {
    const vi = (max: number, min: number) =>
      new Intl.NumberFormat("vi-VN", { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: true });
    const decimal = fc.oneof(
      fc.double(),
      fc.double({ min: -1e7, max: 1e7 }),
      // Figures with few decimals, and halves at every place: where rounding goes one way or the other.
      fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 7 })).map(([k, places]) => k / 10 ** places),
      fc.integer({ min: 0, max: 9 }).map((places) => 5 / 10 ** places),
      fc.constantFrom(
        1.005,
        2.675,
        0.25,
        0.35,
        9.995,
        99.95,
        999_999.9995,
        1e21,
        1.5e-7,
        5e-324,
        -0.0001,
        Number.MAX_VALUE,
        NaN,
        Infinity,
        -Infinity,
      ),
    );
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), (n, a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        expect(formatNumber(n, max, min)).toBe(vi(max, min).format(n));
      }),
      { numRuns: 3000 },
    );
  });

  it("writes a rate with one decimal, kept when it is zero", () => {
    expect(formatNumber(75, 1, 1)).toBe("75,0");
    expect(formatNumber(99.96, 1, 1)).toBe("100,0");
    expect(formatNumber(1234.56, 1, 1)).toBe("1.234,6");
  });

  it("round-trips with the parser", () => {
    for (const n of [0, 7, 1755, 98.4, 6786.875, 1234567]) {
      expect(parseVietnameseNumber(formatNumber(n))).toBe(n);
    }
  });
});

describe("formatParsed", () => {
  it("shows each status as a user would read it", () => {
    expect(formatParsed({ status: "value", value: 2, outOf: 2 })).toBe("2/2");
    expect(formatParsed({ status: "value", value: 1755 })).toBe("1.755");
    expect(formatParsed({ status: "text", text: "Đã kết nối" })).toBe("Đã kết nối");
    expect(formatParsed(parseValue("abc", count))).toBe("abc");
  });
});
