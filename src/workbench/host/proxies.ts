// Office.js-style proxy objects over the in-memory workbook. As in Office.js: setting a property or
// calling a method only queues a command; `context.sync()` runs the queue in order (stopping at the
// first failure, with earlier commands applied) and fills what `load` asked for; reading a property
// that was not loaded and synced throws PropertyNotLoaded; `*OrNullObject` objects learn
// `isNullObject` at the next sync. Members that are not emulated throw, naming the member.
import {
  Area,
  MAX_COLUMNS,
  MAX_ROWS,
  WHOLE_SHEET,
  cellCount,
  contains,
  formatArea,
  overlaps,
  parseArea,
  parseReference,
  sheetAddress,
} from "./address";
import { OfficeError, notImplemented, propertyNotLoaded } from "./errors";
import { displayText } from "./locale";
import {
  Border,
  CellValue,
  Change,
  ChangeSubscription,
  ConditionalFormatEntry,
  NameEntry,
  Sheet,
  Style,
  Workbook,
  nameFormula,
} from "./model";

export interface SyncRecord {
  /** Commands (property writes, method calls, loads, handler registrations) sent in this round trip */
  operations: number;
}

/** What every context of one host shares. */
export interface HostRuntime {
  workbook: Workbook;
  supports(version: string): boolean;
  syncs: SyncRecord[];
}

interface Op {
  location: string;
  minVersion?: string;
  run(): void;
}

// Keys that libraries probe on any object (promises, Jest, React); answering undefined is harmless.
const PROBED = new Set([
  "then",
  "constructor",
  "$$typeof",
  "asymmetricMatch",
  "nodeType",
  "tagName",
  "_isMockFunction",
  "@@__IMMUTABLE_ITERABLE__@@",
  "@@__IMMUTABLE_RECORD__@@",
]);

interface PropDef<T> {
  get?: (t: T) => unknown;
  set?: (t: T, value: unknown) => void;
}
type Schema<T> = Record<string, PropDef<T>>;

interface Described {
  typeName: string;
  schema?: Schema<never>;
  navs?: string[];
  minVersion?: string;
}

function describe(target: object): Described {
  return target.constructor as unknown as Described;
}

/** Wraps an object so that members the real API has but this host lacks fail loudly. */
function guard<T extends object>(obj: T, typeName: string): T {
  return new Proxy(obj, {
    get(target, key, receiver) {
      if (typeof key === "symbol") return Reflect.get(target, key, receiver);
      const schema = describe(target).schema;
      if (schema && Object.hasOwn(schema, key)) return (receiver as ClientObject<unknown>).readProp(key);
      if (key in target) return Reflect.get(target, key, receiver);
      if (PROBED.has(key)) return undefined;
      throw notImplemented(typeName, key);
    },
    set(target, key, value, receiver) {
      if (typeof key === "symbol") return Reflect.set(target, key, value, receiver);
      const schema = describe(target).schema;
      if (schema && Object.hasOwn(schema, key)) {
        (receiver as ClientObject<unknown>).writeProp(key, value);
        return true;
      }
      if (key in target) return Reflect.set(target, key, value, receiver);
      throw notImplemented(typeName, key);
    },
  });
}

function loadPaths(arg: unknown): string[] {
  if (arg === undefined || arg === null) return [];
  if (typeof arg === "string")
    return arg
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap(loadPaths);
  if (typeof arg === "object") {
    const { select, expand } = arg as { select?: unknown; expand?: unknown };
    return [...loadPaths(select), ...loadPaths(expand)];
  }
  throw new OfficeError("InvalidArgument", "load");
}

export class Context {
  static typeName = "RequestContext";
  private queue: Op[] = [];
  private fresh: ClientObject<unknown>[] = [];
  readonly workbook: WorkbookProxy;

  constructor(readonly host: HostRuntime) {
    const self = guard(this, "RequestContext");
    this.workbook = new WorkbookProxy(self, () => host.workbook);
    return self;
  }

  enqueue(op: Op): void {
    this.queue.push(op);
  }

  track(obj: ClientObject<unknown>): void {
    this.fresh.push(obj);
  }

  sync<T>(passThroughValue?: T): Promise<T> {
    return this.send(false).then(() => passThroughValue as T);
  }

  /** Sends the queued commands; `implicit` is Excel.run's closing sync, a round trip only when something is queued. */
  async send(implicit: boolean): Promise<void> {
    const ops = this.queue;
    const fresh = this.fresh;
    this.queue = [];
    this.fresh = [];
    if (!implicit || ops.length > 0) this.host.syncs.push({ operations: ops.length });
    await Promise.resolve();
    try {
      for (const op of ops) {
        if (op.minVersion && !this.host.supports(op.minVersion)) throw new OfficeError("ApiNotFound", op.location);
        op.run();
      }
      for (const obj of fresh) obj.settle();
    } finally {
      this.host.workbook.notify();
    }
  }
}

/** Base of every proxy: loading, property reads and writes through the schema, resolution at sync. */
abstract class ClientObject<T> {
  readonly loaded = new Map<string, unknown>();
  /** The workbook object this proxy stands for, fixed at its first sync (Office.js then refers to it by id) */
  resolved: { value: T | null } | undefined = undefined;
  isNull: boolean | undefined = undefined;
  readonly children = new Map<string, unknown>();

  constructor(
    readonly context: Context,
    readonly locate: () => T | null,
  ) {
    const self = guard(this, describe(this).typeName);
    context.track(self);
    return self;
  }

  get typeName(): string {
    return describe(this).typeName;
  }

  get isNullObject(): boolean {
    if (this.isNull === undefined) throw propertyNotLoaded(this.typeName, "isNullObject");
    return this.isNull;
  }

  /** Whether the object still exists: its sheet not deleted (overridden for names and conditional formats). */
  protected alive(t: T): boolean {
    const sheet = t instanceof Sheet ? t : (t as { sheet?: Sheet }).sheet;
    return !sheet?.deleted;
  }

  resolve(): T | null {
    this.resolved ??= { value: this.locate() };
    const t = this.resolved.value;
    if (t !== null && !this.alive(t)) throw new OfficeError("ItemNotFound", this.typeName);
    return t;
  }

  settle(): void {
    try {
      this.isNull = this.resolve() === null;
    } catch {
      // A missing item that no command used: Office.js does not report it either.
    }
  }

  protected enqueue(location: string, run: () => void): void {
    this.context.enqueue({ location: `${this.typeName}.${location}`, minVersion: describe(this).minVersion, run });
  }

  /** Queues `run` with the target, skipped for a null object (Office.js ignores commands on those). */
  protected command(location: string, run: (t: T) => void): void {
    this.enqueue(location, () => {
      const t = this.resolve();
      if (t !== null) run(t);
    });
  }

  protected child<C>(name: string, make: () => C): C {
    if (!this.children.has(name)) this.children.set(name, make());
    return this.children.get(name) as C;
  }

