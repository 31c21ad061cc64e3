// The in-memory Excel host keeps Office.js's proxy semantics, so the adapter tested against it
// behaves the same in real Excel. Batches are written against the real @types/office-js API.
import { createInMemoryExcel, InMemoryExcel, OfficeError, PROTECTED_CELL } from "../src/workbench/host";

async function rejection(p: Promise<unknown>): Promise<OfficeError> {
  try {
    await p;
  } catch (e) {
    return e as OfficeError;
  }
  throw new Error("expected the promise to reject");
}

function valuesOf(host: InMemoryExcel, sheet: string, address: string): Promise<unknown[][]> {
  return host.run(async (context) => {
    const range = context.workbook.worksheets.getItem(sheet).getRange(address).load("values");
    await context.sync();
    return range.values;
  });
}

describe("proxy semantics", () => {
  test("reading a property that was not loaded and synced throws PropertyNotLoaded naming it", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      range.load("values");
      expect(() => range.values).toThrow(
        expect.objectContaining({ code: "PropertyNotLoaded", message: expect.stringContaining("'values'") }),
      );
      await context.sync();
      expect(range.values).toEqual([
        ["", ""],
        ["", ""],
      ]);
      expect(() => range.address).toThrow(
        expect.objectContaining({ code: "PropertyNotLoaded", message: expect.stringContaining("'address'") }),
      );
    });
  });

  test("writes are queued until sync; load accepts 'a,b', arrays, {select} and collection item paths", async () => {
    const host = createInMemoryExcel({ sheets: ["Sheet1", "Phụ lục"] });
    await host.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1");
      range.values = [[1, "x"]];
      expect(await valuesOf(host, "Sheet1", "A1:B1")).toEqual([["", ""]]);
      expect(host.workbook.sheet("Sheet1")!.cellAt("A1").value).toBeNull();
      await context.sync();
      expect(await valuesOf(host, "Sheet1", "A1:B1")).toEqual([[1, "x"]]);

      const a = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address,rowIndex");
      const b = context.workbook.worksheets.getItem("Sheet1").getRange("C3:D4").load(["columnIndex", "rowCount"]);
      const c = context.workbook.worksheets.getItem("Phụ lục").getRange("B2").load({ select: "address, text" });
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      expect([a.address, a.rowIndex, b.columnIndex, b.rowCount, c.address]).toEqual(["Sheet1!A1", 0, 2, 2, "'Phụ lục'!B2"]);
      expect(sheets.items.map((s) => s.name)).toEqual(["Sheet1", "Phụ lục"]);
    });
  });

  test("members the host does not emulate fail loudly, naming the member", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(() => range.getOffsetRange(1, 1)).toThrow(/Range\.getOffsetRange is not implemented/);
      expect(() => context.application).toThrow(/RequestContext\.application is not implemented/);
    });
  });

  test("syncs are counted with the commands they carry; Excel.run's closing sync counts only when it sends something", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1").values = [[1]];
      sheet.getRange("A2").format.font.bold = true;
      await context.sync();
      sheet.getRange("A1").load("values");
      await context.sync();
    });
    expect(host.syncCount()).toBe(2);
    expect(host.syncs()).toEqual([{ operations: 2 }, { operations: 1 }]);

    await host.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B1").values = [[2]];
    });
    expect(host.syncCount()).toBe(3);
    expect(await valuesOf(host, "Sheet1", "B1")).toEqual([[2]]);
    host.resetSyncCount();
    expect(host.syncCount()).toBe(0);
  });

  test("getItemOrNullObject answers isNullObject after a sync; before it, reading isNullObject throws", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Dữ liệu");
      const present = context.workbook.worksheets.getItemOrNullObject("sheet1");
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      missing.getRange("A1").values = [[1]];
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
    });
    expect(host.workbook.sheetNames()).toEqual(["Sheet1"]);
  });

  test("getItem of a missing sheet or name rejects the sync with ItemNotFound; earlier commands stay applied", async () => {
    const host = createInMemoryExcel();
    const error = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[7]];
        context.workbook.worksheets.getItem("Không có").getRange("A1").load("values");
        context.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[8]];
        await context.sync();
      }),
    );
    expect(error).toMatchObject({
      code: "ItemNotFound",
      message: "The requested resource doesn't exist.",
      debugInfo: { code: "ItemNotFound", errorLocation: "WorksheetCollection.getItem" },
    });
    expect(String(error)).toBe("ItemNotFound: The requested resource doesn't exist.");
    expect(await valuesOf(host, "Sheet1", "A1:A2")).toEqual([[7], [""]]);

    const nameError = await rejection(
      host.run(async (context) => {
        context.workbook.names.getItem("CT_1").load("name");
        await context.sync();
      }),
    );
    expect(nameError.code).toBe("ItemNotFound");
  });

  test("a getItem that no command uses does not fail the sync, as in Office.js", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("Không có");
      await context.sync();
    });
  });
});

