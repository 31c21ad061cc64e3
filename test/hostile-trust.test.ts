// Hostile input (issue 11), what a file says about itself against what its sheet shows: `_cchc` metadata
// edited, a summary's stored statistics and units list tampered with, CT_ names moved, duplicated or lost,
// other formats and versions; and the identity of units (invisible characters, decomposed letters, case,
// two summaries sharing a unit). The visible sheet is the truth (README "Trust"); every file is accounted for.
import { RawValue } from "../src/domain/values";
import { readFileSync } from "node:fs";
import { builtInRegistry } from "../src/templates";
import { readOwnWorkbook } from "../src/xlsx/ownWorkbook";
import {
  cellOf,
  checkCase,
  editXml,
  GOOD_UNIT,
  GOOD_VALUES,
  HostileCase,
  MERGE_ARGS,
  mergeBeside,
  moveName,
  report,
  runCase,
  setCells,
  setMetaXml,
  summary,
  UNIT_CELL,
} from "./support/hostile";

const MERGE = MERGE_ARGS;
const A = { ...GOOD_VALUES, "1.1.1": 14 };
const B = { ...GOOD_VALUES, "1.1.1": 15 };
const C = { ...GOOD_VALUES, "1.1.1": 13 };
const THREE = () => summary({ "UBND huyện A": A, "UBND huyện B": B, "UBND huyện C": C });
const GOOD = () => report(GOOD_UNIT);
const D16 = `Phụ lục!${cellOf("1.1.1")}`;

/** The merged total of an indicator in the summary the merge wrote. */
function total(dir: string, code: string): RawValue {
  return readOwnWorkbook(readFileSync(`${dir}/tong-hop.xlsx`), "tong-hop.xlsx", builtInRegistry()).read!.cells.get(code)!.raw;
}

const check = checkCase;
const mergeWith = mergeBeside;

const meta =
  (entries: Record<string, string | null>, bytes: () => Uint8Array | Promise<Uint8Array> = GOOD) =>
  async () =>
    setMetaXml(await bytes(), entries);
const units = (list: string[]) => meta({ units: JSON.stringify(list) }, THREE);
const aggregate = (code: string, json: unknown) =>
  meta({ [`aggregate:${code}`]: typeof json === "string" ? json : JSON.stringify(json) }, THREE);
const sumOf = (total: string, numbers = 3) => ({ method: "sum", total, numbers, dashes: 0, missing: [], unreadable: [] });

/** The workbook with one more definedName element for `name`, pointing at `ref`. */
const extraName = (bytes: Uint8Array, name: string, ref: string) =>
  editXml(bytes, "xl/workbook.xml", (xml) =>
    xml.replace("</definedNames>", `<definedName name="${name}">${ref}</definedName></definedNames>`),
  );
const dropName = (bytes: Uint8Array, name: string) =>
  editXml(bytes, "xl/workbook.xml", (xml) => xml.replace(new RegExp(`<definedName name="${name}">[^<]*</definedName>`), ""));

/** Two files for one unit, its name spelled two ways: one unit, the newer file kept, both files named. */
function sameUnit(how: string, first: string, second: string): HostileCase {
  return {
    name: `merge: one unit spelled two ways (${how})`,
    files: () => ({
      "nhan/cu.xlsx": report(first, A, "2021-06-10T08:00:00Z"),
      "nhan/moi.xlsx": report(second, B, "2021-06-12T08:00:00Z"),
    }),
    argv: MERGE,
    code: 0,
    names: ["nhan/cu.xlsx"],
    merged: ["nhan/moi.xlsx"],
    after: async (dir, run) => {
      if (run.lang === "vi") expect(total(dir, "1.1.1")).toBe(15);
    },
  };
}

