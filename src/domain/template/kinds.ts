// The closed lists a template version picks from, apart from its schema (schema.ts): code that only needs
// these lists (the CLI's --level, the report's wording) does not load the validator with them.

/** Unit levels a form is meant for: provincial People's Committee, department, district, commune. */
export const UNIT_LEVELS = ["tinh", "so", "huyen", "xa"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Period types (see domain/period.ts): quarters, first six months, nine months, year. */
export const PERIOD_TYPES = ["Q", "H1", "9M", "Y"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const INDICATOR_KINDS = ["header", "count", "amount", "percent", "choice", "text"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/**
 * How an indicator is consolidated across units (the merge engine reads this):
 * sum — counts and amounts; recompute — a computed rate or total, recomputed from merged parts;
 * mean — a typed rate that cannot be recomputed (weighted when `weight` names an indicator);
 * distribution — how many units chose each option; text — each unit's text; none — headers.
 */
export const MERGE_METHODS = ["sum", "recompute", "mean", "distribution", "text", "none"] as const;
export type MergeMethod = (typeof MERGE_METHODS)[number];
