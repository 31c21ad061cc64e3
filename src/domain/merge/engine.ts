// The consolidation engine (DESIGN §1 step 4): the reports of subordinate units, or summaries of
// them, become one summary that is itself a report for the next level. Exact where the numbers allow
// it, honest where they do not (estimates and missing units are said in words), and nothing is lost:
// every value that is not in the summary is listed in `notMerged` with its file, cell and reason.
import { computeAll, FormulaResult, formulaResults } from "../compute";
import { Message, msg, UserError } from "../messages";
import { parsePeriod } from "../period";
import { wording } from "../rules/words";
import { indicatorsByCode } from "../template/lookup";
import { Indicator, Template } from "../template/schema";
import { cellValueOf, formatParsed, ParsedValue } from "../values";
import { cleanUnitName } from "../workbookContract";
import { joinMessages, readAggregate, rejectReason, Statistics, summarize } from "./aggregate";
import { compareWithRoster, coverage, timeOf } from "./completeness";
import { MergedIndicator, MergeFinding, MergeResult, NotMergedValue, SourceReport, SourceStatus, Submission, UnitColumn } from "./model";
import { formatVietnamTime } from "../period";
import { findOutliers, UnitNumbers } from "./outliers";
import { sortUnits, unitKey } from "./units";

export interface MergeOptions {
  /** Leave out reports with errors or a stale stamp (otherwise they are merged and flagged). */
  excludeFlagged?: boolean;
  /** The units expected to report (parseRoster), to list who has not. */
  roster?: string[];
}

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
      if (s.templateId !== ref.templateId)
        diffs.push(msg(`biểu mẫu ${s.templateId} phiên bản ${s.templateVersion}`, `template ${s.templateId} version ${s.templateVersion}`));
      else if (s.templateVersion !== ref.templateVersion) diffs.push(msg(`phiên bản ${s.templateVersion}`, `version ${s.templateVersion}`));
      if (s.period !== period) diffs.push(periodText(s.period));
      const d = joinMessages(diffs, ", ");
      return msg(`${s.file} (${d.vi})`, `${s.file} (${d.en})`);
    });
    const same = submissions.length - odd.length;
    const p = periodText(period);
    const l = joinMessages(list);
    throw new UserError(
      msg(
        `Không tổng hợp được: các báo cáo phải cùng biểu mẫu, cùng phiên bản và cùng kỳ. ${same}/${submissions.length} tệp là biểu mẫu ${ref.templateId} phiên bản ${ref.templateVersion}, ${p.vi}; các tệp khác: ${l.vi}. Hãy bỏ các tệp này ra hoặc tổng hợp chúng riêng.`,
        `Cannot merge: the reports must share the template, its version and the period. ${same} of ${submissions.length} files use template ${ref.templateId} version ${ref.templateVersion}, ${p.en}; the others: ${l.en}. Remove these files or merge them separately.`,
      ),
    );
  }
  if (form !== `${template.id} ${template.version}`) {
    throw new Error(`mergeSubmissions: the reports use template ${form}, not ${template.id} ${template.version}`);
  }
  return period;
}

/**
 * Newer first: by the workbook's saved time, then by the file's modification time, then the file
 * later in the list. Negative when submission a is newer than b.
 */
function byNewest(submissions: readonly Submission[]) {
  const saved = submissions.map((s) => timeOf(s.createdAt));
  const modified = submissions.map((s) => timeOf(s.fileModifiedAt));
  return (a: number, b: number): number => saved[b] - saved[a] || modified[b] - modified[a] || b - a;
}

/** When a report was saved, as its unit saw the clock. */
function when(s: Submission): Message {
  const text = formatVietnamTime(s.createdAt);
  return text ? msg(`lưu ${text}`, `saved ${text}`) : msg("không rõ thời điểm lưu", "saved at an unknown time");
}

/** Its save time, with the file's time when the save times alone cannot tell two files apart. */
function whenBoth(s: Submission, other: Submission): Message {
  const saved = when(s);
  if (timeOf(s.createdAt) !== timeOf(other.createdAt)) return saved;
  const file = formatVietnamTime(s.fileModifiedAt);
  return file ? msg(`${saved.vi}, tệp sửa ${file}`, `${saved.en}, file modified ${file}`) : saved;
}

