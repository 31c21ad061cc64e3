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
import { useId, useRef, useState } from "react";
import { LazyConfirmDialog } from "./LazyConfirmDialog";
import { parseSheet } from "../../domain/export";
import { Message } from "../../domain/messages";
import { parsePeriod } from "../../domain/period";
import { SEVERITY_ORDER } from "../../domain/rules/check";
import { Severity } from "../../domain/rules/model";
import { blanksText, locate, LocatedFinding, SEVERITY_LABELS } from "../../domain/rules/report";
import { formName } from "../../domain/rules/words";
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
  hidden: { display: "none" },
  notes: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, overflowWrap: "anywhere" },
  moreNotes: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200, cursor: "pointer" },
  noteList: {
    margin: `${tokens.spacingVerticalXS} 0 0 0`,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    cursor: "auto",
  },
});

/** One severity word per finding, so that the colour is not the only sign. */
const SEVERITY_WORD = {
  error: { vi: "Lỗi", en: "Error" },
  warning: { vi: "Cảnh báo", en: "Warning" },
  info: { vi: "Thông tin", en: "Info" },
} as const;

/** The previous period's comparison: reading the chosen file, or its findings. */
type Previous = { kind: "reading"; file: string } | { kind: "done"; file: string; label: Message; findings: LocatedFinding[] };

