/** @jest-environment jsdom */
// The workbench grid shows the in-memory workbook and types into it the way a user types into Excel.
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { buildModel, Grid } from "../src/workbench/Grid";
import { createInMemoryExcel, InMemoryExcel } from "../src/workbench/host";

async function reportLikeSheet(): Promise<InMemoryExcel> {
  const host = createInMemoryExcel({
    sheets: ["Phụ lục", "Ẩn"],
    evaluate: (_sheet, address) => (address === "D5" ? 0.984 : null),
  });
  await host.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem("Phụ lục");
    sheet.getRange("A1:D1").values = [["BÁO CÁO", "", "", ""]];
    sheet.getRange("A1:D1").merge();
    sheet.getRange("A1").format.font.bold = true;
    sheet.getRange("A3:D5").values = [
      ["1", "Số TTHC", "TTHC", 1755],
      ["2", "Tỷ lệ", "%", 98.4],
      ["3", "Tỷ lệ đúng hạn", "%", "=D4/100"],
    ];
    sheet.getRange("D3:D5").numberFormat = [["#,##0"], ["0.0#"], ["0.0%"]];
    sheet.getRange("D3:D4").format.fill.color = "#FFF2CC";
    sheet.getRange("D3:D4").format.protection.locked = false;
    sheet.getRange("B:B").format.columnWidth = 150;
    sheet.getRange("D3").select();
    sheet.protection.protect();
    context.workbook.worksheets.getItem("Ẩn").visibility = "Hidden";
    await context.sync();
  });
  return host;
}

const cell = (address: string) => document.querySelector<HTMLElement>(`[data-address="${address}"]`)!;