  readProp(name: string): unknown {
    if (this.loaded.has(name)) return this.loaded.get(name);
    if (this.isNull === true) return null;
    throw propertyNotLoaded(this.typeName, name);
  }

  writeProp(name: string, value: unknown): void {
    const def = (describe(this).schema as Schema<T>)[name];
    if (!def.set) throw new OfficeError("CannotUpdateReadOnlyProperty", `${this.typeName}.${name}`, name);
    this.loaded.set(name, value);
    this.command(name, (t) => def.set!(t, value));
  }

  load(arg?: unknown): this {
    const paths = loadPaths(arg);
    this.enqueue("load", () => this.snapshot(paths));
    return this;
  }

  /** Copies the requested properties from the workbook, as the sync response does. */
  snapshot(paths: string[]): void {
    const { schema = {}, navs = [], minVersion } = describe(this) as { schema?: Schema<T>; navs?: string[]; minVersion?: string };
    if (minVersion && !this.context.host.supports(minVersion)) throw new OfficeError("ApiNotFound", this.typeName);
    const t = this.resolve();
    const wanted = paths.length > 0 ? paths : Object.keys(schema).filter((k) => schema[k].get);
    const deeper = new Map<string, string[]>();
    for (const path of wanted) {
      const [head, ...rest] = path.split("/");
      if (Object.hasOwn(schema, head) && rest.length === 0) {
        const def = schema[head];
        if (!def.get) throw notImplemented(this.typeName, `load("${head}")`);
        this.loaded.set(head, t === null ? null : def.get(t));
      } else if (navs.includes(head)) {
        deeper.set(head, [...(deeper.get(head) ?? []), ...(rest.length > 0 ? [rest.join("/")] : [])]);
      } else throw notImplemented(this.typeName, `load("${path}")`);
    }
    for (const [nav, sub] of deeper) (this as unknown as Record<string, ClientObject<unknown>>)[nav].snapshot(sub);
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.loaded);
  }
}

/** A collection: `items` after load("items/name") (or load("name")), `items` of ready-made proxies. */
abstract class CollectionObject<T, I> extends ClientObject<T> {
  loadedItems: unknown[] | undefined = undefined;

  get items(): unknown[] {
    if (this.loadedItems) return this.loadedItems;
    throw propertyNotLoaded(this.typeName, "items");
  }

  protected abstract targets(t: T): I[];
  protected abstract item(locate: () => I): ClientObject<I>;

  override snapshot(paths: string[]): void {
    const t = this.resolve();
    const itemPaths = paths.flatMap((p) => (p === "items" ? [] : [p.replace(/^items\//, "")]));
    this.loadedItems = (t === null ? [] : this.targets(t)).map((target) => {
      const proxy = this.item(() => target);
      proxy.isNull = false;
      proxy.snapshot(itemPaths);
      return proxy;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Value checks shared by the setters

function invalid(location: string): OfficeError {
  return new OfficeError("InvalidArgument", location);
}

function oneOf<V extends string>(allowed: readonly V[], location: string) {
  return (v: unknown): V => {
    if (typeof v !== "string" || !allowed.includes(v as V)) throw invalid(location);
    return v as V;
  };
}

function bool(location: string) {
  return (v: unknown): boolean => {
    if (typeof v !== "boolean") throw invalid(location);
    return v;
  };
}

function num(location: string, min = -Infinity, max = Infinity) {
  return (v: unknown): number => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) throw invalid(location);
    return v;
  };
}

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  green: "#008000",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  gray: "#808080",
  grey: "#808080",
  purple: "#800080",
};

function color(location: string) {
  return (v: unknown): string => {
    if (typeof v !== "string") throw invalid(location);
    const hex = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(v.trim());
    if (hex) return `#${hex[1].length === 3 ? [...hex[1]].map((ch) => ch + ch).join("") : hex[1]}`.toUpperCase();
    const named = NAMED_COLORS[v.trim().toLowerCase()];
    if (!named) throw invalid(location);
    return named;
  };
}

/** Sheet protection: what a protected sheet still allows, by WorksheetProtectionOptions flag. */
function guardProtection(sheet: Sheet, location: string, allowedBy?: string): void {
  if (sheet.protection.protected && !(allowedBy && sheet.protection.options[allowedBy] === true)) {
    throw new OfficeError("AccessDenied", location);
  }
}

// ---------------------------------------------------------------------------------------------
// Workbook, worksheets

class WorkbookProxy extends ClientObject<Workbook> {
  static typeName = "Workbook";
  static navs = ["worksheets", "names"];

  get worksheets(): WorksheetCollectionProxy {
    return this.child("worksheets", () => new WorksheetCollectionProxy(this.context, () => this.resolve()));
  }

  get names(): NamedItemCollectionProxy {
    return this.child("names", () => new NamedItemCollectionProxy(this.context, () => this.resolve()));
  }

  getSelectedRange(): RangeProxy {
    return new RangeProxy(this.context, () => {
      const wb = this.resolve()!;
      return { sheet: wb.selection.sheet, area: wb.selection.area };
    });
  }
}

class WorksheetCollectionProxy extends CollectionObject<Workbook, Sheet> {
  static typeName = "WorksheetCollection";

  protected targets(wb: Workbook): Sheet[] {
    return wb.sheets;
  }

  protected item(locate: () => Sheet): WorksheetProxy {
    return new WorksheetProxy(this.context, locate);
  }

  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(this.context, () => {
      const sheet = this.resolve()!.findSheet(key);
      if (!sheet) throw new OfficeError("ItemNotFound", "WorksheetCollection.getItem");
      return sheet;
    });
  }

  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(this.context, () => this.resolve()!.findSheet(key) ?? null);
  }

  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, () => this.resolve()!.active);
  }

  add(name?: string): WorksheetProxy {
    if (name !== undefined && typeof name !== "string") throw invalid("WorksheetCollection.add");
    let created: Sheet | undefined;
    this.command("add", (wb) => {
      created = wb.addSheet(name);
    });
    return new WorksheetProxy(this.context, () => {
      if (!created) throw new OfficeError("ItemNotFound", "WorksheetCollection.add");
      return created;
    });
  }
}

const VISIBILITY = ["Visible", "Hidden", "VeryHidden"] as const;

class WorksheetProxy extends ClientObject<Sheet> {
  static typeName = "Worksheet";
  static navs = ["protection", "freezePanes", "pageLayout"];
  static schema: Schema<Sheet> = {
    name: {
      get: (s) => s.name,
      set: (s, v) => {
        if (typeof v !== "string") throw invalid("Worksheet.name");
        s.workbook.checkSheetName(v, "Worksheet.name", s);
        s.name = v;
        s.workbook.changed();
      },
    },
    id: { get: (s) => s.id },
    position: { get: (s) => s.workbook.sheets.indexOf(s) },
    visibility: {
      get: (s) => s.visibility,
      set: (s, v) => s.workbook.setVisibility(s, oneOf(VISIBILITY, "Worksheet.visibility")(v)),
    },
  };

