// Shown when the pane's page is opened outside Excel: both languages, since there is no choice yet.
import { Link, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { Lang } from "../../domain/messages";
import { S } from "../i18n";

/** The workbench page, served beside the task pane by the dev server and the production build. */
const WORKBENCH_URL = "workbench.html";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM },
});

export function NotInExcel() {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      {(["vi", "en"] as Lang[]).map((lang) => (
        <MessageBar key={lang} intent="info" lang={lang} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{S.notInExcelTitle[lang]}</MessageBarTitle>
            {S.notInExcel[lang]} <Link href={WORKBENCH_URL}>{S.openWorkbench[lang]}</Link>
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
