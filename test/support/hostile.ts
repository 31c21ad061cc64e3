// Hostile and broken inputs built at test time (issue 11): every case is a set of files in a fresh
// folder and one cchc command over them. What must hold for all of them is in test/hostile.test.ts.
import ExcelJS from "exceljs";
import { strToU8, strFromU8, unzipSync, zipSync } from "fflate";
import { Template } from "../../src/domain/template/schema";
import { RawValue } from "../../src/domain/values";
import { METADATA_SHEET } from "../../src/domain/workbookContract";
import { builtInRegistry } from "../../src/templates";
import { filledWorkbook, planFor } from "./fill";
import { summaryWorkbook } from "./merge";

export const FORM: Template = builtInRegistry().get("quang-ngai-2021");
export const PERIOD = "2021-Q2";

/** A unit's report as `cchc new` wrote it and the unit filled it in. */
export function unitWorkbook(unit: string, values: Record<string, RawValue>): Promise<Buffer> {
  return filledWorkbook(planFor(FORM, PERIOD, unit), new Map(Object.entries(values)));
}

export const GOOD_VALUES: Record<string, RawValue> = {
  "1.1.1": 12,
  "1.1.2": 10,
  "3.1.3.a": 40,
  "3.1.3.b": 30,
  "3.1.3.c": 30,
  "3.3.3": 80,
  "7.6.1": "Đã kết nối",
};

/** The zip's parts, edited as text or bytes, zipped again (deflated). */
export function rezip(bytes: Uint8Array, edit: (parts: Record<string, Uint8Array>) => void): Buffer {
  const parts = unzipSync(bytes);
  edit(parts);
  return Buffer.from(zipSync(parts, { level: 6 }));
}

export function editXml(bytes: Uint8Array, part: string, edit: (xml: string) => string): Buffer {
  return rezip(bytes, (parts) => {
    parts[part] = strToU8(edit(strFromU8(parts[part])));
  });
}

/** Edits a workbook with ExcelJS (load, change, save). */
export async function edited(bytes: Uint8Array, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sets `_cchc` keys (adding the ones it lacks). */
export function setMeta(wb: ExcelJS.Workbook, entries: [string, string][]): void {
  const sheet = wb.getWorksheet(METADATA_SHEET)!;
  for (const [key, value] of entries) {
    let row = 0;
    sheet.eachRow((r, n) => (r.getCell(1).value === key ? (row = n) : undefined));
    sheet.getRow(row || sheet.rowCount + 1).values = [key, value];
  }
}

export function getMeta(wb: ExcelJS.Workbook, key: string): string | undefined {
  let value: string | undefined;
  wb.getWorksheet(METADATA_SHEET)!.eachRow((r) => {
    if (r.getCell(1).value === key) value = r.getCell(2).text;
  });
  return value;
}

/** The defined name's target changed, in xl/workbook.xml: a CT_ name moved to another cell ("$D$20", or "Sheet!$B$2"). */
export function moveName(bytes: Uint8Array, name: string, to: string): Buffer {
  return editXml(bytes, "xl/workbook.xml", (xml) => {
    const re = new RegExp(`(<definedName name="${name}"[^>]*>)([^<]*)(</definedName>)`);
    if (!re.test(xml)) throw new Error(`no defined name ${name}`);
    return xml.replace(re, (_, open, ref: string, close) => `${open}${to.includes("!") ? to : ref.replace(/!.*$/, `!${to}`)}${close}`);
  });
}

/** The cell address a CT_ name points at. */
export function nameTarget(bytes: Uint8Array, name: string): string {
  const xml = strFromU8(unzipSync(bytes)["xl/workbook.xml"]);
  return new RegExp(`<definedName name="${name}"[^>]*>[^<]*!\\$?([A-Z]+)\\$?(\\d+)</definedName>`).exec(xml)!.slice(1, 3).join("");
}

/** A summary of three units of FORM, as `cchc merge` writes it. */
export function threeUnitSummary(): Promise<Uint8Array> {
  const units = new Map<string, Map<string, RawValue>>([
    ["UBND huyện A", new Map(Object.entries({ ...GOOD_VALUES, "1.1.1": 4 }))],
    ["UBND huyện B", new Map(Object.entries({ ...GOOD_VALUES, "1.1.1": 5 }))],
    ["UBND huyện C", new Map(Object.entries({ ...GOOD_VALUES, "1.1.1": 3 }))],
  ]);
  return summaryWorkbook(FORM, PERIOD, "UBND tỉnh", units).then((s) => s.bytes);
}

/** Every XML part of a written workbook, as text, to look for what must never be in one. */
export function xmlText(bytes: Uint8Array): string {
  const parts = unzipSync(bytes);
  return Object.entries(parts)
    .filter(([n]) => n.endsWith(".xml"))
    .map(([, b]) => strFromU8(b))
    .join("\n");
}

/** The text of a UTF-16 file, with or without its byte-order mark. */
export function utf16(text: string, order: "le" | "be", bom: boolean): Buffer {
  const le = Buffer.from(text, "utf16le");
  const body = order === "le" ? le : Buffer.from(le.map((_, i) => le[i ^ 1]));
  return Buffer.concat([bom ? Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), body]);
}
