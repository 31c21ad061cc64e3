// LibreOffice Calc as an independent spreadsheet engine: open a workbook, recalculate every formula,
// save it again, so that ExcelJS can read the results LibreOffice computed (DESIGN §6).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Debian's python3, which has python3-openpyxl (a pyenv python3 on PATH may not). */
export const PYTHON = "/usr/bin/python3";

export function openpyxlAvailable(): boolean {
  return spawnSync(PYTHON, ["-c", "import openpyxl"], { stdio: "ignore" }).status === 0;
}

export function libreOfficeAvailable(): boolean {
  return spawnSync("soffice", ["--version"], { stdio: "ignore" }).status === 0;
}

/** In CI the LibreOffice tests must run; locally they may skip when soffice is absent. */
export function describeWithLibreOffice(name: string, body: () => void): void {
  (libreOfficeAvailable() || process.env.CI === "true" ? describe : describe.skip)(name, body);
}

/** A fresh LibreOffice profile; with `locale` ("vi-VN"), numbers show with that locale's separators, as on a unit's computer. */
function profileDir(locale?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cchc-lo-profile-"));
  mkdirSync(path.join(dir, "user"), { recursive: true });
  writeFileSync(
    path.join(dir, "user", "registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
${locale ? `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>${locale}</value></prop></item>\n` : ""}</oor:items>
`,
  );
  return dir;
}

/**
 * Recalculates each file in LibreOffice (one soffice run for all of them) and returns the paths of
 * the recalculated copies, in the same order.
 */
export function recalculate(files: string[]): string[] {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "cchc-lo-out-"));
  const profile = profileDir();
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=file://${profile}`,
      "--headless",
      "--norestore",
      "--convert-to",
      "xlsx:Calc MS Excel 2007 XML",
      "--outdir",
      outDir,
      ...files,
    ],
    { stdio: "pipe", timeout: 300_000 },
  );
  return files.map((f) => {
    const out = path.join(outDir, path.basename(f).replace(/\.[^.]+$/, ".xlsx"));
    readFileSync(out); // fails loudly if LibreOffice did not write it
    return out;
  });
}

/** Converts each file to PDF in LibreOffice (one run, formulas recalculated on load); returns the PDFs' paths in order. */
export function toPdf(files: string[], options: { locale?: string } = {}): string[] {
  const outDir = mkdtempSync(path.join(os.tmpdir(), "cchc-lo-pdf-"));
  const profile = profileDir(options.locale);
  execFileSync(
    "soffice",
    [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outDir, ...files],
    {
      stdio: "pipe",
      timeout: 300_000,
    },
  );
  return files.map((f) => {
    const out = path.join(outDir, path.basename(f).replace(/\.[^.]+$/, ".pdf"));
    readFileSync(out);
    return out;
  });
}