  get protection(): WorksheetProtectionProxy {
    return this.child("protection", () => new WorksheetProtectionProxy(this.context, () => this.resolve()));
  }

  get freezePanes(): FreezePanesProxy {
    return this.child("freezePanes", () => new FreezePanesProxy(this.context, () => this.resolve()));
  }

  get pageLayout(): PageLayoutProxy {
    return this.child("pageLayout", () => new PageLayoutProxy(this.context, () => this.resolve()));
  }

  get onChanged(): ChangedEventHandlers {
    return this.child("onChanged", () => guard(new ChangedEventHandlers(this), "EventHandlers"));
  }

  delete(): void {
    this.command("delete", (s) => s.workbook.deleteSheet(s));
  }

  activate(): void {
    this.command("activate", (s) => s.workbook.activate(s));
  }

  getRange(address?: string): RangeProxy {
    return new RangeProxy(this.context, () => {
      const sheet = this.resolve();
      if (sheet === null) return null;
      const area = address === undefined ? WHOLE_SHEET : parseArea(address);
      if (!area) throw invalid("Worksheet.getRange");
      return { sheet, area };
    });
  }

  private used(valuesOnly: unknown, orNull: boolean): RangeProxy {
    return new RangeProxy(this.context, () => {
      const sheet = this.resolve();
      if (sheet === null) return null;
      const area = sheet.usedArea(valuesOnly === true);
      // Excel's getUsedRange on a blank sheet is A1; the OrNullObject variant says there is nothing.
      return area ? { sheet, area } : orNull ? null : { sheet, area: { r1: 0, c1: 0, r2: 0, c2: 0 } };
    });
  }

  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return this.used(valuesOnly, false);
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return this.used(valuesOnly, true);
  }
}

/** Worksheet.onChanged: handlers are (un)registered by the sync of the context they were added in. */
class ChangedEventHandlers {
  constructor(private readonly worksheet: WorksheetProxy) {}

  add(handler: (args: unknown) => Promise<unknown>): object {
    const context = this.worksheet.context;
    const subscription: ChangeSubscription = { handler, invoke: (change) => handler(changedEventArgs(change)) };
    context.enqueue({
      location: "Worksheet.onChanged.add",
      run: () => this.worksheet.resolve()?.changeSubscriptions.push(subscription),
    });
    const worksheet = this.worksheet;
    return guard(
      {
        context,
        remove(): void {
          context.enqueue({ location: "EventHandlerResult.remove", run: () => unsubscribe(worksheet.resolve(), handler) });
        },
      },
      "EventHandlerResult",
    );
  }

  remove(handler: unknown): void {
    this.worksheet.context.enqueue({ location: "EventHandlers.remove", run: () => unsubscribe(this.worksheet.resolve(), handler) });
  }
}

function unsubscribe(sheet: Sheet | null, handler: unknown): void {
  if (!sheet) return;
  const i = sheet.changeSubscriptions.findIndex((s) => s.handler === handler);
  if (i >= 0) sheet.changeSubscriptions.splice(i, 1);
}

/** Excel.WorksheetChangedEventArgs: the address is local to the sheet ("D23"), details only for one cell. */
function changedEventArgs(change: Change): object {
  const { sheet, area } = change;
  const rangeIn = (ctx: unknown, orNull: boolean) => {
    if (!(ctx instanceof Context)) throw new Error("In-memory Excel host: getRange(ctx) needs a context of this host");
    return new RangeProxy(ctx, () =>
      sheet.deleted ? (orNull ? null : thrown(new OfficeError("ItemNotFound", "Worksheet"))) : { sheet, area },
    );
  };
  return guard(
    {
      type: "WorksheetChanged",
      source: "Local",
      changeType: "RangeEdited",
      address: formatArea(area),
      worksheetId: sheet.id,
      details:
        "after" in change
          ? {
              valueBefore: change.before ?? "",
              valueAfter: change.after ?? "",
              valueTypeBefore: valueType(change.before),
              valueTypeAfter: valueType(change.after),
            }
          : undefined,
      getRange: (ctx: unknown) => rangeIn(ctx, false),
      getRangeOrNullObject: (ctx: unknown) => rangeIn(ctx, true),
    },
    "WorksheetChangedEventArgs",
  );
}

function thrown(e: Error): never {
  throw e;
}

function valueType(v: CellValue | undefined): string {
  if (v === null || v === undefined || v === "") return "Empty";
  if (typeof v === "number") return "Double";
  if (typeof v === "boolean") return "Boolean";
  return /^#/.test(v) ? "Error" : "String";
}

class WorksheetProtectionProxy extends ClientObject<Sheet> {
  static typeName = "WorksheetProtection";
  static schema: Schema<Sheet> = {
    protected: { get: (s) => s.protection.protected },
    options: { get: (s) => ({ ...s.protection.options }) },
  };

  protect(options?: Record<string, unknown>, password?: string): void {
    this.command("protect", (s) => {
      // "Protects a worksheet. Fails if the worksheet has already been protected." (WorksheetProtection docs)
      if (s.protection.protected) throw new OfficeError("AccessDenied", "WorksheetProtection.protect");
      s.protection = { protected: true, options: { ...options }, ...(password ? { password } : {}) };
      s.workbook.changed();
    });
  }

  unprotect(password?: string): void {
    this.command("unprotect", (s) => {
      if (!s.protection.protected) return;
      if (s.protection.password !== undefined && s.protection.password !== password) {
        throw new OfficeError("BadPassword", "WorksheetProtection.unprotect");
      }
      s.protection = { protected: false, options: {} };
      s.workbook.changed();
    });
  }
}

class FreezePanesProxy extends ClientObject<Sheet> {
  static typeName = "WorksheetFreezePanes";

  freezeRows(count?: number): void {
    this.command("freezeRows", (s) => {
      s.frozenRows = num("WorksheetFreezePanes.freezeRows", 0, MAX_ROWS)(count ?? 1);
      s.workbook.changed();
    });
  }

  unfreeze(): void {
    this.command("unfreeze", (s) => {
      s.frozenRows = 0;
      s.workbook.changed();
    });
  }
}

const ORIENTATION = ["Portrait", "Landscape"] as const;
const PAPER = [
  "Letter",
  "LetterSmall",
  "Tabloid",
  "Ledger",
  "Legal",
  "Statement",
  "Executive",
  "A3",
  "A4",
  "A4Small",
  "A5",
  "B4",
  "B5",
] as const;
const margin = (name: string) => ({
  get: (s: Sheet) => s.page[name as "leftMargin"],
  set: (s: Sheet, v: unknown) => {
    s.page[name as "leftMargin"] = num(`PageLayout.${name}`, 0)(v);
  },
});

