// The shape of a template version file (src/templates/*.json, or a user's own file).
// A template version is data: adding a province's new form means adding a file, not code.
import { z } from "zod";
import { INDICATOR_KINDS, MERGE_METHODS, PERIOD_TYPES, UNIT_LEVELS } from "./kinds";

export type { IndicatorKind, MergeMethod, PeriodType, UnitLevel } from "./kinds";

const code = z.string().regex(/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/);

const choiceOption = z.strictObject({
  value: z.number().int(),
  label: z.string().min(1),
});

const compute = z.union([
  z.strictObject({
    /** rate = numerator / denominator × 100 */
    rate: z.strictObject({ numerator: code, denominator: code }),
  }),
  z.strictObject({
    /** total = sum of the listed indicators */
    sum: z.array(code).min(2),
  }),
]);

/** Text as printed on the source form where the template corrects an obvious typo. */
const asPrinted = z.strictObject({
  stt: z.string().optional(),
  name: z.string().optional(),
  unit: z.string().optional(),
});

export const indicatorSchema = z.strictObject({
  /** Canonical code, unique in the template (DESIGN §2). */
  code,
  /** STT as the form prints it ("3.1.3.", "Trong đó", "" for unnumbered rows). */
  stt: z.string(),
  name: z.string().min(1),
  /** Unit column as printed ("Thủ tục", "%", "Không = 0 Có = 1"); "" for headers. */
  unit: z.string(),
  kind: z.enum(INDICATOR_KINDS),
  /** Code of the structural parent (group row or the total a "Trong đó" row belongs to). */
  parent: code.optional(),
  /** Section the row belongs to (a code from `sections`). */
  section: code,
  options: z.array(choiceOption).min(2).optional(),
  /** A computed cell: written as a locked formula. */
  compute: compute.optional(),
  /**
   * Parts of a typed total: "sum" — the parts add up to the total exactly;
   * "atMost" — each part, and their sum, is at most the total ("Trong đó" lists that are not exhaustive).
   */
  parts: z.strictObject({ codes: z.array(code).min(1), relation: z.enum(["sum", "atMost"]) }).optional(),
  merge: z.enum(MERGE_METHODS),
  /** For merge "mean": the indicator whose value weights each unit (e.g. the number of files). */
  weight: code.optional(),
  /** The form's "Cơ quan chủ trì thống kê báo cáo" text for this row, where the form prints one. */
  agency: z.string().optional(),
  /** The unit levels that report this row; absent means every level of the template. */
  levels: z.array(z.enum(UNIT_LEVELS)).min(1).optional(),
  asPrinted: asPrinted.optional(),
  /** Why the template reads this row the way it does, where the printed form is ambiguous. */
  note: z.string().optional(),
});

/** A consistency rule written for relations the structure cannot show (DESIGN §4). */
export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/),
  severity: z.enum(["error", "warning", "info"]),
  /** In the rule language: `[4.2.2] <= [4.2.1]`, `[1.3.2] + [1.3.3] <= [1.3.1]` (src/domain/rules/expression.ts). */
  expression: z.string().min(1),
  missing: z.enum(["skipIfAnyMissing", "skipIfAllMissing", "missingAsZero"]),
  /** Absolute tolerance, for rounded values. */
  tolerance: z.number().min(0).default(0),
  levels: z.array(z.enum(UNIT_LEVELS)).min(1).optional(),
  periods: z.array(z.enum(PERIOD_TYPES)).min(1).optional(),
  message: z.strictObject({ vi: z.string().min(1), en: z.string().min(1) }),
  /** Why the relation holds, for the next template author. */
  why: z.string().min(1),
});

export const sectionSchema = z.strictObject({
  code,
  title: z.string().min(1),
  /** Print a heading row for the section (Quảng Trị's "Biểu mẫu n"); otherwise its header row is an indicator. */
  heading: z.boolean(),
});

/** How the form prints: the printed appendix is an official document (Nghị định 30/2020/NĐ-CP). */
export const printSchema = z.strictObject({
  /** Decided from the seed's printed shape: portrait unless the table cannot be read on A4 portrait. */
  orientation: z.enum(["portrait", "landscape"]).default("portrait"),
  /** The label above the title as the form prints it ("PHỤ LỤC", "Phụ lục 2B"). */
  appendixLabel: z.string().min(1).default("PHỤ LỤC"),
  /** The title as the form prints it; the period and the unit follow on the next line. */
  heading: z.string().min(1).default("THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"),
  /** The word between the period and the unit name: "CỦA" ("… NĂM 2021 CỦA SỞ Y TẾ") or "TẠI". */
  unitJoin: z.string().min(1).default("CỦA"),
  /** "Kết quả thống kê" printed over "Đơn vị tính | Số liệu", as the seeds group them. */
  groupedHeader: z.boolean().default(true),
  /** Printed under "Chỉ tiêu thống kê" in the table header, e.g. "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)". */
  usageNote: z.string().min(1).optional(),
});

export const templateSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  title: z.string().min(1),
  province: z.string().min(1),
  issuingDocument: z.strictObject({
    number: z.string().min(1),
    /** ISO date yyyy-mm-dd; absent when the source does not print it (say so in `decisions`). */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    issuer: z.string().min(1),
    /** Printed form name, e.g. "Phụ lục 2B" */
    appendix: z.string().optional(),
  }),
  levels: z.array(z.enum(UNIT_LEVELS)).min(1),
  periods: z.array(z.enum(PERIOD_TYPES)).min(1),
  /** Day of the period's last month the report is due (DESIGN §3: the 20th unless the province says otherwise). */
  dueDay: z.number().int().min(1).max(28).default(20),
  columns: z.strictObject({
    /** The form has the "Cơ quan chủ trì thống kê báo cáo" column. */
    agency: z.boolean(),
    /** The form has a "Ghi chú" column. */
    note: z.boolean(),
  }),
  /** Absent in a user's older file: the defaults print the common form. */
  print: printSchema.prefault({}),
  sections: z.array(sectionSchema).min(1),
  indicators: z.array(indicatorSchema).min(1),
  rules: z.array(ruleSchema).default([]),
  /** What is plausible across periods and across units (src/domain/compare.ts, src/domain/merge/outliers.ts). */
  plausibility: z
    .strictObject({
      /** "Lũy kế" indicators (figures to date, rates since 2015): they do not go down from one period to a later one. */
      cumulative: z.array(code).default([]),
      /** A figure that grows or shrinks by more than this factor from the previous period of the same length is flagged. */
      changeFactor: z.number().min(1).default(3),
      /** Plausible range of an indicator, for the review of units in a merge. */
      bounds: z.array(z.strictObject({ code, min: z.number().optional(), max: z.number().optional() })).default([]),
    })
    .default({ cumulative: [], changeFactor: 3, bounds: [] }),
  /** Decisions taken where the printed form is ambiguous, for the next person reading the file. */
  decisions: z.array(z.string()).default([]),
});

export type Indicator = z.infer<typeof indicatorSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Template = z.infer<typeof templateSchema>;
