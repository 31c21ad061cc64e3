// What other tools may rely on in a workbook we write (documented in the README "Workbook contract"):
// the `_cchc` key/value sheet, the CT_ names of the indicator cells and the CCHC_ names of the
// title-block inputs. One schema writes and reads it, for the CLI, the merge, the add-in and the
// workbench alike.
//
// Versions: formatVersion 1 (before the title-block inputs) named the unit only in `_cchc`
// `unitName`; version 2 adds the CCHC_ input cells, and the unit is read from `CCHC_DonVi`. A reader
// accepts every version up to WORKBOOK_FORMAT_VERSION and refuses a newer one (update the program).
import { msg, Message } from "./messages";
import { periodType } from "./period";
import { remembered } from "./text";

/** The very hidden key/value sheet. */
export const METADATA_SHEET = "_cchc";

export const GENERATOR = "bieu-mau-cchc";
export const WORKBOOK_FORMAT = "cchc-workbook";
export const WORKBOOK_FORMAT_VERSION = 2;
/** The first version whose unit is read from the sheet (CCHC_DonVi), not from `_cchc`. */
export const UNIT_IN_SHEET_SINCE = 2;

export type WorkbookKind = "submission" | "summary";

/** Workbook-level defined name of an indicator's value cell: CT_ + code, non-alphanumerics → "_". */
export function definedNameFor(code: string): string {
  return `CT_${code.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** The title-block input cells a unit fills in, each with a workbook-level defined name. */
export const TITLE_INPUT_NAMES = {
  /** The reporting unit's name: the unit's identity for every reader. */
  unitName: "CCHC_DonVi",
  /** Number of the report the appendix is attached to ("125/BC-UBND"). */
  reportNumber: "CCHC_SoBaoCao",
  /** Date of that report (a date cell, or text as typed). */
  reportDate: "CCHC_NgayBaoCao",
  /** The unit's own place for the date line ("Sơn Phú, ngày … tháng … năm …"). */
  place: "CCHC_DiaDanh",
  /** The governing body printed above the unit name ("UBND TỈNH QUẢNG TRỊ"); empty when there is none. */
  superior: "CCHC_CoQuanChuQuan",
} as const;

export type TitleInput = keyof typeof TITLE_INPUT_NAMES;

const LEVELS = ["tinh", "so", "huyen", "xa"] as const;
const AGGREGATE_PREFIX = "aggregate:";

/** `units`: a JSON list of names; undefined when it is not one. */
function unitsList(text: string): string[] | undefined {
  if (text.trim() === "") return [];
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  } catch {
    // not JSON: not a list
  }
  return undefined;
}

const isLevel = (s: string): s is (typeof LEVELS)[number] => (LEVELS as readonly string[]).includes(s);

/** The texts `_cchc` may leave out ("" reads as absent too). */
type OptionalText = "periodLabel" | "superiorName" | "sheetName" | "generator" | "generatorVersion" | "createdAt" | "validation";

/**
 * `_cchc` as it reads (every value is text in the sheet): the values, or the first key (in the order
 * below) whose value is invalid. An optional text reads "" as absent.
 */
function readMetadataRecord(record: Record<string, string>): { meta: Omit<WorkbookMetadata, "aggregates"> } | { invalid: string } {
  const formatVersion = record.formatVersion ?? "1";
  if (!/^\d+$/.test(formatVersion)) return { invalid: "formatVersion" };
  const { templateId, templateVersion, period } = record;
  if (!templateId) return { invalid: "templateId" };
  if (!templateVersion) return { invalid: "templateVersion" };
  if (period === undefined || periodType(period) === undefined) return { invalid: "period" };
  const level = record.unitLevel;
  if (level !== undefined && level !== "" && !isLevel(level)) return { invalid: "unitLevel" };
  const kind = record.kind ?? "submission";
  if (kind !== "submission" && kind !== "summary") return { invalid: "kind" };
  const units = record.units === undefined ? [] : unitsList(record.units);
  if (!units) return { invalid: "units" };
  // In the order the keys have always had (JSON output shows it).
  const optional = (key: OptionalText) => (key in record ? { [key]: record[key] === "" ? undefined : record[key] } : {});
  const meta: Omit<WorkbookMetadata, "aggregates"> & { format: string } = {
    format: WORKBOOK_FORMAT,
    formatVersion: Number(formatVersion),
    templateId,
    templateVersion,
    period,
    ...optional("periodLabel"),
    unitName: record.unitName ?? "",
    ...(level === undefined ? {} : { unitLevel: level === "" ? undefined : level }),
    ...optional("superiorName"),
    kind,
    units,
    ...optional("sheetName"),
    ...optional("generator"),
    ...optional("generatorVersion"),
    ...optional("createdAt"),
    ...optional("validation"),
  };
  return { meta };
}

export interface WorkbookMetadata {
  formatVersion: number;
  templateId: string;
  templateVersion: string;
  period: string;
  periodLabel?: string;
  /** As `_cchc` says; for version ≥ 2 the unit is read from CCHC_DonVi instead. */
  unitName: string;
  unitLevel?: (typeof LEVELS)[number];
  superiorName?: string;
  kind: WorkbookKind;
  /** A summary's covered units (a submission's are derived from its unit name, never from here). */
  units: string[];
  sheetName?: string;
  generator?: string;
  generatorVersion?: string;
  createdAt?: string;
  /** The validation stamp's JSON, empty until stamped. */
  validation?: string;
  /** `aggregate:CODE` entries of a summary, as stored (see merge/metadata.ts). */
  aggregates: [string, string][];
}

export type WorkbookMetadataInput = Omit<WorkbookMetadata, "formatVersion" | "aggregates"> & {
  aggregates?: [string, string][];
};

/** The `_cchc` rows, in order (column A key, column B value). */
export function metadataEntries(meta: WorkbookMetadataInput): [string, string][] {
  const rows: [string, string][] = [
    ["format", WORKBOOK_FORMAT],
    ["formatVersion", String(WORKBOOK_FORMAT_VERSION)],
    ["templateId", meta.templateId],
    ["templateVersion", meta.templateVersion],
    ["period", meta.period],
    ["periodLabel", meta.periodLabel ?? ""],
    ["unitName", meta.unitName],
    ["unitLevel", meta.unitLevel ?? ""],
    ["superiorName", meta.superiorName ?? ""],
    ["kind", meta.kind],
    ["units", JSON.stringify(meta.units)],
    ["sheetName", meta.sheetName ?? ""],
    ["generator", meta.generator ?? GENERATOR],
    ["generatorVersion", meta.generatorVersion ?? ""],
    ["createdAt", meta.createdAt ?? ""],
    ["validation", meta.validation ?? ""],
  ];
  return [...rows, ...(meta.aggregates ?? [])];
}

export type MetadataRead = { ok: true; meta: WorkbookMetadata } | { ok: false; problem: Message };

/**
 * Reads `_cchc` rows; `where` names the file (or "sổ này") in the message. A workbook with no
 * `format` row is not ours; a newer format version asks for an update; anything else wrong names
 * the key and what to do.
 */
export function parseMetadata(rows: Iterable<readonly [string, string]>, where: string): MetadataRead {
  const record: Record<string, string> = {};
  const aggregates: [string, string][] = [];
  for (const [key, value] of rows) {
    if (key.startsWith(AGGREGATE_PREFIX)) aggregates.push([key, value]);
    else if (!(key in record)) record[key] = value;
  }
  if (record.format !== WORKBOOK_FORMAT) {
    return fail(
      msg(
        `${where}: không phải biểu mẫu của Biểu mẫu CCHC (thiếu trang ${METADATA_SHEET}); hãy tạo biểu bằng "cchc new" hoặc add-in`,
        `${where}: not a Biểu mẫu CCHC workbook (no ${METADATA_SHEET} sheet); create the sheet with "cchc new" or the add-in`,
      ),
    );
  }
  const version = Number(record.formatVersion ?? "1");
  if (Number.isInteger(version) && version > WORKBOOK_FORMAT_VERSION) {
    return fail(
      msg(
        `${where}: tệp được tạo bằng phiên bản mới hơn của Biểu mẫu CCHC (định dạng ${version}); hãy cập nhật chương trình rồi mở lại`,
        `${where}: the file was made by a newer Biểu mẫu CCHC (format ${version}); update the program and open it again`,
      ),
    );
  }
  const parsed = readMetadataRecord(record);
  if ("invalid" in parsed) {
    const key = parsed.invalid;
    const value = JSON.stringify(record[key] ?? "").slice(0, 80);
    return fail(
      msg(
        `${where}: trang ${METADATA_SHEET} bị hỏng: giá trị "${key}" không hợp lệ (${value}); hãy tạo lại biểu bằng "cchc new" hoặc add-in và nhập lại số liệu`,
        `${where}: the ${METADATA_SHEET} sheet is damaged: the value of "${key}" is invalid (${value}); recreate the sheet with "cchc new" or the add-in and type the figures again`,
      ),
    );
  }
  return { ok: true, meta: { ...parsed.meta, aggregates } };
}

function fail(problem: Message): MetadataRead {
  return { ok: false, problem };
}

/** Whether the unit's name is read from CCHC_DonVi (version ≥ 2) rather than from `_cchc`. */
export function unitNameInSheet(meta: Pick<WorkbookMetadata, "formatVersion">): boolean {
  return meta.formatVersion >= UNIT_IN_SHEET_SINCE;
}

// Invisible characters people paste with names: zero-width spaces and joiners, the BOM, soft hyphen,
// bidi marks and embeddings, word joiner, Mongolian vowel separator; and what no name holds: control
// characters (a terminal escape among them), noncharacters and halves of a surrogate pair.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A unit name as typed, cleaned for display and comparison: NFC, invisible and bidi characters
 * removed, every kind of space (NBSP included) collapsed to one, trimmed.
 */
export const cleanUnitName = remembered((text) => text.normalize("NFC").replace(INVISIBLE, "").replace(/\s+/gu, " ").trim());