/** ExcelApi 1.9: Excel 2019 answers every PageLayout command with ApiNotFound. */
class PageLayoutProxy extends ClientObject<Sheet> {
  static typeName = "PageLayout";
  static minVersion = "1.9";
  static schema: Schema<Sheet> = {
    orientation: {
      get: (s) => s.page.orientation,
      set: (s, v) => void (s.page.orientation = oneOf(ORIENTATION, "PageLayout.orientation")(v)),
    },
    paperSize: { get: (s) => s.page.paperSize, set: (s, v) => void (s.page.paperSize = oneOf(PAPER, "PageLayout.paperSize")(v)) },
    leftMargin: margin("leftMargin"),
    rightMargin: margin("rightMargin"),
    topMargin: margin("topMargin"),
    bottomMargin: margin("bottomMargin"),
    headerMargin: margin("headerMargin"),
    footerMargin: margin("footerMargin"),
    centerHorizontally: {
      get: (s) => s.page.centerHorizontally,
      set: (s, v) => void (s.page.centerHorizontally = bool("PageLayout.centerHorizontally")(v)),
    },
    centerVertically: {
      get: (s) => s.page.centerVertically,
      set: (s, v) => void (s.page.centerVertically = bool("PageLayout.centerVertically")(v)),
    },
    blackAndWhite: {
      get: (s) => s.page.blackAndWhite ?? false,
      set: (s, v) => void (s.page.blackAndWhite = bool("PageLayout.blackAndWhite")(v)),
    },
    zoom: {
      get: (s) => ({ ...s.page.zoom }),
      set: (s, v) => {
        const allowed = ["scale", "horizontalFitToPages", "verticalFitToPages"];
        if (typeof v !== "object" || v === null || Object.keys(v).some((k) => !allowed.includes(k))) throw invalid("PageLayout.zoom");
        for (const n of Object.values(v)) num("PageLayout.zoom", 0)(n);
        s.page.zoom = { ...(v as PageLayoutZoom) };
      },
    },
  };

  get headersFooters(): HeaderFooterGroupProxy {
    return this.child("headersFooters", () => new HeaderFooterGroupProxy(this.context, () => this.resolve()));
  }

  private areaText(where: unknown, location: string, rows: boolean): () => string {
    if (typeof where === "string") return () => where;
    if (where instanceof RangeProxy) {
      return () => {
        const t = where.resolve();
        if (t === null) throw invalid(location);
        return rows ? `$${t.area.r1 + 1}:$${t.area.r2 + 1}` : formatArea(t.area, true);
      };
    }
    throw invalid(location);
  }

  setPrintArea(printArea: unknown): void {
    const text = this.areaText(printArea, "PageLayout.setPrintArea", false);
    this.command("setPrintArea", (s) => {
      s.page.printArea = text();
      s.workbook.changed();
    });
  }

  setPrintTitleColumns(titleColumns: unknown): void {
    if (typeof titleColumns !== "string") throw invalid("PageLayout.setPrintTitleColumns");
    this.command("setPrintTitleColumns", (s) => {
      s.page.printTitleColumns = titleColumns;
      s.workbook.changed();
    });
  }

  setPrintTitleRows(titleRows: unknown): void {
    const text = this.areaText(titleRows, "PageLayout.setPrintTitleRows", true);
    this.command("setPrintTitleRows", (s) => {
      s.page.printTitleRows = text();
      s.workbook.changed();
    });
  }
}

class HeaderFooterGroupProxy extends ClientObject<Sheet> {
  static typeName = "HeaderFooterGroup";
  static minVersion = "1.9";
  static navs = ["defaultForAllPages"];

  get defaultForAllPages(): HeaderFooterProxy {
    return this.child("defaultForAllPages", () => new HeaderFooterProxy(this.context, () => this.resolve()));
  }
}

/** Only the centre footer, the one part the add-in writes. */
class HeaderFooterProxy extends ClientObject<Sheet> {
  static typeName = "HeaderFooter";
  static minVersion = "1.9";
  static schema: Schema<Sheet> = {
    centerFooter: { get: (s) => s.page.centerFooter ?? "", set: (s, v) => void (s.page.centerFooter = String(v)) },
  };
}

interface PageLayoutZoom {
  scale?: number;
  horizontalFitToPages?: number;
  verticalFitToPages?: number;
}

// ---------------------------------------------------------------------------------------------
// Ranges

interface RangeTarget {
  sheet: Sheet;
  area: Area;
}

/** Calls `fn(r, c, value)` for each cell of a 2D input of the range's shape, or the one scalar for all. */
function eachInput(t: RangeTarget, input: unknown, location: string, fn: (r: number, c: number, v: unknown) => void): void {
  const { area } = t;
  const rows = area.r2 - area.r1 + 1;
  const cols = area.c2 - area.c1 + 1;
  if (Array.isArray(input)) {
    if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== cols)) throw invalid(location);
    input.forEach((row: unknown[], i) => row.forEach((v, j) => fn(area.r1 + i, area.c1 + j, v)));
    return;
  }
  for (let r = area.r1; r <= area.r2; r++) for (let c = area.c1; c <= area.c2; c++) fn(r, c, input);
}

/** One written value as Excel stores it: "=…" is a formula, "'…" text, null leaves the cell alone. */
function content(v: unknown, numberFormat: string, location: string): { value: CellValue; formula?: string } | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw invalid(location);
    return { value: v };
  }
  if (typeof v === "boolean") return { value: v };
  if (typeof v !== "string") throw invalid(location);
  if (v === "") return { value: null };
  if (v.startsWith("'")) return { value: v.slice(1) };
  if (numberFormat !== "@" && v.startsWith("=") && v.length > 1) return { value: null, formula: v };
  return { value: v };
}

function writeCells(t: RangeTarget, input: unknown, location: string): void {
  const { sheet, area } = t;
  if (cellCount(area) > CELL_LIMIT) throw new OfficeError("RangeExceedsLimit", location);
  if (sheet.protection.protected && sheet.lockedIn(area)) throw new OfficeError("AccessDenied", location);
  const single = cellCount(area) === 1;
  const before = single ? sheet.valueAt(area.r1, area.c1) : undefined;
  eachInput(t, input, location, (r, c, v) => sheet.setContent(r, c, content(v, sheet.styleAt(r, c).numberFormat, location)));
  const change: Change = single ? { sheet, area, before, after: sheet.valueAt(area.r1, area.c1) } : { sheet, area };
  sheet.workbook.raiseChange(change);
}

/** Beyond this many cells a range's values are refused, as Excel refuses oversized requests (no 17-billion-cell arrays). */
const CELL_LIMIT = 5_000_000;

function grid<V>(t: RangeTarget, read: (r: number, c: number) => V): V[][] {
  const { area } = t;
  if (cellCount(area) > CELL_LIMIT) throw new OfficeError("RangeExceedsLimit", "Range");
  return Array.from({ length: area.r2 - area.r1 + 1 }, (_, i) =>
    Array.from({ length: area.c2 - area.c1 + 1 }, (_, j) => read(area.r1 + i, area.c1 + j)),
  );
}

