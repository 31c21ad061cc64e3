// "Kiểm tra": the open report's findings by severity, live; a clear ready-to-send state; the
// validation stamp. Each finding is a button that selects its cell in Excel.
import {
  Badge,
  Button,
  Field,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useId, useState } from "react";
import { Message } from "../../domain/messages";
import { parsePeriod } from "../../domain/period";
import { SEVERITY_ORDER } from "../../domain/rules/check";
import { Severity } from "../../domain/rules/model";
import { LocatedFinding, SEVERITY_LABELS } from "../../domain/rules/report";
import { TemplateRegistry } from "../../domain/template/registry";
import { formatNumber } from "../../domain/values";
import { errorMessage, formatDateTime, S, useI18n } from "../i18n";
import { ReportHost, ReportState } from "../../host/reportHost";

const BADGE_COLOUR = { error: "danger", warning: "warning", info: "informative" } as const;

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  stamp: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalS },
  wide: { alignSelf: "stretch" },
  groupHeading: { margin: `0 0 ${tokens.spacingVerticalXS} 0`, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  finding: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    width: "100%",
    boxSizing: "border-box",
    textAlign: "left",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: "inherit",
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflowWrap: "anywhere",
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: "1px" },
    ":disabled": { cursor: "default" },
  },
  cell: { fontWeight: tokens.fontWeightSemibold },
  // the severity shows as the colour of the finding's left edge
  error: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  warning: { borderLeft: `4px solid ${tokens.colorPaletteDarkOrangeBorder2}` },
  info: { borderLeft: `4px solid ${tokens.colorPaletteBlueBorderActive}` },
});

type Filter = "all" | Severity;

export interface CheckPanelProps {
  host: ReportHost;
  templates: TemplateRegistry;
  report: ReportState | undefined;
  /** host.open() has not answered yet */
  opening: boolean;
  onReport: (state: ReportState) => void;
  onGoInsert: () => void;
}

export function CheckPanel({ host, templates, report, opening, onReport, onGoInsert }: CheckPanelProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const [filter, setFilter] = useState<Filter>("all");
  const [stamping, setStamping] = useState(false);
  const [error, setError] = useState<Message>();
  const stampHintId = useId();
  const idPrefix = useId();

  if (!report) {
    if (opening) return <Spinner size="small" label={t(S.opening)} />;
    return (
      <div className={styles.panel}>
        <Text>{t(S.noReport)}</Text>
        <div>
          <Button onClick={onGoInsert}>{t(S.goInsert)}</Button>
        </div>
      </div>
    );
  }

  const { counts } = report;
  const errorsLeft = counts.error > 0;

  async function run(action: () => Promise<void>) {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function stamp() {
    setStamping(true);
    await run(async () => onReport(await host.stampValidated()));
    setStamping(false);
  }

  const shown = SEVERITY_ORDER.filter((s) => filter === "all" || filter === s);
  const severityText = (s: Severity) => t(SEVERITY_LABELS[s]);

  return (
    <div className={styles.panel}>
      <div className={styles.header}>
        <h2 className={styles.heading}>{report.unitName}</h2>
        <Text>{periodText(report, t)}</Text>
        <Text size={200}>{t(S.reportTemplate(templateText(report, templates)))}</Text>
      </div>

      <div role="group" aria-label={t(S.countsLabel)} className={styles.badges}>
        {SEVERITY_ORDER.map((s) => (
          <Badge key={s} size="large" shape="rounded" appearance={counts[s] > 0 ? "filled" : "outline"} color={BADGE_COLOUR[s]}>
            {`${severityText(s)} ${formatNumber(counts[s])}`}
          </Badge>
        ))}
      </div>

      {errorsLeft ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t(S.notReady(counts.error))}</MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t(S.ready)}</MessageBarTitle>
            {counts.warning > 0 && <div>{t(S.readyWarnings(counts.warning))}</div>}
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={styles.stamp}>
        {report.stamp.state === "stale" ? (
          <MessageBar className={styles.wide} intent="warning" layout="multiline">
            <MessageBarBody>{t(S.stampStale)}</MessageBarBody>
          </MessageBar>
        ) : (
          <Text>{report.stamp.state === "valid" && report.stamp.stamp ? t(S.stampValid(formatDateTime(report.stamp.stamp.at))) : t(S.stampNone)}</Text>
        )}
        <Button
          appearance="primary"
          disabledFocusable={errorsLeft || stamping}
          aria-describedby={errorsLeft ? stampHintId : undefined}
          onClick={() => void stamp()}
        >
          {t(S.stamp)}
        </Button>
        {errorsLeft && (
          <Text id={stampHintId} size={200}>
            {t(S.stampNeedsNoErrors)}
          </Text>
        )}
        {stamping && <Spinner size="tiny" label={t(S.stamping)} />}
      </div>

      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t(error)}</MessageBarBody>
        </MessageBar>
      )}

      <Field label={t(S.filter)}>
        <Select value={filter} onChange={(_, d) => setFilter(d.value as Filter)}>
          <option value="all">{`${t(S.filterAll)} (${formatNumber(report.findings.length)})`}</option>
          {SEVERITY_ORDER.map((s) => (
            <option key={s} value={s}>{`${severityText(s)} (${formatNumber(counts[s])})`}</option>
          ))}
        </Select>
      </Field>

      {shown.every((s) => counts[s] === 0) && <Text>{t(S.noFindings)}</Text>}
      {shown.map((s) => {
        const items = report.findings.filter((f) => f.severity === s);
        if (items.length === 0) return null;
        const headingId = `${idPrefix}-${s}`;
        return (
          <section key={s} aria-labelledby={headingId}>
            <h3 id={headingId} className={styles.groupHeading}>{`${severityText(s)} (${formatNumber(items.length)})`}</h3>
            <ul className={styles.list}>
              {items.map((f, i) => (
                <li key={`${f.ruleId}|${f.codes.join(",")}|${i}`}>
                  <FindingButton finding={f} onSelect={() => void run(() => host.select(f.address))} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function FindingButton({ finding: f, onSelect }: { finding: LocatedFinding; onSelect: () => void }) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <button type="button" className={mergeClasses(styles.finding, styles[f.severity])} disabled={!f.address} onClick={onSelect}>
      <span className={styles.cell}>{f.cell}</span>
      <span>{[f.stt && t(S.findingStt(f.stt)), f.name].filter(Boolean).join(" · ")}</span>
      <span>{t(f.message)}</span>
    </button>
  );
}

/** The period in the pane's language; the label stored in the workbook if its code is damaged. */
function periodText(report: ReportState, t: (m: Message) => string): string {
  try {
    return t(parsePeriod(report.period).label);
  } catch {
    return report.periodLabel;
  }
}

function templateText(report: ReportState, templates: TemplateRegistry): string {
  const ref = `${report.templateId} ${report.templateVersion}`;
  if (!templates.has(report.templateId)) return ref;
  const tpl = templates.get(report.templateId);
  return `${tpl.province} — ${tpl.title} (${ref})`;
}
