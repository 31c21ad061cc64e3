// The task pane's ReportHost over Office.js: insert the sheet, check it live, select cells, stamp,
// write a merge's summary.
// It runs against real Excel (Excel.run) and against the workbench's in-memory host alike.
import { Message, msg, UserError } from "../domain/messages";
import { parsePeriod } from "../domain/period";
import { checkReport } from "../domain/rules/report";
import { INDICATOR_SHEET } from "../domain/sheet/layout";
import { SheetPlan } from "../domain/sheet/plan";
import { makeStamp, parseStamp, STAMP_KEY, stampState } from "../domain/stamp";
import { RetypedReport } from "../domain/retyped/read";
import { TemplateRegistry } from "../domain/template/registry";
import { asCellText } from "../domain/values";
import { METADATA_SHEET } from "../domain/workbookContract";
import { InsertOutcome, InsertRequest, ReportHost, ReportState, HostError, SummaryOutcome, SummaryRequest } from "../host/reportHost";
import { toHostError } from "./errors";
import { OpenReport, readIndicatorCells, readReport } from "./readReport";

/** Excel.run, or the in-memory host's run in the workbench. */
export interface ExcelRun {
  <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  <T>(context: OfficeExtension.ClientRequestContext, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

export interface HostOptions {
  registry: TemplateRegistry;
  generatorVersion: string;
  /** Quiet time after an edit before re-checking (0: at once; edits during a check are coalesced) */
  debounceMs?: number;
  now?: () => Date;
}

const PRINT_SETUP_BY_HAND = msg(
  "Excel này (2019 trở về trước) không cho add-in đặt trang in: hãy chọn khổ A4 dọc, vừa một trang theo chiều ngang trong Bố trí Trang.",
  "This Excel (2019 or older) does not let add-ins set up printing: choose A4 portrait, fit to one page wide, in Page Layout.",
);

/** What the pane shows of a form retyped by hand: its own check by row, how it was read, no stamp. */
export function retypedState(read: RetypedReport, checkedAt: number): ReportState {
  const s = read.submission;
  return {
    templateId: s.templateId,
    templateVersion: s.templateVersion,
    period: s.period,
    periodLabel: parsePeriod(s.period).label.vi,
    unitName: s.unitName,
    sheetName: s.sheetName,
    findings: read.findings,
    counts: s.counts,
    filled: read.filled,
    cells: read.cells,
    stamp: { state: "none" },
    checkedAt,
    retyped: { notes: s.notes, ...(s.review ? { review: s.review } : {}) },
  };
}

export function createOfficeReportHost(run: ExcelRun, requirements: Requirements, options: HostOptions): ReportHost {
  const listeners = new Set<(state: ReportState) => void>();
  const now = options.now ?? (() => new Date());
  let report: OpenReport | undefined;
  let handler: OfficeExtension.EventHandlerResult<Excel.WorksheetChangedEventArgs> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw toHostError(e);
    }
  };

  const stateOf = (r: OpenReport): ReportState => {
    const checked = checkReport(r.template, r.sheetName, r.cells, { ...r.meta, unit: r.unit });
    const stamp = parseStamp(r.meta.validation);
    return {
      templateId: r.meta.templateId,
      templateVersion: r.meta.templateVersion,
      period: r.meta.period,
      periodLabel: r.meta.periodLabel ?? r.meta.period,
      unitName: r.unit.name,
      sheetName: r.sheetName,
      findings: checked.findings,
      counts: checked.counts,
      filled: checked.filled,
      cells: r.cells,
      stamp: { state: stampState(r.template, r.cells, r.meta.validation), ...(stamp ? { stamp } : {}) },
      checkedAt: now().getTime(),
    };
  };

  let last: ReportState | undefined;
  const publish = (state: ReportState) => {
    last = state;
    for (const l of listeners) l(state);
    return state;
  };

