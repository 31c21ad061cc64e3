/** @jest-environment jsdom */
// The task pane in a DOM, against a test double of ReportHost whose report states are real: the
// Quảng Trị 2023 plan filled with seed 002's values and checked by the real rule engine.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import path from "node:path";
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { Message, msg } from "../src/domain/messages";
import { parsePeriod } from "../src/domain/period";
import { checkReport } from "../src/domain/rules/report";
import { SheetCell } from "../src/domain/export";
import { RawValue } from "../src/domain/values";
import { App, LazyMergePanel } from "../src/taskpane/App";
import { LANG_STORAGE_KEY } from "../src/taskpane/i18n";
import { HostError, InsertOutcome, InsertRequest, ReportHost, ReportState, SummaryOutcome } from "../src/host/reportHost";
import { builtInRegistry } from "../src/templates";
import { retypedState } from "../src/excel/officeReportHost";
import { readRetypedWorkbook } from "../src/xlsx/retypedForm";
import { planFor, seedTyped } from "./support/fill";
import { FIXTURES_DIR, SEEDS } from "./support/seeds";

// CI runs every suite at once on two cores: give Fluent's deferred rendering time.
configure({ asyncUtilTimeout: 5000 });

const registry = builtInRegistry();
const template = registry.get("quang-tri-2023");
const UNIT = "Sở Nội vụ tỉnh Quảng Trị";
const plan = planFor(template, "2023-Q3", UNIT);

/** The sheet's cells with these values typed; computed cells given no value keep their formula. */
function cellsWith(values: ReadonlyMap<string, RawValue>): Map<string, SheetCell> {
  return new Map(
    plan.indicatorCells.map((c) => [
      c.code,
      { address: c.address, raw: values.get(c.code) ?? null, formula: c.computed && !values.has(c.code) ? c.formula : undefined },
    ]),
  );
}

function stateOf(values: ReadonlyMap<string, RawValue>, stamp: ReportState["stamp"] = { state: "none" }, checkedAt = 1): ReportState {
  const cells = cellsWith(values);
  const { findings, counts, filled } = checkReport(template, plan.sheetName, cells, { unitLevel: "so", period: "2023-Q3" });
  return {
    templateId: template.id,
    templateVersion: template.version,
    period: "2023-Q3",
    periodLabel: parsePeriod("2023-Q3").label.vi,
    unitName: UNIT,
    sheetName: plan.sheetName,
    findings,
    counts,
    filled,
    cells,
    stamp,
    checkedAt,
  };
}

/** Seed 002 as its unit typed it, rates over their formulas included. */
const seedValues = seedTyped(template, SEEDS.quangTri2023Q3, [], { overFormulas: true });

/** The same report after the unit cleared each cell an error points at, until no error is left. */
function clearedOfErrors(values: ReadonlyMap<string, RawValue>): Map<string, RawValue> {
  const v = new Map(values);
  for (;;) {
    const errors = stateOf(v).findings.filter((f) => f.severity === "error");
    if (errors.length === 0) return v;
    const before = v.size;
    for (const f of errors) v.delete(f.codes[0]);
    if (v.size === before) throw new Error("errors that clearing cannot fix");
  }
}

class FakeHost implements ReportHost {
  readonly inserts: InsertRequest[] = [];
  readonly selected: string[] = [];
  stamps = 0;
  readonly listeners = new Set<(s: ReportState) => void>();

  constructor(
    private readonly opts: {
      open?: ReportState;
      insert?: (req: InsertRequest) => Promise<InsertOutcome>;
      /** what a successful insert tells the user */
      notes?: Message[];
      stamp?: () => Promise<ReportState>;
    } = {},
  ) {}

