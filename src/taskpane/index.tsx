// Entry of the task pane inside Office. In Excel it talks to the workbook through the Office.js host;
// anywhere else (office.js outside Office answers host: null) it says where to open it.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import pkg from "../../package.json";
import { createOfficeReportHost } from "../excel/officeReportHost";
import { builtInRegistry } from "../templates";
import { App } from "./App";
import { MergePanel } from "./components/MergePanel";
import { NotInExcel } from "./components/NotInExcel";

void Office.onReady((info) => {
  const templates = builtInRegistry();
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
      <App host={host} templates={templates} merge={<MergePanel host={host} templates={templates} />} />
    </FluentProvider>,
  );
});
