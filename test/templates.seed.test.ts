// Each built-in template must match the transcribed seed table of its form row for row, so that a
// transcription slip (a missing row, a changed name, a swapped unit) fails here.
import { Indicator, Template } from "../src/domain/template/schema";
import { builtInRegistry } from "../src/templates";
import { readSeedTable, SEEDS, SeedRow } from "./support/seeds";

const registry = builtInRegistry();

/** The seed prints a page-broken "Trong đó" cell as "Trong" then "đó" (seed 001 seq 101/102). */
function seedStt(row: SeedRow): string {
  if (row.stt === "Trong") return "Trong đó";
  if (row.stt === "đó") return "";
  return row.stt;
}

const printed = (ind: Indicator) => ({
  stt: ind.asPrinted?.stt ?? ind.stt,
  name: ind.asPrinted?.name ?? ind.name,
  unit: ind.asPrinted?.unit ?? ind.unit,
});

/** Rows of a seed that are not rows of the form: data continuation rows. */
const NOT_FORM_ROWS: Record<string, number[]> = {
  // seq 29: a second data row of "Số VBQPPL đã tham mưu ban hành" (merged cells), not a form row.
  [SEEDS.socTrang2021Y]: [29],
};

function compareFull(template: Template, stem: string) {
  const rows = readSeedTable(stem).filter((r) => !(NOT_FORM_ROWS[stem] ?? []).includes(r.seq));
  const expected = rows.map((r) => ({ stt: seedStt(r), name: r.name, unit: r.unit }));
  const actual = template.indicators.map(printed);
  expect(actual).toEqual(expected);
  rows.forEach((row, i) => {
    const ind = template.indicators[i];
    // A row with its own value in the seed holds a value, so it cannot be a header row.
    if (row.value !== "") expect({ code: ind.code, kind: ind.kind }).not.toEqual({ code: ind.code, kind: "header" });
  });
}

describe("templates match the transcribed seed tables", () => {
  it("quang-ngai-2021 matches seed 000 row for row", () => {
    compareFull(registry.get("quang-ngai-2021"), SEEDS.quangNgai2021H1);
  });

  it("ha-tinh-2021-xa matches seed 001 row for row", () => {
    compareFull(registry.get("ha-tinh-2021-xa"), SEEDS.haTinh2021Q3);
  });

  it("quang-tri-2023 matches seed 002 row for row", () => {
    compareFull(registry.get("quang-tri-2023"), SEEDS.quangTri2023Q3);
  });

  it("soc-trang-2021 matches seed 003 row for row", () => {
    compareFull(registry.get("soc-trang-2021"), SEEDS.socTrang2021Y);
  });

  it("every row of the partial seed 004 is a row of quang-ngai-2021, in order", () => {
    const template = registry.get("quang-ngai-2021");
    const bare = (stt: string) => stt.replace(/\.$/, "");
    // Seed 004 misprints "Cổng DVC" as "Công DVC".
    const clean = (name: string) => name.replace(/Công DVC/g, "Cổng DVC");
    let from = 0;
    for (const row of readSeedTable(SEEDS.quangNgai2021Y)) {
      const idx = template.indicators.findIndex(
        (ind, i) =>
          i >= from && bare(printed(ind).stt) === bare(seedStt(row)) && clean(row.name) === ind.name && row.unit === printed(ind).unit,
      );
      expect({ seq: row.seq, found: idx >= 0 }).toEqual({ seq: row.seq, found: true });
      from = idx + 1;
    }
  });
});