const CASES: HostileCase[] = [
  // ---- `_cchc` of a unit's report ----
  {
    name: "merge: a unit's report whose _cchc units list names two other units, beside their own reports",
    files: async () => ({
      "nhan/a.xlsx": await meta({ units: JSON.stringify(["UBND huyện B", "UBND huyện C"]) }, () => report("UBND huyện A", A))(),
      "nhan/b.xlsx": report("UBND huyện B", B),
      "nhan/c.xlsx": report("UBND huyện C", C),
    }),
    argv: MERGE,
    code: 0,
    merged: ["nhan/a.xlsx", "nhan/b.xlsx", "nhan/c.xlsx"],
    units: ["UBND huyện A", "UBND huyện B", "UBND huyện C"],
    after: async (dir, run) => {
      if (run.lang === "vi") expect(total(dir, "1.1.1")).toBe(42);
    },
  },
  {
    name: "merge: a unit's report whose _cchc unitName names another unit: the sheet's unit counts",
    files: () => ({
      "nhan/a.xlsx": setMetaXml(report("UBND huyện A", A), { unitName: "UBND huyện B" }),
      "nhan/b.xlsx": report("UBND huyện B", B),
    }),
    argv: MERGE,
    code: 0,
    units: ["UBND huyện A", "UBND huyện B"],
  },
  check("formatVersion 3 (a newer program)", meta({ formatVersion: "3" }), {
    says: { vi: /cập nhật chương trình/, en: /update the program/ },
  }),
  check("formatVersion garbage", meta({ formatVersion: "hai" }), { says: { vi: /formatVersion/, en: /formatVersion/ } }),
  check("formatVersion 1e9", meta({ formatVersion: "1e9" })),
  check("format key of another program", meta({ format: "other-workbook" })),
  check("format key removed", meta({ format: null })),
  check("templateId unknown", meta({ templateId: "ha-noi-2030" }), { says: { vi: /--template-file/, en: /--template-file/ } }),
  check("templateId empty", meta({ templateId: "" })),
  check("templateVersion other", meta({ templateVersion: "0.9.0" }), { says: { vi: /phiên bản 0\.9\.0/, en: /version 0\.9\.0/ } }),
  {
    name: "merge: a report of another template version: nothing written, the file named",
    files: async () => ({ "nhan/tot.xlsx": GOOD(), "nhan/cu.xlsx": await meta({ templateVersion: "0.9.0" })() }),
    argv: MERGE,
    code: 2,
    names: ["nhan/cu.xlsx"],
  },
  check("period garbage", meta({ period: "2021-Q9" }), { says: { vi: /period/, en: /period/ } }),
  {
    name: "merge: reports of two periods: nothing written, the files named",
    files: async () => ({ "nhan/q2.xlsx": GOOD(), "nhan/q3.xlsx": await meta({ period: "2021-Q3" }, () => report("UBND huyện B"))() }),
    argv: MERGE,
    code: 2,
    names: ["nhan/q3.xlsx"],
  },
  check("kind garbage", meta({ kind: "tong-hop" })),
  check("kind summary on a unit's report (no units list)", meta({ kind: "summary" })),
  check("the _cchc sheet's unitLevel garbage", meta({ unitLevel: "quoc-gia" })),
  check("createdAt garbage", meta({ createdAt: "hôm qua" }), { code: 0 }),
  check("the validation stamp garbage", meta({ validation: "{not json" }), { code: 0 }),
  check(
    "a second templateId row naming another template",
    async () =>
      editXml(GOOD(), "xl/worksheets/sheet2.xml", (xml) =>
        xml.replace(
          "</sheetData>",
          '<row r="9000"><c r="A9000" t="inlineStr"><is><t>templateId</t></is></c><c r="B9000" t="inlineStr"><is><t>quang-tri-2023</t></is></c></row></sheetData>',
        ),
      ),
    { code: 0 },
  ),
  {
    name: "merge: a report whose _cchc sheet was deleted (read as a form retyped by hand)",
    files: () => ({
      "nhan/tot.xlsx": GOOD(),
      "nhan/chep.xlsx": editXml(report("UBND huyện B", B), "xl/workbook.xml", (xml) => xml.replace(/<sheet name="_cchc"[^>]*\/>/, "")),
    }),
    argv: MERGE,
    code: 0,
    names: ["nhan/chep.xlsx"],
  },
  // ---- CT_ names ----
  check("a CT_ name moved to the unit column of its row", () => moveName(GOOD(), "CT_1_1_1", "$C$16"), {
    names: ["x.xlsx", "CT_1_1_1"],
    says: { vi: /Name Manager/, en: /Name Manager/ },
  }),
  check("a CT_ name moved to another row", () => moveName(GOOD(), "CT_1_1_1", "$D$17"), { names: ["x.xlsx", "CT_1_1_1"] }),
  check("a CT_ name moved to the _cchc sheet", () => moveName(GOOD(), "CT_1_1_1", "_cchc!$B$2"), { names: ["x.xlsx", "CT_1_1_1"] }),
  check("two CT_ names swapped", () => moveName(moveName(GOOD(), "CT_1_1_1", "$D$17"), "CT_1_1_2", "$D$16"), {
    names: ["x.xlsx", "CT_1_1_1", "CT_1_1_2"],
  }),
  check("a CT_ name defined twice, at two cells", () => extraName(GOOD(), "CT_1_1_1", "'Phụ lục'!$D$17"), {
    names: ["x.xlsx", "CT_1_1_1"],
  }),
  check("a CT_ name removed", () => dropName(GOOD(), "CT_1_1_1"), { names: ["x.xlsx", "CT_1_1_1"] }),
  check("a CT_ name pointing at a range", () => moveName(GOOD(), "CT_1_1_1", "$D$16:$D$18"), { names: ["x.xlsx", "CT_1_1_1"] }),
  check("a CT_ name pointing at a sheet that does not exist", () => moveName(GOOD(), "CT_1_1_1", "'Khác'!$D$16"), {
    names: ["x.xlsx", "CT_1_1_1"],
  }),
  check("the unit name's defined name removed (blank unit)", () => dropName(GOOD(), "CCHC_DonVi"), {
    code: 1,
    names: ["x.xlsx", "Phụ lục (CCHC_DonVi)"],
  }),
  mergeWith("the unit name's defined name removed", () => dropName(GOOD(), "CCHC_DonVi"), {
    names: ["nhan/xau.xlsx", "Phụ lục (CCHC_DonVi)"],
  }),
  mergeWith("a CT_ name moved to another row", () => moveName(GOOD(), "CT_1_1_1", "$D$17"), { names: ["nhan/xau.xlsx", "CT_1_1_1"] }),
  {
    name: "export --csv: a CT_ name moved to another row",
    files: () => ({ "x.xlsx": moveName(GOOD(), "CT_1_1_1", "$D$17") }),
    argv: ["export", "x.xlsx", "--csv"],
    code: 2,
    names: ["x.xlsx", "CT_1_1_1"],
  },
  // ---- summaries ----
  check("a summary's units list naming three other units", units(["UBND huyện X", "UBND huyện Y", "UBND huyện Z"]), {
    says: { vi: /đơn vị/, en: /units/ },
  }),
  mergeWith("a summary's units list naming three other units", units(["UBND huyện X", "UBND huyện Y", "UBND huyện Z"])),
  check("a summary's units list with one name twice", units(["UBND huyện A", "UBND huyện A", "UBND huyện C"])),
  check(
    "a summary's units list with one name twice, told by a zero-width space",
    units(["UBND huyện A", "UBND huyện\u200b A", "UBND huyện C"]),
  ),
  check("a summary's units list empty", units([])),
  check("a summary's units list not JSON", meta({ units: "[UBND huyện A, UBND huyện B" }, THREE)),
  check(
    "a summary's units list of four for a sheet that says three",
    units(["UBND huyện A", "UBND huyện B", "UBND huyện C", "UBND huyện D"]),
  ),
  check("a summary's hidden statistics contradicting its visible total (1.000.003 for 42)", aggregate("1.1.1", sumOf("1000003")), {
    code: 1,
    names: ["x.xlsx", D16],
  }),
  {
    ...mergeWith("a summary's hidden statistics contradicting its visible total", aggregate("1.1.1", sumOf("1000003")), {
      code: 0,
      names: ["nhan/xau.xlsx"],
      merged: ["nhan/tot.xlsx", "nhan/xau.xlsx"],
    }),
    after: async (dir, run) => {
      // The figure the sheet shows (42) plus the good report's, never the hidden 1.000.003.
      if (run.lang === "vi") expect(total(dir, "1.1.1")).toBe(54);
    },
  },
  check("a summary's visible total edited (99 where its statistics say 42)", async () => setCells(await THREE(), { D16: 99 }), {
    code: 1,
    names: ["x.xlsx", D16],
  }),
  check(
    "a summary's total and statistics both negative (-5)",
    async () => setMetaXml(setCells(await THREE(), { D16: -5 }), { "aggregate:1.1.1": JSON.stringify(sumOf("-5")) }),
    {
      code: 1,
      names: ["x.xlsx", D16],
    },
  ),
  check("a summary's statistics not JSON", aggregate("1.1.1", "{method: sum"), { code: 1, names: ["x.xlsx", D16] }),
  check(
    "a summary's statistics of another shape (a distribution for a count)",
    aggregate("1.1.1", { method: "distribution", counts: {} }),
    {
      code: 1,
      names: ["x.xlsx", D16],
    },
  ),
  check("a summary's statistics covering two units where the list has three", aggregate("1.1.1", sumOf("42", 2)), {
    code: 1,
    names: ["x.xlsx", D16],
  }),
  check("a summary's statistics naming a unit not on its list", aggregate("1.1.1", { ...sumOf("42", 2), missing: ["UBND huyện Q"] }), {
    names: ["x.xlsx", "UBND huyện Q"],
  }),
  check("a summary's statistics for an indicator the form does not have", aggregate("9.9.9", sumOf("5")), { code: 0 }),
  check(
    "a summary whose every statistic was removed",
    async () => {
      const bytes = await THREE();
      const keys = [...new Set([...bytes.toString().matchAll(/aggregate:[\w.]+/g)].map((m) => m[0]))];
      return setMetaXml(bytes, Object.fromEntries(keys.map((k) => [k, null])));
    },
    { code: 0 },
  ),
  check("a summary's unit name edited to one of its own units", async () => setCells(await THREE(), { [UNIT_CELL()]: "UBND huyện A" }), {
    code: 0,
  }),
  {
    name: "merge: a summary plus a newer report of one of its units: the newer report is named with what to do",
    files: async () => ({
      "nhan/tong-hop-huyen.xlsx": await THREE(),
      "nhan/b-moi.xlsx": report("UBND huyện B", { ...B, "1.1.1": 50 }, "2030-01-01T00:00:00Z"),
    }),
    argv: MERGE,
    code: 0,
    names: ["nhan/b-moi.xlsx"],
    units: ["UBND huyện A", "UBND huyện B", "UBND huyện C"],
  },
  {
    name: "merge: a summary plus an older report of one of its units: the report is named as counted already",
    files: async () => ({ "nhan/tong-hop-huyen.xlsx": await THREE(), "nhan/b-cu.xlsx": report("UBND huyện B", B, "2020-01-01T00:00:00Z") }),
    argv: MERGE,
    code: 0,
    names: ["nhan/b-cu.xlsx"],
    merged: ["nhan/tong-hop-huyen.xlsx"],
    units: ["UBND huyện A", "UBND huyện B", "UBND huyện C"],
  },
  {
    name: "merge: two summaries sharing a unit: one kept, the other named, no unit lost unnamed",
    files: async () => ({
      "nhan/th1.xlsx": await summary({ "UBND huyện A": A, "UBND huyện B": B }, "Huyện 1"),
      "nhan/th2.xlsx": await summary({ "UBND huyện B": B, "UBND huyện C": C }, "Huyện 2"),
    }),
    argv: MERGE,
    code: 0,
    names: ["nhan/th1.xlsx", "nhan/th2.xlsx", "UBND huyện C"],
  },
  {
    name: "merge: a summary whose every unit sent a newer report gives way to them",
    files: async () => ({
      "nhan/th.xlsx": await summary({ "UBND huyện A": A, "UBND huyện B": B }, "Huyện 1"),
      "nhan/a.xlsx": report("UBND huyện A", A, "2030-01-01T00:00:00Z"),
      "nhan/b.xlsx": report("UBND huyện B", B, "2030-01-01T00:00:00Z"),
    }),
    argv: MERGE,
    code: 0,
    names: ["nhan/th.xlsx"],
    merged: ["nhan/a.xlsx", "nhan/b.xlsx"],
    units: ["UBND huyện A", "UBND huyện B"],
  },
  // ---- the unit's name ----
  check("the unit name left blank", () => report(null), { code: 1, names: ["x.xlsx", `Phụ lục!${UNIT_CELL()}`] }),
  check("the unit name only invisible characters", () => report("\u200b\u200f\u00a0 \u2060"), {
    code: 1,
    names: ["x.xlsx", `Phụ lục!${UNIT_CELL()}`],
  }),
  mergeWith("the unit name left blank", () => report(null), { names: ["nhan/xau.xlsx", `Phụ lục!${UNIT_CELL()}`] }),
  check("the unit name a number", () => report(12345 as unknown as string), { code: 0 }),
  sameUnit("a zero-width space", "UBND huyện Sơn Tịnh", "UBND huyện\u200b Sơn Tịnh"),
  sameUnit("a no-break space", "UBND huyện Sơn Tịnh", "UBND huyện\u00a0Sơn Tịnh"),
  sameUnit("bidi marks", "UBND huyện Sơn Tịnh", "\u202bUBND huyện Sơn Tịnh\u202c\u200f"),
  sameUnit("decomposed letters (NFD)", "UBND huyện Sơn Tịnh", "UBND huyện Sơn Tịnh".normalize("NFD")),
  sameUnit("case and spaces", "UBND huyện Sơn Tịnh", "  ubnd HUYỆN   sơn tịnh "),
  sameUnit("the old place of the tone mark", "UBND xã Hòa Bình", "UBND xã Hoà Bình"),
  sameUnit("a soft hyphen and a BOM", "UBND huyện Sơn Tịnh", "\ufeffUBND huyện Sơn\u00ad Tịnh"),
  {
    name: "merge: a roster whose names are spelled other ways than the files: each unit received once",
    files: () => ({
      "nhan/a.xlsx": report("UBND huyện Sơn Tịnh", A),
      "nhan/b.xlsx": report("UBND xã Hoà Bình", B),
      "ds.txt": "ubnd huyện sơn\u200b tịnh\nUBND xã Hòa Bình\nUBND huyện Trà Bồng\n",
    }),
    argv: [...MERGE, "--roster", "ds.txt"],
    code: 0,
    names: ["UBND huyện Trà Bồng"],
    says: { vi: /đã gửi 2 /, en: /received 2 / },
  },
];

it("the builders write what the cases say", async () => {
  const read = (bytes: Uint8Array) => readOwnWorkbook(bytes, "x.xlsx", builtInRegistry()).read!;
  expect(read(await units(["X"])()).meta.units).toEqual(["X"]);
  expect(read(await meta({ period: "2021-Q3" })()).meta.period).toBe("2021-Q3");
  expect(read(moveName(GOOD(), "CT_1_1_1", "$D$17")).layout.placements.get("1.1.1")!.row).toBe(17);
  expect(read(report("Sở Y tế", { "1.1.1": 7 })).cells.get("1.1.1")!.raw).toBe(7);
});

describe("hostile metadata and identity", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => runCase(c), 120_000);
});
