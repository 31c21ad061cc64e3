// Period over period ("So với kỳ trước"): a report, or a merge, compared with the same unit's (or the
// same summary's) report of an earlier period. Cumulative ("lũy kế") figures do not go down within a
// year; a figure that moves by more than the template's factor between periods of the same length is
// worth a second look. Warnings, never errors: a real change is possible, a typing slip likelier.
import { Message, msg, UserError } from "./messages";
import { parsePeriod, Period } from "./period";
import { Finding } from "./rules/model";
import { formName, valueText } from "./rules/words";
import { Template } from "./template/schema";

/** Changes smaller than this (units, or percentage points for rates) are never flagged. */
export const MIN_CHANGE = 10;
/** A rate that moves by more than this many points between two periods of the same length. */
export const RATE_CHANGE_POINTS = 30;

export interface PeriodFigures {
  /** Period code, "2023-Q3" */
  period: string;
  /** Every indicator the sheet shows a number for, by code */
  values: ReadonlyMap<string, number>;
}

/** The figures of a report as the sheet shows them (numbers only: blanks, "-" and text are left out). */
export function sheetFigures(values: ReadonlyMap<string, { shown: unknown }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [code, v] of values) if (typeof v.shown === "number" && Number.isFinite(v.shown)) out.set(code, v.shown);
  return out;
}

const endOf = (p: Period) => p.window.to.year * 10000 + p.window.to.month * 100 + p.window.to.day;

/**
 * Findings of the current figures against an earlier period's. Throws a UserError when the other
 * file is not of an earlier period, so the user does not read "no change" into a wrong file.
 */
export function compareWithPrevious(template: Template, current: PeriodFigures, previous: PeriodFigures): Finding[] {
  const now = parsePeriod(current.period, template.dueDay);
  const before = parsePeriod(previous.period, template.dueDay);
  if (endOf(before) >= endOf(now)) {
    throw new UserError(
      msg(
        `Tệp kỳ trước là ${before.label.vi}, không trước ${now.label.vi}: hãy chọn báo cáo của một kỳ trước`,
        `The previous-period file is for ${before.label.en}, not before ${now.label.en}: choose the report of an earlier period`,
      ),
    );
  }
  const cumulative = new Set(template.plausibility.cumulative);
  const factor = template.plausibility.changeFactor;
  const findings: Finding[] = [];
  for (const ind of template.indicators) {
    const c = current.values.get(ind.code);
    const p = previous.values.get(ind.code);
    if (c === undefined || p === undefined || !["count", "amount", "percent"].includes(ind.kind)) continue;
    const was = `${before.label.vi}: ${valueText(ind, p)}`;
    const wasEn = `${before.label.en}: ${valueText(ind, p)}`;
    const add = (ruleId: string, message: Message) =>
      findings.push({ ruleId, severity: "warning", codes: [ind.code], message, left: c, right: p });
    if (cumulative.has(ind.code) && before.year === now.year && c < p) {
      add(
        "previous:cumulative",
        msg(
          `Số lũy kế giảm so với kỳ trước (${was}; kỳ này ${valueText(ind, c)}): số lũy kế không giảm, hãy xem lại`,
          `A cumulative figure went down from the previous period (${wasEn}; now ${valueText(ind, c)}): it cannot go down, check it`,
        ),
      );
      continue;
    }
    if (before.type !== now.type) continue;
    const moved =
      ind.kind === "percent"
        ? Math.abs(c - p) > RATE_CHANGE_POINTS
        : Math.abs(c - p) >= MIN_CHANGE && Math.min(c, p) > 0 && Math.max(c, p) / Math.min(c, p) > factor;
    if (moved) {
      const how =
        ind.kind === "percent"
          ? msg(`hơn ${RATE_CHANGE_POINTS} điểm phần trăm`, `more than ${RATE_CHANGE_POINTS} percentage points`)
          : msg(`hơn ${factor} lần`, `more than ${factor} times`);
      add(
        "previous:change",
        msg(
          `Thay đổi ${how.vi} so với kỳ trước (${was}; kỳ này ${valueText(ind, c)}): hãy xem lại`,
          `Changed by ${how.en} from the previous period (${wasEn}; now ${valueText(ind, c)}): check it`,
        ),
      );
    }
  }
  return findings;
}

/** The other report must be of the same form: figures of two different forms do not compare row by row. */
export function requireSameForm(template: Template, other: { template: Template; file: string }): void {
  if (other.template.id !== template.id) {
    const name = formName(other.template);
    throw new UserError(
      msg(
        `${other.file}: là biểu mẫu khác (${name}), không so sánh được với kỳ trước; hãy chọn báo cáo cùng biểu mẫu`,
        `${other.file}: is a different form (${name}) and cannot be compared as the previous period; choose a report of the same form`,
      ),
    );
  }
}
