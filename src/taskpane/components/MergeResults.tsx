// What a merge did, in a pane 320–350 px wide: the counts, one compact card per received file (unit,
// status, errors and warnings; the file, its stamp, why it was left out and how it was read on
// expand), completeness and timeliness against the roster, and the findings grouped per unit. The
// detail stays in the "Nguồn tổng hợp" sheet.
import { makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import { useId } from "react";
import { completenessLines } from "../../domain/merge/completeness";
import { Completeness, MergeResult, RejectedFile, SourceStatus, Submission } from "../../domain/merge/model";
import { fileCounts, fileCountsLine, SOURCE_STATUS_LABELS, STAMP_LABELS } from "../../domain/merge/summaryPlan";
import { Message } from "../../domain/messages";
import { formatIsoDate, formatVietnamTime } from "../../domain/period";
import { SEVERITY_LABELS } from "../../domain/rules/report";
import { formatNumber } from "../../domain/values";
import { S, useI18n } from "../i18n";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  cards: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    maxHeight: "420px",
    overflowY: "auto",
  },
  card: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflowWrap: "anywhere",
  },
  // the status shows as the colour of the card's left edge too
  edgebad: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  edgewarn: { borderLeft: `4px solid ${tokens.colorPaletteDarkOrangeBorder2}` },
  edgeok: { borderLeft: `4px solid ${tokens.colorPaletteGreenBorder2}` },
  summary: {
    display: "flex",
    flexDirection: "column",
    gap: "2px",
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    cursor: "pointer",
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  unit: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300 },
  facts: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, color: tokens.colorNeutralForeground2 },
  details: {
    margin: 0,
    padding: `0 ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    whiteSpace: "pre-line",
  },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
  ok: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200 },
  th: { textAlign: "left", fontWeight: tokens.fontWeightRegular, padding: `2px ${tokens.spacingHorizontalXS}` },
  td: { textAlign: "right", padding: `2px ${tokens.spacingHorizontalXS}`, fontVariantNumeric: "tabular-nums" },
  rowLine: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}` },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    maxHeight: "240px",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflowWrap: "anywhere",
  },
  disclosure: { fontSize: tokens.fontSizeBase200, cursor: "pointer" },
});

type Tone = "bad" | "warn" | "ok";

interface Card {
  file: string;
  unit: string;
  status: Message;
  tone: Tone;
  errors?: number;
  warnings?: number;
  details: Message[];
}

const TONE: Record<SourceStatus | "rejected", Tone> = {
  merged: "ok",
  flagged: "warn",
  excluded: "bad",
  replaced: "warn",
  overlap: "warn",
  rejected: "bad",
};

/** One card per received file: the merge's sources, or (when the merge refused) what was read. */
function cardsOf(result: MergeResult | undefined, submissions: readonly Submission[], rejected: readonly RejectedFile[]): Card[] {
  const read: Card[] = result
    ? result.sources.map((s) => ({
        file: s.file,
        unit: s.unitName,
        status: SOURCE_STATUS_LABELS[s.status],
        tone: TONE[s.status],
        errors: s.counts.error,
        warnings: s.counts.warning,
        details: [
          STAMP_LABELS[s.stamp],
          ...(s.createdAt ? [S.savedAt(formatVietnamTime(s.createdAt))] : []),
          ...(s.reason ? [s.reason] : []),
          ...s.notes,
        ],
      }))
    : submissions.map((s) => ({
        file: s.file,
        unit: s.unitName,
        status: S.statusRead,
        tone: "warn" as const,
        errors: s.counts.error,
        warnings: s.counts.warning,
        details: [STAMP_LABELS[s.stamp], ...s.notes],
      }));
  return [
    ...read,
    ...rejected.map((r) => ({ file: r.file, unit: "", status: SOURCE_STATUS_LABELS.rejected, tone: "bad" as const, details: [r.reason] })),
  ];
}

export interface MergeResultsProps {
  /** Absent when the files could not be merged together (the panel says why) */
  result?: MergeResult;
  submissions: readonly Submission[];
  rejected: readonly RejectedFile[];
}