function lineHidden(hidden: Set<number>, from: number, to: number): boolean | null {
  let some = false;
  let all = true;
  for (let i = from; i <= to; i++) {
    if (hidden.has(i)) some = true;
    else all = false;
    if (some && !all) return null;
  }
  return all;
}

function setLines(hidden: Set<number>, from: number, to: number, value: boolean): void {
  for (let i = from; i <= to; i++) {
    if (value) hidden.add(i);
    else hidden.delete(i);
  }
}

class RangeProxy extends ClientObject<RangeTarget> {
  static typeName = "Range";
  static navs = ["format", "dataValidation", "worksheet"];
  static schema: Schema<RangeTarget> = {
    address: { get: (t) => sheetAddress(t.sheet.name, t.area) },
    values: {
      get: (t) => grid(t, (r, c) => t.sheet.valueAt(r, c) ?? (t.sheet.formulaAt(r, c) === undefined ? "" : null)),
      set: (t, v) => writeCells(t, v, "Range.values"),
    },
    formulas: {
      get: (t) => grid(t, (r, c) => t.sheet.formulaAt(r, c) ?? t.sheet.record(r, c)?.value ?? ""),
      set: (t, v) => writeCells(t, v, "Range.formulas"),
    },
    text: { get: (t) => grid(t, (r, c) => displayText(t.sheet.valueAt(r, c), t.sheet.styleAt(r, c).numberFormat)) },
    numberFormat: {
      get: (t) => grid(t, (r, c) => t.sheet.styleAt(r, c).numberFormat),
      set: (t, v) => {
        guardProtection(t.sheet, "Range.numberFormat", "allowFormatCells");
        const format = (x: unknown) => {
          if (typeof x !== "string") throw invalid("Range.numberFormat");
          return x;
        };
        if (!Array.isArray(v)) t.sheet.setStyle(t.area, { numberFormat: format(v) });
        else
          eachInput(
            t,
            v,
            "Range.numberFormat",
            (r, c, x) => x !== null && t.sheet.setStyle({ r1: r, c1: c, r2: r, c2: c }, { numberFormat: format(x) }),
          );
      },
    },
    rowIndex: { get: (t) => t.area.r1 },
    columnIndex: { get: (t) => t.area.c1 },
    rowCount: { get: (t) => t.area.r2 - t.area.r1 + 1 },
    columnCount: { get: (t) => t.area.c2 - t.area.c1 + 1 },
    columnHidden: {
      get: (t) => lineHidden(t.sheet.hiddenColumns, t.area.c1, t.area.c2),
      set: (t, v) => {
        guardProtection(t.sheet, "Range.columnHidden", "allowFormatColumns");
        setLines(t.sheet.hiddenColumns, t.area.c1, t.area.c2, bool("Range.columnHidden")(v));
        t.sheet.workbook.changed();
      },
    },
    rowHidden: {
      get: (t) => lineHidden(t.sheet.hiddenRows, t.area.r1, t.area.r2),
      set: (t, v) => {
        guardProtection(t.sheet, "Range.rowHidden", "allowFormatRows");
        setLines(t.sheet.hiddenRows, t.area.r1, t.area.r2, bool("Range.rowHidden")(v));
        t.sheet.workbook.changed();
      },
    },
  };

  get format(): RangeFormatProxy {
    return this.child("format", () => new RangeFormatProxy(this.context, () => this.resolve()));
  }

  get dataValidation(): DataValidationProxy {
    return this.child("dataValidation", () => new DataValidationProxy(this.context, () => this.resolve()));
  }

  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return this.child("conditionalFormats", () => new ConditionalFormatCollectionProxy(this.context, () => this.resolve()));
  }

  get worksheet(): WorksheetProxy {
    return this.child("worksheet", () => new WorksheetProxy(this.context, () => this.resolve()?.sheet ?? null));
  }

  select(): void {
    this.command("select", (t) => t.sheet.workbook.select(t.sheet, t.area));
  }

  merge(across?: boolean): void {
    this.command("merge", (t) => {
      guardProtection(t.sheet, "Range.merge");
      t.sheet.merge(t.area, across === true);
    });
  }

  getCell(row: number, column: number): RangeProxy {
    return new RangeProxy(this.context, () => {
      const t = this.resolve();
      if (t === null) return null;
      const r = t.area.r1 + row;
      const c = t.area.c1 + column;
      if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= MAX_ROWS || c >= MAX_COLUMNS)
        throw invalid("Range.getCell");
      return { sheet: t.sheet, area: { r1: r, c1: c, r2: r, c2: c } };
    });
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return new RangeProxy(this.context, () => {
      const t = this.resolve();
      if (t === null) return null;
      const area = { ...t.area, r2: t.area.r2 + deltaRows, c2: t.area.c2 + deltaColumns };
      if (
        !Number.isInteger(area.r2) ||
        !Number.isInteger(area.c2) ||
        area.r2 < area.r1 ||
        area.c2 < area.c1 ||
        area.r2 >= MAX_ROWS ||
        area.c2 >= MAX_COLUMNS
      ) {
        throw invalid("Range.getResizedRange");
      }
      return { sheet: t.sheet, area };
    });
  }
}

const HORIZONTAL = ["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"] as const;
const VERTICAL = ["Top", "Center", "Bottom", "Justify", "Distributed"] as const;

/** A format property of a range: uniform value or null when mixed; written to every cell. */
function styleProp<K extends keyof Style>(
  key: K,
  location: string,
  check: (v: unknown) => Style[K],
  shown: (v: Style[K]) => unknown = (v) => v,
): PropDef<RangeTarget> {
  return {
    get: (t) => {
      const v = t.sheet.uniform(t.area, (r, c) => t.sheet.styleAt(r, c)[key]);
      return v === null ? null : shown(v);
    },
    set: (t, v) => {
      guardProtection(t.sheet, location, "allowFormatCells");
      t.sheet.setStyle(t.area, { [key]: check(v) });
    },
  };
}

class RangeFormatProxy extends ClientObject<RangeTarget> {
  static typeName = "RangeFormat";
  static navs = ["fill", "font", "borders", "protection"];
  static schema: Schema<RangeTarget> = {
    horizontalAlignment: styleProp("horizontal", "RangeFormat.horizontalAlignment", oneOf(HORIZONTAL, "RangeFormat.horizontalAlignment")),
    verticalAlignment: styleProp("vertical", "RangeFormat.verticalAlignment", oneOf(VERTICAL, "RangeFormat.verticalAlignment")),
    wrapText: styleProp("wrap", "RangeFormat.wrapText", bool("RangeFormat.wrapText")),
    columnWidth: {
      get: (t) => lineUniform(t.area.c1, t.area.c2, (c) => t.sheet.columnWidth(c)),
      set: (t, v) => {
        guardProtection(t.sheet, "RangeFormat.columnWidth", "allowFormatColumns");
        const width = num("RangeFormat.columnWidth", 0)(v);
        for (let c = t.area.c1; c <= t.area.c2; c++) t.sheet.columnWidths.set(c, width);
        t.sheet.workbook.changed();
      },
    },
    rowHeight: {
      get: (t) => lineUniform(t.area.r1, t.area.r2, (r) => t.sheet.rowHeight(r)),
      set: (t, v) => {
        guardProtection(t.sheet, "RangeFormat.rowHeight", "allowFormatRows");
        const height = num("RangeFormat.rowHeight", 0, 409)(v);
        for (let r = t.area.r1; r <= t.area.r2; r++) t.sheet.rowHeights.set(r, height);
        t.sheet.workbook.changed();
      },
    },
  };

