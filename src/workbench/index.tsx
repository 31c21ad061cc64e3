// Entry of the workbench page. office.js (the local copy) outside Office answers host: null, which
// is how the page knows to drive the pane with the in-memory Excel host instead of Excel.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import pkg from "../../package.json";
import { createOfficeReportHost } from "../excel/officeReportHost";
import { builtInRegistry } from "../templates";
import { createInMemoryExcel } from "./host";
import { createSheetEngine } from "./sheetEngine";
import { Workbench } from "./Workbench";

void Office.onReady(() => {
  const templates = builtInRegistry();
  const engine = createSheetEngine(templates);
  const excel = createInMemoryExcel({ evaluate: engine.evaluate, sheets: ["Sheet1"] });
  engine.attach(excel.workbook);
  const host = createOfficeReportHost(excel.run, excel.requirements, { registry: templates, generatorVersion: pkg.version });
  // For the e2e tests and the bench: the host's round-trip counter and the workbook view.
  (window as unknown as { cchcWorkbench: unknown }).cchcWorkbench = { excel };
  createRoot(document.getElementById("root")!).render(
    <FluentProvider theme={webLightTheme}>
      <Workbench excel={excel} engine={engine} host={host} templates={templates} />
    </FluentProvider>,
  );
});
