// "Tổng hợp": choose or drop the units' .xlsx files (and, optionally, the roster of units expected to
// report), read them one at a time with a progress bar and a Cancel button, see what happened to each
// file, then write the summary into the open workbook. ExcelJS and the merge engine load only when a
// merge starts (a separate chunk), and the pane yields between files, so it stays responsive.
import {
  Button,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Switch,
  Text,
  tokens,
} from "@fluentui/react-components";
import { RosterFileInput } from "./RosterFileInput";
import { VISUALLY_HIDDEN } from "../visuallyHidden";
import { useEffect, useId, useReducer, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { fileCounts, fileCountsLine } from "../../domain/merge/summaryPlan";
import { TemplateRegistry } from "../../domain/template/registry";
import { ReplaceDialog } from "./ReplaceDialog";
import { errorMessage, S, useI18n } from "../i18n";
import { readChosenFiles } from "../readFiles";
import { ReportHost } from "../../host/reportHost";
import { currentOutcome, initialSession, mergeSession, Outcome } from "../mergeSession";
import { readRosterFile } from "../rosterFile";
import { MergeResults } from "./MergeResults";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  drop: {
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    textAlign: "center",
    minHeight: "72px",
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground2,
    cursor: "pointer",
    ":hover": { backgroundColor: tokens.colorNeutralBackground2Hover },
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: "2px" },
  },
  dropActive: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  disabled: { cursor: "default", opacity: "0.6" },
  field: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  invalid: { color: tokens.colorPaletteRedForeground1 },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  fileList: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    maxHeight: "200px",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  fileItem: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    padding: `0 0 0 ${tokens.spacingHorizontalS}`,
    fontSize: tokens.fontSizeBase200,
    ":not(:last-child)": { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}` },
  },
  fileName: { flex: 1, minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  hidden: VISUALLY_HIDDEN,
});

/** The reading step and the merge, loaded with ExcelJS on first use. */
type MergeModule = typeof import("../xlsxReader");

/** Lets the browser paint and handle clicks (Cancel) before the next file is read. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface MergePanelProps {
  host: ReportHost;
  templates: TemplateRegistry;
}

export function MergePanel({ host, templates }: MergePanelProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  const [state, dispatch] = useReducer(mergeSession<File>, undefined, initialSession<File>);
  const [dragging, setDragging] = useState(false);
  const [reportUnit, setReportUnit] = useState("");
  const module = useRef<MergeModule>(undefined);
  const abort = useRef<AbortController>(undefined);
  const filesInput = useRef<HTMLInputElement>(null);
  const rosterInput = useRef<HTMLInputElement>(null);
  const unitRef = useRef<HTMLInputElement>(null);
  const dropRef = useRef<HTMLDivElement>(null);
  const { files, roster, excludeFlagged, read, phase } = state;

  useEffect(() => host.subscribe((report) => setReportUnit(report.unitName)), [host]);
  // Closing the pane stops the reading.
  useEffect(() => () => abort.current?.abort(), []);

  // The merge follows the options (and files removed) without reading the files again.
  useEffect(() => {
    if (!read || !module.current) return;
    const merge = module.current.mergeReceived;
    // After a paint, so that "Đang tổng hợp…" shows while a long list merges.
    const timer = setTimeout(() => {
      const next: Outcome = { files: read, excludeFlagged, roster };
      try {
        next.merged = merge(templates, read.submissions, { excludeFlagged, roster: roster?.names, rejected: read.rejected });
      } catch (e) {
        next.failure = errorMessage(e);
      }
      dispatch({ type: "merged", outcome: next });
    });
    return () => clearTimeout(timer);
  }, [read, excludeFlagged, roster, templates]);

  const current = currentOutcome(state);
  const busy = phase.kind === "reading";
  const summaryUnit = (state.unitName ?? reportUnit).trim();

  function addFiles(list: FileList | null) {
    dispatch({ type: "add", files: Array.from(list ?? []) });
  }

  function removeFile(index: number) {
    dispatch({ type: "remove", index });
    // Focus stays in the list: on the next file's button, else on the drop zone.
    setTimeout(() => {
      const buttons = document.querySelectorAll<HTMLButtonElement>(`[data-remove="${id}"]`);
      (buttons[Math.min(index, buttons.length - 1)] ?? dropRef.current)?.focus();
    });
  }

  async function chooseRoster(file: File | undefined) {
    if (!file) return;
    try {
      dispatch({ type: "roster", roster: { file: file.name, names: await readRosterFile(file) } });
    } catch (e) {
      dispatch({ type: "rosterError", error: errorMessage(e) });
    }
  }

  async function start() {
    if (files.length === 0) {
      dispatch({ type: "needFiles" });
      dropRef.current?.focus();
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    const list = files;
    dispatch({ type: "reading", index: 0, total: list.length, file: list[0].name });
    try {
      // A separate chunk (the merge engine), fetched when the first merge starts; ExcelJS only for a form retyped by hand.
      module.current ??= await import(/* webpackChunkName: "merge" */ "../xlsxReader");
      const result = await readChosenFiles(list, templates, {
        signal: controller.signal,
        pause: nextTask,
        // Committed at once: every file shows in the progress label before it is read.
        onFile: (index, file) => flushSync(() => dispatch({ type: "reading", index, total: list.length, file })),
      });
      dispatch(result.cancelled ? { type: "cancelled", read: result.read, total: list.length } : { type: "read", files: result });
    } catch (e) {
      // webpack's error when the chunk cannot be fetched
      dispatch({ type: "failed", error: e instanceof Error && e.name === "ChunkLoadError" ? S.mergeLoadFailed : errorMessage(e) });
    }
  }

  function cancel() {
    dispatch({ type: "stop" });
    abort.current?.abort();
  }

  async function write(replace: boolean) {
    const merged = current?.merged;
    if (!current || !merged) return;
    if (summaryUnit === "") {
      dispatch({ type: "needUnit" });
      unitRef.current?.focus();
      return;
    }
    dispatch({ type: "writing" });
    try {
      const out = await host.writeSummary({
        result: merged.result,
        rejected: current.files.rejected,
        unitName: summaryUnit,
        level: merged.level,
        replace,
      });
      dispatch(
        out.status === "exists"
          ? { type: "askReplace", sheets: out.sheetNames }
          : { type: "written", sheets: out.sheetNames, notes: out.notes },
      );
    } catch (e) {
      dispatch({ type: "writeFailed", error: errorMessage(e) });
    }
  }

  const filesMissing = state.showValidation && files.length === 0;
  const writtenNow = state.written && state.written.for === current ? state.written : undefined;

  return (
    <div className={styles.panel}>
      <Text>{t(S.mergeIntro)}</Text>

      <div className={styles.field}>
        <Text weight="semibold">{t(S.mergeFilesInput)}</Text>
        <div
          ref={dropRef}
          role="button"
          tabIndex={busy ? -1 : 0}
          aria-disabled={busy}
          aria-describedby={filesMissing ? `${id}-files-missing` : undefined}
          className={mergeClasses(styles.drop, dragging && styles.dropActive, busy && styles.disabled)}
          onClick={() => !busy && filesInput.current?.click()}
          onKeyDown={(e) => {
            if (busy || (e.key !== "Enter" && e.key !== " ")) return;
            e.preventDefault();
            filesInput.current?.click();
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = busy ? "none" : "copy";
            setDragging(!busy);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            if (!busy) addFiles(e.dataTransfer.files);
          }}
        >
          {t(S.mergeDrop)}
        </div>
        {filesMissing && (
          <Text id={`${id}-files-missing`} size={200} className={styles.invalid}>
            {t(S.mergeFilesNeeded)}
          </Text>
        )}
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-label={t(S.mergeFilesInput)}
        className={styles.hidden}
        tabIndex={-1}
        disabled={busy}
        onChange={(e) => {
          addFiles(e.target.files);
          e.target.value = "";
        }}
      />
      {files.length > 0 && (
        <section className={styles.field} aria-labelledby={`${id}-chosen`}>
          <div className={styles.row}>
            <Text id={`${id}-chosen`} weight="semibold">
              {t(S.mergeFilesChosen(files.length))}
            </Text>
            <Button size="small" disabled={busy} onClick={() => dispatch({ type: "clear" })}>
              {t(S.mergeFilesClear)}
            </Button>
          </div>
          <ul className={styles.fileList} aria-labelledby={`${id}-chosen`}>
            {files.map((f, i) => (
              <li key={`${f.name}|${f.size}|${f.lastModified}`} className={styles.fileItem}>
                <span className={styles.fileName} title={f.name}>
                  {f.name}
                </span>
                <Button
                  size="small"
                  appearance="subtle"
                  disabled={busy}
                  data-remove={id}
                  aria-label={t(S.mergeFileRemove(f.name))}
                  onClick={() => removeFile(i)}
                >
                  {t(S.remove)}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <Field label={t(S.roster)} hint={t(S.rosterHint)} validationMessage={state.rosterError ? t(state.rosterError) : undefined}>
        <div className={styles.row}>
          {roster ? (
            <>
              <Text>{t(S.rosterLoaded(roster.file, roster.names.length))}</Text>
              <Button size="small" onClick={() => dispatch({ type: "removeRoster" })}>
                {t(S.rosterRemove)}
              </Button>
            </>
          ) : (
            <Button size="small" onClick={() => rosterInput.current?.click()}>
              {t(S.rosterChoose)}
            </Button>
          )}
        </div>
      </Field>
      <RosterFileInput ref={rosterInput} label={t(S.rosterInput)} onFile={(file) => void chooseRoster(file)} />

      <Switch
        checked={excludeFlagged}
        onChange={(_, d) => dispatch({ type: "excludeFlagged", value: d.checked })}
        label={t(S.excludeFlagged)}
      />

      <Field
        label={t(S.summaryUnit)}
        hint={t(S.summaryUnitHint)}
        validationMessage={state.showValidation && summaryUnit === "" && current?.merged ? t(S.summaryUnitRequired) : undefined}
      >
        <Input ref={unitRef} value={state.unitName ?? reportUnit} onChange={(_, d) => dispatch({ type: "unitName", value: d.value })} />
      </Field>

      {phase.kind === "reading" ? (
        <div className={styles.panel}>
          <Field label={t(state.stopping ? S.mergeStopping : S.mergeReading(phase.index + 1, phase.total, phase.file))}>
            <ProgressBar value={phase.index} max={phase.total} thickness="large" />
          </Field>
          <div>
            <Button onClick={cancel} disabled={state.stopping}>
              {t(S.cancel)}
            </Button>
          </div>
        </div>
      ) : (
        <div>
          <Button appearance={read ? "secondary" : "primary"} onClick={() => void start()}>
            {t(S.mergeStart)}
          </Button>
        </div>
      )}

      {phase.kind === "cancelled" && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t(S.mergeCancelled(phase.read, phase.total))}</MessageBarBody>
        </MessageBar>
      )}
      {read && !current && <Spinner size="tiny" label={t(S.mergeMerging(read.read))} />}
      {current?.failure && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t(current.failure)}</MessageBarBody>
        </MessageBar>
      )}
      {current && (
        <MergeResults
          result={current.merged?.result}
          submissions={current.files.submissions}
          rejected={current.files.rejected}
          templates={templates}
        />
      )}

      {state.error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t(state.error)}</MessageBarBody>
        </MessageBar>
      )}
      {current?.merged && (
        <div className={styles.row}>
          <Button appearance="primary" disabled={state.writing} onClick={() => void write(false)}>
            {t(S.writeSummary)}
          </Button>
          {state.writing && <Spinner size="tiny" label={t(S.writingSummary)} />}
        </div>
      )}
      {writtenNow && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{t(S.summaryWritten(writtenNow.sheets))}</MessageBarBody>
        </MessageBar>
      )}
      {writtenNow?.notes.map((note, i) => (
        <MessageBar key={i} intent="warning" layout="multiline">
          <MessageBarBody>{t(note)}</MessageBarBody>
        </MessageBar>
      ))}
      <div role="status" aria-live="polite" className={styles.hidden}>
        {current?.merged ? t(fileCountsLine(fileCounts(current.merged.result.sources, current.files.rejected.length))) : ""}
      </div>

      <ReplaceDialog
        question={state.askReplace ? S.replaceSummaryText(state.askReplace) : undefined}
        onReplace={() => {
          dispatch({ type: "closeReplace" });
          void write(true);
        }}
        onCancel={() => dispatch({ type: "closeReplace" })}
      />
    </div>
  );
}