  async open() {
    return this.opts.open;
  }
  async insert(req: InsertRequest): Promise<InsertOutcome> {
    this.inserts.push(req);
    const outcome: InsertOutcome = this.opts.insert
      ? await this.opts.insert(req)
      : { status: "inserted", sheetName: plan.sheetName, syncs: 5, notes: this.opts.notes ?? [] };
    if (outcome.status === "inserted") this.emit(stateOf(seedValues, { state: "none" }, 10));
    return outcome;
  }
  subscribe(listener: (s: ReportState) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
  async select(address: string) {
    this.selected.push(address);
  }
  async stampValidated() {
    this.stamps++;
    if (!this.opts.stamp) throw new Error("not expected");
    return this.opts.stamp();
  }
  async writeSummary(): Promise<SummaryOutcome> {
    throw new Error("not expected: the merge has its own tests (merge-panel.test.tsx)");
  }
  emit(state: ReportState) {
    for (const l of this.listeners) l(state);
  }
}

async function renderPane(host: ReportHost, props: Partial<Parameters<typeof App>[0]> = {}) {
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} templates={registry} {...props} />
    </FluentProvider>,
  );
  // open() answered: the pane either found the report or shows the form
  await waitFor(() => expect(screen.queryByText(/Đang tìm báo cáo|Looking for a report/)).toBeNull());
  return view;
}

const selectedTab = () => screen.getByRole("tab", { selected: true }).textContent;
/** The tabs, in order, by accessible name (Fluent also renders a hidden bold copy of each label). */
function expectTabs(names: string[]) {
  const tabs = screen.getAllByRole("tab");
  expect(tabs).toHaveLength(names.length);
  names.forEach((name, i) => expect(screen.getByRole("tab", { name })).toBe(tabs[i]));
}
const visiblePanel = () => screen.getAllByRole("tabpanel").find((p) => !p.hidden)!;
const combo = (label: string) => screen.getByRole<HTMLSelectElement>("combobox", { name: label });
const options = (label: string) => Array.from(combo(label).options);
const choose = (label: string, value: string) => fireEvent.change(combo(label), { target: { value } });
const findingButtons = (group: HTMLElement) => within(group).getAllByRole("button");
const group = (heading: RegExp) => screen.getByRole("region", { name: heading });
const press = (name: string | RegExp) => fireEvent.click(screen.getByRole("button", { name }));

function setYear(year: string) {
  const input = screen.getByRole("spinbutton", { name: /Năm|Year/ });
  fireEvent.change(input, { target: { value: year } });
  fireEvent.blur(input);
}

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe("language", () => {
  it("is Vietnamese by default", async () => {
    await renderPane(new FakeHost());
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Biểu mẫu CCHC");
    expectTabs(["Biểu mẫu", "Kiểm tra"]);
    expect(selectedTab()).toBe("Biểu mẫu");
    expect(screen.getByRole("textbox", { name: /Tên đơn vị báo cáo/ })).toBeTruthy();
    expect(visiblePanel().closest("[lang]")?.getAttribute("lang")).toBe("vi");
  });

  it("switches to English, and a new pane remembers it", async () => {
    await renderPane(new FakeHost());
    fireEvent.click(screen.getByRole("button", { name: "EN" }));
    expectTabs(["Template", "Check"]);
    expect(screen.getByRole("textbox", { name: /Reporting unit/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: "EN" }).getAttribute("aria-pressed")).toBe("true");
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe("en");
    cleanup();

    await renderPane(new FakeHost());
    expectTabs(["Template", "Check"]);
    fireEvent.click(screen.getByRole("button", { name: "VI" }));
    expect(screen.getByRole("textbox", { name: /Tên đơn vị báo cáo/ })).toBeTruthy();
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe("vi");
  });

  it("takes initialLang only when the user has not chosen", async () => {
    await renderPane(new FakeHost(), { initialLang: "en" });
    expect(selectedTab()).toBe("Template");
    cleanup();
    localStorage.setItem(LANG_STORAGE_KEY, "vi");
    await renderPane(new FakeHost(), { initialLang: "en" });
    expect(selectedTab()).toBe("Biểu mẫu");
  });
});

