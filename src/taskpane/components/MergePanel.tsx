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
import { useEffect, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { parseRoster } from "../../domain/merge/units";
import { decodeTextFile, SAVE_ROSTER } from "../../domain/textFile";
import { Message, UserError } from "../../domain/messages";
import { TemplateRegistry } from "../../domain/template/registry";
import { ReplaceDialog } from "./ReplaceDialog";
import type { Merged, ReadFiles } from "../../xlsx/mergeFiles";
import { errorMessage, S, useI18n } from "../i18n";
import { ReportHost } from "../../host/reportHost";
import { countsLine, MergeResults } from "./MergeResults";

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
  // read by screen readers, not shown
  hidden: { position: "absolute", width: "1px", height: "1px", margin: "-1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

/** The reading step and the merge, loaded with ExcelJS on first use. */
type MergeModule = typeof import("../../xlsx/mergeFiles");

type Phase =
  | { kind: "idle" }
  | { kind: "reading"; index: number; total: number; file: string }
  | { kind: "cancelled"; read: number; total: number };

type Roster = { file: string; names: string[] };

interface Outcome {
  /** What it was computed from: a change of options recomputes it */
  files: ReadFiles;
  excludeFlagged: boolean;
  roster: Roster | undefined;
  merged?: Merged;
  failure?: Message;
}

function readWith<T>(start: (reader: FileReader) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as T);
    reader.onerror = () => reject(reader.error ?? new Error("FileReader"));
    start(reader);
  });
}

// FileReader rather than Blob.arrayBuffer(): the older Edge webview of Office 2019 lacks the latter.
const readBytes = async (file: Blob) => new Uint8Array(await readWith<ArrayBuffer>((r) => r.readAsArrayBuffer(file)));