describe("ranges", () => {
  test("values and formulas: 2D arrays of the range's shape, a scalar fills the range, null leaves a cell alone", async () => {
    const seen: [string, string, string][] = [];
    const host = createInMemoryExcel({
      evaluate: (sheet, address, formula) => {
        seen.push([sheet, address, formula]);
        return 42;
      },
    });
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:B2").values = [
        [1, "=A1*2"],
        ["'=text", true],
      ];
      sheet.getRange("C1:D1").values = 5 as unknown as unknown[][];
      sheet.getRange("A2:B2").values = [[null, "mới"]];
      const all = sheet.getRange("A1:D2").load("values,formulas,text");
      await context.sync();
      expect(all.formulas).toEqual([
        [1, "=A1*2", 5, 5],
        ["=text", "mới", "", ""],
      ]);
      expect(all.values).toEqual([
        [1, 42, 5, 5],
        ["=text", "mới", "", ""],
      ]);
      expect(all.text[0]).toEqual(["1", "42", "5", "5"]);
    });
    expect(seen).toContainEqual(["Sheet1", "B1", "=A1*2"]);
  });

  test("a formula cell's value is null when the host has no evaluate", async () => {
    const host = createInMemoryExcel();
    host.userEdit("Sheet1", "A1", "=1+1");
    expect(await valuesOf(host, "Sheet1", "A1")).toEqual([[null]]);
  });

  test("a 2D array of the wrong shape rejects the sync with InvalidArgument", async () => {
    const host = createInMemoryExcel();
    const error = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [[1, 2]];
        await context.sync();
      }),
    );
    expect(error).toMatchObject({ code: "InvalidArgument", debugInfo: { errorLocation: "Range.values" } });
  });

  test("addresses are written as Excel writes them, with quotes around sheet names that need them", async () => {
    const host = createInMemoryExcel({ sheets: ["Sheet1", "Phụ lục", "Báo_cáo", "2023"] });
    const addresses = await host.run(async (context) => {
      const ranges = [
        context.workbook.worksheets.getItem("Sheet1").getRange("H:H"),
        context.workbook.worksheets.getItem("Sheet1").getRange("5:5"),
        context.workbook.worksheets.getItem("Phụ lục").getRange("$D$12:E13"),
        context.workbook.worksheets.getItem("Báo_cáo").getRange("A1"),
        context.workbook.worksheets.getItem("2023").getRange("B3:D9").getCell(1, 2),
        context.workbook.worksheets.getItem("Sheet1").getRange("B3").getResizedRange(2, 1),
      ].map((r) => r.load("address"));
      await context.sync();
      return ranges.map((r) => r.address);
    });
    expect(addresses).toEqual(["Sheet1!H:H", "Sheet1!5:5", "'Phụ lục'!D12:E13", "Báo_cáo!A1", "'2023'!D4", "Sheet1!B3:C5"]);
  });

  test("number formats show the way Excel shows them with Vietnamese settings", async () => {
    const host = createInMemoryExcel();
    const text = await host.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:F1");
      range.numberFormat = [["#,##0", "0.0#", "0%", "General", "@", "0.00%"]];
      range.values = [[1755, 98.4, 0.83, 6786.875, "0123", 0.0845]];
      range.load("text,numberFormat");
      await context.sync();
      return range.text;
    });
    expect(text).toEqual([["1.755", "98,4", "83%", "6786,875", "0123", "8,45%"]]);
  });

  test("formats: whole columns and rows, uniform reads and null for mixed, borders, merges, selection", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("B:B").format.columnWidth = 120;
      sheet.getRange("3:3").format.rowHeight = 30;
      sheet.getRange("A1:C1").format.fill.color = "#fff2cc";
      sheet.getRange("A1").format.font.bold = true;
      sheet.getRange("A1:C2").format.borders.getItem("EdgeBottom").style = "Continuous";
      sheet.getRange("A1:C1").merge();
      sheet.getRange("H:H").columnHidden = true;
      sheet.getRange("B2").select();
      const header = sheet.getRange("A1:C1").format.load("columnWidth");
      header.fill.load("color");
      header.font.load("bold");
      const row2 = sheet.getRange("A2").format.borders.getItem("EdgeBottom").load("style,color,weight");
      await context.sync();
      expect([header.fill.color, header.font.bold, header.columnWidth]).toEqual(["#FFF2CC", null, null]);
      expect([row2.style, row2.color, row2.weight]).toEqual(["Continuous", "#000000", "Thin"]);
      const selected = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(selected.address).toBe("Sheet1!B2");
    });
    const view = host.workbook.sheet("Sheet1")!;
    expect(view.columnWidth(2)).toBe(120);
    expect(view.rowHeight(3)).toBe(30);
    expect(view.columnHidden(8)).toBe(true);
    expect(view.merges()).toEqual([{ row: 1, column: 1, rows: 1, columns: 3, address: "A1:C1" }]);
    expect(view.cellAt("B1").style.fill).toBe("#FFF2CC");
    expect(view.cellAt("C2").style.borders.bottom).toEqual({ style: "Continuous", color: "#000000", weight: "Thin" });
    expect(host.workbook.selection()).toEqual({ sheet: "Sheet1", address: "B2" });
  });

  test("getUsedRangeOrNullObject: a null object on a blank sheet, the content's area otherwise", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const before = sheet.getUsedRangeOrNullObject(true);
      await context.sync();
      expect(before.isNullObject).toBe(true);
      sheet.getRange("C3:D4").values = [
        [1, 2],
        [3, ""],
      ];
      sheet.getRange("F9").format.fill.color = "#FF0000";
      const values = sheet.getUsedRangeOrNullObject(true).load("address");
      const all = sheet.getUsedRange().load("address");
      await context.sync();
      expect([values.address, all.address]).toEqual(["Sheet1!C3:D4", "Sheet1!C3:F9"]);
    });
  });
});

