// What a merge did with each received file (status in words, its errors and warnings, its stamp,
// why it was left out), then the findings about the merge and who on the roster has not reported.
import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useId } from "react";
import { MergeResult, RejectedFile, Submission } from "../../domain/merge/model";
import { SOURCE_STATUS_LABELS, STAMP_LABELS } from "../../domain/merge/summaryPlan";
import { Message } from "../../domain/messages";
import { SEVERITY_LABELS } from "../../domain/rules/report";
import { formatNumber } from "../../domain/values";
import { S, useI18n } from "../i18n";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  // The table is wider than the pane: it scrolls sideways, as a sheet would.
  scroller: {
    overflowX: "auto",
    maxHeight: "420px",
    overflowY: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  // File and status first: what the pane shows before the user scrolls sideways.
  table: { minWidth: "880px", tableLayout: "fixed" },
  file: { width: "130px", overflowWrap: "anywhere" },
  unit: { width: "140px", overflowWrap: "anywhere" },
  status: { width: "120px" },
  number: { width: "64px", textAlign: "right" },
  stamp: { width: "110px" },
  reason: { width: "260px", whiteSpace: "pre-line", overflowWrap: "anywhere" },
  cell: { verticalAlign: "top", paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
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
});

interface Row {
  file: string;
  unit: string;
  status: Message;
  tone?: "bad" | "warn";
  errors?: number;
  warnings?: number;
  stamp?: Message;
  reason: Message[];
}

const TONE: Partial<Record<keyof typeof SOURCE_STATUS_LABELS, Row["tone"]>> = {
  flagged: "warn",
  excluded: "bad",
  replaced: "warn",
  overlap: "warn",
  rejected: "bad",
};

/** One row per received file: the merge's sources, or (when the merge refused) what was read. */
function rowsOf(result: MergeResult | undefined, submissions: readonly Submission[], rejected: readonly RejectedFile[]): Row[] {
  const read: Row[] = result
    ? result.sources.map((s) => ({
        file: s.file,
        unit: s.unitName,
        status: SOURCE_STATUS_LABELS[s.status],
        tone: TONE[s.status],
        errors: s.counts.error,
        warnings: s.counts.warning,
        stamp: STAMP_LABELS[s.stamp],
        reason: [...(s.reason ? [s.reason] : []), ...s.notes],
      }))
    : submissions.map((s) => ({
        file: s.file,
        unit: s.unitName,
        status: S.statusRead,
        errors: s.counts.error,
        warnings: s.counts.warning,
        stamp: STAMP_LABELS[s.stamp],
        reason: s.notes,
      }));
  return [...read, ...rejected.map((r) => ({ file: r.file, unit: "", status: SOURCE_STATUS_LABELS.rejected, tone: "bad" as const, reason: [r.reason] }))];
}

/** "200 tệp: 195 đã tổng hợp, 3 cần xem lại, 0 không tổng hợp, 2 không đọc được." */
export function countsLine(read: number, rejected: number, result?: MergeResult): Message {
  const count = (...statuses: string[]) => result?.sources.filter((s) => statuses.includes(s.status)).length ?? 0;
  return S.mergeCounts(read + rejected, count("merged"), count("flagged"), count("excluded", "replaced", "overlap"), rejected);
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
  const rows = rowsOf(result, submissions, rejected);
  const number = (v: number | undefined) => (v === undefined ? "" : formatNumber(v));

  return (
    <>
      <div className={styles.section}>
        <h3 id={`${id}-results`} className={styles.heading}>
          {t(S.mergeResults)}
        </h3>
        <Text size={200}>{t(countsLine(submissions.length, rejected.length, result))}</Text>
        {result && <Text size={200}>{t(S.mergeUnits(result.units.length))}</Text>}
        <div className={styles.scroller} role="region" aria-labelledby={`${id}-results`} tabIndex={0}>
          <Table size="extra-small" className={styles.table} aria-labelledby={`${id}-results`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.file}>{t(S.colFile)}</TableHeaderCell>
                <TableHeaderCell className={styles.status}>{t(S.colStatus)}</TableHeaderCell>
                <TableHeaderCell className={styles.number}>{t(S.colErrors)}</TableHeaderCell>
                <TableHeaderCell className={styles.number}>{t(S.colWarnings)}</TableHeaderCell>
                <TableHeaderCell className={styles.unit}>{t(S.colUnit)}</TableHeaderCell>
                <TableHeaderCell className={styles.stamp}>{t(S.colStamp)}</TableHeaderCell>
                <TableHeaderCell className={styles.reason}>{t(S.colReason)}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r, i) => (
                <TableRow key={`${r.file}|${i}`}>
                  <TableCell className={mergeClasses(styles.cell, styles.file)}>{r.file}</TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.status)}>
                    <span className={r.tone ? styles[r.tone] : undefined}>{t(r.status)}</span>
                  </TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.number)}>{number(r.errors)}</TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.number)}>{number(r.warnings)}</TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.unit)}>{r.unit}</TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.stamp)}>{r.stamp ? t(r.stamp) : ""}</TableCell>
                  <TableCell className={mergeClasses(styles.cell, styles.reason)}>{r.reason.map(t).join("\n")}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        {result && result.notMerged.length > 0 && <Text size={200}>{t(S.notMerged(result.notMerged.length))}</Text>}
      </div>

      {result && result.findings.length > 0 && (
        <section className={styles.section} aria-labelledby={`${id}-findings`}>
          <h3 id={`${id}-findings`} className={styles.heading}>
            {t(S.mergeFindings(result.findings.length))}
          </h3>
          <ul className={styles.list}>
            {result.findings.map((f, i) => (
              <li key={i}>
                <span className={f.severity === "error" ? styles.bad : f.severity === "warning" ? styles.warn : undefined}>{t(SEVERITY_LABELS[f.severity])}</span>
                {`: ${t(f.message)}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      {result?.roster && (
        <>
          <UnitList heading={S.rosterMissing(result.roster.missing.length)} units={result.roster.missing} />
          {result.roster.unexpected.length > 0 && <UnitList heading={S.rosterUnexpected(result.roster.unexpected.length)} units={result.roster.unexpected} />}
        </>
      )}
    </>
  );
}

function UnitList({ heading, units }: { heading: Message; units: string[] }) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h3 id={id} className={styles.heading}>
        {t(heading)}
      </h3>
      {units.length > 0 && (
        <ul className={styles.list}>
          {units.map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
