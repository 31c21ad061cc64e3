// The consolidation engine (DESIGN §1 step 4): the reports of subordinate units, or summaries of
// them, become one summary that is itself a report for the next level. Exact where the numbers allow
// it, honest where they do not (estimates and missing units are said in words), and nothing is lost:
// every value that is not in the summary is listed in `notMerged` with its file, cell and reason.
import { computeAll, FormulaResult } from "../compute";
import { Message, msg, UserError } from "../messages";
import { parsePeriod } from "../period";
import { INDICATOR_SHEET } from "../sheet/build";
import { Indicator, Template } from "../template/schema";
import { cellValueOf, formatParsed, ParsedValue } from "../values";
import { definedNameFor } from "../workbookContract";
import { Aggregate, combineAll, emptyAggregate, joinMessages, readAggregate, rejectReason, summarize, unitAggregate, unitCount } from "./aggregate";
import { MergedIndicator, MergeResult, NotMergedValue, SourceReport, SourceStatus, Submission, UnitColumn } from "./model";
import { formatVietnamTime } from "../period";
import { displayName, sortUnits, unitKey, unitsEn } from "./units";

export interface MergeOptions {
  /** Leave out reports with errors or a stale stamp (otherwise they are merged and flagged). */
  excludeFlagged?: boolean;
  /** The units expected to report (parseRoster), to list who has not. */
  roster?: string[];
}

type Finding = MergeResult["findings"][number];

const MISSING: ParsedValue = { status: "missing" };

const prefixed = (file: string, m: Message): Message => msg(`${file}: ${m.vi}`, `${file}: ${m.en}`);

function periodText(code: string): Message {
  try {
    const { label } = parsePeriod(code);
    return msg(`kỳ ${label.vi.charAt(0).toLowerCase()}${label.vi.slice(1)}`, `period ${label.en}`);
  } catch {
    return msg(`kỳ "${code}"`, `period "${code}"`);
  }
}

/** The most frequent key; a tie goes to `prefer`, then to the key seen first. */
function majority(keys: string[], prefer?: string): string {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best = keys[0];
  for (const [k, n] of counts) {
    const m = counts.get(best)!;
    if (n > m || (n === m && k === prefer && best !== prefer)) best = k;
  }
  return best;
}

/** Refuses, naming each odd file and what differs, to merge reports of different forms, versions or periods. */
function commonPeriod(template: Template, submissions: readonly Submission[]): string {
  const formOf = (s: Submission) => `${s.templateId} ${s.templateVersion}`;
  const form = majority(submissions.map(formOf), `${template.id} ${template.version}`);
  const period = majority(submissions.map((s) => s.period));
  const ref = submissions.find((s) => formOf(s) === form)!;
  const odd = submissions.filter((s) => formOf(s) !== form || s.period !== period);
  if (odd.length > 0) {
    const list = odd.map((s) => {
      const diffs: Message[] = [];
      if (s.templateId !== ref.templateId) diffs.push(msg(`biểu mẫu ${s.templateId} phiên bản ${s.templateVersion}`, `template ${s.templateId} version ${s.templateVersion}`));
      else if (s.templateVersion !== ref.templateVersion) diffs.push(msg(`phiên bản ${s.templateVersion}`, `version ${s.templateVersion}`));
      if (s.period !== period) diffs.push(periodText(s.period));
      const d = joinMessages(diffs, ", ");
      return msg(`${s.file} (${d.vi})`, `${s.file} (${d.en})`);
    });
    const same = submissions.length - odd.length;
    const p = periodText(period);
    const l = joinMessages(list);
    throw new UserError(msg(
      `Không tổng hợp được: các báo cáo phải cùng biểu mẫu, cùng phiên bản và cùng kỳ. ${same}/${submissions.length} tệp là biểu mẫu ${ref.templateId} phiên bản ${ref.templateVersion}, ${p.vi}; các tệp khác: ${l.vi}. Hãy bỏ các tệp này ra hoặc tổng hợp chúng riêng.`,
      `Cannot merge: the reports must share the template, its version and the period. ${same} of ${submissions.length} files use template ${ref.templateId} version ${ref.templateVersion}, ${p.en}; the others: ${l.en}. Remove these files or merge them separately.`,
    ));
  }
  if (form !== `${template.id} ${template.version}`) {
    throw new Error(`mergeSubmissions: the reports use template ${form}, not ${template.id} ${template.version}`);
  }
  return period;
}