  get fill(): RangeFillProxy {
    return this.child("fill", () => new RangeFillProxy(this.context, () => this.resolve()));
  }

  get font(): RangeFontProxy {
    return this.child("font", () => new RangeFontProxy(this.context, () => this.resolve()));
  }

  get borders(): RangeBorderCollectionProxy {
    return this.child("borders", () => new RangeBorderCollectionProxy(this.context, () => this.resolve()));
  }

  get protection(): FormatProtectionProxy {
    return this.child("protection", () => new FormatProtectionProxy(this.context, () => this.resolve()));
  }
}

function lineUniform(from: number, to: number, read: (i: number) => number): number | null {
  const first = read(from);
  for (let i = from + 1; i <= to; i++) if (read(i) !== first) return null;
  return first;
}

class RangeFillProxy extends ClientObject<RangeTarget> {
  static typeName = "RangeFill";
  static schema: Schema<RangeTarget> = {
    // No fill reads as white, as in Office.js.
    color: styleProp("fill", "RangeFill.color", color("RangeFill.color"), (v) => v ?? "#FFFFFF"),
  };

  clear(): void {
    this.command("clear", (t) => {
      guardProtection(t.sheet, "RangeFill.clear", "allowFormatCells");
      t.sheet.setStyle(t.area, { fill: null });
    });
  }
}

const UNDERLINE = ["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"] as const;

class RangeFontProxy extends ClientObject<RangeTarget> {
  static typeName = "RangeFont";
  static schema: Schema<RangeTarget> = {
    name: styleProp("fontName", "RangeFont.name", (v) => {
      if (typeof v !== "string" || v === "") throw invalid("RangeFont.name");
      return v;
    }),
    size: styleProp("fontSize", "RangeFont.size", num("RangeFont.size", 1, 409)),
    bold: styleProp("bold", "RangeFont.bold", bool("RangeFont.bold")),
    italic: styleProp("italic", "RangeFont.italic", bool("RangeFont.italic")),
    underline: styleProp("underline", "RangeFont.underline", oneOf(UNDERLINE, "RangeFont.underline")),
    color: styleProp("fontColor", "RangeFont.color", color("RangeFont.color")),
  };
}

class FormatProtectionProxy extends ClientObject<RangeTarget> {
  static typeName = "FormatProtection";
  static schema: Schema<RangeTarget> = {
    locked: styleProp("locked", "FormatProtection.locked", bool("FormatProtection.locked")),
  };
}

const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal"] as const;
type Edge = (typeof EDGES)[number];
const BORDER_STYLES = ["None", "Continuous", "Dash", "DashDot", "DashDotDot", "Dot", "Double", "SlantDashDot"] as const;
const BORDER_WEIGHTS = ["Hairline", "Thin", "Medium", "Thick"] as const;
const NO_BORDER: Border = { style: "None", color: "#000000", weight: "Thin" };

interface BorderTarget extends RangeTarget {
  edge: Edge;
}

/** The cell sides an edge of a range stands for. */
function edgeSides(t: BorderTarget): { area: Area; side: "top" | "bottom" | "left" | "right" }[] {
  const { r1, c1, r2, c2 } = t.area;
  switch (t.edge) {
    case "EdgeTop":
      return [{ area: { r1, c1, r2: r1, c2 }, side: "top" }];
    case "EdgeBottom":
      return [{ area: { r1: r2, c1, r2, c2 }, side: "bottom" }];
    case "EdgeLeft":
      return [{ area: { r1, c1, r2, c2: c1 }, side: "left" }];
    case "EdgeRight":
      return [{ area: { r1, c1: c2, r2, c2 }, side: "right" }];
    case "InsideHorizontal":
      return r2 > r1
        ? [
            { area: { r1, c1, r2: r2 - 1, c2 }, side: "bottom" },
            { area: { r1: r1 + 1, c1, r2, c2 }, side: "top" },
          ]
        : [];
    case "InsideVertical":
      return c2 > c1
        ? [
            { area: { r1, c1, r2, c2: c2 - 1 }, side: "right" },
            { area: { r1, c1: c1 + 1, r2, c2 }, side: "left" },
          ]
        : [];
  }
}

function borderProp(key: keyof Border, check: (v: unknown) => string): PropDef<BorderTarget> {
  return {
    get: (t) => {
      const sides = edgeSides(t);
      if (sides.length === 0) return NO_BORDER[key];
      const { area, side } = sides[0];
      return t.sheet.uniform(area, (r, c) => (t.sheet.styleAt(r, c)[side] ?? NO_BORDER)[key]);
    },
    set: (t, v) => {
      guardProtection(t.sheet, `RangeBorder.${key}`, "allowFormatCells");
      const value = check(v);
      for (const { area, side } of edgeSides(t)) {
        for (let r = area.r1; r <= area.r2; r++) {
          for (let c = area.c1; c <= area.c2; c++) {
            const current = t.sheet.styleAt(r, c)[side];
            const next: Border = { ...(current ?? { ...NO_BORDER, style: "Continuous" }), [key]: value };
            t.sheet.setStyle({ r1: r, c1: c, r2: r, c2: c }, { [side]: next.style === "None" ? undefined : next });
          }
        }
      }
    },
  };
}

class RangeBorderCollectionProxy extends ClientObject<RangeTarget> {
  static typeName = "RangeBorderCollection";

  getItem(index: string): RangeBorderProxy {
    if (!EDGES.includes(index as Edge)) {
      if (index === "DiagonalDown" || index === "DiagonalUp") throw notImplemented("RangeBorderCollection", `getItem("${index}")`);
      throw invalid("RangeBorderCollection.getItem");
    }
    return new RangeBorderProxy(this.context, () => {
      const t = this.resolve();
      return t === null ? null : { ...t, edge: index as Edge };
    });
  }
}

class RangeBorderProxy extends ClientObject<BorderTarget> {
  static typeName = "RangeBorder";
  static schema: Schema<BorderTarget> = {
    sideIndex: { get: (t) => t.edge },
    style: borderProp("style", oneOf(BORDER_STYLES, "RangeBorder.style")),
    color: borderProp("color", color("RangeBorder.color")),
    weight: borderProp("weight", oneOf(BORDER_WEIGHTS, "RangeBorder.weight")),
  };
}

// ---------------------------------------------------------------------------------------------
// Data validation and conditional formats: stored for the grid and tests, not evaluated.