interface Decision {
  status: SourceStatus;
  reason?: Message;
}

/** Older duplicates of a unit's report (or of a body's summary) are replaced by the newest, one line each. */
function replaceDuplicates(submissions: readonly Submission[], decisions: Decision[]): void {
  const groups = new Map<string, number[]>();
  submissions.forEach((s, i) => {
    const key = `${s.kind}\u0000${unitKey(s.unitName)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const newest = byNewest(submissions);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [keep, ...older] = [...group].sort(newest);
    const kept = submissions[keep];
    for (const i of older) {
      const s = submissions[i];
      const unit = cleanUnitName(s.unitName);
      const [k, o] = [whenBoth(kept, s), whenBoth(s, kept)];
      const what =
        s.kind === "summary"
          ? msg(`Bảng tổng hợp của ${unit} gửi trùng`, `Duplicate summary of ${unit}`)
          : msg(`${unit} gửi trùng báo cáo`, `Duplicate report of ${unit}`);
      decisions[i] = {
        status: "replaced",
        reason: msg(
          `${what.vi}: dùng tệp ${kept.file} (${k.vi}), không dùng tệp ${s.file} (${o.vi})`,
          `${what.en}: ${kept.file} (${k.en}) is used, not ${s.file} (${o.en})`,
        ),
      };
    }
  }
}

/** Reports with errors or a stale stamp are merged but flagged, or excluded when asked. */
function flag(submissions: readonly Submission[], decisions: Decision[], exclude: boolean): void {
  submissions.forEach((s, i) => {
    if (decisions[i].status !== "merged") return;
    const facts: Message[] = [];
    if (s.counts.error > 0)
      facts.push(msg(`báo cáo có ${s.counts.error} lỗi`, `the report has ${s.counts.error} error${s.counts.error === 1 ? "" : "s"}`));
    if (s.review) facts.push(s.review);
    if (s.stamp === "stale")
      facts.push(
        msg("số liệu đã sửa sau khi kiểm tra, dấu xác nhận không còn đúng", "values were edited after validation, so the stamp is stale"),
      );
    if (facts.length === 0) return;
    const f = joinMessages(facts);
    decisions[i] = exclude
      ? { status: "excluded", reason: msg(`Không tổng hợp vì ${f.vi}`, `Not merged because ${f.en}`) }
      : { status: "flagged", reason: msg(`Cần xem lại: ${f.vi}`, `To be reviewed: ${f.en}`) };
  });
}

const live = (d: Decision) => d.status === "merged" || d.status === "flagged";

/**
 * A unit reached twice (its own file and a summary that covers it, two summaries sharing a unit).
 * A summary cannot be taken in part, so the submissions kept must not share a unit: first those
 * covering more units, then the newest. A kept summary whose every unit has a newer report of its
 * own gives way to those reports (the newest data per unit). Whatever is left out names its units:
 * those counted through another file, those whose newer report could not replace the summary, and
 * those that are in no kept file at all (lost from the totals).
 */
function removeOverlaps(submissions: readonly Submission[], decisions: Decision[]): MergeFinding[] {
  const keys = submissions.map((s) => new Set(coverage(s).map(unitKey)));
  const newest = byNewest(submissions);
  const order = submissions
    .map((_, i) => i)
    .filter((i) => live(decisions[i]))
    .sort((a, b) => keys[b].size - keys[a].size || newest(a, b));
  const owner = new Map<string, number>();
  const kept = new Set<number>();
  for (const i of order) {
    if ([...keys[i]].some((k) => owner.has(k))) continue;
    kept.add(i);
    for (const k of keys[i]) owner.set(k, i);
  }
  // A kept summary whose units all have newer reports, each inside it, gives way to them.
  for (const big of [...kept].filter((i) => keys[i].size > 1)) {
    const inside = order.filter((i) => !kept.has(i) && [...keys[i]].every((k) => keys[big].has(k)) && newest(i, big) < 0).sort(newest);
    const taken: number[] = [];
    const covered = new Set<string>();
    for (const i of inside) {
      if ([...keys[i]].some((k) => covered.has(k))) continue;
      taken.push(i);
      for (const k of keys[i]) covered.add(k);
    }
    if (covered.size < keys[big].size) continue;
    kept.delete(big);
    for (const i of taken) {
      kept.add(i);
      for (const k of keys[i]) owner.set(k, i);
    }
    const files = [...taken]
      .sort((a, b) => a - b)
      .map((i) => submissions[i].file)
      .join(", ");
    decisions[big] = {
      status: "replaced",
      reason: msg(
        `mọi đơn vị của bảng tổng hợp này đã gửi báo cáo mới hơn (${files}); dùng các báo cáo đó thay cho bảng tổng hợp`,
        `every unit of this summary sent a newer report (${files}); those reports are used instead of the summary`,
      ),
    };
  }

  const findings: MergeFinding[] = [];
  const nameOf = new Map<string, string>();
  submissions.forEach((s) => coverage(s).forEach((n) => nameOf.has(unitKey(n)) || nameOf.set(unitKey(n), n)));
  const names = (ks: Iterable<string>) => sortUnits([...ks].map((k) => nameOf.get(k)!)).join(", ");
  for (const i of order) {
    if (kept.has(i) || !live(decisions[i])) continue;
    const s = submissions[i];
    const shared = [...keys[i]].filter((k) => owner.has(k));
    const lost = [...keys[i]].filter((k) => !owner.has(k));
    const via = [...new Set(shared.map((k) => owner.get(k)!))];
    const viaFiles = via.map((j) => submissions[j].file).join(", ");
    const newerLeftOut = via.filter((j) => newest(i, j) < 0);
    const parts: Message[] = [
      msg(`${names(shared)} đã được tính qua tệp ${viaFiles}`, `${names(shared)} already counted through ${viaFiles}`),
    ];
    if (newerLeftOut.length > 0) {
      parts.push(
        msg(
          `tệp này mới hơn (${when(s).vi}) nhưng bảng tổng hợp không tách riêng từng đơn vị được; muốn dùng số liệu mới, hãy lập lại bảng tổng hợp đó với báo cáo này`,
          `this file is newer (${when(s).en}) but a summary cannot be split by unit; to use the newer figures, make that summary again with this report`,
        ),
      );
    }
    if (lost.length > 0) {
      parts.push(
        msg(
          `vì vậy ${names(lost)} không có trong tổng hợp; hãy đề nghị gửi báo cáo riêng của các đơn vị này`,
          `so ${names(lost)} ${lost.length === 1 ? "is" : "are"} not in the totals; ask for these units' own reports`,
        ),
      );
      for (const k of lost) {
        findings.push({
          severity: "error",
          topic: "unit",
          unit: nameOf.get(k)!,
          file: s.file,
          message: msg(
            `${nameOf.get(k)} không có trong tổng hợp: chỉ có trong tệp ${s.file}, tệp này trùng đơn vị với tệp ${viaFiles}`,
            `${nameOf.get(k)} is not in the totals: it is only in ${s.file}, which shares units with ${viaFiles}`,
          ),
        });
      }
    }
    const p = joinMessages(parts);
    decisions[i] = {
      status: "overlap",
      reason: msg(`Không tính để không đếm một đơn vị hai lần: ${p.vi}`, `Left out so that no unit is counted twice: ${p.en}`),
    };
  }
  return findings;
}