describe("Biểu mẫu tab", () => {
  it("lists each template with its province and issuing document, and only the periods it allows", async () => {
    await renderPane(new FakeHost());
    const templates = options("Biểu mẫu (phiên bản)").map((o) => o.textContent);
    expect(templates).toHaveLength(registry.list().length);
    expect(templates).toContain(
      "Quảng Trị — Thống kê số liệu về kết quả thực hiện công tác cải cách hành chính (223/SNV-CCHCVTLT, 10/03/2022, Sở Nội vụ tỉnh Quảng Trị)",
    );

    choose("Biểu mẫu (phiên bản)", "quang-tri-2023");
    expect(options("Kỳ báo cáo").map((o) => o.textContent)).toEqual(["Quý I", "Quý II", "Quý III", "Quý IV", "6 tháng đầu năm", "Năm"]);
    expect(options("Cấp đơn vị").map((o) => o.value)).toEqual(["tinh", "so", "huyen"]);
    choose("Biểu mẫu (phiên bản)", "soc-trang-2021");
    expect(options("Kỳ báo cáo").map((o) => o.textContent)).toContain("9 tháng");
    expect(options("Cấp đơn vị").map((o) => o.textContent)).toEqual(["Sở, ban, ngành"]);
  });

  it("shows the period label, data window and due date, and sends the insert request", async () => {
    const note = msg("Hãy tự đặt trang in khổ A4.", "Set up printing on A4 yourself.");
    const host = new FakeHost({ notes: [note] });
    await renderPane(host);
    choose("Biểu mẫu (phiên bản)", "quang-tri-2023");
    choose("Kỳ báo cáo", "Q3");
    setYear("2023");
    const summary = screen.getByRole("group", { name: "Kỳ báo cáo đã chọn" });
    expect(summary.textContent).toContain("Quý III năm 2023");
    expect(summary.textContent).toContain("Thời gian chốt số liệu: từ ngày 15/06/2023 đến ngày 14/09/2023");
    expect(summary.textContent).toContain("Hạn gửi báo cáo: ngày 20/09/2023");

    // without a unit name the form is a blank to send, and the field says so
    expect(screen.getByText(/Để trống để tạo biểu gửi cho các đơn vị/)).toBeTruthy();

    fireEvent.change(screen.getByRole("textbox", { name: /Tên đơn vị báo cáo/ }), { target: { value: `  ${UNIT} ` } });
    choose("Cấp đơn vị", "so");
    fireEvent.change(screen.getByRole("textbox", { name: /Cơ quan chủ quản/ }), { target: { value: "UBND TỈNH QUẢNG TRỊ" } });
    press("Chèn biểu mẫu");
    await waitFor(() => expect(selectedTab()).toBe("Kiểm tra"));
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Kiểm tra" }));
    expect(host.inserts).toEqual([
      {
        templateId: "quang-tri-2023",
        period: "2023-Q3",
        unitName: UNIT,
        unitLevel: "so",
        superiorName: "UBND TỈNH QUẢNG TRỊ",
        replace: false,
      },
    ]);
    expect(within(visiblePanel()).getByRole("heading", { level: 2 }).textContent).toBe(UNIT);
    // what the insert wants the user to know stays until they dismiss it
    expect(screen.getByText(note.vi)).toBeTruthy();
    press("Đã hiểu");
    expect(screen.queryByText(note.vi)).toBeNull();
  });

  it("refuses a year outside 2000–2100", async () => {
    const host = new FakeHost();
    await renderPane(host);
    setYear("1999");
    expect(screen.getByText("Nhập năm từ 2000 đến 2100.")).toBeTruthy();
    expect(screen.queryByRole("group", { name: "Kỳ báo cáo đã chọn" })).toBeNull();
    fireEvent.change(screen.getByRole("textbox", { name: /Tên đơn vị báo cáo/ }), { target: { value: UNIT } });
    press("Chèn biểu mẫu");
    expect(host.inserts).toEqual([]);
  });

  it("asks before replacing an existing sheet and replaces only after the user confirms", async () => {
    const host = new FakeHost({
      insert: async (req) =>
        req.replace ? { status: "inserted", sheetName: "Phụ lục", syncs: 5, notes: [] } : { status: "exists", sheetName: "Phụ lục" },
    });
    await renderPane(host);
    fireEvent.change(screen.getByRole("textbox", { name: /Tên đơn vị báo cáo/ }), { target: { value: UNIT } });

    press("Chèn biểu mẫu");
    // Fluent's focus manager makes the dialog accessible a moment after it appears
    const cancel = await screen.findByRole("button", { name: "Hủy" });
    // By its text: under load the role shows up late, the text does not.
    expect(await screen.findByText("Trang 'Phụ lục' đã có. Thay thế? Dữ liệu trên trang cũ sẽ mất.")).toBeTruthy();
    fireEvent.click(cancel);
    await waitFor(() => expect(screen.queryByText("Trang 'Phụ lục' đã có. Thay thế? Dữ liệu trên trang cũ sẽ mất.")).toBeNull());
    expect(host.inserts.map((r) => r.replace)).toEqual([false]);
    expect(selectedTab()).toBe("Biểu mẫu");

    press("Chèn biểu mẫu");
    fireEvent.click(await screen.findByRole("button", { name: "Thay thế" }));
    await waitFor(() => expect(selectedTab()).toBe("Kiểm tra"));
    // asked again, then replaced
    expect(host.inserts.map((r) => r.replace)).toEqual([false, false, true]);
  });

  it("shows a HostError in the current language, and any other failure as a plain message", async () => {
    const failure = msg("Trang tính đang được bảo vệ: hãy bỏ bảo vệ rồi thử lại.", "The sheet is protected: unprotect it and try again.");
    let thrown: Error = new HostError(failure);
    const host = new FakeHost({ insert: async () => Promise.reject(thrown) });
    await renderPane(host);
    fireEvent.change(screen.getByRole("textbox", { name: /Tên đơn vị báo cáo/ }), { target: { value: UNIT } });
    press("Chèn biểu mẫu");
    expect(await screen.findByText(failure.vi)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "EN" }));
    expect(screen.getByText(failure.en)).toBeTruthy();
    expect(selectedTab()).toBe("Template");

    thrown = new TypeError("Cannot read properties of undefined (reading 'sync') at officeReportHost.ts:42");
    const quiet = jest.spyOn(console, "error").mockImplementation(() => {});
    press("Insert sheet");
    expect(await screen.findByText(/Something unexpected went wrong/)).toBeTruthy();
    expect(document.body.textContent).not.toContain("officeReportHost");
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
  });
});