export function MergeResults({ result, submissions, rejected }: MergeResultsProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  const cards = cardsOf(result, submissions, rejected);
  const counts = result ? fileCounts(result.sources, rejected.length) : undefined;
  const byUnit = result?.findings.filter((f) => f.topic === "unit" || f.topic === "merge") ?? [];

  return (
    <>
      <section className={styles.section} aria-labelledby={`${id}-results`}>
        <h3 id={`${id}-results`} className={styles.heading}>
          {t(S.mergeResults)}
        </h3>
        {counts && <Text size={200}>{t(fileCountsLine(counts))}</Text>}
        {result && <Text size={200}>{t(S.mergeUnits(result.units.length))}</Text>}
        <ul className={styles.cards} aria-labelledby={`${id}-results`}>
          {cards.map((c, i) => (
            <li key={`${c.file}|${i}`} className={mergeClasses(styles.card, styles[`edge${c.tone}`])}>
              <details>
                <summary className={styles.summary}>
                  <span className={styles.unit}>{c.unit || c.file}</span>
                  <span className={styles.facts}>
                    <span className={styles[c.tone]}>{t(c.status)}</span>
                    {c.errors !== undefined && <span>{t(S.errorsWarnings(c.errors, c.warnings ?? 0))}</span>}
                  </span>
                </summary>
                <div className={styles.details}>
                  {c.unit && <span>{t(S.fileIs(c.file))}</span>}
                  {c.details.map((d, j) => (
                    <span key={j}>{t(d)}</span>
                  ))}
                </div>
              </details>
            </li>
          ))}
        </ul>
        {result && result.notMerged.length > 0 && <Text size={200}>{t(S.notMerged(result.notMerged.length))}</Text>}
      </section>

      {result?.roster && <CompletenessTable completeness={result.roster} />}

      {byUnit.length > 0 && (
        <section className={styles.section} aria-labelledby={`${id}-findings`}>
          <h3 id={`${id}-findings`} className={styles.heading}>
            {t(S.mergeFindings(byUnit.length))}
          </h3>
          <ul className={styles.list}>
            {byUnit.map((f, i) => (
              <li key={i}>
                <span className={f.severity === "error" ? styles.bad : f.severity === "warning" ? styles.warn : undefined}>
                  {t(SEVERITY_LABELS[f.severity])}
                </span>
                {`: ${t(f.message)}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Expected / received / on time / late / missing / with errors, as counts, shares and the units behind them. */
function CompletenessTable({ completeness: c }: { completeness: Completeness }) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  const lines = completenessLines(c);
  return (
    <section className={styles.section} aria-labelledby={`${id}-completeness`}>
      <h3 id={`${id}-completeness`} className={styles.heading}>
        {t(S.completeness(formatIsoDate(c.due)))}
      </h3>
      <table className={styles.table} aria-labelledby={`${id}-completeness`}>
        <thead>
          <tr className={styles.rowLine}>
            <th className={styles.th} scope="col">
              {t(S.colMeasure)}
            </th>
            <th className={styles.td} scope="col">
              {t(S.colUnits)}
            </th>
            <th className={styles.td} scope="col">
              {t(S.colShare)}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.key} className={styles.rowLine}>
              <th className={styles.th} scope="row">
                {t(l.label)}
              </th>
              <td className={styles.td}>{formatNumber(l.units.length)}</td>
              <td className={styles.td}>{l.percent === undefined ? "" : `${formatNumber(l.percent, 1)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {lines
        .filter((l) => l.key !== "expected" && l.key !== "received" && l.key !== "onTime" && l.units.length > 0)
        .map((l) => (
          <details key={l.key} className={styles.disclosure} open={l.key === "missing"}>
            <summary>{`${t(l.label)} (${formatNumber(l.units.length)})`}</summary>
            <ul className={styles.list}>
              {l.units.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
          </details>
        ))}
    </section>
  );
}