describe("sheets, names, validations, conditional formats, page layout", () => {
  test("worksheets: add, rename, hide, activate, delete", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const added = context.workbook.worksheets.add("Phụ lục");
      const meta = context.workbook.worksheets.add("_cchc");
      meta.visibility = "VeryHidden";
      added.activate();
      await context.sync();
      const active = context.workbook.worksheets.getActiveWorksheet().load("name");
      await context.sync();
      expect(active.name).toBe("Phụ lục");
      context.workbook.worksheets.getItem("Sheet1").delete();
      await context.sync();
    });
    expect(host.workbook.sheetNames()).toEqual(["Phụ lục", "_cchc"]);
    expect(host.workbook.visibleSheets()).toEqual(["Phụ lục"]);
    const duplicate = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.add("phụ lục");
        await context.sync();
      }),
    );
    expect(duplicate.code).toBe("ItemAlreadyExists");
  });

  test("objects of a deleted sheet fail with ItemNotFound at the next sync", async () => {
    const host = createInMemoryExcel({ sheets: ["Sheet1", "Cũ"] });
    const error = await rejection(
      host.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Cũ");
        const range = sheet.getRange("A1").load("address");
        await context.sync();
        sheet.delete();
        await context.sync();
        range.format.fill.color = "#FF0000";
        await context.sync();
      }),
    );
    expect(error.code).toBe("ItemNotFound");
  });

  test("names resolve to ranges and follow a renamed sheet", async () => {
    const host = createInMemoryExcel({ sheets: ["Phụ lục"] });
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Phụ lục");
      sheet.getRange("D12").values = [[1755]];
      context.workbook.names.add("CT_3_1_3_a", "='Phụ lục'!$D$12");
      context.workbook.names.add("CT_BM7", sheet.getRange("D13:D14"));
      await context.sync();
      const range = context.workbook.names.getItemOrNullObject("ct_3_1_3_a").getRange().load("address,values");
      const missing = context.workbook.names.getItemOrNullObject("CT_0");
      const names = context.workbook.names.load("items/name,items/formula,items/type");
      await context.sync();
      expect([range.address, range.values]).toEqual(["'Phụ lục'!D12", [[1755]]]);
      expect(missing.isNullObject).toBe(true);
      expect(names.items.map((n) => [n.name, n.formula, n.type])).toEqual([
        ["CT_3_1_3_a", "='Phụ lục'!$D$12", "Range"],
        ["CT_BM7", "='Phụ lục'!$D$13:$D$14", "Range"],
      ]);
      sheet.name = "PL1";
      names.items[1].delete();
      await context.sync();
    });
    // "PL1" reads as a cell reference, so Excel quotes it.
    expect(host.workbook.names()).toEqual([{ name: "CT_3_1_3_a", formula: "='PL1'!$D$12" }]);
  });

  test("data validations and conditional formats are stored as written (not evaluated)", async () => {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const dv = sheet.getRange("D12:D14").dataValidation;
      dv.rule = { list: { inCellDropDown: true, source: "Có,Không" } };
      dv.prompt = { showPrompt: true, title: "Chọn", message: "Có hoặc Không" };
      dv.errorAlert = { showAlert: true, style: "Stop", title: "Sai", message: "Chọn trong danh sách" };
      sheet.getRange("E12").dataValidation.rule = { custom: { formula: "=ISNUMBER(E12)" } };
      const cf = sheet.getRange("A12:H40").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=$J12>0";
      cf.custom.format.fill.color = "#F4CCCC";
      const type = sheet.getRange("D13").dataValidation.load("type");
      await context.sync();
      expect(type.type).toBe("List");
    });
    const view = host.workbook.sheet("Sheet1")!;
    expect(view.dataValidations()).toEqual([
      {
        address: "D12:D14",
        rule: { list: { inCellDropDown: true, source: "Có,Không" } },
        prompt: { showPrompt: true, title: "Chọn", message: "Có hoặc Không" },
        errorAlert: { showAlert: true, style: "Stop", title: "Sai", message: "Chọn trong danh sách" },
      },
      expect.objectContaining({ address: "E12", rule: { custom: { formula: "=ISNUMBER(E12)" } } }),
    ]);
    expect(view.conditionalFormats()).toEqual([{ address: "A12:H40", type: "Custom", formula: "=$J12>0", fill: "#F4CCCC" }]);

    await host.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:H100").conditionalFormats.clearAll();
      context.workbook.worksheets.getItem("Sheet1").getRange("D12:D14").dataValidation.clear();
    });
    expect(view.conditionalFormats()).toEqual([]);
    expect(view.dataValidations().map((v) => v.address)).toEqual(["E12"]);
  });

  test("a validation prompt longer than Excel's dialog allows is refused", async () => {
    const host = createInMemoryExcel();
    const error = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").dataValidation.prompt = {
          showPrompt: true,
          title: "x".repeat(33),
          message: "",
        };
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  test("page layout needs ExcelApi 1.9: Excel 2019 (1.8) answers ApiNotFound, newer Excel stores it", async () => {
    const setUp = (host: InMemoryExcel) =>
      host.run(async (context) => {
        const page = context.workbook.worksheets.getItem("Sheet1").pageLayout;
        page.orientation = "Portrait";
        page.paperSize = "A4";
        page.leftMargin = 85;
        page.centerHorizontally = true;
        page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        page.setPrintArea("A1:E158");
        page.setPrintTitleRows("$8:$10");
        await context.sync();
      });
    const excel2019 = createInMemoryExcel({ apiVersion: "1.8" });
    expect(excel2019.requirements.isSetSupported("ExcelApi", "1.9")).toBe(false);
    expect(excel2019.requirements.isSetSupported("ExcelApi", "1.8")).toBe(true);
    expect(await rejection(setUp(excel2019))).toMatchObject({
      code: "ApiNotFound",
      debugInfo: { errorLocation: "PageLayout.orientation" },
    });

    const current = createInMemoryExcel();
    expect(current.requirements.isSetSupported("ExcelApi", "1.10")).toBe(true);
    expect(current.requirements.isSetSupported("ExcelApi", "1.13")).toBe(false);
    await setUp(current);
    expect(current.workbook.sheet("Sheet1")!.pageLayout()).toMatchObject({
      orientation: "Portrait",
      paperSize: "A4",
      leftMargin: 85,
      centerHorizontally: true,
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printArea: "A1:E158",
      printTitleRows: "$8:$10",
    });
  });
});

