// Who was expected to report and how each unit stands (DHIS2's reporting rate and on-time rate): sent
// on time (saved by the end of the due day, Vietnam time), late, at an unknown time, or not at all,
// and whose report has errors. A unit counts as received when any file read names it, even a file
// left out of the totals; its time and errors are those of the file its figures come from.
import { Message, msg } from "../messages";
import { CalendarDate, formatDate, formatVietnamTime } from "../period";
import { cleanUnitName } from "../workbookContract";
import { Completeness, MergeFinding, RosterEntry, RosterStatus, Submission } from "./model";
import { sortUnits, unitKey, unitsEn } from "./units";

/** The units a submission covers, as reported. */
export function coverage(s: Submission): string[] {
  return (s.units.length > 0 ? s.units : [s.unitName]).map(cleanUnitName);
}

export function timeOf(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** The first moment after the due day in Vietnam (UTC+7). */
export function dueEnd(due: CalendarDate): number {
  return Date.UTC(due.year, due.month - 1, due.day + 1) - VIETNAM_OFFSET_MS;
}

const isoDate = (d: CalendarDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

const listed = (names: readonly string[]) => names.join(", ");

export interface RosterComparison {
  completeness: Completeness;
  findings: MergeFinding[];
  /** Where a submission comes in the roster's order (a summary where its first unit does; others last) */
  rank: (s: Submission) => number;
}

/**
 * Compares the roster with what arrived. `included(i)` says whether submission i is in the totals:
 * its file is the one a unit's time and errors are taken from; otherwise the newest file naming it.
 */
export function compareWithRoster(
  names: readonly string[],
  submissions: readonly Submission[],
  included: (i: number) => boolean,
  due: CalendarDate,
): RosterComparison {
  const position = new Map<string, number>();
  const expected: string[] = [];
  for (const n of names.map(cleanUnitName)) {
    if (n === "" || position.has(unitKey(n))) continue;
    position.set(unitKey(n), expected.length);
    expected.push(n);
  }
  // The submission each unit's standing comes from: the merged one, else the newest.
  const source = new Map<string, { i: number; name: string }>();
  submissions.forEach((s, i) => {
    for (const name of coverage(s)) {
      const key = unitKey(name);
      const had = source.get(key);
      const better =
        !had ||
        (included(i) && !included(had.i)) ||
        (included(i) === included(had.i) && timeOf(s.createdAt) > timeOf(submissions[had.i].createdAt));
      if (better) source.set(key, { i, name });
    }
  });
  const limit = dueEnd(due);
  const entries: RosterEntry[] = expected.map((unit) => {
    const from = source.get(unitKey(unit));
    if (!from) return { unit, status: "missing", errors: 0, merged: false };
    const s = submissions[from.i];
    const t = timeOf(s.createdAt);
    return {
      unit,
      status: t === -Infinity ? "undated" : t < limit ? "onTime" : "late",
      file: s.file,
      ...(s.createdAt ? { savedAt: s.createdAt } : {}),
      errors: s.counts.error,
      merged: included(from.i),
    };
  });
  const having = (f: (e: RosterEntry) => boolean) => entries.filter(f).map((e) => e.unit);
  const unexpected = sortUnits([...source].filter(([k]) => !position.has(k)).map(([, v]) => v.name));
  const completeness: Completeness = {
    due: isoDate(due),
    entries,
    expected,
    received: having((e) => e.status !== "missing"),
    onTime: having((e) => e.status === "onTime"),
    late: having((e) => e.status === "late"),
    undated: having((e) => e.status === "undated"),
    missing: having((e) => e.status === "missing"),
    withErrors: having((e) => e.status !== "missing" && e.errors > 0),
    unexpected,
  };

  const total = expected.length;
  const findings: MergeFinding[] = [];
  const { missing, late } = completeness;
  if (missing.length > 0) {
    findings.push({
      severity: "warning",
      topic: "roster",
      message: msg(
        `${missing.length}/${total} đơn vị trong danh sách chưa gửi báo cáo: ${listed(missing)}`,
        `${missing.length} of ${unitsEn(total)} on the roster have not sent a report: ${listed(missing)}`,
      ),
    });
  }
  if (late.length > 0) {
    const when = entries.filter((e) => e.status === "late").map((e) => `${e.unit} (${formatVietnamTime(e.savedAt)})`);
    findings.push({
      severity: "info",
      topic: "roster",
      message: msg(
        `${late.length}/${total} đơn vị gửi muộn, lưu sau hạn ${formatDate(due)}: ${listed(when)}`,
        `${late.length} of ${unitsEn(total)} reported late, saved after the due date ${formatDate(due)}: ${listed(when)}`,
      ),
    });
  }
  if (unexpected.length > 0) {
    findings.push({
      severity: "info",
      topic: "roster",
      message: msg(
        `${unexpected.length} đơn vị không có trong danh sách: ${listed(unexpected)}`,
        `${unitsEn(unexpected.length)} not on the roster: ${listed(unexpected)}`,
      ),
    });
  }
  const rank = (s: Submission) => Math.min(...coverage(s).map((n) => position.get(unitKey(n)) ?? Infinity));
  return { completeness, findings, rank };
}

export const ROSTER_STATUS_LABELS: Record<RosterStatus, Message> = {
  onTime: msg("Đã gửi, đúng hạn", "Sent on time"),
  late: msg("Đã gửi, muộn", "Sent late"),
  undated: msg("Đã gửi, không rõ thời điểm", "Sent, time unknown"),
  missing: msg("Chưa gửi", "Not sent"),
};

export interface CompletenessLine {
  key: "expected" | "received" | "onTime" | "late" | "undated" | "missing" | "withErrors" | "unexpected";
  label: Message;
  units: string[];
  /** Of the expected units, 0–100 (none for the expected units themselves and those not on the roster) */
  percent?: number;
}

/** The counts and lists as the CLI, the pane and the sources sheet show them; rare lines only when not empty. */
export function completenessLines(c: Completeness): CompletenessLine[] {
  const pct = (units: string[]) => (c.expected.length > 0 ? (units.length / c.expected.length) * 100 : 0);
  const line = (key: CompletenessLine["key"], label: Message, units: string[], percent = true): CompletenessLine => ({
    key,
    label,
    units,
    ...(percent ? { percent: pct(units) } : {}),
  });
  return [
    line("expected", msg("Phải báo cáo", "Expected"), c.expected, false),
    line("received", msg("Đã gửi", "Received"), c.received),
    line("onTime", msg("Đúng hạn", "On time"), c.onTime),
    line("late", msg("Gửi muộn", "Late"), c.late),
    ...(c.undated.length > 0 ? [line("undated", msg("Không rõ thời điểm gửi", "Time unknown"), c.undated)] : []),
    line("missing", msg("Chưa gửi", "Missing"), c.missing),
    line("withErrors", msg("Có lỗi", "With errors"), c.withErrors),
    ...(c.unexpected.length > 0 ? [line("unexpected", msg("Ngoài danh sách", "Not on the roster"), c.unexpected, false)] : []),
  ];
}