describe("Kiểm tra tab", () => {
  const seed = stateOf(seedValues);

  it("says when the workbook has no report and points to Biểu mẫu", async () => {
    await renderPane(new FakeHost());
    fireEvent.click(screen.getByRole("tab", { name: "Kiểm tra" }));
    expect(within(visiblePanel()).getByText(/chưa có báo cáo CCHC/)).toBeTruthy();
    fireEvent.click(within(visiblePanel()).getByRole("button", { name: "Đến thẻ Biểu mẫu" }));
    expect(selectedTab()).toBe("Biểu mẫu");
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Biểu mẫu" }));
  });

  it("opens on an existing report and shows the seed's findings in sheet order, with their counts", async () => {
    expect(seed.counts.error).toBeGreaterThan(0);
    expect(seed.counts.warning).toBeGreaterThan(0);
    expect(seed.counts.info).toBeGreaterThan(0);
    await renderPane(new FakeHost({ open: seed }));
    expect(selectedTab()).toBe("Kiểm tra");
    const panel = visiblePanel();
    expect(panel.textContent).toContain("Quý III năm 2023");
    expect(panel.textContent).toContain("Biểu mẫu: Quảng Trị 2023: Thống kê số liệu");
    expect(panel.textContent).not.toContain("quang-tri-2023");

    const badges = within(screen.getByRole("group", { name: "Số phát hiện theo mức độ" }));
    expect(badges.getByText(`Lỗi ${seed.counts.error}`)).toBeTruthy();
    expect(badges.getByText(`Cảnh báo ${seed.counts.warning}`)).toBeTruthy();
    expect(badges.getByText(`Thông tin ${seed.counts.info}`)).toBeTruthy();
    expect(panel.textContent).toContain(
      `Chưa sẵn sàng gửi: còn ${seed.counts.error} lỗi cần sửa.Ngoài ra còn ${seed.filled.blank}/${seed.filled.total} chỉ tiêu chưa nhập.`,
    );

    const word = { error: "Lỗi", warning: "Cảnh báo", info: "Thông tin" };
    const buttons = findingButtons(group(new RegExp(`^Phát hiện theo thứ tự trên trang \\(${seed.findings.length}\\)$`)));
    expect(buttons.map((b) => b.textContent)).toEqual(
      seed.findings.map((f) => `${word[f.severity]} · ${f.cell}STT ${f.stt} · ${f.name}${f.message.vi}`),
    );
    const rows = seed.findings.map((f) => Number(f.address.slice(1)));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // the rate the unit typed that contradicts its own parts, with both values
    const rate = buttons.find(
      (b) => b.textContent?.startsWith("Lỗi · Phụ lục!D108") && b.textContent.includes("theo dòng 1.2 và 1.1 là 81,5 %"),
    );
    expect(rate).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe(
      `Kết quả kiểm tra: ${seed.counts.error} lỗi, ${seed.counts.warning} cảnh báo, ${seed.counts.info} thông tin.`,
    );
  });

  it("filters by severity", async () => {
    await renderPane(new FakeHost({ open: seed }));
    const list = () => findingButtons(group(/^Phát hiện theo thứ tự trên trang/)).map((b) => b.textContent?.split(" · ")[0]);
    choose("Hiển thị", "warning");
    expect(list()).toEqual(Array(seed.counts.warning).fill("Cảnh báo"));
    choose("Hiển thị", "info");
    expect(list()).toEqual(Array(seed.counts.info).fill("Thông tin"));
    choose("Hiển thị", "all");
    expect(list()).toHaveLength(seed.findings.length);
  });

  it("selects a finding's cell in Excel when it is clicked", async () => {
    const host = new FakeHost({ open: seed });
    await renderPane(host);
    const warning = seed.findings.find((f) => f.severity === "warning")!;
    const button = findingButtons(group(/^Phát hiện theo thứ tự/)).find((b) => b.textContent?.startsWith(`Cảnh báo · ${warning.cell}`))!;
    expect(button.tagName).toBe("BUTTON"); // Enter and Space work as for any button
    fireEvent.click(button);
    await waitFor(() => expect(host.selected).toEqual([warning.address]));
    expect(warning.address).toMatch(/^D\d+$/);
  });

  it("keeps the stamp button disabled while errors remain", async () => {
    const host = new FakeHost({ open: seed });
    await renderPane(host);
    const stamp = screen.getByRole("button", { name: "Xác nhận đã kiểm tra" });
    expect(stamp.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(stamp);
    expect(host.stamps).toBe(0);
    expect(screen.getByText("Sửa hết lỗi rồi mới xác nhận được.")).toBeTruthy();
  });

  it("says ready to send only when nothing is blank; with blanks it asks before it stamps", async () => {
    const clean = clearedOfErrors(seedValues);
    const withBlanks = stateOf(clean);
    expect(withBlanks.counts.error).toBe(0);
    expect(withBlanks.filled.blank).toBeGreaterThan(0);
    const at = new Date(2023, 8, 18, 9, 5);
    const stampOf = (s: ReportState) => ({
      at: at.toISOString(),
      counts: s.counts,
      hash: "h",
      blank: s.filled.blank,
      indicators: s.filled.total,
    });
    const host = new FakeHost({ open: withBlanks, stamp: async () => stateOf(clean, { state: "valid", stamp: stampOf(withBlanks) }, 2) });
    await renderPane(host);
    const { blank, total } = withBlanks.filled;
    expect(visiblePanel().textContent).toContain(`Chưa sẵn sàng gửi: còn ${blank}/${total} chỉ tiêu chưa nhập.`);
    expect(visiblePanel().textContent).not.toContain("Sẵn sàng gửi: không có lỗi");
    fireEvent.click(screen.getByRole("button", { name: "Xác nhận đã kiểm tra" }));
    // Fluent's focus manager makes the dialog accessible a moment after it appears
    const back = await screen.findByRole("button", { name: "Quay lại nhập" });
    const question = `Báo cáo còn ${blank}/${total} chỉ tiêu chưa nhập. Vẫn xác nhận đã kiểm tra?`;
    expect(screen.getByText(new RegExp(`^${question}`))).toBeTruthy();
    fireEvent.click(back);
    await waitFor(() => expect(screen.queryByText(new RegExp(`^${question}`))).toBeNull());
    expect(host.stamps).toBe(0);
    fireEvent.click(screen.getByRole("button", { name: "Xác nhận đã kiểm tra" }));
    fireEvent.click(await screen.findByRole("button", { name: "Vẫn xác nhận" }));
    expect(await screen.findByText(`Đã xác nhận lúc 18/09/2023 09:05, khi còn ${blank}/${total} chỉ tiêu chưa nhập`)).toBeTruthy();
    expect(host.stamps).toBe(1);
  });

  it("says ready to send when every indicator is filled and no error is left, and stamps at once", async () => {
    const filledIn = clearedOfErrors(seedValues);
    for (const ind of template.indicators)
      if (ind.kind !== "header" && !ind.compute && !filledIn.has(ind.code)) filledIn.set(ind.code, "-");
    const ready = stateOf(filledIn);
    expect(ready.filled.blank).toBe(0);
    const at = new Date(2023, 8, 18, 9, 5);
    const host = new FakeHost({
      open: ready,
      stamp: async () => stateOf(filledIn, { state: "valid", stamp: { at: at.toISOString(), counts: ready.counts, hash: "h" } }, 2),
    });
    await renderPane(host);
    const panel = visiblePanel();
    expect(panel.textContent).toContain("Sẵn sàng gửi: không có lỗi");
    expect(panel.textContent).toContain("Chưa xác nhận đã kiểm tra.");
    fireEvent.click(screen.getByRole("button", { name: "Xác nhận đã kiểm tra" }));
    expect(await screen.findByText("Đã xác nhận lúc 18/09/2023 09:05")).toBeTruthy();
    expect(host.stamps).toBe(1);
  });

  it("updates live from the host, says when the stamp went stale, and stops listening when closed", async () => {
    const clean = clearedOfErrors(seedValues);
    const host = new FakeHost({ open: stateOf(clean) });
    const view = await renderPane(host);
    expect(host.listeners.size).toBe(1);

    const stamped = { at: new Date(2023, 8, 18, 9, 5).toISOString(), counts: stateOf(clean).counts, hash: "h" };
    act(() => host.emit(stateOf(seedValues, { state: "stale", stamp: stamped }, 3)));
    expect(visiblePanel().textContent).toContain("Số liệu đã thay đổi sau khi xác nhận — hãy kiểm tra và xác nhận lại");
    expect(screen.getByText(`Lỗi ${seed.counts.error}`)).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain(`${seed.counts.error} lỗi`);

    // an older state arriving late does not replace a newer one
    act(() => host.emit(stateOf(clean, { state: "none" }, 2)));
    expect(screen.getByText(`Lỗi ${seed.counts.error}`)).toBeTruthy();

    view.unmount();
    expect(host.listeners.size).toBe(0);
  });

  it("shows a failed re-check above the findings it leaves on show, until a check succeeds", async () => {
    const host = new FakeHost({ open: stateOf(seedValues) });
    await renderPane(host);
    const failed = msg(
      "Chưa kiểm tra lại được sau lần sửa cuối; kết quả đang hiện là của lần kiểm tra trước.",
      "The check after the last edit failed.",
    );
    act(() => host.emit({ ...stateOf(seedValues), recheckError: failed }));
    expect(screen.getByText(failed.vi)).toBeTruthy();
    expect(screen.getByText(`Lỗi ${seed.counts.error}`)).toBeTruthy();
    act(() => host.emit(stateOf(seedValues, { state: "none" }, 2)));
    expect(screen.queryByText(failed.vi)).toBeNull();
  });
});

describe("a form retyped by hand", () => {
  /** The state the host publishes for a retyped workbook, from the file reader. */
  async function retypedStateOf(name: string): Promise<ReportState> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path.join(FIXTURES_DIR, "retyped", name)) as unknown as ArrayBuffer);
    return retypedState(readRetypedWorkbook(wb, name, registry), 1);
  }

  it("says how it was read, as cchc check prints it, and that it is not ready while its reading needs a look", async () => {
    const state = await retypedStateOf("004-clerk-column-order.xlsx");
    expect(state.retyped?.review).toBeDefined();
    await renderPane(new FakeHost({ open: state }));
    const panel = visiblePanel();
    const notes = within(panel).getByRole("region", { name: "Biểu nhập tay" });
    const [first, ...more] = state.retyped!.notes;
    expect(within(notes).getByText(first.vi)).toBeTruthy();
    expect(within(notes).getByText(`Ghi chú khác khi đọc biểu (${more.length})`)).toBeTruthy();
    expect(
      within(notes)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(more.map((m) => m.vi));
    expect(panel.textContent).toContain(`Cần xem lại cách đọc biểu: ${state.retyped!.review!.vi}.`);
    expect(panel.textContent).not.toContain("Sẵn sàng gửi");
    // No stamp on a retyped form: it has no `_cchc` to hold one.
    expect(screen.queryByRole("button", { name: "Xác nhận đã kiểm tra" })).toBeNull();
    expect(panel.textContent).toContain("Biểu nhập tay không có dấu xác nhận đã kiểm tra");
  });
});