// FileReader rather than Blob.arrayBuffer(): the older Edge webview of Office 2019 lacks the latter.
const readBytes = (file: Blob) =>
  new Promise<Uint8Array>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error("FileReader"));
    reader.readAsArrayBuffer(file);
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
  const [askBlanks, setAskBlanks] = useState(false);
  const [previous, setPrevious] = useState<Previous>();
  const previousInput = useRef<HTMLInputElement>(null);
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
    setAskBlanks(false);
    setStamping(true);
    await run(async () => onReport(await host.stampValidated()));
    setStamping(false);
  }

  /** Reads the chosen file (the targeted reader loads on first use) and compares the open report with it. */
  async function comparePrevious(file: File | undefined, current: ReportState) {
    if (!file || !templates.has(current.templateId)) return;
    setPrevious({ kind: "reading", file: file.name });
    await run(async () => {
      try {
        const [{ readCchcFile }, { compareWithPrevious, requireSameForm, sheetFigures }] = await Promise.all([
          import(/* webpackChunkName: "merge" */ "../xlsxReader"),
          import(/* webpackChunkName: "merge" */ "../../domain/compare"),
        ]);
        const template = templates.get(current.templateId);
        // The other file's form is known only once read: every form is at hand for it.
        await templates.loadAll();
        const other = readCchcFile(await readBytes(file), file.name, templates);
        requireSameForm(template, { template: other.template, file: file.name });
        const figures = (cells: typeof current.cells) => sheetFigures(parseSheet(template, cells));
        const found = compareWithPrevious(
          template,
          { period: current.period, values: figures(current.cells) },
          { period: other.meta.period, values: figures(other.cells) },
        );
        setPrevious({
          kind: "done",
          file: file.name,
          label: parsePeriod(other.meta.period).label,
          findings: locate(template, current.sheetName, current.cells, found),
        });
      } catch (e) {
        setPrevious(undefined);
        throw e;
      }
    });
  }

  const shown = report.findings.filter((f) => filter === "all" || f.severity === filter);
  const severityText = (s: Severity) => t(SEVERITY_LABELS[s]);
  const { filled } = report;
  const blanks = blanksText(filled);
  const stamped = report.stamp.stamp;
  const review = report.retyped?.review;

  return (
    <div className={styles.panel}>
      <div className={styles.header}>
        <h2 className={styles.heading}>{report.unitName || t(S.unitBlank)}</h2>
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
          <MessageBarBody>
            {t(S.notReady(counts.error))}
            {filled.blank > 0 && <div>{t(S.stillBlank(blanks))}</div>}
            {review && <div>{t(S.reviewReading(review))}</div>}
          </MessageBarBody>
        </MessageBar>
      ) : filled.blank > 0 || review ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {t(filled.blank > 0 ? S.notFilled(blanks) : S.notReadyPlain)}
            {review && <div>{t(S.reviewReading(review))}</div>}
            {counts.warning > 0 && <div>{t(S.readyWarnings(counts.warning))}</div>}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t(S.ready)}</MessageBarTitle>
            {counts.warning > 0 && <div>{t(S.readyWarnings(counts.warning))}</div>}
          </MessageBarBody>
        </MessageBar>
      )}

      {report.retyped && <RetypedNotes notes={report.retyped.notes} />}

      {report.retyped ? (
        <Text>{t(S.retypedNoStamp)}</Text>
      ) : (
        <div className={styles.stamp}>
          {report.stamp.state === "stale" ? (
            <MessageBar className={styles.wide} intent="warning" layout="multiline">
              <MessageBarBody>{t(S.stampStale)}</MessageBarBody>
            </MessageBar>
          ) : (
            <Text>
              {report.stamp.state === "valid" && stamped
                ? t(
                    stamped.blank && stamped.indicators
                      ? S.stampValidBlanks(formatDateTime(stamped.at), stamped.blank, stamped.indicators)
                      : S.stampValid(formatDateTime(stamped.at)),
                  )
                : t(S.stampNone)}
            </Text>
          )}
          <Button
            appearance="primary"
            disabledFocusable={errorsLeft || stamping}
            aria-describedby={errorsLeft ? stampHintId : undefined}
            onClick={() => (filled.blank > 0 ? setAskBlanks(true) : void stamp())}
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
      )}

      <LazyConfirmDialog
        open={askBlanks}
        title={t(S.stampBlanksTitle)}
        question={t(S.stampBlanksQuestion(blanks))}
        confirm={t(S.stampAnyway)}
        back={t(S.backToFilling)}
        onConfirm={() => void stamp()}
        onBack={() => setAskBlanks(false)}
      />

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

      {shown.length === 0 ? (
        <Text>{t(S.noFindings)}</Text>
      ) : (
        <section aria-labelledby={`${idPrefix}-all`}>
          <h3 id={`${idPrefix}-all`} className={styles.groupHeading}>
            {t(S.findingsInOrder(shown.length))}
          </h3>
          <ul className={styles.list}>
            {shown.map((f, i) => (
              <li key={`${f.ruleId}|${f.codes.join(",")}|${i}`}>
                <FindingButton finding={f} onSelect={() => void run(() => host.select(f.address))} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby={`${idPrefix}-previous`} className={styles.stamp}>
        <h3 id={`${idPrefix}-previous`} className={styles.groupHeading}>
          {t(S.previousHeading)}
        </h3>
        <Button disabled={previous?.kind === "reading"} onClick={() => previousInput.current?.click()}>
          {t(S.previousChoose)}
        </Button>
        <input
          ref={previousInput}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label={t(S.previousInput)}
          className={styles.hidden}
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            void comparePrevious(file, report);
          }}
        />
        {previous?.kind === "reading" && <Spinner size="tiny" label={t(S.previousReading(previous.file))} />}
        {previous?.kind === "done" && (
          <>
            <Text>
              {previous.findings.length === 0
                ? t(S.previousNone(t(previous.label), previous.file))
                : t(S.previousSome(t(previous.label), previous.file, previous.findings.length))}
            </Text>
            <ul className={mergeClasses(styles.list, styles.wide)}>
              {previous.findings.map((f, i) => (
                <li key={`${f.ruleId}|${f.codes[0]}|${i}`}>
                  <FindingButton finding={f} onSelect={() => void run(() => host.select(f.address))} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}

/** How a form retyped by hand was read (as `cchc check` prints it): the first note, the others on demand. */
function RetypedNotes({ notes }: { notes: readonly Message[] }) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  const [first, ...more] = notes;
  return (
    <section aria-labelledby={`${id}-retyped`} className={styles.notes}>
      <h3 id={`${id}-retyped`} className={styles.groupHeading}>
        {t(S.retypedHeading)}
      </h3>
      {first && <Text size={200}>{t(first)}</Text>}
      {more.length > 0 && (
        <details className={styles.moreNotes}>
          <summary>{t(S.retypedMoreNotes(more.length))}</summary>
          <ul className={styles.noteList}>
            {more.map((note, i) => (
              <li key={i}>{t(note)}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function FindingButton({ finding: f, onSelect }: { finding: LocatedFinding; onSelect: () => void }) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <button type="button" className={mergeClasses(styles.finding, styles[f.severity])} disabled={!f.address} onClick={onSelect}>
      <span className={styles.cell}>{`${t(SEVERITY_WORD[f.severity])} · ${f.cell}`}</span>
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

/** The form by province, year and title; the stored id only when this pane does not know the template. */
function templateText(report: ReportState, templates: TemplateRegistry): string {
  const summary = templates.summary(report.templateId);
  return summary ? formName(summary) : `${report.templateId} ${report.templateVersion}`;
}
