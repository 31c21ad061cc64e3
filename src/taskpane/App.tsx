// The task pane: header with the language switch, then "Biểu mẫu" (insert), "Kiểm tra" (live check)
// and, when the merge is wired in, "Tổng hợp". It reaches the workbook only through ReportHost.
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
  tokens,
} from "@fluentui/react-components";
import { VISUALLY_HIDDEN } from "./visuallyHidden";
import { createContext, lazy, ReactNode, Suspense, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from "react";
import { Lang, Message } from "../domain/messages";
import { TemplateRegistry } from "../domain/template/registry";
import { CheckPanel } from "./components/CheckPanel";
import { InsertPanel } from "./components/InsertPanel";
import { LanguageSwitch } from "./components/LanguageSwitch";
import type { MergePanelProps } from "./components/MergePanel";
import { errorMessage, I18n, I18nContext, rememberLang, S, storedLang, useI18n } from "./i18n";
import { ReportHost, ReportState } from "../host/reportHost";

export interface AppProps {
  host: ReportHost;
  templates: TemplateRegistry;
  /** Language when the user has not chosen one yet (their remembered choice wins); Vietnamese if absent. */
  initialLang?: Lang;
  /** The "Tổng hợp" tab's content; without it the tab is not shown. */
  merge?: ReactNode;
}

type TabId = "insert" | "check" | "merge";

/** Whether the tab this panel is in has been opened yet (panels stay mounted from the start). */
const TabOpened = createContext(true);

const MergePanel = lazy(() => import("./components/MergePanel").then((m) => ({ default: m.MergePanel })));

/**
 * The Tổng hợp tab's panel, its code loaded when the tab is first opened: the merge (its engine, the
 * summary writer, the file reader) is not part of the pane's first load. Mounted from the start, it
 * keeps the last report the host published, and gives it to the panel when it comes (the report's
 * unit fills in the summary's unit), as if the panel had been listening all along.
 */
export function LazyMergePanel(props: MergePanelProps) {
  const opened = useContext(TabOpened);
  const last = useRef<ReportState>(undefined);
  const { host } = props;
  useEffect(() => host.subscribe((state) => (last.current = state)), [host]);
  const late = useMemo<ReportHost>(
    () => ({
      open: () => host.open(),
      insert: (request) => host.insert(request),
      select: (address) => host.select(address),
      stampValidated: () => host.stampValidated(),
      writeSummary: (request) => host.writeSummary(request),
      subscribe: (listener) => {
        if (last.current) listener(last.current);
        return host.subscribe(listener);
      },
    }),
    [host],
  );
  if (!opened) return null;
  return (
    <Suspense fallback={<LoadingPanel />}>
      <MergePanel {...props} host={late} />
    </Suspense>
  );
}

function LoadingPanel() {
  const { t } = useI18n();
  return <Spinner size="small" label={t(S.loading)} />;
}

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    boxSizing: "border-box",
    width: "100%",
    minWidth: 0,
    padding: tokens.spacingHorizontalM,
  },
  header: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalS },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold },
  tabs: { flexWrap: "wrap" },
  visuallyHidden: VISUALLY_HIDDEN,
});