/** Lets the browser paint and handle clicks (Cancel) before the next file is read. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const sameFile = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

export interface MergePanelProps {
  host: ReportHost;
  templates: TemplateRegistry;
}

export function MergePanel({ host, templates }: MergePanelProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const id = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [dragging, setDragging] = useState(false);
  const [roster, setRoster] = useState<Roster>();
  const [rosterError, setRosterError] = useState<Message>();
  const [excludeFlagged, setExcludeFlagged] = useState(false);
  // undefined until the user types: the open report's unit is the default.
  const [unitName, setUnitName] = useState<string>();
  const [reportUnit, setReportUnit] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [stopping, setStopping] = useState(false);
  const [read, setRead] = useState<{ files: ReadFiles; module: MergeModule }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<Message>();
  const [showValidation, setShowValidation] = useState(false);
  const [writing, setWriting] = useState(false);
  const [written, setWritten] = useState<{ for: Outcome; sheets: string[]; notes: Message[] }>();
  const [askReplace, setAskReplace] = useState<string[]>();
  const abort = useRef<AbortController>(undefined);
  const filesInput = useRef<HTMLInputElement>(null);
  const rosterInput = useRef<HTMLInputElement>(null);
  const unitRef = useRef<HTMLInputElement>(null);
  const dropRef = useRef<HTMLDivElement>(null);

  useEffect(() => host.subscribe((state) => setReportUnit(state.unitName)), [host]);
  // Closing the pane stops the reading.
  useEffect(() => () => abort.current?.abort(), []);

  // The merge follows the options without reading the files again.
  useEffect(() => {
    if (!read) return;
    // After a paint, so that "Đang tổng hợp…" shows while a long list merges.
    const timer = setTimeout(() => {
      const next: Outcome = { files: read.files, excludeFlagged, roster };
      try {
        next.merged = read.module.mergeReceived(templates, read.files.submissions, { excludeFlagged, roster: roster?.names, rejected: read.files.rejected });
      } catch (e) {
        next.failure = errorMessage(e);
      }
      setOutcome(next);
    });
    return () => clearTimeout(timer);
  }, [read, excludeFlagged, roster, templates]);

  const current = outcome && read && outcome.files === read.files && outcome.excludeFlagged === excludeFlagged && outcome.roster === roster ? outcome : undefined;
  const busy = phase.kind === "reading";
  const summaryUnit = (unitName ?? reportUnit).trim();

  function addFiles(list: FileList | null) {
    const added = Array.from(list ?? []);
    if (added.length === 0) return;
    setFiles((prev) => [...prev, ...added.filter((f) => !prev.some((p) => sameFile(p, f)))]);
    // The results were for the old list.
    setRead(undefined);
    setPhase({ kind: "idle" });
    setError(undefined);
  }

  function clearFiles() {
    setFiles([]);
    setRead(undefined);
    setPhase({ kind: "idle" });
    dropRef.current?.focus();
  }

  async function chooseRoster(file: File | undefined) {
    if (!file) return;
    setRosterError(undefined);
    try {
      // Whatever the roster was saved as (UTF-8 with or without BOM, UTF-16); a binary file is refused.
      const decoded = decodeTextFile(await readBytes(file), file.name, SAVE_ROSTER);
      if (!decoded.ok) throw new UserError(decoded.problem);
      const names = parseRoster(decoded.text);
      if (names.length === 0) {
        setRoster(undefined);
        setRosterError(S.rosterEmpty(file.name));
      } else setRoster({ file: file.name, names });
    } catch (e) {
      setRosterError(errorMessage(e));
    }
  }

  async function start() {
    if (files.length === 0) {
      setShowValidation(true);
      dropRef.current?.focus();
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    const list = files;
    setStopping(false);
    setError(undefined);
    setRead(undefined);
    setPhase({ kind: "reading", index: 0, total: list.length, file: list[0].name });
    try {
      // A separate chunk (ExcelJS is most of it), fetched when the first merge starts.
      const module: MergeModule = await import(/* webpackChunkName: "merge" */ "../../xlsx/mergeFiles");
      const result = await module.readReceivedFiles(
        list.map((f) => ({ name: f.name, size: f.size, modifiedAt: new Date(f.lastModified).toISOString(), read: () => readBytes(f) })),
        templates,
        {
          signal: controller.signal,
          pause: nextTask,
          // Committed at once: every file shows in the progress label before it is read.
          onFile: (index, file) => flushSync(() => setPhase({ kind: "reading", index, total: list.length, file })),
        },
      );
      if (result.cancelled) {
        setPhase({ kind: "cancelled", read: result.read, total: list.length });
        return;
      }
      setPhase({ kind: "idle" });
      setRead({ files: result, module });
    } catch (e) {
      setPhase({ kind: "idle" });
      // webpack's error when the chunk cannot be fetched
      setError(e instanceof Error && e.name === "ChunkLoadError" ? S.mergeLoadFailed : errorMessage(e));
    }
  }

  function cancel() {
    setStopping(true);
    abort.current?.abort();
  }

  async function write(replace: boolean) {
    const merged = current?.merged;
    if (!current || !merged) return;
    if (summaryUnit === "") {
      setShowValidation(true);
      unitRef.current?.focus();
      return;
    }
    setWriting(true);
    setError(undefined);
    try {
      const out = await host.writeSummary({
        result: merged.result,
        rejected: current.files.rejected,
        unitName: summaryUnit,
        level: merged.level,
        replace,
      });
      if (out.status === "exists") setAskReplace(out.sheetNames);
      else setWritten({ for: current, sheets: out.sheetNames, notes: out.notes });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setWriting(false);
    }
  }

  const filesMissing = showValidation && files.length === 0;
  const writtenNow = written && written.for === current ? written : undefined;

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
        <div className={styles.row}>
          <Text weight="semibold">{t(S.mergeFilesChosen(files.length))}</Text>
          <Button size="small" disabled={busy} onClick={clearFiles}>
            {t(S.mergeFilesClear)}
          </Button>
        </div>
      )}

      <Field label={t(S.roster)} hint={t(S.rosterHint)} validationMessage={rosterError ? t(rosterError) : undefined}>
        <div className={styles.row}>
          {roster ? (
            <>
              <Text>{t(S.rosterLoaded(roster.file, roster.names.length))}</Text>
              <Button size="small" onClick={() => setRoster(undefined)}>
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
      <input
        ref={rosterInput}
        type="file"
        accept=".txt,.csv,text/plain,text/csv"
        aria-label={t(S.rosterInput)}
        className={styles.hidden}
        tabIndex={-1}
        onChange={(e) => {
          void chooseRoster(e.target.files?.[0]);
          e.target.value = "";
        }}
      />

      <Switch checked={excludeFlagged} onChange={(_, d) => setExcludeFlagged(d.checked)} label={t(S.excludeFlagged)} />

      <Field
        label={t(S.summaryUnit)}
        hint={t(S.summaryUnitHint)}
        validationMessage={showValidation && summaryUnit === "" && current?.merged ? t(S.summaryUnitRequired) : undefined}
      >
        <Input ref={unitRef} value={unitName ?? reportUnit} onChange={(_, d) => setUnitName(d.value)} />
      </Field>

      {phase.kind === "reading" ? (
        <div className={styles.panel}>
          <Field label={t(stopping ? S.mergeStopping : S.mergeReading(phase.index + 1, phase.total, phase.file))}>
            <ProgressBar value={phase.index} max={phase.total} thickness="large" />
          </Field>
          <div>
            <Button onClick={cancel} disabled={stopping}>
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
      {read && !current && <Spinner size="tiny" label={t(S.mergeMerging(read.files.read))} />}
      {current?.failure && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t(current.failure)}</MessageBarBody>
        </MessageBar>
      )}
      {current && (
        <MergeResults result={current.merged?.result} submissions={current.files.submissions} rejected={current.files.rejected} />
      )}

      {error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{t(error)}</MessageBarBody>
        </MessageBar>
      )}
      {current?.merged && (
        <div className={styles.row}>
          <Button appearance="primary" disabled={writing} onClick={() => void write(false)}>
            {t(S.writeSummary)}
          </Button>
          {writing && <Spinner size="tiny" label={t(S.writingSummary)} />}
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
        {current?.merged ? t(countsLine(current.files.submissions.length, current.files.rejected.length, current.merged.result)) : ""}
      </div>

      <ReplaceDialog
        question={askReplace ? S.replaceSummaryText(askReplace) : undefined}
        onReplace={() => {
          setAskReplace(undefined);
          void write(true);
        }}
        onCancel={() => setAskReplace(undefined)}
      />
    </div>
  );
}