describe("Tổng hợp tab", () => {
  it("exists only when the merge is given", async () => {
    await renderPane(new FakeHost(), { merge: <p>Nội dung tổng hợp</p> });
    expectTabs(["Biểu mẫu", "Kiểm tra", "Tổng hợp"]);
    fireEvent.click(screen.getByRole("tab", { name: "Tổng hợp" }));
    expect(within(visiblePanel()).getByText("Nội dung tổng hợp")).toBeTruthy();
  });

  it("loads the merge panel when the tab is first opened, and it knows the report opened before (its unit writes the summary)", async () => {
    // As the Office.js host does: the report found at open is also published to the listeners.
    const host = new FakeHost({ open: stateOf(seedValues) });
    const open = host.open.bind(host);
    host.open = async () => {
      const state = await open();
      if (state) host.emit(state);
      return state;
    };
    await renderPane(host, { merge: <LazyMergePanel host={host} templates={registry} /> });
    const mergePanel = () => document.querySelector<HTMLElement>('[role="tabpanel"][id$="-panel-merge"]')!;
    // Not opened yet: nothing of the merge is rendered (nor loaded, in the bundle).
    expect(mergePanel().childElementCount).toBe(0);
    fireEvent.click(screen.getByRole("tab", { name: "Tổng hợp" }));
    const unit = await within(mergePanel()).findByRole<HTMLInputElement>("textbox", { name: /^Đơn vị lập bảng tổng hợp/ });
    await waitFor(() => expect(unit.value).toBe(UNIT));
    expect(within(mergePanel()).getByRole("button", { name: "Bắt đầu tổng hợp" })).toBeTruthy();
  });
});
