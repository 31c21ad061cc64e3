// The workbench: the real task pane beside an in-memory workbook that a user can type into, driven
// by our own Excel host (DESIGN §6). Anyone can try the add-in in a browser; the e2e tests use it.
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { useState, useSyncExternalStore } from "react";
import { App, LazyMergePanel } from "../taskpane/App";
import { ReportHost } from "../host/reportHost";
import { TemplateRegistry } from "../domain/template/registry";
import { Grid } from "./Grid";
import { InMemoryExcel } from "./host";
import { SheetEngine } from "./sheetEngine";

const useStyles = makeStyles({
  page: { display: "flex", height: "100vh", fontFamily: tokens.fontFamilyBase },
  book: { flex: 1, minWidth: 0, display: "flex", flexDirection: "column", borderRight: `1px solid ${tokens.colorNeutralStroke1}` },
  bar: { display: "flex", alignItems: "center", gap: "12px", padding: "6px 12px", background: tokens.colorNeutralBackground3 },
  title: { fontWeight: tokens.fontWeightSemibold, flex: 1 },
  grid: { flex: 1, minHeight: 0, overflow: "auto" },
  pane: { flexShrink: 0, overflowY: "auto" },
});

export interface WorkbenchProps {
  excel: InMemoryExcel;
  engine: SheetEngine;
  host: ReportHost;
  templates: TemplateRegistry;
}

/** The pane's width: Excel's default (320 px) unless the page is opened with ?pane=WIDTH (280–600). */
function paneWidth(): number {
  const asked = Number(new URLSearchParams(globalThis.location?.search ?? "").get("pane"));
  return Number.isFinite(asked) && asked >= 280 && asked <= 600 ? asked : 320;
}

export function Workbench({ excel, engine, host, templates }: WorkbenchProps) {
  const styles = useStyles();
  const [width] = useState(paneWidth);
  // Only what the bar shows: re-rendering on every edit would re-render the whole pane with it.
  const active = useSyncExternalStore(excel.workbook.subscribe, () => excel.workbook.activeSheet());
  const isProtected = useSyncExternalStore(excel.workbook.subscribe, () => excel.workbook.sheet(active)?.protected ?? false);
  // Excel's Review > Unprotect Sheet: units do it to type over a formula, and the check must see that.
  const toggleProtection = () =>
    void excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(active);
      if (isProtected) sheet.protection.unprotect();
      else sheet.protection.protect({ allowFormatColumns: true, allowFormatRows: true });
      await context.sync();
    });
  return (
    <div className={styles.page}>
      <main className={styles.book} aria-label="Sổ tính mô phỏng Excel / Simulated Excel workbook">
        <div className={styles.bar}>
          <span className={styles.title}>Bàn thử Biểu mẫu CCHC — sổ tính mô phỏng Excel / workbench</span>
          <Button size="small" onClick={toggleProtection}>
            {isProtected ? "Bỏ bảo vệ trang / Unprotect sheet" : "Bảo vệ trang / Protect sheet"}
          </Button>
        </div>
        <div className={styles.grid}>
          <Grid host={excel} cellFill={engine.cellFill} cellFormat={engine.cellFormat} />
        </div>
      </main>
      <aside className={styles.pane} style={{ width: `${width}px` }} aria-label="Ngăn Báo cáo CCHC / Báo cáo CCHC pane">
        <App host={host} templates={templates} merge={<LazyMergePanel host={host} templates={templates} />} />
      </aside>
    </div>
  );
}