export function App({ host, templates, initialLang, merge }: AppProps) {
  const styles = useStyles();
  const [lang, setLangState] = useState<Lang>(() => storedLang() ?? initialLang ?? "vi");
  const i18n = useMemo<I18n>(
    () => ({
      lang,
      setLang: (l) => {
        rememberLang(l);
        setLangState(l);
      },
      t: (m: Message) => m[lang],
    }),
    [lang],
  );
  const { t } = i18n;
  const [tab, setTab] = useState<TabId>("insert");
  // Which tabs have been opened: a lazy panel (the merge) loads its code the first time.
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(() => new Set(["insert", "check"]));
  if (!opened.has(tab)) setOpened(new Set([...opened, tab]));
  const [report, setReport] = useState<ReportState>();
  const [opening, setOpening] = useState(true);
  const [openError, setOpenError] = useState<Message>();
  // What the last insert wants the user to know (e.g. print setup Excel 2019 leaves to them).
  const [notes, setNotes] = useState<Message[]>([]);
  const id = useId();
  // When a button sends the user to another tab, focus follows to that tab (the button is now hidden).
  const focusTab = useRef<TabId>(undefined);
  const switchTo = (next: TabId) => {
    focusTab.current = next;
    setTab(next);
  };
  useEffect(() => {
    if (focusTab.current !== tab) return;
    focusTab.current = undefined;
    document.getElementById(`${id}-tab-${tab}`)?.focus();
  }, [tab, id]);

  // Events may arrive out of order (open() answering after the first live update): keep the newest.
  const accept = useCallback((state: ReportState) => {
    setReport((prev) => (prev && prev.checkedAt > state.checkedAt ? prev : state));
  }, []);

  useEffect(() => {
    let live = true;
    const unsubscribe = host.subscribe((state) => {
      if (live) accept(state);
    });
    host
      .open()
      .then(
        (state) => {
          if (!live || !state) return;
          accept(state);
          setTab("check");
        },
        (e: unknown) => {
          if (live) setOpenError(errorMessage(e));
        },
      )
      .finally(() => {
        if (live) setOpening(false);
      });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [host, accept]);

  const tabs: { value: TabId; label: Message; content: ReactNode }[] = [
    {
      value: "insert",
      label: S.tabInsert,
      content: (
        <InsertPanel
          host={host}
          templates={templates}
          onInserted={(n) => {
            setNotes(n);
            switchTo("check");
          }}
        />
      ),
    },
    {
      value: "check",
      label: S.tabCheck,
      content: (
        <CheckPanel
          host={host}
          templates={templates}
          report={report}
          opening={opening}
          onReport={accept}
          onGoInsert={() => switchTo("insert")}
        />
      ),
    },
    ...(merge !== undefined ? [{ value: "merge" as const, label: S.tabMerge, content: merge }] : []),
  ];

  return (
    <I18nContext.Provider value={i18n}>
      <div className={styles.root} lang={lang}>
        <header className={styles.header}>
          <h1 className={styles.title}>{t(S.product)}</h1>
          <LanguageSwitch />
        </header>
        <TabList className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} aria-label={t(S.sections)}>
          {tabs.map((x) => (
            <Tab key={x.value} id={`${id}-tab-${x.value}`} value={x.value} aria-controls={`${id}-panel-${x.value}`}>
              {t(x.label)}
            </Tab>
          ))}
        </TabList>
        {[openError, report?.recheckError].map(
          (error, i) =>
            error && (
              <MessageBar key={i} intent="error" layout="multiline">
                <MessageBarBody>{t(error)}</MessageBarBody>
              </MessageBar>
            ),
        )}
        {notes.map((note, i) => (
          <MessageBar key={i} intent="warning" layout="multiline">
            <MessageBarBody>{t(note)}</MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => setNotes(notes.filter((_, j) => j !== i))}>
                {t(S.dismiss)}
              </Button>
            </MessageBarActions>
          </MessageBar>
        ))}
        {tabs.map((x) => (
          // Every panel stays mounted so the form keeps what was typed when the user switches tabs.
          <div
            key={x.value}
            role="tabpanel"
            id={`${id}-panel-${x.value}`}
            aria-labelledby={`${id}-tab-${x.value}`}
            hidden={tab !== x.value}
          >
            <TabOpened.Provider value={opened.has(x.value)}>{x.content}</TabOpened.Provider>
          </div>
        ))}
        <div role="status" aria-live="polite" className={styles.visuallyHidden}>
          {report ? t(S.liveCounts(report.counts.error, report.counts.warning, report.counts.info)) : ""}
        </div>
      </div>
    </I18nContext.Provider>
  );
}