describe("protection", () => {
  async function protectedSheet(): Promise<InMemoryExcel> {
    const host = createInMemoryExcel();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:B1").values = [["Chỉ tiêu", "=1"]];
      sheet.getRange("D12:D14").format.protection.locked = false;
      sheet.protection.protect({ allowFormatColumns: true });
      const state = sheet.protection.load("protected");
      await context.sync();
      expect(state.protected).toBe(true);
    });
    return host;
  }

  test("API writes to locked cells fail at sync with AccessDenied; unlocked cells take them", async () => {
    const host = await protectedSheet();
    const error = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["đổi"]];
        await context.sync();
      }),
    );
    expect(error).toMatchObject({
      code: "AccessDenied",
      message: "You cannot perform the requested operation.",
      debugInfo: { errorLocation: "Range.values" },
    });
    const formatError = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("D12").format.fill.color = "#FF0000";
        await context.sync();
      }),
    );
    expect(formatError.code).toBe("AccessDenied");

    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("D12:D14").values = [[1], [2], [3]];
      sheet.getRange("C:C").format.columnWidth = 80;
    });
    expect(await valuesOf(host, "Sheet1", "D12:D14")).toEqual([[1], [2], [3]]);
  });

  test("protect fails on a protected sheet; unprotect lifts it", async () => {
    const host = await protectedSheet();
    const again = await rejection(
      host.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").protection.protect();
        await context.sync();
      }),
    );
    expect(again.code).toBe("AccessDenied");
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.protection.unprotect();
      sheet.getRange("A1").values = [["đổi"]];
    });
    expect(await valuesOf(host, "Sheet1", "A1")).toEqual([["đổi"]]);
  });

  test("a user typing into a locked cell is refused with Excel's message; unlocked cells take the value", async () => {
    const host = await protectedSheet();
    expect(host.userEdit("Sheet1", "A1", "x")).toEqual({ ok: false, message: PROTECTED_CELL });
    expect(PROTECTED_CELL.vi).toMatch(/trang tính được bảo vệ/);
    expect(host.userEdit("Sheet1", "D13", "1.755")).toEqual({ ok: true });
    expect(await valuesOf(host, "Sheet1", "A1:A1")).toEqual([["Chỉ tiêu"]]);
    expect(await valuesOf(host, "Sheet1", "D13")).toEqual([[1755]]);
  });
});