const time = (s: Submission): number => {
  const t = s.createdAt ? Date.parse(s.createdAt) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

/** When a report was made, as its unit saw the clock. */
function when(s: Submission): Message {
  const text = formatVietnamTime(s.createdAt);
  return text ? msg(text, text) : msg("không rõ thời điểm", "at an unknown time");
}

/** The units a submission covers, as reported. */
function coverage(s: Submission): string[] {
  return (s.units.length > 0 ? s.units : [s.unitName]).map(displayName);
}

interface Decision {
  status: SourceStatus;
  reason?: Message;
}

/** Older duplicates of a unit's report (or of a body's summary) are replaced by the newest. */
function replaceDuplicates(submissions: readonly Submission[], decisions: Decision[]): void {
  const groups = new Map<string, number[]>();
  submissions.forEach((s, i) => {
    const key = `${s.kind}\u0000${unitKey(s.unitName)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // Newest by createdAt; equal or unknown times: the file later in the list.
    const keep = group.reduce((a, b) => (time(submissions[b]) >= time(submissions[a]) ? b : a));
    const kept = submissions[keep];
    for (const i of group) {
      if (i === keep) continue;
      const s = submissions[i];
      const unit = displayName(s.unitName);
      const what = s.kind === "summary" ? msg(`Bảng tổng hợp của ${unit} gửi trùng`, `Duplicate summary of ${unit}`) : msg(`Báo cáo của ${unit} gửi trùng`, `Duplicate report of ${unit}`);
      const [k, o] = [when(kept), when(s)];
      const reason = msg(`${what.vi}: dùng tệp ${kept.file} (lập ${k.vi}) thay cho tệp ${s.file} (lập ${o.vi})`,
        `${what.en}: ${kept.file} (made ${k.en}) is used instead of ${s.file} (made ${o.en})`);
      const tie = msg("cùng thời điểm lập nên dùng tệp đứng sau trong danh sách", "both have the same time, so the file later in the list is used");
      decisions[i] = { status: "replaced", reason: time(s) === time(kept) ? joinMessages([reason, tie]) : reason };
    }
  }
}

/** Reports with errors or a stale stamp are merged but flagged, or excluded when asked. */
function flag(submissions: readonly Submission[], decisions: Decision[], exclude: boolean): void {
  submissions.forEach((s, i) => {
    if (decisions[i].status !== "merged") return;
    const facts: Message[] = [];
    if (s.counts.error > 0) facts.push(msg(`báo cáo có ${s.counts.error} lỗi`, `the report has ${s.counts.error} error${s.counts.error === 1 ? "" : "s"}`));
    if (s.review) facts.push(s.review);
    if (s.stamp === "stale") facts.push(msg("số liệu đã sửa sau khi kiểm tra, dấu xác nhận không còn đúng", "values were edited after validation, so the stamp is stale"));
    if (facts.length === 0) return;
    const f = joinMessages(facts);
    decisions[i] = exclude
      ? { status: "excluded", reason: msg(`Không tổng hợp vì ${f.vi}`, `Not merged because ${f.en}`) }
      : { status: "flagged", reason: msg(`Cần xem lại: ${f.vi}`, `To be reviewed: ${f.en}`) };
  });
}

/**
 * A unit reached twice (its own file and a summary that covers it, two summaries sharing a unit):
 * the submission covering more units is kept (a summary cannot be taken in part), then the newest,
 * then the later in the list; the other is left out as an overlap.
 */
function removeOverlaps(submissions: readonly Submission[], decisions: Decision[]): void {
  const order = submissions
    .map((s, i) => ({ s, i, size: new Set(coverage(s).map(unitKey)).size }))
    .filter(({ i }) => decisions[i].status === "merged" || decisions[i].status === "flagged")
    .sort((a, b) => b.size - a.size || time(b.s) - time(a.s) || b.i - a.i);
  const counted = new Map<string, number>();
  for (const { s, i } of order) {
    const names = coverage(s);
    const shared = names.filter((n) => counted.has(unitKey(n)));
    if (shared.length === 0) {
      for (const n of names) counted.set(unitKey(n), i);
      continue;
    }
    const others = [...new Set(shared.map((n) => submissions[counted.get(unitKey(n))!].file))].join(", ");
    const units = sortUnits(new Set(shared)).join(", ");
    decisions[i] = {
      status: "overlap",
      reason: msg(`${units} đã được tính qua tệp ${others}; không tính tệp ${s.file} để không đếm một đơn vị hai lần`,
        `${units} already counted through ${others}; ${s.file} is left out so that no unit is counted twice`),
    };
  }
}


/** What a merged value writes in its unit's column. */
function writable(p: ParsedValue): number | string | undefined {
  return p.status === "value" ? p.value : p.status === "text" ? p.text : p.status === "notApplicable" ? "-" : undefined;
}

function where(ind: Indicator): string {
  return ind.stt ? `STT ${ind.stt} "${ind.name}"` : `"${ind.name}"`;
}

/** Merges the received reports (or summaries) of one template version and period into a summary. */
export function mergeSubmissions(template: Template, submissions: Submission[], options: MergeOptions = {}): MergeResult {
  if (submissions.length === 0) {
    throw new UserError(msg("Không có báo cáo nào để tổng hợp; hãy chọn các tệp .xlsx của các đơn vị", "There is no report to merge; choose the units' .xlsx files"));
  }
  const period = commonPeriod(template, submissions);
  const findings: Finding[] = [];
  const byCode = new Map(template.indicators.map((i) => [i.code, i]));
  const merged = template.indicators.filter((i) => i.merge !== "none");

  const decisions: Decision[] = submissions.map(() => ({ status: "merged" }));
  replaceDuplicates(submissions, decisions);
  flag(submissions, decisions, options.excludeFlagged ?? false);
  removeOverlaps(submissions, decisions);
  const included = (i: number) => decisions[i].status === "merged" || decisions[i].status === "flagged";
  decisions.forEach((d, i) => {
    if (d.reason) findings.push({ severity: "warning", message: prefixed(submissions[i].file, d.reason) });
  });

  // Each included submission's statistics per indicator: a summary's stored aggregates, otherwise its values.
  const lists = new Map<string, Aggregate[]>(merged.map((ind) => [ind.code, [emptyAggregate(ind)]]));
  submissions.forEach((s, i) => {
    if (!included(i)) return;
    let formulas: Map<string, FormulaResult> | undefined;
    const unit = displayName(s.unitName);
    const unstored: string[] = [];
    for (const ind of merged) {
      const stored = s.kind === "summary" && s.aggregates?.has(ind.code) ? readAggregate(ind, s.aggregates.get(ind.code)) : undefined;
      if (s.kind === "summary" && !stored) unstored.push(ind.code);
      const agg = stored ?? unitAggregate(ind, unit, s.values.get(ind.code)?.parsed ?? MISSING, {
        weight: ind.weight ? s.values.get(ind.weight)?.parsed : undefined,
        recomputed: ind.merge === "recompute" ? (formulas ??= unitFormulas(template, s)).get(ind.code) : undefined,
      });
      lists.get(ind.code)!.push(agg);
    }
    if (unstored.length > 0) {
      findings.push({
        severity: "warning",
        message: prefixed(s.file, msg(
          `bảng tổng hợp thiếu hoặc hỏng số liệu chi tiết (trang _cchc) của ${unstored.length} chỉ tiêu (${unstored.join(", ")}); các chỉ tiêu này lấy số tổng của tệp như số của một đơn vị, nên không biết đơn vị nào trong đó chưa báo cáo`,
          `the summary's detailed statistics (sheet _cchc) are missing or damaged for ${unstored.length} indicator${unstored.length === 1 ? "" : "s"} (${unstored.join(", ")}); for these its totals count as one unit's figures, so it is not known which of its units have not reported`,
        )),
      });
    }
  });
  const aggregates = new Map(merged.map((ind) => [ind.code, combineAll(lists.get(ind.code)!)]));

  // Totals: every indicator from its statistics, then computed ones recomputed from the merged parts.
  const shown = new Map<string, Omit<MergedIndicator, "code">>();
  for (const ind of merged) if (ind.merge !== "recompute") shown.set(ind.code, summarize(ind, aggregates.get(ind.code)!));
  const formulas = computeAll(template, new Map([...shown].map(([code, m]) => [code, m.value])));
  for (const ind of merged) if (ind.merge === "recompute") shown.set(ind.code, summarize(ind, aggregates.get(ind.code)!, formulas.get(ind.code) ?? ""));
  const indicators = new Map(merged.map((ind) => [ind.code, { code: ind.code, ...shown.get(ind.code)! }]));

  // Nothing lost: each non-empty value is in its unit's column and the statistics, or listed here.
  const notMerged: NotMergedValue[] = [];
  const columnValues = submissions.map((s, i) => {
    const values = new Map<string, number | string>();
    for (const [code, v] of s.values) {
      if (v.parsed.status === "missing") continue;
      const ind = byCode.get(code);
      const reason = !included(i)
        ? decisions[i].reason
        : !ind
          ? msg(`Biểu mẫu ${template.id} không có chỉ tiêu mã ${code}`, `Template ${template.id} has no indicator ${code}`)
          : ind.kind === "header"
            ? msg(`Chỉ tiêu ${code} là dòng tiêu đề, không có số liệu để tổng hợp`, `Indicator ${code} is a heading row with no figure to merge`)
            : rejectReason(ind, v.parsed);
      if (reason) {
        notMerged.push({ file: s.file, cell: v.cell, code, raw: formatParsed(v.parsed), reason });
        if (included(i)) findings.push({ severity: "warning", message: msg(`${s.file}, ${v.cell}: ${reason.vi}; không đưa vào tổng hợp`, `${s.file}, ${v.cell}: ${reason.en}; not merged`) });
      } else {
        values.set(code, writable(v.parsed)!);
      }
    }
    return values;
  });

  const units = sortUnits(submissions.filter((_, i) => included(i)).flatMap(coverage));
  const roster = options.roster ? compareWithRoster(options.roster, submissions) : undefined;
  if (roster) findings.push(...roster.findings);

  for (const ind of merged) {
    const m = indicators.get(ind.code)!;
    if (ind.merge === "recompute" || m.missing.length === 0) continue; // a computed row's parts carry the finding
    const total = unitCount(aggregates.get(ind.code)!);
    findings.push({
      severity: "warning",
      message: msg(`${m.missing.length}/${total} đơn vị chưa báo cáo chỉ tiêu ${ind.code} (${where(ind)}): ${m.missing.join(", ")}`,
        `${m.missing.length} of ${unitsEn(total)} have not reported indicator ${ind.code} (${where(ind)}): ${m.missing.join(", ")}`),
    });
  }

  // Columns in the roster's order when there is one, otherwise in the order the files were given.
  const columnOrder = submissions.map((s, i) => ({ s, i })).filter(({ i }) => included(i));
  if (roster) columnOrder.sort((a, b) => roster.rank(a.s) - roster.rank(b.s) || a.i - b.i);
  const columns: UnitColumn[] = columnOrder.map(({ s, i }) => ({ label: displayName(s.unitName), file: s.file, values: columnValues[i] }));

  const sources: SourceReport[] = submissions.map((s, i) => ({
    file: s.file,
    unitName: s.unitName,
    readAs: s.readAs,
    kind: s.kind,
    ...(s.createdAt !== undefined ? { createdAt: s.createdAt } : {}),
    counts: s.counts,
    stamp: s.stamp,
    status: decisions[i].status,
    ...(decisions[i].reason ? { reason: decisions[i].reason } : {}),
    notes: s.notes,
  }));

  return {
    templateId: template.id,
    templateVersion: template.version,
    period,
    indicators,
    aggregates,
    columns,
    sources,
    notMerged,
    findings,
    units,
    ...(roster ? { roster: { missing: roster.missing, unexpected: roster.unexpected } } : {}),
  };
}

/**
 * Who on the roster sent nothing (any received file covering the unit counts, even one left out),
 * who sent a report without being on it, and where a submission comes in the roster's order.
 */
function compareWithRoster(names: readonly string[], submissions: readonly Submission[]) {
  const position = new Map<string, number>();
  const expected: string[] = [];
  for (const n of names.map(displayName)) {
    if (position.has(unitKey(n))) continue;
    position.set(unitKey(n), expected.length);
    expected.push(n);
  }
  const received = new Map<string, string>();
  for (const s of submissions) for (const n of coverage(s)) if (!received.has(unitKey(n))) received.set(unitKey(n), n);
  const missing = expected.filter((n) => !received.has(unitKey(n)));
  const unexpected = sortUnits([...received].filter(([k]) => !position.has(k)).map(([, n]) => n));
  const findings: Finding[] = [];
  if (missing.length > 0) {
    findings.push({ severity: "warning", message: msg(`${missing.length}/${expected.length} đơn vị trong danh sách chưa gửi báo cáo: ${missing.join(", ")}`,
      `${missing.length} of ${unitsEn(expected.length)} on the roster have not sent a report: ${missing.join(", ")}`) });
  }
  if (unexpected.length > 0) {
    findings.push({ severity: "info", message: msg(`${unexpected.length} đơn vị không có trong danh sách: ${unexpected.join(", ")}`,
      `${unitsEn(unexpected.length)} not on the roster: ${unexpected.join(", ")}`) });
  }
  // A summary comes where the first of its units does; units not on the roster come last.
  const at = (s: Submission) => Math.min(...coverage(s).map((n) => position.get(unitKey(n)) ?? Infinity));
  return { missing, unexpected, findings, rank: at };
}

/** What each formula gives from the unit's own parts (whatever the unit typed over a formula). */
function unitFormulas(template: Template, s: Submission): Map<string, FormulaResult> {
  return computeAll(template, new Map([...s.values].map(([code, v]) => [code, cellValueOf(v.parsed)])));
}

function parsedOf(value: MergedIndicator["value"]): ParsedValue {
  if (value === undefined) return MISSING;
  if (typeof value === "number") return { status: "value", value };
  return value === "-" ? { status: "notApplicable" } : { status: "text", text: value };
}

/** What a summary workbook of `result` reads back as: its totals, its statistics and the units it covers. */
export function summaryAsSubmission(result: MergeResult, file: string, unitName: string): Submission {
  return {
    file,
    readAs: "workbook",
    sheetName: INDICATOR_SHEET,
    templateId: result.templateId,
    templateVersion: result.templateVersion,
    period: result.period,
    unitName,
    kind: "summary",
    values: new Map([...result.indicators].map(([code, m]) => [code, { parsed: parsedOf(m.value), cell: `${INDICATOR_SHEET}!${definedNameFor(code)}` }])),
    aggregates: new Map(result.aggregates),
    units: [...result.units],
    counts: { error: 0, warning: 0, info: 0 },
    stamp: "none",
    notes: [],
  };
}
