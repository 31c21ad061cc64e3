// Reads the transcribed seed tables in ../shared/seed-tables (see their README).
import { readFileSync } from "node:fs";
import path from "node:path";

export const SHARED_DIR = path.resolve(__dirname, "../../../shared");

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
  const text = readFileSync(path.join(SHARED_DIR, "seed-tables", `${stem}.tsv`), "utf8");
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
