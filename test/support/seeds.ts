// Reads the transcribed seed tables in test/fixtures/seed-tables (copies of ../shared/seed-tables, see
// their README): a clone of the repository alone has everything its tests need.
import { readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURES_DIR = path.resolve(__dirname, "../fixtures");

export interface SeedRow {
  seq: number;
  stt: string;
  parentStt: string;
  isHeader: boolean;
  name: string;
  unit: string;
  value: string;
  agency: string;
  note: string;
}

export const SEEDS = {
  quangNgai2021H1: "000_3bd0c7f7a92d57ed",
  haTinh2021Q3: "001_9c1b2be0e2b3796f",
  quangTri2023Q3: "002_6e93ae04989b8532",
  socTrang2021Y: "003_5f14a432361ad5d1",
  quangNgai2021Y: "004_32c1fbee4a83c899",
} as const;

export function readSeedTable(stem: string): SeedRow[] {
  const text = readFileSync(path.join(FIXTURES_DIR, "seed-tables", `${stem}.tsv`), "utf8");
  const [, ...lines] = text.split("\n").filter((l) => l.length > 0);
  return lines.map((line) => {
    const f = line.split("\t");
    return {
      seq: Number(f[0]),
      stt: f[1] ?? "",
      parentStt: f[2] ?? "",
      isHeader: f[3] === "1",
      name: f[4] ?? "",
      unit: f[5] ?? "",
      value: f[6] ?? "",
      agency: f[7] ?? "",
      note: f[8] ?? "",
    };
  });
}

/** Each full seed with its template, period and the seed rows that are not rows of the form. */
export const SEED_FORMS: { templateId: string; stem: string; period: string; skipSeqs: number[] }[] = [
  { templateId: "quang-ngai-2021", stem: SEEDS.quangNgai2021H1, period: "2021-H1", skipSeqs: [] },
  { templateId: "ha-tinh-2021-xa", stem: SEEDS.haTinh2021Q3, period: "2021-Q3", skipSeqs: [] },
  { templateId: "quang-tri-2023", stem: SEEDS.quangTri2023Q3, period: "2023-Q3", skipSeqs: [] },
  // seq 29: a second data row of "Số VBQPPL đã tham mưu ban hành" (merged cells), not a form row.
  { templateId: "soc-trang-2021", stem: SEEDS.socTrang2021Y, period: "2021-Y", skipSeqs: [29] },
];
