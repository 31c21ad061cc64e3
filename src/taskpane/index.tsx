// Entry of the task pane inside Office. In Excel it talks to the workbook through the Office.js host;
// anywhere else (office.js outside Office answers host: null) it says where to open it.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import pkg from "../../package.json";
import { createOfficeReportHost } from "../excel/officeReportHost";
import { App, LazyMergePanel } from "./App";
import { NotInExcel } from "./components/NotInExcel";
import { lazyBuiltInRegistry } from "./templates";

void Office.onReady((info) => {
  const templates = lazyBuiltInRegistry();
  const root = createRoot(document.getElementById("root")!);
  if (info.host !== Office.HostType.Excel) {
    root.render(
      <FluentProvider theme={webLightTheme}>
        <NotInExcel />
      </FluentProvider>,
    );
    return;
  }
  const host = createOfficeReportHost(Excel.run, Office.context.requirements, { registry: templates, generatorVersion: pkg.version });
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} templates={templates} merge={<LazyMergePanel host={host} templates={templates} />} />
    </FluentProvider>,
  );
});
