// What a merge did, in a pane 320–350 px wide: the counts, one compact card per received file (unit,
// status, errors and warnings, a summary or a retyped form said so, why it needs a look; the file, its
// stamp and how it was read on expand), completeness and timeliness against the roster, the units far
// from the others ("cần xem lại"), and the findings grouped per unit. The detail stays in the
// "Nguồn tổng hợp" sheet.
import { makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import { useId } from "react";
import { completenessLines } from "../../domain/merge/completeness";
import { Completeness, MergeResult, RejectedFile, SourceStatus, Submission } from "../../domain/merge/model";
import { Outlier } from "../../domain/merge/outliers";
import {
  fileCounts,
  fileCountsLine,
  KIND_LABELS,
  READ_AS_LABELS,
  SOURCE_STATUS_LABELS,
  STAMP_LABELS,
} from "../../domain/merge/summaryPlan";
import { Message } from "../../domain/messages";
import { formatIsoDate, formatVietnamTime } from "../../domain/period";
import { SEVERITY_LABELS } from "../../domain/rules/report";
import { TemplateRegistry } from "../../domain/template/registry";
import { Template } from "../../domain/template/schema";
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
  reason: { color: tokens.colorNeutralForeground1 },
  unitGroup: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    borderLeft: `4px solid ${tokens.colorPaletteDarkOrangeBorder2}`,
    paddingLeft: tokens.spacingHorizontalS,
  },
  unitGroupTitle: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  reviewList: {
    listStyleType: "none",
    margin: `${tokens.spacingVerticalXS} 0 0 0`,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    overflowWrap: "anywhere",
  },
  rowName: { display: "block", color: tokens.colorNeutralForeground2 },
});

type Tone = "bad" | "warn" | "ok";

interface Card {
  file: string;
  unit: string;
  status: Message;
  tone: Tone;
  errors?: number;
  warnings?: number;
  /** A summary, or a form retyped by hand: how it was read, beside the status (as the CLI puts it on the file's line) */
  how?: Message;
  /** Why it needs a look: shown without opening the card */
  reason?: Message;
  details: Message[];
}

/** "Bảng tổng hợp", "Biểu nhập lại…": what is not a unit's own Biểu mẫu CCHC report. */
function howRead(s: Pick<Submission, "kind" | "readAs">): Message | undefined {
  return s.readAs === "retyped" ? READ_AS_LABELS.retyped : s.kind === "summary" ? KIND_LABELS.summary : undefined;
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
        how: howRead(s),
        reason: s.reason,
        details: [STAMP_LABELS[s.stamp], ...(s.createdAt ? [S.savedAt(formatVietnamTime(s.createdAt))] : []), ...s.notes],
      }))
    : submissions.map((s) => ({
        file: s.file,
        unit: s.unitName,
        status: S.statusRead,
        tone: "warn" as const,
        errors: s.counts.error,
        warnings: s.counts.warning,
        how: howRead(s),
        reason: s.review,
        details: [STAMP_LABELS[s.stamp], ...s.notes],
      }));
  return [
    ...read,
    ...rejected.map((r) => ({
      file: r.file,
      unit: "",
      status: SOURCE_STATUS_LABELS.rejected,
      tone: "bad" as const,
      reason: r.reason,
      details: [],
    })),
  ];
}

export interface MergeResultsProps {
  /** Absent when the files could not be merged together (the panel says why) */
  result?: MergeResult;
  submissions: readonly Submission[];
  rejected: readonly RejectedFile[];
  /** To name the indicators of the units to review */
  templates: TemplateRegistry;
}

export function MergeResults({ result, submissions, rejected, templates }: MergeResultsProps) {
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
                    {c.how && <span>{t(c.how)}</span>}
                  </span>
                  {c.reason && <span className={styles.reason}>{t(c.reason)}</span>}
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

      {result?.review && result.review.length > 0 && (
        <ReviewList review={result.review} template={templates.has(result.templateId) ? templates.get(result.templateId) : undefined} />
      )}

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

/** Up to this many figures to review, every unit's group is open; more, and the units show as a list to open one by one. */
const REVIEW_OPEN = 6;

/**
 * "Cần xem lại": the units far from the others (or outside the template's plausible range), one group per
 * unit, as a clerk calls a unit once about all its figures; the units with the most first.
 */
function ReviewList({ review, template }: { review: readonly Outlier[]; template?: Template }) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  const indicators = new Map(template?.indicators.map((i) => [i.code, i]));
  const byUnit = new Map<string, Outlier[]>();
  for (const o of review) byUnit.set(o.unit, [...(byUnit.get(o.unit) ?? []), o]);
  const groups = [...byUnit].sort((a, b) => b[1].length - a[1].length);
  const rowName = (code: string) => {
    const ind = indicators.get(code);
    if (!ind) return code;
    return [ind.stt && ind.stt !== "Trong đó" && t(S.findingStt(ind.stt)), ind.name].filter(Boolean).join(" · ");
  };
  return (
    <section className={styles.section} aria-labelledby={`${id}-review`}>
      <h3 id={`${id}-review`} className={styles.heading}>
        {t(S.reviewHeading(review.length))}
      </h3>
      <Text size={200}>{t(S.reviewIntro)}</Text>
      {groups.map(([unit, outliers]) => (
        <details key={unit} className={styles.unitGroup} open={review.length <= REVIEW_OPEN}>
          <summary className={styles.unitGroupTitle}>{t(S.reviewUnit(unit, outliers.length))}</summary>
          <ul className={styles.reviewList}>
            {outliers.map((o) => (
              <li key={`${o.code}|${o.reason}`}>
                <span className={styles.rowName}>{rowName(o.code)}</span>
                {t(o.message)}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
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
