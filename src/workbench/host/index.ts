// An in-memory Excel for the browser workbench and for testing the Office.js adapter: `run` behaves
// like Excel.run over proxies with Office.js semantics, `requirements` like
// Office.context.requirements, and `userEdit` like a user typing into Excel with Vietnamese
// regional settings. It never calculates: formula cells take their values from `evaluate`.
import { Message, msg } from "../../domain/messages";
import { Area, parseArea } from "./address";
import { parseTyped } from "./locale";
import { Evaluate, Sheet, Workbook } from "./model";
import { Context, HostRuntime, SyncRecord } from "./proxies";
import { WorkbookView, workbookView } from "./view";

export type { CellView, MergeView, SheetView, WorkbookView } from "./view";
export type { SyncRecord } from "./proxies";
export { OfficeError } from "./errors";

export interface InMemoryExcelOptions {
  /** A formula cell's value (the workbench passes its TypeScript engine); without it formula values are null */
  evaluate?: Evaluate;
  /** Highest ExcelApi requirement set supported: "1.12" by default, "1.8" behaves like Excel 2019 */
  apiVersion?: string;
  /** Sheets of the new workbook: ["Sheet1"] by default */
  sheets?: string[];
}

export type EditResult = { ok: true } | { ok: false; message: Message };

type Batch<T> = (context: Excel.RequestContext) => Promise<T>;

export interface ExcelRunner {
  <T>(batch: Batch<T>): Promise<T>;
  /** Excel.run(context, batch) / Excel.run(object, batch): continue with an existing request context */
  <T>(contextOrObject: OfficeExtension.ClientRequestContext | OfficeExtension.ClientObject, batch: Batch<T>): Promise<T>;
}

export interface InMemoryExcel {
  run: ExcelRunner;
  requirements: { isSetSupported(name: string, minVersion?: string): boolean };
  workbook: WorkbookView;
  /** Round trips so far: every context.sync(), plus Excel.run's closing sync when it had commands to send */
  syncCount(): number;
  resetSyncCount(): void;
  /** Each round trip with the number of commands it carried */
  syncs(): readonly SyncRecord[];
  /** A user typing `text` into a cell and pressing Enter; refused on a locked cell of a protected sheet */
  userEdit(sheet: string, address: string, text: string): EditResult;
  /** A user clicking a cell (a merged cell selects its whole area) */
  userSelect(sheet: string, address: string): void;
  /** A user clicking a sheet tab */
  userActivate(sheet: string): void;
  /** Resolves when raised change events have been delivered and their handlers have settled */
  idle(): Promise<void>;
}

/** Excel's own words when a user types into a locked cell of a protected sheet. */
export const PROTECTED_CELL = msg(
  "Ô hoặc biểu đồ mà bạn đang cố thay đổi nằm trên trang tính được bảo vệ. Để thực hiện thay đổi, hãy bỏ bảo vệ trang tính. Bạn có thể được yêu cầu nhập mật khẩu.",
  "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet. You might be requested to enter a password.",
);

function versionParts(v: string): number[] {
  return v.split(".").map((p) => Number(p) || 0);
}

function atLeast(have: string, want: string): boolean {
  const a = versionParts(have);
  const b = versionParts(want);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export function createInMemoryExcel(options: InMemoryExcelOptions = {}): InMemoryExcel {
  const apiVersion = options.apiVersion ?? "1.12";
  const workbook = new Workbook(options.sheets ?? ["Sheet1"], options.evaluate);
  const runtime: HostRuntime = { workbook, supports: (v) => atLeast(apiVersion, v), syncs: [] };

  const sheetNamed = (name: string): Sheet => {
    const sheet = workbook.findSheet(name);
    if (!sheet) throw new Error(`In-memory Excel host: no sheet named "${name}"`);
    return sheet;
  };
  const cellOf = (sheet: Sheet, address: string): Area => {
    const a = parseArea(address);
    if (!a) throw new Error(`In-memory Excel host: "${address}" is not an A1 address`);
    return sheet.mergeAt(a.r1, a.c1) ?? { r1: a.r1, c1: a.c1, r2: a.r1, c2: a.c1 };
  };

  const run = (async <T>(first: unknown, second?: Batch<T>): Promise<T> => {
    const batch = (typeof first === "function" ? first : second) as Batch<T> | undefined;
    if (typeof batch !== "function") throw new TypeError("Excel.run needs a batch function");
    const given =
      first instanceof Context ? first : typeof first === "object" && first !== null && "context" in first ? first.context : undefined;
    if (given !== undefined && !(given instanceof Context && given.host === runtime)) {
      throw new Error("In-memory Excel host: Excel.run was given a context or object of another host");
    }
    const context = given ?? new Context(runtime);
    // Plain JavaScript callers may return anything: Office.js checks for a promise, and so does this host.
    const pending: unknown = batch(context as unknown as Excel.RequestContext);
    if (typeof (pending as Partial<Promise<T>> | undefined)?.then !== "function") {
      throw new Error('The batch function passed to the ".run" method didn\'t return a promise.');
    }
    const result = await (pending as Promise<T>);
    await context.send(true);
    return result;
  }) as ExcelRunner;

  return {
    run,
    requirements: {
      isSetSupported: (name, minVersion) => name.toLowerCase() === "excelapi" && atLeast(apiVersion, minVersion ?? "1.1"),
    },
    workbook: workbookView(workbook),
    syncCount: () => runtime.syncs.length,
    resetSyncCount: () => {
      runtime.syncs.length = 0;
    },
    syncs: () => [...runtime.syncs],

    userEdit(sheetName, address, text) {
      const sheet = sheetNamed(sheetName);
      const area = cellOf(sheet, address);
      const { r1: r, c1: c } = area;
      const style = sheet.styleAt(r, c);
      if (sheet.protection.protected && style.locked) return { ok: false, message: PROTECTED_CELL };
      const typed = parseTyped(text, style.numberFormat);
      const before = sheet.valueAt(r, c);
      if (typed.kind === "formula") sheet.setContent(r, c, { value: null, formula: typed.formula });
      else if (typed.kind === "value") sheet.setContent(r, c, { value: typed.value });
      else if (sheet.record(r, c)) sheet.setContent(r, c, { value: null });
      if (typed.kind === "value" && typed.numberFormat)
        sheet.setStyle({ r1: r, c1: c, r2: r, c2: c }, { numberFormat: typed.numberFormat });
      workbook.raiseChange({ sheet, area: { r1: r, c1: c, r2: r, c2: c }, before, after: sheet.valueAt(r, c) });
      workbook.notify();
      return { ok: true };
    },

    userSelect(sheetName, address) {
      const sheet = sheetNamed(sheetName);
      workbook.select(sheet, cellOf(sheet, address));
      workbook.notify();
    },

    userActivate(sheetName) {
      workbook.activate(sheetNamed(sheetName));
      workbook.notify();
    },

    idle: () => workbook.idle(),
  };
}