describe("change events", () => {
  test("onChanged fires after a user edit, asynchronously, with WorksheetChangedEventArgs; remove() through the same context stops it", async () => {
    const host = createInMemoryExcel({ sheets: ["Phụ lục"] });
    const events: Excel.WorksheetChangedEventArgs[] = [];
    const { registration, id } = await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Phụ lục").load("id");
      const registration = sheet.onChanged.add(async (args) => {
        events.push(args);
      });
      await context.sync();
      return { registration, id: sheet.id };
    });

    host.userEdit("Phụ lục", "D23", "98,4");
    expect(events).toHaveLength(0);
    await host.idle();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "WorksheetChanged",
      address: "D23",
      worksheetId: id,
      changeType: "RangeEdited",
      source: "Local",
      details: { valueBefore: "", valueAfter: 98.4 },
    });

    const range = await host.run(async (context) => {
      const changed = events[0].getRange(context).load("address,values");
      await context.sync();
      return { address: changed.address, values: changed.values };
    });
    expect(range).toEqual({ address: "'Phụ lục'!D23", values: [[98.4]] });

    await host.run(registration.context as Excel.RequestContext, async (context) => {
      registration.remove();
      await context.sync();
    });
    host.userEdit("Phụ lục", "D24", "1");
    await host.idle();
    expect(events).toHaveLength(1);
  });

  test("API writes fire onChanged too (RangeEdited, source Local), once per write", async () => {
    const host = createInMemoryExcel();
    const addresses: string[] = [];
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").onChanged.add(async (args) => {
        addresses.push(`${args.changeType} ${args.source} ${args.address}`);
      });
      await context.sync();
    });
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:C3").values = 0 as unknown as unknown[][];
      sheet.getRange("A1").format.font.bold = true;
    });
    await host.idle();
    expect(addresses).toEqual(["RangeEdited Local A1:C3"]);
  });

  test("remove() queued on another context leaves the handler registered, as Office.js does", async () => {
    const host = createInMemoryExcel();
    let calls = 0;
    const registration = await host.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        calls++;
      });
      await context.sync();
      return r;
    });
    await host.run(async (context) => {
      registration.remove();
      await context.sync();
    });
    host.userEdit("Sheet1", "A1", "1");
    await host.idle();
    expect(calls).toBe(1);
  });
});