describe("the workbench grid", () => {
  test("renders the active sheet: headers, values as Excel shows them, merges, widths, fills, formula bar, visible sheet tabs", async () => {
    const host = await reportLikeSheet();
    render(<Grid host={host} />);
    const grid = screen.getByRole("grid", { name: "Phụ lục" });
    expect(within(grid).getByRole("columnheader", { name: "D" })).toBeTruthy();
    expect(cell("D3").textContent).toBe("1.755");
    expect(cell("D4").textContent).toBe("98,4");
    expect(cell("D5").textContent).toBe("98,4%");
    expect(screen.getByRole("gridcell", { name: "D3 1.755" })).toBe(cell("D3"));
    expect(cell("D3").getAttribute("aria-colindex")).toBe("5");
    expect(cell("A1").getAttribute("colspan")).toBe("4");
    expect(cell("B1")).toBeNull();
    expect(cell("A1").style.fontWeight).toBe("700");
    expect(cell("D3").style.background).toBe("rgb(255, 242, 204)");
    expect(grid.querySelectorAll("col")[2].style.width).toBe("200px");

    fireEvent.mouseDown(cell("D5"));
    expect(screen.getByRole("status", { name: "Thanh công thức" }).textContent).toBe("=D4/100");
    expect(screen.getByRole("status", { name: "Ô đang chọn" }).textContent).toBe("D5");
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Phụ lục"]);
  });

  test("typing into a cell goes through the host: Enter commits, moves down and updates the cell", async () => {
    const host = await reportLikeSheet();
    render(<Grid host={host} />);
    fireEvent.mouseDown(cell("D4"));
    fireEvent.keyDown(cell("D4"), { key: "8" });
    const editor = screen.getByRole("textbox", { name: "Nhập vào ô D4" });
    expect((editor as HTMLInputElement).value).toBe("8");
    fireEvent.change(editor, { target: { value: "83,5" } });
    fireEvent.keyDown(editor, { key: "Enter" });
    expect(host.workbook.sheet("Phụ lục")!.cellAt("D4").value).toBe(83.5);
    expect(cell("D4").textContent).toBe("83,5");
    expect(host.workbook.selection()).toEqual({ sheet: "Phụ lục", address: "D5" });
    expect(screen.queryByRole("textbox")).toBeNull();
  });

  test("Escape cancels an edit; a double-click edits what the formula bar shows", async () => {
    const host = await reportLikeSheet();
    render(<Grid host={host} />);
    fireEvent.doubleClick(cell("D3"));
    const editor = screen.getByRole<HTMLInputElement>("textbox", { name: "Nhập vào ô D3" });
    expect(editor.value).toBe("1755");
    fireEvent.change(editor, { target: { value: "9" } });
    fireEvent.keyDown(editor, { key: "Escape" });
    expect(host.workbook.sheet("Phụ lục")!.cellAt("D3").value).toBe(1755);
    expect(cell("D3").textContent).toBe("1.755");
  });

  test("a locked cell of the protected sheet refuses typing with Excel's message", async () => {
    const host = await reportLikeSheet();
    render(<Grid host={host} lang="en" />);
    fireEvent.mouseDown(cell("B3"));
    fireEvent.keyDown(cell("B3"), { key: "x" });
    expect(screen.getByRole("alert").textContent).toContain("The cell or chart you're trying to change is on a protected sheet");
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(host.workbook.sheet("Phụ lục")!.cellAt("B3").value).toBe("Số TTHC");
  });

  test("the selection outline follows a selection made through the API", async () => {
    const host = await reportLikeSheet();
    render(<Grid host={host} />);
    expect(cell("D3").getAttribute("aria-selected")).toBe("true");
    await act(async () => {
      await host.run(async (context) => {
        context.workbook.worksheets.getItem("Phụ lục").getRange("B4").select();
        await context.sync();
      });
    });
    expect(cell("B4").getAttribute("aria-selected")).toBe("true");
    expect(cell("B4").className).toContain("cchc-grid__cell--active");
    expect(cell("D3").getAttribute("aria-selected")).toBe("false");
    expect(screen.getByRole("status", { name: "Ô đang chọn" }).textContent).toBe("B4");
  });

  test("arrow keys move the active cell like Excel: onto a merged area as a whole, past it, over hidden columns", async () => {
    const host = await reportLikeSheet();
    await host.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Phụ lục");
      sheet.protection.unprotect();
      sheet.getRange("E:E").columnHidden = true;
    });
    render(<Grid host={host} />);
    expect(cell("E3")).toBeNull();
    fireEvent.mouseDown(cell("B3"));
    fireEvent.keyDown(cell("B3"), { key: "ArrowUp" });
    fireEvent.keyDown(cell("B2"), { key: "ArrowUp" });
    expect(host.workbook.selection().address).toBe("A1:D1");
    fireEvent.keyDown(cell("A1"), { key: "ArrowRight" });
    expect(host.workbook.selection().address).toBe("F1");
    expect(document.activeElement).toBe(cell("F1"));
  });

  test("cellFill colours cells the way the sheet's conditional formats would", async () => {
    const host = await reportLikeSheet();
    render(<Grid host={host} cellFill={(_sheet, address) => (address === "D4" ? "#FFC7CE" : undefined)} />);
    expect(cell("D4").style.background).toBe("rgb(255, 199, 206)");
    expect(cell("D3").style.background).toBe("rgb(255, 242, 204)");
  });

  test("an edit rebuilds only what it changed: the other rows and cells are the last render's objects, so they do not re-render", async () => {
    const host = await reportLikeSheet();
    const fill = (_sheet: string, address: string) =>
      address === "D5" && host.workbook.sheet("Phụ lục")!.cellAt("D4").value === 50 ? "#FFC7CE" : undefined;
    const view = () => host.workbook.sheet("Phụ lục")!;
    const before = buildModel(view(), { cellFill: fill });
    const same = buildModel(view(), { cellFill: fill }, before);
    expect(same.rows.every((r, i) => r === before.rows[i])).toBe(true);
    expect(same.columns).toBe(before.columns);

    host.userEdit("Phụ lục", "D4", "50");
    const after = buildModel(view(), { cellFill: fill }, before);
    const changed = after.rows.filter((r, i) => r !== before.rows[i]).map((r) => r.row);
    // Row 4 (the typed cell) and row 5 (the fill that follows D4, as a conditional format would).
    expect(changed).toEqual([4, 5]);
    const row4 = after.rows.find((r) => r.row === 4)!;
    const old4 = before.rows.find((r) => r.row === 4)!;
    expect(row4.cells.filter((c, i) => c !== old4.cells[i]).map((c) => c.cell.address)).toEqual(["D4"]);
    expect(row4.cells.find((c) => c.cell.address === "D4")!.cell.text).toBe("50,0");
    const row5 = after.rows.find((r) => r.row === 5)!;
    expect(row5.cells.find((c) => c.cell.address === "D5")!.style.background).toBe("#FFC7CE");
    expect(row5.cells.find((c) => c.cell.address === "D5")!.cell.text).toBe("98,4%");
    // Another sheet's model is not taken for this one's.
    expect(buildModel(view(), { cellFill: fill }, { ...after, name: "Ẩn" }).rows.some((r, i) => r === after.rows[i])).toBe(false);
  });
});
