// Rebuilds test/fixtures/retyped: every seed in every layout of test/support/retypedCorpus.ts, written by
// ExcelJS or openpyxl (Debian's /usr/bin/python3), some round-tripped through LibreOffice, and the
// manifest the corpus test reads. Run: npx tsx test/support/buildRetypedCorpus.ts
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { corpusSpecs, writeWithExcelJS } from "./retypedCorpus";
import { recalculate } from "./libreoffice";

const OUT = path.resolve(__dirname, "../fixtures/retyped");

async function main() {
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.endsWith(".xlsx")) rmSync(path.join(OUT, f));
  const specs = corpusSpecs();
  const viaLibreOffice: string[] = [];
  for (const { entry, sheets } of specs) {
    const out = path.join(OUT, entry.file);
    if (entry.writer === "exceljs") writeFileSync(out, await writeWithExcelJS(sheets));
    else execFileSync("/usr/bin/python3", [path.resolve(__dirname, "write_grid.py")], { input: JSON.stringify({ out, sheets }) });
    if (entry.libreOffice) viaLibreOffice.push(out);
  }
  const saved = recalculate(viaLibreOffice);
  saved.forEach((from, i) => copyFileSync(from, viaLibreOffice[i]));
  writeFileSync(
    path.join(OUT, "manifest.json"),
    `${JSON.stringify(
      specs.map((s) => s.entry),
      null,
      1,
    )}\n`,
  );
  console.log(`${specs.length} files in ${OUT} (${viaLibreOffice.length} through LibreOffice)`);
}

void main();