describe("typing like a user with Vietnamese regional settings", () => {
  const typed = async (text: string, numberFormat = "General") => {
    const host = createInMemoryExcel({ evaluate: () => 0.5 });
    await host.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B2").numberFormat = [[numberFormat]];
      context.workbook.worksheets.getItem("Sheet1").getRange("B2").values = [["cũ"]];
    });
    expect(host.userEdit("Sheet1", "B2", text)).toEqual({ ok: true });
    const cell = host.workbook.sheet("Sheet1")!.cellAt("B2");
    return { value: cell.value, formula: cell.formula, numberFormat: cell.numberFormat, text: cell.text, editText: cell.editText };
  };

  test.each([
    ["1.755", { value: 1755, numberFormat: "#,##0", text: "1.755", editText: "1755" }],
    ["98,4", { value: 98.4, numberFormat: "General", text: "98,4", editText: "98,4" }],
    ["83%", { value: 0.83, numberFormat: "0%", text: "83%", editText: "83%" }],
    ["8,5%", { value: 0.085, numberFormat: "0.00%", text: "8,50%" }],
    ["-12", { value: -12, text: "-12" }],
    ["=ROUND(D5/D6*100;1)", { value: 0.5, formula: "=ROUND(D5/D6*100,1)", editText: "=ROUND(D5/D6*100;1)" }],
    ["=A1*0,5", { formula: "=A1*0.5" }],
    ["'0123", { value: "0123", text: "0123", editText: "'0123" }],
    ["Sở Nội vụ", { value: "Sở Nội vụ", formula: undefined }],
    ["1.5", { value: "1.5" }],
    ["", { value: null, text: "" }],
  ])("%j", async (text, expected) => {
    expect(await typed(text)).toMatchObject(expected);
  });

  test("a text-formatted cell keeps what was typed, even a formula", async () => {
    expect(await typed("=1+1", "@")).toMatchObject({ value: "=1+1", formula: undefined });
  });

  test("a percentage typed into a number-formatted cell turns it into a percent cell", async () => {
    expect(await typed("83%", "0.0#")).toMatchObject({ value: 0.83, numberFormat: "0%", text: "83%" });
    expect(await typed("8,5%", "0.0%")).toMatchObject({ value: 0.085, numberFormat: "0.0%", text: "8,5%" });
  });

  test.each([
    ["83", 0.83],
    ["0,1", 0.001],
    [",1", 0.1],
    ["-1", -0.01],
  ])("%j typed into a percent cell is %d (Excel's automatic percent entry)", async (text, value) => {
    expect((await typed(text, "0%")).value).toBeCloseTo(value, 12);
  });
});
