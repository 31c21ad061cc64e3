// Consistency rules, modelled on DHIS2 / XBRL validation rules (DESIGN §4).
import { Message } from "../messages";
import { PeriodType, UnitLevel } from "../template/schema";
import { RuleExpression } from "./expression";

export type Severity = "error" | "warning" | "info";

/**
 * What to do when a referenced value is missing (blank, or "-"):
 * skipIfAnyMissing — evaluate only when every value is there;
 * skipIfAllMissing — skip when none is there, otherwise missing counts as 0;
 * missingAsZero — always evaluate, missing counts as 0.
 */
export type MissingStrategy = "skipIfAnyMissing" | "skipIfAllMissing" | "missingAsZero";

export interface Rule {
  id: string;
  severity: Severity;
  expression: RuleExpression;
  /** The expression as written, for messages and reports. */
  text: string;
  /** The indicator codes the expression reads, in order of first appearance. */
  codes: string[];
  missing: MissingStrategy;
  /** Absolute tolerance for rounded values (percentage points for rates). */
  tolerance: number;
  levels?: UnitLevel[];
  periods?: PeriodType[];
  /** What the rule means, in words; the finding adds both sides' values. */
  message: Message;
  /** The indicator whose cell the finding points at (the left side's first code by default). */
  target: string;
  source: "derived" | "template";
  /** What a derived rule is about, so that its finding can say it in words (engine.ts). */
  shape?: RuleShape;
}

/** total = sum of parts; rate = numerator / denominator × 100; a part (or the parts) at most their whole. */
export type RuleShape =
  | { kind: "sum"; total: string; parts: string[] }
  | { kind: "rate"; rate: string; numerator: string; denominator: string }
  | { kind: "numerator"; rate: string; numerator: string; denominator: string }
  | { kind: "part"; whole: string; parts: string[] };

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Indicator codes involved; the first is where the finding points. */
  codes: string[];
  message: Message;
  /** Values of the two sides where the finding comes from a rule expression. */
  left?: number;
  right?: number;
}