const RULE_TYPES: Record<string, string> = {
  list: "List",
  custom: "Custom",
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  date: "Date",
  time: "Time",
  textLength: "TextLength",
};

/** Excel's limits on the data validation dialog's texts. */
function text(v: unknown, max: number, location: string): string {
  if (typeof v !== "string" || v.length > max) throw invalid(location);
  return v;
}

class DataValidationProxy extends ClientObject<RangeTarget> {
  static typeName = "DataValidation";
  static schema: Schema<RangeTarget> = {
    type: {
      get: (t) => {
        const rule = t.sheet.validationFor(t.area)?.rule;
        return rule ? RULE_TYPES[Object.keys(rule)[0]] : "None";
      },
    },
    rule: {
      get: (t) => structuredClone(t.sheet.validationFor(t.area)?.rule ?? {}),
      set: (t, v) => {
        guardProtection(t.sheet, "DataValidation.rule");
        const keys = typeof v === "object" && v !== null ? Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] != null) : [];
        if (keys.length !== 1 || !RULE_TYPES[keys[0]]) throw invalid("DataValidation.rule");
        const rule = (v as Record<string, Record<string, unknown>>)[keys[0]];
        if (keys[0] === "list") {
          const source = rule.source;
          if (typeof source !== "string" || (!source.startsWith("=") && source.length > 255)) throw invalid("DataValidation.rule");
        }
        if (keys[0] === "custom" && typeof rule.formula !== "string") throw invalid("DataValidation.rule");
        const entry = t.sheet.validationEntry(t.area);
        for (let i = t.sheet.validations.length - 1; i >= 0; i--) {
          const other = t.sheet.validations[i];
          if (other !== entry && contains(t.area, other.area)) t.sheet.validations.splice(i, 1);
        }
        entry.rule = structuredClone({ [keys[0]]: rule });
        t.sheet.workbook.changed();
      },
    },
    prompt: {
      get: (t) => ({ ...(t.sheet.validationFor(t.area)?.prompt ?? { showPrompt: true, title: "", message: "" }) }),
      set: (t, v) => {
        guardProtection(t.sheet, "DataValidation.prompt");
        if (typeof v !== "object" || v === null) throw invalid("DataValidation.prompt");
        const p = v as Record<string, unknown>;
        const entry = t.sheet.validationEntry(t.area);
        entry.prompt = {
          showPrompt: p.showPrompt === undefined ? entry.prompt.showPrompt : bool("DataValidation.prompt")(p.showPrompt),
          title: p.title === undefined ? entry.prompt.title : text(p.title, 32, "DataValidation.prompt"),
          message: p.message === undefined ? entry.prompt.message : text(p.message, 255, "DataValidation.prompt"),
        };
        t.sheet.workbook.changed();
      },
    },
    errorAlert: {
      get: (t) => ({ ...(t.sheet.validationFor(t.area)?.errorAlert ?? { showAlert: true, style: "Stop", title: "", message: "" }) }),
      set: (t, v) => {
        guardProtection(t.sheet, "DataValidation.errorAlert");
        if (typeof v !== "object" || v === null) throw invalid("DataValidation.errorAlert");
        const a = v as Record<string, unknown>;
        const entry = t.sheet.validationEntry(t.area);
        entry.errorAlert = {
          showAlert: a.showAlert === undefined ? entry.errorAlert.showAlert : bool("DataValidation.errorAlert")(a.showAlert),
          style:
            a.style === undefined
              ? entry.errorAlert.style
              : oneOf(["Stop", "Warning", "Information"], "DataValidation.errorAlert")(a.style),
          title: a.title === undefined ? entry.errorAlert.title : text(a.title, 32, "DataValidation.errorAlert"),
          message: a.message === undefined ? entry.errorAlert.message : text(a.message, 225, "DataValidation.errorAlert"),
        };
        t.sheet.workbook.changed();
      },
    },
    ignoreBlanks: {
      get: (t) => t.sheet.validationFor(t.area)?.ignoreBlanks ?? true,
      set: (t, v) => {
        guardProtection(t.sheet, "DataValidation.ignoreBlanks");
        t.sheet.validationEntry(t.area).ignoreBlanks = bool("DataValidation.ignoreBlanks")(v);
        t.sheet.workbook.changed();
      },
    },
  };

  clear(): void {
    this.command("clear", (t) => {
      guardProtection(t.sheet, "DataValidation.clear");
      t.sheet.clearValidations(t.area);
    });
  }
}

interface FormatTarget {
  sheet: Sheet;
  entry: ConditionalFormatEntry;
}

class ConditionalFormatCollectionProxy extends ClientObject<RangeTarget> {
  static typeName = "ConditionalFormatCollection";

  add(type: string): ConditionalFormatProxy {
    if (type !== "Custom") throw notImplemented("ConditionalFormatCollection", `add("${type}")`);
    let created: FormatTarget | undefined;
    this.command("add", (t) => {
      guardProtection(t.sheet, "ConditionalFormatCollection.add", "allowFormatCells");
      const entry: ConditionalFormatEntry = { area: t.area, type: "Custom" };
      t.sheet.conditionalFormats.push(entry);
      t.sheet.workbook.changed();
      created = { sheet: t.sheet, entry };
    });
    return new ConditionalFormatProxy(this.context, () => {
      if (this.resolve() === null) return null;
      if (!created) throw new OfficeError("ItemNotFound", "ConditionalFormatCollection.add");
      return created;
    });
  }

  clearAll(): void {
    this.command("clearAll", (t) => {
      guardProtection(t.sheet, "ConditionalFormatCollection.clearAll", "allowFormatCells");
      t.sheet.conditionalFormats = t.sheet.conditionalFormats.filter((f) => !overlaps(f.area, t.area));
      t.sheet.workbook.changed();
    });
  }
}

/** A conditional format or one of its parts: gone when its sheet is deleted or the format cleared. */
abstract class FormatPart extends ClientObject<FormatTarget> {
  protected override alive(t: FormatTarget): boolean {
    return !t.sheet.deleted && t.sheet.conditionalFormats.includes(t.entry);
  }
}

function formatProp<K extends "formula" | "fill" | "fontColor" | "bold" | "italic" | "numberFormat">(
  key: K,
  location: string,
  check: (v: unknown) => ConditionalFormatEntry[K],
): PropDef<FormatTarget> {
  return {
    get: (t) => t.entry[key] ?? null,
    set: (t, v) => {
      guardProtection(t.sheet, location, "allowFormatCells");
      t.entry[key] = check(v);
      t.sheet.workbook.changed();
    },
  };
}

class ConditionalFormatProxy extends FormatPart {
  static typeName = "ConditionalFormat";
  static navs = ["custom"];
  static schema: Schema<FormatTarget> = { type: { get: (t) => t.entry.type } };

  get custom(): CustomConditionalFormatProxy {
    return this.child("custom", () => new CustomConditionalFormatProxy(this.context, () => this.resolve()));
  }
}