/** What a merged value writes in its unit's column. */
function writable(p: ParsedValue): number | string | undefined {
  return p.status === "value" ? p.value : p.status === "text" ? p.text : p.status === "notApplicable" ? "-" : undefined;
}

/** Merges the received reports (or summaries) of one template version and period into a summary. */
export function mergeSubmissions(template: Template, submissions: Submission[], options: MergeOptions = {}): MergeResult {
  if (submissions.length === 0) {
    throw new UserError(
      msg(
        "Không có báo cáo nào để tổng hợp; hãy chọn các tệp .xlsx của các đơn vị",
        "There is no report to merge; choose the units' .xlsx files",
      ),
    );
  }
  const period = commonPeriod(template, submissions);
  const findings: MergeFinding[] = [];
  const byCode = indicatorsByCode(template);
  const merged = template.indicators.filter((i) => i.merge !== "none");

  const decisions: Decision[] = submissions.map(() => ({ status: "merged" }));
  replaceDuplicates(submissions, decisions);
  flag(submissions, decisions, options.excludeFlagged ?? false);
  const lostUnits = removeOverlaps(submissions, decisions);
  const included = (i: number) => live(decisions[i]);
  decisions.forEach((d, i) => {
    if (d.reason)
      findings.push({ severity: "warning", topic: "source", file: submissions[i].file, message: prefixed(submissions[i].file, d.reason) });
  });
  findings.push(...lostUnits);

  // Each included submission's statistics per indicator: a summary's stored aggregates, otherwise its values,
  // gathered a batch at a time (combining is associative and exact), so that a national merge never holds
  // every unit's statistics at once.
  const statistics = new Map(merged.map((ind) => [ind.code, new Statistics(ind)]));
  const gathering = merged.map((ind) => ({ ind, gathered: statistics.get(ind.code)! }));
  submissions.forEach((s, i) => {
    if (!included(i)) return;
    let formulas: ((code: string) => FormulaResult | undefined) | undefined;
    const unit = cleanUnitName(s.unitName);
    const unstored: string[] = [];
    for (const { ind, gathered } of gathering) {
      const stored = s.kind === "summary" && s.aggregates?.has(ind.code) ? readAggregate(ind, s.aggregates.get(ind.code)) : undefined;
      if (s.kind === "summary" && !stored) unstored.push(ind.code);
      if (stored) gathered.addAggregate(stored);
      else {
        const parsed = s.values.get(ind.code)?.parsed ?? MISSING;
        if (ind.merge === "recompute") gathered.addUnit(unit, parsed, { recomputed: (formulas ??= unitFormulas(template, s))(ind.code) });
        else gathered.addUnit(unit, parsed, ind.weight ? { weight: s.values.get(ind.weight)?.parsed } : undefined);
      }
    }
    if (unstored.length > 0) {
      findings.push({
        severity: "warning",
        topic: "merge",
        file: s.file,
        message: prefixed(
          s.file,
          msg(
            `bảng tổng hợp thiếu hoặc hỏng số liệu chi tiết (trang _cchc) của ${unstored.length} chỉ tiêu (${unstored.join(", ")}); các chỉ tiêu này lấy số tổng của tệp như số của một đơn vị, nên không biết đơn vị nào trong đó chưa báo cáo`,
            `the summary's detailed statistics (sheet _cchc) are missing or damaged for ${unstored.length} indicator${unstored.length === 1 ? "" : "s"} (${unstored.join(", ")}); for these its totals count as one unit's figures, so it is not known which of its units have not reported`,
          ),
        ),
      });
    }
  });
  const aggregates = new Map(merged.map((ind) => [ind.code, statistics.get(ind.code)!.result()]));

  // Totals: every indicator from its statistics, then computed ones recomputed from the merged parts.
  const shown = new Map<string, Omit<MergedIndicator, "code">>();
  for (const ind of merged) if (ind.merge !== "recompute") shown.set(ind.code, summarize(ind, aggregates.get(ind.code)!));
  const formulas = computeAll(template, new Map([...shown].map(([code, m]) => [code, m.value])));
  for (const ind of merged)
    if (ind.merge === "recompute") shown.set(ind.code, summarize(ind, aggregates.get(ind.code)!, formulas.get(ind.code) ?? ""));
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
            ? msg(
                `Chỉ tiêu ${code} là dòng tiêu đề, không có số liệu để tổng hợp`,
                `Indicator ${code} is a heading row with no figure to merge`,
              )
            : rejectReason(ind, v.parsed);
      if (reason) {
        notMerged.push({ file: s.file, cell: v.cell, code, raw: formatParsed(v.parsed), reason });
        if (included(i))
          findings.push({
            severity: "warning",
            topic: "value",
            file: s.file,
            message: msg(`${s.file}, ${v.cell}: ${reason.vi}; không đưa vào tổng hợp`, `${s.file}, ${v.cell}: ${reason.en}; not merged`),
          });
      } else {
        values.set(code, writable(v.parsed)!);
      }
    }
    return values;
  });

  const units = sortUnits(submissions.filter((_, i) => included(i)).flatMap(coverage));
  findings.push(...missingByUnit(template, merged, indicators, submissions));
  const due = parsePeriod(period, template.dueDay).due;
  const roster = options.roster ? compareWithRoster(options.roster, submissions, included, due) : undefined;
  if (roster) findings.push(...roster.findings);

  // Columns in the roster's order when there is one, otherwise in the order the files were given.
  const columnOrder = submissions.map((s, i) => ({ s, i })).filter(({ i }) => included(i));
  if (roster) columnOrder.sort((a, b) => roster.rank(a.s) - roster.rank(b.s) || a.i - b.i);
  const columns: UnitColumn[] = columnOrder.map(({ s, i }) => ({
    label: cleanUnitName(s.unitName),
    file: s.file,
    values: columnValues[i],
  }));

  const sources: SourceReport[] = submissions.map((s, i) => ({
    file: s.file,
    unitName: s.unitName,
    readAs: s.readAs,
    kind: s.kind,
    ...(s.createdAt !== undefined ? { createdAt: s.createdAt } : {}),
    ...(s.fileModifiedAt !== undefined ? { fileModifiedAt: s.fileModifiedAt } : {}),
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
    ...(roster ? { roster: roster.completeness } : {}),
    review: findOutliers(template, unitNumbers(submissions.filter((s, i) => included(i) && s.kind === "submission"))),
  };
}

/** The units' numbers for the review of outliers: what their sheets show, "-" and blanks left out. */
function unitNumbers(submissions: readonly Submission[]): UnitNumbers {
  const numbers = new UnitNumbers();
  for (const s of submissions) {
    const at = numbers.addUnit(cleanUnitName(s.unitName), s.file);
    for (const [code, v] of s.values) if (v.parsed.status === "value") numbers.put(at, code, v.parsed.value);
  }
  return numbers;
}

/** Codes listed in a finding before "… và N chỉ tiêu khác": the summary's Ghi chú names every unit missing from each row. */
const LISTED_CODES = 15;

/**
 * One finding per unit that left indicators blank ("Sở Y tế chưa báo cáo 37/95 chỉ tiêu: dòng 2.1, …"),
 * not one per indicator. Computed rows are left out: their parts carry the finding. Rows are named as
 * the printed form names them, an unnumbered one by its cell in the units' sheets, never by code.
 */
function missingByUnit(
  template: Template,
  merged: readonly Indicator[],
  indicators: Map<string, MergedIndicator>,
  submissions: readonly Submission[],
): MergeFinding[] {
  // An unnumbered row is named by its cell in the first workbook that has it, looked up only for the rows
  // named (every value of every file was walked to find the few of them).
  const cellOf = new Map<string, string | undefined>();
  const firstCell = (code: string): string | undefined => {
    if (cellOf.has(code)) return cellOf.get(code);
    const v = submissions.find((s) => s.readAs === "workbook" && s.values.has(code))?.values.get(code);
    const cell = v && v.cell.slice(v.cell.lastIndexOf("!") + 1);
    cellOf.set(code, cell);
    return cell;
  };
  const words = wording(template, firstCell);
  const counted = merged.filter((ind) => ind.merge !== "recompute");
  const byUnit = new Map<string, string[]>();
  for (const ind of counted) {
    for (const unit of indicators.get(ind.code)!.missing) {
      const codes = byUnit.get(unit);
      if (codes) codes.push(ind.code);
      else byUnit.set(unit, [ind.code]);
    }
  }
  return sortUnits(byUnit.keys()).map((unit) => {
    const codes = byUnit.get(unit)!;
    const more = codes.length - LISTED_CODES;
    const list = words.rowsByPart(codes.slice(0, LISTED_CODES));
    const total = counted.length;
    return {
      severity: "warning",
      topic: "unit",
      unit,
      message:
        codes.length === total
          ? msg(
              `${unit} chưa nhập số liệu nào (${total}/${total} chỉ tiêu để trống)`,
              `${unit} has entered no figures (${total} of ${total} indicators blank)`,
            )
          : msg(
              `${unit} chưa báo cáo ${codes.length}/${total} chỉ tiêu: ${list.vi}${more > 0 ? ` … và ${more} chỉ tiêu khác` : ""}`,
              `${unit} has not reported ${codes.length} of ${total} indicators: ${list.en}${more > 0 ? ` … and ${more} more` : ""}`,
            ),
    };
  });
}

/** What each formula gives from the unit's own parts (whatever the unit typed over a formula). */
function unitFormulas(template: Template, s: Submission): (code: string) => FormulaResult | undefined {
  return formulaResults(template, {
    get: (code) => {
      const v = s.values.get(code);
      return v && cellValueOf(v.parsed);
    },
  });
}
