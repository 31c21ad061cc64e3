import { buildSheetPlan } from "../src/domain/sheet/build";
import { parsePeriod } from "../src/domain/period";
import { builtInRegistry } from "../src/templates";
import { launchChromium, serveAddin } from "../test/e2e/browser";
void (async () => {
  const server = await serveAddin();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/workbench.html`);
  const pane = page.getByRole("complementary");
  await pane.getByLabel("Biểu mẫu (phiên bản)", { exact: true }).selectOption("soc-trang-2021");
  await pane.getByRole("textbox", { name: /^Tên đơn vị báo cáo/ }).fill("Đơn vị đo");
  await pane.getByRole("button", { name: "Chèn biểu mẫu", exact: true }).click();
  await pane.getByText(/chỉ tiêu chưa nhập/).first().waitFor();
  const template = builtInRegistry().get("soc-trang-2021");
  const plan = buildSheetPlan({ template, period: parsePeriod("2023-Y"), unit: { name: "x", level: template.levels[0] }, generatorVersion: "", createdAt: "" });
  const target = plan.indicatorCells.find((c) => !c.computed && template.indicators.find((i) => i.code === c.code)?.kind === "count")!;
  const r = await page.evaluate(`(async () => {
    const excel = window.cchcWorkbench.excel;
    const badge = () => [...document.querySelectorAll("aside [role=group] *")].map((e) => e.textContent).find((t) => /^Lỗi \\d+$/.test(t || "")) || "";
    const out = [];
    for (let i = 0; i < 10; i++) {
      const before = badge();
      const t0 = performance.now();
      excel.userEdit("Phụ lục", "${target.address}", i % 2 === 0 ? "abc" : "5");
      const t1 = performance.now();
      await new Promise((r) => setTimeout(r, 0));
      const t2 = performance.now();
      while (badge() === before) await new Promise((r) => setTimeout(r, 5));
      out.push([t1 - t0, t2 - t0, performance.now() - t0].map((x) => Math.round(x)));
    }
    return out;
  })()`);
  console.log(JSON.stringify(r));
  await browser.close(); await server.close();
})();