class CustomConditionalFormatProxy extends FormatPart {
  static typeName = "CustomConditionalFormat";
  static navs = ["rule", "format"];

  get rule(): ConditionalFormatRuleProxy {
    return this.child("rule", () => new ConditionalFormatRuleProxy(this.context, () => this.resolve()));
  }

  get format(): ConditionalRangeFormatProxy {
    return this.child("format", () => new ConditionalRangeFormatProxy(this.context, () => this.resolve()));
  }
}

class ConditionalFormatRuleProxy extends FormatPart {
  static typeName = "ConditionalFormatRule";
  static schema: Schema<FormatTarget> = {
    formula: formatProp("formula", "ConditionalFormatRule.formula", (v) => {
      if (typeof v !== "string" || v === "") throw invalid("ConditionalFormatRule.formula");
      return v;
    }),
  };
}

class ConditionalRangeFormatProxy extends FormatPart {
  static typeName = "ConditionalRangeFormat";
  static navs = ["fill", "font"];
  static schema: Schema<FormatTarget> = {
    numberFormat: formatProp("numberFormat", "ConditionalRangeFormat.numberFormat", (v) => {
      if (v !== null && typeof v !== "string") throw invalid("ConditionalRangeFormat.numberFormat");
      return v ?? undefined;
    }),
  };

  get fill(): ConditionalRangeFillProxy {
    return this.child("fill", () => new ConditionalRangeFillProxy(this.context, () => this.resolve()));
  }

  get font(): ConditionalRangeFontProxy {
    return this.child("font", () => new ConditionalRangeFontProxy(this.context, () => this.resolve()));
  }
}

class ConditionalRangeFillProxy extends FormatPart {
  static typeName = "ConditionalRangeFill";
  static schema: Schema<FormatTarget> = { color: formatProp("fill", "ConditionalRangeFill.color", color("ConditionalRangeFill.color")) };

  clear(): void {
    this.command("clear", (t) => {
      t.entry.fill = null;
      t.sheet.workbook.changed();
    });
  }
}

class ConditionalRangeFontProxy extends FormatPart {
  static typeName = "ConditionalRangeFont";
  static schema: Schema<FormatTarget> = {
    color: formatProp("fontColor", "ConditionalRangeFont.color", color("ConditionalRangeFont.color")),
    bold: formatProp("bold", "ConditionalRangeFont.bold", bool("ConditionalRangeFont.bold")),
    italic: formatProp("italic", "ConditionalRangeFont.italic", bool("ConditionalRangeFont.italic")),
  };
}

// ---------------------------------------------------------------------------------------------
// Defined names

const NAME_PATTERN = /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u;

function nameType(n: NameEntry): string {
  if (n.ref) return n.ref.sheet.deleted ? "Error" : "Range";
  const body = (n.formula ?? "").replace(/^=/, "");
  if (/^(TRUE|FALSE)$/i.test(body)) return "Boolean";
  if (body !== "" && Number.isFinite(Number(body))) return Number.isInteger(Number(body)) ? "Integer" : "Double";
  return "String";
}

class NamedItemCollectionProxy extends CollectionObject<Workbook, NameEntry> {
  static typeName = "NamedItemCollection";

  protected targets(wb: Workbook): NameEntry[] {
    return wb.names;
  }

  protected item(locate: () => NameEntry): NamedItemProxy {
    return new NamedItemProxy(this.context, locate);
  }

  add(name: string, reference: unknown, comment?: string): NamedItemProxy {
    let created: NameEntry | undefined;
    this.command("add", (wb) => {
      if (typeof name !== "string" || name.length > 255 || !NAME_PATTERN.test(name)) throw invalid("NamedItemCollection.add");
      if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^R\d*C?\d*$/i.test(name) || /^C\d*$/i.test(name)) throw invalid("NamedItemCollection.add");
      if (wb.findName(name)) throw new OfficeError("ItemAlreadyExists", "NamedItemCollection.add");
      const entry: NameEntry = { name, comment: comment ?? "", visible: true };
      if (reference instanceof RangeProxy) {
        const t = reference.resolve();
        if (t === null) throw invalid("NamedItemCollection.add");
        entry.ref = { sheet: t.sheet, local: formatArea(t.area, true) };
      } else if (typeof reference === "string" && reference !== "") {
        const ref = parseReference(reference);
        const sheet = ref?.sheet !== undefined ? wb.findSheet(ref.sheet) : undefined;
        if (ref?.sheet !== undefined && !sheet) throw invalid("NamedItemCollection.add");
        if (ref && sheet) entry.ref = { sheet, local: ref.local };
        else entry.formula = reference.startsWith("=") ? reference : `=${reference}`;
      } else throw invalid("NamedItemCollection.add");
      wb.names.push(entry);
      wb.changed();
      created = entry;
    });
    return new NamedItemProxy(this.context, () => {
      if (!created) throw new OfficeError("ItemNotFound", "NamedItemCollection.add");
      return created;
    });
  }

  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(this.context, () => {
      const entry = this.resolve()!.findName(name);
      if (!entry) throw new OfficeError("ItemNotFound", "NamedItemCollection.getItem");
      return entry;
    });
  }

  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(this.context, () => this.resolve()!.findName(name) ?? null);
  }
}

class NamedItemProxy extends ClientObject<NameEntry> {
  static typeName = "NamedItem";
  static schema: Schema<NameEntry> = {
    name: { get: (n) => n.name },
    type: { get: nameType },
    formula: { get: nameFormula },
    value: { get: (n) => nameFormula(n).replace(/^=/, "") },
    comment: {
      get: (n) => n.comment,
      set: (n, v) => {
        if (typeof v !== "string") throw invalid("NamedItem.comment");
        n.comment = v;
      },
    },
    visible: {
      get: (n) => n.visible,
      set: (n, v) => {
        n.visible = bool("NamedItem.visible")(v);
      },
    },
  };

  private workbookOf(): Workbook {
    return this.context.host.workbook;
  }

  protected override alive(n: NameEntry): boolean {
    return this.workbookOf().names.includes(n);
  }

  private rangeOf(orNull: boolean): RangeProxy {
    return new RangeProxy(this.context, () => {
      const n = this.resolve();
      const area = n?.ref && !n.ref.sheet.deleted ? parseArea(n.ref.local) : undefined;
      if (n && n.ref && area) return { sheet: n.ref.sheet, area };
      if (orNull || n === null) return null;
      // "Throws an error if the named item's type is not a range." (NamedItem.getRange docs)
      throw new OfficeError("InvalidReference", "NamedItem.getRange");
    });
  }

  getRange(): RangeProxy {
    return this.rangeOf(false);
  }

  getRangeOrNullObject(): RangeProxy {
    return this.rangeOf(true);
  }

  delete(): void {
    this.command("delete", (n) => {
      const names = this.workbookOf().names;
      names.splice(names.indexOf(n), 1);
      this.workbookOf().changed();
    });
  }
}