  // A failed re-check keeps the last findings on show, marked as old, with Excel's reason: never silently stale.
  const recheckFailed = (e: unknown) => {
    if (!last) return;
    const reason = toHostError(e).userMessage;
    const { recheckError: _old, ...shown } = last;
    publish({
      ...shown,
      recheckError: msg(
        `Chưa kiểm tra lại được sau lần sửa cuối; kết quả đang hiện là của lần kiểm tra trước. ${reason.vi}`,
        `The check after the last edit failed; the results shown are from the previous check. ${reason.en}`,
      ),
    });
  };

  const recheck = async () => {
    if (!report && retypedSheet) return void (await openRetyped().catch(recheckFailed));
    if (!report) return;
    const current = report;
    try {
      Object.assign(current, await run((context) => readIndicatorCells(context, current)));
      publish(stateOf(current));
    } catch (e) {
      recheckFailed(e);
    }
  };

  // Excel raises onChanged once per committed edit (Enter, paste, fill), not per keystroke: check at
  // once, and coalesce the edits that arrive while a check runs into one more check after it.
  let checking = false;
  let again = false;
  const onEdit = () => {
    if (checking) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      checking = true;
      void recheck().finally(() => {
        checking = false;
        if (again) {
          again = false;
          onEdit();
        }
      });
    }, options.debounceMs ?? 0);
  };

  // Office.js writes clear Excel's undo history, so an edit only triggers reads; the sheet's own
  // conditional formats do the highlighting.
  const attach = async (sheetName: string) => {
    if (handler) {
      const old = handler;
      handler = undefined;
      // remove() is queued on the context the handler was added in, not on a new one.
      await run(old.context, async (context) => {
        old.remove();
        await context.sync();
      }).catch(() => undefined);
    }
    handler = await run(async (context) => {
      const result = context.workbook.worksheets.getItem(sheetName).onChanged.add(async () => onEdit());
      await context.sync();
      return result;
    });
  };

  // A workbook with no `_cchc` that holds a form retyped by hand: checked by row, re-read after edits.
  let retypedSheet: string | undefined;
  const openRetyped = async (): Promise<ReportState | undefined> => {
    // The recogniser loads only for a workbook that is not one of ours (the task pane's first load is smaller).
    const { readRetypedInWorkbook } = await import("./readRetyped");
    const read = await run((context) => readRetypedInWorkbook(context, options.registry));
    retypedSheet = read?.submission.sheetName;
    if (!read) return undefined;
    return publish(retypedState(read, now().getTime()));
  };

  const open = async (): Promise<ReportState | undefined> =>
    guarded(async () => {
      report = await run((context) => readReport(context, options.registry));
      retypedSheet = undefined;
      if (!report) {
        const state = await openRetyped();
        if (retypedSheet) await attach(retypedSheet);
        return state;
      }
      await attach(report.sheetName);
      return publish(stateOf(report));
    });

  /**
   * Writes a report's sheet (and `then` queues what goes with it) in two syncs, whatever its size:
   * one to see which of `sheetNames` exist, one to replace them and write. An existing sheet is
   * replaced only when the user said so; the `_cchc` sheet and the report's defined names go with
   * it, as a workbook holds one report.
   */
  const replaceSheets = async (
    sheetNames: string[],
    plan: SheetPlan,
    replace: boolean,
    then: (context: Excel.RequestContext, pageLayout: boolean) => void,
  ): Promise<{ taken: string[] } | { syncs: number; notes: Message[] }> => {
    // The sheet writer loads with the first insert, not with the pane; before the batch, so no sync waits on it.
    const { queuePlan } = await import(/* webpackChunkName: "insert" */ "./writePlan");
    return run(async (context) => {
      let syncs = 0;
      const existing = sheetNames.map((name) => context.workbook.worksheets.getItemOrNullObject(name));
      const existingMeta = context.workbook.worksheets.getItemOrNullObject(METADATA_SHEET);
      const names = context.workbook.names.load("items/name");
      await context.sync();
      syncs++;
      const taken = sheetNames.filter((_, i) => !existing[i].isNullObject);
      if (taken.length > 0 && !replace) return { taken };
      for (const sheet of existing) if (!sheet.isNullObject) sheet.delete();
      if (!existingMeta.isNullObject) existingMeta.delete();
      const ours = new Set(plan.definedNames.map((n) => n.name));
      for (const n of names.items) if (ours.has(n.name)) n.delete();
      const pageLayout = requirements.isSetSupported("ExcelApi", "1.9");
      queuePlan(context, plan, { pageLayout });
      then(context, pageLayout);
      await context.sync();
      syncs++;
      return { syncs, notes: pageLayout ? [] : [PRINT_SETUP_BY_HAND] };
    });
  };

  return {
    open,

    insert: (request: InsertRequest): Promise<InsertOutcome> =>
      guarded(async () => {
        const [template, { buildSheetPlan }] = await Promise.all([
          options.registry.load(request.templateId),
          import(/* webpackChunkName: "insert" */ "../domain/sheet/build"),
        ]);
        const plan = buildSheetPlan({
          template,
          period: parsePeriod(request.period, template.dueDay),
          unit: { name: request.unitName, level: request.unitLevel, superiorName: request.superiorName },
          generatorVersion: options.generatorVersion,
          createdAt: now().toISOString(),
        });
        const written = await replaceSheets([plan.sheetName], plan, request.replace, () => undefined);
        if ("taken" in written) return { status: "exists", sheetName: plan.sheetName };
        await open();
        return { status: "inserted", sheetName: plan.sheetName, syncs: written.syncs, notes: written.notes };
      }),

    writeSummary: (request: SummaryRequest): Promise<SummaryOutcome> =>
      guarded(async () => {
        // The summary's layout and its sources sheets' renderer load with the merge, not with the pane.
        const [{ buildSummaryPlan }, { queueSourcesSheet }] = await Promise.all([
          import("../domain/merge/summaryPlan"),
          import("./writeSources"),
        ]);
        const plan = buildSummaryPlan({
          template: await options.registry.load(request.result.templateId),
          result: request.result,
          unitName: request.unitName,
          level: request.level,
          generatorVersion: options.generatorVersion,
          createdAt: now().toISOString(),
          rejected: request.rejected,
        });
        const sheetNames = [plan.sheet.sheetName, plan.units.sheetName, plan.sources.sheetName];
        const written = await replaceSheets(sheetNames, plan.sheet, request.replace, (context, pageLayout) => {
          queueSourcesSheet(context, plan.units, { pageLayout });
          queueSourcesSheet(context, plan.sources, { pageLayout });
        });
        if ("taken" in written) return { status: "exists", sheetNames: written.taken };
        await open();
        return { status: "written", sheetNames, syncs: written.syncs, notes: written.notes };
      }),

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    select: (address: string) =>
      guarded(() =>
        run(async (context) => {
          const sheet = context.workbook.worksheets.getItem(report?.sheetName ?? retypedSheet ?? INDICATOR_SHEET);
          sheet.activate();
          sheet.getRange(address).select();
          await context.sync();
        }),
      ),

    stampValidated: () =>
      guarded(async () => {
        const current = await open();
        if (!current || !report)
          throw new UserError(msg("Sổ này chưa có biểu mẫu để xác nhận.", "This workbook has no report to validate."));
        if (current.counts.error > 0) {
          throw new HostError(
            msg(
              `Chưa thể xác nhận: báo cáo còn ${current.counts.error} lỗi. Hãy sửa các lỗi trong tab Kiểm tra.`,
              `Cannot validate yet: the report has ${current.counts.error} errors. Fix them in the Check tab.`,
            ),
          );
        }
        const stamp = JSON.stringify(makeStamp(report.template, report.cells, current.counts, now().toISOString(), current.filled));
        const row = report.metaRows.get(STAMP_KEY);
        const target = report;
        await run(async (context) => {
          const meta = context.workbook.worksheets.getItem(METADATA_SHEET);
          const at = row ?? target.metaRows.size + 1;
          const range = meta.getRange(`A${at}:B${at}`);
          range.numberFormat = [["@", "@"]];
          range.values = [[STAMP_KEY, asCellText(stamp)]];
          await context.sync();
        });
        target.meta.validation = stamp;
        if (row === undefined) target.metaRows.set(STAMP_KEY, target.metaRows.size + 1);
        return publish(stateOf(target));
      }),
  };
}
